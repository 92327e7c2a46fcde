#include "render/visibility_resolve.h"

#include "base/assert.h"
#include "render/cull_pass.h"
#include "render/gpu_scene.h"
#include "shaders/shared.h"
#include "vk/device.h"
#include "vk/pipeline.h"

namespace tessera::render {
namespace {

bool is_srgb(VkFormat format) {
    switch (format) {
        case VK_FORMAT_B8G8R8A8_SRGB:
        case VK_FORMAT_R8G8B8A8_SRGB:
        case VK_FORMAT_A8B8G8R8_SRGB_PACK32:
            return true;
        default:
            return false;
    }
}

}  // namespace

VisibilityResolve::VisibilityResolve(const ModeDesc& desc, const CullPass& cull)
    : scene_(*desc.scene),
      cull_(cull),
      srgb_(is_srgb(desc.color_format)),
      shade_layout_(
          vk::create_pipeline_layout(*desc.device, sizeof(gpu::ShadePush), VK_SHADER_STAGE_COMPUTE_BIT)),
      layout_(
          vk::create_pipeline_layout(*desc.device, sizeof(gpu::ResolvePush), VK_SHADER_STAGE_FRAGMENT_BIT)) {
    TS_ASSERT(cull.has_visibility());
    const vk::Device& device = *desc.device;
    shade_ = vk::create_compute_pipeline(device, vk::load_shader(device, "visibility_shade.comp"),
                                         shade_layout_, nullptr, "visibility shade pipeline");
    const auto vertex = vk::load_shader(device, "fullscreen.vert");
    const auto fragment = vk::load_shader(device, "visibility_resolve.frag");
    pipeline_ = create_attachment_pipeline(desc, vertex, fragment, layout_, VK_CULL_MODE_NONE, nullptr,
                                           "visibility resolve pipeline");
}

void VisibilityResolve::add_passes(graph::FrameGraph& graph, const FrameTargets& targets,
                                   const FrameContext& frame) {
    using graph::Usage;
    constexpr VkPipelineStageFlags2 kCompute = VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT;
    graph::PassDesc shade{.name = "visibility shade", .kind = graph::PassKind::compute};
    for (const graph::ResourceId read : {targets.uniforms, targets.cubes, cull_.coverage_id()})
        shade.uses.push_back({.resource = read, .usage = Usage::storage_read, .stages = kCompute});
    shade.uses.push_back(
        {.resource = cull_.visibility_id(), .usage = Usage::storage_read_write, .stages = kCompute});
    const VkClearColorValue background = targets.clear_color.color;
    shade.record = [this, background, &frame](graph::PassContext& ctx) {
        const gpu::ShadePush push{
            .uniforms = frame.frame_uniforms,
            .chunks = scene_.chunk_table(ctx.slot),
            .visibility = cull_.visibility(ctx),
            .coverage = cull_.coverage(ctx),
            .chunk_shift = scene_.chunk_shift(),
            .width = ctx.extent.width,
            .height = ctx.extent.height,
            .srgb = srgb_ ? 1u : 0u,
            .background = {background.float32[0], background.float32[1], background.float32[2], 1.0f}};
        vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_COMPUTE, shade_);
        vkCmdPushConstants(ctx.cmd, shade_layout_, VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof push, &push);
        vkCmdDispatch(ctx.cmd, (ctx.extent.width + TS_SHADE_GROUP - 1) / TS_SHADE_GROUP,
                      (ctx.extent.height + TS_SHADE_GROUP - 1) / TS_SHADE_GROUP, 1);
    };
    graph.add_pass(std::move(shade));

    graph::PassDesc resolve{.name = "visibility resolve", .kind = graph::PassKind::graphics};
    resolve.uses.push_back({.resource = cull_.visibility_id(),
                            .usage = Usage::storage_read,
                            .stages = VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT});
    targets.attach(resolve, true);
    resolve.record = [this](graph::PassContext& ctx) {
        const gpu::ResolvePush push{
            .visibility = cull_.visibility(ctx), .width = ctx.extent.width, .srgb = srgb_ ? 1u : 0u};
        vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline_);
        vk::set_full_viewport(ctx.cmd, ctx.extent);
        vkCmdPushConstants(ctx.cmd, layout_, VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof push, &push);
        vkCmdDraw(ctx.cmd, 3, 1, 0, 0);
    };
    graph.add_pass(std::move(resolve));
}

}  // namespace tessera::render
