# tessera_add_shaders(TARGET name SOURCES a.vert b.frag ...)
# Compiles GLSL with glslc into ${CMAKE_BINARY_DIR}/spirv/<file>.spv at build time. glslc writes a depfile, so a
# change to an #included header (shaders/shared.h) recompiles every shader that includes it.
set(TESSERA_SPIRV_DIR "${CMAKE_BINARY_DIR}/spirv")

function(tessera_add_shaders)
    cmake_parse_arguments(ARG "" "TARGET" "SOURCES" ${ARGN})
    set(outputs)
    foreach(src IN LISTS ARG_SOURCES)
        get_filename_component(name "${src}" NAME)
        set(spv "${TESSERA_SPIRV_DIR}/${name}.spv")
        set(dep "${CMAKE_CURRENT_BINARY_DIR}/${name}.d")
        add_custom_command(
            OUTPUT "${spv}"
            COMMAND ${CMAKE_COMMAND} -E make_directory "${TESSERA_SPIRV_DIR}"
            COMMAND ${GLSLC} --target-env=vulkan1.3 -O -g -Werror -I "${CMAKE_CURRENT_SOURCE_DIR}"
                    -MD -MF "${dep}" -MT "${spv}" -o "${spv}" "${CMAKE_CURRENT_SOURCE_DIR}/${src}"
            MAIN_DEPENDENCY "${CMAKE_CURRENT_SOURCE_DIR}/${src}"
            DEPFILE "${dep}"
            COMMENT "glslc ${src}"
            VERBATIM)
        list(APPEND outputs "${spv}")
    endforeach()
    add_custom_target(${ARG_TARGET} ALL DEPENDS ${outputs})
endfunction()
