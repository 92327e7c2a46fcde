#include "render/cull_pass.h"

#include "base/assert.h"
#include "base/error.h"
#include "render/compute_raster.h"
#include "render/gpu_scene.h"
#include "render/occlusion.h"
#include "render/visibility_resolve.h"
#include "vk/device.h"
#include "vk/pipeline.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstddef>
#include <cstring>

namespace tessera::render {
namespace {

using graph::Usage;
constexpr VkDeviceSize kDrawBytes = sizeof(gpu::DrawIndexedIndirect) * TS_LOD_BUCKETS;
constexpr VkDeviceSize kReadbackBytes = kDrawBytes + sizeof(uint32_t);  // the commands, the clusters listed
constexpr uint32_t kMaxListEntries = 1u << 26;
constexpr VkPipelineStageFlags2 kCompute = VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT;
constexpr VkPipelineStageFlags2 kCopy = VK_PIPELINE_STAGE_2_COPY_BIT;
constexpr VkPipelineStageFlags2 kIndirect = VK_PIPELINE_STAGE_2_DRAW_INDIRECT_BIT;

std::array<gpu::DrawIndexedIndirect, TS_LOD_BUCKETS> initial_commands() {
    std::array<gpu::DrawIndexedIndirect, TS_LOD_BUCKETS> commands{};
    commands[TS_LOD_FULL] = {TS_CUBE_INDEX_COUNT, 0, 0, 0, 0};
    commands[TS_LOD_FACES] = {TS_CUBE_INDEX_COUNT / 2, 0, 0, 0, 0};
    commands[TS_LOD_SPLAT] = {0, 0, 0, 0, 0};  // a counter only: splatted cubes are never drawn
    // Ranges only: compute-rastered cubes are dispatched, never drawn (index count 0).
    commands[TS_LOD_RASTER_SMALL] = {0, 0, 0, 0, 0};
    commands[TS_LOD_RASTER_LARGE] = {0, 0, 0, 0, 0};
    return commands;
}

// Splats and the compute raster write a 64-bit atomic visibility buffer: LOD output on a device with 64-bit
// buffer atomics only.
bool visibility_possible(const ModeDesc& desc, CullOutput output) {
    return output == CullOutput::lod && desc.device->caps().int64_atomics;
}

std::string cluster_shader(bool splat, CullPhase phase) {
    if (phase == CullPhase::late) return "cluster_cull_late.comp";
    return splat ? "cluster_cull_splat.comp" : "cluster_cull.comp";
}

}  // namespace

uint32_t CullPass::list_capacity(uint64_t cube_count) {
    return static_cast<uint32_t>(std::min<uint64_t>(cube_count, kMaxListEntries));
}

CullPass::CullPass(const ModeDesc& desc, CullOutput output, CullPhase phase, Occlusion* occlusion)
    : device_(*desc.device),
      scene_(*desc.scene),
      output_(output),
      phase_(phase),
      occlusion_(occlusion),
      lod_full_pixels_(desc.lod_full_pixels),
      splat_pixels_(visibility_possible(desc, output) ? desc.lod_splat_pixels : 0.0f),
      cluster_splat_pixels_(desc.cluster_splat_pixels),
      raster_pixels_(!visibility_possible(desc, output) ? 0.0f
                     : desc.raster_max_pixels == 0      ? default_raster_max_pixels(*desc.device)
                                                        : std::max(desc.raster_max_pixels, 0.0f)),
      shade_quads_(VisibilityResolve::shades_quads(desc)),
      msaa_gate_(output == CullOutput::lod && phase != CullPhase::late &&
                 VisibilityResolve::gates_msaa(desc)),
      raster_small_pixels_(desc.raster_small_pixels == 0 ? default_raster_small_pixels(*desc.device)
                                                         : std::max(desc.raster_small_pixels, 0.0f)),
      raster_batch_groups_(render::raster_batch_groups(desc)),
      splat_mode_(desc.splat_samples    ? TS_SPLAT_SAMPLES
                  : desc.splat_coverage ? TS_SPLAT_COVERAGE
                                        : TS_SPLAT_NEAREST),
      capacity_(list_capacity(desc.scene->cube_count())),
      layout_(
          phase != CullPhase::late
              ? vk::create_pipeline_layout(*desc.device, sizeof(gpu::CullPush), VK_SHADER_STAGE_COMPUTE_BIT)
              : vk::create_pipeline_layout(*desc.device,
                                           vk::PipelineLayoutDesc{sizeof(gpu::CullPush),
                                                                  VK_SHADER_STAGE_COMPUTE_BIT,
                                                                  {occlusion->set_layout().handle()},
                                                                  "late cull layout"})),
      finalize_layout_(
          vk::create_pipeline_layout(*desc.device, sizeof(gpu::FinalizePush), VK_SHADER_STAGE_COMPUTE_BIT)),
      cluster_layout_(phase != CullPhase::late
                          ? vk::create_pipeline_layout(*desc.device, sizeof(gpu::ClusterPush),
                                                       VK_SHADER_STAGE_COMPUTE_BIT)
                          : vk::create_pipeline_layout(
                                *desc.device, vk::PipelineLayoutDesc{sizeof(gpu::ClusterPush),
                                                                     VK_SHADER_STAGE_COMPUTE_BIT,
                                                                     {occlusion->set_layout().handle()},
                                                                     "late cluster cull layout"})),
      cluster_finalize_layout_(vk::create_pipeline_layout(*desc.device, sizeof(gpu::ClusterFinalizePush),
                                                          VK_SHADER_STAGE_COMPUTE_BIT)) {
    const vk::Device& device = *desc.device;
    if (raster_pixels_ < splat_pixels_) raster_pixels_ = splat_pixels_;  // off
    msaa_gate_ = msaa_gate_ && has_visibility();
    if (has_visibility() && scene_.cube_count() > TS_VIS_MAX_CUBES)
        throw Error("the visibility buffer holds cube ids below " + std::to_string(TS_VIS_MAX_CUBES) +
                    ", not " + std::to_string(scene_.cube_count()));
    if (id_bytes() > device.caps().max_allocation)
        throw Error("the visible-id list for " + std::to_string(capacity_) +
                    " cubes exceeds the GPU's largest allocation");

    TS_ASSERT((phase == CullPhase::all) == (occlusion == nullptr));
    const bool late = phase == CullPhase::late;
    const char* cull_shader = has_visibility() ? (late ? "cull_splat_late.comp" : "cull_splat.comp")
                                               : (late ? "cull_late.comp" : "cull.comp");
    pipeline_ =
        ReloadablePipeline({cull_shader}, [device = &device, layout = layout_.get(), cull_shader,
                                           kind = static_cast<uint32_t>(output), compact = scene_.compact()] {
            const CubeSpecialization specialization(compact, {kind});
            return vk::create_compute_pipeline(*device, vk::load_shader(*device, cull_shader), layout,
                                               specialization.info(), "cull pipeline");
        });
    const std::string cluster_name = cluster_shader(splatting(), phase);
    cluster_pipeline_ =
        ReloadablePipeline({cluster_name}, [device = &device, layout = cluster_layout_.get(), cluster_name] {
            return vk::create_compute_pipeline(*device, vk::load_shader(*device, cluster_name), layout,
                                               nullptr, "cluster cull pipeline");
        });
    cluster_finalize_pipeline_ = ReloadablePipeline(
        {"cluster_finalize.comp"}, [device = &device, layout = cluster_finalize_layout_.get()] {
            return vk::create_compute_pipeline(*device, vk::load_shader(*device, "cluster_finalize.comp"),
                                               layout, nullptr, "cluster finalize pipeline");
        });
    if (output == CullOutput::lod)
        finalize_pipeline_ =
            ReloadablePipeline({"cull_finalize.comp"}, [device = &device, layout = finalize_layout_.get()] {
                return vk::create_compute_pipeline(*device, vk::load_shader(*device, "cull_finalize.comp"),
                                                   layout, nullptr, "cull finalize pipeline");
            });
    readback_pending_.assign(desc.frames_in_flight, false);
    last_counts_.fill(-1);
}

void CullPass::add_passes(graph::FrameGraph& graph, const FrameTargets& targets, const FrameContext& frame) {
    graph_ = &graph;
    const bool lists = output_ != CullOutput::count;
    const bool late = phase_ == CullPhase::late;
    const bool early = phase_ == CullPhase::early;
    ids_ = graph.add_buffer({.name = named("visible ids"), .size = id_bytes()});
    if (rastering()) raster_ids_ = graph.add_buffer({.name = named("raster ids"), .size = id_bytes()});
    // With the MSAA gate after the buckets' commands.
    draws_ = graph.add_buffer(
        {.name = named("draw commands"), .size = kDrawBytes + (msaa_gate_ ? sizeof(gpu::MsaaGate) : 0)});
    clusters_ =
        graph.add_buffer({.name = named("cluster list"),
                          .size = TS_CLUSTER_LIST_HEADER + scene_.cluster_count() * sizeof(uint32_t)});
    cluster_dispatch_ =
        graph.add_buffer({.name = named("cull dispatch"), .size = sizeof(gpu::DispatchIndirect)});
    if (has_visibility()) {
        // Room for the quad shade's last pixels (ShadePush): a whole quad, since filling a size that is not a
        // multiple of 32 bytes cost the H200 7 us more (0.023 -> 0.030 ms at 1920x1080).
        visibility_ = graph.add_buffer(
            {.name = "visibility", .size = shade_quads_ ? TS_SHADE_QUAD * 8u : 0u, .bytes_per_pixel = 8});
        if (splat_mode() == TS_SPLAT_COVERAGE)
            splat_buffer_ = graph.add_buffer({.name = "splat coverage", .bytes_per_pixel = 4});
        if (splat_mode() == TS_SPLAT_SAMPLES) {
            splat_buffer_ = graph.add_buffer({.name = "splat samples", .bytes_per_pixel = 32});
            shade_dispatches_ =
                graph.add_buffer({.name = "shade dispatches", .size = 2 * sizeof(gpu::DispatchIndirect)});
        }
    }
    if (rastering())
        dispatches_ = graph.add_buffer({.name = named("raster dispatches"),
                                        .size = sizeof(gpu::DispatchIndirect) * TS_RASTER_DISPATCHES});

    graph::PassDesc reset{.name = named("cull reset"), .kind = graph::PassKind::transfer};
    reset.uses.push_back({.resource = draws_, .usage = Usage::transfer_write, .stages = kCopy});
    reset.uses.push_back({.resource = clusters_, .usage = Usage::transfer_write, .stages = kCopy});
    if (early) {
        reset.uses.push_back(
            {.resource = occlusion_->counts_id(), .usage = Usage::transfer_write, .stages = kCopy});
        reset.uses.push_back(
            {.resource = occlusion_->candidates_id(), .usage = Usage::transfer_write, .stages = kCopy});
    }
    if (!late && has_visibility()) {
        reset.uses.push_back({.resource = visibility_, .usage = Usage::transfer_write, .stages = kCopy});
        if (has_splat_buffer())
            reset.uses.push_back(
                {.resource = splat_buffer_, .usage = Usage::transfer_write, .stages = kCopy});
    }
    reset.record = [this, late, early](graph::PassContext& ctx) {
        const auto commands = initial_commands();
        vkCmdUpdateBuffer(ctx.cmd, ctx.buffer(draws_).handle(), 0, kDrawBytes, commands.data());
        vkCmdFillBuffer(ctx.cmd, ctx.buffer(clusters_).handle(), 0, TS_CLUSTER_LIST_HEADER, 0);
        if (early) {
            vkCmdFillBuffer(ctx.cmd, ctx.buffer(occlusion_->counts_id()).handle(), 0, VK_WHOLE_SIZE, 0);
            vkCmdFillBuffer(ctx.cmd, ctx.buffer(occlusion_->candidates_id()).handle(), 0,
                            TS_CLUSTER_LIST_HEADER, 0);
        }
        if (late || !has_visibility()) return;
        vkCmdFillBuffer(ctx.cmd, ctx.buffer(visibility_).handle(), 0, VK_WHOLE_SIZE, 0);
        // Every frame, even one that will not splat: zeroing the samples in the shade that read them instead
        // made that shade 4-5x slower on the H200 (0.036 -> 0.19 ms at 1M cubes), a fill costs about 0.03 ms.
        // Where the shade zeroes them (CPU drivers), only a buffer the graph has just created.
        if (!has_splat_buffer()) return;
        const uint64_t version = ctx.version(splat_buffer_);
        if (shade_clears_samples() && version == samples_filled_version_) return;
        vkCmdFillBuffer(ctx.cmd, ctx.buffer(splat_buffer_).handle(), 0, VK_WHOLE_SIZE, 0);
        samples_filled_version_ = version;
    };
    graph.add_pass(std::move(reset));

    add_cluster_passes(graph, targets, frame);

    graph::PassDesc cull{.name = named("cull"), .kind = graph::PassKind::compute};
    cull.uses.push_back({.resource = targets.uniforms, .usage = Usage::storage_read, .stages = kCompute});
    cull.uses.push_back({.resource = targets.cubes, .usage = Usage::storage_read, .stages = kCompute});
    cull.uses.push_back({.resource = clusters_, .usage = Usage::storage_read, .stages = kCompute});
    cull.uses.push_back({.resource = cluster_dispatch_, .usage = Usage::indirect_read, .stages = kIndirect});
    if (lists) cull.uses.push_back({.resource = ids_, .usage = Usage::storage_write, .stages = kCompute});
    if (rastering())
        cull.uses.push_back({.resource = raster_ids_, .usage = Usage::storage_write, .stages = kCompute});
    cull.uses.push_back({.resource = draws_, .usage = Usage::storage_read_write, .stages = kCompute});
    declare_splats_and_occlusion(cull, has_visibility());
    if (late)
        cull.uses.push_back(
            {.resource = occlusion_->pyramid_id(), .usage = Usage::sampled, .stages = kCompute});
    cull.record = [this, lists, late, &frame](graph::PassContext& ctx) {
        const gpu::CullPush push{
            .uniforms = frame.frame_uniforms,
            .chunks = scene_.chunk_table(ctx.slot),
            .visible = lists ? ctx.buffer(ids_).address() : 0,
            .draws = ctx.buffer(draws_).address(),
            .chunk_shift = scene_.chunk_shift(),
            .cube_count = static_cast<uint32_t>(scene_.cube_count()),
            .capacity = capacity_,
            .lod_full_pixels = lod_full_pixels_,
            .visibility = has_visibility() ? ctx.buffer(visibility_).address() : 0,
            .width = ctx.extent.width,
            .lod_splat_pixels = splat_pixels_,
            .splat_buffer = has_splat_buffer() ? ctx.buffer(splat_buffer_).address() : 0,
            .raster_max_pixels = rastering() ? raster_pixels_ : 0.0f,
            .splat_mode = splat_mode(),
            .occlusion_bits = occlusion_ ? ctx.buffer(occlusion_->bits_id()).address() : 0,
            .occlusion_counts = occlusion_ ? ctx.buffer(occlusion_->counts_id()).address() : 0,
            .clusters = ctx.buffer(clusters_).address(),
            .occlusion_phase = static_cast<uint32_t>(phase_),
            .raster_small_pixels = raster_small_pixels_,
            .raster_visible = rastering() ? ctx.buffer(raster_ids_).address() : 0};
        vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline_);
        if (late) occlusion_->bind_pyramid(ctx, layout_);
        vkCmdPushConstants(ctx.cmd, layout_, VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof push, &push);
        vkCmdDispatchIndirect(ctx.cmd, ctx.buffer(cluster_dispatch_).handle(), 0);
    };
    graph.add_pass(std::move(cull));

    if (output_ != CullOutput::lod) return;
    graph::PassDesc finalize{.name = named("cull finalize"), .kind = graph::PassKind::compute};
    finalize.uses.push_back({.resource = draws_, .usage = Usage::storage_read_write, .stages = kCompute});
    if (rastering())
        finalize.uses.push_back({.resource = dispatches_, .usage = Usage::storage_write, .stages = kCompute});
    // Late: switches the shade to samples where it splatted too, so it reads what the early phase wrote.
    if (splat_mode() == TS_SPLAT_SAMPLES)
        finalize.uses.push_back(
            {.resource = shade_dispatches_, .usage = Usage::storage_read_write, .stages = kCompute});
    finalize.record = [this, late](graph::PassContext& ctx) {
        const bool select = splat_mode() == TS_SPLAT_SAMPLES;
        const VkExtent2D plain_groups = shade_groups(ctx.extent, shade_quads_);
        const VkExtent2D pixel_groups = shade_groups(ctx.extent, false);  // a workgroup per 8x8 pixels
        const gpu::FinalizePush push{.draws = ctx.buffer(draws_).address(),
                                     .dispatches = rastering() ? ctx.buffer(dispatches_).address() : 0,
                                     .capacity = capacity_,
                                     .rastering = rastering() ? 1u : 0u,
                                     .shade_dispatches = select ? ctx.buffer(shade_dispatches_).address() : 0,
                                     .shade_groups_x = plain_groups.width,
                                     .shade_groups_y = plain_groups.height,
                                     .shade_select = !select ? TS_SHADE_SELECT_NONE
                                                     : late  ? TS_SHADE_SELECT_MERGE
                                                             : TS_SHADE_SELECT_WRITE,
                                     .raster_batch_groups = raster_batch_groups_,
                                     .pixel_groups_x = pixel_groups.width,
                                     .pixel_groups_y = pixel_groups.height,
                                     .msaa_gate = msaa_gate_ ? ctx.buffer(draws_).address() + kDrawBytes : 0};
        vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_COMPUTE, finalize_pipeline_);
        vkCmdPushConstants(ctx.cmd, finalize_layout_, VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof push, &push);
        vkCmdDispatch(ctx.cmd, 1, 1, 1);
    };
    graph.add_pass(std::move(finalize));
}

void CullPass::declare_splats_and_occlusion(graph::PassDesc& pass, bool splats) const {
    if (splats) {
        pass.uses.push_back(
            {.resource = visibility_, .usage = Usage::storage_read_write, .stages = kCompute});
        if (has_splat_buffer())
            pass.uses.push_back(
                {.resource = splat_buffer_, .usage = Usage::storage_read_write, .stages = kCompute});
    }
    if (!occlusion_) return;
    // The early phase reads the bits; the late one rewrites them. Both count.
    const Usage bits = phase_ == CullPhase::late ? Usage::storage_read_write : Usage::storage_read;
    pass.uses.push_back({.resource = occlusion_->bits_id(), .usage = bits, .stages = kCompute});
    pass.uses.push_back(
        {.resource = occlusion_->counts_id(), .usage = Usage::storage_read_write, .stages = kCompute});
}

void CullPass::add_cluster_passes(graph::FrameGraph& graph, const FrameTargets& targets,
                                  const FrameContext& frame) {
    const bool late = phase_ == CullPhase::late;
    const bool early = phase_ == CullPhase::early;
    graph::PassDesc cull{.name = named("cluster cull"), .kind = graph::PassKind::compute};
    cull.uses.push_back({.resource = targets.uniforms, .usage = Usage::storage_read, .stages = kCompute});
    cull.uses.push_back({.resource = targets.clusters, .usage = Usage::storage_read, .stages = kCompute});
    cull.uses.push_back({.resource = clusters_, .usage = Usage::storage_read_write, .stages = kCompute});
    cull.uses.push_back({.resource = draws_, .usage = Usage::storage_read_write, .stages = kCompute});
    declare_splats_and_occlusion(cull, splatting() && !late);
    if (occlusion_) {  // early: lists the candidates; late: visits them
        const Usage candidates = late ? Usage::storage_read : Usage::storage_read_write;
        cull.uses.push_back(
            {.resource = occlusion_->candidates_id(), .usage = candidates, .stages = kCompute});
    }
    if (late) {
        cull.uses.push_back(
            {.resource = occlusion_->pyramid_id(), .usage = Usage::sampled, .stages = kCompute});
        cull.uses.push_back({.resource = occlusion_->candidate_dispatch_id(),
                             .usage = Usage::indirect_read,
                             .stages = kIndirect});
    }
    cull.record = [this, late, &frame](graph::PassContext& ctx) {
        const gpu::ClusterPush push{
            .uniforms = frame.frame_uniforms,
            .spheres = scene_.cluster_spheres(),
            .list = ctx.buffer(clusters_).address(),
            .draws = ctx.buffer(draws_).address(),
            .visibility = splatting() ? ctx.buffer(visibility_).address() : 0,
            .splat_buffer = has_splat_buffer() ? ctx.buffer(splat_buffer_).address() : 0,
            .occlusion_bits = occlusion_ ? ctx.buffer(occlusion_->bits_id()).address() : 0,
            .occlusion_counts = occlusion_ ? ctx.buffer(occlusion_->counts_id()).address() : 0,
            .candidates = occlusion_ ? ctx.buffer(occlusion_->candidates_id()).address() : 0,
            .cluster_count = static_cast<uint32_t>(scene_.cluster_count()),
            .cube_count = static_cast<uint32_t>(scene_.cube_count()),
            .width = ctx.extent.width,
            .lod_splat_pixels = splat_pixels_,
            .splat_mode = splat_mode(),
            .occlusion_phase = static_cast<uint32_t>(phase_),
            .cluster_splat_pixels = splatting() ? cluster_splat_pixels_ : 0.0f};
        vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_COMPUTE, cluster_pipeline_);
        if (late) occlusion_->bind_pyramid(ctx, cluster_layout_);
        vkCmdPushConstants(ctx.cmd, cluster_layout_, VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof push, &push);
        if (late)
            vkCmdDispatchIndirect(ctx.cmd, ctx.buffer(occlusion_->candidate_dispatch_id()).handle(), 0);
        else
            dispatch_per_cube(ctx.cmd, scene_.cluster_count());  // one invocation per cluster
    };
    graph.add_pass(std::move(cull));

    graph::PassDesc finalize{.name = named("cluster finalize"), .kind = graph::PassKind::compute};
    finalize.uses.push_back({.resource = clusters_, .usage = Usage::storage_read, .stages = kCompute});
    finalize.uses.push_back(
        {.resource = cluster_dispatch_, .usage = Usage::storage_write, .stages = kCompute});
    if (early) {
        finalize.uses.push_back(
            {.resource = occlusion_->candidates_id(), .usage = Usage::storage_read, .stages = kCompute});
        finalize.uses.push_back({.resource = occlusion_->candidate_dispatch_id(),
                                 .usage = Usage::storage_write,
                                 .stages = kCompute});
    }
    finalize.record = [this, early](graph::PassContext& ctx) {
        const gpu::ClusterFinalizePush push{
            .list = ctx.buffer(clusters_).address(),
            .list_dispatch = ctx.buffer(cluster_dispatch_).address(),
            .candidates = early ? ctx.buffer(occlusion_->candidates_id()).address() : 0,
            .candidate_dispatch = early ? ctx.buffer(occlusion_->candidate_dispatch_id()).address() : 0,
            .has_candidates = early ? 1u : 0u};
        vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_COMPUTE, cluster_finalize_pipeline_);
        vkCmdPushConstants(ctx.cmd, cluster_finalize_layout_, VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof push,
                           &push);
        vkCmdDispatch(ctx.cmd, 1, 1, 1);
    };
    graph.add_pass(std::move(finalize));
}

void CullPass::add_readback_pass(graph::FrameGraph& graph) {
    readback_ = graph.add_buffer({.name = named("cull counts"),
                                  .size = kReadbackBytes,
                                  .memory = vk::MemoryUse::readback,
                                  .per_slot = true});
    graph::PassDesc readback{.name = named("cull readback"), .kind = graph::PassKind::transfer};
    readback.uses.push_back({.resource = draws_, .usage = Usage::transfer_read, .stages = kCopy});
    readback.uses.push_back({.resource = clusters_, .usage = Usage::transfer_read, .stages = kCopy});
    readback.uses.push_back({.resource = readback_, .usage = Usage::transfer_write, .stages = kCopy});
    readback.uses.push_back(
        {.resource = readback_, .usage = Usage::host_read, .stages = VK_PIPELINE_STAGE_2_HOST_BIT});
    readback.record = [this](graph::PassContext& ctx) {
        const VkBufferCopy commands{0, 0, kDrawBytes};
        vkCmdCopyBuffer(ctx.cmd, ctx.buffer(draws_).handle(), ctx.buffer(readback_).handle(), 1, &commands);
        const VkBufferCopy clusters{0, kDrawBytes, sizeof(uint32_t)};  // the list's count
        vkCmdCopyBuffer(ctx.cmd, ctx.buffer(clusters_).handle(), ctx.buffer(readback_).handle(), 1,
                        &clusters);
        readback_pending_[ctx.slot] = true;
    };
    graph.add_pass(std::move(readback));
}

void CullPass::declare_draw_reads(graph::PassDesc& pass) const {
    pass.uses.push_back(
        {.resource = draws_, .usage = Usage::indirect_read, .stages = VK_PIPELINE_STAGE_2_DRAW_INDIRECT_BIT});
    pass.uses.push_back(
        {.resource = ids_, .usage = Usage::storage_read, .stages = VK_PIPELINE_STAGE_2_VERTEX_SHADER_BIT});
}

void CullPass::frame_completed(uint32_t slot) {
    if (!readback_pending_[slot]) return;
    readback_pending_[slot] = false;
    const vk::Buffer& buffer = graph_->buffer(readback_, slot);
    buffer.invalidate();
    gpu::DrawIndexedIndirect commands[TS_LOD_BUCKETS];
    std::memcpy(commands, buffer.mapped(), sizeof commands);
    uint32_t clusters = 0;
    std::memcpy(&clusters, static_cast<const std::byte*>(buffer.mapped()) + kDrawBytes, sizeof clusters);
    for (uint32_t b = 0; b < TS_LOD_BUCKETS; ++b) last_counts_[b] = commands[b].instance_count;
    last_clusters_ = clusters;
    overflow_ = commands[TS_LOD_SPLAT].first_index;  // TS_DROPPED
    if (overflow_ > 0 && !overflow_reported_) {
        spdlog::warn(
            "{}: {} visible cubes were not drawn: they did not fit the visible-id lists ({} entries "
            "each), or had a face too large for the small compute raster",
            named("cull"), overflow_, capacity_);
        overflow_reported_ = true;
    }
}

int64_t CullPass::last_visible() const {
    if (last_counts_[0] < 0) return -1;
    int64_t total = 0;
    for (int64_t c : last_counts_) total += std::max<int64_t>(c, 0);
    return total;
}

void CullPass::draw(const graph::PassContext& ctx, uint32_t bucket) const {
    vkCmdDrawIndexedIndirect(ctx.cmd, ctx.buffer(draws_).handle(), bucket * sizeof(gpu::DrawIndexedIndirect),
                             1, sizeof(gpu::DrawIndexedIndirect));
}

void CullPass::declare_msaa_gate_read(graph::PassDesc& pass) const {
    TS_ASSERT(msaa_gate_);
    pass.uses.push_back(
        {.resource = draws_, .usage = Usage::indirect_read, .stages = VK_PIPELINE_STAGE_2_DRAW_INDIRECT_BIT});
}

void CullPass::draw_msaa_gate(const graph::PassContext& ctx) const {
    vkCmdDrawIndirect(ctx.cmd, ctx.buffer(draws_).handle(), kDrawBytes + offsetof(gpu::MsaaGate, draw), 1,
                      sizeof(gpu::DrawIndirect));
}

void CullPass::dispatch_msaa_gate(const graph::PassContext& ctx) const {
    vkCmdDispatchIndirect(ctx.cmd, ctx.buffer(draws_).handle(),
                          kDrawBytes + offsetof(gpu::MsaaGate, dispatch));
}

VkDeviceAddress CullPass::visible_ids(const graph::PassContext& ctx) const {
    return ctx.buffer(ids_).address();
}

VkDeviceAddress CullPass::raster_ids(const graph::PassContext& ctx) const {
    return ctx.buffer(raster_ids_).address();
}

VkDeviceAddress CullPass::visibility(const graph::PassContext& ctx) const {
    return ctx.buffer(visibility_).address();
}

bool CullPass::shade_clears_samples() const {
    return splat_mode() == TS_SPLAT_SAMPLES && !occluding() && device_.gpu().is_cpu();
}

VkDeviceAddress CullPass::splat_buffer(const graph::PassContext& ctx) const {
    return ctx.buffer(splat_buffer_).address();
}

std::string CullPass::named(const char* name) const {
    return phase_ == CullPhase::late ? std::string("late ") + name : std::string(name);
}

VkDeviceSize CullPass::id_bytes() const {
    if (output_ == CullOutput::count) return 4;
    return VkDeviceSize(capacity_) * sizeof(uint32_t);  // per list
}

}  // namespace tessera::render
