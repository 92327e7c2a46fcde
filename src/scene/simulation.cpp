#include "scene/simulation.h"

#include "base/trace.h"
#include "scene/components.h"
#include "scene/extract.h"
#include "scene/random.h"
#include "scene/systems.h"

#include <algorithm>
#include <cmath>
#include <type_traits>

namespace tessera::scene {
namespace {

// Cube `index`'s behaviour stream, apart from the generator's layout stream.
Random motion_random(uint64_t seed, uint64_t index) {
    return Random(mix(mix(seed ^ 0x5EED5111u) + index));
}

Agent make_agent(Random& random) {
    return {3.0f + 3.0f * random.next(), 0.5f + random.next()};
}
Spin make_spin(Random& random) {
    return {random.direction() * (0.2f + 1.8f * random.next())};
}
Pulse make_pulse(Random& random, const gpu::CubeInstance& cube) {
    return {cube.scale, 0.15f + 0.2f * random.next(), 1.0f + 3.0f * random.next(),
            6.2831853f * random.next()};
}
Velocity make_velocity(Random& random) {
    return {random.direction() * (0.5f + 1.5f * random.next())};
}

// Fills the columns every cube has, plus Velocity, from cube `index`.
template <typename View>
void fill_common(const View& view, std::size_t k, const gpu::CubeInstance& cube, Random& random) {
    view.template column<Position>()[k] = {cube.position};
    view.template column<Scale>()[k] = {cube.scale};
    view.template column<Rotation>()[k] = {glm::normalize(unpack_rotation(cube.rotation))};
    view.template column<Color>()[k] = {cube.color};
    view.template column<Velocity>()[k] = make_velocity(random);
}

// Spawns the cubes i = residue + 4k, k in [0, count), into the archetype Components...
template <typename... Components>
void spawn_residue(ecs::World& world, const SceneDesc& scene, uint64_t residue, JobSystem& jobs) {
    const uint64_t count = scene.count > residue ? (scene.count - residue + 3) / 4 : 0;
    world.spawn_batch<Components...>(
        count,
        [&](const ecs::ChunkView<Components...>& view) {
            for (std::size_t k = 0; k < view.size(); ++k) {
                const uint64_t index = residue + 4 * (view.first() + k);
                const gpu::CubeInstance cube = generate_cube(scene, index);
                Random random = motion_random(scene.seed, index);
                fill_common(view, k, cube, random);
                if constexpr ((std::is_same_v<Components, Spin> || ...))
                    view.template column<Spin>()[k] = make_spin(random);
                if constexpr ((std::is_same_v<Components, Pulse> || ...))
                    view.template column<Pulse>()[k] = make_pulse(random, cube);
                if constexpr ((std::is_same_v<Components, Agent> || ...))
                    view.template column<Agent>()[k] = make_agent(random);
            }
        },
        &jobs);
}

}  // namespace

gpu::CubeMotion initial_motion(const SceneDesc& scene, uint64_t index) {
    // The same draws, in the same order, as spawn_residue: velocity, then spin or pulse.
    Random random = motion_random(scene.seed, index);
    const glm::vec3 velocity = make_velocity(random).value;
    if (index % 4 == 2) {
        const Pulse p = make_pulse(random, generate_cube(scene, index));
        return {velocity, TS_MOTION_PULSE, {p.base_scale, p.amplitude, p.frequency, p.phase}};
    }
    return {velocity, TS_MOTION_SPIN, glm::vec4(make_spin(random).omega, 0.0f)};
}

Simulation::Simulation(const SceneDesc& scene, JobSystem& jobs, std::size_t chunk_capacity)
    : jobs_(jobs), bounds_(scene_bounds(scene)), world_(chunk_capacity) {
    TS_TRACE_SCOPE("spawn entities", "cubes", static_cast<int64_t>(scene.count));
    spawn_residue<Position, Scale, Rotation, Color, Velocity, Spin, Agent>(world_, scene, 0, jobs);
    spawn_residue<Position, Scale, Rotation, Color, Velocity, Spin>(world_, scene, 1, jobs);
    spawn_residue<Position, Scale, Rotation, Color, Velocity, Pulse, Agent>(world_, scene, 2, jobs);
    spawn_residue<Position, Scale, Rotation, Color, Velocity, Spin>(world_, scene, 3, jobs);

    world_.insert_resource(Clock{});
    world_.insert_resource(bounds_);
    world_.insert_resource(make_attractors(bounds_, scene.seed));
    world_.insert_resource(ExtractTarget{});

    schedule_.add_stage(kUpdateStage).add_stage(kExtractStage);
    schedule_.add_system(kUpdateStage, attractor_system())
        .add_system(kUpdateStage, steering_system())
        .add_system(kUpdateStage, motion_system())
        .add_system(kUpdateStage, spin_system())
        .add_system(kUpdateStage, pulse_system())
        .add_system(kExtractStage, extract_system());
}

void Simulation::step(float dt) {
    Clock& clock = world_.resource<Clock>();
    clock.dt = std::clamp(dt, 0.0f, kMaxStep);
    clock.elapsed += clock.dt;
    ++clock.frame;
    schedule_.run_stage(kUpdateStage, world_, jobs_);
}

std::size_t Simulation::extract(std::span<gpu::CubeInstance> out) {
    ExtractTarget& target = world_.resource<ExtractTarget>();
    target = {out, 0};
    schedule_.run_stage(kExtractStage, world_, jobs_);
    return target.written;
}

}  // namespace tessera::scene
