#pragma once
// The job system: a facade over one oneTBB task arena, so that every parallel loop in Tessera runs on the
// same, configured number of threads and nothing else spawns threads of its own.
//
// Concurrency N counts the calling thread: N = 1 runs everything on the caller. N may exceed the core count
// (the threads then share cores). Calls may come from any thread;
// parallel_for blocks the caller until every chunk has run (the caller works on chunks meanwhile).

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <cstddef>
#include <memory>

namespace tessera {

class JobSystem {
public:
    // concurrency 0 means "cores - 1" (at least 1), leaving a core for the driver's own threads.
    explicit JobSystem(unsigned concurrency = 0);

    unsigned concurrency() const { return concurrency_; }

    // Runs body(begin, end) over [0, count) in chunks of at least `grain` items.
    template <typename Body>
    void parallel_for(std::size_t count, std::size_t grain, Body&& body) {
        if (count == 0) return;
        if (concurrency_ == 1 || count <= grain) {
            body(std::size_t{0}, count);
            return;
        }
        arena_->execute([&] {
            tbb::parallel_for(tbb::blocked_range<std::size_t>(0, count, grain),
                              [&](const tbb::blocked_range<std::size_t>& r) { body(r.begin(), r.end()); });
        });
    }

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
    unsigned concurrency_;
    std::unique_ptr<tbb::task_arena> arena_;
};

}  // namespace tessera
