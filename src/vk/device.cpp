#include "vk/device.h"

#include "base/error.h"
#include "vk/check.h"
#include "vk/instance.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstring>
#include <vector>

namespace tessera::vk {
namespace {

uint32_t find_queue_family(VkPhysicalDevice gpu, VkSurfaceKHR surface) {
    uint32_t count = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(gpu, &count, nullptr);
    std::vector<VkQueueFamilyProperties> families(count);
    vkGetPhysicalDeviceQueueFamilyProperties(gpu, &count, families.data());
    for (uint32_t i = 0; i < count; ++i) {
        const VkQueueFlags need = VK_QUEUE_GRAPHICS_BIT | VK_QUEUE_COMPUTE_BIT;
        if ((families[i].queueFlags & need) != need || families[i].timestampValidBits == 0) continue;
        if (surface) {
            VkBool32 present = VK_FALSE;
            VK_CHECK(vkGetPhysicalDeviceSurfaceSupportKHR(gpu, i, surface, &present));
            if (!present) continue;
        }
        return i;
    }
    throw Error(surface ? "the GPU has no graphics+compute queue that can present to the window"
                        : "the GPU has no graphics+compute queue with timestamps");
}

// VMA's vkAllocateMemory when address capture-replay is on: VMA chains VkMemoryAllocateFlagsInfo with
// DEVICE_ADDRESS only; memory that can hold addressed buffers also needs DEVICE_ADDRESS_CAPTURE_REPLAY. The
// chain is VMA's own, built on its stack for this call.
VKAPI_ATTR VkResult VKAPI_CALL allocate_memory_for_capture_replay(VkDevice device,
                                                                  const VkMemoryAllocateInfo* info,
                                                                  const VkAllocationCallbacks* callbacks,
                                                                  VkDeviceMemory* memory) {
    for (auto* next = static_cast<const VkBaseInStructure*>(info->pNext); next; next = next->pNext)
        if (next->sType == VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_FLAGS_INFO) {
            auto* flags = const_cast<VkMemoryAllocateFlagsInfo*>(
                reinterpret_cast<const VkMemoryAllocateFlagsInfo*>(next));
            if (flags->flags & VK_MEMORY_ALLOCATE_DEVICE_ADDRESS_BIT)
                flags->flags |= VK_MEMORY_ALLOCATE_DEVICE_ADDRESS_CAPTURE_REPLAY_BIT;
        }
    return vkAllocateMemory(device, info, callbacks, memory);
}

// VK_EXT_calibrated_timestamps with both the device's clock and CLOCK_MONOTONIC (steady_clock, the trace's).
bool has_calibrated_timestamps(VkPhysicalDevice gpu) {
    uint32_t count = 0;
    VK_CHECK(vkEnumerateDeviceExtensionProperties(gpu, nullptr, &count, nullptr));
    std::vector<VkExtensionProperties> extensions(count);
    VK_CHECK(vkEnumerateDeviceExtensionProperties(gpu, nullptr, &count, extensions.data()));
    const bool listed = std::any_of(extensions.begin(), extensions.end(), [](const VkExtensionProperties& e) {
        return std::strcmp(e.extensionName, VK_EXT_CALIBRATED_TIMESTAMPS_EXTENSION_NAME) == 0;
    });
    if (!listed || !vkGetPhysicalDeviceCalibrateableTimeDomainsEXT) return false;
    uint32_t domain_count = 0;
    VK_CHECK(vkGetPhysicalDeviceCalibrateableTimeDomainsEXT(gpu, &domain_count, nullptr));
    std::vector<VkTimeDomainEXT> domains(domain_count);
    VK_CHECK(vkGetPhysicalDeviceCalibrateableTimeDomainsEXT(gpu, &domain_count, domains.data()));
    const auto has = [&](VkTimeDomainEXT d) {
        return std::find(domains.begin(), domains.end(), d) != domains.end();
    };
    return has(VK_TIME_DOMAIN_DEVICE_EXT) && has(VK_TIME_DOMAIN_CLOCK_MONOTONIC_EXT);
}

}  // namespace

Device::Device(const Instance& instance, const GpuInfo& gpu, VkSurfaceKHR surface)
    : instance_(instance.handle()), gpu_(gpu) {
    queue_family_ = find_queue_family(gpu.handle, surface);

    // Query what is available, then enable the required features and every optional one we use.
    const bool mesh_extension = gpu.supports(GpuFeatureId::mesh_shader);
    VkPhysicalDeviceMeshShaderFeaturesEXT amesh{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MESH_SHADER_FEATURES_EXT};
    VkPhysicalDeviceVulkan13Features a13{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES,
                                         mesh_extension ? &amesh : nullptr};
    VkPhysicalDeviceVulkan12Features a12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES, &a13};
    VkPhysicalDeviceFeatures2 available{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2, &a12};
    vkGetPhysicalDeviceFeatures2(gpu.handle, &available);

    VkPhysicalDeviceVulkan13Features f13{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_3_FEATURES};
    f13.dynamicRendering = VK_TRUE;
    f13.synchronization2 = VK_TRUE;
    f13.maintenance4 = a13.maintenance4;
    // Task and mesh shaders together or not at all; the other mesh-shader features stay off.
    VkPhysicalDeviceMeshShaderFeaturesEXT fmesh{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MESH_SHADER_FEATURES_EXT};
    caps_.mesh_shader = mesh_extension && amesh.taskShader && amesh.meshShader;
    fmesh.taskShader = caps_.mesh_shader;
    fmesh.meshShader = caps_.mesh_shader;
    if (caps_.mesh_shader) f13.pNext = &fmesh;
    VkPhysicalDeviceVulkan12Features f12{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_VULKAN_1_2_FEATURES, &f13};
    f12.timelineSemaphore = VK_TRUE;
    f12.bufferDeviceAddress = VK_TRUE;
    // For frame capture: without it a capture's buffer addresses cannot be replayed (lavapipe lacks it).
    caps_.address_capture_replay = gpu.supports(GpuFeatureId::buffer_address_capture_replay);
    f12.bufferDeviceAddressCaptureReplay = caps_.address_capture_replay;
    f12.hostQueryReset = VK_TRUE;
    f12.shaderBufferInt64Atomics = a12.shaderBufferInt64Atomics;
    f12.scalarBlockLayout = a12.scalarBlockLayout;
    f12.shaderInt8 = a12.shaderInt8;
    f12.storageBuffer8BitAccess = a12.storageBuffer8BitAccess;
    // gpu.cpp checked the feature and that R32_SFLOAT supports min/max filtering.
    caps_.sampler_minmax = gpu.supports(GpuFeatureId::sampler_minmax);
    f12.samplerFilterMinmax = caps_.sampler_minmax;
    VkPhysicalDeviceFeatures2 features{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_FEATURES_2, &f12};
    features.features.drawIndirectFirstInstance = available.features.drawIndirectFirstInstance;
    features.features.shaderInt64 = available.features.shaderInt64;
    features.features.fragmentStoresAndAtomics = available.features.fragmentStoresAndAtomics;

    std::vector<const char*> extensions;
    caps_.presentation = surface != VK_NULL_HANDLE;
    if (caps_.presentation) extensions.push_back(VK_KHR_SWAPCHAIN_EXTENSION_NAME);
    caps_.memory_budget = gpu.supports(GpuFeatureId::memory_budget);
    if (caps_.memory_budget) extensions.push_back(VK_EXT_MEMORY_BUDGET_EXTENSION_NAME);
    caps_.push_descriptors = gpu.supports(GpuFeatureId::push_descriptor);
    if (caps_.push_descriptors) extensions.push_back(VK_KHR_PUSH_DESCRIPTOR_EXTENSION_NAME);
    if (caps_.mesh_shader) extensions.push_back(VK_EXT_MESH_SHADER_EXTENSION_NAME);
    caps_.calibrated_timestamps = has_calibrated_timestamps(gpu.handle);
    if (caps_.calibrated_timestamps) extensions.push_back(VK_EXT_CALIBRATED_TIMESTAMPS_EXTENSION_NAME);

    const float priority = 1.0f;
    VkDeviceQueueCreateInfo queue_info{VK_STRUCTURE_TYPE_DEVICE_QUEUE_CREATE_INFO};
    queue_info.queueFamilyIndex = queue_family_;
    queue_info.queueCount = 1;
    queue_info.pQueuePriorities = &priority;

    VkDeviceCreateInfo info{VK_STRUCTURE_TYPE_DEVICE_CREATE_INFO, &features};
    info.queueCreateInfoCount = 1;
    info.pQueueCreateInfos = &queue_info;
    info.enabledExtensionCount = static_cast<uint32_t>(extensions.size());
    info.ppEnabledExtensionNames = extensions.data();
    VK_CHECK(vkCreateDevice(gpu.handle, &info, nullptr, &device_));
    volkLoadDevice(device_);
    vkGetDeviceQueue(device_, queue_family_, 0, &queue_);
    debug_names_ = instance.validation();

    const auto& limits = gpu.properties.limits;
    caps_.int64_atomics = f12.shaderBufferInt64Atomics && features.features.shaderInt64;
    caps_.fragment_atomics = features.features.fragmentStoresAndAtomics;
    caps_.subgroup_ops = gpu.supports(GpuFeatureId::subgroup_ops);
    caps_.draw_indirect_first_instance = features.features.drawIndirectFirstInstance;
    caps_.msaa_counts = limits.framebufferColorSampleCounts & limits.framebufferDepthSampleCounts;
    caps_.timestamp_period_ns = limits.timestampPeriod;
    VkPhysicalDeviceMaintenance3Properties m3{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_MAINTENANCE_3_PROPERTIES};
    VkPhysicalDeviceProperties2 props{VK_STRUCTURE_TYPE_PHYSICAL_DEVICE_PROPERTIES_2, &m3};
    vkGetPhysicalDeviceProperties2(gpu.handle, &props);
    caps_.max_allocation = m3.maxMemoryAllocationSize;
    caps_.max_storage_range = limits.maxStorageBufferRange;

    VmaVulkanFunctions functions{};
    functions.vkGetInstanceProcAddr = vkGetInstanceProcAddr;
    functions.vkGetDeviceProcAddr = vkGetDeviceProcAddr;
    if (caps_.address_capture_replay) functions.vkAllocateMemory = allocate_memory_for_capture_replay;
    VmaAllocatorCreateInfo allocator_info{};
    allocator_info.flags = VMA_ALLOCATOR_CREATE_BUFFER_DEVICE_ADDRESS_BIT |
                           (caps_.memory_budget ? VMA_ALLOCATOR_CREATE_EXT_MEMORY_BUDGET_BIT : 0);
    allocator_info.physicalDevice = gpu.handle;
    allocator_info.device = device_;
    allocator_info.instance = instance_;
    allocator_info.vulkanApiVersion = VK_API_VERSION_1_3;
    allocator_info.pVulkanFunctions = &functions;
    VK_CHECK(vmaCreateAllocator(&allocator_info, &allocator_));
    VkPhysicalDeviceMemoryProperties memory{};
    vkGetPhysicalDeviceMemoryProperties(gpu.handle, &memory);
    heap_count_ = memory.memoryHeapCount;
    for (uint32_t i = 0; i < memory.memoryHeapCount; ++i)
        if (memory.memoryHeaps[i].flags & VK_MEMORY_HEAP_DEVICE_LOCAL_BIT) device_local_heaps_ |= 1u << i;

    spdlog::info("GPU: {} ({}, Vulkan {}, {} {}), queue family {}{}", gpu.name(),
                 device_type_name(gpu.properties.deviceType), api_version_string(gpu.properties.apiVersion),
                 gpu.driver_name, gpu.driver_info, queue_family_,
                 caps_.address_capture_replay ? ", address capture-replay on" : "");
}

Device::~Device() {
    if (allocator_) vmaDestroyAllocator(allocator_);
    if (device_) vkDestroyDevice(device_, nullptr);
}

void Device::set_name(VkObjectType type, uint64_t handle, const char* name) const {
    if (!debug_names_ || !vkSetDebugUtilsObjectNameEXT) return;
    VkDebugUtilsObjectNameInfoEXT info{VK_STRUCTURE_TYPE_DEBUG_UTILS_OBJECT_NAME_INFO_EXT};
    info.objectType = type;
    info.objectHandle = handle;
    info.pObjectName = name;
    VK_CHECK(vkSetDebugUtilsObjectNameEXT(device_, &info));
}

uint64_t Device::device_local_usage() const {
    VmaBudget budgets[VK_MAX_MEMORY_HEAPS];
    vmaGetHeapBudgets(allocator_, budgets);
    uint64_t used = 0;
    for (uint32_t i = 0; i < heap_count_; ++i)
        if (device_local_heaps_ & (1u << i)) used += budgets[i].statistics.allocationBytes;
    return used;
}

void Device::wait_idle() const {
    VK_CHECK(vkDeviceWaitIdle(device_));
}

}  // namespace tessera::vk
