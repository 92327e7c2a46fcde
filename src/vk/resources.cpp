#include "vk/resources.h"

#include "base/assert.h"
#include "base/error.h"
#include "vk/check.h"
#include "vk/device.h"

#include <algorithm>
#include <bit>
#include <string>
#include <string_view>
#include <utility>

namespace tessera::vk {
namespace {

// Out of memory while allocating is the one failure where fewer cubes or a smaller size is the advice; any
// other result is reported as VK_CHECK reports it.
void check_allocation(VkResult result, const char* what, const char* name, VkDeviceSize approximate_bytes) {
    if (result == VK_ERROR_OUT_OF_DEVICE_MEMORY || result == VK_ERROR_OUT_OF_HOST_MEMORY)
        throw VulkanError(
            std::string("out of ") + (result == VK_ERROR_OUT_OF_DEVICE_MEMORY ? "GPU" : "host") +
                " memory allocating " + what + " '" + name + "' (about " +
                std::to_string(approximate_bytes >> 20) + " MiB): try fewer cubes or a smaller resolution",
            result);
    check_result(result, std::string_view(what) == "buffer" ? "vmaCreateBuffer" : "vmaCreateImage", __FILE__,
                 __LINE__);
}

}  // namespace

Buffer::Buffer(const Device& device, VkDeviceSize size, VkBufferUsageFlags usage, MemoryUse use,
               const char* name)
    : allocator_(device.allocator()), size_(size) {
    VkBufferCreateInfo info{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
    info.size = size;
    info.usage = usage;
    info.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    if ((usage & VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT) && device.caps().address_capture_replay)
        info.flags |= VK_BUFFER_CREATE_DEVICE_ADDRESS_CAPTURE_REPLAY_BIT;

    VmaAllocationCreateInfo alloc{};
    alloc.usage = VMA_MEMORY_USAGE_AUTO;
    switch (use) {
        case MemoryUse::device:
            alloc.usage = VMA_MEMORY_USAGE_AUTO_PREFER_DEVICE;
            break;
        case MemoryUse::upload:
            alloc.flags =
                VMA_ALLOCATION_CREATE_HOST_ACCESS_SEQUENTIAL_WRITE_BIT | VMA_ALLOCATION_CREATE_MAPPED_BIT;
            alloc.usage = VMA_MEMORY_USAGE_AUTO_PREFER_HOST;
            break;
        case MemoryUse::readback:
            alloc.flags = VMA_ALLOCATION_CREATE_HOST_ACCESS_RANDOM_BIT | VMA_ALLOCATION_CREATE_MAPPED_BIT;
            alloc.usage = VMA_MEMORY_USAGE_AUTO_PREFER_HOST;
            break;
        case MemoryUse::stream:
            alloc.flags = VMA_ALLOCATION_CREATE_HOST_ACCESS_SEQUENTIAL_WRITE_BIT |
                          VMA_ALLOCATION_CREATE_MAPPED_BIT |
                          VMA_ALLOCATION_CREATE_HOST_ACCESS_ALLOW_TRANSFER_INSTEAD_BIT;
            alloc.usage = VMA_MEMORY_USAGE_AUTO_PREFER_DEVICE;
            break;
    }
    VmaAllocationInfo result{};
    check_allocation(vmaCreateBuffer(allocator_, &info, &alloc, &buffer_, &allocation_, &result), "buffer",
                     name, size);
    mapped_ = result.pMappedData;
    VkMemoryPropertyFlags flags = 0;
    vmaGetAllocationMemoryProperties(allocator_, allocation_, &flags);
    device_local_ = flags & VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT;
    if (use == MemoryUse::stream && !(flags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT)) mapped_ = nullptr;
    if (usage & VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT) {
        VkBufferDeviceAddressInfo address{VK_STRUCTURE_TYPE_BUFFER_DEVICE_ADDRESS_INFO};
        address.buffer = buffer_;
        address_ = vkGetBufferDeviceAddress(device.handle(), &address);
    }
    device.set_name(VK_OBJECT_TYPE_BUFFER, buffer_, name);
}

Buffer& Buffer::operator=(Buffer&& other) noexcept {
    if (this != &other) {
        reset();
        allocator_ = std::exchange(other.allocator_, VK_NULL_HANDLE);
        buffer_ = std::exchange(other.buffer_, VK_NULL_HANDLE);
        allocation_ = std::exchange(other.allocation_, VK_NULL_HANDLE);
        size_ = std::exchange(other.size_, 0);
        address_ = std::exchange(other.address_, 0);
        mapped_ = std::exchange(other.mapped_, nullptr);
        device_local_ = std::exchange(other.device_local_, false);
    }
    return *this;
}

void Buffer::invalidate() const {
    VK_CHECK(vmaInvalidateAllocation(allocator_, allocation_, 0, VK_WHOLE_SIZE));
}
void Buffer::flush() const {
    VK_CHECK(vmaFlushAllocation(allocator_, allocation_, 0, VK_WHOLE_SIZE));
}

void Buffer::reset() {
    if (buffer_) vmaDestroyBuffer(allocator_, buffer_, allocation_);
    buffer_ = VK_NULL_HANDLE;
    allocation_ = VK_NULL_HANDLE;
    mapped_ = nullptr;
}

VkImageView create_image_view(VkDevice device, VkImage image, VkFormat format, VkImageAspectFlags aspect) {
    return create_image_view(device, image, format, VkImageSubresourceRange{aspect, 0, 1, 0, 1});
}

namespace {

// A view limited to `usage` (0: the image's), for mutable images whose formats differ in what they support.
VkImageView create_view(VkDevice device, VkImage image, VkFormat format, const VkImageSubresourceRange& range,
                        VkImageUsageFlags usage) {
    VkImageViewUsageCreateInfo usage_info{VK_STRUCTURE_TYPE_IMAGE_VIEW_USAGE_CREATE_INFO};
    usage_info.usage = usage;
    VkImageViewCreateInfo info{VK_STRUCTURE_TYPE_IMAGE_VIEW_CREATE_INFO};
    info.pNext = usage ? &usage_info : nullptr;
    info.image = image;
    info.viewType = range.layerCount > 1 ? VK_IMAGE_VIEW_TYPE_2D_ARRAY : VK_IMAGE_VIEW_TYPE_2D;
    info.format = format;
    info.subresourceRange = range;
    VkImageView view = VK_NULL_HANDLE;
    VK_CHECK(vkCreateImageView(device, &info, nullptr, &view));
    return view;
}

constexpr VkImageCreateFlags kAliasFlags =
    VK_IMAGE_CREATE_MUTABLE_FORMAT_BIT | VK_IMAGE_CREATE_EXTENDED_USAGE_BIT;

}  // namespace

VkImageView create_image_view(VkDevice device, VkImage image, VkFormat format,
                              const VkImageSubresourceRange& range) {
    return create_view(device, image, format, range, 0);
}

bool supports_storage_alias(const Device& device, VkFormat format, VkImageUsageFlags usage,
                            VkFormat storage_alias) {
    VkFormatProperties alias{};
    vkGetPhysicalDeviceFormatProperties(device.physical(), storage_alias, &alias);
    if (!(alias.optimalTilingFeatures & VK_FORMAT_FEATURE_STORAGE_IMAGE_BIT)) return false;
    VkImageFormatProperties properties{};
    return vkGetPhysicalDeviceImageFormatProperties(
               device.physical(), format, VK_IMAGE_TYPE_2D, VK_IMAGE_TILING_OPTIMAL,
               usage | VK_IMAGE_USAGE_STORAGE_BIT, kAliasFlags, &properties) == VK_SUCCESS;
}

uint32_t full_mip_count(VkExtent2D extent) {
    return static_cast<uint32_t>(std::bit_width(std::max({extent.width, extent.height, 1u})));
}

Image::Image(const Device& device, const ImageDesc& desc)
    : device_(device.handle()),
      allocator_(device.allocator()),
      format_(desc.format),
      extent_(desc.extent),
      samples_(desc.samples),
      mip_levels_(desc.mip_levels ? desc.mip_levels : full_mip_count(desc.extent)),
      layers_(desc.layers) {
    if (mip_levels_ > full_mip_count(desc.extent) || layers_ == 0)
        throw Error(std::string(desc.name) + ": " + std::to_string(mip_levels_) + " mip levels and " +
                    std::to_string(layers_) + " layers for a " + std::to_string(desc.extent.width) + "x" +
                    std::to_string(desc.extent.height) + " image");
    VkImageCreateInfo info{VK_STRUCTURE_TYPE_IMAGE_CREATE_INFO};
    info.imageType = VK_IMAGE_TYPE_2D;
    info.format = desc.format;
    info.extent = {desc.extent.width, desc.extent.height, 1};
    info.mipLevels = mip_levels_;
    info.arrayLayers = layers_;
    info.samples = desc.samples;
    info.tiling = VK_IMAGE_TILING_OPTIMAL;
    info.usage = desc.usage;
    info.initialLayout = VK_IMAGE_LAYOUT_UNDEFINED;
    const bool alias = desc.storage_alias != VK_FORMAT_UNDEFINED;
    const VkFormat formats[] = {desc.format, desc.storage_alias};
    VkImageFormatListCreateInfo format_list{VK_STRUCTURE_TYPE_IMAGE_FORMAT_LIST_CREATE_INFO};
    format_list.viewFormatCount = 2;
    format_list.pViewFormats = formats;
    if (alias) {
        TS_ASSERT(mip_levels_ == 1 && layers_ == 1);
        info.flags = kAliasFlags;
        info.usage |= VK_IMAGE_USAGE_STORAGE_BIT;
        info.pNext = &format_list;
    }
    VmaAllocationCreateInfo alloc{};
    alloc.usage = VMA_MEMORY_USAGE_AUTO_PREFER_DEVICE;
    if (desc.usage & VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT)
        alloc.preferredFlags = VK_MEMORY_PROPERTY_LAZILY_ALLOCATED_BIT;
    check_allocation(vmaCreateImage(allocator_, &info, &alloc, &image_, &allocation_, nullptr), "image",
                     desc.name, VkDeviceSize(desc.extent.width) * desc.extent.height * desc.samples * 4);
    device.set_name(VK_OBJECT_TYPE_IMAGE, image_, desc.name);
    view_ = create_view(device_, image_, desc.format, {desc.aspect, 0, mip_levels_, 0, layers_},
                        alias ? desc.usage : 0);
    if (alias)
        storage_view_ = create_view(device_, image_, desc.storage_alias, {desc.aspect, 0, 1, 0, 1},
                                    VK_IMAGE_USAGE_STORAGE_BIT);
    if (mip_levels_ > 1) {
        mip_views_.reserve(mip_levels_);
        for (uint32_t level = 0; level < mip_levels_; ++level)
            mip_views_.push_back(
                create_image_view(device_, image_, desc.format, {desc.aspect, level, 1, 0, layers_}));
    }
}

Image& Image::operator=(Image&& other) noexcept {
    if (this != &other) {
        reset();
        device_ = std::exchange(other.device_, VK_NULL_HANDLE);
        allocator_ = std::exchange(other.allocator_, VK_NULL_HANDLE);
        image_ = std::exchange(other.image_, VK_NULL_HANDLE);
        view_ = std::exchange(other.view_, VK_NULL_HANDLE);
        storage_view_ = std::exchange(other.storage_view_, VK_NULL_HANDLE);
        mip_views_ = std::move(other.mip_views_);
        other.mip_views_.clear();
        allocation_ = std::exchange(other.allocation_, VK_NULL_HANDLE);
        format_ = other.format_;
        extent_ = other.extent_;
        samples_ = other.samples_;
        mip_levels_ = other.mip_levels_;
        layers_ = other.layers_;
    }
    return *this;
}

VkExtent2D Image::extent(uint32_t level) const {
    return {std::max(extent_.width >> level, 1u), std::max(extent_.height >> level, 1u)};
}

void Image::reset() {
    for (VkImageView view : mip_views_) vkDestroyImageView(device_, view, nullptr);
    mip_views_.clear();
    if (view_) vkDestroyImageView(device_, view_, nullptr);
    if (storage_view_) vkDestroyImageView(device_, storage_view_, nullptr);
    if (image_) vmaDestroyImage(allocator_, image_, allocation_);
    view_ = VK_NULL_HANDLE;
    storage_view_ = VK_NULL_HANDLE;
    image_ = VK_NULL_HANDLE;
    allocation_ = VK_NULL_HANDLE;
}

}  // namespace tessera::vk
