#version 460
// The visibility shade writing colour straight into the target, and depth into an image (see
// visibility_shade.glsl).
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
#define TS_SHADE_TO_IMAGE 1
#include "visibility_shade.glsl"
