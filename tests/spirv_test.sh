#!/usr/bin/env bash
# Damaged shaders are refused at start-up: a copy of the binary beside a copy of spirv/ with one .spv
# bit-flipped and another truncated must exit 1 with one `error:` line naming the file, with and without
# validation, and never crash.
# Usage: spirv_test.sh TESSERA SPIRV_DIR OUTPUT_DIR
set -uo pipefail
bin=$1 spirv=$2 out=$3
rm -rf "$out"
mkdir -p "$out"
failures=0
unset TESSERA_SPIRV_DIR  # the copy must find its shaders beside itself

# check NAME EXTRA_OPTIONS...: runs the copy; wants exit 1 and exactly one stderr line, `error:` naming NAME.
check() {
    local name=$1
    shift
    local status
    "$out/tessera" run --headless --frames 2 --cubes 1k --log-level off "$@" >"$out/stdout" 2>"$out/stderr"
    status=$?
    local lines
    lines=$(wc -l <"$out/stderr")
    if [ "$status" -ne 1 ] || [ "$lines" -ne 1 ] ||
        ! grep -qE "^error: shader .*/spirv/$name is not (valid )?SPIR-V" "$out/stderr"; then
        echo "FAIL: $name $* -> exit $status (want 1), $lines stderr line(s):"
        head -5 "$out/stderr"
        failures=$((failures + 1))
    else
        echo "ok: $name $*: $(cat "$out/stderr")"
    fi
}

fresh_copy() {
    rm -rf "$out/spirv"
    cp "$bin" "$out/tessera"
    cp -r "$spirv" "$out/spirv"
}

# Bit flip: the high bit of the first instruction's word count (byte 2 of word 5, an OpCapability), which makes
# the module unparseable; spirv-val rejects it too.
fresh_copy
printf '\x82' | dd of="$out/spirv/cube.vert.spv" bs=1 seek=22 conv=notrunc status=none
check cube.vert.spv
check cube.vert.spv --validate

# Truncation at a word boundary (passes the size check, fails validation) and mid-word.
fresh_copy
head -c 400 "$spirv/cube.frag.spv" >"$out/spirv/cube.frag.spv"
check cube.frag.spv
check cube.frag.spv --validate
head -c 401 "$spirv/cube.frag.spv" >"$out/spirv/cube.frag.spv"
check cube.frag.spv

# An empty compute shader.
fresh_copy
: >"$out/spirv/cull.comp.spv"
check cull.comp.spv --mode gpu-cull

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
