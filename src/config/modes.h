#pragma once
// The rendering modes (--mode), each declared once: its name, what it does, the device capabilities it
// needs, whether it culls on the CPU, and how many cubes it can draw. Config validation, the command-line
// help, the benchmark's defaults, the renderer's capability check and app/ all read this table; nothing else
// lists the modes.

#include "config/config.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tessera {

// Device capabilities a mode may need, by what they are (vk::DeviceCaps says which the device has).
struct ModeNeeds {
    bool compute_subgroups = false;             // subgroup ballot and arithmetic in compute shaders
    bool draw_indirect_first_instance = false;  // indirect draws whose first_instance is not 0
};

struct ModeInfo {
    RenderMode mode;
    std::string_view name;
    std::string_view summary;  // one line, for --help
    ModeNeeds needs;
    bool culls_on_cpu = false;  // the CPU tests every cube each frame (and records a draw per visible one)
    uint32_t gpu_bytes_per_cube = 0;  // id-list bytes per entry (CullPass::list_capacity entries)
    uint64_t max_cubes = 0;           // the most cubes it may be asked to draw (the benchmark skips beyond)
    // Two-phase occlusion culling: whether the mode can run it, and whether it does when render.occlusion is
    // not given (docs/PERFORMANCE.md has the measurements behind each default).
    bool occlusion = false;
    bool occlusion_by_default = false;
};

inline constexpr std::array<ModeInfo, 4> kModes = {{
    {.mode = RenderMode::cpu,
     .name = "cpu",
     .summary = "worker threads frustum-test every cube and record one draw per visible cube",
     .needs = {},
     .culls_on_cpu = true,
     .max_cubes = 10'000'000},
    {.mode = RenderMode::instanced,
     .name = "instanced",
     .summary = "one instanced draw of every cube (a compute pass counts the visible ones)",
     .needs = {.compute_subgroups = true},
     .max_cubes = 4'294'967'295},
    {.mode = RenderMode::gpu_cull,
     .name = "gpu-cull",
     .summary = "compute frustum culling compacts visible ids; one indirect draw",
     .needs = {.compute_subgroups = true, .draw_indirect_first_instance = true},
     .gpu_bytes_per_cube = 4,  // the visible-id list
     .max_cubes = 4'294'967'295,
     .occlusion = true,
     .occlusion_by_default = true},  // the city from the street: 20x faster (docs/PERFORMANCE.md)
    {.mode = RenderMode::gpu_lod,
     .name = "gpu-lod",
     .summary = "culling + LOD by projected size: hardware-drawn large cubes, compute-rastered small ones, "
                "sub-pixel splats",
     .needs = {.compute_subgroups = true, .draw_indirect_first_instance = true},
     .gpu_bytes_per_cube = 8,  // the visible-id list: one region for the hardware, one for the compute raster
     .max_cubes = 1'073'741'824,  // the visibility buffer's 30-bit cube ids (shaders/shared.h TS_VIS_ID_BITS)
     .occlusion = true,
     .occlusion_by_default = false},
}};

// The default mode is the first of these that the GPU can run (app/session.cpp); Config's default is the first.
inline constexpr std::array<RenderMode, 2> kDefaultModes = {RenderMode::gpu_lod, RenderMode::instanced};
static_assert(Config::Render{}.mode == kDefaultModes[0], "Config's default mode is kDefaultModes' first");

constexpr const ModeInfo& mode_info(RenderMode mode) {
    return kModes[static_cast<size_t>(mode)];
}
static_assert(mode_info(RenderMode::gpu_lod).mode == RenderMode::gpu_lod, "kModes is in enum order");

// Whether `mode` runs occlusion culling under `config`: render.occlusion where a file or flag gave it, else the
// mode's default; never in a mode that cannot.
inline bool occlusion_enabled(const Config& config, RenderMode mode) {
    const ModeInfo& info = mode_info(mode);
    return info.occlusion &&
           (config.render.occlusion_chosen ? config.render.occlusion : info.occlusion_by_default);
}

// "cpu, instanced, gpu-cull or gpu-lod"; mode_names_text(",", ",") for a list flag's value.
std::string mode_names_text(std::string_view separator = ", ", std::string_view last_separator = " or ");

}  // namespace tessera
