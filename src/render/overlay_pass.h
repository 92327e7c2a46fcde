#pragma once
// OverlayPass: draws the app's 2D overlay (app/overlay.h, built with Dear ImGui) over the finished frame, as
// one graphics pass, "overlay", on the target after the mode's draws and before the screenshot capture, so
// captures show it. It draws single-sampled into the target itself, after any MSAA resolve: text needs no
// antialiasing beyond its own coverage, and the mode's attachments stay as they are.
//
//   geometry   OverlayDrawData: vertices (ImGui's ImDrawVert layout), 16-bit indices and draw commands with
//              clip rectangles, refreshed by the app before each Renderer::render(). The record function copies
//              them into this slot's host-visible buffers (the slot's previous frame is done with them), which
//              grow to twice the need when a frame needs more; the old ones go to the deletion queue.
//   font       an 8-bit coverage atlas, uploaded once at construction into a device-local buffer that the
//              fragment shader reads by address and filters bilinearly by hand: no descriptor set or sampler,
//              like every other buffer in Tessera (docs/ARCHITECTURE.md).
//
// The pass is skipped in frames where the data is hidden or empty.
//
// Ownership: the OverlayDrawData belongs to the app and must outlive the pass. Thread contract: frame-loop
// thread only.

#include "graph/frame_graph.h"
#include "render/reloadable_pipeline.h"
#include "vk/handle.h"
#include "vk/resources.h"

#include <cstdint>
#include <vector>

namespace tessera::vk {
class DeletionQueue;
class Device;
}  // namespace tessera::vk

namespace tessera::render {

struct OverlayVertex {  // ImGui's ImDrawVert: pixel position, font atlas uv, RGBA8 colour (R in the low byte)
    float x, y, u, v;
    uint32_t rgba;
};
static_assert(sizeof(OverlayVertex) == 20);

struct OverlayCommand {
    VkRect2D clip{};  // in target pixels, already clamped to the target
    uint32_t first_index = 0;
    uint32_t index_count = 0;
    int32_t vertex_offset = 0;
};

struct OverlayFont {
    uint32_t width = 0, height = 0;
    std::vector<uint8_t> coverage;  // width * height bytes, row-major
};

struct OverlayDrawData {
    OverlayFont font;      // fixed for the life of the pass that uploaded it
    bool visible = false;  // nothing is drawn while false
    std::vector<OverlayVertex> vertices;
    std::vector<uint16_t> indices;
    std::vector<OverlayCommand> commands;
};

class OverlayPass {
public:
    // Uploads `data.font` (blocking, at set-up, outside the frame loop). `color_format` is the target's.
    OverlayPass(const vk::Device& device, VkFormat color_format, uint32_t frames_in_flight,
                vk::DeletionQueue& retired, const OverlayDrawData& data);
    ~OverlayPass();

    // Adds the "overlay" pass, drawing into `target` (loaded, not cleared).
    void add_pass(graph::FrameGraph& graph, graph::ResourceId target);

private:
    struct SlotBuffers {
        vk::Buffer vertices;
        vk::Buffer indices;
    };
    void record(graph::PassContext& ctx);
    void reserve(SlotBuffers& slot, uint64_t frame_number);

    const vk::Device& device_;
    vk::DeletionQueue& retired_;
    const OverlayDrawData& data_;
    bool srgb_;
    vk::Buffer font_;
    std::vector<SlotBuffers> slots_;
    vk::Handle<VkPipelineLayout> layout_;
    ReloadablePipeline pipeline_;  // hot reload may rebuild it
};

}  // namespace tessera::render
