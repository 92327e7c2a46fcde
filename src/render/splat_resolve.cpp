#include "render/splat_resolve.h"

#include "vk/device.h"
#include "vk/pipeline.h"

namespace tessera::render {

SplatResolve::SplatResolve(const ModeDesc& desc)
    : layout_(
          vk::create_pipeline_layout(*desc.device, sizeof(gpu::ResolvePush), VK_SHADER_STAGE_FRAGMENT_BIT)) {
    const auto vertex = vk::load_shader(*desc.device, "fullscreen.vert");
    const auto fragment = vk::load_shader(*desc.device, "splat_resolve.frag");
    pipeline_ = create_attachment_pipeline(desc, vertex, fragment, layout_, VK_CULL_MODE_NONE, nullptr,
                                           "splat resolve pipeline");
}

void SplatResolve::draw(VkCommandBuffer cmd, VkExtent2D extent, const gpu::ResolvePush& push) const {
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline_);
    vk::set_full_viewport(cmd, extent);
    vkCmdPushConstants(cmd, layout_, VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof push, &push);
    vkCmdDraw(cmd, 3, 1, 0, 0);
}

}  // namespace tessera::render
