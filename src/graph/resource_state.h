#pragma once
// The barrier derivation at the heart of the frame graph, kept free of command buffers so that it can be
// tested without a GPU. A StateTracker remembers, per resource (and per mip level and layer of an image), the
// last write and the reads since it; use() returns the barriers a new use needs and records it.
//
// Rules (synchronization2 semantics, one queue):
//   read after write   -> a barrier from the write's stages/access to the read's, unless an earlier barrier
//                         since that write already made it visible to these stages and accesses;
//   write after read   -> an execution dependency from the reads' stages (no access to make available);
//   write after write  -> a barrier from the first write's stages/access to the second's;
//   layout change      -> always a barrier (a transition is a write), waiting for the last write and reads;
//   discard            -> an image whose contents the use does not need starts from UNDEFINED.
// State persists across frames: the first use in frame N+1 is checked against the last in frame N, which is
// what orders a frame against its predecessor on the same queue.
//
// Thread contract: not thread-safe; the frame graph owns one tracker and uses it from the frame-loop thread.

#include <volk.h>

#include <cstdint>
#include <string>
#include <vector>

namespace tessera::graph {

using ResourceId = uint32_t;
inline constexpr ResourceId kNoResource = ~0u;
inline constexpr uint32_t kAllMips = ~0u;
inline constexpr uint32_t kAllLayers = ~0u;

// How a pass uses a resource.
enum class Usage : uint8_t {
    // Buffers.
    storage_read,
    storage_write,
    storage_read_write,
    uniform_read,
    indirect_read,
    index_read,
    vertex_read,
    transfer_read,
    transfer_write,
    host_read,  // the CPU reads it after the frame's timeline value is reached
    // Images.
    color_attachment,  // written (and blended) as a colour attachment
    depth_attachment,  // tested and written
    depth_read,        // tested, not written (read-only depth attachment)
    sampled,
    storage_image_read,
    storage_image_write,
    storage_image_read_write,
    transfer_src,
    transfer_dst,
    present,  // handed to the presentation engine (or left for the next acquire) at the end of the frame
};

bool is_image_usage(Usage usage);
bool writes(Usage usage);
bool reads(Usage usage);
VkAccessFlags2 access_of(Usage usage);
VkImageLayout layout_of(Usage usage, VkImageAspectFlags aspect, VkImageLayout present_layout);
const char* to_string(Usage usage);

struct SubresourceRange {
    uint32_t base_mip = 0;
    uint32_t mip_count = kAllMips;  // kAllMips: to the last level
    uint32_t base_layer = 0;
    uint32_t layer_count = kAllLayers;
    bool operator==(const SubresourceRange&) const = default;
};

struct ResourceUse {
    ResourceId resource = kNoResource;
    Usage usage = Usage::storage_read;
    VkPipelineStageFlags2 stages = VK_PIPELINE_STAGE_2_NONE;
    SubresourceRange range{};  // images only
    bool discard = false;      // images: the previous contents are not needed
};

// One derived barrier. For buffers `range` and the layouts are unused (global memory barriers suffice: the
// graph merges all buffer barriers at one point into one VkMemoryBarrier2).
struct Barrier {
    ResourceId resource = kNoResource;
    bool image = false;
    SubresourceRange range{};
    VkPipelineStageFlags2 src_stages = VK_PIPELINE_STAGE_2_NONE;
    VkAccessFlags2 src_access = VK_ACCESS_2_NONE;
    VkPipelineStageFlags2 dst_stages = VK_PIPELINE_STAGE_2_NONE;
    VkAccessFlags2 dst_access = VK_ACCESS_2_NONE;
    VkImageLayout old_layout = VK_IMAGE_LAYOUT_UNDEFINED;
    VkImageLayout new_layout = VK_IMAGE_LAYOUT_UNDEFINED;
    bool operator==(const Barrier&) const = default;
};

class StateTracker {
public:
    // Registers a resource; ids are dense from 0 in registration order.
    ResourceId add_buffer();
    ResourceId add_image(uint32_t mip_levels, uint32_t layers, VkImageAspectFlags aspect,
                         VkImageLayout present_layout = VK_IMAGE_LAYOUT_PRESENT_SRC_KHR);
    // Forgets what is known of a resource (a recreated image starts UNDEFINED, a new buffer unwritten).
    void reset(ResourceId id);
    // Declares that earlier work outside the graph wrote the resource (start-up uploads: transfer writes).
    void assume_written(ResourceId id, VkPipelineStageFlags2 stages, VkAccessFlags2 access);
    // Appends the barriers `use` needs to `out`, then records the use.
    void use(const ResourceUse& use, std::vector<Barrier>& out);

    uint32_t mip_levels(ResourceId id) const { return resources_[id].mips; }
    VkImageLayout layout(ResourceId id, uint32_t mip = 0, uint32_t layer = 0) const;

private:
    struct State {
        VkPipelineStageFlags2 write_stages = VK_PIPELINE_STAGE_2_NONE;
        VkAccessFlags2 write_access = VK_ACCESS_2_NONE;
        VkPipelineStageFlags2 read_stages = VK_PIPELINE_STAGE_2_NONE;     // reads since the last write
        VkPipelineStageFlags2 visible_stages = VK_PIPELINE_STAGE_2_NONE;  // reached by a barrier since it
        VkAccessFlags2 visible_access = VK_ACCESS_2_NONE;
        VkImageLayout layout = VK_IMAGE_LAYOUT_UNDEFINED;
        bool operator==(const State&) const = default;
    };
    struct Resource {
        bool image = false;
        uint32_t mips = 1;
        uint32_t layers = 1;
        VkImageAspectFlags aspect = 0;
        VkImageLayout present_layout = VK_IMAGE_LAYOUT_PRESENT_SRC_KHR;
        std::vector<State> states;  // mips * layers (layer-major), or one for a buffer
    };
    void use_state(State& s, const ResourceUse& use, VkAccessFlags2 access, VkImageLayout layout, Barrier& b);

    std::vector<Resource> resources_;
};

// "compute shader write -> draw indirect read" and the like, for printing.
std::string describe(const Barrier& barrier);
std::string stage_names(VkPipelineStageFlags2 stages);
std::string access_names(VkAccessFlags2 access);
std::string layout_name(VkImageLayout layout);

}  // namespace tessera::graph
