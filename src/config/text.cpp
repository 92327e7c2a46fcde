#include "config/text.h"

#include "base/error.h"
#include "config/config.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace tessera {
namespace config_text {
namespace {

char lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

// Optimal string alignment distance, ignoring letter case: an adjacent swap ("widht") costs 1.
size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
    for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (size_t i = 1; i <= a.size(); ++i) {
        for (size_t j = 1; j <= b.size(); ++j) {
            const size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1])) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.size()][b.size()];
}

template <typename T>
std::string shortest(T value) {
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
    return std::string(buffer, result.ptr);
}

}  // namespace

std::optional<int64_t> parse_integer(std::string_view text) {
    int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<double> parse_number(std::string_view text) {
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

std::optional<bool> parse_boolean(std::string_view text) {
    for (std::string_view yes : {"true", "on", "yes", "1"}) {
        if (equal_ignoring_case(text, yes)) return true;
    }
    for (std::string_view no : {"false", "off", "no", "0"}) {
        if (equal_ignoring_case(text, no)) return false;
    }
    return std::nullopt;
}

std::string format_number(double value) {
    return shortest(value);
}

std::string format_float(float value) {
    std::string text = shortest(value);
    // The shortest float form can, in rare ties, read back through double to a neighbouring float.
    if (!std::isnan(value)) {
        double back = 0;
        std::from_chars(text.data(), text.data() + text.size(), back);
        if (static_cast<float>(back) != value) text = shortest(static_cast<double>(value));
    }
    if (text.find_first_of(".en") == std::string::npos) text += ".0";
    return text;
}

std::string quote_toml(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            default:
                if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
                    char escape[8];
                    std::snprintf(escape, sizeof(escape), "\\u%04X", static_cast<unsigned>(c));
                    out += escape;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

std::optional<std::string_view> closest_match(std::string_view word,
                                              const std::vector<std::string_view>& candidates) {
    // Bounded work whatever the input: no key is this long, and the table is small.
    constexpr size_t kMaxWord = 64, kMaxCandidates = 256;
    if (word.size() > kMaxWord || candidates.size() > kMaxCandidates) return std::nullopt;
    std::optional<std::string_view> best;
    size_t best_distance = std::max<size_t>(1, word.size() / 3) + 1;
    for (std::string_view candidate : candidates) {
        if (candidate.size() > kMaxWord) continue;
        const size_t distance = edit_distance(word, candidate);
        if (distance < best_distance) best = candidate, best_distance = distance;
    }
    if (best || word.size() < 3) return best;
    for (std::string_view candidate : candidates) {
        if (candidate.size() > word.size() && equal_ignoring_case(candidate.substr(0, word.size()), word)) {
            if (best) return std::nullopt;  // ambiguous
            best = candidate;
        }
    }
    return best;
}

std::string join(const std::vector<std::string_view>& items, std::string_view separator) {
    std::string out;
    for (std::string_view item : items) {
        if (!out.empty()) out += separator;
        out += item;
    }
    return out;
}

}  // namespace config_text

bool parse_boolean_value(std::string_view text, std::string_view origin) {
    const std::optional<bool> value = config_text::parse_boolean(text);
    if (!value)
        throw UsageError(std::string(origin) +
                         ": expected a boolean (true/false, on/off, yes/no, 1/0), got '" + printable(text) +
                         "'");
    return *value;
}

uint64_t parse_count(std::string_view text, std::string_view origin, uint64_t max) {
    const auto fail = [&](std::string_view expected) -> uint64_t {
        throw UsageError(std::string(origin) + ": expected " + std::string(expected) + ", got '" +
                         printable(text) + "'");
    };
    const std::string in_range = "a count in [1, " + std::to_string(max) + "]";
    constexpr std::string_view format = "a count such as 100000, 100k, 2.5M or 1B";

    size_t end = 0;
    const auto digits = [&] {
        const size_t begin = end;
        while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
        return text.substr(begin, end - begin);
    };
    const std::string_view whole = digits();
    std::string_view fraction;
    if (end < text.size() && text[end] == '.') {
        ++end;
        fraction = digits();
        if (fraction.empty()) return fail(format);
    }
    if (whole.empty()) return fail(format);
    size_t scale_digits = 0;  // the suffix's power of ten
    if (end < text.size()) {
        const size_t suffix = std::string_view("kmb").find(config_text::lower(text[end]));
        if (suffix == std::string_view::npos) return fail(format);
        scale_digits = 3 * (suffix + 1);
        ++end;
    }
    if (end != text.size()) return fail(format);

    // The fraction (without trailing zeros) must fit in the suffix's digits for the count to be whole.
    while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
    if (fraction.size() > scale_digits) return fail("a whole count");
    uint64_t scale = 1;
    for (size_t i = 0; i < scale_digits; ++i) scale *= 10;
    uint64_t fraction_part = 0;
    if (!fraction.empty()) {
        std::from_chars(fraction.data(), fraction.data() + fraction.size(), fraction_part);
        for (size_t i = fraction.size(); i < scale_digits; ++i) fraction_part *= 10;
    }
    uint64_t whole_part = 0;
    const auto parsed = std::from_chars(whole.data(), whole.data() + whole.size(), whole_part);
    if (parsed.ec != std::errc() || fraction_part > max || whole_part > (max - fraction_part) / scale) {
        return fail(in_range);
    }
    const uint64_t count = whole_part * scale + fraction_part;
    if (count == 0) return fail(in_range);
    return count;
}

}  // namespace tessera
