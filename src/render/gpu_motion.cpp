#include "render/gpu_motion.h"

#include "base/error.h"
#include "base/trace.h"
#include "render/gpu_scene.h"
#include "scene/simulation.h"
#include "vk/commands.h"
#include "vk/device.h"
#include "vk/pipeline.h"

#include <algorithm>

namespace tessera::render {

GpuMotion::GpuMotion(const vk::Device& device, const GpuScene& scene, JobSystem& jobs)
    : scene_(scene),
      layout_(vk::create_pipeline_layout(device, sizeof(gpu::MotionPush), VK_SHADER_STAGE_COMPUTE_BIT)) {
    if (scene.streamed()) throw Error("the GPU simulation moves a fixed scene in place, not a streamed one");
    if (scene.compact()) throw Error("the GPU simulation writes 32-byte cubes, not a compact scene's");
    pipeline_ = ReloadablePipeline({"simulate.comp"}, [device = &device, layout = layout_.get()] {
        return vk::create_compute_pipeline(*device, vk::load_shader(*device, "simulate.comp"), layout,
                                           nullptr, "simulate pipeline");
    });

    const scene::SceneDesc desc = scene.desc();
    const uint64_t per_chunk = 1ull << scene.chunk_shift();
    vk::Uploader uploader(device);
    std::vector<VkDeviceAddress> addresses;
    for (uint64_t first = 0; first < desc.count; first += per_chunk) {
        const uint64_t count = std::min(per_chunk, desc.count - first);
        chunks_.emplace_back(device, count * sizeof(gpu::CubeMotion),
                             VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT |
                                 VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                             vk::MemoryUse::device, "cube motion");
        uploader.upload(
            chunks_.back(), 0, chunks_.back().size(), [&](std::span<std::byte> bytes, VkDeviceSize offset) {
                auto* out = reinterpret_cast<gpu::CubeMotion*>(bytes.data());
                const uint64_t start = first + offset / sizeof(gpu::CubeMotion);
                TS_TRACE_SCOPE("generate motion");
                jobs.parallel_for(bytes.size() / sizeof(gpu::CubeMotion), 1 << 14, [&](size_t b, size_t e) {
                    for (size_t k = b; k < e; ++k) out[k] = scene::initial_motion(desc, start + k);
                });
            });
        addresses.push_back(chunks_.back().address());
    }
    table_ = make_address_table(device, addresses, "cube motion table");
    uploader.finish();
}

void GpuMotion::add_pass(graph::FrameGraph& graph, graph::ResourceId cubes, graph::ResourceId spheres,
                         const FrameContext& frame) {
    using graph::Usage;
    constexpr VkPipelineStageFlags2 kCompute = VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT;
    const graph::ResourceId motion = graph.import_buffer("cube motion");
    graph.assume_written(motion, VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT);
    graph::PassDesc pass{.name = "simulate", .kind = graph::PassKind::compute};
    pass.uses.push_back({.resource = cubes, .usage = Usage::storage_read_write, .stages = kCompute});
    pass.uses.push_back({.resource = motion, .usage = Usage::storage_read_write, .stages = kCompute});
    pass.uses.push_back({.resource = spheres, .usage = Usage::storage_write, .stages = kCompute});
    pass.record = [this, &frame](graph::PassContext& ctx) {
        const scene::Bounds bounds = scene::scene_bounds(scene_.desc());
        gpu::MotionPush push{};
        push.chunks = scene_.chunk_table(ctx.slot);
        push.motion_chunks = table_.address();
        push.bounds_min = bounds.center - bounds.half_extent;
        push.dt = frame.dt;
        push.bounds_max = bounds.center + bounds.half_extent;
        push.elapsed = static_cast<float>(frame.elapsed);
        push.chunk_shift = scene_.chunk_shift();
        push.cube_count = static_cast<uint32_t>(scene_.cube_count());
        push.spheres = scene_.cluster_spheres();
        vkCmdBindPipeline(ctx.cmd, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline_);
        vkCmdPushConstants(ctx.cmd, layout_, VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof push, &push);
        dispatch_per_cube(ctx.cmd, scene_.cube_count());
    };
    graph.add_pass(std::move(pass));
}

}  // namespace tessera::render
