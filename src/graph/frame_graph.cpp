#include "graph/frame_graph.h"

#include "graph/frame_graph_impl.h"

#include "base/assert.h"
#include "base/error.h"
#include "base/intern.h"
#include "base/json_writer.h"
#include "base/trace.h"
#include "vk/deletion_queue.h"
#include "vk/device.h"
#include "vk/gpu_timer.h"

#include <fmt/format.h>

#include <algorithm>
#include <bit>

namespace tessera::graph {
namespace {

VkBufferUsageFlags buffer_usage_of(Usage usage) {
    switch (usage) {
        case Usage::storage_read:
        case Usage::storage_write:
        case Usage::storage_read_write:
            return VK_BUFFER_USAGE_STORAGE_BUFFER_BIT;
        case Usage::uniform_read:
            return VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT;
        case Usage::indirect_read:
            return VK_BUFFER_USAGE_INDIRECT_BUFFER_BIT;
        case Usage::index_read:
            return VK_BUFFER_USAGE_INDEX_BUFFER_BIT;
        case Usage::vertex_read:
            return VK_BUFFER_USAGE_VERTEX_BUFFER_BIT;
        case Usage::transfer_read:
            return VK_BUFFER_USAGE_TRANSFER_SRC_BIT;
        case Usage::transfer_write:
            return VK_BUFFER_USAGE_TRANSFER_DST_BIT;
        default:
            return 0;
    }
}

VkImageUsageFlags image_usage_of(Usage usage) {
    switch (usage) {
        case Usage::color_attachment:
            return VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT;
        case Usage::depth_attachment:
        case Usage::depth_read:
            return VK_IMAGE_USAGE_DEPTH_STENCIL_ATTACHMENT_BIT;
        case Usage::sampled:
            return VK_IMAGE_USAGE_SAMPLED_BIT;
        case Usage::storage_image_read:
        case Usage::storage_image_write:
        case Usage::storage_image_read_write:
            return VK_IMAGE_USAGE_STORAGE_BIT;
        case Usage::transfer_src:
            return VK_IMAGE_USAGE_TRANSFER_SRC_BIT;
        case Usage::transfer_dst:
            return VK_IMAGE_USAGE_TRANSFER_DST_BIT;
        default:
            return 0;
    }
}

uint32_t full_chain(VkExtent2D extent) {
    return static_cast<uint32_t>(std::bit_width(std::max(extent.width, extent.height)));
}

}  // namespace

// FrameGraph::Impl is in frame_graph_impl.h (shared with print.cpp).

FrameGraph::FrameGraph(const vk::Device& device, uint32_t frames_in_flight, vk::GpuTimer* timer,
                       vk::DeletionQueue* retired)
    : impl_(std::make_unique<Impl>(device, frames_in_flight, timer, retired)) {
    ImageInfo target;
    target.name = "target";
    target_ = add_image(target);
    impl_->entries[target_].imported = true;
}

FrameGraph::~FrameGraph() {
    // In-flight frames may still use the resources: the owner has waited for them (Renderer's destructor).
}

ResourceId FrameGraph::add_buffer(const BufferInfo& info) {
    if (const ResourceId existing = find(info.name); existing != kNoResource) {
        TS_ASSERT(!impl_->entries[existing].is_image);
        return existing;
    }
    TS_ASSERT(!impl_->finalized);
    Impl::Entry e;
    e.name = info.name;
    e.buffer_info = info;
    e.copies = info.per_slot ? impl_->frames : 1;
    impl_->entries.push_back(std::move(e));
    return static_cast<ResourceId>(impl_->entries.size() - 1);
}

ResourceId FrameGraph::import_buffer(std::string_view name) {
    if (const ResourceId existing = find(name); existing != kNoResource) return existing;
    BufferInfo info;
    info.name = std::string(name);
    const ResourceId id = add_buffer(info);
    impl_->entries[id].imported = true;
    return id;
}

ResourceId FrameGraph::add_image(const ImageInfo& info) {
    if (const ResourceId existing = find(info.name); existing != kNoResource) {
        TS_ASSERT(impl_->entries[existing].is_image);
        return existing;
    }
    TS_ASSERT(!impl_->finalized);
    Impl::Entry e;
    e.name = info.name;
    e.is_image = true;
    e.image_info = info;
    impl_->entries.push_back(std::move(e));
    return static_cast<ResourceId>(impl_->entries.size() - 1);
}

ResourceId FrameGraph::find(std::string_view name) const {
    for (size_t i = 0; i < impl_->entries.size(); ++i)
        if (impl_->entries[i].name == name) return static_cast<ResourceId>(i);
    return kNoResource;
}

const std::string& FrameGraph::name(ResourceId id) const {
    return impl_->entries[id].name;
}

void FrameGraph::assume_written(ResourceId id, VkPipelineStageFlags2 stages, VkAccessFlags2 access) {
    if (!impl_->finalized) {
        impl_->assumed.push_back({id, stages, access});
        return;
    }
    for (uint32_t s = 0; s < impl_->entries[id].copies; ++s)
        impl_->tracker.assume_written(impl_->entries[id].tracker_id + s, stages, access);
}

void FrameGraph::add_pass(PassDesc pass) {
    TS_ASSERT(!impl_->finalized);
    TS_ASSERT(pass.record);
    for (const ResourceUse& u : pass.uses) {
        TS_ASSERT(u.resource < impl_->entries.size());
        TS_ASSERT(impl_->entries[u.resource].is_image == is_image_usage(u.usage));
    }
    passes_.push_back(std::move(pass));
}

void FrameGraph::set_target(VkImage image, VkImageView view, VkFormat format, VkExtent2D extent,
                            VkImageLayout present_layout, uint64_t generation, VkImageView storage_view) {
    Impl& m = *impl_;
    m.target_image = image;
    m.target_view = view;
    m.target_storage_view = storage_view;
    m.target_format = format;
    m.extent = extent;
    m.present_layout = present_layout;
    m.generation = generation;
}

void FrameGraph::compile() {
    Impl& m = *impl_;
    if (m.finalized) return;
    // Usage flags follow from the declared uses; tracker entries, one per copy.
    for (const PassDesc& pass : passes_) {
        for (const ResourceUse& u : pass.uses) {
            Impl::Entry& e = m.entries[u.resource];
            if (e.is_image)
                e.image_usage |= image_usage_of(u.usage);
            else
                e.buffer_usage |= buffer_usage_of(u.usage);
        }
        for (const Attachment& a : pass.colors)
            if (a.resolve != kNoResource)
                m.entries[a.resolve].image_usage |= VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT;
    }
    for (Impl::Entry& e : m.entries) {
        e.tracker_id = kNoResource;
        for (uint32_t s = 0; s < e.copies; ++s) {
            const ResourceId t =
                e.is_image ? m.tracker.add_image(1, 1, e.image_info.aspect) : m.tracker.add_buffer();
            if (s == 0) e.tracker_id = t;
        }
    }
    for (const Impl::Assumed& a : m.assumed) {
        const Impl::Entry& e = m.entries[a.id];
        for (uint32_t s = 0; s < e.copies; ++s)
            m.tracker.assume_written(e.tracker_id + s, a.stages, a.access);
    }
    m.decls.assign(m.frames, {});
    m.frame_end.assign(m.frames, {});
    for (uint32_t slot = 0; slot < m.frames; ++slot) {
        for (const PassDesc& pass : passes_) {
            PassDecl d;
            d.kind = pass.kind;
            d.secondaries = pass.secondaries;
            for (ResourceUse u : pass.uses) {
                u.resource = m.tracker_of(u.resource, slot);
                d.uses.push_back(u);
            }
            for (const Attachment& a : pass.colors) {
                d.attachments.push_back(m.tracker_of(a.image, slot));
                if (a.resolve != kNoResource) d.attachments.push_back(m.tracker_of(a.resolve, slot));
            }
            if (pass.depth.image != kNoResource)
                d.attachments.push_back(m.tracker_of(pass.depth.image, slot));
            m.decls[slot].push_back(std::move(d));
        }
        m.frame_end[slot].push_back({m.tracker_of(target_, slot), Usage::present, VK_PIPELINE_STAGE_2_NONE});
    }
    m.enabled.assign(passes_.size(), 1);
    for (const PassDesc& pass : passes_) m.timer_names.push_back(intern(pass.name));
    m.finalized = true;
}

void FrameGraph::build_resources(uint64_t frame_number) {
    Impl& m = *impl_;
    if (m.built_generation == m.generation) return;
    for (ResourceId id = 0; id < m.entries.size(); ++id) {
        Impl::Entry& e = m.entries[id];
        if (e.imported || (e.built && !e.sized_by_target())) continue;
        if (e.built && e.built_for.width == m.extent.width && e.built_for.height == m.extent.height) continue;
        // Frames still in flight may use the old objects: they go when the newest submitted frame is done.
        for (vk::Buffer& b : e.buffers) m.retired->retire(frame_number - 1, std::move(b));
        if (e.is_image) m.retired->retire(frame_number - 1, std::move(e.image));
        e.buffers.clear();
        if (e.is_image && (e.image_usage | e.image_info.usage) == 0) {
            // No pass uses it (gpu-lod's depth image where every cube goes through the visibility buffer):
            // nothing to allocate.
            e.built = true;
            e.built_for = m.extent;
            continue;
        }
        if (e.is_image) {
            const ImageInfo& info = e.image_info;
            VkExtent2D extent = info.extent;
            if (extent.width == 0)
                extent = {std::max(1u, (m.extent.width + (1u << info.size_shift) - 1) >> info.size_shift),
                          std::max(1u, (m.extent.height + (1u << info.size_shift) - 1) >> info.size_shift)};
            const uint32_t mips = info.mip_levels == 0 ? full_chain(extent) : info.mip_levels;
            vk::ImageDesc desc;
            desc.format = info.format == VK_FORMAT_UNDEFINED ? m.target_format : info.format;
            desc.extent = extent;
            desc.usage = e.image_usage | info.usage;
            desc.samples = info.samples;
            desc.aspect = info.aspect;
            desc.mip_levels = mips;
            desc.name = e.name.c_str();
            e.image = vk::Image(m.device, desc);
            m.tracker.reshape(e.tracker_id, mips, 1);
        } else {
            const BufferInfo& info = e.buffer_info;
            const VkDeviceSize size =
                info.size + info.bytes_per_pixel * VkDeviceSize(m.extent.width) * m.extent.height;
            for (uint32_t s = 0; s < e.copies; ++s) {
                e.buffers.emplace_back(
                    m.device, size, e.buffer_usage | info.usage | VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT,
                    info.memory, e.name.c_str());
                m.tracker.reset(e.tracker_id + s);
            }
        }
        e.built = true;
        e.built_for = m.extent;
        ++e.version;
    }
    m.built_generation = m.generation;
}

void FrameGraph::emit(VkCommandBuffer cmd, uint32_t first, uint32_t count) {
    if (count == 0) return;
    Impl& m = *impl_;
    VkMemoryBarrier2 memory{VK_STRUCTURE_TYPE_MEMORY_BARRIER_2};
    bool any_memory = false;
    m.image_barriers.clear();
    for (uint32_t i = first; i < first + count; ++i) {
        const Barrier& b = m.plan.barriers[i];
        if (!b.image) {
            // Buffers: one global memory barrier carries them all.
            memory.srcStageMask |= b.src_stages;
            memory.srcAccessMask |= b.src_access;
            memory.dstStageMask |= b.dst_stages;
            memory.dstAccessMask |= b.dst_access;
            any_memory = true;
            continue;
        }
        const ResourceId id = resource_of_tracker(b.resource);
        const Impl::Entry& e = m.entries[id];
        VkImageMemoryBarrier2 ib{VK_STRUCTURE_TYPE_IMAGE_MEMORY_BARRIER_2};
        ib.srcStageMask = b.src_stages;
        ib.srcAccessMask = b.src_access;
        ib.dstStageMask = b.dst_stages;
        ib.dstAccessMask = b.dst_access;
        ib.oldLayout = b.old_layout;
        ib.newLayout = b.new_layout;
        ib.srcQueueFamilyIndex = ib.dstQueueFamilyIndex = VK_QUEUE_FAMILY_IGNORED;
        ib.image = id == target_ ? m.target_image : e.image.handle();
        ib.subresourceRange = {
            id == target_ ? VkImageAspectFlags(VK_IMAGE_ASPECT_COLOR_BIT) : e.image_info.aspect,
            b.range.base_mip, b.range.mip_count, b.range.base_layer, b.range.layer_count};
        m.image_barriers.push_back(ib);
    }
    VkDependencyInfo dependency{VK_STRUCTURE_TYPE_DEPENDENCY_INFO};
    dependency.memoryBarrierCount = any_memory ? 1 : 0;
    dependency.pMemoryBarriers = &memory;
    dependency.imageMemoryBarrierCount = static_cast<uint32_t>(m.image_barriers.size());
    dependency.pImageMemoryBarriers = m.image_barriers.data();
    vkCmdPipelineBarrier2(cmd, &dependency);
}

ResourceId FrameGraph::resource_of_tracker(ResourceId tracker_id) const {
    const auto& entries = impl_->entries;
    for (ResourceId id = 0; id < entries.size(); ++id)
        if (tracker_id >= entries[id].tracker_id && tracker_id < entries[id].tracker_id + entries[id].copies)
            return id;
    TS_ASSERT(false);
    return kNoResource;
}

bool FrameGraph::used_after(uint32_t step_index, ResourceId tracker_id) const {
    const Impl& m = *impl_;
    for (size_t s = step_index + 1; s < m.plan.steps.size(); ++s)
        for (const ResourceUse& u : m.decls_slot->at(m.plan.steps[s].pass).uses)
            if (u.resource == tracker_id) return true;
    return false;
}

void FrameGraph::begin_rendering(VkCommandBuffer cmd, uint32_t step_index, uint32_t slot) {
    Impl& m = *impl_;
    const Step& first = m.plan.steps[step_index];
    uint32_t last = step_index;
    while (!m.plan.steps[last].end_rendering) ++last;
    const PassDesc& pass = passes_[first.pass];
    const PassDecl& decl = m.decls[slot][first.pass];
    auto discarded = [&](ResourceId tracker_id) {
        for (const ResourceUse& u : decl.uses)
            if (u.resource == tracker_id) return u.discard;
        return false;
    };
    auto view_of = [&](ResourceId id) { return id == target_ ? m.target_view : m.entries[id].image.view(); };
    auto info_for = [&](const Attachment& a, VkImageLayout layout) {
        const ResourceId t = m.tracker_of(a.image, slot);
        VkRenderingAttachmentInfo info{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
        info.imageView = view_of(a.image);
        info.imageLayout = layout;
        info.loadOp = !discarded(t)        ? VK_ATTACHMENT_LOAD_OP_LOAD
                      : a.clear_on_discard ? VK_ATTACHMENT_LOAD_OP_CLEAR
                                           : VK_ATTACHMENT_LOAD_OP_DONT_CARE;
        // Stored only when something later in the frame reads it (the target is always presented).
        const bool keep = a.image == target_ || used_after(last, t);
        info.storeOp = keep ? VK_ATTACHMENT_STORE_OP_STORE : VK_ATTACHMENT_STORE_OP_DONT_CARE;
        info.clearValue = a.clear;
        if (a.resolve != kNoResource) {
            info.resolveMode = VK_RESOLVE_MODE_AVERAGE_BIT;
            info.resolveImageView = view_of(a.resolve);
            info.resolveImageLayout = VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
        }
        return info;
    };
    m.color_infos.clear();
    for (const Attachment& a : pass.colors)
        m.color_infos.push_back(info_for(a, VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL));
    VkRenderingAttachmentInfo depth{VK_STRUCTURE_TYPE_RENDERING_ATTACHMENT_INFO};
    if (pass.depth.image != kNoResource) {
        // The layout the pass's own use puts it in (the tracker has already planned the whole frame).
        const ResourceId t = m.tracker_of(pass.depth.image, slot);
        Usage usage = Usage::depth_attachment;
        for (const ResourceUse& u : decl.uses)
            if (u.resource == t) usage = u.usage;
        depth = info_for(pass.depth, layout_of(usage, m.entries[pass.depth.image].image_info.aspect,
                                               VK_IMAGE_LAYOUT_UNDEFINED));
    }
    VkRenderingInfo rendering{VK_STRUCTURE_TYPE_RENDERING_INFO};
    rendering.flags = pass.secondaries ? VK_RENDERING_CONTENTS_SECONDARY_COMMAND_BUFFERS_BIT : 0;
    rendering.renderArea = {{0, 0}, m.extent};
    rendering.layerCount = 1;
    rendering.colorAttachmentCount = static_cast<uint32_t>(m.color_infos.size());
    rendering.pColorAttachments = m.color_infos.data();
    rendering.pDepthAttachment = pass.depth.image != kNoResource ? &depth : nullptr;
    vkCmdBeginRendering(cmd, &rendering);
}

void FrameGraph::record(VkCommandBuffer cmd, uint32_t slot, uint64_t frame_number) {
    Impl& m = *impl_;
    compile();
    build_resources(frame_number);
    // The target image is new to this frame: acquired (the submit waits for it at colour output) and
    // discarded. A graph without a target (compute-only tests) leaves it out.
    const ResourceId target = m.tracker_of(target_, slot);
    const bool has_target = m.target_image != VK_NULL_HANDLE;
    if (has_target) {
        m.tracker.set_present_layout(target, m.present_layout);
        m.tracker.reset(target);
        m.tracker.assume_written(target, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_2_NONE);
    }

    for (size_t i = 0; i < passes_.size(); ++i) m.enabled[i] = !passes_[i].enabled || passes_[i].enabled();
    m.decls_slot = &m.decls[slot];
    plan_frame(m.tracker, m.decls[slot], m.enabled,
               has_target ? std::span<const ResourceUse>(m.frame_end[slot]) : std::span<const ResourceUse>(),
               m.plan, m.scratch);

    PassContext ctx;
    ctx.cmd = cmd;
    ctx.slot = slot;
    ctx.frame_number = frame_number;
    ctx.extent = m.extent;
    ctx.graph_ = this;
    for (uint32_t s = 0; s < m.plan.steps.size(); ++s) {
        const Step& step = m.plan.steps[s];
        const PassDesc& pass = passes_[step.pass];
        emit(cmd, step.before_first, step.before_count);
        // A rendering instance of secondary command buffers may hold nothing else: time it from outside.
        uint32_t scope = 0;
        if (pass.secondaries) scope = m.timer->begin(cmd, m.timer_names[step.pass]);
        if (step.begin_rendering) begin_rendering(cmd, s, slot);
        if (!pass.secondaries) scope = m.timer->begin(cmd, m.timer_names[step.pass]);
        {
            TS_TRACE_SCOPE(m.timer_names[step.pass]);  // the pass's CPU recording, named like its GPU scope
            pass.record(ctx);
        }
        if (!pass.secondaries) m.timer->end(cmd, scope);
        if (step.end_rendering) vkCmdEndRendering(cmd);
        if (pass.secondaries) m.timer->end(cmd, scope);
        emit(cmd, step.after_first, step.after_count);
    }
    emit(cmd, m.plan.end_first, m.plan.end_count);
}

const vk::Buffer& FrameGraph::buffer(ResourceId id, uint32_t slot) const {
    const Impl::Entry& e = impl_->entries[id];
    TS_ASSERT(!e.is_image && !e.imported && !e.buffers.empty());
    return e.buffers[e.copies > 1 ? slot : 0];
}

const vk::Image& FrameGraph::image(ResourceId id) const {
    const Impl::Entry& e = impl_->entries[id];
    TS_ASSERT(e.is_image && !e.imported);
    return e.image;
}

const vk::Buffer& PassContext::buffer(ResourceId id) const {
    return graph_->buffer(id, slot);
}
uint64_t PassContext::version(ResourceId id) const {
    const FrameGraph::Impl::Entry& e = graph_->impl_->entries[id];
    TS_ASSERT(!e.imported && e.built);
    return e.version;
}
const vk::Image& PassContext::image(ResourceId id) const {
    return graph_->image(id);
}
VkImage PassContext::target_image() const {
    return graph_->impl_->target_image;
}
VkImageView PassContext::target_view() const {
    return graph_->impl_->target_view;
}
VkImageView PassContext::target_storage_view() const {
    return graph_->impl_->target_storage_view;
}

}  // namespace tessera::graph
