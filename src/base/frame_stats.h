#pragma once
// Frame statistics: collects one sample per frame and summarises them.
//
// Frame time is wall-clock time between the starts of consecutive frames on the CPU (what a user sees as
// frame rate); a frame with no predecessor (the first, or the first after a pause) has none. GPU time is the
// span between the frame's first and last timestamp query. Percentiles use the nearest-rank method over the
// known samples. Average FPS = 1000 / mean frame time, i.e. frames per second of wall time between frames.

#include <cstddef>
#include <vector>

namespace tessera {

struct Summary {
    std::size_t count = 0;
    double mean = 0, p50 = 0, p99 = 0, min = 0, max = 0;
};

// Nearest-rank summary of samples (copied, then sorted). Empty input gives all zeros.
Summary summarise(std::vector<double> samples);

struct FrameSample {
    double frame_ms = -1;  // wall time since the previous frame started; < 0 when there was none
    double cpu_ms = 0;     // CPU time spent recording and submitting this frame
    double gpu_ms = -1;    // GPU time from timestamps; < 0 when not (yet) known
};

class FrameStats {
public:
    void add(const FrameSample& sample) { samples_.push_back(sample); }
    // GPU times arrive frames_in_flight frames late; this fills in the sample of frame `index`.
    void set_gpu_ms(std::size_t index, double gpu_ms);

    std::size_t frames() const { return samples_.size(); }
    const std::vector<FrameSample>& samples() const { return samples_; }
    Summary frame_ms() const;
    Summary cpu_ms() const;
    Summary gpu_ms() const;  // over frames whose GPU time is known
    double average_fps() const;

private:
    std::vector<FrameSample> samples_;
};

}  // namespace tessera
