// Cube geometry from gl_VertexIndex and instance unpacking, shared by every cube-drawing shader. Vertex v in
// [0, 24): face = v / 4 (+X, -X, +Y, -Y, +Z, -Z), corner = v % 4; the index buffer draws each face as corners
// (0, 1, 2) and (2, 1, 3), counter-clockwise seen from outside.
#ifndef TESSERA_CUBE_GLSL
#define TESSERA_CUBE_GLSL

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

CubeInstance fetch_cube(ChunkTable table, uint chunk_shift, uint id) {
    return CubeChunk(table.chunks[id >> chunk_shift]).cubes[id & ((1u << chunk_shift) - 1u)];
}

#endif
