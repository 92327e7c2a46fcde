#!/usr/bin/env bash
# `make sanitize`: builds Tessera twice with clang, with AddressSanitizer + UndefinedBehaviorSanitizer
# (build-asan/) and with ThreadSanitizer (build-tsan/), and in each runs the CTest suite (TSan without the
# image-comparison suites, label `image`) and a headless simulated run per rendering mode with validation on.
# Any sanitizer report fails it.
#
# Reports go to <build>/sanitizer-logs/ (log_path), not to stderr, so tests that check stderr and exit codes
# still see what users see; the script fails if any report was written. Code that is not ours (the Vulkan
# loader, lavapipe/llvmpipe, the validation layer, oneTBB) is suppressed by the commented files in
# tests/sanitizers/. A no-op dlclose is preloaded so leaks inside drivers keep symbolised stacks.
#
# The per-mode runs use 3 job threads (on any machine), so the parallel ECS stages, extract and cpu-mode
# recording really run concurrently under TSan.
#
# Environment: SANITIZERS="asan tsan" (which variants), JOBS (build parallelism), SANITIZE_CUBES (cube count of
# the per-mode runs, default 20k).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
jobs=${JOBS:-$(nproc)}
cubes=${SANITIZE_CUBES:-20k}
variants=${SANITIZERS:-asan tsan}

scripts/deps-tools.sh
supp=$root/tests/sanitizers
symbolizer=$(command -v llvm-symbolizer || true)

run_variant() {
    local name=$1 flags=$2 build=build-$1
    local start=$SECONDS
    scripts/deps.sh "$build"
    cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
        -DCMAKE_C_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only" \
        -DTESSERA_SANITIZE="$flags" -DTESSERA_BUILD_BENCH=OFF >/dev/null
    cmake --build "$build" -j "$jobs"
    echo "sanitize[$name]: built in $((SECONDS - start)) s"

    local logs=$root/$build/sanitizer-logs
    rm -rf "$logs"
    mkdir -p "$logs"
    local common="log_path=$logs/report:external_symbolizer_path=$symbolizer:print_suppressions=0"
    export ASAN_OPTIONS="$common:detect_leaks=1:halt_on_error=1:detect_stack_use_after_return=1"
    export LSAN_OPTIONS="$common:suppressions=$supp/lsan.supp"
    export UBSAN_OPTIONS="$common:suppressions=$supp/ubsan.supp:print_stacktrace=1:halt_on_error=1"
    export TSAN_OPTIONS="$common:suppressions=$supp/tsan.supp:halt_on_error=1:second_deadlock_stack=1"
    export LD_PRELOAD=$root/$build/libtessera_nodlclose.so
    # The longest shell tests run a shorter list of the same cases (see each test's header).
    export TESSERA_TEST_SANITIZED=1

    local status=0
    # soak measures the resident set, which the sanitizers' own allocators make meaningless; format checks no
    # binary.
    # ThreadSanitizer leaves out the image-comparison suites (label `image`, tests/CMakeLists.txt).
    local skip_labels=()
    [ "$name" = tsan ] && skip_labels=(-LE '^image$')
    (cd "$build" && ctest --output-on-failure --timeout 900 -j "$jobs" -E '^(soak|format)$' "${skip_labels[@]}") ||
        status=1
    for mode in cpu instanced gpu-cull gpu-lod; do
        echo "sanitize[$name]: tessera run --mode $mode --cubes $cubes"
        "$build/tessera" run --headless --validate --simulate --frames 20 --cubes "$cubes" --mode "$mode" \
            --threads 3 --log-level warn >/dev/null || { echo "sanitize[$name]: run --mode $mode failed" >&2; status=1; }
    done
    unset LD_PRELOAD TESSERA_TEST_SANITIZED

    if compgen -G "$logs/report*" >/dev/null; then
        echo "sanitize[$name]: sanitizer reports:" >&2
        for f in "$logs"/report*; do echo "==== $f" >&2; cat "$f" >&2; done
        status=1
    fi
    echo "sanitize[$name]: $( [ $status -eq 0 ] && echo clean || echo FAILED ) in $((SECONDS - start)) s"
    return $status
}

overall=0
for v in $variants; do
    case $v in
        asan) run_variant asan address,undefined || overall=1 ;;
        tsan) run_variant tsan thread || overall=1 ;;
        *) echo "sanitize: unknown variant '$v' (asan, tsan)" >&2; exit 2 ;;
    esac
done
exit $overall
