#version 460
// Draws cube instances pulled from the GPU scene by gl_InstanceIndex (instanced and cpu modes).
#include "shared.h"
#include "cube.glsl"

layout(push_constant) uniform Push { DrawPush push; };

layout(location = 0) out vec3 out_color;
layout(location = 1) out vec3 out_normal;

void main() {
    const CubeInstance cube = fetch_cube(push.chunks, push.chunk_shift, uint(gl_InstanceIndex));
    vec3 corner, normal;
    cube_vertex(uint(gl_VertexIndex), corner, normal);
    const vec4 q = cube_rotation(cube);
    const vec3 world = cube.position + rotate(q, corner * cube.scale);
    gl_Position = push.frame.frame.view_projection * vec4(world, 1.0);
    out_color = unpackUnorm4x8(cube.color).rgb;
    out_normal = rotate(q, normal);
}
