// Every struct that both C++ and GLSL see, defined once. GLSL includes this with `#include "shared.h"`
// (std430 layout); C++ includes "shaders/shared.h" and gets the same structs in namespace tessera::gpu, with
// static_asserts below that pin every size and offset. Change a struct here and both sides follow.
#ifndef TESSERA_SHARED_H
#define TESSERA_SHARED_H

#ifdef __cplusplus
#include <glm/glm.hpp>
#include <cstddef>
#include <cstdint>
namespace tessera::gpu {
using glm::mat4;
using glm::uvec2;
using glm::uvec4;
using glm::vec2;
using glm::vec3;
using glm::vec4;
using uint = uint32_t;
using DeviceAddress = uint64_t;
// A GPU pointer (buffer_reference) to T: a plain 64-bit address on the C++ side.
#define TS_REF(T) ::tessera::gpu::DeviceAddress
// A GPU address that GLSL sees as uvec2 (GL_EXT_buffer_reference_uvec2), for buffers whose element type only
// some shaders may declare (64-bit integers need the Int64 capability).
#define TS_ADDR ::tessera::gpu::DeviceAddress
#else
#extension GL_EXT_buffer_reference : require
#extension GL_EXT_buffer_reference_uvec2 : require
#define TS_REF(T) T
#define TS_ADDR uvec2
#endif

// ---- constants shared by both sides ---------------------------------------------------------------------
#define TS_CUBE_INDEX_COUNT 36  // 6 faces x 2 triangles; vertices come from gl_VertexIndex (24 = 6 x 4)
#define TS_CHUNK_SHIFT_MAX 26   // a chunk holds at most 2^26 cubes (2 GiB of CubeInstance)

// One cube: 32 bytes (100M cubes = 3.2 GB). Bounding sphere: position, radius = scale * sqrt(3) / 2.
struct CubeInstance {
    vec3 position;   // world-space centre
    float scale;     // edge length
    uvec2 rotation;  // unit quaternion (x, y, z, w) as 4 x snorm16: unpackSnorm2x16(rotation.x) = (x, y)
    uint color;      // RGBA8 unorm, packUnorm4x8 order (r in the low byte)
    uint flags;      // reserved for animation phase and LOD hints; 0 today
};

// A static scene's cube in 16 bytes (render.compact_cubes; shaders/cube.glsl decodes it in fetch_cube). Cubes
// are grouped in blocks of 2^TS_COMPACT_BLOCK_SHIFT consecutive ids, each with a CompactBlock that maps its
// positions and edges: position = origin.xyz + step.xyz * (x, y, z), edge = origin.w + step.w * scale, with x, y,
// z 20-bit and scale 12-bit integers. Every chunk starts with the CompactBlocks of all the blocks a full chunk
// holds (TS_COMPACT_HEADER(chunk_shift) x 16 bytes), then its CompactCubes. Colour alpha is not kept (1).
#define TS_COMPACT_BLOCK_SHIFT 12
#define TS_COMPACT_HEADER(chunk_shift) (2u << ((chunk_shift)-TS_COMPACT_BLOCK_SHIFT))  // in 16-byte units
#define TS_SPEC_COMPACT_CUBES 16  // the constant_id of cube.glsl's kCompactCubes, set by every cube reader
struct CompactCube {
    uint x_scale;   // x | scale << 20
    uint y_z;       // y | (z & 0xFFF) << 20
    uint rotation;  // smallest three: 3 x 10 bits, 511 + round(511 sqrt2 c) | index of the largest << 30
    uint rgb_z;     // RGB8 unorm (r in the low byte) | (z >> 12) << 24
};
struct CompactBlock {
    vec4 origin;  // xyz: the block's smallest centre coordinate; w: its smallest edge
    vec4 step;    // xyz: (largest - smallest) / (2^20 - 1) per axis; w: (largest - smallest edge) / 4095
};

// Motion of one cube for the GPU simulation path (--simulate-gpu), 32 bytes beside its CubeInstance.
#define TS_MOTION_SPIN 0u  // params.xyz: angular velocity about world axes, radians per second
// params: base scale, amplitude, frequency (rad/s), phase: scale = base(1 + a sin(f t + p))
#define TS_MOTION_PULSE 1u
struct CubeMotion {
    vec3 velocity;  // units per second; reflected at the scene bounds
    uint kind;
    vec4 params;
};

// Per-frame constants, one copy per frame in flight.
struct FrameUniforms {
    mat4 view_projection;
    mat4 view;
    vec4 camera_position;    // xyz; w unused
    vec4 light_direction;    // xyz: unit vector towards the light; w: ambient term
    vec4 frustum_planes[6];  // xyz: inward normal, w: distance; inside when dot(n, p) + w >= 0
    vec2 viewport_size;      // pixels
    // viewport height / (2 tan(fov/2)): projected size in pixels = scale * this / depth
    float projection_scale;
    uint cube_count;
};

// VkDrawIndexedIndirectCommand, written by the cull pass; instance_count doubles as the bucket's counter.
struct DrawIndexedIndirect {
    uint index_count;
    uint instance_count;
    uint first_index;
    int vertex_offset;
    uint first_instance;
};

// LOD buckets of gpu-lod, by projected size. gpu-cull puts every visible cube in TS_LOD_FULL. Each bucket's
// draw command doubles as its range of the visible-id list: {first_instance, instance_count} = {offset,
// count}, so a draw reads ids[gl_InstanceIndex]. There is one list of capacity entries per pair of buckets
// (TS_BUCKET_LIST): the hardware buckets' "visible ids" and the compute raster's "raster ids", each its own
// buffer (at 1B cubes each is 4 GB, a GPU's largest allocation). In a list one bucket fills from the front and
// the other from the back (TS_BUCKET_FILLS_FROM_BACK), so two buckets share capacity entries; offsets are
// within the bucket's list. The cull pass's finalize step turns the counts into offsets. Adding a bucket is
// adding a range here.
#define TS_LOD_FULL 0          // full cube: 36 indices, 12 triangles; hardware raster
#define TS_LOD_FACES 1         // the three camera-facing faces only: 18 indices, 6 triangles; hardware raster
#define TS_LOD_SPLAT 2         // smaller than a pixel: one 64-bit atomic in the cull pass itself, no id list
#define TS_LOD_RASTER_SMALL 3  // compute raster, one invocation per cube (shaders/raster_small.comp)
#define TS_LOD_RASTER_LARGE 4  // compute raster, a workgroup per cube or batch (raster_large, _batches.comp)
#define TS_LOD_BUCKETS 5       // the draw-command buffer holds one command (and counter) per bucket
#define TS_BUCKET_HAS_LIST(b) ((b) != TS_LOD_SPLAT)
// The splat bucket's command is never drawn: its first_index counts the visible cubes that did not fit their
// list (cull_finalize.comp), which are not drawn.
#define TS_DROPPED first_index
#define TS_BUCKET_LIST(b) ((b) >= TS_LOD_RASTER_SMALL ? 1u : 0u)  // 0: visible ids, 1: raster ids
#define TS_BUCKET_FILLS_FROM_BACK(b) ((b) == TS_LOD_FACES || (b) == TS_LOD_RASTER_LARGE)

// Compute raster work: one VkDispatchIndirectCommand per raster bucket, written by the cull finalize step.
// Dispatches are 2D like the cull's: group = y * x_count + x.
#define TS_RASTER_SMALL_GROUP 64  // raster_small: one invocation per cube
#define TS_RASTER_LARGE_GROUP 64  // raster_large, raster_batches: invocations per workgroup
#define TS_RASTER_LARGE_CUBES 16  // raster_batches: cubes per workgroup at most (a power of two, 3x <= GROUP)
#define TS_RASTER_DISPATCHES 3    // [0] small, [1] large, [2] batches (one of [1] and [2] is empty)
// The large bucket's cubes per workgroup: the largest power of two (up to TS_RASTER_LARGE_CUBES) that still
// leaves at least `groups` workgroups (raster_batch_groups(), render/compute_raster.h). 1: raster_large.comp,
// a workgroup per cube; more: raster_batches.comp.
#ifndef __cplusplus
uint raster_cubes_per_batch(uint count, uint groups) {
    return min(1u << findMSB(max(count / max(groups, 1u), 1u)), uint(TS_RASTER_LARGE_CUBES));
}
#endif
struct DispatchIndirect {
    uint x;
    uint y;
    uint z;
};
struct DrawIndirect {
    uint vertex_count;
    uint instance_count;
    uint first_vertex;
    uint first_instance;
};
// The MSAA gate (render/visibility_resolve.h, Output::gated): written by the cull finalize step, a fullscreen
// triangle's draw with one instance and the compute resolve's workgroups when the hardware buckets have cubes,
// no instance and no workgroups otherwise.
struct MsaaGate {
    DrawIndirect draw;
    DispatchIndirect dispatch;
};

// The visibility buffer: one uint64 per pixel, written with atomicMax by the splats and the compute raster,
// read by the resolve. Bits 63-33: the depth's float bits without the sign (reversed Z, non-negative: larger
// is nearer, and such floats order like their bits); bits 32-30: the face (TS_FACE_*); bits 29-0: for a face
// (0-5, the compute raster and the hardware draws), the face's lit colour, sRGB-encoded RGB8 (visibility.glsl's
// visibility_color), so that the shade fetches no cube; for a splat (TS_FACE_DOMINANT), the cube id, which the
// shade lights through the face the camera sees most. 0 is an empty pixel (written depths are at least one ulp
// above 0). Cube ids stay below 2^30.
#define TS_VIS_ID_BITS 30
#define TS_VIS_MAX_CUBES (1u << TS_VIS_ID_BITS)
#define TS_FACE_DOMINANT \
    7u  // a splat: shade with the face the camera sees most; 0-5 = cube.glsl's face order

// How splats (cubes under lod_splat_pixels) resolve a pixel that several fall into (render.splat_samples and
// render.splat_coverage). NEAREST: the nearest wins the whole pixel. COVERAGE: the nearest, blended over the
// background by the area all of them cover, which a width * height uint "splat buffer" sums in 1/256 pixel.
// SAMPLES: a 2x2 grid of samples per pixel, each keeping its nearest splat, averaged by the shade: a width *
// height * 4 uint64 "splat buffer" (visibility.glsl).
#define TS_SPLAT_NEAREST 0u
#define TS_SPLAT_COVERAGE 1u
#define TS_SPLAT_SAMPLES 2u
#define TS_SPLAT_NONE 3u  // the shade for frames without splats (with SAMPLES): no cube fetch at all

// What the cull pass writes (its specialisation constant 0).
#define TS_CULL_OUTPUT_COUNT 0u  // only counts visible cubes (the instanced mode's visible count)
#define TS_CULL_OUTPUT_IDS 1u    // compacts visible ids into TS_LOD_FULL (gpu-cull)
#define TS_CULL_OUTPUT_LOD 2u    // compacts visible ids into the LOD buckets (gpu-lod)

// Which cube a cube-draw instance draws (cube.vert's specialisation constant 0).
#define TS_IDS_INSTANCE 0u  // cube gl_InstanceIndex (cpu, instanced)
#define TS_IDS_VISIBLE 1u   // visible.ids[gl_InstanceIndex]: first_instance is the bucket's offset
// cube.vert's constant 2: pass the lit colour and face to cube_visibility.frag (CubeVariant::visibility).
#define TS_SPEC_VISIBILITY_OUT 2

// Two-phase occlusion culling (render/occlusion.h): which phase a cull pass runs (CullPush.occlusion_phase).
#define TS_OCCLUSION_OFF 0u    // every frustum-visible cube is drawn
#define TS_OCCLUSION_EARLY 1u  // only frustum-visible cubes whose bit says they were visible last frame
// (cull_late.comp, cull_splat_late.comp) every frustum-visible cube is tested against the depth pyramid of the
// early phase's depth; the result becomes its bit, and those that may show and were not drawn early are drawn
#define TS_OCCLUSION_LATE 2u
#define TS_OCCLUSION_FRUSTUM_VISIBLE 0  // OcclusionCounts: cubes that passed frustum culling (early phase)
#define TS_OCCLUSION_VISIBLE 1          // ...and were drawn, early or late (late phase)
#define TS_OCCLUSION_COUNTS 2

#define TS_CULL_GROUP_SIZE 256
#define TS_MAX_GROUPS_X 32768  // dispatches are 2D: group = y * TS_MAX_GROUPS_X + x

// Clusters (render/cull_pass.h): cluster c is the cubes [c << TS_CLUSTER_SHIFT, (c + 1) << TS_CLUSTER_SHIFT),
// exactly one cull workgroup, with a bounding sphere (ClusterSpheres: xyz centre, w radius, every cube of the
// cluster wholly inside). The scene generators give consecutive ids neighbouring positions, so most clusters are
// small; the cluster cull tests spheres and lists the clusters whose cubes the per-cube cull then visits.
#define TS_CLUSTER_SHIFT 8
#define TS_CLUSTER_SIZE (1u << TS_CLUSTER_SHIFT)
// A list of clusters (ClusterList): a count, then the ids from TS_CLUSTER_LIST_HEADER bytes on.
#define TS_CLUSTER_LIST_HEADER 16

#ifndef __cplusplus
layout(buffer_reference, std430, buffer_reference_align = 16) readonly buffer CubeChunk {
    CubeInstance cubes[];
};
// Chunk addresses as uvec2 (low, high): a table of buffer references would need RuntimeDescriptorArray.
layout(buffer_reference, std430, buffer_reference_align = 8) readonly buffer ChunkTable {
    uvec2 chunks[];
};
layout(buffer_reference, std430, buffer_reference_align = 16) readonly buffer FrameBuffer {
    FrameUniforms values;
};
layout(buffer_reference, std430, buffer_reference_align = 4) buffer VisibleIds {
    uint ids[];
};
layout(buffer_reference, std430, buffer_reference_align = 4) buffer DrawCommands {
    DrawIndexedIndirect cmd[];
};
layout(buffer_reference, std430, buffer_reference_align = 4) buffer RasterDispatches {
    DispatchIndirect dispatch[];
};
layout(buffer_reference, std430, buffer_reference_align = 4) buffer MsaaGateRef {
    MsaaGate gate;
};
layout(buffer_reference, std430, buffer_reference_align = 4) buffer OcclusionBits {
    uint words[];
};
layout(buffer_reference, std430, buffer_reference_align = 4) buffer OcclusionCounts {
    uint count[];
};
layout(buffer_reference, std430, buffer_reference_align = 16) buffer ClusterSpheres {
    vec4 spheres[];
};
layout(buffer_reference, std430, buffer_reference_align = 16) buffer ClusterList {
    uint count;
    uint pad0, pad1, pad2;
    uint ids[];
};
layout(buffer_reference, std430, buffer_reference_align = 4) buffer DispatchCommands {
    DispatchIndirect dispatch[];
};
#endif

// Push constants of the cube draw. `chunks` points at a table of chunk addresses: cube i lives in
// chunks[i >> chunk_shift].cubes[i & ((1 << chunk_shift) - 1)]. In the GPU-driven modes instance i draws
// cube visible.ids[gl_InstanceIndex] (the indirect command's first_instance is the bucket's offset); the cpu
// and instanced modes draw cube gl_InstanceIndex.
struct DrawPush {
    TS_REF(FrameBuffer) uniforms;
    TS_REF(ChunkTable) chunks;
    TS_REF(VisibleIds) visible;
    uint chunk_shift;
    uint width;          // of the target: the visibility buffer's row length
    TS_ADDR visibility;  // the visibility variant (TS_SPEC_VISIBILITY_OUT): gpu-lod's visibility buffer
};

// Push constants of the cull pass (shaders/cull.comp).
struct CullPush {
    TS_REF(FrameBuffer) uniforms;
    TS_REF(ChunkTable) chunks;
    TS_REF(VisibleIds) visible;  // capacity entries (the hardware buckets); unused (0) when only counting
    TS_REF(DrawCommands) draws;  // TS_LOD_BUCKETS commands
    uint chunk_shift;
    uint cube_count;
    uint capacity;
    float lod_full_pixels;  // gpu-lod: cubes at least this many pixels across keep full geometry
    TS_ADDR visibility;  // gpu-lod with 64-bit atomics: the visibility buffer (width * height uint64); else 0
    uint width;          // of the visibility buffer, pixels
    float lod_splat_pixels;  // gpu-lod: cubes smaller than this many pixels are splatted (0 = never)
    TS_ADDR splat_buffer;    // what splat_mode needs beside the visibility buffer (TS_SPLAT_*), else 0
    // gpu-lod: cubes from lod_splat_pixels up to this are compute-rastered (0 = never)
    float raster_max_pixels;
    uint splat_mode;  // TS_SPLAT_*
    // Occlusion culling: one bit per cube (bit i & 31 of word i >> 5), 1 when the cube was visible (not
    // occluded) in the last late phase; read by the early phase, rewritten by the late one. 0 when off.
    TS_REF(OcclusionBits) occlusion_bits;
    TS_REF(OcclusionCounts) occlusion_counts;  // TS_OCCLUSION_COUNTS counters
    // The clusters whose cubes this pass culls, one workgroup each (the cluster cull's list).
    TS_REF(ClusterList) clusters;
    uint occlusion_phase;  // TS_OCCLUSION_*
    // gpu-lod: compute-rastered cubes smaller than this go to the small bucket, the rest to the large one
    float raster_small_pixels;
    TS_REF(VisibleIds)
    raster_visible;  // capacity entries (the compute-raster buckets) when rastering, else 0
};

// Push constants of the compute raster (shaders/raster_small.comp, raster_large.comp): draws the cubes of
// one raster bucket into the visibility buffer.
struct RasterPush {
    TS_REF(FrameBuffer) uniforms;
    TS_REF(ChunkTable) chunks;
    TS_REF(VisibleIds) visible;
    TS_REF(DrawCommands) draws;  // the bucket's {offset, count} is draws.cmd[bucket]
    TS_ADDR visibility;
    uint chunk_shift;
    uint width;
    uint height;
    uint bucket;        // TS_LOD_RASTER_SMALL or TS_LOD_RASTER_LARGE
    uint batch_groups;  // TS_LOD_RASTER_LARGE: raster_cubes_per_batch's `groups`
    uint pad0;
};

// Push constants of the visibility shade (shaders/visibility_shade.comp): one invocation per pixel turns the
// visibility buffer's (depth | face | lit colour, or cube id for a splat) into the pixel's final colour (a
// splatted pixel lit through the face the camera sees most, exactly as cube.vert lights faces, and blended over
// the background by the splats' summed coverage), and its depth. Every pixel is written: empty ones get the
// background and the far depth (0), so the result can replace a clear.
#define TS_SHADE_GROUP 8  // workgroups of 8x8 invocations
#define TS_SHADE_QUAD 4   // pixels per invocation of the quad shade (visibility_shade.glsl's kPixels)
#define TS_SHADE_SRGB 1u  // flags: store colour sRGB-encoded (the target is an sRGB format)
#define TS_SHADE_BGRA 2u  // flags: store colour in B, G, R, A byte order (the target's)
#define TS_SHADE_CLEAR_SAMPLES 4u  // flags, the samples shade only: zero each pixel's splat samples once read
// flags, the samples shade only: depth is the farthest sample's (occlusion's pyramid)
#define TS_SHADE_FARTHEST_DEPTH 8u
struct ShadePush {
    TS_REF(FrameBuffer) uniforms;
    TS_REF(ChunkTable) chunks;
    TS_ADDR visibility;
    TS_ADDR splat_buffer;  // the cull's splat buffer where its splat mode has one (the shade's constant 0)
    // visibility_shade.comp: width * height uint, RGBA8 in the target's encoding and byte order, and width *
    // height float; visibility_shade_image.comp writes images at set 0 instead (both 0). The quad shade reads
    // and writes pixels up to the next multiple of TS_SHADE_QUAD: the visibility buffer and these hold them.
    TS_ADDR shaded_color;
    TS_ADDR shaded_depth;
    uint chunk_shift;
    uint width;
    uint height;
    uint pad0;        // how the target stores colour (TS_SHADE_*) is a specialisation constant
    vec4 background;  // linear; what empty pixels get and splats blend over
};

// Push constants of the visibility resolve (shaders/visibility_resolve.frag), used where the shaded pixels
// cannot be copied into the attachments (MSAA, or a swapchain without transfer destination): the frame's first
// draw writes each pixel's shaded colour and depth into every sample.
struct ResolvePush {
    TS_ADDR shaded_color;
    TS_ADDR shaded_depth;
    uint width;
    uint flags;  // TS_SHADE_*, as the shade stored the colour: decode to what the attachment expects
};
// The gated MSAA resolve (shaders/msaa_resolve.frag and .comp): each pixel the mean of the multisampled
// colour's samples. The compute variant stores into the target's R32_UINT view, packed as TS_SHADE_* `flags` say.
struct MsaaResolvePush {
    uint samples;
    uint flags;
    uint width;
    uint height;
};

// The overlay (render/overlay_pass.h): ImGui's vertices, drawn with an index buffer over the finished frame.
#define TS_OVERLAY_VERTEX_WORDS 5  // pos.xy, uv.xy (float bits), colour RGBA8 (R in the low byte)
#define TS_OVERLAY_SRGB 1u         // the target encodes sRGB: vertex colours are decoded to linear first
struct OverlayPush {
    TS_ADDR vertices;  // TS_OVERLAY_VERTEX_WORDS uints per vertex
    TS_ADDR font;      // the font atlas: one byte of coverage per texel, row-major, 4 texels per uint
    vec2 scale;        // pixel position -> clip space: pos * scale + translate
    vec2 translate;
    uint font_width;
    uint font_height;
    uint flags;  // TS_OVERLAY_*
    uint pad;
};

#ifndef __cplusplus
layout(buffer_reference, std430, buffer_reference_align = 4) readonly buffer OverlayWords {
    uint words[];
};
#endif

#ifndef __cplusplus
layout(buffer_reference, std430, buffer_reference_align = 16) buffer MotionBuffer {
    CubeMotion motion[];
};
#endif

// Push constants of the GPU simulation step (shaders/simulate.comp).
struct MotionPush {
    TS_REF(ChunkTable) chunks;
    TS_REF(ChunkTable) motion_chunks;  // CubeMotion chunks, laid out like the scene's (MotionBuffer each)
    vec3 bounds_min;                   // the scene's box: cubes reflect off its faces
    float dt;                          // seconds since the last step
    vec3 bounds_max;
    float elapsed;  // seconds since the start (pulse phase)
    uint chunk_shift;
    uint cube_count;
    TS_REF(ClusterSpheres) spheres;  // each cluster's bounding sphere, rewritten after the cubes move
};

// Push constants of shaders/cluster_bounds.comp: the spheres of a streamed scene's clusters.
struct ClusterBoundsPush {
    TS_REF(ChunkTable) chunks;
    TS_REF(ClusterSpheres) spheres;
    uint chunk_shift;
    uint cube_count;
};

// The cull pass's finalize step (shaders/cull_finalize.comp): one workgroup turns the buckets' counters into
// ranges once every cube has been culled, and writes the compute raster's indirect dispatches.
//
// With TS_SPLAT_SAMPLES it also picks the visibility shade's variant: the shade is two indirect dispatches, the
// plain shade (dispatch 0) and the one that averages the splat samples (dispatch 1), of which one gets its
// workgroups and the other none. Samples only when the frame splatted something: reading four samples per
// pixel costs a CPU driver a third of its frame where nothing was splatted (docs/PERFORMANCE.md). The phase
// that runs first writes both; the late occlusion phase only switches to samples if it splatted itself.
#define TS_SHADE_SELECT_NONE 0u   // no samples: the shade dispatches directly
#define TS_SHADE_SELECT_WRITE 1u  // write both dispatches from this phase's splat count
#define TS_SHADE_SELECT_MERGE 2u  // switch to samples if this phase splatted, else keep
struct FinalizePush {
    TS_REF(DrawCommands) draws;
    TS_REF(RasterDispatches) dispatches;  // TS_RASTER_DISPATCHES commands, if rastering
    uint capacity;                        // entries of each visible-id list
    uint rastering;                       // 1: the compute raster runs (dispatches is valid); 0: it does not
    TS_REF(RasterDispatches) shade_dispatches;  // 2 commands, with shade_select
    uint shade_groups_x;                        // the plain shade's workgroups
    uint shade_groups_y;
    uint shade_select;         // TS_SHADE_SELECT_*
    uint raster_batch_groups;  // raster_cubes_per_batch's `groups`
    // A workgroup per 8x8 pixels: the samples shade's workgroups, and the compute MSAA resolve's when the gate
    // opens.
    uint pixel_groups_x;
    uint pixel_groups_y;
    TS_REF(MsaaGateRef) msaa_gate;  // 0, or the MSAA gate to write
};

// Push constants of the cluster cull (shaders/cluster_cull.glsl): one invocation per cluster (the late phase:
// per entry of `candidates`) tests its sphere and lists it in `list` for the per-cube cull, or (splatting)
// splats it once where it is smaller than lod_splat_pixels. The field names match CullPush's where they mean
// the same, so that both passes share their helpers (cull_common.glsl).
struct ClusterPush {
    TS_REF(FrameBuffer) uniforms;
    TS_REF(ClusterSpheres) spheres;  // one per cluster
    TS_REF(ClusterList) list;        // out: the clusters the per-cube cull visits
    TS_REF(DrawCommands) draws;      // splatted clusters add their cubes to TS_LOD_SPLAT's counter
    TS_ADDR visibility;              // as CullPush
    TS_ADDR splat_buffer;
    TS_REF(OcclusionBits) occlusion_bits;  // occlusion only, as CullPush
    TS_REF(OcclusionCounts) occlusion_counts;
    // Occlusion: the early phase lists the frustum-visible clusters here, the late phase visits them.
    TS_REF(ClusterList) candidates;
    uint cluster_count;
    uint cube_count;
    uint width;
    float lod_splat_pixels;  // 0: no splatting
    uint splat_mode;
    uint occlusion_phase;  // TS_OCCLUSION_*
    // Splatting: clusters from lod_splat_pixels up to this size are splatted as their footprint (render.
    // cluster_splat_pixels); at or below lod_splat_pixels none is.
    float cluster_splat_pixels;
    uint pad0;
};

// The cluster cull's finalize (shaders/cluster_finalize.comp): turns list counts into indirect dispatches.
struct ClusterFinalizePush {
    TS_REF(ClusterList) list;                     // ->
    TS_REF(DispatchCommands) list_dispatch;       // one workgroup per listed cluster (the per-cube cull)
    TS_REF(ClusterList) candidates;               // occlusion's early phase only (has_candidates) ->
    TS_REF(DispatchCommands) candidate_dispatch;  // one invocation per candidate (the late cluster cull)
    uint has_candidates;
    uint pad0;
};

// Push constants of one depth pyramid level (shaders/depth_pyramid.comp, render/depth_pyramid.h).
#define TS_DEPTH_PYRAMID_GROUP 8  // workgroups of 8x8 destination texels
struct DepthPyramidPush {
    uvec2 source_size;       // texels of the level read (level 0 reads the frame's depth)
    uvec2 destination_size;  // texels of the level written
};

#ifdef __cplusplus
static_assert(sizeof(DepthPyramidPush) == 16);
static_assert(sizeof(CubeInstance) == 32);
static_assert(sizeof(CubeMotion) == 32);
static_assert(sizeof(CompactCube) == 16);
static_assert(sizeof(CompactBlock) == 32);
static_assert(offsetof(CubeMotion, kind) == 12);
static_assert(offsetof(CubeMotion, params) == 16);
static_assert(sizeof(MotionPush) == 64);
static_assert(offsetof(MotionPush, spheres) == 56);
static_assert(sizeof(ClusterBoundsPush) == 24);
static_assert(offsetof(MotionPush, bounds_min) == 16);
static_assert(offsetof(MotionPush, dt) == 28);
static_assert(offsetof(MotionPush, bounds_max) == 32);
static_assert(offsetof(MotionPush, elapsed) == 44);
static_assert(sizeof(FinalizePush) == 64);
static_assert(offsetof(FinalizePush, msaa_gate) == 56);
static_assert(sizeof(MsaaGate) == 28);
static_assert(sizeof(ClusterPush) == 104);
static_assert(offsetof(ClusterPush, cluster_count) == 72);
static_assert(sizeof(ClusterFinalizePush) == 40);
static_assert(TS_CLUSTER_SIZE == TS_CULL_GROUP_SIZE);
static_assert(sizeof(DispatchIndirect) == 12);
static_assert(sizeof(RasterPush) == 64);
static_assert(offsetof(RasterPush, chunk_shift) == 40);
static_assert(offsetof(MotionPush, chunk_shift) == 48);
static_assert(offsetof(CubeInstance, scale) == 12);
static_assert(offsetof(CubeInstance, rotation) == 16);
static_assert(offsetof(CubeInstance, color) == 24);
static_assert(offsetof(CubeInstance, flags) == 28);
static_assert(sizeof(FrameUniforms) == 64 + 64 + 16 + 16 + 96 + 16);
static_assert(offsetof(FrameUniforms, view) == 64);
static_assert(offsetof(FrameUniforms, camera_position) == 128);
static_assert(offsetof(FrameUniforms, light_direction) == 144);
static_assert(offsetof(FrameUniforms, frustum_planes) == 160);
static_assert(offsetof(FrameUniforms, viewport_size) == 256);
static_assert(offsetof(FrameUniforms, projection_scale) == 264);
static_assert(offsetof(FrameUniforms, cube_count) == 268);
static_assert(sizeof(DrawIndexedIndirect) == 20);
static_assert(sizeof(DrawPush) == 40);
static_assert(offsetof(DrawPush, visible) == 16);
static_assert(offsetof(DrawPush, chunk_shift) == 24);
static_assert(offsetof(DrawPush, visibility) == 32);
static_assert(sizeof(CullPush) == 120);
static_assert(offsetof(CullPush, occlusion_bits) == 80);
static_assert(offsetof(CullPush, clusters) == 96);
static_assert(offsetof(CullPush, occlusion_phase) == 104);
static_assert(offsetof(CullPush, raster_small_pixels) == 108);
static_assert(offsetof(CullPush, raster_visible) == 112);
static_assert(offsetof(CullPush, visibility) == 48);
static_assert(offsetof(CullPush, splat_buffer) == 64);
static_assert(offsetof(CullPush, raster_max_pixels) == 72);
static_assert(offsetof(CullPush, lod_splat_pixels) == 60);
static_assert(sizeof(ResolvePush) == 24);
static_assert(sizeof(MsaaResolvePush) == 16);
static_assert(sizeof(OverlayPush) == 48);
static_assert(offsetof(OverlayPush, scale) == 16);
static_assert(offsetof(OverlayPush, font_width) == 32);
static_assert(sizeof(ShadePush) == 80);
static_assert(offsetof(ShadePush, pad0) == 60);
static_assert(offsetof(ShadePush, background) == 64);
static_assert(offsetof(CullPush, draws) == 24);
static_assert(offsetof(CullPush, chunk_shift) == 32);
static_assert(offsetof(CullPush, lod_full_pixels) == 44);
}  // namespace tessera::gpu
#endif

#endif  // TESSERA_SHARED_H
