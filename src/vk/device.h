#pragma once
// The logical device: one universal (graphics + compute) queue, VMA for memory, and the optional features
// that the chosen GPU offers switched on. Everything that needs a VkDevice takes a Device&.
//
// Thread contract: the queue is submitted to only from the thread that runs the frame loop; the allocator and
// object creation may be used from any thread.

#include "vk/gpu.h"

#include <vk_mem_alloc.h>
#include <volk.h>

#include <string>

namespace tessera::vk {

class Instance;

// What the device was created with; passes pick their paths from this, never from the GPU's name.
struct DeviceCaps {
    bool presentation = false;      // VK_KHR_swapchain enabled
    bool int64_atomics = false;     // shaderInt64 and shaderBufferInt64Atomics
    bool fragment_atomics = false;  // fragmentStoresAndAtomics
    bool subgroup_ops = false;      // subgroup arithmetic + ballot in compute
    bool draw_indirect_first_instance = false;
    bool memory_budget = false;  // VK_EXT_memory_budget
    bool sampler_minmax =
        false;  // samplerFilterMinmax, and R32_SFLOAT + D32_SFLOAT support MIN/MAX reduction
    bool push_descriptors = false;  // VK_KHR_push_descriptor enabled
    bool mesh_shader = false;       // VK_EXT_mesh_shader with taskShader and meshShader enabled
    // bufferDeviceAddressCaptureReplay enabled: buffers with addresses and their memory are created with the
    // capture-replay flags, so frame-capture tools (RenderDoc, GFXReconstruct) can replay their addresses.
    bool address_capture_replay = false;
    // VK_EXT_calibrated_timestamps enabled, with the device and CLOCK_MONOTONIC domains (trace alignment)
    bool calibrated_timestamps = false;
    VkSampleCountFlags msaa_counts = VK_SAMPLE_COUNT_1_BIT;  // colour and depth both
    double timestamp_period_ns = 1.0;
    VkDeviceSize max_allocation = 0;     // maxMemoryAllocationSize
    VkDeviceSize max_storage_range = 0;  // maxStorageBufferRange
};

class Device {
public:
    // `surface` may be VK_NULL_HANDLE (headless); otherwise the queue must be able to present to it.
    Device(const Instance& instance, const GpuInfo& gpu, VkSurfaceKHR surface);
    ~Device();
    Device(const Device&) = delete;
    Device& operator=(const Device&) = delete;

    VkDevice handle() const { return device_; }
    VkPhysicalDevice physical() const { return gpu_.handle; }
    VkInstance instance() const { return instance_; }
    VkQueue queue() const { return queue_; }
    uint32_t queue_family() const { return queue_family_; }
    VmaAllocator allocator() const { return allocator_; }
    const GpuInfo& gpu() const { return gpu_; }
    const DeviceCaps& caps() const { return caps_; }
    const VkPhysicalDeviceLimits& limits() const { return gpu_.properties.limits; }

    // Debug name shown by validation messages and GPU tools; no-op without debug utils.
    void set_name(VkObjectType type, uint64_t handle, const char* name) const;
    template <typename T>
    void set_name(VkObjectType type, T handle, const char* name) const {
        set_name(type, reinterpret_cast<uint64_t>(handle), name);
    }

    // Bytes of device-local memory in use by this process (VMA's view; the driver's budget where available).
    uint64_t device_local_usage() const;

    // Shutdown and error paths only: never in the frame loop.
    void wait_idle() const;

private:
    VkInstance instance_;
    GpuInfo gpu_;
    DeviceCaps caps_;
    VkDevice device_ = VK_NULL_HANDLE;
    VkQueue queue_ = VK_NULL_HANDLE;
    uint32_t queue_family_ = 0;
    VmaAllocator allocator_ = VK_NULL_HANDLE;
    uint32_t device_local_heaps_ = 0;  // bit i: heap i is device-local
    uint32_t heap_count_ = 0;
    bool debug_names_ = false;
};

}  // namespace tessera::vk
