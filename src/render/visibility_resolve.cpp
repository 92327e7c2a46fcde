#include "render/visibility_resolve.h"

#include "base/assert.h"
#include "render/cull_pass.h"
#include "render/gpu_scene.h"
#include "shaders/shared.h"
#include "vk/device.h"
#include "vk/pipeline.h"

#include <algorithm>
#include <optional>

namespace tessera::render {
namespace {

// TS_SHADE_* for a colour format: sRGB encoding and B, G, R, A byte order. Formats the shade does not know
// keep the fragment path (nullopt).
std::optional<uint32_t> shade_flags(VkFormat format) {
    switch (format) {
        case VK_FORMAT_R8G8B8A8_UNORM:
            return 0u;
        case VK_FORMAT_R8G8B8A8_SRGB:
            return TS_SHADE_SRGB;
        case VK_FORMAT_B8G8R8A8_UNORM:
            return TS_SHADE_BGRA;
        case VK_FORMAT_B8G8R8A8_SRGB:
            return TS_SHADE_SRGB | TS_SHADE_BGRA;
        default:
            return std::nullopt;
    }
}

}  // namespace

VkExtent2D shade_groups(VkExtent2D extent, bool quad) {
    if (!quad)
        return {(extent.width + TS_SHADE_GROUP - 1) / TS_SHADE_GROUP,
                (extent.height + TS_SHADE_GROUP - 1) / TS_SHADE_GROUP};
    constexpr uint64_t kPixelsPerGroup = uint64_t(TS_SHADE_QUAD) * TS_SHADE_GROUP * TS_SHADE_GROUP;
    const uint64_t groups = (uint64_t(extent.width) * extent.height + kPixelsPerGroup - 1) / kPixelsPerGroup;
    const uint32_t x = static_cast<uint32_t>(std::min<uint64_t>(groups, TS_MAX_GROUPS_X));
    return {x, static_cast<uint32_t>((groups + x - 1) / x)};
}

VisibilityResolve::Output VisibilityResolve::choose_output(const ModeDesc& desc) {
    if (!desc.target_accepts_copies || !shade_flags(desc.color_format).has_value()) return Output::resolve;
    if (desc.samples != VK_SAMPLE_COUNT_1_BIT) return desc.occlusion ? Output::resolve : Output::gated;
    // CPU devices run fragment atomics lane by lane: there, the hardware buckets' atomics cost more than the
    // clear and the copies they save (1280x720, 100k cubes on lavapipe: 92 -> 119 ms a frame).
    const bool wanted = desc.visibility_draws.value_or(!desc.device->gpu().is_cpu());
    const bool image = wanted && desc.target_storage_writes && desc.device->caps().fragment_atomics;
    return image ? Output::image : Output::copy;
}

VisibilityResolve::VisibilityResolve(const ModeDesc& desc, const CullPass& cull)
    : scene_(*desc.scene),
      cull_(cull),
      flags_(shade_flags(desc.color_format).value_or(0)),
      output_(choose_output(desc)),
      layout_(
          vk::create_pipeline_layout(*desc.device, sizeof(gpu::ResolvePush), VK_SHADER_STAGE_FRAGMENT_BIT)) {
    TS_ASSERT(cull.has_visibility());
    const vk::Device* device = desc.device;
    vk::PipelineLayoutDesc shade_layout{
        sizeof(gpu::ShadePush), VK_SHADER_STAGE_COMPUTE_BIT, {}, "visibility shade layout"};
    if (output_ == Output::image) {
        binder_.emplace(*device, desc.frames_in_flight);
        constexpr vk::DescriptorBinding kTarget[] = {
            {0, vk::DescriptorKind::storage_image, VK_SHADER_STAGE_COMPUTE_BIT},   // the target
            {1, vk::DescriptorKind::storage_image, VK_SHADER_STAGE_COMPUTE_BIT}};  // shaded depth
        set_layout_.emplace(*device, kTarget, binder_->uses_push(), "visibility shade set layout");
        shade_layout.set_layouts = {set_layout_->handle()};
    }
    shade_layout_ = vk::create_pipeline_layout(*device, shade_layout);
    const char* shader = output_ == Output::image ? "visibility_shade_image.comp" : "visibility_shade.comp";
    const auto shade = [device, shader, layout = shade_layout_.get(), compact = scene_.compact(),
                        flags = flags_](uint32_t splat_mode, bool quad, uint32_t extra_flags = 0) {
        return ReloadablePipeline(
            {shader}, [device, shader, layout, compact, flags = flags | extra_flags, splat_mode, quad] {
                const CubeSpecialization specialization(
                    compact, {splat_mode, flags, quad ? uint32_t(TS_SHADE_QUAD) : 1u});
                return vk::create_compute_pipeline(*device, vk::load_shader(*device, shader), layout,
                                                   specialization.info(), "visibility shade pipeline");
            });
    };
    const bool samples = cull.splat_mode() == TS_SPLAT_SAMPLES;
    shade_ = shade(samples ? TS_SPLAT_NONE : cull.splat_mode(), quad());  // samples: frames without splats
    if (samples)
        shade_samples_ = shade(TS_SPLAT_SAMPLES, false,
                               (cull.shade_clears_samples() ? TS_SHADE_CLEAR_SAMPLES : 0u) |
                                   (cull.occluding() ? TS_SHADE_FARTHEST_DEPTH : 0u));
    pipeline_ =
        ReloadablePipeline({"fullscreen.vert", "visibility_resolve.frag"}, [desc, layout = layout_.get()] {
            const auto vertex = vk::load_shader(*desc.device, "fullscreen.vert");
            const auto fragment = vk::load_shader(*desc.device, "visibility_resolve.frag");
            // Every sample written whatever the attachments held: they are not cleared first.
            return create_attachment_pipeline(desc, vertex, fragment, layout, VK_CULL_MODE_NONE, nullptr,
                                              "visibility resolve pipeline", VK_COMPARE_OP_ALWAYS);
        });
    if (output_ == Output::gated) msaa_.emplace(desc, cull, flags_);
}

FrameTargets VisibilityResolve::draw_targets(const FrameTargets& targets) const {
    FrameTargets drawn = targets;
    if (output_ == Output::gated) drawn.resolve = graph::kNoResource;
    return drawn;
}

void VisibilityResolve::add_final_passes(graph::FrameGraph& graph, const FrameTargets& targets) {
    if (msaa_) msaa_->add_pass(graph, targets);
}

void VisibilityResolve::add_passes(graph::FrameGraph& graph, const FrameTargets& targets,
                                   const FrameContext& frame) {
    using graph::Usage;
    constexpr VkPipelineStageFlags2 kCompute = VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT;
    const bool to_image = output_ == Output::image;
    // The shade's colour: the target itself, or a buffer that a copy or draw moves into it (with room for the
    // quad shade's last pixels).
    constexpr VkDeviceSize kQuadTail = TS_SHADE_QUAD * 4;
    const graph::ResourceId color =
        to_image ? targets.color
                 : graph.add_buffer({.name = "shaded colour", .size = kQuadTail, .bytes_per_pixel = 4});
    const graph::ResourceId depth =
        to_image ? graph.add_image({.name = "shaded depth", .format = VK_FORMAT_R32_SFLOAT})
                 : graph.add_buffer({.name = "shaded depth", .size = kQuadTail, .bytes_per_pixel = 4});
    if (to_image) shaded_depth_ = depth;

    graph::PassDesc shade{.name = "visibility shade", .kind = graph::PassKind::compute};
    for (const graph::ResourceId read : {targets.uniforms, targets.cubes, cull_.visibility_id()})
        shade.uses.push_back({.resource = read, .usage = Usage::storage_read, .stages = kCompute});
    const bool samples = cull_.splat_mode() == TS_SPLAT_SAMPLES;
    if (cull_.has_splat_buffer())
        shade.uses.push_back(
            {.resource = cull_.splat_buffer_id(),
             .usage = cull_.shade_clears_samples() ? Usage::storage_read_write : Usage::storage_read,
             .stages = kCompute});
    shade.uses.push_back({.resource = color,
                          .usage = to_image ? Usage::storage_image_write : Usage::storage_write,
                          .stages = kCompute});
    shade.uses.push_back({.resource = depth,
                          .usage = to_image ? Usage::storage_image_write : Usage::storage_write,
                          .stages = kCompute,
                          .discard = to_image});
    if (samples)
        shade.uses.push_back({.resource = cull_.shade_dispatches_id(),
                              .usage = Usage::indirect_read,
                              .stages = VK_PIPELINE_STAGE_2_DRAW_INDIRECT_BIT});
    const VkClearColorValue background = targets.clear_color.color;
    shade.record = [this, background, color, depth, samples, to_image, &frame](graph::PassContext& ctx) {
        const gpu::ShadePush push{
            .uniforms = frame.frame_uniforms,
            .chunks = scene_.chunk_table(ctx.slot),
            .visibility = cull_.visibility(ctx),
            .splat_buffer = cull_.has_splat_buffer() ? cull_.splat_buffer(ctx) : 0,
            .shaded_color = to_image ? 0 : ctx.buffer(color).address(),
            .shaded_depth = to_image ? 0 : ctx.buffer(depth).address(),
            .chunk_shift = scene_.chunk_shift(),
            .width = ctx.extent.width,
            .height = ctx.extent.height,
            .background = {background.float32[0], background.float32[1], background.float32[2], 1.0f}};
        vkCmdPushConstants(ctx.cmd, shade_layout_, VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof push, &push);
        if (to_image) {
            TS_ASSERT(ctx.target_storage_view() != VK_NULL_HANDLE);
            binder_->begin_frame(ctx.slot, ctx.frame_number);
            const vk::DescriptorWrite writes[] = {{.binding = 0, .view = ctx.target_storage_view()},
                                                  {.binding = 1, .view = ctx.image(depth).view()}};
            binder_->bind(ctx.cmd, VK_PIPELINE_BIND_POINT_COMPUTE, shade_layout_, *set_layout_, writes);
        }
        vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_COMPUTE, shade_);
        if (!samples) {
            const VkExtent2D groups = shade_groups(ctx.extent, quad());
            vkCmdDispatch(ctx.cmd, groups.width, groups.height, 1);
            return;
        }
        const VkBuffer dispatches = ctx.buffer(cull_.shade_dispatches_id()).handle();
        vkCmdDispatchIndirect(ctx.cmd, dispatches, 0);
        vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_COMPUTE, shade_samples_);
        vkCmdDispatchIndirect(ctx.cmd, dispatches, sizeof(gpu::DispatchIndirect));
    };
    graph.add_pass(std::move(shade));

    if (output_ == Output::image) return;
    if (output_ == Output::copy || output_ == Output::gated) {
        // copy: the colour and depth attachments are the target and the depth image; gated: only the
        // single-sampled target takes the colour.
        const bool gated = output_ == Output::gated;
        TS_ASSERT(gated == (targets.resolve != graph::kNoResource));
        constexpr VkPipelineStageFlags2 kCopy = VK_PIPELINE_STAGE_2_COPY_BIT;
        graph::PassDesc copy{.name = "visibility copy", .kind = graph::PassKind::transfer};
        copy.uses.push_back({.resource = color, .usage = Usage::transfer_read, .stages = kCopy});
        copy.uses.push_back({.resource = gated ? targets.resolve : targets.color,
                             .usage = Usage::transfer_dst,
                             .stages = kCopy});
        if (!gated) {
            copy.uses.push_back({.resource = depth, .usage = Usage::transfer_read, .stages = kCopy});
            copy.uses.push_back({.resource = targets.depth, .usage = Usage::transfer_dst, .stages = kCopy});
        }
        copy.record = [color, depth, gated, depth_image = targets.depth](graph::PassContext& ctx) {
            VkBufferImageCopy region{};
            region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
            region.imageExtent = {ctx.extent.width, ctx.extent.height, 1};
            vkCmdCopyBufferToImage(ctx.cmd, ctx.buffer(color).handle(), ctx.target_image(),
                                   VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region);
            if (gated) return;
            region.imageSubresource.aspectMask = VK_IMAGE_ASPECT_DEPTH_BIT;
            vkCmdCopyBufferToImage(ctx.cmd, ctx.buffer(depth).handle(), ctx.image(depth_image).handle(),
                                   VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &region);
        };
        graph.add_pass(std::move(copy));
        if (!gated) return;
    }

    graph::PassDesc resolve{.name = "visibility resolve", .kind = graph::PassKind::graphics};
    for (const graph::ResourceId read : {color, depth})
        resolve.uses.push_back({.resource = read,
                                .usage = Usage::storage_read,
                                .stages = VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT});
    draw_targets(targets).attach(resolve, true);
    if (output_ == Output::gated) cull_.declare_msaa_gate_read(resolve);
    // The draw writes every sample of every pixel: a clear first would be wasted (4x MSAA at 1280x720 on
    // lavapipe: 29 MB of samples).
    for (graph::Attachment& a : resolve.colors) a.clear_on_discard = false;
    resolve.depth.clear_on_discard = false;
    resolve.record = [this, color, depth](graph::PassContext& ctx) {
        const gpu::ResolvePush push{.shaded_color = ctx.buffer(color).address(),
                                    .shaded_depth = ctx.buffer(depth).address(),
                                    .width = ctx.extent.width,
                                    .flags = flags_};
        vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline_);
        vk::set_full_viewport(ctx.cmd, ctx.extent);
        vkCmdPushConstants(ctx.cmd, layout_, VK_SHADER_STAGE_FRAGMENT_BIT, 0, sizeof push, &push);
        if (output_ == Output::gated)
            cull_.draw_msaa_gate(ctx);
        else
            vkCmdDraw(ctx.cmd, 3, 1, 0, 0);
    };
    graph.add_pass(std::move(resolve));
}

}  // namespace tessera::render
