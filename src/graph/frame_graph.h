#pragma once
// FrameGraph: a frame as a list of passes, in the order written. Each pass declares every resource it reads
// and writes, with the pipeline stages of each use; the graph derives every barrier and image layout
// transition from those declarations (resource_state.h), including hazards against the previous frame's use,
// and records them. Passes never record barriers of their own.
//
//   resources   owned by the graph by name: buffers (fixed size, or per pixel of the target), images (sized
//               to the target, with mip chains), per-slot copies where each frame in flight needs its own;
//               plus the imported target image of the frame. Recreated on resize; what an in-flight frame
//               may still use goes to the DeletionQueue, tagged with the frame's timeline value.
//   passes      compute, graphics or transfer. A graphics pass names its colour/depth attachments; the graph
//               begins and ends dynamic rendering around it, choosing load ops from `discard` and store ops
//               from whether any later pass of the frame reads the attachment. Consecutive graphics passes
//               with the same attachments share one rendering instance when nothing between them needs a
//               barrier.
//   timing      every pass gets a GPU timestamp scope named after it.
//
// The graph is built once (passes and resources added at set-up) and recorded every frame; recording
// allocates nothing once the first frame has run. print() shows the passes, their resources and the barriers
// of the steady-state frame.
//
// Thread contract: frame-loop thread only (pass record functions may fan out to workers themselves).

#include "graph/plan.h"
#include "graph/resource_state.h"
#include "vk/resources.h"

#include <volk.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::vk {
class Device;
class DeletionQueue;
class GpuTimer;
}  // namespace tessera::vk

namespace tessera::graph {

class FrameGraph;

struct BufferInfo {
    std::string name;
    VkDeviceSize size = 0;             // bytes, plus...
    VkDeviceSize bytes_per_pixel = 0;  // ...this many per pixel of the target (resized with it)
    VkBufferUsageFlags usage = 0;      // SHADER_DEVICE_ADDRESS is added for every buffer
    vk::MemoryUse memory = vk::MemoryUse::device;
    bool per_slot = false;  // one copy per frame in flight (host read-back, per-frame constants)
};

struct ImageInfo {
    std::string name;
    VkFormat format = VK_FORMAT_UNDEFINED;
    VkImageUsageFlags usage = 0;
    VkSampleCountFlagBits samples = VK_SAMPLE_COUNT_1_BIT;
    VkImageAspectFlags aspect = VK_IMAGE_ASPECT_COLOR_BIT;
    // Size: the target's extent divided by 2^size_shift (rounded up, at least 1), unless `extent` is set.
    uint32_t size_shift = 0;
    VkExtent2D extent{};
    uint32_t mip_levels = 1;  // 0: the full chain down to 1x1
};

struct Attachment {
    ResourceId image = kNoResource;
    ResourceId resolve = kNoResource;  // colour: the single-sample image an MSAA attachment resolves into
    VkClearValue clear{};              // used when the use discards the previous contents
    bool clear_on_discard = true;      // false: DONT_CARE instead of CLEAR when discarding
};

// What a pass's record function sees.
class PassContext {
public:
    VkCommandBuffer cmd = VK_NULL_HANDLE;
    uint32_t slot = 0;          // frame in flight
    uint64_t frame_number = 0;  // from 1: the timeline value this frame signals
    VkExtent2D extent{};        // the target's

    const vk::Buffer& buffer(ResourceId id) const;  // this slot's copy for per-slot buffers
    const vk::Image& image(ResourceId id) const;
    // Which creation of resource `id` this frame uses: it changes exactly when the graph creates the resource
    // anew (the first frame, and for resources sized by the target, a new extent), so a pass that initialises
    // a resource once keeps the version it initialised and compares. Not for imported resources.
    uint64_t version(ResourceId id) const;
    VkImage target_image() const;  // the imported target (also image(target_id()).handle() is invalid)
    VkImageView target_view() const;
    VkImageView target_storage_view() const;  // FrameGraph::set_target's storage_view

private:
    friend class FrameGraph;
    const FrameGraph* graph_ = nullptr;
};

struct PassDesc {
    std::string name;
    PassKind kind = PassKind::compute;
    std::vector<ResourceUse> uses;   // every resource the pass touches, attachments included
    std::vector<Attachment> colors;  // graphics: also declared in `uses` as color_attachment
    Attachment depth{};              // graphics: image == kNoResource for none
    bool secondaries = false;        // graphics: the pass only executes secondary command buffers
    std::function<bool()> enabled;   // checked each frame; empty = always
    std::function<void(PassContext&)> record;
};

class FrameGraph {
public:
    FrameGraph(const vk::Device& device, uint32_t frames_in_flight, vk::GpuTimer* timer,
               vk::DeletionQueue* retired);
    ~FrameGraph();
    FrameGraph(const FrameGraph&) = delete;
    FrameGraph& operator=(const FrameGraph&) = delete;

    // Resources by name. Adding one under an existing name returns the existing id (the descriptions must
    // agree). find() returns kNoResource for an unknown name.
    ResourceId add_buffer(const BufferInfo& info);
    ResourceId add_image(const ImageInfo& info);
    ResourceId find(std::string_view name) const;
    // A buffer owned elsewhere (the GPU scene, per-frame constants) whose uses the graph orders all the same.
    ResourceId import_buffer(std::string_view name);
    // The imported target image ("target"): one per frame, discarded at the start of the frame and left in
    // `present_layout` at its end.
    ResourceId target_id() const { return target_; }
    // Declares that work outside the graph (start-up uploads) wrote a resource.
    void assume_written(ResourceId id, VkPipelineStageFlags2 stages, VkAccessFlags2 access);

    void add_pass(PassDesc pass);

    // After the last add_pass: fixes the passes and resources (done by the first record() otherwise).
    void compile();
    // Each frame: set the target, then record all enabled passes into `cmd`. `storage_view`: the target's
    // vk::TargetImage::storage_view, if it has one.
    void set_target(VkImage image, VkImageView view, VkFormat format, VkExtent2D extent,
                    VkImageLayout present_layout, uint64_t generation,
                    VkImageView storage_view = VK_NULL_HANDLE);
    void record(VkCommandBuffer cmd, uint32_t slot, uint64_t frame_number);

    // The passes, their resources and the barriers the steady-state frame needs (a dry run of two frames
    // from the current state that records nothing). `json` for tools.
    std::string print(bool json) const;

    const vk::Buffer& buffer(ResourceId id, uint32_t slot) const;
    const vk::Image& image(ResourceId id) const;
    const std::string& name(ResourceId id) const;
    size_t pass_count() const { return passes_.size(); }

private:
    void build_resources(uint64_t frame_number);
    void emit(VkCommandBuffer cmd, uint32_t first, uint32_t count);
    void begin_rendering(VkCommandBuffer cmd, uint32_t step, uint32_t slot);
    bool used_after(uint32_t step, ResourceId tracker_id) const;
    ResourceId resource_of_tracker(ResourceId tracker_id) const;

    friend class PassContext;
    struct Impl;
    std::unique_ptr<Impl> impl_;
    ResourceId target_ = kNoResource;
    std::deque<PassDesc> passes_;
};

}  // namespace tessera::graph
