#pragma once
// Deterministic scene generators. Cube i is a pure function of (kind, seed, count, i): any range of cubes can
// be generated on its own, in parallel, in any order, and always gives the same bytes. Large scenes are
// therefore generated chunk by chunk straight into a staging buffer, never as one giant host allocation.
//
// Ids are cluster-coherent: the renderer culls clusters of 256 consecutive ids ([256c, 256c + 256)) by
// bounding sphere, so every layout keeps a cluster's cubes close together.
//
//   grid    a square field, ceil(sqrt(count)) cubes a side, 2 units apart, rolling in gentle waves. Ids go in
//           16x16 tiles (row by row inside a tile) along bands of 16 rows; the rows after the last full band
//           go row by row. The same cubes as in plain row-major order, only numbered differently.
//   random  uniform in a box whose volume grows with the count (constant density); each cluster uniform in
//           its own near-cubic cell of the box, the clusters' cells tiling it exactly
//   galaxy  a four-armed logarithmic spiral disk with a bulge; dense centre, sparse rim. Each cluster takes a
//           point of the spiral and its cubes scatter about it in an ellipse along the arm, 16 x 6 units
//           (centre) to 48 x 18 units (rim) in semi-axes
//   city    solid towers of touching unit cubes on a grid of lots, streets between them (scene/city.h); a
//           lot's cubes are consecutive ids

#include "config/config.h"
#include "shaders/shared.h"

#include <glm/glm.hpp>

#include <algorithm>
#include <cstdint>
#include <span>

namespace tessera {
class JobSystem;
}

namespace tessera::scene {

struct SceneDesc {
    SceneKind kind = SceneKind::grid;
    uint64_t seed = 1;
    uint64_t count = 0;
};

struct Bounds {
    glm::vec3 center{0};
    glm::vec3 half_extent{0};  // axis-aligned, cube sizes included
    float radius() const { return glm::length(half_extent); }
};

gpu::CubeInstance generate_cube(const SceneDesc& scene, uint64_t index);

// Fills out[k] with cube first + k, in parallel on `jobs`.
void generate_cubes(const SceneDesc& scene, uint64_t first, std::span<gpu::CubeInstance> out,
                    JobSystem& jobs);

// A box that holds every cube of the scene (computed from the layout's formulas, not by generating it).
Bounds scene_bounds(const SceneDesc& scene);

// Packing helpers shared with the ECS extract stage (inline: extract calls them per entity).

// One component as snorm16: clamp to [-1, 1], scale by 32767, round half away from zero (exactly
// glm::packSnorm2x16's rounding, without libm calls).
inline uint32_t pack_snorm16(float v) {
    const float x = std::min(std::max(v, -1.0f), 1.0f) * 32767.0f;
    int r = static_cast<int>(x);  // towards zero; x - r is exact
    const float fraction = x - static_cast<float>(r);
    r += static_cast<int>(fraction >= 0.5f) - static_cast<int>(fraction <= -0.5f);
    return static_cast<uint32_t>(r) & 0xFFFFu;
}
inline glm::uvec2 pack_rotation(const glm::vec4& q) {
    return {pack_snorm16(q.x) | pack_snorm16(q.y) << 16, pack_snorm16(q.z) | pack_snorm16(q.w) << 16};
}
glm::vec4 unpack_rotation(const glm::uvec2& packed);
uint32_t pack_color(const glm::vec4& rgba);

}  // namespace tessera::scene
