#pragma once
// Internal to scene/: the deterministic random streams that every layout and behaviour draws from. splitmix64
// over (seed, index), so a cube's numbers are a pure function of them, on any thread, in any order.
//
// Draw each number in its own statement: C++ leaves the evaluation order of function arguments unspecified,
// so f(r.next(), r.next()) may differ between compilers, and so would the scene.

#include <glm/glm.hpp>

#include <cstdint>

namespace tessera::scene {

// splitmix64's finaliser: a fast, well-mixed 64-bit hash.
inline uint64_t mix(uint64_t x) {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

class Random {
public:
    explicit Random(uint64_t state) : state_(state) {}

    // Uniform in [0, 1), 24 bits.
    float next() {
        state_ = mix(state_);
        return static_cast<float>(state_ >> 40) * (1.0f / 16777216.0f);
    }
    // Three draws, x first.
    glm::vec3 next3() {
        const float x = next();
        const float y = next();
        const float z = next();
        return {x, y, z};
    }
    // A unit vector (not uniform on the sphere: cheap, and good enough for scattering).
    glm::vec3 direction() { return glm::normalize(next3() - 0.5f + 1e-4f); }

private:
    uint64_t state_;
};

}  // namespace tessera::scene
