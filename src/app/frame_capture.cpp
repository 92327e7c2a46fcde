#include "app/frame_capture.h"

#include <spdlog/spdlog.h>

#include <dlfcn.h>

#include <cstddef>
#include <cstdint>

// Debian's librenderdoc-dev ships RenderDoc's header (scripts/deps-tools.sh installs it); without it, the few
// entry points used here are declared from RenderDoc's documented in-application API, version 1.1.2: the
// library exports RENDERDOC_GetAPI(version, void** out), which fills `out` with a table of function pointers
// in which StartFrameCapture is entry 19 and EndFrameCapture entry 21, both taking (device, window) and
// NULL, NULL meaning "the only device and window".
#if __has_include(<renderdoc_app.h>)
#include <renderdoc_app.h>
#define TESSERA_RENDERDOC_HEADER 1
#endif

namespace tessera::app {
namespace {

#ifdef TESSERA_RENDERDOC_HEADER
using Api = RENDERDOC_API_1_1_2;
constexpr RENDERDOC_Version kApiVersion = eRENDERDOC_API_Version_1_1_2;
using GetApi = pRENDERDOC_GetAPI;
void start_capture(void* api) {
    static_cast<Api*>(api)->StartFrameCapture(nullptr, nullptr);
}
bool end_capture(void* api) {
    return static_cast<Api*>(api)->EndFrameCapture(nullptr, nullptr) == 1;
}
// The fallback's entry numbers, checked against the header wherever the header is present.
static_assert(offsetof(Api, StartFrameCapture) == 19 * sizeof(void*));
static_assert(offsetof(Api, EndFrameCapture) == 21 * sizeof(void*));
#else
constexpr int kApiVersion = 10102;  // 1.1.2, encoded as major * 10000 + minor * 100 + patch
using GetApi = int (*)(int version, void** out);
using StartFrameCapture = void (*)(void* device, void* window);
using EndFrameCapture = uint32_t (*)(void* device, void* window);
void start_capture(void* api) {
    reinterpret_cast<StartFrameCapture>(static_cast<void**>(api)[19])(nullptr, nullptr);
}
bool end_capture(void* api) {
    return reinterpret_cast<EndFrameCapture>(static_cast<void**>(api)[21])(nullptr, nullptr) == 1;
}
#endif

}  // namespace

RenderDocCapture::RenderDocCapture() {
    // RTLD_NOLOAD: only a library RenderDoc injected; loading it ourselves would capture nothing useful.
    if (void* library = dlopen("librenderdoc.so", RTLD_NOW | RTLD_NOLOAD)) {
        if (auto get_api = reinterpret_cast<GetApi>(dlsym(library, "RENDERDOC_GetAPI")))
            if (get_api(kApiVersion, &api_) != 1) api_ = nullptr;
        dlclose(library);  // drops only our reference: RenderDoc stays loaded
    }
    if (!api_)
        spdlog::warn(
            "--capture-frame: not running under RenderDoc (librenderdoc.so is not loaded); no capture");
}

void RenderDocCapture::start() {
    if (api_) start_capture(api_);
}

bool RenderDocCapture::end() {
    return api_ && end_capture(api_);
}

}  // namespace tessera::app
