#pragma once
// Entity ids: an index into the world's entity table plus the generation of that slot. Despawning bumps the
// slot's generation, so every id issued before is stale from then on and is reported as such, never aliased
// to the entity that later reuses the slot. A slot whose generation is exhausted is retired, not reused.

#include <cstdint>
#include <functional>

namespace tessera::ecs {

struct Entity {
    uint32_t index = 0;
    uint32_t generation = 0;  // 0 is never issued: Entity{} is the null id

    explicit operator bool() const { return generation != 0; }
    friend bool operator==(const Entity&, const Entity&) = default;
    uint64_t bits() const { return uint64_t{generation} << 32 | index; }
};

}  // namespace tessera::ecs

template <>
struct std::hash<tessera::ecs::Entity> {
    std::size_t operator()(const tessera::ecs::Entity& e) const noexcept {
        return std::hash<uint64_t>{}(e.bits());
    }
};
