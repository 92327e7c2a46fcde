#version 460
// The overlay's fragments: the vertex colour times the font atlas's coverage, filtered bilinearly by hand (the
// atlas is a buffer of bytes reached by address, like every other buffer, not a sampled image).
#include "shared.h"

layout(push_constant) uniform Push {
    OverlayPush push;
};
layout(location = 0) in vec2 in_uv;
layout(location = 1) in vec4 in_color;
layout(location = 0) out vec4 out_color;

float coverage(ivec2 texel) {
    const ivec2 size = ivec2(push.font_width, push.font_height);
    texel = clamp(texel, ivec2(0), size - 1);
    const uint index = uint(texel.y * size.x + texel.x);
    return float((OverlayWords(push.font).words[index >> 2] >> ((index & 3u) * 8u)) & 0xffu) / 255.0;
}

void main() {
    const vec2 t = in_uv * vec2(push.font_width, push.font_height) - 0.5;
    const ivec2 i = ivec2(floor(t));
    const vec2 f = t - floor(t);
    const float a = mix(mix(coverage(i), coverage(i + ivec2(1, 0)), f.x),
                        mix(coverage(i + ivec2(0, 1)), coverage(i + ivec2(1, 1)), f.x), f.y);
    out_color = vec4(in_color.rgb, in_color.a * a);
}
