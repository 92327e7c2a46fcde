#include "render/depth_pyramid.h"

#include "shaders/shared.h"
#include "vk/device.h"
#include "vk/pipeline.h"
#include "vk/sampler.h"

namespace tessera::render {
namespace {

constexpr vk::DescriptorBinding kBindings[] = {
    {0, vk::DescriptorKind::sampled_image, VK_SHADER_STAGE_COMPUTE_BIT},
    {1, vk::DescriptorKind::storage_image, VK_SHADER_STAGE_COMPUTE_BIT},
};

uint32_t group_count(uint32_t texels) {
    return (texels + TS_DEPTH_PYRAMID_GROUP - 1) / TS_DEPTH_PYRAMID_GROUP;
}

}  // namespace

DepthPyramid::DepthPyramid(const vk::Device& device, uint32_t frames_in_flight,
                           const DepthPyramidOptions& options)
    : binder_(device, frames_in_flight, options.force_descriptor_sets),
      set_layout_(device, kBindings, binder_.uses_push(), "depth pyramid set layout") {
    layout_ = vk::create_pipeline_layout(device, vk::PipelineLayoutDesc{sizeof(gpu::DepthPyramidPush),
                                                                        VK_SHADER_STAGE_COMPUTE_BIT,
                                                                        {set_layout_.handle()},
                                                                        "depth pyramid layout"});
    const auto make_path = [&](bool reduce) {
        vk::SamplerDesc sampler;
        sampler.filter = reduce ? VK_FILTER_LINEAR : VK_FILTER_NEAREST;
        sampler.reduction = reduce ? vk::SamplerReduction::min : vk::SamplerReduction::weighted_average;
        sampler.max_lod = 0.0f;
        sampler.name = reduce ? "depth pyramid min sampler" : "depth pyramid fetch sampler";
        ReloadablePipeline pipeline(
            {"depth_pyramid.comp"}, [device = &device, layout = layout_.get(), reduce] {
                const VkBool32 use_sampler = reduce ? VK_TRUE : VK_FALSE;
                const VkSpecializationMapEntry entry{0, 0, sizeof use_sampler};
                const VkSpecializationInfo specialization{1, &entry, sizeof use_sampler, &use_sampler};
                return vk::create_compute_pipeline(
                    *device, vk::load_shader(*device, "depth_pyramid.comp"), layout, &specialization,
                    reduce ? "depth pyramid (min sampler)" : "depth pyramid (fetch)");
            });
        return Path{std::move(pipeline), vk::create_sampler(device, sampler)};
    };
    reduce_depth_ = !options.force_texel_fetch && vk::min_max_filtering(device, VK_FORMAT_D32_SFLOAT);
    reduce_color_ = !options.force_texel_fetch && vk::min_max_filtering(device, VK_FORMAT_R32_SFLOAT);
    if (!reduce_depth_ || !reduce_color_) fetch_ = make_path(false);
    if (reduce_depth_ || reduce_color_) reduce_ = make_path(true);
    vk::SamplerDesc nearest;
    nearest.filter = VK_FILTER_NEAREST;
    nearest.max_lod = 0.0f;
    nearest.name = "depth pyramid multisample sampler";
    multisampled_ =
        Path{ReloadablePipeline({"depth_pyramid_ms.comp"},
                                [device = &device, layout = layout_.get()] {
                                    return vk::create_compute_pipeline(
                                        *device, vk::load_shader(*device, "depth_pyramid_ms.comp"), layout,
                                        nullptr, "depth pyramid (multisampled)");
                                }),
             vk::create_sampler(device, nearest)};
}

bool DepthPyramid::reduction_sampler(VkFormat format) const {
    return format == VK_FORMAT_D32_SFLOAT ? reduce_depth_ : format == VK_FORMAT_R32_SFLOAT && reduce_color_;
}

void DepthPyramid::record_level(VkCommandBuffer cmd, uint32_t slot, uint64_t frame_number, VkImageView source,
                                VkFormat source_format, VkImageLayout source_layout, VkExtent2D source_size,
                                VkImageView destination, VkExtent2D destination_size,
                                VkSampleCountFlagBits source_samples) {
    const Path& path = source_samples != VK_SAMPLE_COUNT_1_BIT ? multisampled_
                       : reduction_sampler(source_format)      ? reduce_
                                                               : fetch_;
    binder_.begin_frame(slot, frame_number);
    vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, path.pipeline);
    const vk::DescriptorWrite writes[] = {
        {0, source, source_layout, path.sampler},
        {1, destination, VK_IMAGE_LAYOUT_GENERAL, VK_NULL_HANDLE},
    };
    binder_.bind(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, layout_, set_layout_, writes);
    const gpu::DepthPyramidPush push{{source_size.width, source_size.height},
                                     {destination_size.width, destination_size.height}};
    vkCmdPushConstants(cmd, layout_, VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof push, &push);
    vkCmdDispatch(cmd, group_count(destination_size.width), group_count(destination_size.height), 1);
}

}  // namespace tessera::render
