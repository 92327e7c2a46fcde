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
#ifdef TS_SHADE_TO_IMAGE
// The pixel's 4 bytes as the target's format stores them (store() below packs them).
layout(set = 0, binding = 0, r32ui) uniform writeonly uimage2D target_image;
layout(set = 0, binding = 1, r32f) uniform writeonly image2D depth_image;
#endif

// The colour as the target stores it.
uint store(vec3 linear) {
    vec3 c = clamp(linear, 0.0, 1.0);
    if ((push.flags & TS_SHADE_SRGB) != 0u) c = srgb_encode(c);
    return packUnorm4x8((push.flags & TS_SHADE_BGRA) != 0u ? vec4(c.bgr, 1.0) : vec4(c, 1.0));
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

void main() {
    if (gl_GlobalInvocationID.x >= push.width || gl_GlobalInvocationID.y >= push.height) return;
    const uint index = gl_GlobalInvocationID.y * push.width + gl_GlobalInvocationID.x;
    uint64_t nearest = VisibilityBuffer(push.visibility).pixels[index];
    vec3 color;
    if (kSplatMode == TS_SPLAT_SAMPLES) {
        // Each sample keeps the nearer of its splat and the pixel's own value (the compute raster's); the pixel
        // is their mean, shaded once where all four agree (most pixels), and its depth the nearest sample's. A
        // loop rather than four calls: it runs as often as the most mixed pixel of a SIMD group needs.
        const u64vec4 s = SplatPixels(push.splat_buffer).pixels[index];
        const uint64_t s0 = max(nearest, s.x), s1 = max(nearest, s.y), s2 = max(nearest, s.z),
                       s3 = max(nearest, s.w);
        nearest = max(max(s0, s1), max(s2, s3));
        const uint shades = s1 == s0 && s2 == s0 && s3 == s0 ? 1u : 4u;
        color = shade(s0, index);
        for (uint k = 1u; k < shades; ++k) color += shade(k == 1u ? s1 : k == 2u ? s2 : s3, index);
        color /= float(shades);
    } else {
        color = shade(nearest, index);
    }
    const float depth = nearest == 0ul ? 0.0 : visibility_depth(nearest);  // 0: far
#ifdef TS_SHADE_TO_IMAGE
    imageStore(target_image, ivec2(gl_GlobalInvocationID.xy), uvec4(store(color)));
    imageStore(depth_image, ivec2(gl_GlobalInvocationID.xy), vec4(depth));
#else
    ShadedColor(push.shaded_color).rgba[index] = store(color);
    ShadedDepth(push.shaded_depth).depth[index] = depth;
#endif
}

#endif
