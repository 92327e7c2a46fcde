#version 460
// The gated MSAA resolve (render/visibility_resolve.h, Output::gated): a fullscreen triangle over the
// single-sampled target, each pixel the mean of its samples in the multisampled colour. The sampler converts
// sRGB samples to linear, so the mean is taken in linear light, as VK_RESOLVE_MODE_AVERAGE_BIT does, and the
// target's own format encodes the result.
#include "shared.h"

layout(set = 0, binding = 0) uniform sampler2DMS samples_image;
layout(push_constant) uniform Push {
    MsaaResolvePush push;
};
layout(location = 0) out vec4 out_color;

void main() {
    const ivec2 pixel = ivec2(gl_FragCoord.xy);
    vec4 sum = vec4(0.0);
    for (uint s = 0u; s < push.samples; ++s) sum += texelFetch(samples_image, pixel, int(s));
    out_color = sum / float(push.samples);
}
