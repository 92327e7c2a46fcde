// The depth pyramid through the frame graph: a small scene is rendered, the pyramid pass and a read-back pass
// are added after the draws (RunRequest::extra_passes), and every level of the pyramid must equal the CPU
// reduction of the same frame's read-back depth exactly. At 1, 2 and 3 frames in flight, with push
// descriptors (where the GPU has them) and with descriptor sets forced.
//
// Needs from the renderer: a single-sample D32_SFLOAT depth image with SAMPLED and TRANSFER_SRC usage, stored
// after the draws, passed to extra_passes.
#include "render/depth_pyramid.h"
#include "depth_pyramid_reference.h"
#include "gpu_test_util.h"
#include "graph/frame_graph.h"
#include "render/gpu_scene.h"

#include <gtest/gtest.h>

#include <cstring>
#include <string>
#include <vector>

namespace tessera {
namespace {

struct PyramidCase {
    uint32_t frames_in_flight;
    bool force_descriptor_sets;
};

// What one frame's read-back held: the depth image and every pyramid level.
struct Snapshot {
    test::DepthLevel depth;
    std::vector<test::DepthLevel> levels;
};

class DepthPyramidGraph : public ::testing::TestWithParam<PyramidCase> {};

TEST_P(DepthPyramidGraph, EveryLevelIsTheMinimumOfTheDepthBelow) {
    const PyramidCase param = GetParam();
    Config config = test::small_scene_config();
    config.graphics.msaa_samples = 1;  // the pyramid reads single-sample depth
    config.performance.frames_in_flight = param.frames_in_flight;
    app::Session session(app::SessionDesc{config, true, ""});
    const vk::Device& device = session.device();
    const scene::SceneDesc desc{config.scene.kind, config.scene.seed, config.scene.cubes};
    render::GpuScene scene(device, desc, session.jobs());
    render::DepthPyramid pyramid(device, param.frames_in_flight, {param.force_descriptor_sets, false});
    if (param.force_descriptor_sets) {
        ASSERT_FALSE(pyramid.push_descriptors());
    }

    std::vector<Snapshot> snapshots;
    std::vector<bool> slot_written(param.frames_in_flight, false);
    app::RunRequest request;
    request.frames = 3 + param.frames_in_flight;  // at least three frames read back
    request.extra_passes = [&](graph::FrameGraph& graph, graph::ResourceId depth) {
        const graph::ResourceId levels = render::add_depth_pyramid(graph, device, depth, pyramid);
        // 4 bytes per target pixel hold the depth image, and its pyramid (under a third of that, plus edges).
        graph::BufferInfo info;
        info.name = "depth read-back";
        info.bytes_per_pixel = sizeof(float);
        info.usage = VK_BUFFER_USAGE_TRANSFER_DST_BIT;
        info.memory = vk::MemoryUse::readback;
        info.per_slot = true;
        const graph::ResourceId depth_readback = graph.add_buffer(info);
        info.name = "depth pyramid read-back";
        info.size = 4096;
        const graph::ResourceId levels_readback = graph.add_buffer(info);

        constexpr VkPipelineStageFlags2 kCopy = VK_PIPELINE_STAGE_2_COPY_BIT;
        graph::PassDesc copy;
        copy.name = "depth pyramid read-back";
        copy.kind = graph::PassKind::transfer;
        copy.uses = {{depth, graph::Usage::transfer_src, kCopy, {0, 1}},
                     {levels, graph::Usage::transfer_src, kCopy},
                     {depth_readback, graph::Usage::transfer_write, kCopy},
                     {levels_readback, graph::Usage::transfer_write, kCopy}};
        copy.record = [&, depth, levels, depth_readback, levels_readback](graph::PassContext& ctx) {
            const vk::Image& depth_image = ctx.image(depth);
            const vk::Image& pyramid_image = ctx.image(levels);
            const vk::Buffer& depth_buffer = ctx.buffer(depth_readback);
            const vk::Buffer& levels_buffer = ctx.buffer(levels_readback);
            // This slot's previous frame has completed: what it copied is readable now.
            if (slot_written[ctx.slot]) {
                depth_buffer.invalidate();
                levels_buffer.invalidate();
                Snapshot snapshot;
                const VkExtent2D e = depth_image.extent();
                const auto* texels = static_cast<const float*>(depth_buffer.mapped());
                snapshot.depth = {e.width, e.height, {texels, texels + size_t(e.width) * e.height}};
                texels = static_cast<const float*>(levels_buffer.mapped());
                for (uint32_t level = 0; level < pyramid_image.mip_levels(); ++level) {
                    const VkExtent2D l = pyramid_image.extent(level);
                    const size_t count = size_t(l.width) * l.height;
                    snapshot.levels.push_back({l.width, l.height, {texels, texels + count}});
                    texels += count;
                }
                snapshots.push_back(std::move(snapshot));
            }
            slot_written[ctx.slot] = true;

            const VkExtent2D e = depth_image.extent();
            const VkBufferImageCopy depth_copy{
                0, 0, 0, {VK_IMAGE_ASPECT_DEPTH_BIT, 0, 0, 1}, {0, 0, 0}, {e.width, e.height, 1}};
            vkCmdCopyImageToBuffer(ctx.cmd, depth_image.handle(), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                                   depth_buffer.handle(), 1, &depth_copy);
            VkDeviceSize offset = 0;
            for (uint32_t level = 0; level < pyramid_image.mip_levels(); ++level) {
                const VkExtent2D l = pyramid_image.extent(level);
                const VkBufferImageCopy level_copy{offset,    0,
                                                   0,         {VK_IMAGE_ASPECT_COLOR_BIT, level, 0, 1},
                                                   {0, 0, 0}, {l.width, l.height, 1}};
                vkCmdCopyImageToBuffer(ctx.cmd, pyramid_image.handle(), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                                       levels_buffer.handle(), 1, &level_copy);
                offset += VkDeviceSize(l.width) * l.height * sizeof(float);
            }
            EXPECT_LE(offset, levels_buffer.size());
        };
        graph.add_pass(std::move(copy));

        // Makes the copies visible to the host once the frame's timeline value is reached.
        graph::PassDesc host;
        host.name = "depth pyramid host read";
        host.kind = graph::PassKind::transfer;
        host.uses = {{depth_readback, graph::Usage::host_read, VK_PIPELINE_STAGE_2_HOST_BIT},
                     {levels_readback, graph::Usage::host_read, VK_PIPELINE_STAGE_2_HOST_BIT}};
        host.record = [](graph::PassContext&) {};
        graph.add_pass(std::move(host));
    };
    app::run_frames(session, scene, request);
    EXPECT_EQ(session.instance().validation_errors(), 0u) << "validation errors while rendering";

    ASSERT_GE(snapshots.size(), 3u);
    for (const Snapshot& snapshot : snapshots) {
        ASSERT_EQ(snapshot.depth.width, config.window.width);
        const std::vector<test::DepthLevel> expected = test::reference_pyramid(snapshot.depth);
        ASSERT_EQ(snapshot.levels.size(), expected.size());
        bool any_geometry = false;
        for (float d : snapshot.depth.texels) any_geometry |= d > 0.0f;
        EXPECT_TRUE(any_geometry) << "the depth image is empty: nothing to reduce";
        for (size_t level = 0; level < expected.size(); ++level) {
            ASSERT_EQ(snapshot.levels[level].width, expected[level].width) << "level " << level;
            ASSERT_EQ(snapshot.levels[level].height, expected[level].height) << "level " << level;
            for (size_t i = 0; i < expected[level].texels.size(); ++i)
                ASSERT_EQ(snapshot.levels[level].texels[i], expected[level].texels[i])
                    << "level " << level << " texel " << i;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(FramesInFlight, DepthPyramidGraph,
                         ::testing::Values(PyramidCase{1, false}, PyramidCase{2, false},
                                           PyramidCase{3, false}, PyramidCase{1, true}, PyramidCase{2, true},
                                           PyramidCase{3, true}),
                         [](const auto& test_info) {
                             return std::to_string(test_info.param.frames_in_flight) + "_in_flight" +
                                    (test_info.param.force_descriptor_sets ? "_descriptor_sets" : "");
                         });

}  // namespace
}  // namespace tessera
