#pragma once
// Tessera's configuration: one plain struct, filled from built-in defaults, then a TOML file, then the
// command line, in that order of precedence. Every key has one entry in a table in schema.cpp that gives its
// type and its valid range, and both the file and the command line go through that table, so both are
// validated alike.
//
// Errors are tessera::UsageError (exit code 2) with a one-line message:
//   FILE:LINE: key 'window.width': expected an integer in [1, 16384], got -5
//   --width: key 'window.width': expected an integer in [1, 16384], got 'abc'
// Unknown sections and keys, wrong types and out-of-range values are all errors; nothing is silently ignored.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace tessera {

enum class RenderMode { cpu, instanced, gpu_cull, gpu_lod };  // "cpu", "instanced", "gpu-cull", "gpu-lod"
enum class SceneKind { grid, random, galaxy, city };
enum class CameraPath { fixed, orbit, fly, street };  // "static", "orbit", "fly", "street"

struct Config {
    struct Window {
        uint32_t width = 1280;  // [1, 16384]; also the offscreen target's size when headless
        uint32_t height = 720;  // [1, 16384]
        std::string title = "Tessera";
        bool fullscreen = false;
        bool vsync = true;  // on: FIFO; off: MAILBOX, else IMMEDIATE
        // Software Vulkan drivers on X11: each frame goes to the X server in requests of at most 256 KiB,
        // several times faster than the driver's single request (app/x11_requests.h). No effect on GPUs.
        bool chunked_present = true;
    } window;
    struct Performance {
        uint32_t frames_in_flight = 2;  // [1, 3]
        uint32_t worker_threads = 0;    // [0, 256]; 0 = cores - 1 (at least 1); counts the main thread
    } performance;
    struct Graphics {
        uint32_t msaa_samples = 4;  // 1, 2, 4 or 8; clamped at run time to what the GPU supports
    } graphics;
    struct Debug {
        bool enable_validation = false;  // VK_LAYER_KHRONOS_validation + debug messenger; errors fail the run
        std::string log_level = "info";  // trace, debug, info, warn, error, critical, off
        bool hot_reload = false;  // watch the shader sources and the config file; reload between frames
        std::string shader_dir;   // GLSL sources that hot reload compiles; empty: the build's shaders/
        bool overlay = false;  // the live overlay (app/overlay.h) starts shown, headless too; F1 toggles it
    } debug;
    struct Scene {
        uint64_t cubes = 100'000;  // [1, 4'294'967'295]; the file also accepts "1M"-style strings
        SceneKind kind = SceneKind::grid;
        uint64_t seed = 1;
        bool simulate = false;         // animate the cubes every frame: through the ECS on the CPU, or...
        bool simulate_on_gpu = false;  // ...with a compute pass on the instance data (no steering AI)
    } scene;
    struct Camera {
        CameraPath path = CameraPath::orbit;
        float fov_degrees = 60.0f;   // vertical field of view, [10, 150]
        float near_plane = 0.1f;     // > 0
        float far_plane = 20000.0f;  // > near_plane
        float speed = 1.0f;          // path speed multiplier, [0, 100]; 0 freezes the path
        // Set when a file or flag names camera.path (not a key itself); otherwise the city scene takes the street
        // path (app/session.h).
        bool path_chosen = false;
    } camera;
    struct Render {
        // The default is the first mode of kDefaultModes (config/modes.h) that the GPU can run; a mode named
        // in a file or flag (mode_chosen) is used as given, or refused.
        RenderMode mode = RenderMode::gpu_lod;
        // gpu-lod: cubes at least this many pixels across keep all 12 triangles; smaller ones draw only
        // their 3 camera-facing faces. [0, 4096]
        float lod_full_pixels = 24.0f;
        // gpu-lod: cubes smaller than this (their sphere's diameter) are splatted by the cull pass (needs 64-bit
        // buffer atomics): into the samples their footprint covers (splat_samples), else one pixel. 1 and 1.5
        // scored alike against a supersampled reference at 1920x1080 (docs/PERFORMANCE.md). 0 disables. [0, 16]
        float lod_splat_pixels = 1.0f;
        // gpu-lod: a cluster of 256 cubes from lod_splat_pixels up to this many pixels across (its bounding
        // sphere) is splatted whole, as the pixels of its footprint, instead of cube by cube; smaller than
        // lod_splat_pixels it is one splat. At or below lod_splat_pixels: off. [0, 64]
        float cluster_splat_pixels = 4.0f;
        // gpu-lod: cubes from lod_splat_pixels up to this many pixels across are drawn by the compute
        // rasteriser (needs 64-bit buffer atomics); larger ones by the hardware. 0 = chosen per device type
        // (render/cull_pass.h); a value at or below lod_splat_pixels disables it. [0, 256]
        float compute_raster_max_pixels = 0.0f;
        // gpu-lod: splatted pixels are blended over the background by the summed area of the splats that fell
        // into them, instead of painted whole by the nearest (one more atomic per splat). Measured gain against
        // a supersampled reference: +1.5 dB at 320x240 with 10M cubes, none at 1920x1080 (docs/PERFORMANCE.md).
        bool splat_coverage = false;
        // gpu-lod: each pixel holds a 2x2 grid of splat samples; a splat covers the samples inside its
        // footprint (at least the one nearest its centre) and the shade averages the four, so a field of
        // sub-pixel cubes is filtered instead of sampled once per pixel (moiré). Takes precedence over
        // splat_coverage. Costs 32 bytes per pixel (docs/PERFORMANCE.md).
        bool splat_samples = true;
        // gpu-cull and gpu-lod: two-phase occlusion culling against a depth pyramid of the frame's own depth
        // (render/occlusion.h): cubes visible last frame are drawn first, everything else frustum-visible is
        // tested against their depth and drawn only if it may show. The image is the same either way. Not
        // given (occlusion_chosen false), each mode's default applies (config/modes.h occlusion_enabled).
        bool occlusion = false;
        // Static scenes (no scene.simulate) store each cube in 16 bytes instead of 32
        // (position quantised within its block of 4096 cubes, 12-bit edge, 32-bit rotation, RGB8 colour;
        // scene/compact.h states the precision). false keeps the 32-byte format.
        bool compact_cubes = true;
        // gpu-lod on single-sampled offscreen targets: the hardware-drawn cubes go into the visibility buffer
        // (fragment atomics) like the compute-rastered ones, and the shade writes the target, so that no
        // attachment is cleared, copied or loaded (render/visibility_resolve.h). Not given
        // (visibility_draws_chosen false): on for GPUs, off for CPU devices, whose fragment atomics run lane by
        // lane (docs/PERFORMANCE.md).
        bool visibility_draws = true;
        // gpu-lod: the compute raster's large bucket takes a workgroup per cube while it holds fewer than twice
        // this many cubes; beyond, batches of 2-16 cubes per workgroup share out their pixels (the largest power
        // of two that still leaves this many workgroups). 0 = chosen per device type (render/compute_raster.h).
        // [0, 16777216]
        uint32_t compute_raster_batch_groups = 0;
        // gpu-lod: compute-rastered cubes smaller than this many pixels across take one invocation each (raster
        // small); larger ones go to the large bucket (a workgroup per cube, or batches). 0 = chosen per device
        // type (render/compute_raster.h). [0, 256]
        float compute_raster_small_pixels = 0.0f;
        bool mode_chosen = false;       // set when a file or flag names render.mode (not a key itself)
        bool occlusion_chosen = false;  // set when a file or flag gives render.occlusion (not a key itself)
        bool visibility_draws_chosen = false;  // set when a file or flag gives render.visibility_draws
    } render;
};

// The largest configuration file accepted; anything larger (or endless, like /dev/zero) is refused unparsed.
inline constexpr size_t kMaxConfigBytes = size_t(1) << 20;

// Loads `path` over `config` (which holds defaults or earlier values). Throws UsageError "PATH:LINE: ..." on
// syntax errors, unknown keys, wrong types and out-of-range values, or if the file cannot be read or is
// larger than kMaxConfigBytes. Values and keys echoed in messages are escaped and truncated (base/error.h
// printable).
void load_config_file(Config& config, const std::filesystem::path& path);

// The same from text; `source_name` stands for the path in error messages.
void load_config_text(Config& config, std::string_view toml_text, std::string_view source_name);

// Sets one key ("section.name") from command-line text, validated like the file. `origin` names the flag
// in error messages (e.g. "--width"). Booleans accept true/false/on/off/yes/no/1/0.
void apply_override(Config& config, std::string_view key, std::string_view value, std::string_view origin);

// Checks relations between keys (e.g. far_plane > near_plane). Throws UsageError.
void validate(const Config& config);

// Every key, as "section.name", in table order (for --help text and tests).
std::vector<std::string> config_keys();

// The configuration as a TOML document that load_config_text reads back to the same values.
std::string to_toml(const Config& config);

// true/false, on/off, yes/no, 1/0 in any letter case. Throws UsageError naming `origin` for anything else.
bool parse_boolean_value(std::string_view text, std::string_view origin);

// "100000", "100k", "2.5M", "1B" (k = 1e3, M = 1e6, B = 1e9; case-insensitive). Throws UsageError naming
// `origin` for anything else, for 0, or for values above `max`.
uint64_t parse_count(std::string_view text, std::string_view origin, uint64_t max = 4'294'967'295ull);

std::string_view to_string(RenderMode mode);
std::string_view to_string(SceneKind kind);
std::string_view to_string(CameraPath path);

}  // namespace tessera
