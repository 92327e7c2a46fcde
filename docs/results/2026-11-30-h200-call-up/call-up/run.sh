#!/bin/bash
# cpu-mode thread scaling: ad90d5a (old, .gpu_old) against 07ac1c5 (new, .gpu), three rounds, order alternating.
R=$(cd "$(dirname "$0")/.." && pwd)
B="bench --width 1920 --height 1080 --msaa 1 --modes cpu --cubes 100k,1M --threads 1,8,16 --frames 200 --warmup 20"
old() { env LD_LIBRARY_PATH=$R/.gpu_old/lib $R/.gpu_old/bin/tessera $B --json old$1.json > old$1.log 2>&1; }
new() { tessera $B --json new$1.json > new$1.log 2>&1; }
nproc; uptime
old 1; new 1; new 2; old 2; old 3; new 3
uptime
tessera run --headless --mode cpu --cubes 100k --threads 16 --width 1920 --height 1080 --msaa 1 --frames 100 --trace trace100k.json > trace.log 2>&1
