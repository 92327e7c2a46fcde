#pragma once
// Swapchain: a Target that presents to a window surface.
//
// Present mode: vsync on -> FIFO; off -> MAILBOX, else IMMEDIATE, else FIFO (logged). Surface format: 8-bit
// sRGB (BGRA preferred). One present semaphore per swapchain image, as the spec requires (an acquire
// semaphore per frame in flight is not enough: presentation may still wait on it when the slot comes round).
// Out-of-date and suboptimal results recreate the swapchain at the next acquire; a 0x0 window (minimised)
// skips frames without recreating.
//
// Any window size is survivable: the extent is clamped to the surface's range and to the device's
// maxImageDimension2D. When the surface demands more than the device can render, or the recreation runs out
// of memory, acquire() returns skip (the window stays responsive), the reason is logged once (warn; later
// ones at debug), and creation is retried when the window's size changes. The retired swapchain and its
// semaphores live until enough later frames have been presented that no frame can still use them: no
// vkDeviceWaitIdle.

#include "vk/handle.h"
#include "vk/target.h"

#include <functional>
#include <string>
#include <vector>

namespace tessera::vk {

class Device;

struct SwapchainDesc {
    VkSurfaceKHR surface = VK_NULL_HANDLE;           // owned by the caller (the window)
    std::function<VkExtent2D()> framebuffer_extent;  // the window's current size in pixels
    bool vsync = true;
    uint32_t frames_in_flight = 2;
};

class Swapchain final : public Target {
public:
    Swapchain(const Device& device, SwapchainDesc desc);
    ~Swapchain() override;

    VkFormat format() const override { return format_.format; }
    VkExtent2D extent() const override { return extent_; }
    uint64_t generation() const override { return generation_; }
    VkImageLayout present_layout() const override { return VK_IMAGE_LAYOUT_PRESENT_SRC_KHR; }
    bool can_capture() const override { return can_capture_; }
    bool can_copy_into() const override { return can_copy_into_; }
    AcquireResult acquire(uint32_t slot, VkSemaphore acquired, TargetImage& out) override;
    void present(const TargetImage& image) override;

    VkPresentModeKHR present_mode() const { return present_mode_; }
    uint32_t image_count() const { return static_cast<uint32_t>(images_.size()); }
    uint32_t recreate_count() const { return static_cast<uint32_t>(generation_ - 1); }

private:
    struct Retired {
        VkSwapchainKHR swapchain;
        std::vector<VkImageView> views;
        std::vector<Handle<VkSemaphore>> semaphores;
        uint32_t presents_left;
    };
    // False (after fail()) when the window cannot have a swapchain now; the old one is retired either way.
    bool create(VkExtent2D window_extent);
    void fail(VkExtent2D window_extent, bool& logged, const std::string& message);
    void destroy(Retired& retired);

    const Device& device_;
    SwapchainDesc desc_;
    VkSurfaceFormatKHR format_{};
    VkPresentModeKHR present_mode_ = VK_PRESENT_MODE_FIFO_KHR;
    VkExtent2D extent_{};
    VkExtent2D created_for_{};  // the window size the current swapchain was made for
    VkSwapchainKHR swapchain_ = VK_NULL_HANDLE;
    std::vector<VkImage> images_;
    std::vector<VkImageView> views_;
    std::vector<Handle<VkSemaphore>> present_semaphores_;  // one per image
    std::vector<Retired> retired_;
    uint64_t generation_ = 0;
    VkExtent2D failed_for_{};  // the window size the last failed create() was for: skip until it changes
    bool too_large_logged_ = false, out_of_memory_logged_ = false;
    bool stale_ = false;  // out of date or suboptimal: recreate before the next acquire
    bool can_capture_ = false;
    bool can_copy_into_ = false;
};

}  // namespace tessera::vk
