// tessera: entry point. Turns every failure into one line on stderr and an exit code (base/error.h).
#include "app/cli.h"
#include "app/commands.h"
#include "base/log.h"

#include <csignal>
#include <cstdio>
#include <exception>
#include <new>

int main(int argc, char** argv) {
    using namespace tessera;
    // Past a file size limit (ulimit -f), a write fails with EFBIG and is reported, instead of killing us.
    std::signal(SIGXFSZ, SIG_IGN);
    try {
        init_logging("info");
        const app::Invocation inv = app::parse_command_line(argc, argv);
        switch (inv.command) {
            case app::Invocation::Command::exit:
                return inv.exit_code;
            case app::Invocation::Command::info:
                return static_cast<int>(app::info_command());
            case app::Invocation::Command::bench:
                return static_cast<int>(app::bench_command(inv.bench));
            case app::Invocation::Command::run:
                return static_cast<int>(app::run_command(inv.run));
        }
    } catch (const Error& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return static_cast<int>(e.code());
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "error: out of host memory (try fewer cubes)\n");
        return static_cast<int>(ExitCode::failure);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return static_cast<int>(ExitCode::failure);
    }
    return static_cast<int>(ExitCode::failure);
}
