#pragma once
// X requests of at most 256 KiB for software Vulkan drivers, so that their present reaches the X server fast.
//
// Why. A software driver (Mesa's lavapipe, up to at least Debian 12's 22.3) presents to an X11 window by
// sending the whole swapchain image in one PutImage request when the server takes requests that large:
// 3.7 MB at 1280x720, 8.3 MB at 1920x1080 (BIG-REQUESTS allows 16 MB). The X server reads a request that
// large several times slower than the same bytes in requests of 256 KiB. Measured under Xvfb on the 2-core VM,
// a frame's PutImage took 17-21 ms against 1.6-1.9 ms at 1280x720, and 50 ms against 3.6 ms at 1920x1080.
// The driver's present waits for the frame and then sends it from the frame loop's thread, so that time is
// added to every frame. The driver splits the image into bands of rows when it is larger than what
// xcb_get_maximum_request_length() answers; limiting that answer to 256 KiB, as if the server had no
// BIG-REQUESTS, makes it send the image in bands of at most 256 KiB.
//
// How. The executable defines xcb_get_maximum_request_length and exports it (src/app/CMakeLists.txt), so the
// process's callers of libxcb's function (the driver's window-system code, Xlib, libxcb itself) reach ours.
// It returns libxcb's answer, capped at 65,535 four-byte units (the core protocol's largest request) while
// the limit is on. Every X client already handles that limit; nothing in the process sends larger requests
// once the driver splits its images into bands of whole rows (a row fits in one request up to 65,529 pixels
// wide; lavapipe's images are at most 16,384).
//
// Contract: call limit_x11_requests(true) before the swapchain is created, from any thread; it is meant for
// software drivers on X11 (Session turns it on for VK_PHYSICAL_DEVICE_TYPE_CPU, `window.chunked_present`).

namespace tessera::app {

// 262,140: the core X protocol's largest request (65,535 four-byte units).
inline constexpr unsigned kCoreMaxRequestBytes = 65'535u * 4u;

// Turns the limit on or off. Returns whether it is in force: false when this executable does not export the
// interposer (a test binary, or a build without the export), so X requests keep their size.
bool limit_x11_requests(bool on);

}  // namespace tessera::app
