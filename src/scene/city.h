#pragma once
// Internal to scene/: the city layout (SceneKind::city), the scene occlusion culling is for. Lots of
// kCityLotCubes unit cubes, each a solid tower of touching cubes (a footprint of 4x4 to 8x8 cubes, as tall as
// the lot's cubes make it: 16 to 64 storeys), on a grid of lots kCityPitch apart with streets between them.
// The grid has an even number of rows, centred on the origin, so the line z = 0 runs along the middle of a
// street: the street camera path (render/camera.h) walks it. Lots fill column by column (z fastest), so every
// row is as long as every other but the last column. A pure function of (seed, count, index) like every layout.

#include "scene/generator.h"

namespace tessera::scene {

inline constexpr uint64_t kCityLotCubes = 1024;
inline constexpr float kCityLotSide = 8.0f;  // the largest footprint, in cubes (units)
inline constexpr float kCityPitch = 14.0f;   // lot side + street width

gpu::CubeInstance city_cube(uint64_t seed, uint64_t count, uint64_t index);
Bounds city_bounds(uint64_t count);

}  // namespace tessera::scene
