#pragma once
// `tessera bench --plot FILE`: the chart of a bench's results, drawn by scripts/plot_bench.py (matplotlib,
// from Debian's python3-matplotlib) from the bench JSON. A script rather than an in-tree chart writer: log
// axes, ticks and legends are matplotlib's strength, and the chart is an optional extra that needs nothing at
// build time.

#include <string>

namespace tessera::app {

// Runs the plot script on `json_path`, writing `plot_path` (.png, or .svg). The interpreter is
// $TESSERA_PYTHON if set, else /usr/bin/python3 (where Debian's matplotlib is), else python3 on the PATH; the
// script is <executable_dir>/scripts/plot_bench.py. Throws Error with one line (the script's own message
// where it gave one, naming the package to install when matplotlib is missing).
void plot_bench(const std::string& json_path, const std::string& plot_path);

}  // namespace tessera::app
