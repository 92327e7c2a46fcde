#pragma once
// Facts about the machine for reports: CPU model, logical cores, the current UTC date and time.

#include <cstdint>
#include <optional>
#include <string>

namespace tessera {

std::string cpu_model();  // from /proc/cpuinfo; "unknown" if unreadable
unsigned logical_cores();
std::string utc_timestamp();  // ISO 8601, e.g. 2026-11-26T16:05:00Z

// This process's memory: resident set (/proc/self/statm) and the bytes malloc has handed out and not yet had
// back (glibc's mallinfo2, every arena, mmapped blocks included). The two differ by what the allocator keeps
// for reuse and by non-heap mappings (the driver's). 0 where unknown.
struct ProcessMemory {
    uint64_t resident_bytes = 0;
    uint64_t heap_in_use_bytes = 0;
};
ProcessMemory process_memory();
// How long thread `tid` of this process has been ready to run but waiting for a core (Linux schedstat's
// run_delay: preempted, or woken while every core was busy), in ns since it started; nullopt where the kernel
// does not say (no /proc, or schedstats compiled out).
std::optional<uint64_t> thread_core_wait_ns(int tid);
// The calling thread's kernel id (gettid).
int current_thread_id();
// Returns the allocator's free pages to the system (glibc malloc_trim), every arena. For long runs, about once
// a second; it costs well under a millisecond.
void release_free_memory();

}  // namespace tessera
