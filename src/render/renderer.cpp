#include "render/renderer.h"

#include "base/assert.h"
#include "base/error.h"
#include "base/trace.h"
#include "render/cluster_bounds.h"
#include "render/gpu_motion.h"
#include "render/gpu_scene.h"
#include "render/overlay_pass.h"
#include "shaders/shared.h"
#include "vk/check.h"
#include "vk/device.h"

#include <spdlog/spdlog.h>

#include <cstring>

namespace tessera::render {
namespace {

using graph::Usage;
constexpr VkFormat kDepthFormat = VK_FORMAT_D32_SFLOAT;

VkSampleCountFlagBits choose_samples(const vk::Device& device, uint32_t requested) {
    uint32_t samples = requested;
    while (samples > 1 && !(device.caps().msaa_counts & samples)) samples /= 2;
    if (samples != requested)
        spdlog::info("msaa: {} samples requested, {} supports at most {}; using {}", requested,
                     device.gpu().name(), samples, samples);
    return static_cast<VkSampleCountFlagBits>(samples);
}

uint32_t checked_frames_in_flight(uint32_t frames) {
    if (frames < 1 || frames > 3)
        throw UsageError("frames_in_flight must be 1, 2 or 3, got " + std::to_string(frames));
    return frames;
}

}  // namespace

Renderer::Renderer(const vk::Device& device, vk::Target& target, const GpuScene& scene, JobSystem& jobs,
                   const RendererDesc& desc)
    : device_(device),
      target_(target),
      scene_(scene),
      samples_(choose_samples(device, desc.msaa_samples)),
      mode_(create_mode(desc.mode, {.device = &device,
                                    .scene = &scene,
                                    .jobs = &jobs,
                                    .color_format = target.format(),
                                    .depth_format = kDepthFormat,
                                    .samples = samples_,
                                    .frames_in_flight = checked_frames_in_flight(desc.frames_in_flight),
                                    .lod_full_pixels = desc.lod_full_pixels,
                                    .lod_splat_pixels = desc.lod_splat_pixels,
                                    .cluster_splat_pixels = desc.cluster_splat_pixels,
                                    .raster_max_pixels = desc.raster_max_pixels,
                                    .raster_small_pixels = desc.raster_small_pixels,
                                    .raster_batch_groups = desc.raster_batch_groups,
                                    .splat_coverage = desc.splat_coverage,
                                    .splat_samples = desc.splat_samples,
                                    .occlusion = desc.occlusion,
                                    .visibility_draws = desc.visibility_draws,
                                    .target_accepts_copies = target.can_copy_into(),
                                    .target_storage_writes = target.storage_writes()})),
      scheduler_(device, desc.frames_in_flight, [this](uint32_t slot) { mode_->frame_completed(slot); }),
      graph_(device, desc.frames_in_flight, &scheduler_.timer(), &scheduler_.retired()) {
    if (desc.gpu_motion) gpu_motion_ = std::make_unique<GpuMotion>(device, scene, jobs);
    if (scene.streamed()) cluster_bounds_ = std::make_unique<ClusterBounds>(device, scene);
    if (desc.overlay)
        overlay_ = std::make_unique<OverlayPass>(device, target.format(), desc.frames_in_flight,
                                                 scheduler_.retired(), *desc.overlay);
    for (uint32_t i = 0; i < desc.frames_in_flight; ++i)
        uniforms_.emplace_back(device, sizeof(gpu::FrameUniforms),
                               VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT | VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                               vk::MemoryUse::upload, "frame uniforms");
    add_passes(desc);
    spdlog::info("renderer: mode {}, {} frame(s) in flight, {}x MSAA, {} passes", to_string(desc.mode),
                 desc.frames_in_flight, static_cast<int>(samples_), graph_.pass_count());
}

Renderer::~Renderer() {
    // The graph's resources go with it: every frame that may use them must be done first.
    try {
        scheduler_.wait_for_frames();
    } catch (const std::exception& e) {
        spdlog::error("renderer shutdown: {}", e.what());
    }
}

void Renderer::add_passes(const RendererDesc& desc) {
    targets_.cubes = graph_.import_buffer("cubes");
    targets_.clusters = graph_.import_buffer("cluster spheres");
    targets_.uniforms = graph_.import_buffer("frame uniforms");
    targets_.indices = graph_.import_buffer("cube indices");
    // Start-up uploads (the fixed scene, the index buffer, chunk tables) were transfer writes.
    graph_.assume_written(targets_.indices, VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT);
    if (!scene_.streamed()) {
        graph_.assume_written(targets_.cubes, VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT);
        graph_.assume_written(targets_.clusters, VK_PIPELINE_STAGE_2_COPY_BIT,
                              VK_ACCESS_2_TRANSFER_WRITE_BIT);
    }
    targets_.depth = graph_.add_image(
        {.name = "depth", .format = kDepthFormat, .samples = samples_, .aspect = VK_IMAGE_ASPECT_DEPTH_BIT});
    if (samples_ != VK_SAMPLE_COUNT_1_BIT) {
        targets_.color = graph_.add_image({.name = "msaa colour", .samples = samples_});  // target's format
        targets_.resolve = graph_.target_id();
    } else {
        targets_.color = graph_.target_id();
    }
    const glm::vec4 c = desc.clear_color;
    targets_.clear_color.color = {{c.r, c.g, c.b, c.a}};

    if (scene_.staged()) {
        graph::PassDesc upload{.name = "upload", .kind = graph::PassKind::transfer};
        upload.uses.push_back({.resource = targets_.cubes,
                               .usage = Usage::transfer_write,
                               .stages = VK_PIPELINE_STAGE_2_COPY_BIT});
        upload.record = [this](graph::PassContext& ctx) { scene_.record_upload(ctx.cmd, ctx.slot); };
        graph_.add_pass(std::move(upload));
    }
    if (cluster_bounds_) cluster_bounds_->add_pass(graph_, targets_.cubes, targets_.clusters);
    if (gpu_motion_) gpu_motion_->add_pass(graph_, targets_.cubes, targets_.clusters, frame_);
    mode_->add_passes(graph_, targets_, frame_);
    if (desc.extra_passes) desc.extra_passes(graph_, targets_.depth);
    if (overlay_) overlay_->add_pass(graph_, graph_.target_id());

    // The screenshot: the finished image copied to host memory in the frame's own command buffer.
    capture_ =
        graph_.add_buffer({.name = "capture", .bytes_per_pixel = 4, .memory = vk::MemoryUse::readback});
    graph::PassDesc capture{.name = "capture", .kind = graph::PassKind::transfer};
    capture.uses.push_back({.resource = graph_.target_id(),
                            .usage = Usage::transfer_src,
                            .stages = VK_PIPELINE_STAGE_2_COPY_BIT});
    capture.uses.push_back(
        {.resource = capture_, .usage = Usage::transfer_write, .stages = VK_PIPELINE_STAGE_2_COPY_BIT});
    capture.uses.push_back(
        {.resource = capture_, .usage = Usage::host_read, .stages = VK_PIPELINE_STAGE_2_HOST_BIT});
    capture.enabled = [this] { return capture_requested_; };
    capture.record = [this](graph::PassContext& ctx) {
        VkBufferImageCopy region{};
        region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
        region.imageExtent = {ctx.extent.width, ctx.extent.height, 1};
        vkCmdCopyImageToBuffer(ctx.cmd, ctx.target_image(), VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                               ctx.buffer(capture_).handle(), 1, &region);
        capture_requested_ = false;
        capture_value_ = ctx.frame_number;
        capture_extent_ = ctx.extent;
        capture_format_ = target_.format();
    };
    graph_.add_pass(std::move(capture));
}

bool Renderer::render(const Camera& camera, const FrameUpdate& update) {
    const uint32_t slot = scheduler_.begin_frame();
    vk::TargetImage image;
    {
        TS_TRACE_SCOPE("acquire");
        if (target_.acquire(slot, scheduler_.acquire_semaphore(), image) == vk::AcquireResult::skip)
            return false;
    }
    scheduler_.start_recording();
    mode_->frame_begins();
    if (scene_.streamed()) {
        TS_TRACE_SCOPE("stream scene");  // the extract stage, then any copy
        TS_ASSERT(update.write_scene);   // a streamed scene's cubes are written every frame
        update.write_scene(slot);        // this slot's previous frame is done with its copy
    }

    const VkExtent2D extent = target_.extent();
    const gpu::FrameUniforms uniforms =
        frame_uniforms(camera, {extent.width, extent.height}, scene_.cube_count());
    std::memcpy(uniforms_[slot].mapped(), &uniforms, sizeof uniforms);
    uniforms_[slot].flush();
    frame_ = {.slot = slot,
              .frame_number = scheduler_.frame_number(),
              .extent = extent,
              .camera = camera,
              .view_projection = uniforms.view_projection,
              .frustum = frustum_from(uniforms.view_projection),
              .frame_uniforms = uniforms_[slot].address(),
              .dt = update.dt,
              .elapsed = update.elapsed};

    {
        TS_TRACE_SCOPE("record");
        VkCommandBuffer cmd = scheduler_.command_buffer();
        VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
        begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
        VK_CHECK(vkBeginCommandBuffer(cmd, &begin));
        const uint32_t frame_scope = scheduler_.timer().begin(cmd, "frame");
        graph_.set_target(image.image, image.view, target_.format(), extent, target_.present_layout(),
                          target_.generation(), image.storage_view);
        graph_.record(cmd, slot, frame_.frame_number);
        scheduler_.timer().end(cmd, frame_scope);
        VK_CHECK(vkEndCommandBuffer(cmd));
    }
    scheduler_.submit(image.wait, image.signal);
    {
        TS_TRACE_SCOPE("present");
        target_.present(image);
    }
    const uint64_t memory = device_.device_local_usage();
    scheduler_.end_frame(memory);
    peak_memory_ = std::max(peak_memory_, memory);
    return true;
}

ReloadReport Renderer::reload_pipelines() {
    const uint64_t last_use = scheduler_.submitted();
    return reload_changed_pipelines(
        [&](vk::Handle<VkPipeline> old) { scheduler_.retired().retire(last_use, std::move(old)); });
}

void Renderer::request_capture() {
    if (!target_.can_capture()) throw Error("screenshot: this target's images cannot be copied from");
    capture_requested_ = true;
}

std::optional<Image> Renderer::take_capture() {
    if (capture_value_ == 0) return std::nullopt;
    TS_TRACE_SCOPE("read back capture");
    scheduler_.wait_for(capture_value_);
    capture_value_ = 0;
    const vk::Buffer& buffer = graph_.buffer(capture_, 0);
    buffer.invalidate();
    Image out{capture_extent_.width, capture_extent_.height, {}};
    const auto* src = static_cast<const uint8_t*>(buffer.mapped());
    out.rgba.assign(src, src + size_t(out.width) * out.height * 4);
    const bool bgra =
        capture_format_ == VK_FORMAT_B8G8R8A8_SRGB || capture_format_ == VK_FORMAT_B8G8R8A8_UNORM;
    for (size_t i = 0; i < out.rgba.size(); i += 4) {
        if (bgra) std::swap(out.rgba[i], out.rgba[i + 2]);
        out.rgba[i + 3] = 255;  // the image is opaque whatever the swapchain's alpha holds
    }
    return out;
}

}  // namespace tessera::render
