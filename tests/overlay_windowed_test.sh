#!/usr/bin/env bash
# The live overlay in a window under Xvfb, validation on: F1 shows it (the last frame differs from a run
# without it) and F1 again hides it (the last frame equals that run's); a scripted Apply of vsync off and one
# frame in flight rebuilds the swapchain between frames and the run goes on.
# Usage: overlay_windowed_test.sh TESSERA OUTPUT_DIR
set -euo pipefail
bin=$1 out=$2/overlay_windowed
rm -rf "$out"
mkdir -p "$out"
fail() { echo "FAIL: $*" >&2; exit 1; }

# run NAME [options]: a 16-frame windowed run from the static camera into $out/NAME.{png,json,out,err}.
run() {
    local name=$1
    shift
    xvfb-run -a -s "-screen 0 1024x768x24" "$bin" run --validate --frames 16 --cubes 2000 --width 480 --height 320 \
        --mode instanced --camera static --screenshot "$out/$name.png" --stats-json "$out/$name.json" "$@" \
        >"$out/$name.out" 2>"$out/$name.err" || { tail -5 "$out/$name.err"; fail "$name: run failed"; }
    grep -q '"target": "window"' "$out/$name.json" || fail "$name: did not render in a window"
    grep -q "validation    0 error(s)" "$out/$name.out" || fail "$name: validation errors"
}
visible() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["run"]["overlay_visible"])' "$out/$1.json"; }

run plain
run shown --window-script "press@3=F1,release@4=F1"
[ "$(visible shown)" = True ] || fail "F1 did not show the overlay"
grep -q "F1: overlay on" "$out/shown.err" || fail "F1 was not logged"
cmp -s "$out/plain.png" "$out/shown.png" && fail "the overlay shown by F1 is not in the last frame"
run hidden --window-script "press@3=F1,release@4=F1,press@8=F1,release@9=F1"
[ "$(visible hidden)" = False ] || fail "F1 twice did not hide the overlay"
cmp -s "$out/plain.png" "$out/hidden.png" || fail "the hidden overlay changed the last frame"

run rebuilt --overlay --overlay-script "5:window.vsync=false,performance.frames_in_flight=1,scene.cubes=1k"
grep -q "1000 grid cubes, 1 in flight" "$out/rebuilt.out" || { cat "$out/rebuilt.out"; fail "the summary does not report the applied settings"; }
echo "ok: F1 shows and hides the overlay; vsync and frames in flight applied live in a window"
