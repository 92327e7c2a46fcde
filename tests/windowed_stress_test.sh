#!/usr/bin/env bash
# A window survives any size: 1,000 scripted operations on a real window under Xvfb + twm, with validation on:
# random sizes from 1x1 to 20000x20000 (beyond lavapipe's 16384 maxImageDimension2D, where frames are skipped
# until the next resize), both axes at the device limit, minimise/restore pairs, then a clean close through
# the window's close flag. Wants exit 0 (so zero validation errors), a swapchain recreation per two operations
# at least, and the final size. The operation list comes from a fixed seed, so a failure reproduces.
# Renderable sizes stay under 2560x2560 (one 8192x8192) and the scene small: well under a minute on lavapipe. The
# app has no fullscreen toggle at run time (fullscreen is chosen at start-up), so none is exercised.
# The sanitizer builds (TESSERA_TEST_SANITIZED, set by scripts/sanitize.sh) run 250 operations of the same
# kinds: the code paths are the same, and under ThreadSanitizer 1,000 take two minutes.
# Usage: windowed_stress_test.sh TESSERA TWMRC OUTPUT_DIR [extra run options...]
set -euo pipefail
bin=$1 twmrc=$2 out=$3
shift 3
mkdir -p "$out"
json="$out/windowed_stress.json"
rm -f "$json"

ops=1000
[ -n "${TESSERA_TEST_SANITIZED:-}" ] && ops=250
script=$(awk -v seed=11 -v ops=$ops 'BEGIN {
    srand(seed); n = 0; tick = 5
    while (n < ops - 1) {
        r = rand()
        # The largest renderable sizes are held for 4 ticks, so X has delivered them before the next change.
        if (n == 100)      { op = "resize@" tick "=16384x64"; tick += 3 }
        else if (n == 101) { op = "resize@" tick "=64x16384"; tick += 3 }
        else if (n == int(ops / 2)) { op = "resize@" tick "=8192x8192"; tick += 3 }
        else if (r < 0.05 && n < ops - 3) { op = "minimize@" tick ",restore@" (tick + 3); tick += 3; n++ }
        else if (r < 0.17) { w = 16385 + int(rand() * 3616); h = (rand() < 0.5) ? 1 + int(rand() * 1600) : 16385 + int(rand() * 3616)
                             if (rand() < 0.5) { t = w; w = h; h = t }
                             op = "resize@" tick "=" w "x" h }
        else if (r < 0.20) { op = "resize@" tick "=1x1" }
        else               { w = int(exp(rand() * log(2560))); h = int(exp(rand() * log(2560)))
                             op = "resize@" tick "=" (w < 1 ? 1 : w) "x" (h < 1 ? 1 : h) }
        s = s (n ? "," : "") op; n++; tick += 1
    }
    printf "%s,resize@%d=640x360,close@%d", s, tick, tick + 10
}')
[ "$(tr ',' '\n' <<<"$script" | wc -l)" -eq $((ops + 1)) ] || { echo "FAIL: expected $ops operations + close"; exit 1; }

start=$SECONDS
xvfb-run -a -s "-screen 0 1280x1024x24" bash -c '
    LANG=C twm -f "$1" >/dev/null 2>&1 &
    for i in $(seq 50); do pgrep -x twm >/dev/null && break; sleep 0.1; done
    sleep 0.5  # twm must own the screen before the window maps
    bin=$2 json=$3 script=$4
    shift 4
    exec "$bin" run --validate --log-level warn --cubes 500 --width 480 --height 320 \
        --window-script "$script" --stats-json "$json" "$@"
' _ "$twmrc" "$bin" "$json" "$script" "$@"

fail() { echo "FAIL: $*" >&2; exit 1; }
grep -q '"target": "window"' "$json" || fail "did not render in a window"
recreations=$(grep -o '"swapchain_recreations": [0-9]*' "$json" | grep -o '[0-9]*$')
[ "$recreations" -ge $((ops / 2)) ] || fail "only $recreations swapchain recreations for $ops operations"
minimised=$(grep -o '"minimised_ticks": [0-9]*' "$json" | grep -o '[0-9]*$')
[ "$minimised" -gt 0 ] || fail "no frame was skipped (minimised or too large)"
grep -q '"width": 640' "$json" || fail "the final size is not 640x360"
echo "ok: $ops window operations in $((SECONDS - start)) s: $recreations swapchain recreations, $minimised skipped ticks"
