// The vk layer's image-pass support on the real driver (lavapipe on CI) with validation on: mip chains and
// per-mip views, samplers, the DescriptorBinder on both paths, and one depth pyramid level at a time against
// the CPU reference.
#include "base/error.h"
#include "depth_pyramid_reference.h"
#include "render/depth_pyramid.h"
#include "vk/commands.h"
#include "vk/descriptors.h"
#include "vk/device.h"
#include "vk/instance.h"
#include "vk/pipeline.h"
#include "vk/resources.h"
#include "vk/sampler.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <set>
#include <string>

namespace tessera {
namespace {

// One instance (validation on) and headless device for the whole executable.
struct Gpu {
    vk::Instance instance{vk::InstanceDesc{true, {}}};
    std::unique_ptr<vk::Device> device;
    Gpu() {
        const std::vector<vk::GpuInfo> gpus = vk::describe_gpus(instance.handle());
        device = std::make_unique<vk::Device>(instance, vk::choose_gpu(gpus, ""), VK_NULL_HANDLE);
    }
};
Gpu& gpu() {
    static Gpu g;
    return g;
}

// Push descriptors are there to test unless TESSERA_FORCE_DESCRIPTOR_SETS=1 turns them off.
bool push_descriptors_testable() {
    const char* env = std::getenv("TESSERA_FORCE_DESCRIPTOR_SETS");
    return gpu().device->caps().push_descriptors && !(env && std::string(env) == "1");
}

class VkLayer : public ::testing::Test {
protected:
    void SetUp() override { errors_before_ = gpu().instance.validation_errors(); }
    void TearDown() override {
        gpu().device->wait_idle();
        EXPECT_EQ(gpu().instance.validation_errors(), errors_before_) << "validation errors in this test";
    }
    uint32_t errors_before_ = 0;
    const vk::Device& device() { return *gpu().device; }
};

// A barrier on `levels` mips from `base` of a colour or depth image.
void barrier(VkCommandBuffer cmd, VkImage image, VkImageAspectFlags aspect, uint32_t base, uint32_t levels,
             VkPipelineStageFlags2 src_stage, VkAccessFlags2 src_access, VkImageLayout old_layout,
             VkPipelineStageFlags2 dst_stage, VkAccessFlags2 dst_access, VkImageLayout new_layout) {
    VkImageMemoryBarrier2 b{VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER_2};
    b.srcStageMask = src_stage;
    b.srcAccessMask = src_access;
    b.dstStageMask = dst_stage;
    b.dstAccessMask = dst_access;
    b.oldLayout = old_layout;
    b.newLayout = new_layout;
    b.srcQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    b.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
    b.image = image;
    b.subresourceRange = {aspect, base, levels, 0, 1};
    VkDependencyInfo dependency{VK_STRUCTURE_TYPE_DEPENDENCY_INFO};
    dependency.imageMemoryBarrierCount = 1;
    dependency.pImageMemoryBarriers = &b;
    vkCmdPipelineBarrier2(cmd, &dependency);
}

TEST_F(VkLayer, FullMipChainHasPerLevelViews) {
    vk::ImageDesc desc{
        VK_FORMAT_R32_SFLOAT, {37, 23}, VK_IMAGE_USAGE_STORAGE_BIT | VK_IMAGE_USAGE_SAMPLED_BIT};
    desc.mip_levels = 0;
    desc.name = "mip chain";
    const vk::Image image(device(), desc);
    ASSERT_EQ(image.mip_levels(), 6u);  // 37, 18, 9, 4, 2, 1
    EXPECT_EQ(vk::full_mip_count({160, 120}), 8u);
    EXPECT_EQ(vk::full_mip_count({1, 1}), 1u);
    std::set<VkImageView> views{image.view()};
    for (uint32_t level = 0; level < image.mip_levels(); ++level) {
        EXPECT_NE(image.mip_view(level), VK_NULL_HANDLE);
        views.insert(image.mip_view(level));
    }
    EXPECT_EQ(views.size(), 7u) << "each level has its own view, besides the all-levels view";
    EXPECT_EQ(image.extent(0).width, 37u);
    EXPECT_EQ(image.extent(2).width, 9u);
    EXPECT_EQ(image.extent(2).height, 5u);
    EXPECT_EQ(image.extent(5).width, 1u);
    EXPECT_EQ(image.extent(5).height, 1u);

    // One level: mip_view(0) is the image's view, as before mip chains.
    const vk::Image single(device(), {VK_FORMAT_R32_SFLOAT, {4, 4}, VK_IMAGE_USAGE_STORAGE_BIT});
    EXPECT_EQ(single.mip_levels(), 1u);
    EXPECT_EQ(single.mip_view(0), single.view());
}

TEST_F(VkLayer, MinSamplerWhereSupported) {
    const vk::DeviceCaps& caps = device().caps();
    std::printf("caps: sampler_minmax=%d push_descriptors=%d mesh_shader=%d\n", caps.sampler_minmax,
                caps.push_descriptors, caps.mesh_shader);
    vk::SamplerDesc desc;
    desc.reduction = vk::SamplerReduction::min;
    if (!caps.sampler_minmax) {
        EXPECT_THROW(vk::create_sampler(device(), desc), Error);
        GTEST_SKIP() << "no samplerFilterMinmax";
    }
    EXPECT_TRUE(vk::create_sampler(device(), desc));
}

TEST_F(VkLayer, GraphicsStageListsAreChecked) {
    vk::GraphicsPipelineDesc desc;
    desc.color_format = VK_FORMAT_B8G8R8A8_UNORM;
    desc.name = "stage check";
    desc.stages = {{VK_SHADER_STAGE_VERTEX_BIT, VK_NULL_HANDLE}};  // no fragment stage
    EXPECT_THROW(vk::create_graphics_pipeline(device(), desc), Error);
    desc.stages = {{VK_SHADER_STAGE_VERTEX_BIT, VK_NULL_HANDLE},
                   {VK_SHADER_STAGE_MESH_BIT_EXT, VK_NULL_HANDLE},
                   {VK_SHADER_STAGE_FRAGMENT_BIT, VK_NULL_HANDLE}};  // vertex and mesh
    EXPECT_THROW(vk::create_graphics_pipeline(device(), desc), Error);
    if (!device().caps().mesh_shader) {
        desc.stages = {{VK_SHADER_STAGE_MESH_BIT_EXT, VK_NULL_HANDLE},
                       {VK_SHADER_STAGE_FRAGMENT_BIT, VK_NULL_HANDLE}};
        EXPECT_THROW(vk::create_graphics_pipeline(device(), desc), Error)
            << "mesh stages without mesh shaders";
    }
}

struct FillPush {
    float value;
    uint32_t pad;
    uint32_t size[2];
};

class DescriptorPaths : public VkLayer, public ::testing::WithParamInterface<bool> {};

// Writes a different constant into a 4x4 R32F storage image in each of several frames (two slots, several
// binds per frame, once more sets than one pool holds), reading each back.
TEST_P(DescriptorPaths, BinderBindsAStorageImage) {
    const bool force_sets = GetParam();
    vk::DescriptorBinder binder(device(), 2, force_sets);
    if (!force_sets && !push_descriptors_testable()) GTEST_SKIP() << "push descriptors absent or turned off";
    EXPECT_EQ(binder.uses_push(), !force_sets);
    const vk::DescriptorBinding binding{0, vk::DescriptorKind::storage_image, VK_SHADER_STAGE_COMPUTE_BIT};
    const vk::DescriptorSetLayout set_layout(device(), {&binding, 1}, binder.uses_push(), "fill set layout");
    const auto layout = vk::create_pipeline_layout(
        device(),
        vk::PipelineLayoutDesc{sizeof(FillPush), VK_SHADER_STAGE_COMPUTE_BIT, {set_layout.handle()}});
    const auto shader = vk::load_shader(device(), "fill_image.comp");
    const auto pipeline = vk::create_compute_pipeline(device(), shader, layout, nullptr, "fill");

    const vk::Image image(
        device(),
        {VK_FORMAT_R32_SFLOAT, {4, 4}, VK_IMAGE_USAGE_STORAGE_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT});
    const vk::Buffer readback(device(), 16 * sizeof(float), VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                              vk::MemoryUse::readback, "fill readback");
    for (uint64_t frame = 1; frame <= 5; ++frame) {
        const float value = 0.25f * float(frame);
        vk::submit_and_wait(device(), [&](VkCommandBuffer cmd) {
            binder.begin_frame(uint32_t(frame % 2), frame);
            barrier(cmd, image.handle(), VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, VK_PIPELINE_STAGE_2_COPY_BIT,
                    VK_ACCESS_2_NONE, VK_IMAGE_LAYOUT_UNDEFINED, VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                    VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT, VK_IMAGE_LAYOUT_GENERAL);
            vkCmdBindPipeline(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline);
            const vk::DescriptorWrite write{0, image.view(), VK_IMAGE_LAYOUT_GENERAL};
            // Frame 3 binds enough sets to outgrow a descriptor pool; the last bind writes the value.
            const int binds = frame == 3 ? 150 : 2;
            for (int pass = 0; pass < binds; ++pass) {
                binder.bind(cmd, VK_PIPELINE_BIND_POINT_COMPUTE, layout, set_layout, {&write, 1});
                const FillPush push{pass + 1 < binds ? -1.0f : value, 0, {4, 4}};
                vkCmdPushConstants(cmd, layout, VK_SHADER_STAGE_COMPUTE_BIT, 0, sizeof push, &push);
                vkCmdDispatch(cmd, 1, 1, 1);
                barrier(cmd, image.handle(), VK_IMAGE_ASPECT_COLOR_BIT, 0, 1,
                        VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT, VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT,
                        VK_IMAGE_LAYOUT_GENERAL, VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT,
                        VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT, VK_IMAGE_LAYOUT_GENERAL);
            }
            barrier(cmd, image.handle(), VK_IMAGE_ASPECT_COLOR_BIT, 0, 1,
                    VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT, VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT,
                    VK_IMAGE_LAYOUT_GENERAL, VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_READ_BIT,
                    VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL);
            const VkBufferImageCopy copy{0, 0, 0, {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1}, {0, 0, 0}, {4, 4, 1}};
            vkCmdCopyImageToBuffer(cmd, image.handle(), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                                   readback.handle(), 1, &copy);
        });
        readback.invalidate();
        const auto* texels = static_cast<const float*>(readback.mapped());
        for (int i = 0; i < 16; ++i) ASSERT_EQ(texels[i], value) << "frame " << frame << " texel " << i;
    }
}

INSTANTIATE_TEST_SUITE_P(Paths, DescriptorPaths, ::testing::Values(false, true), [](const auto& test_info) {
    return test_info.param ? "descriptor_sets" : "push_descriptors";
});

// (texel fetch instead of the reduction sampler, descriptor sets instead of push descriptors)
class PyramidLevels : public VkLayer, public ::testing::WithParamInterface<std::tuple<bool, bool>> {};

// Builds a pyramid over a 37x23 D32_SFLOAT image of random depths, level by level, and compares every
// level with the CPU reference bit for bit.
TEST_P(PyramidLevels, MatchReferenceExactly) {
    const auto [texel_fetch, sets] = GetParam();
    if (!texel_fetch && !vk::min_max_filtering(device(), VK_FORMAT_R32_SFLOAT))
        GTEST_SKIP() << "no min/max filtering of R32_SFLOAT";
    if (!sets && !push_descriptors_testable()) GTEST_SKIP() << "push descriptors absent or turned off";
    render::DepthPyramid pyramid(device(), 1, {sets, texel_fetch});
    ASSERT_EQ(pyramid.reduction_sampler(VK_FORMAT_R32_SFLOAT), !texel_fetch);
    std::printf("reduction sampler: D32_SFLOAT %d, R32_SFLOAT %d\n",
                pyramid.reduction_sampler(VK_FORMAT_D32_SFLOAT),
                pyramid.reduction_sampler(VK_FORMAT_R32_SFLOAT));
    ASSERT_EQ(pyramid.push_descriptors(), !sets);

    test::DepthLevel depth{37, 23, std::vector<float>(37 * 23)};
    std::mt19937 random(7);
    std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
    for (float& d : depth.texels) d = uniform(random);
    const std::vector<test::DepthLevel> expected = test::reference_pyramid(depth);

    const vk::Image depth_image(device(), {VK_FORMAT_D32_SFLOAT,
                                           {depth.width, depth.height},
                                           VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT,
                                           VK_SAMPLE_COUNT_1_BIT,
                                           VK_IMAGE_ASPECT_DEPTH_BIT,
                                           "test depth"});
    vk::ImageDesc desc{
        VK_FORMAT_R32_SFLOAT,
        {19, 12},
        VK_IMAGE_USAGE_STORAGE_BIT | VK_IMAGE_USAGE_SAMPLED_BIT | VK_IMAGE_USAGE_TRANSFER_SRC_BIT};
    desc.mip_levels = 0;
    desc.name = "test depth pyramid";
    const vk::Image levels(device(), desc);
    ASSERT_EQ(levels.mip_levels(), expected.size());

    const vk::Buffer upload(device(), depth.texels.size() * sizeof(float), VK_BUFFER_USAGE_TRANSFER_SRC_BIT,
                            vk::MemoryUse::upload, "depth upload");
    std::memcpy(upload.mapped(), depth.texels.data(), depth.texels.size() * sizeof(float));
    upload.flush();
    const vk::Buffer readback(device(), 19 * 12 * 2 * sizeof(float), VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                              vk::MemoryUse::readback, "pyramid readback");
    constexpr VkPipelineStageFlags2 kCompute = VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT;
    vk::submit_and_wait(device(), [&](VkCommandBuffer cmd) {
        barrier(cmd, depth_image.handle(), VK_IMAGE_ASPECT_DEPTH_BIT, 0, 1, VK_PIPELINE_STAGE_2_NONE,
                VK_ACCESS_2_NONE, VK_IMAGE_LAYOUT_UNDEFINED, VK_PIPELINE_STAGE_2_COPY_BIT,
                VK_ACCESS_2_TRANSFER_WRITE_BIT, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL);
        const VkBufferImageCopy copy{
            0, 0, 0, {VK_IMAGE_ASPECT_DEPTH_BIT, 0, 0, 1}, {0, 0, 0}, {depth.width, depth.height, 1}};
        vkCmdCopyBufferToImage(cmd, upload.handle(), depth_image.handle(),
                               VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, 1, &copy);
        barrier(cmd, depth_image.handle(), VK_IMAGE_ASPECT_DEPTH_BIT, 0, 1, VK_PIPELINE_STAGE_2_COPY_BIT,
                VK_ACCESS_2_TRANSFER_WRITE_BIT, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, kCompute,
                VK_ACCESS_2_SHADER_SAMPLED_READ_BIT, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
        barrier(cmd, levels.handle(), VK_IMAGE_ASPECT_COLOR_BIT, 0, levels.mip_levels(),
                VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE, VK_IMAGE_LAYOUT_UNDEFINED, kCompute,
                VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT, VK_IMAGE_LAYOUT_GENERAL);
        for (uint32_t level = 0; level < levels.mip_levels(); ++level) {
            if (level == 0)
                pyramid.record_level(cmd, 0, 1, depth_image.view(), depth_image.format(),
                                     VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, depth_image.extent(),
                                     levels.mip_view(0), levels.extent(0));
            else
                pyramid.record_level(cmd, 0, 1, levels.mip_view(level - 1), levels.format(),
                                     VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, levels.extent(level - 1),
                                     levels.mip_view(level), levels.extent(level));
            barrier(cmd, levels.handle(), VK_IMAGE_ASPECT_COLOR_BIT, level, 1, kCompute,
                    VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT, VK_IMAGE_LAYOUT_GENERAL, kCompute,
                    VK_ACCESS_2_SHADER_SAMPLED_READ_BIT, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL);
        }
        barrier(cmd, levels.handle(), VK_IMAGE_ASPECT_COLOR_BIT, 0, levels.mip_levels(), kCompute,
                VK_ACCESS_2_NONE, VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, VK_PIPELINE_STAGE_2_COPY_BIT,
                VK_ACCESS_2_TRANSFER_READ_BIT, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL);
        VkDeviceSize offset = 0;
        for (uint32_t level = 0; level < levels.mip_levels(); ++level) {
            const VkExtent2D e = levels.extent(level);
            const VkBufferImageCopy out{
                offset, 0, 0, {VK_IMAGE_ASPECT_COLOR_BIT, level, 0, 1}, {0, 0, 0}, {e.width, e.height, 1}};
            vkCmdCopyImageToBuffer(cmd, levels.handle(), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                                   readback.handle(), 1, &out);
            offset += VkDeviceSize(e.width) * e.height * sizeof(float);
        }
    });
    readback.invalidate();
    const auto* texels = static_cast<const float*>(readback.mapped());
    for (const test::DepthLevel& level : expected) {
        for (size_t i = 0; i < level.texels.size(); ++i)
            ASSERT_EQ(texels[i], level.texels[i]) << level.width << "x" << level.height << " texel " << i;
        texels += level.texels.size();
    }
}

INSTANTIATE_TEST_SUITE_P(Paths, PyramidLevels, ::testing::Combine(::testing::Bool(), ::testing::Bool()),
                         [](const auto& test_info) {
                             return std::string(std::get<0>(test_info.param) ? "texel_fetch"
                                                                             : "min_sampler") +
                                    (std::get<1>(test_info.param) ? "_descriptor_sets" : "_push_descriptors");
                         });

}  // namespace
}  // namespace tessera
