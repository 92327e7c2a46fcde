#pragma once
// The scene's update systems, as declarations for an ecs::Schedule. Each walks its entities in parallel
// chunks on the context's JobSystem with one pure function per entity (no reduction across entities), so the
// World after a step is bit-identical for any thread count. All read the Clock resource.
//
//   attractors  moves the Attractors along their paths (a handful: runs on the calling thread)
//   steering    AI: each Agent accelerates towards seek attractors and away from flee ones within their
//               radius, its speed capped at max_speed; writes Velocity
//   motion      Position += Velocity * dt, bouncing off the Bounds resource (positions stay inside)
//   spin        integrates Rotation by Spin's angular velocity, renormalised every step
//   pulse       advances Pulse's phase and sets Scale from it

#include "ecs/system.h"
#include "scene/components.h"
#include "scene/generator.h"

#include <cstdint>

namespace tessera::scene {

ecs::System attractor_system();
ecs::System steering_system();
ecs::System motion_system();
ecs::System spin_system();
ecs::System pulse_system();

// `count` attractors (at most Attractors::kMax) alternating seek and flee, on paths inside `bounds`, derived
// from `seed` alone; positions are those at time 0.
Attractors make_attractors(const Bounds& bounds, uint64_t seed, uint32_t count = 4);
void move_attractors(Attractors& attractors, double elapsed);

}  // namespace tessera::scene
