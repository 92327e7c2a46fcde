#pragma once
// Renderer: the frame loop's GPU side. Each call to render() is one frame:
//
//   wait for this slot's previous frame (timeline value) -> read its GPU timestamps, free what it retired
//   acquire the target image -> write this slot's FrameUniforms -> record: mode.prepare (compute),
//   attachment pass (mode.draw), resolve, optional capture copy -> submit (signals the timeline) -> present
//
// Up to frames_in_flight frames are on the GPU at once; everything a frame writes (command pool and buffer,
// uniforms, query pool, acquire semaphore) exists once per slot. Nothing here calls vkDeviceWaitIdle or
// vkQueueWaitIdle; waits are on this renderer's own timeline values.
//
// Thread contract: one thread (the frame-loop thread) calls everything.

#include "base/frame_stats.h"
#include "base/image.h"
#include "config/config.h"
#include "render/camera.h"
#include "render/mode.h"
#include "vk/deletion_queue.h"
#include "vk/gpu_timer.h"
#include "vk/handle.h"
#include "vk/resources.h"
#include "vk/target.h"

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace tessera::render {

class GpuMotion;
class GpuScene;

// What changes in the scene this frame.
struct FrameUpdate {
    float dt = 0;        // simulated seconds since the last frame (GPU motion)
    double elapsed = 0;  // simulated seconds since the start (GPU motion)
    // Streamed scenes: fills scene.write_target(slot) (and calls finish_write), once the slot is free.
    std::function<void(uint32_t slot)> write_scene;
};

struct RendererDesc {
    uint32_t frames_in_flight = 2;  // 1..3
    uint32_t msaa_samples = 1;      // clamped to what the GPU supports, with a log line
    RenderMode mode = RenderMode::instanced;
    float lod_full_pixels = 24.0f;  // gpu-lod's LOD thresholds (config.h)
    float lod_splat_pixels = 1.0f;
    bool gpu_motion = false;  // move and animate the (fixed) scene with a compute pass every frame
    glm::vec4 clear_color{0.02f, 0.025f, 0.04f, 1.0f};
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
    void wait_for_frames();
    // Tells the renderer that no frame was rendered for a while (window minimised): the next frame's time is
    // measured from its own start rather than across the pause.
    void note_idle() { last_frame_start_ = {}; }
    // Forgets the statistics gathered so far (after a warm-up) without draining the GPU: frames still in
    // flight finish uncounted, so measurement starts in the steady state.
    void reset_statistics();

    const FrameStats& stats() const { return stats_; }
    // GPU time per named scope ("frame", "draw", ...) of the newest frame whose timestamps are known.
    const std::vector<vk::ScopeTime>& last_gpu_scopes() const { return last_scopes_; }
    // Accumulated GPU ms per scope name over the timed_frames() frames whose timestamps are known.
    const std::vector<vk::ScopeTime>& total_gpu_scopes() const { return total_scopes_; }
    uint64_t timed_frames() const { return timed_frames_; }
    uint32_t samples() const { return samples_; }
    uint32_t frames_in_flight() const { return static_cast<uint32_t>(frames_.size()); }
    const Mode& mode() const { return *mode_; }
    uint64_t peak_device_memory() const { return peak_memory_; }

private:
    static constexpr size_t kUncounted = ~size_t{0};  // a frame submitted before reset_statistics()
    struct Frame {
        vk::Handle<VkCommandPool> pool;
        VkCommandBuffer cmd = VK_NULL_HANDLE;
        vk::Handle<VkSemaphore> acquired;
        vk::Buffer uniforms;     // gpu::FrameUniforms, host-visible
        uint64_t submitted = 0;  // timeline value its last submission signals
        size_t stats_index = 0;  // its sample in stats_
        bool timestamps_pending = false;
    };
    void wait_slot(Frame& frame);
    void rebuild_attachments();
    void record(Frame& frame, uint32_t slot, const vk::TargetImage& image, const Camera& camera,
                const FrameUpdate& update);
    void submit(Frame& frame, const vk::TargetImage& image);
    void collect_timestamps(uint32_t slot, size_t stats_index);

    const vk::Device& device_;
    vk::Target& target_;
    const GpuScene& scene_;
    RendererDesc desc_;
    VkSampleCountFlagBits samples_;
    VkFormat depth_format_ = VK_FORMAT_D32_SFLOAT;
    std::unique_ptr<Mode> mode_;
    std::unique_ptr<GpuMotion> gpu_motion_;
    std::vector<Frame> frames_;
    vk::Handle<VkSemaphore> timeline_;
    uint64_t frame_number_ = 0;  // frames submitted; also the timeline value of the newest one
    uint32_t next_slot_ = 0;
    vk::GpuTimer timer_;
    vk::DeletionQueue retired_;

    uint64_t attachments_generation_ = 0;
    vk::Image depth_;
    vk::Image msaa_color_;

    bool capture_requested_ = false;
    uint64_t capture_value_ = 0;
    vk::Buffer capture_buffer_;
    VkExtent2D capture_extent_{};
    VkFormat capture_format_ = VK_FORMAT_UNDEFINED;

    FrameStats stats_;
    std::vector<vk::ScopeTime> last_scopes_;
    std::vector<vk::ScopeTime> total_scopes_;
    uint64_t timed_frames_ = 0;
    std::chrono::steady_clock::time_point last_frame_start_{};
    uint64_t peak_memory_ = 0;
};

}  // namespace tessera::render
