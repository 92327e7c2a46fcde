#include "render/msaa_resolve.h"

#include "base/assert.h"
#include "render/cull_pass.h"
#include "shaders/shared.h"
#include "vk/device.h"
#include "vk/pipeline.h"
#include "vk/sampler.h"

namespace tessera::render {
namespace {

constexpr vk::DescriptorBinding kBindings[] = {
    {0, vk::DescriptorKind::sampled_image, VK_SHADER_STAGE_FRAGMENT_BIT},  // the multisampled colour
};
constexpr VkPipelineStageFlags2 kFragment = VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT;

vk::Handle<VkSampler> fetch_sampler(const vk::Device& device) {
    vk::SamplerDesc nearest;  // texelFetch ignores it; a combined image sampler needs one
    nearest.filter = VK_FILTER_NEAREST;
    nearest.max_lod = 0.0f;
    nearest.name = "msaa resolve sampler";
    return vk::create_sampler(device, nearest);
}

}  // namespace

MsaaResolve::MsaaResolve(const ModeDesc& desc, const CullPass& cull)
    : cull_(cull),
      samples_(desc.samples),
      binder_(*desc.device, desc.frames_in_flight),
      set_layout_(*desc.device, kBindings, binder_.uses_push(), "msaa resolve set layout"),
      layout_(vk::create_pipeline_layout(*desc.device, vk::PipelineLayoutDesc{sizeof(gpu::MsaaResolvePush),
                                                                              VK_SHADER_STAGE_FRAGMENT_BIT,
                                                                              {set_layout_.handle()},
                                                                              "msaa resolve layout"})),
      sampler_(fetch_sampler(*desc.device)) {
    TS_ASSERT(cull.has_msaa_gate());
    pipeline_ = ReloadablePipeline(
        {"fullscreen.vert", "msaa_resolve.frag"},
        [device = desc.device, layout = layout_.get(), format = desc.color_format] {
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
    graph::PassDesc pass{.name = "msaa resolve", .kind = graph::PassKind::graphics};
    cull_.declare_msaa_gate_read(pass);
    pass.uses.push_back({.resource = targets.color, .usage = Usage::sampled, .stages = kFragment});
    pass.uses.push_back({.resource = targets.resolve,
                         .usage = Usage::color_attachment,
                         .stages = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT});
    pass.colors = {{.image = targets.resolve}};
    pass.record = [this, color = targets.color](graph::PassContext& ctx) {
        binder_.begin_frame(ctx.slot, ctx.frame_number);
        vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline_);
        const vk::DescriptorWrite writes[] = {{.binding = 0,
                                               .view = ctx.image(color).view(),
                                               .layout = VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL,
                                               .sampler = sampler_}};
        binder_.bind(ctx.cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, layout_, set_layout_, writes);
        const gpu::MsaaResolvePush push{.samples = static_cast<uint32_t>(samples_)};
        vkCmdPushConstants(ctx.cmd, layout_, VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof push, &push);
        vk::set_full_viewport(ctx.cmd, ctx.extent);
        cull_.draw_msaa_gate(ctx);
    };
    graph.add_pass(std::move(pass));
}

}  // namespace tessera::render
