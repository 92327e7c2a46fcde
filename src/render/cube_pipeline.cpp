#include "render/cube_pipeline.h"

#include "render/gpu_scene.h"
#include "vk/commands.h"
#include "vk/device.h"
#include "vk/pipeline.h"

#include <cstring>

namespace tessera::render {

static_assert(TS_SPEC_VISIBILITY_OUT == 2, "CubeSpecialization numbers CubeVariant's constants 0, 1, 2");

CubePipeline::CubePipeline(const ModeDesc& desc, CubeVariant variant)
    : variant_(variant),
      layout_(vk::create_pipeline_layout(*desc.device, sizeof(gpu::DrawPush),
                                         VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT)) {
    const char* fragment_shader = variant.visibility ? "cube_visibility.frag" : "cube.frag";
    pipeline_ = ReloadablePipeline(
        {"cube.vert", fragment_shader}, [desc, variant, fragment_shader, layout = layout_.get()] {
            const auto vertex = vk::load_shader(*desc.device, "cube.vert");
            const auto fragment = vk::load_shader(*desc.device, fragment_shader);
            const CubeSpecialization specialization(
                desc.scene->compact(),
                {static_cast<uint32_t>(variant.ids), variant.faces_only ? VK_TRUE : VK_FALSE,
                 variant.visibility ? VK_TRUE : VK_FALSE});
            if (!variant.visibility)
                return create_attachment_pipeline(desc, vertex, fragment, layout, VK_CULL_MODE_BACK_BIT,
                                                  specialization.info(), "cube pipeline");
            vk::GraphicsPipelineDesc p;  // no attachments: the fragment shader's atomics are its output
            p.stages = {{VK_SHADER_STAGE_VERTEX_BIT, vertex, specialization.info()},
                        {VK_SHADER_STAGE_FRAGMENT_BIT, fragment, specialization.info()}};
            p.layout = layout;
            p.name = "cube visibility pipeline";
            return vk::create_graphics_pipeline(*desc.device, p);
        });

    // Each face: corners (0, 1, 2) and (2, 1, 3), counter-clockwise from outside (shaders/cube.glsl). The
    // faces-only variant draws the first 18 indices, whose 12 vertices the shader maps to camera-facing
    // faces.
    uint16_t indices[TS_CUBE_INDEX_COUNT];
    for (uint16_t face = 0; face < 6; ++face) {
        const uint16_t v = face * 4;
        const uint16_t quad[6] = {
            v, uint16_t(v + 1), uint16_t(v + 2), uint16_t(v + 2), uint16_t(v + 1), uint16_t(v + 3)};
        std::memcpy(&indices[face * 6], quad, sizeof quad);
    }
    indices_ = vk::Buffer(*desc.device, sizeof indices,
                          VK_BUFFER_USAGE_INDEX_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                          vk::MemoryUse::device, "cube indices");
    vk::Uploader uploader(*desc.device, 4096);
    uploader.upload_bytes(indices_, 0, std::as_bytes(std::span(indices)));
}

void CubePipeline::declare_draw(graph::PassDesc& pass, const FrameTargets& targets, bool first,
                                graph::ResourceId visibility) {
    using graph::Usage;
    constexpr VkPipelineStageFlags2 kVertex = VK_PIPELINE_STAGE_2_VERTEX_SHADER_BIT;
    pass.uses.push_back({.resource = targets.uniforms, .usage = Usage::storage_read, .stages = kVertex});
    pass.uses.push_back({.resource = targets.cubes, .usage = Usage::storage_read, .stages = kVertex});
    pass.uses.push_back({.resource = targets.indices,
                         .usage = Usage::index_read,
                         .stages = VK_PIPELINE_STAGE_2_INDEX_INPUT_BIT});
    if (visibility == graph::kNoResource) {
        targets.attach(pass, first);
        return;
    }
    pass.uses.push_back({.resource = visibility,
                         .usage = Usage::storage_read_write,
                         .stages = VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT});
}

void CubePipeline::bind(VkCommandBuffer cmd, VkExtent2D extent, const gpu::DrawPush& push) const {
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline_);
    vkCmdBindIndexBuffer(cmd, indices_.handle(), 0, VK_INDEX_TYPE_UINT16);
    vk::set_full_viewport(cmd, extent);
    vkCmdPushConstants(cmd, layout_, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0,
                       sizeof push, &push);
}

}  // namespace tessera::render
