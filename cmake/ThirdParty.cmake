# Third-party code that Debian ships as sources or headers, built once here with its warnings silenced.

# volk: Vulkan's loader entry points, with device-level functions loaded per device (no loader trampoline).
add_library(tessera_volk STATIC /usr/include/volk.c)
target_include_directories(tessera_volk SYSTEM PUBLIC /usr/include)
target_compile_definitions(tessera_volk PUBLIC VK_NO_PROTOTYPES)
target_link_libraries(tessera_volk PUBLIC Vulkan::Headers ${CMAKE_DL_LIBS})
target_compile_options(tessera_volk PRIVATE -w)
set_target_properties(tessera_volk PROPERTIES POSITION_INDEPENDENT_CODE ON)

# VulkanMemoryAllocator: header-only, unpacked into the build tree by scripts/deps.sh (see Makefile).
set(TESSERA_VMA_DIR "${CMAKE_BINARY_DIR}/_deps/vma/usr/include" CACHE PATH "Folder holding vk_mem_alloc.h")
if(NOT EXISTS "${TESSERA_VMA_DIR}/vk_mem_alloc.h")
    message(FATAL_ERROR "vk_mem_alloc.h not found in ${TESSERA_VMA_DIR}: run `make deps` (scripts/deps.sh ${CMAKE_BINARY_DIR})")
endif()
add_library(tessera_vma INTERFACE)
target_include_directories(tessera_vma SYSTEM INTERFACE "${TESSERA_VMA_DIR}")
target_compile_definitions(tessera_vma INTERFACE VMA_STATIC_VULKAN_FUNCTIONS=0 VMA_DYNAMIC_VULKAN_FUNCTIONS=1)

# shaderc for shader hot reload (src/vk/shader_compiler.h): the static combined library plus glslang's and
# SPIRV-Tools' static libraries. Debian 12's libshaderc.so fails to link or crashes (docs/ARCHITECTURE.md).
set(tessera_shaderc_libs shaderc_combined glslang MachineIndependent OSDependent GenericCodeGen OGLCompiler SPIRV
    SPIRV-Tools-opt SPIRV-Tools glslang-default-resource-limits)
set(tessera_shaderc_paths)
foreach(lib IN LISTS tessera_shaderc_libs)
    find_library(TESSERA_LIB_${lib} NAMES lib${lib}.a REQUIRED)
    list(APPEND tessera_shaderc_paths "${TESSERA_LIB_${lib}}")
endforeach()
add_library(tessera_shaderc INTERFACE)
target_link_libraries(tessera_shaderc INTERFACE ${tessera_shaderc_paths} Threads::Threads)
