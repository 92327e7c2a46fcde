#pragma once
// Private to config/: strict parsing of command-line values, number and string formatting that TOML reads
// back exactly, and "did you mean" suggestions. Nothing here throws except parse_count (declared in
// config.h).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tessera::config_text {

// The whole of `text` as a decimal integer (optional leading '-'), else nothing.
std::optional<int64_t> parse_integer(std::string_view text);

// The whole of `text` as a finite decimal number ("2", "-0.5", "1e3"), else nothing.
std::optional<double> parse_number(std::string_view text);

// true/false, on/off, yes/no, 1/0 in any letter case, else nothing.
std::optional<bool> parse_boolean(std::string_view text);

// The shortest decimal that reads back to exactly `value`.
std::string format_number(double value);

// A TOML float literal that reads back (as a double, then narrowed) to exactly `value`.
std::string format_float(float value);

// A TOML basic string literal holding exactly `text`.
std::string quote_toml(std::string_view text);

// The candidate a user most likely meant by `word` (a small edit away, or a unique completion of it), if any.
// Bounded: nothing for words over 64 characters or more than 256 candidates.
std::optional<std::string_view> closest_match(std::string_view word,
                                              const std::vector<std::string_view>& candidates);

// "a, b, c"
std::string join(const std::vector<std::string_view>& items, std::string_view separator = ", ");

}  // namespace tessera::config_text
