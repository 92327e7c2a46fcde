#include "base/jobs.h"

#include <tbb/info.h>

#include <algorithm>
#include <thread>

namespace tessera {

unsigned JobSystem::hardware_threads() {
    return std::max(1u, std::thread::hardware_concurrency());
}

JobSystem::JobSystem(unsigned concurrency)
    : concurrency_(concurrency != 0 ? concurrency : std::max(1u, hardware_threads() - 1)),
      // One slot is reserved for the calling (main) thread, so N slots = N threads in all.
      arena_(std::make_unique<tbb::task_arena>(static_cast<int>(concurrency_), 1)) {}

unsigned JobSystem::thread_index() const {
    const int slot = tbb::this_task_arena::current_thread_index();
    return slot < 0 ? 0u : static_cast<unsigned>(slot);
}

}  // namespace tessera
