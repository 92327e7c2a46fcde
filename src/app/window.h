#pragma once
// The GLFW window: events, size, minimised state, and the Vulkan surface the swapchain presents to.
// Scripted window events (resize, minimise, restore at given frame ticks) let tests drive a real window under
// Xvfb exactly as a user would.
//
// Thread contract: GLFW requires the main thread for everything here.

#include "config/config.h"

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

// One scripted event: at loop tick `tick`, do `action` (resize to width x height, minimise, restore, or close
// as the user's close button does).
struct WindowEvent {
    enum class Action { resize, minimize, restore, close } action;
    uint64_t tick;
    uint32_t width = 0, height = 0;
};
// "resize@30=640x360,minimize@60,restore@90,close@120". Sizes up to 32767 (X11's limit), beyond what a GPU
// can render, so tests can check that such windows survive. Throws UsageError naming --window-script.
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

private:
    GLFWwindow* window_ = nullptr;
};

}  // namespace tessera::app
