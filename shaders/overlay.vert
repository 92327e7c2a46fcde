#version 460
// The overlay's vertices (ImGui's ImDrawVert), pulled from a buffer by index: pixel position to clip space,
// the colour decoded to linear when the target encodes sRGB.
#include "shared.h"

layout(push_constant) uniform Push {
    OverlayPush push;
};
layout(location = 0) out vec2 out_uv;
layout(location = 1) out vec4 out_color;

vec3 srgb_decode(vec3 c) {
    return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), greaterThan(c, vec3(0.04045)));
}

void main() {
    OverlayWords vertices = OverlayWords(push.vertices);
    const uint base = uint(gl_VertexIndex) * TS_OVERLAY_VERTEX_WORDS;
    const vec2 pos = uintBitsToFloat(uvec2(vertices.words[base], vertices.words[base + 1]));
    out_uv = uintBitsToFloat(uvec2(vertices.words[base + 2], vertices.words[base + 3]));
    vec4 color = unpackUnorm4x8(vertices.words[base + 4]);
    if ((push.flags & TS_OVERLAY_SRGB) != 0u) color.rgb = srgb_decode(color.rgb);
    out_color = color;
    gl_Position = vec4(pos * push.scale + push.translate, 0.0, 1.0);
}
