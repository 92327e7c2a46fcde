#include "vk/shader_compiler.h"

#include "base/error.h"
#include "vk/spirv_check.h"

#include <shaderc/shaderc.hpp>

#include <fstream>
#include <set>
#include <sstream>

namespace tessera::vk {
namespace {

namespace fs = std::filesystem;

std::optional<shaderc_shader_kind> stage_of(const fs::path& path) {
    const std::string ext = path.extension().string();
    if (ext == ".vert") return shaderc_vertex_shader;
    if (ext == ".frag") return shaderc_fragment_shader;
    if (ext == ".comp") return shaderc_compute_shader;
    if (ext == ".mesh") return shaderc_mesh_shader;
    if (ext == ".task") return shaderc_task_shader;
    return std::nullopt;
}

std::optional<std::string> read_text(const fs::path& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) return std::nullopt;
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

// Resolves "x" against the includer's folder, then the root shader's folder; records every file it serves.
class Includer : public shaderc::CompileOptions::IncluderInterface {
public:
    Includer(fs::path root_dir, std::set<fs::path>& seen) : root_dir_(std::move(root_dir)), seen_(seen) {}

    shaderc_include_result* GetInclude(const char* requested, shaderc_include_type, const char* requesting,
                                       size_t) override {
        auto* result = new Result;
        const fs::path includer_dir = fs::path(requesting).parent_path();
        for (const fs::path& dir : {includer_dir, root_dir_}) {
            const fs::path candidate = (dir / requested).lexically_normal();
            if (std::optional<std::string> text = read_text(candidate)) {
                result->name = candidate.string();
                result->content = std::move(*text);
                seen_.insert(candidate);
                break;
            }
        }
        if (result->name.empty()) result->content = "cannot open include file " + std::string(requested);
        result->header = {result->name.data(), result->name.size(), result->content.data(),
                          result->content.size(), result};
        return &result->header;
    }
    void ReleaseInclude(shaderc_include_result* data) override {
        delete static_cast<Result*>(data->user_data);
    }

private:
    struct Result {
        std::string name, content;  // an empty name tells shaderc the include failed; content is the reason
        shaderc_include_result header{};
    };
    fs::path root_dir_;
    std::set<fs::path>& seen_;
};

}  // namespace

bool is_shader_stage_file(const fs::path& path) {
    return stage_of(path).has_value();
}

struct ShaderCompiler::Impl {
    shaderc::Compiler compiler;
};

ShaderCompiler::ShaderCompiler() : impl_(std::make_unique<Impl>()) {
    if (!impl_->compiler.IsValid()) throw Error("shaderc: the compiler could not be initialised");
}
ShaderCompiler::~ShaderCompiler() = default;

CompiledShader ShaderCompiler::compile(const fs::path& source) const {
    CompiledShader out;
    const std::optional<shaderc_shader_kind> kind = stage_of(source);
    const std::optional<std::string> text = read_text(source);
    if (!kind || !text) {
        out.error =
            source.string() + ": error: " + (kind ? "cannot read the file" : "not a shader stage file");
        return out;
    }
    std::set<fs::path> seen;
    shaderc::CompileOptions options;
    options.SetTargetEnvironment(shaderc_target_env_vulkan, shaderc_env_version_vulkan_1_3);
    options.SetTargetSpirv(shaderc_spirv_version_1_6);
    options.SetOptimizationLevel(shaderc_optimization_level_performance);
    options.SetGenerateDebugInfo();
    options.SetWarningsAsErrors();
    options.SetIncluder(std::make_unique<Includer>(source.parent_path(), seen));
    const shaderc::SpvCompilationResult result =
        impl_->compiler.CompileGlslToSpv(*text, *kind, source.string().c_str(), options);
    out.includes.assign(seen.begin(), seen.end());
    if (result.GetCompilationStatus() != shaderc_compilation_status_success) {
        out.error = result.GetErrorMessage();
        if (out.error.empty()) out.error = source.string() + ": error: compilation failed";
        return out;
    }
    out.spirv.assign(result.cbegin(), result.cend());
    try {
        check_spirv(out.spirv, source.string());
    } catch (const Error& e) {
        out.spirv.clear();
        out.error = e.what();
    }
    return out;
}

}  // namespace tessera::vk
