#pragma once
// Frame statistics in bounded memory: one sample per frame goes into fixed-size histograms, so a run of
// ten frames and a run of ten million hold the same bytes.
//
// Frame time is the time between the completions of consecutive frames (what a user sees as frame rate,
// and never shorter than the GPU allows); it arrives late, with the GPU time, through set_frame_ms. A frame
// with no predecessor (the first, or the first after a pause) is timed from its own start. GPU time is the
// span between the frame's first and last timestamp query. Count, mean, min and max are exact. Percentiles
// are nearest-rank over log-spaced buckets: for values in [Histogram::kLowest, Histogram::kHighest] ms the
// reported value is within kRelativeError (0.5%) of the exact nearest-rank sample; outside that range it is
// clamped to the exact min/max.
//
// Average FPS   = 1000 / mean frame time (frames per second of wall time between frames).
// 1% low FPS    = 1000 / mean of the slowest 1% of frame times (at least one frame);
// 0.1% low FPS  = 1000 / mean of the slowest 0.1% of frame times (at least one frame).

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace tessera {

struct Summary {
    std::size_t count = 0;
    double mean = 0, p50 = 0, p99 = 0, min = 0, max = 0;
};

// Exact nearest-rank summary of samples (copied, then sorted). Empty input gives all zeros. For small sets
// (tests, reference values); streaming statistics use Histogram.
Summary summarise(std::vector<double> samples);

// A log-linear histogram of non-negative durations in milliseconds with exact count, sum, min and max.
// Memory is fixed at construction; add() never allocates. Negative and non-finite values are ignored.
class Histogram {
public:
    static constexpr double kRelativeError = 0.005;  // bound on percentile and slowest_mean error
    static constexpr double kLowest = 1e-3;          // ms; below this, values share the lowest bucket
    static constexpr double kHighest = 1e7;          // ms; above this, values share the highest bucket

    Histogram();
    void add(double ms);
    std::size_t count() const { return count_; }
    Summary summary() const;
    // The value at nearest rank ceil(p * count), p in [0, 1]; 0 when empty.
    double percentile(double p) const;
    // Mean of the slowest `fraction` of samples (at least one sample); 0 when empty.
    double slowest_mean(double fraction) const;
    // Bytes this object holds, itself and its heap storage.
    std::size_t memory_bytes() const;

private:
    std::size_t bucket_of(double ms) const;
    double bucket_value(std::size_t bucket) const;  // clamped to [min_, max_]

    std::vector<uint64_t> buckets_;  // bucket 0: values <= 0; bucket i: (g^(i-1), g^i] * kLowest
    std::size_t count_ = 0;
    double sum_ = 0, min_ = 0, max_ = 0;
};

// One GPU scope of a frame: `name` outlives the run (the renderer's pass names).
struct PassTime {
    const char* name = nullptr;
    float ms = 0;
};

struct FrameSample {
    static constexpr std::size_t kMaxPasses = 24;  // GPU scopes kept per frame; more are dropped

    double frame_ms = -1;    // time since the previous frame completed; < 0 until known
    double cpu_ms = 0;       // CPU time spent recording and submitting this frame
    double gpu_ms = -1;      // GPU time from timestamps; < 0 when not (yet) known
    double device_mib = -1;  // device-local memory in use once the frame was submitted; < 0 unknown
    // GPU time of each pass, known with gpu_ms; fixed storage, so that a frame allocates nothing.
    std::array<PassTime, kMaxPasses> passes{};
    uint32_t pass_count = 0;
};

// Thread contract: one thread (the renderer's) calls everything; copies are independent.
class FrameStats {
public:
    // Frames whose sample is still kept whole, so that their late GPU time can be filled in and a per-frame
    // writer can read them. GPU times arrive frames_in_flight (<= 3) frames late.
    static constexpr std::size_t kRecentFrames = 16;

    void add(const FrameSample& sample);
    // Fills in the GPU time of frame `index` (its frames() value before its add()). Ignored for frames not
    // added yet, older than kRecentFrames, or whose GPU time is already known.
    void set_gpu_ms(std::size_t index, double gpu_ms);
    // The same for the frame time, which is known once the frame has completed.
    void set_frame_ms(std::size_t index, double frame_ms);
    // The same for the GPU time of each pass (at most FrameSample::kMaxPasses kept).
    void set_gpu_passes(std::size_t index, std::span<const PassTime> passes);

    std::size_t frames() const { return frames_; }
    // Frame `index`'s sample while it is recent (index + kRecentFrames >= frames()), else null.
    const FrameSample* recent(std::size_t index) const;
    // The GPU time of the newest frame whose GPU time is known and recent, else < 0.
    double latest_gpu_ms() const;

    Summary frame_ms() const { return frame_.summary(); }
    Summary cpu_ms() const { return cpu_.summary(); }
    Summary gpu_ms() const { return gpu_.summary(); }  // over frames whose GPU time is known
    double average_fps() const;
    // 1000 / mean of the slowest `fraction` of frame times: low_fps(0.01) is the "1% low" FPS.
    double low_fps(double fraction) const;
    std::size_t memory_bytes() const;

private:
    void set_late(std::size_t index, double FrameSample::*field, Histogram& histogram, double ms);

    Histogram frame_, cpu_, gpu_;
    std::array<FrameSample, kRecentFrames> recent_{};  // frame i at i % kRecentFrames
    std::size_t frames_ = 0;
};

}  // namespace tessera
