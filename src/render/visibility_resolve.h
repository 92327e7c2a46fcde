#pragma once
// VisibilityResolve: the first draw of gpu-lod's attachment pass when the cull pass keeps a visibility buffer
// (splats and the compute raster). A fullscreen triangle reads the buffer and writes each covered pixel's cube
// colour and depth (shaders/visibility_resolve.frag): compute-rastered pixels lit by the face they hit, splatted
// ones blended over the background by their coverage. The hardware-rasterised buckets drawn after it depth-test
// against those pixels. With MSAA, each pixel's one fragment writes all its samples.

#include "graph/frame_graph.h"
#include "render/mode.h"
#include "vk/handle.h"

namespace tessera::render {

class CullPass;
class GpuScene;

class VisibilityResolve {
public:
    // `cull` must have a visibility buffer and outlive this.
    VisibilityResolve(const ModeDesc& desc, const CullPass& cull);
    // Adds the "visibility resolve" pass: the frame's first drawing pass (it clears the attachments).
    void add_pass(graph::FrameGraph& graph, const FrameTargets& targets, const FrameContext& frame);

private:
    const GpuScene& scene_;
    const CullPass& cull_;
    vk::Handle<VkPipelineLayout> layout_;
    vk::Handle<VkPipeline> pipeline_;
};

}  // namespace tessera::render
