#include "render/overlay_pass.h"

#include "base/error.h"
#include "shaders/shared.h"
#include "vk/commands.h"
#include "vk/deletion_queue.h"
#include "vk/device.h"
#include "vk/pipeline.h"

#include <algorithm>
#include <cstring>

namespace tessera::render {
namespace {

using graph::Usage;
constexpr VkBufferUsageFlags kAddressed =
    VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT | VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;

bool is_srgb(VkFormat format) {
    return format == VK_FORMAT_B8G8R8A8_SRGB || format == VK_FORMAT_R8G8B8A8_SRGB;
}

}  // namespace

OverlayPass::OverlayPass(const vk::Device& device, VkFormat color_format, uint32_t frames_in_flight,
                         vk::DeletionQueue& retired, const OverlayDrawData& data)
    : device_(device),
      retired_(retired),
      data_(data),
      srgb_(is_srgb(color_format)),
      slots_(frames_in_flight),
      layout_(vk::create_pipeline_layout(device, sizeof(gpu::OverlayPush),
                                         VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT)) {
    const OverlayFont& font = data.font;
    if (font.width == 0 || font.height == 0 || font.coverage.size() != size_t(font.width) * font.height)
        throw Error("overlay: the font atlas is empty or its size does not match its texels");
    std::vector<std::byte> texels((font.coverage.size() + 3) / 4 * 4);  // whole uints for the shader
    std::memcpy(texels.data(), font.coverage.data(), font.coverage.size());
    font_ = vk::Buffer(device, texels.size(), kAddressed | VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                       vk::MemoryUse::device, "overlay font");
    vk::Uploader uploader(device, 1 << 20);
    uploader.upload_bytes(font_, 0, texels);
    uploader.finish();

    pipeline_ = ReloadablePipeline(
        {"overlay.vert", "overlay.frag"}, [device = &device, layout = layout_.get(), color_format] {
            const auto vertex = vk::load_shader(*device, "overlay.vert");
            const auto fragment = vk::load_shader(*device, "overlay.frag");
            vk::GraphicsPipelineDesc p;
            p.stages = {{VK_SHADER_STAGE_VERTEX_BIT, vertex}, {VK_SHADER_STAGE_FRAGMENT_BIT, fragment}};
            p.layout = layout;
            p.color_format = color_format;
            p.cull = VK_CULL_MODE_NONE;
            p.depth_write = false;
            p.alpha_blend = true;
            p.name = "overlay pipeline";
            return vk::create_graphics_pipeline(*device, p);
        });
}

OverlayPass::~OverlayPass() = default;

void OverlayPass::add_pass(graph::FrameGraph& graph, graph::ResourceId target) {
    const graph::ResourceId font = graph.import_buffer("overlay font");
    graph.assume_written(font, VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT);
    const graph::ResourceId vertices = graph.import_buffer("overlay vertices");  // host-written per slot
    const graph::ResourceId indices = graph.import_buffer("overlay indices");
    graph::PassDesc pass{.name = "overlay", .kind = graph::PassKind::graphics};
    pass.uses.push_back(
        {.resource = font, .usage = Usage::storage_read, .stages = VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT});
    pass.uses.push_back({.resource = vertices,
                         .usage = Usage::storage_read,
                         .stages = VK_PIPELINE_STAGE_2_VERTEX_SHADER_BIT});
    pass.uses.push_back(
        {.resource = indices, .usage = Usage::index_read, .stages = VK_PIPELINE_STAGE_2_INDEX_INPUT_BIT});
    pass.uses.push_back({.resource = target,
                         .usage = Usage::color_attachment,
                         .stages = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT});
    pass.colors = {{.image = target}};
    pass.enabled = [this] { return data_.visible && !data_.commands.empty(); };
    pass.record = [this](graph::PassContext& ctx) { record(ctx); };
    graph.add_pass(std::move(pass));
}

void OverlayPass::reserve(SlotBuffers& slot, uint64_t frame_number) {
    const VkDeviceSize vertex_bytes = data_.vertices.size() * sizeof(OverlayVertex);
    const VkDeviceSize index_bytes = data_.indices.size() * sizeof(uint16_t);
    // Retired at this frame's value: no earlier frame in this slot still reads them, and later frames use the
    // new ones.
    if (slot.vertices.size() < vertex_bytes) {
        if (slot.vertices) retired_.retire(frame_number, std::move(slot.vertices));
        slot.vertices = vk::Buffer(device_, std::max<VkDeviceSize>(vertex_bytes * 2, 64 << 10), kAddressed,
                                   vk::MemoryUse::stream, "overlay vertices");
    }
    if (slot.indices.size() < index_bytes) {
        if (slot.indices) retired_.retire(frame_number, std::move(slot.indices));
        slot.indices = vk::Buffer(device_, std::max<VkDeviceSize>(index_bytes * 2, 32 << 10),
                                  VK_BUFFER_USAGE_INDEX_BUFFER_BIT, vk::MemoryUse::stream, "overlay indices");
    }
}

void OverlayPass::record(graph::PassContext& ctx) {
    SlotBuffers& slot = slots_[ctx.slot];
    reserve(slot, ctx.frame_number);
    std::memcpy(slot.vertices.mapped(), data_.vertices.data(), data_.vertices.size() * sizeof(OverlayVertex));
    std::memcpy(slot.indices.mapped(), data_.indices.data(), data_.indices.size() * sizeof(uint16_t));
    slot.vertices.flush();
    slot.indices.flush();

    const VkExtent2D extent = ctx.extent;
    const gpu::OverlayPush push{.vertices = slot.vertices.address(),
                                .font = font_.address(),
                                .scale = {2.0f / float(extent.width), 2.0f / float(extent.height)},
                                .translate = {-1.0f, -1.0f},
                                .font_width = data_.font.width,
                                .font_height = data_.font.height,
                                .flags = srgb_ ? TS_OVERLAY_SRGB : 0u,
                                .pad = 0};
    vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_GRAPHICS, pipeline_);
    vk::set_full_viewport(ctx.cmd, extent);
    vkCmdPushConstants(ctx.cmd, layout_, VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0,
                       sizeof push, &push);
    vkCmdBindIndexBuffer(ctx.cmd, slot.indices.handle(), 0, VK_INDEX_TYPE_UINT16);
    for (const OverlayCommand& command : data_.commands) {
        // Clip rectangles were made for the display size the overlay was laid out at; clamp to this target.
        const int32_t x0 = std::clamp<int32_t>(command.clip.offset.x, 0, int32_t(extent.width));
        const int32_t y0 = std::clamp<int32_t>(command.clip.offset.y, 0, int32_t(extent.height));
        const int32_t x1 = std::clamp<int32_t>(command.clip.offset.x + int32_t(command.clip.extent.width), x0,
                                               int32_t(extent.width));
        const int32_t y1 = std::clamp<int32_t>(command.clip.offset.y + int32_t(command.clip.extent.height),
                                               y0, int32_t(extent.height));
        if (x1 <= x0 || y1 <= y0 || command.index_count == 0) continue;
        const VkRect2D scissor{{x0, y0}, {uint32_t(x1 - x0), uint32_t(y1 - y0)}};
        vkCmdSetScissor(ctx.cmd, 0, 1, &scissor);
        vkCmdDrawIndexed(ctx.cmd, command.index_count, 1, command.first_index, command.vertex_offset, 0);
    }
}

}  // namespace tessera::render
