#pragma once
// An archetype: the table of every entity that has exactly one set of component types. Its columns are
// structures of arrays split into chunks of one fixed power-of-two capacity: row r lives in chunk r >> shift
// at offset r & mask, each column of a chunk is contiguous and 64-byte aligned, and every chunk but the last
// is full. Rows stay dense: removing a row moves the last row into its place.
//
// Archetypes belong to their World, which creates them on demand and destroys them only with itself, so an
// Archetype& stays valid for the World's lifetime. Structural calls (push_rows, swap_remove) come from the
// World alone, on one thread; column access is safe from any number of threads while none runs.

#include "ecs/entity.h"
#include "ecs/type_id.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <span>
#include <unordered_map>
#include <vector>

namespace tessera::ecs {

class Archetype {
public:
    // `types` ascending and unique.
    Archetype(uint32_t index, std::span<const TypeId> types, uint32_t chunk_shift);
    ~Archetype();
    Archetype(const Archetype&) = delete;
    Archetype& operator=(const Archetype&) = delete;

    uint32_t index() const { return index_; }  // creation order within the World
    const TypeSet& types() const { return types_; }
    std::span<const TypeId> type_list() const { return type_list_; }
    bool has(TypeId type) const { return types_.test(type); }
    int column(TypeId type) const { return column_of_[type]; }  // -1 when absent

    std::size_t size() const { return size_; }
    std::size_t chunk_capacity() const { return mask_ + 1; }
    std::size_t chunk_count() const { return (size_ + mask_) >> shift_; }  // chunks holding at least one row
    std::size_t chunk_size(std::size_t chunk) const { return std::min(mask_ + 1, size_ - (chunk << shift_)); }

    Entity* entities(std::size_t chunk) const { return reinterpret_cast<Entity*>(chunks_[chunk]); }
    template <typename T>
    T* column_data(std::size_t chunk, int column) const {
        return reinterpret_cast<T*>(chunks_[chunk] + offsets_[column]);
    }
    std::byte* at(std::size_t row, int column) const {
        return chunks_[row >> shift_] + offsets_[column] + (row & mask_) * sizes_[column];
    }
    Entity& entity_at(std::size_t row) const { return entities(row >> shift_)[row & mask_]; }

    // Appends `count` uninitialised rows and returns the first one.
    std::size_t push_rows(std::size_t count);
    // Moves the last row into `row` and drops the last row; returns the entity that moved, or null if none
    // did.
    Entity swap_remove(std::size_t row);

private:
    friend class World;

    uint32_t index_;
    uint32_t shift_;
    std::size_t mask_;
    TypeSet types_;
    std::vector<TypeId> type_list_;
    std::vector<std::size_t> offsets_;  // per column, from the chunk's start; entity ids sit at offset 0
    std::vector<std::size_t> sizes_;    // per column
    std::array<int16_t, kMaxTypes> column_of_;
    std::size_t chunk_bytes_ = 0;
    std::vector<std::byte*> chunks_;  // allocated: chunk_count() in use, at most one spare
    std::size_t size_ = 0;
    // Archetype graph, cached by the World: this + type, this - type.
    std::unordered_map<TypeId, uint32_t> add_edges_, remove_edges_;
};

}  // namespace tessera::ecs
