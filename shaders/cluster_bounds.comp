#version 460
// The bounding spheres of a streamed scene's clusters, from the cubes the CPU wrote this frame (the ECS
// extract): one workgroup per cluster, before anything culls (render/cull_pass.h).
#include "shared.h"
#include "cube.glsl"
#include "cluster_bounds.glsl"

layout(local_size_x = TS_CULL_GROUP_SIZE) in;
layout(push_constant) uniform Push {
    ClusterBoundsPush push;
};

void main() {
    const uint cluster = gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    const uint id = (cluster << TS_CLUSTER_SHIFT) + gl_LocalInvocationIndex;
    const bool valid = id < push.cube_count;
    CubeInstance cube;
    if (valid) cube = fetch_cube(push.chunks, push.chunk_shift, id);
    store_cluster_bounds(push.spheres, cluster, valid, valid ? cube.position : vec3(0.0),
                         valid ? cube.scale * 0.8660254 : 0.0);
}
