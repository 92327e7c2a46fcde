#include "scene/extract.h"

#include "base/error.h"
#include "ecs/query.h"
#include "scene/components.h"
#include "scene/generator.h"
#include "scene/simd.h"

#include <algorithm>
#include <cstdint>
#include <string>

namespace tessera::scene {
namespace {

using CubeQuery = ecs::Query<const Position, const Scale, const Rotation, const Color>;

inline gpu::CubeInstance record(const Position& p, const Scale& s, const Rotation& r, const Color& c) {
    return {p.value, s.value, pack_rotation(r.xyzw), c.rgba, 0u};
}

// Writes records [0, n) of one chunk to dst.
void extract_chunk(const Position* p, const Scale* s, const Rotation* r, const Color* c, std::size_t n,
                   gpu::CubeInstance* dst) {
    std::size_t i = 0;
#if TESSERA_SCENE_SSE2
    // pack_snorm16's clamp, scale and rounding on four lanes; streaming stores, whole records, no read of
    // dst.
    if (reinterpret_cast<std::uintptr_t>(dst) % 16 == 0) {
        const __m128 lo = _mm_set1_ps(-1.0f), hi = _mm_set1_ps(1.0f), scale = _mm_set1_ps(32767.0f);
        const __m128 half = _mm_set1_ps(0.5f), minus_half = _mm_set1_ps(-0.5f);
        for (; i < n; ++i) {
            // max(lo, q) and min(hi, .) keep std::max(q, -1) / std::min(., 1) semantics (NaN passes through).
            const __m128 x = _mm_mul_ps(_mm_min_ps(hi, _mm_max_ps(lo, _mm_loadu_ps(&r[i].xyzw.x))), scale);
            __m128i q = _mm_cvttps_epi32(x);
            const __m128 fraction = _mm_sub_ps(x, _mm_cvtepi32_ps(q));
            q = _mm_sub_epi32(q, _mm_castps_si128(_mm_cmpge_ps(fraction, half)));
            q = _mm_add_epi32(q, _mm_castps_si128(_mm_cmple_ps(fraction, minus_half)));
            const __m128i rotation_color = _mm_unpacklo_epi64(
                _mm_packs_epi32(q, q), _mm_cvtsi32_si128(static_cast<int>(c[i].rgba)));  // flags = 0
            const __m128 position_scale = _mm_setr_ps(p[i].value.x, p[i].value.y, p[i].value.z, s[i].value);
            auto* out = reinterpret_cast<__m128i*>(dst + i);
            _mm_stream_si128(out, _mm_castps_si128(position_scale));
            _mm_stream_si128(out + 1, rotation_color);
        }
        _mm_sfence();  // streaming stores are weakly ordered: publish them before the join
    }
#endif
    for (; i < n; ++i) dst[i] = record(p[i], s[i], r[i], c[i]);
}

}  // namespace

std::size_t extract_count(ecs::World& world) {
    return CubeQuery(world).count();
}

std::size_t extract(ecs::World& world, std::span<gpu::CubeInstance> out, JobSystem& jobs) {
    const CubeQuery cubes(world);
    const std::size_t count = cubes.count();
    if (out.size() < count)
        throw Error("extract: instance buffer holds " + std::to_string(out.size()) +
                    " cubes, the world has " + std::to_string(count));
    using View = ecs::ChunkView<const Position, const Scale, const Rotation, const Color>;
    cubes.par_for_each_chunk(jobs, [out](const View& view) {
        extract_chunk(view.column<const Position>().data(), view.column<const Scale>().data(),
                      view.column<const Rotation>().data(), view.column<const Color>().data(), view.size(),
                      out.data() + view.first());
    });
    return count;
}

ecs::System extract_system() {
    return ecs::System("extract",
                       [](ecs::SystemContext& ctx) {
                           ExtractTarget& target = ctx.resource<ExtractTarget>();
                           target.written = extract(ctx.world(), target.out, ctx.jobs());
                       })
        .reads<Position, Scale, Rotation, Color>()
        .writes<ExtractTarget>();
}

}  // namespace tessera::scene
