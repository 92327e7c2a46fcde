#include "app/cli.h"

#include "config/modes.h"

#include "base/error.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <initializer_list>
#include <string_view>

namespace tessera::app {
namespace {

// Command-line options that set a configuration key. Value options take the key's text form.
struct KeyOption {
    const char* flag;
    const char* key;
    const char* help;
};
constexpr KeyOption kKeyOptions[] = {
    {"--width", "window.width", "Window or offscreen width in pixels"},
    {"--height", "window.height", "Window or offscreen height in pixels"},
    {"--vsync", "window.vsync", "on: FIFO; off: MAILBOX, else IMMEDIATE"},
    {"--frames-in-flight", "performance.frames_in_flight", "Frames the GPU may work on at once (1-3)"},
    {"--threads", "performance.worker_threads", "Worker threads, counting the main thread (0 = cores - 1)"},
    {"--msaa", "graphics.msaa_samples", "MSAA samples: 1, 2, 4 or 8 (clamped to the GPU)"},
    {"--cubes", "scene.cubes", "Cube count; accepts k/M/B suffixes (100k, 1M, 1B)"},
    {"--scene", "scene.kind", "Scene layout: grid, random, galaxy or city"},
    {"--seed", "scene.seed", "Scene seed"},
    {"--camera", "camera.path", "Camera path: static, orbit, fly or street"},
    {"--mode", "render.mode", nullptr},  // help from the mode table: modes_help()
    {"--log-level", "debug.log_level", "trace, debug, info, warn, error, critical or off"},
    {"--shader-dir", "debug.shader_dir",
     "GLSL sources that --watch recompiles (default: the build's shaders/)"},
};
// Flags that set boolean keys: bare they mean true; --flag=VALUE takes true/false, on/off, yes/no, 1/0. The
// value goes to the last key; true also sets the earlier ones (--simulate-gpu implies --simulate).
struct KeyFlag {
    const char* flag;
    std::initializer_list<const char*> keys;
    const char* help;
};
const KeyFlag kKeyFlags[] = {
    {"--validate",
     {"debug.enable_validation"},
     "Khronos validation layer on; any validation error fails the run"},
    {"--fullscreen", {"window.fullscreen"}, "Borderless fullscreen on the primary monitor"},
    {"--watch",
     {"debug.hot_reload"},
     "Hot reload: recompile changed shaders and re-read the config file between frames"},
    {"--overlay", {"debug.overlay"}, "Show the live overlay from the start (headless too); F1 toggles it"},
    {"--simulate", {"scene.simulate"}, "Animate the cubes through the ECS (CPU) every frame"},
    {"--simulate-gpu",
     {"scene.simulate", "scene.simulate_on_gpu"},
     "Animate the cubes with a compute pass every frame (no steering)"},
    {"--occlusion",
     {"render.occlusion"},
     "Two-phase occlusion culling against a depth pyramid (gpu-cull, gpu-lod)"},
};

// A boolean flag: `--flag` alone, or `--flag=VALUE` / `--flag VALUE`; the last one given wins. Its text is
// empty for a bare flag.
CLI::Option* add_boolean_flag(CLI::App& cmd, const std::string& name, std::string& text,
                              const std::string& help) {
    return cmd.add_option(name, text, help)
        ->expected(0, 1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast)
        ->type_name("[BOOL]");
}

// A boolean flag's value: off when not given, on when given bare, else its text as a boolean.
bool flag_value(const CLI::Option* option, const std::string& text) {
    if (!option->count()) return false;
    return text.empty() || parse_boolean_value(text, option->get_name());
}

// Options shared by `run` and `bench`: --config, the key options, --set, --gpu.
// "Rendering mode:" and one line per mode, from config/modes.h.
std::string modes_help() {
    std::string help = "Rendering mode: " + mode_names_text();
    for (const ModeInfo& m : kModes) help += "\n  " + std::string(m.name) + ": " + std::string(m.summary);
    return help;
}

struct CommonOptions {
    std::string config_path;
    std::vector<std::string> values = std::vector<std::string>(std::size(kKeyOptions));
    std::vector<std::string> flag_texts = std::vector<std::string>(std::size(kKeyFlags));
    std::vector<CLI::Option*> value_options;
    std::vector<CLI::Option*> flag_options;
    std::vector<std::string> sets;
    std::string gpu;

    void add_to(CLI::App& cmd, bool with_cubes_and_mode) {
        cmd.add_option("--config", config_path,
                       "TOML configuration file (default: ./tessera.toml if present)");
        for (size_t i = 0; i < std::size(kKeyOptions); ++i) {
            const std::string_view flag = kKeyOptions[i].flag;
            if (!with_cubes_and_mode && (flag == "--cubes" || flag == "--mode" || flag == "--threads")) {
                value_options.push_back(nullptr);
                continue;
            }
            const char* help = kKeyOptions[i].help;
            value_options.push_back(
                cmd.add_option(kKeyOptions[i].flag, values[i], help ? help : modes_help()));
        }
        for (size_t i = 0; i < std::size(kKeyFlags); ++i)
            flag_options.push_back(
                add_boolean_flag(cmd, kKeyFlags[i].flag, flag_texts[i], kKeyFlags[i].help));
        cmd.add_option("--set", sets, "Set any configuration key: --set section.key=value (repeatable)");
        cmd.add_option("--gpu", gpu, "GPU to use: index or name substring (see `tessera info`)");
    }

    // The configuration file resolve() reads: --config, else ./tessera.toml when present, else none.
    std::string config_file() const {
        if (!config_path.empty()) return config_path;
        return std::filesystem::exists("tessera.toml") ? "tessera.toml" : "";
    }

    Config resolve() const {
        Config config;
        if (!config_path.empty())  // an empty --config was refused with the other empty values
            load_config_file(config, config_path);
        else if (std::filesystem::exists("tessera.toml"))
            load_config_file(config, "tessera.toml");
        for (size_t i = 0; i < std::size(kKeyOptions); ++i)
            if (value_options[i] && value_options[i]->count())
                apply_override(config, kKeyOptions[i].key, values[i], kKeyOptions[i].flag);
        for (size_t i = 0; i < std::size(kKeyFlags); ++i) {
            if (!flag_options[i]->count()) continue;
            const bool on = flag_value(flag_options[i], flag_texts[i]);
            const auto& keys = kKeyFlags[i].keys;
            for (auto key = keys.begin(); key != keys.end(); ++key)
                if (on || key + 1 == keys.end())
                    apply_override(config, *key, on ? "true" : "false", kKeyFlags[i].flag);
        }
        for (const std::string& s : sets) {
            const size_t eq = s.find('=');
            if (eq == std::string::npos)
                throw UsageError("--set " + printable(s) + ": expected section.key=value");
            apply_override(config, s.substr(0, eq), s.substr(eq + 1), "--set");
        }
        validate(config);
        return config;
    }
};

template <typename T>
std::vector<T> parse_list(const std::string& text, const char* origin,
                          T (*parse)(std::string_view, const char*)) {
    if (text.empty()) throw UsageError(std::string(origin) + ": empty list");
    std::vector<T> out;
    std::string_view rest = text;
    for (;;) {
        const size_t comma = rest.find(',');
        const std::string_view item = rest.substr(0, comma);
        if (item.empty())
            throw UsageError(std::string(origin) + ": empty element in '" + printable(text) +
                             "' (a comma-separated list)");
        out.push_back(parse(item, origin));
        if (comma == std::string_view::npos) return out;
        rest = rest.substr(comma + 1);
    }
}

RenderMode parse_mode(std::string_view text, const char* origin) {
    Config probe;
    apply_override(probe, "render.mode", text, origin);
    return probe.render.mode;
}

uint64_t parse_cubes(std::string_view text, const char* origin) {
    return parse_count(text, origin);
}

uint32_t parse_threads(std::string_view text, const char* origin) {
    return static_cast<uint32_t>(parse_count(text, origin, 1024));
}

// Refuses an empty value given to any option (`--frames ''`, `--gpu=`); a bare boolean flag has none.
void check_no_empty_values(CLI::App& cmd, const std::vector<CLI::Option*>& flags) {
    for (const CLI::Option* option : cmd.get_options()) {
        if (!option->count() || std::ranges::find(flags, option) != flags.end()) continue;
        for (const std::string& value : option->results())
            if (value.empty()) throw UsageError(option->get_name() + ": expected a value, got ''");
    }
}

// CLI11's message in Tessera's words: "--frames: 1 required TEXT missing" becomes "--frames: expected a
// value", "--frames: At Most 1 required but received 2" becomes "--frames: given more than once".
std::string parse_error_text(std::string what) {
    const size_t colon = what.find(": ");
    if (what.starts_with("--") && colon != std::string::npos) {
        const std::string option = what.substr(0, colon);
        if (what.ends_with(" missing")) return option + ": expected a value";
        if (what.find("At Most") != std::string::npos) return option + ": given more than once";
    }
    if (!what.empty()) what[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(what[0])));
    return what;
}

}  // namespace

Invocation parse_command_line(int argc, char** argv) {
    CLI::App app{"Tessera: a multithreaded, GPU-driven Vulkan renderer of millions of cubes", "tessera"};
    app.require_subcommand(0, 1);
    app.footer(
        "Without a subcommand, `run` is assumed. Exit codes: 0 ok, 1 failure, 2 bad input, 3 validation "
        "errors. In a window: W/A/S/D/Q/E fly, right mouse button look, wheel speed, F12 screenshot, P "
        "pause, "
        "F1 overlay (see tessera run --help).");

    Invocation inv;
    CLI::App* run =
        app.add_subcommand("run", "Render the scene (windowed with a display, headless otherwise)");
    CommonOptions run_common;
    run_common.add_to(*run, true);
    std::string frames_text, window_script, headless_text, print_config_text;
    CLI::Option* headless = add_boolean_flag(*run, "--headless", headless_text,
                                             "Render offscreen even when a display is available");
    CLI::Option* frames = run->add_option(
        "--frames", frames_text, "Stop after N frames (default: until the window closes; 300 headless)");
    run->add_option("--screenshot", inv.run.screenshot, "Write the last frame to this PNG file");
    run->add_option("--stats-json", inv.run.stats_json,
                    "Write frame statistics and their context to this JSON file");
    run->add_option("--trace", inv.run.trace,
                    "Write a Chrome/Perfetto trace (CPU threads, GPU passes, counters) to this JSON file");
    run->add_option(
        "--window-script", window_script,
        "Scripted window events for tests, e.g. resize@30=640x360,minimize@60,restore@90,press@5=W,"
        "release@40=W,press@50=RMB,mouse@51=40x-10,release@52=RMB,scroll@60=2 (loop ticks; keys W A S D Q E "
        "P F1 F12 RMB)");
    run->add_option(
        "--overlay-script", inv.run.overlay_script,
        "Scripted overlay settings for tests: FRAME:key=value[,key=value...][;FRAME:...] applies them "
        "after FRAME rendered frames, as the overlay's Apply does (keys render.mode, scene.cubes, "
        "scene.kind, graphics.msaa_samples, window.vsync, scene.simulate, scene.simulate_on_gpu, "
        "performance.frames_in_flight, camera.path)");
    std::string capture_frame_text;
    CLI::Option* capture_frame = run->add_option(
        "--capture-frame", capture_frame_text,
        "Capture frame N (1 = the first) with RenderDoc when running under it (renderdoccmd capture ...)");
    run->footer(
        "Window controls: W/A/S/D move, Q/E down/up, right mouse button held + mouse to look, scroll wheel "
        "for speed (the fly camera takes over from the camera path at the first move); F12 screenshot "
        "(tessera-NNNN.png beside --screenshot, else in the working directory); P pause/resume the "
        "simulation; F1 overlay on/off (its Settings apply live: mode, cubes, scene, MSAA, vsync, frames in "
        "flight, simulation, camera).");
    CLI::Option* print_config = add_boolean_flag(*run, "--print-config", print_config_text,
                                                 "Print the effective configuration as TOML and exit");
    run->add_option("--print-frame-graph", inv.run.print_frame_graph,
                    "Print the frame graph (passes, resources, derived barriers) after the first frame; "
                    "=json for tools")
        ->expected(0, 1)
        ->default_str("text")
        ->check(CLI::IsMember({"text", "json"}));

    CLI::App* info =
        app.add_subcommand("info", "List every GPU with its type, versions and the features Tessera uses");

    CLI::App* bench =
        app.add_subcommand("bench", "Benchmark rendering modes x cube counts (headless by default)");
    CommonOptions bench_common;
    bench_common.add_to(*bench, false);
    std::string modes_text = mode_names_text(",", ","), counts_text = "100k,1M", threads_text, bench_frames,
                bench_warmup;
    bench->add_option("--modes", modes_text, "Comma-separated modes")->capture_default_str();
    bench->add_option("--cubes", counts_text, "Comma-separated cube counts (k/M/B suffixes)")
        ->capture_default_str();
    CLI::Option* threads = bench->add_option("--threads", threads_text,
                                             "Comma-separated worker thread counts (default: the config's)");
    CLI::Option* measured =
        bench->add_option("--frames", bench_frames, "Measured frames per run (default 200)");
    CLI::Option* warmup =
        bench->add_option("--warmup", bench_warmup, "Warm-up frames per run, not measured (default 30)");
    std::string max_cpu_text, windowed_text, bench_print_text;
    CLI::Option* max_cpu = bench->add_option("--max-cpu-cubes", max_cpu_text,
                                             "Skip the cpu mode above this cube count (default 10M)");
    CLI::Option* windowed =
        add_boolean_flag(*bench, "--windowed", windowed_text, "Benchmark in a window instead of headless");
    CLI::Option* bench_print = add_boolean_flag(*bench, "--print-config", bench_print_text,
                                                "Print the effective configuration and runs, and exit");
    bench->add_option("--json", inv.bench.json_path, "Write results with their context to this JSON file");
    CLI::Option* csv =
        bench->add_option("--csv", inv.bench.csv_path, "Write per-frame times to this CSV file");
    std::string quality_text;
    CLI::Option* quality = add_boolean_flag(
        *bench, "--quality", quality_text,
        "Measure image quality instead of frame times: PSNR and mean absolute error of each mode against an "
        "instanced 4x4-supersampled reference of the same frame");
    CLI::Option* quality_images = bench->add_option(
        "--quality-images", inv.bench.quality_images,
        "With --quality: write the reference and each mode's image as PNG into this directory");
    bench->add_option(
        "--plot", inv.bench.plot_path,
        "Chart frame ms and FPS per mode over cube counts into this .png or .svg (needs Debian's "
        "python3-matplotlib)");
    bench->add_option("--trace", inv.bench.trace, "Write a Chrome/Perfetto trace of the whole benchmark");

    // `tessera --frames 10` means `tessera run --frames 10`.
    std::vector<std::string> args(argv + 1, argv + argc);
    const bool has_command = !args.empty() && (args[0] == "run" || args[0] == "info" || args[0] == "bench");
    const bool wants_help = !args.empty() && (args[0] == "-h" || args[0] == "--help");
    if (!has_command && !wants_help) args.insert(args.begin(), "run");
    // CLI11 reads `--gpu=` as a bare flag or a missing value; an empty value is an error here.
    for (const std::string& arg : args)
        if (arg.starts_with("--") && arg.find('=') == arg.size() - 1)
            throw UsageError(printable(arg.substr(0, arg.size() - 1)) + ": expected a value, got ''");
    std::reverse(args.begin(), args.end());  // CLI11 parses a reversed vector
    try {
        app.parse(args);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) {  // --help: CLI11 prints it
            inv.command = Invocation::Command::exit;
            inv.exit_code = app.exit(e);
            return inv;
        }
        throw UsageError(printable(parse_error_text(e.what()), 200) + " (see tessera --help)");
    }

    if (info->parsed()) {
        inv.command = Invocation::Command::info;
    } else if (bench->parsed()) {
        std::vector<CLI::Option*> flags = bench_common.flag_options;
        flags.insert(flags.end(), {windowed, bench_print, quality});
        check_no_empty_values(*bench, flags);
        inv.command = Invocation::Command::bench;
        if (bench->get_option("--overlay")->count())
            throw UsageError(
                "--overlay: tessera bench measures frames without the overlay (use tessera run)");
        BenchOptions& b = inv.bench;
        b.config = bench_common.resolve();
        b.gpu = bench_common.gpu;
        b.modes = parse_list<RenderMode>(modes_text, "--modes", parse_mode);
        b.cube_counts = parse_list<uint64_t>(counts_text, "--cubes", parse_cubes);
        if (threads->count())
            b.thread_counts = parse_list<uint32_t>(threads_text, "--threads", parse_threads);
        if (measured->count()) b.frames = parse_count(bench_frames, "--frames", 10'000'000);
        if (warmup->count())
            b.warmup = bench_warmup == "0" ? 0 : parse_count(bench_warmup, "--warmup", 10'000'000);
        if (max_cpu->count()) b.max_cpu_cubes = parse_count(max_cpu_text, "--max-cpu-cubes");
        b.headless = !flag_value(windowed, windowed_text);
        b.print_config = flag_value(bench_print, bench_print_text);
        b.quality = flag_value(quality, quality_text);
        if (quality_images->count() && !b.quality) throw UsageError("--quality-images: needs --quality");
        // --quality renders one frame per image, offscreen: the frame-time options do not apply.
        if (b.quality)
            for (const CLI::Option* option : {csv, measured, warmup, threads, windowed})
                if (option == windowed ? !b.headless : option->count() > 0)
                    throw UsageError(option->get_name() +
                                     ": not with --quality (it measures images, not frame times)");
        if (!b.plot_path.empty() && !b.plot_path.ends_with(".png") && !b.plot_path.ends_with(".svg"))
            throw UsageError("--plot " + printable(b.plot_path) + ": the file name must end in .png or .svg");
    } else {
        std::vector<CLI::Option*> flags = run_common.flag_options;
        flags.insert(flags.end(), {headless, print_config});
        check_no_empty_values(*run, flags);
        inv.command = Invocation::Command::run;
        RunOptions& r = inv.run;
        r.config = run_common.resolve();
        r.config_file = run_common.config_file();
        r.gpu = run_common.gpu;
        r.headless = flag_value(headless, headless_text);
        r.print_config = flag_value(print_config, print_config_text);
        if (frames->count()) r.frames = parse_count(frames_text, "--frames", 1'000'000'000);
        if (!window_script.empty()) r.window_script = parse_window_script(window_script);
        if (capture_frame->count())
            r.capture_frame = parse_count(capture_frame_text, "--capture-frame", 1'000'000'000);
    }
    return inv;
}

}  // namespace tessera::app
