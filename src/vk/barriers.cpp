#include "vk/barriers.h"

#include "base/error.h"

namespace tessera::vk {

void transition(VkCommandBuffer cmd, const ImageTransition* transitions, uint32_t count) {
    constexpr uint32_t kMax = 8;  // per call; frames record a handful of transitions at a time
    if (count > kMax) throw Error("vk::transition: more than 8 image transitions in one call");
    VkImageMemoryBarrier2 barriers[kMax];
    for (uint32_t i = 0; i < count; ++i) {
        const ImageTransition& t = transitions[i];
        VkImageMemoryBarrier2& b = barriers[i];
        b = {VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER_2};
        b.srcStageMask = t.src_stage;
        b.srcAccessMask = t.src_access;
        b.dstStageMask = t.dst_stage;
        b.dstAccessMask = t.dst_access;
        b.oldLayout = t.old_layout;
        b.newLayout = t.new_layout;
        b.srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
        b.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
        b.image = t.image;
        b.subresourceRange = {t.aspect, 0, 1, 0, 1};
    }
    VkDependencyInfo dependency{VK_STRUCTURE_TYPE_DEPENDENCY_INFO};
    dependency.imageMemoryBarrierCount = count;
    dependency.pImageMemoryBarriers = barriers;
    vkCmdPipelineBarrier2(cmd, &dependency);
}

void transition(VkCommandBuffer cmd, const ImageTransition& t) {
    transition(cmd, &t, 1);
}

void memory_barrier(VkCommandBuffer cmd, VkPipelineStageFlags2 src_stage, VkAccessFlags2 src_access,
                    VkPipelineStageFlags2 dst_stage, VkAccessFlags2 dst_access) {
    VkMemoryBarrier2 barrier{VK_STRUCTURE_TYPE_MEMORY_BARRIER_2};
    barrier.srcStageMask = src_stage;
    barrier.srcAccessMask = src_access;
    barrier.dstStageMask = dst_stage;
    barrier.dstAccessMask = dst_access;
    VkDependencyInfo dependency{VK_STRUCTURE_TYPE_DEPENDENCY_INFO};
    dependency.memoryBarrierCount = 1;
    dependency.pMemoryBarriers = &barrier;
    vkCmdPipelineBarrier2(cmd, &dependency);
}

}  // namespace tessera::vk
