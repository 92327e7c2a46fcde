#include "vk/instance.h"

#include "base/error.h"
#include "vk/check.h"

#include <spdlog/spdlog.h>

#include <dlfcn.h>

#include <cstring>
#include <string>

namespace tessera::vk {
namespace {

VKAPI_ATTR VkBool32 VKAPI_CALL on_debug_message(VkDebugUtilsMessageSeverityFlagBitsEXT severity,
                                                VkDebugUtilsMessageTypeFlagsEXT /*types*/,
                                                const VkDebugUtilsMessengerCallbackDataEXT* data,
                                                void* user) {
    auto* counts = static_cast<ValidationCounts*>(user);
    const char* id = data->pMessageIdName ? data->pMessageIdName : "";
    if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) {
        counts->errors.fetch_add(1);
        spdlog::error("[validation] {} {}", id, data->pMessage);
    } else if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT) {
        counts->warnings.fetch_add(1);
        spdlog::warn("[validation] {} {}", id, data->pMessage);
    } else if (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_INFO_BIT_EXT) {
        spdlog::debug("[validation] {} {}", id, data->pMessage);
    } else {
        spdlog::trace("[validation] {} {}", id, data->pMessage);
    }
    return VK_FALSE;
}

bool has_layer(const char* name) {
    uint32_t count = 0;
    VK_CHECK(vkEnumerateInstanceLayerProperties(&count, nullptr));
    std::vector<VkLayerProperties> layers(count);
    VK_CHECK(vkEnumerateInstanceLayerProperties(&count, layers.data()));
    for (const auto& l : layers)
        if (std::strcmp(l.layerName, name) == 0) return true;
    return false;
}

}  // namespace

Instance::Instance(const InstanceDesc& desc) {
    // Opened here rather than by volkInitialize, which would call a null vkGetInstanceProcAddr when
    // libvulkan.so.1 exists but is not a loader. Never closed, as volk would not.
    void* loader = dlopen("libvulkan.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!loader) loader = dlopen("libvulkan.so", RTLD_NOW | RTLD_LOCAL);
    if (!loader)
        throw Error("no Vulkan loader found (install libvulkan1 and a driver such as mesa-vulkan-drivers)");
    auto get_proc = reinterpret_cast<PFN_vkGetInstanceProcAddr>(dlsym(loader, "vkGetInstanceProcAddr"));
    if (!get_proc)
        throw Error(
            "libvulkan.so.1 is not a Vulkan loader (it has no vkGetInstanceProcAddr); reinstall libvulkan1");
    volkInitializeCustom(get_proc);
    if (volkGetInstanceVersion() < VK_API_VERSION_1_3)
        throw Error("the Vulkan loader supports only version " +
                    std::to_string(VK_API_VERSION_MAJOR(volkGetInstanceVersion())) + "." +
                    std::to_string(VK_API_VERSION_MINOR(volkGetInstanceVersion())) + "; Tessera needs 1.3");

    std::vector<const char*> extensions = desc.extensions;
    std::vector<const char*> layers;
    constexpr const char* kValidationLayer = "VK_LAYER_KHRONOS_validation";
    if (desc.validation) {
        if (!has_layer(kValidationLayer))
            throw Error(
                "validation requested but VK_LAYER_KHRONOS_validation is not installed "
                "(Debian: vulkan-validationlayers)");
        layers.push_back(kValidationLayer);
        extensions.push_back(VK_EXT_DEBUG_UTILS_EXTENSION_NAME);
        extensions.push_back(VK_EXT_VALIDATION_FEATURES_EXTENSION_NAME);
    }

    VkApplicationInfo app{VK_STRUCTURE_TYPE_APPLICATION_INFO};
    app.pApplicationName = "Tessera";
    app.applicationVersion = VK_MAKE_API_VERSION(0, 0, 1, 0);
    app.pEngineName = "Tessera";
    app.apiVersion = VK_API_VERSION_1_3;

    VkDebugUtilsMessengerCreateInfoEXT messenger_info{
        VK_STRUCTURE_TYPE_DEBUG_UTILS_MESSENGER_CREATE_INFO_EXT};
    messenger_info.messageSeverity =
        VK_DEBUG_UTILS_MESSAGE_SEVERITY_VERBOSE_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_SEVERITY_INFO_BIT_EXT |
        VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT;
    messenger_info.messageType = VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT |
                                 VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT |
                                 VK_DEBUG_UTILS_MESSAGE_TYPE_PERFORMANCE_BIT_EXT;
    messenger_info.pfnUserCallback = on_debug_message;
    messenger_info.pUserData = &counts_;

    // Synchronization validation too: a missing barrier between frames in flight is an error like any other.
    const VkValidationFeatureEnableEXT enables[] = {
        VK_VALIDATION_FEATURE_ENABLE_SYNCHRONIZATION_VALIDATION_EXT};
    VkValidationFeaturesEXT features{VK_STRUCTURE_TYPE_VALIDATION_FEATURES_EXT, &messenger_info};
    features.enabledValidationFeatureCount = 1;
    features.pEnabledValidationFeatures = enables;

    VkInstanceCreateInfo info{VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO};
    info.pApplicationInfo = &app;
    info.enabledLayerCount = static_cast<uint32_t>(layers.size());
    info.ppEnabledLayerNames = layers.data();
    info.enabledExtensionCount = static_cast<uint32_t>(extensions.size());
    info.ppEnabledExtensionNames = extensions.data();
    if (desc.validation)
        info.pNext = &features;  // the messenger also reports problems in vkCreateInstance itself
    const VkResult created = vkCreateInstance(&info, nullptr, &instance_);
    if (created == VK_ERROR_INCOMPATIBLE_DRIVER)  // the loader found no driver (ICD) at all
        throw Error(
            "no Vulkan driver found (install mesa-vulkan-drivers for the software driver, or your GPU "
            "vendor's "
            "driver)");
    VK_CHECK(created);
    volkLoadInstanceOnly(instance_);

    if (desc.validation) {
        VK_CHECK(vkCreateDebugUtilsMessengerEXT(instance_, &messenger_info, nullptr, &messenger_));
        spdlog::info("validation: {} enabled", kValidationLayer);
    }
}

Instance::~Instance() {
    if (messenger_) vkDestroyDebugUtilsMessengerEXT(instance_, messenger_, nullptr);
    if (instance_) vkDestroyInstance(instance_, nullptr);
}

}  // namespace tessera::vk
