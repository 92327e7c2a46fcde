#pragma once
// The window's fly camera: the user's input in, a Camera out. Pure (no window, no clock): the caller passes
// what is held and what moved since the last update, and the seconds that passed, so tests drive it exactly.
//
// Controls (app/window.cpp maps the keys): W/S forward/back along the view direction, A/D left/right, Q/E
// down/up along world +Y; mouse motion while the right button is held turns (yaw about world +Y, pitch
// clamped short of straight up or down); the scroll wheel scales the speed by 1.25 per step.
//
// Thread contract: none (a value type).

#include "render/camera.h"
#include "render/fly_input.h"

#include <glm/glm.hpp>

namespace tessera::render {

class FlyCamera {
public:
    static constexpr float kLookRadiansPerPixel = 0.0025f;
    static constexpr float kSpeedStep = 1.25f;  // speed factor per scroll step
    static constexpr float kMinSpeedScale = 1.0f / 64.0f, kMaxSpeedScale = 64.0f;
    static constexpr float kMaxPitchRadians = 1.55f;  // about 89 degrees
    static constexpr double kMaxStepSeconds = 0.25;   // a longer stall (a screenshot, a drag) moves this far

    // Starts where `start` is, looking where it looks (no jump when the fly camera takes over from a path),
    // moving `units_per_second` at speed scale 1. Lens settings (fov, near, far) are kept.
    FlyCamera(const Camera& start, float units_per_second);

    // Applies `input` over `seconds` (clamped to [0, kMaxStepSeconds]): turning and speed first, then
    // movement at the new orientation and speed. Diagonal movement is as fast as straight movement.
    void update(const FlyInput& input, double seconds);

    Camera camera() const;
    glm::vec3 position() const { return position_; }
    glm::vec3 forward() const;              // unit view direction
    float yaw() const { return yaw_; }      // radians, 0 looks along -Z, positive turns towards +X
    float pitch() const { return pitch_; }  // radians, positive looks up
    float speed_scale() const { return speed_scale_; }
    float units_per_second() const { return units_per_second_ * speed_scale_; }

private:
    Camera lens_;
    glm::vec3 position_;
    float yaw_ = 0, pitch_ = 0;
    float units_per_second_;
    float speed_scale_ = 1.0f;
};

// The speed at scale 1 for a scene of these bounds: crossing the field takes about 20 seconds.
float fly_speed_for(const scene::Bounds& bounds);

}  // namespace tessera::render
