#pragma once
// The SPIR-V each shader name ("cube.frag") stands for: the build-time file <spirv_dir>/<name>.spv, unless
// shader hot reload (app/hot_reload.h) has replaced it with a run-time compile. Each name has a generation,
// 0 for the build-time file, raised by every replacement, so a pipeline can tell whether it was built from
// the current code (render/reloadable_pipeline.h). Replacements last for the process (a later renderer in
// the same run, such as the benchmark's next mode, starts from them).
//
// Thread contract: the frame-loop thread only; compiles happen elsewhere and are handed over between frames.

#include <cstdint>
#include <string_view>
#include <vector>

namespace tessera::vk::shader_library {

// The current code of `name`. Throws Error like read_spirv for a build-time file that is missing or damaged.
std::vector<uint32_t> code(std::string_view name);
uint64_t generation(std::string_view name);
// Makes `spirv` (validated by the caller) the code of `name` and raises its generation.
void replace(std::string_view name, std::vector<uint32_t> spirv);
// Forgets every replacement (tests).
void reset();

}  // namespace tessera::vk::shader_library
