#pragma once
// Type identity for components and resources: every type used as either gets a small dense id, fixed for the
// life of the process, with no RTTI and no string lookup at run time. The id of T is computed once, on the
// first call of type_id<T>() (thread-safe), and is a constant load thereafter; archetype signatures and
// system access sets are bit sets over these ids.

#include <bitset>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <type_traits>

namespace tessera::ecs {

using TypeId = uint16_t;
inline constexpr std::size_t kMaxTypes = 256;  // components and resources together, per process
using TypeSet = std::bitset<kMaxTypes>;

struct TypeInfo {
    std::string_view name;  // unqualified C++ name, e.g. "Position"
    uint32_t size = 0;
    uint32_t align = 0;
};

namespace detail {

// Thread-safe; throws tessera::Error past kMaxTypes.
TypeId register_type(std::string_view name, std::size_t size, std::size_t align);

// The unqualified name of T, taken from the compiler's function signature (static storage).
template <typename T>
constexpr std::string_view type_name() {
    std::string_view s = __PRETTY_FUNCTION__;
    const std::size_t begin = s.find("T = ") + 4;
    s = s.substr(begin, s.find_first_of(";]", begin) - begin);
    if (s.find('<') == std::string_view::npos) {
        const std::size_t colon = s.rfind("::");
        if (colon != std::string_view::npos) s.remove_prefix(colon + 2);
    }
    return s;
}

}  // namespace detail

namespace detail {
template <typename U>
TypeId registered_id() {
    static const TypeId id = register_type(type_name<U>(), sizeof(U), alignof(U));
    return id;
}
}  // namespace detail

// Id of a component or resource type; cv-qualifiers and references are ignored.
template <typename T>
TypeId type_id() {
    return detail::registered_id<std::remove_cvref_t<T>>();
}

// Components live in raw SoA columns and move with memcpy: they must be trivially copyable.
template <typename T>
TypeId component_id() {
    static_assert(std::is_trivially_copyable_v<std::remove_cvref_t<T>>,
                  "components must be trivially copyable");
    return type_id<T>();
}

// Safe from any thread for an id returned by type_id().
const TypeInfo& type_info(TypeId id);

// "A, B, C", sorted by name (for plans and error messages).
std::string type_names(const TypeSet& types);

}  // namespace tessera::ecs
