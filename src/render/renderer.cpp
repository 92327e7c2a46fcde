#include "render/renderer.h"

#include "base/error.h"
#include "render/gpu_motion.h"
#include "render/gpu_scene.h"
#include "shaders/shared.h"
#include "vk/barriers.h"
#include "vk/check.h"
#include "vk/device.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

namespace tessera::render {
namespace {

using Clock = std::chrono::steady_clock;

double ms_between(Clock::time_point a, Clock::time_point b) {
    return std::chrono::duration<double, std::milli>(b - a).count();
}

VkSampleCountFlagBits choose_samples(const vk::Device& device, uint32_t requested) {
    uint32_t samples = requested;
    while (samples > 1 && !(device.caps().msaa_counts & samples)) samples /= 2;
    if (samples != requested)
        spdlog::info("msaa: {} samples requested, {} supports at most {}; using {}", requested,
                     device.gpu().name(), samples, samples);
    return static_cast<VkSampleCountFlagBits>(samples);
}

}  // namespace

Renderer::Renderer(const vk::Device& device, vk::Target& target, const GpuScene& scene, JobSystem& jobs,
                   const RendererDesc& desc)
    : device_(device),
      target_(target),
      scene_(scene),
      desc_(desc),
      samples_(choose_samples(device, desc.msaa_samples)),
      timeline_(vk::create_timeline_semaphore(device.handle(), 0)),
      timer_(device, desc.frames_in_flight) {
    if (desc.frames_in_flight < 1 || desc.frames_in_flight > 3)
        throw UsageError("frames_in_flight must be 1, 2 or 3, got " + std::to_string(desc.frames_in_flight));
    ModeDesc mode_desc{&device,
                       &scene,
                       &jobs,
                       target.format(),
                       depth_format_,
                       samples_,
                       desc.frames_in_flight,
                       desc.lod_full_pixels,
                       desc.lod_splat_pixels};
    mode_ = create_mode(desc.mode, mode_desc);
    if (desc.gpu_motion) gpu_motion_ = std::make_unique<GpuMotion>(device, scene, jobs);

    frames_.resize(desc.frames_in_flight);
    for (Frame& f : frames_) {
        f.pool = vk::create_command_pool(device.handle(), device.queue_family(), 0);
        f.cmd = vk::allocate_command_buffer(device.handle(), f.pool, VK_COMMAND_BUFFER_LEVEL_PRIMARY);
        f.acquired = vk::create_binary_semaphore(device.handle());
        f.uniforms =
            vk::Buffer(device, sizeof(gpu::FrameUniforms),
                       VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT | VK_BUFFER_USAGE_STORAGE_BUFFER_BIT,
                       vk::MemoryUse::upload, "frame uniforms");
    }
    spdlog::info("renderer: mode {}, {} frame(s) in flight, {}x MSAA", to_string(desc.mode),
                 desc.frames_in_flight, static_cast<int>(samples_));
}

Renderer::~Renderer() {
    try {
        wait_for_frames();
    } catch (const std::exception& e) {
        spdlog::error("renderer shutdown: {}", e.what());
    }
    retired_.clear();
}

void Renderer::wait_for_frames() {
    if (frame_number_ == 0) return;
    vk::wait_timeline(device_.handle(), timeline_, frame_number_);
    // Oldest slot first, so that the newest frame's results are the ones left standing.
    for (uint32_t i = 0; i < frames_.size(); ++i) {
        const uint32_t slot = (next_slot_ + i) % static_cast<uint32_t>(frames_.size());
        if (frames_[slot].timestamps_pending) collect_timestamps(slot, frames_[slot].stats_index);
        mode_->frame_completed(slot);
    }
    retired_.collect(frame_number_);
}

void Renderer::reset_statistics() {
    stats_ = FrameStats{};
    total_scopes_.clear();
    timed_frames_ = 0;
    for (Frame& f : frames_) f.stats_index = kUncounted;  // their timestamps are read, then dropped
}

void Renderer::collect_timestamps(uint32_t slot, size_t stats_index) {
    frames_[slot].timestamps_pending = false;
    std::vector<vk::ScopeTime> scopes = timer_.read(slot);
    if (scopes.empty() || stats_index == kUncounted) return;
    ++timed_frames_;
    for (const auto& s : scopes) {
        if (std::strcmp(s.name, "frame") == 0) stats_.set_gpu_ms(stats_index, s.ms);
        auto it = std::find_if(total_scopes_.begin(), total_scopes_.end(),
                               [&](const vk::ScopeTime& t) { return std::strcmp(t.name, s.name) == 0; });
        if (it == total_scopes_.end())
            total_scopes_.push_back(s);
        else
            it->ms += s.ms;
    }
    last_scopes_ = std::move(scopes);
}

void Renderer::wait_slot(Frame& frame) {
    const uint32_t slot = static_cast<uint32_t>(&frame - frames_.data());
    if (frame.submitted) vk::wait_timeline(device_.handle(), timeline_, frame.submitted);
    if (frame.timestamps_pending) collect_timestamps(slot, frame.stats_index);
    if (frame.submitted) mode_->frame_completed(slot);
    uint64_t completed = 0;
    VK_CHECK(vkGetSemaphoreCounterValue(device_.handle(), timeline_, &completed));
    retired_.collect(completed);
    VK_CHECK(vkResetCommandPool(device_.handle(), frame.pool, 0));
    timer_.begin_frame(slot);
}

void Renderer::rebuild_attachments() {
    // In-flight frames may still use the old attachments: retire them to the newest frame's timeline value.
    retired_.retire(frame_number_, std::move(depth_));
    retired_.retire(frame_number_, std::move(msaa_color_));
    const VkExtent2D extent = target_.extent();
    depth_ = vk::Image(device_, {depth_format_, extent, VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT, samples_,
                                 VK_IMAGE_ASPECT_DEPTH_BIT, "depth"});
    if (samples_ != VK_SAMPLE_COUNT_1_BIT)
        msaa_color_ =
            vk::Image(device_, {target_.format(), extent,
                                VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT | VK_IMAGE_USAGE_TRANSIENT_ATTACHMENT_BIT,
                                samples_, VK_IMAGE_ASPECT_COLOR_BIT, "msaa colour"});
    attachments_generation_ = target_.generation();
}

bool Renderer::render(const Camera& camera, const FrameUpdate& update) {
    const auto start = Clock::now();
    const uint32_t slot = next_slot_;
    Frame& frame = frames_[slot];
    wait_slot(frame);

    vk::TargetImage image;
    if (target_.acquire(slot, frame.acquired, image) == vk::AcquireResult::skip) return false;
    if (target_.generation() != attachments_generation_) rebuild_attachments();
    const auto cpu_start = Clock::now();

    if (scene_.streamed()) {
        if (!update.write_scene) throw Error("a streamed scene needs its cubes written every frame");
        update.write_scene(slot);  // this slot's previous frame is done with its copy
    }
    ++frame_number_;
    next_slot_ = (next_slot_ + 1) % static_cast<uint32_t>(frames_.size());
    record(frame, slot, image, camera, update);
    submit(frame, image);
    target_.present(image);

    const auto end = Clock::now();
    const double frame_ms =
        last_frame_start_ == Clock::time_point{} ? -1.0 : ms_between(last_frame_start_, start);
    last_frame_start_ = start;
    frame.stats_index = stats_.frames();
    frame.timestamps_pending = true;
    stats_.add({frame_ms, ms_between(cpu_start, end), -1.0});
    peak_memory_ = std::max(peak_memory_, device_.device_local_usage());
    return true;
}

void Renderer::record(Frame& frame, uint32_t slot, const vk::TargetImage& image, const Camera& camera,
                      const FrameUpdate& update) {
    VkCommandBuffer cmd = frame.cmd;
    VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    VK_CHECK(vkBeginCommandBuffer(cmd, &begin));
    const uint32_t frame_scope = timer_.begin(cmd, "frame");

    const VkExtent2D extent = target_.extent();
    FrameContext ctx;
    ctx.cmd = cmd;
    ctx.slot = slot;
    ctx.frame_number = frame_number_;
    ctx.extent = extent;
    ctx.camera = camera;
    ctx.frame_uniforms = frame.uniforms.address();
    ctx.timer = &timer_;
    ctx.retired = &retired_;
    const gpu::FrameUniforms uniforms =
        frame_uniforms(camera, {extent.width, extent.height}, scene_.cube_count());
    ctx.view_projection = uniforms.view_projection;
    ctx.frustum = frustum_from(uniforms.view_projection);
    std::memcpy(frame.uniforms.mapped(), &uniforms, sizeof uniforms);
    frame.uniforms.flush();

    // Start-up uploads (transfer writes) become visible to every shader and index read.
    vk::memory_barrier(cmd, VK_PIPELINE_STAGE_2_TRANSFER_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT,
                       VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, VK_ACCESS_2_MEMORY_READ_BIT);
    if (scene_.streamed()) scene_.record_upload(cmd, slot);
    if (gpu_motion_) gpu_motion_->record(ctx, update.dt, update.elapsed);
    mode_->prepare(ctx);

    const bool msaa = samples_ != VK_SAMPLE_COUNT_1_BIT;
    // Every attachment starts the frame discarded (UNDEFINED); the waits order this frame's writes after the
    // previous frame's writes of the shared depth and MSAA images.
    const std::array<vk::ImageTransition, 3> to_render = {{
        {image.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
         VK_ACCESS_2_NONE, VK_IMAGE_LAYOUT_UNDEFINED, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
         VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL},
        {depth_.handle(), VK_IMAGE_ASPECT_DEPTH_BIT,
         VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT,
         VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
         VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT | VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT,
         VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_READ_BIT | VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT,
         VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL},
        {msaa_color_.handle(), VK_IMAGE_ASPECT_COLOR_BIT, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
         VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, VK_IMAGE_LAYOUT_UNDEFINED,
         VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT,
         VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL},
    }};
    vk::transition(cmd, to_render.data(), msaa ? 3u : 2u);  // the MSAA image exists only with MSAA

    VkRenderingAttachmentInfo color{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    color.imageView = msaa ? msaa_color_.view() : image.view;
    color.imageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    color.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
    color.storeOp = msaa ? VK_ATTACHMENT_STORE_OP_DONT_CARE : VK_ATTACHMENT_STORE_OP_STORE;
    color.clearValue.color = {
        {desc_.clear_color.r, desc_.clear_color.g, desc_.clear_color.b, desc_.clear_color.a}};
    if (msaa) {
        color.resolveMode = VK_RESOLVE_MODE_AVERAGE_BIT;
        color.resolveImageView = image.view;
        color.resolveImageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
    }
    VkRenderingAttachmentInfo depth{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    depth.imageView = depth_.view();
    depth.imageLayout = VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL;
    depth.loadOp = VK_ATTACHMENT_LOAD_OP_CLEAR;
    depth.storeOp = VK_ATTACHMENT_STORE_OP_DONT_CARE;
    depth.clearValue.depthStencil = {0.0f, 0};  // reversed Z: far = 0
    VkRenderingInfo rendering{VK_STRUCTURE_TYPE_RENDERING_INFO};
    rendering.flags = mode_->draws_secondaries() ? VK_RENDERING_CONTENTS_SECONDARY_COMMAND_BUFFERS_BIT : 0;
    rendering.renderArea = {{0, 0}, extent};
    rendering.layerCount = 1;
    rendering.colorAttachmentCount = 1;
    rendering.pColorAttachments = &color;
    rendering.pDepthAttachment = &depth;
    // Timed outside the pass: a pass of secondary command buffers may hold nothing but vkCmdExecuteCommands.
    const uint32_t draw_scope = timer_.begin(cmd, "draw");
    vkCmdBeginRendering(cmd, &rendering);
    mode_->draw(ctx);
    vkCmdEndRendering(cmd);
    timer_.end(cmd, draw_scope);
    mode_->finish(ctx);

    const VkImageLayout final_layout = target_.present_layout();
    if (capture_requested_) {
        if (!target_.can_capture()) throw Error("screenshot: this target's images cannot be copied from");
        const VkDeviceSize bytes = VkDeviceSize(extent.width) * extent.height * 4;
        if (capture_buffer_.size() != bytes) {
            retired_.retire(frame_number_ - 1, std::move(capture_buffer_));
            capture_buffer_ = vk::Buffer(device_, bytes, VK_BUFFER_USAGE_TRANSFER_DST_BIT,
                                         vk::MemoryUse::readback, "capture");
        }
        vk::transition(
            cmd, {image.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                  VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                  VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_READ_BIT,
                  VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL});
        VkBufferImageCopy region{};
        region.imageSubresource = {VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1};
        region.imageExtent = {extent.width, extent.height, 1};
        vkCmdCopyImageToBuffer(cmd, image.image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                               capture_buffer_.handle(), 1, &region);
        vk::memory_barrier(cmd, VK_PIPELINE_STAGE_2_COPY_BIT, VK_ACCESS_2_TRANSFER_WRITE_BIT,
                           VK_PIPELINE_STAGE_2_HOST_BIT, VK_ACCESS_2_HOST_READ_BIT);
        if (final_layout != VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL)
            vk::transition(cmd, {image.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_PIPELINE_STAGE_2_COPY_BIT,
                                 VK_ACCESS_2_NONE, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL,
                                 VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE, final_layout});
        capture_requested_ = false;
        capture_value_ = frame_number_;
        capture_extent_ = extent;
        capture_format_ = target_.format();
    } else {
        vk::transition(
            cmd, {image.image, VK_IMAGE_ASPECT_COLOR_BIT, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT,
                  VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL,
                  VK_PIPELINE_STAGE_2_NONE, VK_ACCESS_2_NONE, final_layout});
    }
    timer_.end(cmd, frame_scope);
    VK_CHECK(vkEndCommandBuffer(cmd));
}

void Renderer::submit(Frame& frame, const vk::TargetImage& image) {
    VkCommandBufferSubmitInfo cmd_info{VK_STRUCTURE_TYPE_COMMAND_BUFFER_SUBMIT_INFO};
    cmd_info.commandBuffer = frame.cmd;
    VkSemaphoreSubmitInfo wait{VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO};
    wait.semaphore = image.wait;
    wait.stageMask = VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT;
    VkSemaphoreSubmitInfo signals[2]{};
    signals[0] = {VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO};
    signals[0].semaphore = timeline_;
    signals[0].value = frame_number_;
    signals[0].stageMask = VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT;
    signals[1] = {VK_STRUCTURE_TYPE_SEMAPHORE_SUBMIT_INFO};
    signals[1].semaphore = image.signal;
    signals[1].stageMask = VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT;
    VkSubmitInfo2 submit{VK_STRUCTURE_TYPE_SUBMIT_INFO_2};
    submit.waitSemaphoreInfoCount = image.wait ? 1 : 0;
    submit.pWaitSemaphoreInfos = &wait;
    submit.commandBufferInfoCount = 1;
    submit.pCommandBufferInfos = &cmd_info;
    submit.signalSemaphoreInfoCount = image.signal ? 2 : 1;
    submit.pSignalSemaphoreInfos = signals;
    vk::gpu_activity().frame = frame_number_;
    vk::gpu_activity().work = "frame (cull, draw, resolve)";
    VK_CHECK(vkQueueSubmit2(device_.queue(), 1, &submit, VK_NULL_HANDLE));
    frame.submitted = frame_number_;
}

void Renderer::request_capture() {
    capture_requested_ = true;
}

std::optional<Image> Renderer::take_capture() {
    if (capture_value_ == 0) return std::nullopt;
    vk::wait_timeline(device_.handle(), timeline_, capture_value_);
    capture_value_ = 0;
    capture_buffer_.invalidate();
    Image out{capture_extent_.width, capture_extent_.height, {}};
    const auto* src = static_cast<const uint8_t*>(capture_buffer_.mapped());
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
