#include "vk/check.h"

#include <string>

namespace tessera::vk {

const char* result_name(VkResult result) {
    switch (result) {
#define TS_RESULT(name) \
    case name:          \
        return #name;
        TS_RESULT(VK_SUCCESS)
        TS_RESULT(VK_NOT_READY)
        TS_RESULT(VK_TIMEOUT)
        TS_RESULT(VK_EVENT_SET)
        TS_RESULT(VK_EVENT_RESET)
        TS_RESULT(VK_INCOMPLETE)
        TS_RESULT(VK_ERROR_OUT_OF_HOST_MEMORY)
        TS_RESULT(VK_ERROR_OUT_OF_DEVICE_MEMORY)
        TS_RESULT(VK_ERROR_INITIALIZATION_FAILED)
        TS_RESULT(VK_ERROR_DEVICE_LOST)
        TS_RESULT(VK_ERROR_MEMORY_MAP_FAILED)
        TS_RESULT(VK_ERROR_LAYER_NOT_PRESENT)
        TS_RESULT(VK_ERROR_EXTENSION_NOT_PRESENT)
        TS_RESULT(VK_ERROR_FEATURE_NOT_PRESENT)
        TS_RESULT(VK_ERROR_INCOMPATIBLE_DRIVER)
        TS_RESULT(VK_ERROR_TOO_MANY_OBJECTS)
        TS_RESULT(VK_ERROR_FORMAT_NOT_SUPPORTED)
        TS_RESULT(VK_ERROR_FRAGMENTED_POOL)
        TS_RESULT(VK_ERROR_UNKNOWN)
        TS_RESULT(VK_ERROR_OUT_OF_POOL_MEMORY)
        TS_RESULT(VK_ERROR_INVALID_EXTERNAL_HANDLE)
        TS_RESULT(VK_ERROR_FRAGMENTATION)
        TS_RESULT(VK_ERROR_INVALID_OPAQUE_CAPTURE_ADDRESS)
        TS_RESULT(VK_PIPELINE_COMPILE_REQUIRED)
        TS_RESULT(VK_ERROR_SURFACE_LOST_KHR)
        TS_RESULT(VK_ERROR_NATIVE_WINDOW_IN_USE_KHR)
        TS_RESULT(VK_SUBOPTIMAL_KHR)
        TS_RESULT(VK_ERROR_OUT_OF_DATE_KHR)
        TS_RESULT(VK_ERROR_INCOMPATIBLE_DISPLAY_KHR)
        TS_RESULT(VK_ERROR_VALIDATION_FAILED_EXT)
        TS_RESULT(VK_ERROR_INVALID_SHADER_NV)
        TS_RESULT(VK_ERROR_FULL_SCREEN_EXCLUSIVE_MODE_LOST_EXT)
#undef TS_RESULT
        default:
            return "VK_RESULT_UNKNOWN";
    }
}

GpuActivity& gpu_activity() {
    static GpuActivity activity;
    return activity;
}

void throw_result(VkResult result, const char* call, const char* file, int line) {
    std::string message = std::string(call) + " failed with " + result_name(result) + " at " + file + ":" +
                          std::to_string(line);
    if (result == VK_ERROR_DEVICE_LOST) {
        const GpuActivity& a = gpu_activity();
        message +=
            " (device lost during frame " + std::to_string(a.frame.load()) + ": " + a.work.load() + ")";
    }
    throw VulkanError(message, result);
}

}  // namespace tessera::vk
