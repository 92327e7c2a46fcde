# tessera_warnings: the warning set every Tessera target builds with. Third-party headers come in as SYSTEM
# includes, so these apply to our code alone.
add_library(tessera_warnings INTERFACE)
target_compile_options(tessera_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wno-missing-field-initializers)
