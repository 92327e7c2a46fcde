// cpu: the CPU-driven baseline. Every frame the worker threads frustum-test every cube and record one indexed
// draw per visible cube into secondary command buffers, one per thread, each from that thread's own command
// pool for this frame in flight; the primary command buffer executes them. Nothing is shared between threads
// while recording: no locks, no atomics, and each thread's state sits on its own cache lines. A thread resets
// its own pool when it takes its first chunk of the frame, so no pool is reset serially on the main thread.
// The loop is cut into about 16 chunks per thread (not chunks of a fixed size), taken one by one, so that every
// thread gets work at 100k cubes and the last chunks even out. A fixed scene's bounding spheres are computed once; a streamed
// (simulated) scene is culled from the host mirror its extract wrote this frame.
//
// record_load() is the newest frame's per-thread busy time in culling and recording (base/jobs.h).
#include "base/assert.h"
#include "base/error.h"
#include "base/jobs.h"
#include "base/trace.h"
#include "render/cube_pipeline.h"
#include "render/gpu_scene.h"
#include "vk/check.h"
#include "vk/device.h"

#include <glm/gtc/quaternion.hpp>

#include <algorithm>
#include <numeric>
#include <vector>

namespace tessera::render {
namespace {

class CpuMode final : public Mode {
public:
    explicit CpuMode(const ModeDesc& desc)
        : device_(*desc.device),
          scene_(*desc.scene),
          jobs_(*desc.jobs),
          pipeline_(desc, {CubeIds::instance, false}),
          color_format_(desc.color_format),
          depth_format_(desc.depth_format),
          samples_(desc.samples) {
        // The cpu mode culls on the CPU: a streamed scene must keep a host mirror (RunScene makes one).
        TS_ASSERT(!scene_.streamed() || !scene_.host_mirror().empty());
        if (!scene_.streamed()) {
            // The CPU's copy of what culling needs: centre and bounding radius per cube (16 bytes).
            TS_TRACE_SCOPE("bounding spheres");
            spheres_.resize(scene_.cube_count());
            jobs_.parallel_for(spheres_.size(), 1 << 14, [&](size_t begin, size_t end) {
                for (size_t i = begin; i < end; ++i) {
                    const gpu::CubeInstance c = scene_.cube(i);
                    spheres_[i] = glm::vec4(c.position, c.scale * kRadiusPerScale);
                }
            });
        }
        const unsigned threads = jobs_.concurrency();
        slots_.resize(desc.frames_in_flight);
        for (Slot& slot : slots_) {
            slot.threads.resize(threads);
            for (ThreadRecording& t : slot.threads) {
                t.pool = vk::create_command_pool(device_.handle(), device_.queue_family(), 0);
                t.cmd =
                    vk::allocate_command_buffer(device_.handle(), t.pool, VK_COMMAND_BUFFER_LEVEL_SECONDARY);
            }
        }
    }

    RenderMode kind() const override { return RenderMode::cpu; }
    int64_t visible_count() const override { return visible_; }
    const ThreadLoad* record_load() const override { return &load_; }
    void frame_begins() override { jobs_.call_up(); }

    void add_passes(graph::FrameGraph& graph, const FrameTargets& targets,
                    const FrameContext& frame) override {
        graph::PassDesc draw{.name = "draw", .kind = graph::PassKind::graphics, .secondaries = true};
        CubePipeline::declare_draw(draw, targets, true);
        draw.record = [this, &frame](graph::PassContext& ctx) {
            record(frame);
            if (!executed_.empty())
                vkCmdExecuteCommands(ctx.cmd, static_cast<uint32_t>(executed_.size()), executed_.data());
        };
        graph.add_pass(std::move(draw));
    }

private:
    // Culls and records this frame's secondary command buffers on the workers.
    void record(const FrameContext& frame) {
        TS_TRACE_SCOPE("cpu cull + record");
        const int64_t start_ns = trace::now_ns();
        {
            // Every worker awake before the first chunk: otherwise this thread starts alone and, at 100k cubes,
            // records a third more than the mean while the workers wake one by one (docs/PERFORMANCE.md). They
            // were called up when the frame began; this waits for the late ones (or calls them up again if the
            // frame's streaming ran a loop since, or took long).
            TS_TRACE_SCOPE("assemble workers");
            jobs_.assemble();
        }
        const std::vector<uint64_t> busy_before = jobs_.busy_ns();
        Slot& slot = slots_[frame.slot];
        for (ThreadRecording& t : slot.threads) {  // each thread resets its pool when it begins (below)
            t.begun = false;
            t.visible = 0;
        }
        const gpu::DrawPush push{
            frame.frame_uniforms, scene_.chunk_table(frame.slot), 0, scene_.chunk_shift(), 0, 0};
        if (scene_.streamed()) {
            const std::span<const gpu::CubeInstance> cubes = scene_.host_mirror();
            record_visible(frame, slot, push, cubes.size(), [cubes](size_t i) {
                return glm::vec4(cubes[i].position, cubes[i].scale * kRadiusPerScale);
            });
        } else {
            record_visible(frame, slot, push, spheres_.size(), [this](size_t i) { return spheres_[i]; });
        }
        load_ = jobs_.load_since(busy_before);
        visible_ = 0;
        executed_.clear();
        TS_TRACE_SCOPE("end secondaries");
        for (ThreadRecording& t : slot.threads) {
            if (!t.begun) continue;
            VK_CHECK(vkEndCommandBuffer(t.cmd));
            executed_.push_back(t.cmd);
            visible_ += static_cast<int64_t>(t.visible);
        }
        load_.wall_ms = double(trace::now_ns() - start_ns) * 1e-6;
    }

    // One thread's recording state, on cache lines of its own: the counters change on every visible cube.
    struct alignas(64) ThreadRecording {
        vk::Handle<VkCommandPool> pool;
        VkCommandBuffer cmd = VK_NULL_HANDLE;
        bool begun = false;
        uint64_t visible = 0;
    };
    struct Slot {
        std::vector<ThreadRecording> threads;  // indexed by JobSystem::thread_index()
    };

    static constexpr float kRadiusPerScale = 0.8660254f;  // half a unit cube's diagonal

    // Frustum-tests cubes [0, count) (sphere_of(i) = centre, radius) on the workers, recording one draw per
    // visible cube into the calling worker's secondary command buffer.
    template <typename SphereOf>
    void record_visible(const FrameContext& frame, Slot& slot, const gpu::DrawPush& push, size_t count,
                        SphereOf sphere_of) {
        const Frustum frustum = frame.frustum;
        const uint32_t index_count = pipeline_.index_count();
        jobs_.parallel_for(
            count, grain(count),
            [&](size_t begin, size_t end) {
                ThreadRecording& t = slot.threads[jobs_.thread_index()];
                if (!t.begun) begin_secondary(t, frame.extent, push);
                const VkCommandBuffer cmd = t.cmd;
                uint64_t visible = 0;
                for (size_t i = begin; i < end; ++i) {
                    const glm::vec4 s = sphere_of(i);
                    if (!sphere_in_frustum(frustum, glm::vec3(s), s.w)) continue;
                    vkCmdDrawIndexed(cmd, index_count, 1, 0, 0, static_cast<uint32_t>(i));
                    ++visible;
                }
                t.visible += visible;
            },
            JobSystem::Split::exact);
    }

    // About kChunksPerThread chunks per thread, within [kMinGrain, kMaxGrain] cubes each, taken one by one
    // (Split::exact): enough chunks for the last ones to even out the threads' loads (visible cubes cost a
    // draw, culled ones almost nothing), few enough that a chunk's overhead stays negligible. Measured on the
    // H200 at 1M cubes and 16 threads (docs/PERFORMANCE.md): 4 adaptive chunks per thread left the slowest
    // thread 21-23% over the mean, 16 exact ones 10%.
    size_t grain(size_t count) const {
        constexpr size_t kChunksPerThread = 16, kMinGrain = 1 << 8, kMaxGrain = 1 << 14;
        return std::clamp<size_t>(count / (size_t{jobs_.concurrency()} * kChunksPerThread), kMinGrain,
                                  kMaxGrain);
    }

    // On the thread that takes slot t's first chunk this frame: the renderer waited for this slot's previous
    // frame, so its pool can be reset here, in parallel with the other threads'.
    void begin_secondary(ThreadRecording& t, VkExtent2D extent, const gpu::DrawPush& push) const {
        VK_CHECK(vkResetCommandPool(device_.handle(), t.pool, 0));
        VkCommandBufferInheritanceRenderingInfo rendering{
            VK_STRUCTURE_TYPE_COMMAND_BUFFER_INHERITANCE_RENDERING_INFO};
        rendering.colorAttachmentCount = 1;
        rendering.pColorAttachmentFormats = &color_format_;
        rendering.depthAttachmentFormat = depth_format_;
        rendering.rasterizationSamples = samples_;
        VkCommandBufferInheritanceInfo inheritance{VK_STRUCTURE_TYPE_COMMAND_BUFFER_INHERITANCE_INFO,
                                                   &rendering};
        VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
        begin.flags =
            VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT | VK_COMMAND_BUFFER_USAGE_RENDER_PASS_CONTINUE_BIT;
        begin.pInheritanceInfo = &inheritance;
        VK_CHECK(vkBeginCommandBuffer(t.cmd, &begin));
        pipeline_.bind(t.cmd, extent, push);
        t.begun = true;
    }

    const vk::Device& device_;
    const GpuScene& scene_;
    JobSystem& jobs_;
    CubePipeline pipeline_;
    VkFormat color_format_, depth_format_;
    VkSampleCountFlagBits samples_;
    std::vector<glm::vec4> spheres_;
    std::vector<Slot> slots_;
    std::vector<VkCommandBuffer> executed_;
    int64_t visible_ = -1;
    ThreadLoad load_;
};

}  // namespace

std::unique_ptr<Mode> create_cpu_mode(const ModeDesc& desc) {
    return std::make_unique<CpuMode>(desc);
}

}  // namespace tessera::render
