// The visibility buffer of splatted cubes: one uint64 per pixel, (depth bits << 32) | (id + 1), 0 = empty.
// Reversed Z makes larger depth nearer, and non-negative floats order like their bits, so atomicMax keeps the
// nearest cube. Needs GL_EXT_shader_explicit_arithmetic_types_int64 and GL_EXT_shader_atomic_int64.
#ifndef TESSERA_SPLAT_GLSL
#define TESSERA_SPLAT_GLSL

layout(buffer_reference, std430, buffer_reference_align = 8) buffer SplatBuffer {
    uint64_t pixels[];
};

#endif
