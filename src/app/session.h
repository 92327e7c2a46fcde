#pragma once
// Session: everything a run needs before the first frame, in dependency order: the window (unless headless),
// the Vulkan instance, the chosen GPU and device, the job system and the target (swapchain or offscreen).
// run_loop.h's run_frames() then drives the frame loop over one scene in one mode; the benchmark calls it
// many times on one Session. Defaults that depend on the machine or the scene are settled here, in the
// Session's copy of the config: the mode (the first of kDefaultModes the GPU can run, unless one was named)
// and the city scene's street camera (unless a path was named).
//
// Thread contract: main thread only (GLFW and queue submission live there).

#include "app/window.h"
#include "base/jobs.h"
#include "config/config.h"
#include "vk/device.h"
#include "vk/instance.h"
#include "vk/target.h"

#include <memory>
#include <string>

namespace tessera::app {

struct SessionDesc {
    Config config;
    bool force_headless = false;
    std::string gpu;  // --gpu: index or name substring; empty = best
};

class Session {
public:
    explicit Session(const SessionDesc& desc);
    ~Session();  // waits for the device to go idle, then tears down in reverse order
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    bool headless() const { return !window_; }
    const Config& config() const { return config_; }
    vk::Instance& instance() { return *instance_; }
    const vk::Device& device() const { return *device_; }
    JobSystem& jobs() { return *jobs_; }
    vk::Target& target() { return *target_; }
    Window* window() { return window_.get(); }
    // Swapchain recreations so far (0 when headless).
    uint32_t recreations() const;
    // Replaces the job system with one of `concurrency` threads (0 = cores - 1). Not while a Renderer exists.
    void set_concurrency(unsigned concurrency);
    // Takes `config`'s settings for the runs that follow (the overlay's live controls; worker threads stay).
    // When vsync or frames in flight change, the target is rebuilt, after waiting for the device to go idle:
    // between runs, never inside the frame loop. Not while a Renderer exists.
    void reconfigure(const Config& config);

private:
    std::unique_ptr<vk::Target> make_target();

    Config config_;
    bool window_system_ = false;
    std::unique_ptr<Window> window_;
    std::unique_ptr<vk::Instance> instance_;
    VkSurfaceKHR surface_ = VK_NULL_HANDLE;
    std::unique_ptr<vk::Device> device_;
    std::unique_ptr<JobSystem> jobs_;
    std::unique_ptr<vk::Target> target_;
};

}  // namespace tessera::app
