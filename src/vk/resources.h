#pragma once
// GPU buffers and images allocated through VMA. Move-only owners: destruction frees the memory immediately,
// so anything the GPU may still read is handed to a DeletionQueue (vk/deletion_queue.h) instead of dropped.

#include <vk_mem_alloc.h>
#include <volk.h>

#include <cstdint>
#include <utility>

namespace tessera::vk {

class Device;

enum class MemoryUse {
    device,    // device-local, not mappable: the GPU scene, attachments, GPU-written buffers
    upload,    // host-visible, write-combined, persistently mapped: staging and per-frame constants
    readback,  // host-visible, cached, persistently mapped: timestamps, screenshots, GPU counters read back
    stream     // device-local and host-visible where the GPU has it (ReBAR/UMA), else upload: per-frame data
};

class Buffer {
public:
    Buffer() = default;
    Buffer(const Device& device, VkDeviceSize size, VkBufferUsageFlags usage, MemoryUse use,
           const char* name);
    ~Buffer() { reset(); }
    Buffer(Buffer&& other) noexcept { *this = std::move(other); }
    Buffer& operator=(Buffer&& other) noexcept;
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;

    VkBuffer handle() const { return buffer_; }
    VkDeviceSize size() const { return size_; }
    VkDeviceAddress address() const { return address_; }  // 0 unless created with SHADER_DEVICE_ADDRESS
    void* mapped() const { return mapped_; }              // non-null for upload, readback and stream
    bool device_local() const { return device_local_; }
    explicit operator bool() const { return buffer_ != VK_NULL_HANDLE; }

    // For readback memory: makes GPU writes visible to the host (no-op on coherent memory).
    void invalidate() const;
    // For upload/stream memory: makes host writes visible to the GPU (no-op on coherent memory).
    void flush() const;

    void reset();

private:
    VmaAllocator allocator_ = VK_NULL_HANDLE;
    VkBuffer buffer_ = VK_NULL_HANDLE;
    VmaAllocation allocation_ = VK_NULL_HANDLE;
    VkDeviceSize size_ = 0;
    VkDeviceAddress address_ = 0;
    void* mapped_ = nullptr;
    bool device_local_ = false;
};

struct ImageDesc {
    VkFormat format = VK_FORMAT_UNDEFINED;
    VkExtent2D extent{};
    VkImageUsageFlags usage = 0;
    VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
    VkImageAspectFlags aspect = VK_IMAGE_ASPECT_COLOR_BIT;
    const char* name = "image";
    uint32_t mip_levels = 1;
};

class Image {
public:
    Image() = default;
    Image(const Device& device, const ImageDesc& desc);
    ~Image() { reset(); }
    Image(Image&& other) noexcept { *this = std::move(other); }
    Image& operator=(Image&& other) noexcept;
    Image(const Image&) = delete;
    Image& operator=(const Image&) = delete;

    VkImage handle() const { return image_; }
    VkImageView view() const { return view_; }
    VkFormat format() const { return format_; }
    VkExtent2D extent() const { return extent_; }
    VkSampleCountFlagBits samples() const { return samples_; }
    explicit operator bool() const { return image_ != VK_NULL_HANDLE; }

    void reset();

private:
    VkDevice device_ = VK_NULL_HANDLE;
    VmaAllocator allocator_ = VK_NULL_HANDLE;
    VkImage image_ = VK_NULL_HANDLE;
    VkImageView view_ = VK_NULL_HANDLE;
    VmaAllocation allocation_ = VK_NULL_HANDLE;
    VkFormat format_ = VK_FORMAT_UNDEFINED;
    VkExtent2D extent_{};
    VkSampleCountFlagBits samples_ = VK_SAMPLE_COUNT_1_BIT;
};

VkImageView create_image_view(VkDevice device, VkImage image, VkFormat format, VkImageAspectFlags aspect,
                              uint32_t mip_levels = 1);

}  // namespace tessera::vk
