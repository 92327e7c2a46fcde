#include "base/log.h"

#include "base/error.h"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace tessera {

bool parse_log_level(std::string_view name, spdlog::level::level_enum& out) {
    static constexpr std::pair<std::string_view, spdlog::level::level_enum> levels[] = {
        {"trace", spdlog::level::trace}, {"debug", spdlog::level::debug},
        {"info", spdlog::level::info},   {"warn", spdlog::level::warn},
        {"error", spdlog::level::err},   {"critical", spdlog::level::critical},
        {"off", spdlog::level::off}};
    for (const auto& [n, level] : levels) {
        if (n == name) {
            out = level;
            return true;
        }
    }
    return false;
}

void init_logging(std::string_view level) {
    spdlog::level::level_enum parsed{};
    if (!parse_log_level(level, parsed)) throw UsageError("unknown log level '" + std::string(level) + "'");
    static bool initialised = false;
    if (!initialised) {
        // Log lines go to stderr so that stdout carries only results (statistics, tables, `info`).
        auto logger = spdlog::stderr_color_mt("tessera");
        logger->set_pattern("[%H:%M:%S.%e] [%^%l%$] %v");
        spdlog::set_default_logger(logger);
        initialised = true;
    }
    spdlog::set_level(parsed);
}

}  // namespace tessera
