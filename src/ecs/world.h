#pragma once
// The World: entities, their components (archetype tables, see archetype.h) and resources (one value of
// any type per type).
//
// Threading. Structural changes (spawn, despawn, add, remove, insert/remove_resource) come from one thread at
// a time while nothing else touches the World. While a Schedule runs a stage the World is frozen: structural
// calls throw tessera::Error, and systems record them in their Commands instead, applied at the stage's sync
// point. Component values and resources may be read and written from any thread through queries, get() and
// resource(); systems do so without races because the schedule never overlaps systems whose declared access
// conflicts.

#include "base/jobs.h"
#include "ecs/archetype.h"
#include "ecs/chunk_view.h"
#include "ecs/entity.h"
#include "ecs/type_id.h"

#include <array>
#include <cstring>
#include <memory>
#include <span>
#include <unordered_map>
#include <utility>
#include <vector>

namespace tessera::ecs {

class World {
public:
    static constexpr std::size_t kDefaultChunkCapacity = 4096;

    // chunk_capacity: rows per chunk, a power of two in [1, 2^20]; chunks are the unit of parallel iteration.
    explicit World(std::size_t chunk_capacity = kDefaultChunkCapacity);
    ~World();
    World(const World&) = delete;
    World& operator=(const World&) = delete;

    // ---- entities ----------------------------------------------------------------------------------------
    template <typename... Cs>
    Entity spawn(const Cs&... components);

    // Spawns `count` entities having exactly Cs..., appended to one archetype in batch order (despawned
    // slots' ids are reused first). fill(const ChunkView<Cs...>&) is called once per chunk-sized slice, in
    // parallel on `jobs` when given, and must write every component of every row of its slice; view.first()
    // is the slice's offset within the batch.
    template <typename... Cs, typename Fill>
    void spawn_batch(std::size_t count, Fill&& fill, JobSystem* jobs = nullptr);

    bool despawn(Entity entity);                            // false when stale
    std::size_t despawn(std::span<const Entity> entities);  // how many were alive
    bool alive(Entity entity) const {
        return entity.index < records_.size() && records_[entity.index].generation == entity.generation &&
               records_[entity.index].archetype != kNoArchetype;
    }
    std::size_t size() const { return live_; }

    // ---- components; for a stale id get() returns nullptr and add()/remove() false ----------------------
    template <typename T>
    T* get(Entity entity) {
        return static_cast<T*>(locate(entity, component_id<T>()));
    }
    template <typename T>
    const T* get(Entity entity) const {
        return static_cast<const T*>(locate(entity, component_id<T>()));
    }
    template <typename T>
    bool has(Entity entity) const {
        return locate(entity, component_id<T>()) != nullptr;
    }
    // Sets T on the entity, moving it to the archetype with T when it lacked T.
    template <typename T>
    bool add(Entity entity, const T& value) {
        return add_raw(entity, component_id<T>(), &value);
    }
    template <typename T>
    bool remove(Entity entity) {
        return remove_raw(entity, component_id<T>());
    }

    // ---- resources ---------------------------------------------------------------------------------------
    template <typename T>
    T& insert_resource(T value);  // replaces any earlier value of T
    template <typename T>
    T* try_resource() {
        return static_cast<T*>(resources_[type_id<T>()].value);
    }
    template <typename T>
    const T* try_resource() const {
        return static_cast<const T*>(resources_[type_id<T>()].value);
    }
    template <typename T>
    T& resource() {  // throws tessera::Error when absent
        T* value = try_resource<T>();
        if (!value) missing_resource(type_id<T>());
        return *value;
    }
    template <typename T>
    const T& resource() const {
        const T* value = try_resource<T>();
        if (!value) missing_resource(type_id<T>());
        return *value;
    }
    template <typename T>
    bool remove_resource() {
        return remove_resource_raw(type_id<T>());
    }

    // ---- introspection -----------------------------------------------------------------------------------
    std::size_t chunk_capacity() const { return std::size_t{1} << chunk_shift_; }
    std::size_t archetype_count() const { return archetypes_.size(); }
    Archetype& archetype(std::size_t index) { return *archetypes_[index]; }  // in creation order
    const Archetype& archetype(std::size_t index) const { return *archetypes_[index]; }
    bool frozen() const { return frozen_; }

    // ---- type-erased forms, used by Commands and the templates above -----------------------------------
    Entity spawn_raw(std::span<const TypeId> types, std::span<const void* const> values);
    bool add_raw(Entity entity, TypeId type, const void* value);
    bool remove_raw(Entity entity, TypeId type);

private:
    friend class Schedule;  // freezes the World while a stage runs

    static constexpr uint32_t kNoArchetype = ~0u;
    struct Record {
        uint32_t generation = 0;  // of the live entity; for a free slot, the next one to issue
        uint32_t archetype = kNoArchetype;
        uint32_t row = 0;
    };
    struct Resource {
        void* value = nullptr;
        void (*destroy)(void*) = nullptr;
    };
    struct Batch {  // a bulk spawn in progress
        Archetype* archetype;
        std::size_t first_row, count, reused, fresh_base, slices;
    };

    void* locate(Entity entity, TypeId type) const;
    void check_not_frozen(const char* call) const;
    Archetype& archetype_for(std::span<const TypeId> sorted_types);
    Archetype& archetype_edge(Archetype& from, TypeId type, bool adding);
    std::size_t move_row(Entity entity, Archetype& to);
    Entity allocate_entity();
    Batch begin_batch(std::span<const TypeId> types, std::size_t count);
    void assign_batch_ids(const Batch& batch, std::size_t row, std::size_t count);
    void end_batch(const Batch& batch);
    void set_resource(TypeId type, void* value, void (*destroy)(void*));
    bool remove_resource_raw(TypeId type);
    [[noreturn]] void missing_resource(TypeId type) const;

    uint32_t chunk_shift_;
    bool frozen_ = false;
    std::size_t live_ = 0;
    std::vector<Record> records_;
    std::vector<uint32_t> free_;  // despawned slots, reused last-in first-out
    std::vector<std::unique_ptr<Archetype>> archetypes_;
    std::unordered_map<TypeSet, uint32_t> archetype_index_;
    std::array<Resource, kMaxTypes> resources_{};
};

// ---- templates

template <typename... Cs>
Entity World::spawn(const Cs&... components) {
    const std::array<TypeId, sizeof...(Cs)> types{component_id<Cs>()...};
    const std::array<const void*, sizeof...(Cs)> values{static_cast<const void*>(&components)...};
    return spawn_raw(types, values);
}

template <typename... Cs, typename Fill>
void World::spawn_batch(std::size_t count, Fill&& fill, JobSystem* jobs) {
    static_assert(sizeof...(Cs) > 0, "spawn_batch needs at least one component type");
    if (count == 0) return;
    const std::array<TypeId, sizeof...(Cs)> types{component_id<Cs>()...};
    const Batch batch = begin_batch(types, count);
    Archetype& table = *batch.archetype;
    const auto run = [&](std::size_t begin, std::size_t end) {
        for (std::size_t slice = begin; slice < end; ++slice) {
            const std::size_t chunk = (batch.first_row >> chunk_shift_) + slice;
            const std::size_t row = std::max(batch.first_row, chunk << chunk_shift_);
            const std::size_t n = std::min(batch.first_row + batch.count, (chunk + 1) << chunk_shift_) - row;
            assign_batch_ids(batch, row, n);
            const std::size_t offset = row - (chunk << chunk_shift_);
            const ChunkView<Cs...> view(
                slice, row - batch.first_row, n, table.entities(chunk) + offset,
                (table.column_data<Cs>(chunk, table.column(component_id<Cs>())) + offset)...);
            fill(view);
        }
    };
    if (jobs)
        jobs->parallel_for(batch.slices, 1, run);
    else
        run(0, batch.slices);
    end_batch(batch);
}

template <typename T>
T& World::insert_resource(T value) {
    T* stored = new T(std::move(value));
    set_resource(type_id<T>(), stored, [](void* p) { delete static_cast<T*>(p); });
    return *stored;
}

}  // namespace tessera::ecs
