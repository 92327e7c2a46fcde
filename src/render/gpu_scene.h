#pragma once
// GpuScene: every cube's CubeInstance in device-local memory, in chunks.
//
// Chunks: no single allocation or storage range holds a large scene (the H100 allows 4 GiB per allocation and
// range, lavapipe 128 MiB per range), so cubes live in chunks of 2^chunk_shift cubes, each its own buffer, plus
// a table of chunk addresses that shaders index (shaders/cube.glsl: fetch_cube). Shaders reach everything
// through buffer device addresses: no descriptor sets.
//
// Upload: cubes are generated piece by piece straight into a bounded staging buffer (vk::Uploader), so host
// memory stays at the staging size whatever the cube count. A count that cannot fit in device memory is refused
// with a clear error before anything is allocated.

#include "scene/generator.h"
#include "vk/resources.h"

#include <cstdint>
#include <span>
#include <vector>

namespace tessera {
class JobSystem;
}
namespace tessera::vk {
class Device;
}

namespace tessera::render {

class GpuScene {
public:
    // Throws Error if the scene does not fit in the device's memory.
    GpuScene(const vk::Device& device, const scene::SceneDesc& desc, JobSystem& jobs);
    // A scene of exactly these cubes (tests, edge cases).
    GpuScene(const vk::Device& device, std::span<const gpu::CubeInstance> cubes, JobSystem& jobs);

    const scene::SceneDesc& desc() const { return desc_; }
    uint64_t cube_count() const { return desc_.count; }
    uint32_t chunk_shift() const { return chunk_shift_; }
    uint32_t chunk_count() const { return static_cast<uint32_t>(chunks_.size()); }
    VkDeviceAddress chunk_table() const { return table_.address(); }
    const vk::Buffer& chunk(uint32_t i) const { return chunks_[i]; }
    uint64_t bytes() const;
    // Cube i as uploaded (generated again, or from the explicit list): the CPU's view of the scene.
    gpu::CubeInstance cube(uint64_t i) const;

    // Largest chunk shift allowed by the device's allocation and storage-range limits.
    static uint32_t chunk_shift_for(const vk::Device& device);

private:
    void upload(const vk::Device& device, JobSystem& jobs);

    scene::SceneDesc desc_;
    std::vector<gpu::CubeInstance> explicit_cubes_;
    uint32_t chunk_shift_;
    std::vector<vk::Buffer> chunks_;
    vk::Buffer table_;
};

}  // namespace tessera::render
