#pragma once
// Camera, projection and frustum, and the camera paths (--camera static|orbit|fly|street) that make frames differ as
// in a real scene. A path is a pure function of (scene bounds, time), so every rendering mode and every run
// sees exactly the same views.
//
// Conventions: right-handed world, +Y up. Projection is reversed-Z (depth 1 at the near plane, 0 at the far
// plane) with Vulkan's downward Y folded into the matrix.

#include "config/config.h"
#include "scene/generator.h"
#include "shaders/shared.h"

#include <glm/glm.hpp>

#include <array>

namespace tessera::render {

struct Camera {
    glm::vec3 position{0, 0, 10};
    glm::vec3 target{0};
    glm::vec3 up{0, 1, 0};
    float fov_degrees = 60.0f;
    float near_plane = 0.1f;
    float far_plane = 20000.0f;

    glm::mat4 view() const;
    glm::mat4 projection(float aspect) const;
};

// Inward-facing planes (xyz normal, w distance), normalised; a point p is inside when dot(n, p) + w >= 0 for
// all. Order: left, right, bottom, top, near, far.
using Frustum = std::array<glm::vec4, 6>;
Frustum frustum_from(const glm::mat4& view_projection);

// True when the sphere touches the inside of every plane (conservative: may accept spheres near corners).
bool sphere_in_frustum(const Frustum& frustum, const glm::vec3& center, float radius);

// The per-frame constants the shaders see for this camera and render size.
gpu::FrameUniforms frame_uniforms(const Camera& camera, glm::uvec2 extent, uint64_t cube_count);

// The camera of `path` at time `seconds` (already scaled by the camera speed) for a scene with these bounds.
Camera camera_on_path(CameraPath path, const scene::Bounds& bounds, double seconds,
                      const Config::Camera& settings);

}  // namespace tessera::render
