#include "config/config.h"

#include "base/error.h"
#include "config/schema.h"
#include "config/text.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <type_traits>

namespace tessera {
namespace {

using namespace config_schema;
using namespace config_text;

// The value to be assigned: a TOML node from a file, or else command-line text.
struct Input {
    const toml::node* node = nullptr;
    std::string_view text;
};

// "WHERE: key 'section.name'", the prefix of every message about one key.
std::string key_origin(std::string_view where, const KeySpec& key) {
    return std::string(where) + ": key '" + full_name(key) + "'";
}

[[noreturn]] void fail(std::string_view where, const KeySpec& key, std::string_view expected,
                       std::string_view got) {
    throw UsageError(key_origin(where, key) + ": expected " + std::string(expected) + ", got " +
                     std::string(got));
}

// User text in quotes for an error line: escaped and truncated (base/error.h printable).
std::string single_quoted(std::string_view text) {
    std::string out(1, '\'');  // appended piecewise: GCC 12 misreports "'" + std::string as -Wrestrict
    return out.append(printable(text)).append(1, '\'');
}

std::string_view type_name(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::string:
            return "a string";
        case toml::node_type::integer:
            return "an integer";
        case toml::node_type::floating_point:
            return "a float";
        case toml::node_type::boolean:
            return "a boolean";
        case toml::node_type::date:
            return "a date";
        case toml::node_type::time:
            return "a time";
        case toml::node_type::date_time:
            return "a date-time";
        case toml::node_type::array:
            return "an array";
        case toml::node_type::table:
            return "a table";
        default:
            return "nothing";
    }
}

std::string expected_integer(const Limits& limits) {
    if (!limits.one_of.empty()) {
        std::string values;
        for (const int64_t value : limits.one_of)
            values += (values.empty() ? "" : ", ") + std::to_string(value);
        return "one of " + values;
    }
    return std::string(limits.count ? "a count" : "an integer") + " in [" + std::to_string(limits.min) +
           ", " + std::to_string(limits.max) + "]";
}

bool integer_ok(const Limits& limits, int64_t value) {
    if (!limits.one_of.empty()) return std::ranges::find(limits.one_of, value) != limits.one_of.end();
    return value >= limits.min && value <= limits.max;
}

std::string expected_number(const Limits& limits) {
    if (limits.low_exclusive && limits.high == std::numeric_limits<double>::infinity()) {
        return "a number > " + format_number(limits.low);
    }
    return "a number in [" + format_number(limits.low) + ", " + format_number(limits.high) + "]";
}

bool number_ok(const Limits& limits, double value) {
    return std::isfinite(value) && (limits.low_exclusive ? value > limits.low : value >= limits.low) &&
           value <= limits.high;
}

// `value` rounded to float; beyond float's range an infinity, where a plain cast would be undefined.
float to_float(double value) {
    constexpr double rounds_to_infinity = 0x1.ffffffp127;
    if (std::abs(value) >= rounds_to_infinity) {
        return value > 0 ? std::numeric_limits<float>::infinity() : -std::numeric_limits<float>::infinity();
    }
    return static_cast<float>(value);
}

std::string expected_choice(std::span<const std::string_view> names) {
    std::string out;
    for (std::string_view name : names) out += (out.empty() ? "one of " : ", ") + single_quoted(name);
    return out;
}

int64_t read_integer(const KeySpec& key, const Input& in, std::string_view where) {
    const Limits& limits = key.limits;
    if (limits.count && (!in.node || in.node->is_string())) {
        const std::string_view text = in.node ? in.node->ref<std::string>() : in.text;
        return static_cast<int64_t>(
            parse_count(text, key_origin(where, key), static_cast<uint64_t>(limits.max)));
    }
    std::optional<int64_t> value;
    if (in.node && !in.node->is_integer()) fail(where, key, expected_integer(limits), type_name(*in.node));
    value = in.node ? std::optional(in.node->ref<int64_t>()) : parse_integer(in.text);
    if (!value || !integer_ok(limits, *value)) {
        fail(where, key, expected_integer(limits), in.node ? std::to_string(*value) : single_quoted(in.text));
    }
    return *value;
}

float read_float(const KeySpec& key, const Input& in, std::string_view where) {
    const Limits& limits = key.limits;
    std::optional<double> value;
    if (in.node) {
        if (!in.node->is_number()) fail(where, key, expected_number(limits), type_name(*in.node));
        value = in.node->is_integer() ? static_cast<double>(in.node->ref<int64_t>()) : in.node->ref<double>();
    } else {
        value = parse_number(in.text);
    }
    // Checked before narrowing and after it, which may overflow to infinity or underflow to 0.
    if (!value || !number_ok(limits, *value) || !number_ok(limits, to_float(*value))) {
        fail(where, key, expected_number(limits), in.node ? format_number(*value) : single_quoted(in.text));
    }
    return to_float(*value);
}

bool read_boolean(const KeySpec& key, const Input& in, std::string_view where) {
    if (in.node) {
        if (!in.node->is_boolean()) fail(where, key, "a boolean", type_name(*in.node));
        return in.node->ref<bool>();
    }
    const std::optional<bool> value = parse_boolean(in.text);
    if (!value) fail(where, key, "a boolean (true/false, on/off, yes/no, 1/0)", single_quoted(in.text));
    return *value;
}

std::string_view read_string(const KeySpec& key, std::string_view expected, const Input& in,
                             std::string_view where) {
    if (in.node && !in.node->is_string()) fail(where, key, expected, type_name(*in.node));
    return in.node ? std::string_view(in.node->ref<std::string>()) : in.text;
}

// Reads `in` as the value of `key`, validated against its type and limits, and stores it in `config`.
void assign(Config& config, const KeySpec& key, const Input& in, std::string_view where) {
    std::visit(
        [&](auto* field) {
            using T = std::remove_pointer_t<decltype(field)>;
            if constexpr (std::is_same_v<T, bool>) {
                *field = read_boolean(key, in, where);
                if (field == &config.render.occlusion) config.render.occlusion_chosen = true;
                if (field == &config.render.visibility_draws) config.render.visibility_draws_chosen = true;
            } else if constexpr (std::is_integral_v<T>) {
                *field = static_cast<T>(read_integer(key, in, where));
            } else if constexpr (std::is_same_v<T, float>) {
                *field = read_float(key, in, where);
            } else if constexpr (std::is_same_v<T, std::string>) {
                const std::string_view expected = key.limits.accepts ? key.limits.accepted : "a string";
                const std::string_view value = read_string(key, expected, in, where);
                if (key.limits.accepts && !key.limits.accepts(value))
                    fail(where, key, expected, single_quoted(value));
                *field = std::string(value);
            } else {
                const std::string expected = expected_choice(enum_names<T>);
                const std::string_view value = read_string(key, expected, in, where);
                const auto found = std::ranges::find(enum_names<T>, value);
                if (found == enum_names<T>.end()) fail(where, key, expected, single_quoted(value));
                *field = static_cast<T>(found - enum_names<T>.begin());
                if constexpr (std::is_same_v<T, RenderMode>) config.render.mode_chosen = true;
                if constexpr (std::is_same_v<T, CameraPath>) config.camera.path_chosen = true;
            }
        },
        key.field(config));
}

// Checks a value already in `config` against its key's limits, as if it had been read.
void check(Config& config, const KeySpec& key, std::string_view where) {
    std::visit(
        [&](auto* field) {
            using T = std::remove_pointer_t<decltype(field)>;
            if constexpr (std::is_same_v<T, bool>) {
                // every bool is valid
            } else if constexpr (std::is_integral_v<T>) {
                const bool ok = *field <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) &&
                                integer_ok(key.limits, static_cast<int64_t>(*field));
                if (!ok) fail(where, key, expected_integer(key.limits), std::to_string(*field));
            } else if constexpr (std::is_same_v<T, float>) {
                if (!number_ok(key.limits, *field))
                    fail(where, key, expected_number(key.limits), format_float(*field));
            } else if constexpr (std::is_same_v<T, std::string>) {
                if (key.limits.accepts && !key.limits.accepts(*field)) {
                    fail(where, key, key.limits.accepted, single_quoted(*field));
                }
            } else {
                const auto index = static_cast<size_t>(*field);
                if (index >= enum_names<T>.size()) {
                    fail(where, key, expected_choice(enum_names<T>), "enumerator " + std::to_string(index));
                }
            }
        },
        key.field(config));
}

std::string value_to_toml(Config& config, const KeySpec& key) {
    return std::visit(
        [](auto* field) -> std::string {
            using T = std::remove_pointer_t<decltype(field)>;
            if constexpr (std::is_same_v<T, bool>) {
                return *field ? "true" : "false";
            } else if constexpr (std::is_integral_v<T>) {
                return std::to_string(*field);
            } else if constexpr (std::is_same_v<T, float>) {
                return format_float(*field);
            } else if constexpr (std::is_same_v<T, std::string>) {
                return quote_toml(*field);
            } else {
                return quote_toml(enum_names<T>[static_cast<size_t>(*field)]);
            }
        },
        key.field(config));
}

// "(did you mean 'x'?)" when a candidate is close to `word`, else "(valid ...: a, b, c)".
std::string hint(std::string_view word, const std::vector<std::string_view>& candidates,
                 std::string_view what, std::string_view open = "'", std::string_view close = "'") {
    if (const auto match = closest_match(word, candidates)) {
        return "(did you mean " + std::string(open) + std::string(*match) + std::string(close) + "?)";
    }
    return "(valid " + std::string(what) + ": " + join(candidates) + ")";
}

// Where in the file `key` was written, as "PATH:LINE".
std::string location(std::string_view source_name, const toml::key& key) {
    return std::string(source_name) + ":" + std::to_string(key.source().begin.line);
}

// Loads one [section] table into `config`; throws on the first problem.
void load_section(Config& config, std::string_view section, const toml::table& table, std::string_view source,
                  std::vector<std::pair<uint32_t, std::string>>& problems) {
    for (auto&& [name, node] : table) {
        try {
            const std::string where = location(source, name);
            const KeySpec* key = find_key(section, name.str());
            if (key) {
                assign(config, *key, Input{.node = &node}, where);
                continue;
            }
            std::string message =
                where + ": unknown key " + single_quoted(name.str()) + " in [" + std::string(section) + "] ";
            if (const KeySpec* other = find_key_named(name.str())) {
                message += "(it belongs in [" + std::string(other->section) + "])";
            } else {
                message += hint(name.str(), key_names_in(section), "keys");
            }
            throw UsageError(message);
        } catch (const UsageError& error) {
            problems.emplace_back(name.source().begin.line, error.what());
        }
    }
}

}  // namespace

void load_config_text(Config& config, std::string_view toml_text, std::string_view source_name) {
    toml::table root;
    try {
        root = toml::parse(toml_text, source_name);
    } catch (const toml::parse_error& error) {
        throw UsageError(std::string(source_name) + ":" + std::to_string(error.source().begin.line) + ":" +
                         std::to_string(error.source().begin.column) +
                         ": TOML syntax error: " + printable(error.description(), 200));
    }
    // Every problem is collected so that the one reported is the first in the file, whatever toml++'s key
    // order; `config` changes only if the whole file is valid.
    Config loaded = config;
    std::vector<std::pair<uint32_t, std::string>> problems;
    const std::vector<std::string_view> sections = section_names();
    for (auto&& [name, node] : root) {
        const std::string where = location(source_name, name);
        const uint32_t line = name.source().begin.line;
        const bool known = std::ranges::find(sections, name.str()) != sections.end();
        if (known && node.is_table()) {
            load_section(loaded, name.str(), *node.as_table(), source_name, problems);
        } else if (known) {
            problems.emplace_back(line, where + ": '" + std::string(name.str()) + "' must be a section ([" +
                                            std::string(name.str()) + "]), got " +
                                            std::string(type_name(node)));
        } else if (node.is_table()) {
            problems.emplace_back(line, where + ": unknown section [" + printable(name.str()) + "] " +
                                            hint(name.str(), sections, "sections", "[", "]"));
        } else {
            const KeySpec* owner = find_key_named(name.str());
            problems.emplace_back(line, where + ": key " + single_quoted(name.str()) +
                                            " is outside any section " +
                                            (owner ? "(it belongs in [" + std::string(owner->section) + "])"
                                                   : "(sections: " + join(sections) + ")"));
        }
    }
    if (!problems.empty()) throw UsageError(std::ranges::min(problems).second);
    config = std::move(loaded);
}

void load_config_file(Config& config, const std::filesystem::path& path) {
    const std::string name = printable(path.string(), 200);
    std::error_code ignored;
    if (std::filesystem::is_directory(path, ignored))
        throw UsageError(name + ": cannot read file: is a directory");
    std::ifstream file(path, std::ios::binary);
    if (!file) throw UsageError(name + ": cannot read file");
    // Read at most one byte past the limit, so that an endless file (/dev/zero) is refused like a large one.
    std::string text(kMaxConfigBytes + 1, '\0');
    file.read(text.data(), static_cast<std::streamsize>(text.size()));
    if (file.bad()) throw UsageError(name + ": cannot read file");
    text.resize(static_cast<size_t>(file.gcount()));
    if (text.size() > kMaxConfigBytes)
        throw UsageError(name + ": larger than " + std::to_string(kMaxConfigBytes >> 20) +
                         " MiB; a configuration file is a few lines of TOML");
    load_config_text(config, text, path.string());
}

void apply_override(Config& config, std::string_view key, std::string_view value, std::string_view origin) {
    const size_t dot = key.find('.');
    const KeySpec* spec =
        dot == std::string_view::npos ? nullptr : find_key(key.substr(0, dot), key.substr(dot + 1));
    if (!spec) {
        std::vector<std::string> names;
        for (const KeySpec& k : keys()) names.push_back(full_name(k));
        const std::vector<std::string_view> name_views(names.begin(), names.end());
        throw UsageError(std::string(origin) + ": unknown key " + single_quoted(key) + " " +
                         hint(key, name_views, "keys"));
    }
    assign(config, *spec, Input{.text = value}, origin);
}

void validate(const Config& config) {
    constexpr std::string_view where = "configuration";
    Config copy = config;  // the key table's accessors take a mutable Config; nothing is written
    for (const KeySpec& key : keys()) check(copy, key, where);
    if (!(config.camera.far_plane > config.camera.near_plane)) {
        throw UsageError(std::string(where) + ": camera.far_plane (" + format_float(config.camera.far_plane) +
                         ") must be greater than camera.near_plane (" +
                         format_float(config.camera.near_plane) + ")");
    }
}

std::vector<std::string> config_keys() {
    std::vector<std::string> names;
    for (const KeySpec& key : keys()) names.push_back(full_name(key));
    return names;
}

std::string to_toml(const Config& config) {
    Config copy = config;  // the key table's accessors take a mutable Config; nothing is written
    std::string out;
    std::string_view section;
    for (const KeySpec& key : keys()) {
        if (key.section != section) {
            out += (out.empty() ? "[" : "\n[") + std::string(key.section) + "]\n";
            section = key.section;
        }
        out += std::string(key.name) + " = " + value_to_toml(copy, key) + "\n";
    }
    return out;
}

std::string mode_names_text(std::string_view separator, std::string_view last_separator) {
    std::string out;
    for (size_t i = 0; i < kModes.size(); ++i) {
        if (i > 0) out += i + 1 == kModes.size() ? last_separator : separator;
        out += kModes[i].name;
    }
    return out;
}

std::string_view to_string(RenderMode mode) {
    return render_mode_names[static_cast<size_t>(mode)];
}
std::string_view to_string(SceneKind kind) {
    return scene_kind_names[static_cast<size_t>(kind)];
}
std::string_view to_string(CameraPath path) {
    return camera_path_names[static_cast<size_t>(path)];
}

}  // namespace tessera
