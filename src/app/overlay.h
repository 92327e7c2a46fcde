#pragma once
// The live overlay: a Dear ImGui panel drawn over the frame (render/overlay_pass.h draws its geometry) with
// the frame rate and a frame-time graph, GPU ms per pass, per-worker load bars, visible counts, GPU memory, a
// message line, and controls that change the run's settings live: mode, cube count, scene, MSAA, vsync,
// frames in flight, simulation, camera path.
//
// Controls edit a pending copy of the configuration; Apply (or a scripted action, --overlay-script) hands it
// to the run loop through take_apply(), which ends the current run_frames() between frames; the caller
// (run_command.cpp) rebuilds what the change needs and carries on with this same Overlay.
//
// Input: ImGui's IO is fed from our Window (cursor position and left button), not by ImGui's GLFW backend,
// so scripted and real input share one path and headless runs need no backend: they get a display size and
// a time step only. F1 (Window's overlay_toggles) shows and hides it; --overlay / debug.overlay starts it
// shown.
//
// Thread contract: main thread only (ImGui's context is global state, made current by each call).

#include "base/frame_stats.h"
#include "base/jobs.h"
#include "config/config.h"
#include "render/overlay_pass.h"
#include "vk/gpu_timer.h"

#include <volk.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct ImGuiContext;

namespace tessera::app {

// The configuration keys the overlay changes live (and --overlay-script may set).
inline constexpr std::array<std::string_view, 9> kLiveKeys = {"render.mode",
                                                              "scene.cubes",
                                                              "scene.kind",
                                                              "graphics.msaa_samples",
                                                              "window.vsync",
                                                              "scene.simulate",
                                                              "scene.simulate_on_gpu",
                                                              "performance.frames_in_flight",
                                                              "camera.path"};

// A scripted apply: after `frame` rendered frames (counted over the whole run), set the keys and apply.
struct OverlayAction {
    uint64_t frame = 0;
    std::vector<std::pair<std::string, std::string>> sets;  // key, value
};
// "FRAME:key=value,key=value;FRAME:..." with keys from kLiveKeys; every value is checked against `base` as
// the configuration file's would be. Throws UsageError naming --overlay-script.
std::vector<OverlayAction> parse_overlay_script(std::string_view text, const Config& base);

// Whether two configurations differ in a live key.
bool live_settings_differ(const Config& a, const Config& b);

// What the overlay shows this frame (the run loop fills it in before each frame).
struct OverlayFrame {
    VkExtent2D display{};  // the target's size in pixels
    double seconds = 0;    // wall time since the previous frame
    const FrameStats* stats = nullptr;
    const std::vector<vk::ScopeTime>* gpu_scopes = nullptr;  // of the newest timed frame
    int64_t visible = -1;
    std::vector<int64_t> buckets;                           // per cull bucket, GPU-culled modes
    std::vector<std::pair<const char*, ThreadLoad>> loads;  // the newest load of each stage that ran
    uint64_t gpu_memory = 0, gpu_memory_peak = 0;           // bytes
    bool pointer = false;                                   // a cursor to feed (windowed)
    double pointer_x = 0, pointer_y = 0;
    bool pointer_left = false;
};

class Overlay {
public:
    Overlay(const Config& config, bool visible, std::vector<OverlayAction> script = {});
    ~Overlay();
    Overlay(const Overlay&) = delete;
    Overlay& operator=(const Overlay&) = delete;

    bool visible() const { return data_.visible; }
    void toggle(uint32_t times);  // F1 presses
    // A line shown until replaced, for news from elsewhere (e.g. a shader hot-reload error), also logged as a
    // warning unless `log` is false (the sender logged it already); empty clears it.
    void set_message(std::string message, bool log = true);
    const std::string& message() const { return message_; }

    // Builds this frame's panel (when visible) into draw_data() and runs scripted actions due at this frame.
    void update(const OverlayFrame& frame);
    const render::OverlayDrawData& draw_data() const { return data_; }
    // Where the panel was drawn in the last update (pixels); empty while hidden.
    VkRect2D panel_rect() const { return panel_; }

    // A configuration the user (or the script) applied since the last call, to restart with.
    std::optional<Config> take_apply();
    // The configuration now in use, after a restart (or after one was refused: the last good one).
    void set_current(const Config& config);

private:
    void build_panel(const OverlayFrame& frame);
    void build_controls();
    void run_script();
    void collect_draw_data();

    ImGuiContext* context_ = nullptr;
    render::OverlayDrawData data_;
    Config current_, pending_;
    std::optional<Config> applied_;
    std::vector<OverlayAction> script_;
    size_t next_action_ = 0;
    uint64_t frames_ = 0;  // update() calls, over the whole run
    std::string message_;
    VkRect2D panel_{};
    std::vector<float> frame_ms_;  // a ring of recent frame times, for the graph
    size_t frame_ms_next_ = 0;
    size_t frame_ms_known_ = 0;  // frame times taken so far
    size_t stats_seen_ = 0;      // FrameStats index up to which frame times were taken
    const FrameStats* stats_source_ = nullptr;
};

}  // namespace tessera::app
