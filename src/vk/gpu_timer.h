#pragma once
// GPU timing with timestamp queries: one query pool per frame in flight, a begin/end pair per named scope.
// A frame's results are read when its slot comes round again, after the frame loop has already waited for
// that frame to complete, so reading never stalls.
//
// Thread contract: frame-loop thread only. Scope names must be string literals (stored by pointer).

#include "vk/handle.h"

#include <cstdint>
#include <vector>

namespace tessera::vk {

class Device;

struct ScopeTime {
    const char* name;
    double ms;
};

// A scope's raw timestamps, in ticks of the device's clock (valid bits only).
struct ScopeTicks {
    const char* name;
    uint64_t begin, end;
};

// Maps the device's timestamps onto the CPU's steady clock (CLOCK_MONOTONIC on Linux), for traces:
// cpu_ns = ticks * period_ns + offset_ns.
struct ClockSync {
    double offset_ns = 0;
    double period_ns = 1;
    double error_ns = 0;      // bound on the mapping's error when it was made
    const char* method = "";  // how it was made (see calibrate_clocks)
    int64_t to_cpu_ns(uint64_t ticks) const {
        return static_cast<int64_t>(double(ticks) * period_ns + offset_ns);
    }
};

// With VK_EXT_calibrated_timestamps (DeviceCaps::calibrated_timestamps): one vkGetCalibratedTimestampsEXT of
// the device and CLOCK_MONOTONIC domains; the error is the driver's maxDeviation. Without it, a one-off
// bracket: a timestamp is written by a command buffer submitted at CPU time t0 and waited for until t1, so it
// was taken within [t0, t1]; the midpoint is used, the error is (t1 - t0) / 2, best of five. Blocks on the
// queue in the second case: set-up only, never inside the frame loop. Frame-loop thread only.
ClockSync calibrate_clocks(const Device& device);

class GpuTimer {
public:
    GpuTimer(const Device& device, uint32_t frames_in_flight, uint32_t max_scopes = 16);

    // Host-resets the slot's queries; call once the slot's previous frame has completed, before recording.
    void begin_frame(uint32_t slot);
    // Writes the scope's first timestamp after all previously recorded work. Returns the scope's index.
    uint32_t begin(VkCommandBuffer cmd, const char* name);
    // Writes the scope's second timestamp once all previously recorded work has finished.
    void end(VkCommandBuffer cmd, uint32_t scope);
    // Results of the frame last recorded in `slot` (empty if none, or if it was not finished).
    std::vector<ScopeTime> read(uint32_t slot);
    // The raw timestamps of the scopes the last read(slot) returned, in the same order (first: the frame).
    const std::vector<ScopeTicks>& ticks(uint32_t slot) const { return slots_[slot].ticks; }
    // The begin and end of the slot's first scope, in ms of the GPU's clock, as of the last read(); < 0 if
    // unknown. Differences between frames give the time between their completions.
    double first_scope_begin_ms(uint32_t slot) const { return slots_[slot].first_begin_ms; }
    double first_scope_end_ms(uint32_t slot) const { return slots_[slot].first_end_ms; }

private:
    struct Slot {
        Handle<VkQueryPool> pool;
        std::vector<const char*> names;
        std::vector<ScopeTicks> ticks;
        double first_begin_ms = -1, first_end_ms = -1;
    };
    VkDevice device_;
    double period_ns_;
    uint64_t valid_mask_;
    uint32_t max_scopes_;
    std::vector<Slot> slots_;
    uint32_t recording_ = 0;
};

}  // namespace tessera::vk
