#pragma once
// SplatResolve: the first draw of gpu-lod's attachment pass when the cull pass splats. A fullscreen triangle
// reads the visibility buffer and writes each splatted pixel's cube colour and depth (shaders/
// splat_resolve.frag); the hardware-rasterised buckets drawn after it depth-test against those pixels.

#include "render/mode.h"
#include "shaders/shared.h"
#include "vk/handle.h"

namespace tessera::render {

class SplatResolve {
public:
    explicit SplatResolve(const ModeDesc& desc);
    void draw(VkCommandBuffer cmd, VkExtent2D extent, const gpu::ResolvePush& push) const;

private:
    vk::Handle<VkPipelineLayout> layout_;
    vk::Handle<VkPipeline> pipeline_;
};

}  // namespace tessera::render
