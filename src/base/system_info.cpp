#include "base/system_info.h"

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <fstream>
#include <thread>

namespace tessera {

std::string cpu_model() {
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string line;
    while (std::getline(cpuinfo, line)) {
        if (line.rfind("model name", 0) == 0) {
            const size_t colon = line.find(':');
            if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
        }
    }
    return "unknown";
}

unsigned logical_cores() {
    return std::max(1u, std::thread::hardware_concurrency());
}

std::string utc_timestamp() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

ProcessMemory process_memory() {
    ProcessMemory m;
    std::ifstream statm("/proc/self/statm");
    uint64_t pages = 0, resident = 0;
    if (statm >> pages >> resident)
        m.resident_bytes = resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
    const struct mallinfo2 info = mallinfo2();
    m.heap_in_use_bytes = info.uordblks + info.hblkhd;
    return m;
}

void release_free_memory() {
    malloc_trim(0);
}

std::optional<uint64_t> thread_core_wait_ns(int tid) {
    // "/proc/self/task/<tid>/schedstat": time on a core, time waiting on a run queue, time slices.
    std::ifstream file("/proc/self/task/" + std::to_string(tid) + "/schedstat");
    uint64_t on_core = 0, waiting = 0;
    if (!(file >> on_core >> waiting)) return std::nullopt;
    return waiting;
}

int current_thread_id() {
    return static_cast<int>(gettid());
}

}  // namespace tessera
