#pragma once
// Errors that reach the user. Tessera reports a failure as one line and a non-zero exit code; code below app/
// throws tessera::Error (or a subclass) and app/main.cpp turns it into that line. Nothing else is caught.

#include <stdexcept>
#include <string>

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

}  // namespace tessera
