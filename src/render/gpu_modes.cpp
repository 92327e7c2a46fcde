// The modes whose CPU cost per frame is constant in the cube count: instanced, gpu-cull and gpu-lod. Each is
// a list of frame-graph passes around the shared CullPass.
#include "render/compute_raster.h"
#include "render/cube_pipeline.h"
#include "render/cull_pass.h"
#include "render/gpu_scene.h"
#include "render/visibility_resolve.h"

#include <optional>

namespace tessera::render {
namespace {

// What the GPU-driven modes share: the cull passes before the draws, the read-back of their counts after.
class CulledMode : public Mode {
public:
    void frame_completed(uint32_t slot) override { cull_.frame_completed(slot); }
    int64_t visible_count() const override { return cull_.last_visible(); }
    std::vector<int64_t> bucket_counts() const override {
        return {cull_.last_counts().begin(), cull_.last_counts().end()};
    }

protected:
    CulledMode(const ModeDesc& desc, CullOutput output) : scene_(*desc.scene), cull_(desc, output) {}
    gpu::DrawPush push(const graph::PassContext& ctx, const FrameContext& frame, bool lists) const {
        return {frame.frame_uniforms, scene_.chunk_table(ctx.slot), lists ? cull_.visible_ids(ctx) : 0,
                scene_.chunk_shift(), 0};
    }
    // A pass that draws one bucket of the cull output with `pipeline`.
    graph::PassDesc bucket_pass(const char* name, const CubePipeline& pipeline, uint32_t bucket,
                                const FrameTargets& targets, const FrameContext& frame, bool first) const {
        graph::PassDesc pass{.name = name, .kind = graph::PassKind::graphics};
        CubePipeline::declare_draw(pass, targets, first);
        cull_.declare_draw_reads(pass);
        pass.record = [this, &pipeline, bucket, &frame](graph::PassContext& ctx) {
            pipeline.bind(ctx.cmd, ctx.extent, push(ctx, frame, true));
            cull_.draw(ctx, bucket);
        };
        return pass;
    }

    const GpuScene& scene_;
    CullPass cull_;
};

// One instanced draw of every cube. A count-only cull pass reports how many cubes are in view, so that every
// mode reports the same visible count for the same camera.
class InstancedMode final : public CulledMode {
public:
    explicit InstancedMode(const ModeDesc& desc)
        : CulledMode(desc, CullOutput::count), pipeline_(desc, {CubeIds::instance, false}) {}

    RenderMode kind() const override { return RenderMode::instanced; }
    void add_passes(graph::FrameGraph& graph, const FrameTargets& targets,
                    const FrameContext& frame) override {
        cull_.add_passes(graph, targets, frame);
        graph::PassDesc draw{.name = "draw", .kind = graph::PassKind::graphics};
        CubePipeline::declare_draw(draw, targets, true);
        draw.record = [this, &frame](graph::PassContext& ctx) {
            pipeline_.bind(ctx.cmd, ctx.extent, push(ctx, frame, false));
            vkCmdDrawIndexed(ctx.cmd, pipeline_.index_count(), static_cast<uint32_t>(scene_.cube_count()), 0,
                             0, 0);
        };
        graph.add_pass(std::move(draw));
        cull_.add_readback_pass(graph);
    }

private:
    CubePipeline pipeline_;
};

// Compute culling compacts visible ids; one indirect draw of exactly those.
class GpuCullMode final : public CulledMode {
public:
    explicit GpuCullMode(const ModeDesc& desc)
        : CulledMode(desc, CullOutput::ids), pipeline_(desc, {CubeIds::visible, false}) {}

    RenderMode kind() const override { return RenderMode::gpu_cull; }
    void add_passes(graph::FrameGraph& graph, const FrameTargets& targets,
                    const FrameContext& frame) override {
        cull_.add_passes(graph, targets, frame);
        graph.add_pass(bucket_pass("draw", pipeline_, TS_LOD_FULL, targets, frame, true));
        cull_.add_readback_pass(graph);
    }

private:
    CubePipeline pipeline_;
};

// Culling plus LOD by projected size. Where the GPU has 64-bit atomics, cubes under lod_splat_pixels are
// splatted by the cull pass, and cubes from there up to the raster size are drawn by the compute raster, both
// into the visibility buffer, which is resolved first so that the hardware draws depth-test against it. Of the
// rest, cubes at least lod_full_pixels across draw all 12 triangles, smaller ones their three camera-facing
// faces (6 triangles).
class GpuLodMode final : public CulledMode {
public:
    explicit GpuLodMode(const ModeDesc& desc)
        : CulledMode(desc, CullOutput::lod),
          full_(desc, {CubeIds::visible, false}),
          faces_(desc, {CubeIds::visible, true}) {
        if (cull_.rastering()) raster_.emplace(desc, cull_);
        if (cull_.has_visibility()) resolve_.emplace(desc, cull_);
    }

    RenderMode kind() const override { return RenderMode::gpu_lod; }
    void add_passes(graph::FrameGraph& graph, const FrameTargets& targets,
                    const FrameContext& frame) override {
        cull_.add_passes(graph, targets, frame);
        if (raster_) raster_->add_passes(graph, targets, frame);
        if (resolve_) resolve_->add_passes(graph, targets, frame);
        graph.add_pass(bucket_pass("draw full", full_, TS_LOD_FULL, targets, frame, !resolve_));
        graph.add_pass(bucket_pass("draw faces", faces_, TS_LOD_FACES, targets, frame, false));
        cull_.add_readback_pass(graph);
    }

private:
    CubePipeline full_;
    CubePipeline faces_;
    std::optional<ComputeRaster> raster_;
    std::optional<VisibilityResolve> resolve_;
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
