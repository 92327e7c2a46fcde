// tessera: entry point. Turns every failure into one line on stderr and an exit code (base/error.h).
#include "app/cli.h"
#include "app/commands.h"
#include "base/atomic_file.h"
#include "base/error.h"
#include "base/log.h"

#include <csignal>
#include <cstdio>
#include <exception>
#include <new>
#include <string>
#include <string_view>

namespace {

// Prints "error: MESSAGE": one line, with control characters escaped; any further lines of the message
// (e.g. the GPUs after "--gpu 99: no such GPU") follow as indented hints.
void print_error(std::string_view message) {
    std::string out = "error: ";
    for (size_t i = 0; i < message.size(); ++i) {
        if (message[i] == '\n') {
            out += i + 1 < message.size() && message[i + 1] == ' ' ? "\n" : "\n  ";
        } else {
            out += tessera::printable(message.substr(i, 1));
        }
    }
    std::fprintf(stderr, "%s\n", out.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    using namespace tessera;
    // Past a file size limit (ulimit -f), a write fails with EFBIG and is reported, instead of killing us.
    std::signal(SIGXFSZ, SIG_IGN);
    try {
        init_logging("info");
        const app::Invocation inv = app::parse_command_line(argc, argv);
        int code = static_cast<int>(ExitCode::failure);
        switch (inv.command) {
            case app::Invocation::Command::exit:
                code = inv.exit_code;
                break;
            case app::Invocation::Command::info:
                code = static_cast<int>(app::info_command());
                break;
            case app::Invocation::Command::bench:
                code = static_cast<int>(app::bench_command(inv.bench));
                break;
            case app::Invocation::Command::run:
                code = static_cast<int>(app::run_command(inv.run));
                break;
        }
        check_stdout();  // whatever was printed (help, info, tables) reached its destination, or exit 1
        return code;
    } catch (const Error& e) {
        print_error(e.what());
        return static_cast<int>(e.code());
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "error: out of host memory\n");
        return static_cast<int>(ExitCode::failure);
    } catch (const std::exception& e) {
        print_error(e.what());
        return static_cast<int>(ExitCode::failure);
    }
    return static_cast<int>(ExitCode::failure);
}
