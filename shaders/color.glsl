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

#endif
