#pragma once
// The frame loop of a run: poll the window (scripted events, minimise), step the simulation, render a frame
// from the camera path, until N frames are measured; then the statistics, GPU pass times, the last image and
// the simulation's timings. `tessera run` calls it once, `tessera bench` once per mode x count x threads.
//
// Thread contract: main thread only.

#include "app/session.h"
#include "app/window.h"
#include "base/frame_stats.h"
#include "base/image.h"
#include "base/jobs.h"
#include "config/config.h"
#include "render/camera.h"
#include "render/renderer.h"
#include "vk/gpu_timer.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tessera::render {
class GpuScene;
}
namespace tessera::scene {
class Simulation;
struct SceneDesc;
}  // namespace tessera::scene

namespace tessera::app {

class Overlay;

// The scene a run draws, as the configuration asks: fixed; streamed from the ECS simulation, which rewrites
// every cube every frame (scene.simulate); or fixed and moved on the GPU (scene.simulate_on_gpu).
// Whether a run with `config` stores 16-byte compact cubes: render.compact_cubes, for static scenes only (the
// ECS simulation and GPU motion rewrite 32-byte cubes).
bool compact_scene(const Config& config);

struct RunScene {
    std::unique_ptr<render::GpuScene> gpu;
    std::unique_ptr<scene::Simulation> simulation;  // the CPU path only
    bool gpu_motion = false;

    // `mode` sizes the memory check: the scene is refused before anything is allocated unless it fits with
    // everything else the mode (and GPU motion) allocates per cube.
    RunScene(Session& session, const scene::SceneDesc& desc, RenderMode mode);
    ~RunScene();
    RunScene(RunScene&&) noexcept;
};

struct RunRequest {
    std::optional<RenderMode> mode;        // overrides the config's render.mode (the benchmark's sweep)
    std::optional<render::Camera> camera;  // a fixed camera instead of the config's camera path
    std::optional<uint32_t> msaa_samples;  // overrides graphics.msaa_samples
    vk::Target* target = nullptr;     // renders into this instead of the session's target (headless sessions)
    uint64_t frames = 300;            // rendered frames to stop after; 0 = until the window closes
    uint64_t warmup_frames = 0;       // rendered first, not counted in the statistics
    bool capture_last_frame = false;  // return the last frame's image
    std::vector<WindowEvent> window_script;   // scripted window events (windowed only)
    scene::Simulation* simulation = nullptr;  // steps every frame and writes the (streamed) scene
    bool gpu_motion = false;                  // the GPU simulation path moves the (fixed) scene
    render::ExtraPasses extra_passes;         // passes added after the mode's (tests: a depth pyramid)
    std::string print_frame_graph;            // "text" or "json": printed to stdout after the first frame
    bool status_lines = false;                // log a status line (frame, FPS, GPU ms) about once a second
    // `tessera run` in a window: the user's controls (app/interaction.h: fly camera, P, F1, F12 screenshots
    // into screenshot_dir). Benchmarks leave it off and keep the scripted camera path.
    bool interactive = false;
    std::string screenshot_dir = ".";
    uint64_t capture_frame = 0;  // a RenderDoc capture of this frame (1 = the first); 0 = none
    std::string config_file;     // the configuration file, watched with the shaders under debug.hot_reload
    // Called once per measured frame, in order, once its GPU time is known or can no longer arrive (at the
    // latest FrameStats::kRecentFrames frames later, or when the run ends): the per-frame CSV streams here.
    std::function<void(uint64_t frame, const FrameSample& sample)> on_frame;
    // The live overlay (app/overlay.h), drawn when visible, fed each frame; F1 toggles it. When it hands over
    // an applied configuration, the run ends after that frame with RunResult::restart set.
    Overlay* overlay = nullptr;
};

// Where a simulated frame's CPU time went: the ECS update stage, the extract stage, and each system.
struct SimulationTimes {
    Summary update_ms;   // per frame: step() wall time
    Summary extract_ms;  // per frame: extract into the frame's buffer, including any copy
    std::vector<std::pair<std::string, double>> system_mean_ms;  // per system, mean over measured frames
    std::string plan;                                            // which systems shared a parallel batch
};

// How evenly a stage's work spread over the threads (base/jobs.h): per-frame loads, summed.
struct StageLoad {
    const char* stage;  // "update", "extract" (the ECS stages), "record" (the cpu mode's cull + record)
    LoadStats load;
};

struct RunResult {
    FrameStats stats;                       // measured frames only (after warm-up)
    std::vector<vk::ScopeTime> gpu_scopes;  // mean GPU ms per named scope over measured frames
    std::optional<Image> image;
    int64_t visible_cubes = -1;  // as the mode reports it for the last frame it knows
    bool occlusion = false;      // the mode culled occluded cubes (render.occlusion)
    int64_t frustum_visible_cubes =
        -1;  // of that frame: passed frustum culling (visible_cubes before occlusion)
    std::vector<int64_t> bucket_counts;  // per cull bucket (TS_LOD_*), GPU-culled modes only
    int64_t clusters_read = -1;          // GPU-culled modes: clusters read cube by cube (render/mode.h)
    uint64_t cluster_count = 0;          // the scene's clusters of 256 cubes
    uint64_t peak_device_memory = 0;     // bytes
    uint64_t minimised_ticks = 0;  // loop iterations that rendered nothing because the window was minimised
    uint32_t samples = 1;
    std::optional<SimulationTimes> simulation;  // runs with a CPU simulation
    render::Camera last_camera;                 // the camera of the last rendered frame
    bool flown = false;                         // the user's fly camera had taken over (interactive runs)
    float fly_speed = 0;                        // its speed at the end, units per second (scroll wheel)
    bool paused = false;                        // the simulation was paused (P) at the end
    bool overlay_visible = false;               // the overlay flag (F1) at the end
    uint32_t screenshots = 0;                   // F12 screenshots written
    std::vector<StageLoad> thread_loads;        // the stages this run had, measured frames only
    // With thread_loads: how long per measured frame the job threads were ready but waited for a core (another
    // process, or more threads than cores, had it), over the whole frame; nullopt where the kernel does not say.
    std::optional<double> core_wait_ms_per_frame;
    std::optional<Config> restart;  // the overlay applied this configuration: rebuild, go on
};

// Renders `request.frames` frames of `scene` with the session's config (mode, camera, MSAA, frames in
// flight).
RunResult run_frames(Session& session, render::GpuScene& scene, const RunRequest& request);
// The same for a RunScene, with its simulation.
RunResult run_frames(Session& session, RunScene& scene, RunRequest request);

}  // namespace tessera::app
