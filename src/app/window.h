#pragma once
// The GLFW window: events, size, minimised state, the user's keys and mouse, and the Vulkan surface the
// swapchain presents to. Scripted window events (resize, minimise, restore, key presses, mouse motion at given
// frame ticks) let tests drive a real window under Xvfb exactly as a user would: scripted input goes through
// the same handlers as GLFW's callbacks.
//
// Thread contract: GLFW requires the main thread for everything here.

#include "config/config.h"
#include "render/fly_input.h"

#include <volk.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct GLFWwindow;

namespace tessera::app {

// Initialises GLFW once. Returns false (with the reason) when there is no usable display.
bool init_window_system(std::string& why_not);
void shutdown_window_system();

// The keys and buttons Tessera reacts to (window.cpp maps GLFW's codes to these; scripts name them).
enum class InputKey { w, a, s, d, q, e, p, f1, f12, right_button };

// What the user did since the last Window::take_input().
struct UserInput {
    render::FlyInput fly;          // keys and right button held now; mouse motion and scroll since the last
    bool took_control = false;     // a movement key or the right button was pressed
    uint32_t screenshots = 0;      // F12 presses
    uint32_t pause_toggles = 0;    // P presses
    uint32_t overlay_toggles = 0;  // F1 presses
};

// One scripted event: at loop tick `tick`, do `action`: resize to width x height, minimise, restore, close
// as the user's close button does, press or release `key`, move the mouse by (dx, dy) pixels, or turn the
// wheel by dy steps.
struct WindowEvent {
    enum class Action { resize, minimize, restore, close, press, release, mouse, scroll } action;
    uint64_t tick;
    uint32_t width = 0, height = 0;
    InputKey key = InputKey::w;
    int32_t dx = 0, dy = 0;
};
// "resize@30=640x360,minimize@60,restore@90,close@120,press@5=W,release@40=W,press@50=RMB,mouse@51=40x-10,
// release@52=RMB,scroll@60=-2"; keys W A S D Q E P F1 F12 RMB (the right mouse button). Sizes up to 32767
// (X11's limit), beyond what a GPU can render, so tests can check that such windows survive. Throws
// UsageError naming --window-script.
std::vector<WindowEvent> parse_window_script(std::string_view script);

class Window {
public:
    explicit Window(const Config::Window& config);
    ~Window();
    Window(const Window&) = delete;
    Window& operator=(const Window&) = delete;

    static std::vector<const char*> required_instance_extensions();
    // The caller destroys the surface (vkDestroySurfaceKHR) after everything that presents to it.
    VkSurfaceKHR create_surface(VkInstance instance) const;

    VkExtent2D framebuffer_extent() const;  // {0, 0} when minimised on platforms that report it so
    bool minimised() const;
    bool should_close() const;
    void poll_events() const;
    void wait_events(double timeout_seconds) const;
    void apply(const WindowEvent& event);

    // Input handlers: GLFW's callbacks and scripted events both land here. `cursor` is the cursor position in
    // window pixels (GLFW's virtual position while the right button holds the cursor).
    void on_key(InputKey key, bool pressed);
    void on_cursor(double x, double y);
    void on_scroll(double steps);
    void on_focus_lost();  // releases everything held: a release outside the window never arrives
    // Hands over and clears what accumulated since the last call.
    UserInput take_input();
    // The cursor now, in window pixels, and whether the left button is held: the overlay's controls
    // (app/overlay.h) read it each frame.
    struct Pointer {
        double x = 0, y = 0;
        bool left = false;
    };
    Pointer pointer() const;

private:
    GLFWwindow* window_ = nullptr;
    UserInput input_;
    double cursor_x_ = 0, cursor_y_ = 0;
    bool anchor_pending_ = false;  // the right button was pressed; the next cursor event sets the origin
};

}  // namespace tessera::app
