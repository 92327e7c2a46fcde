#pragma once
// The Vulkan instance, with optional validation: VK_LAYER_KHRONOS_validation (synchronization validation on)
// plus a debug-utils messenger that logs every message at a matching level and counts them by severity. A run
// checks validation_errors() at the end and fails if it is non-zero.
//
// Owns: VkInstance, VkDebugUtilsMessengerEXT. One per process; create before any Device, destroy after.

#include <volk.h>

#include <atomic>
#include <cstdint>
#include <vector>

namespace tessera::vk {

struct InstanceDesc {
    bool validation = false;
    std::vector<const char*> extensions;  // e.g. the window system's surface extensions
};

struct ValidationCounts {
    std::atomic<uint32_t> errors{0};
    std::atomic<uint32_t> warnings{0};
};

class Instance {
public:
    // Throws Error if Vulkan 1.3 or a requested layer is missing.
    explicit Instance(const InstanceDesc& desc);
    ~Instance();
    Instance(const Instance&) = delete;
    Instance& operator=(const Instance&) = delete;

    VkInstance handle() const { return instance_; }
    bool validation() const { return messenger_ != VK_NULL_HANDLE; }
    uint32_t validation_errors() const { return counts_.errors.load(); }
    uint32_t validation_warnings() const { return counts_.warnings.load(); }

private:
    VkInstance instance_ = VK_NULL_HANDLE;
    VkDebugUtilsMessengerEXT messenger_ = VK_NULL_HANDLE;
    ValidationCounts counts_;
};

}  // namespace tessera::vk
