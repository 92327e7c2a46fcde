#pragma once
// VisibilityResolve: turns gpu-lod's visibility buffer (splats and the compute raster) into colour and depth,
// as up to two frame-graph passes:
//
//   visibility shade    compute    per pixel: the cube's colour, lit by the face it hit (splats: the mean of
//                                  the pixel's four samples, or blended over the background by their coverage),
//                                  and its depth; empty pixels get the background at the far depth. With
//                                  samples, two indirect dispatches of which the cull gave the workgroups to
//                                  one: samples only where the frame splatted. Where the colour and depth go
//                                  depends on the output (below)
//   visibility copy     transfer   Output::copy: "shaded colour" and "shaded depth" (buffers) copied into the
//                                  target and the depth image, which replaces their clear; Output::gated:
//                                  the colour into the target
//   visibility resolve  graphics   Output::resolve and gated: the frame's first draw, a fullscreen triangle
//                                  whose one fragment per pixel writes the shaded colour and depth into all its
//                                  samples; gated, only in frames with hardware-drawn cubes (the MSAA gate)
//   msaa resolve        graphics   Output::gated, after the hardware buckets (add_final_passes, MsaaResolve):
//                                  the samples' mean into the target, in the same frames only
//
// Outputs:
//   image     single-sampled, the target takes compute writes (vk::Target::storage_writes: the offscreen
//             target) and fragment shaders may use atomics: the hardware buckets draw into the visibility
//             buffer too (CubeVariant::visibility) before the shade, which writes the colour straight into the
//             target and the depth into the image "shaded depth" (R32_SFLOAT; the depth pyramid reads it). No
//             attachment is cleared, copied or loaded.
//   copy      other single-sampled targets that take transfer writes (a swapchain)
//   gated     MSAA without occlusion culling, on a target that takes transfer writes: the multisampled
//             attachments are written, drawn into and resolved only in frames whose cull put cubes in the
//             hardware buckets (CullPass::has_msaa_gate). In the others the frame costs what it costs without
//             MSAA: compute-rastered and splatted cubes have one sample per pixel whatever the MSAA, so the
//             target gets the same pixels. (With occlusion the depth pyramid reads the multisampled depth, which
//             must then be written every frame.)
//   resolve   the rest (MSAA)
// After copy, gated and resolve the hardware buckets load the attachments and depth-test against the shaded
// pixels; with gated they draw into attachments that do not resolve themselves (draw_targets).
//
// Why gated: lavapipe's 4x MSAA at 1280x720 cost 24 ms a frame whatever was drawn (the default scene, 100k
// cubes, none of them hardware-drawn: 50 ms a frame, 24 ms without MSAA).
// Why: on the H200 everything that goes through the graphics engine is narrow. At 1920x1080 the fullscreen
// draw took 0.24 ms, copying the colour or the depth 0.10 ms each, and clearing the depth attachment for the
// hardware buckets 0.16 ms, while the shade writes the target and the depth image in microseconds.

#include "graph/frame_graph.h"
#include "render/mode.h"
#include "render/msaa_resolve.h"
#include "render/reloadable_pipeline.h"
#include "vk/descriptors.h"
#include "vk/handle.h"

#include <optional>

namespace tessera::render {

class CullPass;
class GpuScene;

// The visibility shade's workgroups (x, y) at `extent`: TS_SHADE_GROUP x TS_SHADE_GROUP pixels each, or with
// `quad` TS_SHADE_GROUP^2 invocations of TS_SHADE_QUAD pixels in the buffers' pixel order, as rows of
// TS_MAX_GROUPS_X workgroups.
VkExtent2D shade_groups(VkExtent2D extent, bool quad);

class VisibilityResolve {
    enum class Output : uint8_t {
        image,    // the shade writes the target and "shaded depth" (an image)
        copy,     // visibility copy copies the shaded colour and depth
        gated,    // visibility copy copies the colour; with hardware-drawn cubes, MSAA as resolve
        resolve,  // visibility resolve draws them
    };

public:
    // `cull` must have a visibility buffer and outlive this.
    VisibilityResolve(const ModeDesc& desc, const CullPass& cull);
    // Whether VisibilityResolve(desc, ...) has Output::image: the hardware buckets must then draw into the
    // visibility buffer (CubeVariant::visibility) before add_passes, and the frame's depth is shaded_depth_id().
    static bool writes_target(const ModeDesc& desc) { return choose_output(desc) == Output::image; }
    // Whether the shade without samples takes TS_SHADE_QUAD pixels per invocation (every output but image,
    // whose stores go through 2D image views): the workgroups that shade_groups gives for `quad`.
    static bool shades_quads(const ModeDesc& desc) { return choose_output(desc) != Output::image; }
    // Whether VisibilityResolve(desc, ...) has Output::gated: the cull must then have the MSAA gate.
    static bool gates_msaa(const ModeDesc& desc) { return choose_output(desc) == Output::gated; }

    // Adds visibility shade, then visibility copy or visibility resolve: what the frame's drawing passes find in
    // the attachments (they must load them, not clear them), except with writes_target.
    void add_passes(graph::FrameGraph& graph, const FrameTargets& targets, const FrameContext& frame);
    // The attachments the hardware buckets draw into after add_passes: `targets`, or with gated the same
    // without the resolve into the target.
    FrameTargets draw_targets(const FrameTargets& targets) const;
    // After the hardware buckets' passes: gated's msaa resolve; nothing for the other outputs.
    void add_final_passes(graph::FrameGraph& graph, const FrameTargets& targets);
    // writes_target: the image "shaded depth" (valid after the first add_passes), else kNoResource.
    graph::ResourceId shaded_depth_id() const { return shaded_depth_; }

private:
    static Output choose_output(const ModeDesc& desc);
    bool quad() const { return output_ != Output::image; }  // as shades_quads()

    const GpuScene& scene_;
    const CullPass& cull_;
    uint32_t flags_;  // TS_SHADE_*: how the target stores colour
    Output output_;
    graph::ResourceId shaded_depth_ = graph::kNoResource;
    std::optional<vk::DescriptorBinder> binder_;  // Output::image: binds the target's storage view
    std::optional<vk::DescriptorSetLayout> set_layout_;
    vk::Handle<VkPipelineLayout> shade_layout_;
    ReloadablePipeline shade_;          // the cull's splat mode (with SAMPLES: NONE, frames without splats)
    ReloadablePipeline shade_samples_;  // TS_SPLAT_SAMPLES only: the variant that averages the samples
    vk::Handle<VkPipelineLayout> layout_;
    ReloadablePipeline pipeline_;
    std::optional<MsaaResolve> msaa_;  // Output::gated
};

}  // namespace tessera::render
