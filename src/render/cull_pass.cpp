#include "render/cull_pass.h"

#include "base/error.h"
#include "render/gpu_scene.h"
#include "vk/barriers.h"
#include "vk/deletion_queue.h"
#include "vk/device.h"
#include "vk/gpu_timer.h"
#include "vk/pipeline.h"

#include <algorithm>
#include <cstring>

namespace tessera::render {
namespace {

constexpr VkDeviceSize kDrawBytes = sizeof(gpu::DrawIndexedIndirect) * TS_LOD_BUCKETS;

std::array<gpu::DrawIndexedIndirect, TS_LOD_BUCKETS> initial_commands() {
    std::array<gpu::DrawIndexedIndirect, TS_LOD_BUCKETS> commands{};
    commands[TS_LOD_FULL] = {TS_CUBE_INDEX_COUNT, 0, 0, 0, 0};
    commands[TS_LOD_FACES] = {TS_CUBE_INDEX_COUNT / 2, 0, 0, 0, 0};
    commands[TS_LOD_SPLAT] = {0, 0, 0, 0, 0};  // a counter only: splatted cubes are never drawn
    return commands;
}

}  // namespace

CullPass::CullPass(const ModeDesc& desc, CullOutput output)
    : device_(*desc.device),
      scene_(*desc.scene),
      output_(output),
      lod_full_pixels_(desc.lod_full_pixels),
      splat_pixels_(output == CullOutput::lod && desc.device->caps().int64_atomics ? desc.lod_splat_pixels
                                                                                   : 0.0f),
      capacity_(static_cast<uint32_t>(desc.scene->cube_count())),
      layout_(vk::create_pipeline_layout(*desc.device, sizeof(gpu::CullPush), VK_SHADER_STAGE_COMPUTE_BIT)) {
    const vk::Device& device = *desc.device;
    if (!device.caps().subgroup_ops)
        throw Error("GPU culling needs subgroup ballot and arithmetic in compute shaders; " +
                    device.gpu().name() + " lacks them (use --mode cpu or instanced)");
    const VkDeviceSize id_bytes =
        output == CullOutput::count ? 4 : VkDeviceSize(capacity_) * sizeof(uint32_t);
    if (id_bytes > device.caps().max_allocation)
        throw Error("the visible-id list for " + std::to_string(capacity_) +
                    " cubes exceeds the GPU's largest allocation");

    const auto shader = vk::load_shader(device, splatting() ? "cull_splat.comp" : "cull.comp");
    const uint32_t kind = static_cast<uint32_t>(output);
    const VkSpecializationMapEntry entry{0, 0, sizeof kind};
    const VkSpecializationInfo specialization{1, &entry, sizeof kind, &kind};
    pipeline_ = vk::create_compute_pipeline(device, shader, layout_, &specialization, "cull pipeline");

    ids_ = vk::Buffer(device, id_bytes,
                      VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT |
                          VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
                      vk::MemoryUse::device, "visible ids");
    draws_ = vk::Buffer(device, kDrawBytes,
                        VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT |
                            VK_BUFFER_USAGE_INDIRECT_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT |
                            VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
                        vk::MemoryUse::device, "cull draw commands");
    for (uint32_t i = 0; i < desc.frames_in_flight; ++i)
        readback_.emplace_back(device, kDrawBytes, VK_BUFFER_USAGE_TRANSFER_DST_BIT, vk::MemoryUse::readback,
                               "cull counts read-back");
    readback_pending_.assign(desc.frames_in_flight, false);
    last_counts_.fill(-1);
}

void CullPass::record(FrameContext& frame) {
    VkCommandBuffer cmd = frame.cmd;
    if (splatting() &&
        (frame.extent.width != splat_extent_.width || frame.extent.height != splat_extent_.height)) {
        frame.retired->retire(frame.frame_number, std::move(splat_));
        splat_ =
            vk::Buffer(device_, VkDeviceSize(frame.extent.width) * frame.extent.height * sizeof(uint64_t),
                       VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT |
                           VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                       vk::MemoryUse::device, "splat visibility");
        splat_extent_ = frame.extent;
    }
    // The previous frame's indirect draws, vertex and fragment reads and read-back copy are done with the
    // buffers.
    vk::memory_barrier(cmd,
                       VK_PIPELINE_STAGE_2_DRAW_INDIRECT_BIT | VK_PIPELINE_STAGE_2_VERTEX_SHADER_BIT |
                           VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT | VK_PIPELINE_STAGE_2_COPY_BIT,
                       VK_ACCESS_2_NONE,
                       VK_PIPELINE_STAGE_2_TRANSFER_BIT | VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                       VK_ACCESS_2_NONE);
    const auto commands = initial_commands();
    vkCmdUpdateBuffer(cmd, draws_.handle(), 0, kDrawBytes, commands.data());
    if (splatting()) vkCmdFillBuffer(cmd, splat_.handle(), 0, VK_WHOLE_SIZE, 0);  // 0 = no cube
    vk::memory_barrier(cmd, VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT,
                       VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                       VK_ACCESS_2_SHADER_STORAGE_READ_BIT | VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT);

    const uint32_t scope = frame.timer->begin(cmd, "cull");
    const gpu::CullPush push{frame.frame_uniforms,
                             scene_.chunk_table(frame.slot),
                             output_ == CullOutput::count ? 0 : ids_.address(),
                             draws_.address(),
                             scene_.chunk_shift(),
                             static_cast<uint32_t>(scene_.cube_count()),
                             capacity_,
                             lod_full_pixels_,
                             splatting() ? splat_.address() : 0,
                             frame.extent.width,
                             splat_pixels_};
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline_);
    vkCmdPushConstants(cmd, layout_, VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof push, &push);
    dispatch_per_cube(cmd, scene_.cube_count());
    frame.timer->end(cmd, scope);

    vk::memory_barrier(cmd, VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT, VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT,
                       VK_PIPELINE_STAGE_2_DRAW_INDIRECT_BIT | VK_PIPELINE_STAGE_2_VERTEX_SHADER_BIT |
                           VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT | VK_PIPELINE_STAGE_2_COPY_BIT,
                       VK_ACCESS_2_INDIRECT_COMMAND_READ_BIT | VK_ACCESS_2_SHADER_STORAGE_READ_BIT |
                           VK_ACCESS_2_TRANSFER_READ_BIT);
}

void CullPass::record_readback(FrameContext& frame) {
    const VkBufferCopy region{0, 0, kDrawBytes};
    vkCmdCopyBuffer(frame.cmd, draws_.handle(), readback_[frame.slot].handle(), 1, &region);
    vk::memory_barrier(frame.cmd, VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT,
                       VK_PIPELINE_STAGE_2_HOST_BIT, VK_ACCESS_2_HOST_READ_BIT);
    readback_pending_[frame.slot] = true;
}

void CullPass::frame_completed(uint32_t slot) {
    if (!readback_pending_[slot]) return;
    readback_pending_[slot] = false;
    readback_[slot].invalidate();
    gpu::DrawIndexedIndirect commands[TS_LOD_BUCKETS];
    std::memcpy(commands, readback_[slot].mapped(), sizeof commands);
    for (uint32_t b = 0; b < TS_LOD_BUCKETS; ++b) last_counts_[b] = commands[b].instance_count;
}

int64_t CullPass::last_visible() const {
    if (last_counts_[0] < 0) return -1;
    int64_t total = 0;
    for (int64_t c : last_counts_) total += std::max<int64_t>(c, 0);
    return total;
}

void CullPass::draw(VkCommandBuffer cmd, uint32_t bucket) const {
    vkCmdDrawIndexedIndirect(cmd, draws_.handle(), bucket * sizeof(gpu::DrawIndexedIndirect), 1,
                             sizeof(gpu::DrawIndexedIndirect));
}

}  // namespace tessera::render
