# tessera_warnings: the warning set every Tessera target builds with. Third-party headers come in as SYSTEM
# includes, so these apply to our code alone.
add_library(tessera_warnings INTERFACE)
target_compile_options(tessera_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wno-missing-field-initializers)

# TESSERA_PCH: every target that takes the warning set also precompiles the standard and logging headers that
# most of its files include, once per target. A clean build compiles four times in CI (the build, two
# sanitizers, the fuzzers): this is what keeps that inside its time. Only headers whose meaning does not depend
# on a target's definitions belong here (no Vulkan: VK_NO_PROTOTYPES is per target).
option(TESSERA_PCH "Precompile the common standard and logging headers" ON)
if(TESSERA_PCH)
    target_precompile_headers(tessera_warnings INTERFACE
        <algorithm> <array> <cstdint> <cstring> <filesystem> <functional> <memory> <optional> <span> <string>
        <string_view> <vector> <spdlog/spdlog.h>)
endif()
