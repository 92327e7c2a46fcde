// instanced: one instanced draw of every cube, whatever is in view (the GPU clips what is not).
#include "render/cube_pipeline.h"
#include "render/gpu_scene.h"
#include "shaders/shared.h"

namespace tessera::render {
namespace {

class InstancedMode final : public Mode {
public:
    explicit InstancedMode(const ModeDesc& desc) : scene_(*desc.scene), pipeline_(desc) {}

    RenderMode kind() const override { return RenderMode::instanced; }

    void draw(FrameContext& frame) override {
        pipeline_.bind(frame.cmd, frame.extent);
        const gpu::DrawPush push{frame.frame_uniforms, scene_.chunk_table(), scene_.chunk_shift(), 0};
        vkCmdPushConstants(frame.cmd, pipeline_.layout(), VK_SHADER_STAGE_VERTEX_BIT | VK_SHADER_STAGE_FRAGMENT_BIT, 0,
                           sizeof push, &push);
        vkCmdDrawIndexed(frame.cmd, TS_CUBE_INDEX_COUNT, static_cast<uint32_t>(scene_.cube_count()), 0, 0, 0);
    }

private:
    const GpuScene& scene_;
    CubePipeline pipeline_;
};

}  // namespace

std::unique_ptr<Mode> create_instanced_mode(const ModeDesc& desc) { return std::make_unique<InstancedMode>(desc); }

}  // namespace tessera::render
