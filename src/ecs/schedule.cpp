#include "ecs/schedule.h"

#include "base/error.h"
#include "base/intern.h"
#include "base/trace.h"

#include <tbb/task_group.h>

#include <algorithm>
#include <exception>

namespace tessera::ecs {
namespace {

// Freezes the World for a stage; thaws it however the stage ends.
class Freeze {
public:
    Freeze(bool& flag, bool frozen) : flag_(flag), previous_(flag) { flag_ = frozen; }
    ~Freeze() { flag_ = previous_; }
    Freeze(const Freeze&) = delete;
    Freeze& operator=(const Freeze&) = delete;

private:
    bool& flag_;
    bool previous_;
};

}  // namespace

void SystemContext::undeclared(TypeId type, bool write) const {
    throw Error("ecs: system '" + std::string(name_) + "' " + (write ? "writes" : "reads") + " '" +
                std::string(type_info(type).name) + "' without declaring it");
}

Schedule& Schedule::add_stage(std::string name) {
    for (const Stage& s : stages_)
        if (s.name == name) throw Error("ecs: stage '" + name + "' added twice");
    const char* trace_name = intern(name + " stage");
    stages_.push_back({std::move(name), trace_name, {}, {}});
    return *this;
}

Schedule::Stage& Schedule::stage(std::string_view name) {
    for (Stage& s : stages_)
        if (s.name == name) return s;
    throw Error("ecs: no stage '" + std::string(name) + "' in the schedule");
}

const Schedule::Stage& Schedule::stage(std::string_view name) const {
    return const_cast<Schedule*>(this)->stage(name);
}

Schedule& Schedule::add_system(std::string_view stage_name, System system) {
    Stage& target = stage(stage_name);
    if (stats(system.name())) throw Error("ecs: system '" + system.name() + "' added twice");
    if (!system.function()) throw Error("ecs: system '" + system.name() + "' has no function");
    // Batch = one past the latest batch of an earlier conflicting system.
    std::size_t batch = 0;
    for (std::size_t b = 0; b < target.batches.size(); ++b)
        for (std::size_t other : target.batches[b])
            if (systems_[other].access().conflicts_with(system.access())) batch = std::max(batch, b + 1);
    const std::size_t index = systems_.size();
    SystemStats stats;
    stats.name = system.name();
    stats.stage = target.name;
    stats.batch = batch;
    trace_names_.push_back(intern(system.name()));
    systems_.push_back(std::move(system));
    commands_.emplace_back();
    stats_.push_back(std::move(stats));
    target.systems.push_back(index);
    if (batch == target.batches.size()) target.batches.emplace_back();
    target.batches[batch].push_back(index);
    return *this;
}

void Schedule::run(World& world, JobSystem& jobs) {
    for (const Stage& s : stages_) run_stage(s.name, world, jobs);
}

void Schedule::run_stage(std::string_view stage_name, World& world, JobSystem& jobs) {
    const Stage& s = stage(stage_name);
    TS_TRACE_SCOPE(s.trace_name);
    {
        Freeze freeze(world.frozen_, true);
        for (const auto& batch : s.batches) run_batch(batch, world, jobs);
    }
    TS_TRACE_SCOPE("apply commands");
    for (std::size_t index : s.systems) stats_[index].stale_commands += commands_[index].apply(world).stale;
}

void Schedule::run_batch(const std::vector<std::size_t>& batch, World& world, JobSystem& jobs) {
    if (batch.size() == 1) {
        // An exclusive system is alone in its batch (see add_system) and may change the World's structure.
        Freeze freeze(world.frozen_, !systems_[batch[0]].access().exclusive);
        run_system(batch[0], world, jobs);
        return;
    }
    jobs.execute([&] {
        tbb::task_group group;
        for (std::size_t k = 1; k < batch.size(); ++k)
            group.run([&, k] { run_system(batch[k], world, jobs); });
        std::exception_ptr error;
        try {
            run_system(batch[0], world, jobs);
        } catch (...) {
            error = std::current_exception();
        }
        group.wait();
        if (error) std::rethrow_exception(error);
    });
}

void Schedule::run_system(std::size_t index, World& world, JobSystem& jobs) {
    const System& system = systems_[index];
    SystemStats& stats = stats_[index];
    SystemContext context(world, jobs, commands_[index], system.name(), system.access());
    const auto begin = std::chrono::steady_clock::now();
    stats.last_thread = jobs.thread_index();
    {
        const JobSystem::Job job(jobs, trace_names_[index], 0);  // busy, and a span named after the system
        jobs.execute([&] { tbb::this_task_arena::isolate([&] { system.function()(context); }); });
    }
    const auto end = std::chrono::steady_clock::now();
    stats.last_begin = begin;
    stats.last_end = end;
    stats.last_ms = std::chrono::duration<double, std::milli>(end - begin).count();
    stats.total_ms += stats.last_ms;
    ++stats.runs;
}

std::vector<std::string> Schedule::stages() const {
    std::vector<std::string> names;
    for (const Stage& s : stages_) names.push_back(s.name);
    return names;
}

std::vector<std::vector<std::string>> Schedule::batches(std::string_view stage_name) const {
    std::vector<std::vector<std::string>> names;
    for (const auto& batch : stage(stage_name).batches) {
        names.emplace_back();
        for (std::size_t index : batch) names.back().push_back(systems_[index].name());
    }
    return names;
}

std::string Schedule::plan() const {
    std::string out;
    for (const Stage& s : stages_) {
        out += "stage " + s.name + ": " + std::to_string(s.systems.size()) + " systems in " +
               std::to_string(s.batches.size()) + " batches\n";
        for (std::size_t b = 0; b < s.batches.size(); ++b) {
            out += "  batch " + std::to_string(b) + (s.batches[b].size() > 1 ? " (parallel):" : ":");
            for (std::size_t index : s.batches[b]) out += " " + systems_[index].name();
            out += "\n";
            for (std::size_t index : s.batches[b]) {
                const Access& access = systems_[index].access();
                out += "    " + systems_[index].name() + (access.exclusive ? " (exclusive)" : "");
                if (access.reads.any()) out += " reads " + type_names(access.reads) + ";";
                if (access.writes.any()) out += " writes " + type_names(access.writes) + ";";
                out += "\n";
            }
        }
    }
    return out;
}

const SystemStats* Schedule::stats(std::string_view system) const {
    for (const SystemStats& s : stats_)
        if (s.name == system) return &s;
    return nullptr;
}

void Schedule::reset_stats() {
    for (SystemStats& s : stats_) {
        s.last_ms = s.total_ms = 0;
        s.runs = 0;
        s.stale_commands = 0;
    }
}

}  // namespace tessera::ecs
