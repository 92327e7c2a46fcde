#version 460
// The gated MSAA resolve as compute (render/msaa_resolve.h), where the target takes storage writes: a
// workgroup per TS_SHADE_GROUP x TS_SHADE_GROUP pixels, each pixel the mean of its samples in the multisampled
// colour, in linear light (the sampler decodes sRGB samples), stored through the target's R32_UINT view as
// its format keeps the bytes (TS_SHADE_* flags, color.glsl's pack_target_color).
#include "shared.h"
#include "color.glsl"

layout(local_size_x = TS_SHADE_GROUP, local_size_y = TS_SHADE_GROUP) in;
layout(set = 0, binding = 0) uniform sampler2DMS samples_image;
layout(set = 0, binding = 1, r32ui) uniform writeonly uimage2D target_image;
layout(push_constant) uniform Push {
    MsaaResolvePush push;
};

void main() {
    const ivec2 pixel = ivec2(gl_GlobalInvocationID.xy);
    if (pixel.x >= int(push.width) || pixel.y >= int(push.height)) return;
    vec4 sum = vec4(0.0);
    for (uint s = 0u; s < push.samples; ++s) sum += texelFetch(samples_image, pixel, int(s));
    imageStore(target_image, pixel, uvec4(pack_target_color(sum.rgb / float(push.samples), push.flags)));
}
