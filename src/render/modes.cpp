#include "base/error.h"
#include "render/mode.h"

#include <string>

namespace tessera::render {

std::unique_ptr<Mode> create_instanced_mode(const ModeDesc& desc);

std::unique_ptr<Mode> create_mode(RenderMode mode, const ModeDesc& desc) {
    switch (mode) {
        case RenderMode::instanced: return create_instanced_mode(desc);
        default: break;
    }
    throw UsageError("--mode " + std::string(to_string(mode)) + ": not available in this build");
}

}  // namespace tessera::render
