#version 460
// Level 0 of the depth pyramid (render/depth_pyramid.h) from a multisampled depth image: each texel keeps the
// farthest depth (reversed Z: the minimum) of every sample of the pixels it covers, with the same coverage
// rule as shaders/depth_pyramid.comp's texel-fetch path (columns 2x..2x+1, the last column to the source's last).
#include "shared.h"

layout(local_size_x = TS_DEPTH_PYRAMID_GROUP, local_size_y = TS_DEPTH_PYRAMID_GROUP) in;
layout(push_constant) uniform Push {
    DepthPyramidPush push;
};
layout(binding = 0) uniform sampler2DMS source;
layout(binding = 1, r32f) uniform writeonly image2D destination;

void main() {
    const uvec2 p = gl_GlobalInvocationID.xy;
    if (any(greaterThanEqual(p, push.destination_size))) return;
    const ivec2 last = ivec2(push.source_size) - 1;
    const ivec2 first = min(ivec2(2 * p), last);
    const ivec2 end = mix(min(first + 1, last), last, equal(p, push.destination_size - 1));
    const int samples = textureSamples(source);
    float depth = 1.0;
    for (int y = first.y; y <= end.y; ++y)
        for (int x = first.x; x <= end.x; ++x)
            for (int s = 0; s < samples; ++s) depth = min(depth, texelFetch(source, ivec2(x, y), s).r);
    imageStore(destination, ivec2(p), vec4(depth));
}
