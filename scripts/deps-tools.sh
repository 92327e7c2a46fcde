#!/usr/bin/env bash
# Installs the tools `make sanitize` and `make fuzz` need on top of scripts/deps.sh, and nothing already there:
#   clang (the sanitizer and libFuzzer builds), libclang-rt-14-dev (the ASan/UBSan/TSan and libFuzzer runtimes),
#   llvm (llvm-symbolizer, for symbolised sanitizer stacks).
set -euo pipefail

packages=(clang libclang-rt-14-dev llvm)

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "deps-tools: not root and no sudo; install as root: ${packages[*]}" >&2; exit 1; }
    sudo=(sudo)
fi

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "deps-tools: installing ${missing[*]}"
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
