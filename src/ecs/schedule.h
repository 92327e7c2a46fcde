#pragma once
// The Schedule: named stages, run in the order they were added, each holding systems in declaration order.
//
// Within a stage, systems are packed greedily into batches: each goes into the first batch after that of
// every earlier system it conflicts with (Access::conflicts_with), so a system never runs before or alongside
// an earlier conflicting one, while systems that do not conflict may share a batch. Batches run one after
// another; the systems of a batch run in parallel on the JobSystem, each isolated so that its own parallel
// loops never pick up another system's work (which keeps per-system times honest). The World is frozen while
// the stage runs. At the stage's end (its sync point) the World thaws and every system's Commands are
// applied, in declaration order. Thus the outcome does not depend on the thread count as long as each
// system's own does not.
//
// Threading: build, run and read statistics from one thread at a time, never from inside a system.

#include "base/jobs.h"
#include "ecs/commands.h"
#include "ecs/system.h"
#include "ecs/world.h"

#include <chrono>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::ecs {

// One system's run statistics; each system is a named span of a frame trace.
struct SystemStats {
    std::string name;
    std::string stage;
    std::size_t batch = 0;
    double last_ms = 0;   // wall time of the latest run
    double total_ms = 0;  // summed over every run since the last reset
    uint64_t runs = 0;
    std::chrono::steady_clock::time_point last_begin, last_end;
    unsigned last_thread = 0;        // JobSystem::thread_index() of the thread that ran it
    std::size_t stale_commands = 0;  // summed Commands::Applied::stale
};

class Schedule {
public:
    Schedule& add_stage(std::string name);  // throws if the stage exists
    Schedule& add_system(std::string_view stage,
                         System system);  // throws on an unknown stage or a taken name

    void run(World& world, JobSystem& jobs);  // every stage in order
    void run_stage(std::string_view stage, World& world, JobSystem& jobs);

    std::vector<std::string> stages() const;
    // System names per batch, batches in run order.
    std::vector<std::vector<std::string>> batches(std::string_view stage) const;
    // Human-readable: each stage's batches and each system's access.
    std::string plan() const;

    const SystemStats* stats(std::string_view system) const;  // nullptr for an unknown name
    std::span<const SystemStats> stats() const { return stats_; }
    void reset_stats();

private:
    struct Stage {
        std::string name;
        const char* trace_name;                         // interned: outlives the schedule in a trace
        std::vector<std::size_t> systems;               // declaration order
        std::vector<std::vector<std::size_t>> batches;  // run order
    };

    Stage& stage(std::string_view name);
    const Stage& stage(std::string_view name) const;
    void run_batch(const std::vector<std::size_t>& batch, World& world, JobSystem& jobs);
    void run_system(std::size_t index, World& world, JobSystem& jobs);

    std::vector<Stage> stages_;
    std::vector<System> systems_;  // all stages; these three vectors run in parallel
    std::vector<Commands> commands_;
    std::vector<SystemStats> stats_;
    std::vector<const char*> trace_names_;  // per system, interned
};

}  // namespace tessera::ecs
