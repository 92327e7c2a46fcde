#pragma once
// Errors that reach the user. Tessera reports a failure as one line and a non-zero exit code; code below app/
// throws tessera::Error (or a subclass) and app/main.cpp turns it into that line. Nothing else is caught.

#include <algorithm>
#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tessera {

// Process exit codes, part of the command-line contract (scripts and tests rely on them).
enum class ExitCode : int {
    ok = 0,
    failure = 1,           // a runtime failure: Vulkan error, missing file, out of memory, device lost
    usage = 2,             // bad input: command line or configuration file
    validation_errors = 3  // the run finished, but the validation layer reported errors
};

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message, ExitCode code = ExitCode::failure)
        : std::runtime_error(message), code_(code) {}
    ExitCode code() const { return code_; }

private:
    ExitCode code_;
};

// Bad user input (flags, config values). Exit code 2.
class UsageError : public Error {
public:
    explicit UsageError(const std::string& message) : Error(message, ExitCode::usage) {}
};

// User text as it may appear in an error line: control characters (and DEL) as \xNN, at most `limit` bytes
// of it (cut at a UTF-8 character boundary), then "…" when cut.
inline std::string printable(std::string_view text, std::size_t limit = 80) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    std::size_t end = std::min(text.size(), limit);
    while (end < text.size() && end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    for (const char c : text.substr(0, end)) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F)
            out.append("\\x").append(1, kHex[byte >> 4]).append(1, kHex[byte & 15]);
        else
            out += c;
    }
    if (end < text.size()) out += "\xE2\x80\xA6";  // U+2026 HORIZONTAL ELLIPSIS
    return out;
}

}  // namespace tessera
