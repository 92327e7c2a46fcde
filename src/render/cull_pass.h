#pragma once
// CullPass: GPU frustum culling of the whole GpuScene, cluster by cluster, then cube by cube, shared by the
// GPU-driven modes, as frame-graph passes:
//
//   cull reset        transfer   the buckets' draw commands to their initial state, the cluster list emptied;
//                                the visibility and splat buffers to 0
//   cluster cull      compute    one invocation per cluster of 256 cubes (shaders/cluster_cull.glsl) tests its
//                                bounding sphere: culled; splatted whole where small (one pixel below the splat
//                                size, its footprint up to render.cluster_splat_pixels); or listed. No cube of a
//                                culled or splatted cluster is read
//   cluster finalize  compute    the list's count becomes the next pass's indirect dispatch
//   cull              compute    one workgroup per listed cluster, an invocation per cube (shaders/cull.glsl):
//                                test, compact visible ids into bucket ranges, splat
//   cull finalize  compute    (LOD output) the buckets' counters become {offset, count} ranges, and the
//                             compute raster's indirect dispatches are written
//   ...the mode's draws (and ComputeRaster, compute_raster.h) read the ids, draw commands and dispatches...
//   cull readback  transfer   the draw commands to this slot's host buffer, read when the slot comes round:
//                             visible counts arrive a frame or more late and never stall
//
// The visibility buffer (CullOutput::lod, where the device has 64-bit buffer atomics): visible cubes smaller
// than lod_splat_pixels are splatted into the per-pixel "visibility" buffer instead of an id list, and those
// from there up to raster_max_pixels go to the two compute-raster buckets, which ComputeRaster draws into the
// same buffer; VisibilityResolve (visibility_resolve.h) turns it into colour and depth. How a pixel that several
// splats fall into resolves is the splat mode (TS_SPLAT_* in shared.h): the nearest; the nearest blended by the
// summed coverage (render.splat_coverage); or four samples per pixel (render.splat_samples). The last two keep
// what they need in the "splat buffer" beside the visibility buffer.
//
// The visible-id lists hold list_capacity() entries: every cube up to 2^26, then 2^26 (256 MB a list). Cubes
// that do not fit are not drawn; the counts say how many (overflow()), and the run's summary reports them.
//
// The visible-id list, the draw commands, the dispatches and the visibility buffer are graph resources that
// exist once, not per frame in flight (frames on one queue are ordered anyway): the graph orders each frame's
// reset after the previous frame's reads.
//
// With occlusion culling (occlusion.h) a mode has two CullPasses: the early phase (the resources and passes
// above, culling only the cubes visible last frame) and the late phase, whose resources and passes are named
// "late ..." ("late visible ids", "late cull", ...), which visits the cubes the early phase listed as
// frustum-visible (clusters: the early cluster cull's candidates), tests them against the depth pyramid, shares
// the early phase's visibility buffer (it does not reset it) and draws what the early phase did not.

#include "graph/frame_graph.h"
#include "render/mode.h"
#include "render/reloadable_pipeline.h"
#include "shaders/shared.h"
#include "vk/handle.h"
#include "vk/resources.h"

#include <array>
#include <string>
#include <vector>

namespace tessera::render {

enum class CullOutput : uint32_t {
    count = TS_CULL_OUTPUT_COUNT,  // only count visible cubes (no id list)
    ids = TS_CULL_OUTPUT_IDS,      // compact visible ids into bucket TS_LOD_FULL
    lod = TS_CULL_OUTPUT_LOD,      // compact into LOD buckets by projected size
};

class Occlusion;

enum class CullPhase : uint32_t {
    all = TS_OCCLUSION_OFF,      // no occlusion culling
    early = TS_OCCLUSION_EARLY,  // the cubes visible last frame
    late = TS_OCCLUSION_LATE,    // the rest, against the depth pyramid
};

class CullPass {
public:
    using Counts = std::array<int64_t, TS_LOD_BUCKETS>;

    // Entries of each visible-id list for a scene of `cube_count` cubes.
    static uint32_t list_capacity(uint64_t cube_count);

    // `occlusion` (which must outlive this) for the early and late phases only.
    CullPass(const ModeDesc& desc, CullOutput output, CullPhase phase = CullPhase::all,
             Occlusion* occlusion = nullptr);

    // Adds cull reset, cull and (LOD) cull finalize.
    void add_passes(graph::FrameGraph& graph, const FrameTargets& targets, const FrameContext& frame);
    // Adds cull readback; call after the passes that draw from the buckets.
    void add_readback_pass(graph::FrameGraph& graph);
    // The slot's frame has completed: its counts become the newest known.
    void frame_completed(uint32_t slot);

    // For a drawing pass: declares its reads of the ids and draw commands, at the vertex and indirect stages.
    void declare_draw_reads(graph::PassDesc& pass) const;
    // Indirect draw of one bucket; the caller has bound a pipeline that reads visible ids.
    void draw(const graph::PassContext& ctx, uint32_t bucket) const;
    // The MSAA gate (VisibilityResolve::gates_msaa; the early or only phase): the draw of a fullscreen triangle
    // that the finalize step gives one instance when the hardware buckets have cubes, none otherwise, and a
    // dispatch of a workgroup per 8x8 pixels, or none.
    bool has_msaa_gate() const { return msaa_gate_; }
    void declare_msaa_gate_read(graph::PassDesc& pass) const;          // at the indirect stage
    void draw_msaa_gate(const graph::PassContext& ctx) const;          // with a fullscreen pipeline bound
    void dispatch_msaa_gate(const graph::PassContext& ctx) const;      // with a compute pipeline bound
    VkDeviceAddress visible_ids(const graph::PassContext& ctx) const;  // the hardware buckets' list
    VkDeviceAddress raster_ids(const graph::PassContext& ctx) const;  // the compute raster's (rastering only)
    VkDeviceAddress visibility(const graph::PassContext& ctx) const;  // with a visibility buffer only
    VkDeviceAddress splat_buffer(const graph::PassContext& ctx) const;  // with has_splat_buffer() only
    // TS_SPLAT_SAMPLES only: the visibility shade's two indirect dispatches, plain and samples, of which the
    // finalize step gives the shade's workgroups to one (FinalizePush in shared.h).
    graph::ResourceId shade_dispatches_id() const { return shade_dispatches_; }

    bool splatting() const { return splat_pixels_ > 0; }
    // Cubes from the splat size up to the raster size (render.compute_raster_max_pixels) are compute-rastered.
    bool rastering() const { return raster_pixels_ > splat_pixels_; }
    // raster_batch_groups(desc): how the cull finalize step sizes the large raster bucket's dispatches, and
    // how the raster reads them.
    uint32_t raster_batch_groups() const { return raster_batch_groups_; }
    bool has_visibility() const { return splatting() || rastering(); }
    // TS_SPLAT_NEAREST when not splatting.
    uint32_t splat_mode() const { return splatting() ? splat_mode_ : TS_SPLAT_NEAREST; }
    bool has_splat_buffer() const { return splat_mode() != TS_SPLAT_NEAREST; }
    // TS_SPLAT_SAMPLES on CPU drivers without occlusion: the samples shade zeroes the samples it reads
    // (TS_SHADE_CLEAR_SAMPLES), so the cull reset fills the buffer only when it is new. That shade runs in
    // every frame that splats, over every pixel, and nothing else writes the samples, so they are zero at every
    // frame's start. At 1920x1080 the fill is 66 MB a frame, 5 ms on the 2-core VM; on GPUs the fill is cheaper
    // than zeroing in the shade, which made it 4-5x slower on the H200. Not with occlusion: the late phase's
    // shade blends the early phase's splats again, so the early shade must leave them.
    bool shade_clears_samples() const;
    bool occluding() const { return occlusion_ != nullptr; }  // two-phase occlusion culling is on
    uint32_t capacity() const { return capacity_; }
    graph::ResourceId ids_id() const { return ids_; }
    graph::ResourceId raster_ids_id() const { return raster_ids_; }  // rastering only
    graph::ResourceId draws_id() const { return draws_; }
    graph::ResourceId visibility_id() const { return visibility_; }
    graph::ResourceId splat_buffer_id() const { return splat_buffer_; }
    graph::ResourceId dispatches_id() const { return dispatches_; }  // rastering only
    const Counts& last_counts() const { return last_counts_; }       // -1 until known
    int64_t last_visible() const;                                    // sum over buckets, -1 until known
    int64_t last_clusters() const { return last_clusters_; }         // clusters listed, -1 until known
    // Visible cubes not drawn in the newest known frame: those the lists could not hold, and those raster small
    // found too large for its 32-bit edge functions (raster_small.comp; none in practice).
    int64_t overflow() const { return overflow_; }

private:
    // cluster cull and cluster finalize (after the reset, before the per-cube cull).
    void add_cluster_passes(graph::FrameGraph& graph, const FrameTargets& targets, const FrameContext& frame);
    // A cull pass's uses of the visibility and splat buffers (if it splats) and of occlusion's bits and counts.
    void declare_splats_and_occlusion(graph::PassDesc& pass, bool splats) const;
    VkDeviceSize id_bytes() const;
    std::string named(const char* name) const;  // "late " + name in the late phase

    const vk::Device& device_;
    const GpuScene& scene_;
    CullOutput output_;
    CullPhase phase_;
    Occlusion* occlusion_;
    float lod_full_pixels_;
    float splat_pixels_;            // 0: no splatting
    float cluster_splat_pixels_;    // clusters from splat_pixels_ up to this are splatted as their footprint
    float raster_pixels_;           // at most splat_pixels_: no compute raster
    bool shade_quads_;              // VisibilityResolve::shades_quads(): how its plain shade is dispatched
    bool msaa_gate_;                // has_msaa_gate()
    float raster_small_pixels_;     // compute-rastered cubes under this: the small bucket
    uint32_t raster_batch_groups_;  // raster_batch_groups(): a workgroup per large cube up to this many
    uint32_t splat_mode_;           // TS_SPLAT_* when splatting
    uint64_t samples_filled_version_ = 0;  // the splat samples buffer's last filled (PassContext::version)
    uint32_t capacity_;
    vk::Handle<VkPipelineLayout> layout_;
    ReloadablePipeline pipeline_;
    vk::Handle<VkPipelineLayout> finalize_layout_;
    ReloadablePipeline finalize_pipeline_;
    vk::Handle<VkPipelineLayout> cluster_layout_;
    ReloadablePipeline cluster_pipeline_;
    vk::Handle<VkPipelineLayout> cluster_finalize_layout_;
    ReloadablePipeline cluster_finalize_pipeline_;
    graph::FrameGraph* graph_ = nullptr;
    graph::ResourceId clusters_ = graph::kNoResource;          // the cluster list
    graph::ResourceId cluster_dispatch_ = graph::kNoResource;  // the per-cube cull's dispatch
    graph::ResourceId ids_ = graph::kNoResource;
    graph::ResourceId raster_ids_ = graph::kNoResource;
    graph::ResourceId draws_ = graph::kNoResource;
    graph::ResourceId visibility_ = graph::kNoResource;
    graph::ResourceId splat_buffer_ = graph::kNoResource;
    graph::ResourceId shade_dispatches_ = graph::kNoResource;  // TS_SPLAT_SAMPLES only
    graph::ResourceId dispatches_ = graph::kNoResource;
    graph::ResourceId readback_ = graph::kNoResource;
    std::vector<bool> readback_pending_;
    Counts last_counts_;
    int64_t last_clusters_ = -1;
    int64_t overflow_ = 0;
    bool overflow_reported_ = false;
};

}  // namespace tessera::render
