#include "gpu_test_util.h"

#include "graph/frame_graph.h"
#include "render/gpu_scene.h"
#include "vk/barriers.h"
#include "vk/commands.h"
#include "vk/device.h"

#include <cstdlib>

namespace tessera::test {

std::filesystem::path output_dir() {
    return TESSERA_TEST_OUTPUT_DIR;
}

Config small_scene_config(uint64_t cubes) {
    Config config;
    config.window.width = 320;
    config.window.height = 240;
    config.debug.enable_validation = true;
    config.debug.log_level = "warn";
    config.scene.cubes = cubes;
    config.camera.path = CameraPath::fixed;
    config.graphics.msaa_samples = 4;
    config.render.mode = RenderMode::instanced;  // the references were drawn by it; tests choose others
    config.render.mode_chosen = true;
    config.render.occlusion_chosen = true;  // off unless a test turns it on
    // The attachments path on every device, as on CI's CPU driver, unless a test turns it on.
    config.render.visibility_draws = false;
    config.render.visibility_draws_chosen = true;
    return config;
}

Image render_headless(const Config& config, uint64_t frames) {
    app::Session session(app::SessionDesc{config, true, ""});
    const scene::SceneDesc desc{config.scene.kind, config.scene.seed, config.scene.cubes};
    render::GpuScene scene(session.device(), desc, session.jobs());
    app::RunRequest request;
    request.frames = frames;
    request.capture_last_frame = true;
    app::RunResult result = app::run_frames(session, scene, request);
    EXPECT_EQ(session.instance().validation_errors(), 0u) << "validation errors while rendering";
    EXPECT_TRUE(result.image.has_value());
    return result.image ? std::move(*result.image) : Image{};
}

void expect_images_match(const Image& expected, const Image& actual, const std::string& name,
                         uint32_t channel_tolerance, double max_failing_fraction) {
    const ImageComparison c = compare_images(expected, actual, channel_tolerance);
    const bool ok = c.same_size && c.failing_fraction <= max_failing_fraction;
    if (!ok) {
        std::filesystem::create_directories(output_dir());
        save_png(output_dir() / (name + ".expected.png"), expected);
        if (!actual.empty()) save_png(output_dir() / (name + ".actual.png"), actual);
        if (!c.diff.empty()) save_png(output_dir() / (name + ".diff.png"), c.diff);
    }
    EXPECT_TRUE(ok) << name << ": " << (c.same_size ? "" : "size differs; ") << c.failing_pixels
                    << " pixels (" << c.failing_fraction * 100 << "%) differ by more than "
                    << channel_tolerance << " per channel (max diff " << c.max_channel_diff << "); allowed "
                    << max_failing_fraction * 100 << "%. Images written to " << output_dir();
}

void expect_matches_reference(const Image& actual, const std::string& name, uint32_t channel_tolerance,
                              double max_failing_fraction) {
    const auto reference = std::filesystem::path(TESSERA_TEST_DATA_DIR) / (name + ".png");
    if (const char* update = std::getenv("TESSERA_UPDATE_REFERENCES"); update && std::string(update) == "1") {
        save_png(reference, actual);
        GTEST_SKIP() << "reference written: " << reference;
    }
    ASSERT_TRUE(std::filesystem::exists(reference))
        << "missing reference " << reference << " (run with TESSERA_UPDATE_REFERENCES=1 to create it)";
    expect_images_match(load_png(reference), actual, name, channel_tolerance, max_failing_fraction);
}

std::vector<std::byte> read_back(const vk::Device& device, const vk::Buffer& buffer) {
    vk::Buffer readback(device, buffer.size(), VK_BUFFER_USAGE_TRANSFER_DST_BIT, vk::MemoryUse::readback,
                        "readback");
    vk::submit_and_wait(device, [&](VkCommandBuffer cmd) {
        const VkBufferCopy region{0, 0, buffer.size()};
        vkCmdCopyBuffer(cmd, buffer.handle(), readback.handle(), 1, &region);
        vk::memory_barrier(cmd, VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT,
                           VK_PIPELINE_STAGE_2_HOST_BIT, VK_ACCESS_2_HOST_READ_BIT);
    });
    readback.invalidate();
    const auto* bytes = static_cast<const std::byte*>(readback.mapped());
    return {bytes, bytes + buffer.size()};
}

Frames render_frames(const Config& config, uint64_t frames) {
    app::Session session(app::SessionDesc{config, true, ""});
    const scene::SceneDesc desc{config.scene.kind, config.scene.seed, config.scene.cubes};
    app::RunScene scene(session, desc, config.render.mode);
    Frames out;
    std::vector<bool> written(config.performance.frames_in_flight, false);
    app::RunRequest request;
    request.frames = frames;
    request.extra_passes = [&](graph::FrameGraph& graph, graph::ResourceId) {
        const graph::ResourceId readback = graph.add_buffer({.name = "frame read-back",
                                                             .bytes_per_pixel = 4,
                                                             .usage = VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                                                             .memory = vk::MemoryUse::readback,
                                                             .per_slot = true});
        constexpr VkPipelineStageFlags2 kCopy = VK_PIPELINE_STAGE_2_COPY_BIT;
        graph::PassDesc copy{.name = "frame read-back", .kind = graph::PassKind::transfer};
        copy.uses = {{graph.target_id(), graph::Usage::transfer_src, kCopy},
                     {readback, graph::Usage::transfer_write, kCopy},
                     {readback, graph::Usage::host_read, VK_PIPELINE_STAGE_2_HOST_BIT}};
        copy.record = [&, readback](graph::PassContext& ctx) {
            const vk::Buffer& buffer = ctx.buffer(readback);
            if (written[ctx.slot]) {  // the slot's previous frame has completed
                buffer.invalidate();
                const auto* bytes = static_cast<const uint8_t*>(buffer.mapped());
                Image image{ctx.extent.width, ctx.extent.height, {}};
                image.rgba.assign(bytes, bytes + size_t(image.width) * image.height * 4);
                for (size_t i = 3; i < image.rgba.size(); i += 4) image.rgba[i] = 255;
                out.images.push_back(std::move(image));
            }
            written[ctx.slot] = true;
            VkBufferImageCopy region{};
            region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
            region.imageExtent = {ctx.extent.width, ctx.extent.height, 1};
            vkCmdCopyImageToBuffer(ctx.cmd, ctx.target_image(), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                                   buffer.handle(), 1, &region);
        };
        graph.add_pass(std::move(copy));
    };
    out.result = app::run_frames(session, scene, request);
    EXPECT_EQ(session.instance().validation_errors(), 0u) << "validation errors while rendering";
    return out;
}

}  // namespace tessera::test
