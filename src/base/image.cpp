#include "base/image.h"

#include "base/atomic_file.h"
#include "base/error.h"

#include <stb/stb_image.h>
#include <stb/stb_image_write.h>

#include <algorithm>
#include <cstdlib>
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

}  // namespace tessera
