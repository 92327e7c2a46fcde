# TESSERA_SANITIZE: build everything with -fsanitize=<list> ("address,undefined" or "thread"), for
# `make sanitize` (scripts/sanitize.sh). Use clang: its sanitizer runtimes link statically, so the run can
# LD_PRELOAD the no-op dlclose below without the "runtime does not come first" complaint.
set(TESSERA_SANITIZE "" CACHE STRING "Sanitizers to build with: address,undefined or thread (empty: none)")
if(TESSERA_SANITIZE)
    add_compile_options(-fsanitize=${TESSERA_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
    add_link_options(-fsanitize=${TESSERA_SANITIZE})
    # Not sanitized itself: it is preloaded before the program and only replaces dlclose.
    add_library(tessera_nodlclose SHARED ${PROJECT_SOURCE_DIR}/tests/sanitizers/nodlclose.c)
    target_compile_options(tessera_nodlclose PRIVATE -fno-sanitize=all)
    target_link_options(tessera_nodlclose PRIVATE -fno-sanitize=all)
endif()
