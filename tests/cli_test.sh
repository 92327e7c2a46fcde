#!/usr/bin/env bash
# The command line as a user meets it: exit codes, one-line errors, files written.
# Usage: cli_test.sh TESSERA DATA_DIR OUTPUT_DIR
set -uo pipefail
bin=$1 data=$2 out=$3
mkdir -p "$out"
failures=0

# expect CODE PATTERN -- command...: the exit code must be CODE and stderr+stdout must match PATTERN.
expect() {
    local code=$1 pattern=$2
    shift 3
    local output status
    output=$("$@" 2>&1)
    status=$?
    if [ "$status" -ne "$code" ] || ! grep -qE -- "$pattern" <<<"$output"; then
        echo "FAIL: $* -> exit $status (want $code), output:"
        echo "$output" | tail -5
        failures=$((failures + 1))
    else
        echo "ok: $*"
    fi
}

expect 0 "Usage|usage" -- "$bin" --help
expect 0 "llvmpipe|GPU" -- "$bin" info
expect 0 "dynamicRendering +yes" -- "$bin" info
expect 2 "bad_key.toml:3: unknown key 'heigth' in \[window\] \(did you mean 'height'\?\)" -- "$bin" run --config "$data/bad_key.toml"
expect 2 "^error: --width: key 'window.width'" -- "$bin" run --headless --width abc
expect 2 "^error: --cubes" -- "$bin" run --headless --cubes 0
expect 2 "^error: --frames-in-flight" -- "$bin" run --headless --frames-in-flight 4
expect 2 "^error: --msaa" -- "$bin" run --headless --msaa 3
expect 2 "--gpu 99: no such GPU" -- "$bin" run --headless --gpu 99
expect 2 "^error: cannot read file|missing.toml: cannot read file" -- "$bin" run --config "$out/missing.toml"
expect 2 "--window-script" -- "$bin" run --headless --window-script bogus
expect 2 "" -- "$bin" run --no-such-flag
expect 1 "cubes need .* of GPU memory" -- "$bin" run --headless --cubes 4B
expect 0 "^\[window\]" -- "$bin" run --print-config
expect 0 "width = 123" -- "$bin" run --print-config --width 123

rm -f "$out/cli.png" "$out/cli.json"
expect 0 "average FPS" -- "$bin" run --headless --validate --frames 5 --cubes 1000 --width 200 --height 100 \
    --screenshot "$out/cli.png" --stats-json "$out/cli.json"
[ -s "$out/cli.png" ] || { echo "FAIL: no screenshot"; failures=$((failures + 1)); }
for key in '"git_commit"' '"gpu": "llvmpipe' '"frames": 5,' '"cubes": 1000' '"frames_in_flight": 2' '"vulkan_api"'; do
    grep -q "$key" "$out/cli.json" || { echo "FAIL: stats JSON lacks $key"; failures=$((failures + 1)); }
done

# Outputs: checked before rendering (exit 2), written atomically with every write checked (exit 1).
small=(run --headless --frames 2 --cubes 1000 --width 64 --height 64)
expect 1 "^error: .*/dev/full: No space left" -- "$bin" "${small[@]}" --screenshot /dev/full
expect 2 "^error: --stats-json /nonexistent/dir/x.json: directory /nonexistent/dir does not exist" -- \
    "$bin" "${small[@]}" --stats-json /nonexistent/dir/x.json
if "$bin" "${small[@]}" --stats-json /nonexistent/dir/x.json 2>&1 | grep -q "average FPS"; then
    echo "FAIL: a bad --stats-json path was found only after rendering"; failures=$((failures + 1))
fi
expect 2 "^error: --screenshot $out: is a directory" -- "$bin" "${small[@]}" --screenshot "$out"
expect 2 "^error: --json /nonexistent/b.json" -- "$bin" bench --json /nonexistent/b.json
rm -f "$out/big.png"
expect 1 "^error: cannot write .*big.png: File too large" -- bash -c \
    "ulimit -f 1; exec \"$bin\" run --headless --frames 2 --cubes 1000 --width 512 --height 512 --screenshot \"$out/big.png\""
[ ! -e "$out/big.png" ] || { echo "FAIL: a partial big.png was left"; failures=$((failures + 1)); }
ls -A "$out" | grep -q "\.tmp-" && { echo "FAIL: temporary files left in $out"; failures=$((failures + 1)); }
expect 1 "^error: cannot write to standard output" -- bash -c "exec \"$bin\" run --print-config > /dev/full"
expect 1 "^error: cannot write to standard output" -- bash -c "exec \"$bin\" ${small[*]} > /dev/full"
# A failed --json does not lose the --csv; both failures would be reported.
rm -f "$out/keep.csv"
expect 1 "^error: cannot write /dev/full" -- "$bin" bench --modes instanced --cubes 1k --frames 3 --warmup 0 \
    --width 64 --height 64 --json /dev/full --csv "$out/keep.csv"
[ "$(wc -l <"$out/keep.csv" 2>/dev/null)" = 4 ] || { echo "FAIL: --csv lost when --json failed"; failures=$((failures + 1)); }

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
