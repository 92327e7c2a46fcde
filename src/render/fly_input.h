#pragma once
// What the window's user holds and moved for the fly camera (render/fly_camera.h), as plain data: the window
// (app/window.h) fills it without depending on cameras or scenes.

#include <glm/glm.hpp>

namespace tessera::render {

// What the user holds now and what moved since the last update.
struct FlyInput {
    bool forward = false, back = false, left = false, right = false, down = false, up = false;
    bool looking = false;         // the right mouse button is held
    glm::dvec2 mouse_delta{0.0};  // cursor motion in pixels while looking (+x right, +y down)
    double scroll_steps = 0.0;    // wheel steps (+ away from the user: faster)
};

}  // namespace tessera::render
