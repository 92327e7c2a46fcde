// The late phase's occlusion test (render/occlusion.h), for cull.glsl with TS_LATE: a cube is occluded when
// the nearest point of its bounding sphere's box lies behind the farthest depth that the depth pyramid holds
// over every pixel the box may cover. Reversed Z: nearer is larger; the pyramid keeps the minimum.
//
// The box's corners are projected (the extremes of x/w, y/w and z/w over a box in front of the eye lie at its
// corners), giving the rectangle of pixels p0..p1 it may touch and its nearest depth. Pyramid level L's texel
// t covers the pixels [t << (L + 1), (t + 1) << (L + 1)), the last texel of a row or column reaching to the
// row's end (shaders/depth_pyramid.comp), so pixel p lies in texel min(p >> (L + 1), last). At the level where
// the rectangle is narrower than 2^(L + 1) pixels it spans at most 2x2 texels, and their minimum is a depth
// that every pixel of the rectangle holds or exceeds. A box reaching behind the eye or across the near plane
// is never occluded.

layout(set = 0, binding = 0) uniform sampler2D depth_pyramid;

bool occluded(vec3 center, float radius) {
    // The corners' clip positions: the centre's, plus or minus each world axis's column scaled by the radius.
    const mat4 view_projection = push.uniforms.values.view_projection;
    const vec4 middle = view_projection * vec4(center, 1.0);
    const vec4 x = view_projection[0] * radius, y = view_projection[1] * radius,
               z = view_projection[2] * radius;
    vec2 lo = vec2(1e30), hi = vec2(-1e30);
    float nearest = 0.0;
    for (int i = 0; i < 8; ++i) {
        const vec4 clip =
            middle + ((i & 1) != 0 ? x : -x) + ((i & 2) != 0 ? y : -y) + ((i & 4) != 0 ? z : -z);
        if (clip.w <= 1e-6) return false;
        const vec3 ndc = clip.xyz / clip.w;
        lo = min(lo, ndc.xy);
        hi = max(hi, ndc.xy);
        nearest = max(nearest, ndc.z);
    }
    if (nearest >= 1.0) return false;
    const ivec2 size = ivec2(push.uniforms.values.viewport_size);
    const ivec2 p0 = clamp(ivec2(floor((lo * 0.5 + 0.5) * vec2(size))), ivec2(0), size - 1);
    const ivec2 p1 = clamp(ivec2(floor((hi * 0.5 + 0.5) * vec2(size))), ivec2(0), size - 1);
    // The pyramid's shape (depth_pyramid.h): level 0 is the target halved and rounded up, each level below
    // it halved and rounded down (at least 1), down to 1x1. Computed, not queried: on lavapipe (Mesa 22.3)
    // textureSize(depth_pyramid, level) did not give these sizes, and fetches at coarse levels ran off the image.
    const ivec2 level0 = (size + 1) / 2;
    const int extent = max(p1.x - p0.x, p1.y - p0.y);
    const int level = min(max(findMSB(extent), 0), findMSB(max(level0.x, level0.y)));
    const ivec2 last = max(level0 >> level, ivec2(1)) - 1;
    const ivec2 t0 = min(p0 >> (level + 1), last), t1 = min(p1 >> (level + 1), last);
    float farthest = texelFetch(depth_pyramid, t0, level).r;
    if (t1.x != t0.x) farthest = min(farthest, texelFetch(depth_pyramid, ivec2(t1.x, t0.y), level).r);
    if (t1.y != t0.y) {
        farthest = min(farthest, texelFetch(depth_pyramid, ivec2(t0.x, t1.y), level).r);
        if (t1.x != t0.x) farthest = min(farthest, texelFetch(depth_pyramid, t1, level).r);
    }
    return nearest < farthest;
}
