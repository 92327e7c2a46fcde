#include "render/mode.h"

#include "base/assert.h"
#include "base/error.h"
#include "config/modes.h"
#include "vk/device.h"
#include "vk/pipeline.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <string>

namespace tessera::render {

std::unique_ptr<Mode> create_cpu_mode(const ModeDesc& desc);
std::unique_ptr<Mode> create_instanced_mode(const ModeDesc& desc);
std::unique_ptr<Mode> create_gpu_cull_mode(const ModeDesc& desc);
std::unique_ptr<Mode> create_gpu_lod_mode(const ModeDesc& desc);

namespace {

// The first capability of `needs` that the device lacks, or nullptr.
const char* missing_capability(const ModeNeeds& needs, const vk::DeviceCaps& caps) {
    if (needs.compute_subgroups && !caps.subgroup_ops)
        return "subgroup ballot and arithmetic in compute shaders";
    if (needs.draw_indirect_first_instance && !caps.draw_indirect_first_instance)
        return "drawIndirectFirstInstance";
    return nullptr;
}

}  // namespace

bool can_run(RenderMode mode, const vk::DeviceCaps& caps) {
    return missing_capability(mode_info(mode).needs, caps) == nullptr;
}

std::unique_ptr<Mode> create_mode(RenderMode mode, const ModeDesc& desc) {
    const vk::Device& device = *desc.device;
    const ModeInfo& info = mode_info(mode);
    if (const char* missing = missing_capability(info.needs, device.caps())) {
        std::string runnable;
        for (const ModeInfo& other : kModes)
            if (!missing_capability(other.needs, device.caps()))
                runnable += fmt::format("{}--mode {}", runnable.empty() ? "" : " or ", other.name);
        throw Error(fmt::format("--mode {} needs {}, which {} lacks{}", info.name, missing,
                                device.gpu().name(),
                                runnable.empty() ? "" : " (it can run " + runnable + ")"));
    }
    if (desc.occlusion && mode != RenderMode::gpu_cull && mode != RenderMode::gpu_lod)
        spdlog::info("render.occlusion: --mode {} has no occlusion culling (gpu-cull and gpu-lod do); off",
                     info.name);
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
    TS_ASSERT(false);
    return nullptr;
}

void FrameTargets::attach(graph::PassDesc& pass, bool first) const {
    using graph::Usage;
    constexpr VkPipelineStageFlags2 kColour = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT;
    constexpr VkPipelineStageFlags2 kDepth =
        VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT;
    pass.uses.push_back(
        {.resource = color, .usage = Usage::color_attachment, .stages = kColour, .discard = first});
    if (resolve != graph::kNoResource)
        pass.uses.push_back(
            {.resource = resolve, .usage = Usage::color_attachment, .stages = kColour, .discard = first});
    pass.uses.push_back(
        {.resource = depth, .usage = Usage::depth_attachment, .stages = kDepth, .discard = first});
    pass.colors = {{.image = color, .resolve = resolve, .clear = clear_color}};
    VkClearValue far{};
    far.depthStencil = {0.0f, 0};  // reversed Z: far = 0
    pass.depth = {.image = depth, .clear = far};
}

vk::Handle<VkPipeline> create_attachment_pipeline(const ModeDesc& desc, VkShaderModule vertex,
                                                  VkShaderModule fragment, VkPipelineLayout layout,
                                                  VkCullModeFlags cull,
                                                  const VkSpecializationInfo* specialization,
                                                  const char* name, VkCompareOp depth_compare) {
    vk::GraphicsPipelineDesc p;
    p.stages = {{VK_SHADER_STAGE_VERTEX_BIT, vertex, specialization},
                {VK_SHADER_STAGE_FRAGMENT_BIT, fragment, specialization}};
    p.layout = layout;
    p.color_format = desc.color_format;
    p.depth_format = desc.depth_format;
    p.samples = desc.samples;
    p.cull = cull;
    p.depth_compare = depth_compare;
    p.name = name;
    return vk::create_graphics_pipeline(*desc.device, p);
}

}  // namespace tessera::render
