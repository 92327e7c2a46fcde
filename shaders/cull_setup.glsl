// What both culls (cluster_cull.glsl, cull.glsl) need before they declare their push constants: subgroup
// ballots and arithmetic, the shared structs, the visibility buffer where they splat (TS_SPLAT 1), the phase
// (TS_LATE, 0 unless the including .comp sets it) and a workgroup of TS_CULL_GROUP_SIZE invocations.
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_ballot : require
#extension GL_KHR_shader_subgroup_arithmetic : require
#include "shared.h"
#if TS_SPLAT
#include "visibility.glsl"
#endif
#ifndef TS_LATE
#define TS_LATE 0
#endif

layout(local_size_x = TS_CULL_GROUP_SIZE) in;
