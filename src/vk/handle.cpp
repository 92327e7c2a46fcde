#include "vk/handle.h"

#include "vk/check.h"

namespace tessera::vk {

Handle<VkSemaphore> create_binary_semaphore(VkDevice device) {
    VkSemaphoreCreateInfo info{VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO};
    VkSemaphore s = VK_NULL_HANDLE;
    VK_CHECK(vkCreateSemaphore(device, &info, nullptr, &s));
    return {device, s};
}

Handle<VkSemaphore> create_timeline_semaphore(VkDevice device, uint64_t initial_value) {
    VkSemaphoreTypeCreateInfo type{VK_STRUCTURE_TYPE_SEMAPHORE_TYPE_CREATE_INFO};
    type.semaphoreType = VK_SEMAPHORE_TYPE_TIMELINE;
    type.initialValue = initial_value;
    VkSemaphoreCreateInfo info{VK_STRUCTURE_TYPE_SEMAPHORE_CREATE_INFO, &type};
    VkSemaphore s = VK_NULL_HANDLE;
    VK_CHECK(vkCreateSemaphore(device, &info, nullptr, &s));
    return {device, s};
}

Handle<VkCommandPool> create_command_pool(VkDevice device, uint32_t queue_family,
                                          VkCommandPoolCreateFlags flags) {
    VkCommandPoolCreateInfo info{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
    info.flags = flags;
    info.queueFamilyIndex = queue_family;
    VkCommandPool pool = VK_NULL_HANDLE;
    VK_CHECK(vkCreateCommandPool(device, &info, nullptr, &pool));
    return {device, pool};
}

void wait_timeline(VkDevice device, VkSemaphore timeline, uint64_t value) {
    VkSemaphoreWaitInfo wait{VK_STRUCTURE_TYPE_SEMAPHORE_WAIT_INFO};
    wait.semaphoreCount = 1;
    wait.pSemaphores = &timeline;
    wait.pValues = &value;
    VK_CHECK(vkWaitSemaphores(device, &wait, UINT64_MAX));
}

VkCommandBuffer allocate_command_buffer(VkDevice device, VkCommandPool pool, VkCommandBufferLevel level) {
    VkCommandBufferAllocateInfo info{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
    info.commandPool = pool;
    info.level = level;
    info.commandBufferCount = 1;
    VkCommandBuffer cmd = VK_NULL_HANDLE;
    VK_CHECK(vkAllocateCommandBuffers(device, &info, &cmd));
    return cmd;
}

}  // namespace tessera::vk
