#include "app/overlay.h"

#include "base/error.h"

#include <imgui.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cfloat>
#include <cstring>

namespace tessera::app {
namespace {

// Makes `context` current for the lifetime of the guard (ImGui keeps one global current context).
class CurrentContext {
public:
    explicit CurrentContext(ImGuiContext* context) : previous_(ImGui::GetCurrentContext()) {
        ImGui::SetCurrentContext(context);
    }
    ~CurrentContext() { ImGui::SetCurrentContext(previous_); }
    CurrentContext(const CurrentContext&) = delete;
    CurrentContext& operator=(const CurrentContext&) = delete;

private:
    ImGuiContext* previous_;
};

std::string_view trim(std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
    std::vector<std::string_view> parts;
    for (size_t start = 0;;) {
        const size_t end = text.find(separator, start);
        parts.push_back(trim(text.substr(start, end == std::string_view::npos ? end : end - start)));
        if (end == std::string_view::npos) return parts;
        start = end + 1;
    }
}

}  // namespace

std::vector<OverlayAction> parse_overlay_script(std::string_view text, const Config& base) {
    constexpr std::string_view kOrigin = "--overlay-script";
    std::vector<OverlayAction> actions;
    Config check = base;
    for (std::string_view entry : split(text, ';')) {
        const size_t colon = entry.find(':');
        if (colon == std::string_view::npos)
            throw UsageError(std::string(kOrigin) + ": '" + printable(entry) +
                             "' is not FRAME:key=value[,key=value...]");
        OverlayAction action;
        action.frame = parse_count(entry.substr(0, colon), kOrigin, 1'000'000'000);
        for (std::string_view set : split(entry.substr(colon + 1), ',')) {
            const size_t equals = set.find('=');
            const std::string_view key = trim(set.substr(0, equals));
            if (equals == std::string_view::npos ||
                std::find(kLiveKeys.begin(), kLiveKeys.end(), key) == kLiveKeys.end()) {
                std::string keys;
                for (std::string_view k : kLiveKeys) keys += (keys.empty() ? "" : ", ") + std::string(k);
                throw UsageError(std::string(kOrigin) + ": '" + printable(set) +
                                 "' is not key=value with a key of " + keys);
            }
            const std::string_view value = trim(set.substr(equals + 1));
            apply_override(check, key, value, kOrigin);  // validated like the file and the flags
            action.sets.emplace_back(std::string(key), std::string(value));
        }
        actions.push_back(std::move(action));
    }
    std::stable_sort(actions.begin(), actions.end(),
                     [](const OverlayAction& a, const OverlayAction& b) { return a.frame < b.frame; });
    return actions;
}

bool live_settings_differ(const Config& a, const Config& b) {
    return a.render.mode != b.render.mode || a.scene.cubes != b.scene.cubes || a.scene.kind != b.scene.kind ||
           a.graphics.msaa_samples != b.graphics.msaa_samples || a.window.vsync != b.window.vsync ||
           a.scene.simulate != b.scene.simulate || a.scene.simulate_on_gpu != b.scene.simulate_on_gpu ||
           a.performance.frames_in_flight != b.performance.frames_in_flight || a.camera.path != b.camera.path;
}

Overlay::Overlay(const Config& config, bool visible, std::vector<OverlayAction> script)
    : context_(ImGui::CreateContext()),
      current_(config),
      pending_(config),
      script_(std::move(script)),
      frame_ms_(120, 0.0f) {
    CurrentContext current(context_);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // nothing written beside the binary
    io.LogFilename = nullptr;
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;  // OverlayCommand::vertex_offset
    ImGui::StyleColorsDark();
    ImGui::GetStyle().Alpha = 0.92f;
    unsigned char* pixels = nullptr;
    int width = 0, height = 0;
    io.Fonts->GetTexDataAsAlpha8(&pixels, &width, &height);
    data_.font.width = static_cast<uint32_t>(width);
    data_.font.height = static_cast<uint32_t>(height);
    data_.font.coverage.assign(pixels, pixels + size_t(width) * size_t(height));
    io.Fonts->SetTexID(reinterpret_cast<ImTextureID>(intptr_t{1}));  // one texture: the atlas
    io.Fonts->ClearTexData();
    data_.visible = visible;
}

Overlay::~Overlay() {
    ImGui::DestroyContext(context_);
}

void Overlay::toggle(uint32_t times) {
    if (times % 2) data_.visible = !data_.visible;
}

void Overlay::set_message(std::string message, bool log) {
    if (log && !message.empty()) spdlog::warn("overlay: {}", message);
    message_ = std::move(message);
}

std::optional<Config> Overlay::take_apply() {
    return std::exchange(applied_, std::nullopt);
}

void Overlay::set_current(const Config& config) {
    current_ = config;
    pending_ = config;
    stats_seen_ = 0;  // a new renderer's statistics start again
    stats_source_ = nullptr;
}

void Overlay::run_script() {
    while (next_action_ < script_.size() && script_[next_action_].frame <= frames_) {
        Config next = pending_;
        for (const auto& [key, value] : script_[next_action_].sets)
            apply_override(next, key, value, "--overlay-script");
        ++next_action_;
        if (live_settings_differ(next, current_)) applied_ = next;
    }
}

void Overlay::update(const OverlayFrame& frame) {
    ++frames_;
    run_script();
    // Frame times for the graph: every frame whose time is known since the last update.
    if (frame.stats) {
        if (frame.stats != stats_source_ || frame.stats->frames() < stats_seen_) stats_seen_ = 0;
        stats_source_ = frame.stats;
        const size_t frames = frame.stats->frames();
        stats_seen_ = std::max(
            stats_seen_, frames > FrameStats::kRecentFrames ? frames - FrameStats::kRecentFrames : size_t{0});
        for (; stats_seen_ < frames; ++stats_seen_) {
            const FrameSample* sample = frame.stats->recent(stats_seen_);
            if (!sample || sample->frame_ms < 0) break;  // not known yet: taken next time
            frame_ms_[frame_ms_next_] = static_cast<float>(sample->frame_ms);
            frame_ms_next_ = (frame_ms_next_ + 1) % frame_ms_.size();
            ++frame_ms_known_;
        }
    }
    data_.vertices.clear();
    data_.indices.clear();
    data_.commands.clear();
    panel_ = {};
    if (!data_.visible || frame.display.width == 0 || frame.display.height == 0) return;

    CurrentContext current(context_);
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(float(frame.display.width), float(frame.display.height));
    io.DeltaTime = static_cast<float>(std::clamp(frame.seconds, 1e-4, 1.0));
    io.MousePos =
        frame.pointer ? ImVec2(float(frame.pointer_x), float(frame.pointer_y)) : ImVec2(-FLT_MAX, -FLT_MAX);
    io.MouseDown[0] = frame.pointer && frame.pointer_left;
    ImGui::NewFrame();
    build_panel(frame);
    ImGui::Render();
    collect_draw_data();
}

void Overlay::collect_draw_data() {
    const ImDrawData* draw = ImGui::GetDrawData();
    if (!draw) return;
    const ImVec2 origin = draw->DisplayPos;
    for (int l = 0; l < draw->CmdListsCount; ++l) {
        const ImDrawList& list = *draw->CmdLists[l];
        const int32_t vertex_base = static_cast<int32_t>(data_.vertices.size());
        const uint32_t index_base = static_cast<uint32_t>(data_.indices.size());
        static_assert(sizeof(ImDrawVert) == sizeof(render::OverlayVertex) && sizeof(ImDrawIdx) == 2);
        const size_t vertex_count = static_cast<size_t>(list.VtxBuffer.Size);
        data_.vertices.resize(data_.vertices.size() + vertex_count);
        std::memcpy(data_.vertices.data() + vertex_base, list.VtxBuffer.Data,
                    vertex_count * sizeof(ImDrawVert));
        data_.indices.insert(data_.indices.end(), list.IdxBuffer.Data,
                             list.IdxBuffer.Data + list.IdxBuffer.Size);
        for (const ImDrawCmd& cmd : list.CmdBuffer) {
            if (cmd.UserCallback || cmd.ElemCount == 0) continue;
            const float x0 = std::max(cmd.ClipRect.x - origin.x, 0.0f);
            const float y0 = std::max(cmd.ClipRect.y - origin.y, 0.0f);
            const float x1 = cmd.ClipRect.z - origin.x, y1 = cmd.ClipRect.w - origin.y;
            if (x1 <= x0 || y1 <= y0) continue;
            render::OverlayCommand command;
            command.clip = {{int32_t(x0), int32_t(y0)},
                            {uint32_t(x1 - int32_t(x0)), uint32_t(y1 - int32_t(y0))}};
            command.first_index = index_base + cmd.IdxOffset;
            command.index_count = cmd.ElemCount;
            command.vertex_offset = vertex_base + static_cast<int32_t>(cmd.VtxOffset);
            data_.commands.push_back(command);
        }
    }
}

}  // namespace tessera::app
