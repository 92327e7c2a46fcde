#include "render/fly_camera.h"

#include <glm/gtc/constants.hpp>

#include <algorithm>
#include <cmath>

namespace tessera::render {

FlyCamera::FlyCamera(const Camera& start, float units_per_second)
    : lens_(start), position_(start.position), units_per_second_(units_per_second) {
    glm::vec3 d = start.target - start.position;
    const float length = glm::length(d);
    d = length > 1e-6f ? d / length : glm::vec3(0, 0, -1);
    yaw_ = std::atan2(d.x, -d.z);
    pitch_ = std::clamp(std::asin(std::clamp(d.y, -1.0f, 1.0f)), -kMaxPitchRadians, kMaxPitchRadians);
}

glm::vec3 FlyCamera::forward() const {
    return {std::cos(pitch_) * std::sin(yaw_), std::sin(pitch_), -std::cos(pitch_) * std::cos(yaw_)};
}

void FlyCamera::update(const FlyInput& input, double seconds) {
    if (input.looking) {
        yaw_ += static_cast<float>(input.mouse_delta.x) * kLookRadiansPerPixel;
        yaw_ = std::remainder(yaw_, 2.0f * glm::pi<float>());
        pitch_ = std::clamp(pitch_ - static_cast<float>(input.mouse_delta.y) * kLookRadiansPerPixel,
                            -kMaxPitchRadians, kMaxPitchRadians);
    }
    if (input.scroll_steps != 0.0)
        speed_scale_ = std::clamp(speed_scale_ * std::pow(kSpeedStep, static_cast<float>(input.scroll_steps)),
                                  kMinSpeedScale, kMaxSpeedScale);

    const glm::vec3 ahead = forward();
    const glm::vec3 right{std::cos(yaw_), 0.0f, std::sin(yaw_)};
    const glm::vec3 up{0, 1, 0};
    glm::vec3 direction{0};
    direction += ahead * float(int(input.forward) - int(input.back));
    direction += right * float(int(input.right) - int(input.left));
    direction += up * float(int(input.up) - int(input.down));
    const float length = glm::length(direction);
    if (length < 1e-6f) return;
    const double dt = std::clamp(seconds, 0.0, kMaxStepSeconds);
    position_ += direction / length * (units_per_second() * static_cast<float>(dt));
}

Camera FlyCamera::camera() const {
    Camera camera = lens_;
    camera.position = position_;
    camera.target = position_ + forward();
    camera.up = {0, 1, 0};
    return camera;
}

float fly_speed_for(const scene::Bounds& bounds) {
    const glm::vec3 h = bounds.half_extent;
    return std::max(2.0f * std::max({h.x, h.y, h.z}) / 20.0f, 1.0f);
}

}  // namespace tessera::render
