#pragma once
// MsaaResolve: the gated MSAA resolve of gpu-lod (VisibilityResolve's Output::gated), one pass after the
// hardware buckets that writes each pixel of the single-sampled target as the mean of its samples in the
// multisampled colour. It runs as the cull's MSAA gate, which has work only when the frame has hardware-drawn
// cubes; otherwise nothing runs, and the target keeps the shaded pixels that the visibility copy put there. The
// pass replaces the rendering's own resolve, which would run every frame.
//
// On GPUs, where the target takes storage writes (vk::Target::storage_writes: the offscreen target), the pass is
// a compute dispatch (shaders/msaa_resolve.comp): on the H200 the fullscreen draw took 0.12 ms at 1280x720.
// Elsewhere (a swapchain, CPU drivers, which ran the draw faster) a fullscreen triangle
// (shaders/msaa_resolve.frag). The environment variable TESSERA_MSAA_RESOLVE=compute or draw overrides the
// choice where the target allows it (tests).

#include "graph/frame_graph.h"
#include "render/mode.h"
#include "render/reloadable_pipeline.h"
#include "vk/descriptors.h"
#include "vk/handle.h"

#include <optional>

namespace tessera::render {

class CullPass;

class MsaaResolve {
public:
    // `cull` must have the MSAA gate (CullPass::has_msaa_gate) and outlive this. `flags`: TS_SHADE_* for the
    // target's format (the compute variant packs the colour itself).
    MsaaResolve(const ModeDesc& desc, const CullPass& cull, uint32_t flags);

    // Adds msaa resolve: reads targets.color (multisampled), writes targets.resolve (loaded, not cleared).
    void add_pass(graph::FrameGraph& graph, const FrameTargets& targets);

private:
    const CullPass& cull_;
    VkSampleCountFlagBits samples_;
    uint32_t flags_;
    bool compute_;
    vk::DescriptorBinder binder_;
    std::optional<vk::DescriptorSetLayout> set_layout_;
    vk::Handle<VkPipelineLayout> layout_;
    vk::Handle<VkSampler> sampler_;
    ReloadablePipeline pipeline_;
};

}  // namespace tessera::render
