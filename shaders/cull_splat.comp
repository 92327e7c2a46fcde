#version 460
// Frustum culling, compaction into indirect draws and splatting of sub-pixel cubes (see cull.glsl).
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
#extension GL_EXT_shader_atomic_int64 : require
#define TS_SPLAT 1
#include "cull.glsl"
