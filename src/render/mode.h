#pragma once
// A rendering mode: how the cubes of a GpuScene reach the image (--mode). Per frame the renderer calls
//   prepare()  before the attachment pass: compute work (culling), CPU work (cpu mode's culling and
//   recording) draw()     inside the attachment pass (dynamic rendering) finish()   after it: copies of
//   counters for read-back
// and frame_completed(slot) once the GPU has finished the frame last recorded in that slot.
//
//   cpu        the CPU frustum-tests every cube on the worker threads and records one draw per visible cube
//   into
//              per-thread secondary command buffers
//   instanced  one instanced draw of every cube (a count-only cull pass reports how many are visible)
//   gpu-cull   a compute pass culls and compacts visible ids; one indirect draw
//   gpu-lod    gpu-cull plus LOD buckets by projected size: full cubes near, camera-facing faces further, and
//              sub-pixel cubes splatted by the cull pass itself (64-bit atomics) and resolved before the
//              draws

#include "config/config.h"
#include "render/frame_context.h"
#include "vk/handle.h"

#include <volk.h>

#include <cstdint>
#include <memory>

namespace tessera {
class JobSystem;
}
namespace tessera::vk {
class Device;
}

namespace tessera::render {

class GpuScene;

struct ModeDesc {
    const vk::Device* device = nullptr;
    const GpuScene* scene = nullptr;
    JobSystem* jobs = nullptr;
    VkFormat color_format = VK_FORMAT_UNDEFINED;
    VkFormat depth_format = VK_FORMAT_UNDEFINED;
    VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
    uint32_t frames_in_flight = 2;
    float lod_full_pixels = 24.0f;
    float lod_splat_pixels = 1.0f;
};

class Mode {
public:
    virtual ~Mode() = default;
    virtual RenderMode kind() const = 0;
    virtual void prepare(FrameContext& /*frame*/) {}
    virtual void draw(FrameContext& frame) = 0;
    virtual void finish(FrameContext& /*frame*/) {}
    virtual void frame_completed(uint32_t /*slot*/) {}
    // True when draw() records only vkCmdExecuteCommands (secondary command buffers).
    virtual bool draws_secondaries() const { return false; }
    // Cubes that passed frustum culling in the newest frame whose count is known; -1 before the first.
    virtual int64_t visible_count() const = 0;
};

std::unique_ptr<Mode> create_mode(RenderMode mode, const ModeDesc& desc);

// A graphics pipeline for the attachment pass these modes draw into (formats and samples from `desc`).
vk::Handle<VkPipeline> create_attachment_pipeline(const ModeDesc& desc, VkShaderModule vertex,
                                                  VkShaderModule fragment, VkPipelineLayout layout,
                                                  VkCullModeFlags cull,
                                                  const VkSpecializationInfo* specialization,
                                                  const char* name);

}  // namespace tessera::render
