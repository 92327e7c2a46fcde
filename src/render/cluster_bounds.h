#pragma once
// ClusterBounds: the "cluster bounds" pass of a streamed scene (--simulate: the ECS extract writes every cube
// each frame). After the frame's cubes have arrived it recomputes every cluster's bounding sphere from them
// (shaders/cluster_bounds.comp, one workgroup per cluster), so that the cull, which tests the spheres before it
// reads any cube, never works from bounds older than the cubes. Fixed scenes need no pass (their spheres are
// computed at upload) and the GPU simulation rewrites the spheres in its own pass (shaders/simulate.comp).
//
// Lifetime: owned by the renderer; the scene must outlive it. Thread: frame-loop thread.

#include "graph/frame_graph.h"
#include "render/reloadable_pipeline.h"
#include "vk/handle.h"

namespace tessera::vk {
class Device;
}

namespace tessera::render {

class GpuScene;

class ClusterBounds {
public:
    ClusterBounds(const vk::Device& device, const GpuScene& scene);
    // Reads `cubes`, writes `spheres` (both imported: the scene's).
    void add_pass(graph::FrameGraph& graph, graph::ResourceId cubes, graph::ResourceId spheres);

private:
    const GpuScene& scene_;
    vk::Handle<VkPipelineLayout> layout_;
    ReloadablePipeline pipeline_;
};

}  // namespace tessera::render
