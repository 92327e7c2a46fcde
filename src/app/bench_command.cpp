// `tessera bench`: every mode x cube count (x thread count for the cpu mode) on one scene and camera path, headless
// by default. Prints a table like the design notes' and writes JSON (context + one record per run) and CSV
// (per-frame times). A combination that does not fit is reported as skipped with the reason, never a crash.
#include "app/commands.h"
#include "app/report.h"
#include "app/session.h"
#include "base/json_writer.h"
#include "base/log.h"
#include "render/gpu_scene.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdio>
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

std::string count_text(uint64_t n) {
    if (n >= 1'000'000'000 && n % 1'000'000'000 == 0) return fmt::format("{}B", n / 1'000'000'000);
    if (n >= 1'000'000 && n % 1'000'000 == 0) return fmt::format("{}M", n / 1'000'000);
    if (n >= 1'000 && n % 1'000 == 0) return fmt::format("{}k", n / 1'000);
    return std::to_string(n);
}

double scope_ms(const RunResult& r, std::string_view name) {
    for (const auto& s : r.gpu_scopes)
        if (name == s.name) return s.ms;
    return 0.0;
}

void print_header() {
    std::printf("%-10s %6s %4s %11s %9s %26s %8s %8s %8s %8s %9s\n", "mode", "cubes", "thr", "visible", "FPS",
                "frame ms avg / p50 / p99", "CPU ms", "GPU ms", "cull ms", "draw ms", "GPU MiB");
}

void print_row(const BenchRun& run) {
    if (!run.result) {
        std::printf("%-10s %6s %4u   skipped: %s\n", std::string(to_string(run.mode)).c_str(), count_text(run.cubes).c_str(),
                    run.threads, run.skipped_because.c_str());
        return;
    }
    const RunResult& r = *run.result;
    const Summary f = r.stats.frame_ms();
    std::printf("%-10s %6s %4u %11lld %9.1f %8.2f / %6.2f / %6.2f %8.3f %8.2f %8.3f %8.2f %9.0f\n",
                std::string(to_string(run.mode)).c_str(), count_text(run.cubes).c_str(), run.threads,
                static_cast<long long>(r.visible_cubes), r.stats.average_fps(), f.mean, f.p50, f.p99,
                r.stats.cpu_ms().mean, r.stats.gpu_ms().mean, scope_ms(r, "cull"), scope_ms(r, "draw"),
                double(r.peak_device_memory) / (1 << 20));
    std::fflush(stdout);
}

std::string bench_json(Session& session, const BenchOptions& options, const std::vector<BenchRun>& runs) {
    JsonWriter json;
    json.begin_object();
    json.key("context").begin_object();
    write_context(json, session);
    json.field("scene", to_string(options.config.scene.kind)).field("seed", options.config.scene.seed);
    json.field("camera", to_string(options.config.camera.path));
    json.field("frames", options.frames).field("warmup", options.warmup);
    json.end_object();
    json.key("runs").begin_array();
    for (const BenchRun& run : runs) {
        json.begin_object();
        json.field("mode", to_string(run.mode)).field("cubes", run.cubes).field("threads", run.threads);
        json.field("status", run.result ? "ok" : "skipped");
        if (run.result) write_run_fields(json, *run.result);
        else json.field("reason", run.skipped_because);
        json.end_object();
    }
    json.end_array();
    json.end_object();
    return json.str() + "\n";
}

std::string bench_csv(const std::vector<BenchRun>& runs) {
    std::string csv = "mode,cubes,threads,frame,frame_ms,cpu_ms,gpu_ms\n";
    for (const BenchRun& run : runs) {
        if (!run.result) continue;
        const auto& samples = run.result->stats.samples();
        for (size_t i = 0; i < samples.size(); ++i) {
            const FrameSample& s = samples[i];
            csv += fmt::format("{},{},{},{},{:.4f},{:.4f},{}\n", to_string(run.mode), run.cubes, run.threads, i,
                               s.frame_ms, s.cpu_ms, s.gpu_ms >= 0 ? fmt::format("{:.4f}", s.gpu_ms) : "");
        }
    }
    return csv;
}

}  // namespace

ExitCode bench_command(const BenchOptions& options) {
    init_logging(options.config.debug.log_level == "info" ? "warn" : options.config.debug.log_level);
    Session session(SessionDesc{options.config, options.headless, options.gpu});
    const unsigned default_threads = session.jobs().concurrency();
    std::printf("Tessera bench on %s, %ux%u, %s scene, %s camera, %llu frames after %llu warm-up, %u MSAA\n",
                session.device().gpu().name().c_str(), session.target().extent().width,
                session.target().extent().height, std::string(to_string(options.config.scene.kind)).c_str(),
                std::string(to_string(options.config.camera.path)).c_str(),
                static_cast<unsigned long long>(options.frames), static_cast<unsigned long long>(options.warmup),
                options.config.graphics.msaa_samples);
    print_header();

    std::vector<BenchRun> runs;
    for (const uint64_t cubes : options.cube_counts) {
        std::optional<render::GpuScene> scene;
        std::string scene_error;
        try {
            session.set_concurrency(default_threads);
            scene.emplace(session.device(), scene::SceneDesc{options.config.scene.kind, options.config.scene.seed, cubes},
                          session.jobs());
        } catch (const Error& e) {
            scene_error = e.what();
        } catch (const std::bad_alloc&) {
            scene_error = "out of host memory";
        }
        for (const RenderMode mode : options.modes) {
            // Only the cpu mode's cost depends on the thread count; the GPU-driven modes run once.
            std::vector<unsigned> threads = {default_threads};
            if (mode == RenderMode::cpu && !options.thread_counts.empty())
                threads.assign(options.thread_counts.begin(), options.thread_counts.end());
            for (const unsigned t : threads) {
                BenchRun run{mode, cubes, t, std::nullopt, scene_error};
                if (scene && mode == RenderMode::cpu && cubes > options.max_cpu_cubes)
                    run.skipped_because = fmt::format("cpu mode stops at {} cubes (--max-cpu-cubes)",
                                                      count_text(options.max_cpu_cubes));
                else if (scene) {
                    try {
                        session.set_concurrency(t);
                        RunRequest request;
                        request.mode = mode;
                        request.frames = options.frames;
                        request.warmup_frames = options.warmup;
                        run.result = run_frames(session, *scene, request);
                    } catch (const Error& e) {
                        run.skipped_because = e.what();
                    } catch (const std::bad_alloc&) {
                        run.skipped_because = "out of host memory";
                    }
                }
                print_row(run);
                runs.push_back(std::move(run));
            }
        }
    }

    if (!options.json_path.empty()) write_text_file(options.json_path, bench_json(session, options, runs));
    if (!options.csv_path.empty()) write_text_file(options.csv_path, bench_csv(runs));
    const uint32_t errors = session.instance().validation_errors();
    if (errors) {
        std::fprintf(stderr, "error: the validation layer reported %u error(s)\n", errors);
        return ExitCode::validation_errors;
    }
    return ExitCode::ok;
}

}  // namespace tessera::app
