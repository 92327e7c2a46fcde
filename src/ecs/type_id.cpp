#include "ecs/type_id.h"

#include "base/error.h"

#include <algorithm>
#include <array>
#include <mutex>
#include <string>
#include <vector>

namespace tessera::ecs {
namespace {

struct Registry {
    std::mutex mutex;
    std::array<TypeInfo, kMaxTypes> infos{};
    std::size_t count = 0;
};

Registry& registry() {
    static Registry r;
    return r;
}

}  // namespace

TypeId detail::register_type(std::string_view name, std::size_t size, std::size_t align) {
    Registry& r = registry();
    std::lock_guard lock(r.mutex);
    if (r.count == kMaxTypes)
        throw Error("ecs: more than " + std::to_string(kMaxTypes) + " component and resource types (at '" +
                    std::string(name) + "')");
    r.infos[r.count] = {name, static_cast<uint32_t>(size), static_cast<uint32_t>(align)};
    return static_cast<TypeId>(r.count++);
}

const TypeInfo& type_info(TypeId id) {
    return registry().infos[id];
}

std::string type_names(const TypeSet& types) {
    std::vector<std::string_view> names;
    for (std::size_t id = 0; id < kMaxTypes; ++id)
        if (types.test(id)) names.push_back(type_info(static_cast<TypeId>(id)).name);
    std::sort(names.begin(), names.end());
    std::string out;
    for (std::string_view name : names) {
        if (!out.empty()) out += ", ";
        out += name;
    }
    return out;
}

}  // namespace tessera::ecs
