#version 460
// Compute raster of the large bucket in batches: each workgroup draws raster_cubes_per_batch() cubes, 2
// to TS_RASTER_LARGE_CUBES (shared.h), when the bucket holds so many that a workgroup per cube
// (raster_large.comp) would leave more workgroups than the device runs at once. One invocation per face sets
// it up (see raster.glsl) into shared memory, side by side; then the faces' candidate pixels, laid end to end,
// are dealt out to all invocations in turn, so that every invocation has work until the group's last pixel
// whatever the mix of face sizes in it. The cull finalize step gives this pass or raster_large.comp the frame's
// workgroups, the other none.
//
// Why: a workgroup per cube, on a bucket of many cubes of 8-32 pixels (a few hundred candidate pixels each),
// spends its time waiting on its one cube's fetch and setup while most invocations idle at the barrier. The
// city seen from the street (150,000 cubes in this bucket, 1920x1080) took 0.90 ms that way on the H200 and
// 0.38 ms in batches. Why not always: a few large cubes in one workgroup leave the rest of the GPU idle. And
// why a shader of its own: with both paths in one, the lone cubes ran 30% slower, the likely reason being the
// batches' shared memory, which the driver reserves whichever path runs. docs/PERFORMANCE.md has the figures.
#include "raster.glsl"

layout(local_size_x = TS_RASTER_LARGE_GROUP) in;
#if 3 * TS_RASTER_LARGE_CUBES > TS_RASTER_LARGE_GROUP
#error "raster_batches sets up one face per invocation"
#endif

// One face: what the pixel loop reads of a RasterFace (64-bit edges; 32 bits where they are exact).
struct SharedFace {
    i64vec4 a, b, c;
    ivec4 box;
    vec3 depth;
    uint face_and_exact;  // face | exact32 << 3
    uint color;           // RasterFace::color
};
// Face slot 3 k + axis: axis 0, 1 or 2 of the group's cube k.
shared SharedFace s_faces[3 * TS_RASTER_LARGE_CUBES];
shared uint s_pixels[3 * TS_RASTER_LARGE_CUBES];  // each slot's candidate pixels (0: empty, or no cube)
shared uint s_total;                              // the group's candidate pixels

void main() {
    const uint lane = gl_LocalInvocationIndex;
    const uint group = gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    const uint count = raster_count();
    const uint cubes = raster_cubes_per_batch(count, push.batch_groups);
    const uint first_cube = group * cubes;
    if (first_cube >= count) return;  // the whole workgroup leaves together
    if (lane == 0u) s_total = 0u;
    barrier();
    // One invocation per face slot sets it up (each fetches its cube: three fetches of one cube cost less
    // than one invocation setting up three faces in turn while the others wait).
    if (lane < 3u * TS_RASTER_LARGE_CUBES) {
        uint pixels = 0u;
        const uint k = lane / 3u;
        if (k < cubes && first_cube + k < count) {
            const uint id = raster_id(first_cube + k);
            vec4 q;
            vec3 to_camera;
            const CubeInstance cube = raster_cube(id, q, to_camera);
            const RasterFace f = setup_axis(cube, q, to_camera, lane % 3u);
            s_faces[lane] =
                SharedFace(f.a, f.b, f.c, f.box, f.depth, f.face | (f.exact32 ? 8u : 0u), f.color);
            pixels = box_pixels(f.box);
            atomicAdd(s_total, pixels);
        }
        s_pixels[lane] = pixels;
    }
    barrier();

    // The group's pixel p lies in the slot whose range [first, first + s_pixels[slot]) holds it, slots laid
    // end to end in order. Each invocation's p only grows, so its slot cursor only moves forward, and it reads
    // a slot's face from shared memory once.
    const uint total = s_total;
    uint slot = 0u, first = 0u, loaded = ~0u;
    RasterFace f;
    for (uint p = lane; p < total; p += TS_RASTER_LARGE_GROUP) {
        while (p >= first + s_pixels[slot]) first += s_pixels[slot++];
        if (slot != loaded) {
            const SharedFace s = s_faces[slot];
            f.a = s.a;
            f.b = s.b;
            f.c = s.c;
            f.a32 = ivec4(s.a);
            f.b32 = ivec4(s.b);
            f.c32 = ivec4(s.c);
            f.exact32 = (s.face_and_exact & 8u) != 0u;
            f.box = s.box;
            f.depth = s.depth;
            f.face = s.face_and_exact & 7u;
            f.color = s.color;
            loaded = slot;
        }
        const int width = f.box.z - f.box.x + 1;
        const int i = int(p - first) % width, j = int(p - first) / width;
        if (raster_covers(f, i, j)) raster_write(f, i, j);
    }
}
