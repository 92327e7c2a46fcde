#include "ecs/world.h"

#include "base/error.h"

#include <algorithm>
#include <bit>
#include <limits>
#include <string>

namespace tessera::ecs {

World::World(std::size_t chunk_capacity) {
    if (chunk_capacity == 0 || chunk_capacity > (std::size_t{1} << 20) ||
        !std::has_single_bit(chunk_capacity))
        throw Error("ecs: chunk capacity " + std::to_string(chunk_capacity) +
                    " is not a power of two in [1, 1048576]");
    chunk_shift_ = static_cast<uint32_t>(std::countr_zero(chunk_capacity));
}

World::~World() {
    for (Resource& r : resources_)
        if (r.value) r.destroy(r.value);
}

void World::check_not_frozen(const char* call) const {
    if (frozen_)
        throw Error(std::string("ecs: World::") + call +
                    " while a stage runs; record it in the system's Commands or make the system exclusive");
}

void* World::locate(Entity entity, TypeId type) const {
    if (!alive(entity)) return nullptr;
    const Record& record = records_[entity.index];
    const Archetype& table = *archetypes_[record.archetype];
    const int column = table.column(type);
    return column < 0 ? nullptr : table.at(record.row, column);
}

Archetype& World::archetype_for(std::span<const TypeId> sorted_types) {
    TypeSet set;
    for (TypeId t : sorted_types) set.set(t);
    const auto found = archetype_index_.find(set);
    if (found != archetype_index_.end()) return *archetypes_[found->second];
    const auto index = static_cast<uint32_t>(archetypes_.size());
    archetypes_.push_back(std::make_unique<Archetype>(index, sorted_types, chunk_shift_));
    archetype_index_.emplace(set, index);
    return *archetypes_.back();
}

Archetype& World::archetype_edge(Archetype& from, TypeId type, bool adding) {
    auto& edges = adding ? from.add_edges_ : from.remove_edges_;
    const auto found = edges.find(type);
    if (found != edges.end()) return *archetypes_[found->second];
    std::vector<TypeId> types(from.type_list().begin(), from.type_list().end());
    if (adding)
        types.insert(std::upper_bound(types.begin(), types.end(), type), type);
    else
        types.erase(std::find(types.begin(), types.end(), type));
    Archetype& to = archetype_for(types);
    edges.emplace(type, to.index());
    return to;
}

Entity World::allocate_entity() {
    if (!free_.empty()) {
        const uint32_t index = free_.back();
        free_.pop_back();
        return {index, records_[index].generation};
    }
    if (records_.size() >= std::numeric_limits<uint32_t>::max()) throw Error("ecs: out of entity ids");
    records_.push_back({1, kNoArchetype, 0});
    return {static_cast<uint32_t>(records_.size() - 1), 1};
}

Entity World::spawn_raw(std::span<const TypeId> types, std::span<const void* const> values) {
    check_not_frozen("spawn");
    constexpr std::size_t kMaxComponents = 64;
    if (types.size() > kMaxComponents) throw Error("ecs: spawn with more than 64 components");
    std::array<std::pair<TypeId, const void*>, kMaxComponents> sorted;
    for (std::size_t i = 0; i < types.size(); ++i) sorted[i] = {types[i], values[i]};
    std::sort(sorted.begin(), sorted.begin() + static_cast<std::ptrdiff_t>(types.size()));
    std::array<TypeId, kMaxComponents> ids;
    for (std::size_t i = 0; i < types.size(); ++i) {
        if (i > 0 && sorted[i].first == sorted[i - 1].first)
            throw Error(std::string("ecs: spawn with component '") +
                        std::string(type_info(sorted[i].first).name) + "' twice");
        ids[i] = sorted[i].first;
    }
    Archetype& table = archetype_for({ids.data(), types.size()});
    const Entity entity = allocate_entity();
    const std::size_t row = table.push_rows(1);
    table.entity_at(row) = entity;
    for (std::size_t i = 0; i < types.size(); ++i) {
        const int column = table.column(sorted[i].first);
        std::memcpy(table.at(row, column), sorted[i].second, table.sizes_[static_cast<std::size_t>(column)]);
    }
    records_[entity.index].archetype = table.index();
    records_[entity.index].row = static_cast<uint32_t>(row);
    ++live_;
    return entity;
}

World::Batch World::begin_batch(std::span<const TypeId> types, std::size_t count) {
    check_not_frozen("spawn_batch");
    std::vector<TypeId> sorted(types.begin(), types.end());
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
        throw Error("ecs: spawn_batch with a component type twice");
    const std::size_t reused = std::min(count, free_.size());
    const std::size_t fresh_base = records_.size();
    if (fresh_base + (count - reused) > std::numeric_limits<uint32_t>::max())
        throw Error("ecs: out of entity ids");
    records_.resize(fresh_base + (count - reused));
    Archetype& table = archetype_for(sorted);
    const std::size_t first_row = table.push_rows(count);
    const std::size_t slices = ((first_row + count - 1) >> chunk_shift_) - (first_row >> chunk_shift_) + 1;
    return {&table, first_row, count, reused, fresh_base, slices};
}

// Rows of one slice: distinct records, so slices may run in parallel.
void World::assign_batch_ids(const Batch& batch, std::size_t row, std::size_t count) {
    Archetype& table = *batch.archetype;
    for (std::size_t r = row; r < row + count; ++r) {
        const std::size_t k = r - batch.first_row;
        Entity entity;
        if (k < batch.reused) {
            entity.index = free_[free_.size() - 1 - k];
            entity.generation = records_[entity.index].generation;
        } else {
            entity.index = static_cast<uint32_t>(batch.fresh_base + (k - batch.reused));
            entity.generation = 1;
        }
        records_[entity.index] = {entity.generation, table.index(), static_cast<uint32_t>(r)};
        table.entity_at(r) = entity;
    }
}

void World::end_batch(const Batch& batch) {
    free_.resize(free_.size() - batch.reused);
    live_ += batch.count;
}

bool World::despawn(Entity entity) {
    check_not_frozen("despawn");
    if (!alive(entity)) return false;
    Record& record = records_[entity.index];
    const Entity moved = archetypes_[record.archetype]->swap_remove(record.row);
    if (moved) records_[moved.index].row = record.row;
    record.archetype = kNoArchetype;
    // An exhausted slot is retired: its last id stays stale for ever.
    if (record.generation != std::numeric_limits<uint32_t>::max()) {
        ++record.generation;
        free_.push_back(entity.index);
    }
    --live_;
    return true;
}

std::size_t World::despawn(std::span<const Entity> entities) {
    std::size_t count = 0;
    for (Entity e : entities) count += despawn(e) ? 1 : 0;
    return count;
}

std::size_t World::move_row(Entity entity, Archetype& to) {
    Record& record = records_[entity.index];
    Archetype& from = *archetypes_[record.archetype];
    const std::size_t row = to.push_rows(1);
    to.entity_at(row) = entity;
    for (TypeId type : to.type_list()) {
        const int source = from.column(type);
        if (source >= 0) {
            const int column = to.column(type);
            std::memcpy(to.at(row, column), from.at(record.row, source),
                        to.sizes_[static_cast<std::size_t>(column)]);
        }
    }
    const Entity moved = from.swap_remove(record.row);
    if (moved) records_[moved.index].row = record.row;
    record.archetype = to.index();
    record.row = static_cast<uint32_t>(row);
    return row;
}

bool World::add_raw(Entity entity, TypeId type, const void* value) {
    check_not_frozen("add");
    if (!alive(entity)) return false;
    Archetype* table = archetypes_[records_[entity.index].archetype].get();
    if (!table->has(type)) {
        table = &archetype_edge(*table, type, true);
        move_row(entity, *table);
    }
    std::memcpy(table->at(records_[entity.index].row, table->column(type)), value, type_info(type).size);
    return true;
}

bool World::remove_raw(Entity entity, TypeId type) {
    check_not_frozen("remove");
    if (!alive(entity)) return false;
    Archetype& table = *archetypes_[records_[entity.index].archetype];
    if (!table.has(type)) return false;
    move_row(entity, archetype_edge(table, type, false));
    return true;
}

void World::set_resource(TypeId type, void* value, void (*destroy)(void*)) {
    if (frozen_) {
        destroy(value);
        check_not_frozen("insert_resource");
    }
    Resource& slot = resources_[type];
    if (slot.value) slot.destroy(slot.value);
    slot = {value, destroy};
}

bool World::remove_resource_raw(TypeId type) {
    check_not_frozen("remove_resource");
    Resource& slot = resources_[type];
    if (!slot.value) return false;
    slot.destroy(slot.value);
    slot = {};
    return true;
}

void World::missing_resource(TypeId type) const {
    throw Error("ecs: no resource '" + std::string(type_info(type).name) + "' in the World");
}

}  // namespace tessera::ecs
