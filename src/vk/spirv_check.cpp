#include "vk/spirv_check.h"

#include "base/error.h"

#include <spirv-tools/libspirv.hpp>

namespace tessera::vk {

void check_spirv(std::span<const uint32_t> code, const std::string& name) {
    spvtools::SpirvTools tools(SPV_ENV_VULKAN_1_3);
    std::string first_message;
    tools.SetMessageConsumer(
        [&](spv_message_level_t level, const char*, const spv_position_t&, const char* message) {
            if (first_message.empty() && level <= SPV_MSG_ERROR)
                first_message = message ? message : "unknown problem";
        });
    if (tools.Validate(code.data(), code.size())) return;
    // The message may span lines (the validator quotes the instruction): keep the error to one line.
    for (char& c : first_message)
        if (c == '\n' || c == '\r') c = ' ';
    throw Error("shader " + name + " is not valid SPIR-V: " +
                (first_message.empty() ? std::string("validation failed") : first_message));
}

}  // namespace tessera::vk
