#pragma once
// Where Tessera finds the files that ship beside its binary.

#include <filesystem>

namespace tessera {

// Folder of the running executable (from /proc/self/exe).
std::filesystem::path executable_dir();

// Compiled shaders: $TESSERA_SPIRV_DIR if set, else <executable_dir>/spirv. Throws tessera::Error if missing.
std::filesystem::path spirv_dir();

}  // namespace tessera
