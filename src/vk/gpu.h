#pragma once
// GPU discovery and choice. Describes every physical device with the features Tessera uses (required ones
// make a GPU suitable; optional ones switch faster paths on), and picks one: discrete first, then integrated,
// then anything else suitable, unless the user names one by index or by a substring of its name.

#include <volk.h>

#include <string>
#include <string_view>
#include <vector>

namespace tessera::vk {

// Every feature `tessera info` lists, by what it is; passes and modes ask for these, never for a label.
enum class GpuFeatureId : uint8_t {
    vulkan_1_3,
    universal_queue,  // graphics + compute with timestamps
    dynamic_rendering,
    synchronization2,
    timeline_semaphore,
    buffer_device_address,
    buffer_address_capture_replay,  // bufferDeviceAddressCaptureReplay: frame-capture tools can replay
    host_query_reset,
    multi_draw_indirect,
    draw_indirect_first_instance,
    draw_indirect_count,
    shader_int64,
    buffer_int64_atomics,
    subgroup_ops,  // subgroup arithmetic + ballot in compute
    descriptor_indexing,
    sampler_anisotropy,
    sampler_minmax,
    push_descriptor,
    swapchain,
    memory_budget,
    mesh_shader,
    image_atomic_int64,
    async_compute,  // a separate compute queue family
};

struct GpuFeature {
    GpuFeatureId id;
    const char* name;  // as `tessera info` prints it
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
    bool supports(GpuFeatureId feature) const;
    // A CPU implementation (lavapipe): where a default trades GPU costs against a CPU driver's, it asks this.
    bool is_cpu() const { return properties.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU; }
};

std::vector<GpuInfo> describe_gpus(VkInstance instance);

// selector: "" (best), a decimal index, or a case-insensitive name substring. Throws Error listing every GPU
// (with why it is unsuitable) when nothing matches.
const GpuInfo& choose_gpu(const std::vector<GpuInfo>& gpus, std::string_view selector);

const char* device_type_name(VkPhysicalDeviceType type);
std::string api_version_string(uint32_t version);
std::string driver_version_string(const GpuInfo& gpu);  // vendor-specific encodings decoded

}  // namespace tessera::vk
