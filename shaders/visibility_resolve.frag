#version 460
// Resolves the visibility buffer: each pixel holding a cube gets that cube's colour at the stored depth. A
// compute-rastered pixel is lit through the face it hit, exactly as cube.vert lights that face; a splatted
// pixel (a cube smaller than a pixel) through the face the camera sees most, and blended over the background
// by the area the splats of that pixel cover, so a field of sub-pixel cubes averages out instead of painting
// every pixel it touches (the moiré of nearest-wins splats). Runs first in the attachment pass, so the
// hardware-rasterised cubes drawn afterwards depth-test against it; empty pixels are discarded. With MSAA the
// one fragment writes every sample of its pixel.
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
#include "shared.h"
#include "cube.glsl"
#include "visibility.glsl"

layout(push_constant) uniform Push {
    ResolvePush push;
};
layout(location = 0) out vec4 out_color;

void main() {
    const uvec2 pixel = uvec2(gl_FragCoord.xy);
    const uint index = pixel.y * push.width + pixel.x;
    const uint64_t packed = VisibilityBuffer(push.visibility).pixels[index];
    if (packed == 0ul) discard;
    gl_FragDepth = visibility_depth(packed);

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
    out_color = vec4(unpackUnorm4x8(cube.color).rgb * (light.w + (1.0 - light.w) * diffuse), alpha);
}
