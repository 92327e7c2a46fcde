#include "base/error.h"
#include "base/jobs.h"
#include "ecs/commands.h"
#include "ecs/query.h"
#include "ecs/schedule.h"
#include "ecs/world.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <random>
#include <set>
#include <thread>
#include <vector>

namespace tessera::ecs {
namespace {

struct A {
    int value;
};
struct B {
    float value;
};
struct C {
    uint64_t value;
};
struct Odd {
    uint8_t bytes[7];
};
struct Counter {
    int value = 0;
};

std::vector<int> a_values(World& world) {
    std::vector<int> values;
    Query<const A>(world).for_each([&](const A& a) { values.push_back(a.value); });
    return values;
}

// ---- World

TEST(World, SpawnGetHasDespawn) {
    World world;
    const Entity e = world.spawn(A{1}, B{2.0f});
    ASSERT_TRUE(world.alive(e));
    EXPECT_EQ(world.size(), 1u);
    ASSERT_NE(world.get<A>(e), nullptr);
    EXPECT_EQ(world.get<A>(e)->value, 1);
    EXPECT_EQ(world.get<B>(e)->value, 2.0f);
    EXPECT_TRUE(world.has<B>(e));
    EXPECT_FALSE(world.has<C>(e));
    EXPECT_EQ(world.get<C>(e), nullptr);
    world.get<A>(e)->value = 5;
    EXPECT_EQ(world.get<A>(e)->value, 5);
    EXPECT_TRUE(world.despawn(e));
    EXPECT_FALSE(world.alive(e));
    EXPECT_EQ(world.size(), 0u);
    EXPECT_FALSE(world.alive(Entity{}));
}

TEST(World, StaleIdsAreDetectedNeverAliased) {
    World world;
    const Entity old = world.spawn(A{1});
    ASSERT_TRUE(world.despawn(old));
    const Entity reused = world.spawn(A{2});
    EXPECT_EQ(reused.index, old.index);            // the slot is reused...
    EXPECT_NE(reused.generation, old.generation);  // ...under a new generation
    EXPECT_FALSE(world.alive(old));
    EXPECT_EQ(world.get<A>(old), nullptr);
    EXPECT_FALSE(world.has<A>(old));
    EXPECT_FALSE(world.despawn(old));
    EXPECT_FALSE(world.add(old, B{1}));
    EXPECT_FALSE(world.remove<A>(old));
    EXPECT_EQ(world.get<A>(reused)->value, 2);
    EXPECT_FALSE(world.alive(Entity{old.index, reused.generation + 1}));  // a forged future id
    EXPECT_FALSE(world.alive(Entity{12345, 1}));
}

TEST(World, DespawnMovesTheLastRowAndKeepsValues) {
    World world(4);
    std::vector<Entity> entities;
    for (int i = 0; i < 10; ++i) entities.push_back(world.spawn(A{i}, Odd{{static_cast<uint8_t>(i)}}));
    EXPECT_EQ(world.despawn(std::vector<Entity>{entities[0], entities[5], entities[9], entities[0]}), 3u);
    EXPECT_EQ(world.size(), 7u);
    for (int i : {1, 2, 3, 4, 6, 7, 8}) {
        ASSERT_TRUE(world.alive(entities[i]));
        EXPECT_EQ(world.get<A>(entities[i])->value, i);
        EXPECT_EQ(world.get<Odd>(entities[i])->bytes[0], i);
    }
    EXPECT_EQ(Query<const A>(world).chunk_count(), 2u);
}

TEST(World, ChunkBoundaries) {
    World world(4);
    for (int i = 0; i < 9; ++i) world.spawn(A{i}, B{static_cast<float>(i)});
    std::vector<std::pair<std::size_t, std::size_t>> chunks;  // (first, size)
    Query<const A, B> query(world);
    query.for_each_chunk([&](const ChunkView<const A, B>& view) {
        chunks.emplace_back(view.first(), view.size());
        for (std::size_t i = 0; i < view.size(); ++i)
            EXPECT_EQ(view.column<const A>()[i].value, static_cast<int>(view.first() + i));
    });
    EXPECT_EQ(chunks, (std::vector<std::pair<std::size_t, std::size_t>>{{0, 4}, {4, 4}, {8, 1}}));
    EXPECT_EQ(query.count(), 9u);
    EXPECT_EQ(query.chunk_count(), 3u);
    // Filling one chunk exactly, then one more row, opens a chunk; removing it closes the chunk again.
    const Entity extra = world.spawn(A{9}, B{9});
    world.spawn(A{10}, B{10});
    world.spawn(A{11}, B{11});
    EXPECT_EQ(Query<const A>(world).chunk_count(), 3u);
    const Entity thirteenth = world.spawn(A{12}, B{12});
    EXPECT_EQ(Query<const A>(world).chunk_count(), 4u);
    world.despawn(extra);  // row 9 <- row 12
    EXPECT_EQ(Query<const A>(world).chunk_count(), 3u);
    EXPECT_EQ(world.get<A>(thirteenth)->value, 12);
    EXPECT_EQ(a_values(world), (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 12, 10, 11}));
}

TEST(World, SpawnBatchReusesSlotsAndFillsInParallel) {
    World world(64);
    JobSystem jobs(4);
    std::vector<Entity> early;
    for (int i = 0; i < 5; ++i) early.push_back(world.spawn(A{-1}, B{0}));
    world.despawn(early[1]);
    world.despawn(early[3]);
    constexpr std::size_t kCount = 10'007;
    std::vector<Entity> ids(kCount);
    std::atomic<std::size_t> slices{0};
    world.spawn_batch<A, B>(
        kCount,
        [&](const ChunkView<A, B>& view) {
            ++slices;
            for (std::size_t k = 0; k < view.size(); ++k) {
                const std::size_t n = view.first() + k;
                view.column<A>()[k] = {static_cast<int>(n)};
                view.column<B>()[k] = {static_cast<float>(n) * 0.5f};
                ids[n] = view.entities()[k];
            }
        },
        &jobs);
    EXPECT_EQ(world.size(), kCount + 3);
    EXPECT_EQ(slices.load(), (kCount + 3 + 63) / 64);  // the batch starts mid-chunk, after 3 rows
    std::set<uint32_t> indices;
    for (std::size_t n = 0; n < kCount; ++n) {
        ASSERT_TRUE(world.alive(ids[n])) << n;
        EXPECT_EQ(world.get<A>(ids[n])->value, static_cast<int>(n));
        EXPECT_EQ(world.get<B>(ids[n])->value, static_cast<float>(n) * 0.5f);
        indices.insert(ids[n].index);
    }
    EXPECT_EQ(indices.size(), kCount);
    EXPECT_TRUE(indices.count(early[1].index) && indices.count(early[3].index));  // freed slots came first
    EXPECT_FALSE(world.alive(early[1]));
    EXPECT_TRUE(world.alive(early[4]));
}

TEST(World, AddAndRemoveMoveBetweenArchetypes) {
    World world(2);
    const Entity e = world.spawn(A{1});
    const Entity f = world.spawn(A{2});
    ASSERT_TRUE(world.add(e, B{3.0f}));
    EXPECT_EQ(world.get<A>(e)->value, 1);
    EXPECT_EQ(world.get<B>(e)->value, 3.0f);
    EXPECT_EQ(world.get<A>(f)->value, 2);  // f moved into e's old row
    ASSERT_TRUE(world.add(e, B{4.0f}));    // already there: overwritten in place
    EXPECT_EQ(world.get<B>(e)->value, 4.0f);
    EXPECT_EQ(Query<const A>(world).count(), 2u);
    EXPECT_EQ(Query<const B>(world).count(), 1u);
    EXPECT_FALSE(world.remove<C>(e));
    ASSERT_TRUE(world.remove<A>(e));
    EXPECT_FALSE(world.has<A>(e));
    EXPECT_EQ(world.get<B>(e)->value, 4.0f);
    ASSERT_TRUE(world.remove<B>(e));  // no components left: still alive
    EXPECT_TRUE(world.alive(e));
    EXPECT_EQ(world.size(), 2u);
}

TEST(World, Resources) {
    World world;
    EXPECT_EQ(world.try_resource<Counter>(), nullptr);
    EXPECT_THROW(world.resource<Counter>(), Error);
    world.insert_resource(Counter{3});
    EXPECT_EQ(world.resource<Counter>().value, 3);
    world.resource<Counter>().value = 4;
    EXPECT_EQ(world.resource<const Counter>().value, 4);
    world.insert_resource(Counter{7});
    EXPECT_EQ(world.resource<Counter>().value, 7);
    world.insert_resource(std::vector<int>{1, 2, 3});  // any movable type
    EXPECT_EQ(world.resource<std::vector<int>>().size(), 3u);
    EXPECT_TRUE(world.remove_resource<Counter>());
    EXPECT_FALSE(world.remove_resource<Counter>());
}

TEST(World, RejectsBadInput) {
    EXPECT_THROW(World(3), Error);
    EXPECT_THROW(World(0), Error);
    World world;
    EXPECT_THROW(world.spawn(A{1}, A{2}), Error);
}

// ---- Query

TEST(Query, MatchesEveryArchetypeWithTheTypesAndHonoursWithout) {
    World world;
    world.spawn(A{1});
    world.spawn(A{2}, B{0});
    world.spawn(B{0}, C{0});
    world.spawn(A{3}, B{0}, C{0});
    EXPECT_EQ(Query<const A>(world).count(), 3u);
    EXPECT_EQ(Query<const A>(world).without<C>().count(), 2u);
    EXPECT_EQ((Query<const A, const B>(world).count()), 2u);
    EXPECT_EQ((Query<const C>(world).without<A, B>().count()), 0u);
    std::vector<int> seen;
    Query<const A>(world).for_each([&](Entity e, const A& a) {
        EXPECT_TRUE(world.alive(e));
        seen.push_back(a.value);
    });
    EXPECT_EQ(seen, (std::vector<int>{1, 2, 3}));  // archetype creation order
}

TEST(Query, ParallelVisitsEveryEntityOnceWithStablePositions) {
    World world(16);
    constexpr int kCount = 5'000;
    for (int i = 0; i < kCount; ++i) (i % 3 ? world.spawn(A{i}) : world.spawn(A{i}, B{0}));
    JobSystem jobs(4);
    std::vector<std::atomic<int>> visits(kCount);
    Query<A> query(world);
    query.par_for_each(jobs, [&](A& a) {
        visits[static_cast<std::size_t>(a.value)].fetch_add(1, std::memory_order_relaxed);
        a.value += kCount;
    });
    for (const auto& v : visits) ASSERT_EQ(v.load(), 1);
    // Chunk positions partition [0, count) and match the serial order.
    std::vector<int> serial(kCount), parallel(kCount, -1);
    std::size_t n = 0;
    query.for_each([&](A& a) { serial[n++] = a.value; });
    std::vector<std::atomic<int>> ordinals(query.chunk_count());
    query.par_for_each_chunk(jobs, [&](const ChunkView<A>& view) {
        ordinals[view.ordinal()].fetch_add(1);
        for (std::size_t i = 0; i < view.size(); ++i) parallel[view.first() + i] = view.column<A>()[i].value;
    });
    EXPECT_EQ(serial, parallel);
    for (const auto& o : ordinals) ASSERT_EQ(o.load(), 1);
}

// ---- Commands

TEST(Commands, DeferredUntilAppliedThenInRecordingOrder) {
    World world;
    const Entity e = world.spawn(A{1});
    Commands commands;
    commands.spawn(A{2}, B{2});
    commands.add(e, B{5});
    commands.despawn(e);
    commands.spawn(A{3});
    commands.remove<A>(e);  // e is gone by then: stale
    EXPECT_EQ(commands.size(), 5u);
    EXPECT_EQ(world.size(), 1u);  // nothing happened yet
    EXPECT_FALSE(world.has<B>(e));
    const Commands::Applied result = commands.apply(world);
    EXPECT_EQ(result.applied, 4u);
    EXPECT_EQ(result.stale, 1u);
    EXPECT_TRUE(commands.empty());
    EXPECT_FALSE(world.alive(e));
    EXPECT_EQ(a_values(world), (std::vector<int>{3, 2}));  // {A} archetype came first
    EXPECT_EQ((Query<const A, const B>(world).count()), 1u);
}

TEST(Commands, AppendKeepsOrder) {
    World world;
    Commands first, second;
    first.spawn(A{1});
    second.spawn(A{2});
    second.spawn(A{3});
    first.append(second);
    EXPECT_TRUE(second.empty());
    EXPECT_EQ(first.size(), 3u);
    first.apply(world);
    EXPECT_EQ(a_values(world), (std::vector<int>{1, 2, 3}));
}

// ---- Schedule

using Clock = std::chrono::steady_clock;
using Batches = std::vector<std::vector<std::string>>;

void noop(SystemContext&) {}

// Declares a read or write of type t: 0 A, 1 B, 2 C, 3 Odd.
void declare(System& system, int t, bool write) {
    switch (t) {
        case 0:
            write ? system.writes<A>() : system.reads<A>();
            break;
        case 1:
            write ? system.writes<B>() : system.reads<B>();
            break;
        case 2:
            write ? system.writes<C>() : system.reads<C>();
            break;
        default:
            write ? system.writes<Odd>() : system.reads<Odd>();
            break;
    }
}

std::string system_name(int i) {
    std::string name = std::to_string(i);
    return name.insert(0, 1, 's');
}

TEST(Schedule, BatchesFollowDeclaredConflicts) {
    Schedule schedule;
    schedule.add_stage("update");
    schedule.add_system("update", System("write_a", noop).writes<A>())
        .add_system("update", System("read_a", noop).reads<A>())
        .add_system("update", System("write_b", noop).writes<B>())
        .add_system("update", System("read_b_write_c", noop).reads<B>().writes<C>())
        .add_system("update", System("read_a_too", noop).reads<A, Counter>())
        .add_system("update", System("write_a_again", noop).writes<A>())
        .add_system("update", System("write_counter", noop).writes<Counter>())
        .add_system("update", System("everything", noop).exclusive())
        .add_system("update", System("last", noop));
    EXPECT_EQ(schedule.batches("update"), (Batches{{"write_a", "write_b"},
                                                   {"read_a", "read_b_write_c", "read_a_too"},
                                                   {"write_a_again", "write_counter"},
                                                   {"everything"},
                                                   {"last"}}));
    const std::string plan = schedule.plan();
    EXPECT_NE(plan.find("batch 0 (parallel): write_a write_b"), std::string::npos) << plan;
    EXPECT_NE(plan.find("read_b_write_c reads B; writes C;"), std::string::npos) << plan;
    EXPECT_NE(plan.find("everything (exclusive)"), std::string::npos) << plan;
    EXPECT_THROW(schedule.add_system("update", System("last", noop)), Error);
    EXPECT_THROW(schedule.add_system("render", System("other", noop)), Error);
}

// Random access sets: conflicting systems are in increasing batches, and each system sits right after its
// latest conflicting predecessor (greedy, no needless serialisation).
TEST(Schedule, RandomAccessSetsArePackedGreedilyWithoutReordering) {
    std::mt19937 random(7);
    for (int round = 0; round < 200; ++round) {
        Schedule schedule;
        schedule.add_stage("s");
        std::vector<System> systems;
        for (int i = 0; i < 10; ++i) {
            System system(system_name(i), noop);
            for (int t = 0; t < 4; ++t) {
                const unsigned r = random() % 6;
                if (r < 2) declare(system, t, r == 1);
            }
            if (random() % 25 == 0) system.exclusive();
            systems.push_back(system);
            schedule.add_system("s", system);
        }
        for (std::size_t j = 0; j < systems.size(); ++j) {
            const std::size_t batch = schedule.stats(systems[j].name())->batch;
            std::size_t expected = 0;
            for (std::size_t i = 0; i < j; ++i)
                if (systems[i].access().conflicts_with(systems[j].access())) {
                    const std::size_t earlier = schedule.stats(systems[i].name())->batch;
                    ASSERT_LT(earlier, batch) << schedule.plan();
                    expected = std::max(expected, earlier + 1);
                }
            ASSERT_EQ(batch, expected) << schedule.plan();
        }
    }
}

// Instrumented run: a global tick is taken as each system enters and leaves. For every conflicting pair the
// earlier system must leave before the later one enters; reader/writer counters catch any overlap as well.
TEST(Schedule, ConflictingSystemsNeverOverlapOrReorder) {
    constexpr int kTypes = 3, kSystems = 8, kRuns = 40;
    // writes[i], reads[i]: bit t = type t (A, B, C)
    const int writes[kSystems] = {1, 0, 2, 0, 4, 1, 0, 6};
    const int reads[kSystems] = {0, 1, 0, 3, 0, 2, 4, 0};
    std::atomic<uint64_t> tick{0};
    std::atomic<int> readers[kTypes] = {}, writers[kTypes] = {};
    std::atomic<int> violations{0};
    std::vector<uint64_t> enter(kSystems), leave(kSystems);

    Schedule schedule;
    schedule.add_stage("update");
    std::vector<Access> accesses;
    for (int i = 0; i < kSystems; ++i) {
        System system(system_name(i), [&, i](SystemContext&) {
            enter[i] = tick.fetch_add(1);
            for (int t = 0; t < kTypes; ++t) {
                if (writes[i] >> t & 1 && (writers[t].fetch_add(1) != 0 || readers[t].load() != 0))
                    ++violations;
                if (reads[i] >> t & 1 && (readers[t].fetch_add(1), writers[t].load() != 0)) ++violations;
            }
            const auto until = Clock::now() + std::chrono::microseconds(200);  // a window to overlap in
            while (Clock::now() < until) std::this_thread::yield();
            for (int t = 0; t < kTypes; ++t) {
                if (writes[i] >> t & 1 && (readers[t].load() != 0 || writers[t].fetch_sub(1) != 1))
                    ++violations;
                if (reads[i] >> t & 1 && (writers[t].load() != 0 || readers[t].fetch_sub(1) < 1))
                    ++violations;
            }
            leave[i] = tick.fetch_add(1);
        });
        for (int t = 0; t < kTypes; ++t) {
            if (writes[i] >> t & 1) declare(system, t, true);
            if (reads[i] >> t & 1) declare(system, t, false);
        }
        accesses.push_back(system.access());
        schedule.add_system("update", system);
    }
    World world;
    JobSystem jobs(4);
    for (int run = 0; run < kRuns; ++run) {
        schedule.run(world, jobs);
        for (int j = 0; j < kSystems; ++j)
            for (int i = 0; i < j; ++i)
                if (accesses[static_cast<std::size_t>(i)].conflicts_with(
                        accesses[static_cast<std::size_t>(j)])) {
                    ASSERT_LT(leave[i], enter[j]) << "s" << i << " and s" << j << "\n" << schedule.plan();
                }
    }
    EXPECT_EQ(violations.load(), 0);
    EXPECT_EQ(schedule.stats("s0")->runs, static_cast<uint64_t>(kRuns));
}

// Two independent systems must be running at the same moment: each waits, inside its run, for the other to
// arrive. A schedule that serialised them would time out (a failure, not a hang).
TEST(Schedule, IndependentSystemsOverlap) {
    std::atomic<int> arrived{0};
    std::atomic<int> met{0};
    std::atomic<bool> after_both{false};
    const auto rendezvous = [&](SystemContext&) {
        arrived.fetch_add(1);
        const auto deadline = Clock::now() + std::chrono::seconds(30);
        while (arrived.load() < 2 && Clock::now() < deadline) std::this_thread::yield();
        if (arrived.load() >= 2) met.fetch_add(1);
    };
    Schedule schedule;
    schedule.add_stage("update");
    schedule.add_system("update", System("left", rendezvous).writes<A>())
        .add_system("update", System("right", rendezvous).writes<B>())
        .add_system("update",
                    System("join", [&](SystemContext&) { after_both = met.load() == 2; }).reads<A, B>());
    ASSERT_EQ(schedule.batches("update"), (Batches{{"left", "right"}, {"join"}}));
    World world;
    JobSystem jobs(2);
    for (int run = 0; run < 5; ++run) {
        arrived = 0;
        met = 0;
        after_both = false;
        schedule.run(world, jobs);
        ASSERT_EQ(met.load(), 2) << "run " << run;
        ASSERT_TRUE(after_both.load());
    }
}

TEST(Schedule, CommandsApplyAtTheStageSyncPointInDeclarationOrder) {
    Schedule schedule;
    std::vector<std::size_t> seen;
    schedule.add_stage("first").add_stage("second");
    schedule.add_system("first", System("spawn_one", [](SystemContext& ctx) { ctx.commands().spawn(A{1}); }))
        .add_system("first",
                    System("look", [&](SystemContext& ctx) { seen.push_back(ctx.query<const A>().count()); })
                        .reads<A>())
        .add_system("first", System("spawn_two", [](SystemContext& ctx) { ctx.commands().spawn(A{2}); }))
        .add_system("second", System("look_again", [&](SystemContext& ctx) {
                                  seen.push_back(ctx.query<const A>().count());
                              }).reads<A>());
    ASSERT_EQ(schedule.batches("first").size(), 1u);  // commands are not access: all three may overlap
    World world;
    JobSystem jobs(2);
    for (int run = 0; run < 3; ++run) schedule.run(world, jobs);
    EXPECT_EQ(seen, (std::vector<std::size_t>{0, 2, 2, 4, 4, 6}));
    EXPECT_EQ(a_values(world), (std::vector<int>{1, 2, 1, 2, 1, 2}));
}

// Despawns multiples of 3 and spawns value + 1000 for multiples of 7, recording from a parallel loop into one
// Commands buffer per chunk, merged in chunk order.
void cull(SystemContext& ctx) {
    const auto query = ctx.query<const A>();
    std::vector<Commands> chunks(query.chunk_count());
    query.par_for_each_chunk(ctx.jobs(), [&](const ChunkView<const A>& view) {
        Commands& commands = chunks[view.ordinal()];
        for (std::size_t i = 0; i < view.size(); ++i) {
            const int value = view.column<const A>()[i].value;
            if (value % 3 == 0) commands.despawn(view.entities()[i]);
            if (value % 7 == 0) commands.spawn(A{value + 1000});
        }
    });
    for (Commands& c : chunks) ctx.commands().append(c);
}

TEST(Schedule, ParallelCommandsPerChunkAreDeterministic) {
    const auto run = [](unsigned threads) {
        World world(8);
        for (int i = 0; i < 1000; ++i) world.spawn(A{i});
        Schedule schedule;
        schedule.add_stage("update").add_system("update", System("cull", cull).reads<A>());
        JobSystem jobs(threads);
        for (int step = 0; step < 3; ++step) schedule.run(world, jobs);
        return a_values(world);
    };
    const std::vector<int> serial = run(1);
    EXPECT_LT(serial.size(), 1000u);
    EXPECT_EQ(run(2), serial);
    EXPECT_EQ(run(4), serial);
}

TEST(Schedule, StructuralChangesOnlyThroughCommandsOrExclusiveSystems) {
    World world;
    JobSystem jobs(2);
    Schedule bad;
    bad.add_stage("update");
    bad.add_system("update", System("direct", [](SystemContext& ctx) { ctx.world().spawn(A{1}); }));
    EXPECT_THROW(bad.run(world, jobs), Error);
    EXPECT_FALSE(world.frozen());
    Schedule good;
    good.add_stage("update");
    good.add_system("update",
                    System("direct", [](SystemContext& ctx) { ctx.world().spawn(A{1}); }).exclusive());
    good.run(world, jobs);
    EXPECT_EQ(world.size(), 1u);
}

TEST(Schedule, UndeclaredAccessThrows) {
    World world;
    world.insert_resource(Counter{});
    world.spawn(A{1}, B{1});
    JobSystem jobs(1);
    const auto run_one = [&](System system) {
        Schedule schedule;
        schedule.add_stage("s").add_system("s", std::move(system));
        schedule.run(world, jobs);
    };
    EXPECT_NO_THROW(run_one(System("ok",
                                   [](SystemContext& ctx) {
                                       ctx.query<const A, B>().for_each([](const A&, B& b) { b.value += 1; });
                                       ctx.resource<const Counter>();
                                   })
                                .reads<A, Counter>()
                                .writes<B>()));
    EXPECT_THROW(run_one(System("writes_a", [](SystemContext& ctx) { ctx.query<A>(); }).reads<A>()), Error);
    EXPECT_THROW(run_one(System("reads_b", [](SystemContext& ctx) { ctx.query<const B>(); }).reads<A>()),
                 Error);
    EXPECT_THROW(
        run_one(System("counter", [](SystemContext& ctx) { ctx.resource<Counter>(); }).reads<Counter>()),
        Error);
}

TEST(Schedule, StatsPerSystemByName) {
    Schedule schedule;
    schedule.add_stage("update");
    schedule.add_system("update", System("work", noop).writes<A>());
    World world;
    JobSystem jobs(2);
    for (int run = 0; run < 3; ++run) schedule.run(world, jobs);
    const SystemStats* stats = schedule.stats("work");
    ASSERT_NE(stats, nullptr);
    EXPECT_EQ(stats->runs, 3u);
    EXPECT_EQ(stats->stage, "update");
    EXPECT_GE(stats->total_ms, stats->last_ms);
    EXPECT_GE(stats->last_ms, 0.0);
    EXPECT_LE(stats->last_begin, stats->last_end);
    EXPECT_EQ(schedule.stats("missing"), nullptr);
    schedule.reset_stats();
    EXPECT_EQ(schedule.stats("work")->runs, 0u);
}

}  // namespace
}  // namespace tessera::ecs
