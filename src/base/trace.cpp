#include "base/trace.h"

#include "base/atomic_file.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <memory>
#include <mutex>
#include <vector>

namespace tessera::trace {

thread_local constinit const char* detail::current = nullptr;

namespace {

struct Event {
    const char* name;
    const char* arg_name;  // "X"/"i": the argument's name; "C": the series' name
    int64_t ts_ns;
    int64_t dur_ns;
    double value;  // "X"/"i": the argument (an integer); "C": the sample
    char phase;
    Track track;
};

struct ThreadBuffer {
    std::vector<Event> events;
    const char* name = nullptr;
    uint32_t tid = 0;  // 1, 2, ... in order of registration
};

// Every thread's buffer, kept for the life of the program: a buffer outlives its thread, so a trace can still
// be written after a pool's threads have exited.
struct Registry {
    std::mutex mutex;
    std::vector<std::unique_ptr<ThreadBuffer>> buffers;
    int64_t start_ns = 0;
};

Registry& registry() {
    static Registry r;
    return r;
}

thread_local ThreadBuffer* local = nullptr;

ThreadBuffer& buffer() {
    if (!local) {
        Registry& r = registry();
        std::lock_guard lock(r.mutex);
        auto b = std::make_unique<ThreadBuffer>();
        b->tid = static_cast<uint32_t>(r.buffers.size()) + 1;
        b->events.reserve(4096);
        local = b.get();
        r.buffers.push_back(std::move(b));
    }
    return *local;
}

constexpr int kCpuPid = 1, kGpuPid = 2, kGpuTid = 1;

void append_string(std::string& out, const char* text) {
    out += '"';
    for (const char* c = text; *c; ++c) {
        const auto u = static_cast<unsigned char>(*c);
        if (u == '"' || u == '\\') {
            out += '\\';
            out += *c;
        } else if (u < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", u);
            out += escaped;
        } else {
            out += *c;
        }
    }
    out += '"';
}

void append_micros(std::string& out, int64_t ns) {
    char text[32];
    std::snprintf(text, sizeof text, "%" PRId64 ".%03d", ns / 1000, static_cast<int>(ns % 1000));
    out += text;
}

void append_metadata(std::string& out, const char* what, int pid, uint32_t tid, const char* name) {
    out += "{\"name\":\"";
    out += what;
    out += "\",\"ph\":\"M\",\"ts\":0,\"pid\":" + std::to_string(pid) + ",\"tid\":" + std::to_string(tid) +
           ",\"args\":{\"name\":";
    append_string(out, name);
    out += "}},\n";
}

void append_event(std::string& out, const Event& e, uint32_t tid, int64_t start_ns) {
    const bool gpu = e.track == Track::gpu;
    out += "{\"name\":";
    append_string(out, e.name);
    out += ",\"ph\":\"";
    out += e.phase;
    out += "\",\"ts\":";
    append_micros(out, std::max<int64_t>(e.ts_ns - start_ns, 0));
    out += ",\"pid\":" + std::to_string(gpu ? kGpuPid : kCpuPid) +
           ",\"tid\":" + std::to_string(gpu ? kGpuTid : tid);
    if (e.phase == 'X') {
        out += ",\"dur\":";
        append_micros(out, std::max<int64_t>(e.dur_ns, 0));
    }
    if (e.phase == 'i') out += ",\"s\":\"t\"";
    if (e.phase == 'C') {
        char value[40];
        std::snprintf(value, sizeof value, "%.6g", e.value);
        out += ",\"args\":{";
        append_string(out, e.arg_name ? e.arg_name : "value");
        out += ':';
        out += value;
        out += '}';
    } else if (e.arg_name) {
        out += ",\"args\":{";
        append_string(out, e.arg_name);
        out += ':' + std::to_string(static_cast<int64_t>(e.value)) + '}';
    }
    out += "},\n";
}

void record(const Event& e) {
    buffer().events.push_back(e);
}

}  // namespace

void start() {
    Registry& r = registry();
    {
        std::lock_guard lock(r.mutex);
        for (auto& b : r.buffers) b->events.clear();
        r.start_ns = now_ns();
    }
    detail::enabled.store(true, std::memory_order_relaxed);
}

void stop() {
    detail::enabled.store(false, std::memory_order_relaxed);
}

size_t event_count() {
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    size_t n = 0;
    for (const auto& b : r.buffers) n += b->events.size();
    return n;
}

void set_thread_name(const char* name) {
    buffer().name = name;
}

const char* current_scope() noexcept {
    return enabled() ? detail::current : nullptr;
}

void complete(const char* name, int64_t begin_ns, int64_t end_ns, const char* arg_name, int64_t arg,
              Track track) {
    if (!enabled()) return;
    record({name, arg_name, begin_ns, end_ns - begin_ns, static_cast<double>(arg), 'X', track});
}

void instant(const char* name, const char* arg_name, int64_t arg) {
    if (!enabled()) return;
    record({name, arg_name, now_ns(), 0, static_cast<double>(arg), 'i', Track::thread});
}

void counter(const char* name, double value, const char* series, int64_t at_ns) {
    if (!enabled()) return;
    record({name, series, at_ns >= 0 ? at_ns : now_ns(), 0, value, 'C', Track::thread});
}

std::string to_json() {
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    std::string out = "{\"displayTimeUnit\":\"ms\",\"traceEvents\":[\n";
    append_metadata(out, "process_name", kCpuPid, 0, "tessera (CPU)");
    append_metadata(out, "process_name", kGpuPid, 0, "GPU");
    append_metadata(out, "thread_name", kGpuPid, kGpuTid, "queue (timestamps)");
    unsigned workers = 0;
    for (const auto& b : r.buffers) {
        if (b->events.empty()) continue;
        std::string worker;
        if (!b->name) worker = "worker " + std::to_string(++workers);
        append_metadata(out, "thread_name", kCpuPid, b->tid, b->name ? b->name : worker.c_str());
    }
    for (const auto& b : r.buffers)
        for (const Event& e : b->events) append_event(out, e, b->tid, r.start_ns);
    if (out.ends_with(",\n")) out.resize(out.size() - 2);
    out += "\n]}\n";
    return out;
}

void write(const std::filesystem::path& path) {
    write_file_atomically(path, to_json());
}

}  // namespace tessera::trace
