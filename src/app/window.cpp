#include "app/window.h"

#include "base/error.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <spdlog/spdlog.h>

#include <dlfcn.h>
#include <unistd.h>

#include <charconv>

namespace tessera::app {
namespace {

bool glfw_ready = false;
std::string last_glfw_error;

void on_glfw_error(int code, const char* description) {
    last_glfw_error = description ? description : "unknown";
    spdlog::debug("glfw error {}: {}", code, last_glfw_error);
}

// Losing the X server (it exits, or its connection breaks) calls Xlib's I/O error handler, whose default
// prints several lines and exits. Ours keeps the one-line contract; it must not return or throw (Xlib's
// state is gone), and the run's statistics cannot be written. GLFW loads libX11 itself, so the setter is
// looked up in the already-loaded library rather than linked.
struct XDisplay;
int on_x_io_error(XDisplay*) {
    static const char message[] =
        "error: lost the connection to the X server; the run's statistics are lost\n";
    (void)!write(STDERR_FILENO, message, sizeof message - 1);
    _exit(static_cast<int>(ExitCode::failure));
}

void install_x_io_error_handler() {
    void* x11 = dlopen("libX11.so.6", RTLD_LAZY | RTLD_NOLOAD);
    if (!x11) return;  // not on X11 (Wayland), or GLFW did not need it
    using Handler = int (*)(XDisplay*);
    using SetHandler = Handler (*)(Handler);
    if (auto set = reinterpret_cast<SetHandler>(dlsym(x11, "XSetIOErrorHandler"))) set(on_x_io_error);
    dlclose(x11);  // drops only the reference taken above: GLFW keeps libX11 loaded
}

bool parse_uint(std::string_view s, uint64_t& out) {
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && end == s.data() + s.size();
}

}  // namespace

bool init_window_system(std::string& why_not) {
    if (glfw_ready) return true;
    glfwSetErrorCallback(on_glfw_error);
    if (!glfwInit()) {
        why_not = "GLFW cannot initialise: " + last_glfw_error;
        return false;
    }
    if (!glfwVulkanSupported()) {
        glfwTerminate();
        why_not = "GLFW found no Vulkan loader with surface support";
        return false;
    }
    install_x_io_error_handler();
    glfw_ready = true;
    return true;
}

void shutdown_window_system() {
    if (glfw_ready) glfwTerminate();
    glfw_ready = false;
}

std::vector<WindowEvent> parse_window_script(std::string_view script) {
    std::vector<WindowEvent> events;
    const auto fail = [&](std::string_view item) {
        throw UsageError("--window-script: cannot parse '" + std::string(item) +
                         "' (expected e.g. resize@30=640x360,minimize@60,restore@90,close@120)");
    };
    while (!script.empty()) {
        const size_t comma = script.find(',');
        const std::string_view item = script.substr(0, comma);
        script = comma == std::string_view::npos ? std::string_view{} : script.substr(comma + 1);
        const size_t at = item.find('@');
        if (at == std::string_view::npos) fail(item);
        const std::string_view name = item.substr(0, at);
        std::string_view rest = item.substr(at + 1);
        WindowEvent e{WindowEvent::Action::restore, 0};
        std::string_view size;
        if (const size_t eq = rest.find('='); eq != std::string_view::npos) {
            size = rest.substr(eq + 1);
            rest = rest.substr(0, eq);
        }
        if (!parse_uint(rest, e.tick)) fail(item);
        if (name == "resize") {
            e.action = WindowEvent::Action::resize;
            const size_t x = size.find('x');
            uint64_t w = 0, h = 0;
            if (x == std::string_view::npos || !parse_uint(size.substr(0, x), w) ||
                !parse_uint(size.substr(x + 1), h) || w == 0 || h == 0 || w > 32767 || h > 32767)
                fail(item);
            e.width = static_cast<uint32_t>(w);
            e.height = static_cast<uint32_t>(h);
        } else if (name == "minimize" || name == "minimise") {
            e.action = WindowEvent::Action::minimize;
        } else if (name == "restore") {
            e.action = WindowEvent::Action::restore;
        } else if (name == "close") {
            e.action = WindowEvent::Action::close;
        } else {
            fail(item);
        }
        if (!size.empty() && e.action != WindowEvent::Action::resize) fail(item);
        events.push_back(e);
    }
    return events;
}

Window::Window(const Config::Window& config) {
    glfwWindowHint(GLFW_CLIENT_API, GLFW_NO_API);
    glfwWindowHint(GLFW_RESIZABLE, GLFW_TRUE);
    GLFWmonitor* monitor = config.fullscreen ? glfwGetPrimaryMonitor() : nullptr;
    int width = static_cast<int>(config.width), height = static_cast<int>(config.height);
    if (monitor) {
        // Borderless fullscreen at the desktop's mode: no mode switch, the swapchain matches the monitor.
        const GLFWvidmode* mode = glfwGetVideoMode(monitor);
        width = mode->width;
        height = mode->height;
    } else if (config.fullscreen) {
        spdlog::warn("window: fullscreen requested but there is no monitor; opening a window");
    }
    window_ = glfwCreateWindow(width, height, config.title.c_str(), monitor, nullptr);
    if (!window_) throw Error("cannot create a window: " + last_glfw_error);
}

Window::~Window() {
    if (window_) glfwDestroyWindow(window_);
}

std::vector<const char*> Window::required_instance_extensions() {
    uint32_t count = 0;
    const char** names = glfwGetRequiredInstanceExtensions(&count);
    if (!names) throw Error("GLFW reports no Vulkan surface extensions: " + last_glfw_error);
    return {names, names + count};
}

VkSurfaceKHR Window::create_surface(VkInstance instance) const {
    VkSurfaceKHR surface = VK_NULL_HANDLE;
    const VkResult result = glfwCreateWindowSurface(instance, window_, nullptr, &surface);
    if (result != VK_SUCCESS)
        throw Error("cannot create a Vulkan surface for the window: " + last_glfw_error);
    return surface;
}

VkExtent2D Window::framebuffer_extent() const {
    int w = 0, h = 0;
    glfwGetFramebufferSize(window_, &w, &h);
    return {static_cast<uint32_t>(w), static_cast<uint32_t>(h)};
}

bool Window::minimised() const {
    const VkExtent2D e = framebuffer_extent();
    return glfwGetWindowAttrib(window_, GLFW_ICONIFIED) || e.width == 0 || e.height == 0;
}

bool Window::should_close() const {
    return glfwWindowShouldClose(window_);
}
void Window::poll_events() const {
    glfwPollEvents();
}
void Window::wait_events(double timeout_seconds) const {
    glfwWaitEventsTimeout(timeout_seconds);
}

void Window::apply(const WindowEvent& event) {
    switch (event.action) {
        case WindowEvent::Action::resize:
            spdlog::info("window: scripted resize to {}x{}", event.width, event.height);
            glfwSetWindowSize(window_, static_cast<int>(event.width), static_cast<int>(event.height));
            break;
        case WindowEvent::Action::minimize:
            spdlog::info("window: scripted minimise");
            glfwIconifyWindow(window_);
            break;
        case WindowEvent::Action::restore:
            spdlog::info("window: scripted restore");
            glfwRestoreWindow(window_);
            break;
        case WindowEvent::Action::close:
            spdlog::info("window: scripted close");
            glfwSetWindowShouldClose(window_, GLFW_TRUE);
            break;
    }
}

}  // namespace tessera::app
