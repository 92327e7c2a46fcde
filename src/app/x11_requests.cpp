#include "app/x11_requests.h"

#include <dlfcn.h>

#include <algorithm>
#include <atomic>
#include <cstdint>

struct xcb_connection_t;

namespace {

std::atomic<bool> g_limited{false};

using MaxRequestFn = uint32_t (*)(xcb_connection_t*);

// libxcb's own function: the next definition after the executable's in the lookup order.
MaxRequestFn libxcb_max_request_length() {
    static const MaxRequestFn fn = [] {
        void* symbol = dlsym(RTLD_NEXT, "xcb_get_maximum_request_length");
        return reinterpret_cast<MaxRequestFn>(symbol);
    }();
    return fn;
}

}  // namespace

// Interposes libxcb's function of the same name (see the header). Answers in four-byte units, as libxcb does.
extern "C" __attribute__((visibility("default"))) uint32_t xcb_get_maximum_request_length(
    xcb_connection_t* c) {
    constexpr uint32_t kCoreMaxUnits = tessera::app::kCoreMaxRequestBytes / 4;
    const MaxRequestFn libxcb = libxcb_max_request_length();
    // Without libxcb in the lookup order nobody can have a connection to ask about; the core limit is safe.
    if (libxcb == nullptr) return kCoreMaxUnits;
    const uint32_t units = libxcb(c);
    return g_limited.load(std::memory_order_relaxed) ? std::min(units, kCoreMaxUnits) : units;
}

namespace tessera::app {

bool limit_x11_requests(bool on) {
    // In force only where the process's lookup finds this definition first, i.e. the executable exports it.
    void* first = dlsym(RTLD_DEFAULT, "xcb_get_maximum_request_length");
    const bool interposed = first == reinterpret_cast<void*>(&xcb_get_maximum_request_length);
    g_limited.store(on && interposed, std::memory_order_relaxed);
    return on && interposed;
}

}  // namespace tessera::app
