#pragma once
// Vulkan result checking, active in every build type.
//
// VK_CHECK(call) throws vk::VulkanError unless the call returns VK_SUCCESS; the message names the call, the
// file:line and the VkResult, and for VK_ERROR_DEVICE_LOST also what the GPU was doing (see GpuActivity).
// Results that are expected outcomes rather than errors (VK_SUBOPTIMAL_KHR, VK_ERROR_OUT_OF_DATE_KHR,
// VK_NOT_READY, VK_TIMEOUT) must be handled where they arise, with check_result() for the remaining cases.

#include "base/error.h"

#include <volk.h>

#include <atomic>
#include <cstdint>

namespace tessera::vk {

const char* result_name(VkResult result);

class VulkanError : public Error {
public:
    VulkanError(const std::string& message, VkResult result) : Error(message), result_(result) {}
    VkResult result() const { return result_; }

private:
    VkResult result_;
};

// What the GPU is being asked to do, for device-loss reports. Written by the submitting thread at each
// submission, read only when an error is reported. `work` must point at a string literal.
struct GpuActivity {
    std::atomic<uint64_t> frame{0};
    std::atomic<const char*> work{"start-up"};
};
GpuActivity& gpu_activity();

[[noreturn]] void throw_result(VkResult result, const char* call, const char* file, int line);

inline void check_result(VkResult result, const char* call, const char* file, int line) {
    if (result != VK_SUCCESS) throw_result(result, call, file, line);
}

}  // namespace tessera::vk

#define VK_CHECK(call) ::tessera::vk::check_result((call), #call, __FILE__, __LINE__)
