#include "app/config_watch.h"

#include "base/error.h"
#include "base/log.h"

#include <algorithm>
#include <map>
#include <sstream>

namespace tessera::app {
namespace {

// "section.key" -> "key = value" line, from to_toml.
std::map<std::string, std::string> key_lines(const Config& config) {
    std::map<std::string, std::string> lines;
    std::istringstream text(to_toml(config));
    std::string line, section;
    while (std::getline(text, line)) {
        if (line.empty()) continue;
        if (line.front() == '[') {
            section = line.substr(1, line.size() - 2);
            continue;
        }
        lines[section + "." + line.substr(0, line.find(' '))] = line;
    }
    return lines;
}

Config loaded(std::string_view text, std::string_view source_name) {
    Config config;
    load_config_text(config, text, source_name);
    validate(config);
    return config;
}

}  // namespace

bool is_live_key(std::string_view key) {
    static constexpr std::string_view kLive[] = {"camera.path",       "camera.fov_degrees",
                                                 "camera.near_plane", "camera.far_plane",
                                                 "camera.speed",      "debug.log_level"};
    return std::ranges::find(kLive, key) != std::end(kLive);
}

ConfigChange apply_config_change(Config& running, std::string_view old_text, std::string_view new_text,
                                 std::string_view source_name) {
    const auto after = key_lines(loaded(new_text, source_name));
    std::map<std::string, std::string> before;
    try {
        before = key_lines(loaded(old_text, source_name));
    } catch (const UsageError&) {  // the old text was never good: every key the new one sets counts
        before = key_lines(Config{});
    }
    ConfigChange change;
    Config updated = running;
    for (const auto& [key, line] : after) {
        if (before[key] == line) continue;
        if (!is_live_key(key)) {
            change.restart.push_back(key);
            continue;
        }
        const std::string section = key.substr(0, key.find('.'));
        load_config_text(updated, "[" + section + "]\n" + line + "\n", source_name);
        change.live.push_back(key);
    }
    validate(updated);  // e.g. a new near plane beyond the running far plane
    running = std::move(updated);
    spdlog::level::level_enum level{};
    if (std::ranges::find(change.live, "debug.log_level") != change.live.end() &&
        parse_log_level(running.debug.log_level, level))
        spdlog::set_level(level);
    return change;
}

}  // namespace tessera::app
