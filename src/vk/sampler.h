#pragma once
// Samplers, created up front like pipelines. A min/max reduction sampler returns the minimum or maximum of
// the texels a linear filter would weight, instead of their weighted average: sampling the centre of a 2x2
// block with one gives that block's min/max exactly (a depth pyramid's reduction in one fetch).

#include "vk/handle.h"

namespace tessera::vk {

class Device;

enum class SamplerReduction { weighted_average, min, max };

struct SamplerDesc {
    VkFilter filter = VK_FILTER_LINEAR;  // both magnification and minification
    VkSamplerMipmapMode mipmap_mode = VK_SAMPLER_MIPMAP_MODE_NEAREST;
    VkSamplerAddressMode address = VK_SAMPLER_ADDRESS_MODE_CLAMP_TO_EDGE;  // u, v and w
    SamplerReduction reduction = SamplerReduction::weighted_average;
    float max_lod = VK_LOD_CLAMP_NONE;
    const char* name = "sampler";
};

// Throws Error for a min/max reduction unless device.caps().sampler_minmax.
Handle<VkSampler> create_sampler(const Device& device, const SamplerDesc& desc);

// Whether images of `format` (optimal tiling) may be sampled through a linear min/max reduction sampler: the
// device has sampler_minmax and the format both FILTER_MINMAX and FILTER_LINEAR (the validation layers of
// Vulkan 1.3.2xx require the latter for any linear sampler; lavapipe 22.3's D32_SFLOAT lacks it).
bool min_max_filtering(const Device& device, VkFormat format);

}  // namespace tessera::vk
