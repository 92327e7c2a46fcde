#!/usr/bin/env python3
"""Draws a few frames of a `tessera run --trace FILE.json` trace as a timeline PNG: one row per thread (main,
worker N, then the GPU's queue), each span a bar coloured and labelled by its name, nested spans one lane
below their parent, time in ms from the first frame drawn.

Usage: plot_trace.py TRACE.json OUTPUT.png [--first N] [--frames K] [--dpi D] [--title TEXT]

Reads the Chrome trace-event format that src/base/trace.cpp writes (and any other writer's): "X" events, and
"B"/"E" pairs matched per (pid, tid); thread and process names from the "M" metadata events. Frames are the
main thread's "frame" spans (their "frame" argument is the frame number); by default the last K = 3 frames are
drawn, the steady state. Without a "frame" span, the whole trace is drawn.

Needs Debian's python3-matplotlib; without it, exits with code 3 and one line on stderr naming the package.
Any other failure: one line on stderr, exit code 1.
"""
import argparse
import json
import sys
import zlib

EXIT_NO_MATPLOTLIB = 3


def load(path):
    """(spans, names): spans as {(pid, tid): [(start_us, end_us, name)]}, names as {(pid, tid): label}."""
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    events = data["traceEvents"] if isinstance(data, dict) else data
    thread_names, process_names = {}, {}
    spans, open_spans = {}, {}
    for e in events:
        ph = e.get("ph")
        key = (e.get("pid", 0), e.get("tid", 0))
        if ph == "M":
            name = e.get("args", {}).get("name", "")
            if e.get("name") == "thread_name":
                thread_names[key] = name
            elif e.get("name") == "process_name":
                process_names[key[0]] = name
        elif ph == "X":
            ts = float(e["ts"])
            spans.setdefault(key, []).append((ts, ts + float(e.get("dur", 0)), e.get("name", "?"), e.get("args", {})))
        elif ph == "B":
            open_spans.setdefault(key, []).append(e)
        elif ph == "E":
            stack = open_spans.get(key)
            if stack:
                b = stack.pop()
                spans.setdefault(key, []).append(
                    (float(b["ts"]), float(e["ts"]), b.get("name", e.get("name", "?")), b.get("args", {})))
    names = {}
    for key in spans:
        label = thread_names.get(key, f"tid {key[1]}")
        process = process_names.get(key[0], "")
        if process == "GPU" or label.startswith("queue"):
            label = "GPU " + label
        names[key] = label
    return spans, names


def row_order(label):
    """main first, then the workers by number, then anything else, the GPU last."""
    if label == "main":
        return (0, 0, label)
    if label.startswith("worker "):
        try:
            return (1, int(label.split()[1]), label)
        except ValueError:
            return (1, 0, label)
    if label.startswith("GPU"):
        return (3, 0, label)
    return (2, 0, label)


def with_depth(spans):
    """[(start, end, name, depth)]: depth counts the spans of the same track that enclose this one."""
    out, stack = [], []
    for start, end, name, _ in sorted(spans, key=lambda s: (s[0], -s[1])):
        while stack and stack[-1] <= start:
            stack.pop()
        out.append((start, end, name, len(stack)))
        stack.append(end)
    return out


def colour(name):
    """A stable colour per span name (tab20 picked by a hash of the name)."""
    import matplotlib

    palette = matplotlib.colormaps["tab20"].colors
    return palette[zlib.crc32(name.encode()) % len(palette)]


LANE_H, GAP = 0.8, 0.6


def default_title(trace, chosen):
    numbers = [f[3].get("frame") for f in chosen]
    if chosen and None not in numbers:
        return f"{trace}: frames {numbers[0]}-{numbers[-1]}"
    return trace


def zoom_window(main_spans, frames, frame):
    """(begin, end) in us: from the end of `frame`'s wait for its slot to the next frame's wait, or None."""
    waits = ("wait for slot", "read back slot")
    inside = [s for s in main_spans if s[2] in waits and frame[0] <= s[0] < frame[1]]
    if not inside:
        return None
    begin = max(s[1] for s in inside)
    later = [f for f in frames if f[0] >= frame[1]]
    end = frame[1]
    if later:
        nxt = later[0]
        starts = [s[0] for s in main_spans if s[2] in waits and nxt[0] <= s[0] < nxt[1]]
        end = min(starts) if starts else nxt[1]
    margin = (end - begin) * 0.03
    return (begin - margin, end + margin)


def lay_out(spans, rows, t0, t1):
    """([(key, visible spans with depth, y, lanes)], height) for the window [t0, t1]."""
    layout, y = [], 0.0
    for key in rows:
        visible = [s for s in with_depth(spans[key]) if s[1] > t0 and s[0] < t1]
        lanes = 1 + max((s[3] for s in visible), default=0)
        layout.append((key, visible, y, lanes))
        y += lanes * LANE_H + GAP
    return layout, y


def draw(ax, layout, names, height, t0, t1, frame_starts, title):
    width_ms = (t1 - t0) / 1000.0
    for key, visible, base, lanes in layout:
        for start, end, name, depth in visible:
            s, e = max(start, t0), min(end, t1)
            x, w = (s - t0) / 1000.0, max((e - s) / 1000.0, width_ms * 0.0005)
            yy = base + depth * LANE_H
            ax.broken_barh([(x, w)], (yy, LANE_H * 0.92), facecolors=colour(name), edgecolor="black",
                           linewidth=0.2)
            if w > width_ms * 0.045:  # room for a label
                ax.text(x + w / 2, yy + LANE_H * 0.46, name, ha="center", va="center", fontsize=6.5, clip_on=True)
    for f in frame_starts:  # frame boundaries on the main thread
        ax.axvline((f[0] - t0) / 1000.0, color="grey", linewidth=0.6, linestyle="--")
    ax.set_yticks([base + lanes * LANE_H / 2 for _, _, base, lanes in layout])
    ax.set_yticklabels([names[key] for key, _, _, _ in layout])
    ax.set_ylim(height - GAP / 2, -GAP / 2)
    ax.set_xlim(0, width_ms)
    ax.set_xlabel("ms")
    ax.set_title(title, fontsize=9)
    ax.grid(axis="x", linewidth=0.3, alpha=0.5)


def main(argv):
    parser = argparse.ArgumentParser(description="Draw a tessera trace as a per-thread timeline PNG.")
    parser.add_argument("trace")
    parser.add_argument("output")
    parser.add_argument("--first", type=int, default=None, help="first frame number to draw (default: last K)")
    parser.add_argument("--frames", type=int, default=3, help="how many frames to draw (default 3)")
    parser.add_argument("--dpi", type=int, default=80)
    parser.add_argument("--title", default=None)
    parser.add_argument("--zoom", action="store_true",
                        help="add a panel zoomed on the first frame's CPU work, from its wait for the slot to the next")
    args = parser.parse_args(argv[1:])
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("error: plot_trace.py needs matplotlib (Debian: apt-get install python3-matplotlib)", file=sys.stderr)
        return EXIT_NO_MATPLOTLIB
    try:
        spans, names = load(args.trace)
        if not spans:
            raise ValueError(f"{args.trace}: no spans")
        main_key = next((k for k, v in names.items() if v == "main"), None)
        frames = sorted((s for s in spans.get(main_key, []) if s[2] == "frame"), key=lambda s: s[0])
        if frames:
            if args.first is None:
                # The last "frame" span is the loop's exit (it renders nothing): leave it out.
                done = frames[:-1] if len(frames) > args.frames else frames
                chosen = done[-args.frames:]
            else:
                chosen = [f for f in frames if f[3].get("frame", -1) >= args.first][: args.frames]
                if not chosen:
                    raise ValueError(f"no frame {args.first} in {args.trace} ({len(frames)} frames)")
            t0, t1 = chosen[0][0], chosen[-1][1]
        else:
            chosen = []
            t0 = min(s[0] for v in spans.values() for s in v)
            t1 = max(s[1] for v in spans.values() for s in v)

        rows = sorted(spans, key=lambda k: row_order(names[k]))
        windows = [(t0, t1, args.title or default_title(args.trace, chosen))]
        if args.zoom and chosen:
            # The first frame drawn, so that the next frame's update stage is in the zoom too.
            zoom = zoom_window(spans.get(main_key, []), frames, chosen[0] if len(chosen) > 1 else chosen[-1])
            if zoom:
                windows.append((zoom[0], zoom[1], "zoom: the main thread's work between two waits (" +
                                f"{(zoom[1] - zoom[0]) / 1000:.1f} ms)"))
        layouts = [lay_out(spans, rows, w[0], w[1]) for w in windows]
        heights = [h for _, h in layouts]
        fig, axes = plt.subplots(len(windows), 1, figsize=(13, 0.9 * len(windows) + 0.3 * sum(heights)),
                                 gridspec_kw={"height_ratios": heights}, squeeze=False)
        for ax, (w0, w1, title), (layout, height) in zip(axes[:, 0], windows, layouts):
            draw(ax, layout, names, height, w0, w1, [f for f in chosen if w0 < f[0] < w1], title)
        fig.tight_layout()
        fig.savefig(args.output, dpi=args.dpi)
    except (OSError, ValueError, KeyError, TypeError) as e:
        print(f"error: plot_trace.py: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
