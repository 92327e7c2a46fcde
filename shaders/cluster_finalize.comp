#version 460
// The cluster cull's last step (render/cull_pass.h): one invocation turns the list counts into indirect
// dispatches once every cluster was culled: the per-cube cull runs one workgroup per listed cluster; with
// occlusion's early phase, the late cluster cull one invocation per candidate. 2D group counts as everywhere (cull_finalize.comp): the shaders skip the tail.
#include "shared.h"

layout(local_size_x = 1) in;
layout(push_constant) uniform Push {
    ClusterFinalizePush push;
};

DispatchIndirect dispatch_for(uint groups) {
    const uint x = min(groups, uint(TS_MAX_GROUPS_X));
    return DispatchIndirect(x, x == 0u ? 0u : (groups + x - 1u) / x, 1u);
}

void main() {
    push.list_dispatch.dispatch[0] = dispatch_for(push.list.count);
    if (push.has_candidates != 0u)
        push.candidate_dispatch.dispatch[0] =
            dispatch_for((push.candidates.count + TS_CULL_GROUP_SIZE - 1u) / TS_CULL_GROUP_SIZE);
}
