#!/usr/bin/env bash
# A change and its baseline, measured in one call on the GPU machine (see docs/PERFORMANCE.md): the same bench
# runs with each binary, interleaved so that clock and thermal drift fall on both alike.
#   scripts/gpu-compare.sh BASELINE_TESSERA NEW_TESSERA OUT_DIR
set -uo pipefail
base=${1:?usage: gpu-compare.sh BASELINE NEW OUT_DIR} new=${2:?} out=${3:?}
mkdir -p "$out"
res=(--width 1920 --height 1080 --msaa 1 --frames 100 --warmup 20)
step() { echo "=== $* ($(date -u +%H:%M:%S))"; }
run() {  # NAME ARGS...: the bench with each binary
    local name=$1
    shift
    for variant in base new; do
        local bin=$base
        [ "$variant" = new ] && bin=$new
        step "$name $variant"
        timeout 240 "$bin" bench "${res[@]}" "$@" --json "$out/$name-$variant.json" | tail -n +3
    done
}
run gpu-lod --modes gpu-lod --cubes 1M,10M,100M
run gpu-cull --modes gpu-cull --cubes 10M
run cpu --modes cpu --cubes 1M
step done
