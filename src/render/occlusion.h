#pragma once
// Occlusion: what two-phase occlusion culling (render.occlusion, gpu-cull and gpu-lod) keeps across frames and
// adds to a frame. The mode runs its cull twice (cull_pass.h, CullPhase):
//
//   early cull ... early draws    only the frustum-visible cubes that were visible last frame (their bit set);
//                                 the early cluster cull lists every frustum-visible cluster as a candidate
//   depth pyramid 0..n            the early phase's depth, min-reduced (depth_pyramid.h; any sample count)
//   late cull ... late draws      every candidate cluster is tested against the pyramid (an occluded one has
//                                 its cubes' bits cleared), then every frustum-visible cube of the others: the
//                                 result is its bit for the next frame, and those that may show and were not
//                                 drawn early are drawn now (gpu-lod: the compute raster adds them to the same
//                                 visibility buffer, which is shaded again for the whole frame, and the early
//                                 hardware buckets are drawn again over it)
//
// The image equals the one without occlusion whatever the bits hold: the early phase draws a subset of the
// frustum-visible cubes, and a cube is left out only where the depth already drawn this frame is nearer at
// every pixel it may cover. The bits only decide how much is drawn twice or tested in vain.
// Two exceptions. With render.splat_coverage, splats hidden behind other splats add coverage to their pixel;
// culled, they no longer do, so such pixels blend a little less of the splat's colour. With splat samples (the
// default), a pixel's depth is its farthest sample's rather than its nearest's (TS_SHADE_FARTHEST_DEPTH), so
// that the pyramid never hides what shows in one sample; a hardware-drawn cube between the two then covers
// the pixel where without occlusion the nearer splat would have kept it.
//
// The bits ("occlusion bits", one per cube) exist once, not per frame in flight: frame N+1's early cull reads
// what frame N's late cull wrote, and frames run one after the other on the one queue, ordered by the graph's
// barriers (the late cull's write before the next frame's read), so a second copy would only hold older bits.
// They are cleared on the first frame. The early cluster cull lists the frustum-visible clusters it did not
// splat ("occlusion candidates", a ClusterList with room for every cluster) and its finalize writes the late
// cluster cull's dispatch, one invocation per candidate ("occlusion candidate dispatch"). The late phase counts
// the frustum-visible cubes (those of occluded clusters all of them) and the cubes drawn; splatted clusters
// count in both. The counts ("occlusion counts") are reset by the early cull reset and read back per slot like
// the cull's draw commands.
//
// Lifetime: owned by the mode; must outlive every frame recorded with its passes. Thread: frame-loop thread.

#include "graph/frame_graph.h"
#include "render/depth_pyramid.h"
#include "render/mode.h"
#include "vk/descriptors.h"
#include "vk/handle.h"

#include <vector>

namespace tessera::render {

class Occlusion {
public:
    explicit Occlusion(const ModeDesc& desc);

    // Adds the bits, the counts, the candidates and the first frame's clear of the bits; call before the cull
    // passes.
    void add_resources(graph::FrameGraph& graph);
    // Adds the depth pyramid of `depth` (targets.depth, or gpu-lod's "shaded depth": add_depth_pyramid); call
    // after the early phase's draws.
    void add_pyramid(graph::FrameGraph& graph, graph::ResourceId depth);
    // Adds the read-back of the counts; call after the late cull.
    void add_readback_pass(graph::FrameGraph& graph);
    void frame_completed(uint32_t slot);

    graph::ResourceId bits_id() const { return bits_; }
    graph::ResourceId counts_id() const { return counts_; }
    graph::ResourceId candidates_id() const { return candidates_; }
    graph::ResourceId candidate_dispatch_id() const { return candidate_dispatch_; }
    graph::ResourceId pyramid_id() const { return pyramid_; }
    // The late cull's set 0: the pyramid at binding 0. bind_pyramid binds it for `layout` (compute).
    const vk::DescriptorSetLayout& set_layout() const { return set_layout_; }
    void bind_pyramid(const graph::PassContext& ctx, VkPipelineLayout layout);

    // The newest known counts, -1 until known.
    int64_t frustum_visible() const { return frustum_visible_; }
    int64_t visible() const { return visible_; }

private:
    const vk::Device& device_;
    uint32_t cube_count_;
    uint64_t cluster_count_;
    DepthPyramid pyramid_owner_;
    vk::DescriptorBinder binder_;
    vk::DescriptorSetLayout set_layout_;
    vk::Handle<VkSampler> sampler_;
    graph::FrameGraph* graph_ = nullptr;
    graph::ResourceId bits_ = graph::kNoResource;
    graph::ResourceId counts_ = graph::kNoResource;
    graph::ResourceId candidates_ = graph::kNoResource;
    graph::ResourceId candidate_dispatch_ = graph::kNoResource;
    graph::ResourceId readback_ = graph::kNoResource;
    graph::ResourceId pyramid_ = graph::kNoResource;
    bool cleared_ = false;
    std::vector<bool> readback_pending_;
    int64_t frustum_visible_ = -1;
    int64_t visible_ = -1;
};

}  // namespace tessera::render
