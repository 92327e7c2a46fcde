#version 460
// Frustum culling of clusters with splatting of sub-pixel clusters (see cluster_cull.glsl).
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
#extension GL_EXT_shader_atomic_int64 : require
#define TS_SPLAT 1
#include "cluster_cull.glsl"
