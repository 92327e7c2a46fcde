#pragma once
// The simulated scene: a World of cube entities, the systems that animate them, and the schedule that runs
// them every frame (stage "update": attractors, steering, motion, spin, pulse; stage "extract": extract).
//
// Cube i starts as generate_cube(scene, i). Its behaviour depends on i % 4: 0 spins and steers, 1 and 3 spin
// and drift, 2 pulses and steers. Velocities, spin rates and pulse parameters derive from (seed, i) alone, so
// a Simulation is a pure function of (scene, chunk capacity, the sequence of dt): the World after N steps,
// and every extract, are bit-identical for any thread count.
//
// Threading: one thread drives a Simulation (construction, step, extract); the work itself runs on `jobs`,
// which must outlive the Simulation.

#include "base/jobs.h"
#include "ecs/schedule.h"
#include "ecs/world.h"
#include "scene/generator.h"
#include "shaders/shared.h"

#include <cstddef>
#include <span>
#include <string>

namespace tessera::scene {

// The motion cube `index` starts with in a Simulation, for the GPU path (--simulate-gpu,
// shaders/simulate.comp), which moves and animates cubes the same way but does not steer them.
gpu::CubeMotion initial_motion(const SceneDesc& scene, uint64_t index);

class Simulation {
public:
    static constexpr const char* kUpdateStage = "update";
    static constexpr const char* kExtractStage = "extract";
    static constexpr float kMaxStep = 0.1f;  // seconds; longer steps are clamped (the scene slows down)

    // Spawns scene.count cubes, in parallel on `jobs`.
    Simulation(const SceneDesc& scene, JobSystem& jobs,
               std::size_t chunk_capacity = ecs::World::kDefaultChunkCapacity);

    // Advances the scene by dt seconds (clamped to [0, kMaxStep]): runs the update stage.
    void step(float dt);
    // Runs the extract stage into `out` (at least entity_count() records; else throws) and returns the count.
    std::size_t extract(std::span<gpu::CubeInstance> out);

    std::size_t entity_count() const { return world_.size(); }
    const Bounds& bounds() const { return bounds_; }
    std::string plan() const { return schedule_.plan(); }
    const ecs::Schedule& schedule() const { return schedule_; }  // per-system timings: schedule().stats(name)
    void reset_stats() { schedule_.reset_stats(); }
    ecs::World& world() { return world_; }

private:
    JobSystem& jobs_;
    Bounds bounds_;
    ecs::World world_;
    ecs::Schedule schedule_;
};

}  // namespace tessera::scene
