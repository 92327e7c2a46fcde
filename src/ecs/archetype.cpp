#include "ecs/archetype.h"

#include <cstring>
#include <new>

namespace tessera::ecs {
namespace {

constexpr std::size_t kColumnAlign = 64;

std::size_t round_up(std::size_t value, std::size_t align) {
    return (value + align - 1) / align * align;
}

}  // namespace

Archetype::Archetype(uint32_t index, std::span<const TypeId> types, uint32_t chunk_shift)
    : index_(index), shift_(chunk_shift), mask_((std::size_t{1} << chunk_shift) - 1) {
    column_of_.fill(-1);
    std::size_t offset = round_up(sizeof(Entity) << shift_, kColumnAlign);
    for (TypeId type : types) {
        const TypeInfo& info = type_info(type);
        offset = round_up(offset, std::max<std::size_t>(kColumnAlign, info.align));
        column_of_[type] = static_cast<int16_t>(type_list_.size());
        types_.set(type);
        type_list_.push_back(type);
        offsets_.push_back(offset);
        sizes_.push_back(info.size);
        offset += std::size_t{info.size} << shift_;
    }
    chunk_bytes_ = round_up(offset, kColumnAlign);
}

Archetype::~Archetype() {
    for (std::byte* chunk : chunks_) ::operator delete (chunk, std::align_val_t{kColumnAlign});
}

std::size_t Archetype::push_rows(std::size_t count) {
    const std::size_t first = size_;
    size_ += count;
    while (chunks_.size() < chunk_count())
        chunks_.push_back(
            static_cast<std::byte*>(::operator new (chunk_bytes_, std::align_val_t{kColumnAlign})));
    return first;
}

Entity Archetype::swap_remove(std::size_t row) {
    const std::size_t last = size_ - 1;
    Entity moved{};
    if (row != last) {
        for (std::size_t c = 0; c < type_list_.size(); ++c)
            std::memcpy(at(row, static_cast<int>(c)), at(last, static_cast<int>(c)), sizes_[c]);
        moved = entity_at(last);
        entity_at(row) = moved;
    }
    --size_;
    while (chunks_.size() > chunk_count() + 1) {
        ::operator delete (chunks_.back(), std::align_val_t{kColumnAlign});
        chunks_.pop_back();
    }
    return moved;
}

}  // namespace tessera::ecs
