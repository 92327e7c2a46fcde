// sRGB transfer functions, per channel (linear <-> encoded), for shaders that write or read sRGB-encoded
// bytes themselves: the visibility buffer's lit colours (cube.glsl), the shade's stores into the target and the
// resolve's reads of them.
#ifndef TESSERA_COLOR_GLSL
#define TESSERA_COLOR_GLSL

vec3 srgb_encode(vec3 c) {
    return mix(12.92 * c, 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055, greaterThan(c, vec3(0.0031308)));
}
vec3 srgb_decode(vec3 c) {
    return mix(c / 12.92, pow((c + 0.055) / 1.055, vec3(2.4)), greaterThan(c, vec3(0.04045)));
}

#ifdef TS_SHADE_SRGB  // shared.h included first
// A linear colour as a target of TS_SHADE_* `flags` stores its 4 bytes (written through an R32_UINT view).
uint pack_target_color(vec3 linear, uint flags) {
    vec3 c = clamp(linear, 0.0, 1.0);
    if ((flags & TS_SHADE_SRGB) != 0u) c = srgb_encode(c);
    return packUnorm4x8((flags & TS_SHADE_BGRA) != 0u ? vec4(c.bgr, 1.0) : vec4(c, 1.0));
}
#endif

#endif
