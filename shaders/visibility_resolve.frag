#version 460
// Writes the shaded pixels (visibility_shade.comp) into the attachments where they cannot be copied there:
// each pixel's colour at its depth, every pixel (empty ones get the background at the far depth). Runs first in
// the attachment pass, so hardware-rasterised cubes drawn afterwards depth-test against it. With MSAA the one
// fragment writes every sample of its pixel.
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
#include "color.glsl"
#include "shared.h"
#include "visibility.glsl"

layout(push_constant) uniform Push {
    ResolvePush push;
};
layout(location = 0) out vec4 out_color;

void main() {
    const uvec2 pixel = uvec2(gl_FragCoord.xy);
    const uint index = pixel.y * push.width + pixel.x;
    gl_FragDepth = ShadedDepth(push.shaded_depth).depth[index];
    vec4 c = unpackUnorm4x8(ShadedColor(push.shaded_color).rgba[index]);
    if ((push.flags & TS_SHADE_BGRA) != 0u) c = c.bgra;
    out_color = vec4((push.flags & TS_SHADE_SRGB) != 0u ? srgb_decode(c.rgb) : c.rgb, 1.0);
}
