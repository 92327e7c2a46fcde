#pragma once
// GPU discovery and choice. Describes every physical device with the features Tessera uses (required ones
// make a GPU suitable; optional ones switch faster paths on), and picks one: discrete first, then integrated,
// then anything else suitable, unless the user names one by index or by a substring of its name.

#include <volk.h>

#include <string>
#include <string_view>
#include <vector>

namespace tessera::vk {

struct GpuFeature {
    const char* name;
    bool supported;
    bool required;  // a GPU lacking a required feature is not suitable
};

struct GpuInfo {
    uint32_t index = 0;
    VkPhysicalDevice handle = VK_NULL_HANDLE;
    VkPhysicalDeviceProperties properties{};
    std::string driver_name, driver_info;
    uint64_t device_local_bytes = 0;
    std::vector<GpuFeature> features;
    bool suitable = false;
    std::string missing;  // names of missing required features, when not suitable

    std::string name() const { return properties.deviceName; }
    bool supports(std::string_view feature) const;
};

std::vector<GpuInfo> describe_gpus(VkInstance instance);

// selector: "" (best), a decimal index, or a case-insensitive name substring. Throws Error listing every GPU
// (with why it is unsuitable) when nothing matches.
const GpuInfo& choose_gpu(const std::vector<GpuInfo>& gpus, std::string_view selector);

const char* device_type_name(VkPhysicalDeviceType type);
std::string api_version_string(uint32_t version);
std::string driver_version_string(const GpuInfo& gpu);  // vendor-specific encodings decoded

}  // namespace tessera::vk
