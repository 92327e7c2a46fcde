#pragma once
// CPU-side RGBA8 images: PNG load/save and the comparison the image tests use.

#include <cstdint>
#include <filesystem>
#include <vector>

namespace tessera {

struct Image {
    uint32_t width = 0, height = 0;
    std::vector<uint8_t> rgba;  // width * height * 4 bytes, rows top to bottom, R G B A

    bool empty() const { return rgba.empty(); }
    const uint8_t* pixel(uint32_t x, uint32_t y) const { return &rgba[(size_t(y) * width + x) * 4]; }
};

// Throws tessera::Error naming the path on failure. save_png writes atomically (base/atomic_file.h): the
// directory must exist, and a failed write leaves no file under `path`.
Image load_png(const std::filesystem::path& path);
void save_png(const std::filesystem::path& path, const Image& image);

// A pixel fails when any of its R, G, B channels differs by more than `channel_tolerance`.
struct ImageComparison {
    bool same_size = false;
    uint32_t max_channel_diff = 0;
    uint64_t failing_pixels = 0;
    double failing_fraction = 1.0;
    Image diff;  // failing pixels red (brightness = difference), others a dimmed grey copy of `expected`
};
ImageComparison compare_images(const Image& expected, const Image& actual, uint32_t channel_tolerance);

}  // namespace tessera
