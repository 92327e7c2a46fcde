#pragma once
// The user's controls over a windowed `tessera run`: the fly camera, which takes over from the scripted camera
// path the first time a movement key or the right button is pressed (starting where the path's camera is, so
// the view does not jump); P pausing the simulation; F1 the overlay flag; F12 screenshots to numbered files.
// Headless runs and benchmarks have no Interaction and keep their scripted paths.
//
// Thread contract: main thread only (the frame loop's).

#include "app/window.h"
#include "base/image.h"
#include "render/camera.h"
#include "render/fly_camera.h"

#include <cstdint>
#include <filesystem>
#include <optional>

namespace tessera::app {

class Interaction {
public:
    // Screenshots go to `screenshot_dir`; the fly camera moves `fly_speed` units a second at speed scale 1; the
    // overlay flag starts at `overlay_visible` (--overlay).
    Interaction(std::filesystem::path screenshot_dir, float fly_speed, bool overlay_visible = false);

    // Applies what the user did over the last `seconds` of wall time; `path_camera` is where the camera path
    // is now. Logs each toggle and the take-over.
    void apply(const UserInput& input, const render::Camera& path_camera, double seconds);

    // The camera to render this frame: the fly camera once the user took control, else the path's.
    render::Camera camera(const render::Camera& path_camera) const;
    bool flying() const { return fly_.has_value(); }
    float fly_speed() const { return fly_ ? fly_->units_per_second() : fly_speed_; }  // units per second
    bool paused() const { return paused_; }
    // Whether the overlay should be drawn (app/overlay.h keeps the same flag from the same F1 presses).
    bool overlay_visible() const { return overlay_visible_; }

    // F12 presses not yet served; take_screenshot_request() serves one.
    bool screenshot_requested() const { return screenshots_pending_ > 0; }
    void take_screenshot_request() { screenshots_pending_ = 0; }
    // Writes `image` to the first tessera-NNNN.png in the screenshot folder that does not exist yet (0001
    // onwards) and logs its path; a failed write is logged as an error and the run goes on.
    void write_screenshot(const Image& image);
    uint32_t screenshots_written() const { return written_; }

private:
    std::filesystem::path screenshot_dir_;
    float fly_speed_;
    std::optional<render::FlyCamera> fly_;
    double scroll_before_flying_ = 0;
    bool paused_ = false;
    bool overlay_visible_ = false;
    uint32_t screenshots_pending_ = 0;
    uint32_t next_number_ = 1;
    uint32_t written_ = 0;
};

}  // namespace tessera::app
