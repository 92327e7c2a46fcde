// `tessera bench`: every mode x cube count (x thread count for the cpu mode) on one scene and camera path,
// headless by default. Prints a table like the design notes' and writes JSON (context + one record per run)
// and CSV (per-frame times, streamed to the file as frames complete; a run that fails midway leaves the rows
// of the frames it measured). A combination that does not fit is reported as skipped with the reason, never a
// crash.
#include "app/bench_plot.h"
#include "app/commands.h"
#include "app/quality.h"
#include "app/report.h"
#include "app/run_loop.h"
#include "base/atomic_file.h"
#include "base/json_writer.h"
#include "base/log.h"
#include "base/trace.h"
#include "render/gpu_scene.h"

#include "config/modes.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <new>
#include <optional>

namespace tessera::app {
namespace {

struct BenchRun {
    RenderMode mode;
    uint64_t cubes;
    unsigned threads;
    std::optional<RunResult> result;  // empty when skipped
    std::string skipped_because;
};

// GPU ms of the passes whose names start with one of `prefixes` ("cull" covers cull reset, cull, cull
// finalize and cull readback; every pass is also in the JSON by its own name).
double scope_ms(const RunResult& r, std::initializer_list<std::string_view> prefixes) {
    double ms = 0;
    for (const auto& s : r.gpu_scopes)
        for (std::string_view prefix : prefixes)
            if (std::string_view(s.name).starts_with(prefix)) ms += s.ms;
    return ms;
}

void print_header(bool simulate) {
    std::printf("%-10s %6s %4s %11s %9s %26s %8s %8s %8s %8s %9s%s\n", "mode", "cubes", "thr", "visible",
                "FPS", "frame ms avg / p50 / p99", "CPU ms", "GPU ms", "cull ms", "draw ms", "GPU MiB",
                simulate ? "   update ms  extract ms" : "");
}

void print_row(const BenchRun& run) {
    if (!run.result) {
        std::printf("%-10s %6s %4u   skipped: %s\n", std::string(to_string(run.mode)).c_str(),
                    count_text(run.cubes).c_str(), run.threads, run.skipped_because.c_str());
        return;
    }
    const RunResult& r = *run.result;
    const Summary f = r.stats.frame_ms();
    std::printf("%-10s %6s %4u %11lld %9.1f %8.2f / %6.2f / %6.2f %8.3f %8.2f %8.3f %8.2f %9.0f",
                std::string(to_string(run.mode)).c_str(), count_text(run.cubes).c_str(), run.threads,
                static_cast<long long>(r.visible_cubes), r.stats.average_fps(), f.mean, f.p50, f.p99,
                r.stats.cpu_ms().mean, r.stats.gpu_ms().mean, scope_ms(r, {"cull"}),
                scope_ms(r, {"draw", "splat"}), double(r.peak_device_memory) / (1 << 20));
    if (r.simulation)
        std::printf(" %11.3f %11.3f", r.simulation->update_ms.mean, r.simulation->extract_ms.mean);
    else if (scope_ms(r, {"simulate"}) > 0)
        std::printf("   (GPU simulate %.3f ms)", scope_ms(r, {"simulate"}));
    // The cpu mode's recording on the workers: how evenly, and whether other work took their cores (README).
    for (const StageLoad& s : r.thread_loads)
        if (std::string_view(s.stage) == "record" && run.threads > 1)
            std::printf(
                "   (record imbalance %.2f, median frame %.2f; threads waited %s ms a frame for a core)",
                s.load.mean_imbalance(), s.load.imbalance_percentile(0.5),
                r.core_wait_ms_per_frame ? fmt::format("{:.3f}", *r.core_wait_ms_per_frame).c_str() : "?");
    std::printf("\n");
    std::fflush(stdout);
}

std::string bench_json(Session& session, const BenchOptions& options, const std::vector<BenchRun>& runs) {
    JsonWriter json;
    json.begin_object();
    json.key("context").begin_object();
    write_context(json, session);
    json.field("scene", to_string(options.config.scene.kind)).field("seed", options.config.scene.seed);
    json.field("camera", to_string(session.config().camera.path));  // the city scene defaults to street
    if (options.config.render.occlusion_chosen)
        json.field("occlusion", options.config.render.occlusion);
    else
        json.field("occlusion", "mode default");
    json.field("simulation", !options.config.scene.simulate         ? "none"
                             : options.config.scene.simulate_on_gpu ? "gpu"
                                                                    : "cpu");
    json.field("frames", options.frames).field("warmup", options.warmup);
    json.end_object();
    json.key("runs").begin_array();
    for (const BenchRun& run : runs) {
        json.begin_object();
        json.field("mode", to_string(run.mode)).field("cubes", run.cubes).field("threads", run.threads);
        json.field("status", run.result ? "ok" : "skipped");
        if (run.result)
            write_run_fields(json, *run.result);
        else
            json.field("reason", run.skipped_because);
        json.end_object();
    }
    json.end_array();
    json.end_object();
    return json.str() + "\n";
}

// One CSV row per measured frame, streamed to the file as frames settle (nothing is held per frame). The last
// column holds the frame's GPU ms per pass as "pass=ms" pairs joined by ';' (pass names vary by mode), quoted.
constexpr const char* kCsvHeader = "mode,cubes,threads,frame,frame_ms,cpu_ms,gpu_ms,device_mib,gpu_passes\n";
std::string csv_row(const BenchRun& run, uint64_t frame, const FrameSample& s) {
    std::string passes;
    for (uint32_t i = 0; i < s.pass_count; ++i)
        passes += fmt::format("{}{}={:.4f}", i ? ";" : "", s.passes[i].name, s.passes[i].ms);
    return fmt::format("{},{},{},{},{:.4f},{:.4f},{},{},\"{}\"\n", to_string(run.mode), run.cubes,
                       run.threads, frame, s.frame_ms, s.cpu_ms,
                       s.gpu_ms >= 0 ? fmt::format("{:.4f}", s.gpu_ms) : "",
                       s.device_mib >= 0 ? fmt::format("{:.1f}", s.device_mib) : "", passes);
}

// "[3/12] gpu-lod 1M, 4 threads ... est. 40 s left" on stderr before each run.
void print_progress(size_t index, size_t total, const BenchRun& run, double elapsed_s) {
    std::string eta = "";
    if (index > 0)
        eta = fmt::format(" est. {:.0f} s left", elapsed_s / double(index) * double(total - index));
    std::fprintf(stderr, "[%zu/%zu] %s %s, %u thread(s) ...%s\n", index + 1, total,
                 std::string(to_string(run.mode)).c_str(), count_text(run.cubes).c_str(), run.threads,
                 eta.c_str());
}

// The configuration as TOML, after the bench's own options as a TOML comment.
void print_config(const BenchOptions& options) {
    // Appended piecewise: GCC 12 misreports "," + std::string as -Wrestrict.
    std::string modes, counts, threads;
    const auto add = [](std::string& list, std::string_view item) {
        if (!list.empty()) list += ',';
        list += item;
    };
    for (const RenderMode m : options.modes) add(modes, to_string(m));
    for (const uint64_t n : options.cube_counts) add(counts, count_text(n));
    for (const uint32_t t : options.thread_counts) add(threads, std::to_string(t));
    std::printf(
        "# bench options: windowed = %s, modes = %s, cubes = %s, threads = %s, frames = %llu, warmup = "
        "%llu, max_cpu_cubes = %s, quality = %s\n%s",
        options.headless ? "false" : "true", modes.c_str(), counts.c_str(),
        threads.empty() ? "default" : threads.c_str(), static_cast<unsigned long long>(options.frames),
        static_cast<unsigned long long>(options.warmup), count_text(options.max_cpu_cubes).c_str(),
        options.quality ? "true" : "false", to_toml(options.config).c_str());
    check_stdout();
}

}  // namespace

ExitCode bench_command(const BenchOptions& options) {
    init_logging(options.config.debug.log_level == "info" ? "warn" : options.config.debug.log_level);
    if (options.print_config) {
        print_config(options);
        return ExitCode::ok;
    }
    if (options.quality) return quality_command(options);
    // Output paths are checked before anything is rendered; the CSV streams to its temporary file.
    if (!options.json_path.empty()) check_output_path(options.json_path, "--json");
    if (!options.csv_path.empty()) check_output_path(options.csv_path, "--csv");
    if (!options.plot_path.empty()) check_output_path(options.plot_path, "--plot");
    if (!options.trace.empty()) {
        check_output_path(options.trace, "--trace");
        trace::set_thread_name("main");
        trace::start();
    }
    std::optional<AtomicFile> csv;
    if (!options.csv_path.empty()) {
        csv.emplace(options.csv_path);
        csv->write(kCsvHeader);
    }
    Session session(SessionDesc{options.config, options.headless, options.gpu});
    const unsigned default_threads = session.jobs().concurrency();
    std::printf("Tessera bench on %s, %ux%u, %s scene, %s camera, %llu frames after %llu warm-up, %u MSAA\n",
                session.device().gpu().name().c_str(), session.target().extent().width,
                session.target().extent().height, std::string(to_string(options.config.scene.kind)).c_str(),
                std::string(to_string(session.config().camera.path)).c_str(),
                static_cast<unsigned long long>(options.frames),
                static_cast<unsigned long long>(options.warmup), options.config.graphics.msaa_samples);
    const bool simulate = options.config.scene.simulate;
    print_header(simulate && !options.config.scene.simulate_on_gpu);
    std::fflush(stdout);  // before the first progress line on stderr

    // The thread count matters to the cpu mode's recording and to the CPU simulation: sweep those.
    // The thread count matters to a CPU-culling mode's recording and to the CPU simulation: sweep those.
    const auto threads_for = [&](RenderMode mode) {
        std::vector<unsigned> threads = {default_threads};
        if ((mode_info(mode).culls_on_cpu || simulate) && !options.thread_counts.empty())
            threads.assign(options.thread_counts.begin(), options.thread_counts.end());
        return threads;
    };
    size_t total_runs = 0;
    for (const RenderMode mode : options.modes) total_runs += threads_for(mode).size();
    total_runs *= options.cube_counts.size();
    const auto bench_start = std::chrono::steady_clock::now();

    // The shared scene is checked against the memory the hungriest requested mode needs beside it.
    const RenderMode hungriest =
        *std::max_element(options.modes.begin(), options.modes.end(), [](RenderMode a, RenderMode b) {
            return mode_info(a).gpu_bytes_per_cube < mode_info(b).gpu_bytes_per_cube;
        });
    std::vector<BenchRun> runs;
    for (const uint64_t cubes : options.cube_counts) {
        const scene::SceneDesc desc{options.config.scene.kind, options.config.scene.seed, cubes};
        // A fixed scene is shared by every mode; a simulated one starts afresh for each run.
        std::optional<RunScene> shared;
        std::string scene_error;
        if (!simulate)
            scene_error = attempt([&] {
                session.set_concurrency(default_threads);
                shared.emplace(session, desc, hungriest);
            });
        for (const RenderMode mode : options.modes) {
            const ModeInfo& info = mode_info(mode);
            for (const unsigned t : threads_for(mode)) {
                BenchRun run{mode, cubes, t, std::nullopt, scene_error};
                print_progress(
                    runs.size(), total_runs, run,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - bench_start).count());
                const uint64_t limit = info.culls_on_cpu ? options.max_cpu_cubes : info.max_cubes;
                if (scene_error.empty() && cubes > limit) {
                    run.skipped_because = fmt::format("{} stops at {} cubes{}", info.name, count_text(limit),
                                                      info.culls_on_cpu ? " (--max-cpu-cubes)" : "");
                } else if (scene_error.empty()) {
                    run.skipped_because = attempt([&] {
                        session.set_concurrency(t);
                        RunRequest request;
                        request.mode = mode;
                        request.frames = options.frames;
                        request.warmup_frames = options.warmup;
                        if (csv)
                            request.on_frame = [&](uint64_t frame, const FrameSample& sample) {
                                csv->write(csv_row(run, frame, sample));
                            };
                        std::optional<RunScene> own;
                        if (!shared) own.emplace(session, desc, mode);
                        run.result = run_frames(session, shared ? *shared : *own, request);
                    });
                }
                print_row(run);
                runs.push_back(std::move(run));
            }
        }
    }

    // Each output is finished on its own, so that a failed --json does not lose the --csv; every failure is
    // reported, the last one through main's error line.
    std::vector<std::string> failures;
    const auto finish = [&](auto&& write) {
        if (const std::string why = attempt(write); !why.empty()) failures.push_back(why);
    };
    bool json_written = false;
    if (!options.json_path.empty())
        finish([&] {
            write_text_file(options.json_path, bench_json(session, options, runs));
            json_written = true;
        });
    if (csv) finish([&] { csv->commit(); });
    if (!options.trace.empty()) {
        trace::stop();
        finish([&] { trace::write(options.trace); });
    }
    // The chart is drawn last, from the JSON (a temporary one without --json): the results are on disk
    // whatever happens to the plot.
    if (!options.plot_path.empty())
        finish([&] {
            if (json_written) {
                plot_bench(options.json_path, options.plot_path);
            } else {
                const std::filesystem::path temporary =
                    std::filesystem::temp_directory_path() / fmt::format("tessera-bench-{}.json", getpid());
                write_text_file(temporary.string(), bench_json(session, options, runs));
                struct Remove {
                    std::filesystem::path path;
                    ~Remove() {
                        std::error_code ec;
                        std::filesystem::remove(path, ec);
                    }
                } remove{temporary};
                plot_bench(temporary.string(), options.plot_path);
            }
            std::printf("plot: %s\n", options.plot_path.c_str());
        });
    finish([] { check_stdout(); });
    if (!failures.empty()) {
        for (size_t i = 0; i + 1 < failures.size(); ++i)
            std::fprintf(stderr, "error: %s\n", failures[i].c_str());
        throw Error(failures.back());
    }
    return validation_exit_code(session.instance().validation_errors());
}

}  // namespace tessera::app
