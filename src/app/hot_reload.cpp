#include "app/hot_reload.h"

#include "app/config_watch.h"
#include "base/error.h"
#include "render/renderer.h"
#include "vk/shader_compiler.h"
#include "vk/shader_library.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

namespace tessera::app {
namespace fs = std::filesystem;

namespace {

constexpr int kSettleMs = 50;  // writes to a file often come in several events; compile once they stop

std::optional<std::string> read_file(const fs::path& path, size_t limit) {
    std::ifstream file(path, std::ios::binary);
    if (!file) return std::nullopt;
    std::string text(limit + 1, '\0');
    file.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<size_t>(file.gcount()));
    return text;
}

// The files `source` includes, directly or not, from its `#include "x"` lines (resolved in its folder).
void scan_includes(const fs::path& source, std::set<fs::path>& out) {
    std::ifstream file(source);
    std::string line;
    while (std::getline(file, line)) {
        const size_t at = line.find("#include \"");
        if (at == std::string::npos || line.find_first_not_of(" \t") != at) continue;
        const size_t begin = at + 10, end = line.find('"', begin);
        if (end == std::string::npos) continue;
        const fs::path included = (source.parent_path() / line.substr(begin, end - begin)).lexically_normal();
        if (out.insert(included).second) scan_includes(included, out);
    }
}

std::string first_line_of(const std::string& message) {
    std::istringstream lines(message);
    std::string first, line;
    size_t more = 0;
    std::getline(lines, first);
    while (std::getline(lines, line))
        if (line.find("error") != std::string::npos) ++more;
    return more ? fmt::format("{} (and {} more error line(s))", first, more) : first;
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

}  // namespace

fs::path shader_source_dir(const Config& config) {
    if (!config.debug.shader_dir.empty()) return config.debug.shader_dir;
    return TESSERA_SHADER_SOURCE_DIR;
}

bool HotReloadReport::empty() const {
    return compiled.empty() && errors.empty() && live_keys.empty() && restart_keys.empty() && !config_error;
}

// One finished piece of work, handed from the watcher to apply().
struct Finished {
    bool config = false;  // the config file's new text; else a shader compile
    std::string name;     // shader name ("cube.frag")
    vk::CompiledShader shader;
    std::string text;
    double compile_ms = 0;  // the whole batch's, on the watcher thread
};

struct HotReload::Shared {
    fs::path shader_dir, config_file;  // absolute
    mutable std::mutex mutex;          // guards everything below
    std::vector<Finished> finished;
    std::map<fs::path, std::set<fs::path>> includes;  // stage file -> every file it includes

    std::vector<fs::path> stage_files_including(const fs::path& file) const {
        std::vector<fs::path> out;
        std::lock_guard lock(mutex);
        if (vk::is_shader_stage_file(file) && fs::exists(file)) out.push_back(file);
        for (const auto& [stage, included] : includes)
            if (included.contains(file) && stage != file) out.push_back(stage);
        return out;
    }
};

// The inotify watches and the thread reading them; stop_ (a pipe) wakes it to finish.
struct HotReload::Watcher {
    std::shared_ptr<Shared> shared;
    int inotify = -1, stop_read = -1, stop_write = -1;
    int shader_watch = -1, config_watch = -1;
    std::thread thread;

    ~Watcher() {
        if (thread.joinable()) {
            const char byte = 1;
            if (::write(stop_write, &byte, 1) != 1) spdlog::warn("hot reload: cannot wake the watcher");
            thread.join();
        }
        for (const int fd : {inotify, stop_read, stop_write})
            if (fd >= 0) ::close(fd);
    }

    // Waits up to `timeout_ms` for events and adds the paths they name; false once stop was asked.
    bool wait(int timeout_ms, std::set<fs::path>& changed, bool& any) {
        pollfd fds[2] = {{inotify, POLLIN, 0}, {stop_read, POLLIN, 0}};
        any = false;
        if (::poll(fds, 2, timeout_ms) < 0) return errno == EINTR;
        if (fds[1].revents) return false;
        if (!(fds[0].revents & POLLIN)) return true;
        alignas(inotify_event) char buffer[16384];
        const ssize_t bytes = ::read(inotify, buffer, sizeof buffer);
        for (ssize_t at = 0; at < bytes;) {
            const auto* event = reinterpret_cast<const inotify_event*>(buffer + at);
            if (event->len) {
                const fs::path& dir =
                    event->wd == shader_watch ? shared->shader_dir : shared->config_file.parent_path();
                changed.insert(dir / event->name);
                any = true;
            }
            at += static_cast<ssize_t>(sizeof(inotify_event) + event->len);
        }
        return true;
    }

    void run() {
        vk::ShaderCompiler compiler;
        std::set<fs::path> changed;
        bool any = false;
        while (wait(-1, changed, any)) {
            while (any)  // let the writes settle
                if (!wait(kSettleMs, changed, any)) return;
            handle(compiler, changed);
            changed.clear();
        }
    }

    void handle(const vk::ShaderCompiler& compiler, const std::set<fs::path>& changed) {
        std::set<fs::path> stages;
        for (const fs::path& file : changed) {
            if (!shared->config_file.empty() && file == shared->config_file) {
                if (std::optional<std::string> text = read_file(file, kMaxConfigBytes)) {
                    std::lock_guard lock(shared->mutex);
                    shared->finished.push_back({.config = true, .text = std::move(*text)});
                }
            }
            if (file.parent_path() == shared->shader_dir)
                for (const fs::path& stage : shared->stage_files_including(file)) stages.insert(stage);
        }
        // One change's compiles are handed over together, so that its pipelines are rebuilt between the same
        // two frames.
        std::vector<Finished> batch;
        const auto start = std::chrono::steady_clock::now();
        for (const fs::path& stage : stages)
            batch.push_back({.name = stage.filename().string(), .shader = compiler.compile(stage)});
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        for (Finished& item : batch) item.compile_ms = ms;
        std::lock_guard lock(shared->mutex);
        for (Finished& item : batch) {
            std::set<fs::path>& includes = shared->includes[shared->shader_dir / item.name];
            if (item.shader.ok()) includes.clear();  // a failed compile may have stopped before some includes
            includes.insert(item.shader.includes.begin(), item.shader.includes.end());
            shared->finished.push_back(std::move(item));
        }
    }
};

HotReload::HotReload(const HotReloadDesc& desc) : shared_(std::make_shared<Shared>()) {
    std::error_code ec;
    shared_->shader_dir = fs::weakly_canonical(desc.shader_dir, ec);
    if (ec || !fs::is_directory(shared_->shader_dir))
        throw UsageError("--shader-dir " + printable(desc.shader_dir.string()) + ": no such folder");
    if (!desc.config_file.empty()) {
        shared_->config_file = fs::weakly_canonical(desc.config_file, ec);
        std::optional<std::string> text = read_file(shared_->config_file, kMaxConfigBytes);
        if (!text) throw UsageError("hot reload: cannot read " + printable(desc.config_file.string()));
        config_text_ = std::move(*text);
    }
    for (const fs::directory_entry& entry : fs::directory_iterator(shared_->shader_dir))
        if (vk::is_shader_stage_file(entry.path()))
            scan_includes(entry.path(), shared_->includes[entry.path()]);

    watcher_ = std::make_unique<Watcher>();
    watcher_->shared = shared_;
    int pipe_fds[2];
    watcher_->inotify = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
    if (watcher_->inotify < 0 || ::pipe2(pipe_fds, O_CLOEXEC) != 0)
        throw Error(std::string("hot reload: cannot watch files: ") + std::strerror(errno));
    watcher_->stop_read = pipe_fds[0];
    watcher_->stop_write = pipe_fds[1];
    constexpr uint32_t kEvents = IN_CLOSE_WRITE | IN_MOVED_TO | IN_CREATE;
    watcher_->shader_watch = inotify_add_watch(watcher_->inotify, shared_->shader_dir.c_str(), kEvents);
    if (!shared_->config_file.empty())
        watcher_->config_watch =
            inotify_add_watch(watcher_->inotify, shared_->config_file.parent_path().c_str(), kEvents);
    if (watcher_->shader_watch < 0 || (!shared_->config_file.empty() && watcher_->config_watch < 0))
        throw Error(std::string("hot reload: cannot watch files: ") + std::strerror(errno));
    watcher_->thread = std::thread([watcher = watcher_.get()] {
        try {
            watcher->run();
        } catch (const std::exception& e) {  // shaderc failing to start: reload stops, the run goes on
            spdlog::error("hot reload: the watcher stopped: {}", e.what());
        }
    });
    spdlog::info("hot reload: watching {}{}", shared_->shader_dir.string(),
                 shared_->config_file.empty() ? "" : " and " + shared_->config_file.string());
}

HotReload::~HotReload() = default;

HotReloadReport HotReload::apply(render::Renderer& renderer, Config& config) {
    std::vector<Finished> finished;
    {
        std::lock_guard lock(shared_->mutex);
        finished.swap(shared_->finished);
    }
    HotReloadReport report;
    const std::string* config_text = nullptr;
    double compile_ms = 0;
    for (Finished& item : finished) {
        if (item.config) {
            config_text = &item.text;  // the newest wins
            continue;
        }
        std::erase_if(failing_, [&](const auto& failure) { return failure.first == item.name; });
        compile_ms = std::max(compile_ms, item.compile_ms);
        if (item.shader.ok()) {
            vk::shader_library::replace(item.name, std::move(item.shader.spirv));
            report.compiled.push_back(item.name);
            continue;
        }
        const std::string line = first_line_of(item.shader.error);
        spdlog::error("hot reload: {}", line);
        report.errors.push_back(line);
        failing_.emplace_back(item.name, item.shader.error);
    }
    if (!report.compiled.empty()) {
        const auto start = std::chrono::steady_clock::now();
        const render::ReloadReport rebuilt = renderer.reload_pipelines();
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        report.pipelines_rebuilt = rebuilt.rebuilt;
        for (const std::string& error : rebuilt.errors) {
            spdlog::error("hot reload: {} (the old pipeline stays)", error);
            report.errors.push_back(error);
        }
        spdlog::info("hot reload: compiled {} in {:.0f} ms; {} pipeline(s) rebuilt in {:.1f} ms",
                     joined(report.compiled), compile_ms, report.pipelines_rebuilt.size(), ms);
    }
    if (config_text && *config_text != config_text_) {
        try {
            const ConfigChange change =
                apply_config_change(config, config_text_, *config_text, shared_->config_file.string());
            config_text_ = *config_text;
            report.live_keys = change.live;
            report.restart_keys = change.restart;
            if (!change.live.empty()) spdlog::info("hot reload: config: applied {}", joined(change.live));
            if (!change.restart.empty())
                spdlog::warn("hot reload: config: {} changed; needs a restart", joined(change.restart));
        } catch (const UsageError& e) {
            spdlog::error("hot reload: {} (the configuration stays as it was)", e.what());
            report.config_error = true;
        }
    }
    return report;
}

std::optional<std::string> HotReload::latest_error() const {
    if (failing_.empty()) return std::nullopt;
    return first_line_of(failing_.back().second);
}

std::vector<std::string> HotReload::dependants(const fs::path& file) const {
    std::vector<std::string> names;
    for (const fs::path& stage :
         shared_->stage_files_including((shared_->shader_dir / file).lexically_normal()))
        names.push_back(stage.filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace tessera::app
