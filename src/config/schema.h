#pragma once
// Private to config/: the table of configuration keys that drives loading, overrides, validation, to_toml and
// config_keys(). Adding a key to Config means adding one row to the table in schema.cpp, nothing else.

#include "config/config.h"
#include "config/modes.h"

#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace tessera::config_schema {

inline constexpr auto render_mode_names = [] {
    std::array<std::string_view, kModes.size()> names{};
    for (size_t i = 0; i < kModes.size(); ++i) names[i] = kModes[i].name;
    return names;
}();
inline constexpr std::string_view scene_kind_names[] = {"grid", "random", "galaxy", "city"};
inline constexpr std::string_view camera_path_names[] = {"static", "orbit", "fly", "street"};
static_assert(std::size(render_mode_names) == static_cast<size_t>(RenderMode::gpu_lod) + 1);
static_assert(std::size(scene_kind_names) == static_cast<size_t>(SceneKind::city) + 1);
static_assert(std::size(camera_path_names) == static_cast<size_t>(CameraPath::street) + 1);

// An enum's names as they appear in files and flags, indexed by enumerator value.
template <typename E>
inline constexpr std::span<const std::string_view> enum_names = {};
template <>
inline constexpr std::span<const std::string_view> enum_names<RenderMode> = render_mode_names;
template <>
inline constexpr std::span<const std::string_view> enum_names<SceneKind> = scene_kind_names;
template <>
inline constexpr std::span<const std::string_view> enum_names<CameraPath> = camera_path_names;

// A key's storage in a Config; the pointee's type decides how the key is read, checked and written.
using FieldRef =
    std::variant<uint32_t*, uint64_t*, float*, bool*, std::string*, RenderMode*, SceneKind*, CameraPath*>;

// What a key accepts beyond its type. Integer fields: [min, max], or only `one_of` when that is not empty.
// Float fields: [low, high] (low excluded if `low_exclusive`), always finite. String fields: whatever
// `accepts` accepts (anything if null), described to the user as `accepted`.
struct Limits {
    int64_t min = 0;
    int64_t max = 0;
    std::span<const int64_t> one_of = {};
    bool count = false;  // the field also takes "1M"-style strings (parse_count)
    double low = 0;
    double high = 0;
    bool low_exclusive = false;
    bool (*accepts)(std::string_view) = nullptr;
    std::string_view accepted = {};
};

struct KeySpec {
    std::string_view section;
    std::string_view name;
    FieldRef (*field)(Config&);
    Limits limits = {};
};

// Every key, grouped by section, in the order of config/tessera.toml and to_toml's output.
std::span<const KeySpec> keys();

const KeySpec* find_key(std::string_view section, std::string_view name);  // null if there is none
const KeySpec* find_key_named(std::string_view name);                      // in any section; null if none
std::vector<std::string_view> section_names();
std::vector<std::string_view> key_names_in(std::string_view section);
std::string full_name(const KeySpec& key);  // "section.name"

}  // namespace tessera::config_schema
