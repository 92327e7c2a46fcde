#pragma once
// DeletionQueue: owners of GPU objects that in-flight work may still use, kept until the frame timeline
// reaches the value of the last submission that could use them (Granite's PerFrame idea, keyed on a timeline
// value).
//
// Thread contract: used by the frame-loop thread only.

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

namespace tessera::vk {

class DeletionQueue {
public:
    // Keeps `object` (a Buffer, Image, Handle<T>, ... moved in) alive until collect(value) or later.
    template <typename T>
    void retire(uint64_t timeline_value, T&& object) {
        items_.push_back({timeline_value, std::make_shared<std::decay_t<T>>(std::forward<T>(object))});
    }
    // Destroys every object whose value is <= completed_value.
    void collect(uint64_t completed_value) {
        std::erase_if(items_, [&](const Item& item) { return item.value <= completed_value; });
    }
    // Destroys everything: only once the device is idle.
    void clear() { items_.clear(); }
    std::size_t size() const { return items_.size(); }

private:
    struct Item {
        uint64_t value;
        std::shared_ptr<void> object;
    };
    std::vector<Item> items_;
};

}  // namespace tessera::vk
