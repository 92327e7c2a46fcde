#version 460
// Resolves the splat visibility buffer: each pixel holding a splatted cube gets that cube's colour, lit
// through the face it shows most, at the cube's depth. Runs first in the attachment pass, so
// hardware-rasterised cubes drawn afterwards depth-test against it; empty pixels are discarded.
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
#include "shared.h"
#include "cube.glsl"
#include "splat.glsl"

layout(push_constant) uniform Push {
    ResolvePush push;
};
layout(location = 0) out vec4 out_color;

void main() {
    const uvec2 pixel = uvec2(gl_FragCoord.xy);
    const uint64_t packed = SplatBuffer(push.splat).pixels[pixel.y * push.width + pixel.x];
    if (packed == 0ul) discard;
    const uint id = uint(packed & 0xFFFFFFFFul) - 1u;
    gl_FragDepth = uintBitsToFloat(uint(packed >> 32));

    const CubeInstance cube = fetch_cube(push.chunks, push.chunk_shift, id);
    const vec4 q = cube_rotation(cube);
    const vec3 to_camera =
        rotate(vec4(-q.xyz, q.w), push.uniforms.values.camera_position.xyz - cube.position);
    const vec3 a = abs(to_camera);
    const uint axis = a.x >= a.y && a.x >= a.z ? 0u : (a.y >= a.z ? 1u : 2u);
    vec3 local_normal = vec3(0.0);
    local_normal[axis] = sign(to_camera[axis]);
    const vec4 light = push.uniforms.values.light_direction;
    const float diffuse = max(dot(rotate(q, local_normal), light.xyz), 0.0);
    out_color = vec4(unpackUnorm4x8(cube.color).rgb * (light.w + (1.0 - light.w) * diffuse), 1.0);
}
