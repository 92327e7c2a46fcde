// libFuzzer target: the command line. The input is split on NUL or newline into argv (after "tessera").
// A UsageError is the expected answer to bad input; anything else escaping, a crash, a sanitizer report or a
// hang is a finding. Run it in a folder without tessera.toml (parse_command_line reads one when present).
#include "app/cli.h"
#include "base/error.h"

#include <spdlog/spdlog.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    spdlog::set_level(spdlog::level::off);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::vector<std::string> args{"tessera"};
    std::string current;
    for (size_t i = 0; i < size; ++i) {
        const char c = static_cast<char>(data[i]);
        if (c == '\0' || c == '\n') {
            args.push_back(std::move(current));
            current.clear();
        } else {
            current.push_back(c);
        }
    }
    if (!current.empty()) args.push_back(std::move(current));
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    try {
        (void)tessera::app::parse_command_line(static_cast<int>(args.size()), argv.data());
    } catch (const tessera::UsageError&) {
    }
    return 0;
}
