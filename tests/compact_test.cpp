// The 16-byte compact cube format (scene/compact.h): encode/decode bounds on the CPU, the memory it takes, and
// images drawn from it against the 32-byte format's (lavapipe, validation on).
#include "gpu_test_util.h"

#include "render/gpu_scene.h"
#include "scene/compact.h"
#include "scene/generator.h"

#include <glm/gtc/quaternion.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

namespace tessera {
namespace {

constexpr uint64_t kBlock = 1ull << TS_COMPACT_BLOCK_SHIFT;

// Rotation error bounds: each stored component is within half a step (1/sqrt2 / 511 / 2 = 0.0007); the largest,
// rebuilt from the others, errs more (measured 0.0017 over 200k random rotations, 0.23 degrees).
constexpr float kQuaternionComponentError = 0.002f;
constexpr float kRotationAngleErrorDegrees = 0.25f;

// The largest component difference, with b's sign matched to a's (q and -q are the same rotation).
float quaternion_distance(glm::vec4 a, glm::vec4 b) {
    const glm::vec4 d = glm::abs(a - (glm::dot(a, b) < 0 ? -b : b));
    return std::max(std::max(d.x, d.y), std::max(d.z, d.w));
}

float angle_degrees(glm::vec4 a, glm::vec4 b) {
    const float d = std::min(std::abs(glm::dot(a, b)) / (glm::length(a) * glm::length(b)), 1.0f);
    return glm::degrees(2.0f * std::acos(d));
}

TEST(CompactCubes, SmallestThreeRoundTripsWithinBound) {
    std::mt19937 rng(7);
    std::normal_distribution<float> normal;
    float worst_component = 0, worst_angle = 0;
    for (int i = 0; i < 200'000; ++i) {
        const glm::vec4 q = glm::normalize(glm::vec4(normal(rng), normal(rng), normal(rng), normal(rng)));
        const glm::vec4 back = scene::unpack_smallest_three(scene::pack_smallest_three(q));
        worst_component = std::max(worst_component, quaternion_distance(q, back));
        worst_angle = std::max(worst_angle, angle_degrees(q, back));
        ASSERT_NEAR(glm::length(back), 1.0f, 1e-5f);
    }
    std::printf("smallest three: worst component error %.6f, worst angle %.4f degrees\n", worst_component,
                worst_angle);
    EXPECT_LT(worst_component, kQuaternionComponentError);
    EXPECT_LT(worst_angle, kRotationAngleErrorDegrees);
    // The axis-aligned extremes: identity, and each component alone (positive and negative).
    for (int c = 0; c < 4; ++c)
        for (const float sign : {1.0f, -1.0f}) {
            glm::vec4 q(0);
            q[c] = sign;
            EXPECT_LT(angle_degrees(q, scene::unpack_smallest_three(scene::pack_smallest_three(q))), 1e-3f);
        }
}

// Encodes `cubes` block by block as GpuScene does and returns the worst position error in cube edges, checking
// every other field against its bound on the way.
float worst_error_in_edges(const std::vector<gpu::CubeInstance>& cubes, float* worst_units = nullptr) {
    float worst = 0, units = 0;
    for (size_t first = 0; first < cubes.size(); first += kBlock) {
        const std::span<const gpu::CubeInstance> block(cubes.data() + first,
                                                       std::min<size_t>(kBlock, cubes.size() - first));
        const gpu::CompactBlock bounds = scene::compact_block(block);
        for (const gpu::CubeInstance& c : block) {
            const gpu::CubeInstance d = scene::expand_cube(scene::compact_cube(c, bounds), bounds);
            const glm::vec3 error = glm::abs(d.position - c.position);
            // Half a step per axis, plus float rounding of origin + step * n (relative 2^-24 of each term).
            const glm::vec3 extent = glm::vec3(bounds.step) * 1048575.0f;
            const glm::vec3 bound =
                glm::vec3(bounds.step) * 0.5f + 2e-7f * (glm::abs(glm::vec3(bounds.origin)) + extent + 1.0f);
            EXPECT_TRUE(glm::all(glm::lessThanEqual(error, bound)))
                << "position error " << error.x << " " << error.y << " " << error.z;
            EXPECT_LE(std::abs(d.scale - c.scale), bounds.step.w * 0.5f + 1e-6f * c.scale);
            EXPECT_EQ(d.color, c.color);
            EXPECT_LT(
                quaternion_distance(scene::unpack_rotation(d.rotation), scene::unpack_rotation(c.rotation)),
                kQuaternionComponentError);
            const float e = glm::length(d.position - c.position);
            units = std::max(units, e);
            worst = std::max(worst, e / c.scale);
        }
    }
    if (worst_units) *worst_units = units;
    return worst;
}

TEST(CompactCubes, DefaultScenesPositionErrorIsTinyInCubeEdges) {
    // The default scene size (100k), and 10M for random, whose blocks span the whole (growing) box: its error
    // grows with the box's side, cbrt(count).
    for (const SceneKind kind : {SceneKind::grid, SceneKind::random, SceneKind::galaxy})
        for (const uint64_t count :
             {uint64_t{100000}, uint64_t{kind == SceneKind::random ? 10000000u : 1000000u}}) {
            const scene::SceneDesc desc{kind, 1, count};
            std::vector<gpu::CubeInstance> cubes(count);
            for (uint64_t i = 0; i < count; ++i) cubes[i] = scene::generate_cube(desc, i);
            float units = 0;
            const float edges = worst_error_in_edges(cubes, &units);
            std::printf("%s %llu cubes: worst position error %.6f units = %.6f cube edges\n",
                        std::string(to_string(kind)).c_str(), static_cast<unsigned long long>(count), units,
                        edges);
            EXPECT_LT(edges, 0.005f) << to_string(kind) << " " << count;
        }
}

TEST(CompactCubes, DegenerateBlocksEncode) {
    // One cube, identical positions (a zero step), and far-apart extremes.
    const gpu::CubeInstance a{{5, -3, 2}, 1.0f, scene::pack_rotation({0, 0, 0, 1}), 0xFF0080FFu, 0};
    EXPECT_EQ(worst_error_in_edges({a}), 0.0f);
    EXPECT_EQ(worst_error_in_edges({a, a, a}), 0.0f);
    gpu::CubeInstance far = a;
    far.position = {-1e5f, 1e5f, 0};
    EXPECT_LT(worst_error_in_edges({a, far}), 2.0f);  // a step of 3 units: the format's stated limit
}

struct Render {
    Image image;
    int64_t visible = -1;
    bool compact = false;
};

Render render(Config config, RenderMode mode, bool compact) {
    config.render.mode = mode;
    config.render.compact_cubes = compact;
    app::Session session(app::SessionDesc{config, true, ""});
    app::RunScene scene(session, scene::SceneDesc{config.scene.kind, config.scene.seed, config.scene.cubes},
                        mode);
    app::RunRequest request;
    request.frames = 3;
    request.capture_last_frame = true;
    app::RunResult result = app::run_frames(session, scene, request);
    EXPECT_EQ(session.instance().validation_errors(), 0u) << to_string(mode);
    EXPECT_TRUE(result.image.has_value());
    return {result.image ? std::move(*result.image) : Image{}, result.visible_cubes, scene.gpu->compact()};
}

// The tolerance of compact against full: a pixel fails when a channel differs by more than 8; at most 1% of pixels
// may fail. Positions move by under 0.003 cube edges and rotations by under 0.25 degrees (a corner of a cube 30
// pixels across by under 0.1 pixel), so only pixels on an edge may change, by a sample or two of the 4x MSAA:
// measured 0.11-0.30% failing pixels in gpu-lod and 0.17-0.44% in instanced on these scenes. A planted defect (z
// decoded from its low 12 bits only) failed 33-86% of the pixels.
constexpr uint32_t kChannelTolerance = 8;
constexpr double kMaxFailing = 0.01;

void expect_compact_equals_full(SceneKind kind, RenderMode mode) {
    Config config = test::small_scene_config(5000);
    config.scene.kind = kind;
    config.camera.path = CameraPath::orbit;
    const Render full = render(config, mode, false);
    const Render compact = render(config, mode, true);
    ASSERT_FALSE(full.compact);
    ASSERT_TRUE(compact.compact);
    EXPECT_GT(full.visible, 0);
    EXPECT_NEAR(static_cast<double>(compact.visible), static_cast<double>(full.visible), full.visible * 0.002)
        << "the visible count changed";
    test::expect_images_match(full.image, compact.image,
                              "compact_" + std::string(to_string(kind)) + "_" + std::string(to_string(mode)),
                              kChannelTolerance, kMaxFailing);
}

TEST(CompactCubes, GridGpuLodEqualsFull) {
    expect_compact_equals_full(SceneKind::grid, RenderMode::gpu_lod);
}
TEST(CompactCubes, GridInstancedEqualsFull) {
    expect_compact_equals_full(SceneKind::grid, RenderMode::instanced);
}
TEST(CompactCubes, RandomGpuLodEqualsFull) {
    expect_compact_equals_full(SceneKind::random, RenderMode::gpu_lod);
}
TEST(CompactCubes, RandomInstancedEqualsFull) {
    expect_compact_equals_full(SceneKind::random, RenderMode::instanced);
}
TEST(CompactCubes, GalaxyGpuLodEqualsFull) {
    expect_compact_equals_full(SceneKind::galaxy, RenderMode::gpu_lod);
}
TEST(CompactCubes, GalaxyInstancedEqualsFull) {
    expect_compact_equals_full(SceneKind::galaxy, RenderMode::instanced);
}

TEST(CompactCubes, StaticScenesTake16BytesPerCube) {
    Config config = test::small_scene_config(1);
    config.render.mode = RenderMode::gpu_lod;
    app::Session session(app::SessionDesc{config, true, ""});
    // More than one chunk on lavapipe (2^22 compact cubes per chunk: 128 MiB storage ranges).
    const uint64_t count = 5'000'000;
    const scene::SceneDesc desc{SceneKind::galaxy, 3, count};
    {
        app::RunScene scene(session, desc, RenderMode::gpu_lod);
        ASSERT_TRUE(scene.gpu->compact());
        EXPECT_EQ(scene.gpu->bytes_per_cube(), 16u);
        EXPECT_GT(scene.gpu->chunk_count(), 1u);
        // Instance data, the chunks' block headers (32 B per 4096 cubes, a full chunk's worth each), the cluster
        // spheres (16 B per 256 cubes) and the table.
        const uint64_t headers =
            scene.gpu->chunk_count() * (TS_COMPACT_HEADER(scene.gpu->chunk_shift()) * 16ull);
        const uint64_t spheres = (count + TS_CLUSTER_SIZE - 1) / TS_CLUSTER_SIZE * 16;
        EXPECT_LE(scene.gpu->bytes(), count * 16 + headers + spheres + 256);
        EXPECT_GE(scene.gpu->bytes(), count * 16);
        // The CPU's view of a cube is what the GPU decodes, in the last chunk too.
        for (const uint64_t i : {uint64_t{0}, uint64_t{4095}, uint64_t{4096}, count - 1}) {
            const gpu::CubeInstance generated = scene::generate_cube(desc, i);
            const gpu::CubeInstance seen = scene.gpu->cube(i);
            EXPECT_LT(glm::length(seen.position - generated.position), generated.scale * 0.005f) << i;
            EXPECT_EQ(seen.color, generated.color);
        }
    }
    // Simulated scenes keep 32 bytes.
    Config simulated = config;
    simulated.scene.simulate = true;
    simulated.scene.simulate_on_gpu = true;
    session.reconfigure(simulated);
    app::RunScene moving(session, scene::SceneDesc{SceneKind::grid, 1, 1000}, RenderMode::gpu_lod);
    EXPECT_FALSE(moving.gpu->compact());
    EXPECT_EQ(moving.gpu->bytes_per_cube(), 32u);
    EXPECT_EQ(session.instance().validation_errors(), 0u);
}

}  // namespace
}  // namespace tessera
