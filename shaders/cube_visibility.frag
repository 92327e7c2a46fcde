#version 460
// The visibility variant of the cube draw (render/cube_pipeline.h): each fragment of a hardware-rasterised
// cube goes into gpu-lod's visibility buffer exactly as the compute raster's pixels do, one 64-bit atomicMax
// of (depth | face | lit colour), so that the nearest surface wins whichever path drew it; the visibility
// shade then writes that colour. No attachments: nothing is cleared, and no depth test runs.
#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
#extension GL_EXT_shader_atomic_int64 : require
#include "shared.h"
#include "visibility.glsl"

layout(push_constant) uniform Push {
    DrawPush push;
};
layout(location = 1) flat in uint in_packed_color;
layout(location = 2) flat in uint in_face;

void main() {
    const uint index = uint(gl_FragCoord.y) * push.width + uint(gl_FragCoord.x);
    atomicMax(VisibilityBuffer(push.visibility).pixels[index],
              visibility_pack(gl_FragCoord.z, in_face, in_packed_color));
}
