// ECS benchmarks. BM_Frame is one simulated frame, the update stage then extract into an instance buffer, for
// 100k, 1M and 10M cubes on 1-16 threads (JobSystem concurrency; TBB caps it at the machine's cores). Time is
// wall time per frame in ms; counters give entities/s, the speed-up over 1 thread of the same size (when that
// ran first in the same process) and each system's mean ms. The BM_Query* cases time par_for_each alone.
//
//   build-ecs/ecs_bench --benchmark_filter='BM_Frame/entities:(100000|1000000)/'

#include "base/jobs.h"
#include "ecs/query.h"
#include "ecs/world.h"
#include "scene/components.h"
#include "scene/simulation.h"

#include <benchmark/benchmark.h>

#include <chrono>
#include <map>
#include <memory>
#include <vector>

namespace {

using namespace tessera;

// The latest Simulation, kept across Google Benchmark's repeated calls with the same arguments.
struct Frame {
    uint64_t count = 0;
    unsigned threads = 0;
    std::size_t chunk_capacity = 0;
    std::unique_ptr<JobSystem> jobs;
    std::unique_ptr<scene::Simulation> sim;
    std::vector<gpu::CubeInstance> out;
};

Frame& frame(uint64_t count, unsigned threads, std::size_t chunk_capacity) {
    static Frame cached;
    if (cached.count != count || cached.threads != threads || cached.chunk_capacity != chunk_capacity) {
        cached.sim.reset();
        cached.jobs = std::make_unique<JobSystem>(threads);
        cached.sim = std::make_unique<scene::Simulation>(scene::SceneDesc{SceneKind::random, 1, count},
                                                         *cached.jobs, chunk_capacity);
        cached.out.assign(count, gpu::CubeInstance{});
        cached.count = count;
        cached.threads = threads;
        cached.chunk_capacity = chunk_capacity;
    }
    return cached;
}

std::map<uint64_t, double>& one_thread_ms() {
    static std::map<uint64_t, double> ms;
    return ms;
}

void BM_Frame(benchmark::State& state) {
    const auto count = static_cast<uint64_t>(state.range(0));
    const auto threads = static_cast<unsigned>(state.range(1));
    const auto chunk =
        state.range(2) > 0 ? static_cast<std::size_t>(state.range(2)) : ecs::World::kDefaultChunkCapacity;
    Frame& f = frame(count, threads, chunk);
    f.sim->step(1.0f / 60.0f);  // warm: pages touched, queries matched
    f.sim->extract(f.out);
    f.sim->reset_stats();
    const auto begin = std::chrono::steady_clock::now();
    for (auto _ : state) {
        f.sim->step(1.0f / 60.0f);
        benchmark::DoNotOptimize(f.sim->extract(f.out));
        benchmark::ClobberMemory();
    }
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin).count() /
        static_cast<double>(state.iterations());
    state.counters["frame_ms"] = ms;
    state.counters["entities/s"] = benchmark::Counter(
        static_cast<double>(count) * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
    if (state.range(2) == 0) {
        if (threads == 1) one_thread_ms()[count] = ms;
        if (const auto found = one_thread_ms().find(count); found != one_thread_ms().end())
            state.counters["speedup"] = found->second / ms;
    }
    for (const ecs::SystemStats& s : f.sim->schedule().stats())
        if (s.runs > 0) state.counters[s.name + "_ms"] = s.total_ms / static_cast<double>(s.runs);
}
// chunk 0 = World::kDefaultChunkCapacity; 1 thread comes first, as the speed-up's base.
void frame_args(benchmark::internal::Benchmark* b) {
    b->ArgNames({"entities", "threads", "chunk"});
    for (int64_t entities : {100'000, 1'000'000, 10'000'000})
        for (int64_t threads : {1, 2, 4, 8, 16}) b->Args({entities, threads, 0});
}
BENCHMARK(BM_Frame)->Apply(frame_args)->UseRealTime()->Unit(benchmark::kMillisecond);

// The chunk capacity's effect (the unit of parallel work) at 1M entities.
void chunk_args(benchmark::internal::Benchmark* b) {
    b->ArgNames({"entities", "threads", "chunk"});
    for (int64_t threads : {1, 16})
        for (int64_t chunk : {1024, 4096, 16384}) b->Args({1'000'000, threads, chunk});
}
BENCHMARK(BM_Frame)->Name("BM_FrameChunk")->Apply(chunk_args)->UseRealTime()->Unit(benchmark::kMillisecond);

// The schedule's own cost: a frame of an empty World (every system still runs, on no entities).
BENCHMARK(BM_Frame)
    ->Name("BM_FrameOverhead")
    ->ArgNames({"entities", "threads", "chunk"})
    ->Args({0, 1, 0})
    ->Args({0, 2, 0})
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

// ---- par_for_each on its own: position += velocity * dt over 1M entities

struct QueryWorld {
    ecs::World world;
    explicit QueryWorld(std::size_t count, JobSystem* jobs = nullptr) {
        world.spawn_batch<scene::Position, scene::Velocity>(
            count,
            [](const ecs::ChunkView<scene::Position, scene::Velocity>& view) {
                for (std::size_t k = 0; k < view.size(); ++k) {
                    const float x = static_cast<float>(view.first() + k);
                    view.column<scene::Position>()[k] = {{x, 0, 0}};
                    view.column<scene::Velocity>()[k] = {{1, 2, 3}};
                }
            },
            jobs);
    }
};

QueryWorld& query_world() {
    static QueryWorld world(1'000'000);
    return world;
}

void BM_QueryParForEach(benchmark::State& state) {
    JobSystem jobs(static_cast<unsigned>(state.range(0)));
    ecs::World& world = query_world().world;
    for (auto _ : state) {
        ecs::Query<scene::Position, const scene::Velocity>(world).par_for_each(
            jobs, [](scene::Position& p, const scene::Velocity& v) { p.value += v.value * 0.016f; });
        benchmark::ClobberMemory();
    }
    state.counters["entities/s"] =
        benchmark::Counter(static_cast<double>(world.size()) * static_cast<double>(state.iterations()),
                           benchmark::Counter::kIsRate);
}
BENCHMARK(BM_QueryParForEach)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Arg(4)
    ->Arg(16)
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

void BM_QueryForEachSerial(benchmark::State& state) {
    ecs::World& world = query_world().world;
    for (auto _ : state) {
        ecs::Query<scene::Position, const scene::Velocity>(world).for_each(
            [](scene::Position& p, const scene::Velocity& v) { p.value += v.value * 0.016f; });
        benchmark::ClobberMemory();
    }
    state.counters["entities/s"] =
        benchmark::Counter(static_cast<double>(world.size()) * static_cast<double>(state.iterations()),
                           benchmark::Counter::kIsRate);
}
BENCHMARK(BM_QueryForEachSerial)->UseRealTime()->Unit(benchmark::kMicrosecond);

void BM_SpawnBatch(benchmark::State& state) {
    JobSystem jobs(static_cast<unsigned>(state.range(0)));
    for (auto _ : state) {
        QueryWorld world(1'000'000, &jobs);
        benchmark::DoNotOptimize(world.world.size());
    }
    state.counters["entities/s"] =
        benchmark::Counter(1e6 * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SpawnBatch)->ArgName("threads")->Arg(1)->Arg(2)->UseRealTime()->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
