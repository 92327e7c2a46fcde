#include "app/cli.h"

#include "config/modes.h"

#include "base/error.h"

#include <CLI/CLI.hpp>

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
    {"--scene", "scene.kind", "Scene layout: grid, random or galaxy"},
    {"--seed", "scene.seed", "Scene seed"},
    {"--camera", "camera.path", "Camera path: static, orbit or fly"},
    {"--mode", "render.mode", nullptr},  // help from the mode table: modes_help()
    {"--log-level", "debug.log_level", "trace, debug, info, warn, error, critical or off"},
};
// Flags without a value that set boolean keys to true.
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
    {"--simulate", {"scene.simulate"}, "Animate the cubes through the ECS (CPU) every frame"},
    {"--simulate-gpu",
     {"scene.simulate", "scene.simulate_on_gpu"},
     "Animate the cubes with a compute pass every frame (no steering)"},
};

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
        for (const auto& f : kKeyFlags) flag_options.push_back(cmd.add_flag(f.flag, f.help));
        cmd.add_option("--set", sets, "Set any configuration key: --set section.key=value (repeatable)");
        cmd.add_option("--gpu", gpu, "GPU to use: index or name substring (see `tessera info`)");
    }

    Config resolve() const {
        Config config;
        if (!config_path.empty())
            load_config_file(config, config_path);
        else if (std::filesystem::exists("tessera.toml"))
            load_config_file(config, "tessera.toml");
        for (size_t i = 0; i < std::size(kKeyOptions); ++i)
            if (value_options[i] && value_options[i]->count())
                apply_override(config, kKeyOptions[i].key, values[i], kKeyOptions[i].flag);
        for (size_t i = 0; i < std::size(kKeyFlags); ++i)
            if (flag_options[i]->count())
                for (const char* key : kKeyFlags[i].keys)
                    apply_override(config, key, "true", kKeyFlags[i].flag);
        for (const std::string& s : sets) {
            const size_t eq = s.find('=');
            if (eq == std::string::npos) throw UsageError("--set " + s + ": expected section.key=value");
            apply_override(config, s.substr(0, eq), s.substr(eq + 1), "--set");
        }
        validate(config);
        return config;
    }
};

template <typename T>
std::vector<T> parse_list(const std::string& text, const char* origin,
                          T (*parse)(std::string_view, const char*)) {
    std::vector<T> out;
    std::string_view rest = text;
    while (!rest.empty()) {
        const size_t comma = rest.find(',');
        out.push_back(parse(rest.substr(0, comma), origin));
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    if (out.empty()) throw UsageError(std::string(origin) + ": empty list");
    return out;
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

}  // namespace

Invocation parse_command_line(int argc, char** argv) {
    CLI::App app{"Tessera: a multithreaded, GPU-driven Vulkan renderer of millions of cubes", "tessera"};
    app.require_subcommand(0, 1);
    app.footer(
        "Without a subcommand, `run` is assumed. Exit codes: 0 ok, 1 failure, 2 bad input, 3 validation "
        "errors.");

    Invocation inv;
    CLI::App* run =
        app.add_subcommand("run", "Render the scene (windowed with a display, headless otherwise)");
    CommonOptions run_common;
    run_common.add_to(*run, true);
    std::string frames_text, window_script;
    run->add_flag("--headless", inv.run.headless, "Render offscreen even when a display is available");
    run->add_option("--frames", frames_text,
                    "Stop after N frames (default: until the window closes; 300 headless)");
    run->add_option("--screenshot", inv.run.screenshot, "Write the last frame to this PNG file");
    run->add_option("--stats-json", inv.run.stats_json,
                    "Write frame statistics and their context to this JSON file");
    run->add_option(
        "--window-script", window_script,
        "Scripted window events for tests, e.g. resize@30=640x360,minimize@60,restore@90 (loop ticks)");
    run->add_flag("--print-config", inv.run.print_config,
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
    std::string modes_text = mode_names_text(","), counts_text = "100k,1M", threads_text, bench_frames,
                bench_warmup;
    bench->add_option("--modes", modes_text, "Comma-separated modes")->capture_default_str();
    bench->add_option("--cubes", counts_text, "Comma-separated cube counts (k/M/B suffixes)")
        ->capture_default_str();
    bench->add_option("--threads", threads_text,
                      "Comma-separated worker thread counts (default: the config's)");
    bench->add_option("--frames", bench_frames, "Measured frames per run (default 200)");
    bench->add_option("--warmup", bench_warmup, "Warm-up frames per run, not measured (default 30)");
    std::string max_cpu_text;
    bench->add_option("--max-cpu-cubes", max_cpu_text,
                      "Skip the cpu mode above this cube count (default 10M)");
    bool windowed_bench = false;
    bench->add_flag("--windowed", windowed_bench, "Benchmark in a window instead of headless");
    bench->add_option("--json", inv.bench.json_path, "Write results with their context to this JSON file");
    bench->add_option("--csv", inv.bench.csv_path, "Write per-frame times to this CSV file");

    // `tessera --frames 10` means `tessera run --frames 10`.
    std::vector<std::string> args(argv + 1, argv + argc);
    const bool has_command = !args.empty() && (args[0] == "run" || args[0] == "info" || args[0] == "bench");
    const bool wants_help = !args.empty() && (args[0] == "-h" || args[0] == "--help");
    if (!has_command && !wants_help) args.insert(args.begin(), "run");
    std::reverse(args.begin(), args.end());  // CLI11 parses a reversed vector
    try {
        app.parse(args);
    } catch (const CLI::ParseError& e) {
        inv.command = Invocation::Command::exit;
        inv.exit_code = app.exit(e) == 0 ? 0 : static_cast<int>(ExitCode::usage);
        return inv;
    }

    if (info->parsed()) {
        inv.command = Invocation::Command::info;
    } else if (bench->parsed()) {
        inv.command = Invocation::Command::bench;
        BenchOptions& b = inv.bench;
        b.config = bench_common.resolve();
        b.gpu = bench_common.gpu;
        b.modes = parse_list<RenderMode>(modes_text, "--modes", parse_mode);
        b.cube_counts = parse_list<uint64_t>(counts_text, "--cubes", parse_cubes);
        if (!threads_text.empty())
            b.thread_counts = parse_list<uint32_t>(threads_text, "--threads", parse_threads);
        if (!bench_frames.empty()) b.frames = parse_count(bench_frames, "--frames", 10'000'000);
        if (!bench_warmup.empty())
            b.warmup = bench_warmup == "0" ? 0 : parse_count(bench_warmup, "--warmup", 10'000'000);
        if (!max_cpu_text.empty()) b.max_cpu_cubes = parse_count(max_cpu_text, "--max-cpu-cubes");
        b.headless = !windowed_bench;
    } else {
        inv.command = Invocation::Command::run;
        RunOptions& r = inv.run;
        r.config = run_common.resolve();
        r.gpu = run_common.gpu;
        if (!frames_text.empty()) r.frames = parse_count(frames_text, "--frames", 1'000'000'000);
        if (!window_script.empty()) r.window_script = parse_window_script(window_script);
    }
    return inv;
}

}  // namespace tessera::app
