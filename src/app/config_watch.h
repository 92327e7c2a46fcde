#pragma once
// What a changed configuration file means for a running renderer (hot reload, app/hot_reload.h). The keys
// the frame loop reads every frame change live; every other key changed in the file is reported as needing a
// restart (mode, MSAA, cube count, window size, ... rebuild the renderer or the session).
//
// Thread contract: pure functions; any thread.

#include "config/config.h"

#include <string>
#include <string_view>
#include <vector>

namespace tessera::app {

// "camera.path", "camera.fov_degrees", "camera.near_plane", "camera.far_plane", "camera.speed" (read by the
// frame loop every frame) and "debug.log_level" (applied to the logger).
bool is_live_key(std::string_view key);

struct ConfigChange {
    std::vector<std::string> live;     // changed in the file and applied to the running config
    std::vector<std::string> restart;  // changed in the file; take effect at the next start
};

// Compares the file's old and new text (each loaded over the built-in defaults) key by key, and applies the
// changed live keys to `running`. Throws UsageError "NAME:LINE: ..." when `new_text` does not load or
// validate, or when the result would be invalid; `running` is then unchanged.
ConfigChange apply_config_change(Config& running, std::string_view old_text, std::string_view new_text,
                                 std::string_view source_name);

}  // namespace tessera::app
