#!/usr/bin/env bash
# The live overlay from the command line, headless, validation on: a scripted Apply (--overlay-script) changes
# mode, cube count, MSAA and frames in flight mid-run and the summary reports the new settings; a change the
# mode cannot take is refused and the run goes on with the last good settings; bad scripts exit 2.
# Usage: overlay_cli_test.sh TESSERA OUTPUT_DIR
set -euo pipefail
bin=$1 out=$2/overlay_cli
rm -rf "$out"
mkdir -p "$out"
fail() { echo "FAIL: $*" >&2; exit 1; }
common=(run --headless --validate --cubes 3000 --width 320 --height 240 --camera static --mode instanced --overlay)

"$bin" "${common[@]}" --frames 10 --stats-json "$out/live.json" \
    --overlay-script "4:render.mode=gpu-cull,scene.cubes=2k,graphics.msaa_samples=1,performance.frames_in_flight=3" \
    >"$out/live.out" 2>"$out/live.err" || { tail -5 "$out/live.err"; fail "live change: the run failed"; }
grep -q "mode gpu-cull, 2000 grid cubes, 3 in flight, 1x MSAA" "$out/live.out" ||
    { cat "$out/live.out"; fail "the summary does not report the applied settings"; }
grep -q "^frames        6 " "$out/live.out" || fail "the statistics did not restart with the new settings (6 of 10 frames)"
grep -q "validation    0 error(s)" "$out/live.out" || fail "validation errors after the live change"
grep -q "overlay: applied mode gpu-cull" "$out/live.err" || fail "the applied change was not logged"

# The cpu mode draws at most 10M cubes: refused, the message logged, the run ends in its first settings.
"$bin" "${common[@]}" --frames 6 --overlay-script "3:render.mode=cpu,scene.cubes=20M" \
    >"$out/refused.out" 2>"$out/refused.err" || { tail -5 "$out/refused.err"; fail "a refused change failed the run"; }
grep -q "settings not applied: --mode cpu draws at most" "$out/refused.err" || fail "the refusal was not logged"
grep -q "mode instanced, 3000 grid cubes" "$out/refused.out" || fail "the refused change did not keep the last good settings"
grep -q "validation    0 error(s)" "$out/refused.out" || fail "validation errors after a refused change"

for bad in "4" "x:render.mode=cpu" "4:window.width=10" "4:render.mode=fast"; do
    set +e
    "$bin" "${common[@]}" --frames 2 --overlay-script "$bad" >/dev/null 2>"$out/bad.err"
    rc=$?
    set -e
    [ "$rc" = 2 ] || fail "--overlay-script '$bad' exited $rc, want 2"
    [ "$(grep -c '^error: ' "$out/bad.err")" = 1 ] || fail "--overlay-script '$bad': not one error line"
done
echo "ok: the live change reported, a refused one kept the last good settings, bad scripts exit 2"
