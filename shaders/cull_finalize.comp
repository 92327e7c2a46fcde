#version 460
// The cull pass's last step, one workgroup after every cube was culled: each bucket's draw command becomes
// its range of its visible-id list, and each compute-raster bucket gets its indirect dispatch. In a list of
// capacity entries, a front-filled bucket starts at the list's start and a back-filled one ends at its end
// (offset = capacity - count). The front-filled bucket keeps up to capacity entries and the back-filled one
// what is left, so the ranges never overlap; what did not fit is not drawn, and is counted in the splat
// bucket's command (never drawn) as TS_DROPPED. Dispatches cover exactly the bucket's cubes (one invocation
// each for the small raster bucket, one workgroup per raster_cubes_per_batch for the large). With an MSAA gate,
// its draw gets one instance and its dispatch the resolve's workgroups if the hardware buckets have cubes.
#include "shared.h"

layout(local_size_x = TS_LOD_BUCKETS) in;
layout(push_constant) uniform Push {
    FinalizePush push;
};

shared uint s_raw[TS_LOD_BUCKETS];

// 2D group counts for `groups` workgroups: x rows of TS_MAX_GROUPS_X, the shaders skip the tail.
DispatchIndirect dispatch_for(uint groups) {
    const uint x = min(groups, uint(TS_MAX_GROUPS_X));
    return DispatchIndirect(x, x == 0u ? 0u : (groups + x - 1u) / x, 1u);
}

void main() {
    const uint b = gl_LocalInvocationIndex;
    s_raw[b] = push.draws.cmd[b].instance_count;
    barrier();
    if (b == 0u && uvec2(push.msaa_gate) != uvec2(0u)) {
        const bool hardware = s_raw[TS_LOD_FULL] + s_raw[TS_LOD_FACES] > 0u;
        push.msaa_gate.gate.draw = DrawIndirect(3u, hardware ? 1u : 0u, 0u, 0u);
        push.msaa_gate.gate.dispatch = hardware
                                           ? DispatchIndirect(push.pixel_groups_x, push.pixel_groups_y, 1u)
                                           : DispatchIndirect(0u, 1u, 1u);
    }
    if (b == TS_LOD_SPLAT && push.shade_select != TS_SHADE_SELECT_NONE) {
        const bool splatted = s_raw[b] > 0u;
        if (splatted || push.shade_select == TS_SHADE_SELECT_WRITE) {
            const DispatchIndirect none = DispatchIndirect(0u, 1u, 1u);
            push.shade_dispatches.dispatch[0] =
                splatted ? none : DispatchIndirect(push.shade_groups_x, push.shade_groups_y, 1u);
            push.shade_dispatches.dispatch[1] =
                splatted ? DispatchIndirect(push.pixel_groups_x, push.pixel_groups_y, 1u) : none;
        }
    }
    if (!TS_BUCKET_HAS_LIST(b)) return;  // counted only: never drawn
    uint room = push.capacity;
    if (TS_BUCKET_FILLS_FROM_BACK(b))
        for (uint other = 0u; other < TS_LOD_BUCKETS; ++other)
            if (other != b && TS_BUCKET_HAS_LIST(other) && TS_BUCKET_LIST(other) == TS_BUCKET_LIST(b))
                room -= min(s_raw[other], push.capacity);
    const uint count = min(s_raw[b], room);
    if (count < s_raw[b]) atomicAdd(push.draws.cmd[TS_LOD_SPLAT].TS_DROPPED, s_raw[b] - count);
    push.draws.cmd[b].instance_count = count;
    push.draws.cmd[b].first_instance = TS_BUCKET_FILLS_FROM_BACK(b) ? push.capacity - count : 0u;
    if (push.rastering == 0u) return;
    if (b == TS_LOD_RASTER_SMALL)
        push.dispatches.dispatch[0] =
            dispatch_for((count + TS_RASTER_SMALL_GROUP - 1u) / TS_RASTER_SMALL_GROUP);
    if (b == TS_LOD_RASTER_LARGE) {  // raster_large.comp or raster_batches.comp gets the workgroups
        const uint cubes = raster_cubes_per_batch(count, push.raster_batch_groups);
        const DispatchIndirect groups = dispatch_for((count + cubes - 1u) / cubes);
        push.dispatches.dispatch[1] = cubes == 1u ? groups : dispatch_for(0u);
        push.dispatches.dispatch[2] = cubes == 1u ? dispatch_for(0u) : groups;
    }
}
