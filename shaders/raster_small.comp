#version 460
// Compute raster of the small bucket: one invocation draws one cube (see raster.glsl), in one pass over the
// pixels of its three faces' boxes rather than one pass per face. A pixel centre lies in at most one face (they
// tile the cube's outline; the top-left rule decides shared edges), so each covered pixel does its memory work
// once, and the loop runs over the union of the boxes, which the faces' boxes overlap by half or more. On CPU
// drivers, where every lane's memory access is a scalar loop, this took lavapipe's default frame from 157 to
// 126-134 ms; on the H200 this pass went from 0.176 to 0.128 ms at 1M cubes (docs/PERFORMANCE.md).
// It has no 64-bit path: a CPU driver would run that path under a mask for every cube (raster_covers' is
// used by raster large only).
//
// Edge values are 32-bit here. The cull sends this bucket cubes under raster_small_pixels across, whose
// faces' edges stay far inside 32 bits (a face would need an edge of about 2900 pixels to leave them); a face
// that did anyway is not drawn and its cube counted as dropped (TS_DROPPED: the run logs it), never lost
// silently.
#include "raster.glsl"

layout(local_size_x = TS_RASTER_SMALL_GROUP) in;

bool face_empty(RasterFace f) {
    return f.box.x > f.box.z || f.box.y > f.box.w;  // edge-on, or off the target
}

// Face f's box widened to hold `box`'s; an empty face adds nothing.
ivec4 box_union(ivec4 box, RasterFace f) {
    return face_empty(f) ? box : ivec4(min(box.xy, f.box.xy), max(box.zw, f.box.zw));
}

// Whether pixel (x, y) lies in face f's box and inside its four edges.
bool face_covers(RasterFace f, int x, int y) {
    return x >= f.box.x && x <= f.box.z && y >= f.box.y && y <= f.box.w &&
           raster_covers32(f, x - f.box.x, y - f.box.y);
}

void main() {
    const uint group = gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    const uint index = group * TS_RASTER_SMALL_GROUP + gl_LocalInvocationIndex;
    if (index >= raster_count()) return;
    const uint id = raster_id(index);
    vec4 q;
    vec3 to_camera;
    const CubeInstance cube = raster_cube(id, q, to_camera);
    const RasterFace f0 = setup_axis(cube, q, to_camera, 0u);
    const RasterFace f1 = setup_axis(cube, q, to_camera, 1u);
    const RasterFace f2 = setup_axis(cube, q, to_camera, 2u);
    if (!((f0.exact32 || face_empty(f0)) && (f1.exact32 || face_empty(f1)) &&
          (f2.exact32 || face_empty(f2)))) {
        atomicAdd(push.draws.cmd[TS_LOD_SPLAT].TS_DROPPED, 1u);
        return;
    }
    const ivec4 box = box_union(box_union(box_union(ivec4(0x7FFFFFFF, 0x7FFFFFFF, -1, -1), f0), f1), f2);
    for (int y = box.y; y <= box.w; ++y)
        for (int x = box.x; x <= box.z; ++x) {
            const bool c0 = face_covers(f0, x, y), c1 = face_covers(f1, x, y), c2 = face_covers(f2, x, y);
            if (!(c0 || c1 || c2)) continue;
            const RasterFace f = c0 ? f0 : c1 ? f1 : f2;
            raster_write(f, x - f.box.x, y - f.box.y);
        }
}
