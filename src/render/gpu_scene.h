#pragma once
// GpuScene: every cube's CubeInstance in device-local memory, in chunks.
//
// Chunks: no single allocation or storage range holds a large scene (the H100 allows 4 GiB per allocation and
// range, lavapipe 128 MiB per range), so cubes live in chunks of 2^chunk_shift cubes, each its own buffer,
// plus a table of chunk addresses that shaders index (shaders/cube.glsl: fetch_cube). Shaders reach
// everything through buffer device addresses: no descriptor sets.
//
// Upload: cubes are generated piece by piece straight into a bounded staging buffer (vk::Uploader), so host
// memory stays at the staging size whatever the cube count. A count that cannot fit in device memory is
// refused with a clear error before anything is allocated.
//
// Compact scenes (render.compact_cubes, static scenes only): 16-byte CompactCubes instead of 32-byte
// CubeInstances (scene/compact.h states the precision). Each chunk begins with the CompactBlocks of its
// blocks; the cubes are encoded block by block on the job system as they are generated, each block's bounds
// from its own cubes. Shaders decode them in fetch_cube when their pipeline sets TS_SPEC_COMPACT_CUBES
// (CubeSpecialization below).
//
// Clusters (shaders/shared.h TS_CLUSTER_SHIFT): every 256 consecutive cubes have a bounding sphere in the
// "cluster spheres" buffer, which the cull tests before it reads any of their cubes. A fixed scene's spheres are
// computed on the CPU as its cubes are generated (scene/cluster.h; compact scenes allow for the quantisation);
// whatever moves cubes on the GPU rewrites them: the GPU simulation in its own pass, and for streamed scenes a
// "cluster bounds" pass (render/cluster_bounds.h) after the frame's cubes arrive.
//
// Streamed scenes (--simulate): the CPU rewrites every cube every frame, so each frame in flight has its own
// copy, one buffer in device-local host-visible memory where the GPU has it (else host memory plus a copy
// recorded into the frame), with a chunk table of its own pointing into it. Frame slot s reads
// chunk_table(s); write_target(s) is where the frame's extract writes, once slot s's previous frame is done.
// With a host mirror (the cpu mode, which culls on the CPU), extract writes cached host memory that the CPU
// can read back, and finish_write copies it to the frame's buffer.

#include "scene/generator.h"
#include "vk/handle.h"
#include "vk/resources.h"

#include <array>
#include <cstdint>
#include <initializer_list>
#include <span>
#include <vector>

namespace tessera {
class JobSystem;
}
namespace tessera::vk {
class Device;
class Uploader;
}  // namespace tessera::vk

namespace tessera::render {

// A device-local table of buffer addresses that shaders index as `uvec2 chunks[]` (ChunkTable in shared.h).
vk::Buffer make_address_table(const vk::Device& device, std::span<const VkDeviceAddress> addresses,
                              const char* name);

// Records a dispatch of one TS_CULL_GROUP_SIZE-wide invocation per cube: 2D, since large counts exceed the
// x limit; shaders index cube (group.y * groups.x + group.x) * group size + local index.
void dispatch_per_cube(VkCommandBuffer cmd, uint64_t cube_count);

class GpuScene {
public:
    // Throws Error if the scene does not fit in the device's memory, counting the cluster spheres and
    // `other_bytes` that the run will allocate beside the instance data (the mode's id lists, occlusion, GPU
    // motion: run_loop.cpp's RunScene).
    // `compact`: 16-byte cubes (no GPU motion may write them).
    GpuScene(const vk::Device& device, const scene::SceneDesc& desc, JobSystem& jobs,
             uint64_t other_bytes = 0, bool compact = false);
    // A scene of exactly these cubes (tests, edge cases).
    GpuScene(const vk::Device& device, std::span<const gpu::CubeInstance> cubes, JobSystem& jobs);
    // A streamed scene of desc.count cubes, written every frame; nothing is uploaded now.
    struct Streamed {
        uint32_t frames_in_flight = 2;
        bool host_mirror = false;
        uint64_t other_bytes = 0;  // as above
    };
    GpuScene(const vk::Device& device, const scene::SceneDesc& desc, Streamed streamed);

    const scene::SceneDesc& desc() const { return desc_; }
    uint64_t cube_count() const { return desc_.count; }
    uint32_t chunk_shift() const { return chunk_shift_; }
    // Whether the chunks hold CompactCubes (and CompactBlock headers) rather than CubeInstances.
    bool compact() const { return compact_; }
    // Bytes of instance data per cube on the GPU, per copy: 16 compact, else 32.
    uint32_t bytes_per_cube() const;
    uint32_t chunk_count() const { return static_cast<uint32_t>(chunks_.size()); }
    // The chunk table frame slot `slot` reads (the same for every slot unless streamed).
    VkDeviceAddress chunk_table(uint32_t slot = 0) const {
        return slots_.empty() ? table_.address() : slots_[slot].table.address();
    }
    const vk::Buffer& chunk(uint32_t i) const { return chunks_[i]; }
    // Clusters of TS_CLUSTER_SIZE cubes (the last may be partial) and their spheres (ClusterSpheres).
    uint64_t cluster_count() const { return (desc_.count + TS_CLUSTER_SIZE - 1) / TS_CLUSTER_SIZE; }
    VkDeviceAddress cluster_spheres() const { return spheres_.address(); }
    const vk::Buffer& sphere_buffer() const { return spheres_; }

    bool streamed() const { return !slots_.empty(); }
    // Streamed only. Where this slot's cubes go (count() records), valid until finish_write.
    std::span<gpu::CubeInstance> write_target(uint32_t slot);
    // Streamed only. Completes the write (copies the host mirror into the slot's buffer, flushes).
    void finish_write(uint32_t slot, JobSystem& jobs);
    // Streamed only: whether the slot's cubes are written to host memory and copied (record_upload), rather
    // than written in place in host-visible device memory.
    bool staged() const { return !slots_.empty() && slots_[0].staging; }
    // Streamed and staged only: records the copy of the slot's cubes from host memory to the device. (Host
    // writes are visible to the device at submission; the frame graph orders the copy before every reader.)
    void record_upload(VkCommandBuffer cmd, uint32_t slot) const;
    // The last cubes written, in cached host memory (streamed with a host mirror only; else empty).
    std::span<const gpu::CubeInstance> host_mirror() const { return mirror_; }
    uint64_t bytes() const;
    // Cube i as the GPU sees it (generated again, or from the explicit list; compact: encoded and decoded).
    gpu::CubeInstance cube(uint64_t i) const;

    // Largest chunk shift allowed by the device's allocation and storage-range limits, for either format.
    static uint32_t chunk_shift_for(const vk::Device& device, bool compact = false);

private:
    void upload(const vk::Device& device, JobSystem& jobs);
    void upload_compact(const vk::Device& device, JobSystem& jobs);

    void check_fits(const vk::Device& device, uint64_t copies, uint64_t other_bytes) const;
    void allocate_spheres(const vk::Device& device);
    // Fixed scenes: uploads the spheres computed during the upload, then frees them.
    void upload_spheres(vk::Uploader& uploader, std::vector<glm::vec4>& spheres);

    struct Slot {
        vk::Buffer cubes;    // device-local, host-visible where possible
        vk::Buffer staging;  // host memory, when `cubes` is not host-visible
        vk::Buffer table;
    };

    scene::SceneDesc desc_;
    std::vector<gpu::CubeInstance> explicit_cubes_;
    std::vector<gpu::CompactBlock> blocks_;  // compact: every block's bounds (32 B per 4096 cubes)
    bool compact_ = false;
    uint32_t chunk_shift_;
    std::vector<vk::Buffer> chunks_;
    vk::Buffer table_;
    vk::Buffer spheres_;                     // one vec4 per cluster
    std::vector<Slot> slots_;                // streamed scenes: one per frame in flight
    std::vector<gpu::CubeInstance> mirror_;  // streamed with a host mirror
};

// The specialisation constants of a pipeline that reads the scene's cubes: the pipeline's own (constant ids 0,
// 1, ... in order, 32 bits each) and TS_SPEC_COMPACT_CUBES. Build it where the pipeline is created; it points
// into itself, so it is neither copied nor moved.
class CubeSpecialization {
public:
    CubeSpecialization(bool compact, std::initializer_list<uint32_t> own = {});
    CubeSpecialization(const CubeSpecialization&) = delete;
    CubeSpecialization& operator=(const CubeSpecialization&) = delete;
    const VkSpecializationInfo* info() const { return &info_; }

private:
    static constexpr uint32_t kMaxConstants = 4;
    std::array<uint32_t, kMaxConstants> values_{};
    std::array<VkSpecializationMapEntry, kMaxConstants> entries_{};
    VkSpecializationInfo info_{};
};

}  // namespace tessera::render
