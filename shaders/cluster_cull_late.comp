#version 460
// The late phase of occlusion culling for clusters (see cluster_cull.glsl, occlusion.glsl).
#define TS_SPLAT 0
#define TS_LATE 1
#include "cluster_cull.glsl"
