#version 460
// Shades the visibility buffer in place, one invocation per pixel (see ShadePush in shared.h). A
// compute-rastered pixel is lit through the face it hit, exactly as cube.vert lights that face; a splatted
// pixel (a cube smaller than a pixel) through the face the camera sees most, and blended over the background by
// the area the splats of that pixel cover, so a field of sub-pixel cubes averages out instead of painting every
// pixel it touches (the moiré of nearest-wins splats). Shading here rather than in the fragment stage keeps the
// cube fetch and the lighting in compute, where every device runs it fastest (lavapipe's fragment stage took
// 190 ms at 1920x1080 for what this pass does in a few).
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

void main() {
    if (gl_GlobalInvocationID.x >= push.width || gl_GlobalInvocationID.y >= push.height) return;
    const uint index = gl_GlobalInvocationID.y * push.width + gl_GlobalInvocationID.x;
    const uint64_t packed = VisibilityBuffer(push.visibility).pixels[index];
    if (packed == 0ul) return;  // empty stays 0

    const CubeInstance cube = fetch_cube(push.chunks, push.chunk_shift, visibility_id(packed));
    const vec4 q = cube_rotation(cube);
    uint face = visibility_face(packed);
    float alpha = 1.0;
    if (face == TS_FACE_DOMINANT) {
        const vec3 to_camera =
            rotate(vec4(-q.xyz, q.w), push.uniforms.values.camera_position.xyz - cube.position);
        const vec3 a = abs(to_camera);
        const uint axis = a.x >= a.y && a.x >= a.z ? 0u : (a.y >= a.z ? 1u : 2u);
        face = 2u * axis + (to_camera[axis] >= 0.0 ? 0u : 1u);
        alpha = min(float(CoverageBuffer(push.coverage).area[index]) / 256.0, 1.0);
    }
    const vec4 light = push.uniforms.values.light_direction;
    const float diffuse = max(dot(rotate(q, kFaceNormal[face]), light.xyz), 0.0);
    const vec3 lit = unpackUnorm4x8(cube.color).rgb * (light.w + (1.0 - light.w) * diffuse);
    vec3 color = mix(push.background.rgb, lit, alpha);
    if (push.srgb != 0u) color = srgb_encode(clamp(color, 0.0, 1.0));
    const uint depth_bits = floatBitsToUint(visibility_depth(packed));
    VisibilityBuffer(push.visibility).pixels[index] =
        (uint64_t(depth_bits) << 32) | uint64_t(packUnorm4x8(vec4(color, 1.0)));
}
