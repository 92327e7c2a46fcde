#pragma once
// OffscreenTarget: a Target made of one image per frame in flight, for headless runs. It goes through the
// same frame loop, frames in flight and synchronisation as a swapchain; "present" just keeps the image. Its
// images take compute writes through an R32_UINT view where the device allows that for their format.

#include "vk/resources.h"
#include "vk/target.h"

#include <vector>

namespace tessera::vk {

class Device;

class OffscreenTarget final : public Target {
public:
    OffscreenTarget(const Device& device, VkExtent2D extent, uint32_t frames_in_flight,
                    VkFormat format = VK_FORMAT_B8G8R8A8_SRGB);

    VkFormat format() const override { return format_; }
    VkExtent2D extent() const override { return extent_; }
    uint64_t generation() const override { return 1; }
    VkImageLayout present_layout() const override { return VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL; }
    bool can_capture() const override { return true; }
    bool can_copy_into() const override { return true; }
    bool storage_writes() const override { return storage_; }
    AcquireResult acquire(uint32_t slot, VkSemaphore acquired, TargetImage& out) override;
    void present(const TargetImage&) override {}

private:
    VkFormat format_;
    VkExtent2D extent_;
    bool storage_ = false;
    std::vector<Image> images_;
};

}  // namespace tessera::vk
