// Headless rendering through the real driver with validation on: reference image, frames in flight, bad
// input.
#include "gpu_test_util.h"

#include "base/error.h"
#include "render/gpu_scene.h"

#include <cstdlib>

namespace tessera {
namespace {

// Tolerances: lavapipe is deterministic on one machine, but rasterisation rules leave room for 1-ulp edge
// differences between CPUs and LLVM versions. A channel may differ by up to 8 (of 255); at most 0.5% of
// pixels may exceed that.
constexpr uint32_t kChannelTolerance = 8;
constexpr double kFailingFraction = 0.005;

TEST(Render, SmallGridMatchesReference) {
    const Image image = test::render_headless(test::small_scene_config());
    ASSERT_EQ(image.width, 320u);
    ASSERT_EQ(image.height, 240u);
    test::expect_matches_reference(image, "grid_3000_static", kChannelTolerance, kFailingFraction);
}

TEST(Render, FramesInFlightOneTwoThreeRenderTheSameImage) {
    Config config = test::small_scene_config();
    config.performance.frames_in_flight = 1;
    const Image one = test::render_headless(config, 7);
    for (uint32_t n : {2u, 3u}) {
        config.performance.frames_in_flight = n;
        // 7 frames: every slot is reused at least twice, so per-slot waits and resets are exercised.
        test::expect_images_match(one, test::render_headless(config, 7),
                                  "frames_in_flight_" + std::to_string(n), 0, 0.0);
    }
}

TEST(Render, MsaaOffDiffersOnlyAtEdges) {
    Config config = test::small_scene_config();
    const Image msaa = test::render_headless(config);
    config.graphics.msaa_samples = 1;
    const Image aliased = test::render_headless(config);
    // Same scene and camera: most pixels agree, edges differ. Guards against MSAA resolving the wrong image.
    const ImageComparison c = compare_images(msaa, aliased, 24);
    EXPECT_TRUE(c.same_size);
    EXPECT_GT(c.failing_pixels, 0u) << "MSAA had no effect";
    EXPECT_LT(c.failing_fraction, 0.15);
}

TEST(Render, ImageHasCubesNotJustClearColour) {
    const Image image = test::render_headless(test::small_scene_config());
    const uint8_t* corner = image.pixel(0, 0);  // the sky: clear colour
    uint64_t differing = 0;
    for (uint32_t y = 0; y < image.height; ++y)
        for (uint32_t x = 0; x < image.width; ++x)
            if (std::abs(int(image.pixel(x, y)[0]) - corner[0]) > 16 ||
                std::abs(int(image.pixel(x, y)[2]) - corner[2]) > 16)
                ++differing;
    EXPECT_GT(differing, image.width * image.height / 4) << "fewer than a quarter of the pixels show cubes";
}

TEST(Render, SceneLargerThanGpuMemoryIsRefusedWithClearError) {
    Config config = test::small_scene_config();
    app::Session session(app::SessionDesc{config, true, ""});
    const scene::SceneDesc desc{SceneKind::grid, 1, 4'000'000'000ull};
    try {
        render::GpuScene scene(session.device(), desc, session.jobs());
        if (session.device().gpu().device_local_bytes > 200ull << 30)
            GTEST_SKIP() << "this GPU holds 4B cubes";
        FAIL() << "expected an error";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("4000000000 cubes need"), std::string::npos) << e.what();
    }
    EXPECT_EQ(session.instance().validation_errors(), 0u);
}

TEST(Session, NoDisplayMeansHeadless) {
    const char* display = std::getenv("DISPLAY");
    const std::string saved = display ? display : "";
    unsetenv("DISPLAY");
    unsetenv("WAYLAND_DISPLAY");
    Config config = test::small_scene_config();
    {
        app::Session session(app::SessionDesc{config, false, ""});
        EXPECT_TRUE(session.headless());
        EXPECT_EQ(session.target().extent().width, 320u);
    }
    if (!saved.empty()) setenv("DISPLAY", saved.c_str(), 1);
}

TEST(Session, UnknownGpuIsAUsageErrorListingGpus) {
    Config config = test::small_scene_config();
    try {
        app::Session session(app::SessionDesc{config, true, "no-such-gpu"});
        FAIL() << "expected an error";
    } catch (const UsageError& e) {
        EXPECT_NE(std::string(e.what()).find("--gpu no-such-gpu: no such GPU"), std::string::npos)
            << e.what();
        EXPECT_NE(std::string(e.what()).find("[0]"), std::string::npos) << e.what();
    }
}

// Frame time is measured between frame completions, so no run, however short, reports more frames per second
// than the GPU's own time per frame allows (a CPU that runs ahead of the GPU used to report 50,000 FPS here).
TEST(Statistics, FpsNeverExceedsWhatTheGpuAllows) {
    for (const uint64_t frames : {3u, 10u, 100u}) {
        SCOPED_TRACE(frames);
        Config config = test::small_scene_config();
        config.performance.frames_in_flight = 3;
        app::Session session(app::SessionDesc{config, true, ""});
        app::RunScene scene(session, {config.scene.kind, config.scene.seed, config.scene.cubes},
                            config.render.mode);
        app::RunRequest request;
        request.frames = frames;
        const app::RunResult result = app::run_frames(session, scene, request);
        const Summary gpu = result.stats.gpu_ms(), frame = result.stats.frame_ms();
        ASSERT_EQ(gpu.count, frames) << "every frame's GPU time is read before the summary";
        ASSERT_EQ(frame.count, frames) << "every frame has a frame time";
        EXPECT_LE(result.stats.average_fps(), 1000.0 / gpu.mean * 1.05)
            << "frame ms mean " << frame.mean << ", GPU ms mean " << gpu.mean;
        EXPECT_EQ(session.instance().validation_errors(), 0u);
    }
}

}  // namespace
}  // namespace tessera
