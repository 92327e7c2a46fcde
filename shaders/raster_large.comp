#version 460
// Compute raster of the large bucket: one workgroup draws one cube, its invocations taking the pixels of
// each face's box in turn (see raster.glsl).
#include "raster.glsl"

layout(local_size_x = TS_RASTER_LARGE_GROUP) in;

void main() {
    const uint index = gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    if (index >= raster_count()) return;  // the whole workgroup leaves together
    const uint id = raster_id(index);
    RasterFace faces[3];
    setup_cube(id, faces);
    for (int i = 0; i < 3; ++i) {
        const ivec4 box = faces[i].box;
        const int width = box.z - box.x + 1;
        const int pixels = width > 0 && box.w >= box.y ? width * (box.w - box.y + 1) : 0;
        for (int p = int(gl_LocalInvocationIndex); p < pixels; p += TS_RASTER_LARGE_GROUP)
            raster_pixel(faces[i], id, box.x + p % width, box.y + p / width);
    }
}
