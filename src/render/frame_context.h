#pragma once
// What a rendering mode sees of the frame being recorded.

#include "render/camera.h"

#include <volk.h>

#include <glm/glm.hpp>

#include <cstdint>

namespace tessera::vk {
class DeletionQueue;
class GpuTimer;
}  // namespace tessera::vk

namespace tessera::render {

struct FrameContext {
    VkCommandBuffer cmd = VK_NULL_HANDLE;  // the frame's primary command buffer, recording
    uint32_t slot = 0;                     // frame-in-flight index: selects per-frame resources
    uint64_t frame_number = 0;             // monotonic, from 1
    VkExtent2D extent{};                   // render size in pixels
    Camera camera;
    glm::mat4 view_projection{1};
    Frustum frustum{};
    VkDeviceAddress frame_uniforms = 0;  // this slot's gpu::FrameUniforms
    vk::GpuTimer* timer = nullptr;
    // Objects this frame replaces but earlier frames may still use: retire them here, tagged frame_number.
    vk::DeletionQueue* retired = nullptr;
};

}  // namespace tessera::render
