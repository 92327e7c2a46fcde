#include "vk/offscreen.h"

namespace tessera::vk {

OffscreenTarget::OffscreenTarget(const Device& device, VkExtent2D extent, uint32_t frames_in_flight,
                                 VkFormat format)
    : format_(format), extent_(extent) {
    constexpr VkImageUsageFlags kUsage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT |
                                         VK_IMAGE_USAGE_TRANSFER_SRC_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT;
    storage_ = supports_storage_alias(device, format, kUsage, VK_FORMAT_R32_UINT);
    for (uint32_t i = 0; i < frames_in_flight; ++i) {
        ImageDesc desc{
            format, extent, kUsage, VK_SAMPLE_COUNT_1_BIT, VK_IMAGE_ASPECT_COLOR_BIT, "offscreen target"};
        if (storage_) desc.storage_alias = VK_FORMAT_R32_UINT;
        images_.emplace_back(device, desc);
    }
}

AcquireResult OffscreenTarget::acquire(uint32_t slot, VkSemaphore /*acquired*/, TargetImage& out) {
    // The frame loop waited for this slot's previous frame, so its image is free to overwrite.
    const Image& image = images_[slot];
    out =
        TargetImage{image.handle(), image.view(), image.storage_view(), slot, VK_NULL_HANDLE, VK_NULL_HANDLE};
    return AcquireResult::ok;
}

}  // namespace tessera::vk
