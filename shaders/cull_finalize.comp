#version 460
// The cull pass's last step, one workgroup after every cube was culled: each bucket's draw command becomes
// its range of the visible-id list. Front-filled buckets start at 0; back-filled ones end at the list's end,
// so their offset (first_instance) is capacity - count. Counts never exceed the list.
#include "shared.h"

layout(local_size_x = TS_LOD_BUCKETS) in;
layout(push_constant) uniform Push {
    FinalizePush push;
};

void main() {
    const uint b = gl_LocalInvocationIndex;
    if (!TS_BUCKET_HAS_LIST(b)) return;  // counted only: never drawn
    const uint count = min(push.draws.cmd[b].instance_count, push.capacity);
    push.draws.cmd[b].instance_count = count;
    push.draws.cmd[b].first_instance = TS_BUCKET_FILLS_FROM_BACK(b) ? push.capacity - count : 0u;
}
