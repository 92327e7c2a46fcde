#include "app/run_loop.h"

#include "app/frame_capture.h"
#include "app/hot_reload.h"
#include "app/interaction.h"
#include "app/overlay.h"
#include "base/error.h"
#include "base/intern.h"
#include "base/system_info.h"
#include "base/trace.h"
#include "config/modes.h"
#include "render/cull_pass.h"
#include "render/gpu_scene.h"
#include "render/renderer.h"
#include "scene/simulation.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>

namespace tessera::app {
namespace {

double ms_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// Hands measured frames to RunRequest::on_frame once their GPU time is in (or can no longer come).
class FrameEmitter {
public:
    explicit FrameEmitter(const RunRequest& request) : request_(request) {}
    void reset() { next_ = 0; }
    void emit(const FrameStats& stats, bool all) {
        if (!request_.on_frame) return;
        for (; next_ < stats.frames() && (all || next_ + FrameStats::kRecentFrames <= stats.frames());
             ++next_)
            if (const FrameSample* sample = stats.recent(next_)) request_.on_frame(next_, *sample);
    }

private:
    const RunRequest& request_;
    size_t next_ = 0;
};

// "frame N: F FPS over the last S s, GPU G ms, RSS R MiB, heap H MiB" through spdlog, about once a second.
// Once a second, too, the allocator hands its free pages back to the system (release_free_memory): the
// software driver's threads allocate and free ~280,000 blocks a second, and without it the resident set
// creeps up by up to a MiB a minute while the heap in use stays flat.
class StatusLine {
public:
    void update(uint64_t rendered, const FrameStats& stats, bool log) {
        const double ms = ms_since(last_);
        if (ms < 1000.0) return;
        release_free_memory();
        if (!log) {
            last_ = std::chrono::steady_clock::now();
            return;
        }
        const double fps = double(rendered - last_frames_) * 1000.0 / ms;
        const double gpu = stats.latest_gpu_ms();
        const ProcessMemory memory = process_memory();
        spdlog::info("frame {}: {:.1f} FPS over the last {:.1f} s{}, RSS {:.2f} MiB, heap {:.2f} MiB",
                     rendered, fps, ms / 1000.0,
                     gpu >= 0 ? fmt::format(", GPU {:.2f} ms", gpu) : std::string(),
                     double(memory.resident_bytes) / (1 << 20), double(memory.heap_in_use_bytes) / (1 << 20));
        last_ = std::chrono::steady_clock::now();
        last_frames_ = rendered;
    }

private:
    std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
    uint64_t last_frames_ = 0;
};

// Per-frame thread loads of the run's stages, and their trace counters; and how long the job threads waited
// for a core over the measured frames.
class LoadTracker {
public:
    explicit LoadTracker(const JobSystem& jobs) : jobs_(jobs), core_wait_start_(jobs.core_wait()) {
        for (unsigned i = 0; i < jobs.concurrency(); ++i)
            series_.push_back(intern(fmt::format("slot {}", i)));
    }
    void add(size_t stage, const ThreadLoad& load) {
        stages_[stage].load.add(load);
        latest_[stage] = load;
        if (!trace::enabled()) return;
        trace::counter("thread imbalance", load.imbalance(), stages_[stage].stage);
        for (size_t i = 0; i < load.busy_ms.size() && i < series_.size(); ++i)
            trace::counter(busy_names_[stage], load.busy_ms[i], series_[i]);
    }
    void reset() {
        for (StageLoad& s : stages_) s.load = LoadStats{};
        core_wait_start_ = jobs_.core_wait();
    }
    // Per measured frame, of the threads that had run jobs by the last reset (the warm-up's end).
    std::optional<double> core_wait_ms_per_frame(uint64_t frames) const {
        const std::optional<double> ms = JobSystem::core_wait_ms_since(core_wait_start_, jobs_.core_wait());
        if (!ms || frames == 0) return std::nullopt;
        return *ms / double(frames);
    }
    std::vector<StageLoad> result() const {
        std::vector<StageLoad> out;
        for (const StageLoad& s : stages_)
            if (s.load.frames) out.push_back(s);
        return out;
    }
    // The newest load of each stage that ran (the overlay's bars).
    std::vector<std::pair<const char*, ThreadLoad>> latest() const {
        std::vector<std::pair<const char*, ThreadLoad>> out;
        for (size_t i = 0; i < 3; ++i)
            if (!latest_[i].busy_ms.empty()) out.emplace_back(stages_[i].stage, latest_[i]);
        return out;
    }
    static constexpr size_t kUpdate = 0, kExtract = 1, kRecord = 2;

private:
    const JobSystem& jobs_;
    JobSystem::CoreWait core_wait_start_;
    ThreadLoad latest_[3];
    std::vector<StageLoad> stages_ = {{"update", {}}, {"extract", {}}, {"record", {}}};
    const char* busy_names_[3] = {"update busy ms", "extract busy ms", "record busy ms"};
    std::vector<const char*> series_;  // "slot N", interned
};

// What the overlay shows this frame, handed over before the frame is recorded (its geometry is drawn in it).
void feed_overlay(Overlay& overlay, Session& session, const vk::Target& target,
                  const render::Renderer& renderer, std::vector<std::pair<const char*, ThreadLoad>> loads,
                  Window* window, double seconds) {
    TS_TRACE_SCOPE("overlay ui");
    OverlayFrame frame{.display = target.extent(),
                       .seconds = seconds,
                       .stats = &renderer.stats(),
                       .gpu_scopes = &renderer.last_gpu_scopes(),
                       .visible = renderer.mode().visible_count(),
                       .buckets = renderer.mode().bucket_counts(),
                       .loads = std::move(loads),
                       .gpu_memory = session.device().device_local_usage(),
                       .gpu_memory_peak = renderer.peak_device_memory()};
    if (window) {
        const Window::Pointer pointer = window->pointer();
        frame.pointer = true;
        frame.pointer_x = pointer.x;
        frame.pointer_y = pointer.y;
        frame.pointer_left = pointer.left;
    }
    overlay.update(frame);
}

}  // namespace

bool compact_scene(const Config& config) {
    return config.render.compact_cubes && !config.scene.simulate;
}

RunScene::RunScene(Session& session, const scene::SceneDesc& desc, RenderMode mode) {
    const Config& config = session.config();
    if (desc.count > mode_info(mode).max_cubes)
        throw UsageError(fmt::format("--mode {} draws at most {} cubes; {} were asked for",
                                     mode_info(mode).name, mode_info(mode).max_cubes, desc.count));
    // Everything else the run allocates per cube on the GPU, checked with the instance data up front.
    const bool moved_on_gpu = config.scene.simulate && config.scene.simulate_on_gpu;
    // Occlusion culling gives the late phase id lists of its own, and each cube a bit (occlusion.h).
    const bool occlusion = occlusion_enabled(config, mode);
    const uint64_t lists = uint64_t{mode_info(mode).gpu_bytes_per_cube} *
                           render::CullPass::list_capacity(desc.count) * (occlusion ? 2 : 1);
    const uint64_t other_bytes =
        lists + (occlusion ? desc.count / 8 : 0) + (moved_on_gpu ? desc.count * sizeof(gpu::CubeMotion) : 0);
    if (!config.scene.simulate) {
        gpu = std::make_unique<render::GpuScene>(session.device(), desc, session.jobs(), other_bytes,
                                                 compact_scene(config));
    } else if (config.scene.simulate_on_gpu) {
        if (mode_info(mode).culls_on_cpu)
            throw UsageError(fmt::format(
                "--mode {} culls on the CPU, which cannot see cubes moved on the GPU: use --simulate",
                mode_info(mode).name));
        gpu = std::make_unique<render::GpuScene>(session.device(), desc, session.jobs(), other_bytes);
        gpu_motion = true;
    } else {
        gpu = std::make_unique<render::GpuScene>(
            session.device(), desc,
            render::GpuScene::Streamed{config.performance.frames_in_flight, mode_info(mode).culls_on_cpu,
                                       other_bytes});
        simulation = std::make_unique<scene::Simulation>(desc, session.jobs());
        spdlog::info("simulation: {} entities; schedule:\n{}", simulation->entity_count(),
                     simulation->plan());
    }
}
RunScene::~RunScene() = default;
RunScene::RunScene(RunScene&&) noexcept = default;

RunResult run_frames(Session& session, RunScene& scene, RunRequest request) {
    request.simulation = scene.simulation.get();
    request.gpu_motion = scene.gpu_motion;
    return run_frames(session, *scene.gpu, request);
}

RunResult run_frames(Session& session, render::GpuScene& scene, const RunRequest& request) {
    Config config = session.config();  // a copy: hot reload changes its live keys between frames
    render::RendererDesc renderer_desc;
    renderer_desc.frames_in_flight = config.performance.frames_in_flight;
    renderer_desc.msaa_samples = request.msaa_samples.value_or(config.graphics.msaa_samples);
    renderer_desc.mode = request.mode.value_or(config.render.mode);
    renderer_desc.lod_full_pixels = config.render.lod_full_pixels;
    renderer_desc.lod_splat_pixels = config.render.lod_splat_pixels;
    renderer_desc.cluster_splat_pixels = config.render.cluster_splat_pixels;
    renderer_desc.raster_max_pixels = config.render.compute_raster_max_pixels;
    renderer_desc.raster_small_pixels = config.render.compute_raster_small_pixels;
    renderer_desc.raster_batch_groups = config.render.compute_raster_batch_groups;
    renderer_desc.splat_coverage = config.render.splat_coverage;
    renderer_desc.splat_samples = config.render.splat_samples;
    if (config.render.visibility_draws_chosen)
        renderer_desc.visibility_draws = config.render.visibility_draws;
    renderer_desc.occlusion = occlusion_enabled(config, renderer_desc.mode);
    renderer_desc.gpu_motion = request.gpu_motion;
    renderer_desc.extra_passes = request.extra_passes;
    if (request.overlay) renderer_desc.overlay = &request.overlay->draw_data();
    vk::Target& target = request.target ? *request.target : session.target();
    render::Renderer renderer(session.device(), target, scene, session.jobs(), renderer_desc);
    const scene::Bounds bounds = scene::scene_bounds(scene.desc());

    std::vector<WindowEvent> script = request.window_script;
    std::sort(script.begin(), script.end(),
              [](const WindowEvent& a, const WindowEvent& b) { return a.tick < b.tick; });
    size_t next_event = 0;
    Window* window = session.window();
    const uint64_t total = request.frames ? request.warmup_frames + request.frames : 0;
    // Camera time advances per rendered frame: every run sees the same views.
    constexpr double kFrameSeconds = 1.0 / 60.0;

    RunResult result;
    std::optional<Interaction> interaction;
    if (request.interactive && window)
        interaction.emplace(request.screenshot_dir, render::fly_speed_for(bounds) * config.camera.speed,
                            request.overlay && request.overlay->visible());
    std::optional<Image> last_image;  // the last frame's, when an F12 screenshot took it first
    std::optional<RenderDocCapture> renderdoc;
    if (request.capture_frame) renderdoc.emplace();
    auto last_tick = std::chrono::steady_clock::now();
    uint64_t paused_frames = 0;  // rendered frames in which the simulation stood still (P)
    uint64_t rendered = 0;
    Histogram update_ms, extract_ms;  // bounded memory, like FrameStats
    JobSystem& jobs = session.jobs();
    LoadTracker loads(jobs);
    int64_t last_frame_ns = -1;
    FrameEmitter emitter(request);
    StatusLine status;
    bool closing = false;
    std::optional<HotReload> hot_reload;
    std::string shown_reload_error;  // on the overlay
    if (config.debug.hot_reload)
        hot_reload.emplace(HotReloadDesc{shader_source_dir(config), request.config_file});
    for (uint64_t tick = 0; !closing; ++tick) {
        TS_TRACE_SCOPE("frame", "frame", static_cast<int64_t>(rendered + 1));
        if (window) {
            {
                TS_TRACE_SCOPE("poll events");
                window->poll_events();
            }
            // A closed window still gets one last frame when its image was asked for (a run without
            // --frames).
            closing = window->should_close();
            if (closing && !(request.capture_last_frame && !total)) break;
            while (next_event < script.size() && script[next_event].tick <= tick)
                window->apply(script[next_event++]);
            if (window->minimised()) {  // nothing to show: no rendering, no swapchain recreation
                ++result.minimised_ticks;
                renderer.note_idle();
                window->wait_events(0.01);
                continue;
            }
        }
        if (total && rendered >= total) break;
        if (hot_reload) {
            hot_reload->apply(renderer, config);  // between frames: new shaders, live keys
            // A shader that does not compile shows on the overlay until it does (hot reload logged it).
            if (request.overlay) {
                const std::string error = hot_reload->latest_error().value_or("");
                if (error != shown_reload_error && request.overlay->message() == shown_reload_error)
                    request.overlay->set_message(error, false);
                shown_reload_error = error;
            }
        }
        const double seconds = static_cast<double>(rendered) * kFrameSeconds * config.camera.speed;
        render::Camera camera =
            request.camera ? *request.camera
                           : render::camera_on_path(config.camera.path, bounds, seconds, config.camera);
        const auto now = std::chrono::steady_clock::now();
        if (interaction) {
            const UserInput input = window->take_input();
            if (request.overlay) request.overlay->toggle(input.overlay_toggles);
            interaction->apply(input, camera, std::chrono::duration<double>(now - last_tick).count());
            camera = interaction->camera(camera);
        }
        if (request.overlay)
            feed_overlay(*request.overlay, session, target, renderer, loads.latest(), window,
                         std::chrono::duration<double>(now - last_tick).count());
        last_tick = now;
        const bool paused = interaction && interaction->paused();
        const bool last_capture = request.capture_last_frame && ((total && rendered + 1 == total) || closing);
        if (last_capture) renderer.request_capture();
        // F12: this frame's image, copied as the last frame's is; served once a frame is drawn.
        bool user_capture = false;
        if (interaction && interaction->screenshot_requested()) {
            try {
                renderer.request_capture();
                user_capture = true;
            } catch (const Error& e) {
                spdlog::warn("F12: {}", e.what());
                interaction->take_screenshot_request();
            }
        }
        render::FrameUpdate update;
        if (request.gpu_motion) {
            update.dt = paused ? 0.0f : static_cast<float>(kFrameSeconds);
            update.elapsed = static_cast<double>(rendered - paused_frames + (paused ? 0 : 1)) * kFrameSeconds;
        }
        if (request.simulation && paused) {
            update.write_scene = [&](uint32_t slot) {  // the same state again: every slot has its own copy
                request.simulation->extract(scene.write_target(slot));
                scene.finish_write(slot, session.jobs());
            };
        } else if (request.simulation) {
            // The update stage runs while the GPU works on the previous frame; the frame waits for extract
            // only.
            const auto step_start = std::chrono::steady_clock::now();
            const std::vector<uint64_t> busy = jobs.busy_ns();
            request.simulation->step(static_cast<float>(kFrameSeconds));
            update_ms.add(ms_since(step_start));
            ThreadLoad load = jobs.load_since(busy);
            load.wall_ms = ms_since(step_start);
            loads.add(LoadTracker::kUpdate, load);
            update.write_scene = [&](uint32_t slot) {
                const auto extract_start = std::chrono::steady_clock::now();
                const std::vector<uint64_t> before = jobs.busy_ns();
                request.simulation->extract(scene.write_target(slot));
                scene.finish_write(slot, session.jobs());
                extract_ms.add(ms_since(extract_start));
                ThreadLoad extract_load = jobs.load_since(before);
                extract_load.wall_ms = ms_since(extract_start);
                loads.add(LoadTracker::kExtract, extract_load);
            };
        }
        const bool capture_this_frame = renderdoc && rendered + 1 == request.capture_frame;
        if (capture_this_frame) renderdoc->start();
        const bool drawn = renderer.render(camera, update);
        if (capture_this_frame && renderdoc->end())
            spdlog::info("--capture-frame: RenderDoc captured frame {}", request.capture_frame);
        if (drawn && user_capture) {
            interaction->take_screenshot_request();
            if (std::optional<Image> image = renderer.take_capture()) {
                interaction->write_screenshot(*image);
                if (last_capture) last_image = std::move(image);
            }
        }
        if (!drawn) {
            ++result.minimised_ticks;
            renderer.note_idle();
            if (window) window->wait_events(0.01);
            continue;
        }
        result.last_camera = camera;
        paused_frames += paused;
        if (const ThreadLoad* record = renderer.mode().record_load())
            loads.add(LoadTracker::kRecord, *record);
        if (trace::enabled()) {
            const int64_t now_ns = trace::now_ns();
            if (last_frame_ns >= 0) trace::counter("frame ms", double(now_ns - last_frame_ns) * 1e-6);
            last_frame_ns = now_ns;
            if (renderer.mode().visible_count() >= 0)
                trace::counter("visible cubes", double(renderer.mode().visible_count()));
            trace::counter("GPU memory MiB", double(session.device().device_local_usage()) / (1 << 20));
        }
        if (++rendered == 1 && !request.print_frame_graph.empty())
            std::printf("%s\n", renderer.print_frame_graph(request.print_frame_graph == "json").c_str());
        if (rendered == request.warmup_frames && request.warmup_frames) {
            renderer.reset_statistics();
            update_ms = Histogram{};
            extract_ms = Histogram{};
            loads.reset();
            emitter.reset();
            if (request.simulation) request.simulation->reset_stats();
        }
        if (rendered >= request.warmup_frames) emitter.emit(renderer.stats(), false);
        status.update(rendered, renderer.stats(), request.status_lines);
        if (request.overlay && (result.restart = request.overlay->take_apply())) break;
    }
    renderer.wait_for_frames();
    if (rendered >= request.warmup_frames) emitter.emit(renderer.stats(), true);

    result.stats = renderer.stats();
    const uint64_t timed = std::max<uint64_t>(renderer.timed_frames(), 1);
    for (vk::ScopeTime s : renderer.total_gpu_scopes())
        result.gpu_scopes.push_back({s.name, s.ms / double(timed)});
    if (request.capture_last_frame)
        result.image = last_image ? std::move(last_image) : renderer.take_capture();
    if (renderdoc && rendered < request.capture_frame)
        spdlog::warn("--capture-frame {}: the run ended after {} frame(s); no capture", request.capture_frame,
                     rendered);
    if (interaction) {
        result.flown = interaction->flying();
        result.fly_speed = interaction->fly_speed();
        result.paused = interaction->paused();
        result.overlay_visible =
            request.overlay ? request.overlay->visible() : interaction->overlay_visible();
        result.screenshots = interaction->screenshots_written();
    }
    result.visible_cubes = renderer.mode().visible_count();
    result.occlusion = renderer.mode().occlusion();
    result.frustum_visible_cubes = renderer.mode().frustum_visible_count();
    result.bucket_counts = renderer.mode().bucket_counts();
    result.clusters_read = renderer.mode().clusters_read();
    result.cluster_count = scene.cluster_count();
    result.peak_device_memory = renderer.peak_device_memory();
    result.samples = renderer.samples();
    result.thread_loads = loads.result();
    if (!result.thread_loads.empty())
        result.core_wait_ms_per_frame = loads.core_wait_ms_per_frame(result.stats.frames());
    if (request.simulation) {
        SimulationTimes times{update_ms.summary(), extract_ms.summary(), {}, request.simulation->plan()};
        for (const ecs::SystemStats& s : request.simulation->schedule().stats())
            times.system_mean_ms.emplace_back(s.name, s.runs ? s.total_ms / double(s.runs) : 0.0);
        result.simulation = std::move(times);
    }
    return result;
}

}  // namespace tessera::app
