#pragma once
// ComputeRaster: gpu-lod's compute rasteriser, as two frame-graph passes after the cull pass (cull_pass.h):
//
//   raster small   compute   one invocation per cube of bucket TS_LOD_RASTER_SMALL
//   raster large   compute   one workgroup per cube of bucket TS_LOD_RASTER_LARGE
//
// Both are indirect dispatches that the cull finalize step sized from the buckets' counts, and both write the
// visible cubes' camera-facing faces into the visibility buffer with 64-bit atomicMax (shaders/raster.glsl).
// The visibility resolve that follows turns the buffer into colour and depth, and the hardware-drawn buckets
// depth-test against it. Why compute: on large GPUs the hardware pipe draws about 110M cubes/s whatever their
// size, while compute reaches every SM (docs/ARCHITECTURE.md).

#include "graph/frame_graph.h"
#include "render/mode.h"
#include "render/reloadable_pipeline.h"
#include "vk/handle.h"

namespace tessera::vk {
class Device;
}

namespace tessera::render {

class CullPass;
class GpuScene;

// The largest projected size, in pixels, that the compute raster takes by default on `device`: the hardware
// pipe takes the rest. Chosen by sweeps per device type (docs/PERFORMANCE.md); render.compute_raster_max_pixels
// overrides it.
float default_raster_max_pixels(const vk::Device& device);

class ComputeRaster {
public:
    // `cull` must be rastering() and outlive this.
    ComputeRaster(const ModeDesc& desc, const CullPass& cull);
    // Adds raster small and raster large; call after the cull passes, before the visibility resolve.
    void add_passes(graph::FrameGraph& graph, const FrameTargets& targets, const FrameContext& frame);

private:
    const GpuScene& scene_;
    const CullPass& cull_;
    vk::Handle<VkPipelineLayout> layout_;
    ReloadablePipeline small_;
    ReloadablePipeline large_;
};

}  // namespace tessera::render
