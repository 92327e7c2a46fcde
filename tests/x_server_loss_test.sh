#!/usr/bin/env bash
# Losing the X server while a window renders: the X server is killed mid-run; Tessera must exit 1 with
# `error:` lines only (no Xlib "XIO: fatal IO error" text), not crash or hang.
# Usage: x_server_loss_test.sh TESSERA OUTPUT_DIR
set -uo pipefail
bin=$1 out=$2
mkdir -p "$out"
fail() { echo "FAIL: $*" >&2; [ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null; exit 1; }

rm -f "$out/displayfd"
Xvfb -displayfd 4 -screen 0 640x480x24 -nolisten tcp 4>"$out/displayfd" 2>/dev/null &
xvfb=$!
for _ in $(seq 100); do [ -s "$out/displayfd" ] && break; sleep 0.05; done
[ -s "$out/displayfd" ] || fail "Xvfb did not start"
display=:$(head -n1 "$out/displayfd")

DISPLAY=$display "$bin" run --validate --log-level off --cubes 1000 --width 320 --height 240 \
    >"$out/x_loss.stdout" 2>"$out/x_loss.stderr" &
app=$!
sleep 3  # window open and frames rendering
kill -0 "$app" 2>/dev/null || fail "tessera ended before the X server was killed: $(cat "$out/x_loss.stderr")"
kill "$xvfb"
wait "$xvfb" 2>/dev/null
xvfb=
for _ in $(seq 200); do kill -0 "$app" 2>/dev/null || break; sleep 0.05; done
if kill -0 "$app" 2>/dev/null; then kill -9 "$app"; fail "tessera still running 10 s after losing the X server"; fi
wait "$app"
status=$?
[ "$status" -eq 1 ] || fail "exit $status (want 1), stderr: $(head -5 "$out/x_loss.stderr")"
[ -s "$out/x_loss.stderr" ] || fail "no error line"
if grep -qv '^error: ' "$out/x_loss.stderr"; then fail "stderr has lines that are not 'error:' lines: $(head -5 "$out/x_loss.stderr")"; fi
echo "ok: exit 1: $(cat "$out/x_loss.stderr")"
