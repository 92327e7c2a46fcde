#!/usr/bin/env bash
# What the window shows is the frame: under Xvfb, the pixels the X server holds for Tessera's window equal the
# frame's screenshot, with the software driver's present in bands of at most 256 KiB (window.chunked_present,
# app/x11_requests.h) and in the driver's single request. The camera is static, so every frame is the same and
# the window, grabbed while frames are still being presented, must equal the last frame to the bit.
# The run's log must say whether the request limit is in force: in this executable it must be, when asked.
# Usage: windowed_present_test.sh TESSERA OUTPUT_DIR
set -euo pipefail
bin=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
python=${TESSERA_PYTHON:-/usr/bin/python3}
"$python" -c "import PIL" 2>/dev/null || { echo "skipped: no PIL for $python (python3-pil)"; exit 77; }
mkdir -p "$out"
fail() { echo "FAIL: $*" >&2; exit 1; }

for chunked in true false; do
    name="$out/present_chunked_$chunked"
    rm -f "$name".*
    # 800x600: 1.9 MB a frame, eight bands when chunked. Enough frames that the grab (once two reads of the
    # window a fifth of a second apart agree) happens while Tessera still presents: several seconds.
    xvfb-run -a -s "-screen 0 1024x768x24" bash -c '
        python=$1 here=$2 name=$3 bin=$4 chunked=$5
        "$python" "$here/window_pixels.py" grab Tessera "$name.grab.png" > "$name.grab.log" 2>&1 &
        grabber=$!
        "$bin" run --validate --log-level info --frames 400 --cubes 4000 --scene random --camera static \
            --width 800 --height 600 --vsync off \
            --set "window.chunked_present=$chunked" --screenshot "$name.png" > "$name.log" 2>&1
        wait $grabber
    ' _ "$python" "$here" "$name" "$bin" "$chunked" || fail "chunked_present=$chunked: run or grab failed: $(tail -n 3 "$name.log" "$name.grab.log")"
    if [ "$chunked" = true ]; then
        grep -q "X requests of at most 256 KiB" "$name.log" || fail "the X request limit is not in force: $(grep -i present: "$name.log")"
    else
        ! grep -q "X requests of at most" "$name.log" || fail "the X request limit is on although window.chunked_present=false"
    fi
    "$python" "$here/window_pixels.py" compare "$name.grab.png" "$name.png" "$name.diff.png" ||
        fail "chunked_present=$chunked: the window does not show the frame (grab $name.grab.png, frame $name.png)"
done
echo "ok: the window shows the frame, presented in 256 KiB bands and in one request"
