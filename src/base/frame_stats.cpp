#include "base/frame_stats.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace tessera {
namespace {

// Bucket k holds (kLowest * g^(k-1), kLowest * g^k]; its midpoint 2 kLowest g^k / (g + 1) is within
// (g - 1) / (g + 1) = kRelativeError of every value in it.
constexpr double kGrowth = (1 + Histogram::kRelativeError) / (1 - Histogram::kRelativeError);

double log_growth() {
    static const double value = std::log(kGrowth);
    return value;
}

std::size_t bucket_count() {
    static const std::size_t count = static_cast<std::size_t>(std::ceil(
                                         std::log(Histogram::kHighest / Histogram::kLowest) / log_growth())) +
                                     2;
    return count;
}

std::size_t nearest_rank(double p, std::size_t n) {
    const double r = std::ceil(p * static_cast<double>(n) - 1e-9);
    return std::clamp<std::size_t>(r < 1 ? 1 : static_cast<std::size_t>(r), 1, n);
}

}  // namespace

Summary summarise(std::vector<double> samples) {
    Summary s;
    if (samples.empty()) return s;
    std::sort(samples.begin(), samples.end());
    const auto rank = [&](double p) { return samples[nearest_rank(p, samples.size()) - 1]; };
    s.count = samples.size();
    s.mean = std::accumulate(samples.begin(), samples.end(), 0.0) / static_cast<double>(s.count);
    s.p50 = rank(0.50);
    s.p99 = rank(0.99);
    s.min = samples.front();
    s.max = samples.back();
    return s;
}

Histogram::Histogram() : buckets_(bucket_count(), 0) {}

std::size_t Histogram::bucket_of(double ms) const {
    if (ms <= 0) return 0;
    const double k = std::ceil(std::log(ms / kLowest) / log_growth());
    if (k <= 0) return 1;
    return std::min(buckets_.size() - 1, static_cast<std::size_t>(k) + 1);
}

double Histogram::bucket_value(std::size_t bucket) const {
    const double value =
        bucket == 0 ? 0.0 : kLowest * 2 * std::exp(double(bucket - 1) * log_growth()) / (kGrowth + 1);
    return std::clamp(value, min_, max_);
}

void Histogram::add(double ms) {
    if (!(ms >= 0) || !std::isfinite(ms)) return;
    ++buckets_[bucket_of(ms)];
    min_ = count_ ? std::min(min_, ms) : ms;
    max_ = count_ ? std::max(max_, ms) : ms;
    ++count_;
    sum_ += ms;
}

double Histogram::percentile(double p) const {
    if (!count_) return 0;
    const std::size_t rank = nearest_rank(p, count_);
    std::size_t seen = 0;
    for (std::size_t b = 0; b < buckets_.size(); ++b) {
        seen += buckets_[b];
        if (seen >= rank) return bucket_value(b);
    }
    return max_;
}

double Histogram::slowest_mean(double fraction) const {
    if (!count_) return 0;
    const std::size_t wanted = std::max<std::size_t>(1, nearest_rank(std::clamp(fraction, 0.0, 1.0), count_));
    std::size_t left = wanted;
    double total = 0;
    for (std::size_t b = buckets_.size(); b-- > 0 && left;) {
        const std::size_t take = std::min<std::size_t>(left, buckets_[b]);
        total += double(take) * bucket_value(b);
        left -= take;
    }
    return total / double(wanted);
}

Summary Histogram::summary() const {
    Summary s;
    if (!count_) return s;
    s.count = count_;
    s.mean = sum_ / double(count_);
    s.p50 = percentile(0.50);
    s.p99 = percentile(0.99);
    s.min = min_;
    s.max = max_;
    return s;
}

std::size_t Histogram::memory_bytes() const {
    return sizeof(*this) + buckets_.capacity() * sizeof(uint64_t);
}

void FrameStats::add(const FrameSample& sample) {
    recent_[frames_ % kRecentFrames] = sample;
    ++frames_;
    if (sample.frame_ms >= 0) frame_.add(sample.frame_ms);
    if (sample.cpu_ms >= 0) cpu_.add(sample.cpu_ms);
    if (sample.gpu_ms >= 0) gpu_.add(sample.gpu_ms);
}

// Fills in a late field of a recent frame's sample, once, and adds it to its histogram.
void FrameStats::set_late(std::size_t index, double FrameSample::*field, Histogram& histogram, double ms) {
    if (index >= frames_ || index + kRecentFrames < frames_ || !(ms >= 0)) return;
    double& value = recent_[index % kRecentFrames].*field;
    if (value >= 0) return;
    value = ms;
    histogram.add(ms);
}

void FrameStats::set_gpu_ms(std::size_t index, double gpu_ms) {
    set_late(index, &FrameSample::gpu_ms, gpu_, gpu_ms);
}

void FrameStats::set_frame_ms(std::size_t index, double frame_ms) {
    set_late(index, &FrameSample::frame_ms, frame_, frame_ms);
}

void FrameStats::set_gpu_passes(std::size_t index, std::span<const PassTime> passes) {
    if (index >= frames_ || index + kRecentFrames < frames_) return;
    FrameSample& sample = recent_[index % kRecentFrames];
    sample.pass_count = static_cast<uint32_t>(std::min(passes.size(), FrameSample::kMaxPasses));
    std::copy_n(passes.begin(), sample.pass_count, sample.passes.begin());
}

const FrameSample* FrameStats::recent(std::size_t index) const {
    if (index >= frames_ || index + kRecentFrames < frames_) return nullptr;
    return &recent_[index % kRecentFrames];
}

double FrameStats::latest_gpu_ms() const {
    for (std::size_t back = 1; back <= std::min(frames_, kRecentFrames); ++back) {
        const FrameSample& s = recent_[(frames_ - back) % kRecentFrames];
        if (s.gpu_ms >= 0) return s.gpu_ms;
    }
    return -1;
}

double FrameStats::average_fps() const {
    const Summary frame = frame_ms();
    return frame.count && frame.mean > 0 ? 1000.0 / frame.mean : 0.0;
}

double FrameStats::low_fps(double fraction) const {
    const double slow = frame_.slowest_mean(fraction);
    return slow > 0 ? 1000.0 / slow : 0.0;
}

std::size_t FrameStats::memory_bytes() const {
    return sizeof(*this) - 3 * sizeof(Histogram) + frame_.memory_bytes() + cpu_.memory_bytes() +
           gpu_.memory_bytes();
}

}  // namespace tessera
