// The live overlay (app/overlay.h, render/overlay_pass.h) through the real driver with validation on: headless
// screenshots with and without it, its script parser, and a live settings change between runs.
#include "gpu_test_util.h"

#include "app/live_settings.h"
#include "app/overlay.h"
#include "base/error.h"
#include "render/gpu_scene.h"

#include <optional>

namespace tessera {
namespace {

// Renders 4 frames headless, with the overlay shown when `overlay` is given; returns the last frame.
Image render(const Config& config, app::Overlay* overlay) {
    app::Session session(app::SessionDesc{config, true, ""});
    app::RunScene scene(session, {config.scene.kind, config.scene.seed, config.scene.cubes},
                        config.render.mode);
    app::RunRequest request;
    request.frames = 4;
    request.capture_last_frame = true;
    request.overlay = overlay;
    app::RunResult result = app::run_frames(session, scene, request);
    EXPECT_EQ(session.instance().validation_errors(), 0u) << "validation errors while rendering";
    EXPECT_TRUE(result.image.has_value());
    return result.image ? std::move(*result.image) : Image{};
}

bool inside(const VkRect2D& r, uint32_t x, uint32_t y) {
    return x >= uint32_t(r.offset.x) && y >= uint32_t(r.offset.y) && x < r.offset.x + r.extent.width &&
           y < r.offset.y + r.extent.height;
}

// Outside the panel the frame is untouched: bit-identical (tolerance 0: the same scene, camera and driver, and
// the overlay pass only blends inside its clip rectangles). Inside it at least 30% of the pixels change by more
// than 8 of 255 (the panel's background alone darkens most of them).
void expect_overlay_only_in_panel(const Config& config, const std::string& name) {
    const Image without = render(config, nullptr);
    app::Overlay overlay(config, true);
    const Image with = render(config, &overlay);
    const VkRect2D panel = overlay.panel_rect();
    ASSERT_GT(panel.extent.width, 100u);
    ASSERT_GT(panel.extent.height, 50u);
    ASSERT_LT(panel.offset.x + panel.extent.width, with.width)
        << "the panel fills the frame: nothing to compare";
    Image outside = with;  // the overlay's frame with the panel's rectangle taken from the plain frame
    uint64_t panel_pixels = 0, changed = 0;
    for (uint32_t y = 0; y < with.height; ++y)
        for (uint32_t x = 0; x < with.width; ++x) {
            if (!inside(panel, x, y)) continue;
            const size_t i = (size_t(y) * with.width + x) * 4;
            ++panel_pixels;
            uint32_t diff = 0;
            for (size_t c = 0; c < 3; ++c)
                diff = std::max<uint32_t>(
                    diff, uint32_t(std::abs(int(with.rgba[i + c]) - int(without.rgba[i + c]))));
            changed += diff > 8;
            for (size_t c = 0; c < 4; ++c) outside.rgba[i + c] = without.rgba[i + c];
        }
    test::expect_images_match(without, outside, name + "-outside-panel", 0, 0.0);
    const double fraction = double(changed) / double(std::max<uint64_t>(panel_pixels, 1));
    EXPECT_GT(fraction, 0.3) << name << ": only " << fraction * 100 << "% of the panel's pixels changed";
    if (fraction <= 0.3) test::expect_images_match(without, with, name + "-panel", 255, 0.0);  // writes both
}

TEST(Overlay, DrawsOnlyInItsPanelWithMsaa) {
    Config config = test::small_scene_config();
    config.window.width = 640;
    config.window.height = 360;
    expect_overlay_only_in_panel(config, "overlay-instanced-msaa4");
}

TEST(Overlay, DrawsOnlyInItsPanelOverTheComputeRasterSingleSampled) {
    Config config = test::small_scene_config();
    config.window.width = 640;
    config.window.height = 360;
    config.render.mode = RenderMode::gpu_lod;
    config.graphics.msaa_samples = 1;
    expect_overlay_only_in_panel(config, "overlay-gpu-lod-msaa1");
}

TEST(Overlay, HiddenOverlayDrawsNothing) {
    Config config = test::small_scene_config();
    app::Overlay overlay(config, true);
    overlay.toggle(1);
    EXPECT_FALSE(overlay.visible());
    test::expect_images_match(render(config, nullptr), render(config, &overlay), "overlay-hidden", 0, 0.0);
    EXPECT_EQ(overlay.panel_rect().extent.width, 0u);
}

TEST(Overlay, ScriptParsesAndRefusesBadInput) {
    const Config config;
    const auto actions = app::parse_overlay_script(
        "20:render.mode=gpu-cull,scene.cubes=2k; 5:graphics.msaa_samples=1", config);
    ASSERT_EQ(actions.size(), 2u);
    EXPECT_EQ(actions[0].frame, 5u);  // in frame order
    EXPECT_EQ(actions[1].sets.size(), 2u);
    for (const char* bad :
         {"", "20", "x:render.mode=cpu", "5:window.width=3", "5:render.mode=nope", "5:scene.cubes"})
        EXPECT_THROW(app::parse_overlay_script(bad, config), UsageError) << bad;
}

// A scripted Apply ends run_frames between frames; the settings are rebuilt and the run goes on, validation clean.
TEST(Overlay, LiveChangeOfModeAndCountKeepsRendering) {
    Config config = test::small_scene_config();
    app::Session session(app::SessionDesc{config, true, ""});
    std::optional<app::RunScene> scene(
        std::in_place, session, scene::SceneDesc{config.scene.kind, config.scene.seed, config.scene.cubes},
        config.render.mode);
    app::Overlay overlay(session.config(), true,
                         app::parse_overlay_script(
                             "3:render.mode=gpu-cull,scene.cubes=2k,performance.frames_in_flight=3", config));
    app::RunRequest request;
    request.frames = 10;
    request.overlay = &overlay;
    app::RunResult first = app::run_frames(session, *scene, request);
    ASSERT_TRUE(first.restart.has_value()) << "the scripted apply did not end the run";
    EXPECT_EQ(first.stats.frames(), 3u);
    app::apply_live_settings(session, scene, *first.restart, overlay);
    EXPECT_EQ(session.config().render.mode, RenderMode::gpu_cull);
    EXPECT_EQ(scene->gpu->cube_count(), 2000u);
    request.frames = 7;
    const app::RunResult second = app::run_frames(session, *scene, request);
    EXPECT_FALSE(second.restart.has_value());
    EXPECT_EQ(second.stats.frames(), 7u);
    EXPECT_GT(second.visible_cubes, 0);
    EXPECT_EQ(session.instance().validation_errors(), 0u);
}

}  // namespace
}  // namespace tessera
