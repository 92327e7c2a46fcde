#pragma once
// Handle<T>: a move-only owner of one device-level Vulkan object (semaphore, fence, pool, pipeline, ...).
// Destroys it with the matching vkDestroy* call when it goes out of scope. The owner must outlive any GPU use
// of the object: objects used by in-flight frames go through a DeletionQueue instead.

#include <volk.h>

#include <utility>

namespace tessera::vk {

inline void destroy_handle(VkDevice d, VkSemaphore h) {
    vkDestroySemaphore(d, h, nullptr);
}
inline void destroy_handle(VkDevice d, VkCommandPool h) {
    vkDestroyCommandPool(d, h, nullptr);
}
inline void destroy_handle(VkDevice d, VkQueryPool h) {
    vkDestroyQueryPool(d, h, nullptr);
}
inline void destroy_handle(VkDevice d, VkShaderModule h) {
    vkDestroyShaderModule(d, h, nullptr);
}
inline void destroy_handle(VkDevice d, VkPipeline h) {
    vkDestroyPipeline(d, h, nullptr);
}
inline void destroy_handle(VkDevice d, VkPipelineLayout h) {
    vkDestroyPipelineLayout(d, h, nullptr);
}
inline void destroy_handle(VkDevice d, VkSampler h) {
    vkDestroySampler(d, h, nullptr);
}
inline void destroy_handle(VkDevice d, VkDescriptorSetLayout h) {
    vkDestroyDescriptorSetLayout(d, h, nullptr);
}
inline void destroy_handle(VkDevice d, VkDescriptorPool h) {
    vkDestroyDescriptorPool(d, h, nullptr);
}

template <typename T>
class Handle {
public:
    Handle() = default;
    Handle(VkDevice device, T handle) : device_(device), handle_(handle) {}
    ~Handle() { reset(); }
    Handle(Handle&& other) noexcept
        : device_(other.device_), handle_(std::exchange(other.handle_, static_cast<T>(VK_NULL_HANDLE))) {}
    Handle& operator=(Handle&& other) noexcept {
        if (this != &other) {
            reset();
            device_ = other.device_;
            handle_ = std::exchange(other.handle_, static_cast<T>(VK_NULL_HANDLE));
        }
        return *this;
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;

    T get() const { return handle_; }
    operator T() const { return handle_; }  // NOLINT: handles pass straight into vk* calls
    explicit operator bool() const { return handle_ != VK_NULL_HANDLE; }
    // Gives up ownership (e.g. to a DeletionQueue).
    T release() { return std::exchange(handle_, static_cast<T>(VK_NULL_HANDLE)); }
    VkDevice device() const { return device_; }

    void reset() {
        if (handle_ != VK_NULL_HANDLE) destroy_handle(device_, handle_);
        handle_ = VK_NULL_HANDLE;
    }

private:
    VkDevice device_ = VK_NULL_HANDLE;
    T handle_ = VK_NULL_HANDLE;
};

Handle<VkSemaphore> create_binary_semaphore(VkDevice device);
Handle<VkSemaphore> create_timeline_semaphore(VkDevice device, uint64_t initial_value);
Handle<VkCommandPool> create_command_pool(VkDevice device, uint32_t queue_family,
                                          VkCommandPoolCreateFlags flags);
VkCommandBuffer allocate_command_buffer(VkDevice device, VkCommandPool pool, VkCommandBufferLevel level);
// Blocks the calling thread until the timeline semaphore reaches `value`.
void wait_timeline(VkDevice device, VkSemaphore timeline, uint64_t value);

}  // namespace tessera::vk
