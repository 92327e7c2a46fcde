#include "scene/city.h"

#include "scene/random.h"

#include <algorithm>
#include <cmath>

namespace tessera::scene {
namespace {

constexpr float kStreet = kCityPitch - kCityLotSide;
constexpr uint32_t kMinSide = 4;
constexpr uint32_t kMaxStoreys = (kCityLotCubes + kMinSide * kMinSide - 1) / (kMinSide * kMinSide);

struct CityGrid {
    uint64_t rows = 2;     // along z: even, so that z = 0 is mid-street
    uint64_t columns = 1;  // along x
    glm::vec2 origin{0};   // the first lot's corner (x, z)
};

CityGrid city_grid(uint64_t count) {
    const uint64_t lots = std::max<uint64_t>(1, (count + kCityLotCubes - 1) / kCityLotCubes);
    CityGrid grid;
    const auto side = static_cast<uint64_t>(std::ceil(std::sqrt(static_cast<double>(lots))));
    grid.rows = std::max<uint64_t>(2, (side + 1) / 2 * 2);
    grid.columns = (lots + grid.rows - 1) / grid.rows;
    grid.origin = -0.5f * glm::vec2(static_cast<float>(grid.columns) * kCityPitch - kStreet,
                                    static_cast<float>(grid.rows) * kCityPitch - kStreet);
    return grid;
}

glm::vec3 hue(float h, float s, float v) {
    const glm::vec3 k =
        glm::clamp(glm::abs(glm::mod(h * 6.0f + glm::vec3(0, 4, 2), 6.0f) - 3.0f) - 1.0f, 0.0f, 1.0f);
    return v * glm::mix(glm::vec3(1), k, s);
}

}  // namespace

gpu::CubeInstance city_cube(uint64_t seed, uint64_t count, uint64_t index) {
    const CityGrid grid = city_grid(count);
    const uint64_t lot = index / kCityLotCubes;
    const auto k = static_cast<uint32_t>(index % kCityLotCubes);
    // The lot's own stream (footprint, hue), then the cube's (shade).
    Random lot_random(mix(seed * 0x100000001B3ull ^ mix(lot ^ 0xC17Cull)));
    const uint32_t side = kMinSide + std::min<uint32_t>(static_cast<uint32_t>(lot_random.next() * 5.0f), 4);
    const float lot_hue = lot_random.next();
    const float lot_saturation = 0.15f + 0.35f * lot_random.next();
    Random cube_random(mix(seed * 0x100000001B3ull ^ mix(index)));

    const uint32_t storey = k / (side * side), in_storey = k % (side * side);
    const glm::vec2 corner = grid.origin + kCityPitch * glm::vec2(static_cast<float>(lot / grid.rows),
                                                                  static_cast<float>(lot % grid.rows));
    const float inset = (kCityLotSide - static_cast<float>(side)) * 0.5f;
    const glm::vec3 position(corner.x + inset + static_cast<float>(in_storey % side) + 0.5f,
                             static_cast<float>(storey) + 0.5f,
                             corner.y + inset + static_cast<float>(in_storey / side) + 0.5f);
    // Every other storey a band of windows, some of them lit.
    const float shade =
        storey % 2 == 1 && cube_random.next() < 0.3f ? 0.95f : 0.45f + 0.2f * cube_random.next();
    const glm::vec3 rgb = hue(lot_hue, lot_saturation, shade);
    return gpu::CubeInstance{position, 1.0f, pack_rotation(glm::vec4(0, 0, 0, 1)),
                             pack_color(glm::vec4(rgb, 1.0f)), 0u};
}

Bounds city_bounds(uint64_t count) {
    const CityGrid grid = city_grid(count);
    constexpr float kMargin = 1.0f;  // a unit cube's half-diagonal, rounded up
    const float half_height = static_cast<float>(kMaxStoreys) * 0.5f;
    return {{0, half_height, 0}, {-grid.origin.x + kMargin, half_height + kMargin, -grid.origin.y + kMargin}};
}

}  // namespace tessera::scene
