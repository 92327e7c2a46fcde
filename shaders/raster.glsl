// The compute rasteriser of gpu-lod's middle sizes: cubes from a pixel or so up to raster_max_pixels across are
// drawn here instead of by the hardware pipe, which on large GPUs runs vertex and fragment work on a few SMs
// only. Included by raster_small.comp (one invocation per cube) and raster_large.comp (one workgroup per cube).
//
// A cube shows at most three faces: those whose outward normal points towards the camera (the same choice as
// cube.vert's faces-only path). Each face is a planar quad; its corners are projected and snapped to 1/256
// pixel (8 sub-pixel bits, as hardware rasterisers snap), and a pixel is covered when its centre lies inside
// all four edges. Edge functions are exact 64-bit integers, and a centre exactly on an edge belongs to the
// face on the edge's left only when the edge is a "top-left" edge in the sense of TopLeft() below, so faces
// sharing an edge (within a cube, and between touching cubes whose corners snap alike) leave no gap and never
// both claim a pixel. Depth is the face's plane in window space evaluated at the pixel centre, like the
// hardware's interpolation of z/w; it matches the hardware path's depth within float rounding (about 1e-7
// relative). Each covered pixel does one 64-bit atomicMax of (depth | face | id) into the visibility buffer.
#ifndef TESSERA_RASTER_GLSL
#define TESSERA_RASTER_GLSL

#extension GL_EXT_shader_explicit_arithmetic_types_int64 : require
#extension GL_EXT_shader_atomic_int64 : require
#include "shared.h"
#include "cube.glsl"
#include "visibility.glsl"

layout(push_constant) uniform Push {
    RasterPush push;
};

// One camera-facing face, ready to rasterise.
struct RasterFace {
    i64vec4
        a;  // edge i: e_i(x, y) = a[i] * x + b[i] * y + c[i] for pixel (x, y); covered when every e_i >= 0
    i64vec4 b;
    i64vec4 c;   // top-left rule folded in: non-top-left edges are biased by -1
    ivec4 box;   // candidate pixels: x0, y0, x1, y1 inclusive; x0 > x1 when the face covers none
    vec3 depth;  // window depth at pixel centre (x, y): depth.x + depth.y * x + depth.z * y
    uint face;   // 0-5, cube.glsl's order
};

// The cube's bucket range: {offset, count} in the visible-id list.
uint raster_count() {
    return min(push.draws.cmd[push.bucket].instance_count, TS_VIS_MAX_CUBES);
}
uint raster_id(uint index) {
    return push.visible.ids[push.draws.cmd[push.bucket].first_instance + index];
}

// A centre exactly on an edge from a to b is inside only for edges pointing "up", or exactly left: of two
// faces sharing the edge, one sees it as a -> b and the other as b -> a, so exactly one includes it.
bool top_left(ivec2 d) {
    return d.y > 0 || (d.y == 0 && d.x < 0);
}

// Sets up face `face` of a cube whose corners, projected to 1/256 pixel, are `corner` (index bit k = +axis k)
// at window depth `corner_depth`.
RasterFace setup_face(uint face, ivec2 corner[8], float corner_depth[8]) {
    const uint axis = face >> 1;
    const uint side = (face & 1u) == 0u ? 1u : 0u;  // +axis faces have bit `axis` set
    const uint u = 1u << ((axis + 1u) % 3u), v = 1u << ((axis + 2u) % 3u);
    const uint base = side << axis;
    uint k[4] = uint[](base, base | u, base | u | v, base | v);

    RasterFace f;
    f.face = face;
    int64_t area = 0;
    for (int i = 0; i < 4; ++i) {
        const ivec2 p = corner[k[i]], q = corner[k[(i + 1) & 3]];
        area += int64_t(p.x) * q.y - int64_t(q.x) * p.y;
    }
    f.box = ivec4(1, 1, 0, 0);
    if (area == 0) return f;  // edge-on: covers nothing
    if (area < 0) {           // make the corners counter-clockwise: inside is left of every edge
        const uint t = k[1];
        k[1] = k[3];
        k[3] = t;
    }
    ivec2 lo = corner[k[0]], hi = corner[k[0]];
    for (int i = 0; i < 4; ++i) {
        const ivec2 p = corner[k[i]], q = corner[k[(i + 1) & 3]];
        const ivec2 d = q - p;
        // e(P) = d.x (P.y - p.y) - d.y (P.x - p.x) with P = 256 (x, y) + 128, the pixel centre.
        f.a[i] = -int64_t(d.y) * 256;
        f.b[i] = int64_t(d.x) * 256;
        f.c[i] = int64_t(d.x) * (128 - p.y) - int64_t(d.y) * (128 - p.x) - (top_left(d) ? 0 : 1);
        lo = min(lo, p);
        hi = max(hi, p);
    }
    // Pixels whose centre may be inside: 256 x + 128 in [lo, hi], clamped to the target.
    const ivec2 size = ivec2(push.width, push.height);
    const ivec2 first = max((lo - 128 + 255) >> 8, ivec2(0));  // arithmetic shift: floor division
    const ivec2 last = min((hi - 128) >> 8, size - 1);
    f.box = ivec4(first, last);

    // The face's plane through three corners, in pixels: depth(x) = z0 + g . (x - x0).
    const vec2 p0 = vec2(corner[k[0]]) / 256.0, p1 = vec2(corner[k[1]]) / 256.0,
               p2 = vec2(corner[k[2]]) / 256.0;
    const float z0 = corner_depth[k[0]];
    const vec2 e1 = p1 - p0, e2 = p2 - p0;
    const float dz1 = corner_depth[k[1]] - z0, dz2 = corner_depth[k[2]] - z0;
    const float det = e1.x * e2.y - e2.x * e1.y;
    const vec2 g = det != 0.0 ? vec2(dz1 * e2.y - dz2 * e1.y, e1.x * dz2 - e2.x * dz1) / det : vec2(0.0);
    // At pixel (x, y) the centre is (x + 0.5, y + 0.5).
    f.depth = vec3(z0 + g.x * (0.5 - p0.x) + g.y * (0.5 - p0.y), g.x, g.y);
    return f;
}

// Projects cube `id` and sets up its camera-facing faces (three; an edge-on face covers no pixel).
void setup_cube(uint id, out RasterFace faces[3]) {
    const CubeInstance cube = fetch_cube(push.chunks, push.chunk_shift, id);
    const vec4 q = cube_rotation(cube);
    const mat4 view_projection = push.uniforms.values.view_projection;
    const vec2 size = vec2(push.width, push.height);
    ivec2 corner[8];
    float corner_depth[8];
    for (uint i = 0u; i < 8u; ++i) {
        const vec3 local =
            vec3((i & 1u) != 0u ? 0.5 : -0.5, (i & 2u) != 0u ? 0.5 : -0.5, (i & 4u) != 0u ? 0.5 : -0.5);
        const vec4 clip = view_projection * vec4(cube.position + rotate(q, local * cube.scale), 1.0);
        const vec3 ndc = clip.xyz / clip.w;  // w > 0: the cull pass keeps cubes across the near plane out
        corner[i] = ivec2(round((ndc.xy * 0.5 + 0.5) * size * 256.0));
        corner_depth[i] = ndc.z;
    }
    const vec3 to_camera =
        rotate(vec4(-q.xyz, q.w), push.uniforms.values.camera_position.xyz - cube.position);
    for (uint axis = 0u; axis < 3u; ++axis)
        faces[axis] = setup_face(2u * axis + (to_camera[axis] >= 0.0 ? 0u : 1u), corner, corner_depth);
}

// Writes pixel (x, y) of face `f` of cube `id` if its centre is covered.
void raster_pixel(RasterFace f, uint id, int x, int y) {
    const i64vec4 e = f.a * int64_t(x) + f.b * int64_t(y) + f.c;
    if (any(lessThan(e, i64vec4(0)))) return;
    const float depth = f.depth.x + f.depth.y * float(x) + f.depth.z * float(y);
    const uint index = uint(y) * push.width + uint(x);
    const uint64_t packed = visibility_pack(depth, f.face, id);
    // A plain read first: most pixels already hold something nearer once the frame fills up.
    if (VisibilityBuffer(push.visibility).pixels[index] < packed)
        atomicMax(VisibilityBuffer(push.visibility).pixels[index], packed);
}

#endif
