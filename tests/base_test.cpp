#include "base/atomic_file.h"
#include "base/error.h"
#include "base/frame_stats.h"
#include "base/image.h"
#include "base/jobs.h"
#include "base/json_writer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <random>

namespace tessera {
namespace {

TEST(Summary, NearestRankPercentiles) {
    std::vector<double> v(100);
    std::iota(v.begin(), v.end(), 1.0);  // 1..100
    const Summary s = summarise(v);
    EXPECT_EQ(s.count, 100u);
    EXPECT_DOUBLE_EQ(s.mean, 50.5);
    EXPECT_DOUBLE_EQ(s.p50, 50.0);
    EXPECT_DOUBLE_EQ(s.p99, 99.0);
    EXPECT_DOUBLE_EQ(s.min, 1.0);
    EXPECT_DOUBLE_EQ(s.max, 100.0);
    EXPECT_EQ(summarise({}).count, 0u);
}

TEST(FrameStats, GpuTimesArriveLateAndUnknownOnesAreSkipped) {
    FrameStats stats;
    for (int i = 0; i < 4; ++i) stats.add({10.0, 1.0, -1.0});
    stats.set_gpu_ms(1, 2.0);
    stats.set_gpu_ms(2, 4.0);
    stats.set_gpu_ms(99, 1.0);  // out of range: ignored
    EXPECT_EQ(stats.gpu_ms().count, 2u);
    EXPECT_DOUBLE_EQ(stats.gpu_ms().mean, 3.0);
    EXPECT_DOUBLE_EQ(stats.average_fps(), 100.0);
}

TEST(FrameStats, GpuTimesOlderThanTheRecentWindowOrSetTwiceAreIgnored) {
    FrameStats stats;
    for (size_t i = 0; i < FrameStats::kRecentFrames + 4; ++i) stats.add({10.0, 1.0, -1.0});
    stats.set_gpu_ms(0, 5.0);  // fell out of the window
    EXPECT_EQ(stats.gpu_ms().count, 0u);
    EXPECT_EQ(stats.recent(0), nullptr);
    stats.set_gpu_ms(stats.frames() - 2, 5.0);
    stats.set_gpu_ms(stats.frames() - 2, 7.0);  // already known
    EXPECT_EQ(stats.gpu_ms().count, 1u);
    EXPECT_DOUBLE_EQ(stats.gpu_ms().mean, 5.0);
    EXPECT_DOUBLE_EQ(stats.latest_gpu_ms(), 5.0);
    ASSERT_NE(stats.recent(stats.frames() - 2), nullptr);
    EXPECT_DOUBLE_EQ(stats.recent(stats.frames() - 2)->gpu_ms, 5.0);
}

TEST(FrameStats, PassTimesAndMemoryArriveWithTheFrameAndExtraPassesAreDropped) {
    FrameStats stats;
    stats.add({.cpu_ms = 1, .device_mib = 12.5});
    stats.add({.cpu_ms = 1});
    std::vector<PassTime> passes;
    for (size_t i = 0; i < FrameSample::kMaxPasses + 3; ++i) passes.push_back({"pass", float(i)});
    stats.set_gpu_passes(0, passes);
    stats.set_gpu_passes(5, passes);  // not added yet: ignored
    const FrameSample* first = stats.recent(0);
    ASSERT_NE(first, nullptr);
    EXPECT_EQ(first->device_mib, 12.5);
    ASSERT_EQ(first->pass_count, FrameSample::kMaxPasses);
    EXPECT_EQ(first->passes[3].ms, 3.0f);
    EXPECT_EQ(stats.recent(1)->pass_count, 0u);
    EXPECT_LT(stats.recent(1)->device_mib, 0);
}

TEST(FrameStats, MemoryIsTheSameAfterAThousandAndTenMillionFrames) {
    FrameStats stats;
    std::mt19937_64 rng(7);
    std::lognormal_distribution<double> ms(2.5, 0.4);
    size_t after_thousand = 0;
    for (size_t i = 0; i < 10'000'000; ++i) {
        const size_t index = stats.frames();
        stats.add({ms(rng), 0.5, -1.0});
        if (index >= 2) stats.set_gpu_ms(index - 2, 3.0);
        if (i + 1 == 1000) after_thousand = stats.memory_bytes();
    }
    EXPECT_EQ(stats.frames(), 10'000'000u);
    EXPECT_EQ(stats.frame_ms().count, 10'000'000u);
    EXPECT_EQ(stats.gpu_ms().count, 10'000'000u - 2);
    EXPECT_EQ(stats.memory_bytes(), after_thousand);
    EXPECT_LT(stats.memory_bytes(), 128u * 1024);
}

// Percentiles and slowest-fraction means agree with exact values within the stated bound.
TEST(Histogram, PercentilesWithinTheStatedRelativeError) {
    std::mt19937_64 rng(11);
    std::lognormal_distribution<double> ms(2.0, 0.8);
    std::vector<double> values(200'000);
    Histogram h;
    for (double& v : values) h.add(v = ms(rng));
    const Summary exact = summarise(values);
    const Summary approx = h.summary();
    const double bound = Histogram::kRelativeError * (1 + 1e-9);
    EXPECT_EQ(approx.count, exact.count);
    EXPECT_NEAR(approx.mean, exact.mean, exact.mean * 1e-12);
    EXPECT_EQ(approx.min, exact.min);
    EXPECT_EQ(approx.max, exact.max);
    EXPECT_LE(std::abs(approx.p50 - exact.p50), exact.p50 * bound);
    EXPECT_LE(std::abs(approx.p99 - exact.p99), exact.p99 * bound);
    std::sort(values.begin(), values.end());
    for (const double p : {0.001, 0.1, 0.25, 0.9, 0.999, 1.0}) {
        const double want = values[static_cast<size_t>(std::ceil(p * double(values.size()))) - 1];
        EXPECT_LE(std::abs(h.percentile(p) - want), want * bound) << p;
    }
    for (const double fraction : {0.01, 0.001}) {
        const size_t n = static_cast<size_t>(std::ceil(fraction * double(values.size())));
        const double want = std::accumulate(values.end() - long(n), values.end(), 0.0) / double(n);
        EXPECT_LE(std::abs(h.slowest_mean(fraction) - want), want * bound) << fraction;
    }
    EXPECT_EQ(Histogram{}.summary().count, 0u);
    EXPECT_EQ(Histogram{}.percentile(0.5), 0.0);
}

TEST(FrameStats, LowFpsIsTheMeanOfTheSlowestFrames) {
    FrameStats stats;
    for (int i = 0; i < 990; ++i) stats.add({10.0, 1.0, -1.0});
    for (int i = 0; i < 10; ++i) stats.add({i < 9 ? 20.0 : 100.0, 1.0, -1.0});
    // Slowest 1% = 10 frames: nine of 20 ms, one of 100 ms -> mean 28 ms; slowest 0.1% = the 100 ms frame.
    EXPECT_NEAR(stats.low_fps(0.01), 1000.0 / 28.0, 1000.0 / 28.0 * Histogram::kRelativeError);
    EXPECT_NEAR(stats.low_fps(0.001), 10.0, 10.0 * Histogram::kRelativeError);
}

std::filesystem::path fresh_dir(const std::string& name) {
    const auto dir = std::filesystem::path(TESSERA_TEST_OUTPUT_DIR) / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

size_t files_in(const std::filesystem::path& dir) {
    return static_cast<size_t>(std::distance(std::filesystem::directory_iterator(dir), {}));
}

TEST(AtomicFile, AppearsOnlyWhenCommitted) {
    const auto dir = fresh_dir("atomic");
    const auto path = dir / "out.txt";
    {
        AtomicFile file(path);
        file.write("partial");
        EXPECT_FALSE(std::filesystem::exists(path));
    }  // not committed: discarded
    EXPECT_EQ(files_in(dir), 0u);
    write_file_atomically(path, "old");
    AtomicFile file(path);
    file.write("new ");
    file.write("text");
    EXPECT_FALSE(file.failed());
    file.commit();
    std::ifstream in(path);
    std::string text;
    std::getline(in, text);
    EXPECT_EQ(text, "new text");
    EXPECT_EQ(files_in(dir), 1u);
}

TEST(AtomicFile, FailedWriteThrowsNamingThePathAndLeavesNothing) {
    AtomicFile full("/dev/full");  // a device: written in place, every write fails with ENOSPC
    full.write(std::string(1 << 16, 'x'));
    try {
        full.commit();
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), ExitCode::failure);
        EXPECT_NE(std::string(e.what()).find("/dev/full"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("No space left"), std::string::npos) << e.what();
    }
    EXPECT_THROW(AtomicFile("/nonexistent-dir/x.json"), Error);
}

TEST(AtomicFile, OutputPathsAreCheckedBeforeWork) {
    const auto dir = fresh_dir("atomic_check");
    EXPECT_NO_THROW(check_output_path(dir / "x.json", "--json"));
    EXPECT_NO_THROW(check_output_path("/dev/null", "--json"));
    EXPECT_EQ(files_in(dir), 0u);  // the probe file is gone
    for (const std::filesystem::path& bad :
         {std::filesystem::path("/nonexistent-dir/x.json"), dir, std::filesystem::path()}) {
        try {
            check_output_path(bad, "--json");
            ADD_FAILURE() << bad << " accepted";
        } catch (const UsageError& e) {
            EXPECT_EQ(std::string(e.what()).rfind("--json", 0), 0u) << e.what();
        }
    }
}

TEST(JsonWriter, EscapesAndNests) {
    JsonWriter w;
    w.begin_object()
        .field("name", "a\"b\\c\n")
        .key("list")
        .begin_array()
        .value(1)
        .value(2.5)
        .value(true)
        .null();
    w.end_array().key("empty").begin_object().end_object().field("nan",
                                                                 std::numeric_limits<double>::quiet_NaN());
    w.end_object();
    EXPECT_EQ(
        w.str(),
        "{\n  \"name\": \"a\\\"b\\\\c\\n\",\n  \"list\": [\n    1,\n    2.5,\n    true,\n    null\n  ],\n"
        "  \"empty\": {},\n  \"nan\": null\n}");
}

TEST(Image, CompareCountsPixelsBeyondTolerance) {
    Image a{2, 2, std::vector<uint8_t>(16, 100)};
    Image b = a;
    b.rgba[0] = 103;  // pixel 0: diff 3, within tolerance 4
    b.rgba[5] = 120;  // pixel 1: diff 20
    const ImageComparison c = compare_images(a, b, 4);
    EXPECT_TRUE(c.same_size);
    EXPECT_EQ(c.max_channel_diff, 20u);
    EXPECT_EQ(c.failing_pixels, 1u);
    EXPECT_DOUBLE_EQ(c.failing_fraction, 0.25);
    EXPECT_EQ(c.diff.width, 2u);
    EXPECT_FALSE(compare_images(a, Image{1, 1, std::vector<uint8_t>(4)}, 4).same_size);
}

TEST(Image, PngRoundTrip) {
    Image a{3, 2, {}};
    for (int i = 0; i < 24; ++i) a.rgba.push_back(static_cast<uint8_t>(i * 10));
    const auto path = std::filesystem::path(TESSERA_TEST_OUTPUT_DIR) / "roundtrip.png";
    std::filesystem::create_directories(path.parent_path());
    save_png(path, a);
    const Image b = load_png(path);
    EXPECT_EQ(b.width, 3u);
    EXPECT_EQ(b.rgba, a.rgba);
}

// A w x h image of one RGBA colour.
Image solid(uint32_t w, uint32_t h, uint8_t r, uint8_t g, uint8_t b, uint8_t a = 255) {
    Image image{w, h, {}};
    for (uint32_t i = 0; i < w * h; ++i) image.rgba.insert(image.rgba.end(), {r, g, b, a});
    return image;
}

TEST(ImageQuality, DownsampledCheckerIsMidGreyInEitherEncoding) {
    Image checker = solid(4, 4, 0, 0, 0);
    for (uint32_t y = 0; y < 4; ++y)
        for (uint32_t x = 0; x < 4; ++x)
            if ((x + y) % 2) std::fill_n(&checker.rgba[(y * 4 + x) * 4], 3, uint8_t{255});
    // Averaged as stored: (8 * 255) / 16 = 127.5, rounded to 128.
    const Image stored = box_downsample(checker, 4, PixelEncoding::linear);
    ASSERT_EQ(stored.width, 1u);
    ASSERT_EQ(stored.height, 1u);
    EXPECT_EQ(stored.rgba, (std::vector<uint8_t>{128, 128, 128, 255}));
    // In linear light: half of full intensity is sRGB 0.7354 * 255 = 187.5, rounded to 188.
    EXPECT_EQ(box_downsample(checker, 4, PixelEncoding::srgb).rgba,
              (std::vector<uint8_t>{188, 188, 188, 255}));
    // Factor 1 is the identity; factor 2 averages each 2x2 block (two black, two white).
    EXPECT_EQ(box_downsample(checker, 1, PixelEncoding::srgb).rgba, checker.rgba);
    EXPECT_EQ(box_downsample(checker, 2, PixelEncoding::linear).rgba, solid(2, 2, 128, 128, 128).rgba);
}

TEST(ImageQuality, DownsampleKeepsEachBlockInItsPlace) {
    // 4x2 image: left 2x2 block red (200), right block blue (40), factor 2 -> red pixel, blue pixel.
    Image image = solid(4, 2, 0, 0, 0);
    for (uint32_t y = 0; y < 2; ++y)
        for (uint32_t x = 0; x < 4; ++x) image.rgba[(y * 4 + x) * 4 + (x < 2 ? 0 : 2)] = x < 2 ? 200 : 40;
    const Image half = box_downsample(image, 2, PixelEncoding::srgb);
    EXPECT_EQ(half.width, 2u);
    EXPECT_EQ(half.height, 1u);
    EXPECT_EQ(half.rgba, (std::vector<uint8_t>{200, 0, 0, 255, 0, 0, 40, 255}));
}

TEST(ImageQuality, IdenticalImagesHaveInfinitePsnrAndNoError) {
    const Image a = solid(3, 2, 10, 20, 30);
    Image b = a;
    b.rgba[3] = 0;  // alpha is not compared
    EXPECT_TRUE(std::isinf(psnr(a, b)));
    EXPECT_GT(psnr(a, b), 0);
    EXPECT_EQ(mean_absolute_error(a, b), 0.0);
}

TEST(ImageQuality, KnownDifferencesGiveKnownPsnrAndMae) {
    // 2x2 image, one channel of one pixel off by 10: MSE = 100 / 12 over 4 pixels x 3 channels.
    const Image a = solid(2, 2, 100, 100, 100);
    Image b = a;
    b.rgba[4 + 1] = 110;
    EXPECT_NEAR(psnr(a, b), 10.0 * std::log10(255.0 * 255.0 * 12.0 / 100.0), 1e-12);  // 38.9226 dB
    EXPECT_NEAR(psnr(a, b), 38.9226, 1e-4);
    EXPECT_DOUBLE_EQ(mean_absolute_error(a, b), 10.0 / 12.0);
    // Every channel off by the full 255: PSNR 0 dB, MAE 255.
    EXPECT_NEAR(psnr(solid(2, 2, 0, 0, 0), solid(2, 2, 255, 255, 255)), 0.0, 1e-12);
    EXPECT_DOUBLE_EQ(mean_absolute_error(solid(2, 2, 0, 0, 0), solid(2, 2, 255, 255, 255)), 255.0);
    // Off by 1 everywhere: MSE 1, PSNR = 20 log10(255) = 48.1308 dB; symmetric in its arguments.
    EXPECT_NEAR(psnr(solid(2, 2, 7, 7, 7), solid(2, 2, 8, 8, 8)), 48.1308, 1e-4);
    EXPECT_DOUBLE_EQ(psnr(a, b), psnr(b, a));
}

TEST(JobSystem, ParallelForCoversEveryIndexOnce) {
    JobSystem jobs(4);
    std::vector<std::atomic<int>> hits(100'000);
    jobs.parallel_for(hits.size(), 1000, [&](size_t b, size_t e) {
        for (size_t i = b; i < e; ++i) hits[i]++;
    });
    for (auto& h : hits) ASSERT_EQ(h.load(), 1);
    EXPECT_EQ(jobs.concurrency(), 4u);
    EXPECT_GE(JobSystem(0).concurrency(), 1u);
}

// The cpu mode calls the workers up when a frame begins and assembles them before it records. Every worker
// must count in for the newest call-up only: one left spinning from an older call-up (called up twice, or
// called up and never released) must neither count nor keep the newest from completing, and a loop after an
// assembly still runs every index once.
TEST(JobSystem, AssemblyCountsEveryWorkerOnceForTheNewestCallUp) {
    JobSystem jobs(4);
    constexpr auto kGenerous =
        std::chrono::seconds(10);  // the workers' wake-up, on a loaded sanitizer machine
    for (int round = 0; round < 20; ++round) {
        jobs.call_up();
        if (round % 2) jobs.call_up();  // the first call-up's spinners are stale
        ASSERT_TRUE(jobs.assemble(kGenerous)) << "round " << round;
        ASSERT_TRUE(jobs.assemble(kGenerous)) << "a pending call-up, assembled again";
        std::vector<std::atomic<int>> hits(10'000);
        jobs.parallel_for(hits.size(), 100, [&](size_t b, size_t e) {
            for (size_t i = b; i < e; ++i) hits[i]++;
        });
        for (auto& h : hits) ASSERT_EQ(h.load(), 1);
    }
    EXPECT_TRUE(JobSystem(1).assemble(std::chrono::microseconds(0)));
}

// core_wait(): every thread that ran a job, read from the kernel; core_wait_ms_since() sums the growth over the
// threads in both snapshots only (one noted later would add its whole life's wait), and says nothing when no
// thread is in both.
TEST(JobSystem, CoreWaitSumsTheGrowthOfThreadsInBothSnapshots) {
    const JobSystem::CoreWait before{{10, 1'000'000}, {11, 5'000'000}, {12, 0}};
    const JobSystem::CoreWait now{{10, 3'000'000}, {11, 5'000'000}, {13, 9'000'000}};  // 12 ended, 13 is new
    EXPECT_DOUBLE_EQ(JobSystem::core_wait_ms_since(before, now).value(), 2.0);
    EXPECT_FALSE(JobSystem::core_wait_ms_since({}, now).has_value());
    EXPECT_FALSE(JobSystem::core_wait_ms_since(before, {}).has_value());

    JobSystem jobs(3);
    EXPECT_TRUE(jobs.core_wait().empty()) << "no thread has run a job yet";
    std::atomic<int> items{0};
    jobs.parallel_for(3000, 10, [&](size_t b, size_t e) { items += int(e - b); });
    const JobSystem::CoreWait first = jobs.core_wait();
    ASSERT_FALSE(first.empty()) << "this kernel has no /proc/self/task/*/schedstat";
    const std::optional<double> ms = JobSystem::core_wait_ms_since(first, jobs.core_wait());
    ASSERT_TRUE(ms.has_value());
    EXPECT_GE(*ms, 0.0);
}

}  // namespace
}  // namespace tessera
