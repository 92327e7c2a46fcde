#version 460
// Compute raster of the large bucket, a cube per workgroup: three invocations set up one face each (shared
// memory), then all of them take the pixels of each face's box in turn (see raster.glsl); setting up once per
// workgroup rather than per invocation matters where invocations are not free (CPU drivers). When the bucket
// holds more cubes than the device runs workgroups at once, the cull finalize step gives the frame to
// raster_batches.comp instead.
#include "raster.glsl"

layout(local_size_x = TS_RASTER_LARGE_GROUP) in;

shared RasterFace s_faces[3];

void main() {
    const uint index = gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    if (index >= raster_count()) return;  // the whole workgroup leaves together
    const uint id = raster_id(index);
    if (gl_LocalInvocationIndex < 3u) {
        vec4 q;
        vec3 to_camera;
        const CubeInstance cube = raster_cube(id, q, to_camera);
        s_faces[gl_LocalInvocationIndex] = setup_axis(cube, q, to_camera, gl_LocalInvocationIndex);
    }
    barrier();
    for (uint axis = 0u; axis < 3u; ++axis) {
        const RasterFace f = s_faces[axis];
        const int width = f.box.z - f.box.x + 1;
        const int pixels = int(box_pixels(f.box));
        for (int p = int(gl_LocalInvocationIndex); p < pixels; p += TS_RASTER_LARGE_GROUP)
            if (raster_covers(f, p % width, p / width)) raster_write(f, p % width, p / width);
    }
}
