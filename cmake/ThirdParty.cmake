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
