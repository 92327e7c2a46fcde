#include "app/window.h"

#include "base/error.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <spdlog/spdlog.h>

#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <csignal>
#include <cstdlib>

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
    // A write to the X server's socket after the server died raises SIGPIPE, whose default kills the process
    // without a word (exit 141) before Xlib can call the handler: the software driver's presents write each
    // frame's pixels to that socket, so a frame in flight when the server goes hits it. Ignored, the write
    // fails and the next Xlib call reports the lost connection through the handler.
    std::signal(SIGPIPE, SIG_IGN);
    using Handler = int (*)(XDisplay*);
    using SetHandler = Handler (*)(Handler);
    if (auto set = reinterpret_cast<SetHandler>(dlsym(x11, "XSetIOErrorHandler"))) set(on_x_io_error);
    dlclose(x11);  // drops only the reference taken above: GLFW keeps libX11 loaded
}

template <typename T>
bool parse_number(std::string_view s, T& out) {
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return !s.empty() && ec == std::errc() && end == s.data() + s.size();
}
bool parse_uint(std::string_view s, uint64_t& out) {
    return parse_number(s, out);
}

struct KeyName {
    const char* name;
    InputKey key;
    int glfw;  // GLFW key code, or the mouse button for the right button
};
constexpr KeyName kKeys[] = {
    {"W", InputKey::w, GLFW_KEY_W},       {"A", InputKey::a, GLFW_KEY_A},
    {"S", InputKey::s, GLFW_KEY_S},       {"D", InputKey::d, GLFW_KEY_D},
    {"Q", InputKey::q, GLFW_KEY_Q},       {"E", InputKey::e, GLFW_KEY_E},
    {"P", InputKey::p, GLFW_KEY_P},       {"F1", InputKey::f1, GLFW_KEY_F1},
    {"F12", InputKey::f12, GLFW_KEY_F12}, {"RMB", InputKey::right_button, GLFW_MOUSE_BUTTON_RIGHT},
};

bool parse_key(std::string_view text, InputKey& key) {
    for (const KeyName& k : kKeys) {
        const std::string_view name = k.name;
        if (name.size() == text.size() &&
            std::equal(name.begin(), name.end(), text.begin(),
                       [](char a, char b) { return a == std::toupper(static_cast<unsigned char>(b)); })) {
            key = k.key;
            return true;
        }
    }
    return false;
}

Window* window_of(GLFWwindow* handle) {
    return static_cast<Window*>(glfwGetWindowUserPointer(handle));
}

void on_glfw_key(GLFWwindow* handle, int code, int, int action, int) {
    if (action == GLFW_REPEAT) return;
    for (const KeyName& k : kKeys)
        if (k.key != InputKey::right_button && k.glfw == code)
            window_of(handle)->on_key(k.key, action == GLFW_PRESS);
}
void on_glfw_mouse_button(GLFWwindow* handle, int button, int action, int) {
    if (button == GLFW_MOUSE_BUTTON_RIGHT)
        window_of(handle)->on_key(InputKey::right_button, action == GLFW_PRESS);
}
void on_glfw_cursor(GLFWwindow* handle, double x, double y) {
    window_of(handle)->on_cursor(x, y);
}
void on_glfw_scroll(GLFWwindow* handle, double, double y) {
    window_of(handle)->on_scroll(y);
}
void on_glfw_focus(GLFWwindow* handle, int focused) {
    if (!focused) window_of(handle)->on_focus_lost();
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
                         "' (expected e.g. resize@30=640x360,minimize@60,restore@90,close@120,press@5=W,"
                         "release@40=W,mouse@50=40x-10,scroll@60=2; keys W A S D Q E P F1 F12 RMB)");
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
        } else if (name == "press" || name == "release") {
            e.action = name == "press" ? WindowEvent::Action::press : WindowEvent::Action::release;
            if (!parse_key(size, e.key)) fail(item);
        } else if (name == "mouse") {
            e.action = WindowEvent::Action::mouse;
            const size_t x = size.find('x');
            if (x == std::string_view::npos || !parse_number(size.substr(0, x), e.dx) ||
                !parse_number(size.substr(x + 1), e.dy) || std::abs(e.dx) > 100000 || std::abs(e.dy) > 100000)
                fail(item);
        } else if (name == "scroll") {
            e.action = WindowEvent::Action::scroll;
            if (!parse_number(size, e.dy) || e.dy == 0 || std::abs(e.dy) > 1000) fail(item);
        } else {
            fail(item);
        }
        const bool takes_value =
            e.action == WindowEvent::Action::resize || e.action == WindowEvent::Action::press ||
            e.action == WindowEvent::Action::release || e.action == WindowEvent::Action::mouse ||
            e.action == WindowEvent::Action::scroll;
        if (!size.empty() != takes_value) fail(item);
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
    glfwSetWindowUserPointer(window_, this);
    glfwSetKeyCallback(window_, on_glfw_key);
    glfwSetMouseButtonCallback(window_, on_glfw_mouse_button);
    glfwSetCursorPosCallback(window_, on_glfw_cursor);
    glfwSetScrollCallback(window_, on_glfw_scroll);
    glfwSetWindowFocusCallback(window_, on_glfw_focus);
    glfwGetCursorPos(window_, &cursor_x_, &cursor_y_);
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
        case WindowEvent::Action::press:
        case WindowEvent::Action::release:
            on_key(event.key, event.action == WindowEvent::Action::press);
            break;
        case WindowEvent::Action::mouse:  // relative to where the cursor is: no anchor to wait for
            anchor_pending_ = false;
            on_cursor(cursor_x_ + event.dx, cursor_y_ + event.dy);
            break;
        case WindowEvent::Action::scroll:
            on_scroll(event.dy);
            break;
    }
}

void Window::on_key(InputKey key, bool pressed) {
    render::FlyInput& fly = input_.fly;
    bool* held = nullptr;
    switch (key) {
        case InputKey::w:
            held = &fly.forward;
            break;
        case InputKey::s:
            held = &fly.back;
            break;
        case InputKey::a:
            held = &fly.left;
            break;
        case InputKey::d:
            held = &fly.right;
            break;
        case InputKey::q:
            held = &fly.down;
            break;
        case InputKey::e:
            held = &fly.up;
            break;
        case InputKey::right_button:
            held = &fly.looking;
            // While looking, the cursor is hidden and unbounded (GLFW's virtual cursor): turning never stops
            // at the window's edge. Hiding it warps the pointer, and the event that may follow is a jump, not
            // the user's motion: motion counts from the first cursor event after the press.
            if (pressed != fly.looking) {
                glfwSetInputMode(window_, GLFW_CURSOR, pressed ? GLFW_CURSOR_DISABLED : GLFW_CURSOR_NORMAL);
                anchor_pending_ = pressed;
            }
            break;
        case InputKey::p:
            input_.pause_toggles += pressed;
            return;
        case InputKey::f1:
            input_.overlay_toggles += pressed;
            return;
        case InputKey::f12:
            input_.screenshots += pressed;
            return;
    }
    if (pressed && !*held) input_.took_control = true;
    *held = pressed;
}

void Window::on_cursor(double x, double y) {
    if (input_.fly.looking && !anchor_pending_)
        input_.fly.mouse_delta += glm::dvec2(x - cursor_x_, y - cursor_y_);
    anchor_pending_ = false;
    cursor_x_ = x;
    cursor_y_ = y;
}

void Window::on_scroll(double steps) {
    input_.fly.scroll_steps += steps;
}

void Window::on_focus_lost() {
    for (InputKey key : {InputKey::w, InputKey::a, InputKey::s, InputKey::d, InputKey::q, InputKey::e,
                         InputKey::right_button})
        on_key(key, false);
}

Window::Pointer Window::pointer() const {
    Pointer p;
    glfwGetCursorPos(window_, &p.x, &p.y);
    p.left = glfwGetMouseButton(window_, GLFW_MOUSE_BUTTON_LEFT) == GLFW_PRESS;
    return p;
}

UserInput Window::take_input() {
    UserInput taken = input_;
    input_.took_control = false;
    input_.screenshots = input_.pause_toggles = input_.overlay_toggles = 0;
    input_.fly.mouse_delta = {0, 0};
    input_.fly.scroll_steps = 0;
    return taken;
}

}  // namespace tessera::app
