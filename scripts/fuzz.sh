#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets with clang (build-fuzz/, every library compiled with
# -fsanitize=fuzzer-no-link,address,undefined) and runs each for FUZZ_SECONDS (default 60) with a 2 GiB RSS
# limit and a 10 s per-input timeout. A crash, sanitizer report, leak, timeout or out-of-memory stops the
# target with its reproducer saved under build-fuzz/findings/ and fails this script.
# Seeds: config/ and tests/data/*.toml for the configuration, tests/fuzz/cli_seeds/ for the command line; the
# corpora grow in build-fuzz/corpus/ across runs.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=build-fuzz
seconds=${FUZZ_SECONDS:-60}
jobs=${JOBS:-$(nproc)}

scripts/deps-tools.sh
scripts/deps.sh "$build"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
    -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -g" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g" \
    -DTESSERA_SANITIZE=fuzzer-no-link,address,undefined -DTESSERA_FUZZ=ON \
    -DTESSERA_BUILD_TESTS=OFF -DTESSERA_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j "$jobs" --target config_fuzz cli_fuzz

mkdir -p "$build/corpus/config" "$build/corpus/cli" "$build/findings" "$build/work"
cp config/*.toml tests/data/*.toml "$build/corpus/config/"
cp tests/fuzz/cli_seeds/* "$build/corpus/cli/"

export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
status=0
for target in config cli; do
    echo "fuzz: ${target}_fuzz for $seconds s"
    # In an empty folder: the command line reads ./tessera.toml when there is one.
    (cd "$build/work" && "$root/$build/${target}_fuzz" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
        -print_final_stats=1 -close_fd_mask=1 -artifact_prefix="$root/$build/findings/${target}-" \
        "$root/$build/corpus/$target") 2>&1 | grep -avE '^#[0-9]+[[:space:]]+(NEW|REDUCE|pulse)' || status=1  # pipefail
done
[ $status -eq 0 ] && echo "fuzz: no findings" || echo "fuzz: findings in $build/findings/" >&2
exit $status
