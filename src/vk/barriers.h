#pragma once
// A global synchronization2 memory barrier for one-off command buffers outside the frame (start-up uploads,
// tests' read-backs). Inside a frame, the frame graph (graph/frame_graph.h) derives and records every barrier;
// nothing else does.

#include <volk.h>

namespace tessera::vk {

void memory_barrier(VkCommandBuffer cmd, VkPipelineStageFlags2 src_stage, VkAccessFlags2 src_access,
                    VkPipelineStageFlags2 dst_stage, VkAccessFlags2 dst_access);

}  // namespace tessera::vk
