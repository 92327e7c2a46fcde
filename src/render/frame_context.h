#pragma once
// What the passes of a rendering mode see of the frame being recorded, besides the graph's PassContext
// (command buffer, slot, resources): the camera and this slot's constants. The renderer fills it in before
// recording each frame; passes read it from their record functions.

#include "render/camera.h"

#include <volk.h>

#include <glm/glm.hpp>

#include <cstdint>

namespace tessera::render {

struct FrameContext {
    uint32_t slot = 0;          // frame-in-flight index: selects per-frame resources
    uint64_t frame_number = 0;  // monotonic, from 1
    VkExtent2D extent{};        // render size in pixels
    Camera camera;
    glm::mat4 view_projection{1};
    Frustum frustum{};
    VkDeviceAddress frame_uniforms = 0;  // this slot's gpu::FrameUniforms
    float dt = 0;                        // simulated seconds since the last frame (GPU motion)
    double elapsed = 0;                  // simulated seconds since the start (GPU motion)
};

}  // namespace tessera::render
