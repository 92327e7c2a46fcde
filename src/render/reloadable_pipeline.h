#pragma once
// ReloadablePipeline: a pipeline that shader hot reload can rebuild. A pass creates it from the names of the
// shaders it uses and a function that builds the pipeline (loading them with vk::load_shader, so from
// vk/shader_library.h's current code); it binds it as a plain VkPipeline. Between frames,
// reload_changed_pipelines() rebuilds every live pipeline one of whose shaders has a newer generation than
// the one it was built from, and hands the old pipeline to `retire` (the frame scheduler's deletion queue:
// destroyed once the frames that used it are done). A rebuild that fails keeps the old pipeline.
//
// Thread contract: created, destroyed and reloaded on the frame-loop thread; get() also from the threads
// recording a frame (the cpu mode's workers), never while a reload runs. The build function
// is kept and called again on reload: it must capture by value what it needs (not pointers into the
// constructor's stack), and may reference only objects that outlive the pipeline.

#include "vk/handle.h"

#include <volk.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace tessera::render {

class ReloadablePipeline {
public:
    using Build = std::function<vk::Handle<VkPipeline>()>;

    ReloadablePipeline();  // empty: binds VK_NULL_HANDLE
    // Builds the pipeline now (errors propagate, as at start-up) and registers it for reloads.
    ReloadablePipeline(std::vector<std::string> shaders, Build build);
    ~ReloadablePipeline();
    ReloadablePipeline(ReloadablePipeline&&) noexcept;
    ReloadablePipeline& operator=(ReloadablePipeline&&) noexcept;

    VkPipeline get() const;
    operator VkPipeline() const { return get(); }  // NOLINT: binds like the Handle it replaces

    struct State;  // registered by address; stays put when the pipeline moves

private:
    std::unique_ptr<State> state_;
};

struct ReloadReport {
    std::vector<std::string> rebuilt;  // pipeline names (the shaders they use), one entry per pipeline
    std::vector<std::string> errors;   // one line per pipeline whose rebuild failed (the old one is kept)
};

// Rebuilds the live pipelines whose shaders changed since they were built; the old ones go to `retire`.
ReloadReport reload_changed_pipelines(const std::function<void(vk::Handle<VkPipeline>)>& retire);

}  // namespace tessera::render
