// libFuzzer target: any bytes as a TOML configuration. A UsageError is the expected answer to bad input;
// anything else escaping (another exception, a crash, a sanitizer report, a hang) is a finding. Text that
// loads and validates must survive the to_toml round trip unchanged, as config.h promises.
#include "base/error.h"
#include "config/config.h"

#include <spdlog/spdlog.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    spdlog::set_level(spdlog::level::off);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    tessera::Config config;
    try {
        tessera::load_config_text(config, text, "fuzz.toml");
        tessera::validate(config);
    } catch (const tessera::UsageError&) {
        return 0;
    }
    const std::string written = tessera::to_toml(config);
    tessera::Config again;
    try {
        tessera::load_config_text(again, written, "round-trip");
    } catch (const tessera::UsageError& e) {
        std::fprintf(stderr, "to_toml output does not load back: %s\n%s\n", e.what(), written.c_str());
        std::abort();
    }
    if (tessera::to_toml(again) != written) {
        std::fprintf(stderr, "to_toml round trip changed the configuration:\n%s\n---\n%s\n", written.c_str(),
                     tessera::to_toml(again).c_str());
        std::abort();
    }
    return 0;
}
