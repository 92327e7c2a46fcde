#pragma once
// VisibilityResolve: turns gpu-lod's visibility buffer (splats and the compute raster) into colour and depth,
// as two frame-graph passes:
//
//   visibility shade    compute    per pixel: the cube's colour, lit by the face it hit (splats: the mean of
//                                  the pixel's four samples, or blended over the background by their coverage),
//                                  and its depth, into "shaded colour" and "shaded depth"; empty pixels get the
//                                  background at the far depth. With samples, two indirect dispatches of which
//                                  the cull gave the workgroups to one: samples only where the frame splatted
//   visibility copy     transfer   single-sampled targets that take transfer writes: both buffers are copied
//                                  into the colour target and the depth image, which replaces their clear
//   visibility resolve  graphics   otherwise (MSAA): the frame's first draw, a fullscreen triangle whose one
//                                  fragment per pixel writes the shaded colour and depth into all its samples
//
// The hardware-rasterised buckets drawn after it load the attachments and depth-test against those pixels.
// Copying rather than drawing matters on GPUs whose fragment stage is narrow: on the H200 the fullscreen draw
// took 0.24 ms at 1920x1080, the copies a few microseconds.

#include "graph/frame_graph.h"
#include "render/mode.h"
#include "render/reloadable_pipeline.h"
#include "vk/handle.h"

namespace tessera::render {

class CullPass;
class GpuScene;

class VisibilityResolve {
public:
    // `cull` must have a visibility buffer and outlive this.
    VisibilityResolve(const ModeDesc& desc, const CullPass& cull);
    // Adds visibility shade, then visibility copy or visibility resolve: what the frame's drawing passes find in
    // the attachments (they must load them, not clear them).
    void add_passes(graph::FrameGraph& graph, const FrameTargets& targets, const FrameContext& frame);

private:
    const GpuScene& scene_;
    const CullPass& cull_;
    uint32_t flags_;  // TS_SHADE_*: how the target stores colour
    bool copy_;       // visibility copy, not visibility resolve
    vk::Handle<VkPipelineLayout> shade_layout_;
    ReloadablePipeline shade_;          // for the cull's splat mode; TS_SPLAT_SAMPLES: the plain variant
    ReloadablePipeline shade_samples_;  // TS_SPLAT_SAMPLES only: the variant that averages the samples
    vk::Handle<VkPipelineLayout> layout_;
    ReloadablePipeline pipeline_;
};

}  // namespace tessera::render
