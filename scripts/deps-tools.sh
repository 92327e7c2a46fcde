#!/usr/bin/env bash
# Installs the tools `make sanitize` and `make fuzz` need on top of scripts/deps.sh, and nothing already there:
#   clang (the sanitizer and libFuzzer builds), libclang-rt-14-dev (the ASan/UBSan/TSan and libFuzzer runtimes),
#   llvm (llvm-symbolizer, for symbolised sanitizer stacks).
set -euo pipefail

packages=(clang libclang-rt-14-dev llvm)

. "$(dirname "$0")/install-packages.sh"
install_missing deps-tools "${packages[@]}"
