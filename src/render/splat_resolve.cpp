#include "render/splat_resolve.h"

#include "vk/device.h"
#include "vk/pipeline.h"

namespace tessera::render {

SplatResolve::SplatResolve(const ModeDesc& desc)
    : layout_(vk::create_pipeline_layout(*desc.device, sizeof(gpu::ResolvePush), VK_SHADER_STAGE_FRAGMENT_BIT)) {
    const auto vertex = vk::load_shader(*desc.device, "fullscreen.vert");
    const auto fragment = vk::load_shader(*desc.device, "splat_resolve.frag");
    vk::GraphicsPipelineDesc p;
    p.vertex = vertex;
    p.fragment = fragment;
    p.layout = layout_;
    p.color_format = desc.color_format;
    p.depth_format = desc.depth_format;
    p.samples = desc.samples;
    p.cull = VK_CULL_MODE_NONE;
    p.name = "splat resolve pipeline";
    pipeline_ = vk::create_graphics_pipeline(*desc.device, p);
}

void SplatResolve::draw(VkCommandBuffer cmd, VkExtent2D extent, const gpu::ResolvePush& push) const {
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline_);
    const VkViewport viewport{0, 0, float(extent.width), float(extent.height), 0.0f, 1.0f};
    const VkRect2D scissor{{0, 0}, extent};
    vkCmdSetViewport(cmd, 0, 1, &viewport);
    vkCmdSetScissor(cmd, 0, 1, &scissor);
    vkCmdPushConstants(cmd, layout_, VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof push, &push);
    vkCmdDraw(cmd, 3, 1, 0, 0);
}

}  // namespace tessera::render
