#pragma once
// Interned names: a string that lives as long as the program, for names that are stored by pointer and
// outlive their owner (GPU timer scopes named after frame-graph passes end up in run results). Equal text
// gives the same pointer. Thread-safe.

#include <string_view>

namespace tessera {

const char* intern(std::string_view text);

}  // namespace tessera
