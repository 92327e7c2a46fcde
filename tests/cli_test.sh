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
expect 2 "^error: cannot read file|missing.toml: cannot read file" -- "$bin" run --config "$out/missing.toml"
expect 2 "--window-script" -- "$bin" run --headless --window-script bogus
expect 1 "cubes need .* of GPU memory" -- "$bin" run --headless --cubes 4B --mode instanced
expect 2 "--mode gpu-lod draws at most 1073741824 cubes; 4000000000 were asked for" -- "$bin" run --headless --cubes 4B
expect 2 "^error: --occlusion: expected a boolean" -- "$bin" run --headless --occlusion maybe
expect 0 "occlusion removed [0-9]+ \(" -- "$bin" run --headless --scene city --cubes 20k --occlusion on --frames 4 \
    --width 160 --height 96
expect 0 "^\[window\]" -- "$bin" run --print-config
expect 0 "width = 123" -- "$bin" run --print-config --width 123

# one_error CODE PATTERN -- command...: like expect, and the output has exactly one line starting "error:",
# any other stderr lines being indented hints.
one_error() {
    local code=$1 pattern=$2
    shift 3
    local output status
    output=$("$@" 2>&1 >/dev/null)
    status=$?
    if [ "$status" -ne "$code" ] || ! grep -qE -- "$pattern" <<<"$output" ||
        [ "$(grep -c '^error: ' <<<"$output")" -ne 1 ] || grep -vE '^(error: |  |\[[0-9:.]+\] )' <<<"$output" | grep -q .; then
        echo "FAIL: $* -> exit $status (want $code, one error line matching $pattern), stderr:"
        echo "$output" | tail -5
        failures=$((failures + 1))
    else
        echo "ok: $*"
    fi
}

# Every parser failure is one error line and exit 2.
one_error 2 "^error: the following argument was not expected: --no-such-flag" -- "$bin" run --no-such-flag
one_error 2 "^error: the following argument was not expected: stray" -- "$bin" run --frames 1 stray
one_error 2 "^error: --frames: expected a value \(see tessera --help\)$" -- "$bin" run --frames
one_error 2 "^error: --frames: given more than once" -- "$bin" run --frames 1 --frames 2
one_error 2 "^error: --modes: given more than once" -- "$bin" bench --modes cpu --modes gpu-lod
one_error 2 "^error: the following argument was not expected: --bogus" -- "$bin" bench --bogus
one_error 2 "^error: --gpu 99: no such GPU" -- "$bin" run --headless --frames 1 --gpu 99
# Scripted input events, --capture-frame and --plot: bad values are one error line before anything runs.
for script in "press@5=X" "press@5" "release@5=" "mouse@5=10" "mouse@5=1x2x3" "scroll@5=0" "scroll@5=up" "close@5=W"; do
    one_error 2 "^error: --window-script: cannot parse '$script'" -- "$bin" run --headless --window-script "$script"
done
one_error 2 "^error: --capture-frame" -- "$bin" run --headless --capture-frame 0
one_error 2 "^error: --capture-frame" -- "$bin" run --headless --capture-frame abc
one_error 2 "^error: --overlay: tessera bench measures frames without the overlay" -- "$bin" bench --overlay
one_error 2 "^error: --plot chart.jpg: the file name must end in .png or .svg" -- "$bin" bench --plot chart.jpg
one_error 2 "^error: --plot /nonexistent/dir/c.png" -- "$bin" bench --modes instanced --cubes 1k --plot /nonexistent/dir/c.png
# Without RenderDoc, --capture-frame is a warning and the run goes on.
expect 0 "warning.*--capture-frame: not running under RenderDoc" -- "$bin" run --headless --frames 2 --cubes 1000 \
    --width 64 --height 64 --capture-frame 1
# Empty values and empty list elements.
for args in "--frames|" "--screenshot|" "--stats-json|" "--gpu|" "--config|" "--window-script|" "--set|"; do
    one_error 2 "^error: ${args%|}: expected a value, got ''" -- "$bin" run "${args%|}" ""
done
one_error 2 "^error: --frames: expected a value, got ''" -- "$bin" run --frames=
one_error 2 "^error: --cubes: expected a value, got ''" -- "$bin" bench --cubes ''
for list in "--cubes 1k," "--cubes ,1k" "--modes gpu-lod,,cpu" "--threads 1,,2"; do
    one_error 2 "^error: ${list% *}: empty element in" -- "$bin" bench $list --print-config
done
# Boolean flags: bare and =true/yes/on/1 mean on, =false/no/off/0 mean off, anything else is an error.
bool_flag() {
    local cmd=$1 flag=$2 on=$3 off=$4 v
    for v in "" =yes =on =1 =true =TRUE; do expect 0 "$on" -- "$bin" "$cmd" "$flag$v" --print-config; done
    for v in =false =no =off =0 =False; do expect 0 "$off" -- "$bin" "$cmd" "$flag$v" --print-config; done
    one_error 2 "^error: $flag: expected a boolean" -- "$bin" "$cmd" "$flag=maybe" --print-config
}
for cmd in run bench; do
    bool_flag $cmd --validate "^enable_validation = true$" "^enable_validation = false$"
    bool_flag $cmd --fullscreen "^fullscreen = true$" "^fullscreen = false$"
    bool_flag $cmd --simulate "^simulate = true$" "^simulate = false$"
    bool_flag $cmd --simulate-gpu "^simulate_on_gpu = true$" "^simulate_on_gpu = false$"
done
bool_flag run --headless "^# run options: headless = true$" "^# run options: headless = false$"
bool_flag bench --windowed "^# bench options: windowed = true," "^# bench options: windowed = false,"
expect 0 "^simulate = true$" -- "$bin" run --simulate --simulate-gpu=off --print-config

# Hot reload (--watch): the flag and key, a missing shader folder as one error line, a validated run watching.
expect 0 "^hot_reload = true$" -- "$bin" run --watch --print-config
one_error 2 "^error: --shader-dir .*no-such-dir: no such folder" -- "$bin" run --headless --frames 2 --cubes 1000 \
    --watch --shader-dir "$out/no-such-dir"
expect 0 "hot reload: watching" -- "$bin" run --headless --validate --watch --frames 3 --cubes 1000 --width 200 \
    --height 100
for cmd in run bench; do
    expect 0 "^\[window\]" -- "$bin" $cmd --print-config=yes
    # --print-config=off does the work, which stops at the bad output path: the config was not printed.
    one_error 2 "^error: --(stats-)?json /nonexistent/x.json" -- "$bin" $cmd --print-config=off \
        $([ $cmd = run ] && echo --stats-json || echo --json) /nonexistent/x.json
    one_error 2 "^error: --print-config: expected a boolean" -- "$bin" $cmd --print-config=2
done
# Configuration files: bounded size, nothing endless, echoed text escaped and cut.
one_error 2 "^error: /dev/zero: larger than 1 MiB" -- "$bin" run --config /dev/zero --print-config
head -c 1100000 /dev/zero | tr '\0' '#' >"$out/big.toml"
one_error 2 "big.toml: larger than 1 MiB" -- "$bin" run --config "$out/big.toml" --print-config
one_error 2 "^error: $out: cannot read file" -- "$bin" run --config "$out" --print-config
one_error 2 "got '1\\\\x1B\[2J'" -- "$bin" run --width $'1\x1b[2J' --print-config
one_error 2 "got '7{80}…'" -- "$bin" run --width "$(printf '7%.0s' {1..500})" --print-config
printf '[window]\n%s = 1\n' "$(head -c 200000 /dev/zero | tr '\0' w)" >"$out/long_key.toml"
one_error 2 "long_key.toml:2: unknown key 'w{80}…' in \[window\] \(valid keys" -- "$bin" run --config "$out/long_key.toml"

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
if "$bin" "${small[@]}" --stats-json /nonexistent/dir/x.json 2>&1 | grep -qE "average FPS|\[info\] GPU:"; then
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
expect 1 "^error: cannot write to standard output" -- bash -c "exec \"$bin\" info > /dev/full"
expect 1 "^error: cannot write to standard output" -- bash -c "exec \"$bin\" --help > /dev/full"
expect 1 "^error: cannot write to standard output" -- bash -c "exec \"$bin\" ${small[*]} > /dev/full"
# A failed --json does not lose the --csv; both failures would be reported.
rm -f "$out/keep.csv"
expect 1 "^error: cannot write /dev/full" -- "$bin" bench --modes instanced --cubes 1k --frames 3 --warmup 0 \
    --width 64 --height 64 --json /dev/full --csv "$out/keep.csv"
[ "$(wc -l <"$out/keep.csv" 2>/dev/null)" = 4 ] || { echo "FAIL: --csv lost when --json failed"; failures=$((failures + 1)); }
# Every frame's row carries its GPU time per pass and the device memory in use.
head -1 "$out/keep.csv" | grep -q ',device_mib,gpu_passes$' || { echo "FAIL: CSV header"; failures=$((failures + 1)); }
[ "$(grep -c '"cull reset=[0-9.]*;cluster cull=[0-9.]*;cluster finalize=[0-9.]*;cull=[0-9.]*;draw=[0-9.]*;cull readback=[0-9.]*"$' "$out/keep.csv")" = 3 ] ||
    { echo "FAIL: per-pass GPU times missing from the CSV rows"; failures=$((failures + 1)); }

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
