#version 460
// Frustum culling of clusters (see cluster_cull.glsl), without splatting.
#define TS_SPLAT 0
#include "cluster_cull.glsl"
