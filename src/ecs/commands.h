#pragma once
// Commands: structural changes recorded now and applied later, at a sync point (a Schedule applies each
// system's Commands when its stage ends, in system declaration order). Recording order is application order.
//
// A Commands buffer belongs to one thread at a time. A system that records from a parallel loop keeps one
// buffer per chunk (indexed by ChunkView::ordinal()) and append()s them in ordinal order afterwards, so the
// result stays independent of the thread count.

#include "ecs/entity.h"
#include "ecs/type_id.h"

#include <cstddef>
#include <cstring>
#include <vector>

namespace tessera::ecs {

class World;

class Commands {
public:
    struct Applied {
        std::size_t applied = 0;
        std::size_t stale = 0;  // targeted an entity already gone (or removed a component it lacked): skipped
    };

    template <typename... Cs>
    void spawn(const Cs&... components) {
        static_assert(sizeof...(Cs) <= 64, "at most 64 components per spawn");
        push_header(Op::spawn, Entity{}, 0, static_cast<uint32_t>(sizeof...(Cs)));
        (push_value(component_id<Cs>(), &components, sizeof(Cs)), ...);
    }
    void despawn(Entity entity) { push_header(Op::despawn, entity, 0, 0); }
    template <typename T>
    void add(Entity entity, const T& value) {
        push_header(Op::add, entity, 0, 1);
        push_value(component_id<T>(), &value, sizeof(T));
    }
    template <typename T>
    void remove(Entity entity) {
        push_header(Op::remove, entity, component_id<T>(), 0);
    }

    // Moves other's commands after this buffer's own; other is left empty.
    void append(Commands& other);

    // Applies every command in recording order, then clears the buffer (keeping its memory).
    Applied apply(World& world);

    std::size_t size() const { return count_; }
    bool empty() const { return count_ == 0; }
    void clear() {
        bytes_.clear();
        count_ = 0;
    }

private:
    enum class Op : uint32_t { spawn, despawn, add, remove };
    struct Header {
        Op op;
        uint32_t values;  // (type, bytes) records that follow
        Entity entity;
        TypeId type;
    };
    struct ValueHeader {
        TypeId type;
        uint32_t size;  // payload bytes that follow, padded to 8
    };

    void push_header(Op op, Entity entity, TypeId type, uint32_t values);
    void push_value(TypeId type, const void* value, std::size_t size);

    std::vector<std::byte> bytes_;
    std::size_t count_ = 0;
};

}  // namespace tessera::ecs
