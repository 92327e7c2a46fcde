#include "scene/generator.h"

#include "base/jobs.h"
#include "base/trace.h"
#include "scene/city.h"
#include "scene/random.h"

#include <glm/gtc/packing.hpp>

#include <algorithm>
#include <cmath>

namespace tessera::scene {
namespace {

constexpr float kSpacing = 2.0f;  // grid pitch; a unit cube leaves a unit gap

// The layout's stream for one cube (the simulation draws from a stream of its own).
Random layout_random(uint64_t seed, uint64_t index) {
    return Random(mix(seed * 0x100000001B3ull ^ mix(index)));
}

glm::vec3 hsv(float h, float s, float v) {
    const glm::vec3 k =
        glm::clamp(glm::abs(glm::mod(h * 6.0f + glm::vec3(0, 4, 2), 6.0f) - 3.0f) - 1.0f, 0.0f, 1.0f);
    return v * glm::mix(glm::vec3(1), k, s);
}

glm::vec4 random_rotation(Random& r, float max_angle) {
    const glm::vec3 axis = r.direction();
    const float angle = (r.next() - 0.5f) * 2.0f * max_angle;
    return glm::vec4(axis * std::sin(angle * 0.5f), std::cos(angle * 0.5f));
}

uint64_t grid_side(uint64_t count) {
    return std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(std::sqrt(static_cast<double>(count)))));
}

float grid_height(float x, float z) {
    return 3.0f * std::sin(x * 0.05f) * std::cos(z * 0.043f) + 1.5f * std::sin((x + z) * 0.021f);
}

float random_box_half(uint64_t count) {
    // Constant density of one cube per 4^3 units.
    return 2.0f * std::cbrt(static_cast<float>(count)) + 1.0f;
}

float galaxy_radius(uint64_t count) {
    return 4.0f * std::sqrt(static_cast<float>(count)) * 0.25f + 50.0f;
}

gpu::CubeInstance make_cube(glm::vec3 position, float scale, glm::vec4 rotation, glm::vec3 rgb) {
    return gpu::CubeInstance{position, scale, pack_rotation(rotation), pack_color(glm::vec4(rgb, 1.0f)), 0u};
}

}  // namespace

glm::vec4 unpack_rotation(const glm::uvec2& p) {
    const glm::vec2 xy = glm::unpackSnorm2x16(p.x), zw = glm::unpackSnorm2x16(p.y);
    return {xy, zw};
}

uint32_t pack_color(const glm::vec4& rgba) {
    return glm::packUnorm4x8(rgba);
}

gpu::CubeInstance generate_cube(const SceneDesc& scene, uint64_t index) {
    Random r = layout_random(scene.seed, index);
    switch (scene.kind) {
        case SceneKind::grid: {
            const uint64_t side = grid_side(scene.count);
            const float half = static_cast<float>(side - 1) * kSpacing * 0.5f;
            const float x = static_cast<float>(index % side) * kSpacing - half;
            const float z = static_cast<float>(index / side) * kSpacing - half;
            const float u = static_cast<float>(index % side) / static_cast<float>(side);
            const float v = static_cast<float>(index / side) / static_cast<float>(side);
            const glm::vec3 rgb = hsv(std::fmod(u * 0.8f + v * 0.5f, 1.0f), 0.65f, 0.55f + 0.4f * r.next());
            const float scale = 0.8f + 0.4f * r.next();
            return make_cube({x, grid_height(x, z), z}, scale, random_rotation(r, 0.6f), rgb);
        }
        case SceneKind::random: {
            const float half = random_box_half(scene.count);
            const glm::vec3 p = (r.next3() * 2.0f - 1.0f) * half;
            const glm::vec3 hsv_params = r.next3();
            const glm::vec3 rgb = hsv(hsv_params.x, 0.5f + 0.4f * hsv_params.y, 0.5f + 0.5f * hsv_params.z);
            const float scale = 0.5f + 1.0f * r.next();
            return make_cube(p, scale, random_rotation(r, 3.14159f), rgb);
        }
        case SceneKind::galaxy: {
            const float rim = galaxy_radius(scene.count);
            constexpr int kArms = 4;
            const int arm = static_cast<int>(index % kArms);
            // Radius biased to the centre; arms wind as a logarithmic spiral; scatter shrinks outwards.
            const float t = r.next();
            const float radius = rim * t * t * 0.9f + rim * 0.02f * r.next();
            const float angle = static_cast<float>(arm) * (6.2831853f / kArms) +
                                std::log1p(radius / rim * 20.0f) * 2.2f +
                                (r.next() - 0.5f) * (0.9f - 0.6f * t);
            const float thickness = rim * 0.04f * (1.0f - 0.8f * t) + 1.0f;
            const glm::vec3 p(radius * std::cos(angle), (r.next() - 0.5f) * 2.0f * thickness,
                              radius * std::sin(angle));
            const glm::vec3 rgb =
                glm::mix(glm::vec3(1.0f, 0.85f, 0.55f), hsv(0.55f + 0.15f * r.next(), 0.6f, 0.9f), t);
            const float scale = 0.6f + 0.8f * r.next();
            return make_cube(p, scale, random_rotation(r, 3.14159f), rgb);
        }
        case SceneKind::city:
            return city_cube(scene.seed, scene.count, index);
    }
    return {};
}

void generate_cubes(const SceneDesc& scene, uint64_t first, std::span<gpu::CubeInstance> out,
                    JobSystem& jobs) {
    TS_TRACE_SCOPE("generate cubes", "first", static_cast<int64_t>(first));
    jobs.parallel_for(out.size(), 1 << 14, [&](size_t begin, size_t end) {
        for (size_t k = begin; k < end; ++k) out[k] = generate_cube(scene, first + k);
    });
}

Bounds scene_bounds(const SceneDesc& scene) {
    constexpr float kCube = 1.5f;  // largest cube's half-diagonal, rounded up
    switch (scene.kind) {
        case SceneKind::grid: {
            const float half = static_cast<float>(grid_side(scene.count) - 1) * kSpacing * 0.5f;
            return {{0, 0, 0}, {half + kCube, 4.5f + kCube, half + kCube}};
        }
        case SceneKind::random: {
            const float half = random_box_half(scene.count) + kCube;
            return {{0, 0, 0}, glm::vec3(half)};
        }
        case SceneKind::galaxy: {
            const float rim = galaxy_radius(scene.count) * 0.92f + kCube;
            return {{0, 0, 0}, {rim, rim * 0.04f + 1.0f + kCube, rim}};
        }
        case SceneKind::city:
            return city_bounds(scene.count);
    }
    return {};
}

}  // namespace tessera::scene
