#!/usr/bin/env bash
# The measurement set behind docs/PERFORMANCE.md, as run on the GPU machine (a headless NVIDIA H200, with the
# binary and the libraries it links bundled beside it):
#   scripts/gpu-measure.sh OUT_DIR [part...]     parts: modes huge threads ecs simulate simulate-gpu shots
# Expects `tessera` and `ecs_bench` on PATH (the .gpu bundle's env.sh puts them there).
set -uo pipefail
out=${1:?usage: gpu-measure.sh OUT_DIR [part...]}
shift
parts=${*:-modes huge threads ecs simulate simulate-gpu shots}
mkdir -p "$out"
res=(--width 1920 --height 1080 --msaa 1)
has() { [[ " $parts " == *" $1 "* ]]; }
step() { echo "=== $* ($(date -u +%H:%M:%S))"; }

has modes && { step "modes x counts"
    timeout 300 tessera bench --modes cpu,instanced,gpu-cull,gpu-lod --cubes 10k,100k,1M,10M,100M --frames 30 --warmup 5 \
        "${res[@]}" --json "$out/modes.json" --csv "$out/modes.csv"; }
has huge && { step "gpu-lod at 1B"
    timeout 200 tessera bench --modes gpu-lod --cubes 1B --frames 20 --warmup 3 "${res[@]}" --json "$out/huge.json"; }
has threads && { step "cpu mode threads"
    timeout 120 tessera bench --modes cpu --cubes 1M --threads 1,2,4,8,16 --frames 30 --warmup 5 "${res[@]}" \
        --json "$out/threads.json"; }
has ecs && { step "ecs_bench"
    timeout 200 ecs_bench --benchmark_filter='BM_Frame/' --benchmark_out="$out/ecs.json" --benchmark_out_format=json; }
has simulate && { step "simulate (ECS) x threads"
    timeout 200 tessera bench --simulate --modes gpu-lod --cubes 100k,1M,10M --threads 1,2,4,8,16 --frames 30 \
        --warmup 5 "${res[@]}" --json "$out/simulate.json"; }
has simulate-gpu && { step "simulate on the GPU"
    timeout 120 tessera bench --simulate-gpu --modes gpu-lod --cubes 1M,10M,100M --frames 30 --warmup 5 "${res[@]}" \
        --json "$out/simulate_gpu.json"; }
has shots && { step "screenshots"
    timeout 60 tessera run --headless --mode gpu-lod --cubes 100M --frames 3 --width 1920 --height 1080 \
        --screenshot "$out/gpu-lod-100M.png" | tail -4; }
step done
