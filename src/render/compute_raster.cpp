#include "render/compute_raster.h"

#include "base/assert.h"
#include "render/cull_pass.h"
#include "render/gpu_scene.h"
#include "shaders/shared.h"
#include "vk/device.h"
#include "vk/pipeline.h"

#include <array>
#include <limits>

namespace tessera::render {

float default_raster_max_pixels(const vk::Device& device) {
    // Sweeps of render.compute_raster_max_pixels (docs/PERFORMANCE.md). On the H200 every value from 24 pixels up
    // gives the same frame time at 100k-100M grid cubes (the hardware then draws next to nothing), 16 and below
    // are slower. Where cubes come close to the camera (the city from the street, random from the fly camera),
    // with the large bucket in batches (raster_batches.comp), 96 was the best of 32-128: the city 2.36 -> 1.44 ms
    // at 1M cubes, random 0.47 -> 0.38 ms at 100k, and 128 slower for random: 96. On lavapipe (a CPU "GPU")
    // a workgroup per cube loses to the hardware path, but one invocation per cube (the small bucket, which
    // takes every size there: default_raster_small_pixels) beats it up to 32 pixels: the hardware path sets up
    // each triangle on one thread, about 0.5 us each. Of 8-48, 24 and 32 were best: 262,144 grid cubes at
    // 1920x1080 118 -> 84-89 ms, the city from the street 175-196 -> 104-120 ms at 100k (docs/PERFORMANCE.md).
    return device.gpu().is_cpu() ? 32.0f : 96.0f;
}

float default_raster_small_pixels(const vk::Device& device) {
    return device.gpu().is_cpu() ? std::numeric_limits<float>::infinity() : 8.0f;
}

uint32_t raster_batch_groups(const ModeDesc& desc) {
    if (desc.raster_batch_groups != 0) return desc.raster_batch_groups;
    // The H200 holds 132 SMs x 32 workgroups of 64 at once. Of 4096-32768, 16384 was the value at which no scene
    // measured slower than a workgroup per cube, and the city from the street (150,000 cubes in the bucket) ran
    // its large bucket in 0.39 ms instead of 0.90 (docs/PERFORMANCE.md). A CPU driver runs one workgroup per
    // thread at a time, and a few per core keep its threads fed.
    return desc.device->gpu().is_cpu() ? 16u : 16384u;
}

ComputeRaster::ComputeRaster(const ModeDesc& desc, const CullPass& cull)
    : scene_(*desc.scene),
      cull_(cull),
      layout_(
          vk::create_pipeline_layout(*desc.device, sizeof(gpu::RasterPush), VK_SHADER_STAGE_COMPUTE_BIT)) {
    TS_ASSERT(cull.rastering());
    const auto compute = [device = desc.device, layout = layout_.get(), compact = scene_.compact()](
                             const char* shader, const char* name) {
        return ReloadablePipeline({shader}, [device, layout, shader, name, compact] {
            const CubeSpecialization specialization(compact);
            return vk::create_compute_pipeline(*device, vk::load_shader(*device, shader), layout,
                                               specialization.info(), name);
        });
    };
    small_ = compute("raster_small.comp", "raster small pipeline");
    large_ = compute("raster_large.comp", "raster large pipeline");
    batches_ = compute("raster_batches.comp", "raster batches pipeline");
}

void ComputeRaster::add_passes(graph::FrameGraph& graph, const FrameTargets& targets,
                               const FrameContext& frame) {
    using graph::Usage;
    constexpr VkPipelineStageFlags2 kCompute = VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT;
    // Pipelines are bound as they are when recorded (hot reload may rebuild them). Each is an indirect dispatch,
    // the DispatchIndirect at `first` and on; raster large and raster batches share the pass, and the cull
    // finalize step gives one of them no workgroups.
    const struct {
        const char* name;
        uint32_t bucket;
        uint32_t first;
        std::array<const ReloadablePipeline*, 2> pipelines;  // the second may be null
    } kinds[] = {{"raster small", TS_LOD_RASTER_SMALL, 0, {&small_, nullptr}},
                 {"raster large", TS_LOD_RASTER_LARGE, 1, {&large_, &batches_}}};
    for (const auto& kind : kinds) {
        graph::PassDesc pass{.name = kind.name, .kind = graph::PassKind::compute};
        pass.uses.push_back({.resource = targets.uniforms, .usage = Usage::storage_read, .stages = kCompute});
        pass.uses.push_back({.resource = targets.cubes, .usage = Usage::storage_read, .stages = kCompute});
        pass.uses.push_back(
            {.resource = cull_.raster_ids_id(), .usage = Usage::storage_read, .stages = kCompute});
        // Read for the bucket ranges; raster small adds cubes it could not draw to TS_DROPPED.
        pass.uses.push_back(
            {.resource = cull_.draws_id(), .usage = Usage::storage_read_write, .stages = kCompute});
        pass.uses.push_back({.resource = cull_.dispatches_id(),
                             .usage = Usage::indirect_read,
                             .stages = VK_PIPELINE_STAGE_2_DRAW_INDIRECT_BIT});
        pass.uses.push_back(
            {.resource = cull_.visibility_id(), .usage = Usage::storage_read_write, .stages = kCompute});
        pass.record = [this, bucket = kind.bucket, first = kind.first, pipelines = kind.pipelines,
                       &frame](graph::PassContext& ctx) {
            const gpu::RasterPush push{.uniforms = frame.frame_uniforms,
                                       .chunks = scene_.chunk_table(ctx.slot),
                                       .visible = cull_.raster_ids(ctx),
                                       .draws = ctx.buffer(cull_.draws_id()).address(),
                                       .visibility = cull_.visibility(ctx),
                                       .chunk_shift = scene_.chunk_shift(),
                                       .width = ctx.extent.width,
                                       .height = ctx.extent.height,
                                       .bucket = bucket,
                                       .batch_groups = cull_.raster_batch_groups()};
            vkCmdPushConstants(ctx.cmd, layout_, VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof push, &push);
            for (size_t i = 0; i < pipelines.size() && pipelines[i]; ++i) {
                vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_COMPUTE, pipelines[i]->get());
                vkCmdDispatchIndirect(ctx.cmd, ctx.buffer(cull_.dispatches_id()).handle(),
                                      (first + i) * sizeof(gpu::DispatchIndirect));
            }
        };
        graph.add_pass(std::move(pass));
    }
}

}  // namespace tessera::render
