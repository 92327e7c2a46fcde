#pragma once
// GPU buffers and images allocated through VMA. Move-only owners: destruction frees the memory immediately,
// so anything the GPU may still read is handed to a DeletionQueue (vk/deletion_queue.h) instead of dropped.

#include <vk_mem_alloc.h>
#include <volk.h>

#include <cstdint>
#include <utility>
#include <vector>

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
    uint32_t mip_levels = 1;  // 0: the full chain down to 1x1 (full_mip_count)
    uint32_t layers = 1;      // array layers; views are 2D arrays when > 1
    // A second format of the same size class that compute shaders write the image through (storage_view()),
    // for formats that cannot be storage images themselves (sRGB): the image is created mutable with both
    // formats listed, STORAGE usage is added, and view() keeps the other usages. Single level and layer only.
    VkFormat storage_alias = VK_FORMAT_UNDEFINED;
};

// Levels of a full mip chain for `extent`: floor(log2(max(width, height))) + 1.
uint32_t full_mip_count(VkExtent2D extent);

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
    VkImageView view() const { return view_; }  // every level and layer
    // A view of exactly `level` (every layer), created with the image; view() when there is one level.
    VkImageView mip_view(uint32_t level) const { return mip_views_.empty() ? view_ : mip_views_[level]; }
    // The view in ImageDesc::storage_alias's format; VK_NULL_HANDLE without one.
    VkImageView storage_view() const { return storage_view_; }
    VkFormat format() const { return format_; }
    VkExtent2D extent() const { return extent_; }
    VkExtent2D extent(uint32_t level) const;  // of mip `level`: max(1, size >> level)
    uint32_t mip_levels() const { return mip_levels_; }
    uint32_t layers() const { return layers_; }
    VkSampleCountFlagBits samples() const { return samples_; }
    explicit operator bool() const { return image_ != VK_NULL_HANDLE; }

    void reset();

private:
    VkDevice device_ = VK_NULL_HANDLE;
    VmaAllocator allocator_ = VK_NULL_HANDLE;
    VkImage image_ = VK_NULL_HANDLE;
    VkImageView view_ = VK_NULL_HANDLE;
    std::vector<VkImageView> mip_views_;  // one per level when there are several, else empty
    VkImageView storage_view_ = VK_NULL_HANDLE;
    VmaAllocation allocation_ = VK_NULL_HANDLE;
    VkFormat format_ = VK_FORMAT_UNDEFINED;
    VkExtent2D extent_{};
    VkSampleCountFlagBits samples_ = VK_SAMPLE_COUNT_1_BIT;
    uint32_t mip_levels_ = 1;
    uint32_t layers_ = 1;
};

// A 2D view of one level and layer. The caller owns (destroys) the view.
VkImageView create_image_view(VkDevice device, VkImage image, VkFormat format, VkImageAspectFlags aspect);
// A view of `range`: 2D for one layer, 2D array for several. The caller owns (destroys) the view.
VkImageView create_image_view(VkDevice device, VkImage image, VkFormat format,
                              const VkImageSubresourceRange& range);
// Whether `device` can make an image of `format` and `usage` that compute writes through a `storage_alias` view
// (ImageDesc::storage_alias).
bool supports_storage_alias(const Device& device, VkFormat format, VkImageUsageFlags usage,
                            VkFormat storage_alias);

}  // namespace tessera::vk
