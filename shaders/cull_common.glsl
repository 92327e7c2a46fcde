// What the cluster cull (cluster_cull.glsl) and the per-cube cull (cull.glsl) share: the frustum test of a
// bounding sphere and, with TS_SPLAT, the splat. The includer declares `push` (a ClusterPush or CullPush: both
// have uniforms, visibility, width, splat_buffer and splat_mode) before including this.
#if TS_SPLAT
// The cells of a grid whose cell c has its centre at c + 0.5 (pixels, or TS_SPLAT_SAMPLES's samples) that lie
// within a square of half side `half_side` around `at`, or the cell holding `at` when none does, clamped to
// [0, cells): {lo, hi}, inclusive.
ivec4 footprint_cells(vec2 at, float half_side, ivec2 cells) {
    ivec2 lo = ivec2(ceil(at - half_side - 0.5)), hi = ivec2(floor(at + half_side - 0.5));
    if (any(greaterThan(lo, hi))) lo = hi = ivec2(floor(at));
    return ivec4(max(lo, ivec2(0)), min(hi, cells - 1));
}

// TS_SPLAT_SAMPLES: `value` into the samples (2x2 per pixel) of the square of half side `half_side` pixels
// around `at` (pixels), at least the one nearest `at`; `size` is the target's.
void splat_samples(vec2 at, float half_side, vec2 size, uint64_t value) {
    const ivec4 cells = footprint_cells(at * 2.0, half_side * 2.0, ivec2(size) * 2);
    for (int y = cells.y; y <= cells.w; ++y)
        for (int x = cells.x; x <= cells.z; ++x)
            atomicMax(SplatSamples(push.splat_buffer).samples[splat_sample(x, y, push.width)], value);
}

// A splatted cube's footprint: a square of this times `pixels` (its bounding sphere's diameter) on a side, about
// its mean projected area (pixels^2 / 2: Cauchy, surface / 4, with edge pixels / sqrt(3)).
#define TS_SPLAT_FOOTPRINT_SCALE 0.7

// Splats cube `id` centred at `center`, `pixels` across. By the splat mode (shared.h): its centre's pixel keeps
// the nearest cube and, with TS_SPLAT_COVERAGE, gains the cube's projected area as coverage (pixels^2 / 1.5
// measured best against a 4x4-supersampled reference: bench --quality, 10M grid cubes at 320x240, 22.3 dB
// against 21.4 dB for pixels^2 / 2 and 20.8 dB for nearest-wins, i.e. alpha 1); or, with TS_SPLAT_SAMPLES, the
// samples of the 2x2-per-pixel grid inside its footprint keep the nearest cube (at least one sample).
void splat(uint id, vec3 center, float pixels) {
    const vec4 clip = push.uniforms.values.view_projection * vec4(center, 1.0);
    if (clip.w <= 0.0) return;
    const vec3 ndc = clip.xyz / clip.w;
    const vec2 size = push.uniforms.values.viewport_size;
    const vec2 pixel = (ndc.xy * 0.5 + 0.5) * size;
    if (any(lessThan(pixel, vec2(0.0))) || any(greaterThanEqual(pixel, size)) || ndc.z < 0.0 || ndc.z > 1.0)
        return;
    const uint64_t value = visibility_pack(ndc.z, TS_FACE_DOMINANT, id);
    if (push.splat_mode == TS_SPLAT_SAMPLES) {
        splat_samples(pixel, 0.5 * pixels * TS_SPLAT_FOOTPRINT_SCALE, size, value);
        return;
    }
    const uint index = uint(pixel.y) * push.width + uint(pixel.x);
    // Plain reads before these atomics, to skip them where the pixel already holds something nearer, measured
    // slower on the H200 (2.83 against 2.36 ms a frame at 100M cubes): the atomics go unconditionally.
    atomicMax(VisibilityBuffer(push.visibility).pixels[index], value);
    if (push.splat_mode == TS_SPLAT_COVERAGE) {
        const uint area = uint(clamp(pixels * pixels * (256.0 / 1.5), 1.0, 256.0));
        atomicAdd(CoverageBuffer(push.splat_buffer).area[index], area);
    }
}
#endif

bool sphere_visible(vec3 center, float radius) {
    for (int i = 0; i < 6; ++i) {
        const vec4 plane = push.uniforms.values.frustum_planes[i];
        if (dot(plane.xyz, center) + plane.w < -radius) return false;
    }
    return true;
}
