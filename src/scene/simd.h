#pragma once
// Internal to scene's .cpp files: SSE2 helpers for the per-entity kernels, which take four entities at a time
// in registers laid out as structure of arrays. Every kernel also has a scalar form that performs the same
// IEEE operations in the same order, used for a chunk's last (size % 4) entities and where SSE2 is missing,
// so the result is bit-identical whichever path an entity takes.

#if defined(__SSE2__)
#define TESSERA_SCENE_SSE2 1
#include <emmintrin.h>

namespace tessera::scene::simd {

struct Vec3x4 {
    __m128 x, y, z;
};

// Four consecutive glm::vec3 (12 floats) -> x, y, z lanes.
inline Vec3x4 load_vec3x4(const float* p) {
    const __m128 a = _mm_loadu_ps(p), b = _mm_loadu_ps(p + 4), c = _mm_loadu_ps(p + 8);
    const __m128 x23y23 = _mm_shuffle_ps(b, c, _MM_SHUFFLE(2, 1, 3, 2));
    const __m128 y01z01 = _mm_shuffle_ps(a, b, _MM_SHUFFLE(1, 0, 2, 1));
    return {_mm_shuffle_ps(a, x23y23, _MM_SHUFFLE(2, 0, 3, 0)),
            _mm_shuffle_ps(y01z01, x23y23, _MM_SHUFFLE(3, 1, 2, 0)),
            _mm_shuffle_ps(y01z01, c, _MM_SHUFFLE(3, 0, 3, 1))};
}

inline void store_vec3x4(float* p, const Vec3x4& v) {
    const __m128 xy01 = _mm_unpacklo_ps(v.x, v.y), xy23 = _mm_unpackhi_ps(v.x, v.y);
    const __m128 z0x1 = _mm_shuffle_ps(v.z, v.x, _MM_SHUFFLE(1, 1, 0, 0));
    const __m128 y1z1 = _mm_shuffle_ps(v.y, v.z, _MM_SHUFFLE(1, 1, 1, 1));
    const __m128 z23x3y3 = _mm_shuffle_ps(v.z, xy23, _MM_SHUFFLE(3, 2, 3, 2));
    _mm_storeu_ps(p, _mm_shuffle_ps(xy01, z0x1, _MM_SHUFFLE(2, 0, 1, 0)));
    _mm_storeu_ps(p + 4, _mm_shuffle_ps(y1z1, xy23, _MM_SHUFFLE(1, 0, 2, 0)));
    _mm_storeu_ps(p + 8, _mm_shuffle_ps(z23x3y3, z23x3y3, _MM_SHUFFLE(1, 3, 2, 0)));
}

// mask ? a : b, lane by lane (mask lanes all ones or all zeros).
inline __m128 select(__m128 mask, __m128 a, __m128 b) {
    return _mm_or_ps(_mm_and_ps(mask, a), _mm_andnot_ps(mask, b));
}

}  // namespace tessera::scene::simd
#endif
