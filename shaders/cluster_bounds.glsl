// A cluster's bounding sphere from its cubes (TS_CLUSTER_SHIFT in shared.h), for the passes that run one
// workgroup of TS_CULL_GROUP_SIZE invocations per cluster, invocation i on the cluster's cube i: every invocation
// calls store_cluster_bounds once, in uniform control flow; those past the scene's last cube pass valid = false.
// The sphere holds every cube whole: centred on the box of the cube centres, its radius half that box's
// diagonal plus the largest cube's half-diagonal. Minimum and maximum go through shared atomics on floats
// mapped to order-preserving uints, so no subgroup size is assumed.
#ifndef TESSERA_CLUSTER_BOUNDS_GLSL
#define TESSERA_CLUSTER_BOUNDS_GLSL

shared uint s_bounds_lo[3], s_bounds_hi[3], s_bounds_radius, s_bounds_valid;

uint float_order(float f) {
    const uint bits = floatBitsToUint(f);
    return (bits & 0x80000000u) != 0u ? ~bits : bits | 0x80000000u;
}
float float_from_order(uint u) {
    return uintBitsToFloat((u & 0x80000000u) != 0u ? u & 0x7FFFFFFFu : ~u);
}

void store_cluster_bounds(ClusterSpheres spheres, uint cluster, bool valid, vec3 center, float cube_radius) {
    if (gl_LocalInvocationIndex == 0u) {
        for (int k = 0; k < 3; ++k) {
            s_bounds_lo[k] = 0xFFFFFFFFu;
            s_bounds_hi[k] = 0u;
        }
        s_bounds_radius = 0u;
        s_bounds_valid = 0u;
    }
    barrier();
    if (valid) {
        for (int k = 0; k < 3; ++k) {
            atomicMin(s_bounds_lo[k], float_order(center[k]));
            atomicMax(s_bounds_hi[k], float_order(center[k]));
        }
        atomicMax(s_bounds_radius, floatBitsToUint(max(cube_radius, 0.0)));  // non-negative: ordered as uint
        s_bounds_valid = 1u;
    }
    barrier();
    if (gl_LocalInvocationIndex == 0u && s_bounds_valid != 0u) {
        const vec3 lo = vec3(float_from_order(s_bounds_lo[0]), float_from_order(s_bounds_lo[1]),
                             float_from_order(s_bounds_lo[2]));
        const vec3 hi = vec3(float_from_order(s_bounds_hi[0]), float_from_order(s_bounds_hi[1]),
                             float_from_order(s_bounds_hi[2]));
        spheres.spheres[cluster] =
            vec4((lo + hi) * 0.5, length(hi - lo) * 0.5 + uintBitsToFloat(s_bounds_radius));
    }
}

#endif
