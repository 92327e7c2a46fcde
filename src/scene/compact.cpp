#include "scene/compact.h"

#include "scene/generator.h"

#include <algorithm>
#include <cmath>

namespace tessera::scene {
namespace {

constexpr float kRange = 0.70710678f;  // 1 / sqrt(2), the largest magnitude of any but the largest component
constexpr long kPositionMax = (1 << 20) - 1;
constexpr long kScaleMax = (1 << 12) - 1;

// `steps` (a count of steps, possibly fractional) rounded to the nearest in [0, max].
uint32_t quantise(float steps, long max) {
    return static_cast<uint32_t>(std::clamp(std::lround(steps), 0l, max));
}

}  // namespace

uint32_t pack_smallest_three(glm::vec4 q) {
    const float length = glm::length(q);
    q = length > 0.0f ? q / length : glm::vec4(0, 0, 0, 1);
    int largest = 0;
    for (int i = 1; i < 4; ++i)
        if (std::abs(q[i]) > std::abs(q[largest])) largest = i;
    if (q[largest] < 0.0f) q = -q;  // q and -q are the same rotation: keep the largest positive
    uint32_t word = static_cast<uint32_t>(largest) << 30;
    for (int i = 0, slot = 0; i < 4; ++i) {
        if (i == largest) continue;
        word |= quantise(q[i] / kRange * 511.0f + 511.0f, 1022) << (10 * slot++);
    }
    return word;
}

glm::vec4 unpack_smallest_three(uint32_t word) {
    glm::vec3 small;
    for (int k = 0; k < 3; ++k)
        small[k] = (static_cast<float>((word >> (10 * k)) & 1023u) - 511.0f) / 511.0f * kRange;
    const float largest = std::sqrt(std::max(1.0f - glm::dot(small, small), 0.0f));
    switch (word >> 30) {
        case 0:
            return {largest, small};
        case 1:
            return {small.x, largest, small.y, small.z};
        case 2:
            return {small.x, small.y, largest, small.z};
        default:
            return {small, largest};
    }
}

gpu::CompactBlock compact_block(std::span<const gpu::CubeInstance> cubes) {
    glm::vec4 low = cubes.empty() ? glm::vec4(0.0f) : glm::vec4(cubes[0].position, cubes[0].scale),
              high = low;
    for (const gpu::CubeInstance& c : cubes) {
        low = glm::min(low, glm::vec4(c.position, c.scale));
        high = glm::max(high, glm::vec4(c.position, c.scale));
    }
    const glm::vec4 range = high - low;
    return {low, glm::vec4(glm::vec3(range) / float(kPositionMax), range.w / float(kScaleMax))};
}

gpu::CompactCube compact_cube(const gpu::CubeInstance& cube, const gpu::CompactBlock& block) {
    const glm::vec4 value(cube.position, cube.scale);
    uint32_t steps[4];
    for (int a = 0; a < 4; ++a) {
        const long max = a < 3 ? kPositionMax : kScaleMax;
        steps[a] = block.step[a] > 0.0f ? quantise((value[a] - block.origin[a]) / block.step[a], max) : 0u;
    }
    return {steps[0] | steps[3] << 20, steps[1] | (steps[2] & 0xFFFu) << 20,
            pack_smallest_three(unpack_rotation(cube.rotation)),
            (cube.color & 0xFFFFFFu) | (steps[2] >> 12) << 24};
}

gpu::CubeInstance expand_cube(const gpu::CompactCube& cube, const gpu::CompactBlock& block) {
    const glm::vec4 steps(static_cast<float>(cube.x_scale & 0xFFFFFu),
                          static_cast<float>(cube.y_z & 0xFFFFFu),
                          static_cast<float>((cube.y_z >> 20) | (cube.rgb_z >> 24) << 12),
                          static_cast<float>(cube.x_scale >> 20));
    return {glm::vec3(block.origin) + glm::vec3(block.step) * glm::vec3(steps),
            block.origin.w + block.step.w * steps.w, pack_rotation(unpack_smallest_three(cube.rotation)),
            (cube.rgb_z & 0xFFFFFFu) | 0xFF000000u, 0u};
}

}  // namespace tessera::scene
