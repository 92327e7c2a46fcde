#!/usr/bin/env bash
# Installs the tools `make sanitize` and `make fuzz` need on top of scripts/deps.sh, and nothing already there:
#   clang (the sanitizer and libFuzzer builds), libclang-rt-14-dev (the ASan/UBSan/TSan and libFuzzer runtimes),
#   llvm (llvm-symbolizer, for symbolised sanitizer stacks); and the frame-capture tools the README describes:
#   renderdoccmd (RenderDoc's command line, with its library) and librenderdoc-dev (renderdoc_app.h, which
#   --capture-frame is built against when present), gfxreconstruct (gfxrecon-capture.py, gfxrecon-replay).
set -euo pipefail

packages=(clang libclang-rt-14-dev llvm renderdoccmd librenderdoc-dev gfxreconstruct)

. "$(dirname "$0")/install-packages.sh"
install_missing deps-tools "${packages[@]}"
