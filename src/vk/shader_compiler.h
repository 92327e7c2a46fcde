#pragma once
// Run-time GLSL -> SPIR-V compilation through shaderc, for shader hot reload (app/hot_reload.h). It compiles
// as the build does (cmake/Shaders.cmake: Vulkan 1.3, optimised, debug info, warnings as errors), resolving
// `#include "x"` against the including file's folder, then the shader folder, and reports every file it
// read, so a change to an included file can recompile each shader that includes it.
//
// Linked against the static libshaderc_combined.a and glslang's static libraries (docs/ARCHITECTURE.md says
// why not Debian 12's libshaderc.so).
//
// Thread contract: a ShaderCompiler is used by one thread at a time; different instances may run at once.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tessera::vk {

struct CompiledShader {
    std::vector<uint32_t> spirv;                  // empty when the compile failed
    std::string error;                            // the compiler's "file:line: error: ..." lines, else empty
    std::vector<std::filesystem::path> includes;  // every file #included, directly or not
    bool ok() const { return error.empty(); }
};

// The shader stage of a source name (".vert", ".frag", ".comp", ".mesh", ".task"), or none.
bool is_shader_stage_file(const std::filesystem::path& path);

class ShaderCompiler {
public:
    ShaderCompiler();
    ~ShaderCompiler();
    ShaderCompiler(const ShaderCompiler&) = delete;
    ShaderCompiler& operator=(const ShaderCompiler&) = delete;

    // Compiles `source` (a stage file, see is_shader_stage_file). Never throws for bad GLSL: the result holds
    // the message; the SPIR-V is validated (vk/spirv_check.h) before it is returned as good.
    CompiledShader compile(const std::filesystem::path& source) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace tessera::vk
