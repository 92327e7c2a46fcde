#pragma once
// GpuMotion: the GPU simulation path (--simulate-gpu). Each cube's CubeMotion (velocity, spin or pulse, as
// scene::initial_motion gives them) lives on the GPU in chunks laid out like the scene's; every frame a
// compute pass (shaders/simulate.comp) moves and animates the cubes in place in a fixed GpuScene, before
// culling. The CPU's cost per frame is one dispatch whatever the count. No steering: that is the ECS path's
// AI.

#include "graph/frame_graph.h"
#include "render/frame_context.h"
#include "render/reloadable_pipeline.h"
#include "vk/handle.h"
#include "vk/resources.h"

#include <vector>

namespace tessera {
class JobSystem;
}
namespace tessera::vk {
class Device;
}

namespace tessera::render {

class GpuScene;

class GpuMotion {
public:
    // `scene` must be a fixed scene made from a SceneDesc (its cubes' motion derives from it).
    GpuMotion(const vk::Device& device, const GpuScene& scene, JobSystem& jobs);

    // Adds the "simulate" pass (before culling): it reads and writes `cubes` and its own motion records.
    // Moves `cubes` and rewrites their cluster spheres (`spheres`), both imported: the scene's.
    void add_pass(graph::FrameGraph& graph, graph::ResourceId cubes, graph::ResourceId spheres,
                  const FrameContext& frame);

private:
    const GpuScene& scene_;
    vk::Handle<VkPipelineLayout> layout_;
    ReloadablePipeline pipeline_;
    std::vector<vk::Buffer> chunks_;
    vk::Buffer table_;
};

}  // namespace tessera::render
