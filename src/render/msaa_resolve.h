#pragma once
// MsaaResolve: the gated MSAA resolve of gpu-lod (VisibilityResolve's Output::gated). One graphics pass over the
// single-sampled target, after the hardware buckets: a fullscreen triangle whose fragments write the mean of
// each pixel's samples of the multisampled colour. Its draw is the cull's MSAA gate, which has an instance only
// when the frame has hardware-drawn cubes; otherwise nothing runs, and the target keeps the shaded pixels that
// the visibility copy put there. The pass replaces the rendering's own resolve, which would run every frame.

#include "graph/frame_graph.h"
#include "render/mode.h"
#include "render/reloadable_pipeline.h"
#include "vk/descriptors.h"
#include "vk/handle.h"

namespace tessera::render {

class CullPass;

class MsaaResolve {
public:
    // `cull` must have the MSAA gate (CullPass::has_msaa_gate) and outlive this.
    MsaaResolve(const ModeDesc& desc, const CullPass& cull);

    // Adds msaa resolve: reads targets.color (multisampled), writes targets.resolve (loaded, not cleared).
    void add_pass(graph::FrameGraph& graph, const FrameTargets& targets);

private:
    const CullPass& cull_;
    VkSampleCountFlagBits samples_;
    vk::DescriptorBinder binder_;
    vk::DescriptorSetLayout set_layout_;
    vk::Handle<VkPipelineLayout> layout_;
    vk::Handle<VkSampler> sampler_;
    ReloadablePipeline pipeline_;
};

}  // namespace tessera::render
