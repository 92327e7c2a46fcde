#include "render/cluster_bounds.h"

#include "render/gpu_scene.h"
#include "vk/device.h"
#include "vk/pipeline.h"

namespace tessera::render {

ClusterBounds::ClusterBounds(const vk::Device& device, const GpuScene& scene)
    : scene_(scene),
      layout_(
          vk::create_pipeline_layout(device, sizeof(gpu::ClusterBoundsPush), VK_SHADER_STAGE_COMPUTE_BIT)) {
    pipeline_ = ReloadablePipeline({"cluster_bounds.comp"}, [device = &device, layout = layout_.get()] {
        return vk::create_compute_pipeline(*device, vk::load_shader(*device, "cluster_bounds.comp"), layout,
                                           nullptr, "cluster bounds pipeline");
    });
}

void ClusterBounds::add_pass(graph::FrameGraph& graph, graph::ResourceId cubes, graph::ResourceId spheres) {
    using graph::Usage;
    constexpr VkPipelineStageFlags2 kCompute = VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT;
    graph::PassDesc pass{.name = "cluster bounds", .kind = graph::PassKind::compute};
    pass.uses.push_back({.resource = cubes, .usage = Usage::storage_read, .stages = kCompute});
    pass.uses.push_back({.resource = spheres, .usage = Usage::storage_write, .stages = kCompute});
    pass.record = [this](graph::PassContext& ctx) {
        const gpu::ClusterBoundsPush push{.chunks = scene_.chunk_table(ctx.slot),
                                          .spheres = scene_.cluster_spheres(),
                                          .chunk_shift = scene_.chunk_shift(),
                                          .cube_count = static_cast<uint32_t>(scene_.cube_count())};
        vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline_);
        vkCmdPushConstants(ctx.cmd, layout_, VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof push, &push);
        dispatch_per_cube(ctx.cmd, scene_.cube_count());
    };
    graph.add_pass(std::move(pass));
}

}  // namespace tessera::render
