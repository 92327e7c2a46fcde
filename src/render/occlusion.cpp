#include "render/occlusion.h"

#include "render/gpu_scene.h"
#include "shaders/shared.h"
#include "vk/device.h"
#include "vk/sampler.h"

#include <cstring>

namespace tessera::render {
namespace {

using graph::Usage;
constexpr VkPipelineStageFlags2 kCopy = VK_PIPELINE_STAGE_2_COPY_BIT;
constexpr VkDeviceSize kCountBytes = sizeof(uint32_t) * TS_OCCLUSION_COUNTS;
constexpr vk::DescriptorBinding kBindings[] = {
    {0, vk::DescriptorKind::sampled_image, VK_SHADER_STAGE_COMPUTE_BIT}};

vk::Handle<VkSampler> nearest_sampler(const vk::Device& device) {
    vk::SamplerDesc desc;
    desc.filter = VK_FILTER_NEAREST;
    desc.name = "occlusion pyramid sampler";
    return vk::create_sampler(device, desc);
}

}  // namespace

Occlusion::Occlusion(const ModeDesc& desc)
    : device_(*desc.device),
      cube_count_(static_cast<uint32_t>(desc.scene->cube_count())),
      cluster_count_(desc.scene->cluster_count()),
      pyramid_owner_(*desc.device, desc.frames_in_flight),
      binder_(*desc.device, desc.frames_in_flight),
      set_layout_(*desc.device, kBindings, binder_.uses_push(), "occlusion set layout"),
      sampler_(nearest_sampler(*desc.device)) {
    readback_pending_.assign(desc.frames_in_flight, false);
}

void Occlusion::add_resources(graph::FrameGraph& graph) {
    graph_ = &graph;
    bits_ = graph.add_buffer({.name = "occlusion bits", .size = (VkDeviceSize(cube_count_) + 31) / 32 * 4});
    counts_ = graph.add_buffer({.name = "occlusion counts", .size = kCountBytes});
    candidates_ = graph.add_buffer(
        {.name = "occlusion candidates", .size = TS_CLUSTER_LIST_HEADER + cluster_count_ * sizeof(uint32_t)});
    candidate_dispatch_ =
        graph.add_buffer({.name = "occlusion candidate dispatch", .size = sizeof(gpu::DispatchIndirect)});
    graph::PassDesc clear{.name = "occlusion clear", .kind = graph::PassKind::transfer};
    clear.uses.push_back({.resource = bits_, .usage = Usage::transfer_write, .stages = kCopy});
    clear.enabled = [this] { return !cleared_; };
    clear.record = [this](graph::PassContext& ctx) {
        vkCmdFillBuffer(ctx.cmd, ctx.buffer(bits_).handle(), 0, VK_WHOLE_SIZE, 0);
        cleared_ = true;
    };
    graph.add_pass(std::move(clear));
}

void Occlusion::add_pyramid(graph::FrameGraph& graph, graph::ResourceId depth) {
    pyramid_ = add_depth_pyramid(graph, device_, depth, pyramid_owner_);
}

void Occlusion::bind_pyramid(const graph::PassContext& ctx, VkPipelineLayout layout) {
    const VkImageLayout image_layout =
        graph::layout_of(Usage::sampled, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED);
    const vk::DescriptorWrite writes[] = {{0, ctx.image(pyramid_).view(), image_layout, sampler_}};
    binder_.begin_frame(ctx.slot, ctx.frame_number);
    binder_.bind(ctx.cmd, VK_PIPELINE_BIND_POINT_COMPUTE, layout, set_layout_, writes);
}

void Occlusion::add_readback_pass(graph::FrameGraph& graph) {
    readback_ = graph.add_buffer({.name = "occlusion counts read-back",
                                  .size = kCountBytes,
                                  .memory = vk::MemoryUse::readback,
                                  .per_slot = true});
    graph::PassDesc readback{.name = "occlusion readback", .kind = graph::PassKind::transfer};
    readback.uses.push_back({.resource = counts_, .usage = Usage::transfer_read, .stages = kCopy});
    readback.uses.push_back({.resource = readback_, .usage = Usage::transfer_write, .stages = kCopy});
    readback.uses.push_back(
        {.resource = readback_, .usage = Usage::host_read, .stages = VK_PIPELINE_STAGE_2_HOST_BIT});
    readback.record = [this](graph::PassContext& ctx) {
        const VkBufferCopy region{0, 0, kCountBytes};
        vkCmdCopyBuffer(ctx.cmd, ctx.buffer(counts_).handle(), ctx.buffer(readback_).handle(), 1, &region);
        readback_pending_[ctx.slot] = true;
    };
    graph.add_pass(std::move(readback));
}

void Occlusion::frame_completed(uint32_t slot) {
    if (!readback_pending_[slot]) return;
    readback_pending_[slot] = false;
    const vk::Buffer& buffer = graph_->buffer(readback_, slot);
    buffer.invalidate();
    uint32_t counts[TS_OCCLUSION_COUNTS];
    std::memcpy(counts, buffer.mapped(), sizeof counts);
    frustum_visible_ = counts[TS_OCCLUSION_FRUSTUM_VISIBLE];
    visible_ = counts[TS_OCCLUSION_VISIBLE];
}

}  // namespace tessera::render
