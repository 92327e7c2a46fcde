#pragma once
// Logging is spdlog's default logger, used directly (spdlog::info(...)). This sets it up once at start-up.

#include <spdlog/spdlog.h>

#include <string_view>

namespace tessera {

// Valid levels: trace, debug, info, warn, error, critical, off. Throws UsageError on anything else.
void init_logging(std::string_view level);

// Parses a level name; returns false for an unknown name.
bool parse_log_level(std::string_view name, spdlog::level::level_enum& out);

}  // namespace tessera
