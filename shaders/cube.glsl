// Cube geometry from gl_VertexIndex and instance unpacking, shared by every cube-drawing shader. Vertex v in
// [0, 24): face = v / 4 (+X, -X, +Y, -Y, +Z, -Z), corner = v % 4; the index buffer draws each face as corners
// (0, 1, 2) and (2, 1, 3), counter-clockwise seen from outside.
#ifndef TESSERA_CUBE_GLSL
#define TESSERA_CUBE_GLSL
#include "color.glsl"

const vec3 kFaceNormal[6] =
    vec3[](vec3(1, 0, 0), vec3(-1, 0, 0), vec3(0, 1, 0), vec3(0, -1, 0), vec3(0, 0, 1), vec3(0, 0, -1));
const vec3 kFaceU[6] =
    vec3[](vec3(0, 1, 0), vec3(0, 0, 1), vec3(0, 0, 1), vec3(1, 0, 0), vec3(1, 0, 0), vec3(0, 1, 0));

// Unit-cube corner (in [-0.5, 0.5]^3) and its face normal for a vertex index.
void cube_vertex(uint v, out vec3 position, out vec3 normal) {
    const uint face = v >> 2;
    const uint corner = v & 3u;
    const vec3 n = kFaceNormal[face];
    const vec3 u = kFaceU[face];
    const vec3 w = cross(n, u);  // u x w = n, so corners 0-1-2 wind counter-clockwise around n
    const float su = (corner & 1u) != 0u ? 1.0 : -1.0;
    const float sw = (corner & 2u) != 0u ? 1.0 : -1.0;
    position = 0.5 * (n + su * u + sw * w);
    normal = n;
}

vec4 cube_rotation(CubeInstance cube) {
    return vec4(unpackSnorm2x16(cube.rotation.x), unpackSnorm2x16(cube.rotation.y));
}

vec3 rotate(vec4 q, vec3 v) {
    return v + 2.0 * cross(q.xyz, cross(q.xyz, v) + q.w * v);
}

// `point` seen from the centre of `cube` (rotation `q`), in the cube's own frame: the signs of its components say
// which face of each axis faces the point (cube.vert, the compute raster and the visibility shade agree this way).
vec3 in_cube_frame(CubeInstance cube, vec4 q, vec3 point) {
    return rotate(vec4(-q.xyz, q.w), point - cube.position);
}

// The scene's format: 16-byte CompactCubes (static scenes) or 32-byte CubeInstances. Every pipeline that reads
// cubes sets it (render/gpu_scene.h CubeSpecialization), so a pipeline compiles one format's path only.
layout(constant_id = TS_SPEC_COMPACT_CUBES) const bool kCompactCubes = false;

layout(buffer_reference, std430, buffer_reference_align = 16) readonly buffer CompactChunk {
    uvec4 words[];  // TS_COMPACT_HEADER(chunk_shift) CompactBlocks as 2 uvec4 each, then CompactCubes
};

// The unit quaternion of a smallest-three word (shared.h CompactCube::rotation).
vec4 unpack_smallest_three(uint word) {
    const float kRange = 0.70710678;  // 1 / sqrt(2): no component but the largest exceeds it
    const vec3 small =
        (vec3(word & 1023u, (word >> 10) & 1023u, (word >> 20) & 1023u) - 511.0) / 511.0 * kRange;
    const float largest = sqrt(max(1.0 - dot(small, small), 0.0));
    switch (word >> 30) {
        case 0u:
            return vec4(largest, small);
        case 1u:
            return vec4(small.x, largest, small.yz);
        case 2u:
            return vec4(small.xy, largest, small.z);
        default:
            return vec4(small, largest);
    }
}

CubeInstance fetch_compact_cube(ChunkTable table, uint chunk_shift, uint id) {
    CompactChunk chunk = CompactChunk(table.chunks[id >> chunk_shift]);
    const uint local = id & ((1u << chunk_shift) - 1u);
    const uint block = (local >> TS_COMPACT_BLOCK_SHIFT) * 2u;
    const uvec4 packed = chunk.words[TS_COMPACT_HEADER(chunk_shift) + local];
    const vec4 origin = uintBitsToFloat(chunk.words[block]);
    const vec4 step = uintBitsToFloat(chunk.words[block + 1u]);
    const uvec4 steps = uvec4(packed.x & 0xFFFFFu, packed.y & 0xFFFFFu,
                              (packed.y >> 20) | ((packed.w >> 24) << 12), packed.x >> 20);
    CubeInstance cube;
    cube.position = origin.xyz + step.xyz * vec3(steps.xyz);
    cube.scale = origin.w + step.w * float(steps.w);
    const vec4 q = unpack_smallest_three(packed.z);
    cube.rotation = uvec2(packSnorm2x16(q.xy), packSnorm2x16(q.zw));
    cube.color = (packed.w & 0xFFFFFFu) | 0xFF000000u;
    cube.flags = 0u;
    return cube;
}

CubeInstance fetch_cube(ChunkTable table, uint chunk_shift, uint id) {
    if (kCompactCubes) return fetch_compact_cube(table, chunk_shift, id);
    return CubeChunk(table.chunks[id >> chunk_shift]).cubes[id & ((1u << chunk_shift) - 1u)];
}

// Face `normal` (cube-local) of `cube`, rotated by `q`, lit by `light` (direction, ambient in w): the colour
// every path gives that face (cube.vert, the compute raster, the shade of a splat).
vec3 lit_face(CubeInstance cube, vec4 q, vec3 normal, vec4 light) {
    const float diffuse = max(dot(rotate(q, normal), light.xyz), 0.0);
    return unpackUnorm4x8(cube.color).rgb * (light.w + (1.0 - light.w) * diffuse);
}

// A face's lit linear colour as the visibility buffer stores it (visibility.glsl; visibility_pack's `id` for
// faces 0-5): sRGB-encoded, 8 bits per channel, the precision the target keeps, so that dark colours do not
// band; and back.
uint visibility_color(vec3 linear) {
    return packUnorm4x8(vec4(srgb_encode(clamp(linear, 0.0, 1.0)), 0.0));
}
vec3 visibility_linear(uint color) {
    return srgb_decode(unpackUnorm4x8(color).rgb);
}

#endif
