#pragma once
// The subcommands. Each returns the process exit code; failures throw tessera::Error.

#include "app/cli.h"
#include "base/error.h"

namespace tessera::app {

ExitCode run_command(const RunOptions& options);
ExitCode info_command();
ExitCode bench_command(const BenchOptions& options);

}  // namespace tessera::app
