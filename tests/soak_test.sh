#!/usr/bin/env bash
# Memory stays flat however long Tessera runs: a headless, simulated run of ~10,000 frames, read through its
# status line (once a second: FPS, GPU ms, resident set, heap in use). Compared are the lowest values of an
# early window (the 10 s before EARLY, once the run has settled) and of a late one (the last 10 s before LATE):
# lowest, because the software driver's transient allocations (~280,000 a second) move single samples by
# hundreds of KiB and back, while a leak raises the floor.
#
#   heap in use (what malloc has handed out and not had back): must grow by less than 256 KiB. Statistics that
#                kept every frame's sample (150 bytes a frame) grew ~1.5 MiB here.
#   resident set: must grow by less than 1 MiB. Measured: +92 to +317 KiB, with the heap flat to 10 KiB: page-
#                level fragmentation of the allocator's per-thread arenas under lavapipe's churn, which the run
#                loop's once-a-second malloc_trim reduces (without it: up to +1.2 MiB a minute) but cannot
#                remove. heaptrack finds no growing call site in Tessera.
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
        if (lh - eh >= 256) { print "FAIL: the heap in use grew by 256 KiB or more"; exit 1 }
        if (lr - er >= 1024) { print "FAIL: the resident set grew by 1 MiB or more"; exit 1 }
    }' "$log"
