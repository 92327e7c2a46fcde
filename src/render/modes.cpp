#include "render/mode.h"

namespace tessera::render {

std::unique_ptr<Mode> create_cpu_mode(const ModeDesc& desc);
std::unique_ptr<Mode> create_instanced_mode(const ModeDesc& desc);
std::unique_ptr<Mode> create_gpu_cull_mode(const ModeDesc& desc);
std::unique_ptr<Mode> create_gpu_lod_mode(const ModeDesc& desc);

std::unique_ptr<Mode> create_mode(RenderMode mode, const ModeDesc& desc) {
    switch (mode) {
        case RenderMode::cpu: return create_cpu_mode(desc);
        case RenderMode::instanced: return create_instanced_mode(desc);
        case RenderMode::gpu_cull: return create_gpu_cull_mode(desc);
        case RenderMode::gpu_lod: return create_gpu_lod_mode(desc);
    }
    return create_instanced_mode(desc);
}

}  // namespace tessera::render
