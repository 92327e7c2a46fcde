// The depth pyramid's frame-graph passes (render/depth_pyramid.h). Kept apart from depth_pyramid.cpp so that
// the DepthPyramid itself can be used (and tested) without the frame graph.
#include "render/depth_pyramid.h"

#include <string>

namespace tessera::render {

graph::ResourceId add_depth_pyramid(graph::FrameGraph& graph, const vk::Device& /*device*/,
                                    graph::ResourceId depth, DepthPyramid& owner) {
    graph::ImageInfo info;
    info.name = "depth pyramid";
    info.format = VK_FORMAT_R32_SFLOAT;
    info.usage = VK_IMAGE_USAGE_STORAGE_BIT | VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT;
    info.size_shift = 1;
    info.mip_levels = 0;
    const graph::ResourceId pyramid = graph.add_image(info);

    // The layouts the graph puts the sources in: what the descriptors must name.
    const VkImageLayout depth_layout =
        graph::layout_of(graph::Usage::sampled, VK_IMAGE_ASPECT_DEPTH_BIT, VK_IMAGE_LAYOUT_UNDEFINED);
    const VkImageLayout level_layout =
        graph::layout_of(graph::Usage::sampled, VK_IMAGE_ASPECT_COLOR_BIT, VK_IMAGE_LAYOUT_UNDEFINED);
    const auto source_layout = [depth_layout, level_layout](const vk::Image& source, uint32_t level) {
        return level == 0 && source.format() == VK_FORMAT_D32_SFLOAT ? depth_layout : level_layout;
    };
    constexpr VkPipelineStageFlags2 kCompute = VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT;

    // One pass per level the largest target could need; each is enabled while the current pyramid has it.
    for (uint32_t level = 0; level < DepthPyramid::kMaxLevels; ++level) {
        graph::PassDesc pass;
        pass.name = "depth pyramid " + std::to_string(level);
        pass.kind = graph::PassKind::compute;
        if (level == 0)
            pass.uses.push_back({depth, graph::Usage::sampled, kCompute, {0, 1}});
        else
            pass.uses.push_back({pyramid, graph::Usage::sampled, kCompute, {level - 1, 1}});
        pass.uses.push_back({pyramid, graph::Usage::storage_image_write, kCompute, {level, 1}, true});
        pass.enabled = [&graph, pyramid, level] { return level < graph.image(pyramid).mip_levels(); };
        pass.record = [&owner, depth, pyramid, level, source_layout](graph::PassContext& ctx) {
            const vk::Image& target = ctx.image(pyramid);
            const vk::Image& source = level == 0 ? ctx.image(depth) : target;
            const uint32_t source_level = level == 0 ? 0 : level - 1;
            owner.record_level(ctx.cmd, ctx.slot, ctx.frame_number, source.mip_view(source_level),
                               source.format(), source_layout(source, level), source.extent(source_level),
                               target.mip_view(level), target.extent(level), source.samples());
        };
        graph.add_pass(std::move(pass));
    }
    return pyramid;
}

}  // namespace tessera::render
