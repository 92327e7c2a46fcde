#pragma once
// Private to src/graph/: the frame graph's state, shared by frame_graph.cpp (recording) and print.cpp
// (--print-frame-graph). Not part of the interface.

#include "graph/frame_graph.h"
#include "graph/plan.h"
#include "graph/resource_state.h"
#include "vk/resources.h"

#include <string>
#include <vector>

namespace tessera::graph {

struct FrameGraph::Impl {
    struct Entry {
        std::string name;
        bool is_image = false;
        bool imported = false;
        BufferInfo buffer_info;
        ImageInfo image_info;
        VkBufferUsageFlags buffer_usage = 0;
        VkImageUsageFlags image_usage = 0;
        std::vector<vk::Buffer> buffers;  // one, or one per slot
        vk::Image image;
        ResourceId tracker_id = kNoResource;  // the first copy's; per-slot copies follow
        uint32_t copies = 1;
        VkExtent2D built_for{};
        bool built = false;
        uint64_t version = 0;  // how many times build_resources has created it (PassContext::version)
        bool sized_by_target() const {
            return is_image ? image_info.extent.width == 0 : buffer_info.bytes_per_pixel != 0;
        }
    };

    const vk::Device& device;
    uint32_t frames;
    vk::GpuTimer* timer;
    vk::DeletionQueue* retired;
    std::vector<Entry> entries;
    StateTracker tracker;
    bool finalized = false;
    std::vector<std::vector<PassDecl>> decls;           // per slot: the passes in tracker ids
    const std::vector<PassDecl>* decls_slot = nullptr;  // the frame being recorded
    std::vector<std::vector<ResourceUse>> frame_end;    // per slot
    FramePlan plan;
    std::vector<Barrier> scratch;
    std::vector<uint8_t> enabled;
    std::vector<const char*> timer_names;  // per pass, interned: scope names outlive the graph
    std::vector<VkImageMemoryBarrier2> image_barriers;
    std::vector<VkRenderingAttachmentInfo> color_infos;
    struct Assumed {
        ResourceId id;
        VkPipelineStageFlags2 stages;
        VkAccessFlags2 access;
    };
    std::vector<Assumed> assumed;  // applied at finalize

    VkImage target_image = VK_NULL_HANDLE;
    VkImageView target_view = VK_NULL_HANDLE;
    VkImageView target_storage_view = VK_NULL_HANDLE;
    VkFormat target_format = VK_FORMAT_UNDEFINED;
    VkExtent2D extent{};
    VkImageLayout present_layout = VK_IMAGE_LAYOUT_PRESENT_SRC_KHR;
    uint64_t generation = 0;
    uint64_t built_generation = ~0ull;

    Impl(const vk::Device& d, uint32_t f, vk::GpuTimer* t, vk::DeletionQueue* r)
        : device(d), frames(f), timer(t), retired(r) {}

    ResourceId tracker_of(ResourceId id, uint32_t slot) const {
        const Entry& e = entries[id];
        return e.tracker_id + (e.copies > 1 ? slot : 0);
    }
};

}  // namespace tessera::graph
