#!/usr/bin/env bash
# The compute rasteriser measured on the GPU machine (docs/PERFORMANCE.md), in one call: gpu-lod before and after
# (interleaved, as scripts/gpu-compare.sh does) with instanced beside it for ratios, the sweep that chose the
# default render.compute_raster_max_pixels, and the image quality of each mode against a supersampled reference.
#   scripts/gpu-raster.sh BASELINE_TESSERA NEW_TESSERA OUT_DIR [compare|sweep|quality|all]
set -uo pipefail
base=${1:?usage: gpu-raster.sh BASELINE NEW OUT_DIR [PART]} new=${2:?} out=${3:?} part=${4:-all}
want() { [ "$part" = all ] || [ "$part" = "$1" ]; }
mkdir -p "$out"
res=(--width 1920 --height 1080 --msaa 1)
step() { echo "=== $* ($(date -u +%H:%M:%S))"; }
bench() {  # NAME BINARY ARGS...
    local name=$1 bin=$2
    shift 2
    step "$name"
    timeout 300 "$bin" bench "${res[@]}" "$@" --json "$out/$name.json" | tail -n +3
}
if want compare; then
    lod=(--modes gpu-lod --cubes 100k,1M,10M,100M --frames 200 --warmup 30)
    bench lod-base "$base" "${lod[@]}"
    bench lod-new "$new" "${lod[@]}"
    bench instanced "$new" --modes instanced --cubes 100k,1M,10M --frames 60 --warmup 10
    bench lod-base-again "$base" "${lod[@]}"
    bench lod-new-again "$new" "${lod[@]}"
fi
if want sweep; then  # 1 = the splat size: compute raster off
    for max in 1 4 8 16 24 32 48 64 96 128 256; do
        bench "sweep-$max" "$new" --modes gpu-lod --cubes 100k,1M,10M,100M --frames 100 --warmup 20 \
            --set render.compute_raster_max_pixels=$max
    done
fi
if want quality; then
    step quality
    timeout 400 "$new" bench --quality "${res[@]}" --modes instanced,gpu-lod --cubes 1M,10M,100M \
        --json "$out/quality-new.json" --quality-images "$out/quality-images"
    timeout 400 "$base" bench --quality "${res[@]}" --modes gpu-lod --cubes 1M,10M,100M \
        --json "$out/quality-base.json" 2>&1 | tail -n +3
fi
step done
