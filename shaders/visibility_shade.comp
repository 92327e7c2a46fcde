#version 460
// The visibility shade writing colour into the "shaded colour" buffer, for targets that compute cannot write
// (see visibility_shade.glsl).
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
#include "visibility_shade.glsl"
