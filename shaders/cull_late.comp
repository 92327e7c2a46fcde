#version 460
// The late phase of occlusion culling (see cull.glsl, occlusion.glsl), without splatting.
#define TS_SPLAT 0
#define TS_LATE 1
#include "cull.glsl"
