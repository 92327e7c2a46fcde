#include "base/jobs.h"

#include <tbb/global_control.h>
#include <tbb/info.h>

#include <algorithm>
#include <thread>

namespace tessera {

unsigned JobSystem::hardware_threads() {
    return std::max(1u, std::thread::hardware_concurrency());
}

namespace {

// oneTBB caps its worker pool at the core count; asking for more threads than cores (a 16-thread benchmark
// row on a small machine, a many-thread determinism test) raises that cap so the arena really has them.
void allow_parallelism(unsigned threads) {
    static std::unique_ptr<tbb::global_control> control;
    const size_t current = tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism);
    if (threads <= current) return;
    control.reset();  // one control at a time: with several, oneTBB applies the smallest
    control = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, threads);
}

}  // namespace

JobSystem::JobSystem(unsigned concurrency)
    : concurrency_(concurrency != 0 ? concurrency : std::max(1u, hardware_threads() - 1)) {
    allow_parallelism(concurrency_);
    // One slot is reserved for the calling (main) thread, so N slots = N threads in all.
    arena_ = std::make_unique<tbb::task_arena>(static_cast<int>(concurrency_), 1);
}

unsigned JobSystem::thread_index() const {
    const int slot = tbb::this_task_arena::current_thread_index();
    return slot < 0 ? 0u : static_cast<unsigned>(slot);
}

}  // namespace tessera
