#include "base/paths.h"

#include "base/error.h"

#include <cstdlib>

namespace tessera {

std::filesystem::path executable_dir() {
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::current_path() : exe.parent_path();
}

std::filesystem::path spirv_dir() {
    if (const char* env = std::getenv("TESSERA_SPIRV_DIR"); env && *env) return env;
    auto dir = executable_dir() / "spirv";
    if (!std::filesystem::is_directory(dir))
        throw Error("compiled shaders not found in " + dir.string() +
                    " (build with `make`, or set TESSERA_SPIRV_DIR)");
    return dir;
}

}  // namespace tessera
