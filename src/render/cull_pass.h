#pragma once
// CullPass: GPU frustum culling of the whole GpuScene (shaders/cull.comp), shared by the GPU-driven modes.
//
// Per frame: reset the bucket counters (the draw commands' instance_count), dispatch one invocation per cube,
// then make the ids and commands visible to indirect draws and vertex shaders. After the draws, the counters
// are copied to this slot's host-visible read-back buffer, read when the slot's frame has completed: visible
// counts arrive a frame or more late and never stall.
//
// Splatting (CullOutput::lod, where the device has 64-bit buffer atomics and lod_splat_pixels > 0): visible
// cubes smaller than lod_splat_pixels go to a per-pixel visibility buffer instead of an id list; SplatResolve
// (splat_resolve.h) draws it.
//
// The visible-id list, the draw commands and the visibility buffer exist once, not per frame in flight: at
// 100M cubes the list is 400 MB, and frames on one queue are ordered anyway. record() starts with a barrier
// against the previous frame's reads instead.

#include "render/mode.h"
#include "shaders/shared.h"
#include "vk/handle.h"
#include "vk/resources.h"

#include <array>
#include <vector>

namespace tessera::render {

enum class CullOutput : uint32_t {
    count = 0,  // only count visible cubes (no id list)
    ids = 1,    // compact visible ids into bucket TS_LOD_FULL
    lod = 2,    // compact into LOD buckets by projected size
};

class CullPass {
public:
    using Counts = std::array<int64_t, TS_LOD_BUCKETS>;

    CullPass(const ModeDesc& desc, CullOutput output);

    // Outside any rendering. Times itself as the "cull" scope.
    void record(FrameContext& frame);
    // After the draws, outside rendering: copies the counters for read-back.
    void record_readback(FrameContext& frame);
    // The slot's frame has completed: its counts become the newest known.
    void frame_completed(uint32_t slot);

    // Indirect draw of one bucket; the caller has bound a pipeline whose ids source matches the bucket.
    void draw(VkCommandBuffer cmd, uint32_t bucket) const;

    VkDeviceAddress visible_ids() const { return ids_.address(); }
    bool splatting() const { return splat_pixels_ > 0; }
    VkDeviceAddress splat_buffer() const { return splat_.address(); }  // valid after record()
    uint32_t capacity() const { return capacity_; }
    const Counts& last_counts() const { return last_counts_; }  // -1 until known
    int64_t last_visible() const;                               // sum over buckets, -1 until known

    // For tests: the GPU buffers.
    const vk::Buffer& ids_buffer() const { return ids_; }
    const vk::Buffer& draws_buffer() const { return draws_; }

private:
    const vk::Device& device_;
    const GpuScene& scene_;
    CullOutput output_;
    float lod_full_pixels_;
    float splat_pixels_;  // 0: no splatting
    uint32_t capacity_;
    vk::Handle<VkPipelineLayout> layout_;
    vk::Handle<VkPipeline> pipeline_;
    vk::Buffer ids_;
    vk::Buffer draws_;
    vk::Buffer splat_;  // width * height uint64 at the last recorded extent
    VkExtent2D splat_extent_{};
    std::vector<vk::Buffer> readback_;  // per slot: the draw commands as copied after the frame
    std::vector<bool> readback_pending_;
    Counts last_counts_;
};

}  // namespace tessera::render
