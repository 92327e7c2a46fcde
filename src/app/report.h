#pragma once
// Run reports: the statistics block printed at the end of a run, and the same as JSON (--stats-json) with a
// context block that says where and how the numbers were measured.

#include "app/run_loop.h"
#include "base/error.h"

#include <cstdint>
#include <new>
#include <string>

namespace tessera {
class JsonWriter;
}
namespace tessera::render {
class GpuScene;
}

namespace tessera::app {

// Writes the "context" object's fields (GPU, driver, Vulkan version, CPU, resolution, git commit, date, ...).
void write_context(JsonWriter& json, Session& session);
// Writes one run's results as an object's fields (frames, fps and 1% / 0.1% low fps, frame/cpu/gpu ms,
// scopes, visible, memory).
void write_run_fields(JsonWriter& json, const RunResult& result);

// Human-readable summary on stdout. Throws Error if stdout cannot be written (base/atomic_file.h
// check_stdout).
void print_run_summary(Session& session, const render::GpuScene& scene, const RunResult& result);

// The --stats-json document: {"context": {...}, "run": {...}}.
std::string run_stats_json(Session& session, const render::GpuScene& scene, const RunResult& result);

// A cube count as the bench prints it: 2000 -> "2k", 1000000 -> "1M", 1234 -> "1234".
std::string count_text(uint64_t n);

// The end of a command: ok, or (with one error line) validation_errors when the validation layer reported any.
ExitCode validation_exit_code(uint32_t validation_errors);

// Runs f; returns "" on success, else why it failed (an Error's message, or running out of host memory). The
// bench reports such a run as skipped with the reason.
template <typename F>
std::string attempt(F&& f) {
    try {
        f();
        return {};
    } catch (const Error& e) {
        return e.what();
    } catch (const std::bad_alloc&) {
        return "out of host memory";
    }
}

}  // namespace tessera::app
