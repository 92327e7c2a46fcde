#include "ecs/commands.h"

#include "ecs/world.h"

#include <array>

namespace tessera::ecs {
namespace {

constexpr std::size_t kPad = 8;

std::size_t padded(std::size_t size) {
    return (size + kPad - 1) / kPad * kPad;
}

template <typename T>
T read(const std::byte*& cursor) {
    T value;
    std::memcpy(&value, cursor, sizeof(T));
    cursor += padded(sizeof(T));
    return value;
}

}  // namespace

void Commands::push_header(Op op, Entity entity, TypeId type, uint32_t values) {
    const Header header{op, values, entity, type};
    const std::size_t at = bytes_.size();
    bytes_.resize(at + padded(sizeof(Header)));
    std::memcpy(bytes_.data() + at, &header, sizeof(header));
    ++count_;
}

void Commands::push_value(TypeId type, const void* value, std::size_t size) {
    const ValueHeader header{type, static_cast<uint32_t>(size)};
    const std::size_t at = bytes_.size();
    bytes_.resize(at + padded(sizeof(ValueHeader)) + padded(size));
    std::memcpy(bytes_.data() + at, &header, sizeof(header));
    std::memcpy(bytes_.data() + at + padded(sizeof(ValueHeader)), value, size);
}

void Commands::append(Commands& other) {
    bytes_.insert(bytes_.end(), other.bytes_.begin(), other.bytes_.end());
    count_ += other.count_;
    other.clear();
}

Commands::Applied Commands::apply(World& world) {
    Applied result;
    std::array<TypeId, 64> types;
    std::array<const void*, 64> values;
    const std::byte* cursor = bytes_.data();
    const std::byte* const end = cursor + bytes_.size();
    while (cursor < end) {
        const auto header = read<Header>(cursor);
        for (uint32_t i = 0; i < header.values; ++i) {
            const auto value = read<ValueHeader>(cursor);
            types[i] = value.type;
            values[i] = cursor;  // memcpy'd out by the World: alignment does not matter
            cursor += padded(value.size);
        }
        bool done = true;
        switch (header.op) {
            case Op::spawn:
                world.spawn_raw({types.data(), header.values}, {values.data(), header.values});
                break;
            case Op::despawn:
                done = world.despawn(header.entity);
                break;
            case Op::add:
                done = world.add_raw(header.entity, types[0], values[0]);
                break;
            case Op::remove:
                done = world.remove_raw(header.entity, header.type);
                break;
        }
        ++(done ? result.applied : result.stale);
    }
    clear();
    return result;
}

}  // namespace tessera::ecs
