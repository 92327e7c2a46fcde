#include "render/gpu_scene.h"

#include "base/assert.h"
#include "base/error.h"
#include "base/jobs.h"
#include "base/trace.h"
#include "scene/cluster.h"
#include "scene/compact.h"
#include "vk/check.h"
#include "vk/commands.h"
#include "vk/device.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <bit>
#include <cstring>

namespace tessera::render {
namespace {

constexpr VkBufferUsageFlags kChunkUsage =
    VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT |
    VK_BUFFER_USAGE_SHADER_DEVICE_ADDRESS_BIT;

// "3.20 GiB", or "12.2 MiB" below a GiB.
std::string size_text(uint64_t bytes) {
    if (bytes < (1ull << 30)) return fmt::format("{:.1f} MiB", static_cast<double>(bytes) / (1ull << 20));
    return fmt::format("{:.2f} GiB", static_cast<double>(bytes) / (1ull << 30));
}

}  // namespace

void dispatch_per_cube(VkCommandBuffer cmd, uint64_t cube_count) {
    const uint64_t groups = std::max<uint64_t>((cube_count + TS_CULL_GROUP_SIZE - 1) / TS_CULL_GROUP_SIZE, 1);
    const uint32_t x = static_cast<uint32_t>(std::min<uint64_t>(groups, TS_MAX_GROUPS_X));
    vkCmdDispatch(cmd, x, static_cast<uint32_t>((groups + x - 1) / x), 1);
}

uint32_t GpuScene::chunk_shift_for(const vk::Device& device, bool compact) {
    const uint64_t limit = std::min<uint64_t>(device.caps().max_allocation, device.caps().max_storage_range);
    if (!compact) {
        const uint64_t cubes = std::max<uint64_t>(limit / sizeof(gpu::CubeInstance), 1);
        return std::min<uint32_t>(TS_CHUNK_SHIFT_MAX, static_cast<uint32_t>(std::bit_width(cubes) - 1));
    }
    // A compact chunk holds its block headers, then its cubes; at least one block.
    uint32_t shift = TS_CHUNK_SHIFT_MAX;
    while (shift > TS_COMPACT_BLOCK_SHIFT &&
           ((1ull << shift) + TS_COMPACT_HEADER(shift)) * sizeof(gpu::CompactCube) > limit)
        --shift;
    return shift;
}

GpuScene::GpuScene(const vk::Device& device, const scene::SceneDesc& desc, JobSystem& jobs,
                   uint64_t other_bytes, bool compact)
    : desc_(desc), compact_(compact), chunk_shift_(chunk_shift_for(device, compact)) {
    check_fits(device, 1, other_bytes);
    if (compact_)
        upload_compact(device, jobs);
    else
        upload(device, jobs);
}

uint32_t GpuScene::bytes_per_cube() const {
    return compact_ ? sizeof(gpu::CompactCube) : sizeof(gpu::CubeInstance);
}

GpuScene::GpuScene(const vk::Device& device, std::span<const gpu::CubeInstance> cubes, JobSystem& jobs)
    : desc_{SceneKind::random, 0, cubes.size()},
      explicit_cubes_(cubes.begin(), cubes.end()),
      chunk_shift_(chunk_shift_for(device)) {
    upload(device, jobs);
}

gpu::CubeInstance GpuScene::cube(uint64_t i) const {
    const gpu::CubeInstance generated =
        explicit_cubes_.empty() ? scene::generate_cube(desc_, i) : explicit_cubes_[i];
    if (!compact_) return generated;
    const gpu::CompactBlock& block = blocks_[i >> TS_COMPACT_BLOCK_SHIFT];
    return scene::expand_cube(scene::compact_cube(generated, block), block);
}

void GpuScene::check_fits(const vk::Device& device, uint64_t copies, uint64_t other_bytes) const {
    const uint64_t instance_bytes = uint64_t{bytes_per_cube()} * copies;
    const uint64_t instances = desc_.count * instance_bytes;
    const uint64_t total = instances + cluster_count() * sizeof(glm::vec4) + other_bytes;
    // Leave room for attachments, per-pass buffers and the driver: refuse scenes above 85% of device memory.
    const uint64_t available = device.gpu().device_local_bytes;
    if (total > available / 100 * 85)
        throw Error(fmt::format(
            "{} cubes need {} of GPU memory ({} of {} instance data{}{}); {} has {} (at most 85% usable)",
            desc_.count, size_text(total), size_text(instances), compact_ ? "compact" : "full",
            copies > 1 ? fmt::format(" in {} copies", copies) : "",
            other_bytes ? fmt::format(", {} of id lists, occlusion and GPU motion", size_text(other_bytes))
                        : "",
            device.gpu().name(), size_text(available)));
}

vk::Buffer make_address_table(const vk::Device& device, std::span<const VkDeviceAddress> addresses,
                              const char* name) {
    vk::Buffer table(device, std::max<size_t>(addresses.size(), 1) * sizeof(VkDeviceAddress), kChunkUsage,
                     vk::MemoryUse::device, name);
    vk::Uploader uploader(device, 1 << 16);
    uploader.upload_bytes(table, 0, std::as_bytes(addresses));
    return table;
}

GpuScene::GpuScene(const vk::Device& device, const scene::SceneDesc& desc, Streamed streamed)
    : desc_(desc), chunk_shift_(chunk_shift_for(device)) {
    check_fits(device, streamed.frames_in_flight, streamed.other_bytes);
    const VkDeviceSize bytes = desc.count * sizeof(gpu::CubeInstance);
    if (bytes > device.caps().max_allocation)
        throw Error(fmt::format(
            "a simulated scene keeps each frame's {} cubes in one buffer; {} exceeds {}'s largest "
            "allocation ({}): use fewer cubes or --simulate-gpu",
            desc.count, size_text(bytes), device.gpu().name(), size_text(device.caps().max_allocation)));
    const uint64_t per_chunk = 1ull << chunk_shift_;
    for (uint32_t i = 0; i < streamed.frames_in_flight; ++i) {
        Slot slot;
        slot.cubes = vk::Buffer(device, bytes, kChunkUsage, vk::MemoryUse::stream, "streamed scene");
        if (!slot.cubes.mapped())
            slot.staging = vk::Buffer(device, bytes, VK_BUFFER_USAGE_TRANSFER_SRC_BIT, vk::MemoryUse::upload,
                                      "streamed scene staging");
        // Chunks are windows into the one buffer: the shaders' addressing is the same as for fixed scenes.
        std::vector<VkDeviceAddress> addresses;
        for (uint64_t first = 0; first < desc.count; first += per_chunk)
            addresses.push_back(slot.cubes.address() + first * sizeof(gpu::CubeInstance));
        slot.table = make_address_table(device, addresses, "scene chunk table");
        slots_.push_back(std::move(slot));
    }
    allocate_spheres(device);  // written by the cluster bounds pass each frame
    if (streamed.host_mirror) mirror_.resize(desc.count);
    spdlog::info("scene: {} {} cubes streamed, {} copies in {} memory{}", desc.count, to_string(desc.kind),
                 streamed.frames_in_flight,
                 slots_[0].cubes.mapped() ? "host-visible device" : "device (staged)",
                 streamed.host_mirror ? ", host mirror" : "");
}

std::span<gpu::CubeInstance> GpuScene::write_target(uint32_t slot) {
    if (!mirror_.empty()) return mirror_;
    const Slot& s = slots_[slot];
    void* mapped = s.cubes.mapped() ? s.cubes.mapped() : s.staging.mapped();
    return {static_cast<gpu::CubeInstance*>(mapped), desc_.count};
}

void GpuScene::finish_write(uint32_t slot, JobSystem& jobs) {
    const Slot& s = slots_[slot];
    const vk::Buffer& mapped = s.cubes.mapped() ? s.cubes : s.staging;
    if (!mirror_.empty()) {
        TS_TRACE_SCOPE("copy host mirror");
        auto* dst = static_cast<gpu::CubeInstance*>(mapped.mapped());
        jobs.parallel_for(mirror_.size(), 1 << 16, [&](size_t begin, size_t end) {
            std::memcpy(dst + begin, mirror_.data() + begin, (end - begin) * sizeof(gpu::CubeInstance));
        });
    }
    mapped.flush();
}

void GpuScene::record_upload(VkCommandBuffer cmd, uint32_t slot) const {
    const Slot& s = slots_[slot];
    const VkBufferCopy region{0, 0, s.cubes.size()};
    vkCmdCopyBuffer(cmd, s.staging.handle(), s.cubes.handle(), 1, &region);
}

void GpuScene::allocate_spheres(const vk::Device& device) {
    const VkDeviceSize bytes = std::max<uint64_t>(cluster_count(), 1) * sizeof(glm::vec4);
    if (bytes > device.caps().max_allocation)
        throw Error(fmt::format("{} cubes need {} of cluster spheres, more than {}'s largest allocation",
                                desc_.count, size_text(bytes), device.gpu().name()));
    spheres_ = vk::Buffer(device, bytes, kChunkUsage, vk::MemoryUse::device, "cluster spheres");
}

void GpuScene::upload_spheres(vk::Uploader& uploader, std::vector<glm::vec4>& spheres) {
    uploader.upload_bytes(spheres_, 0, std::as_bytes(std::span(spheres)));
    uploader.finish();
    std::vector<glm::vec4>().swap(spheres);
}

void GpuScene::upload(const vk::Device& device, JobSystem& jobs) {
    const uint64_t per_chunk = 1ull << chunk_shift_;
    const uint64_t chunk_count = (desc_.count + per_chunk - 1) / per_chunk;
    const uint64_t total = desc_.count * sizeof(gpu::CubeInstance);

    try {
        for (uint64_t i = 0; i < chunk_count; ++i) {
            const uint64_t cubes = std::min(per_chunk, desc_.count - i * per_chunk);
            chunks_.emplace_back(device, cubes * sizeof(gpu::CubeInstance), kChunkUsage,
                                 vk::MemoryUse::device, "scene chunk");
        }
    } catch (const vk::VulkanError& e) {
        throw Error(fmt::format("cannot allocate {} for {} cubes ({}): try fewer cubes", size_text(total),
                                desc_.count, vk::result_name(e.result())));
    }

    allocate_spheres(device);

    TS_TRACE_SCOPE("upload scene", "cubes", static_cast<int64_t>(desc_.count));
    vk::Uploader uploader(device);
    // Pieces start on cluster boundaries: each piece's clusters are bounded from its own cubes.
    TS_ASSERT(uploader.piece_bytes() % (TS_CLUSTER_SIZE * sizeof(gpu::CubeInstance)) == 0);
    std::vector<glm::vec4> spheres(cluster_count());
    for (uint64_t i = 0; i < chunk_count; ++i) {
        const uint64_t first = i * per_chunk;
        uploader.upload(
            chunks_[i], 0, chunks_[i].size(), [&](std::span<std::byte> bytes, VkDeviceSize offset) {
                const std::span<gpu::CubeInstance> out(reinterpret_cast<gpu::CubeInstance*>(bytes.data()),
                                                       bytes.size() / sizeof(gpu::CubeInstance));
                const uint64_t start = first + offset / sizeof(gpu::CubeInstance);
                if (explicit_cubes_.empty())
                    scene::generate_cubes(desc_, start, out, jobs);
                else
                    std::copy_n(explicit_cubes_.begin() + static_cast<std::ptrdiff_t>(start), out.size(),
                                out.begin());
                const size_t clusters = (out.size() + TS_CLUSTER_SIZE - 1) / TS_CLUSTER_SIZE;
                jobs.parallel_for(clusters, 1 << 8, [&](size_t begin, size_t end) {
                    const size_t first_cube = begin * TS_CLUSTER_SIZE;
                    const size_t cubes = std::min(end * TS_CLUSTER_SIZE, out.size()) - first_cube;
                    scene::cluster_spheres(
                        out.subspan(first_cube, cubes),
                        std::span(spheres).subspan(start / TS_CLUSTER_SIZE + begin, end - begin));
                });
            });
    }
    upload_spheres(uploader, spheres);
    std::vector<VkDeviceAddress> addresses;
    for (const auto& c : chunks_) addresses.push_back(c.address());
    table_ = make_address_table(device, addresses, "scene chunk table");
    spdlog::info("scene: {} {} cubes in {} chunk(s) of up to {} cubes, {}", desc_.count,
                 explicit_cubes_.empty() ? to_string(desc_.kind) : "explicit", chunk_count, per_chunk,
                 size_text(bytes()));
}

uint64_t GpuScene::bytes() const {
    uint64_t total = table_.size() + spheres_.size();
    for (const auto& c : chunks_) total += c.size();
    for (const auto& s : slots_) total += s.cubes.size() + s.table.size();
    return total;
}

void GpuScene::upload_compact(const vk::Device& device, JobSystem& jobs) {
    constexpr uint64_t kBlock = 1ull << TS_COMPACT_BLOCK_SHIFT;
    const uint64_t per_chunk = 1ull << chunk_shift_;
    const uint64_t chunk_count = (desc_.count + per_chunk - 1) / per_chunk;
    const VkDeviceSize header_bytes = TS_COMPACT_HEADER(chunk_shift_) * sizeof(gpu::CompactCube);
    try {
        for (uint64_t i = 0; i < chunk_count; ++i) {
            const uint64_t cubes = std::min(per_chunk, desc_.count - i * per_chunk);
            chunks_.emplace_back(device, header_bytes + cubes * sizeof(gpu::CompactCube), kChunkUsage,
                                 vk::MemoryUse::device, "scene chunk");
        }
    } catch (const vk::VulkanError& e) {
        throw Error(fmt::format("cannot allocate {} for {} compact cubes ({}): try fewer cubes",
                                size_text(desc_.count * sizeof(gpu::CompactCube)), desc_.count,
                                vk::result_name(e.result())));
    }

    TS_TRACE_SCOPE("upload compact scene", "cubes", static_cast<int64_t>(desc_.count));
    vk::Uploader uploader(device);
    // Pieces of the cube region start on block boundaries: encode each piece's blocks in parallel, each from
    // its own freshly generated cubes, and keep their bounds for the chunk's header.
    TS_ASSERT(uploader.piece_bytes() % (kBlock * sizeof(gpu::CompactCube)) == 0);
    blocks_.resize((desc_.count + kBlock - 1) / kBlock);
    allocate_spheres(device);
    std::vector<glm::vec4> spheres(cluster_count());
    for (uint64_t i = 0; i < chunk_count; ++i) {
        const uint64_t first = i * per_chunk;
        const VkDeviceSize cube_bytes = chunks_[i].size() - header_bytes;
        uploader.upload(
            chunks_[i], header_bytes, cube_bytes, [&](std::span<std::byte> bytes, VkDeviceSize offset) {
                auto* out = reinterpret_cast<gpu::CompactCube*>(bytes.data());
                const uint64_t start = offset / sizeof(gpu::CompactCube);  // within the chunk
                const uint64_t count = bytes.size() / sizeof(gpu::CompactCube);
                jobs.parallel_for((count + kBlock - 1) / kBlock, 1, [&](size_t begin, size_t end) {
                    std::vector<gpu::CubeInstance> cubes(kBlock);
                    for (size_t b = begin; b < end; ++b) {
                        const uint64_t n = std::min(kBlock, count - b * kBlock);
                        for (uint64_t k = 0; k < n; ++k)
                            cubes[k] = scene::generate_cube(desc_, first + start + b * kBlock + k);
                        const std::span<const gpu::CubeInstance> block(cubes.data(), n);
                        const gpu::CompactBlock bounds = scene::compact_block(block);
                        const uint64_t block_index = ((first + start) >> TS_COMPACT_BLOCK_SHIFT) + b;
                        blocks_[block_index] = bounds;
                        for (uint64_t k = 0; k < n; ++k)
                            out[b * kBlock + k] = scene::compact_cube(block[k], bounds);
                        // A decoded centre lies within half a step per axis of the encoded one, an edge within
                        // half an edge step.
                        const float margin =
                            0.5f * glm::length(glm::vec3(bounds.step)) + 0.5f * bounds.step.w * 0.8660254f;
                        scene::cluster_spheres(
                            block,
                            std::span(spheres).subspan(block_index * (kBlock / TS_CLUSTER_SIZE),
                                                       (n + TS_CLUSTER_SIZE - 1) / TS_CLUSTER_SIZE),
                            margin);
                    }
                });
            });
        const size_t used = (cube_bytes / sizeof(gpu::CompactCube) + kBlock - 1) / kBlock;
        uploader.upload_bytes(chunks_[i], 0, std::as_bytes(std::span(blocks_).subspan(first / kBlock, used)));
    }
    upload_spheres(uploader, spheres);

    std::vector<VkDeviceAddress> addresses;
    for (const auto& c : chunks_) addresses.push_back(c.address());
    table_ = make_address_table(device, addresses, "scene chunk table");
    spdlog::info("scene: {} {} cubes, compact, in {} chunk(s) of up to {} cubes, {}", desc_.count,
                 to_string(desc_.kind), chunk_count, per_chunk, size_text(bytes()));
}

CubeSpecialization::CubeSpecialization(bool compact, std::initializer_list<uint32_t> own) {
    TS_ASSERT(own.size() < kMaxConstants);
    uint32_t n = 0;
    for (const uint32_t value : own) {
        entries_[n] = {n, n * 4u, 4};
        values_[n++] = value;
    }
    entries_[n] = {TS_SPEC_COMPACT_CUBES, n * 4u, 4};
    values_[n++] = compact ? VK_TRUE : VK_FALSE;
    info_ = {n, entries_.data(), n * 4u, values_.data()};
}

}  // namespace tessera::render
