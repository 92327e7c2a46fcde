#include "render/mode.h"

#include "vk/pipeline.h"

namespace tessera::render {

std::unique_ptr<Mode> create_cpu_mode(const ModeDesc& desc);
std::unique_ptr<Mode> create_instanced_mode(const ModeDesc& desc);
std::unique_ptr<Mode> create_gpu_cull_mode(const ModeDesc& desc);
std::unique_ptr<Mode> create_gpu_lod_mode(const ModeDesc& desc);

std::unique_ptr<Mode> create_mode(RenderMode mode, const ModeDesc& desc) {
    switch (mode) {
        case RenderMode::cpu:
            return create_cpu_mode(desc);
        case RenderMode::instanced:
            return create_instanced_mode(desc);
        case RenderMode::gpu_cull:
            return create_gpu_cull_mode(desc);
        case RenderMode::gpu_lod:
            return create_gpu_lod_mode(desc);
    }
    return create_instanced_mode(desc);
}

vk::Handle<VkPipeline> create_attachment_pipeline(const ModeDesc& desc, VkShaderModule vertex,
                                                  VkShaderModule fragment, VkPipelineLayout layout,
                                                  VkCullModeFlags cull,
                                                  const VkSpecializationInfo* specialization,
                                                  const char* name) {
    vk::GraphicsPipelineDesc p;
    p.stages = {{VK_SHADER_STAGE_VERTEX_BIT, vertex, specialization},
                {VK_SHADER_STAGE_FRAGMENT_BIT, fragment, specialization}};
    p.layout = layout;
    p.color_format = desc.color_format;
    p.depth_format = desc.depth_format;
    p.samples = desc.samples;
    p.cull = cull;
    p.name = name;
    return vk::create_graphics_pipeline(*desc.device, p);
}

}  // namespace tessera::render
