#include "base/image.h"

#include "base/assert.h"
#include "base/atomic_file.h"
#include "base/error.h"

#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <string>

namespace tessera {

Image load_png(const std::filesystem::path& path) {
    int w = 0, h = 0, channels = 0;
    stbi_uc* data = stbi_load(path.c_str(), &w, &h, &channels, 4);
    if (!data) throw Error("cannot read image " + path.string() + ": " + stbi_failure_reason());
    Image image{static_cast<uint32_t>(w), static_cast<uint32_t>(h), {}};
    image.rgba.assign(data, data + size_t(w) * size_t(h) * 4);
    stbi_image_free(data);
    return image;
}

void save_png(const std::filesystem::path& path, const Image& image) {
    std::string png;
    const auto append = [](void* context, void* data, int size) {
        static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<size_t>(size));
    };
    const int stride = static_cast<int>(image.width * 4);
    if (!stbi_write_png_to_func(append, &png, static_cast<int>(image.width), static_cast<int>(image.height),
                                4, image.rgba.data(), stride))
        throw Error("cannot encode image " + path.string());
    write_file_atomically(path, png);
}

ImageComparison compare_images(const Image& expected, const Image& actual, uint32_t channel_tolerance) {
    ImageComparison result;
    result.same_size = expected.width == actual.width && expected.height == actual.height;
    if (!result.same_size || expected.empty()) return result;
    result.diff = Image{expected.width, expected.height, std::vector<uint8_t>(expected.rgba.size())};
    const size_t pixels = size_t(expected.width) * expected.height;
    for (size_t i = 0; i < pixels; ++i) {
        const uint8_t* e = &expected.rgba[i * 4];
        const uint8_t* a = &actual.rgba[i * 4];
        uint32_t d = 0;
        for (int c = 0; c < 3; ++c)
            d = std::max<uint32_t>(d, static_cast<uint32_t>(std::abs(int(e[c]) - int(a[c]))));
        result.max_channel_diff = std::max(result.max_channel_diff, d);
        uint8_t* out = &result.diff.rgba[i * 4];
        if (d > channel_tolerance) {
            ++result.failing_pixels;
            out[0] = static_cast<uint8_t>(std::min<uint32_t>(255, 64 + d * 4));
            out[1] = out[2] = 0;
        } else {
            out[0] = out[1] = out[2] = static_cast<uint8_t>((int(e[0]) + e[1] + e[2]) / 12);
        }
        out[3] = 255;
    }
    result.failing_fraction = double(result.failing_pixels) / double(pixels);
    return result;
}

namespace {

// sRGB transfer functions (IEC 61966-2-1), on [0, 1].
double srgb_to_linear(double v) {
    return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
}
double linear_to_srgb(double v) {
    return v <= 0.0031308 ? v * 12.92 : 1.055 * std::pow(v, 1.0 / 2.4) - 0.055;
}

uint8_t to_byte(double v) {
    return static_cast<uint8_t>(std::clamp(std::lround(v), 0L, 255L));
}

void check_comparable(const Image& a, const Image& b) {
    TS_ASSERT(a.width == b.width && a.height == b.height && !a.empty() &&
              a.rgba.size() == size_t(a.width) * a.height * 4 && b.rgba.size() == a.rgba.size());
}

}  // namespace

Image box_downsample(const Image& image, uint32_t factor, PixelEncoding encoding) {
    TS_ASSERT(factor >= 1 && image.width % factor == 0 && image.height % factor == 0);
    static const std::array<double, 256> kLinear = [] {
        std::array<double, 256> table{};
        for (int i = 0; i < 256; ++i) table[i] = srgb_to_linear(i / 255.0);
        return table;
    }();
    const bool srgb = encoding == PixelEncoding::srgb;
    Image out{image.width / factor, image.height / factor, {}};
    out.rgba.resize(size_t(out.width) * out.height * 4);
    const double samples = double(factor) * factor;
    for (uint32_t y = 0; y < out.height; ++y) {
        for (uint32_t x = 0; x < out.width; ++x) {
            std::array<double, 4> sum{};
            for (uint32_t sy = 0; sy < factor; ++sy) {
                const uint8_t* row = image.pixel(x * factor, y * factor + sy);
                for (uint32_t sx = 0; sx < factor; ++sx, row += 4) {
                    for (int c = 0; c < 3; ++c) sum[c] += srgb ? kLinear[row[c]] : row[c];
                    sum[3] += row[3];
                }
            }
            uint8_t* dst = &out.rgba[(size_t(y) * out.width + x) * 4];
            for (int c = 0; c < 3; ++c)
                dst[c] = to_byte(srgb ? linear_to_srgb(sum[c] / samples) * 255.0 : sum[c] / samples);
            dst[3] = to_byte(sum[3] / samples);
        }
    }
    return out;
}

double psnr(const Image& a, const Image& b) {
    check_comparable(a, b);
    uint64_t squared = 0;
    for (size_t i = 0; i < a.rgba.size(); i += 4)
        for (size_t c = 0; c < 3; ++c) {
            const int64_t d = int64_t(a.rgba[i + c]) - int64_t(b.rgba[i + c]);
            squared += uint64_t(d * d);
        }
    if (squared == 0) return std::numeric_limits<double>::infinity();
    const double mse = double(squared) / (double(a.width) * a.height * 3.0);
    return 10.0 * std::log10(255.0 * 255.0 / mse);
}

double mean_absolute_error(const Image& a, const Image& b) {
    check_comparable(a, b);
    uint64_t total = 0;
    for (size_t i = 0; i < a.rgba.size(); i += 4)
        for (size_t c = 0; c < 3; ++c) total += uint64_t(std::abs(int(a.rgba[i + c]) - int(b.rgba[i + c])));
    return double(total) / (double(a.width) * a.height * 3.0);
}

}  // namespace tessera
