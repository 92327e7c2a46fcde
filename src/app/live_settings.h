#pragma once
// Applying the overlay's live settings between runs of the frame loop (app/overlay.h): `tessera run` calls
// run_frames() again with the same Session, Overlay and, where possible, the same scene.
//
// What each change rebuilds:
//   mode, MSAA, camera path     the Renderer only (run_frames makes a new one; the old one waits for its own
//                               frames as it goes, not for the device)
//   cubes, scene, simulation    the scene too (RunScene), and a mode change that alters how it is made
//   vsync, frames in flight     the target too (Session::reconfigure: one device wait, between runs)
//
// Thread contract: main thread only, with no Renderer alive.

#include "app/run_loop.h"
#include "config/config.h"

#include <optional>

namespace tessera::app {

class Overlay;

// Rebuilds what `next` changes and tells the overlay the settings now in use. A configuration that cannot
// be built (a mode this GPU cannot run, more cubes than the mode or the GPU's memory takes) is refused: its
// reason goes to the overlay's message line and the log, and the last good configuration is kept (rebuilt
// if it had to be torn down). Throws only if the last good configuration cannot be rebuilt either.
void apply_live_settings(Session& session, std::optional<RunScene>& scene, const Config& next,
                         Overlay& overlay);

}  // namespace tessera::app
