#pragma once
// FrameScheduler: the frames-in-flight machinery under the renderer. Each frame takes the next slot:
// waits for that slot's previous frame (its timeline value), reads that frame's GPU timestamps, frees what
// earlier frames retired, and hands out the slot's command buffer and acquire semaphore; submit() signals the
// frame's timeline value. Up to frames_in_flight frames are on the GPU at once; nothing here calls
// vkDeviceWaitIdle or vkQueueWaitIdle.
//
// Statistics: frame time is the time between consecutive frames' completions (the ends of their "frame"
// timestamp scopes, on the GPU's clock; where timestamps are missing, the wall time between frame starts),
// known when the slot comes round or the frames are drained. CPU time is recording, submit and present. GPU
// time is the "frame" scope.
//
// Tracing (base/trace.h): while a trace records, each completed frame's scopes ("frame" and one per pass)
// become spans on the trace's GPU track, mapped to CPU time by vk::calibrate_clocks (redone every frame with
// VK_EXT_calibrated_timestamps, made once at construction without it), plus a "GPU frame ms" counter.
//
// Thread contract: one thread (the frame-loop thread) calls everything.

#include "base/frame_stats.h"
#include "vk/deletion_queue.h"
#include "vk/gpu_timer.h"
#include "vk/handle.h"

#include <chrono>
#include <functional>
#include <vector>

namespace tessera::vk {
class Device;
}

namespace tessera::render {

class FrameScheduler {
public:
    // `completed(slot)` runs once the GPU has finished the frame last submitted in that slot.
    FrameScheduler(const vk::Device& device, uint32_t frames_in_flight,
                   std::function<void(uint32_t)> completed);
    ~FrameScheduler();  // waits for every submitted frame
    FrameScheduler(const FrameScheduler&) = delete;
    FrameScheduler& operator=(const FrameScheduler&) = delete;

    // Waits for the next slot to be free and prepares it; returns the slot.
    uint32_t begin_frame();
    uint32_t slot() const { return current_; }
    VkCommandBuffer command_buffer() const { return frames_[current_].cmd; }
    VkSemaphore acquire_semaphore() const { return frames_[current_].acquired; }
    // The timeline value the frame being recorded will signal (the frame's number, from 1).
    uint64_t frame_number() const { return frame_number_ + 1; }
    // Marks the start of the frame's CPU work (after the target image was acquired).
    void start_recording() { cpu_start_ = Clock::now(); }
    // Submits the command buffer, waiting on `wait` (may be null) and signalling the timeline and `signal`
    // (may be null).
    void submit(VkSemaphore wait, VkSemaphore signal);
    // After present: records the frame's statistics, with the device-local bytes in use now.
    void end_frame(uint64_t device_bytes);

    // Blocks until every submitted frame has finished (end of a run or of a warm-up; not per frame).
    void wait_for_frames();
    void wait_for(uint64_t frame_number) const;
    void note_idle() { last_frame_start_ = {}; }
    void reset_statistics();

    vk::GpuTimer& timer() { return timer_; }
    vk::DeletionQueue& retired() { return retired_; }
    VkSemaphore timeline() const { return timeline_; }
    uint32_t frames_in_flight() const { return static_cast<uint32_t>(frames_.size()); }
    uint64_t submitted() const { return frame_number_; }

    const FrameStats& stats() const { return stats_; }
    const std::vector<vk::ScopeTime>& last_gpu_scopes() const { return last_scopes_; }
    const std::vector<vk::ScopeTime>& total_gpu_scopes() const { return total_scopes_; }
    uint64_t timed_frames() const { return timed_frames_; }

private:
    using Clock = std::chrono::steady_clock;
    static constexpr size_t kUncounted = ~size_t{0};  // a frame submitted before reset_statistics()
    struct Frame {
        vk::Handle<VkCommandPool> pool;
        VkCommandBuffer cmd = VK_NULL_HANDLE;
        vk::Handle<VkSemaphore> acquired;
        uint64_t submitted = 0;  // timeline value its last submission signals
        size_t stats_index = 0;  // its sample in stats_
        bool timestamps_pending = false;
        bool after_pause = false;       // no frame time: the previous frame came before a pause
        double start_interval_ms = -1;  // wall time since the previous frame's start (the fallback)
    };
    void finish_slot(uint32_t slot);
    void collect_timestamps(uint32_t slot);
    void trace_gpu_scopes(uint32_t slot);

    const vk::Device& device_;
    std::function<void(uint32_t)> completed_;
    std::vector<Frame> frames_;
    vk::Handle<VkSemaphore> timeline_;
    uint64_t frame_number_ = 0;  // frames submitted; also the timeline value of the newest one
    uint32_t current_ = 0;
    uint32_t next_ = 0;
    vk::GpuTimer timer_;
    vk::DeletionQueue retired_;
    Clock::time_point frame_start_{}, cpu_start_{}, last_frame_start_{};

    FrameStats stats_;
    std::vector<vk::ScopeTime> last_scopes_;
    std::vector<vk::ScopeTime> total_scopes_;
    uint64_t timed_frames_ = 0;
    double last_end_ms_ = -1;        // the previous completed frame's end on the GPU's clock
    vk::ClockSync clock_sync_;       // made only when a trace records
    int64_t traced_gpu_end_ns_ = 0;  // the GPU track's latest span end: its spans never overlap
};

}  // namespace tessera::render
