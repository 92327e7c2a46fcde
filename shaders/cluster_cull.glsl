// The cluster cull, compiled three times: cluster_cull.comp (TS_SPLAT 0), cluster_cull_splat.comp (TS_SPLAT 1,
// where 64-bit buffer atomics exist) and cluster_cull_late.comp (TS_LATE 1, occlusion's late phase). One
// invocation per cluster (render/cull_pass.h) reads only its bounding sphere (16 bytes for 256 cubes):
//
//   outside the frustum            nothing more: none of its cubes is read this frame
//   splatting, under splat size    one splat for the whole cluster at its centre, coloured as its middle cube
//                                  (every cube of it would land in the same pixel or two); its cubes count
//                                  in the TS_LOD_SPLAT bucket
//   splatting, up to               the pixels of its footprint, each given its middle cube (splat_footprint);
//     cluster_splat_pixels         its cubes, all smaller than a pixel, count as splatted too
//   otherwise                      listed (`list`): the per-cube cull (cull.glsl) visits its cubes
//
// Occlusion (render/occlusion.h): the early phase lists every frustum-visible cluster it does not splat as a
// candidate, and only those with some cube visible last frame (a bit set among its 8 words) for the early
// per-cube cull. The late phase runs one invocation per candidate: a cluster whose sphere is occluded by the
// early depth pyramid has all its bits cleared and its cubes counted as frustum-visible; the rest are listed
// for the late per-cube cull. Compaction as in cull.glsl: subgroup ballots, one global atomic per workgroup.
#include "cull_setup.glsl"

layout(push_constant) uniform Push {
    ClusterPush push;
};

#include "cull_common.glsl"
#if TS_LATE
#include "occlusion.glsl"
#endif

#define LISTED 0
#define CANDIDATES 1
shared uint s_appended[2];  // LISTED, CANDIDATES: the workgroup's entries, then their base in the list
shared uint s_splatted;     // cubes (splat bucket); late: cubes of occluded clusters

#if TS_SPLAT
// Clusters from the splat size up to push.cluster_splat_pixels across (their sphere's diameter) are splatted whole
// as their footprint: the pixels whose centres lie within a square of TS_CLUSTER_FOOTPRINT_SCALE times the
// sphere's projected diameter, each given the cluster's middle cube at the depth of its centre. Their cubes are
// all smaller than a pixel there (a cluster holds 256). The scale: a flat 16x16 tile of the grid spans about 0.7
// of its sphere's diameter; measured on the H200 at 100M cubes, 0.5 / 0.7 / 1.0 scored 20.62 / 20.60 / 20.57 dB
// at a threshold of 3 pixels, for the same time (docs/PERFORMANCE.md).
#define TS_CLUSTER_FOOTPRINT_SCALE 0.7

void splat_footprint(uint id, vec3 center, float pixels) {
    const vec4 clip = push.uniforms.values.view_projection * vec4(center, 1.0);
    if (clip.w <= 0.0) return;
    const vec3 ndc = clip.xyz / clip.w;
    if (ndc.z < 0.0 || ndc.z > 1.0) return;
    const vec2 size = push.uniforms.values.viewport_size;
    const vec2 at = (ndc.xy * 0.5 + 0.5) * size;
    const uint64_t value = visibility_pack(ndc.z, TS_FACE_DOMINANT, id);
    if (push.splat_mode == TS_SPLAT_SAMPLES) {
        splat_samples(at, 0.5 * pixels * TS_CLUSTER_FOOTPRINT_SCALE, size, value);
        return;
    }
    const ivec4 cells = footprint_cells(at, 0.5 * pixels * TS_CLUSTER_FOOTPRINT_SCALE, ivec2(size));
    for (int y = cells.y; y <= cells.w; ++y)
        for (int x = cells.x; x <= cells.z; ++x) {
            const uint index = uint(y) * push.width + uint(x);
            atomicMax(VisibilityBuffer(push.visibility).pixels[index], value);
            if (push.splat_mode == TS_SPLAT_COVERAGE)
                atomicAdd(CoverageBuffer(push.splat_buffer).area[index], 256u);
        }
}
#endif

// The occlusion bit words of cluster c's cubes: [first, end), 8 but for the scene's last cluster.
uvec2 cluster_bit_words(uint c) {
    const uint first = c << (TS_CLUSTER_SHIFT - 5);
    return uvec2(first, min(first + TS_CLUSTER_SIZE / 32u, (push.cube_count + 31u) / 32u));
}

// The cubes of cluster c: TS_CLUSTER_SIZE but for the scene's last cluster.
uint cluster_cubes(uint c) {
    return min(push.cube_count - (c << TS_CLUSTER_SHIFT), TS_CLUSTER_SIZE);
}

// This invocation's entry among the workgroup's in list `which` (LISTED, CANDIDATES) if `mine`, else ~0u.
uint append(bool mine, uint which) {
    const uvec4 ballot = subgroupBallot(mine);
    uint base = 0u;
    if (subgroupElect()) base = atomicAdd(s_appended[which], subgroupBallotBitCount(ballot));
    base = subgroupBroadcastFirst(base);  // by every invocation: the elected one is the first active
    return mine ? base + subgroupBallotExclusiveBitCount(ballot) : ~0u;
}

void main() {
    const uint group = gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    const uint invocation = group * TS_CULL_GROUP_SIZE + gl_LocalInvocationIndex;
    if (gl_LocalInvocationIndex == 0u) {
        s_appended[LISTED] = 0u;
        s_appended[CANDIDATES] = 0u;
        s_splatted = 0u;
    }
#if TS_LATE
    const bool in_range = invocation < push.candidates.count;
    const uint cluster = in_range ? push.candidates.ids[invocation] : 0u;
#else
    const bool in_range = invocation < push.cluster_count;
    const uint cluster = invocation;
#endif
    barrier();

    bool listed = false, candidate = false;
    uint splatted = 0u;
    if (in_range) {
        const vec4 sphere = push.spheres.spheres[cluster];
#if TS_LATE
        if (occluded(sphere.xyz, sphere.w)) {
            // None of its cubes shows: none is drawn early next frame.
            const uvec2 words = cluster_bit_words(cluster);
            for (uint w = words.x; w < words.y; ++w) push.occlusion_bits.words[w] = 0u;
            splatted = cluster_cubes(cluster);
        } else {
            listed = true;
        }
#else
        if (sphere_visible(sphere.xyz, sphere.w)) {
#if TS_SPLAT
            const float distance = max(length(sphere.xyz - push.uniforms.values.camera_position.xyz), 1e-3);
            const float pixels = 2.0 * sphere.w * push.uniforms.values.projection_scale / distance;
            const uint middle = (cluster << TS_CLUSTER_SHIFT) + cluster_cubes(cluster) / 2u;
            if (pixels < push.lod_splat_pixels) {
                splat(middle, sphere.xyz, pixels);
                splatted = cluster_cubes(cluster);
            } else if (pixels < push.cluster_splat_pixels) {
                splat_footprint(middle, sphere.xyz, pixels);
                splatted = cluster_cubes(cluster);
            } else
#endif
                if (push.occlusion_phase == TS_OCCLUSION_EARLY) {
                candidate = true;
                const uvec2 words = cluster_bit_words(cluster);
                uint any_bit = 0u;
                for (uint w = words.x; w < words.y; ++w) any_bit |= push.occlusion_bits.words[w];
                listed = any_bit != 0u;
            } else {
                listed = true;
            }
        }
#endif
    }

    const uint list_slot = append(listed, LISTED);
    const uint candidate_slot = append(candidate, CANDIDATES);
    const uint splatted_sum = subgroupAdd(splatted);
    if (subgroupElect() && splatted_sum > 0u) atomicAdd(s_splatted, splatted_sum);
    barrier();
    if (gl_LocalInvocationIndex == 0u) {
        if (s_appended[LISTED] > 0u) s_appended[LISTED] = atomicAdd(push.list.count, s_appended[LISTED]);
        if (s_appended[CANDIDATES] > 0u)
            s_appended[CANDIDATES] = atomicAdd(push.candidates.count, s_appended[CANDIDATES]);
        if (s_splatted > 0u) {
#if TS_LATE
            atomicAdd(push.occlusion_counts.count[TS_OCCLUSION_FRUSTUM_VISIBLE], s_splatted);
#else
            atomicAdd(push.draws.cmd[TS_LOD_SPLAT].instance_count, s_splatted);
            if (push.occlusion_phase == TS_OCCLUSION_EARLY) {
                // Splatted clusters skip the late phase, which counts everything else.
                atomicAdd(push.occlusion_counts.count[TS_OCCLUSION_FRUSTUM_VISIBLE], s_splatted);
                atomicAdd(push.occlusion_counts.count[TS_OCCLUSION_VISIBLE], s_splatted);
            }
#endif
        }
    }
    barrier();
    if (listed) push.list.ids[s_appended[LISTED] + list_slot] = cluster;
    if (candidate) push.candidates.ids[s_appended[CANDIDATES] + candidate_slot] = cluster;
}
