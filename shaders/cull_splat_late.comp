#version 460
// The late phase of occlusion culling (see cull.glsl, occlusion.glsl), with splatting.
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
#extension GL_EXT_shader_atomic_int64 : require
#define TS_SPLAT 1
#define TS_LATE 1
#include "cull.glsl"
