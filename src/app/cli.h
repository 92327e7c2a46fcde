#pragma once
// The command line: `tessera [run] [options]`, `tessera info`, `tessera bench [options]`.
//
// Every option that mirrors a configuration key is applied through config::apply_override, so the command
// line and the TOML file share one set of names, types and ranges. Precedence: built-in defaults < config
// file (--config FILE, else ./tessera.toml when present) < command line.

#include "app/window.h"
#include "config/config.h"
#include "config/modes.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tessera::app {

struct RunOptions {
    Config config;
    bool headless = false;
    uint64_t frames = 0;  // 0: until the window closes (windowed) or 300 (headless)
    std::string gpu;
    std::string screenshot;  // PNG path
    std::string stats_json;
    std::string trace;  // Chrome/Perfetto trace-event JSON path (base/trace.h)
    std::vector<WindowEvent> window_script;
    std::string overlay_script;  // --overlay-script: parsed by app/overlay.h's parse_overlay_script
    uint64_t capture_frame = 0;  // --capture-frame: RenderDoc captures this frame (1 = the first); 0 = none
    bool print_config = false;
    std::string config_file;  // the configuration file read (empty: none); hot reload watches it
    std::string
        print_frame_graph;  // "", "text" or "json": print the mode's frame graph after the first frame
};

struct BenchOptions {
    Config config;  // base configuration (resolution, scene, camera, ...)
    std::vector<RenderMode> modes;
    std::vector<uint64_t> cube_counts;
    std::vector<uint32_t> thread_counts;  // empty: the config's worker_threads
    uint64_t frames = 200;
    uint64_t warmup = 30;
    uint64_t max_cpu_cubes = mode_info(RenderMode::cpu).max_cubes;  // CPU-culling modes are skipped beyond
    bool headless = true;
    std::string gpu;
    std::string json_path, csv_path;
    std::string plot_path;       // --plot: a chart of the results (.png or .svg) by scripts/plot_bench.py
    bool print_config = false;   // print the configuration and the runs, and exit
    bool quality = false;        // measure image quality instead of frame times (app/quality.h)
    std::string quality_images;  // --quality-images: a directory for the reference and each mode's PNG
    std::string trace;           // one trace of the whole benchmark
};

struct Invocation {
    enum class Command { run, info, bench, exit } command = Command::run;
    int exit_code = 0;  // for Command::exit (after --help)
    RunOptions run;
    BenchOptions bench;
};

// Throws UsageError (one line, exit code 2) for any parse failure: unknown flag, missing or empty value,
// repeated option, stray argument, bad boolean (flags take true/false, on/off, yes/no, 1/0 after '='), empty
// list element. Prints help itself and returns Command::exit for --help.
Invocation parse_command_line(int argc, char** argv);

}  // namespace tessera::app
