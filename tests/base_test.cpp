#include "base/atomic_file.h"
#include "base/error.h"
#include "base/frame_stats.h"
#include "base/image.h"
#include "base/jobs.h"
#include "base/json_writer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <numeric>

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

}  // namespace
}  // namespace tessera
