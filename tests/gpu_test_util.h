#pragma once
// Helpers for tests that render through the real Vulkan driver (lavapipe on CI) with validation on.

#include "app/run_loop.h"
#include "base/image.h"
#include "config/config.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace tessera::vk {
class Buffer;
class Device;
}  // namespace tessera::vk

namespace tessera::test {

// A small, fixed scene: 320x240, static camera, validation on, headless.
Config small_scene_config(uint64_t cubes = 3000);

// Renders `frames` frames headless and returns the last one. Fails the test on any validation error.
Image render_headless(const Config& config, uint64_t frames = 4);

// Compares against tests/data/<name>.png: a pixel fails when a channel differs by more than
// `channel_tolerance`; the test fails when more than `max_failing_fraction` of pixels fail. On failure writes
// <build>/test-output/<name>.actual.png and <name>.diff.png. With TESSERA_UPDATE_REFERENCES=1 set, writes
// the reference instead.
void expect_matches_reference(const Image& actual, const std::string& name, uint32_t channel_tolerance,
                              double max_failing_fraction);

// Compares two renders of the same scene, writing both and the diff on failure.
void expect_images_match(const Image& expected, const Image& actual, const std::string& name,
                         uint32_t channel_tolerance, double max_failing_fraction);

std::filesystem::path output_dir();

// Copies a device buffer's bytes to host memory (a one-off submission that waits).
std::vector<std::byte> read_back(const vk::Device& device, const vk::Buffer& buffer);

struct Frames {
    std::vector<Image> images;  // frames 1.. in order, those whose slot came round again
    app::RunResult result;
};

// Renders `config` (a scene of its own, through app::run_frames) for `frames` frames, reading every frame's
// target back when its slot comes round, so that frames in flight really overlap. Fails the test on any
// validation error.
Frames render_frames(const Config& config, uint64_t frames);

}  // namespace tessera::test
