#!/usr/bin/env bash
# `tessera bench --quality` as a user runs it, validation on: every requested mode gets a PSNR and an MAE
# against the instanced 4x4-supersampled reference, in the table and in the JSON; --quality-images writes the
# PNGs; a reference that cannot fit, and options that do not apply, are one error line and a non-zero exit.
# Usage: quality_cli_test.sh TESSERA OUTPUT_DIR
set -uo pipefail
bin=$1 out=$2
rm -rf "$out"
mkdir -p "$out/images"
failures=0
fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# 160x120 (reference 640x480), 2000 cubes, 1 sample and 4x MSAA per mode: ~10 s on lavapipe.
args=(bench --quality --validate --modes instanced,gpu-lod --cubes 2000 --width 160 --height 120 --msaa 4
    --log-level warn)
output=$("$bin" "${args[@]}" --json "$out/quality.json" --quality-images "$out/images" 2>&1)
status=$?
echo "$output"
[ "$status" -eq 0 ] || fail "exit $status"
grep -q "^reference: instanced at 640x480" <<<"$output" || fail "no reference line"
for mode in instanced gpu-lod; do
    for samples in 1 4; do
        # mode, cubes, samples, PSNR (a number, or inf), MAE
        grep -qE "^$mode +2k +$samples +([0-9]+\.[0-9]+|inf) +[0-9]+\.[0-9]{3}$" <<<"$output" ||
            fail "no $mode row with $samples sample(s) and a PSNR figure"
    done
done
# A correct renderer is close to its own supersampled image: well above 15 dB, and not identical.
psnr=$(awk '$1 == "instanced" && $3 == 1 {print $4}' <<<"$output")
awk -v p="$psnr" 'BEGIN { exit !(p != "inf" && p + 0 > 15) }' || fail "instanced PSNR '$psnr' is not finite and > 15 dB"
echo "ok: table (instanced at 1 sample: $psnr dB)"

if python3 - "$out/quality.json" <<'EOF'; then echo "ok: JSON"; else fail "JSON"; fi
import json, math, sys
doc = json.load(open(sys.argv[1]))
rows = doc["quality"]
assert doc["context"]["reference_width"] == 640 and doc["context"]["reference_height"] == 480, doc["context"]
assert sorted((r["mode"], r["samples"]) for r in rows) == [("gpu-lod", 1), ("gpu-lod", 4), ("instanced", 1), ("instanced", 4)], rows
for r in rows:
    assert r["status"] == "ok" and r["cubes"] == 2000 and (r["width"], r["height"]) == (160, 120), r
    assert r["reference"] == "instanced 4x4 supersampled", r
    assert r["psnr_db"] is None or (math.isfinite(r["psnr_db"]) and r["psnr_db"] > 0), r
    assert 0 <= r["mae"] <= 255, r
inst = next(r for r in rows if r["mode"] == "instanced" and r["samples"] == 1)
assert inst["psnr_db"] is not None and inst["psnr_db"] > 15, inst
EOF

for png in reference-2k instanced-2k instanced-2k-msaa4 gpu-lod-2k gpu-lod-2k-msaa4; do
    python3 -c 'import sys; d = open(sys.argv[1], "rb").read(24); assert d[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(d[16:20], "big") == 160' \
        "$out/images/$png.png" 2>/dev/null || fail "--quality-images: $png.png missing or not 160 wide"
done
echo "ok: images"

# one_error CODE PATTERN ARGS...: exit CODE, exactly one "error:" line on stderr, matching PATTERN.
one_error() {
    local code=$1 pattern=$2
    shift 2
    local err status
    err=$("$bin" "$@" 2>&1 >/dev/null)
    status=$?
    if [ "$status" -ne "$code" ] || [ "$(grep -c '^error: ' <<<"$err")" -ne 1 ] || ! grep -qE -- "$pattern" <<<"$err"; then
        fail "$* -> exit $status (want $code and one error line matching /$pattern/): $(tail -3 <<<"$err")"
    else
        echo "ok: refused $*"
    fi
}
small=(bench --quality --modes instanced --cubes 1k --log-level warn)
# lavapipe: 16384 pixels at most per side, 2 GiB of memory.
one_error 1 "^error: --quality: the 4x4 supersampled reference needs a 20000x400 image; .* at most 16384x16384" \
    "${small[@]}" --width 5000 --height 100
if "$bin" info | grep -q "device memory   2.0 GiB"; then
    one_error 1 "^error: --quality: the 4x4 supersampled reference \(16384x16384\) needs 3072 MiB of GPU memory" \
        "${small[@]}" --width 4096 --height 4096
fi
one_error 2 "^error: --quality-images: needs --quality" bench --modes instanced --quality-images "$out/images"
one_error 2 "^error: --quality-images $out/none: not a directory" "${small[@]}" --quality-images "$out/none"
one_error 2 "^error: --csv: not with --quality" "${small[@]}" --csv "$out/q.csv"
one_error 2 "^error: --frames: not with --quality" "${small[@]}" --frames 10
one_error 2 "^error: --windowed: not with --quality" "${small[@]}" --windowed
one_error 2 "^error: --quality renders a fixed scene" "${small[@]}" --simulate-gpu
one_error 2 "^error: --json $out/none/q.json: directory" "${small[@]}" --json "$out/none/q.json"
one_error 2 "^error: --quality: expected a boolean" "${small[@]}" --quality=maybe

echo "$failures failure(s)"
[ "$failures" -eq 0 ]
