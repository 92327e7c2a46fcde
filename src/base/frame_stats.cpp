#include "base/frame_stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace tessera {

Summary summarise(std::vector<double> samples) {
    Summary s;
    if (samples.empty()) return s;
    std::sort(samples.begin(), samples.end());
    const auto rank = [&](double p) {
        const std::size_t n = samples.size();
        std::size_t r = static_cast<std::size_t>(std::ceil(p * static_cast<double>(n)));
        return samples[std::clamp<std::size_t>(r, 1, n) - 1];
    };
    s.count = samples.size();
    s.mean = std::accumulate(samples.begin(), samples.end(), 0.0) / static_cast<double>(s.count);
    s.p50 = rank(0.50);
    s.p99 = rank(0.99);
    s.min = samples.front();
    s.max = samples.back();
    return s;
}

void FrameStats::set_gpu_ms(std::size_t index, double gpu_ms) {
    if (index < samples_.size()) samples_[index].gpu_ms = gpu_ms;
}

namespace {
// Summary of one field over the samples where it is known (>= 0).
Summary summarise_field(const std::vector<FrameSample>& samples, double FrameSample::*field) {
    std::vector<double> v;
    v.reserve(samples.size());
    for (const auto& s : samples)
        if (s.*field >= 0) v.push_back(s.*field);
    return summarise(std::move(v));
}
}  // namespace

Summary FrameStats::frame_ms() const {
    return summarise_field(samples_, &FrameSample::frame_ms);
}
Summary FrameStats::cpu_ms() const {
    return summarise_field(samples_, &FrameSample::cpu_ms);
}
Summary FrameStats::gpu_ms() const {
    return summarise_field(samples_, &FrameSample::gpu_ms);
}

double FrameStats::average_fps() const {
    const Summary frame = frame_ms();
    return frame.count && frame.mean > 0 ? 1000.0 / frame.mean : 0.0;
}

}  // namespace tessera
