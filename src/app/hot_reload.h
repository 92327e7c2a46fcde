#pragma once
// Shader and configuration hot reload (`--watch`, `[debug] hot_reload`).
//
//   watcher thread                                         frame-loop thread, between frames (apply)
//   ──────────────                                         ─────────────────────────────────────────
//   inotify on the shader folder and the config file's     takes the finished results (mutex-protected queue):
//   folder; a change, once writes settle (~50 ms), →       good SPIR-V → vk::shader_library; then the
//   recompile every stage file that is or includes a       renderer rebuilds the pipelines using it (old ones
//   changed file (vk::ShaderCompiler), or re-read the      to its deletion queue); errors → one log line each;
//   config file                                            config text → live keys applied, others reported
//
// A shader that fails to compile keeps its last good code and pipeline; its message (the compiler's
// "file:line: error: ...") is logged once and kept as latest_error() until that file compiles again.
//
// Thread contract: construct, apply(), latest_error() and destroy on the frame-loop thread; the watcher
// thread only compiles and reads files, and touches nothing of the renderer.

#include "config/config.h"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tessera::render {
class Renderer;
}

namespace tessera::app {

// The GLSL sources: `config.debug.shader_dir`, else the source tree's shaders/ recorded at build time.
std::filesystem::path shader_source_dir(const Config& config);

struct HotReloadDesc {
    std::filesystem::path shader_dir;   // watched, with every stage file (.vert .frag .comp ...) in it
    std::filesystem::path config_file;  // watched too when not empty
};

// What one apply() did.
struct HotReloadReport {
    std::vector<std::string> compiled;           // shader names whose new code was taken
    std::vector<std::string> errors;             // one line per failed compile or pipeline rebuild
    std::vector<std::string> pipelines_rebuilt;  // each by its shaders ("cube.vert + cube.frag")
    std::vector<std::string> live_keys;          // configuration keys applied
    std::vector<std::string> restart_keys;       // configuration keys that need a restart
    bool config_error = false;                   // the changed file did not load; the old config stays
    bool empty() const;
};

class HotReload {
public:
    // Starts watching. Throws UsageError when the shader folder (or the config file) does not exist, Error
    // when inotify cannot start.
    explicit HotReload(const HotReloadDesc& desc);
    ~HotReload();  // stops and joins the watcher
    HotReload(const HotReload&) = delete;
    HotReload& operator=(const HotReload&) = delete;

    // Between frames: takes what the watcher finished since the last call, rebuilds the affected pipelines of
    // `renderer` and applies live configuration keys to `config`; logs what it did. Never throws for bad
    // shaders or configuration.
    HotReloadReport apply(render::Renderer& renderer, Config& config);

    // The newest compile error of a shader that has not compiled since (for the overlay), else nothing.
    std::optional<std::string> latest_error() const;
    // Shader names (e.g. "cube.frag") that a change to `file` recompiles: the stage files that are it or
    // include it, as known from the last compiles (or the #include lines at start).
    std::vector<std::string> dependants(const std::filesystem::path& file) const;

private:
    struct Shared;
    std::shared_ptr<Shared> shared_;  // the queue and the include graph, shared with the watcher
    struct Watcher;
    std::unique_ptr<Watcher> watcher_;
    std::string config_text_;                                   // the config file as last applied
    std::vector<std::pair<std::string, std::string>> failing_;  // shader name -> its error, oldest first
};

}  // namespace tessera::app
