#pragma once
// A rendering mode: how the cubes of a GpuScene reach the image (--mode). The frame loop calls, every frame,
// prepare() before the attachment pass (compute work such as culling), then draw() inside it.
//
//   instanced  one instanced draw of every cube; the vertex shader pulls instance data by gl_InstanceIndex

#include "config/config.h"
#include "render/frame_context.h"

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
};

class Mode {
public:
    virtual ~Mode() = default;
    virtual RenderMode kind() const = 0;
    virtual void prepare(FrameContext& /*frame*/) {}
    virtual void draw(FrameContext& frame) = 0;
    // Cubes sent to the rasteriser in the most recent frame whose count is known; -1 if this mode cannot tell.
    virtual int64_t visible_count() const { return -1; }
};

std::unique_ptr<Mode> create_mode(RenderMode mode, const ModeDesc& desc);

}  // namespace tessera::render
