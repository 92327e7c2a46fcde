#!/usr/bin/env bash
# The code style is checked, not just written down: every C++ file must be as clang-format (.clang-format at the
# repository root) would write it, GLSL included (shaders/.clang-format). Fix with `make format`.
# Usage: format_test.sh REPO_ROOT
set -euo pipefail
cd "$1"
mapfile -t files < <(find src tests bench shaders -name '*.cpp' -o -name '*.h' -o -name '*.glsl' -o -name '*.vert' -o -name '*.frag' -o -name '*.comp' | sort)
clang-format --dry-run --Werror "${files[@]}"
echo "ok: ${#files[@]} files formatted"
