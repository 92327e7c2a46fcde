#!/usr/bin/env bash
# The fly camera and the window's keys under Xvfb, with synthetic input: scripted key presses, mouse motion and
# wheel steps go through the same handlers as GLFW's callbacks (--window-script press@T=KEY, mouse@T=DXxDY,
# scroll@T=N). Each run's stats JSON says where the last frame was seen from; runs with input are compared with
# a run without. Validation is on throughout.
# Usage: windowed_fly_test.sh TESSERA OUTPUT_DIR
set -euo pipefail
bin=$1 out=$2/windowed_fly
rm -rf "$out"
mkdir -p "$out"
fail() { echo "FAIL: $*" >&2; exit 1; }

# run NAME SCRIPT [extra options]: a 40-frame windowed run from the static camera, into $out/NAME.{json,png}.
run() {
    local name=$1 script=$2
    shift 2
    xvfb-run -a -s "-screen 0 1024x768x24" "$bin" run --validate --frames 40 --cubes 2000 --width 320 --height 240 \
        --camera static ${script:+--window-script "$script"} --stats-json "$out/$name.json" \
        --screenshot "$out/$name/last.png" "$@" >"$out/$name.log" 2>&1 || { tail -5 "$out/$name.log"; fail "$name: run failed"; }
    grep -q '"target": "window"' "$out/$name.json" || fail "$name: did not render in a window"
}
# field NAME EXPR: a Python expression over the stats JSON's "run" object (r) and numpy-free vector helpers.
field() {
    python3 -c '
import json, math, sys
r = json.load(open(sys.argv[1]))["run"]
pos, dir = r["camera"]["position"], r["camera"]["direction"]
def sub(a, b): return [x - y for x, y in zip(a, b)]
def dot(a, b): return sum(x * y for x, y in zip(a, b))
def norm(a): return math.sqrt(dot(a, a))
base = json.load(open(sys.argv[3]))["run"]["camera"] if len(sys.argv) > 3 else None
print(eval(sys.argv[2]))' "$out/$1.json" "$2" ${3:+"$out/$3.json"}
}
mkdir -p "$out/still" "$out/forward" "$out/look" "$out/keys"

run still ""
[ "$(field still 'r["camera"]["control"]')" = path ] || fail "without input the camera path should drive the camera"

# W held for 20 ticks: the fly camera takes over from the path's camera and moves along its view direction.
run forward "press@5=W,release@25=W"
[ "$(field forward 'r["camera"]["control"]')" = fly ] || fail "pressing W did not hand the camera to the fly camera"
# How far depends on the frame rate (the camera moves at its speed for the real time W is held), so what is
# checked is the direction: forward, and nowhere else.
moved=$(field forward 'dot(sub(pos, base["position"]), base["direction"])' still)
travelled=$(field forward 'norm(sub(pos, base["position"]))' still)
python3 -c "import sys; sys.exit(0 if $moved > 0.01 and $moved > 0.999 * $travelled else 1)" ||
    fail "W moved the camera $moved units forward of $travelled (want > 0.01, all of it forward)"
python3 -c "import sys; sys.exit(0 if $(field forward 'norm(sub(dir, base["direction"]))' still) < 1e-3 else 1)" ||
    fail "W alone turned the camera"
cmp -s "$out/still/last.png" "$out/forward/last.png" && fail "the last frame after moving is the same image as without input"

# Right button held + mouse 200 px right, 50 px up: the camera turns right and up, without moving.
run look "press@5=RMB,mouse@6=200x-50,release@7=RMB"
[ "$(field look 'r["camera"]["control"]')" = fly ] || fail "right-click did not hand the camera to the fly camera"
python3 -c "import sys; sys.exit(0 if $(field look 'norm(sub(pos, base["position"]))' still) < 1e-3 else 1)" ||
    fail "looking around moved the camera"
turned=$(field look 'math.degrees(math.acos(max(-1.0, min(1.0, dot(dir, base["direction"])))))' still)
python3 -c "import sys; sys.exit(0 if 25 < $turned < 35 else 1)" || fail "200x50 px turned the view by $turned degrees (want ~30)"
[ "$(field look 'dir[1] > base["direction"][1]' still)" = True ] || fail "moving the mouse up did not look up"

# Wheel up 3 steps: 1.25^3 times the speed. F12 twice: two numbered screenshots beside --screenshot. P pauses
# the simulation, F1 switches the overlay flag; with --simulate the paused run still renders every frame.
run keys "scroll@4=3,press@5=W,release@25=W,press@28=F12,release@29=F12,press@30=F12,press@32=P,press@34=F1" \
    --simulate
[ "$(field keys 'round(r["camera"]["fly_speed"] / base["fly_speed"], 3)' forward)" = 1.953 ] ||
    fail "3 wheel steps did not scale the speed by 1.953"
[ -s "$out/keys/tessera-0001.png" ] && [ -s "$out/keys/tessera-0002.png" ] || fail "F12 did not write tessera-0001.png and tessera-0002.png"
grep -q "F12: screenshot $out/keys/tessera-0001.png" "$out/keys.log" || fail "F12's screenshot path was not logged"
[ "$(field keys 'r["screenshots"]')" = 2 ] || fail "the stats JSON does not count 2 screenshots"
[ "$(field keys 'r["paused"]')" = True ] || fail "P did not pause the simulation"
[ "$(field keys 'r["overlay_visible"]')" = True ] || fail "F1 did not switch the overlay flag on"
[ "$(field keys 'r["frames"]')" = 40 ] || fail "the paused run did not render its 40 frames"
grep -q "P: simulation paused" "$out/keys.log" && grep -q "F1: overlay on" "$out/keys.log" || fail "P and F1 were not logged"
echo "ok: still at the path; W moved $moved units forward; the mouse turned the view $turned degrees;" \
    "F12 wrote 2 screenshots; P paused, F1 set the overlay flag"
