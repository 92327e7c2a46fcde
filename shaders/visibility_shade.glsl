// Shades the visibility buffer, one invocation per pixel (see ShadePush in shared.h), for
// visibility_shade.comp (colour into the "shaded colour" buffer) and visibility_shade_image.comp
// (TS_SHADE_TO_IMAGE: colour straight into the target, through its R32_UINT storage view at set 0, binding 0,
// and depth into the R32_SFLOAT image at binding 1). A compute-rastered or hardware-drawn pixel holds its
// face's lit colour already (lit where the face was drawn); a splatted pixel (a cube smaller than a pixel)
// holds its cube id, and is lit here through the face the camera sees most (cube.glsl's lit_face, as every
// path lights faces); with render.splat_samples the pixel is the mean of its four splat samples, with
// render.splat_coverage blended over the background by the area the splats of that pixel cover, so that a field of sub-pixel cubes averages out instead of painting every pixel it touches (the moiré
// of nearest-wins splats). Why faces arrive lit: the cube fetch was half of this pass on CPU drivers, which
// load memory lane by lane (lavapipe's default frame 122-129 -> 104-111 ms, docs/PERFORMANCE.md).
#ifndef TESSERA_VISIBILITY_SHADE_GLSL
#define TESSERA_VISIBILITY_SHADE_GLSL

#include "shared.h"
#include "cube.glsl"
#include "visibility.glsl"

layout(local_size_x = TS_SHADE_GROUP, local_size_y = TS_SHADE_GROUP) in;
layout(push_constant) uniform Push {
    ShadePush push;
};
// The cull's splat mode (TS_SPLAT_*), a constant rather than a push flag: CPU drivers run both sides of every
// branch, uniform or not, and the samples path is four shades.
layout(constant_id = 0) const uint kSplatMode = TS_SPLAT_NEAREST;
// TS_SHADE_*: how the target stores colour (a constant for the same reason).
layout(constant_id = 1) const uint kFlags = 0u;
// Pixels per invocation: 1, or TS_SHADE_QUAD (visibility_shade.comp only, not with TS_SPLAT_SAMPLES): four
// neighbours in the buffers' pixel order (y * width + x, across row ends), read and written as one 32-byte
// and two 16-byte accesses. CPU drivers load and store lane by lane, so that is a quarter of the memory loops
// (ShadePush in shared.h: the buffers then hold a multiple of four pixels).
layout(constant_id = 2) const uint kPixels = 1u;
#ifdef TS_SHADE_TO_IMAGE
// The pixel's 4 bytes as the target's format stores them (store() below packs them).
layout(set = 0, binding = 0, r32ui) uniform writeonly uimage2D target_image;
layout(set = 0, binding = 1, r32f) uniform writeonly image2D depth_image;
#endif

// The colour as the target stores it.
uint store(vec3 linear) {
    return pack_target_color(linear, kFlags);
}

// A face's lit colour (visibility_color: sRGB-encoded R, G, B bytes) as the target stores it: an sRGB target
// takes the bytes as they are.
uint store_face(uint rgb) {
    if ((kFlags & TS_SHADE_SRGB) == 0u) return store(visibility_linear(rgb));
    if ((kFlags & TS_SHADE_BGRA) != 0u) rgb = ((rgb & 0xFFu) << 16) | (rgb & 0xFF00u) | ((rgb >> 16) & 0xFFu);
    return rgb | 0xFF000000u;
}

// The linear colour of visibility value `packed` at pixel `index`: the background where it is empty.
vec3 shade(uint64_t packed, uint index) {
    if (packed == 0ul) return push.background.rgb;
    // A face was lit where it was drawn. Only splats need their cube, and a variant for frames without splats
    // leaves that code out: CPU drivers run both sides of every branch.
    if (kSplatMode == TS_SPLAT_NONE || visibility_face(packed) != TS_FACE_DOMINANT)
        return visibility_linear(visibility_id(packed));
    const CubeInstance cube = fetch_cube(push.chunks, push.chunk_shift, visibility_id(packed));
    const vec4 q = cube_rotation(cube);
    const vec3 to_camera = in_cube_frame(cube, q, push.uniforms.values.camera_position.xyz);
    const vec3 a = abs(to_camera);
    const uint axis = a.x >= a.y && a.x >= a.z ? 0u : (a.y >= a.z ? 1u : 2u);
    const uint face = 2u * axis + (to_camera[axis] >= 0.0 ? 0u : 1u);
    const float alpha = kSplatMode == TS_SPLAT_COVERAGE
                            ? min(float(CoverageBuffer(push.splat_buffer).area[index]) / 256.0, 1.0)
                            : 1.0;
    return mix(push.background.rgb,
               lit_face(cube, q, kFaceNormal[face], push.uniforms.values.light_direction), alpha);
}

// The stored colour of visibility value `packed` at pixel `index` (not with TS_SPLAT_SAMPLES, whose pixels
// are means).
uint store_pixel(uint64_t packed, uint index) {
    if (packed == 0ul) return store(push.background.rgb);
    if (kSplatMode == TS_SPLAT_NONE || visibility_face(packed) != TS_FACE_DOMINANT)
        return store_face(visibility_id(packed));
    return store(shade(packed, index));
}

#ifndef TS_SHADE_TO_IMAGE
// The buffers a quad at a time (quad q = pixels 4q to 4q + 3).
layout(buffer_reference, std430, buffer_reference_align = 32) buffer VisibilityQuads {
    u64vec4 quads[];
};
layout(buffer_reference, std430, buffer_reference_align = 16) buffer ColorQuads {
    uvec4 quads[];
};
layout(buffer_reference, std430, buffer_reference_align = 16) buffer DepthQuads {
    vec4 quads[];
};

// kPixels == TS_SHADE_QUAD: this invocation's four pixels.
void shade_quad() {
    const uint group = gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    const uint quad = group * TS_SHADE_GROUP * TS_SHADE_GROUP + gl_LocalInvocationIndex;
    const uint first = TS_SHADE_QUAD * quad;
    if (first >= push.width * push.height) return;
    const u64vec4 packed = VisibilityQuads(push.visibility).quads[quad];
    uvec4 color;
    vec4 depth;
    for (uint k = 0u; k < TS_SHADE_QUAD; ++k) {
        color[k] = store_pixel(packed[k], first + k);
        depth[k] = packed[k] == 0ul ? 0.0 : visibility_depth(packed[k]);
    }
    ColorQuads(push.shaded_color).quads[quad] = color;
    DepthQuads(push.shaded_depth).quads[quad] = depth;
}
#endif

void main() {
#ifndef TS_SHADE_TO_IMAGE
    if (kPixels == TS_SHADE_QUAD) {
        shade_quad();
        return;
    }
#endif
    if (gl_GlobalInvocationID.x >= push.width || gl_GlobalInvocationID.y >= push.height) return;
    const uint index = gl_GlobalInvocationID.y * push.width + gl_GlobalInvocationID.x;
    uint64_t nearest = VisibilityBuffer(push.visibility).pixels[index];
    vec3 color;
    if (kSplatMode == TS_SPLAT_SAMPLES) {
        // Each sample keeps the nearer of its splat and the pixel's own value (the compute raster's); the pixel
        // is their mean, shaded once where all four agree (most pixels), and its depth the nearest sample's (the
        // farthest one's for occlusion's depth pyramid, which must not find a pixel nearer than what shows in
        // any of its samples: TS_SHADE_FARTHEST_DEPTH). A loop rather than four calls: it runs as often as the
        // most mixed pixel of a SIMD group needs.
        const u64vec4 s = SplatPixels(push.splat_buffer).pixels[index];
        // CPU drivers: the next splats find the samples zeroed here, where they are at hand, rather than by a
        // fill of the whole buffer every frame (CullPass::shade_clears_samples).
        if ((kFlags & TS_SHADE_CLEAR_SAMPLES) != 0u)
            SplatPixels(push.splat_buffer).pixels[index] = u64vec4(0ul);
        const uint64_t s0 = max(nearest, s.x), s1 = max(nearest, s.y), s2 = max(nearest, s.z),
                       s3 = max(nearest, s.w);
        nearest = (kFlags & TS_SHADE_FARTHEST_DEPTH) != 0u ? min(min(s0, s1), min(s2, s3))
                                                           : max(max(s0, s1), max(s2, s3));
        const uint shades = s1 == s0 && s2 == s0 && s3 == s0 ? 1u : 4u;
        color = shade(s0, index);
        for (uint k = 1u; k < shades; ++k) color += shade(k == 1u ? s1 : k == 2u ? s2 : s3, index);
        color /= float(shades);
    }
    const uint stored = kSplatMode == TS_SPLAT_SAMPLES ? store(color) : store_pixel(nearest, index);
    const float depth = nearest == 0ul ? 0.0 : visibility_depth(nearest);  // 0: far
#ifdef TS_SHADE_TO_IMAGE
    imageStore(target_image, ivec2(gl_GlobalInvocationID.xy), uvec4(stored));
    imageStore(depth_image, ivec2(gl_GlobalInvocationID.xy), vec4(depth));
#else
    ShadedColor(push.shaded_color).rgba[index] = stored;
    ShadedDepth(push.shaded_depth).depth[index] = depth;
#endif
}

#endif
