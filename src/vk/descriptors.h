#pragma once
// Image bindings for shaders. Buffers stay on device addresses in push constants (docs/ARCHITECTURE.md);
// images and samplers have no such path, so they go through one descriptor set per draw or dispatch:
//
//   push descriptors   where the device has VK_KHR_push_descriptor: the writes go into the command buffer,
//                      nothing is allocated;
//   descriptor sets    elsewhere (or when forced): each frame in flight has its own descriptor pools, reset
//                      when that slot comes round again (its previous frame has completed), and every bind()
//                      allocates, writes and binds a set from them.
//
// A DescriptorSetLayout must be made for the path of the binder that binds it (binder.uses_push()).
//
// Lifetime: descriptor pools die with their binder, so the binder must outlive every frame it bound for.
//
// Thread contract: a DescriptorBinder is used from one thread at a time (the frame-loop thread, or the pass
// that records with it); layouts are immutable after creation.

#include "vk/handle.h"

#include <cstdint>
#include <span>
#include <vector>

namespace tessera::vk {

class Device;

enum class DescriptorKind : uint8_t {
    sampled_image,  // combined image sampler (sampler2D)
    storage_image,  // image2D / uimage2D
};

struct DescriptorBinding {
    uint32_t binding = 0;
    DescriptorKind kind = DescriptorKind::sampled_image;
    VkShaderStageFlags stages = VK_SHADER_STAGE_COMPUTE_BIT;
};

class DescriptorSetLayout {
public:
    // At most kMaxBindings bindings, one descriptor each. `push_descriptor`: for a binder that uses_push().
    static constexpr uint32_t kMaxBindings = 16;
    DescriptorSetLayout(const Device& device, std::span<const DescriptorBinding> bindings,
                        bool push_descriptor, const char* name);

    VkDescriptorSetLayout handle() const { return layout_; }
    std::span<const DescriptorBinding> bindings() const { return bindings_; }
    bool push_descriptor() const { return push_descriptor_; }
    // The descriptor type of `binding`; throws Error if the layout has no such binding.
    VkDescriptorType type_of(uint32_t binding) const;

private:
    Handle<VkDescriptorSetLayout> layout_;
    std::vector<DescriptorBinding> bindings_;
    bool push_descriptor_ = false;
};

// One image bound at `binding`. `layout` is the layout the image is in when the shader runs.
struct DescriptorWrite {
    uint32_t binding = 0;
    VkImageView view = VK_NULL_HANDLE;
    VkImageLayout layout = VK_IMAGE_LAYOUT_GENERAL;
    VkSampler sampler = VK_NULL_HANDLE;  // sampled images only
};

class DescriptorBinder {
public:
    // Push descriptors where the device has them, unless `force_sets` or the environment variable
    // TESSERA_FORCE_DESCRIPTOR_SETS=1 asks for descriptor sets.
    DescriptorBinder(const Device& device, uint32_t frames_in_flight, bool force_sets = false);
    DescriptorBinder(const DescriptorBinder&) = delete;
    DescriptorBinder& operator=(const DescriptorBinder&) = delete;

    bool uses_push() const { return push_; }

    // Starts frame `frame_number` in `slot`. The caller guarantees that the slot's previous frame has
    // completed on the GPU. The first call for a new frame number resets the slot's pools; later calls for
    // the same frame do nothing, so every pass of a frame may call it.
    void begin_frame(uint32_t slot, uint64_t frame_number);

    // Binds `writes` (one per binding of `layout`, made for this binder's path) as set `set` of
    // `pipeline_layout`. Allocates nothing on the push path, nor on the set path once the slot's pools have
    // grown to a frame's needs.
    void bind(VkCommandBuffer cmd, VkPipelineBindPoint bind_point, VkPipelineLayout pipeline_layout,
              const DescriptorSetLayout& layout, std::span<const DescriptorWrite> writes, uint32_t set = 0);

private:
    struct Slot {
        std::vector<Handle<VkDescriptorPool>> pools;  // the last one is allocated from
        uint32_t used_pools = 0;
        uint64_t frame_number = ~0ull;
    };
    VkDescriptorSet allocate(const DescriptorSetLayout& layout);
    Handle<VkDescriptorPool> create_pool() const;

    const Device& device_;
    bool push_ = false;
    std::vector<Slot> slots_;
    uint32_t current_ = 0;
};

}  // namespace tessera::vk
