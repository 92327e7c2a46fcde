#pragma once
// Synchronization2 barriers, spelled out: source stage/access and layout, destination stage/access and
// layout.

#include <volk.h>

namespace tessera::vk {

struct ImageTransition {
    VkImage image = VK_NULL_HANDLE;
    VkImageAspectFlags aspect = VK_IMAGE_ASPECT_COLOR_BIT;
    VkPipelineStageFlags2 src_stage = VK_PIPELINE_STAGE_2_NONE;
    VkAccessFlags2 src_access = VK_ACCESS_2_NONE;
    VkImageLayout old_layout = VK_IMAGE_LAYOUT_UNDEFINED;
    VkPipelineStageFlags2 dst_stage = VK_PIPELINE_STAGE_2_NONE;
    VkAccessFlags2 dst_access = VK_ACCESS_2_NONE;
    VkImageLayout new_layout = VK_IMAGE_LAYOUT_UNDEFINED;
};

void transition(VkCommandBuffer cmd, const ImageTransition& t);
void transition(VkCommandBuffer cmd, const ImageTransition* transitions, uint32_t count);  // count <= 8

// A global memory barrier (buffers: compute writes -> indirect reads, transfer -> shader reads, ...).
void memory_barrier(VkCommandBuffer cmd, VkPipelineStageFlags2 src_stage, VkAccessFlags2 src_access,
                    VkPipelineStageFlags2 dst_stage, VkAccessFlags2 dst_access);

}  // namespace tessera::vk
