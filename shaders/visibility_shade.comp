#version 460
// Shades the visibility buffer, one invocation per pixel (see ShadePush in shared.h). A compute-rastered pixel
// is lit through the face it hit, exactly as cube.vert lights that face; a splatted pixel (a cube smaller than a
// pixel) through the face the camera sees most and, with render.splat_coverage, blended over the background by
// the area the splats of that pixel cover, so that a field of sub-pixel cubes averages out instead of painting
// every pixel it touches (the moiré of nearest-wins splats). Shading in compute keeps the cube fetch and the lighting off the fragment stage,
// which large GPUs run on a few SMs and CPU drivers on their rasteriser threads.
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
#include "shared.h"
#include "cube.glsl"
#include "visibility.glsl"

layout(local_size_x = TS_SHADE_GROUP, local_size_y = TS_SHADE_GROUP) in;
layout(push_constant) uniform Push {
    ShadePush push;
};

vec3 srgb_encode(vec3 c) {
    return mix(12.92 * c, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, greaterThan(c, vec3(0.0031308)));
}

// The colour as the target stores it.
uint store(vec3 linear) {
    vec3 c = clamp(linear, 0.0, 1.0);
    if ((push.flags & TS_SHADE_SRGB) != 0u) c = srgb_encode(c);
    return packUnorm4x8((push.flags & TS_SHADE_BGRA) != 0u ? vec4(c.bgr, 1.0) : vec4(c, 1.0));
}

void main() {
    if (gl_GlobalInvocationID.x >= push.width || gl_GlobalInvocationID.y >= push.height) return;
    const uint index = gl_GlobalInvocationID.y * push.width + gl_GlobalInvocationID.x;
    const uint64_t packed = VisibilityBuffer(push.visibility).pixels[index];
    if (packed == 0ul) {
        ShadedColor(push.shaded_color).rgba[index] = store(push.background.rgb);
        ShadedDepth(push.shaded_depth).depth[index] = 0.0;  // reversed Z: far
        return;
    }

    const CubeInstance cube = fetch_cube(push.chunks, push.chunk_shift, visibility_id(packed));
    const vec4 q = cube_rotation(cube);
    uint face = visibility_face(packed);
    float alpha = 1.0;
    if (face == TS_FACE_DOMINANT) {
        const vec3 to_camera = in_cube_frame(cube, q, push.uniforms.values.camera_position.xyz);
        const vec3 a = abs(to_camera);
        const uint axis = a.x >= a.y && a.x >= a.z ? 0u : (a.y >= a.z ? 1u : 2u);
        face = 2u * axis + (to_camera[axis] >= 0.0 ? 0u : 1u);
        if ((push.flags & TS_SHADE_COVERAGE) != 0u)
            alpha = min(float(CoverageBuffer(push.coverage).area[index]) / 256.0, 1.0);
    }
    const vec4 light = push.uniforms.values.light_direction;
    const float diffuse = max(dot(rotate(q, kFaceNormal[face]), light.xyz), 0.0);
    const vec3 lit = unpackUnorm4x8(cube.color).rgb * (light.w + (1.0 - light.w) * diffuse);
    ShadedColor(push.shaded_color).rgba[index] = store(mix(push.background.rgb, lit, alpha));
    ShadedDepth(push.shaded_depth).depth[index] = visibility_depth(packed);
}
