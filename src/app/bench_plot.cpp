#include "app/bench_plot.h"

#include "base/error.h"
#include "base/paths.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <vector>

extern char** environ;

namespace tessera::app {
namespace {

constexpr int kExitNoMatplotlib = 3;  // scripts/plot_bench.py's code for a missing matplotlib
constexpr const char* kInstallHint =
    "install Debian's python3-matplotlib (apt-get install python3-matplotlib)";

std::string python_interpreter() {
    if (const char* chosen = std::getenv("TESSERA_PYTHON"); chosen && *chosen) return chosen;
    if (access("/usr/bin/python3", X_OK) == 0) return "/usr/bin/python3";
    return "python3";
}

// The last non-empty line of `text`.
std::string last_line(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    const size_t newline = text.rfind('\n');
    return newline == std::string::npos ? text : text.substr(newline + 1);
}

}  // namespace

void plot_bench(const std::string& json_path, const std::string& plot_path) {
    const std::string script = (executable_dir() / "scripts" / "plot_bench.py").string();
    if (!std::filesystem::exists(script))
        throw Error("--plot: " + script + " is missing (it is copied beside the binary at build time)");
    const std::string python = python_interpreter();
    std::vector<std::string> args = {python, script, json_path, plot_path};
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);

    // The script's stderr comes back through a pipe, so that its message becomes our one error line.
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) throw Error(std::string("--plot: pipe: ") + std::strerror(errno));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[1]);
    pid_t pid = 0;
    const int spawned = posix_spawnp(&pid, python.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(pipe_fds[1]);
    if (spawned != 0) {
        close(pipe_fds[0]);
        throw Error("--plot: cannot run " + python + " (" + std::strerror(spawned) + "): " + kInstallHint);
    }
    std::string messages;
    char chunk[512];
    for (ssize_t n; (n = read(pipe_fds[0], chunk, sizeof chunk)) != 0;) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        if (messages.size() < 65536) messages.append(chunk, static_cast<size_t>(n));
    }
    close(pipe_fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return;
    const std::string said = last_line(messages);
    if (WIFEXITED(status) && WEXITSTATUS(status) == kExitNoMatplotlib)
        throw Error("--plot: matplotlib is missing for " + python + ": " + kInstallHint);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        throw Error("--plot: cannot run " + python + ": " + kInstallHint);
    throw Error("--plot: " + (said.empty() ? python + " " + script + " failed" : said));
}

}  // namespace tessera::app
