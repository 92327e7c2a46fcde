#include "scene/systems.h"

#include "ecs/query.h"
#include "scene/random.h"
#include "scene/simd.h"

#include <algorithm>
#include <cmath>

namespace tessera::scene {
namespace {

static_assert(sizeof(Position) == 12 && sizeof(Velocity) == 12 && sizeof(Spin) == 12 &&
                  sizeof(Rotation) == 16 && sizeof(Agent) == 8,
              "the kernels below read these columns as packed float arrays");

constexpr float kPi = 3.14159265358979f;
constexpr float kTwoPi = 2.0f * kPi;
constexpr float kSoftening = 1e-6f;  // keeps the steering direction finite at an attractor's centre

// sin(x) for x in [-pi, pi], branch-free, absolute error below 1e-3: ample for a pulse.
inline float fast_sin(float x) {
    const float y = (4.0f / kPi) * x - (4.0f / (kPi * kPi)) * x * std::abs(x);
    return 0.225f * (y * std::abs(y) - y) + y;
}

inline float* floats(void* p) {
    return static_cast<float*>(p);
}
inline const float* floats(const void* p) {
    return static_cast<const float*>(p);
}

// ---- motion

inline void bounce(float& p, float& v, float lo, float hi) {
    if (p < lo) {
        p = lo + (lo - p);
        v = std::abs(v);
    }
    if (p > hi) {
        p = hi - (p - hi);
        v = -std::abs(v);
    }
    p = std::min(std::max(p, lo), hi);
}

inline void move(Position& p, Velocity& v, float dt, const glm::vec3& lo, const glm::vec3& hi) {
    for (int axis = 0; axis < 3; ++axis) {
        p.value[axis] = p.value[axis] + v.value[axis] * dt;
        bounce(p.value[axis], v.value[axis], lo[axis], hi[axis]);
    }
}

// Velocity is written only where a cube bounces.
void move_chunk(Position* p, Velocity* v, std::size_t n, float dt, const glm::vec3& lo, const glm::vec3& hi) {
    std::size_t i = 0;
#if TESSERA_SCENE_SSE2
    // Four cubes = 12 floats = x y z x | y z x y | z x y z.
    const __m128 lo0 = _mm_setr_ps(lo.x, lo.y, lo.z, lo.x), lo1 = _mm_setr_ps(lo.y, lo.z, lo.x, lo.y),
                 lo2 = _mm_setr_ps(lo.z, lo.x, lo.y, lo.z);
    const __m128 hi0 = _mm_setr_ps(hi.x, hi.y, hi.z, hi.x), hi1 = _mm_setr_ps(hi.y, hi.z, hi.x, hi.y),
                 hi2 = _mm_setr_ps(hi.z, hi.x, hi.y, hi.z);
    const __m128 step = _mm_set1_ps(dt);
    for (; i + 4 <= n; i += 4) {
        float* pf = floats(p + i);
        const float* vf = floats(v + i);
        const __m128 a = _mm_add_ps(_mm_loadu_ps(pf), _mm_mul_ps(_mm_loadu_ps(vf), step));
        const __m128 b = _mm_add_ps(_mm_loadu_ps(pf + 4), _mm_mul_ps(_mm_loadu_ps(vf + 4), step));
        const __m128 c = _mm_add_ps(_mm_loadu_ps(pf + 8), _mm_mul_ps(_mm_loadu_ps(vf + 8), step));
        const __m128 outside = _mm_or_ps(_mm_or_ps(_mm_or_ps(_mm_cmplt_ps(a, lo0), _mm_cmpgt_ps(a, hi0)),
                                                   _mm_or_ps(_mm_cmplt_ps(b, lo1), _mm_cmpgt_ps(b, hi1))),
                                         _mm_or_ps(_mm_cmplt_ps(c, lo2), _mm_cmpgt_ps(c, hi2)));
        if (_mm_movemask_ps(outside) == 0) {
            _mm_storeu_ps(pf, a);
            _mm_storeu_ps(pf + 4, b);
            _mm_storeu_ps(pf + 8, c);
        } else {
            for (std::size_t k = i; k < i + 4; ++k) move(p[k], v[k], dt, lo, hi);
        }
    }
#endif
    for (; i < n; ++i) move(p[i], v[i], dt, lo, hi);
}

// ---- spin

// q += dt/2 * (omega, 0) * q, renormalised.
inline void spin(const Spin& s, Rotation& r, float half_dt) {
    const float wx = s.omega.x * half_dt, wy = s.omega.y * half_dt, wz = s.omega.z * half_dt;
    const glm::vec4 q = r.xyzw;
    const float x = (q.x + q.w * wx) + (wy * q.z - wz * q.y);
    const float y = (q.y + q.w * wy) + (wz * q.x - wx * q.z);
    const float z = (q.z + q.w * wz) + (wx * q.y - wy * q.x);
    const float w = q.w - ((wx * q.x + wy * q.y) + wz * q.z);
    const float inv = 1.0f / std::sqrt((x * x + y * y) + (z * z + w * w));
    r.xyzw = {x * inv, y * inv, z * inv, w * inv};
}

void spin_chunk(const Spin* s, Rotation* r, std::size_t n, float half_dt) {
    std::size_t i = 0;
#if TESSERA_SCENE_SSE2
    const __m128 h = _mm_set1_ps(half_dt), one = _mm_set1_ps(1.0f);
    for (; i + 4 <= n; i += 4) {
        float* rf = floats(r + i);
        __m128 qx = _mm_loadu_ps(rf), qy = _mm_loadu_ps(rf + 4), qz = _mm_loadu_ps(rf + 8),
               qw = _mm_loadu_ps(rf + 12);
        _MM_TRANSPOSE4_PS(qx, qy, qz, qw);
        const simd::Vec3x4 omega = simd::load_vec3x4(floats(s + i));
        const __m128 wx = _mm_mul_ps(omega.x, h), wy = _mm_mul_ps(omega.y, h), wz = _mm_mul_ps(omega.z, h);
        const __m128 x = _mm_add_ps(_mm_add_ps(qx, _mm_mul_ps(qw, wx)),
                                    _mm_sub_ps(_mm_mul_ps(wy, qz), _mm_mul_ps(wz, qy)));
        const __m128 y = _mm_add_ps(_mm_add_ps(qy, _mm_mul_ps(qw, wy)),
                                    _mm_sub_ps(_mm_mul_ps(wz, qx), _mm_mul_ps(wx, qz)));
        const __m128 z = _mm_add_ps(_mm_add_ps(qz, _mm_mul_ps(qw, wz)),
                                    _mm_sub_ps(_mm_mul_ps(wx, qy), _mm_mul_ps(wy, qx)));
        const __m128 w = _mm_sub_ps(
            qw, _mm_add_ps(_mm_add_ps(_mm_mul_ps(wx, qx), _mm_mul_ps(wy, qy)), _mm_mul_ps(wz, qz)));
        const __m128 length2 = _mm_add_ps(_mm_add_ps(_mm_mul_ps(x, x), _mm_mul_ps(y, y)),
                                          _mm_add_ps(_mm_mul_ps(z, z), _mm_mul_ps(w, w)));
        const __m128 inv = _mm_div_ps(one, _mm_sqrt_ps(length2));
        __m128 ox = _mm_mul_ps(x, inv), oy = _mm_mul_ps(y, inv), oz = _mm_mul_ps(z, inv),
               ow = _mm_mul_ps(w, inv);
        _MM_TRANSPOSE4_PS(ox, oy, oz, ow);
        _mm_storeu_ps(rf, ox);
        _mm_storeu_ps(rf + 4, oy);
        _mm_storeu_ps(rf + 8, oz);
        _mm_storeu_ps(rf + 12, ow);
    }
#endif
    for (; i < n; ++i) spin(s[i], r[i], half_dt);
}

// ---- steering

struct Field {
    glm::vec3 position;
    float radius2;
    float strength;
};

struct Fields {
    std::array<Field, Attractors::kMax> items{};
    uint32_t count = 0;
};

inline void steer(const Position& p, const Agent& agent, Velocity& v, const Fields& fields, float dt) {
    float ax = 0, ay = 0, az = 0;
    for (uint32_t k = 0; k < fields.count; ++k) {
        const Field& f = fields.items[k];
        const float dx = f.position.x - p.value.x, dy = f.position.y - p.value.y,
                    dz = f.position.z - p.value.z;
        const float dist2 = (dx * dx + dy * dy) + dz * dz;
        if (dist2 < f.radius2) {
            const float s = f.strength / std::sqrt(dist2 + kSoftening);
            ax += dx * s, ay += dy * s, az += dz * s;
        }
    }
    const float gain = agent.agility * dt;
    float vx = v.value.x + ax * gain, vy = v.value.y + ay * gain, vz = v.value.z + az * gain;
    const float speed2 = (vx * vx + vy * vy) + vz * vz;
    if (speed2 > agent.max_speed * agent.max_speed) {
        const float f = agent.max_speed / std::sqrt(speed2);
        vx *= f, vy *= f, vz *= f;
    }
    v.value = {vx, vy, vz};
}

// Adding a masked-off +0 leaves a sum that started at +0 unchanged, so lanes match the scalar branch exactly.
void steer_chunk(const Position* p, const Agent* agents, Velocity* v, std::size_t n, const Fields& fields,
                 float dt) {
    std::size_t i = 0;
#if TESSERA_SCENE_SSE2
    const __m128 step = _mm_set1_ps(dt), one = _mm_set1_ps(1.0f), softening = _mm_set1_ps(kSoftening);
    for (; i + 4 <= n; i += 4) {
        const simd::Vec3x4 pos = simd::load_vec3x4(floats(p + i));
        const __m128 lo = _mm_loadu_ps(floats(agents + i)), hi = _mm_loadu_ps(floats(agents + i) + 4);
        const __m128 max_speed = _mm_shuffle_ps(lo, hi, _MM_SHUFFLE(2, 0, 2, 0));
        const __m128 agility = _mm_shuffle_ps(lo, hi, _MM_SHUFFLE(3, 1, 3, 1));
        __m128 ax = _mm_setzero_ps(), ay = _mm_setzero_ps(), az = _mm_setzero_ps();
        for (uint32_t k = 0; k < fields.count; ++k) {
            const Field& f = fields.items[k];
            const __m128 dx = _mm_sub_ps(_mm_set1_ps(f.position.x), pos.x);
            const __m128 dy = _mm_sub_ps(_mm_set1_ps(f.position.y), pos.y);
            const __m128 dz = _mm_sub_ps(_mm_set1_ps(f.position.z), pos.z);
            const __m128 dist2 =
                _mm_add_ps(_mm_add_ps(_mm_mul_ps(dx, dx), _mm_mul_ps(dy, dy)), _mm_mul_ps(dz, dz));
            const __m128 inside = _mm_cmplt_ps(dist2, _mm_set1_ps(f.radius2));
            if (_mm_movemask_ps(inside) == 0) continue;
            const __m128 s = _mm_and_ps(
                inside, _mm_div_ps(_mm_set1_ps(f.strength), _mm_sqrt_ps(_mm_add_ps(dist2, softening))));
            ax = _mm_add_ps(ax, _mm_mul_ps(dx, s));
            ay = _mm_add_ps(ay, _mm_mul_ps(dy, s));
            az = _mm_add_ps(az, _mm_mul_ps(dz, s));
        }
        const __m128 gain = _mm_mul_ps(agility, step);
        simd::Vec3x4 vel = simd::load_vec3x4(floats(v + i));
        vel.x = _mm_add_ps(vel.x, _mm_mul_ps(ax, gain));
        vel.y = _mm_add_ps(vel.y, _mm_mul_ps(ay, gain));
        vel.z = _mm_add_ps(vel.z, _mm_mul_ps(az, gain));
        const __m128 speed2 = _mm_add_ps(_mm_add_ps(_mm_mul_ps(vel.x, vel.x), _mm_mul_ps(vel.y, vel.y)),
                                         _mm_mul_ps(vel.z, vel.z));
        const __m128 fast = _mm_cmpgt_ps(speed2, _mm_mul_ps(max_speed, max_speed));
        if (_mm_movemask_ps(fast) != 0) {
            const __m128 f = simd::select(fast, _mm_div_ps(max_speed, _mm_sqrt_ps(speed2)), one);
            vel.x = _mm_mul_ps(vel.x, f);
            vel.y = _mm_mul_ps(vel.y, f);
            vel.z = _mm_mul_ps(vel.z, f);
        }
        simd::store_vec3x4(floats(v + i), vel);
    }
#endif
    for (; i < n; ++i) steer(p[i], agents[i], v[i], fields, dt);
}

}  // namespace

Attractors make_attractors(const Bounds& bounds, uint64_t seed, uint32_t count) {
    Attractors result;
    result.count = std::min<uint32_t>(count, Attractors::kMax);
    result.center = bounds.center;
    const glm::vec3 h = bounds.half_extent;
    Random random(mix(seed ^ 0xA77AC7022ull));
    for (uint32_t k = 0; k < result.count; ++k) {
        Attractor& a = result.items[k];
        a.strength = (k % 2 == 0 ? 1.0f : -1.0f) * (2.0f + 2.0f * random.next());
        a.radius = 0.35f * std::max(h.x, std::max(h.y, h.z));
        a.amplitude = h * 0.8f;
        a.frequency = 0.05f + 0.15f * random.next3();
        a.phase = random.next3() * kTwoPi;
    }
    move_attractors(result, 0.0);
    return result;
}

void move_attractors(Attractors& attractors, double elapsed) {
    for (uint32_t k = 0; k < attractors.count; ++k) {
        Attractor& a = attractors.items[k];
        for (int axis = 0; axis < 3; ++axis)
            a.position[axis] =
                attractors.center[axis] +
                a.amplitude[axis] * static_cast<float>(std::sin(a.frequency[axis] * elapsed + a.phase[axis]));
    }
}

ecs::System attractor_system() {
    return ecs::System("attractors",
                       [](ecs::SystemContext& ctx) {
                           move_attractors(ctx.resource<Attractors>(), ctx.resource<const Clock>().elapsed);
                       })
        .reads<Clock>()
        .writes<Attractors>();
}

ecs::System steering_system() {
    const auto run = [](ecs::SystemContext& ctx) {
        const Attractors& attractors = ctx.resource<const Attractors>();
        Fields fields;
        fields.count = attractors.count;
        for (uint32_t k = 0; k < fields.count; ++k) {
            const Attractor& a = attractors.items[k];
            fields.items[k] = {a.position, a.radius * a.radius, a.strength};
        }
        const float dt = ctx.resource<const Clock>().dt;
        using View = ecs::ChunkView<const Position, const Agent, Velocity>;
        ctx.query<const Position, const Agent, Velocity>().par_for_each_chunk(
            ctx.jobs(), [&](const View& view) {
                steer_chunk(view.column<const Position>().data(), view.column<const Agent>().data(),
                            view.column<Velocity>().data(), view.size(), fields, dt);
            });
    };
    return ecs::System("steering", run).reads<Clock, Attractors, Position, Agent>().writes<Velocity>();
}

ecs::System motion_system() {
    const auto run = [](ecs::SystemContext& ctx) {
        const float dt = ctx.resource<const Clock>().dt;
        const Bounds& bounds = ctx.resource<const Bounds>();
        const glm::vec3 lo = bounds.center - bounds.half_extent, hi = bounds.center + bounds.half_extent;
        using View = ecs::ChunkView<Position, Velocity>;
        ctx.query<Position, Velocity>().par_for_each_chunk(ctx.jobs(), [&](const View& view) {
            move_chunk(view.column<Position>().data(), view.column<Velocity>().data(), view.size(), dt, lo,
                       hi);
        });
    };
    return ecs::System("motion", run).reads<Clock, Bounds>().writes<Position, Velocity>();
}

ecs::System spin_system() {
    const auto run = [](ecs::SystemContext& ctx) {
        const float half_dt = 0.5f * ctx.resource<const Clock>().dt;
        using View = ecs::ChunkView<const Spin, Rotation>;
        ctx.query<const Spin, Rotation>().par_for_each_chunk(ctx.jobs(), [&](const View& view) {
            spin_chunk(view.column<const Spin>().data(), view.column<Rotation>().data(), view.size(),
                       half_dt);
        });
    };
    return ecs::System("spin", run).reads<Clock, Spin>().writes<Rotation>();
}

ecs::System pulse_system() {
    const auto run = [](ecs::SystemContext& ctx) {
        const float dt = ctx.resource<const Clock>().dt;
        ctx.query<Pulse, Scale>().par_for_each(ctx.jobs(), [=](Pulse& pulse, Scale& scale) {
            float phase = pulse.phase + pulse.frequency * dt;  // >= 0
            phase -= kTwoPi * static_cast<float>(static_cast<int>(phase * (1.0f / kTwoPi)));
            pulse.phase = phase;
            scale.value =
                pulse.base_scale * (1.0f - pulse.amplitude * fast_sin(phase - kPi));  // sin(p) = -sin(p - pi)
        });
    };
    return ecs::System("pulse", run).reads<Clock>().writes<Pulse, Scale>();
}

}  // namespace tessera::scene
