// The visibility buffer shared by the splats (cull.glsl) and the compute raster (raster.glsl): one uint64 per
// pixel in the layout shared.h describes (depth | face | lit colour, or cube id for splats), written with
// atomicMax so that the nearest surface wins whatever order the atomics run in; 0 = empty. The splat buffer beside it (shared.h's TS_SPLAT_*)
// holds, by the splat mode, the summed area of the splats that fell into each pixel (1/256 pixel units) or four
// samples per pixel, so that the shade can blend sub-pixel cubes instead of painting the whole pixel. Needs GL_EXT_shader_explicit_arithmetic_types_int64 and
// GL_EXT_shader_atomic_int64.
#ifndef TESSERA_VISIBILITY_GLSL
#define TESSERA_VISIBILITY_GLSL

layout(buffer_reference, std430, buffer_reference_align = 8) buffer VisibilityBuffer {
    uint64_t pixels[];
};
layout(buffer_reference, std430, buffer_reference_align = 4) buffer CoverageBuffer {
    uint area[];
};
// TS_SPLAT_SAMPLES: four samples per pixel, each packed as the visibility buffer's pixels are; pixel-major, so
// that a pixel's samples share a cache line. Sample (x, y) of the grid twice the target's size in each axis sits
// at pixel ((x + 0.5) / 2, (y + 0.5) / 2).
layout(buffer_reference, std430, buffer_reference_align = 8) buffer SplatSamples {
    uint64_t samples[];
};
// The same buffer read a pixel at a time: its four samples in one 32-byte access.
layout(buffer_reference, std430, buffer_reference_align = 32) buffer SplatPixels {
    u64vec4 pixels[];
};
uint splat_sample(int x, int y, uint width) {
    return ((uint(y) >> 1) * width + (uint(x) >> 1)) * 4u + (uint(y) & 1u) * 2u + (uint(x) & 1u);
}
// The shaded result (visibility_shade.comp): colour as the target stores it, and depth, per pixel.
layout(buffer_reference, std430, buffer_reference_align = 4) buffer ShadedColor {
    uint rgba[];
};
layout(buffer_reference, std430, buffer_reference_align = 4) buffer ShadedDepth {
    float depth[];
};

// depth: reversed-Z window depth in [0, 1]; face: 0-5 with id = visibility_color(lit), or TS_FACE_DOMINANT
// with id = the cube's id < TS_VIS_MAX_CUBES.
uint64_t visibility_pack(float depth, uint face, uint id) {
    const uint bits = max(floatBitsToUint(clamp(depth, 0.0, 1.0)), 1u);  // never 0: 0 is an empty pixel
    return (uint64_t(bits) << 33) | (uint64_t(face) << TS_VIS_ID_BITS) | uint64_t(id);
}

float visibility_depth(uint64_t packed) {
    return uintBitsToFloat(uint(packed >> 33));
}
uint visibility_face(uint64_t packed) {
    return uint(packed >> TS_VIS_ID_BITS) & 7u;
}
uint visibility_id(uint64_t packed) {
    return uint(packed) & (TS_VIS_MAX_CUBES - 1u);
}

#endif
