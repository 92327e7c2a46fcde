#include "render/visibility_resolve.h"

#include "base/assert.h"
#include "render/cull_pass.h"
#include "render/gpu_scene.h"
#include "shaders/shared.h"
#include "vk/device.h"
#include "vk/pipeline.h"

namespace tessera::render {

VisibilityResolve::VisibilityResolve(const ModeDesc& desc, const CullPass& cull)
    : scene_(*desc.scene),
      cull_(cull),
      layout_(
          vk::create_pipeline_layout(*desc.device, sizeof(gpu::ResolvePush), VK_SHADER_STAGE_FRAGMENT_BIT)) {
    TS_ASSERT(cull.has_visibility());
    const auto vertex = vk::load_shader(*desc.device, "fullscreen.vert");
    const auto fragment = vk::load_shader(*desc.device, "visibility_resolve.frag");
    pipeline_ = create_attachment_pipeline(desc, vertex, fragment, layout_, VK_CULL_MODE_NONE, nullptr,
                                           "visibility resolve pipeline", /*blend_over=*/true);
}

void VisibilityResolve::add_pass(graph::FrameGraph& graph, const FrameTargets& targets,
                                 const FrameContext& frame) {
    using graph::Usage;
    constexpr VkPipelineStageFlags2 kFragment = VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT;
    graph::PassDesc pass{.name = "visibility resolve", .kind = graph::PassKind::graphics};
    for (const graph::ResourceId read :
         {targets.uniforms, targets.cubes, cull_.visibility_id(), cull_.coverage_id()})
        pass.uses.push_back({.resource = read, .usage = Usage::storage_read, .stages = kFragment});
    targets.attach(pass, true);
    pass.record = [this, &frame](graph::PassContext& ctx) {
        const gpu::ResolvePush push{.uniforms = frame.frame_uniforms,
                                    .chunks = scene_.chunk_table(ctx.slot),
                                    .visibility = cull_.visibility(ctx),
                                    .coverage = cull_.coverage(ctx),
                                    .chunk_shift = scene_.chunk_shift(),
                                    .width = ctx.extent.width};
        vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline_);
        vk::set_full_viewport(ctx.cmd, ctx.extent);
        vkCmdPushConstants(ctx.cmd, layout_, VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof push, &push);
        vkCmdDraw(ctx.cmd, 3, 1, 0, 0);
    };
    graph.add_pass(std::move(pass));
}

}  // namespace tessera::render
