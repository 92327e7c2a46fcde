// `tessera info`: every GPU the Vulkan loader sees, with the features Tessera uses.
#include "app/commands.h"
#include "vk/gpu.h"
#include "vk/instance.h"

#include <cstdio>

namespace tessera::app {

ExitCode info_command() {
    vk::Instance instance(vk::InstanceDesc{});
    const std::vector<vk::GpuInfo> gpus = vk::describe_gpus(instance.handle());
    std::printf("Vulkan loader %s, %zu GPU(s)\n", vk::api_version_string(volkGetInstanceVersion()).c_str(),
                gpus.size());
    for (const vk::GpuInfo& gpu : gpus) {
        std::printf("\n[%u] %s\n", gpu.index, gpu.name().c_str());
        std::printf("    type            %s\n", vk::device_type_name(gpu.properties.deviceType));
        std::printf("    Vulkan API      %s\n", vk::api_version_string(gpu.properties.apiVersion).c_str());
        std::printf("    driver          %s %s (version %s)\n", gpu.driver_name.c_str(),
                    gpu.driver_info.c_str(), vk::driver_version_string(gpu).c_str());
        std::printf("    device memory   %.1f GiB\n", double(gpu.device_local_bytes) / double(1ull << 30));
        std::printf("    storage range   %.0f MiB per buffer\n",
                    double(gpu.properties.limits.maxStorageBufferRange) / double(1 << 20));
        std::printf("    suitable        %s\n",
                    gpu.suitable ? "yes" : ("no: missing " + gpu.missing).c_str());
        for (const vk::GpuFeature& f : gpu.features)
            std::printf("    %-40s %s%s\n", f.name, f.supported ? "yes" : "no",
                        f.required ? "  (required)" : "");
    }
    return gpus.empty() ? ExitCode::failure : ExitCode::ok;
}

}  // namespace tessera::app
