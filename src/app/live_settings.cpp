#include "app/live_settings.h"

#include "app/overlay.h"
#include "base/error.h"
#include "config/modes.h"
#include "render/gpu_scene.h"
#include "render/mode.h"
#include "scene/generator.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace tessera::app {
namespace {

// Whether a scene built for `a` cannot serve `b`.
bool scene_differs(const Config& a, const Config& b) {
    const bool streamed = b.scene.simulate && !b.scene.simulate_on_gpu;
    return a.scene.cubes != b.scene.cubes || a.scene.kind != b.scene.kind || a.scene.seed != b.scene.seed ||
           a.scene.simulate != b.scene.simulate || a.scene.simulate_on_gpu != b.scene.simulate_on_gpu ||
           compact_scene(a) != compact_scene(b) ||
           // a streamed scene has one copy per frame in flight, and a CPU-culling mode wants a host mirror
           (streamed && a.performance.frames_in_flight != b.performance.frames_in_flight) ||
           (streamed && mode_info(a.render.mode).culls_on_cpu != mode_info(b.render.mode).culls_on_cpu) ||
           // the scene's memory check counts what the mode allocates per cube
           mode_info(a.render.mode).gpu_bytes_per_cube < mode_info(b.render.mode).gpu_bytes_per_cube;
}

void build(Session& session, std::optional<RunScene>& scene, const Config& next) {
    if (!render::can_run(next.render.mode, session.device().caps()))
        throw UsageError(fmt::format("{} cannot run --mode {}", session.device().gpu().name(),
                                     to_string(next.render.mode)));
    if (next.scene.cubes > mode_info(next.render.mode).max_cubes)
        throw UsageError(fmt::format("--mode {} draws at most {} cubes; {} were asked for",
                                     to_string(next.render.mode), mode_info(next.render.mode).max_cubes,
                                     next.scene.cubes));
    const Config previous = session.config();
    session.reconfigure(next);
    if (scene && !scene_differs(previous, next)) return;
    scene.reset();  // its memory goes before the new scene's is checked and allocated
    scene.emplace(session, scene::SceneDesc{next.scene.kind, next.scene.seed, next.scene.cubes},
                  next.render.mode);
}

}  // namespace

void apply_live_settings(Session& session, std::optional<RunScene>& scene, const Config& next,
                         Overlay& overlay) {
    const Config previous = session.config();
    try {
        build(session, scene, next);
        overlay.set_message({});
        spdlog::info(
            "overlay: applied mode {}, {} {} cubes, {}x MSAA, vsync {}, {} in flight, simulate {}, "
            "camera {}; statistics restart",
            to_string(next.render.mode), next.scene.cubes, to_string(next.scene.kind),
            next.graphics.msaa_samples, next.window.vsync ? "on" : "off", next.performance.frames_in_flight,
            !next.scene.simulate         ? "off"
            : next.scene.simulate_on_gpu ? "gpu"
                                         : "cpu",
            to_string(next.camera.path));
    } catch (const Error& e) {
        build(session, scene, previous);
        overlay.set_message(std::string("settings not applied: ") + e.what());  // logged there
    }
    overlay.set_current(session.config());
}

}  // namespace tessera::app
