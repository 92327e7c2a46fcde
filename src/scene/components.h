#pragma once
// The scene's components and resources. Components are small plain structs with one concern each, so that a
// system streams only the columns it needs (motion: Position and Velocity; extract: Position, Scale,
// Rotation, Color). Resources are singletons in the World; scene::Bounds (generator.h) is one too.

#include <glm/glm.hpp>

#include <array>
#include <cstdint>
#include <type_traits>

namespace tessera::scene {

// ---- components: every cube has the first four, which is what extract writes -----------------------------
struct Position {
    glm::vec3 value;  // world-space centre
};
struct Scale {
    float value;  // edge length
};
struct Rotation {
    glm::vec4 xyzw;  // unit quaternion
};
struct Color {
    uint32_t rgba;  // RGBA8 as pack_color writes it
};

struct Velocity {
    glm::vec3 value;  // units per second
};
struct Spin {
    glm::vec3 omega;  // angular velocity about world axes, radians per second
};
// Scale = base_scale * (1 + amplitude * sin(phase)); phase advances by `frequency` radians per second.
struct Pulse {
    float base_scale;
    float amplitude;
    float frequency;
    float phase;  // [0, 2 pi)
};
// Steered by the attractors: pulled towards those of positive strength, pushed from negative ones.
struct Agent {
    float max_speed;  // units per second
    float agility;    // acceleration multiplier
};

// ---- resources
struct Clock {
    float dt = 0;        // seconds, this step
    double elapsed = 0;  // seconds, up to the end of this step
    uint64_t frame = 0;  // steps taken, this one included
};

// A point that moves on its own Lissajous path, position = centre + amplitude * sin(frequency * t + phase).
struct Attractor {
    glm::vec3 position;
    float strength;  // units/s^2 at the agent; > 0 seek, < 0 flee
    float radius;    // no influence beyond
    glm::vec3 amplitude;
    glm::vec3 frequency;
    glm::vec3 phase;
};
struct Attractors {
    static constexpr std::size_t kMax = 8;
    std::array<Attractor, kMax> items{};
    uint32_t count = 0;
    glm::vec3 center{0};
};

static_assert(std::is_trivially_copyable_v<Position> && std::is_trivially_copyable_v<Rotation> &&
              std::is_trivially_copyable_v<Velocity> && std::is_trivially_copyable_v<Spin>);

}  // namespace tessera::scene
