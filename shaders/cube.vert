#version 460
// Draws cubes pulled from the GPU scene. Which cube an instance draws, and whether all faces or only the
// three facing the camera, are specialisation constants, so one source serves every mode and LOD bucket.
#include "shared.h"
#include "cube.glsl"

// TS_IDS_INSTANCE or TS_IDS_VISIBLE (shared.h).
layout(constant_id = 0) const uint kIdSource = TS_IDS_INSTANCE;
// true: 12 vertices (18 indices) = the three faces whose normals point towards the camera.
layout(constant_id = 1) const bool kFacesOnly = false;
// true: the fragment shader is cube_visibility.frag, which needs the face and its lit colour packed
// (visibility_color), not the colour as a vector.
layout(constant_id = TS_SPEC_VISIBILITY_OUT) const bool kVisibilityOut = false;

layout(push_constant) uniform Push {
    DrawPush push;
};

// Lit in the vertex shader: normal and colour are constant over a face, so one flat output carries the result
// (half the attribute traffic of passing colour and normal, and no interpolation).
layout(location = 0) flat out vec3 out_color;
layout(location = 1) flat out uint out_packed_color;  // kVisibilityOut only: visibility_color()
layout(location = 2) flat out uint out_face;          // kVisibilityOut only: 0-5, as cube.glsl numbers faces

void main() {
    const uint instance = uint(gl_InstanceIndex);
    uint id = instance;
    if (kIdSource == TS_IDS_VISIBLE) id = push.visible.ids[instance];
    const CubeInstance cube = fetch_cube(push.chunks, push.chunk_shift, id);
    const vec4 q = cube_rotation(cube);

    uint v = uint(gl_VertexIndex);
    if (kFacesOnly) {
        // Slot k = v / 4 is axis k; pick the face on that axis that the camera sees (cube-local direction).
        const vec3 to_camera = in_cube_frame(cube, q, push.uniforms.values.camera_position.xyz);
        const uint axis = v >> 2;
        v = (2u * axis + (to_camera[axis] >= 0.0 ? 0u : 1u)) * 4u + (v & 3u);
    }
    vec3 corner, normal;
    cube_vertex(v, corner, normal);
    const vec3 world = cube.position + rotate(q, corner * cube.scale);
    gl_Position = push.uniforms.values.view_projection * vec4(world, 1.0);
    const vec3 lit = lit_face(cube, q, normal, push.uniforms.values.light_direction);
    if (kVisibilityOut) {
        out_packed_color = visibility_color(lit);
        out_face = v >> 2;
        return;
    }
    out_color = lit;
}
