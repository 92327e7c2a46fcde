// The overlay's panel: what it shows and its controls (app/overlay.h). Runs between ImGui::NewFrame and
// ImGui::Render, with the overlay's context current.
#include "app/overlay.h"
#include "config/modes.h"

#include <fmt/format.h>
#include <imgui.h>

#include <algorithm>
#include <numeric>

namespace tessera::app {
namespace {

constexpr float kPanelWidth = 300.0f;
constexpr float kMargin = 8.0f;

// A combo over `names`; returns true when the choice changed.
template <typename T, size_t N>
bool choose(const char* label, T& value, const std::array<std::pair<T, const char*>, N>& names) {
    const auto current =
        std::find_if(names.begin(), names.end(), [&](const auto& n) { return n.first == value; });
    bool changed = false;
    if (ImGui::BeginCombo(label, current != names.end() ? current->second : "?")) {
        for (const auto& [option, name] : names)
            if (ImGui::Selectable(name, option == value)) {
                changed = option != value;
                value = option;
            }
        ImGui::EndCombo();
    }
    return changed;
}

std::string mib(uint64_t bytes) {
    return fmt::format("{:.1f} MiB", double(bytes) / (1 << 20));
}

}  // namespace

void Overlay::build_panel(const OverlayFrame& frame) {
    ImGui::SetNextWindowPos(ImVec2(kMargin, kMargin));
    ImGui::SetNextWindowSizeConstraints(
        ImVec2(kPanelWidth, 0),
        ImVec2(kPanelWidth, std::max(float(frame.display.height) - 2 * kMargin, 1.0f)));
    ImGui::Begin("Tessera (F1)", nullptr,
                 ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_AlwaysAutoResize |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse);
    const ImVec2 pos = ImGui::GetWindowPos();

    // Frame rate and the frame-time graph (the newest 120 frames whose time is known).
    const FrameStats* stats = frame.stats;
    const float newest = frame_ms_[(frame_ms_next_ + frame_ms_.size() - 1) % frame_ms_.size()];
    const size_t known = std::min(frame_ms_known_, frame_ms_.size());  // slots filled so far
    const double mean =
        known ? std::accumulate(frame_ms_.begin(), frame_ms_.end(), 0.0) / double(known) : 0.0;
    ImGui::Text("%.1f FPS  frame %.2f ms  (%zu frames)", newest > 0 ? 1000.0 / newest : 0.0, double(newest),
                stats ? stats->frames() : size_t{0});
    const float top = std::max(*std::max_element(frame_ms_.begin(), frame_ms_.end()), 1.0f);
    const std::string graph_label = fmt::format("max {:.1f} ms, mean {:.1f}", top, mean);
    ImGui::PlotLines("##frame ms", frame_ms_.data(), int(frame_ms_.size()), int(frame_ms_next_),
                     graph_label.c_str(), 0.0f, top * 1.1f, ImVec2(kPanelWidth - 20, 50));

    // GPU ms per pass of the newest timed frame.
    if (frame.gpu_scopes && !frame.gpu_scopes->empty() &&
        ImGui::CollapsingHeader("GPU ms per pass", ImGuiTreeNodeFlags_DefaultOpen)) {
        for (const vk::ScopeTime& scope : *frame.gpu_scopes) ImGui::Text("%-20s %8.3f", scope.name, scope.ms);
    }
    // Per-worker busy time over the stage's wall time.
    if (ImGui::CollapsingHeader("Worker load", ImGuiTreeNodeFlags_DefaultOpen)) {
        if (frame.loads.empty()) ImGui::TextDisabled("no CPU stage on the workers");
        for (const auto& [stage, load] : frame.loads) {
            ImGui::Text("%s: %.2f ms, imbalance %.2f", stage, load.wall_ms, load.imbalance());
            for (size_t i = 0; i < load.busy_ms.size(); ++i) {
                const float share =
                    load.wall_ms > 0 ? float(std::min(load.busy_ms[i] / load.wall_ms, 1.0)) : 0.0f;
                const std::string label =
                    fmt::format("{} {:.2f} ms", i == 0 ? "main" : fmt::format("w{}", i), load.busy_ms[i]);
                ImGui::ProgressBar(share, ImVec2(kPanelWidth - 20, 0), label.c_str());
            }
        }
    }
    ImGui::Separator();
    if (frame.visible >= 0) {
        ImGui::Text("visible cubes %lld of %llu", static_cast<long long>(frame.visible),
                    static_cast<unsigned long long>(current_.scene.cubes));
        std::string buckets;
        for (int64_t b : frame.buckets)
            buckets += (buckets.empty() ? "" : " / ") + std::to_string(std::max<int64_t>(b, 0));
        if (!buckets.empty()) ImGui::TextWrapped("buckets %s", buckets.c_str());
    } else {
        ImGui::TextDisabled("visible cubes: not known yet");
    }
    ImGui::Text("GPU memory %s (peak %s)", mib(frame.gpu_memory).c_str(), mib(frame.gpu_memory_peak).c_str());
    if (!message_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, ImVec4(1.0f, 0.75f, 0.3f, 1.0f));
        ImGui::TextWrapped("%s", message_.c_str());
        ImGui::PopStyleColor();
    }
    if (ImGui::CollapsingHeader("Settings")) build_controls();
    const ImVec2 size = ImGui::GetWindowSize();
    ImGui::End();
    panel_ = {{int32_t(pos.x), int32_t(pos.y)}, {uint32_t(size.x + 1), uint32_t(size.y + 1)}};
}

void Overlay::build_controls() {
    std::array<std::pair<RenderMode, const char*>, kModes.size()> modes{};
    for (size_t i = 0; i < kModes.size(); ++i) modes[i] = {kModes[i].mode, kModes[i].name.data()};
    choose("mode", pending_.render.mode, modes);
    uint64_t cubes = pending_.scene.cubes;
    const uint64_t lowest = 1, highest = 100'000'000;
    if (ImGui::SliderScalar("cubes", ImGuiDataType_U64, &cubes, &lowest, &highest, "%llu",
                            ImGuiSliderFlags_Logarithmic))
        pending_.scene.cubes = std::max<uint64_t>(cubes, 1);
    choose("scene", pending_.scene.kind,
           std::array<std::pair<SceneKind, const char*>, 3>{
               {{SceneKind::grid, "grid"}, {SceneKind::random, "random"}, {SceneKind::galaxy, "galaxy"}}});
    choose("MSAA", pending_.graphics.msaa_samples,
           std::array<std::pair<uint32_t, const char*>, 4>{{{1u, "1x"}, {2u, "2x"}, {4u, "4x"}, {8u, "8x"}}});
    ImGui::Checkbox("vsync", &pending_.window.vsync);
    int in_flight = static_cast<int>(pending_.performance.frames_in_flight);
    if (ImGui::SliderInt("frames in flight", &in_flight, 1, 3))
        pending_.performance.frames_in_flight = uint32_t(in_flight);
    int simulation = pending_.scene.simulate ? (pending_.scene.simulate_on_gpu ? 2 : 1) : 0;
    if (choose("simulate", simulation,
               std::array<std::pair<int, const char*>, 3>{{{0, "off"}, {1, "CPU (ECS)"}, {2, "GPU"}}})) {
        pending_.scene.simulate = simulation > 0;
        pending_.scene.simulate_on_gpu = simulation == 2;
    }
    choose("camera", pending_.camera.path,
           std::array<std::pair<CameraPath, const char*>, 3>{
               {{CameraPath::fixed, "static"}, {CameraPath::orbit, "orbit"}, {CameraPath::fly, "fly"}}});
    const bool changed = live_settings_differ(pending_, current_);
    ImGui::BeginDisabled(!changed);
    if (ImGui::Button("Apply")) applied_ = pending_;
    ImGui::SameLine();
    if (ImGui::Button("Revert")) pending_ = current_;
    ImGui::EndDisabled();
}

}  // namespace tessera::app
