#pragma once
// A rendering mode: how the cubes of a GpuScene reach the image (--mode; config/modes.h lists them). A mode
// adds its passes to the frame graph once, at set-up: culling, drawing, read-backs. The graph records them
// every frame and derives every barrier between them. After the GPU has finished the frame last recorded in
// a slot, the renderer calls frame_completed(slot), where a mode reads back what that frame counted.

#include "base/jobs.h"
#include "config/config.h"
#include "graph/frame_graph.h"
#include "render/frame_context.h"
#include "vk/handle.h"

#include <volk.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace tessera::vk {
class Device;
struct DeviceCaps;
}  // namespace tessera::vk

namespace tessera::render {

class GpuScene;

struct ModeDesc {
    const vk::Device* device = nullptr;
    const GpuScene* scene = nullptr;
    JobSystem* jobs = nullptr;
    VkFormat color_format = VK_FORMAT_UNDEFINED;
    VkFormat depth_format = VK_FORMAT_UNDEFINED;
    VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
    uint32_t frames_in_flight = 2;
    float lod_full_pixels = 24.0f;
    float lod_splat_pixels = 1.0f;
    float cluster_splat_pixels = 4.0f;  // gpu-lod: clusters up to this size are splatted as their footprint
    float raster_max_pixels = 0.0f;     // 0: chosen per device type (compute_raster.h); < 0: off
    float raster_small_pixels = 0.0f;   // 0: chosen per device type (compute_raster.h)
    uint32_t raster_batch_groups = 0;   // 0: chosen per device type (compute_raster.h)
    bool splat_coverage = false;        // render.splat_coverage
    bool splat_samples = false;         // render.splat_samples (takes precedence)
    bool occlusion = false;             // render.occlusion: two-phase occlusion culling (render/occlusion.h)
    std::optional<bool>
        visibility_draws;  // render.visibility_draws (VisibilityResolve); nullopt: per device type
    bool target_accepts_copies =
        false;  // the target's images take transfer writes (vk::Target::can_copy_into)
    bool target_storage_writes = false;  // compute can write them (vk::Target::storage_writes)
};

// The graph resources every mode draws with, made by the renderer.
struct FrameTargets {
    graph::ResourceId color = graph::kNoResource;    // the colour attachment: MSAA colour, or the target
    graph::ResourceId resolve = graph::kNoResource;  // with MSAA: the target it resolves into
    graph::ResourceId depth = graph::kNoResource;
    graph::ResourceId cubes = graph::kNoResource;     // the GPU scene (imported)
    graph::ResourceId clusters = graph::kNoResource;  // the scene's cluster spheres (imported)
    graph::ResourceId uniforms = graph::kNoResource;  // this frame's FrameUniforms (imported, host-written)
    graph::ResourceId indices = graph::kNoResource;   // the cube index buffer (imported, uploaded at start)
    VkClearValue clear_color{};

    // Declares the attachments on a graphics pass. The frame's first drawing pass (`first`) clears them.
    void attach(graph::PassDesc& pass, bool first) const;
};

class Mode {
public:
    virtual ~Mode() = default;
    virtual RenderMode kind() const = 0;
    // Adds the mode's passes, in frame order. `frame` is filled in before each frame's recording; the passes'
    // record functions may read it (and must not keep pointers into it).
    virtual void add_passes(graph::FrameGraph& graph, const FrameTargets& targets,
                            const FrameContext& frame) = 0;
    virtual void frame_completed(uint32_t /*slot*/) {}
    // Each frame, once its slot is free and its image acquired, before anything of it is recorded: a mode that
    // records on the workers wakes them here (JobSystem::call_up), so that they are up by the time it records.
    virtual void frame_begins() {}
    // Cubes drawn (that passed frustum culling, and occlusion culling where on) in the newest frame whose
    // count is known; -1 before the first.
    virtual int64_t visible_count() const = 0;
    // Whether the mode culls occluded cubes (render.occlusion); then the cubes that passed frustum culling
    // alone in that frame, -1 before the first; else visible_count().
    virtual bool occlusion() const { return false; }
    virtual int64_t frustum_visible_count() const { return visible_count(); }
    // The newest known visible count of each cull bucket (shaders/shared.h TS_LOD_*), -1 until known; empty for
    // modes without buckets.
    virtual std::vector<int64_t> bucket_counts() const { return {}; }
    // Clusters whose cubes the GPU cull read one by one in the newest known frame (both occlusion phases: a
    // cluster read in each counts twice); the others were culled or splatted whole. -1 until known, or for a
    // mode that does not cull clusters.
    virtual int64_t clusters_read() const { return -1; }
    // Modes that record on the worker threads: the per-thread load of the newest frame's recording (culling
    // and recording, base/jobs.h); nullptr for the others.
    virtual const ThreadLoad* record_load() const { return nullptr; }
};

// Whether the device has every capability the mode needs (config/modes.h).
bool can_run(RenderMode mode, const vk::DeviceCaps& caps);

// Throws Error when the device lacks what the mode needs (config/modes.h), naming the capability and the
// modes it can run instead.
std::unique_ptr<Mode> create_mode(RenderMode mode, const ModeDesc& desc);

// A graphics pipeline for the attachments these modes draw into (formats and samples from `desc`), depth-tested
// with `depth_compare` (reversed Z: GREATER keeps the nearer).
vk::Handle<VkPipeline> create_attachment_pipeline(const ModeDesc& desc, VkShaderModule vertex,
                                                  VkShaderModule fragment, VkPipelineLayout layout,
                                                  VkCullModeFlags cull,
                                                  const VkSpecializationInfo* specialization,
                                                  const char* name,
                                                  VkCompareOp depth_compare = VK_COMPARE_OP_GREATER);

}  // namespace tessera::render
