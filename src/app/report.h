#pragma once
// Run reports: the statistics block printed at the end of a run, and the same as JSON (--stats-json) with a
// context block that says where and how the numbers were measured.

#include "app/run_loop.h"

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

}  // namespace tessera::app
