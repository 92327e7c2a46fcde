#pragma once
// The depth pyramid computed on the CPU, as render/depth_pyramid.h defines it: level 0 is ceil(W/2) x
// ceil(H/2), level k is max(1, level0 >> k); each texel is the minimum (reversed Z: farthest) of source
// columns 2x..2x+1 and rows 2y..2y+1 clamped to the source, the last column (row) reaching to the source's
// last column (row).

#include <algorithm>
#include <bit>
#include <cstdint>
#include <vector>

namespace tessera::test {

struct DepthLevel {
    uint32_t width = 0, height = 0;
    std::vector<float> texels;  // row-major
    float at(uint32_t x, uint32_t y) const { return texels[size_t(y) * width + x]; }
};

inline DepthLevel reduce_depth(const DepthLevel& source, uint32_t width, uint32_t height) {
    DepthLevel out{width, height, std::vector<float>(size_t(width) * height)};
    for (uint32_t y = 0; y < height; ++y) {
        const uint32_t y0 = std::min(2 * y, source.height - 1);
        const uint32_t y1 = y == height - 1 ? source.height - 1 : std::min(y0 + 1, source.height - 1);
        for (uint32_t x = 0; x < width; ++x) {
            const uint32_t x0 = std::min(2 * x, source.width - 1);
            const uint32_t x1 = x == width - 1 ? source.width - 1 : std::min(x0 + 1, source.width - 1);
            float depth = 1.0f;
            for (uint32_t sy = y0; sy <= y1; ++sy)
                for (uint32_t sx = x0; sx <= x1; ++sx) depth = std::min(depth, source.at(sx, sy));
            out.texels[size_t(y) * width + x] = depth;
        }
    }
    return out;
}

// Every level of the pyramid over `depth`, down to 1x1.
inline std::vector<DepthLevel> reference_pyramid(const DepthLevel& depth) {
    const uint32_t w0 = (depth.width + 1) / 2, h0 = (depth.height + 1) / 2;
    std::vector<DepthLevel> levels{reduce_depth(depth, w0, h0)};
    const auto count = static_cast<uint32_t>(std::bit_width(std::max(w0, h0)));
    for (uint32_t k = 1; k < count; ++k)
        levels.push_back(reduce_depth(levels.back(), std::max(w0 >> k, 1u), std::max(h0 >> k, 1u)));
    return levels;
}

}  // namespace tessera::test
