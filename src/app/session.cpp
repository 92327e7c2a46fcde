#include "app/session.h"

#include "app/x11_requests.h"

#include "base/error.h"
#include "config/modes.h"
#include "render/mode.h"
#include "vk/offscreen.h"
#include "vk/swapchain.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace tessera::app {
namespace {

bool has_display() {
    const char* x11 = std::getenv("DISPLAY");
    const char* wayland = std::getenv("WAYLAND_DISPLAY");
    return (x11 && *x11) || (wayland && *wayland);
}

}  // namespace

Session::Session(const SessionDesc& desc) : config_(desc.config) {
    bool windowed = !desc.force_headless;
    if (windowed && !has_display()) {
        spdlog::info("no display (DISPLAY and WAYLAND_DISPLAY unset): rendering headless");
        windowed = false;
    }
    std::string why;
    if (windowed && !(window_system_ = init_window_system(why))) {
        spdlog::info("{}: rendering headless", why);
        windowed = false;
    }

    vk::InstanceDesc instance_desc;
    instance_desc.validation = config_.debug.enable_validation;
    if (windowed) {
        instance_desc.extensions = Window::required_instance_extensions();
        window_ = std::make_unique<Window>(config_.window);
    }
    instance_ = std::make_unique<vk::Instance>(instance_desc);
    if (window_) surface_ = window_->create_surface(instance_->handle());

    const std::vector<vk::GpuInfo> gpus = vk::describe_gpus(instance_->handle());
    device_ = std::make_unique<vk::Device>(*instance_, vk::choose_gpu(gpus, desc.gpu), surface_);
    if (!config_.render.mode_chosen) {  // the default: the first mode of kDefaultModes the GPU can run
        const auto runnable = std::ranges::find_if(
            kDefaultModes, [&](RenderMode mode) { return render::can_run(mode, device_->caps()); });
        if (runnable != kDefaultModes.end() && *runnable != config_.render.mode) {
            spdlog::info("mode: {} ({} cannot run {})", to_string(*runnable), device_->gpu().name(),
                         to_string(config_.render.mode));
            config_.render.mode = *runnable;
        }
    }
    if (!config_.camera.path_chosen && config_.scene.kind == SceneKind::city) {  // the scene's own view
        config_.camera.path = CameraPath::street;
        spdlog::info("camera: street (the city scene's default path)");
    }
    if (window_ && config_.window.chunked_present && device_->gpu().is_cpu() && limit_x11_requests(true))
        spdlog::info(
            "present: software driver; X requests of at most {} KiB, so each frame reaches the X "
            "server in bands (window.chunked_present)",
            (kCoreMaxRequestBytes + 1023) / 1024);
    jobs_ = std::make_unique<JobSystem>(config_.performance.worker_threads);
    spdlog::info("job system: {} thread(s)", jobs_->concurrency());

    target_ = make_target();
}

std::unique_ptr<vk::Target> Session::make_target() {
    if (window_) {
        Window* window = window_.get();
        return std::make_unique<vk::Swapchain>(
            *device_, vk::SwapchainDesc{surface_, [window] { return window->framebuffer_extent(); },
                                        config_.window.vsync, config_.performance.frames_in_flight});
    }
    spdlog::info("headless: offscreen target {}x{}", config_.window.width, config_.window.height);
    return std::make_unique<vk::OffscreenTarget>(*device_,
                                                 VkExtent2D{config_.window.width, config_.window.height},
                                                 config_.performance.frames_in_flight);
}

void Session::reconfigure(const Config& config) {
    const bool rebuild = config.window.vsync != config_.window.vsync ||
                         config.performance.frames_in_flight != config_.performance.frames_in_flight;
    const uint32_t threads = config_.performance.worker_threads;
    config_ = config;
    config_.performance.worker_threads = threads;
    if (!rebuild) return;
    device_->wait_idle();  // the old target's images and semaphores may still be in use by presents
    target_.reset();
    target_ = make_target();
}

Session::~Session() {
    try {
        if (device_) device_->wait_idle();  // shutdown: every frame, present and copy has finished
    } catch (const std::exception& e) {
        spdlog::error("shutdown: {}", e.what());
    }
    target_.reset();
    if (surface_) vkDestroySurfaceKHR(instance_->handle(), surface_, nullptr);
    limit_x11_requests(false);
    device_.reset();
    instance_.reset();
    window_.reset();
    if (window_system_) shutdown_window_system();
}

void Session::set_concurrency(unsigned concurrency) {
    if (jobs_->concurrency() == concurrency) return;
    jobs_ = std::make_unique<JobSystem>(concurrency);
    config_.performance.worker_threads = jobs_->concurrency();
}

uint32_t Session::recreations() const {
    const auto* swapchain = dynamic_cast<const vk::Swapchain*>(target_.get());
    return swapchain ? swapchain->recreate_count() : 0;
}

}  // namespace tessera::app
