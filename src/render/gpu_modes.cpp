// The modes whose CPU cost per frame is constant in the cube count: instanced, gpu-cull and gpu-lod. Each is
// a list of frame-graph passes around the shared CullPass.
#include "render/compute_raster.h"
#include "render/cube_pipeline.h"
#include "render/cull_pass.h"
#include "render/gpu_scene.h"
#include "render/occlusion.h"
#include "render/visibility_resolve.h"

#include <memory>
#include <optional>

namespace tessera::render {
namespace {

// What the GPU-driven modes share: the cull passes before the draws, the read-back of their counts after, and
// with occlusion culling (occlusion.h) the late phase's cull with its own id list and draw commands.
class CulledMode : public Mode {
public:
    void frame_completed(uint32_t slot) override {
        cull_.frame_completed(slot);
        if (!occlusion_) return;
        late_->frame_completed(slot);
        occlusion_->frame_completed(slot);
    }
    int64_t visible_count() const override {
        return occlusion_ ? occlusion_->visible() : cull_.last_visible();
    }
    bool occlusion() const override { return occlusion_ != nullptr; }
    int64_t frustum_visible_count() const override {
        return occlusion_ ? occlusion_->frustum_visible() : cull_.last_visible();
    }
    int64_t clusters_read() const override {
        if (cull_.last_clusters() < 0) return -1;
        if (!late_) return cull_.last_clusters();
        return late_->last_clusters() < 0 ? -1 : cull_.last_clusters() + late_->last_clusters();
    }
    // Both phases' cubes, by bucket.
    std::vector<int64_t> bucket_counts() const override {
        std::vector<int64_t> counts(cull_.last_counts().begin(), cull_.last_counts().end());
        if (late_)
            for (size_t b = 0; b < counts.size(); ++b)
                counts[b] =
                    counts[b] < 0 || late_->last_counts()[b] < 0 ? -1 : counts[b] + late_->last_counts()[b];
        return counts;
    }

protected:
    CulledMode(const ModeDesc& desc, CullOutput output)
        : scene_(*desc.scene),
          occlusion_(desc.occlusion ? std::make_unique<Occlusion>(desc) : nullptr),
          cull_(desc, output, occlusion_ ? CullPhase::early : CullPhase::all, occlusion_.get()) {
        if (occlusion_) late_.emplace(desc, output, CullPhase::late, occlusion_.get());
    }
    gpu::DrawPush push(const graph::PassContext& ctx, const FrameContext& frame, const CullPass* cull,
                       bool visibility = false) const {
        return {frame.frame_uniforms,
                scene_.chunk_table(ctx.slot),
                cull ? cull->visible_ids(ctx) : 0,
                scene_.chunk_shift(),
                ctx.extent.width,
                visibility ? cull->visibility(ctx) : 0};
    }
    // A pass that draws one bucket of `cull`'s output with `pipeline`: into the attachments (`first`: as
    // FrameTargets::attach), or for a CubeVariant::visibility pipeline (`visibility`) into the cull's
    // visibility buffer.
    graph::PassDesc bucket_pass(const char* name, const CubePipeline& pipeline, uint32_t bucket,
                                const FrameTargets& targets, const FrameContext& frame, bool first,
                                const CullPass& cull, bool visibility = false) const {
        graph::PassDesc pass{.name = name, .kind = graph::PassKind::graphics};
        CubePipeline::declare_draw(pass, targets, first,
                                   visibility ? cull.visibility_id() : graph::kNoResource);
        cull.declare_draw_reads(pass);
        pass.record = [this, &pipeline, bucket, &frame, &cull, visibility](graph::PassContext& ctx) {
            pipeline.bind(ctx.cmd, ctx.extent, push(ctx, frame, &cull, visibility));
            cull.draw(ctx, bucket);
        };
        return pass;
    }
    // The (early) cull, with occlusion's bits and counts before it.
    void add_cull_passes(graph::FrameGraph& graph, const FrameTargets& targets, const FrameContext& frame) {
        if (occlusion_) occlusion_->add_resources(graph);
        cull_.add_passes(graph, targets, frame);
    }
    // Occlusion only, after the early phase's draws: the depth pyramid of their depth, then the late cull.
    // `depth`: the frame's depth so far (Occlusion::add_pyramid).
    void add_late_cull_passes(graph::FrameGraph& graph, const FrameTargets& targets,
                              const FrameContext& frame, graph::ResourceId depth) {
        occlusion_->add_pyramid(graph, depth);
        late_->add_passes(graph, targets, frame);
    }
    void add_readback_passes(graph::FrameGraph& graph) {
        cull_.add_readback_pass(graph);
        if (!occlusion_) return;
        late_->add_readback_pass(graph);
        occlusion_->add_readback_pass(graph);
    }

    const GpuScene& scene_;
    std::unique_ptr<Occlusion> occlusion_;
    CullPass cull_;                 // the early phase with occlusion
    std::optional<CullPass> late_;  // occlusion only
};

// One instanced draw of every cube. A count-only cull pass reports how many cubes are in view, so that every
// mode reports the same visible count for the same camera.
class InstancedMode final : public CulledMode {
public:
    explicit InstancedMode(const ModeDesc& desc)
        : CulledMode(without_occlusion(desc), CullOutput::count),
          pipeline_(desc, {CubeIds::instance, false}) {}

    RenderMode kind() const override { return RenderMode::instanced; }
    void add_passes(graph::FrameGraph& graph, const FrameTargets& targets,
                    const FrameContext& frame) override {
        cull_.add_passes(graph, targets, frame);
        graph::PassDesc draw{.name = "draw", .kind = graph::PassKind::graphics};
        CubePipeline::declare_draw(draw, targets, true);
        draw.record = [this, &frame](graph::PassContext& ctx) {
            pipeline_.bind(ctx.cmd, ctx.extent, push(ctx, frame, nullptr));
            vkCmdDrawIndexed(ctx.cmd, pipeline_.index_count(), static_cast<uint32_t>(scene_.cube_count()), 0,
                             0, 0);
        };
        graph.add_pass(std::move(draw));
        add_readback_passes(graph);
    }

private:
    static ModeDesc without_occlusion(ModeDesc desc) {  // the count-only cull has no phases
        desc.occlusion = false;
        return desc;
    }

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
        add_cull_passes(graph, targets, frame);
        graph.add_pass(bucket_pass("draw", pipeline_, TS_LOD_FULL, targets, frame, true, cull_));
        if (late_) {
            add_late_cull_passes(graph, targets, frame, targets.depth);
            graph.add_pass(bucket_pass("late draw", pipeline_, TS_LOD_FULL, targets, frame, false, *late_));
        }
        add_readback_passes(graph);
    }

private:
    CubePipeline pipeline_;
};

// Culling plus LOD by projected size. Where the GPU has 64-bit atomics, cubes under lod_splat_pixels are
// splatted by the cull pass, and cubes from there up to the raster size are drawn by the compute raster, both
// into the visibility buffer. Of the rest, cubes at least lod_full_pixels across draw all 12 triangles, smaller
// ones their three camera-facing faces (6 triangles), with the hardware rasteriser:
//   - where the visibility shade writes the target (VisibilityResolve::writes_target), into the visibility
//     buffer as well (CubeVariant::visibility), before the shade, which then shades every cube of the frame;
//   - elsewhere into the attachments, after the visibility buffer is resolved into them, depth-testing
//     against its pixels (with MSAA and without occlusion, only in frames where these buckets have cubes:
//     VisibilityResolve's gated output).
// With occlusion the late phase's splats, compute raster and hardware draws add to the same visibility
// buffer, which is shaded again for the whole frame. Where that replaces the attachments (the second case),
// the early phase's hardware buckets are drawn again before the late phase's.
class GpuLodMode final : public CulledMode {
public:
    explicit GpuLodMode(const ModeDesc& desc)
        : CulledMode(desc, CullOutput::lod),
          visibility_draws_(cull_.has_visibility() && VisibilityResolve::writes_target(desc)),
          full_(desc, {CubeIds::visible, false, visibility_draws_}),
          faces_(desc, {CubeIds::visible, true, visibility_draws_}) {
        if (cull_.rastering()) raster_.emplace(desc, cull_);
        if (cull_.has_visibility()) resolve_.emplace(desc, cull_);
        if (late_ && late_->rastering()) late_raster_.emplace(desc, *late_);
    }

    RenderMode kind() const override { return RenderMode::gpu_lod; }
    void add_passes(graph::FrameGraph& graph, const FrameTargets& targets,
                    const FrameContext& frame) override {
        if (visibility_draws_) {
            add_phases_into_visibility(graph, targets, frame);
            return;
        }
        add_cull_passes(graph, targets, frame);
        if (raster_) raster_->add_passes(graph, targets, frame);
        if (resolve_) resolve_->add_passes(graph, targets, frame);
        add_draws(graph, resolve_ ? resolve_->draw_targets(targets) : targets, frame, cull_, !resolve_);
        if (resolve_) resolve_->add_final_passes(graph, targets);
        if (late_) {
            add_late_cull_passes(graph, targets, frame, targets.depth);
            if (late_raster_) late_raster_->add_passes(graph, targets, frame);
            if (resolve_) {
                resolve_->add_passes(graph, targets, frame);
                add_draws(graph, targets, frame, cull_, false);
            }
            add_draws(graph, targets, frame, *late_, false);
        }
        add_readback_passes(graph);
    }

private:
    // Every path draws into the visibility buffer; each phase ends with the shade.
    void add_phases_into_visibility(graph::FrameGraph& graph, const FrameTargets& targets,
                                    const FrameContext& frame) {
        add_cull_passes(graph, targets, frame);
        if (raster_) raster_->add_passes(graph, targets, frame);
        add_draws(graph, targets, frame, cull_, false);
        resolve_->add_passes(graph, targets, frame);
        if (late_) {
            add_late_cull_passes(graph, targets, frame, resolve_->shaded_depth_id());
            if (late_raster_) late_raster_->add_passes(graph, targets, frame);
            add_draws(graph, targets, frame, *late_, false);
            resolve_->add_passes(graph, targets, frame);
        }
        add_readback_passes(graph);
    }
    void add_draws(graph::FrameGraph& graph, const FrameTargets& targets, const FrameContext& frame,
                   const CullPass& cull, bool first) const {
        const bool late = &cull != &cull_;
        graph.add_pass(bucket_pass(late ? "late draw full" : "draw full", full_, TS_LOD_FULL, targets, frame,
                                   first, cull, visibility_draws_));
        graph.add_pass(bucket_pass(late ? "late draw faces" : "draw faces", faces_, TS_LOD_FACES, targets,
                                   frame, false, cull, visibility_draws_));
    }

    const bool visibility_draws_;  // the hardware buckets draw into the visibility buffer
    CubePipeline full_;
    CubePipeline faces_;
    std::optional<ComputeRaster> raster_;
    std::optional<VisibilityResolve> resolve_;
    std::optional<ComputeRaster> late_raster_;
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
