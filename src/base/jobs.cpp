#include "base/jobs.h"

#include "base/system_info.h"

#include <tbb/global_control.h>
#include <tbb/info.h>

#include <algorithm>
#include <cmath>
#include <thread>

namespace tessera {

unsigned JobSystem::hardware_threads() {
    return std::max(1u, std::thread::hardware_concurrency());
}

namespace {

void pause() {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#else
    std::this_thread::yield();
#endif
}

// oneTBB caps its worker pool at the core count; asking for more threads than cores (a 16-thread benchmark
// row on a small machine, a many-thread determinism test) raises that cap so the arena really has them.
void allow_parallelism(unsigned threads) {
    static std::unique_ptr<tbb::global_control> control;
    const size_t current = tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism);
    if (threads <= current) return;
    control.reset();  // one control at a time: with several, oneTBB applies the smallest
    control = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism, threads);
}

}  // namespace

namespace {
std::atomic<uint64_t> next_system_id{1};
}  // namespace

JobSystem::JobSystem(unsigned concurrency)
    : concurrency_(concurrency != 0 ? concurrency : std::max(1u, hardware_threads() - 1)),
      id_(next_system_id.fetch_add(1, std::memory_order_relaxed)) {
    allow_parallelism(concurrency_);
    // One slot is reserved for the calling (main) thread, so N slots = N threads in all.
    arena_ = std::make_unique<tbb::task_arena>(static_cast<int>(concurrency_), 1);
    busy_ = std::make_unique<BusyCounter[]>(concurrency_);
}

namespace {

// The calling thread's busy mark: open jobs, since when, and for which job system; and the newest system that
// noted the thread (JobSystem::note_thread).
struct BusyMark {
    int depth = 0;
    int64_t since_ns = 0;
    JobSystem* jobs = nullptr;
    uint64_t noted_by = 0;
};
thread_local constinit BusyMark busy_mark;

}  // namespace

void JobSystem::add_busy(int64_t ns) {
    const unsigned slot = std::min(thread_index(), concurrency_ - 1);
    busy_[slot].ns.fetch_add(static_cast<uint64_t>(std::max<int64_t>(ns, 0)), std::memory_order_relaxed);
}

JobSystem::Job::Job(JobSystem& jobs, const char* name, std::size_t items) noexcept
    : span_(name ? name : "job", items ? "items" : nullptr, static_cast<int64_t>(items)) {
    if (busy_mark.depth++ == 0) {
        busy_mark.since_ns = trace::now_ns();
        busy_mark.jobs = &jobs;
        if (busy_mark.noted_by != jobs.id_) jobs.note_thread();
    }
}

void JobSystem::note_thread() {
    busy_mark.noted_by = id_;
    const int tid = current_thread_id();
    const std::lock_guard lock(threads_mutex_);
    if (std::find(threads_.begin(), threads_.end(), tid) == threads_.end()) threads_.push_back(tid);
}

JobSystem::CoreWait JobSystem::core_wait() const {
    const std::lock_guard lock(threads_mutex_);
    CoreWait out;
    for (int tid : threads_)  // a thread that has ended has no schedstat left, and drops out
        if (const std::optional<uint64_t> ns = thread_core_wait_ns(tid)) out.emplace_back(tid, *ns);
    return out;
}

std::optional<double> JobSystem::core_wait_ms_since(const CoreWait& before, const CoreWait& now) {
    uint64_t sum = 0;
    size_t threads = 0;
    for (const auto& [thread, ns] : now) {
        const int tid = thread;  // clang 14 cannot capture a structured binding
        const auto then =
            std::find_if(before.begin(), before.end(), [tid](const auto& b) { return b.first == tid; });
        if (then == before.end()) continue;
        ++threads;
        sum += ns - std::min(ns, then->second);
    }
    if (threads == 0) return std::nullopt;
    return double(sum) * 1e-6;
}

JobSystem::Job::~Job() {
    if (--busy_mark.depth == 0) busy_mark.jobs->add_busy(trace::now_ns() - busy_mark.since_ns);
}

JobSystem::Wait::Wait() noexcept : jobs_(busy_mark.jobs), depth_(busy_mark.depth) {
    if (depth_ == 0) return;
    jobs_->add_busy(trace::now_ns() - busy_mark.since_ns);
    busy_mark.depth = 0;
}

JobSystem::Wait::~Wait() {
    if (depth_ == 0) return;
    busy_mark.depth = depth_;
    busy_mark.jobs = jobs_;
    busy_mark.since_ns = trace::now_ns();
}

std::vector<uint64_t> JobSystem::busy_ns() const {
    std::vector<uint64_t> out(concurrency_);
    for (unsigned i = 0; i < concurrency_; ++i) out[i] = busy_[i].ns.load(std::memory_order_relaxed);
    return out;
}

ThreadLoad JobSystem::load_since(const std::vector<uint64_t>& before) const {
    ThreadLoad load;
    const std::vector<uint64_t> now = busy_ns();
    load.busy_ms.resize(now.size());
    for (size_t i = 0; i < now.size(); ++i)
        load.busy_ms[i] = double(now[i] - (i < before.size() ? before[i] : 0)) * 1e-6;
    return load;
}

double ThreadLoad::mean_ms() const {
    if (busy_ms.empty()) return 0.0;
    double sum = 0;
    for (double ms : busy_ms) sum += ms;
    return sum / double(busy_ms.size());
}

double ThreadLoad::max_ms() const {
    double max = 0;
    for (double ms : busy_ms) max = std::max(max, ms);
    return max;
}

double ThreadLoad::imbalance() const {
    const double mean = mean_ms();
    return mean > 0 ? max_ms() / mean : 0.0;
}

void LoadStats::add(const ThreadLoad& load) {
    if (busy_ms_sum.size() < load.busy_ms.size()) busy_ms_sum.resize(load.busy_ms.size());
    for (size_t i = 0; i < load.busy_ms.size(); ++i) busy_ms_sum[i] += load.busy_ms[i];
    const double imbalance = load.imbalance();
    imbalance_sum += imbalance;
    if (imbalance_bins.empty()) imbalance_bins.resize(kImbalanceBins);
    const double bin = std::clamp((imbalance - 1.0) * 100.0, 0.0, double(kImbalanceBins - 1));
    ++imbalance_bins[static_cast<size_t>(bin)];
    wall_ms_sum += load.wall_ms;
    ++frames;
}

double LoadStats::imbalance_percentile(double fraction) const {
    if (frames == 0) return 0.0;
    const auto rank = static_cast<uint64_t>(std::ceil(std::clamp(fraction, 0.0, 1.0) * double(frames)));
    uint64_t seen = 0;
    for (size_t i = 0; i < imbalance_bins.size(); ++i) {
        seen += imbalance_bins[i];
        if (seen >= std::max<uint64_t>(rank, 1)) return 1.0 + double(i) / 100.0;
    }
    return 1.0 + double(kImbalanceBins - 1) / 100.0;
}

std::vector<double> LoadStats::mean_busy_ms() const {
    std::vector<double> out = busy_ms_sum;
    for (double& ms : out) ms = frames ? ms / double(frames) : 0.0;
    return out;
}

void JobSystem::call_up() {
    if (concurrency_ == 1) return;
    using Clock = std::chrono::steady_clock;
    Assembly& a = *assembly_;
    release_assembly();  // spinners of an older call-up leave, and their threads take this one's tasks
    const uint64_t generation = a.generation.load(std::memory_order_relaxed) + 1;
    a.arrival.store(generation << 16, std::memory_order_relaxed);
    a.called_ns.store(trace::now_ns(), std::memory_order_relaxed);
    a.generation.store(generation, std::memory_order_relaxed);
    for (unsigned i = 1; i < concurrency_; ++i)
        arena_->enqueue([&a, generation] {
            // Counts itself in only for its own call-up: one left over from an older call-up leaves at once.
            uint64_t arrival = a.arrival.load(std::memory_order_relaxed);
            do {
                if (arrival >> 16 != generation) return;
            } while (!a.arrival.compare_exchange_weak(arrival, arrival + 1, std::memory_order_relaxed));
            const Clock::time_point until = Clock::now() + kAssemblyHold;
            // A worker that comes late (the release already happened) leaves at once.
            while (a.released.load(std::memory_order_acquire) < generation && Clock::now() < until) pause();
        });
}

bool JobSystem::assemble(std::chrono::microseconds wait) {
    if (concurrency_ == 1) return true;
    using Clock = std::chrono::steady_clock;
    Assembly& a = *assembly_;
    const uint64_t generation = a.generation.load(std::memory_order_relaxed);
    const int64_t age_ns = trace::now_ns() - a.called_ns.load(std::memory_order_relaxed);
    const bool pending = generation != 0 && a.released.load(std::memory_order_relaxed) < generation &&
                         age_ns < std::chrono::nanoseconds(kAssemblyHold).count() / 2;
    if (!pending) call_up();
    const uint64_t all = (a.generation.load(std::memory_order_relaxed) << 16) | (concurrency_ - 1);
    const Clock::time_point until = Clock::now() + wait;
    for (;;) {
        if (a.arrival.load(std::memory_order_relaxed) == all) return true;
        if (Clock::now() >= until) return false;
        pause();
    }
}

unsigned JobSystem::thread_index() const {
    const int slot = tbb::this_task_arena::current_thread_index();
    return slot < 0 ? 0u : static_cast<unsigned>(slot);
}

}  // namespace tessera
