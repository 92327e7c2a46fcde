#include "vk/swapchain.h"

#include "base/error.h"
#include "vk/check.h"
#include "vk/device.h"
#include "vk/resources.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace tessera::vk {
namespace {

const char* present_mode_name(VkPresentModeKHR mode) {
    switch (mode) {
        case VK_PRESENT_MODE_IMMEDIATE_KHR:
            return "IMMEDIATE";
        case VK_PRESENT_MODE_MAILBOX_KHR:
            return "MAILBOX";
        case VK_PRESENT_MODE_FIFO_KHR:
            return "FIFO";
        case VK_PRESENT_MODE_FIFO_RELAXED_KHR:
            return "FIFO_RELAXED";
        default:
            return "other";
    }
}

VkSurfaceFormatKHR choose_format(VkPhysicalDevice gpu, VkSurfaceKHR surface) {
    uint32_t count = 0;
    VK_CHECK(vkGetPhysicalDeviceSurfaceFormatsKHR(gpu, surface, &count, nullptr));
    std::vector<VkSurfaceFormatKHR> formats(count);
    VK_CHECK(vkGetPhysicalDeviceSurfaceFormatsKHR(gpu, surface, &count, formats.data()));
    if (formats.empty()) throw Error("the window surface offers no formats");
    for (VkFormat wanted : {VK_FORMAT_B8G8R8A8_SRGB, VK_FORMAT_R8G8B8A8_SRGB})
        for (const auto& f : formats)
            if (f.format == wanted && f.colorSpace == VK_COLOR_SPACE_SRGB_NONLINEAR_KHR) return f;
    spdlog::warn("swapchain: no 8-bit sRGB surface format; using format {}",
                 static_cast<int>(formats[0].format));
    return formats[0];
}

VkPresentModeKHR choose_present_mode(VkPhysicalDevice gpu, VkSurfaceKHR surface, bool vsync) {
    if (vsync) return VK_PRESENT_MODE_FIFO_KHR;  // always supported
    uint32_t count = 0;
    VK_CHECK(vkGetPhysicalDeviceSurfacePresentModesKHR(gpu, surface, &count, nullptr));
    std::vector<VkPresentModeKHR> modes(count);
    VK_CHECK(vkGetPhysicalDeviceSurfacePresentModesKHR(gpu, surface, &count, modes.data()));
    for (VkPresentModeKHR wanted : {VK_PRESENT_MODE_MAILBOX_KHR, VK_PRESENT_MODE_IMMEDIATE_KHR})
        if (std::find(modes.begin(), modes.end(), wanted) != modes.end()) return wanted;
    spdlog::warn("swapchain: vsync off requested but neither MAILBOX nor IMMEDIATE is supported; using FIFO");
    return VK_PRESENT_MODE_FIFO_KHR;
}

}  // namespace

Swapchain::Swapchain(const Device& device, SwapchainDesc desc) : device_(device), desc_(std::move(desc)) {
    format_ = choose_format(device.physical(), desc_.surface);
    present_mode_ = choose_present_mode(device.physical(), desc_.surface, desc_.vsync);
    create(desc_.framebuffer_extent());
    spdlog::info("swapchain: {}x{}, {} images, present mode {}", extent_.width, extent_.height,
                 images_.size(), present_mode_name(present_mode_));
}

Swapchain::~Swapchain() {
    // The owner has waited for the device to be idle before destroying the target.
    for (auto& r : retired_) destroy(r);
    Retired current{swapchain_, std::move(views_), std::move(present_semaphores_), 0};
    destroy(current);
}

void Swapchain::destroy(Retired& r) {
    for (VkImageView view : r.views) vkDestroyImageView(device_.handle(), view, nullptr);
    r.semaphores.clear();
    if (r.swapchain) vkDestroySwapchainKHR(device_.handle(), r.swapchain, nullptr);
}

bool Swapchain::create(VkExtent2D window_extent) {
    VkSurfaceCapabilitiesKHR caps{};
    VK_CHECK(vkGetPhysicalDeviceSurfaceCapabilitiesKHR(device_.physical(), desc_.surface, &caps));
    // The surface's size if it dictates one, else the window's, within the surface's range; never beyond what
    // the device can make an image of (the depth and MSAA attachments are made at this extent too).
    VkExtent2D extent = caps.currentExtent;
    if (extent.width == 0xFFFFFFFFu) {
        extent.width = std::clamp(window_extent.width, caps.minImageExtent.width, caps.maxImageExtent.width);
        extent.height =
            std::clamp(window_extent.height, caps.minImageExtent.height, caps.maxImageExtent.height);
    }
    const uint32_t device_max = device_.limits().maxImageDimension2D;
    extent.width = std::min(extent.width, device_max);
    extent.height = std::min(extent.height, device_max);
    if (extent.width == 0 || extent.height == 0) return false;  // the window is changing: retry next frame
    if (extent.width < caps.minImageExtent.width || extent.height < caps.minImageExtent.height) {
        // The surface demands more than the device can render (X11 surfaces fix the extent to the window's).
        fail(window_extent, too_large_logged_,
             fmt::format(
                 "window {}x{} exceeds the GPU's largest image ({}x{}): not rendering until it is resized",
                 caps.minImageExtent.width, caps.minImageExtent.height, device_max, device_max));
        return false;
    }
    uint32_t image_count = std::max(caps.minImageCount + 1, desc_.frames_in_flight);
    if (caps.maxImageCount) image_count = std::min(image_count, caps.maxImageCount);
    can_capture_ = caps.supportedUsageFlags & VK_IMAGE_USAGE_TRANSFER_SRC_BIT;
    can_copy_into_ = caps.supportedUsageFlags & VK_IMAGE_USAGE_TRANSFER_DST_BIT;

    VkSwapchainCreateInfoKHR info{VK_STRUCTURE_TYPE_SWAPCHAIN_CREATE_INFO_KHR};
    info.surface = desc_.surface;
    info.minImageCount = image_count;
    info.imageFormat = format_.format;
    info.imageColorSpace = format_.colorSpace;
    info.imageExtent = extent;
    info.imageArrayLayers = 1;
    info.imageUsage = VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT |
                      (can_capture_ ? VK_IMAGE_USAGE_TRANSFER_SRC_BIT : 0) |
                      (can_copy_into_ ? VK_IMAGE_USAGE_TRANSFER_DST_BIT : 0);
    info.imageSharingMode = VK_SHARING_MODE_EXCLUSIVE;
    info.preTransform = caps.currentTransform;
    info.compositeAlpha = VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR;
    if (!(caps.supportedCompositeAlpha & VK_COMPOSITE_ALPHA_OPAQUE_BIT_KHR))
        info.compositeAlpha = static_cast<VkCompositeAlphaFlagBitsKHR>(caps.supportedCompositeAlpha &
                                                                       -caps.supportedCompositeAlpha);
    info.presentMode = present_mode_;
    info.clipped = VK_TRUE;
    info.oldSwapchain = swapchain_;
    VkSwapchainKHR swapchain = VK_NULL_HANDLE;
    const VkResult result = vkCreateSwapchainKHR(device_.handle(), &info, nullptr, &swapchain);
    if (swapchain_) {
        // The old swapchain is retired even if creation failed. Frames already submitted may still present
        // its images: keep it for a while.
        const uint32_t frames = desc_.frames_in_flight + static_cast<uint32_t>(images_.size()) + 1;
        retired_.push_back({swapchain_, std::move(views_), std::move(present_semaphores_), frames});
        swapchain_ = VK_NULL_HANDLE;
        images_.clear();
    }
    if (result == VK_ERROR_OUT_OF_DEVICE_MEMORY || result == VK_ERROR_OUT_OF_HOST_MEMORY) {
        fail(
            window_extent, out_of_memory_logged_,
            fmt::format("out of memory for a {}x{} swapchain ({}): not rendering until the window is resized",
                        extent.width, extent.height, result_name(result)));
        return false;
    }
    VK_CHECK(result);
    swapchain_ = swapchain;
    extent_ = extent;
    created_for_ = window_extent;
    uint32_t count = 0;
    VK_CHECK(vkGetSwapchainImagesKHR(device_.handle(), swapchain_, &count, nullptr));
    images_.resize(count);
    VK_CHECK(vkGetSwapchainImagesKHR(device_.handle(), swapchain_, &count, images_.data()));
    views_.clear();
    present_semaphores_.clear();
    for (VkImage image : images_) {
        views_.push_back(
            create_image_view(device_.handle(), image, format_.format, VK_IMAGE_ASPECT_COLOR_BIT));
        present_semaphores_.push_back(create_binary_semaphore(device_.handle()));
    }
    ++generation_;
    stale_ = false;
    failed_for_ = {};
    return true;
}

void Swapchain::fail(VkExtent2D window_extent, bool& logged, const std::string& message) {
    failed_for_ = window_extent;
    if (logged) {
        spdlog::debug("swapchain: {}", message);
    } else {
        spdlog::warn("swapchain: {}", message);
        logged = true;
    }
}

AcquireResult Swapchain::acquire(uint32_t /*slot*/, VkSemaphore acquired, TargetImage& out) {
    const VkExtent2D window = desc_.framebuffer_extent();
    if (window.width == 0 || window.height == 0)
        return AcquireResult::skip;  // minimised: no rendering, no recreation
    const auto same = [](VkExtent2D a, VkExtent2D b) { return a.width == b.width && a.height == b.height; };
    if (!swapchain_ || stale_ || !same(window, created_for_)) {
        if (same(window, failed_for_)) return AcquireResult::skip;  // retried when the window is resized
        if (!create(window)) return AcquireResult::skip;
    }

    for (int attempt = 0; attempt < 2; ++attempt) {
        uint32_t index = 0;
        const VkResult result =
            vkAcquireNextImageKHR(device_.handle(), swapchain_, UINT64_MAX, acquired, VK_NULL_HANDLE, &index);
        if (result == VK_ERROR_OUT_OF_DATE_KHR) {  // the semaphore was not signalled: safe to retry with it
            const VkExtent2D now = desc_.framebuffer_extent();
            if (now.width == 0 || now.height == 0) return AcquireResult::skip;
            if (!create(now)) return AcquireResult::skip;
            continue;
        }
        if (result == VK_SUBOPTIMAL_KHR)
            stale_ = true;  // the semaphore is signalled: use this image, recreate after
        else
            VK_CHECK(result);
        out = TargetImage{images_[index], views_[index], VK_NULL_HANDLE,
                          index,          acquired,      present_semaphores_[index]};
        return AcquireResult::ok;
    }
    return AcquireResult::skip;  // out of date twice in a row (window changing under us): try next frame
}

void Swapchain::present(const TargetImage& image) {
    VkPresentInfoKHR info{VK_STRUCTURE_TYPE_PRESENT_INFO_KHR};
    info.waitSemaphoreCount = 1;
    info.pWaitSemaphores = &image.signal;
    info.swapchainCount = 1;
    info.pSwapchains = &swapchain_;
    info.pImageIndices = &image.index;
    const VkResult result = vkQueuePresentKHR(device_.queue(), &info);
    if (result == VK_ERROR_OUT_OF_DATE_KHR || result == VK_SUBOPTIMAL_KHR)
        stale_ = true;
    else
        VK_CHECK(result);

    for (auto& r : retired_)
        if (r.presents_left > 0 && --r.presents_left == 0) destroy(r);
    std::erase_if(retired_, [](const Retired& r) { return r.presents_left == 0; });
}

}  // namespace tessera::vk
