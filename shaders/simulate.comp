#version 460
// The GPU simulation path (--simulate-gpu): one invocation per cube moves it by its velocity (reflecting at
// the scene bounds) and animates it (spin: rotate by angular velocity x dt; pulse: scale from elapsed time),
// in place in the GPU scene. For counts the CPU cannot move every frame. No steering (the ECS path's AI).
// A workgroup is one cluster (shared.h TS_CLUSTER_SHIFT): it rewrites the cluster's bounding sphere from the
// moved cubes, so the cull never tests a stale sphere.
#include "shared.h"
#include "cube.glsl"
#include "cluster_bounds.glsl"

layout(local_size_x = TS_CULL_GROUP_SIZE) in;
layout(push_constant) uniform Push {
    MotionPush push;
};

layout(buffer_reference, std430, buffer_reference_align = 16) buffer WritableChunk {
    CubeInstance cubes[];
};

vec4 quat_mul(vec4 a, vec4 b) {
    return vec4(a.w * b.xyz + b.w * a.xyz + cross(a.xyz, b.xyz), a.w * b.w - dot(a.xyz, b.xyz));
}

// Moves cube `id` one step, writes it back and returns it.
CubeInstance step_cube(uint id) {
    const float dt = push.dt, elapsed = push.elapsed;
    WritableChunk chunk = WritableChunk(push.chunks.chunks[id >> push.chunk_shift]);
    const uint row = id & ((1u << push.chunk_shift) - 1u);
    CubeInstance cube = chunk.cubes[row];
    MotionBuffer motion = MotionBuffer(push.motion_chunks.chunks[id >> push.chunk_shift]);
    const CubeMotion m = motion.motion[row];

    vec3 p = cube.position + m.velocity * dt;
    vec3 v = m.velocity;
    for (int k = 0; k < 3; ++k) {
        if (p[k] < push.bounds_min[k]) {
            p[k] = 2.0 * push.bounds_min[k] - p[k];
            v[k] = abs(v[k]);
        } else if (p[k] > push.bounds_max[k]) {
            p[k] = 2.0 * push.bounds_max[k] - p[k];
            v[k] = -abs(v[k]);
        }
    }
    if (v != m.velocity) motion.motion[row].velocity = v;
    cube.position = p;

    if (m.kind == TS_MOTION_SPIN) {
        const float angle = length(m.params.xyz) * dt;
        if (angle > 0.0) {
            const vec4 dq = vec4(normalize(m.params.xyz) * sin(angle * 0.5), cos(angle * 0.5));
            const vec4 q = normalize(quat_mul(dq, cube_rotation(cube)));
            cube.rotation = uvec2(packSnorm2x16(q.xy), packSnorm2x16(q.zw));
        }
    } else {
        cube.scale = m.params.x * (1.0 + m.params.y * sin(m.params.z * elapsed + m.params.w));
    }
    chunk.cubes[row] = cube;
    return cube;
}

void main() {
    const uint group = gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    const uint id = group * TS_CULL_GROUP_SIZE + gl_LocalInvocationIndex;
    const bool valid = id < push.cube_count;
    CubeInstance cube;
    if (valid) cube = step_cube(id);
    store_cluster_bounds(push.spheres, group, valid, valid ? cube.position : vec3(0.0),
                         valid ? cube.scale * 0.8660254 : 0.0);
}
