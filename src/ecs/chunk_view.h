#pragma once
// A view of one chunk's slice of rows, handed to chunk-level callbacks by queries and bulk spawn: the rows'
// entity ids and one contiguous column per component type. Cs... carry the access: `const T` for read-only
// columns, `T` for writable ones.

#include "ecs/entity.h"

#include <cstddef>
#include <span>
#include <tuple>

namespace tessera::ecs {

template <typename... Cs>
class ChunkView {
public:
    ChunkView(std::size_t ordinal, std::size_t first, std::size_t size, const Entity* entities,
              Cs*... columns)
        : ordinal_(ordinal), first_(first), size_(size), entities_(entities), columns_(columns...) {}

    // This chunk's place in the whole iteration, in [0, Query::chunk_count()) (or the spawn batch's slice
    // count): a dense index for per-chunk scratch, e.g. one Commands buffer per chunk.
    std::size_t ordinal() const { return ordinal_; }
    // Position of row 0 in the whole iteration: the query's entity order, or the spawn batch's order. Queries
    // give every row a distinct position in [0, Query::count()). Both are the same for any thread count.
    std::size_t first() const { return first_; }
    std::size_t size() const { return size_; }
    std::span<const Entity> entities() const { return {entities_, size_}; }

    // The column of C, spelled as in Cs (`column<const Velocity>()` for a read-only Velocity).
    template <typename C>
    std::span<C> column() const {
        return {std::get<C*>(columns_), size_};
    }
    const std::tuple<Cs*...>& columns() const { return columns_; }

private:
    std::size_t ordinal_;
    std::size_t first_;
    std::size_t size_;
    const Entity* entities_;
    std::tuple<Cs*...> columns_;
};

}  // namespace tessera::ecs
