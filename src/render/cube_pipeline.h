#pragma once
// The graphics pipeline and index buffer that every mode draws cubes with (shaders/cube.vert, cube.frag).
// Geometry comes from gl_VertexIndex and a 36-entry index buffer; instance data from the GPU scene by address.

#include "render/mode.h"
#include "vk/handle.h"
#include "vk/resources.h"

namespace tessera::render {

class CubePipeline {
public:
    explicit CubePipeline(const ModeDesc& desc);

    VkPipelineLayout layout() const { return layout_; }
    // Binds the pipeline, index buffer, viewport and scissor.
    void bind(VkCommandBuffer cmd, VkExtent2D extent) const;

private:
    vk::Handle<VkPipelineLayout> layout_;
    vk::Handle<VkPipeline> pipeline_;
    vk::Buffer indices_;
};

}  // namespace tessera::render
