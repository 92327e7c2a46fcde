#!/usr/bin/env bash
# scripts/plot_trace.py on a real trace: a short simulated run with --trace, drawn with --zoom, must give a PNG;
# a file that is not a trace must give one error line and exit 1. Skipped (exit 77) where Debian's
# python3-matplotlib is missing; scripts/deps.sh installs it, so `make test` runs it.
# Usage: plot_trace_test.sh TESSERA SCRIPTS_DIR OUTPUT_DIR
set -uo pipefail
bin=$1 scripts=$2 out=$3/plot_trace
rm -rf "$out"
mkdir -p "$out"
python=${TESSERA_PYTHON:-/usr/bin/python3}
"$python" -c "import matplotlib" 2>/dev/null || { echo "skipped: no matplotlib for $python (python3-matplotlib)"; exit 77; }
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

"$bin" run --simulate --cubes 2k --frames 5 --width 96 --height 64 --threads 2 --trace "$out/t.json" \
    >"$out/run.log" 2>&1 || fail "the traced run failed: $(tail -2 "$out/run.log")"
"$python" "$scripts/plot_trace.py" "$out/t.json" "$out/t.png" --zoom --frames 2 >"$out/plot.log" 2>&1 ||
    fail "plot_trace.py failed: $(tail -2 "$out/plot.log")"
[ "$(head -c 8 "$out/t.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "t.png is not a PNG"

echo "not json" >"$out/bad.json"
"$python" "$scripts/plot_trace.py" "$out/bad.json" "$out/bad.png" 2>"$out/bad.err"
rc=$?
[ "$rc" -eq 1 ] || fail "a broken trace exits $rc, not 1"
[ "$(grep -c '^error: ' "$out/bad.err")" -eq 1 ] || fail "a broken trace is not one error line: $(cat "$out/bad.err")"

[ "$failures" -eq 0 ] && echo "ok: plot_trace.py" || exit 1
