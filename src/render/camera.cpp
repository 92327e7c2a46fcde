#include "render/camera.h"

#include <glm/gtc/matrix_transform.hpp>

#include <algorithm>
#include <cmath>

namespace tessera::render {

glm::mat4 Camera::view() const {
    return glm::lookAtRH(position, target, up);
}

glm::mat4 Camera::projection(float aspect) const {
    // Swapping near and far in a [0, 1]-depth projection gives reversed Z: far precision for huge fields.
    glm::mat4 p = glm::perspectiveRH_ZO(glm::radians(fov_degrees), aspect, far_plane, near_plane);
    p[1][1] *= -1.0f;  // Vulkan's framebuffer Y points down
    return p;
}

Frustum frustum_from(const glm::mat4& m) {
    const auto row = [&](int i) { return glm::vec4(m[0][i], m[1][i], m[2][i], m[3][i]); };
    // Clip space is -w <= x, y <= w and 0 <= z <= w (reversed Z: z = w at near, z = 0 at far).
    Frustum planes = {row(3) + row(0), row(3) - row(0), row(3) + row(1),
                      row(3) - row(1), row(3) - row(2), row(2)};
    for (glm::vec4& p : planes) p /= glm::length(glm::vec3(p));
    return planes;
}

bool sphere_in_frustum(const Frustum& frustum, const glm::vec3& center, float radius) {
    for (const glm::vec4& p : frustum)
        if (glm::dot(glm::vec3(p), center) + p.w < -radius) return false;
    return true;
}

gpu::FrameUniforms frame_uniforms(const Camera& camera, glm::uvec2 extent, uint64_t cube_count) {
    const float aspect = float(extent.x) / float(extent.y);
    gpu::FrameUniforms u{};
    u.view = camera.view();
    u.view_projection = camera.projection(aspect) * u.view;
    const Frustum frustum = frustum_from(u.view_projection);
    u.camera_position = glm::vec4(camera.position, 1.0f);
    u.light_direction = glm::vec4(glm::normalize(glm::vec3(0.45f, 0.8f, 0.35f)), 0.22f);
    for (int i = 0; i < 6; ++i) u.frustum_planes[i] = frustum[i];
    u.viewport_size = glm::vec2(extent);
    u.projection_scale = float(extent.y) / (2.0f * std::tan(glm::radians(camera.fov_degrees) * 0.5f));
    u.cube_count = static_cast<uint32_t>(cube_count);
    return u;
}

Camera camera_on_path(CameraPath path, const scene::Bounds& bounds, double seconds,
                      const Config::Camera& settings) {
    Camera camera;
    camera.fov_degrees = settings.fov_degrees;
    camera.near_plane = settings.near_plane;
    camera.far_plane = settings.far_plane;
    const glm::vec3 c = bounds.center, h = bounds.half_extent;
    const float ground = std::max(h.x, h.z);
    const float t = static_cast<float>(seconds);

    switch (path) {
        case CameraPath::fixed: {
            // Above one corner of the field, looking at its centre: most of the scene in view.
            camera.position =
                c + glm::vec3(-0.9f * h.x, std::max(2.0f * h.y, 0.35f * ground), 1.1f * h.z + 8.0f);
            camera.target = c;
            break;
        }
        case CameraPath::orbit: {
            // Circles inside the field at low altitude, looking at the centre: a realistic share of it is
            // culled.
            const float angle = 0.15f * t;
            const float radius = 0.55f * ground + 6.0f;
            camera.position =
                c + glm::vec3(radius * std::cos(angle), std::max(1.5f * h.y, 0.12f * ground) + 4.0f,
                              radius * std::sin(angle));
            camera.target = c;
            break;
        }
        case CameraPath::fly: {
            // A Lissajous loop through the scene's volume, looking along the direction of travel.
            const auto at = [&](float s) {
                return c + glm::vec3(0.6f * h.x * std::sin(0.11f * s),
                                     std::max(h.y * 0.5f, 3.0f) * std::sin(0.07f * s) + h.y * 0.6f + 2.0f,
                                     0.6f * h.z * std::sin(0.17f * s + 1.0f));
            };
            camera.position = at(t);
            camera.target = at(t + 0.5f);
            if (glm::length(camera.target - camera.position) < 1e-3f)
                camera.target = camera.position + glm::vec3(0, 0, -1);
            break;
        }
        case CameraPath::street: {
            // At eye height along the line z = c.z, to and fro, looking along +x with a slight sway: in the
            // city scene (scene/city.h) that line is the middle of a street.
            const float bottom = c.y - h.y;
            camera.position = glm::vec3(c.x + 0.8f * h.x * std::sin(0.05f * t), bottom + 3.0f, c.z);
            camera.target = camera.position + glm::vec3(10.0f, 0.6f, 1.5f * std::sin(0.2f * t));
            break;
        }
    }
    return camera;
}

}  // namespace tessera::render
