#pragma once
// ComputeRaster: gpu-lod's compute rasteriser, as two frame-graph passes after the cull pass (cull_pass.h):
//
//   raster small   compute   one invocation per cube of bucket TS_LOD_RASTER_SMALL
//   raster large   compute   bucket TS_LOD_RASTER_LARGE: a cube per workgroup, or when the bucket holds more
//                             than the device runs at once, batches of 2-16 cubes per workgroup sharing out
//                             their pixels (raster_batches.comp)
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
// The projected size, in pixels, from which a compute-rastered cube goes to the large bucket on `device` (a
// workgroup per cube, or batches) instead of the small one (an invocation per cube): 8 on GPUs, where a lane
// that loops over a larger cube's pixels holds up its warp; on CPU devices none (every compute-rastered cube is
// small), since their workgroup barriers and shared memory cost more than a lane's longer loop
// (docs/PERFORMANCE.md). render.compute_raster_small_pixels overrides it.
float default_raster_small_pixels(const vk::Device& device);
// The workgroups that keep the device busy (render.compute_raster_batch_groups, else per device type): raster
// large gives each cube a workgroup of its own while the bucket holds fewer than twice this many cubes; beyond,
// raster batches takes it in the largest batches (a power of two, up to 16) that still leave this many
// workgroups (raster_cubes_per_batch, shaders/shared.h).
uint32_t raster_batch_groups(const ModeDesc& desc);

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
    ReloadablePipeline large_;    // raster_large.comp: a cube per workgroup
    ReloadablePipeline batches_;  // raster_batches.comp: the large bucket in batches
};

}  // namespace tessera::render
