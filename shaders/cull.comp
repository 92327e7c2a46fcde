#version 460
// Frustum culling and compaction into indirect draws (see cull.glsl), without splatting.
#define TS_SPLAT 0
#include "cull.glsl"
