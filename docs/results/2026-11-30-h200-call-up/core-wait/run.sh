#!/bin/bash
# cpu-mode thread balance at 76e05c0: quiet rounds, then rounds with busy loops taking cores.
B="bench --width 1920 --height 1080 --msaa 1 --modes cpu --cubes 100k,1M --frames 200 --warmup 20"
nproc; uptime
for r in 1 2 3; do tessera $B --threads 1,8,16 --json q$r.json > q$r.log 2>&1; done
uptime
for busy in 1 2 4; do
  pids=""; for i in $(seq $busy); do (while :; do :; done) & pids="$pids $!"; done
  tessera $B --threads 8,12,16 --json busy$busy.json > busy$busy.log 2>&1
  kill $pids; wait $pids 2>/dev/null
done
uptime
