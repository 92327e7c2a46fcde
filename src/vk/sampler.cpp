#include "vk/sampler.h"

#include "base/error.h"
#include "vk/check.h"
#include "vk/device.h"

#include <string>

namespace tessera::vk {

Handle<VkSampler> create_sampler(const Device& device, const SamplerDesc& desc) {
    VkSamplerReductionModeCreateInfo reduction{VK_STRUCTURE_TYPE_SAMPLER_REDUCTION_MODE_CREATE_INFO};
    reduction.reductionMode = desc.reduction == SamplerReduction::min ? VK_SAMPLER_REDUCTION_MODE_MIN
                              : desc.reduction == SamplerReduction::max
                                  ? VK_SAMPLER_REDUCTION_MODE_MAX
                                  : VK_SAMPLER_REDUCTION_MODE_WEIGHTED_AVERAGE;
    const bool minmax = desc.reduction != SamplerReduction::weighted_average;
    if (minmax && !device.caps().sampler_minmax)
        throw Error(std::string(desc.name) +
                    ": this GPU has no min/max reduction samplers (samplerFilterMinmax)");

    VkSamplerCreateInfo info{VK_STRUCTURE_TYPE_SAMPLER_CREATE_INFO, minmax ? &reduction : nullptr};
    info.magFilter = desc.filter;
    info.minFilter = desc.filter;
    info.mipmapMode = desc.mipmap_mode;
    info.addressModeU = desc.address;
    info.addressModeV = desc.address;
    info.addressModeW = desc.address;
    info.minLod = 0.0f;
    info.maxLod = desc.max_lod;
    VkSampler sampler = VK_NULL_HANDLE;
    VK_CHECK(vkCreateSampler(device.handle(), &info, nullptr, &sampler));
    device.set_name(VK_OBJECT_TYPE_SAMPLER, sampler, desc.name);
    return {device.handle(), sampler};
}

bool min_max_filtering(const Device& device, VkFormat format) {
    if (!device.caps().sampler_minmax) return false;
    VkFormatProperties props{};
    vkGetPhysicalDeviceFormatProperties(device.physical(), format, &props);
    const VkFormatFeatureFlags need =
        VK_FORMAT_FEATURE_SAMPLED_IMAGE_FILTER_MINMAX_BIT | VK_FORMAT_FEATURE_SAMPLED_IMAGE_FILTER_LINEAR_BIT;
    return (props.optimalTilingFeatures & need) == need;
}

}  // namespace tessera::vk
