#version 460
// Compute raster of the small bucket: one invocation draws one cube, pixel by pixel (see raster.glsl).
#include "raster.glsl"

layout(local_size_x = TS_RASTER_SMALL_GROUP) in;

void main() {
    const uint group = gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    const uint index = group * TS_RASTER_SMALL_GROUP + gl_LocalInvocationIndex;
    if (index >= raster_count()) return;
    const uint id = raster_id(index);
    RasterFace faces[3];
    setup_cube(id, faces);
    for (int i = 0; i < 3; ++i)
        for (int y = faces[i].box.y; y <= faces[i].box.w; ++y)
            for (int x = faces[i].box.x; x <= faces[i].box.z; ++x) raster_pixel(faces[i], id, x, y);
}
