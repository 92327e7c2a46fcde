#pragma once
// Target: where frames go. The frame loop renders the same way into a window's swapchain or into offscreen
// images; only acquire and present differ. The frame loop owns one acquire semaphore per frame in flight and
// hands it in; the target owns everything else (swapchain, images, present semaphores).
//
// Thread contract: frame-loop thread only.

#include <volk.h>

#include <cstdint>

namespace tessera::vk {

struct TargetImage {
    VkImage image = VK_NULL_HANDLE;
    VkImageView view = VK_NULL_HANDLE;
    // An R32_UINT view through which compute writes whole pixels (their bytes as the image's format stores
    // them); VK_NULL_HANDLE where the target has none (Target::storage_writes).
    VkImageView storage_view = VK_NULL_HANDLE;
    uint32_t index = 0;
    VkSemaphore wait = VK_NULL_HANDLE;    // the submit waits on this before writing the image (may be null)
    VkSemaphore signal = VK_NULL_HANDLE;  // the submit signals this for present (may be null)
};

enum class AcquireResult {
    ok,    // render into the image, then present it
    skip,  // nothing can be shown now (minimised): render nothing this frame
};

class Target {
public:
    virtual ~Target() = default;

    virtual VkFormat format() const = 0;
    virtual VkExtent2D extent() const = 0;
    // Bumped whenever format or extent change: size-dependent resources must be rebuilt.
    virtual uint64_t generation() const = 0;
    // Layout the frame must leave the image in before present().
    virtual VkImageLayout present_layout() const = 0;
    // Whether images may be copied from (screenshots).
    virtual bool can_capture() const = 0;
    // Whether its images accept transfer writes (a copy can replace drawing into them).
    virtual bool can_copy_into() const = 0;
    // Whether its images have a TargetImage::storage_view (a compute pass can write them directly).
    virtual bool storage_writes() const { return false; }

    // Gets the image for the frame in flight `slot`. `acquired` is the slot's semaphore, unsignalled; a
    // target that signals it returns it in TargetImage::wait. May recreate internal state (and bump
    // generation()).
    virtual AcquireResult acquire(uint32_t slot, VkSemaphore acquired, TargetImage& out) = 0;
    // Queues the rendered image for display (after the submit that signals out.signal).
    virtual void present(const TargetImage& image) = 0;
};

}  // namespace tessera::vk
