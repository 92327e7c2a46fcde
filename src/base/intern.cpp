#include "base/intern.h"

#include <mutex>
#include <set>
#include <string>

namespace tessera {

const char* intern(std::string_view text) {
    static std::mutex mutex;
    static std::set<std::string, std::less<>> names;  // node-based: elements never move
    std::lock_guard lock(mutex);
    auto it = names.find(text);
    if (it == names.end()) it = names.emplace(text).first;
    return it->c_str();
}

}  // namespace tessera
