#!/usr/bin/env bash
# A real window under Xvfb: resize, minimise and restore it while rendering, with validation on.
# A window manager (twm) runs too, because minimising is a request to the window manager under X11.
# Usage: windowed_test.sh TESSERA TWMRC OUTPUT_DIR [extra run options...]
set -euo pipefail
bin=$1 twmrc=$2 out=$3
shift 3
mkdir -p "$out"
name=windowed${1:+$(echo "$*" | tr -c 'a-z0-9\n' '_')}
json="$out/$name.json"
rm -f "$json"

xvfb-run -a -s "-screen 0 1280x1024x24" bash -c '
    LANG=C twm -f "$1" >/dev/null 2>&1 &
    for i in $(seq 50); do pgrep -x twm >/dev/null && break; sleep 0.1; done
    sleep 0.5  # twm must own the screen before the window maps
    bin=$2 json=$3 png=$4
    shift 4
    exec "$bin" run --validate --log-level warn --frames 90 --cubes 2000 --width 480 --height 320 \
        --window-script resize@20=640x360,minimize@45,restore@75 --stats-json "$json" --screenshot "$png" "$@"
' _ "$twmrc" "$bin" "$json" "$out/$name.png" "$@"

fail() { echo "FAIL: $*" >&2; exit 1; }
grep -q '"target": "window"' "$json" || fail "did not render in a window"
grep -q '"frames": 90,' "$json" || fail "expected 90 frames: $(grep '"frames"' "$json")"
recreations=$(grep -o '"swapchain_recreations": [0-9]*' "$json" | grep -o '[0-9]*$')
[ "$recreations" -ge 1 ] || fail "the resize did not recreate the swapchain"
minimised=$(grep -o '"minimised_ticks": [0-9]*' "$json" | grep -o '[0-9]*$')
[ "$minimised" -gt 0 ] || fail "the window was never seen minimised"
grep -q '"width": 640' "$json" || fail "the final size is not the resized 640x360"
echo "ok: 90 frames, $recreations swapchain recreation(s), $minimised minimised ticks with no rendering"
