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

// Cube ids go in clusters of kCluster consecutive ids (the renderer culls such clusters by bounding sphere):
// every layout keeps a cluster's cubes close together.
constexpr uint64_t kCluster = 256;
constexpr uint64_t kTile = 16;  // grid tiles are kTile x kTile cubes: one cluster each when side % kTile == 0

// A cluster's own stream, apart from its cubes' layout streams.
Random cluster_random(uint64_t seed, uint64_t cluster) {
    return Random(mix(mix(seed ^ 0xC105E7ull) + cluster));
}

uint64_t grid_side(uint64_t count) {
    return std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(std::sqrt(static_cast<double>(count)))));
}

// The row-major lattice index (row * side + col) of grid cube `id`. Rows go in bands of kTile; a band whose
// rows are all full is visited tile by tile (row by row inside a tile; the band's last tile is side % kTile
// wide when that is not 0); the cubes after the last full band stay row-major. A bijection of [0, count).
uint64_t grid_lattice_index(uint64_t count, uint64_t id) {
    const uint64_t side = grid_side(count);
    const uint64_t band_cubes = kTile * side;
    const uint64_t full_bands = count / side / kTile;
    if (id >= full_bands * band_cubes) return id;
    const uint64_t band = id / band_cubes, in_band = id % band_cubes;
    const uint64_t tile = in_band / (kTile * kTile);
    const uint64_t width = std::min(kTile, side - tile * kTile);
    const uint64_t in_tile = in_band - tile * kTile * kTile;
    const uint64_t row = band * kTile + in_tile / width, col = tile * kTile + in_tile % width;
    return row * side + col;
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
constexpr float kGalaxySpread = 10.0f;  // a galaxy cluster's scatter at the centre; 3x that at the rim

gpu::CubeInstance make_cube(glm::vec3 position, float scale, glm::vec4 rotation, glm::vec3 rgb) {
    return gpu::CubeInstance{position, scale, pack_rotation(rotation), pack_color(glm::vec4(rgb, 1.0f)), 0u};
}

// Grid cube at row-major lattice index p (row p / side, column p % side): as it was generated when ids were
// lattice indices, so a grid renders the same whatever order its ids take.
gpu::CubeInstance grid_cube(const SceneDesc& scene, uint64_t p) {
    Random r = layout_random(scene.seed, p);
    const uint64_t side = grid_side(scene.count);
    const float half = static_cast<float>(side - 1) * kSpacing * 0.5f;
    const float x = static_cast<float>(p % side) * kSpacing - half;
    const float z = static_cast<float>(p / side) * kSpacing - half;
    const float u = static_cast<float>(p % side) / static_cast<float>(side);
    const float v = static_cast<float>(p / side) / static_cast<float>(side);
    const glm::vec3 rgb = hsv(std::fmod(u * 0.8f + v * 0.5f, 1.0f), 0.65f, 0.55f + 0.4f * r.next());
    const float scale = 0.8f + 0.4f * r.next();
    return make_cube({x, grid_height(x, z), z}, scale, random_rotation(r, 0.6f), rgb);
}

// Of `total` items cut into `parts` near-equal runs (parts <= total; run k starts at k * total / parts), the
// run holding `item`: items [first, first + size).
struct Run {
    uint64_t first, size;
};
Run run_holding(uint64_t item, uint64_t total, uint64_t parts) {
    const uint64_t k = ((item + 1) * parts - 1) / total;  // the last run starting at or before item
    const uint64_t first = k * total / parts;
    return {first, (k + 1) * total / parts - first};
}

// The random box's cell for `cluster`, as a corner and a size in fractions of the box. The box is cut into
// slabs along x, each slab into rows along z and each row into cells along y, every cut proportional to the
// clusters on each side of it: the clusters' cells have equal volumes and tile the box exactly, so the
// density stays constant for any count (a k^3 lattice of cells would leave k^3 - clusters of them empty).
// About cbrt(clusters) slabs of cbrt(clusters) rows keep the cells close to cubes. Only the last cluster,
// when count % kCluster != 0, fills its cell more thinly.
struct Cell {
    glm::dvec3 corner, size;
};
Cell random_cell(uint64_t count, uint64_t cluster) {
    const uint64_t clusters = (count + kCluster - 1) / kCluster;
    const auto slabs =
        static_cast<uint64_t>(std::max(1.0, std::round(std::cbrt(static_cast<double>(clusters)))));
    const Run slab = run_holding(cluster, clusters, slabs);
    const auto rows =
        static_cast<uint64_t>(std::max(1.0, std::round(std::sqrt(static_cast<double>(slab.size)))));
    const Run row = run_holding(cluster - slab.first, slab.size, rows);
    const uint64_t cell = cluster - slab.first - row.first;
    const double total = static_cast<double>(clusters), in_slab = static_cast<double>(slab.size);
    const double in_row = static_cast<double>(row.size);
    return {{static_cast<double>(slab.first) / total, static_cast<double>(cell) / in_row,
             static_cast<double>(row.first) / in_slab},
            {in_slab / total, 1.0 / in_row, in_row / in_slab}};
}

gpu::CubeInstance random_cube(const SceneDesc& scene, uint64_t index) {
    Random r = layout_random(scene.seed, index);
    const Cell cell = random_cell(scene.count, index / kCluster);
    const double half = random_box_half(scene.count);
    const glm::vec3 p((cell.corner + cell.size * glm::dvec3(r.next3())) * (2.0 * half) - half);
    const glm::vec3 hsv_params = r.next3();
    const glm::vec3 rgb = hsv(hsv_params.x, 0.5f + 0.4f * hsv_params.y, 0.5f + 0.5f * hsv_params.z);
    const float scale = 0.5f + 1.0f * r.next();
    return make_cube(p, scale, random_rotation(r, 3.14159f), rgb);
}

// Each galaxy cluster takes a point of the spiral (arm, radius, angle and height drawn as each cube's used to
// be, from the cluster's stream; the radius then scaled in so that the scatter stays inside galaxy_reach),
// and its cubes scatter uniformly in an ellipse about that point, kAlongArm * galaxy_spread(t) along the arm
// and kAcrossArm * galaxy_spread(t) across it, and a quarter of galaxy_spread(t) vertically. The spread grows
// from the dense bulge to the sparse rim: neighbouring clusters' points lie some 25-30 units apart whatever
// the count (count / 256 of them on a disk whose radius grows as sqrt(count)), so the ellipses overlap into
// continuous arms. The outer arms are lumpier and a little shorter than when cubes were drawn one by one.
constexpr float kAlongArm = 1.6f, kAcrossArm = 0.6f;

float galaxy_spread(float t) {
    return kGalaxySpread * (1.0f + 2.0f * t);
}

// The disk's radius, as far as any cube's centre reaches: where the spiral's points end (t = 1, the largest
// radial jitter), so the disk is as large as when cubes were drawn one by one.
float galaxy_reach(float rim) {
    return rim * 0.92f;
}

// The unit direction in the disk's plane (x, z) along the spiral arm through (radius, angle), outwards: the
// arms wind by 2.2 * log1p(20 * radius / rim) radians.
glm::vec2 along_arm(float radius, float angle, float rim) {
    const glm::vec2 outward(std::cos(angle), std::sin(angle));
    const float winding = radius * 44.0f / (rim + 20.0f * radius);  // radius * d(angle)/d(radius)
    return glm::normalize(outward + winding * glm::vec2(-outward.y, outward.x));
}

gpu::CubeInstance galaxy_cube(const SceneDesc& scene, uint64_t index) {
    const float rim = galaxy_radius(scene.count);
    const uint64_t cluster = index / kCluster;
    Random c = cluster_random(scene.seed, cluster);
    constexpr int kArms = 4;
    const int arm = static_cast<int>(cluster % kArms);
    // Radius biased to the centre; arms wind as a logarithmic spiral; scatter shrinks outwards.
    const float t = c.next();
    const float radius = rim * t * t * 0.9f + rim * 0.02f * c.next();
    const float angle = static_cast<float>(arm) * (6.2831853f / kArms) +
                        std::log1p(radius / rim * 20.0f) * 2.2f + (c.next() - 0.5f) * (0.9f - 0.6f * t);
    const float thickness = rim * 0.04f * (1.0f - 0.8f * t) + 1.0f;
    const float height = (c.next() - 0.5f) * 2.0f * thickness;
    const float spread = galaxy_spread(t);
    const float reach = galaxy_reach(rim);
    const float centre = radius * std::max(0.0f, reach - kAlongArm * spread) / reach;

    Random r = layout_random(scene.seed, index);
    const float direction = r.next() * 6.2831853f;
    const float distance = std::sqrt(r.next()) * spread;
    const float lift = (r.next() - 0.5f) * 0.5f * spread;
    const glm::vec2 along = along_arm(centre, angle, rim);
    const glm::vec2 offset = along * (kAlongArm * distance * std::cos(direction)) +
                             glm::vec2(-along.y, along.x) * (kAcrossArm * distance * std::sin(direction));
    const glm::vec3 p(centre * std::cos(angle) + offset.x, height + lift,
                      centre * std::sin(angle) + offset.y);
    const glm::vec3 rgb =
        glm::mix(glm::vec3(1.0f, 0.85f, 0.55f), hsv(0.55f + 0.15f * r.next(), 0.6f, 0.9f), t);
    const float scale = 0.6f + 0.8f * r.next();
    return make_cube(p, scale, random_rotation(r, 3.14159f), rgb);
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
    switch (scene.kind) {
        case SceneKind::grid:
            return grid_cube(scene, grid_lattice_index(scene.count, index));
        case SceneKind::random:
            return random_cube(scene, index);
        case SceneKind::galaxy:
            return galaxy_cube(scene, index);
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
            const float rim = galaxy_radius(scene.count);
            const float across = galaxy_reach(rim) + kCube;
            return {{0, 0, 0}, {across, rim * 0.04f + 1.0f + galaxy_spread(1.0f) * 0.25f + kCube, across}};
        }
        case SceneKind::city:
            return city_bounds(scene.count);
    }
    return {};
}

}  // namespace tessera::scene
