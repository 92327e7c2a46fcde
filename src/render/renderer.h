#pragma once
// Renderer: the GPU side of a frame. It owns the frame graph of the configured mode and runs it on the frame
// scheduler (frame_scheduler.h: slots, timeline, deletion queue, timestamps, statistics). Each render() is
// one frame:
//
//   wait for this slot's previous frame -> acquire the target image -> [stream the scene] -> write this
//   slot's FrameUniforms -> record the graph (its passes and derived barriers) -> submit -> present
//
// The graph holds, in order: [upload] [simulate] the mode's passes (cull..., draws, cull readback) [extra
// passes] [overlay] [capture]. The renderer owns the shared graph resources by name: "target", "depth", "msaa colour"
// (with MSAA), "capture"; the scene ("cubes"), per-frame constants ("frame uniforms") and the cube indices
// are imported. --print-frame-graph prints them (print_frame_graph).
//
// Thread contract: one thread (the frame-loop thread) calls everything.

#include "base/frame_stats.h"
#include "base/image.h"
#include "config/config.h"
#include "graph/frame_graph.h"
#include "render/camera.h"
#include "render/frame_scheduler.h"
#include "render/mode.h"
#include "render/reloadable_pipeline.h"
#include "vk/resources.h"
#include "vk/target.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tessera::render {

class ClusterBounds;
class GpuMotion;
class GpuScene;
class OverlayPass;
struct OverlayDrawData;

// What changes in the scene this frame.
struct FrameUpdate {
    float dt = 0;        // simulated seconds since the last frame (GPU motion)
    double elapsed = 0;  // simulated seconds since the start (GPU motion)
    // Streamed scenes: fills scene.write_target(slot) (and calls finish_write), once the slot is free.
    std::function<void(uint32_t slot)> write_scene;
};

// Adds passes after the mode's draws and before the screenshot capture, e.g. a depth pyramid; `depth` is the
// frame's depth attachment.
using ExtraPasses = std::function<void(graph::FrameGraph& graph, graph::ResourceId depth)>;

struct RendererDesc {
    uint32_t frames_in_flight = 2;  // 1..3
    uint32_t msaa_samples = 1;      // clamped to what the GPU supports, with a log line
    RenderMode mode = RenderMode::instanced;
    float lod_full_pixels = 24.0f;  // gpu-lod's LOD thresholds (config.h)
    float lod_splat_pixels = 1.0f;
    float cluster_splat_pixels = 4.0f;
    float raster_max_pixels = 0.0f;    // 0: per device type (compute_raster.h)
    float raster_small_pixels = 0.0f;  // 0: per device type (compute_raster.h)
    uint32_t raster_batch_groups = 0;  // 0: per device type (compute_raster.h)
    bool splat_coverage = false;
    bool splat_samples = true;
    std::optional<bool> visibility_draws;  // render.visibility_draws; nullopt: per device type
    bool occlusion = false;   // gpu-cull and gpu-lod: two-phase occlusion culling (render/occlusion.h)
    bool gpu_motion = false;  // move and animate the (fixed) scene with a compute pass every frame
    glm::vec4 clear_color{0.02f, 0.025f, 0.04f, 1.0f};
    ExtraPasses extra_passes;
    // Non-null: the "overlay" pass draws this over the finished frame (render/overlay_pass.h); the data is the
    // caller's, refreshed before each render(), and must outlive the Renderer.
    const OverlayDrawData* overlay = nullptr;
};

class Renderer {
public:
    Renderer(const vk::Device& device, vk::Target& target, const GpuScene& scene, JobSystem& jobs,
             const RendererDesc& desc);
    ~Renderer();  // waits for this renderer's frames to finish
    Renderer(const Renderer&) = delete;
    Renderer& operator=(const Renderer&) = delete;

    // Renders one frame from `camera`. Returns false when the target could not take a frame (minimised); then
    // `update` was not applied.
    bool render(const Camera& camera, const FrameUpdate& update = {});

    // Asks for the next rendered frame to be copied to host memory; take_capture() returns it (waiting for
    // that frame only). Throws Error if the target's images cannot be copied from.
    void request_capture();
    std::optional<Image> take_capture();

    // Blocks until every submitted frame has finished on the GPU (end of a run or of a warm-up; not per
    // frame).
    void wait_for_frames() { scheduler_.wait_for_frames(); }
    // Tells the renderer that no frame was rendered for a while (window minimised): the next frame's time is
    // measured from its own start rather than across the pause.
    void note_idle() { scheduler_.note_idle(); }
    // Between frames: rebuilds the pipelines whose shaders hot reload replaced (render/reloadable_pipeline.h:
    // every live one, so one Renderer at a time); the old ones are destroyed once the frames submitted so far
    // are done.
    ReloadReport reload_pipelines();
    // Forgets the statistics gathered so far (after a warm-up) without draining the GPU: frames still in
    // flight finish uncounted, so measurement starts in the steady state.
    void reset_statistics() { scheduler_.reset_statistics(); }

    const FrameStats& stats() const { return scheduler_.stats(); }
    // GPU time per pass (and "frame") of the newest frame whose timestamps are known.
    const std::vector<vk::ScopeTime>& last_gpu_scopes() const { return scheduler_.last_gpu_scopes(); }
    // Accumulated GPU ms per pass over the timed_frames() frames whose timestamps are known.
    const std::vector<vk::ScopeTime>& total_gpu_scopes() const { return scheduler_.total_gpu_scopes(); }
    uint64_t timed_frames() const { return scheduler_.timed_frames(); }
    uint32_t samples() const { return samples_; }
    uint32_t frames_in_flight() const { return scheduler_.frames_in_flight(); }
    const Mode& mode() const { return *mode_; }
    uint64_t peak_device_memory() const { return peak_memory_; }
    // The passes, their resources and the barriers of the steady-state frame (after the first frame).
    std::string print_frame_graph(bool json) const { return graph_.print(json); }

private:
    void add_passes(const RendererDesc& desc);

    const vk::Device& device_;
    vk::Target& target_;
    const GpuScene& scene_;
    VkSampleCountFlagBits samples_;
    std::unique_ptr<Mode> mode_;
    std::unique_ptr<GpuMotion> gpu_motion_;
    std::unique_ptr<ClusterBounds> cluster_bounds_;  // streamed scenes
    std::unique_ptr<OverlayPass> overlay_;
    FrameScheduler scheduler_;
    graph::FrameGraph graph_;
    std::vector<vk::Buffer> uniforms_;  // gpu::FrameUniforms per slot, host-visible
    FrameContext frame_;                // what the passes read while this frame is recorded
    FrameTargets targets_;

    bool capture_requested_ = false;
    uint64_t capture_value_ = 0;
    graph::ResourceId capture_ = graph::kNoResource;
    VkExtent2D capture_extent_{};
    VkFormat capture_format_ = VK_FORMAT_UNDEFINED;
    uint64_t peak_memory_ = 0;
};

}  // namespace tessera::render
