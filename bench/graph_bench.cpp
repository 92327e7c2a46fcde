// The frame graph's own CPU cost per frame: planning (barrier derivation, rendering groups) of a graph shaped
// like gpu-lod's with MSAA and a depth pyramid, over frames cycling through the slots, as FrameGraph::record
// does before it issues the Vulkan calls. The target is under 0.05 ms per frame.
//
//   build/graph_bench --benchmark_counters_tabular=true

#include "graph/plan.h"
#include "graph/resource_state.h"

#include <benchmark/benchmark.h>

#include <vector>

namespace {

using namespace tessera::graph;

constexpr VkPipelineStageFlags2 kCompute = VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT;
constexpr VkPipelineStageFlags2 kCopy = VK_PIPELINE_STAGE_2_COPY_BIT;
constexpr VkPipelineStageFlags2 kVertex = VK_PIPELINE_STAGE_2_VERTEX_SHADER_BIT;
constexpr VkPipelineStageFlags2 kFragment = VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT;
constexpr VkPipelineStageFlags2 kColour = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT;
constexpr VkPipelineStageFlags2 kDepth =
    VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT;

struct Graph {
    StateTracker tracker;
    std::vector<std::vector<PassDecl>> passes;  // per slot
    std::vector<std::vector<ResourceUse>> frame_end;
};

Graph gpu_lod_graph(uint32_t slots, uint32_t pyramid_levels) {
    Graph g;
    const ResourceId cubes = g.tracker.add_buffer(), uniforms = g.tracker.add_buffer();
    const ResourceId indices = g.tracker.add_buffer(), ids = g.tracker.add_buffer();
    const ResourceId draws = g.tracker.add_buffer(), visibility = g.tracker.add_buffer();
    const ResourceId msaa = g.tracker.add_image(1, 1, VK_IMAGE_ASPECT_COLOR_BIT);
    const ResourceId depth = g.tracker.add_image(1, 1, VK_IMAGE_ASPECT_DEPTH_BIT);
    const ResourceId pyramid =
        g.tracker.add_image(pyramid_levels ? pyramid_levels : 1, 1, VK_IMAGE_ASPECT_COLOR_BIT);
    std::vector<ResourceId> targets, counts;
    for (uint32_t s = 0; s < slots; ++s) {
        targets.push_back(g.tracker.add_image(1, 1, VK_IMAGE_ASPECT_COLOR_BIT));
        counts.push_back(g.tracker.add_buffer());
    }
    g.tracker.assume_written(cubes, kCopy, VK_ACCESS_2_TRANSFER_WRITE_BIT);
    for (uint32_t s = 0; s < slots; ++s) {
        std::vector<PassDecl> p;
        p.push_back({PassKind::transfer,
                     {{draws, Usage::transfer_write, kCopy}, {visibility, Usage::transfer_write, kCopy}}});
        p.push_back({PassKind::compute,
                     {{uniforms, Usage::storage_read, kCompute},
                      {cubes, Usage::storage_read, kCompute},
                      {ids, Usage::storage_write, kCompute},
                      {draws, Usage::storage_read_write, kCompute},
                      {visibility, Usage::storage_read_write, kCompute}}});
        p.push_back({PassKind::compute, {{draws, Usage::storage_read_write, kCompute}}});
        auto draw = [&](bool first, std::vector<ResourceUse> reads) {
            PassDecl d{PassKind::graphics, std::move(reads), {msaa, targets[s], depth}};
            d.uses.push_back({msaa, Usage::color_attachment, kColour, {}, first});
            d.uses.push_back({targets[s], Usage::color_attachment, kColour, {}, first});
            d.uses.push_back({depth, Usage::depth_attachment, kDepth, {}, first});
            return d;
        };
        p.push_back(draw(true, {{uniforms, Usage::storage_read, kFragment},
                                {cubes, Usage::storage_read, kFragment},
                                {visibility, Usage::storage_read, kFragment}}));
        for (int bucket = 0; bucket < 2; ++bucket)
            p.push_back(draw(false, {{uniforms, Usage::storage_read, kVertex},
                                     {cubes, Usage::storage_read, kVertex},
                                     {indices, Usage::index_read, VK_PIPELINE_STAGE_2_INDEX_INPUT_BIT},
                                     {draws, Usage::indirect_read, VK_PIPELINE_STAGE_2_DRAW_INDIRECT_BIT},
                                     {ids, Usage::storage_read, kVertex}}));
        for (uint32_t level = 0; level < pyramid_levels; ++level) {
            PassDecl d{PassKind::compute, {}};
            if (level == 0)
                d.uses.push_back({depth, Usage::sampled, kCompute});
            else
                d.uses.push_back({pyramid, Usage::sampled, kCompute, {level - 1, 1}});
            d.uses.push_back({pyramid, Usage::storage_image_write, kCompute, {level, 1}, true});
            p.push_back(std::move(d));
        }
        p.push_back({PassKind::transfer,
                     {{draws, Usage::transfer_read, kCopy},
                      {counts[s], Usage::transfer_write, kCopy},
                      {counts[s], Usage::host_read, VK_PIPELINE_STAGE_2_HOST_BIT}}});
        g.passes.push_back(std::move(p));
        g.frame_end.push_back({{targets[s], Usage::present, VK_PIPELINE_STAGE_2_NONE}});
    }
    return g;
}

void BM_PlanFrame(benchmark::State& state) {
    const auto slots = static_cast<uint32_t>(state.range(0));
    const auto levels = static_cast<uint32_t>(state.range(1));
    Graph g = gpu_lod_graph(slots, levels);
    const std::vector<uint8_t> enabled(g.passes[0].size(), 1);
    FramePlan plan;
    std::vector<Barrier> scratch;
    uint64_t frame = 0;
    size_t barriers = 0;
    for (auto _ : state) {
        const uint32_t slot = static_cast<uint32_t>(frame++ % slots);
        plan_frame(g.tracker, g.passes[slot], enabled, g.frame_end[slot], plan, scratch);
        barriers = plan.barriers.size();
        benchmark::DoNotOptimize(plan.steps.data());
    }
    state.counters["passes"] = static_cast<double>(g.passes[0].size());
    state.counters["barriers"] = static_cast<double>(barriers);
}
BENCHMARK(BM_PlanFrame)
    ->ArgNames({"slots", "pyramid_levels"})
    ->Args({2, 0})
    ->Args({3, 11})
    ->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
