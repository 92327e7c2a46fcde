#version 460
// Compute raster of the small bucket: one invocation draws one cube, pixel by pixel (see raster.glsl).
#include "raster.glsl"

layout(local_size_x = TS_RASTER_SMALL_GROUP) in;

void main() {
    const uint group = gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x;
    const uint index = group * TS_RASTER_SMALL_GROUP + gl_LocalInvocationIndex;
    if (index >= raster_count()) return;
    const uint id = raster_id(index);
    vec4 q;
    vec3 to_camera;
    const CubeInstance cube = raster_cube(id, q, to_camera);
    for (uint axis = 0u; axis < 3u; ++axis) raster_face(setup_axis(cube, q, to_camera, axis), id);
}
