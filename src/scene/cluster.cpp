#include "scene/cluster.h"

#include "base/assert.h"

#include <algorithm>

namespace tessera::scene {

glm::vec4 cluster_sphere(std::span<const gpu::CubeInstance> cubes, float margin) {
    TS_ASSERT(!cubes.empty() && cubes.size() <= TS_CLUSTER_SIZE);
    glm::vec3 lo = cubes[0].position, hi = cubes[0].position;
    float largest = 0.0f;
    for (const gpu::CubeInstance& cube : cubes) {
        lo = glm::min(lo, cube.position);
        hi = glm::max(hi, cube.position);
        largest = std::max(largest, cube.scale);
    }
    return {(lo + hi) * 0.5f, glm::length(hi - lo) * 0.5f + largest * 0.8660254f + margin};
}

void cluster_spheres(std::span<const gpu::CubeInstance> cubes, std::span<glm::vec4> out, float margin) {
    TS_ASSERT(out.size() == (cubes.size() + TS_CLUSTER_SIZE - 1) / TS_CLUSTER_SIZE);
    for (size_t k = 0; k < out.size(); ++k) {
        const size_t first = k * TS_CLUSTER_SIZE;
        out[k] = cluster_sphere(cubes.subspan(first, std::min<size_t>(TS_CLUSTER_SIZE, cubes.size() - first)),
                                margin);
    }
}

}  // namespace tessera::scene
