#include "graph/resource_state.h"

#include "base/assert.h"

#include <algorithm>

namespace tessera::graph {
namespace {

constexpr VkAccessFlags2 kWriteAccess =
    VK_ACCESS_2_SHADER_WRITE_BIT | VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT | VK_ACCESS_2_TRANSFER_WRITE_BIT |
    VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT | VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT |
    VK_ACCESS_2_HOST_WRITE_BIT | VK_ACCESS_2_MEMORY_WRITE_BIT;

bool subset(uint64_t part, uint64_t whole) {
    return (part & ~whole) == 0;
}

// Adds a barrier's destination scope (new_stages, new_access) to what is visible. A visibility operation
// covers the accesses in its dstAccessMask performed by the stages in its dstStageMask only, so after two
// barriers the visible (stage, access) pairs are a union of two products. One product is kept: the newest
// scope, grown only as far as the union allows. Under-stating visibility costs a redundant barrier later;
// over-stating it (or-ing stages and accesses separately) would miss a hazard.
void add_visible(VkPipelineStageFlags2& stages, VkAccessFlags2& access, VkPipelineStageFlags2 new_stages,
                 VkAccessFlags2 new_access) {
    const bool within_stages = subset(new_stages, stages);
    const bool within_access = subset(new_access, access);
    if (within_stages && within_access) return;
    if (subset(stages, new_stages) && subset(access, new_access)) {
        stages = new_stages;  // the new scope contains the old
        access = new_access;
    } else if (within_stages) {
        stages = new_stages;  // new_stages read every old access too (exact when the stages are equal)
        access |= new_access;
    } else if (within_access) {
        stages |= new_stages;  // every old stage reads new_access too (exact when the accesses are equal)
        access = new_access;
    } else {
        stages = new_stages;
        access = new_access;
    }
}

}  // namespace

bool is_image_usage(Usage usage) {
    return usage >= Usage::color_attachment;
}

bool writes(Usage usage) {
    switch (usage) {
        case Usage::storage_write:
        case Usage::storage_read_write:
        case Usage::transfer_write:
        case Usage::color_attachment:
        case Usage::depth_attachment:
        case Usage::storage_image_write:
        case Usage::storage_image_read_write:
        case Usage::transfer_dst:
            return true;
        default:
            return false;
    }
}

bool reads(Usage usage) {
    switch (usage) {
        case Usage::storage_write:
        case Usage::transfer_write:
        case Usage::storage_image_write:
        case Usage::transfer_dst:
        case Usage::present:
            return false;
        default:
            return true;
    }
}

VkAccessFlags2 access_of(Usage usage) {
    switch (usage) {
        case Usage::storage_read:
        case Usage::storage_image_read:
            return VK_ACCESS_2_SHADER_STORAGE_READ_BIT;
        case Usage::storage_write:
        case Usage::storage_image_write:
            return VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT;
        case Usage::storage_read_write:
        case Usage::storage_image_read_write:
            return VK_ACCESS_2_SHADER_STORAGE_READ_BIT | VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT;
        case Usage::uniform_read:
            return VK_ACCESS_2_UNIFORM_READ_BIT;
        case Usage::indirect_read:
            return VK_ACCESS_2_INDIRECT_COMMAND_READ_BIT;
        case Usage::index_read:
            return VK_ACCESS_2_INDEX_READ_BIT;
        case Usage::vertex_read:
            return VK_ACCESS_2_VERTEX_ATTRIBUTE_READ_BIT;
        case Usage::transfer_read:
        case Usage::transfer_src:
            return VK_ACCESS_2_TRANSFER_READ_BIT;
        case Usage::transfer_write:
        case Usage::transfer_dst:
            return VK_ACCESS_2_TRANSFER_WRITE_BIT;
        case Usage::host_read:
            return VK_ACCESS_2_HOST_READ_BIT;
        case Usage::color_attachment:
            return VK_ACCESS_2_COLOR_ATTACHMENT_READ_BIT | VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT;
        case Usage::depth_attachment:
            return VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_READ_BIT |
                   VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT;
        case Usage::depth_read:
            return VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_READ_BIT;
        case Usage::sampled:
            return VK_ACCESS_2_SHADER_SAMPLED_READ_BIT;
        case Usage::present:
            return VK_ACCESS_2_NONE;
    }
    return VK_ACCESS_2_NONE;
}

VkImageLayout layout_of(Usage usage, VkImageAspectFlags aspect, VkImageLayout present_layout) {
    switch (usage) {
        case Usage::color_attachment:
            return VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL;
        case Usage::depth_attachment:
            return (aspect & VK_IMAGE_ASPECT_STENCIL_BIT) ? VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL
                                                          : VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL;
        case Usage::depth_read:
        case Usage::sampled:
            return VK_IMAGE_LAYOUT_READ_ONLY_OPTIMAL;
        case Usage::storage_image_read:
        case Usage::storage_image_write:
        case Usage::storage_image_read_write:
            return VK_IMAGE_LAYOUT_GENERAL;
        case Usage::transfer_src:
            return VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL;
        case Usage::transfer_dst:
            return VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL;
        case Usage::present:
            return present_layout;
        default:
            return VK_IMAGE_LAYOUT_UNDEFINED;
    }
}

const char* to_string(Usage usage) {
    switch (usage) {
        case Usage::storage_read:
            return "storage read";
        case Usage::storage_write:
            return "storage write";
        case Usage::storage_read_write:
            return "storage read/write";
        case Usage::uniform_read:
            return "uniform read";
        case Usage::indirect_read:
            return "indirect read";
        case Usage::index_read:
            return "index read";
        case Usage::vertex_read:
            return "vertex read";
        case Usage::transfer_read:
            return "transfer read";
        case Usage::transfer_write:
            return "transfer write";
        case Usage::host_read:
            return "host read";
        case Usage::color_attachment:
            return "colour attachment";
        case Usage::depth_attachment:
            return "depth attachment";
        case Usage::depth_read:
            return "depth read";
        case Usage::sampled:
            return "sampled";
        case Usage::storage_image_read:
            return "storage image read";
        case Usage::storage_image_write:
            return "storage image write";
        case Usage::storage_image_read_write:
            return "storage image read/write";
        case Usage::transfer_src:
            return "transfer source";
        case Usage::transfer_dst:
            return "transfer destination";
        case Usage::present:
            return "present";
    }
    return "?";
}

ResourceId StateTracker::add_buffer() {
    Resource r;
    r.states.resize(1);
    resources_.push_back(std::move(r));
    return static_cast<ResourceId>(resources_.size() - 1);
}

ResourceId StateTracker::add_image(uint32_t mip_levels, uint32_t layers, VkImageAspectFlags aspect,
                                   VkImageLayout present_layout) {
    TS_ASSERT(mip_levels >= 1 && layers >= 1);
    Resource r;
    r.image = true;
    r.mips = mip_levels;
    r.layers = layers;
    r.aspect = aspect;
    r.present_layout = present_layout;
    r.states.resize(size_t(mip_levels) * layers);
    resources_.push_back(std::move(r));
    return static_cast<ResourceId>(resources_.size() - 1);
}

void StateTracker::reset(ResourceId id) {
    TS_ASSERT(id < resources_.size());
    std::fill(resources_[id].states.begin(), resources_[id].states.end(), State{});
}

void StateTracker::reshape(ResourceId id, uint32_t mip_levels, uint32_t layers) {
    TS_ASSERT(id < resources_.size() && resources_[id].image && mip_levels >= 1 && layers >= 1);
    resources_[id].mips = mip_levels;
    resources_[id].layers = layers;
    resources_[id].states.assign(size_t(mip_levels) * layers, State{});
}

void StateTracker::assume_written(ResourceId id, VkPipelineStageFlags2 stages, VkAccessFlags2 access) {
    TS_ASSERT(id < resources_.size());
    for (State& s : resources_[id].states) {
        const VkImageLayout layout = s.layout;
        s = State{};
        s.layout = layout;
        s.write_stages = stages;
        s.write_access = access;
    }
}

VkImageLayout StateTracker::layout(ResourceId id, uint32_t mip, uint32_t layer) const {
    const Resource& r = resources_[id];
    return r.states[size_t(layer) * r.mips + mip].layout;
}

bool StateTracker::use_state(State& s, const ResourceUse& use, VkAccessFlags2 access, VkImageLayout layout,
                             Barrier& b) {
    const bool write = writes(use.usage);
    const bool transition = layout != VK_IMAGE_LAYOUT_UNDEFINED && s.layout != layout;
    b = Barrier{};
    bool needed = true;
    if (transition) {
        // A layout transition is a write: it waits for every earlier access and makes the last write
        // available.
        b.src_stages = s.write_stages | s.read_stages;
        b.src_access = s.write_access;
        b.old_layout = use.discard ? VK_IMAGE_LAYOUT_UNDEFINED : s.layout;
        b.new_layout = layout;
    } else if (write && s.write_stages) {
        b.src_stages = s.write_stages | s.read_stages;  // write after write (and after the reads between)
        b.src_access = s.write_access;
    } else if (write && s.read_stages) {
        b.src_stages = s.read_stages;  // write after read: execution only
    } else if (!write && s.write_stages &&
               !(subset(use.stages, s.visible_stages) && subset(access, s.visible_access))) {
        b.src_stages = s.write_stages;  // read after write
        b.src_access = s.write_access;
    } else {
        needed = false;  // first write, or a read the last write is already visible to
    }
    if (needed) {
        b.dst_stages = use.stages;
        b.dst_access = access;
        if (layout != VK_IMAGE_LAYOUT_UNDEFINED && !transition) b.old_layout = b.new_layout = layout;
    }

    if (write || transition) {
        // Later uses chain from here: the write (or the transition) happened at these stages.
        s.write_stages = use.stages;
        s.write_access = access & kWriteAccess;
        s.read_stages = write ? VK_PIPELINE_STAGE_2_NONE : use.stages;
        s.visible_stages = write ? VK_PIPELINE_STAGE_2_NONE : use.stages;
        s.visible_access = write ? VK_ACCESS_2_NONE : access;
    } else {
        s.read_stages |= use.stages;
        if (needed) add_visible(s.visible_stages, s.visible_access, use.stages, access);
    }
    if (layout != VK_IMAGE_LAYOUT_UNDEFINED) s.layout = layout;
    return needed;
}

void StateTracker::use(const ResourceUse& use, std::vector<Barrier>& out) {
    TS_ASSERT(use.resource < resources_.size());
    Resource& r = resources_[use.resource];
    TS_ASSERT(r.image == is_image_usage(use.usage));
    const VkAccessFlags2 access = access_of(use.usage);
    if (!r.image) {
        Barrier b;
        if (use_state(r.states[0], use, access, VK_IMAGE_LAYOUT_UNDEFINED, b)) {
            b.resource = use.resource;
            out.push_back(b);
        }
        return;
    }
    const VkImageLayout layout = layout_of(use.usage, r.aspect, r.present_layout);
    const uint32_t mip_end =
        use.range.mip_count == kAllMips ? r.mips : use.range.base_mip + use.range.mip_count;
    const uint32_t layer_end =
        use.range.layer_count == kAllLayers ? r.layers : use.range.base_layer + use.range.layer_count;
    TS_ASSERT(mip_end <= r.mips && layer_end <= r.layers && use.range.base_mip < mip_end);
    for (uint32_t layer = use.range.base_layer; layer < layer_end; ++layer) {
        // Consecutive mips that need the same barrier share one, over their range.
        bool open = false;
        for (uint32_t mip = use.range.base_mip; mip < mip_end; ++mip) {
            Barrier b;
            if (!use_state(r.states[size_t(layer) * r.mips + mip], use, access, layout, b)) {
                open = false;
                continue;
            }
            b.resource = use.resource;
            b.image = true;
            b.range = {mip, 1, layer, 1};
            Barrier& last = out.empty() ? b : out.back();
            if (open && last.resource == b.resource && last.src_stages == b.src_stages &&
                last.src_access == b.src_access && last.old_layout == b.old_layout &&
                last.range.base_layer == layer && last.range.base_mip + last.range.mip_count == mip) {
                ++last.range.mip_count;
            } else {
                out.push_back(b);
                open = true;
            }
        }
    }
}

}  // namespace tessera::graph
