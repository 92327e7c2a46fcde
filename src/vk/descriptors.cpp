#include "vk/descriptors.h"

#include "base/error.h"
#include "vk/check.h"
#include "vk/device.h"

#include <array>
#include <cstdlib>
#include <string>

namespace tessera::vk {
namespace {

constexpr uint32_t kSetsPerPool = 64;

VkDescriptorType descriptor_type(DescriptorKind kind) {
    return kind == DescriptorKind::sampled_image ? VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER
                                                 : VK_DESCRIPTOR_TYPE_STORAGE_IMAGE;
}

bool sets_forced_by_environment() {
    const char* env = std::getenv("TESSERA_FORCE_DESCRIPTOR_SETS");
    return env && std::string(env) == "1";
}

}  // namespace

DescriptorSetLayout::DescriptorSetLayout(const Device& device, std::span<const DescriptorBinding> bindings,
                                         bool push_descriptor, const char* name)
    : bindings_(bindings.begin(), bindings.end()), push_descriptor_(push_descriptor) {
    if (bindings.size() > kMaxBindings)
        throw Error(std::string(name) + ": " + std::to_string(bindings.size()) + " bindings, at most " +
                    std::to_string(kMaxBindings));
    if (push_descriptor && !device.caps().push_descriptors)
        throw Error(std::string(name) + ": push descriptors are not enabled on this device");
    std::array<VkDescriptorSetLayoutBinding, kMaxBindings> vk_bindings{};
    for (size_t i = 0; i < bindings.size(); ++i) {
        vk_bindings[i].binding = bindings[i].binding;
        vk_bindings[i].descriptorType = descriptor_type(bindings[i].kind);
        vk_bindings[i].descriptorCount = 1;
        vk_bindings[i].stageFlags = bindings[i].stages;
    }
    VkDescriptorSetLayoutCreateInfo info{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
    info.flags = push_descriptor ? VK_DESCRIPTOR_SET_LAYOUT_CREATE_PUSH_DESCRIPTOR_BIT_KHR : 0;
    info.bindingCount = static_cast<uint32_t>(bindings.size());
    info.pBindings = vk_bindings.data();
    VkDescriptorSetLayout layout = VK_NULL_HANDLE;
    VK_CHECK(vkCreateDescriptorSetLayout(device.handle(), &info, nullptr, &layout));
    device.set_name(VK_OBJECT_TYPE_DESCRIPTOR_SET_LAYOUT, layout, name);
    layout_ = {device.handle(), layout};
}

VkDescriptorType DescriptorSetLayout::type_of(uint32_t binding) const {
    for (const DescriptorBinding& b : bindings_)
        if (b.binding == binding) return descriptor_type(b.kind);
    throw Error("descriptor set layout has no binding " + std::to_string(binding));
}

DescriptorBinder::DescriptorBinder(const Device& device, uint32_t frames_in_flight, bool force_sets)
    : device_(device),
      push_(device.caps().push_descriptors && !force_sets && !sets_forced_by_environment()),
      slots_(frames_in_flight) {}

Handle<VkDescriptorPool> DescriptorBinder::create_pool() const {
    const VkDescriptorPoolSize sizes[] = {{VK_DESCRIPTOR_TYPE_COMBINED_IMAGE_SAMPLER, kSetsPerPool * 2},
                                          {VK_DESCRIPTOR_TYPE_STORAGE_IMAGE, kSetsPerPool * 2}};
    VkDescriptorPoolCreateInfo info{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
    info.maxSets = kSetsPerPool;
    info.poolSizeCount = 2;
    info.pPoolSizes = sizes;
    VkDescriptorPool pool = VK_NULL_HANDLE;
    VK_CHECK(vkCreateDescriptorPool(device_.handle(), &info, nullptr, &pool));
    device_.set_name(VK_OBJECT_TYPE_DESCRIPTOR_POOL, pool, "frame descriptor pool");
    return {device_.handle(), pool};
}

void DescriptorBinder::begin_frame(uint32_t slot, uint64_t frame_number) {
    current_ = slot;
    Slot& s = slots_.at(slot);
    if (s.frame_number == frame_number) return;
    s.frame_number = frame_number;
    for (uint32_t i = 0; i < s.used_pools; ++i)
        VK_CHECK(vkResetDescriptorPool(device_.handle(), s.pools[i], 0));
    s.used_pools = 0;
}

VkDescriptorSet DescriptorBinder::allocate(const DescriptorSetLayout& layout) {
    Slot& s = slots_[current_];
    const VkDescriptorSetLayout handle = layout.handle();
    VkDescriptorSetAllocateInfo info{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
    info.descriptorSetCount = 1;
    info.pSetLayouts = &handle;
    VkDescriptorSet set = VK_NULL_HANDLE;
    if (s.used_pools > 0) {
        info.descriptorPool = s.pools[s.used_pools - 1];
        const VkResult result = vkAllocateDescriptorSets(device_.handle(), &info, &set);
        // A full pool is expected once per pool: move on to the next one.
        if (result == VK_SUCCESS) return set;
        if (result != VK_ERROR_OUT_OF_POOL_MEMORY && result != VK_ERROR_FRAGMENTED_POOL)
            check_result(result, "vkAllocateDescriptorSets", __FILE__, __LINE__);
    }
    if (s.used_pools == s.pools.size()) s.pools.push_back(create_pool());
    info.descriptorPool = s.pools[s.used_pools++];
    VK_CHECK(vkAllocateDescriptorSets(device_.handle(), &info, &set));
    return set;
}

void DescriptorBinder::bind(VkCommandBuffer cmd, VkPipelineBindPoint bind_point,
                            VkPipelineLayout pipeline_layout, const DescriptorSetLayout& layout,
                            std::span<const DescriptorWrite> writes, uint32_t set) {
    if (layout.push_descriptor() != push_)
        throw Error(std::string("descriptor set layout made for ") +
                    (layout.push_descriptor() ? "push descriptors" : "descriptor sets") + ", binder uses " +
                    (push_ ? "push descriptors" : "descriptor sets"));
    if (writes.size() > DescriptorSetLayout::kMaxBindings) throw Error("too many descriptor writes");
    const VkDescriptorSet target = push_ ? VK_NULL_HANDLE : allocate(layout);
    std::array<VkDescriptorImageInfo, DescriptorSetLayout::kMaxBindings> images{};
    std::array<VkWriteDescriptorSet, DescriptorSetLayout::kMaxBindings> vk_writes{};
    for (size_t i = 0; i < writes.size(); ++i) {
        images[i] = {writes[i].sampler, writes[i].view, writes[i].layout};
        vk_writes[i] = {VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
        vk_writes[i].dstSet = target;
        vk_writes[i].dstBinding = writes[i].binding;
        vk_writes[i].descriptorCount = 1;
        vk_writes[i].descriptorType = layout.type_of(writes[i].binding);
        vk_writes[i].pImageInfo = &images[i];
    }
    const auto count = static_cast<uint32_t>(writes.size());
    if (push_) {
        vkCmdPushDescriptorSetKHR(cmd, bind_point, pipeline_layout, set, count, vk_writes.data());
    } else {
        vkUpdateDescriptorSets(device_.handle(), count, vk_writes.data(), 0, nullptr);
        vkCmdBindDescriptorSets(cmd, bind_point, pipeline_layout, set, 1, &target, 0, nullptr);
    }
}

}  // namespace tessera::vk
