#!/bin/bash
# 16-thread traces of the cpu mode at 76e05c0 (summary.txt: scripts' per-frame breakdown of the record span).
for c in 100k 1M; do
  tessera run --headless --mode cpu --cubes $c --threads 16 --width 1920 --height 1080 --msaa 1 --frames 100 --trace t$c.json > t$c.log 2>&1
done
