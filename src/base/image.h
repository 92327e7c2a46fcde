#pragma once
// CPU-side RGBA8 images: PNG load/save, the comparison the image tests use, and the image-quality measures of
// `tessera bench --quality` (box downsampling, PSNR, mean absolute error).

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

// How 8-bit channel values map to light. A supersampled reference is averaged in linear light, as an MSAA
// resolve of an sRGB image is; averaging the encoded values would darken every edge.
enum class PixelEncoding { linear, srgb };

// Each factor x factor block of `image` becomes one pixel: the mean of its R, G, B and A (R, G, B averaged in
// linear light when `encoding` is srgb; alpha always as stored), rounded to nearest. Precondition: factor >= 1
// and both dimensions multiples of it (TS_ASSERT).
Image box_downsample(const Image& image, uint32_t factor, PixelEncoding encoding);

// Peak signal-to-noise ratio in dB over the R, G, B channels of every pixel (alpha ignored), 8-bit peak 255:
// 10 * log10(255^2 / mean squared error). Identical images give +infinity (std::isinf). Precondition: same,
// non-zero size (TS_ASSERT).
double psnr(const Image& a, const Image& b);
// Mean absolute difference of the R, G, B channels of every pixel (alpha ignored), on the 0-255 scale.
// Precondition as psnr().
double mean_absolute_error(const Image& a, const Image& b);

}  // namespace tessera
