// gpu-lod's compute rasteriser against the hardware path (lavapipe, validation on): the same cubes drawn by
// raster_small.comp / raster_large.comp and by the instanced mode's hardware draw give the same image, a wall of
// touching cubes has no cracks, and at 4x MSAA the compute-rastered cubes merge by depth with hardware-drawn ones
// and the MSAA gate leaves frames without hardware-drawn cubes as they are without MSAA.
#include "gpu_test_util.h"

#include "render/camera.h"
#include "render/gpu_scene.h"
#include "scene/generator.h"
#include "shaders/shared.h"

#include <glm/gtc/quaternion.hpp>

#include <cmath>
#include <cstdlib>

namespace tessera {
namespace {

struct Render {
    Image image;
    int64_t visible = -1;
    std::vector<int64_t> buckets;
};

// Renders `config` (its scene, or `cubes` when given, from `camera` when given) in `mode`, validation on.
Render render(Config config, RenderMode mode, const std::vector<gpu::CubeInstance>* cubes = nullptr,
              const render::Camera* camera = nullptr) {
    config.render.mode = mode;
    app::Session session(app::SessionDesc{config, true, ""});
    const scene::SceneDesc desc{config.scene.kind, config.scene.seed, config.scene.cubes};
    render::GpuScene scene = cubes ? render::GpuScene(session.device(), *cubes, session.jobs())
                                   : render::GpuScene(session.device(), desc, session.jobs());
    app::RunRequest request;
    request.frames = 4;
    request.capture_last_frame = true;
    if (camera) request.camera = *camera;
    app::RunResult result = app::run_frames(session, scene, request);
    EXPECT_EQ(session.instance().validation_errors(), 0u) << to_string(mode);
    EXPECT_TRUE(result.image.has_value());
    return {result.image ? std::move(*result.image) : Image{}, result.visible_cubes, result.bucket_counts};
}

int64_t rastered(const Render& r) {
    return r.buckets.size() == TS_LOD_BUCKETS
               ? r.buckets[TS_LOD_RASTER_SMALL] + r.buckets[TS_LOD_RASTER_LARGE]
               : -1;
}

// gpu-lod with every visible cube below 256 pixels compute-rastered (no splats: those are not hardware-exact),
// MSAA off.
Config raster_everything(Config config) {
    config.graphics.msaa_samples = 1;
    config.render.lod_splat_pixels = 0.0f;
    config.render.compute_raster_max_pixels = 256.0f;
    return config;
}

// The tolerance of the image comparisons: a pixel fails when a channel differs by more than 8; at most 0.2% of
// pixels may fail. The compute raster snaps corners to 1/256 pixel like the hardware, but its edge and depth
// arithmetic is not lavapipe's, so a pixel centre within rounding of an edge may land on the other face or
// cube: the correct raster measured 0, 1 and 2 failing pixels of 76,800 (under 0.003%) on these three scenes.
// Planted defects, each tried once, fail clearly: dropping the +Z and -Z faces of every cube gave 2.6-11.7%
// failing pixels, and shrinking every face's pixel box by one pixel on the right and bottom (a one-pixel gap
// between neighbours) 1.5-10.3%; both also left cracks in all four views of the wall test.
constexpr uint32_t kChannelTolerance = 8;
constexpr double kMaxFailing = 0.002;

// Each scene is drawn three ways: every cube one invocation (raster_small.comp, a CPU device's default), and
// cubes from 8 pixels up in the large bucket, in batches (raster_batches.comp; a CPU device batches any bucket
// of 32 cubes or more) or a cube per workgroup (raster_large.comp). Planted once each, these failed the grid
// and the random scene (the galaxy's large bucket is small): leaving out the fourth face slot of every batch,
// and leaving out every cube's second face in raster_large.comp. raster_small drawing the face on the camera's
// side of an axis even where the camera lies between that axis' planes (it faces away; raster_small takes the
// first face that covers a pixel) failed the random scene with 0.59% of pixels off.
void expect_raster_equals_hardware(Config config, const std::string& name) {
    config = raster_everything(config);
    const Render hardware = render(config, RenderMode::instanced);
    ASSERT_GT(hardware.visible, 0);
    struct Variant {
        const char* suffix;
        float small_pixels;  // render.compute_raster_small_pixels (0: the device's: every cube is small)
        uint32_t batch_groups;
    };
    for (const Variant v :
         {Variant{"", 0.0f, 0u}, Variant{"_batches", 8.0f, 0u}, Variant{"_per_cube", 8.0f, 16'777'216u}}) {
        SCOPED_TRACE(name + v.suffix);
        config.render.compute_raster_small_pixels = v.small_pixels;
        config.render.compute_raster_batch_groups = v.batch_groups;
        const Render compute = render(config, RenderMode::gpu_lod);
        EXPECT_EQ(compute.visible, hardware.visible) << "the visible count changed";
        EXPECT_GT(rastered(compute), hardware.visible * 9 / 10)
            << "the compute raster drew too few of the cubes";
        if (v.small_pixels == 0) {
            EXPECT_EQ(compute.buckets[TS_LOD_RASTER_LARGE], 0) << "a CPU device's large bucket is empty";
        }
        test::expect_images_match(hardware.image, compute.image, name + v.suffix, kChannelTolerance,
                                  kMaxFailing);
    }
}

TEST(ComputeRaster, GridFromOrbitCameraEqualsHardware) {
    Config config = test::small_scene_config(4000);
    config.camera.path = CameraPath::orbit;
    expect_raster_equals_hardware(config, "raster_grid_orbit");
}

TEST(ComputeRaster, RandomFromFlyCameraEqualsHardware) {
    Config config = test::small_scene_config(6000);
    config.scene.kind = SceneKind::random;
    config.scene.seed = 7;
    config.camera.path = CameraPath::fly;
    expect_raster_equals_hardware(config, "raster_random_fly");
}

TEST(ComputeRaster, GalaxyFromStaticCameraEqualsHardware) {
    Config config = test::small_scene_config(5000);
    config.scene.kind = SceneKind::galaxy;
    config.performance.frames_in_flight = 3;
    expect_raster_equals_hardware(config, "raster_galaxy_static");
}

// The hardware buckets drawn into the visibility buffer (render.visibility_draws; on by default for GPUs,
// off for CPU devices): cubes above a small raster size go through the hardware rasteriser into the same
// buffer as the compute-rastered ones, and one shade writes the target. Both kinds must share the frame and
// equal the instanced image, with the tolerance above (all three pass). Planted defects, each tried once: the
// hardware fragments stored unlit (their cube's colour without cube.vert's lighting) failed all three scenes
// with 19-43% of pixels off; with their depth reversed, 11-21%.
class VisibilityDraws : public ::testing::TestWithParam<int> {};

TEST_P(VisibilityDraws, HardwareAndComputeRasterInOneBufferEqualHardware) {
    Config config = test::small_scene_config(GetParam() == 0 ? 4000 : GetParam() == 1 ? 6000 : 5000);
    config.scene.kind = GetParam() == 0   ? SceneKind::grid
                        : GetParam() == 1 ? SceneKind::random
                                          : SceneKind::galaxy;
    config.scene.seed = 7;
    config.camera.path = CameraPath::orbit;
    config.graphics.msaa_samples = 1;
    config.render.lod_splat_pixels = 0.0f;
    config.render.compute_raster_max_pixels = 6.0f;  // larger cubes: the hardware buckets
    config.render.visibility_draws = true;
    const Render hardware = render(config, RenderMode::instanced);
    const Render lod = render(config, RenderMode::gpu_lod);
    ASSERT_GT(hardware.visible, 0);
    EXPECT_EQ(lod.visible, hardware.visible) << "the visible count changed";
    ASSERT_EQ(lod.buckets.size(), size_t(TS_LOD_BUCKETS));
    const int64_t drawn = lod.buckets[TS_LOD_FULL] + lod.buckets[TS_LOD_FACES];
    EXPECT_GT(drawn, hardware.visible / 10) << "too few cubes went to the hardware buckets";
    EXPECT_GT(rastered(lod), hardware.visible / 10) << "too few cubes went to the compute raster";
    test::expect_images_match(hardware.image, lod.image, "visibility_draws_" + std::to_string(GetParam()),
                              kChannelTolerance, kMaxFailing);
}

INSTANTIATE_TEST_SUITE_P(
    Scenes, VisibilityDraws, ::testing::Values(0, 1, 2), [](const ::testing::TestParamInfo<int>& p) {
        return std::string(p.param == 0 ? "grid_orbit" : p.param == 1 ? "random_orbit" : "galaxy_orbit");
    });

gpu::CubeInstance cube(glm::vec3 p, float scale, glm::vec3 rgb, glm::quat q = {1, 0, 0, 0}) {
    return {p, scale, scene::pack_rotation({q.x, q.y, q.z, q.w}), scene::pack_color(glm::vec4(rgb, 1.0f)), 0};
}

// A wall of 24 x 18 touching unit cubes in the z = 0 plane, each its own colour, centred on the origin.
std::vector<gpu::CubeInstance> wall() {
    std::vector<gpu::CubeInstance> cubes;
    for (int y = 0; y < 18; ++y)
        for (int x = 0; x < 24; ++x)
            cubes.push_back(cube({x - 11.5f, y - 8.5f, 0.0f}, 1.0f,
                                 {0.3f + 0.7f * float(x % 3) / 2, 0.3f + 0.7f * float(y % 3) / 2, 0.8f}));
    return cubes;
}

// No pixel inside the wall's outline shows the background: touching cubes leave no cracks between them, seen
// head-on (edges on pixel rows and columns) and from an oblique angle (slanted edges, three faces per cube).
TEST(ComputeRaster, WallOfTouchingCubesHasNoCracks) {
    const Config config = raster_everything(test::small_scene_config());
    const std::vector<gpu::CubeInstance> cubes = wall();
    for (const glm::vec3 eye : {glm::vec3(0.0f, 0.0f, 40.0f), glm::vec3(0.3f, 0.2f, 37.0f),
                                glm::vec3(9.0f, 6.0f, 34.0f), glm::vec3(-14.0f, 3.0f, 31.0f)}) {
        SCOPED_TRACE("eye " + std::to_string(eye.x) + "," + std::to_string(eye.y) + "," +
                     std::to_string(eye.z));
        render::Camera camera;
        camera.position = eye;
        camera.target = {0, 0, 0};
        const Render r = render(config, RenderMode::gpu_lod, &cubes, &camera);
        EXPECT_EQ(rastered(r), int64_t(cubes.size())) << "every cube of the wall is compute-rastered";
        // The wall's front face projected, shrunk by two pixels: every pixel inside must be a cube's.
        const gpu::FrameUniforms u = render::frame_uniforms(camera, {r.image.width, r.image.height}, 1);
        glm::vec2 lo(1e9f), hi(-1e9f);
        for (const glm::vec2 corner :
             {glm::vec2(-12, -9), glm::vec2(12, -9), glm::vec2(-12, 9), glm::vec2(12, 9)}) {
            const glm::vec4 clip = u.view_projection * glm::vec4(corner, 0.5f, 1.0f);
            const glm::vec2 px =
                (glm::vec2(clip) / clip.w * 0.5f + 0.5f) * glm::vec2(r.image.width, r.image.height);
            lo = glm::min(lo, px);
            hi = glm::max(hi, px);
        }
        // Head-on the outline is the rectangle; obliquely use the largest rectangle inside it (a third of the way in).
        const glm::vec2 inset = eye.x * eye.x + eye.y * eye.y > 1.0f ? (hi - lo) / 3.0f : glm::vec2(2.0f);
        const uint8_t* background = r.image.pixel(1, 1);
        uint32_t cracks = 0, checked = 0;
        for (uint32_t y = uint32_t(lo.y + inset.y); y < uint32_t(hi.y - inset.y); ++y)
            for (uint32_t x = uint32_t(lo.x + inset.x); x < uint32_t(hi.x - inset.x); ++x) {
                const uint8_t* p = r.image.pixel(x, y);
                ++checked;
                if (p[0] == background[0] && p[1] == background[1] && p[2] == background[2]) ++cracks;
            }
        EXPECT_GT(checked, 1000u);
        EXPECT_EQ(cracks, 0u) << "background pixels inside the wall";
        if (cracks) save_png(test::output_dir() / "raster_wall_cracks.png", r.image);
    }
}

// At 4x MSAA the visibility resolve writes every sample of a compute-rastered pixel, so those cubes are aliased
// (one sample per pixel) while hardware-drawn cubes are antialiased; both merge by depth per sample. A big cube
// drawn by the hardware with small compute-rastered cubes in front of it, behind it and half sunk into it.
TEST(ComputeRaster, MsaaMergesWithHardwareDrawnCubesByDepth) {
    Config config = test::small_scene_config();
    config.graphics.msaa_samples = 4;
    config.render.lod_splat_pixels = 0.0f;
    config.render.compute_raster_max_pixels = 40.0f;  // the big cube (about 150 pixels) stays on the hardware
    std::vector<gpu::CubeInstance> cubes = {cube({0, 0, 0}, 4.0f, {0.6f, 0.6f, 0.6f})};
    for (int i = 0; i < 7; ++i)
        for (int j = 0; j < 5; ++j) {
            const float x = -3.0f + i, y = -2.0f + j;
            const float z =
                (i + j) % 3 == 0 ? 2.4f : ((i + j) % 3 == 1 ? -2.4f : 2.0f);  // front, behind, sunk
            cubes.push_back(cube({x, y, z}, 0.5f, {float(i % 2), float(j % 2), 1.0f - float(i % 2)},
                                 glm::angleAxis(0.3f * float(i + j), glm::normalize(glm::vec3(1, 2, 3)))));
        }
    render::Camera camera;
    camera.position = {3.0f, 2.0f, 16.0f};
    camera.target = {0, 0, 0};
    const Render hardware = render(config, RenderMode::instanced, &cubes, &camera);
    const Render mixed = render(config, RenderMode::gpu_lod, &cubes, &camera);
    Config single = config;
    single.graphics.msaa_samples = 1;
    const Render hardware_1x = render(single, RenderMode::instanced, &cubes, &camera);
    ASSERT_EQ(mixed.buckets.size(), size_t(TS_LOD_BUCKETS));
    EXPECT_EQ(rastered(mixed), int64_t(cubes.size()) - 1);
    EXPECT_EQ(mixed.buckets[TS_LOD_FULL] + mixed.buckets[TS_LOD_FACES], 1);
    EXPECT_EQ(mixed.visible, hardware.visible);
    // Away from edges (pixels where the hardware's 4x and 1x images agree) the mixed image equals the
    // hardware's. Edge pixels differ by design (antialiased against aliased). Measured: 0 interior pixels
    // differ; a planted depth error (the resolve writing the nearest depth, so sunk and hidden small cubes
    // show through the big one) made 243 interior pixels differ.
    const auto close = [](const uint8_t* a, const uint8_t* b) {
        for (int k = 0; k < 3; ++k)
            if (std::abs(int(a[k]) - int(b[k])) > 8) return false;
        return true;
    };
    uint32_t interior = 0, differing = 0;
    for (uint32_t y = 0; y < hardware.image.height; ++y)
        for (uint32_t x = 0; x < hardware.image.width; ++x) {
            if (!close(hardware.image.pixel(x, y), hardware_1x.image.pixel(x, y))) continue;
            ++interior;
            if (!close(hardware.image.pixel(x, y), mixed.image.pixel(x, y))) ++differing;
        }
    EXPECT_GT(interior, hardware.image.width * hardware.image.height * 9 / 10);
    EXPECT_LE(differing, 20u) << "interior pixels where compute-rastered and hardware cubes merge wrongly";
    if (differing > 20) {
        save_png(test::output_dir() / "raster_msaa_merge.actual.png", mixed.image);
        save_png(test::output_dir() / "raster_msaa_merge.expected.png", hardware.image);
    }
}

// The MSAA gate (render/visibility_resolve.h, Output::gated): at 4x MSAA without occlusion, a frame with no
// cube in the hardware buckets skips the multisampled attachments and copies the shaded pixels into the
// target. Compute-rastered cubes have one sample per pixel either way, so that frame must equal the frame
// without MSAA, to the bit.
TEST(ComputeRaster, MsaaFrameWithoutHardwareCubesEqualsTheFrameWithoutMsaa) {
    Config config = raster_everything(test::small_scene_config(2000));
    const Render single = render(config, RenderMode::gpu_lod);
    config.graphics.msaa_samples = 4;
    const Render gated = render(config, RenderMode::gpu_lod);
    ASSERT_EQ(gated.buckets.size(), size_t(TS_LOD_BUCKETS));
    EXPECT_EQ(gated.buckets[TS_LOD_FULL] + gated.buckets[TS_LOD_FACES], 0);
    EXPECT_GT(rastered(gated), 0);
    EXPECT_EQ(gated.visible, single.visible);
    test::expect_images_match(single.image, gated.image, "raster_msaa_gate_closed", 0, 0.0);
}

// With hardware-drawn cubes the gate opens: the msaa resolve pass must give what the rendering's own resolve
// gives, edges included, in both its forms (render/msaa_resolve.h), each forced: compute (GPUs' offscreen
// target) and the fullscreen draw (swapchains, CPU drivers). Occlusion culling keeps the rendering's resolve,
// since its depth pyramid reads the multisampled depth; it culls no cube that shows, so the images must agree.
// Measured: the draw equal to the bit; compute 0.44% of pixels off by 1, where its sRGB encode rounds
// differently from the attachment's. Planted once in each form, a resolve that took sample 0 alone made 2.3% of
// pixels differ.
TEST(ComputeRaster, GatedMsaaResolveEqualsTheRenderingsResolve) {
    Config config = test::small_scene_config(2000);
    config.graphics.msaa_samples = 4;
    config.render.lod_splat_pixels = 0.0f;
    config.render.compute_raster_max_pixels = 12.0f;  // the nearer cubes stay on the hardware
    Config occlusion = config;
    occlusion.render.occlusion = true;
    occlusion.render.occlusion_chosen = true;
    const Render resolved = render(occlusion, RenderMode::gpu_lod);
    for (const bool fragment : {false, true}) {
        SCOPED_TRACE(fragment ? "fullscreen draw" : "compute");
        ::setenv("TESSERA_MSAA_RESOLVE", fragment ? "draw" : "compute", 1);
        const Render gated = render(config, RenderMode::gpu_lod);
        ::unsetenv("TESSERA_MSAA_RESOLVE");
        ASSERT_EQ(gated.buckets.size(), size_t(TS_LOD_BUCKETS));
        EXPECT_GT(gated.buckets[TS_LOD_FULL] + gated.buckets[TS_LOD_FACES], 0);
        EXPECT_GT(rastered(gated), 0);
        test::expect_images_match(resolved.image, gated.image,
                                  fragment ? "raster_msaa_gate_open_draw" : "raster_msaa_gate_open_compute",
                                  1, 0.0);
    }
}

}  // namespace
}  // namespace tessera
