// `tessera run`: one scene, one mode, N frames; statistics on stdout, optional screenshot and JSON.
#include "app/commands.h"
#include "app/live_settings.h"
#include "app/overlay.h"
#include "app/report.h"
#include "app/run_loop.h"
#include "base/atomic_file.h"
#include "base/json_writer.h"
#include "base/log.h"
#include "base/trace.h"
#include "render/gpu_scene.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace tessera::app {

ExitCode run_command(const RunOptions& options) {
    const Config& config = options.config;
    init_logging(config.debug.log_level);
    if (options.print_config) {
        // Options that are not configuration keys go first, as a TOML comment.
        std::printf("# run options: headless = %s\n%s", options.headless ? "true" : "false",
                    to_toml(config).c_str());
        check_stdout();
        return ExitCode::ok;
    }
    // Output paths are checked before anything is rendered: a typo costs nothing.
    if (!options.screenshot.empty()) check_output_path(options.screenshot, "--screenshot");
    if (!options.stats_json.empty()) check_output_path(options.stats_json, "--stats-json");
    if (!options.trace.empty()) {
        check_output_path(options.trace, "--trace");
        trace::set_thread_name("main");
        trace::start();  // from here: scene generation, set-up and every frame
    }

    std::vector<OverlayAction> overlay_script;
    if (!options.overlay_script.empty())
        overlay_script = parse_overlay_script(options.overlay_script, config);

    Session session(SessionDesc{config, options.headless, options.gpu});
    const scene::SceneDesc scene_desc{config.scene.kind, config.scene.seed, config.scene.cubes};
    std::optional<RunScene> scene(std::in_place, session, scene_desc, config.render.mode);
    // The overlay: in every window (F1 shows it), headless when asked for or scripted.
    std::optional<Overlay> overlay;
    if (!session.headless() || config.debug.overlay || !overlay_script.empty())
        overlay.emplace(session.config(), config.debug.overlay, std::move(overlay_script));

    RunRequest request;
    request.frames = options.frames ? options.frames : (session.headless() ? 300 : 0);
    request.capture_last_frame = !options.screenshot.empty();
    request.window_script = options.window_script;
    request.print_frame_graph = options.print_frame_graph;
    request.status_lines = true;
    request.interactive = true;
    // F12 screenshots go beside --screenshot's file, else into the working directory.
    if (const std::filesystem::path folder = std::filesystem::path(options.screenshot).parent_path();
        !folder.empty())
        request.screenshot_dir = folder.string();
    request.capture_frame = options.capture_frame;
    request.config_file = options.config_file;
    if (!options.window_script.empty() && session.headless())
        spdlog::warn("--window-script ignored: rendering headless");
    request.overlay = overlay ? &*overlay : nullptr;
    // Each applied overlay change ends a run_frames() between frames; what it changes is rebuilt and the run
    // goes on with fresh statistics (the summary is the last configuration's), within the same --frames.
    const uint64_t frames = request.frames;
    uint64_t rendered = 0;
    RunResult result = run_frames(session, *scene, request);
    for (; result.restart; result = run_frames(session, *scene, request)) {
        rendered += result.stats.frames();
        if (frames && rendered >= frames) break;
        apply_live_settings(session, scene, *result.restart, *overlay);
        request.frames = frames ? frames - rendered : 0;
    }

    // Each output is written on its own, so that one failing does not lose the others; every failure is
    // reported, the last one through main's error line.
    std::vector<std::string> failures;
    const auto attempt = [&](auto&& write) {
        try {
            write();
        } catch (const Error& e) {
            if (std::find(failures.begin(), failures.end(), e.what()) == failures.end())
                failures.push_back(e.what());
        }
    };
    attempt([&] { print_run_summary(session, *scene->gpu, result); });
    if (!options.screenshot.empty()) {
        attempt([&] {
            if (!result.image) throw Error("screenshot: no frame was rendered");
            save_png(options.screenshot, *result.image);
            spdlog::info("screenshot: {} ({}x{})", options.screenshot, result.image->width,
                         result.image->height);
        });
    }
    if (!options.stats_json.empty())
        attempt([&] { write_text_file(options.stats_json, run_stats_json(session, *scene->gpu, result)); });
    if (!options.trace.empty()) {
        trace::stop();
        attempt([&] {
            trace::write(options.trace);
            spdlog::info("trace: {} ({} events)", options.trace, trace::event_count());
        });
    }

    const uint32_t errors = session.instance().validation_errors();
    if (config.debug.enable_validation) {
        std::printf("validation    %u error(s), %u warning(s)\n", errors,
                    session.instance().validation_warnings());
        attempt([] { check_stdout(); });
    }
    if (!failures.empty()) {
        for (size_t i = 0; i + 1 < failures.size(); ++i)
            std::fprintf(stderr, "error: %s\n", failures[i].c_str());
        throw Error(failures.back());
    }
    return validation_exit_code(errors);
}

}  // namespace tessera::app
