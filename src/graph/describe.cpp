// Names of stages, accesses, layouts and barriers for --print-frame-graph.
#include "graph/resource_state.h"

#include <fmt/format.h>

#include <utility>

namespace tessera::graph {
namespace {

template <typename Flags, size_t N>
std::string join_names(Flags flags, const std::pair<Flags, const char*> (&names)[N], const char* none) {
    std::string out;
    for (const auto& [bit, name] : names) {
        if (!(flags & bit)) continue;
        if (!out.empty()) out += '|';
        out += name;
        flags &= ~bit;
    }
    if (flags) out += fmt::format("{}0x{:x}", out.empty() ? "" : "|", static_cast<uint64_t>(flags));
    return out.empty() ? none : out;
}

}  // namespace

std::string stage_names(VkPipelineStageFlags2 stages) {
    static const std::pair<VkPipelineStageFlags2, const char*> kNames[] = {
        {VK_PIPELINE_STAGE_2_DRAW_INDIRECT_BIT, "draw-indirect"},
        {VK_PIPELINE_STAGE_2_INDEX_INPUT_BIT, "index-input"},
        {VK_PIPELINE_STAGE_2_VERTEX_ATTRIBUTE_INPUT_BIT, "vertex-input"},
        {VK_PIPELINE_STAGE_2_TASK_SHADER_BIT_EXT, "task"},
        {VK_PIPELINE_STAGE_2_MESH_SHADER_BIT_EXT, "mesh"},
        {VK_PIPELINE_STAGE_2_VERTEX_SHADER_BIT, "vertex"},
        {VK_PIPELINE_STAGE_2_EARLY_FRAGMENT_TESTS_BIT, "early-fragment-tests"},
        {VK_PIPELINE_STAGE_2_FRAGMENT_SHADER_BIT, "fragment"},
        {VK_PIPELINE_STAGE_2_LATE_FRAGMENT_TESTS_BIT, "late-fragment-tests"},
        {VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT, "colour-output"},
        {VK_PIPELINE_STAGE_2_COMPUTE_SHADER_BIT, "compute"},
        {VK_PIPELINE_STAGE_2_COPY_BIT, "copy"},
        {VK_PIPELINE_STAGE_2_CLEAR_BIT, "clear"},
        {VK_PIPELINE_STAGE_2_RESOLVE_BIT, "resolve"},
        {VK_PIPELINE_STAGE_2_BLIT_BIT, "blit"},
        {VK_PIPELINE_STAGE_2_ALL_TRANSFER_BIT, "transfer"},
        {VK_PIPELINE_STAGE_2_HOST_BIT, "host"},
        {VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, "all-commands"},
    };
    return join_names(stages, kNames, "none");
}

std::string access_names(VkAccessFlags2 access) {
    static const std::pair<VkAccessFlags2, const char*> kNames[] = {
        {VK_ACCESS_2_INDIRECT_COMMAND_READ_BIT, "indirect-read"},
        {VK_ACCESS_2_INDEX_READ_BIT, "index-read"},
        {VK_ACCESS_2_VERTEX_ATTRIBUTE_READ_BIT, "vertex-read"},
        {VK_ACCESS_2_UNIFORM_READ_BIT, "uniform-read"},
        {VK_ACCESS_2_SHADER_SAMPLED_READ_BIT, "sampled-read"},
        {VK_ACCESS_2_SHADER_STORAGE_READ_BIT, "storage-read"},
        {VK_ACCESS_2_SHADER_STORAGE_WRITE_BIT, "storage-write"},
        {VK_ACCESS_2_COLOR_ATTACHMENT_READ_BIT, "colour-read"},
        {VK_ACCESS_2_COLOR_ATTACHMENT_WRITE_BIT, "colour-write"},
        {VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_READ_BIT, "depth-read"},
        {VK_ACCESS_2_DEPTH_STENCIL_ATTACHMENT_WRITE_BIT, "depth-write"},
        {VK_ACCESS_2_TRANSFER_READ_BIT, "transfer-read"},
        {VK_ACCESS_2_TRANSFER_WRITE_BIT, "transfer-write"},
        {VK_ACCESS_2_HOST_READ_BIT, "host-read"},
        {VK_ACCESS_2_HOST_WRITE_BIT, "host-write"},
    };
    return join_names(access, kNames, "none");
}

std::string layout_name(VkImageLayout layout) {
    switch (layout) {
        case VK_IMAGE_LAYOUT_UNDEFINED:
            return "undefined";
        case VK_IMAGE_LAYOUT_GENERAL:
            return "general";
        case VK_IMAGE_LAYOUT_COLOR_ATTACHMENT_OPTIMAL:
            return "colour-attachment";
        case VK_IMAGE_LAYOUT_DEPTH_ATTACHMENT_OPTIMAL:
            return "depth-attachment";
        case VK_IMAGE_LAYOUT_DEPTH_STENCIL_ATTACHMENT_OPTIMAL:
            return "depth-stencil-attachment";
        case VK_IMAGE_LAYOUT_READ_ONLY_OPTIMAL:
            return "read-only";
        case VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL:
            return "transfer-src";
        case VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL:
            return "transfer-dst";
        case VK_IMAGE_LAYOUT_PRESENT_SRC_KHR:
            return "present";
        default:
            return fmt::format("layout {}", static_cast<int>(layout));
    }
}

std::string describe(const Barrier& b) {
    std::string out = fmt::format("{} ({}) -> {} ({})", stage_names(b.src_stages), access_names(b.src_access),
                                  stage_names(b.dst_stages), access_names(b.dst_access));
    if (b.image) {
        if (b.old_layout != b.new_layout)
            out += fmt::format(", {} -> {}", layout_name(b.old_layout), layout_name(b.new_layout));
        if (b.range.mip_count != 1 || b.range.base_mip != 0)
            out += fmt::format(", mips {}..{}", b.range.base_mip, b.range.base_mip + b.range.mip_count - 1);
        else
            out += fmt::format(", mip {}", b.range.base_mip);
    }
    return out;
}

}  // namespace tessera::graph
