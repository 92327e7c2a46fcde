#pragma once
// Queries: iteration over every entity that has all of Cs... (spell a read-only component `const T`, a
// written one `T`), chunk by chunk in archetype creation order, then row order. That order, and the positions
// that ChunkView::first() reports, depend on the World's contents alone, never on the thread count.
//
// A Query snapshots the matching archetypes when built and stays valid while the World's structure does not
// change (for a system: until its stage ends). par_* split the work on chunk boundaries across the
// JobSystem's threads and block until all chunks are done; their callbacks run concurrently on different
// entities. Callbacks are templates, inlined into the row loop: no virtual call, no allocation, no lock per
// entity.

#include "base/jobs.h"
#include "ecs/chunk_view.h"
#include "ecs/world.h"

#include <algorithm>
#include <array>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace tessera::ecs {

template <typename... Cs>
class Query {
public:
    explicit Query(World& world) : world_(&world) {
        (required_.set(component_id<Cs>()), ...);
        match();
    }

    // Leaves out entities that have any of Ts.
    template <typename... Ts>
    Query& without() {
        (excluded_.set(component_id<Ts>()), ...);
        match();
        return *this;
    }

    std::size_t count() const { return entities_; }
    std::size_t chunk_count() const { return chunks_; }

    // f(Cs&...) or f(Entity, Cs&...) for each entity.
    template <typename F>
    void for_each(F&& f) const {
        for_each_chunk([&](const ChunkView<Cs...>& view) { rows(view, f); });
    }
    template <typename F>
    void par_for_each(JobSystem& jobs, F&& f) const {
        par_for_each_chunk(jobs, [&](const ChunkView<Cs...>& view) { rows(view, f); });
    }

    // f(const ChunkView<Cs...>&) for each chunk.
    template <typename F>
    void for_each_chunk(F&& f) const {
        for (const Match& m : matches_)
            for (std::size_t c = 0; c < m.archetype->chunk_count(); ++c) f(view(m, c));
    }
    template <typename F>
    void par_for_each_chunk(JobSystem& jobs, F&& f) const {
        jobs.parallel_for(chunks_, 1, [&](std::size_t begin, std::size_t end) {
            auto m = std::upper_bound(matches_.begin(), matches_.end(), begin,
                                      [](std::size_t c, const Match& x) { return c < x.first_chunk; }) -
                     1;
            for (std::size_t c = begin; c < end; ++c) {
                while (c >= m->first_chunk + m->archetype->chunk_count()) ++m;
                f(view(*m, c - m->first_chunk));
            }
        });
    }

private:
    struct Match {
        Archetype* archetype;
        std::size_t first_chunk;   // of the whole query
        std::size_t first_entity;  // of the whole query
        std::array<int, sizeof...(Cs)> columns;
    };

    void match() {
        matches_.clear();
        chunks_ = entities_ = 0;
        for (std::size_t i = 0; i < world_->archetype_count(); ++i) {
            Archetype& a = world_->archetype(i);
            if (a.size() == 0 || (a.types() & required_) != required_ || (a.types() & excluded_).any())
                continue;
            matches_.push_back({&a, chunks_, entities_, {a.column(component_id<Cs>())...}});
            chunks_ += a.chunk_count();
            entities_ += a.size();
        }
    }

    ChunkView<Cs...> view(const Match& m, std::size_t chunk) const {
        return make_view(m, chunk, std::index_sequence_for<Cs...>{});
    }
    template <std::size_t... I>
    ChunkView<Cs...> make_view(const Match& m, std::size_t chunk, std::index_sequence<I...>) const {
        const Archetype& a = *m.archetype;
        return ChunkView<Cs...>(m.first_chunk + chunk, m.first_entity + chunk * a.chunk_capacity(),
                                a.chunk_size(chunk), a.entities(chunk),
                                a.template column_data<std::remove_const_t<Cs>>(chunk, m.columns[I])...);
    }

    template <typename F>
    static void rows(const ChunkView<Cs...>& view, F& f) {
        const std::size_t n = view.size();
        std::apply(
            [&](Cs*... columns) {
                if constexpr (std::is_invocable_v<F&, Entity, Cs&...>) {
                    const Entity* entities = view.entities().data();
                    for (std::size_t i = 0; i < n; ++i) f(entities[i], columns[i]...);
                } else {
                    for (std::size_t i = 0; i < n; ++i) f(columns[i]...);
                }
            },
            view.columns());
    }

    World* world_;
    TypeSet required_, excluded_;
    std::vector<Match> matches_;  // non-empty matching archetypes, in creation order
    std::size_t chunks_ = 0;
    std::size_t entities_ = 0;
};

}  // namespace tessera::ecs
