#include "render/frame_scheduler.h"

#include "base/trace.h"
#include "vk/check.h"
#include "vk/device.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>

namespace tessera::render {
namespace {

double ms_between(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

constexpr uint32_t kMaxScopes = 48;  // passes per frame, plus the frame itself

}  // namespace

FrameScheduler::FrameScheduler(const vk::Device& device, uint32_t frames_in_flight,
                               std::function<void(uint32_t)> completed)
    : device_(device),
      completed_(std::move(completed)),
      timeline_(vk::create_timeline_semaphore(device.handle(), 0)),
      timer_(device, frames_in_flight, kMaxScopes) {
    frames_.resize(frames_in_flight);
    for (Frame& f : frames_) {
        f.pool = vk::create_command_pool(device.handle(), device.queue_family(), 0);
        f.cmd = vk::allocate_command_buffer(device.handle(), f.pool, VK_COMMAND_BUFFER_LEVEL_PRIMARY);
        f.acquired = vk::create_binary_semaphore(device.handle());
    }
    if (trace::enabled()) {
        TS_TRACE_SCOPE("calibrate GPU clock");
        clock_sync_ = vk::calibrate_clocks(device);
        spdlog::info("trace: GPU timestamps mapped to CPU time by {} (error bound {:.1f} us)",
                     clock_sync_.method, clock_sync_.error_ns * 1e-3);
    }
}

// Each scope's span on the trace's GPU track. On one queue, a pass's top-of-pipe timestamp may precede the
// previous pass's bottom-of-pipe one when the two overlap; the spans are clipped so that they nest in their
// frame and follow one another, as the trace format requires of a track.
void FrameScheduler::trace_gpu_scopes(uint32_t slot) {
    const std::vector<vk::ScopeTicks>& ticks = timer_.ticks(slot);
    if (ticks.empty()) return;
    if (device_.caps().calibrated_timestamps) clock_sync_ = vk::calibrate_clocks(device_);
    const int64_t frame_begin = std::max(clock_sync_.to_cpu_ns(ticks[0].begin), traced_gpu_end_ns_);
    const int64_t frame_end = std::max(clock_sync_.to_cpu_ns(ticks[0].end), frame_begin);
    trace::complete(ticks[0].name, frame_begin, frame_end, "frame", int64_t(frames_[slot].submitted),
                    trace::Track::gpu);
    int64_t previous_end = frame_begin;
    for (size_t i = 1; i < ticks.size(); ++i) {
        const int64_t begin = std::clamp(clock_sync_.to_cpu_ns(ticks[i].begin), previous_end, frame_end);
        const int64_t end = std::clamp(clock_sync_.to_cpu_ns(ticks[i].end), begin, frame_end);
        trace::complete(ticks[i].name, begin, end, nullptr, 0, trace::Track::gpu);
        previous_end = end;
    }
    traced_gpu_end_ns_ = frame_end;
    trace::counter("GPU frame ms", double(ticks[0].end - ticks[0].begin) * clock_sync_.period_ns * 1e-6,
                   nullptr, frame_end);
}

FrameScheduler::~FrameScheduler() {
    try {
        wait_for_frames();
    } catch (const std::exception& e) {
        spdlog::error("frame scheduler shutdown: {}", e.what());
    }
    retired_.clear();
}

void FrameScheduler::wait_for(uint64_t frame_number) const {
    if (frame_number) vk::wait_timeline(device_.handle(), timeline_, frame_number);
}

void FrameScheduler::wait_for_frames() {
    if (frame_number_ == 0) return;
    wait_for(frame_number_);
    // Oldest slot first, so that the newest frame's results are the ones left standing.
    for (uint32_t i = 0; i < frames_.size(); ++i)
        finish_slot((next_ + i) % static_cast<uint32_t>(frames_.size()));
    retired_.collect(frame_number_);
}

void FrameScheduler::reset_statistics() {
    stats_ = FrameStats{};
    total_scopes_.clear();
    timed_frames_ = 0;
    for (Frame& f : frames_) f.stats_index = kUncounted;  // their timestamps are read, then dropped
}

void FrameScheduler::collect_timestamps(uint32_t slot) {
    Frame& frame = frames_[slot];
    frame.timestamps_pending = false;
    std::vector<vk::ScopeTime> scopes = timer_.read(slot);
    if (trace::enabled()) trace_gpu_scopes(slot);
    // Frame time: from the previous frame's completion to this one's (the first frame, and the first after a
    // pause, from its own start). GPU time: from its start, or the previous frame's completion if that came
    // later (frames on one queue may overlap), to its completion. So frame time >= GPU time, always.
    const double begin_ms = timer_.first_scope_begin_ms(slot), end_ms = timer_.first_scope_end_ms(slot);
    const bool chained = !frame.after_pause && last_end_ms_ >= 0;
    if (frame.stats_index != kUncounted) {
        if (end_ms >= 0) {
            stats_.set_frame_ms(frame.stats_index, end_ms - (chained ? last_end_ms_ : begin_ms));
            stats_.set_gpu_ms(frame.stats_index,
                              end_ms - (chained ? std::max(begin_ms, last_end_ms_) : begin_ms));
        } else {
            stats_.set_frame_ms(frame.stats_index, frame.start_interval_ms);  // no timestamps came back
        }
        std::array<PassTime, FrameSample::kMaxPasses> passes;
        size_t count = 0;
        for (const vk::ScopeTime& s : scopes)
            if (count < passes.size() && std::strcmp(s.name, "frame") != 0)
                passes[count++] = {s.name, static_cast<float>(s.ms)};
        stats_.set_gpu_passes(frame.stats_index, {passes.data(), count});
    }
    last_end_ms_ = end_ms;
    if (scopes.empty() || frame.stats_index == kUncounted) return;
    ++timed_frames_;
    for (const auto& s : scopes) {
        auto it = std::find_if(total_scopes_.begin(), total_scopes_.end(),
                               [&](const vk::ScopeTime& t) { return std::strcmp(t.name, s.name) == 0; });
        if (it == total_scopes_.end())
            total_scopes_.push_back(s);
        else
            it->ms += s.ms;
    }
    last_scopes_ = std::move(scopes);
}

// The slot's frame has completed (the caller waited for it): its results are read.
void FrameScheduler::finish_slot(uint32_t slot) {
    Frame& frame = frames_[slot];
    if (frame.timestamps_pending) collect_timestamps(slot);
    if (frame.submitted) completed_(slot);
}

uint32_t FrameScheduler::begin_frame() {
    frame_start_ = Clock::now();
    current_ = next_;
    Frame& frame = frames_[current_];
    if (frame.submitted) {
        {
            TS_TRACE_SCOPE("wait for slot", "frame", static_cast<int64_t>(frame.submitted));
            wait_for(frame.submitted);
        }
        TS_TRACE_SCOPE("read back slot");
        finish_slot(current_);
        frame.submitted = 0;
    }
    uint64_t completed = 0;
    VK_CHECK(vkGetSemaphoreCounterValue(device_.handle(), timeline_, &completed));
    retired_.collect(completed);
    VK_CHECK(vkResetCommandPool(device_.handle(), frame.pool, 0));
    timer_.begin_frame(current_);
    return current_;
}

void FrameScheduler::submit(VkSemaphore wait_semaphore, VkSemaphore signal_semaphore) {
    Frame& frame = frames_[current_];
    ++frame_number_;
    VkCommandBufferSubmitInfo cmd_info{VK_STRUCTURE_TYPE_COMMAND_BUFFER_SUBMIT_INFO};
    cmd_info.commandBuffer = frame.cmd;
    VkSemaphoreSubmitInfo wait{VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO};
    wait.semaphore = wait_semaphore;
    wait.stageMask = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT;
    VkSemaphoreSubmitInfo signals[2]{};
    signals[0] = {VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO};
    signals[0].semaphore = timeline_;
    signals[0].value = frame_number_;
    signals[0].stageMask = VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT;
    signals[1] = {VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO};
    signals[1].semaphore = signal_semaphore;
    signals[1].stageMask = VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT;
    VkSubmitInfo2 submit{VK_STRUCTURE_TYPE_SUBMIT_INFO_2};
    submit.waitSemaphoreInfoCount = wait_semaphore ? 1 : 0;
    submit.pWaitSemaphoreInfos = &wait;
    submit.commandBufferInfoCount = 1;
    submit.pCommandBufferInfos = &cmd_info;
    submit.signalSemaphoreInfoCount = signal_semaphore ? 2 : 1;
    submit.pSignalSemaphoreInfos = signals;
    vk::gpu_activity().frame = frame_number_;
    vk::gpu_activity().work = "frame (cull, draw, resolve)";
    TS_TRACE_SCOPE("submit", "frame", static_cast<int64_t>(frame_number_));
    VK_CHECK(vkQueueSubmit2(device_.queue(), 1, &submit, VK_NULL_HANDLE));
    frame.submitted = frame_number_;
    next_ = (next_ + 1) % static_cast<uint32_t>(frames_.size());
}

void FrameScheduler::end_frame(uint64_t device_bytes) {
    Frame& frame = frames_[current_];
    const auto end = Clock::now();
    frame.after_pause = last_frame_start_ == Clock::time_point{};
    frame.start_interval_ms = frame.after_pause ? -1.0 : ms_between(last_frame_start_, frame_start_);
    last_frame_start_ = frame_start_;
    frame.stats_index = stats_.frames();
    frame.timestamps_pending = true;
    stats_.add({.cpu_ms = ms_between(cpu_start_, end), .device_mib = double(device_bytes) / (1 << 20)});
}

}  // namespace tessera::render
