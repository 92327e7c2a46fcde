#include "graph/plan.h"

#include <algorithm>

namespace tessera::graph {
namespace {

bool is_attachment(Usage usage) {
    return usage == Usage::color_attachment || usage == Usage::depth_attachment || usage == Usage::depth_read;
}

// Graphics passes may share a rendering instance when they use the same attachments the same way and write
// nothing else (so every barrier the later ones need can be recorded before the instance begins).
bool joins(const PassDecl& first, const PassDecl& next) {
    if (next.kind != PassKind::graphics || next.secondaries || first.secondaries) return false;
    if (next.attachments != first.attachments) return false;
    for (const ResourceUse& u : next.uses) {
        if (is_attachment(u.usage)) {
            const auto same = std::find_if(first.uses.begin(), first.uses.end(), [&](const ResourceUse& f) {
                return f.resource == u.resource && f.usage == u.usage;
            });
            if (same == first.uses.end()) return false;
        } else if (writes(u.usage) || u.usage == Usage::host_read) {
            return false;
        }
    }
    // Nor may the first read back to the host: a host read's barrier follows its pass, which inside a shared
    // instance is before the next pass, where no buffer barrier (nor the host stage) is allowed.
    for (const ResourceUse& u : first.uses)
        if ((!is_attachment(u.usage) && writes(u.usage)) || u.usage == Usage::host_read) return false;
    return true;
}

// Whether `next` uses every image it shares with `earlier` (a pass of the same group) in the same layout. The
// group's barriers all precede its rendering, so a transition `next` needs would come before `earlier` ran:
// under its use, and without waiting for it. (Only depth_attachment's layout depends on the aspect, and it
// differs from every other usage's either way, so no aspect is needed to compare.)
bool same_layouts(const PassDecl& earlier, const PassDecl& next) {
    for (const ResourceUse& u : next.uses) {
        if (!is_image_usage(u.usage)) continue;
        for (const ResourceUse& e : earlier.uses)
            if (e.resource == u.resource && layout_of(e.usage, 0, VK_IMAGE_LAYOUT_UNDEFINED) !=
                                                layout_of(u.usage, 0, VK_IMAGE_LAYOUT_UNDEFINED))
                return false;
    }
    return true;
}

}  // namespace

const char* to_string(PassKind kind) {
    switch (kind) {
        case PassKind::compute:
            return "compute";
        case PassKind::graphics:
            return "graphics";
        case PassKind::transfer:
            return "transfer";
    }
    return "?";
}

void plan_frame(StateTracker& tracker, std::span<const PassDecl> passes, std::span<const uint8_t> enabled,
                std::span<const ResourceUse> frame_end, FramePlan& plan, std::vector<Barrier>& scratch) {
    plan.clear();
    const auto count = static_cast<uint32_t>(passes.size());
    uint32_t i = 0;
    while (i < count) {
        if (!enabled[i]) {
            ++i;
            continue;
        }
        // The group: this pass, plus the following enabled graphics passes that may share its rendering.
        uint32_t end = i + 1;
        const auto joins_group = [&](uint32_t next) {
            if (!joins(passes[i], passes[next])) return false;
            for (uint32_t p = i; p < next; ++p)
                if (enabled[p] && !same_layouts(passes[p], passes[next])) return false;
            return true;
        };
        if (passes[i].kind == PassKind::graphics)
            while (end < count && (!enabled[end] || joins_group(end))) ++end;
        while (end > i + 1 && !enabled[end - 1]) --end;

        const auto before_first = static_cast<uint32_t>(plan.barriers.size());
        for (uint32_t p = i; p < end; ++p) {
            if (!enabled[p]) continue;
            for (const ResourceUse& use : passes[p].uses) {
                if (use.usage == Usage::host_read) continue;
                scratch.clear();
                tracker.use(use, scratch);
                for (const Barrier& b : scratch) {
                    // Inside one rendering instance, attachment writes are ordered by rasterisation order.
                    const bool inside = p > i && is_attachment(use.usage) && b.old_layout == b.new_layout;
                    if (!inside) plan.barriers.push_back(b);
                }
            }
        }
        const auto before_count = static_cast<uint32_t>(plan.barriers.size()) - before_first;
        bool first = true;
        for (uint32_t p = i; p < end; ++p) {
            if (!enabled[p]) continue;
            Step step;
            step.pass = p;
            if (first) {
                step.before_first = before_first;
                step.before_count = before_count;
            }
            step.begin_rendering = first && passes[p].kind == PassKind::graphics;
            first = false;
            step.after_first = static_cast<uint32_t>(plan.barriers.size());
            for (const ResourceUse& use : passes[p].uses)
                if (use.usage == Usage::host_read) tracker.use(use, plan.barriers);
            step.after_count = static_cast<uint32_t>(plan.barriers.size()) - step.after_first;
            plan.steps.push_back(step);
        }
        if (passes[i].kind == PassKind::graphics) plan.steps.back().end_rendering = true;
        i = end;
    }
    plan.end_first = static_cast<uint32_t>(plan.barriers.size());
    for (const ResourceUse& use : frame_end) tracker.use(use, plan.barriers);
    plan.end_count = static_cast<uint32_t>(plan.barriers.size()) - plan.end_first;
}

}  // namespace tessera::graph
