#version 460
// Lambert lighting from one directional light plus ambient, per-face normals.
#include "shared.h"

layout(push_constant) uniform Push { DrawPush push; };

layout(location = 0) in vec3 in_color;
layout(location = 1) in vec3 in_normal;
layout(location = 0) out vec4 out_color;

void main() {
    const vec4 light = push.frame.frame.light_direction;
    const float diffuse = max(dot(normalize(in_normal), light.xyz), 0.0);
    out_color = vec4(in_color * (light.w + (1.0 - light.w) * diffuse), 1.0);
}
