#version 460
// One level of the depth pyramid (render/depth_pyramid.h). Reversed Z: each destination texel keeps the
// farthest depth, the minimum, of the source texels it covers: columns 2x..2x+1 and rows 2y..2y+1, clamped to
// the source, except that the last column (row) reaches to the source's last column (row). So an odd source
// with a halved-down (floor) destination loses nothing, and a ceil-sized destination (level 0) clamps.
//
// Two paths with bit-identical results, chosen by a specialisation constant:
//   reduction sampler  a MIN-reduction sampler with linear filtering, sampled between the texel centres of
//                      each 2x2 block (plus one more block at an odd edge): the min of exactly those texels;
//   texel fetch        texelFetch every covered texel and min().
#include "shared.h"

layout(constant_id = 0) const bool kReductionSampler = false;
layout(local_size_x = TS_DEPTH_PYRAMID_GROUP, local_size_y = TS_DEPTH_PYRAMID_GROUP) in;
layout(push_constant) uniform Push {
    DepthPyramidPush push;
};
layout(binding = 0) uniform sampler2D source;
layout(binding = 1, r32f) uniform writeonly image2D destination;

void main() {
    const uvec2 p = gl_GlobalInvocationID.xy;
    if (any(greaterThanEqual(p, push.destination_size))) return;
    const ivec2 last = ivec2(push.source_size) - 1;
    const ivec2 first = min(ivec2(2 * p), last);
    // The last destination column/row covers up to the last source column/row.
    const ivec2 end = mix(min(first + 1, last), last, equal(p, push.destination_size - 1));
    float depth = 1.0;
    if (kReductionSampler) {
        // A sample at texel coordinate c (between texel centres c-1 and c) takes texels c-1 and c, clamped.
        const vec2 inv_size = 1.0 / vec2(push.source_size);
        const ivec2 c = ivec2(2 * p + 1);
        const ivec2 extra = max(end - c, ivec2(0));  // 1 where a third column/row remains (odd edge)
        for (int y = 0; y <= extra.y; ++y)
            for (int x = 0; x <= extra.x; ++x)
                depth = min(depth, textureLod(source, vec2(c + ivec2(x, y)) * inv_size, 0).r);
    } else {
        for (int y = first.y; y <= end.y; ++y)
            for (int x = first.x; x <= end.x; ++x) depth = min(depth, texelFetch(source, ivec2(x, y), 0).r);
    }
    imageStore(destination, ivec2(p), vec4(depth));
}
