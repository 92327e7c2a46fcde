// The cull pass, compiled twice: cull.comp (TS_SPLAT 0) for every device, cull_splat.comp (TS_SPLAT 1) where
// 64-bit buffer atomics exist. Frustum culling and compaction: one invocation per cube tests its bounding
// sphere against the six frustum planes and appends the visible ids to a list that an indirect draw consumes.
//
// Compaction is aggregated per workgroup: a subgroup ballot gives each visible cube its offset within the
// subgroup, the subgroup adds its count to a shared counter, and one invocation per workgroup (and bucket)
// does the single global atomicAdd on the draw command's instance_count. On the H100 a global atomic per cube
// saturates near 1.1 G atomics/s; one per workgroup keeps the pass at memory bandwidth.
//
// Splatting and compute raster (gpu-lod, TS_SPLAT): a visible cube smaller than lod_splat_pixels covers at
// most one pixel, so instead of entering an id list it is rasterised right here: one 64-bit atomicMax of
// (depth | face | id) into the visibility buffer (reversed Z: larger is nearer), and its area added to the
// pixel's coverage. Cubes from there up to raster_max_pixels go to the compute raster's buckets (small ones
// one invocation each, larger ones a workgroup each: raster.glsl). visibility_resolve.frag turns the buffer
// into colour and depth before the hardware-rasterised buckets draw.
//
// Occlusion (render/occlusion.h): the early phase (occlusion_phase TS_OCCLUSION_EARLY) keeps only the cubes
// whose bit says they were visible last frame; the late phase (TS_LATE: cull_late.comp, cull_splat_late.comp)
// tests every frustum-visible cube against the depth pyramid of the early phase's depth, stores the result
// as the cube's bit and keeps those that may show and were not drawn early. The early phase lists the
// frustum-visible cubes ("occlusion candidates", compacted like the buckets, their count in
// occlusion_counts) and the late phase runs one invocation per entry, so it reads only those cubes again.
#extension GL_KHR_shader_subgroup_basic : require
#extension GL_KHR_shader_subgroup_ballot : require
#extension GL_KHR_shader_subgroup_arithmetic : require
#include "shared.h"
#include "cube.glsl"
#if TS_SPLAT
#include "visibility.glsl"
#endif
#ifndef TS_LATE
#define TS_LATE 0
#endif

layout(local_size_x = TS_CULL_GROUP_SIZE) in;

// TS_CULL_OUTPUT_COUNT, _IDS or _LOD (shared.h).
layout(constant_id = 0) const uint kOutput = TS_CULL_OUTPUT_IDS;

layout(push_constant) uniform Push {
    CullPush push;
};

shared uint s_count[TS_LOD_BUCKETS];
shared uint s_base[TS_LOD_BUCKETS];
#if TS_LATE
#include "occlusion.glsl"
shared uint s_shown;
#else
shared uint s_candidates;  // the early phase's frustum-visible cubes, then their base in the candidate list
#endif

#if TS_SPLAT
// Splats cube `id` centred at `center`, `pixels` across, into the visibility buffer: its centre's pixel keeps
// the nearest cube and, with render.splat_coverage, gains the cube's projected area as coverage. `pixels` is the bounding sphere's
// diameter, so the edge is pixels / sqrt(3) and a cube's mean projected area (Cauchy: surface / 4) is
// pixels^2 / 2; pixels^2 / 1.5 measured best against a 4x4-supersampled reference (bench --quality, 10M grid
// cubes at 320x240: 22.3 dB against 21.4 dB for pixels^2 / 2 and 20.8 dB for nearest-wins, i.e. alpha 1).
void splat(uint id, vec3 center, float pixels) {
    const vec4 clip = push.uniforms.values.view_projection * vec4(center, 1.0);
    if (clip.w <= 0.0) return;
    const vec3 ndc = clip.xyz / clip.w;
    const vec2 size = push.uniforms.values.viewport_size;
    const vec2 pixel = (ndc.xy * 0.5 + 0.5) * size;
    if (any(lessThan(pixel, vec2(0.0))) || any(greaterThanEqual(pixel, size)) || ndc.z < 0.0 || ndc.z > 1.0)
        return;
    const uint index = uint(pixel.y) * push.width + uint(pixel.x);
    // Plain reads before these atomics, to skip them where the pixel already holds something nearer, measured
    // slower on the H200 (2.83 against 2.36 ms a frame at 100M cubes): the atomics go unconditionally.
    atomicMax(VisibilityBuffer(push.visibility).pixels[index], visibility_pack(ndc.z, TS_FACE_DOMINANT, id));
    if (push.splat_coverage != 0u) {
        const uint area = uint(clamp(pixels * pixels * (256.0 / 1.5), 1.0, 256.0));
        atomicAdd(CoverageBuffer(push.coverage).area[index], area);
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

void main() {
    const uint group = gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    const uint invocation = group * TS_CULL_GROUP_SIZE + gl_LocalInvocationIndex;
    if (gl_LocalInvocationIndex < TS_LOD_BUCKETS) s_count[gl_LocalInvocationIndex] = 0u;
#if TS_LATE
    if (gl_LocalInvocationIndex == 0u) s_shown = 0u;
    // One invocation per candidate: the cubes the early phase found frustum-visible.
    const bool in_range =
        invocation < min(push.occlusion_counts.count[TS_OCCLUSION_FRUSTUM_VISIBLE], push.cube_count);
    const uint id = in_range ? push.occlusion_candidates.ids[invocation] : 0u;
#else
    if (gl_LocalInvocationIndex == 0u) s_candidates = 0u;
    const bool in_range = invocation < push.cube_count;
    const uint id = invocation;
#endif
    barrier();

    bool visible = false;
    bool candidate = false;  // early phase: frustum-visible, for the late phase
    uint bucket = TS_LOD_FULL;
    if (in_range) {
        const CubeInstance cube = fetch_cube(push.chunks, push.chunk_shift, id);
        const float radius = cube.scale * 0.8660254;  // half the cube's diagonal
        visible = sphere_visible(cube.position, radius);
        const uint bit = 1u << (id & 31u);
        const bool drawn_before = visible && push.occlusion_phase != TS_OCCLUSION_OFF &&
                                  (push.occlusion_bits.words[id >> 5] & bit) != 0u;
#if TS_LATE
        // A cube's bit changes only here, by its own invocation; others flip other bits of the word.
        const bool shows = visible && !occluded(cube.position, radius);
        if (shows != drawn_before) atomicXor(push.occlusion_bits.words[id >> 5], bit);
        const uint shown_count = subgroupAdd(visible && (shows || drawn_before) ? 1u : 0u);
        if (subgroupElect()) atomicAdd(s_shown, shown_count);
        visible = shows && !drawn_before;
#else
        if (push.occlusion_phase == TS_OCCLUSION_EARLY) {
            candidate = visible;
            visible = visible && drawn_before;
        }
#endif
        if (visible && kOutput == TS_CULL_OUTPUT_LOD) {
            const float distance =
                max(length(cube.position - push.uniforms.values.camera_position.xyz), 1e-3);
            const float pixels = 2.0 * radius * push.uniforms.values.projection_scale / distance;
            bucket = pixels >= push.lod_full_pixels ? TS_LOD_FULL : TS_LOD_FACES;
#if TS_SPLAT
            // The compute raster takes only cubes wholly in front of the near plane (frustum plane 4).
            const vec4 near_plane = push.uniforms.values.frustum_planes[4];
            if (pixels < push.lod_splat_pixels) {
                bucket = TS_LOD_SPLAT;
                splat(id, cube.position, pixels);
            } else if (pixels < push.raster_max_pixels &&
                       dot(near_plane.xyz, cube.position) + near_plane.w > radius) {
                bucket = pixels < TS_RASTER_SMALL_PIXELS ? TS_LOD_RASTER_SMALL : TS_LOD_RASTER_LARGE;
            }
#endif
        }
    }

    // Offsets within the workgroup, per bucket: ballot inside the subgroup, one shared atomic per subgroup. Only
    // the buckets some invocation of the subgroup chose are visited (at 100M cubes most subgroups splat only).
    uint local_offset = 0u;
#if !TS_LATE
    uint candidate_offset = 0u;
    if (push.occlusion_phase == TS_OCCLUSION_EARLY) {
        const uvec4 ballot = subgroupBallot(candidate);
        uint base = 0u;
        if (subgroupElect()) base = atomicAdd(s_candidates, subgroupBallotBitCount(ballot));
        candidate_offset = subgroupBroadcastFirst(base) + subgroupBallotExclusiveBitCount(ballot);
    }
#endif
    const uint buckets = kOutput == TS_CULL_OUTPUT_LOD ? TS_LOD_BUCKETS : 1u;
    uint present = subgroupOr(visible ? 1u << bucket : 0u) & ((1u << buckets) - 1u);
    while (present != 0u) {
        const uint b = findLSB(present);
        present &= present - 1u;
        const bool mine = visible && bucket == b;
        const uvec4 ballot = subgroupBallot(mine);
        const uint count = subgroupBallotBitCount(ballot);
        uint base = 0u;
        if (subgroupElect()) base = atomicAdd(s_count[b], count);
        base = subgroupBroadcastFirst(base);
        if (mine) local_offset = base + subgroupBallotExclusiveBitCount(ballot);
    }
    barrier();
    // One global atomic per workgroup and bucket reserves the workgroup's range.
    if (gl_LocalInvocationIndex < buckets && s_count[gl_LocalInvocationIndex] > 0u)
        s_base[gl_LocalInvocationIndex] = atomicAdd(push.draws.cmd[gl_LocalInvocationIndex].instance_count,
                                                    s_count[gl_LocalInvocationIndex]);
#if TS_LATE
    if (gl_LocalInvocationIndex == TS_CULL_GROUP_SIZE - 1u && s_shown > 0u)
        atomicAdd(push.occlusion_counts.count[TS_OCCLUSION_VISIBLE], s_shown);
#else
    if (gl_LocalInvocationIndex == TS_CULL_GROUP_SIZE - 1u && s_candidates > 0u)
        s_candidates = atomicAdd(push.occlusion_counts.count[TS_OCCLUSION_FRUSTUM_VISIBLE], s_candidates);
#endif
    barrier();
#if !TS_LATE
    if (candidate) push.occlusion_candidates.ids[s_candidates + candidate_offset] = id;
#endif

    if (visible && kOutput != TS_CULL_OUTPUT_COUNT && TS_BUCKET_HAS_LIST(bucket)) {
        const uint slot = s_base[bucket] + local_offset;
        const uint at = TS_BUCKET_FILLS_FROM_BACK(bucket) ? push.capacity - 1u - slot : slot;
        if (slot < push.capacity) {  // never past the list's end, whatever the counter says
            if (TS_BUCKET_LIST(bucket) == 0u)
                push.visible.ids[at] = id;
            else
                push.raster_visible.ids[at] = id;
        }
    }
}
