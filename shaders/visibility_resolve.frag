#version 460
// Writes the shaded visibility buffer (visibility_shade.comp) into the attachments: each covered pixel's colour
// at its depth. Runs first in the attachment pass, so hardware-rasterised cubes drawn afterwards depth-test
// against it; empty pixels are discarded. With MSAA the one fragment writes every sample of its pixel.
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
#include "shared.h"
#include "visibility.glsl"

layout(push_constant) uniform Push {
    ResolvePush push;
};
layout(location = 0) out vec4 out_color;

vec3 srgb_decode(vec3 c) {
    return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), greaterThan(c, vec3(0.04045)));
}

void main() {
    const uvec2 pixel = uvec2(gl_FragCoord.xy);
    const uint64_t packed = VisibilityBuffer(push.visibility).pixels[pixel.y * push.width + pixel.x];
    if (packed == 0ul) discard;
    gl_FragDepth = uintBitsToFloat(uint(packed >> 32));
    const vec3 color = unpackUnorm4x8(uint(packed)).rgb;
    out_color = vec4(push.srgb != 0u ? srgb_decode(color) : color, 1.0);
}
