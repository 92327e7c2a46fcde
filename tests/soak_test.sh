#!/usr/bin/env bash
# Memory stays flat however long Tessera runs: a headless, simulated run of many thousands of frames, read
# through its status line (once a second: FPS, GPU ms, resident set, heap in use). The lowest resident set and
# the lowest heap in use of a late window (the last 10 s before LATE) may exceed the lowest of an early window
# (the 10 s before EARLY, once the run has settled) by less than 256 KiB each. Lowest, because the software
# driver's transient allocations (~280,000 a second) make single samples move by hundreds of KiB and back; a
# leak raises the floor. Statistics that kept every frame's sample (150 bytes a frame) grew ~1.5 MiB over such
# a run at ~180 FPS.
# Usage: soak_test.sh TESSERA [EARLY_SECONDS LATE_SECONDS]
set -uo pipefail
bin=$1 early=${2:-30} late=${3:-90}
log=$(mktemp)
trap 'kill "$pid" 2>/dev/null; rm -f "$log"' EXIT
"$bin" run --headless --simulate --cubes 2000 --width 64 --height 64 --msaa 1 --frames 100000000 \
    --log-level info >/dev/null 2>"$log" &
pid=$!
sleep "$late"
kill "$pid" 2>/dev/null
# Status lines: "... frame N: F FPS over the last S s, GPU G ms, RSS R MiB, heap H MiB", one a second.
awk -v early="$early" -v late="$late" '
    / RSS [0-9.]+ MiB, heap [0-9.]+ MiB/ {
        ++t
        for (i = 1; i <= NF; ++i) { if ($i == "RSS") rss = $(i + 1) * 1024; if ($i == "heap") heap = $(i + 1) * 1024 }
        if (t > early - 10 && t <= early) { if (!er || rss < er) er = rss; if (!eh || heap < eh) eh = heap }
        if (t > late - 12 && t <= late) { if (!lr || rss < lr) lr = rss; if (!lh || heap < lh) lh = heap }
    }
    END {
        if (t < late - 5) { printf "FAIL: %d status lines, the run ended early\n", t; exit 1 }
        printf "lowest RSS %.0f KiB early, %.0f KiB late: growth %.0f KiB\n", er, lr, lr - er
        printf "lowest heap in use %.0f KiB early, %.0f KiB late: growth %.0f KiB\n", eh, lh, lh - eh
        if (lr - er >= 256 || lh - eh >= 256) { print "FAIL: memory grew by 256 KiB or more"; exit 1 }
    }' "$log"
