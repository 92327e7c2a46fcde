#include "vk/pipeline.h"

#include "base/error.h"
#include "vk/check.h"
#include "vk/device.h"
#include "vk/shader_library.h"
#include "vk/spirv_check.h"

#include <algorithm>
#include <fstream>
#include <string>

namespace tessera::vk {

std::vector<uint32_t> read_spirv(const std::filesystem::path& path) {
    std::ifstream file(path, std::ios::binary | std::ios::ate);
    if (!file) throw Error("cannot open shader " + path.string());
    const auto size = static_cast<size_t>(file.tellg());
    if (size == 0 || size % 4 != 0)
        throw Error("shader " + path.string() + " is not SPIR-V (size " + std::to_string(size) + ")");
    std::vector<uint32_t> code(size / 4);
    file.seekg(0);
    file.read(reinterpret_cast<char*>(code.data()), static_cast<std::streamsize>(size));
    if (!file || code[0] != 0x07230203u) throw Error("shader " + path.string() + " is not SPIR-V");
    check_spirv(code, path.string());  // a damaged module is refused here, not handed to the driver
    return code;
}

Handle<VkShaderModule> create_shader_module(const Device& device, std::span<const uint32_t> code,
                                            const char* name) {
    VkShaderModuleCreateInfo info{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
    info.codeSize = code.size_bytes();
    info.pCode = code.data();
    VkShaderModule module = VK_NULL_HANDLE;
    VK_CHECK(vkCreateShaderModule(device.handle(), &info, nullptr, &module));
    device.set_name(VK_OBJECT_TYPE_SHADER_MODULE, module, name);
    return {device.handle(), module};
}

Handle<VkShaderModule> load_shader(const Device& device, std::string_view name) {
    const std::string file = std::string(name) + ".spv";
    return create_shader_module(device, shader_library::code(name), file.c_str());
}

Handle<VkPipelineLayout> create_pipeline_layout(const Device& device, const PipelineLayoutDesc& desc) {
    const VkPushConstantRange range{desc.push_stages, 0, desc.push_constant_bytes};
    VkPipelineLayoutCreateInfo info{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
    info.setLayoutCount = static_cast<uint32_t>(desc.set_layouts.size());
    info.pSetLayouts = desc.set_layouts.data();
    info.pushConstantRangeCount = desc.push_constant_bytes ? 1 : 0;
    info.pPushConstantRanges = &range;
    VkPipelineLayout layout = VK_NULL_HANDLE;
    VK_CHECK(vkCreatePipelineLayout(device.handle(), &info, nullptr, &layout));
    device.set_name(VK_OBJECT_TYPE_PIPELINE_LAYOUT, layout, desc.name);
    return {device.handle(), layout};
}

Handle<VkPipelineLayout> create_pipeline_layout(const Device& device, uint32_t push_constant_bytes,
                                                VkShaderStageFlags push_stages) {
    return create_pipeline_layout(device, PipelineLayoutDesc{push_constant_bytes, push_stages, {}});
}

namespace {

// vertex + fragment, or [task +] mesh + fragment, each at most once.
void check_stages(const Device& device, const GraphicsPipelineDesc& desc) {
    VkShaderStageFlags seen = 0;
    bool duplicate = false;
    for (const ShaderStage& s : desc.stages) {
        duplicate |= (seen & s.stage) != 0;
        seen |= s.stage;
    }
    const VkShaderStageFlags mesh_stages = VK_SHADER_STAGE_TASK_BIT_EXT | VK_SHADER_STAGE_MESH_BIT_EXT;
    const VkShaderStageFlags known = mesh_stages | VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT;
    const bool vertex = seen & VK_SHADER_STAGE_VERTEX_BIT, mesh = seen & VK_SHADER_STAGE_MESH_BIT_EXT;
    const bool valid = !duplicate && (seen & ~known) == 0 && (seen & VK_SHADER_STAGE_FRAGMENT_BIT) &&
                       (vertex != mesh) && !(vertex && (seen & mesh_stages));
    if (!valid)
        throw Error(std::string(desc.name) +
                    ": a graphics pipeline needs vertex + fragment, or [task +] mesh + fragment stages");
    if (mesh && !device.caps().mesh_shader)
        throw Error(std::string(desc.name) + ": this GPU has no mesh shaders (VK_EXT_mesh_shader)");
}

}  // namespace

Handle<VkPipeline> create_graphics_pipeline(const Device& device, const GraphicsPipelineDesc& desc) {
    check_stages(device, desc);
    VkPipelineShaderStageCreateInfo stages[3]{};
    for (size_t i = 0; i < desc.stages.size(); ++i) {
        stages[i] = {VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO};
        stages[i].stage = desc.stages[i].stage;
        stages[i].module = desc.stages[i].module;
        stages[i].pName = "main";
        stages[i].pSpecializationInfo = desc.stages[i].specialization;
    }
    const bool mesh = std::any_of(desc.stages.begin(), desc.stages.end(), [](const ShaderStage& s) {
        return s.stage == VK_SHADER_STAGE_MESH_BIT_EXT;
    });

    VkPipelineVertexInputStateCreateInfo vertex_input{
        VK_STRUCTURE_TYPE_PIPELINE_VERTEX_INPUT_STATE_CREATE_INFO};
    VkPipelineInputAssemblyStateCreateInfo assembly{
        VK_STRUCTURE_TYPE_PIPELINE_INPUT_ASSEMBLY_STATE_CREATE_INFO};
    assembly.topology = VK_PRIMITIVE_TOPOLOGY_TRIANGLE_LIST;
    VkPipelineViewportStateCreateInfo viewport{VK_STRUCTURE_TYPE_PIPELINE_VIEWPORT_STATE_CREATE_INFO};
    viewport.viewportCount = 1;
    viewport.scissorCount = 1;
    VkPipelineRasterizationStateCreateInfo raster{VK_STRUCTURE_TYPE_PIPELINE_RASTERIZATION_STATE_CREATE_INFO};
    raster.polygonMode = VK_POLYGON_MODE_FILL;
    raster.cullMode = desc.cull;
    raster.frontFace = VK_FRONT_FACE_COUNTER_CLOCKWISE;
    raster.lineWidth = 1.0f;
    VkPipelineMultisampleStateCreateInfo multisample{
        VK_STRUCTURE_TYPE_PIPELINE_MULTISAMPLE_STATE_CREATE_INFO};
    multisample.rasterizationSamples = desc.samples;
    VkPipelineDepthStencilStateCreateInfo depth{VK_STRUCTURE_TYPE_PIPELINE_DEPTH_STENCIL_STATE_CREATE_INFO};
    depth.depthTestEnable = desc.depth_format != VK_FORMAT_UNDEFINED;
    depth.depthWriteEnable = desc.depth_write;
    depth.depthCompareOp = desc.depth_compare;
    VkPipelineColorBlendAttachmentState blend_attachment{};
    blend_attachment.colorWriteMask = VK_COLOR_COMPONENT_R_BIT | VK_COLOR_COMPONENT_G_BIT |
                                      VK_COLOR_COMPONENT_B_BIT | VK_COLOR_COMPONENT_A_BIT;
    if (desc.alpha_blend) {  // straight alpha: colour over what is there; the target's alpha is kept
        blend_attachment.blendEnable = VK_TRUE;
        blend_attachment.srcColorBlendFactor = VK_BLEND_FACTOR_SRC_ALPHA;
        blend_attachment.dstColorBlendFactor = VK_BLEND_FACTOR_ONE_MINUS_SRC_ALPHA;
        blend_attachment.colorBlendOp = VK_BLEND_OP_ADD;
        blend_attachment.srcAlphaBlendFactor = VK_BLEND_FACTOR_ZERO;
        blend_attachment.dstAlphaBlendFactor = VK_BLEND_FACTOR_ONE;
        blend_attachment.alphaBlendOp = VK_BLEND_OP_ADD;
    }
    VkPipelineColorBlendStateCreateInfo blend{VK_STRUCTURE_TYPE_PIPELINE_COLOR_BLEND_STATE_CREATE_INFO};
    blend.attachmentCount = desc.color_format != VK_FORMAT_UNDEFINED ? 1 : 0;
    blend.pAttachments = &blend_attachment;
    const VkDynamicState dynamic_states[] = {VK_DYNAMIC_STATE_VIEWPORT, VK_DYNAMIC_STATE_SCISSOR};
    VkPipelineDynamicStateCreateInfo dynamic{VK_STRUCTURE_TYPE_PIPELINE_DYNAMIC_STATE_CREATE_INFO};
    dynamic.dynamicStateCount = 2;
    dynamic.pDynamicStates = dynamic_states;

    VkPipelineRenderingCreateInfo rendering{VK_STRUCTURE_TYPE_PIPELINE_RENDERING_CREATE_INFO};
    rendering.colorAttachmentCount = desc.color_format != VK_FORMAT_UNDEFINED ? 1 : 0;
    rendering.pColorAttachmentFormats = &desc.color_format;
    rendering.depthAttachmentFormat = desc.depth_format;

    VkGraphicsPipelineCreateInfo info{VK_STRUCTURE_TYPE_GRAPHICS_PIPELINE_CREATE_INFO, &rendering};
    info.stageCount = static_cast<uint32_t>(desc.stages.size());
    info.pStages = stages;
    info.pVertexInputState = mesh ? nullptr : &vertex_input;  // mesh pipelines have no vertex input
    info.pInputAssemblyState = mesh ? nullptr : &assembly;
    info.pViewportState = &viewport;
    info.pRasterizationState = &raster;
    info.pMultisampleState = &multisample;
    info.pDepthStencilState = &depth;
    info.pColorBlendState = &blend;
    info.pDynamicState = &dynamic;
    info.layout = desc.layout;
    VkPipeline pipeline = VK_NULL_HANDLE;
    VK_CHECK(vkCreateGraphicsPipelines(device.handle(), VK_NULL_HANDLE, 1, &info, nullptr, &pipeline));
    device.set_name(VK_OBJECT_TYPE_PIPELINE, pipeline, desc.name);
    return {device.handle(), pipeline};
}

void set_full_viewport(VkCommandBuffer cmd, VkExtent2D extent) {
    const VkViewport viewport{0, 0, float(extent.width), float(extent.height), 0.0f, 1.0f};
    const VkRect2D scissor{{0, 0}, extent};
    vkCmdSetViewport(cmd, 0, 1, &viewport);
    vkCmdSetScissor(cmd, 0, 1, &scissor);
}

Handle<VkPipeline> create_compute_pipeline(const Device& device, VkShaderModule shader,
                                           VkPipelineLayout layout,
                                           const VkSpecializationInfo* specialization, const char* name) {
    VkComputePipelineCreateInfo info{VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
    info.stage = {VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO};
    info.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
    info.stage.module = shader;
    info.stage.pName = "main";
    info.stage.pSpecializationInfo = specialization;
    info.layout = layout;
    VkPipeline pipeline = VK_NULL_HANDLE;
    VK_CHECK(vkCreateComputePipelines(device.handle(), VK_NULL_HANDLE, 1, &info, nullptr, &pipeline));
    device.set_name(VK_OBJECT_TYPE_PIPELINE, pipeline, name);
    return {device.handle(), pipeline};
}

}  // namespace tessera::vk
