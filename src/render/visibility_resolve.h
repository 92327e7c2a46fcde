#pragma once
// VisibilityResolve: turns gpu-lod's visibility buffer (splats and the compute raster) into colour and depth,
// as two frame-graph passes:
//
//   visibility shade     compute    per pixel: the cube's colour, lit by the face it hit (splats: blended over
//                                   the background by their coverage), written back in place with the depth
//   visibility resolve   graphics   the frame's first draw: a fullscreen triangle writes each covered pixel's
//                                   colour and depth; with MSAA its one fragment writes all the pixel's samples
//
// The hardware-rasterised buckets drawn after it depth-test against those pixels.

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
    // Adds visibility shade and visibility resolve, the frame's first drawing pass (it clears the attachments).
    void add_passes(graph::FrameGraph& graph, const FrameTargets& targets, const FrameContext& frame);

private:
    const GpuScene& scene_;
    const CullPass& cull_;
    bool srgb_;  // the target stores sRGB-encoded colour
    vk::Handle<VkPipelineLayout> shade_layout_;
    vk::Handle<VkPipeline> shade_;
    vk::Handle<VkPipelineLayout> layout_;
    vk::Handle<VkPipeline> pipeline_;
};

}  // namespace tessera::render
