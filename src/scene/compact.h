#pragma once
// The 16-byte cube format of static scenes (shaders/shared.h CompactCube, decoded by shaders/cube.glsl): what
// it keeps of a CubeInstance and how precisely.
//
//   position   20 bits per axis between the smallest and largest centre of its block of 4096 consecutive
//              cubes: error at most (largest - smallest) / 2^21 per axis (half a step)
//   scale      12 bits between the block's smallest and largest edge: error at most (largest - smallest) / 8190
//   rotation   smallest three, 10 bits each (zero exact): each component within 0.002, under 0.25 degrees
//   colour     RGB8, exact; alpha is not kept (1: the generators draw opaque cubes), nor flags (0 today)
//
// Pure functions, no state: any block can be encoded on its own, on any thread.

#include "shaders/shared.h"

#include <cstdint>
#include <span>

namespace tessera::scene {

// The block that maps `cubes` (one block's worth or fewer): their centres' bounding box.
gpu::CompactBlock compact_block(std::span<const gpu::CubeInstance> cubes);

gpu::CompactCube compact_cube(const gpu::CubeInstance& cube, const gpu::CompactBlock& block);

// The cube a CompactCube stands for, as the shaders decode it (the rotation re-packed as 4 x snorm16).
gpu::CubeInstance expand_cube(const gpu::CompactCube& cube, const gpu::CompactBlock& block);

// Smallest-three quaternion packing (CompactCube::rotation). `q` need not be normalised; q and -q pack alike.
uint32_t pack_smallest_three(glm::vec4 q);
glm::vec4 unpack_smallest_three(uint32_t word);

}  // namespace tessera::scene
