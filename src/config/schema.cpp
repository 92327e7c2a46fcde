#include "config/schema.h"

#include "base/log.h"

#include <algorithm>

namespace tessera::config_schema {
namespace {

template <auto section, auto member>
FieldRef field_of(Config& config) {
    return &(config.*section.*member);
}

constexpr Limits integer(int64_t min, int64_t max) {
    return {.min = min, .max = max};
}
constexpr Limits one_of(std::span<const int64_t> values) {
    return {.min = values.front(), .max = values.back(), .one_of = values};
}
constexpr Limits count(uint64_t max) {
    return {.min = 1, .max = static_cast<int64_t>(max), .count = true};
}
constexpr Limits number(double low, double high) {
    return {.low = low, .high = high};
}
constexpr Limits positive() {
    return {.low = 0, .high = std::numeric_limits<double>::infinity(), .low_exclusive = true};
}
constexpr Limits text(bool (*accepts)(std::string_view), std::string_view accepted) {
    return {.accepts = accepts, .accepted = accepted};
}

bool is_log_level(std::string_view name) {
    spdlog::level::level_enum level{};
    return parse_log_level(name, level);
}

constexpr int64_t msaa_sample_counts[] = {1, 2, 4, 8};

// clang-format off
#define TESSERA_KEY(section, name) \
    #section, #name, &field_of<&Config::section, &decltype(Config::section)::name>
// clang-format on

// The ranges are those documented in config.h and config/tessera.toml.
const KeySpec key_table[] = {
    {TESSERA_KEY(window, width), integer(1, 16384)},
    {TESSERA_KEY(window, height), integer(1, 16384)},
    {TESSERA_KEY(window, title)},
    {TESSERA_KEY(window, fullscreen)},
    {TESSERA_KEY(window, vsync)},
    {TESSERA_KEY(window, chunked_present)},
    {TESSERA_KEY(performance, frames_in_flight), integer(1, 3)},
    {TESSERA_KEY(performance, worker_threads), integer(0, 256)},
    {TESSERA_KEY(graphics, msaa_samples), one_of(msaa_sample_counts)},
    {TESSERA_KEY(debug, enable_validation)},
    {TESSERA_KEY(debug, log_level),
     text(is_log_level, "one of trace, debug, info, warn, error, critical, off")},
    {TESSERA_KEY(debug, hot_reload)},
    {TESSERA_KEY(debug, shader_dir)},
    {TESSERA_KEY(debug, overlay)},
    {TESSERA_KEY(scene, cubes), count(4'294'967'295ull)},
    {TESSERA_KEY(scene, kind)},
    {TESSERA_KEY(scene, seed), integer(0, std::numeric_limits<int64_t>::max())},  // TOML integers are int64
    {TESSERA_KEY(scene, simulate)},
    {TESSERA_KEY(scene, simulate_on_gpu)},
    {TESSERA_KEY(camera, path)},
    {TESSERA_KEY(camera, fov_degrees), number(10, 150)},
    {TESSERA_KEY(camera, near_plane), positive()},
    {TESSERA_KEY(camera, far_plane), positive()},
    {TESSERA_KEY(camera, speed), number(0, 100)},
    {TESSERA_KEY(render, mode)},
    {TESSERA_KEY(render, lod_full_pixels), number(0, 4096)},
    {TESSERA_KEY(render, lod_splat_pixels), number(0, 16)},
    {TESSERA_KEY(render, cluster_splat_pixels), number(0, 64)},
    {TESSERA_KEY(render, compute_raster_max_pixels), number(0, 256)},
    {TESSERA_KEY(render, splat_coverage)},
    {TESSERA_KEY(render, splat_samples)},
    {TESSERA_KEY(render, occlusion)},
    {TESSERA_KEY(render, compact_cubes)},
    {TESSERA_KEY(render, visibility_draws)},
    {TESSERA_KEY(render, compute_raster_batch_groups), integer(0, 16'777'216)},
    {TESSERA_KEY(render, compute_raster_small_pixels), number(0, 256)},
};

#undef TESSERA_KEY

}  // namespace

std::span<const KeySpec> keys() {
    return key_table;
}

const KeySpec* find_key(std::string_view section, std::string_view name) {
    const auto found = std::ranges::find_if(
        key_table, [&](const KeySpec& key) { return key.section == section && key.name == name; });
    return found == std::end(key_table) ? nullptr : found;
}

const KeySpec* find_key_named(std::string_view name) {
    const auto found = std::ranges::find_if(key_table, [&](const KeySpec& key) { return key.name == name; });
    return found == std::end(key_table) ? nullptr : found;
}

std::vector<std::string_view> section_names() {
    std::vector<std::string_view> sections;
    for (const KeySpec& key : key_table) {
        if (sections.empty() || sections.back() != key.section) sections.push_back(key.section);
    }
    return sections;
}

std::vector<std::string_view> key_names_in(std::string_view section) {
    std::vector<std::string_view> names;
    for (const KeySpec& key : key_table) {
        if (key.section == section) names.push_back(key.name);
    }
    return names;
}

std::string full_name(const KeySpec& key) {
    return std::string(key.section) + "." + std::string(key.name);
}

}  // namespace tessera::config_schema
