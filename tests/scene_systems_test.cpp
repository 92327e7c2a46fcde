#include "base/error.h"
#include "base/jobs.h"
#include "ecs/query.h"
#include "ecs/schedule.h"
#include "scene/components.h"
#include "scene/extract.h"
#include "scene/generator.h"
#include "scene/simulation.h"
#include "scene/systems.h"

#include <gtest/gtest.h>
#include <glm/gtc/packing.hpp>

#include <cmath>
#include <cstring>
#include <map>
#include <tuple>
#include <typeinfo>
#include <vector>

namespace tessera::scene {
namespace {

using Batches = std::vector<std::vector<std::string>>;

// A world with the scene's resources, for running single systems.
struct Bench {
    ecs::World world{8};
    JobSystem jobs{2};
    ecs::Schedule schedule;

    explicit Bench(ecs::System system, float dt) {
        world.insert_resource(Clock{dt, 0.0, 0});
        world.insert_resource(Bounds{{0, 0, 0}, {10, 10, 10}});
        schedule.add_stage("update").add_system("update", std::move(system));
    }
    void step(int times = 1) {
        for (int i = 0; i < times; ++i) {
            Clock& clock = world.resource<Clock>();
            clock.elapsed += clock.dt;
            ++clock.frame;
            schedule.run(world, jobs);
        }
    }
};

TEST(Motion, IntegratesAndBouncesInsideTheBounds) {
    Bench bench(motion_system(), 0.1f);
    const ecs::Entity free = bench.world.spawn(Position{{0, 0, 0}}, Velocity{{1, 2, 3}});
    const ecs::Entity wall = bench.world.spawn(Position{{9.9f, 0, -9.95f}}, Velocity{{2, 0, -1}});
    std::vector<ecs::Entity> fast;
    for (int i = 0; i < 50; ++i)
        fast.push_back(bench.world.spawn(
            Position{{0, 0, 0}},
            Velocity{{37.0f * static_cast<float>(i % 7) - 100, 55.0f - static_cast<float>(i), 91.0f}}));
    bench.step();
    EXPECT_NEAR(bench.world.get<Position>(free)->value.x, 0.1f, 1e-6f);
    EXPECT_NEAR(bench.world.get<Position>(free)->value.z, 0.3f, 1e-6f);
    EXPECT_NEAR(bench.world.get<Position>(wall)->value.x, 9.9f, 1e-5f);  // 10.1 reflected at 10
    EXPECT_EQ(bench.world.get<Velocity>(wall)->value.x, -2.0f);
    EXPECT_NEAR(bench.world.get<Position>(wall)->value.z, -9.95f, 1e-5f);  // -10.05 reflected at -10
    EXPECT_EQ(bench.world.get<Velocity>(wall)->value.z, 1.0f);
    bench.step(500);
    for (ecs::Entity e : fast) {
        const glm::vec3 p = bench.world.get<Position>(e)->value;
        for (int axis = 0; axis < 3; ++axis) {
            EXPECT_LE(std::abs(p[axis]), 10.0f);
        }
    }
}

TEST(Spin, RotatesAtTheAngularVelocityAndStaysUnit) {
    Bench bench(spin_system(), 0.01f);
    const ecs::Entity e = bench.world.spawn(Rotation{{0, 0, 0, 1}}, Spin{{0, 0, 1}});
    bench.step(100);  // 1 radian about z
    const glm::vec4 q = bench.world.get<Rotation>(e)->xyzw;
    EXPECT_NEAR(q.z, std::sin(0.5f), 1e-4f);
    EXPECT_NEAR(q.w, std::cos(0.5f), 1e-4f);
    EXPECT_NEAR(glm::length(q), 1.0f, 1e-6f);
}

TEST(Pulse, ScaleFollowsTheSineWithinItsAmplitude) {
    Bench bench(pulse_system(), 0.05f);
    const ecs::Entity e = bench.world.spawn(Pulse{2.0f, 0.25f, 3.0f, 1.0f}, Scale{2.0f});
    float low = 10, high = 0;
    for (int n = 1; n <= 200; ++n) {
        bench.step();
        const float scale = bench.world.get<Scale>(e)->value;
        const float expected = 2.0f * (1.0f + 0.25f * std::sin(1.0f + 3.0f * 0.05f * static_cast<float>(n)));
        ASSERT_NEAR(scale, expected, 2e-3f) << n;
        low = std::min(low, scale), high = std::max(high, scale);
        ASSERT_GE(bench.world.get<Pulse>(e)->phase, 0.0f);
        ASSERT_LT(bench.world.get<Pulse>(e)->phase, 6.2832f);
    }
    EXPECT_LT(low, 1.55f);
    EXPECT_GT(high, 2.45f);
}

TEST(Steering, SeeksAndFleesAttractorsWithinTheirRadiusAtCappedSpeed) {
    Bench bench(steering_system(), 0.1f);
    Attractors attractors;
    attractors.count = 2;
    attractors.items[0] = {{20, 0, 0}, 4.0f, 15.0f, {}, {}, {}};    // seek
    attractors.items[1] = {{-20, 0, 0}, -4.0f, 15.0f, {}, {}, {}};  // flee
    bench.world.insert_resource(attractors);
    const auto agent = [&](glm::vec3 p) {
        return bench.world.spawn(Position{p}, Velocity{{0, 0, 0}}, Agent{5.0f, 1.0f});
    };
    const ecs::Entity seeker = agent({10, 0, 0});
    const ecs::Entity fleer = agent({-10, 0, 0});
    const ecs::Entity outside = agent({0, 0, 0});
    const ecs::Entity drifter = bench.world.spawn(Position{{10, 0, 0}}, Velocity{{1, 1, 1}});  // no Agent
    bench.step();
    EXPECT_NEAR(bench.world.get<Velocity>(seeker)->value.x, 0.4f, 1e-5f);  // towards +x at 4 u/s^2
    EXPECT_NEAR(bench.world.get<Velocity>(fleer)->value.x, 0.4f, 1e-5f);   // away from -20: also +x
    EXPECT_EQ(bench.world.get<Velocity>(outside)->value, glm::vec3(0));
    EXPECT_EQ(bench.world.get<Velocity>(drifter)->value, glm::vec3(1));
    bench.step(100);
    EXPECT_NEAR(glm::length(bench.world.get<Velocity>(seeker)->value), 5.0f, 1e-4f);
}

TEST(Attractors, MoveInsideTheBoundsAndDependOnTheSeedOnly) {
    const Bounds bounds{{5, 0, 0}, {100, 10, 50}};
    Attractors a = make_attractors(bounds, 9);
    const Attractors b = make_attractors(bounds, 9);
    const Attractors c = make_attractors(bounds, 10);
    ASSERT_EQ(a.count, 4u);
    EXPECT_EQ(std::memcmp(&a, &b, sizeof a), 0);
    EXPECT_NE(a.items[0].position, c.items[0].position);
    EXPECT_GT(a.items[0].strength, 0.0f);
    EXPECT_LT(a.items[1].strength, 0.0f);
    for (double t = 0; t < 200; t += 0.7) {
        move_attractors(a, t);
        for (uint32_t k = 0; k < a.count; ++k)
            for (int axis = 0; axis < 3; ++axis)
                ASSERT_LE(std::abs(a.items[k].position[axis] - bounds.center[axis]),
                          bounds.half_extent[axis]);
    }
}

// The kernels take four entities at a time in SIMD registers and the rest one by one: seven identical
// entities in a chunk of eight go both ways and must stay bit-identical.
TEST(Systems, VectorAndScalarPathsAgreeBitForBit) {
    ecs::World world(8);
    JobSystem jobs(2);
    world.insert_resource(Clock{0.05f, 0.0, 0});
    world.insert_resource(Bounds{{0, 0, 0}, {50, 50, 50}});
    Attractors attractors;
    attractors.count = 2;
    attractors.items[0] = {{3, 1, -2}, 40.0f, 30.0f, {}, {}, {}};
    attractors.items[1] = {{-5, 2, 4}, -25.0f, 30.0f, {}, {}, {}};
    world.insert_resource(attractors);
    for (int i = 0; i < 7; ++i)
        world.spawn(Position{{0.3f, -0.7f, 1.1f}}, Velocity{{1.5f, 0.25f, -2.0f}}, Agent{6.0f, 1.3f},
                    Rotation{{0.1f, 0.2f, 0.3f, 0.927f}}, Spin{{0.7f, -1.3f, 2.1f}});
    ecs::Schedule schedule;
    schedule.add_stage("update")
        .add_system("update", steering_system())
        .add_system("update", motion_system())
        .add_system("update", spin_system());
    const auto same = [&](auto component) {
        using T = decltype(component);
        std::vector<T> values;
        ecs::Query<const T>(world).for_each([&](const T& value) { values.push_back(value); });
        for (const T& value : values)
            ASSERT_EQ(std::memcmp(&value, &values[0], sizeof(T)), 0) << typeid(T).name();
    };
    for (int n = 0; n < 200; ++n) {  // long enough to hit the walls and the speed cap
        schedule.run(world, jobs);
        same(Position{});
        same(Velocity{});
        same(Rotation{});
    }
}

// ---- extract and the simulation

gpu::CubeInstance expected_record(const Position& p, const Scale& s, const Rotation& r, const Color& c) {
    return {p.value, s.value, pack_rotation(r.xyzw), c.rgba, 0u};
}

void expect_matches_world(ecs::World& world, const std::vector<gpu::CubeInstance>& out, std::size_t written) {
    std::size_t slot = 0;
    ecs::Query<const Position, const Scale, const Rotation, const Color>(world).for_each(
        [&](const Position& p, const Scale& s, const Rotation& r, const Color& c) {
            const gpu::CubeInstance e = expected_record(p, s, r, c);
            ASSERT_EQ(std::memcmp(&out[slot], &e, sizeof e), 0) << "slot " << slot;
            ++slot;
        });
    EXPECT_EQ(slot, written);
}

TEST(Extract, InstanceBufferMatchesTheWorld) {
    JobSystem jobs(2);
    Simulation sim({SceneKind::random, 5, 10'000}, jobs, 256);
    for (int n = 0; n < 5; ++n) sim.step(1.0f / 60.0f);
    std::vector<gpu::CubeInstance> out(10'010);
    std::memset(out.data(), 0xAB, out.size() * sizeof(gpu::CubeInstance));
    ASSERT_EQ(sim.extract(out), 10'000u);
    expect_matches_world(sim.world(), out, 10'000);
    const gpu::CubeInstance* tail = &out[10'000];
    for (std::size_t k = 0; k < 10 * sizeof(gpu::CubeInstance); ++k)
        ASSERT_EQ(reinterpret_cast<const unsigned char*>(tail)[k], 0xAB);  // nothing past the count

    // Despawn every seventh cube: the records stay dense and still match.
    std::vector<ecs::Entity> doomed;
    ecs::Query<const Position>(sim.world()).for_each([&](ecs::Entity e, const Position&) {
        if (e.index % 7 == 0) doomed.push_back(e);
    });
    sim.world().despawn(doomed);
    const std::size_t left = 10'000 - doomed.size();
    ASSERT_EQ(extract(sim.world(), out, jobs), left);
    expect_matches_world(sim.world(), out, left);

    std::vector<gpu::CubeInstance> small(left - 1);
    EXPECT_THROW(extract(sim.world(), small, jobs), Error);
    EXPECT_THROW(sim.extract(small), Error);
}

std::vector<float> snorm_test_values() {
    std::vector<float> values{0.0f, -0.0f, 1.0f, -1.0f, 1.5f, -7.0f, 0.49999997f / 32767.0f};
    for (int k = -32767; k <= 32767; k += 97) {
        const float exact = static_cast<float>(k) / 32767.0f;
        const float tie = (static_cast<float>(k) + 0.5f) / 32767.0f;
        values.insert(values.end(), {exact, tie, std::nextafter(tie, 2.0f), std::nextafter(tie, -2.0f)});
    }
    return values;
}

// pack_snorm16 is glm::packSnorm2x16's rounding without libm, rounding ties included.
TEST(Extract, PackSnorm16MatchesGlm) {
    for (const float v : snorm_test_values())
        EXPECT_EQ(pack_snorm16(v), glm::packSnorm2x16(glm::vec2(v, 0.0f)) & 0xFFFFu) << v;
}

// Extract packs rotations on four lanes at a time; it must agree with scene::pack_rotation bit for bit.
TEST(Extract, PacksRotationsExactlyLikePackRotation) {
    ecs::World world(1024);
    const std::vector<float> values = snorm_test_values();
    for (std::size_t i = 0; i < values.size(); ++i) {
        const float a = values[i], b = values[(i * 7 + 3) % values.size()];
        world.spawn(Position{{0, 0, 0}}, Scale{1}, Rotation{{a, b, -a, -b}}, Color{0});
    }
    JobSystem jobs(2);
    std::vector<gpu::CubeInstance> out(world.size());
    ASSERT_EQ(extract(world, out, jobs), world.size());
    expect_matches_world(world, out, world.size());
    // A destination that is not 16-byte aligned takes the scalar path.
    std::vector<gpu::CubeInstance> storage(world.size() + 1);
    const std::span<gpu::CubeInstance> unaligned(
        reinterpret_cast<gpu::CubeInstance*>(reinterpret_cast<char*>(storage.data()) + 4), world.size());
    ASSERT_EQ(extract(world, unaligned, jobs), world.size());
    EXPECT_EQ(std::memcmp(unaligned.data(), out.data(), out.size() * sizeof(out[0])), 0);
}

TEST(Simulation, StartsFromTheGeneratedScene) {
    JobSystem jobs(2);
    const SceneDesc scene{SceneKind::grid, 11, 999};
    Simulation sim(scene, jobs, 64);
    ASSERT_EQ(sim.entity_count(), 999u);
    std::vector<gpu::CubeInstance> out(999);
    ASSERT_EQ(sim.extract(out), 999u);
    std::map<std::tuple<float, float, float>, gpu::CubeInstance> generated;
    for (uint64_t i = 0; i < scene.count; ++i) {
        const gpu::CubeInstance cube = generate_cube(scene, i);
        generated[{cube.position.x, cube.position.y, cube.position.z}] = cube;
    }
    for (const gpu::CubeInstance& record : out) {
        const auto found = generated.find({record.position.x, record.position.y, record.position.z});
        ASSERT_NE(found, generated.end());
        EXPECT_EQ(record.scale, found->second.scale);
        EXPECT_EQ(record.color, found->second.color);
        const glm::vec4 a = unpack_rotation(record.rotation), b = unpack_rotation(found->second.rotation);
        EXPECT_LT(glm::length(a - b), 1e-3f);
        generated.erase(found);
    }
    EXPECT_TRUE(generated.empty());
}

TEST(Simulation, PlanRunsIndependentSystemsTogetherAndTimesEach) {
    JobSystem jobs(2);
    Simulation sim({SceneKind::galaxy, 1, 1000}, jobs);
    EXPECT_EQ(sim.schedule().batches(Simulation::kUpdateStage),
              (Batches{{"attractors", "spin", "pulse"}, {"steering"}, {"motion"}}));
    EXPECT_EQ(sim.schedule().batches(Simulation::kExtractStage), (Batches{{"extract"}}));
    EXPECT_NE(sim.plan().find("motion reads Bounds, Clock; writes Position, Velocity;"), std::string::npos)
        << sim.plan();
    sim.step(0.016f);
    sim.step(0.016f);
    for (const char* name : {"attractors", "steering", "motion", "spin", "pulse"}) {
        const ecs::SystemStats* stats = sim.schedule().stats(name);
        ASSERT_NE(stats, nullptr) << name;
        EXPECT_EQ(stats->runs, 2u) << name;
        EXPECT_GE(stats->total_ms, 0.0) << name;
    }
    EXPECT_EQ(sim.schedule().stats("extract")->runs, 0u);
}

// Every byte of every component column, in query order.
template <typename T>
std::vector<unsigned char> column_bytes(ecs::World& world) {
    std::vector<unsigned char> bytes;
    ecs::Query<const T>(world).for_each([&](const T& value) {
        const auto* p = reinterpret_cast<const unsigned char*>(&value);
        bytes.insert(bytes.end(), p, p + sizeof(T));
    });
    return bytes;
}

TEST(Simulation, BitIdenticalForAnyThreadCount) {
    for (SceneKind kind : {SceneKind::grid, SceneKind::random, SceneKind::galaxy}) {
        const SceneDesc scene{kind, 42, 20'000};
        std::vector<gpu::CubeInstance> reference;
        std::vector<unsigned char> reference_state;
        for (unsigned threads : {1u, 2u, 4u, 8u}) {
            JobSystem jobs(threads);
            Simulation sim(scene, jobs, 512);
            for (int n = 0; n < 90; ++n) sim.step(0.015f + 0.001f * static_cast<float>(n % 5));
            std::vector<gpu::CubeInstance> out(scene.count);
            ASSERT_EQ(sim.extract(out), scene.count);
            std::vector<unsigned char> state = column_bytes<Velocity>(sim.world());
            for (const auto& bytes :
                 {column_bytes<Position>(sim.world()), column_bytes<Rotation>(sim.world()),
                  column_bytes<Pulse>(sim.world()), column_bytes<Scale>(sim.world())})
                state.insert(state.end(), bytes.begin(), bytes.end());
            if (threads == 1) {
                reference = out;
                reference_state = state;
                continue;
            }
            EXPECT_EQ(std::memcmp(out.data(), reference.data(), out.size() * sizeof(out[0])), 0)
                << to_string(kind) << ", " << threads << " threads";
            EXPECT_EQ(state, reference_state) << to_string(kind) << ", " << threads << " threads";
        }
    }
}

TEST(Simulation, CubesStayInsideTheSceneBounds) {
    JobSystem jobs(2);
    Simulation sim({SceneKind::random, 3, 4'000}, jobs);
    for (int n = 0; n < 600; ++n) sim.step(0.1f);
    const Bounds& b = sim.bounds();
    ecs::Query<const Position>(sim.world()).for_each([&](const Position& p) {
        for (int axis = 0; axis < 3; ++axis)
            ASSERT_LE(std::abs(p.value[axis] - b.center[axis]), b.half_extent[axis]);
    });
}

}  // namespace
}  // namespace tessera::scene
