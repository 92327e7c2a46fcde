// Shader and configuration hot reload through the real driver with validation on (app/hot_reload.h): a copy
// of the shader sources in a temporary folder is edited while a renderer draws from it, and the captured
// frames must follow; the config watch's key sorting is checked without a GPU.
#include "gpu_test_util.h"

#include "app/config_watch.h"
#include "app/hot_reload.h"
#include "base/error.h"
#include "render/gpu_scene.h"
#include "render/renderer.h"
#include "vk/shader_library.h"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <fstream>
#include <mutex>
#include <regex>
#include <sstream>
#include <thread>

namespace tessera {
namespace {

namespace fs = std::filesystem;

// Keeps every message at error level or above, so a test can count them.
class ErrorSink : public spdlog::sinks::base_sink<std::mutex> {
public:
    std::vector<std::string> lines() {
        std::lock_guard lock(mutex_);
        return lines_;
    }

protected:
    void sink_it_(const spdlog::details::log_msg& msg) override {
        if (msg.level >= spdlog::level::err) lines_.emplace_back(msg.payload.data(), msg.payload.size());
    }
    void flush_() override {}

private:
    std::vector<std::string> lines_;
};

std::string read_text(const fs::path& path) {
    std::ifstream file(path);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

// Writes through a temporary file and a rename, as editors do (inotify: IN_MOVED_TO).
void write_text(const fs::path& path, const std::string& text) {
    const fs::path temporary = path.string() + ".tmp";
    std::ofstream(temporary) << text;
    fs::rename(temporary, path);
}

// The share of pixels that are nearly pure `channel` (0 red, 1 green).
double share_of(const Image& image, int channel) {
    uint64_t count = 0;
    for (uint32_t y = 0; y < image.height; ++y)
        for (uint32_t x = 0; x < image.width; ++x) {
            const uint8_t* p = image.pixel(x, y);
            bool pure = p[channel] > 200;
            for (int c = 0; c < 3; ++c)
                if (c != channel) pure = pure && p[c] < 40;
            count += pure;
        }
    return double(count) / double(image.width * image.height);
}

class HotReloadTest : public ::testing::Test {
protected:
    // A headless renderer of the fixture's scene in `mode`, and the fixed camera it is seen from.
    static render::RendererDesc renderer_desc(const Config& config, RenderMode mode) {
        render::RendererDesc desc{.mode = mode};
        if (config.render.visibility_draws_chosen) desc.visibility_draws = config.render.visibility_draws;
        return desc;
    }
    struct Rig {
        Rig(const Config& config, RenderMode mode)
            : session(app::SessionDesc{config, true, ""}),
              desc{config.scene.kind, config.scene.seed, config.scene.cubes},
              scene(session.device(), desc, session.jobs()),
              renderer(session.device(), session.target(), scene, session.jobs(),
                       renderer_desc(config, mode)),
              camera(
                  render::camera_on_path(CameraPath::fixed, scene::scene_bounds(desc), 0.0, config.camera)) {}
        app::Session session;
        scene::SceneDesc desc;
        render::GpuScene scene;
        render::Renderer renderer;
        render::Camera camera;
    };

    void SetUp() override {
        dir_ = test::output_dir() / ("hot-reload-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_ / "shaders");
        fs::copy(TESSERA_SHADER_SOURCE_DIR, dir_ / "shaders", fs::copy_options::recursive);
        fs::remove(dir_ / "shaders" / "CMakeLists.txt");
        config_ = test::small_scene_config(1000);
        config_.graphics.msaa_samples = 1;
        sink_ = std::make_shared<ErrorSink>();
        spdlog::default_logger()->sinks().push_back(sink_);
        vk::shader_library::reset();
    }
    void TearDown() override {
        auto& sinks = spdlog::default_logger()->sinks();
        std::erase(sinks, sink_);
        vk::shader_library::reset();
        if (!HasFailure()) fs::remove_all(dir_);
    }

    // Renders frames (applying hot reload between them) until apply() reports something; fails after 15 s,
    // a deadline for a watcher that never answers, not a speed requirement.
    app::HotReloadReport wait_for_report(app::HotReload& hot, render::Renderer& renderer,
                                         const render::Camera& camera) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
        while (std::chrono::steady_clock::now() < deadline) {
            app::HotReloadReport report = hot.apply(renderer, config_);
            if (!report.empty()) return report;
            renderer.render(camera);
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        ADD_FAILURE() << "hot reload reported nothing within 15 s";
        return {};
    }

    static Image capture(render::Renderer& renderer, const render::Camera& camera) {
        renderer.request_capture();
        EXPECT_TRUE(renderer.render(camera));
        std::optional<Image> image = renderer.take_capture();
        EXPECT_TRUE(image.has_value());
        return image ? std::move(*image) : Image{};
    }

    fs::path dir_;
    Config config_;
    std::shared_ptr<ErrorSink> sink_;
};

TEST_F(HotReloadTest, ChangedShaderChangesTheImageBrokenKeepsItFixedRecovers) {
    Rig rig(config_, RenderMode::instanced);
    app::Session& session = rig.session;
    render::Renderer& renderer = rig.renderer;
    const render::Camera& camera = rig.camera;
    app::HotReload hot({.shader_dir = dir_ / "shaders"});

    const Image before = capture(renderer, camera);
    ASSERT_LT(share_of(before, 0), 0.01) << "the scene is red before any edit";

    const fs::path frag = dir_ / "shaders" / "cube.frag";
    const std::string original = read_text(frag);
    const std::string lit = "out_color = vec4(in_color, 1.0);";
    ASSERT_NE(original.find(lit), std::string::npos);
    const auto with = [&](const std::string& line) {
        std::string text = original;
        return text.replace(text.find(lit), lit.size(), line);
    };

    write_text(frag, with("out_color = vec4(1.0, 0.0, 0.0, 1.0);"));
    app::HotReloadReport report = wait_for_report(hot, renderer, camera);
    EXPECT_EQ(report.compiled, std::vector<std::string>{"cube.frag"});
    EXPECT_TRUE(report.errors.empty());
    EXPECT_EQ(report.pipelines_rebuilt, std::vector<std::string>{"cube.vert + cube.frag"});
    const Image red = capture(renderer, camera);
    EXPECT_GT(share_of(red, 0), 0.1) << "the new colour did not appear";

    const size_t errors_before = sink_->lines().size();
    write_text(frag, with("out_color = vec4(0.0, 1.0, 0.0, 1.0)\n    broken"));
    report = wait_for_report(hot, renderer, camera);
    EXPECT_TRUE(report.compiled.empty());
    ASSERT_EQ(report.errors.size(), 1u);
    const std::vector<std::string> lines = sink_->lines();
    ASSERT_EQ(lines.size(), errors_before + 1) << "one error line per failed compile";
    EXPECT_TRUE(std::regex_search(lines.back(), std::regex(R"(cube\.frag:\d+: error)"))) << lines.back();
    ASSERT_TRUE(hot.latest_error().has_value());
    EXPECT_NE(hot.latest_error()->find("cube.frag:"), std::string::npos);
    for (int i = 0; i < 3; ++i) renderer.render(camera);  // the run goes on, with the last good pipeline
    test::expect_images_match(red, capture(renderer, camera), "hot_reload_broken_keeps_last_good", 0, 0.0);

    write_text(frag, with("out_color = vec4(0.0, 1.0, 0.0, 1.0);"));
    report = wait_for_report(hot, renderer, camera);
    EXPECT_EQ(report.compiled, std::vector<std::string>{"cube.frag"});
    EXPECT_FALSE(hot.latest_error().has_value());
    const Image green = capture(renderer, camera);
    EXPECT_GT(share_of(green, 1), 0.1) << "the fixed shader's colour did not appear";
    EXPECT_LT(share_of(green, 0), 0.01);
    EXPECT_EQ(sink_->lines().size(), errors_before + 1);
    renderer.wait_for_frames();
    EXPECT_EQ(session.instance().validation_errors(), 0u);
}

TEST_F(HotReloadTest, IncludeChangeRecompilesEveryDependantAndConfigKeysAreSorted) {
    const fs::path config_file = dir_ / "tessera.toml";
    write_text(config_file, "[camera]\nspeed = 1.0\n[window]\nwidth = 320\n");
    Rig rig(config_, RenderMode::instanced);
    app::Session& session = rig.session;
    render::Renderer& renderer = rig.renderer;
    const render::Camera& camera = rig.camera;
    app::HotReload hot({.shader_dir = dir_ / "shaders", .config_file = config_file});

    const std::vector<std::string> expected = {"cluster_bounds.comp",
                                               "cube.vert",
                                               "cull.comp",
                                               "cull_late.comp",
                                               "cull_splat.comp",
                                               "cull_splat_late.comp",
                                               "raster_batches.comp",
                                               "raster_large.comp",
                                               "raster_small.comp",
                                               "simulate.comp",
                                               "visibility_shade.comp",
                                               "visibility_shade_image.comp"};
    EXPECT_EQ(hot.dependants("cube.glsl"), expected);
    EXPECT_EQ(hot.dependants("cube.frag"), std::vector<std::string>{"cube.frag"});

    const fs::path glsl = dir_ / "shaders" / "cube.glsl";
    write_text(glsl, read_text(glsl) + "\n// edited\n");
    app::HotReloadReport report = wait_for_report(hot, renderer, camera);
    std::sort(report.compiled.begin(), report.compiled.end());
    EXPECT_EQ(report.compiled, expected);
    EXPECT_TRUE(report.errors.empty());
    std::sort(report.pipelines_rebuilt.begin(), report.pipelines_rebuilt.end());
    // instanced mode: the cube draw, and the cull pass that counts visible cubes; nothing else uses them.
    EXPECT_EQ(report.pipelines_rebuilt, (std::vector<std::string>{"cube.vert + cube.frag", "cull.comp"}));
    EXPECT_EQ(vk::shader_library::generation("cube.vert"), 1u);
    EXPECT_EQ(vk::shader_library::generation("cube.frag"), 0u);

    write_text(config_file, "[camera]\nspeed = 2.5\n[window]\nwidth = 640\n");
    report = wait_for_report(hot, renderer, camera);
    EXPECT_EQ(report.live_keys, std::vector<std::string>{"camera.speed"});
    EXPECT_EQ(report.restart_keys, std::vector<std::string>{"window.width"});
    EXPECT_FLOAT_EQ(config_.camera.speed, 2.5f);
    EXPECT_EQ(config_.window.width, 320u) << "a restart key must not change the running config";

    const size_t errors_before = sink_->lines().size();
    write_text(config_file, "[camera]\nspeed = 900\n");
    report = wait_for_report(hot, renderer, camera);
    EXPECT_TRUE(report.config_error);
    EXPECT_FLOAT_EQ(config_.camera.speed, 2.5f) << "a bad file keeps the old config";
    EXPECT_EQ(sink_->lines().size(), errors_before + 1);
    renderer.wait_for_frames();
    EXPECT_EQ(session.instance().validation_errors(), 0u);
}

// gpu-lod draws most cubes with compute pipelines (cull + splat, compute raster, visibility shade): an edit
// to the header they share rebuilds each of them once, and the frame drawn with the rebuilt ones is the same.
TEST_F(HotReloadTest, GpuLodRebuildsItsComputePipelinesAndDrawsTheSameFrame) {
    // The hardware buckets' visibility variant and the shade that writes the target.
    config_.render.visibility_draws = true;
    Rig rig(config_, RenderMode::gpu_lod);
    app::Session& session = rig.session;
    render::Renderer& renderer = rig.renderer;
    const render::Camera& camera = rig.camera;
    app::HotReload hot({.shader_dir = dir_ / "shaders"});
    const Image before = capture(renderer, camera);

    const fs::path glsl = dir_ / "shaders" / "cube.glsl";
    write_text(glsl, read_text(glsl) + "\n// edited\n");
    app::HotReloadReport report = wait_for_report(hot, renderer, camera);
    EXPECT_TRUE(report.errors.empty());
    std::sort(report.pipelines_rebuilt.begin(), report.pipelines_rebuilt.end());
    const std::vector<std::string> expected = {"cube.vert + cube_visibility.frag",
                                               "cube.vert + cube_visibility.frag",
                                               "cull_splat.comp",
                                               "raster_batches.comp",
                                               "raster_large.comp",
                                               "raster_small.comp",
                                               "visibility_shade_image.comp",
                                               "visibility_shade_image.comp"};
    EXPECT_EQ(report.pipelines_rebuilt, expected)
        << "the full and faces-only draws, the cull, raster (small, large and batches), shade (plain and "
           "samples), with the draws into the visibility buffer and the shade into the target";
    test::expect_images_match(before, capture(renderer, camera), "hot_reload_gpu_lod_same_frame", 0, 0.0);
    renderer.wait_for_frames();
    EXPECT_EQ(session.instance().validation_errors(), 0u);
}

TEST(ConfigWatch, LiveKeysApplyOthersNeedARestartBadTextChangesNothing) {
    Config running;
    running.camera.speed = 3.0f;  // e.g. from the command line
    const app::ConfigChange change =
        app::apply_config_change(running, "[camera]\nfov_degrees = 60.0\n",
                                 "[camera]\nfov_degrees = 45.0\n[render]\nmode = \"cpu\"\n", "t.toml");
    EXPECT_EQ(change.live, std::vector<std::string>{"camera.fov_degrees"});
    EXPECT_EQ(change.restart, std::vector<std::string>{"render.mode"});
    EXPECT_FLOAT_EQ(running.camera.fov_degrees, 45.0f);
    EXPECT_FLOAT_EQ(running.camera.speed, 3.0f) << "keys the file did not change keep their running value";
    EXPECT_EQ(running.render.mode, Config{}.render.mode);

    const Config kept = running;
    EXPECT_THROW(app::apply_config_change(running, "", "[camera]\nfov_degrees = 500\n", "t.toml"),
                 UsageError);
    EXPECT_THROW(app::apply_config_change(running, "", "[camera\n", "t.toml"), UsageError);
    EXPECT_EQ(to_toml(running), to_toml(kept));
    // A near plane beyond the running far plane: refused as a whole.
    running.camera.far_plane = 10.0f;
    EXPECT_THROW(app::apply_config_change(running, "", "[camera]\nnear_plane = 20.0\n", "t.toml"),
                 UsageError);
    EXPECT_FLOAT_EQ(running.camera.near_plane, kept.camera.near_plane);
    EXPECT_TRUE(app::is_live_key("debug.log_level"));
    EXPECT_FALSE(app::is_live_key("graphics.msaa_samples"));
}

}  // namespace
}  // namespace tessera
