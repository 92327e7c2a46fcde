// --print-frame-graph: the passes, their uses and the barriers of the steady-state frame, for people (text)
// and tools (JSON), from a dry run of the graph's planning that records nothing.
#include "base/assert.h"
#include "base/json_writer.h"
#include "graph/frame_graph.h"
#include "graph/frame_graph_impl.h"

#include <fmt/format.h>

namespace tessera::graph {

std::string FrameGraph::print(bool json) const {
    const Impl& m = *impl_;
    TS_ASSERT(m.finalized);
    // A dry run of two frames on a copy of the state: the second is the steady state.
    StateTracker tracker = m.tracker;
    FramePlan plan;
    std::vector<Barrier> scratch;
    std::vector<uint8_t> enabled(passes_.size());
    for (size_t i = 0; i < passes_.size(); ++i) enabled[i] = !passes_[i].enabled || passes_[i].enabled();
    for (uint32_t frame = 0; frame < 2; ++frame) {
        const uint32_t slot = frame % m.frames;
        const ResourceId target = m.tracker_of(target_, slot);
        tracker.reset(target);
        tracker.assume_written(target, VK_PIPELINE_STAGE_2_COLOR_ATTACHMENT_OUTPUT_BIT, VK_ACCESS_2_NONE);
        plan_frame(tracker, m.decls[slot], enabled, m.frame_end[slot], plan, scratch);
    }
    const uint32_t slot = 1 % m.frames;
    auto resource_name = [&](ResourceId tracker_id) {
        const ResourceId id = resource_of_tracker(tracker_id);
        const Impl::Entry& e = m.entries[id];
        return e.copies > 1 ? fmt::format("{} [slot {}]", e.name, tracker_id - e.tracker_id) : e.name;
    };
    auto use_text = [&](const ResourceUse& u) {
        std::string t =
            fmt::format("{} ({} @ {}", resource_name(u.resource), to_string(u.usage), stage_names(u.stages));
        if (is_image_usage(u.usage) && (u.range.base_mip != 0 || u.range.mip_count != kAllMips))
            t += fmt::format(", mip {}", u.range.base_mip);
        if (u.discard) t += ", discard";
        return t + ")";
    };
    if (json) {
        JsonWriter w;
        w.begin_object();
        w.key("passes").begin_array();
        for (const Step& step : plan.steps) {
            const PassDesc& pass = passes_[step.pass];
            w.begin_object();
            w.field("name", pass.name).field("kind", to_string(pass.kind));
            w.key("uses").begin_array();
            for (const ResourceUse& u : m.decls[slot][step.pass].uses) {
                w.begin_object();
                w.field("resource", resource_name(u.resource)).field("usage", to_string(u.usage));
                w.field("stages", stage_names(u.stages)).field("writes", writes(u.usage));
                w.end_object();
            }
            w.end_array();
            w.key("barriers").begin_array();
            auto barrier_json = [&](uint32_t first, uint32_t count, const char* where) {
                for (uint32_t i = first; i < first + count; ++i) {
                    const Barrier& b = plan.barriers[i];
                    w.begin_object();
                    w.field("where", where).field("resource", resource_name(b.resource));
                    w.field("src_stages", stage_names(b.src_stages))
                        .field("src_access", access_names(b.src_access));
                    w.field("dst_stages", stage_names(b.dst_stages))
                        .field("dst_access", access_names(b.dst_access));
                    if (b.image) {
                        w.field("old_layout", layout_name(b.old_layout))
                            .field("new_layout", layout_name(b.new_layout));
                        w.field("base_mip", b.range.base_mip).field("mip_count", b.range.mip_count);
                    }
                    w.end_object();
                }
            };
            barrier_json(step.before_first, step.before_count, "before");
            barrier_json(step.after_first, step.after_count, "after");
            w.end_array();
            w.field("begins_rendering", step.begin_rendering).field("ends_rendering", step.end_rendering);
            w.end_object();
        }
        w.end_array();
        w.key("frame_end").begin_array();
        for (uint32_t i = plan.end_first; i < plan.end_first + plan.end_count; ++i)
            w.value(resource_name(plan.barriers[i].resource) + ": " + describe(plan.barriers[i]));
        w.end_array();
        w.end_object();
        return w.str();
    }
    std::string out =
        fmt::format("frame graph: {} passes, {} frame(s) in flight; barriers of the steady-state frame\n",
                    plan.steps.size(), m.frames);
    int n = 0;
    for (const Step& step : plan.steps) {
        const PassDesc& pass = passes_[step.pass];
        for (uint32_t i = step.before_first; i < step.before_first + step.before_count; ++i)
            out += fmt::format("      barrier  {}: {}\n", resource_name(plan.barriers[i].resource),
                               describe(plan.barriers[i]));
        if (step.begin_rendering) out += "      begin rendering\n";
        out += fmt::format("  {:2}. {:<22} {}\n", ++n, pass.name, to_string(pass.kind));
        for (const ResourceUse& u : m.decls[slot][step.pass].uses)
            out += fmt::format("        {:<6} {}\n", writes(u.usage) ? "writes" : "reads", use_text(u));
        if (step.end_rendering) out += "      end rendering\n";
        for (uint32_t i = step.after_first; i < step.after_first + step.after_count; ++i)
            out += fmt::format("      barrier  {}: {}\n", resource_name(plan.barriers[i].resource),
                               describe(plan.barriers[i]));
    }
    for (uint32_t i = plan.end_first; i < plan.end_first + plan.end_count; ++i)
        out += fmt::format("      frame end  {}: {}\n", resource_name(plan.barriers[i].resource),
                           describe(plan.barriers[i]));
    return out;
}

}  // namespace tessera::graph
