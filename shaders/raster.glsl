// The compute rasteriser of gpu-lod's middle sizes: cubes from a pixel or so up to raster_max_pixels across are
// drawn here instead of by the hardware pipe, which on large GPUs runs vertex and fragment work on a few SMs
// only. Included by raster_small.comp (one invocation per cube), raster_large.comp (one workgroup per cube)
// and raster_batches.comp (a workgroup per batch of cubes, sharing out their pixels).
//
// A cube shows at most three faces: those whose outward normal points towards the camera (the same choice as
// cube.vert's faces-only path). Each face is a planar quad; its corners are projected and snapped to 1/256
// pixel (8 sub-pixel bits, as hardware rasterisers snap), and a pixel is covered when its centre lies inside
// all four edges. Edge functions are exact 64-bit integers, and a centre exactly on an edge belongs to the
// face on the edge's left only when the edge is a "top-left" edge in the sense of TopLeft() below, so faces
// sharing an edge (within a cube, and between touching cubes whose corners snap alike) leave no gap and never
// both claim a pixel. Depth is the face's plane in window space evaluated at the pixel centre, like the
// hardware's interpolation of z/w; it matches the hardware path's depth within float rounding (about 1e-7
// relative). Each covered pixel does one 64-bit atomicMax of (depth | face | lit colour) into the visibility
// buffer; the face is lit once, in its setup.
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

// One camera-facing face, ready to rasterise. Edge functions are relative to the box's first pixel: at pixel
// (box.x + i, box.y + j), e_k = a[k] * i + b[k] * j + c[k]; the pixel is covered when every e_k >= 0 (the
// top-left rule is folded into c: non-top-left edges are biased by -1). They are set up exactly in 64 bits
// and evaluated in 32 bits when no value over the box can overflow (`exact32`: always so for the sizes the
// cull pass sends here, and much cheaper where 64-bit multiplies are emulated, as on CPU drivers).
struct RasterFace {
    i64vec4 a, b, c;
    ivec4 a32, b32, c32;
    bool exact32;
    ivec4 box;   // candidate pixels: x0, y0, x1, y1 inclusive; x0 > x1 when the face covers none
    vec3 depth;  // window depth at pixel centre (x, y): depth.x + depth.y * x + depth.z * y
    uint face;   // 0-5, cube.glsl's order
    uint color;  // the face's lit colour, visibility_color()
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

// The edge function of the edge p -> q, inside on its left: e(P) = d.x (P.y - p.y) - d.y (P.x - p.x) with
// d = q - p and P = 256 (x, y) + 128, the centre of pixel (x, y): e = a x + b y + c.
void edge(ivec2 p, ivec2 q, out int64_t a, out int64_t b, out int64_t c) {
    const ivec2 d = q - p;
    a = -int64_t(d.y) * 256;
    b = int64_t(d.x) * 256;
    c = int64_t(d.x) * (128 - p.y) - int64_t(d.y) * (128 - p.x) - (top_left(d) ? 0 : 1);
}

// A point of the cube (`local` in [-0.5, 0.5]^3) projected to 1/256 pixel, and its window depth.
void project(CubeInstance cube, vec4 q, vec3 local, out ivec2 pixel, out float depth) {
    const vec4 clip =
        push.uniforms.values.view_projection * vec4(cube.position + rotate(q, local * cube.scale), 1.0);
    const vec3 ndc = clip.xyz / clip.w;  // w > 0: the cull pass keeps cubes across the near plane out
    pixel = ivec2(round((ndc.xy * 0.5 + 0.5) * vec2(push.width, push.height) * 256.0));
    depth = ndc.z;
}

// Sets up face `face` (0-5) of `cube`: the face with outward normal n, spanned by u and w (unit axes of the
// cube); none (an empty box) unless `facing`. Written without local arrays, whose dynamic indexing costs
// dearly on CPU drivers.
RasterFace setup_face(CubeInstance cube, vec4 q, vec3 n, vec3 u, vec3 w, uint face, bool facing) {
    RasterFace f;
    f.face = face;
    f.color = visibility_color(lit_face(cube, q, n, push.uniforms.values.light_direction));
    f.box = ivec4(1, 1, 0, 0);
    f.exact32 = false;
    ivec2 p0, p1, p2, p3;
    float z0, z1, z2, z3;
    project(cube, q, 0.5 * (n - u - w), p0, z0);
    project(cube, q, 0.5 * (n + u - w), p1, z1);
    project(cube, q, 0.5 * (n + u + w), p2, z2);
    project(cube, q, 0.5 * (n - u + w), p3, z3);

    const int64_t area = int64_t(p0.x) * p1.y - int64_t(p1.x) * p0.y + int64_t(p1.x) * p2.y -
                         int64_t(p2.x) * p1.y + int64_t(p2.x) * p3.y - int64_t(p3.x) * p2.y +
                         int64_t(p3.x) * p0.y - int64_t(p0.x) * p3.y;
    if (area == 0) return f;  // edge-on: covers nothing
    if (area < 0) {           // make the corners counter-clockwise: inside is left of every edge
        const ivec2 t = p1;
        p1 = p3;
        p3 = t;
        const float tz = z1;
        z1 = z3;
        z3 = tz;
    }
    edge(p0, p1, f.a.x, f.b.x, f.c.x);
    edge(p1, p2, f.a.y, f.b.y, f.c.y);
    edge(p2, p3, f.a.z, f.b.z, f.c.z);
    edge(p3, p0, f.a.w, f.b.w, f.c.w);

    // Pixels whose centre may be inside: 256 x + 128 in [lo, hi], clamped to the target.
    const ivec2 lo = min(min(p0, p1), min(p2, p3)), hi = max(max(p0, p1), max(p2, p3));
    const ivec2 first = max((lo - 128 + 255) >> 8, ivec2(0));  // arithmetic shift: floor division
    const ivec2 last = min((hi - 128) >> 8, ivec2(push.width, push.height) - 1);
    f.box = facing ? ivec4(first, last) : ivec4(1, 1, 0, 0);
    // Relative to the box's first pixel, and whether 32 bits hold every value over the box.
    f.c += f.a * int64_t(first.x) + f.b * int64_t(first.y);
    const i64vec4 bound = abs(f.c) + abs(f.a) * int64_t(max(last.x - first.x, 0)) +
                          abs(f.b) * int64_t(max(last.y - first.y, 0));
    f.exact32 = all(lessThan(bound, i64vec4(0x7FFFFFFF)));
    f.a32 = ivec4(f.a);
    f.b32 = ivec4(f.b);
    f.c32 = ivec4(f.c);

    // The face's plane through three corners, in pixels: depth(x) = z0 + g . (x - x0).
    const vec2 x0 = vec2(p0) / 256.0, e1 = vec2(p1 - p0) / 256.0, e2 = vec2(p2 - p0) / 256.0;
    const float dz1 = z1 - z0, dz2 = z2 - z0;
    const float det = e1.x * e2.y - e2.x * e1.y;
    const vec2 g = det != 0.0 ? vec2(dz1 * e2.y - dz2 * e1.y, e1.x * dz2 - e2.x * dz1) / det : vec2(0.0);
    // At pixel (x, y) the centre is (x + 0.5, y + 0.5).
    f.depth = vec3(z0 + g.x * (0.5 - x0.x) + g.y * (0.5 - x0.y), g.x, g.y);
    return f;
}

// The camera-facing face of `cube` on axis 0, 1 or 2 (the same choice as cube.vert's faces-only path), or none
// where the camera lies between the axis' two face planes: the face on its side then faces away (the hardware
// path culls it as back-facing). Drawn anyway, it would show through where raster_small takes the first face
// that covers a pixel rather than the nearest.
RasterFace setup_axis(CubeInstance cube, vec4 q, vec3 to_camera, uint axis) {
    const vec3 x = vec3(1, 0, 0), y = vec3(0, 1, 0), z = vec3(0, 0, 1);
    const bool facing = abs(to_camera[axis]) > 0.5 * cube.scale;
    if (axis == 0u)
        return setup_face(cube, q, to_camera.x >= 0.0 ? x : -x, y, z, to_camera.x >= 0.0 ? 0u : 1u, facing);
    if (axis == 1u)
        return setup_face(cube, q, to_camera.y >= 0.0 ? y : -y, z, x, to_camera.y >= 0.0 ? 2u : 3u, facing);
    return setup_face(cube, q, to_camera.z >= 0.0 ? z : -z, x, y, to_camera.z >= 0.0 ? 4u : 5u, facing);
}

// The cube and its direction to the camera in its own frame.
CubeInstance raster_cube(uint id, out vec4 q, out vec3 to_camera) {
    const CubeInstance cube = fetch_cube(push.chunks, push.chunk_shift, id);
    q = cube_rotation(cube);
    to_camera = in_cube_frame(cube, q, push.uniforms.values.camera_position.xyz);
    return cube;
}

// The candidate pixels of a face's box (x0, y0, x1, y1 inclusive; empty when x0 > x1 or y0 > y1).
uint box_pixels(ivec4 box) {
    return box.x > box.z || box.y > box.w ? 0u : uint(box.z - box.x + 1) * uint(box.w - box.y + 1);
}

// Writes pixel (box.x + i, box.y + j) of face `f`, whose centre the caller found covered: (depth | face | lit
// colour), one atomicMax where a plain read does not find something nearer already.
void raster_write(RasterFace f, int i, int j) {
    const int x = f.box.x + i, y = f.box.y + j;
    const float depth = f.depth.x + f.depth.y * float(x) + f.depth.z * float(y);
    const uint index = uint(y) * push.width + uint(x);
    const uint64_t packed = visibility_pack(depth, f.face, f.color);
    // A plain read first: most pixels already hold something nearer once the frame fills up.
    if (VisibilityBuffer(push.visibility).pixels[index] < packed)
        atomicMax(VisibilityBuffer(push.visibility).pixels[index], packed);
}

// Whether pixel (box.x + i, box.y + j) of an exact32 face `f` is inside its four edges.
bool raster_covers32(RasterFace f, int i, int j) {
    return all(greaterThanEqual(f.a32 * i + f.b32 * j + f.c32, ivec4(0)));
}

// Whether pixel (box.x + i, box.y + j) of face `f` is covered.
bool raster_covers(RasterFace f, int i, int j) {
    if (f.exact32) return raster_covers32(f, i, j);
    return all(greaterThanEqual(f.a * int64_t(i) + f.b * int64_t(j) + f.c, i64vec4(0)));
}

#endif
