#!/usr/bin/env bash
# Every mode as a user runs it, validation (synchronization validation included) on: at 1, 2 and 3 frames in
# flight (1 and 3 in the sanitizer builds, TESSERA_TEST_SANITIZED), with MSAA and without, fixed, simulated on
# the CPU and moved on the GPU; and --print-frame-graph for each mode, as text (passes, resources, derived
# barriers) and as JSON. Any validation error fails (exit 3).
# Usage: modes_cli_test.sh TESSERA OUTPUT_DIR
set -uo pipefail
bin=$1 out=$2
mkdir -p "$out"
failures=0
check() {  # DESCRIPTION COMMAND...: must exit 0
    local what=$1
    shift
    local output
    if ! output=$("$@" 2>&1); then
        echo "FAIL: $what: $*"
        echo "$output" | grep -E "error|VUID" | head -5
        failures=$((failures + 1))
    else
        echo "ok: $what"
    fi
}
in_flight=(1 2 3)
[ -n "${TESSERA_TEST_SANITIZED:-}" ] && in_flight=(1 3)
small=(--headless --validate --cubes 3000 --width 160 --height 120 --log-level warn)
for mode in cpu instanced gpu-cull gpu-lod; do
    for fif in "${in_flight[@]}"; do
        check "$mode, $fif in flight, 4x MSAA" "$bin" run "${small[@]}" --frames 6 --mode "$mode" --frames-in-flight "$fif" --msaa 4
        check "$mode, $fif in flight, no MSAA, simulated" "$bin" run "${small[@]}" --frames 6 --mode "$mode" \
            --frames-in-flight "$fif" --msaa 1 --simulate
    done
    [ "$mode" = cpu ] || check "$mode, moved on the GPU" "$bin" run "${small[@]}" --frames 6 --mode "$mode" --simulate-gpu

    text=$("$bin" run "${small[@]}" --mode "$mode" --frames 1 --print-frame-graph 2>&1)
    if grep -q "^frame graph:" <<<"$text" && grep -qE "^ +[0-9]+\. draw" <<<"$text" &&
        grep -q "barrier" <<<"$text"; then
        echo "ok: $mode frame graph printed"
    else
        echo "FAIL: $mode --print-frame-graph"
        echo "$text" | head -5
        failures=$((failures + 1))
    fi
    "$bin" run "${small[@]}" --mode "$mode" --frames 1 --print-frame-graph=json 2>/dev/null |
        sed -n '/^{/,/^}/p' >"$out/graph-$mode.json"
    if python3 -c 'import json,sys; g=json.load(open(sys.argv[1])); assert g["passes"] and all("barriers" in p for p in g["passes"])' \
        "$out/graph-$mode.json"; then
        echo "ok: $mode frame graph JSON"
    else
        echo "FAIL: $mode --print-frame-graph=json"
        failures=$((failures + 1))
    fi
done
# The memory check counts every per-cube buffer a run allocates, not only the instance data: lavapipe reports 2
# GiB (85% usable: 1.83 GB), so 52M cubes fit as 32-byte instances (1.66 GB) but not with gpu-lod's 8 bytes of id
# lists (2.08 GB), and 27M fit alone but not with GPU motion's 32 bytes more. A static scene's compact 16-byte
# cubes fit 52M with the id lists (1.25 GB), but not 80M (1.92 GB), and the refusal names the compact format's
# bytes. All are refused before anything is allocated.
refused() {  # PATTERN ARGS...
    local pattern=$1
    shift
    local output status
    output=$("$bin" run --headless --frames 1 --log-level warn "$@" 2>&1)
    status=$?
    if [ "$status" -eq 1 ] && grep -qE "^error: .*$pattern" <<<"$output"; then
        echo "ok: refused $*"
    else
        echo "FAIL: $* -> exit $status, want 1 and /$pattern/:"
        echo "$output" | tail -3
        failures=$((failures + 1))
    fi
}
if "$bin" info | grep -q "device memory   2.0 GiB"; then
    # 52M: 1.55 GiB of cubes, 2 id lists of 52M entries (397 MiB); 100M: 1.49 GiB, 2 lists of 2^26 (512 MiB);
    # 27M moved on the GPU: 824 MiB of cubes, 824 MiB of motion, 206 MiB of lists.
    refused "1.94 GiB of GPU memory \(1.55 GiB of full instance data, 396.7 MiB of id lists" --cubes 52M \
        --mode gpu-lod --set render.compact_cubes=false
    refused "2.0[0-9] GiB of GPU memory \(1.49 GiB of compact instance data, 512.0 MiB of id lists" --cubes 100M \
        --mode gpu-lod
    refused "1.81 GiB of GPU memory \(824.0 MiB of full instance data, 1.01 GiB of id lists, occlusion and GPU motion" \
        --cubes 27M --mode gpu-lod --simulate --simulate-gpu
fi
echo "$failures failure(s)"
[ "$failures" -eq 0 ]
