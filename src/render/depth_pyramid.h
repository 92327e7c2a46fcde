#pragma once
// The depth pyramid: a full mip chain over the depth buffer in which each texel holds the farthest depth
// (reversed Z: the minimum) of the block of depth texels it covers, for occlusion culling against the last
// frame's depth. Level 0 is half the target (rounded up); every level is one compute dispatch
// (shaders/depth_pyramid.comp) reading the level above through a sampler and writing its own mip as a storage
// image. Level 0 reads the frame's depth: the D32 depth image, or gpu-lod's R32F "shaded depth".
//
// Two reduction paths with bit-identical results: a MIN-reduction sampler (where caps().sampler_minmax), or
// texelFetch and min(). A multisampled depth image takes a third path for level 0 (depth_pyramid_ms.comp):
// texelFetch of every sample and min(). Image bindings go through a vk::DescriptorBinder (push descriptors or per-frame
// sets).
//
// Lifetime: the DepthPyramid owns the pipeline, sampler and descriptor pools; it must outlive every frame the
// graph records with its passes (destroy it after the device is idle). Thread contract: frame-loop thread.

#include "graph/frame_graph.h"
#include "render/reloadable_pipeline.h"
#include "vk/descriptors.h"
#include "vk/handle.h"

#include <cstdint>
#include <optional>

namespace tessera::vk {
class Device;
}

namespace tessera::render {

struct DepthPyramidOptions {
    bool force_descriptor_sets = false;  // also TESSERA_FORCE_DESCRIPTOR_SETS=1 (vk/descriptors.h)
    bool force_texel_fetch = false;      // the texelFetch path even where reduction samplers exist
};

class DepthPyramid {
public:
    static constexpr uint32_t kMaxLevels = 16;  // pyramid level 0 up to 65536 texels wide

    DepthPyramid(const vk::Device& device, uint32_t frames_in_flight,
                 const DepthPyramidOptions& options = {});

    // Whether levels read from `format` (D32_SFLOAT: level 0; R32_SFLOAT: the rest) use the reduction
    // sampler.
    bool reduction_sampler(VkFormat format) const;
    bool push_descriptors() const { return binder_.uses_push(); }

    // Records one level: reads `source` (a view of exactly one level of a `source_format` image, in
    // `source_layout`, sampled) of `source_size`, writes `destination` (a view of one R32_SFLOAT level, in
    // GENERAL) of `destination_size`. The caller records the barriers. `frame_number` starts a new frame of
    // `slot` for the descriptor binder. A multisampled `source` (level 0 only) reduces every sample.
    void record_level(VkCommandBuffer cmd, uint32_t slot, uint64_t frame_number, VkImageView source,
                      VkFormat source_format, VkImageLayout source_layout, VkExtent2D source_size,
                      VkImageView destination, VkExtent2D destination_size,
                      VkSampleCountFlagBits source_samples = VK_SAMPLE_COUNT_1_BIT);

private:
    struct Path {
        ReloadablePipeline pipeline;
        vk::Handle<VkSampler> sampler;
    };
    vk::DescriptorBinder binder_;
    vk::DescriptorSetLayout set_layout_;
    vk::Handle<VkPipelineLayout> layout_;
    Path fetch_, reduce_;  // reduce_ is empty where no format may use it
    Path multisampled_;    // level 0 from a multisampled depth image
    bool reduce_depth_ = false, reduce_color_ = false;
};

// Adds the image "depth pyramid" (R32_SFLOAT, full mip chain, target size >> 1; storage, sampled and
// transfer-source usage) and passes "depth pyramid 0", "depth pyramid 1", ...: one per level, enabled for the
// levels the current target size has. `depth` must be a D32_SFLOAT image (single-sample or multisampled) or a
// single-sampled R32_SFLOAT one of the target's size (the graph gives it SAMPLED usage), written earlier in the
// frame. Returns the pyramid's id. `owner` must outlive the graph's recording.
graph::ResourceId add_depth_pyramid(graph::FrameGraph& graph, const vk::Device& device,
                                    graph::ResourceId depth, DepthPyramid& owner);

}  // namespace tessera::render
