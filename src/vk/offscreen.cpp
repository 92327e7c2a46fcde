#include "vk/offscreen.h"

namespace tessera::vk {

OffscreenTarget::OffscreenTarget(const Device& device, VkExtent2D extent, uint32_t frames_in_flight,
                                 VkFormat format)
    : format_(format), extent_(extent) {
    for (uint32_t i = 0; i < frames_in_flight; ++i) {
        images_.emplace_back(device,
                             ImageDesc{format, extent,
                                       VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT |
                                           VK_IMAGE_USAGE_TRANSFER_DST_BIT,
                                       VK_SAMPLE_COUNT_1_BIT, VK_IMAGE_ASPECT_COLOR_BIT, "offscreen target"});
    }
}

AcquireResult OffscreenTarget::acquire(uint32_t slot, VkSemaphore /*acquired*/, TargetImage& out) {
    // The frame loop waited for this slot's previous frame, so its image is free to overwrite.
    const Image& image = images_[slot];
    out = TargetImage{image.handle(), image.view(), slot, VK_NULL_HANDLE, VK_NULL_HANDLE};
    return AcquireResult::ok;
}

}  // namespace tessera::vk
