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
// (depth | TS_FACE_DOMINANT | id) into the visibility buffer (reversed Z: larger is nearer), and its area added
// to the pixel's coverage. Cubes from there up to raster_max_pixels go to the compute raster's buckets (those
// under raster_small_pixels one invocation each, larger ones a workgroup per cube or per batch of cubes:
// raster.glsl).
// visibility_resolve.frag turns the buffer into colour and depth before the hardware-rasterised buckets draw.
//
// Clusters: the pass runs one workgroup per entry of the cluster cull's list (push.clusters), its invocations the
// cluster's cubes; clusters the cluster cull rejected or splatted whole are never read here.
//
// Occlusion (render/occlusion.h): the early phase (occlusion_phase TS_OCCLUSION_EARLY) keeps only the cubes
// whose bit says they were visible last frame; the late phase (TS_LATE: cull_late.comp, cull_splat_late.comp)
// tests every frustum-visible cube of the clusters the late cluster cull kept against the depth pyramid of the
// early phase's depth, stores the result as the cube's bit and keeps those that may show and were not drawn
// early. The late phase counts the frustum-visible cubes it saw (TS_OCCLUSION_FRUSTUM_VISIBLE) and those shown.
#include "cull_setup.glsl"
#include "cube.glsl"

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
shared uint s_frustum_visible;
#endif

#include "cull_common.glsl"

void main() {
    const uint group = gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    if (gl_LocalInvocationIndex < TS_LOD_BUCKETS) s_count[gl_LocalInvocationIndex] = 0u;
#if TS_LATE
    if (gl_LocalInvocationIndex == 0u) {
        s_shown = 0u;
        s_frustum_visible = 0u;
    }
#endif
    // Uniform per workgroup: the 2D dispatch's tail groups have no cluster.
    const bool listed = group < push.clusters.count;
    const uint id = listed ? (push.clusters.ids[group] << TS_CLUSTER_SHIFT) + gl_LocalInvocationIndex : 0u;
    const bool in_range = listed && id < push.cube_count;
    barrier();

    bool visible = false;
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
        const uint frustum_count = subgroupAdd(visible ? 1u : 0u);
        if (subgroupElect()) {
            atomicAdd(s_shown, shown_count);
            atomicAdd(s_frustum_visible, frustum_count);
        }
        visible = shows && !drawn_before;
#else
        if (push.occlusion_phase == TS_OCCLUSION_EARLY) visible = visible && drawn_before;
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
                bucket = pixels < push.raster_small_pixels ? TS_LOD_RASTER_SMALL : TS_LOD_RASTER_LARGE;
            }
#endif
        }
    }

    // Offsets within the workgroup, per bucket: ballot inside the subgroup, one shared atomic per subgroup. Only
    // the buckets some invocation of the subgroup chose are visited (at 100M cubes most subgroups splat only).
    uint local_offset = 0u;
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
    if (gl_LocalInvocationIndex == TS_CULL_GROUP_SIZE - 1u) {
        if (s_shown > 0u) atomicAdd(push.occlusion_counts.count[TS_OCCLUSION_VISIBLE], s_shown);
        if (s_frustum_visible > 0u)
            atomicAdd(push.occlusion_counts.count[TS_OCCLUSION_FRUSTUM_VISIBLE], s_frustum_visible);
    }
#endif
    barrier();

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
