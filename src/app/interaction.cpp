#include "app/interaction.h"

#include "base/error.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <system_error>
#include <utility>

namespace tessera::app {

Interaction::Interaction(std::filesystem::path screenshot_dir, float fly_speed, bool overlay_visible)
    : screenshot_dir_(std::move(screenshot_dir)), fly_speed_(fly_speed), overlay_visible_(overlay_visible) {}

void Interaction::apply(const UserInput& input, const render::Camera& path_camera, double seconds) {
    if (input.took_control && !fly_) {
        fly_.emplace(path_camera, fly_speed_);
        const glm::vec3 p = path_camera.position;
        spdlog::info("camera: fly camera on at ({:.1f}, {:.1f}, {:.1f}), {:.1f} units/s", p.x, p.y, p.z,
                     fly_speed_);
    }
    if (fly_) {
        render::FlyInput fly = input.fly;
        fly.scroll_steps += std::exchange(scroll_before_flying_, 0.0);
        fly_->update(fly, seconds);
    } else {
        scroll_before_flying_ += input.fly.scroll_steps;  // the speed is chosen before the first move
    }
    if (input.pause_toggles % 2) {
        paused_ = !paused_;
        spdlog::info("P: simulation {}", paused_ ? "paused" : "resumed");
    }
    if (input.overlay_toggles % 2) {
        overlay_visible_ = !overlay_visible_;
        spdlog::info("F1: overlay {}", overlay_visible_ ? "on" : "off");
    }
    screenshots_pending_ += input.screenshots;
}

render::Camera Interaction::camera(const render::Camera& path_camera) const {
    return fly_ ? fly_->camera() : path_camera;
}

void Interaction::write_screenshot(const Image& image) {
    std::filesystem::path path;
    for (;; ++next_number_) {
        path = screenshot_dir_ / fmt::format("tessera-{:04}.png", next_number_);
        std::error_code ec;
        if (!std::filesystem::exists(path, ec) || ec) break;  // an unreadable folder: the write says so
    }
    ++next_number_;
    try {
        save_png(path, image);
        ++written_;
        spdlog::info("F12: screenshot {} ({}x{})", path.string(), image.width, image.height);
    } catch (const Error& e) {
        spdlog::error("F12: {}", e.what());
    }
}

}  // namespace tessera::app
