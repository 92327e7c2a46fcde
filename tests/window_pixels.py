#!/usr/bin/env python3
"""What an X11 window shows, for tests: grab it from the X server, or compare two images.

  window_pixels.py grab TITLE OUT.png [--timeout SECONDS]
      Waits for a window titled TITLE, then reads its pixels as the X server holds them (XGetImage through
      libX11) every 0.2 s until two reads in a row are equal and not of one colour (a frame of a still scene
      has been presented), and writes them to OUT.png. Exit 1 when that does not happen within SECONDS.
  window_pixels.py compare ACTUAL.png EXPECTED.png DIFF.png [--tolerance N]
      Passes when no channel of any pixel differs by more than N (default 0); else writes a diff image (white
      where a pixel differs) to DIFF.png and exits 1.

Needs Python's PIL (python3-pil, which python3-matplotlib brings) and libX11.
"""
import ctypes
import sys
import time

from PIL import Image, ImageChops


class XImage(ctypes.Structure):  # the leading fields of Xlib's XImage, up to bits_per_pixel
    _fields_ = [(name, ctypes.c_int) for name in ("width", "height", "xoffset", "format")] + [
        ("data", ctypes.c_void_p)] + [(name, ctypes.c_int) for name in (
            "byte_order", "bitmap_unit", "bitmap_bit_order", "bitmap_pad", "depth", "bytes_per_line",
            "bits_per_pixel")]


def x11():
    lib = ctypes.cdll.LoadLibrary("libX11.so.6")
    lib.XOpenDisplay.restype = ctypes.c_void_p
    lib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    lib.XDefaultRootWindow.restype = ctypes.c_ulong
    lib.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
    lib.XQueryTree.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_ulong),
                               ctypes.POINTER(ctypes.c_ulong), ctypes.POINTER(ctypes.POINTER(ctypes.c_ulong)),
                               ctypes.POINTER(ctypes.c_uint)]
    lib.XFetchName.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.POINTER(ctypes.c_char_p)]
    lib.XGetImage.restype = ctypes.POINTER(XImage)
    lib.XGetImage.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_int, ctypes.c_uint,
                              ctypes.c_uint, ctypes.c_ulong, ctypes.c_int]
    lib.XGetWindowAttributes.argtypes = [ctypes.c_void_p, ctypes.c_ulong, ctypes.c_void_p]
    lib.XFree.argtypes = [ctypes.c_void_p]
    return lib


def find_window(lib, dpy, window, title):
    name = ctypes.c_char_p()
    if lib.XFetchName(dpy, window, ctypes.byref(name)) and name.value:
        found = name.value.decode(errors="replace") == title
        lib.XFree(name)
        if found:
            return window
    root, parent = ctypes.c_ulong(), ctypes.c_ulong()
    children, count = ctypes.POINTER(ctypes.c_ulong)(), ctypes.c_uint()
    if not lib.XQueryTree(dpy, window, ctypes.byref(root), ctypes.byref(parent), ctypes.byref(children),
                          ctypes.byref(count)):
        return None
    try:
        for i in range(count.value):
            hit = find_window(lib, dpy, children[i], title)
            if hit:
                return hit
    finally:
        if children:
            lib.XFree(children)
    return None


def grab(title, out, timeout):
    lib = x11()
    dpy = lib.XOpenDisplay(None)
    if not dpy:
        sys.exit("grab: cannot open the X display")
    deadline = time.monotonic() + timeout
    window = None
    while window is None and time.monotonic() < deadline:
        window = find_window(lib, dpy, lib.XDefaultRootWindow(dpy), title)
        if window is None:
            time.sleep(0.1)
    if window is None:
        sys.exit(f"grab: no window titled {title!r} within {timeout} s")
    previous = None
    while time.monotonic() < deadline:
        pixels = read_window(lib, dpy, window)
        if pixels == previous and len(set(pixels.getdata())) > 1:
            pixels.save(out)
            print(f"grabbed {pixels.size[0]}x{pixels.size[1]} from window 0x{window:x}")
            return
        previous = pixels
        time.sleep(0.2)
    sys.exit(f"grab: the window showed no still frame within {timeout} s")


def read_window(lib, dpy, window):
    attributes = (ctypes.c_int * 64)()  # XWindowAttributes: x, y, width, height first; 64 ints is ample
    if not lib.XGetWindowAttributes(dpy, window, attributes):
        sys.exit("grab: the window vanished")
    width, height = attributes[2], attributes[3]
    image = lib.XGetImage(dpy, window, 0, 0, width, height, ctypes.c_ulong(-1).value, 2)  # ZPixmap
    if not image:
        sys.exit("grab: XGetImage failed (the window vanished?)")
    img = image.contents
    if img.bits_per_pixel != 32 or img.byte_order != 0:  # LSBFirst: B, G, R, X in memory
        sys.exit(f"grab: unexpected X image format ({img.bits_per_pixel} bpp, byte order {img.byte_order})")
    data = ctypes.string_at(img.data, img.bytes_per_line * img.height)
    size, stride = (img.width, img.height), img.bytes_per_line
    lib.XFree(img.data)
    lib.XFree(image)
    return Image.frombuffer("RGBX", size, data, "raw", "BGRX", stride, 1).convert("RGB")


def compare(actual_path, expected_path, diff_path, tolerance):
    actual = Image.open(actual_path).convert("RGB")
    expected = Image.open(expected_path).convert("RGB")
    if actual.size != expected.size:
        sys.exit(f"compare: sizes differ: {actual.size} against {expected.size}")
    r, g, b = ImageChops.difference(actual, expected).split()
    largest = ImageChops.lighter(ImageChops.lighter(r, g), b)  # each pixel's largest channel difference
    worst = largest.getextrema()[1]
    mask = largest.point(lambda v: 255 if v > tolerance else 0)  # white where a pixel is out of tolerance
    bad = mask.histogram()[255]
    total = actual.size[0] * actual.size[1]
    if worst > tolerance:
        mask.save(diff_path)
        sys.exit(f"compare: {bad} of {total} pixels differ by more than {tolerance} (at most {worst}); "
                 f"diff in {diff_path}")
    print(f"compare: {total} pixels within {tolerance} (largest difference {worst})")


def main(argv):
    options = {"--timeout": 60.0, "--tolerance": 0}
    args = []
    i = 0
    while i < len(argv):
        if argv[i] in options:
            options[argv[i]] = type(options[argv[i]])(argv[i + 1])
            i += 2
        else:
            args.append(argv[i])
            i += 1
    if len(args) == 3 and args[0] == "grab":
        grab(args[1], args[2], options["--timeout"])
    elif len(args) == 4 and args[0] == "compare":
        compare(args[1], args[2], args[3], options["--tolerance"])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
