#pragma once
// Start-up GPU work outside the frame loop: one-shot submissions and bulk uploads through a bounded staging
// buffer. Both block the calling thread on the GPU, which is why neither may run inside the frame loop.

#include "vk/handle.h"
#include "vk/resources.h"

#include <cstddef>
#include <functional>
#include <span>

namespace tessera::vk {

class Device;

// Records with `record`, submits on the device's queue and waits for completion.
void submit_and_wait(const Device& device, const std::function<void(VkCommandBuffer)>& record);

// Streams data into device-local buffers through a fixed-size staging buffer split in two halves: while the
// GPU copies one half, the CPU fills the other. Peak host memory is `staging_bytes`, whatever the total
// uploaded.
class Uploader {
public:
    Uploader(const Device& device, VkDeviceSize staging_bytes = 64ull << 20);
    ~Uploader();  // waits for outstanding copies
    Uploader(const Uploader&) = delete;
    Uploader& operator=(const Uploader&) = delete;

    // Copies `size` bytes into dst at dst_offset; fill(bytes, offset) writes each piece, where offset is
    // relative to dst_offset. Pieces are at most half the staging size.
    void upload(const Buffer& dst, VkDeviceSize dst_offset, VkDeviceSize size,
                const std::function<void(std::span<std::byte> bytes, VkDeviceSize offset)>& fill);
    // Copies host bytes into dst at dst_offset (the fill is a memcpy of `bytes`).
    void upload_bytes(const Buffer& dst, VkDeviceSize dst_offset, std::span<const std::byte> bytes);
    // Blocks until every copy so far has completed.
    void finish();

    VkDeviceSize piece_bytes() const { return half_; }

private:
    const Device& device_;
    VkDeviceSize half_;
    Buffer staging_;
    Handle<VkCommandPool> pool_;
    VkCommandBuffer cmds_[2]{};
    Handle<VkSemaphore> timeline_;
    uint64_t submitted_[2]{0, 0};  // timeline value each half's last copy signals
    uint64_t next_value_ = 1;
    int half_index_ = 0;
};

}  // namespace tessera::vk
