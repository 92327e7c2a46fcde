#include "vk/commands.h"

#include "vk/check.h"
#include "vk/device.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace tessera::vk {
namespace {

void submit(VkQueue queue, VkCommandBuffer cmd, VkSemaphore timeline, uint64_t value) {
    VkCommandBufferSubmitInfo cmd_info{VK_STRUCTURE_TYPE_COMMAND_BUFFER_SUBMIT_INFO};
    cmd_info.commandBuffer = cmd;
    VkSemaphoreSubmitInfo signal{VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO};
    signal.semaphore = timeline;
    signal.value = value;
    signal.stageMask = VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT;
    VkSubmitInfo2 submit_info{VK_STRUCTURE_TYPE_SUBMIT_INFO_2};
    submit_info.commandBufferInfoCount = 1;
    submit_info.pCommandBufferInfos = &cmd_info;
    submit_info.signalSemaphoreInfoCount = 1;
    submit_info.pSignalSemaphoreInfos = &signal;
    VK_CHECK(vkQueueSubmit2(queue, 1, &submit_info, VK_NULL_HANDLE));
}

void begin(VkCommandBuffer cmd) {
    VkCommandBufferBeginInfo info{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    info.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    VK_CHECK(vkBeginCommandBuffer(cmd, &info));
}

}  // namespace

void submit_and_wait(const Device& device, const std::function<void(VkCommandBuffer)>& record) {
    auto pool =
        create_command_pool(device.handle(), device.queue_family(), VK_COMMAND_POOL_CREATE_TRANSIENT_BIT);
    VkCommandBuffer cmd = allocate_command_buffer(device.handle(), pool, VK_COMMAND_BUFFER_LEVEL_PRIMARY);
    auto done = create_timeline_semaphore(device.handle(), 0);
    begin(cmd);
    record(cmd);
    VK_CHECK(vkEndCommandBuffer(cmd));
    submit(device.queue(), cmd, done, 1);
    wait_timeline(device.handle(), done, 1);
}

Uploader::Uploader(const Device& device, VkDeviceSize staging_bytes)
    : device_(device),
      half_(staging_bytes / 2),
      staging_(device, staging_bytes, VK_BUFFER_USAGE_TRANSFER_SRC_BIT, MemoryUse::upload, "upload staging"),
      pool_(create_command_pool(device.handle(), device.queue_family(),
                                VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT)),
      timeline_(create_timeline_semaphore(device.handle(), 0)) {
    for (auto& cmd : cmds_)
        cmd = allocate_command_buffer(device.handle(), pool_, VK_COMMAND_BUFFER_LEVEL_PRIMARY);
}

Uploader::~Uploader() {
    try {
        finish();
    } catch (...) {  // a destructor must not throw; the error was already reported by whoever saw it first
    }
}

void Uploader::upload(const Buffer& dst, VkDeviceSize dst_offset, VkDeviceSize size,
                      const std::function<void(std::span<std::byte>, VkDeviceSize)>& fill) {
    for (VkDeviceSize done = 0; done < size;) {
        const VkDeviceSize piece = std::min(half_, size - done);
        const int h = half_index_;
        half_index_ ^= 1;
        wait_timeline(device_.handle(), timeline_, submitted_[h]);  // this half's previous copy has finished
        auto* base = static_cast<std::byte*>(staging_.mapped()) + h * half_;
        fill(std::span<std::byte>(base, piece), done);
        staging_.flush();

        VK_CHECK(vkResetCommandBuffer(cmds_[h], 0));
        begin(cmds_[h]);
        const VkBufferCopy region{static_cast<VkDeviceSize>(h) * half_, dst_offset + done, piece};
        vkCmdCopyBuffer(cmds_[h], staging_.handle(), dst.handle(), 1, &region);
        VK_CHECK(vkEndCommandBuffer(cmds_[h]));
        submitted_[h] = next_value_++;
        submit(device_.queue(), cmds_[h], timeline_, submitted_[h]);
        done += piece;
    }
}

void Uploader::upload_bytes(const Buffer& dst, VkDeviceSize dst_offset, std::span<const std::byte> bytes) {
    upload(dst, dst_offset, bytes.size(), [&](std::span<std::byte> piece, VkDeviceSize offset) {
        std::memcpy(piece.data(), bytes.data() + offset, piece.size());
    });
}

void Uploader::finish() {
    wait_timeline(device_.handle(), timeline_, std::max(submitted_[0], submitted_[1]));
}

}  // namespace tessera::vk
