#pragma once
// The tracer: spans, instants and counters from every thread, written as a Chrome/Perfetto trace-event JSON
// file (`--trace FILE.json`; opens in ui.perfetto.dev and chrome://tracing). Knows nothing of Vulkan: GPU
// passes arrive as spans already converted to CPU time (render/frame_scheduler.cpp) on a "GPU" track.
//
// Off by default. While off, TS_TRACE_SCOPE costs one relaxed atomic load and a predictable branch; nothing
// is allocated or locked. While on, each thread appends to its own buffer (thread_local, registered under a
// lock once per thread), so recording takes no lock either.
//
// Times are steady_clock nanoseconds (CLOCK_MONOTONIC on Linux, the domain VK_EXT_calibrated_timestamps
// calibrates against). Names and argument names are stored by pointer: string literals or intern()ed text.
//
// Thread contract: start(), stop() and write() are called from one thread while no other thread records
// (before a run's jobs start, after they have joined: the job system's join orders the buffers' writes
// before the read). Everything else may be called from any thread.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

namespace tessera::trace {

namespace detail {
inline std::atomic<bool> enabled{false};
}  // namespace detail

inline bool enabled() noexcept {
    return detail::enabled.load(std::memory_order_relaxed);
}

inline int64_t now_ns() noexcept {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

// Where an event is drawn: the recording thread's own track, or the GPU's (a separate "GPU" process with
// one "queue" thread, so Perfetto shows it apart from the CPU threads).
enum class Track : uint8_t { thread, gpu };

void start();  // forgets earlier events and turns recording on
void stop();   // turns recording off; the events stay until the next start()
// The events recorded so far, as {"traceEvents": [...]}: metadata (process and thread names) first, then each
// thread's events in the order they were recorded.
std::string to_json();
// to_json() through base/atomic_file: complete or absent. Throws Error naming the path on failure.
void write(const std::filesystem::path& path);
// Events recorded since start(), over every thread.
size_t event_count();

// Names the calling thread's track. A thread that records without a name is called "worker N" (N counting
// from 1 in the order threads first record).
void set_thread_name(const char* name);

// A span [begin_ns, end_ns] with an optional integer argument ("X" event).
void complete(const char* name, int64_t begin_ns, int64_t end_ns, const char* arg_name = nullptr,
              int64_t arg = 0, Track track = Track::thread);
void instant(const char* name, const char* arg_name = nullptr, int64_t arg = 0);  // "i" event, thread scope
// A counter sample ("C" event): `series` names the line within the counter ("value" when null).
void counter(const char* name, double value, const char* series = nullptr, int64_t at_ns = -1);

// The name of the innermost open Scope on the calling thread (nullptr when none, or tracing is off): the job
// system names the chunks of a parallel loop after the scope that started it.
const char* current_scope() noexcept;

namespace detail {
extern thread_local constinit const char* current;
}  // namespace detail

// An RAII span on the calling thread's track. Records nothing unless tracing was on when it began.
class Scope {
public:
    explicit Scope(const char* name, const char* arg_name = nullptr, int64_t arg = 0) noexcept
        : name_(name), arg_name_(arg_name), arg_(arg), begin_(enabled() ? now_ns() : -1) {
        if (begin_ >= 0) {
            parent_ = detail::current;
            detail::current = name;
        }
    }
    ~Scope() {
        if (begin_ < 0) return;
        detail::current = parent_;
        complete(name_, begin_, now_ns(), arg_name_, arg_);
    }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

private:
    const char* name_;
    const char* arg_name_;
    int64_t arg_;
    int64_t begin_;
    const char* parent_ = nullptr;
};

}  // namespace tessera::trace

#define TS_TRACE_CONCAT_INNER(a, b) a##b
#define TS_TRACE_CONCAT(a, b) TS_TRACE_CONCAT_INNER(a, b)
// TS_TRACE_SCOPE("name") or TS_TRACE_SCOPE("name", "arg", value): a span until the end of the block.
#define TS_TRACE_SCOPE(...) \
    const ::tessera::trace::Scope TS_TRACE_CONCAT(ts_trace_scope_, __LINE__)(__VA_ARGS__)
