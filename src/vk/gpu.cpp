#include "vk/gpu.h"

#include "base/error.h"
#include "vk/check.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>

namespace tessera::vk {
namespace {

bool has_extension(const std::vector<VkExtensionProperties>& extensions, const char* name) {
    return std::any_of(extensions.begin(), extensions.end(), [&](const VkExtensionProperties& e) {
        return std::strcmp(e.extensionName, name) == 0;
    });
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

int type_rank(VkPhysicalDeviceType type) {
    switch (type) {
        case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
            return 0;
        case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
            return 1;
        case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
            return 2;
        case VK_PHYSICAL_DEVICE_TYPE_CPU:
            return 3;
        default:
            return 4;
    }
}

bool minmax_format(VkPhysicalDevice device, VkFormat format) {
    VkFormatProperties props{};
    vkGetPhysicalDeviceFormatProperties(device, format, &props);
    return props.optimalTilingFeatures & VK_FORMAT_FEATURE_SAMPLED_IMAGE_FILTER_MINMAX_BIT;
}

GpuInfo describe(VkPhysicalDevice device, uint32_t index) {
    GpuInfo gpu;
    gpu.index = index;
    gpu.handle = device;

    VkPhysicalDeviceDriverProperties driver{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_DRIVER_PROPERTIES};
    VkPhysicalDeviceProperties2 props2{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2, &driver};
    vkGetPhysicalDeviceProperties2(device, &props2);
    gpu.properties = props2.properties;
    gpu.driver_name = driver.driverName;
    gpu.driver_info = driver.driverInfo;

    VkPhysicalDeviceMemoryProperties memory{};
    vkGetPhysicalDeviceMemoryProperties(device, &memory);
    for (uint32_t i = 0; i < memory.memoryHeapCount; ++i)
        if (memory.memoryHeaps[i].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT)
            gpu.device_local_bytes += memory.memoryHeaps[i].size;

    uint32_t count = 0;
    VK_CHECK(vkEnumerateDeviceExtensionProperties(device, nullptr, &count, nullptr));
    std::vector<VkExtensionProperties> extensions(count);
    VK_CHECK(vkEnumerateDeviceExtensionProperties(device, nullptr, &count, extensions.data()));

    VkPhysicalDeviceVulkan13Features f13{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES};
    VkPhysicalDeviceVulkan12Features f12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES, &f13};
    VkPhysicalDeviceFeatures2 f{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2, &f12};
    const bool is13 = gpu.properties.apiVersion >= VK_API_VERSION_1_3;
    if (is13) vkGetPhysicalDeviceFeatures2(device, &f);

    VkPhysicalDeviceSubgroupProperties subgroup{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_SUBGROUP_PROPERTIES};
    VkPhysicalDeviceProperties2 sp{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2, &subgroup};
    vkGetPhysicalDeviceProperties2(device, &sp);
    const bool subgroup_ops = (subgroup.supportedStages & VK_SHADER_STAGE_COMPUTE_BIT) &&
                              (subgroup.supportedOperations & VK_SUBGROUP_FEATURE_ARITHMETIC_BIT) &&
                              (subgroup.supportedOperations & VK_SUBGROUP_FEATURE_BALLOT_BIT);

    uint32_t family_count = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(device, &family_count, nullptr);
    std::vector<VkQueueFamilyProperties> families(family_count);
    vkGetPhysicalDeviceQueueFamilyProperties(device, &family_count, families.data());
    bool universal = false, async_compute = false;
    for (const auto& fam : families) {
        const bool gfx = fam.queueFlags & VK_QUEUE_GRAPHICS_BIT, comp = fam.queueFlags & VK_QUEUE_COMPUTE_BIT;
        universal |= gfx && comp && fam.timestampValidBits > 0;
        async_compute |= comp && !gfx;
    }

    gpu.features = {
        {GpuFeatureId::vulkan_1_3, "Vulkan 1.3", is13, true},
        {GpuFeatureId::universal_queue, "graphics+compute queue with timestamps", universal, true},
        {GpuFeatureId::dynamic_rendering, "dynamicRendering", f13.dynamicRendering == VK_TRUE, true},
        {GpuFeatureId::synchronization2, "synchronization2", f13.synchronization2 == VK_TRUE, true},
        {GpuFeatureId::timeline_semaphore, "timelineSemaphore", f12.timelineSemaphore == VK_TRUE, true},
        {GpuFeatureId::buffer_device_address, "bufferDeviceAddress", f12.bufferDeviceAddress == VK_TRUE,
         true},
        {GpuFeatureId::buffer_address_capture_replay, "bufferDeviceAddressCaptureReplay",
         f12.bufferDeviceAddressCaptureReplay == VK_TRUE, false},
        {GpuFeatureId::host_query_reset, "hostQueryReset", f12.hostQueryReset == VK_TRUE, true},
        {GpuFeatureId::multi_draw_indirect, "multiDrawIndirect", f.features.multiDrawIndirect == VK_TRUE,
         false},
        {GpuFeatureId::draw_indirect_first_instance, "drawIndirectFirstInstance",
         f.features.drawIndirectFirstInstance == VK_TRUE, false},
        {GpuFeatureId::draw_indirect_count, "drawIndirectCount", f12.drawIndirectCount == VK_TRUE, false},
        {GpuFeatureId::shader_int64, "shaderInt64", f.features.shaderInt64 == VK_TRUE, false},
        {GpuFeatureId::buffer_int64_atomics, "shaderBufferInt64Atomics",
         f12.shaderBufferInt64Atomics == VK_TRUE, false},
        {GpuFeatureId::subgroup_ops, "subgroup arithmetic+ballot (compute)", subgroup_ops, false},
        {GpuFeatureId::descriptor_indexing, "descriptorIndexing (bindless)",
         f12.descriptorIndexing == VK_TRUE && f12.runtimeDescriptorArray == VK_TRUE, false},
        {GpuFeatureId::sampler_anisotropy, "samplerAnisotropy", f.features.samplerAnisotropy == VK_TRUE,
         false},
        {GpuFeatureId::sampler_minmax, "samplerFilterMinmax",
         f12.samplerFilterMinmax == VK_TRUE && minmax_format(device, VK_FORMAT_R32_SFLOAT), false},
        {GpuFeatureId::push_descriptor, "VK_KHR_push_descriptor",
         has_extension(extensions, VK_KHR_PUSH_DESCRIPTOR_EXTENSION_NAME), false},
        {GpuFeatureId::swapchain, "VK_KHR_swapchain",
         has_extension(extensions, VK_KHR_SWAPCHAIN_EXTENSION_NAME), false},
        {GpuFeatureId::memory_budget, "VK_EXT_memory_budget",
         has_extension(extensions, VK_EXT_MEMORY_BUDGET_EXTENSION_NAME), false},
        {GpuFeatureId::mesh_shader, "VK_EXT_mesh_shader",
         has_extension(extensions, VK_EXT_MESH_SHADER_EXTENSION_NAME), false},
        {GpuFeatureId::image_atomic_int64, "VK_EXT_shader_image_atomic_int64",
         has_extension(extensions, VK_EXT_SHADER_IMAGE_ATOMIC_INT64_EXTENSION_NAME), false},
        {GpuFeatureId::async_compute, "separate compute queue family", async_compute, false},
    };
    gpu.suitable = true;
    for (const auto& feature : gpu.features) {
        if (feature.required && !feature.supported) {
            gpu.suitable = false;
            gpu.missing += (gpu.missing.empty() ? "" : ", ") + std::string(feature.name);
        }
    }
    return gpu;
}

std::string list_gpus(const std::vector<GpuInfo>& gpus) {
    std::string s;
    for (const auto& g : gpus) {
        s += "\n  [" + std::to_string(g.index) + "] " + g.name() + " (" +
             device_type_name(g.properties.deviceType) + ")";
        if (!g.suitable) s += ": unsuitable, missing " + g.missing;
    }
    return s.empty() ? "\n  (none: no Vulkan driver found; install mesa-vulkan-drivers)" : s;
}

}  // namespace

bool GpuInfo::supports(GpuFeatureId feature) const {
    for (const auto& f : features)
        if (f.id == feature) return f.supported;
    return false;
}

std::vector<GpuInfo> describe_gpus(VkInstance instance) {
    uint32_t count = 0;
    VK_CHECK(vkEnumeratePhysicalDevices(instance, &count, nullptr));
    std::vector<VkPhysicalDevice> devices(count);
    VK_CHECK(vkEnumeratePhysicalDevices(instance, &count, devices.data()));
    std::vector<GpuInfo> gpus;
    for (uint32_t i = 0; i < count; ++i) gpus.push_back(describe(devices[i], i));
    return gpus;
}

const GpuInfo& choose_gpu(const std::vector<GpuInfo>& gpus, std::string_view selector) {
    const GpuInfo* chosen = nullptr;
    if (selector.empty()) {
        for (const auto& g : gpus)
            if (g.suitable &&
                (!chosen || type_rank(g.properties.deviceType) < type_rank(chosen->properties.deviceType)))
                chosen = &g;
        if (!chosen) throw Error("no suitable GPU found; GPUs:" + list_gpus(gpus));
        return *chosen;
    }
    uint32_t index = 0;
    const auto [end, ec] = std::from_chars(selector.data(), selector.data() + selector.size(), index);
    const bool numeric = ec == std::errc() && end == selector.data() + selector.size();
    for (const auto& g : gpus)
        if (numeric ? g.index == index : lower(g.name()).find(lower(selector)) != std::string::npos) {
            chosen = &g;
            break;
        }
    if (!chosen)
        throw UsageError("--gpu " + std::string(selector) + ": no such GPU; GPUs:" + list_gpus(gpus));
    if (!chosen->suitable)
        throw Error("GPU [" + std::to_string(chosen->index) + "] " + chosen->name() +
                    " is unsuitable: missing " + chosen->missing);
    return *chosen;
}

const char* device_type_name(VkPhysicalDeviceType type) {
    switch (type) {
        case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU:
            return "discrete GPU";
        case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU:
            return "integrated GPU";
        case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU:
            return "virtual GPU";
        case VK_PHYSICAL_DEVICE_TYPE_CPU:
            return "CPU";
        default:
            return "other";
    }
}

std::string api_version_string(uint32_t v) {
    return std::to_string(VK_API_VERSION_MAJOR(v)) + "." + std::to_string(VK_API_VERSION_MINOR(v)) + "." +
           std::to_string(VK_API_VERSION_PATCH(v));
}

std::string driver_version_string(const GpuInfo& gpu) {
    const uint32_t v = gpu.properties.driverVersion;
    if (gpu.properties.vendorID == 0x10DE)  // NVIDIA: 10.8.8.6 bits
        return std::to_string(v >> 22) + "." + std::to_string((v >> 14) & 0xFF) + "." +
               std::to_string((v >> 6) & 0xFF);
    return api_version_string(v);
}

}  // namespace tessera::vk
