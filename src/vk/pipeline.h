#pragma once
// Shader modules and pipelines, all created up front (never at draw time). Graphics pipelines use dynamic
// rendering (no render pass objects) with dynamic viewport and scissor, so a resize never rebuilds them.

#include "vk/handle.h"

#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

namespace tessera::vk {

class Device;

// Reads a .spv file; throws Error naming the path if it is missing or not SPIR-V.
std::vector<uint32_t> read_spirv(const std::filesystem::path& path);
Handle<VkShaderModule> create_shader_module(const Device& device, std::span<const uint32_t> code,
                                            const char* name);
// Loads the current code of `name` (vk/shader_library.h: <spirv_dir>/<name>.spv unless hot reload replaced
// it), e.g. load_shader(device, "cube.vert").
Handle<VkShaderModule> load_shader(const Device& device, std::string_view name);

struct PipelineLayoutDesc {
    uint32_t push_constant_bytes = 0;  // one range at offset 0, or none
    VkShaderStageFlags push_stages = 0;
    std::vector<VkDescriptorSetLayout> set_layouts;  // set i = set_layouts[i] (see vk/descriptors.h)
    const char* name = "pipeline layout";
};
Handle<VkPipelineLayout> create_pipeline_layout(const Device& device, const PipelineLayoutDesc& desc);
// Push constants only.
Handle<VkPipelineLayout> create_pipeline_layout(const Device& device, uint32_t push_constant_bytes,
                                                VkShaderStageFlags push_stages);

struct ShaderStage {
    VkShaderStageFlagBits stage = VK_SHADER_STAGE_VERTEX_BIT;
    VkShaderModule module = VK_NULL_HANDLE;
    const VkSpecializationInfo* specialization = nullptr;
};

struct GraphicsPipelineDesc {
    // vertex + fragment, or [task +] mesh + fragment (only where device.caps().mesh_shader); entry "main".
    std::vector<ShaderStage> stages;
    VkPipelineLayout layout = VK_NULL_HANDLE;
    VkFormat color_format = VK_FORMAT_UNDEFINED;  // UNDEFINED: no colour attachment
    VkFormat depth_format = VK_FORMAT_UNDEFINED;  // UNDEFINED: no depth attachment (and no depth test)
    VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
    VkCullModeFlags cull = VK_CULL_MODE_BACK_BIT;
    VkCompareOp depth_compare = VK_COMPARE_OP_GREATER;  // reversed Z: near = 1, far = 0
    bool depth_write = true;
    bool alpha_blend = false;  // colour = src * src.a + dst * (1 - src.a); the attachment's alpha is kept
    const char* name = "graphics pipeline";
};
// Throws Error for a stage list that is not one of the above, or mesh stages the device lacks.
Handle<VkPipeline> create_graphics_pipeline(const Device& device, const GraphicsPipelineDesc& desc);

// Sets the dynamic viewport (depth 0..1) and scissor to the whole of `extent`.
void set_full_viewport(VkCommandBuffer cmd, VkExtent2D extent);

Handle<VkPipeline> create_compute_pipeline(const Device& device, VkShaderModule shader,
                                           VkPipelineLayout layout,
                                           const VkSpecializationInfo* specialization, const char* name);

}  // namespace tessera::vk
