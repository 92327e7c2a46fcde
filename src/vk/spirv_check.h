#pragma once
// SPIR-V validation before a shader module is created: a corrupt or truncated .spv file becomes one error
// naming the file at start-up, instead of undefined behaviour inside the driver.

#include <cstdint>
#include <span>
#include <string>

namespace tessera::vk {

// Validates `code` with SPIRV-Tools for the Vulkan 1.3 environment. Throws tessera::Error (exit code 1)
// "shader NAME is not valid SPIR-V: <the validator's first message>". Any thread; no Vulkan calls.
void check_spirv(std::span<const uint32_t> code, const std::string& name);

}  // namespace tessera::vk
