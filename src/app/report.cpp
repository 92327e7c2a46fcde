#include "app/report.h"

#include "base/atomic_file.h"
#include "base/json_writer.h"
#include "base/system_info.h"
#include "base/version.h"
#include "render/gpu_scene.h"
#include "shaders/shared.h"

#include <fmt/format.h>

#include <cstdio>

namespace tessera::app {
namespace {

void write_summary(JsonWriter& json, std::string_view name, const Summary& s) {
    json.key(name).begin_object();
    json.field("mean", s.mean)
        .field("p50", s.p50)
        .field("p99", s.p99)
        .field("min", s.min)
        .field("max", s.max);
    json.field("count", uint64_t(s.count));
    json.end_object();
}

std::string target_name(Session& session) {
    const VkExtent2D e = session.target().extent();
    return fmt::format("{} {}x{}", session.headless() ? "headless" : "window", e.width, e.height);
}

}  // namespace

std::string count_text(uint64_t n) {
    if (n >= 1'000'000'000 && n % 1'000'000'000 == 0) return fmt::format("{}B", n / 1'000'000'000);
    if (n >= 1'000'000 && n % 1'000'000 == 0) return fmt::format("{}M", n / 1'000'000);
    if (n >= 1'000 && n % 1'000 == 0) return fmt::format("{}k", n / 1'000);
    return std::to_string(n);
}

void write_context(JsonWriter& json, Session& session) {
    const vk::Device& device = session.device();
    const vk::GpuInfo& gpu = device.gpu();
    const Config& config = session.config();
    const VkExtent2D extent = session.target().extent();
    json.field("gpu", gpu.name());
    json.field("gpu_type", vk::device_type_name(gpu.properties.deviceType));
    json.field("driver", gpu.driver_name + " " + gpu.driver_info);
    json.field("driver_version", vk::driver_version_string(gpu));
    json.field("vulkan_api", vk::api_version_string(gpu.properties.apiVersion));
    json.field("cpu", cpu_model());
    json.field("cpu_cores", logical_cores());
    json.field("threads", session.jobs().concurrency());
    json.field("target", session.headless() ? "headless" : "window");
    json.field("width", extent.width).field("height", extent.height);
    json.field("frames_in_flight", config.performance.frames_in_flight);
    json.field("msaa_requested", config.graphics.msaa_samples);
    json.field("validation", config.debug.enable_validation);
    json.field("git_commit", git_commit());
    json.field("date", utc_timestamp());
}

void write_run_fields(JsonWriter& json, const RunResult& r) {
    json.field("frames", uint64_t(r.stats.frames()));
    json.field("fps", r.stats.average_fps());
    json.field("fps_1pct_low", r.stats.low_fps(0.01));
    json.field("fps_0_1pct_low", r.stats.low_fps(0.001));
    write_summary(json, "frame_ms", r.stats.frame_ms());
    write_summary(json, "cpu_ms", r.stats.cpu_ms());
    write_summary(json, "gpu_ms", r.stats.gpu_ms());
    json.key("gpu_pass_ms").begin_object();
    for (const auto& s : r.gpu_scopes) json.field(s.name, s.ms);
    json.end_object();
    if (r.visible_cubes >= 0)
        json.field("visible_cubes", int64_t(r.visible_cubes));
    else
        json.key("visible_cubes").null();
    // Before occlusion culling; the same as visible_cubes without it.
    if (r.frustum_visible_cubes >= 0)
        json.field("frustum_visible_cubes", int64_t(r.frustum_visible_cubes));
    else
        json.key("frustum_visible_cubes").null();
    json.key("occlusion").begin_object();
    json.field("enabled", r.occlusion);
    if (r.occlusion && r.visible_cubes >= 0 && r.frustum_visible_cubes >= 0)
        json.field("removed", int64_t(r.frustum_visible_cubes - r.visible_cubes));
    else
        json.key("removed").null();
    json.end_object();
    if (r.bucket_counts.size() == TS_LOD_BUCKETS && r.bucket_counts[0] >= 0) {
        // Where the visible cubes went (gpu-cull and gpu-lod): the buckets of shaders/shared.h.
        json.key("visible_by_path").begin_object();
        json.field("hardware_full", r.bucket_counts[TS_LOD_FULL]);
        json.field("hardware_faces", r.bucket_counts[TS_LOD_FACES]);
        json.field("compute_raster_small", r.bucket_counts[TS_LOD_RASTER_SMALL]);
        json.field("compute_raster_large", r.bucket_counts[TS_LOD_RASTER_LARGE]);
        json.field("splatted", r.bucket_counts[TS_LOD_SPLAT]);
        json.end_object();
    }
    if (r.clusters_read >= 0) {
        // Clusters of 256 cubes (render/cull_pass.h): how many the cull read cube by cube.
        json.key("clusters").begin_object();
        json.field("total", int64_t(r.cluster_count));
        json.field("read", r.clusters_read);
        json.end_object();
    }
    json.field("msaa_samples", r.samples);
    json.field("peak_gpu_memory_bytes", r.peak_device_memory);
    json.field("minimised_ticks", r.minimised_ticks);
    // Per stage: per-frame imbalance (slowest thread / mean): mean, median and p90 frame; mean wall time, mean
    // busy ms per slot.
    json.key("thread_load").begin_object();
    for (const StageLoad& s : r.thread_loads) {
        json.key(s.stage).begin_object();
        json.field("imbalance", s.load.mean_imbalance());
        json.field("imbalance_p50", s.load.imbalance_percentile(0.5));
        json.field("imbalance_p90", s.load.imbalance_percentile(0.9));
        json.field("wall_ms", s.load.mean_wall_ms());
        json.key("busy_ms").begin_array();
        for (double ms : s.load.mean_busy_ms()) json.value(ms);
        json.end_array();
        json.end_object();
    }
    json.end_object();
    if (!r.thread_loads.empty()) {  // beside thread_load, whose keys are the stages
        json.key("core_wait_ms_per_frame");
        r.core_wait_ms_per_frame ? json.value(*r.core_wait_ms_per_frame) : json.null();
    }
    if (r.simulation) {
        json.key("simulation").begin_object();
        write_summary(json, "update_ms", r.simulation->update_ms);
        write_summary(json, "extract_ms", r.simulation->extract_ms);
        json.key("system_mean_ms").begin_object();
        for (const auto& [name, ms] : r.simulation->system_mean_ms) json.field(name, ms);
        json.end_object();
        json.field("plan", r.simulation->plan);
        json.end_object();
    }
}

void print_run_summary(Session& session, const render::GpuScene& scene, const RunResult& r) {
    const Config& config = session.config();
    const Summary frame = r.stats.frame_ms(), cpu = r.stats.cpu_ms(), gpu = r.stats.gpu_ms();
    const char* motion = !config.scene.simulate         ? ""
                         : config.scene.simulate_on_gpu ? ", simulated on the GPU"
                                                        : ", simulated";
    std::printf(
        "%s\n",
        fmt::format("frames        {} ({}, mode {}, {} {} cubes{}, {} in flight, {}x MSAA, {} threads)",
                    r.stats.frames(), target_name(session), to_string(config.render.mode), scene.cube_count(),
                    to_string(scene.desc().kind), motion, config.performance.frames_in_flight, r.samples,
                    session.jobs().concurrency())
            .c_str());
    std::printf("GPU           %s\n", session.device().gpu().name().c_str());
    std::printf("average FPS   %.1f   (1000 / mean frame time)\n", r.stats.average_fps());
    std::printf(
        "low FPS       1%% %.1f  0.1%% %.1f   (1000 / mean of the slowest 1%% / 0.1%% of frame times)\n",
        r.stats.low_fps(0.01), r.stats.low_fps(0.001));
    std::printf("frame ms      avg %.3f  p50 %.3f  p99 %.3f   (time between frame completions)\n", frame.mean,
                frame.p50, frame.p99);
    std::printf("CPU ms        avg %.3f  p50 %.3f  p99 %.3f   (record + submit + present per frame)\n",
                cpu.mean, cpu.p50, cpu.p99);
    if (gpu.count)
        std::printf("GPU ms        avg %.3f  p50 %.3f  p99 %.3f   (timestamps, %zu frames)\n", gpu.mean,
                    gpu.p50, gpu.p99, gpu.count);
    else
        std::printf("GPU ms        n/a (no timestamps came back)\n");
    std::string passes;
    for (const auto& s : r.gpu_scopes) passes += fmt::format("  {} {:.3f}", s.name, s.ms);
    if (!passes.empty()) std::printf("GPU passes ms%s   (mean per frame)\n", passes.c_str());
    if (r.visible_cubes >= 0) {
        std::string buckets;
        if (r.bucket_counts.size() == TS_LOD_BUCKETS && r.bucket_counts[0] >= 0)
            buckets = fmt::format("   (hardware {}, compute raster {}, splatted {})",
                                  r.bucket_counts[TS_LOD_FULL] + r.bucket_counts[TS_LOD_FACES],
                                  r.bucket_counts[TS_LOD_RASTER_SMALL] + r.bucket_counts[TS_LOD_RASTER_LARGE],
                                  r.bucket_counts[TS_LOD_SPLAT]);
        std::printf("visible cubes %lld%s\n", static_cast<long long>(r.visible_cubes), buckets.c_str());
        if (r.clusters_read >= 0)
            std::printf(
                "clusters      %lld of %llu read cube by cube (the others culled or splatted whole)\n",
                static_cast<long long>(r.clusters_read), static_cast<unsigned long long>(r.cluster_count));
        if (r.occlusion && r.frustum_visible_cubes >= 0) {
            const int64_t removed = r.frustum_visible_cubes - r.visible_cubes;
            std::printf("occlusion     frustum-visible %lld, drawn %lld: occlusion removed %lld (%.1f%%)\n",
                        static_cast<long long>(r.frustum_visible_cubes),
                        static_cast<long long>(r.visible_cubes), static_cast<long long>(removed),
                        r.frustum_visible_cubes > 0
                            ? 100.0 * double(removed) / double(r.frustum_visible_cubes)
                            : 0.0);
        }
    }
    if (r.simulation) {
        const SimulationTimes& sim = *r.simulation;
        std::printf("simulate ms   update avg %.3f p99 %.3f, extract avg %.3f p99 %.3f   (CPU, ECS)\n",
                    sim.update_ms.mean, sim.update_ms.p99, sim.extract_ms.mean, sim.extract_ms.p99);
        std::string systems;
        for (const auto& [name, ms] : sim.system_mean_ms) systems += fmt::format("  {} {:.3f}", name, ms);
        std::printf("systems ms   %s   (mean per frame)\n", systems.c_str());
    }
    for (const StageLoad& s : r.thread_loads) {
        std::string busy;
        for (double ms : s.load.mean_busy_ms()) busy += fmt::format(" {:.3f}", ms);
        std::printf(
            "%s\n",
            fmt::format("threads {:<7} imbalance {:.2f} (median frame {:.2f}, p90 {:.2f}), wall {:.3f} ms, "
                        "busy ms per thread{}   (mean per frame; imbalance = slowest / mean)",
                        s.stage, s.load.mean_imbalance(), s.load.imbalance_percentile(0.5),
                        s.load.imbalance_percentile(0.9), s.load.mean_wall_ms(), busy)
                .c_str());
    }
    if (r.core_wait_ms_per_frame)
        std::printf(
            "threads wait  %.3f ms per frame ready to run without a core   (all job threads, the whole "
            "frame; more than a few us: other work took cores)\n",
            *r.core_wait_ms_per_frame);
    std::printf("GPU memory    %.1f MiB peak\n", double(r.peak_device_memory) / (1 << 20));
    check_stdout();
}

std::string run_stats_json(Session& session, const render::GpuScene& scene, const RunResult& result) {
    JsonWriter json;
    json.begin_object();
    json.key("context").begin_object();
    write_context(json, session);
    json.end_object();
    json.key("run").begin_object();
    json.field("mode", to_string(session.config().render.mode));
    json.field("scene", to_string(scene.desc().kind));
    json.field("cubes", scene.cube_count());
    json.field("seed", scene.desc().seed);
    const Config& config = session.config();
    json.field("simulated", !config.scene.simulate ? "none" : config.scene.simulate_on_gpu ? "gpu" : "cpu");
    json.field("swapchain_recreations", session.recreations());
    // Where the last frame was seen from, and the window's controls at the end (app/interaction.h).
    json.key("camera").begin_object();
    json.field("control", result.flown ? "fly" : "path");
    if (result.flown) json.field("fly_speed", double(result.fly_speed));
    const auto vec3 = [&](std::string_view name, glm::vec3 v) {
        json.key(name).begin_array().value(double(v.x)).value(double(v.y)).value(double(v.z)).end_array();
    };
    vec3("position", result.last_camera.position);
    vec3("direction", glm::normalize(result.last_camera.target - result.last_camera.position));
    json.end_object();
    json.field("paused", result.paused).field("overlay_visible", result.overlay_visible);
    json.field("screenshots", result.screenshots);
    write_run_fields(json, result);
    json.end_object();
    json.end_object();
    return json.str() + "\n";
}

ExitCode validation_exit_code(uint32_t validation_errors) {
    if (validation_errors == 0) return ExitCode::ok;
    std::fprintf(stderr, "error: the validation layer reported %u error(s)\n", validation_errors);
    return ExitCode::validation_errors;
}

}  // namespace tessera::app
