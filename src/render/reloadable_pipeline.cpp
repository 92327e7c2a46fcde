#include "render/reloadable_pipeline.h"

#include "base/error.h"
#include "vk/shader_library.h"

#include <algorithm>

namespace tessera::render {

struct ReloadablePipeline::State {
    std::vector<std::string> shaders;
    std::vector<uint64_t> generations;  // of each shader when the pipeline was built
    Build build;
    vk::Handle<VkPipeline> pipeline;
};

namespace {

std::vector<ReloadablePipeline::State*>& live() {
    static std::vector<ReloadablePipeline::State*> states;
    return states;
}

std::vector<uint64_t> current_generations(const std::vector<std::string>& shaders) {
    std::vector<uint64_t> generations;
    for (const std::string& name : shaders) generations.push_back(vk::shader_library::generation(name));
    return generations;
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const std::string& name : names) out += (out.empty() ? "" : " + ") + name;
    return out;
}

}  // namespace

ReloadablePipeline::ReloadablePipeline(std::vector<std::string> shaders, Build build)
    : state_(std::make_unique<State>()) {
    state_->generations = current_generations(shaders);
    state_->shaders = std::move(shaders);
    state_->pipeline = build();
    state_->build = std::move(build);
    live().push_back(state_.get());
}

ReloadablePipeline::ReloadablePipeline() = default;

ReloadablePipeline::~ReloadablePipeline() {
    if (state_) std::erase(live(), state_.get());
}

ReloadablePipeline::ReloadablePipeline(ReloadablePipeline&&) noexcept = default;

ReloadablePipeline& ReloadablePipeline::operator=(ReloadablePipeline&& other) noexcept {
    if (this != &other) {
        if (state_) std::erase(live(), state_.get());
        state_ = std::move(other.state_);
    }
    return *this;
}

VkPipeline ReloadablePipeline::get() const {
    return state_ ? state_->pipeline.get() : VK_NULL_HANDLE;
}

ReloadReport reload_changed_pipelines(const std::function<void(vk::Handle<VkPipeline>)>& retire) {
    ReloadReport report;
    for (ReloadablePipeline::State* state : live()) {
        std::vector<uint64_t> generations = current_generations(state->shaders);
        if (generations == state->generations) continue;
        state->generations = std::move(generations);  // a failure is not retried until the code changes again
        try {
            vk::Handle<VkPipeline> rebuilt = state->build();
            retire(std::move(state->pipeline));
            state->pipeline = std::move(rebuilt);
            report.rebuilt.push_back(joined(state->shaders));
        } catch (const Error& e) {
            report.errors.push_back(joined(state->shaders) + ": " + e.what());
        }
    }
    return report;
}

}  // namespace tessera::render
