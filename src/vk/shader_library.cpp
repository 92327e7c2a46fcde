#include "vk/shader_library.h"

#include "base/paths.h"
#include "vk/pipeline.h"

#include <map>
#include <string>

namespace tessera::vk::shader_library {
namespace {

struct Entry {
    std::vector<uint32_t> spirv;
    uint64_t generation = 0;
};

std::map<std::string, Entry, std::less<>>& entries() {
    static std::map<std::string, Entry, std::less<>> map;
    return map;
}

}  // namespace

std::vector<uint32_t> code(std::string_view name) {
    const auto found = entries().find(name);
    if (found != entries().end()) return found->second.spirv;
    return read_spirv(spirv_dir() / (std::string(name) + ".spv"));
}

uint64_t generation(std::string_view name) {
    const auto found = entries().find(name);
    return found == entries().end() ? 0 : found->second.generation;
}

void replace(std::string_view name, std::vector<uint32_t> spirv) {
    auto found = entries().find(name);
    if (found == entries().end()) found = entries().emplace(std::string(name), Entry{}).first;
    found->second.spirv = std::move(spirv);
    ++found->second.generation;
}

void reset() {
    entries().clear();
}

}  // namespace tessera::vk::shader_library
