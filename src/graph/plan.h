#pragma once
// Planning one frame of the graph: which barriers go where, and which graphics passes share a rendering
// instance. Pure (no command buffer), so that the frame graph's behaviour is testable without a GPU and
// printable without recording.

#include "graph/resource_state.h"

#include <cstdint>
#include <span>
#include <vector>

namespace tessera::graph {

enum class PassKind : uint8_t { compute, graphics, transfer };
const char* to_string(PassKind kind);

// A pass as the planner sees it: its uses in tracker ids.
struct PassDecl {
    PassKind kind = PassKind::compute;
    std::vector<ResourceUse> uses;        // host_read uses take effect after the pass
    std::vector<ResourceId> attachments;  // graphics: colour, resolve and depth images (tracker ids)
    bool secondaries = false;             // graphics: never shares its rendering instance
};

struct Step {
    uint32_t pass = 0;
    uint32_t before_first = 0, before_count = 0;  // barriers recorded before the pass (and its rendering)
    uint32_t after_first = 0, after_count = 0;    // barriers recorded after it (host reads)
    bool begin_rendering = false;                 // graphics: the first pass of a rendering instance
    bool end_rendering = false;                   // graphics: the last
};

struct FramePlan {
    std::vector<Step> steps;
    std::vector<Barrier> barriers;
    uint32_t end_first = 0, end_count = 0;  // after every pass: the frame-end uses (present)
    void clear() {
        steps.clear();
        barriers.clear();
        end_first = end_count = 0;
    }
};

// Plans the enabled passes (enabled[i] != 0) in order, advancing `tracker` as the GPU will. `frame_end` uses
// (the target's present) come last. Allocation-free once `plan` and `scratch` have grown to size.
void plan_frame(StateTracker& tracker, std::span<const PassDecl> passes, std::span<const uint8_t> enabled,
                std::span<const ResourceUse> frame_end, FramePlan& plan, std::vector<Barrier>& scratch);

}  // namespace tessera::graph
