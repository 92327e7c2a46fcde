// `tessera bench`: every mode x cube count on one scene and camera path (implemented with the rendering modes).
#include "app/commands.h"

namespace tessera::app {

ExitCode bench_command(const BenchOptions&) { throw Error("bench: not available in this build yet"); }

}  // namespace tessera::app
