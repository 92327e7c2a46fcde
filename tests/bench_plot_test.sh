#!/usr/bin/env bash
# `tessera bench --plot`: a tiny bench draws its chart as PNG (no --json: from a temporary JSON) and as SVG
# (from the --json it wrote); without a usable Python, one error line naming the package, exit 1, and the
# results still written. Skipped (exit 77) where Debian's python3-matplotlib is missing; scripts/deps.sh
# installs it, so `make test` runs it.
# Usage: bench_plot_test.sh TESSERA OUTPUT_DIR
set -uo pipefail
bin=$1 out=$2/bench_plot
rm -rf "$out"
mkdir -p "$out"
python=${TESSERA_PYTHON:-/usr/bin/python3}
"$python" -c "import matplotlib" 2>/dev/null || { echo "skipped: no matplotlib for $python (python3-matplotlib)"; exit 77; }
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
tiny=(bench --validate --modes instanced,gpu-cull --cubes 1k,2k --frames 4 --warmup 1 --width 96 --height 64)

"$bin" "${tiny[@]}" --plot "$out/chart.png" >"$out/png.log" 2>&1 || fail "bench --plot chart.png failed: $(tail -2 "$out/png.log")"
[ "$(head -c 8 "$out/chart.png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "chart.png is not a PNG"
grep -q "^plot: $out/chart.png" "$out/png.log" || fail "the chart's path was not printed"

"$bin" "${tiny[@]}" --json "$out/results.json" --plot "$out/chart.svg" >"$out/svg.log" 2>&1 || fail "bench --plot chart.svg failed"
grep -q "<svg" "$out/chart.svg" 2>/dev/null || fail "chart.svg is not an SVG"
grep -q '"mode": "gpu-cull"' "$out/results.json" || fail "--json was not written beside the SVG"

# No usable interpreter: one error line naming the package; the results are still written.
TESSERA_PYTHON=/nonexistent/python3 "$bin" "${tiny[@]}" --json "$out/kept.json" --csv "$out/kept.csv" \
    --plot "$out/none.png" >/dev/null 2>"$out/none.err"
status=$?
[ "$status" -eq 1 ] || fail "a missing Python exited $status (want 1)"
[ "$(grep -c '^error: ' "$out/none.err")" -eq 1 ] && grep -q "^error: --plot: .*python3-matplotlib" "$out/none.err" ||
    fail "a missing Python is not one error line naming python3-matplotlib: $(cat "$out/none.err")"
grep -q '"status": "ok"' "$out/kept.json" && [ -s "$out/kept.csv" ] || fail "the results were lost with the plot"
[ ! -e "$out/none.png" ] || fail "a chart appeared without Python"

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "ok: PNG and SVG charts; a missing Python is one error line and the results are kept"
