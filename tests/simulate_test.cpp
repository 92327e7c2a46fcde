// Simulated scenes end to end (lavapipe, validation on): the ECS path streams every cube every frame into the
// frame's buffer; the GPU path moves a fixed scene with a compute pass.
#include "gpu_test_util.h"

#include "render/camera.h"
#include "render/gpu_scene.h"
#include "scene/simulation.h"

#include <cstring>

namespace tessera {
namespace {

constexpr uint64_t kFrames = 6;
constexpr float kFrameSeconds = 1.0f / 60.0f;  // run_frames steps the simulation this much per frame

Config simulated_config(RenderMode mode) {
    Config config = test::small_scene_config(3000);
    config.scene.simulate = true;
    config.render.mode = mode;
    config.camera.path = CameraPath::orbit;
    // Compute-rastered cubes are aliased under MSAA (compute_raster_test.cpp): compare the hardware path here.
    config.render.compute_raster_max_pixels = config.render.lod_splat_pixels;
    return config;
}

struct Frame {
    Image image;
    int64_t visible;
};

Frame render_simulated(const Config& config) {
    app::Session session(app::SessionDesc{config, true, ""});
    app::RunScene scene(session, {config.scene.kind, config.scene.seed, config.scene.cubes},
                        config.render.mode);
    app::RunRequest request;
    request.frames = kFrames;
    request.capture_last_frame = true;
    const app::RunResult result = app::run_frames(session, scene, request);
    EXPECT_EQ(session.instance().validation_errors(), 0u);
    EXPECT_TRUE(result.simulation.has_value());
    return {result.image ? *result.image : Image{}, result.visible_cubes};
}

// The streamed frame equals a fixed scene holding what the simulation extracts after the same steps, seen
// from the same camera: extract reached the frame's buffer whole, in the right frame. The streamed frame
// equals a fixed scene holding what the simulation extracts after the same steps, seen from the same camera:
// extract reached the frame's buffer whole, in the right frame.
void expect_streamed_matches_fixed(const Config& config) {
    const Frame streamed = render_simulated(config);

    app::Session session(app::SessionDesc{config, true, ""});
    const scene::SceneDesc desc{config.scene.kind, config.scene.seed, config.scene.cubes};
    scene::Simulation simulation(desc, session.jobs());
    for (uint64_t i = 0; i < kFrames; ++i) simulation.step(kFrameSeconds);
    std::vector<gpu::CubeInstance> cubes(simulation.entity_count());
    ASSERT_EQ(simulation.extract(cubes), cubes.size());
    render::GpuScene fixed(session.device(), cubes, session.jobs());

    app::RunRequest request;
    request.frames = 2;
    request.capture_last_frame = true;
    request.camera = render::camera_on_path(config.camera.path, scene::scene_bounds(desc),
                                            static_cast<double>(kFrames - 1) * (1.0 / 60.0), config.camera);
    const app::RunResult result = app::run_frames(session, fixed, request);
    EXPECT_EQ(session.instance().validation_errors(), 0u);
    EXPECT_EQ(result.visible_cubes, streamed.visible);
    test::expect_images_match(
        *result.image, streamed.image,
        "simulate_streamed_vs_fixed_" + std::to_string(config.performance.frames_in_flight), 0, 0.0);
}

// With 1, 2 and 3 frames in flight: each slot's copy is written only once its previous frame is done.
TEST(Simulate, StreamedFrameMatchesTheWorldRenderedAsAFixedScene) {
    for (uint32_t frames_in_flight : {1u, 2u, 3u}) {
        SCOPED_TRACE(frames_in_flight);
        Config config = simulated_config(RenderMode::gpu_cull);
        config.performance.frames_in_flight = frames_in_flight;
        expect_streamed_matches_fixed(config);
    }
}

TEST(Simulate, EveryModeDrawsTheSameSimulatedFrame) {
    const Frame reference = render_simulated(simulated_config(RenderMode::instanced));
    for (RenderMode mode : {RenderMode::cpu, RenderMode::gpu_cull, RenderMode::gpu_lod}) {
        const Frame f = render_simulated(simulated_config(mode));
        EXPECT_EQ(f.visible, reference.visible) << to_string(mode);
        test::expect_images_match(reference.image, f.image, "simulate_" + std::string(to_string(mode)), 8,
                                  0.005);
    }
}

TEST(Simulate, CubesMoveBetweenFrames) {
    Config config = simulated_config(RenderMode::gpu_cull);
    config.camera.path = CameraPath::fixed;
    app::Session session(app::SessionDesc{config, true, ""});
    const scene::SceneDesc desc{config.scene.kind, config.scene.seed, config.scene.cubes};
    const Image still = test::render_headless([&] {
        Config c = config;
        c.scene.simulate = false;
        return c;
    }());
    app::RunScene scene(session, desc, config.render.mode);
    app::RunRequest request;
    request.frames = 30;
    request.capture_last_frame = true;
    const app::RunResult result = app::run_frames(session, scene, request);
    const ImageComparison c = compare_images(still, *result.image, 8);
    EXPECT_GT(c.failing_fraction, 0.01) << "half a second of simulation changed almost nothing";
}

// The GPU path: after N frames every cube sits where its velocity took it, reflected at the bounds, and has
// the pulse scale of the elapsed time; a CPU integration of scene::initial_motion is the reference.
TEST(Simulate, GpuMotionMatchesCpuIntegration) {
    Config config = test::small_scene_config(2000);
    config.scene.simulate = true;
    config.scene.simulate_on_gpu = true;
    config.render.mode = RenderMode::gpu_cull;
    app::Session session(app::SessionDesc{config, true, ""});
    const scene::SceneDesc desc{config.scene.kind, config.scene.seed, config.scene.cubes};
    app::RunScene scene(session, desc, config.render.mode);
    ASSERT_TRUE(scene.gpu_motion);
    app::RunRequest request;
    request.frames = 40;
    app::run_frames(session, scene, request);
    EXPECT_EQ(session.instance().validation_errors(), 0u);

    const vk::Device& device = session.device();
    const std::vector<std::byte> bytes = test::read_back(device, scene.gpu->chunk(0));
    const auto* gpu_cubes = reinterpret_cast<const gpu::CubeInstance*>(bytes.data());

    const scene::Bounds bounds = scene::scene_bounds(desc);
    const glm::vec3 lo = bounds.center - bounds.half_extent, hi = bounds.center + bounds.half_extent;
    int moved = 0;
    for (uint64_t i = 0; i < desc.count; ++i) {
        const gpu::CubeInstance start = scene::generate_cube(desc, i);
        const gpu::CubeMotion m = scene::initial_motion(desc, i);
        glm::vec3 p = start.position, v = m.velocity;
        for (uint64_t f = 0; f < request.frames; ++f) {
            p += v * kFrameSeconds;
            for (int k = 0; k < 3; ++k) {
                if (p[k] < lo[k]) {
                    p[k] = 2.0f * lo[k] - p[k];
                    v[k] = std::abs(v[k]);
                } else if (p[k] > hi[k]) {
                    p[k] = 2.0f * hi[k] - p[k];
                    v[k] = -std::abs(v[k]);
                }
            }
        }
        ASSERT_NEAR(gpu_cubes[i].position.x, p.x, 1e-3f) << "cube " << i;
        ASSERT_NEAR(gpu_cubes[i].position.y, p.y, 1e-3f) << "cube " << i;
        ASSERT_NEAR(gpu_cubes[i].position.z, p.z, 1e-3f) << "cube " << i;
        if (m.kind == TS_MOTION_PULSE) {
            const float t = static_cast<float>(request.frames) * kFrameSeconds;
            const float scale = m.params.x * (1.0f + m.params.y * std::sin(m.params.z * t + m.params.w));
            ASSERT_NEAR(gpu_cubes[i].scale, scale, 1e-4f) << "cube " << i;
        } else {
            const glm::vec4 q = scene::unpack_rotation(gpu_cubes[i].rotation);
            ASSERT_NEAR(glm::length(q), 1.0f, 1e-3f) << "cube " << i;  // still a rotation
            if (gpu_cubes[i].rotation != start.rotation) ++moved;
        }
    }
    EXPECT_GT(moved, static_cast<int>(desc.count) / 2) << "spinning cubes did not turn";
}

}  // namespace
}  // namespace tessera
