// The modes whose CPU cost per frame is constant in the cube count: instanced, gpu-cull and gpu-lod.
#include "render/cube_pipeline.h"
#include "render/cull_pass.h"
#include "render/gpu_scene.h"
#include "render/splat_resolve.h"

#include <optional>

namespace tessera::render {
namespace {

// What the GPU-driven modes share: the cull pass, run before the attachment pass, and its counts read back.
class CulledMode : public Mode {
public:
    void prepare(FrameContext& frame) override { cull_.record(frame); }
    void finish(FrameContext& frame) override { cull_.record_readback(frame); }
    void frame_completed(uint32_t slot) override { cull_.frame_completed(slot); }
    int64_t visible_count() const override { return cull_.last_visible(); }

protected:
    CulledMode(const ModeDesc& desc, CullOutput output) : scene_(*desc.scene), cull_(desc, output) {}
    gpu::DrawPush push(const FrameContext& frame) const {
        return {frame.frame_uniforms, scene_.chunk_table(frame.slot), cull_.visible_ids(),
                scene_.chunk_shift(), cull_.capacity()};
    }

    const GpuScene& scene_;
    CullPass cull_;
};

// One instanced draw of every cube. A count-only cull pass (no id list, timed as "cull") reports how many
// cubes are in view, so that every mode reports the same visible count for the same camera.
class InstancedMode final : public CulledMode {
public:
    explicit InstancedMode(const ModeDesc& desc)
        : CulledMode(desc, CullOutput::count), pipeline_(desc, {CubeIds::instance, false}) {}

    RenderMode kind() const override { return RenderMode::instanced; }
    void draw(FrameContext& frame) override {
        pipeline_.bind(frame.cmd, frame.extent, push(frame));
        vkCmdDrawIndexed(frame.cmd, pipeline_.index_count(), static_cast<uint32_t>(scene_.cube_count()), 0, 0,
                         0);
    }

private:
    CubePipeline pipeline_;
};

// Compute culling compacts visible ids; one indirect draw of exactly those.
class GpuCullMode final : public CulledMode {
public:
    explicit GpuCullMode(const ModeDesc& desc)
        : CulledMode(desc, CullOutput::ids), pipeline_(desc, {CubeIds::visible_front, false}) {}

    RenderMode kind() const override { return RenderMode::gpu_cull; }
    void draw(FrameContext& frame) override {
        pipeline_.bind(frame.cmd, frame.extent, push(frame));
        cull_.draw(frame.cmd, TS_LOD_FULL);
    }

private:
    CubePipeline pipeline_;
};

// Culling plus LOD by projected size: cubes at least lod_full_pixels across draw all 12 triangles (ids from
// the front of the list); smaller ones draw their three camera-facing faces, 6 triangles (ids from the back);
// and, where the GPU has 64-bit atomics, cubes under lod_splat_pixels are splatted by the cull pass and
// resolved first.
class GpuLodMode final : public CulledMode {
public:
    explicit GpuLodMode(const ModeDesc& desc)
        : CulledMode(desc, CullOutput::lod),
          full_(desc, {CubeIds::visible_front, false}),
          faces_(desc, {CubeIds::visible_back, true}) {
        if (cull_.splatting()) resolve_.emplace(desc);
    }

    RenderMode kind() const override { return RenderMode::gpu_lod; }
    void draw(FrameContext& frame) override {
        if (resolve_)
            resolve_->draw(frame.cmd, frame.extent,
                           {frame.frame_uniforms, scene_.chunk_table(frame.slot), cull_.splat_buffer(),
                            scene_.chunk_shift(), frame.extent.width});
        full_.bind(frame.cmd, frame.extent, push(frame));
        cull_.draw(frame.cmd, TS_LOD_FULL);
        faces_.bind(frame.cmd, frame.extent, push(frame));
        cull_.draw(frame.cmd, TS_LOD_FACES);
    }

private:
    CubePipeline full_;
    CubePipeline faces_;
    std::optional<SplatResolve> resolve_;
};

}  // namespace

std::unique_ptr<Mode> create_instanced_mode(const ModeDesc& desc) {
    return std::make_unique<InstancedMode>(desc);
}
std::unique_ptr<Mode> create_gpu_cull_mode(const ModeDesc& desc) {
    return std::make_unique<GpuCullMode>(desc);
}
std::unique_ptr<Mode> create_gpu_lod_mode(const ModeDesc& desc) {
    return std::make_unique<GpuLodMode>(desc);
}

}  // namespace tessera::render
