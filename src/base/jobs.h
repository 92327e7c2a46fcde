#pragma once
// The job system: a facade over one oneTBB task arena, so that every parallel loop in Tessera runs on the
// same, configured number of threads and nothing else spawns threads of its own.
//
// Concurrency N counts the calling thread: N = 1 runs everything on the caller. N may exceed the core count
// (the threads then share cores). Calls may come from any thread;
// parallel_for blocks the caller until every chunk has run (the caller works on chunks meanwhile).
//
// Load: the job system keeps each thread slot's busy time, the time it spent in jobs (parallel_for's chunks and
// whatever a Job brackets, such as an ECS system), not in waiting for others. The difference of two
// busy_ns() snapshots is the load of the work between them (ThreadLoad). With tracing on (base/trace.h),
// every job is also a span on its thread's track, a chunk named after the scope that started its loop.

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/partitioner.h>
#include <tbb/task_arena.h>

#include "base/trace.h"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>
#include <vector>

#if defined(__SANITIZE_THREAD__)
#define TESSERA_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define TESSERA_TSAN 1
#endif
#endif
#ifdef TESSERA_TSAN
#include <sanitizer/tsan_interface.h>
#endif

namespace tessera {

namespace detail {
// oneTBB hands tasks to its workers and learns that they finished inside libtbb, which ThreadSanitizer does not
// see: to it, a worker's writes in a chunk and the caller's reads after the loop would race. These state the
// loop's two edges to it (the caller's writes before the loop happen before every chunk; every chunk happens
// before the caller goes on), each through a sync object of its own, so that chunks still do not order each
// other. They compile to nothing without ThreadSanitizer.
inline void tsan_release([[maybe_unused]] void* sync) {
#ifdef TESSERA_TSAN
    __tsan_release(sync);
#endif
}
inline void tsan_acquire([[maybe_unused]] void* sync) {
#ifdef TESSERA_TSAN
    __tsan_acquire(sync);
#endif
}
}  // namespace detail

// Per-thread busy time over some work, and how evenly it was spread.
struct ThreadLoad {
    std::vector<double> busy_ms;  // per thread slot; 0 is the thread that called in (the main thread)
    double wall_ms = 0;           // the work's wall time, where the caller measured it
    double mean_ms() const;
    double max_ms() const;
    // Slowest thread / mean over all slots: 1 is perfect balance, N means one thread of N did everything.
    // 0 when nothing was busy.
    double imbalance() const;
};

// Per-frame loads summed over frames: the mean busy time per thread, and the per-frame imbalance's mean and
// distribution. The distribution separates the frames in which the OS took a worker away (a preempted worker's
// job counts the preemption as busy time) from an uneven split of the work, which shows in every frame. Memory
// stays constant however long the run: a histogram of kImbalanceBins steps of 0.01 from 1.
struct LoadStats {
    static constexpr size_t kImbalanceBins = 1600;  // 1.00 to 16.99; larger ones land in the last bin
    std::vector<double> busy_ms_sum;
    double wall_ms_sum = 0;
    double imbalance_sum = 0;
    std::vector<uint64_t> imbalance_bins;  // frame counts per 0.01 of imbalance from 1 (empty until add)
    uint64_t frames = 0;
    void add(const ThreadLoad& load);
    std::vector<double> mean_busy_ms() const;
    double mean_imbalance() const { return frames ? imbalance_sum / double(frames) : 0.0; }
    // The per-frame imbalance at `fraction` (0.5: the median frame) of the frames, to 0.01; 0 without frames.
    double imbalance_percentile(double fraction) const;
    double mean_wall_ms() const { return frames ? wall_ms_sum / double(frames) : 0.0; }
};

class JobSystem {
public:
    // concurrency 0 means "cores - 1" (at least 1), leaving a core for the driver's own threads.
    explicit JobSystem(unsigned concurrency = 0);

    unsigned concurrency() const { return concurrency_; }

    // How parallel_for cuts its range. adaptive: TBB decides (chunks of at least `grain`, fewer and larger when
    // threads are busy); exact: chunks of at most `grain`, taken one by one (tbb::simple_partitioner), for
    // loops whose items cost unevenly, where the last chunks must even out the threads' loads.
    enum class Split { adaptive, exact };

    // Runs body(begin, end) over [0, count) in chunks of `grain` items (see Split).
    template <typename Body>
    void parallel_for(std::size_t count, std::size_t grain, Body&& body, Split split = Split::adaptive) {
        release_assembly();
        if (count == 0) return;
        const char* name = trace::current_scope();
        if (concurrency_ == 1 || count <= grain) {
            const Job job(*this, name, count);
            body(std::size_t{0}, count);
            return;
        }
        const Wait wait;
        char before = 0, after = 0;  // ThreadSanitizer's sync objects for this loop (detail::tsan_release)
        detail::tsan_release(&before);
        const auto chunk = [&](const tbb::blocked_range<std::size_t>& r) {
            detail::tsan_acquire(&before);
            {
                const Job job(*this, name, r.size());
                body(r.begin(), r.end());
            }
            detail::tsan_release(&after);
        };
        const tbb::blocked_range<std::size_t> range(0, count, grain);
        arena_->execute([&] {
            if (split == Split::exact)
                tbb::parallel_for(range, chunk, tbb::simple_partitioner());
            else
                tbb::parallel_for(range, chunk);
        });
        detail::tsan_acquire(&after);
    }

    // Marks the calling thread busy until destroyed (nested jobs count once) and, with tracing on, is a span
    // named `name` (or "job") with an "items" argument unless `items` is 0.
    class Job {
    public:
        Job(JobSystem& jobs, const char* name, std::size_t items) noexcept;
        ~Job();
        Job(const Job&) = delete;
        Job& operator=(const Job&) = delete;

    private:
        trace::Scope span_;
    };
    // Pauses the calling thread's busy mark while it waits for other threads (parallel_for does this around
    // its loop, so only the chunks the caller runs itself count).
    class Wait {
    public:
        Wait() noexcept;
        ~Wait();
        Wait(const Wait&) = delete;
        Wait& operator=(const Wait&) = delete;

    private:
        JobSystem* jobs_;
        int depth_;
    };

    // Wakes every worker and keeps it spinning until the next parallel_for starts (at most kAssemblyHold), so that
    // the loop begins on all threads at once: otherwise the caller starts alone and sleeping workers join one
    // after another as they wake (tens of microseconds each), and a short loop ends with the caller having done
    // far more than its share. For short loops whose threads should finish together (the cpu mode's
    // recording); the workers' spinning is not counted as busy.
    //
    // call_up() only wakes them and returns at once: call it as early as the caller knows the loop will come,
    // so that the wake-ups overlap the caller's own work. It releases the workers of an earlier call-up first,
    // so that they take the new one's tasks at once. assemble() calls them up unless a call-up is still
    // pending (no parallel_for since, and younger than half the hold), then returns true once every worker
    // spins, or false after `wait`. Both are no-ops (assemble true) at concurrency 1.
    void call_up();
    bool assemble(std::chrono::microseconds wait = std::chrono::microseconds(500));

    // How long the threads that have run this system's jobs (the workers and the callers) were ready to run but
    // waited for a core (base/system_info.h): a snapshot per thread, since each started. core_wait_ms_since
    // sums the growth since an earlier snapshot over the threads in both; nullopt where no thread is in both
    // (none had run a job at `before`, or the kernel does not say). It shows whether other work took the
    // cores: a job preempted in the middle counts the preemption as busy time, and its loop waits for it.
    using CoreWait = std::vector<std::pair<int, uint64_t>>;  // kernel thread id, ns
    CoreWait core_wait() const;
    static std::optional<double> core_wait_ms_since(const CoreWait& before, const CoreWait& now);

    // Busy nanoseconds per thread slot since construction. Read it when no job runs (between stages).
    std::vector<uint64_t> busy_ns() const;
    // The load of the work done since `before` (a busy_ns() snapshot).
    ThreadLoad load_since(const std::vector<uint64_t>& before) const;

    // Runs f inside the arena (for TBB algorithms other than parallel_for, e.g. task_group).
    template <typename F>
    void execute(F&& f) {
        arena_->execute(std::forward<F>(f));
    }

    // Index of the calling thread within the arena, in [0, concurrency()); the caller outside any job is 0.
    // Stable for the duration of a job: use it to pick per-thread scratch (command pools, counters).
    unsigned thread_index() const;

    static unsigned hardware_threads();

private:
    static constexpr std::chrono::milliseconds kAssemblyHold{2};

    void add_busy(int64_t ns);
    void note_thread();  // the calling thread runs a job: remember its id (core_wait) once
    void release_assembly() {
        const uint64_t generation = assembly_->generation.load(std::memory_order_relaxed);
        if (assembly_->released.load(std::memory_order_relaxed) != generation)
            assembly_->released.store(generation, std::memory_order_release);
    }

    // The call-ups' state: the newest call-up, the newest released, when the newest was made, and the workers
    // that have arrived for it (the call-up's generation in the high bits, their count in the low 16).
    struct Assembly {
        std::atomic<uint64_t> generation{0};
        std::atomic<uint64_t> released{0};
        std::atomic<int64_t> called_ns{0};
        std::atomic<uint64_t> arrival{0};
    };
    struct alignas(64) BusyCounter {
        std::atomic<uint64_t> ns{0};
    };
    unsigned concurrency_;
    uint64_t id_;  // unique per JobSystem in the process: which systems a thread has been noted by
    std::unique_ptr<tbb::task_arena> arena_;
    mutable std::mutex threads_mutex_;
    std::vector<int> threads_;             // kernel ids of the threads that ran a job
    std::unique_ptr<BusyCounter[]> busy_;  // per thread slot
    std::unique_ptr<Assembly> assembly_ = std::make_unique<Assembly>();
};

}  // namespace tessera
