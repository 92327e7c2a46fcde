#pragma once
// Cluster bounds on the CPU (shaders/shared.h TS_CLUSTER_SHIFT: cluster c is cubes [256c, 256c + 256)), computed
// exactly as shaders/cluster_bounds.glsl computes them on the GPU: a sphere around the box of the cube centres
// whose radius adds the largest cube's half-diagonal, so every cube of the cluster lies wholly inside.

#include "shaders/shared.h"

#include <glm/glm.hpp>

#include <span>

namespace tessera::scene {

// The sphere (xyz centre, w radius) of one cluster's cubes (1 to TS_CLUSTER_SIZE of them), its radius grown by
// `margin` (compact scenes: how far a decoded cube may lie from the one encoded).
glm::vec4 cluster_sphere(std::span<const gpu::CubeInstance> cubes, float margin = 0.0f);

// Spheres of consecutive clusters: out[k] bounds cubes[k * TS_CLUSTER_SIZE, ...) (the last may be partial).
void cluster_spheres(std::span<const gpu::CubeInstance> cubes, std::span<glm::vec4> out, float margin = 0.0f);

}  // namespace tessera::scene
