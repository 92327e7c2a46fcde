#include "vk/gpu_timer.h"

#include "base/assert.h"
#include "base/error.h"
#include "base/trace.h"
#include "vk/check.h"
#include "vk/commands.h"
#include "vk/device.h"

namespace tessera::vk {

GpuTimer::GpuTimer(const Device& device, uint32_t frames_in_flight, uint32_t max_scopes)
    : device_(device.handle()), period_ns_(device.caps().timestamp_period_ns), max_scopes_(max_scopes) {
    uint32_t count = 0;
    vkGetPhysicalDeviceQueueFamilyProperties(device.physical(), &count, nullptr);
    std::vector<VkQueueFamilyProperties> families(count);
    vkGetPhysicalDeviceQueueFamilyProperties(device.physical(), &count, families.data());
    const uint32_t bits = families[device.queue_family()].timestampValidBits;
    valid_mask_ = bits >= 64 ? ~0ull : ((1ull << bits) - 1);

    for (uint32_t i = 0; i < frames_in_flight; ++i) {
        VkQueryPoolCreateInfo info{VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO};
        info.queryType = VK_QUERY_TYPE_TIMESTAMP;
        info.queryCount = max_scopes * 2;
        VkQueryPool pool = VK_NULL_HANDLE;
        VK_CHECK(vkCreateQueryPool(device_, &info, nullptr, &pool));
        vkResetQueryPool(device_, pool, 0, info.queryCount);
        slots_.push_back({Handle<VkQueryPool>(device_, pool), {}});
    }
}

void GpuTimer::begin_frame(uint32_t slot) {
    recording_ = slot;
    Slot& s = slots_[slot];
    if (!s.names.empty()) vkResetQueryPool(device_, s.pool, 0, static_cast<uint32_t>(s.names.size()) * 2);
    s.names.clear();
}

uint32_t GpuTimer::begin(VkCommandBuffer cmd, const char* name) {
    Slot& s = slots_[recording_];
    TS_ASSERT(s.names.size() < max_scopes_);  // the frame has more passes than the timer was made for
    const auto scope = static_cast<uint32_t>(s.names.size());
    s.names.push_back(name);
    vkCmdWriteTimestamp2(cmd, VK_PIPELINE_STAGE_2_TOP_OF_PIPE_BIT, s.pool, scope * 2);
    return scope;
}

void GpuTimer::end(VkCommandBuffer cmd, uint32_t scope) {
    vkCmdWriteTimestamp2(cmd, VK_PIPELINE_STAGE_2_BOTTOM_OF_PIPE_BIT, slots_[recording_].pool, scope * 2 + 1);
}

std::vector<ScopeTime> GpuTimer::read(uint32_t slot) {
    Slot& s = slots_[slot];
    s.first_begin_ms = s.first_end_ms = -1;
    s.ticks.clear();
    std::vector<ScopeTime> out;
    if (s.names.empty()) return out;
    std::vector<uint64_t> values(s.names.size() * 4);  // (timestamp, availability) per query
    const VkResult result = vkGetQueryPoolResults(
        device_, s.pool, 0, static_cast<uint32_t>(s.names.size() * 2), values.size() * sizeof(uint64_t),
        values.data(), 2 * sizeof(uint64_t), VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WITH_AVAILABILITY_BIT);
    if (result == VK_NOT_READY) return out;
    VK_CHECK(result);
    for (size_t i = 0; i < s.names.size(); ++i) {
        const uint64_t* begin = &values[i * 4];
        const uint64_t* end = &values[i * 4 + 2];
        if (!begin[1] || !end[1]) continue;
        if (i == 0) {
            s.first_begin_ms = static_cast<double>(begin[0] & valid_mask_) * period_ns_ * 1e-6;
            s.first_end_ms = static_cast<double>(end[0] & valid_mask_) * period_ns_ * 1e-6;
        }
        const uint64_t ticks = ((end[0] - begin[0]) & valid_mask_);
        out.push_back({s.names[i], static_cast<double>(ticks) * period_ns_ * 1e-6});
        s.ticks.push_back({s.names[i], begin[0] & valid_mask_, end[0] & valid_mask_});
    }
    return out;
}

ClockSync calibrate_clocks(const Device& device) {
    ClockSync sync;
    sync.period_ns = device.caps().timestamp_period_ns;
    if (device.caps().calibrated_timestamps) {
        VkCalibratedTimestampInfoEXT infos[2]{};
        infos[0] = {VK_STRUCTURE_TYPE_CALIBRATED_TIMESTAMP_INFO_EXT, nullptr, VK_TIME_DOMAIN_DEVICE_EXT};
        infos[1] = {VK_STRUCTURE_TYPE_CALIBRATED_TIMESTAMP_INFO_EXT, nullptr,
                    VK_TIME_DOMAIN_CLOCK_MONOTONIC_EXT};
        uint64_t stamps[2]{};
        uint64_t deviation = 0;
        VK_CHECK(vkGetCalibratedTimestampsEXT(device.handle(), 2, infos, stamps, &deviation));
        sync.offset_ns = double(stamps[1]) - double(stamps[0]) * sync.period_ns;
        sync.error_ns = double(deviation);
        sync.method = "VK_EXT_calibrated_timestamps";
        return sync;
    }
    VkQueryPoolCreateInfo info{VK_STRUCTURE_TYPE_QUERY_POOL_CREATE_INFO};
    info.queryType = VK_QUERY_TYPE_TIMESTAMP;
    info.queryCount = 1;
    VkQueryPool raw = VK_NULL_HANDLE;
    VK_CHECK(vkCreateQueryPool(device.handle(), &info, nullptr, &raw));
    const Handle<VkQueryPool> pool(device.handle(), raw);
    sync.error_ns = -1;
    for (int attempt = 0; attempt < 5; ++attempt) {
        vkResetQueryPool(device.handle(), pool, 0, 1);
        const int64_t t0 = trace::now_ns();
        submit_and_wait(device, [&](VkCommandBuffer cmd) {
            vkCmdWriteTimestamp2(cmd, VK_PIPELINE_STAGE_2_ALL_COMMANDS_BIT, pool, 0);
        });
        const int64_t t1 = trace::now_ns();
        uint64_t ticks = 0;
        VK_CHECK(vkGetQueryPoolResults(device.handle(), pool, 0, 1, sizeof ticks, &ticks, sizeof ticks,
                                       VK_QUERY_RESULT_64_BIT | VK_QUERY_RESULT_WAIT_BIT));
        const double error = double(t1 - t0) / 2;
        if (sync.error_ns < 0 || error < sync.error_ns) {
            sync.error_ns = error;
            sync.offset_ns = double(t0) + error - double(ticks) * sync.period_ns;
        }
    }
    sync.method = "one-off bracket (submit .. wait)";
    return sync;
}

}  // namespace tessera::vk
