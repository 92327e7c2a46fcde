#pragma once
// Extract: ECS -> this frame's instance buffer. Every live entity that has Position, Scale, Rotation and
// Color (every cube) becomes one 32-byte gpu::CubeInstance.
//
// Slot order is the query order (archetype creation order, then row order): a function of the World's
// contents only, never of the thread count. Slots change when entities are spawned or despawned (despawn
// moves an archetype's last row into the hole), so a slot is not an entity's permanent address.
//
// `out` may be persistently mapped, write-combined GPU memory: every record is written once, whole, in order
// within a chunk, and never read back. Chunks are written in parallel on `jobs`; the call returns when all
// are.

#include "base/jobs.h"
#include "ecs/system.h"
#include "ecs/world.h"
#include "shaders/shared.h"

#include <cstddef>
#include <span>

namespace tessera::scene {

// Number of records extract() would write.
std::size_t extract_count(ecs::World& world);

// Writes the records into out[0, count) and returns count. Throws tessera::Error when out is too small.
std::size_t extract(ecs::World& world, std::span<gpu::CubeInstance> out, JobSystem& jobs);

// The target of extract_system(): set it before the stage runs, read `written` after.
struct ExtractTarget {
    std::span<gpu::CubeInstance> out;
    std::size_t written = 0;
};

// extract() as a system: reads the four components, writes ExtractTarget.
ecs::System extract_system();

}  // namespace tessera::scene
