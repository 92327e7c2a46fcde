#include "render/msaa_resolve.h"

#include "base/assert.h"
#include "render/cull_pass.h"
#include "shaders/shared.h"
#include "vk/device.h"
#include "vk/pipeline.h"
#include "vk/sampler.h"

#include <cstdlib>
#include <span>
#include <string_view>

namespace tessera::render {
namespace {

constexpr vk::DescriptorBinding kComputeBindings[] = {
    {0, vk::DescriptorKind::sampled_image, VK_SHADER_STAGE_COMPUTE_BIT},  // the multisampled colour
    {1, vk::DescriptorKind::storage_image, VK_SHADER_STAGE_COMPUTE_BIT},  // the target's R32_UINT view
};
constexpr vk::DescriptorBinding kFragmentBindings[] = {
    {0, vk::DescriptorKind::sampled_image, VK_SHADER_STAGE_FRAGMENT_BIT},
};

// Compute where the target takes storage writes, on GPUs; TESSERA_MSAA_RESOLVE=compute or draw overrides.
bool use_compute(const ModeDesc& desc) {
    if (!desc.target_storage_writes) return false;
    const char* env = std::getenv("TESSERA_MSAA_RESOLVE");
    if (env && std::string_view(env) == "compute") return true;
    if (env && std::string_view(env) == "draw") return false;
    return !desc.device->gpu().is_cpu();
}

vk::Handle<VkSampler> fetch_sampler(const vk::Device& device) {
    vk::SamplerDesc nearest;  // texelFetch ignores it; a combined image sampler needs one
    nearest.filter = VK_FILTER_NEAREST;
    nearest.max_lod = 0.0f;
    nearest.name = "msaa resolve sampler";
    return vk::create_sampler(device, nearest);
}

}  // namespace

MsaaResolve::MsaaResolve(const ModeDesc& desc, const CullPass& cull, uint32_t flags)
    : cull_(cull),
      samples_(desc.samples),
      flags_(flags),
      compute_(use_compute(desc)),
      binder_(*desc.device, desc.frames_in_flight),
      sampler_(fetch_sampler(*desc.device)) {
    TS_ASSERT(cull.has_msaa_gate());
    const vk::Device* device = desc.device;
    const VkShaderStageFlags stage = compute_ ? VK_SHADER_STAGE_COMPUTE_BIT : VK_SHADER_STAGE_FRAGMENT_BIT;
    set_layout_.emplace(*device,
                        compute_ ? std::span<const vk::DescriptorBinding>(kComputeBindings)
                                 : std::span<const vk::DescriptorBinding>(kFragmentBindings),
                        binder_.uses_push(), "msaa resolve set layout");
    layout_ = vk::create_pipeline_layout(
        *device, vk::PipelineLayoutDesc{
                     sizeof(gpu::MsaaResolvePush), stage, {set_layout_->handle()}, "msaa resolve layout"});
    if (compute_) {
        pipeline_ = ReloadablePipeline({"msaa_resolve.comp"}, [device, layout = layout_.get()] {
            return vk::create_compute_pipeline(*device, vk::load_shader(*device, "msaa_resolve.comp"), layout,
                                               nullptr, "msaa resolve pipeline");
        });
        return;
    }
    pipeline_ = ReloadablePipeline({"fullscreen.vert", "msaa_resolve.frag"}, [device, layout = layout_.get(),
                                                                              format = desc.color_format] {
        vk::GraphicsPipelineDesc p;
        const auto vertex = vk::load_shader(*device, "fullscreen.vert");
        const auto fragment = vk::load_shader(*device, "msaa_resolve.frag");
        p.stages = {{VK_SHADER_STAGE_VERTEX_BIT, vertex}, {VK_SHADER_STAGE_FRAGMENT_BIT, fragment}};
        p.layout = layout;
        p.color_format = format;  // one sample, no depth
        p.cull = VK_CULL_MODE_NONE;
        p.depth_write = false;
        p.name = "msaa resolve pipeline";
        return vk::create_graphics_pipeline(*device, p);
    });
}

void MsaaResolve::add_pass(graph::FrameGraph& graph, const FrameTargets& targets) {
    using graph::Usage;
    TS_ASSERT(targets.resolve != graph::kNoResource);
    const VkPipelineStageFlags2 stage =
        compute_ ? VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT : VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT;
    graph::PassDesc pass{.name = "msaa resolve",
                         .kind = compute_ ? graph::PassKind::compute : graph::PassKind::graphics};
    cull_.declare_msaa_gate_read(pass);
    pass.uses.push_back({.resource = targets.color, .usage = Usage::sampled, .stages = stage});
    if (compute_) {
        pass.uses.push_back(
            {.resource = targets.resolve, .usage = Usage::storage_image_write, .stages = stage});
    } else {
        pass.uses.push_back({.resource = targets.resolve,
                             .usage = Usage::color_attachment,
                             .stages = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT});
        pass.colors = {{.image = targets.resolve}};
    }
    pass.record = [this, color = targets.color](graph::PassContext& ctx) {
        const VkPipelineBindPoint bind_point =
            compute_ ? VK_PIPELINE_BIND_POINT_COMPUTE : VK_PIPELINE_BIND_POINT_GRAPHICS;
        binder_.begin_frame(ctx.slot, ctx.frame_number);
        vkCmdBindPipeline(ctx.cmd, bind_point, pipeline_);
        const vk::DescriptorWrite samples{.binding = 0,
                                          .view = ctx.image(color).view(),
                                          .layout = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                                          .sampler = sampler_};
        const gpu::MsaaResolvePush push{.samples = static_cast<uint32_t>(samples_),
                                        .flags = flags_,
                                        .width = ctx.extent.width,
                                        .height = ctx.extent.height};
        vkCmdPushConstants(ctx.cmd, layout_,
                           compute_ ? VK_SHADER_STAGE_COMPUTE_BIT : VK_SHADER_STAGE_FRAGMENT_BIT, 0,
                           sizeof push, &push);
        if (compute_) {
            TS_ASSERT(ctx.target_storage_view() != VK_NULL_HANDLE);
            const vk::DescriptorWrite writes[] = {samples, {.binding = 1, .view = ctx.target_storage_view()}};
            binder_.bind(ctx.cmd, bind_point, layout_, *set_layout_, writes);
            cull_.dispatch_msaa_gate(ctx);
            return;
        }
        binder_.bind(ctx.cmd, bind_point, layout_, *set_layout_, std::span(&samples, 1));
        vk::set_full_viewport(ctx.cmd, ctx.extent);
        cull_.draw_msaa_gate(ctx);
    };
    graph.add_pass(std::move(pass));
}

}  // namespace tessera::render
