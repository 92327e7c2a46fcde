#!/usr/bin/env python3
"""Draws `tessera bench` results as a chart: frame ms (p50) and average FPS over cube counts, one line per
mode (and per thread count where a mode ran with several), both axes logarithmic.

Usage: plot_bench.py BENCH.json OUTPUT.png|OUTPUT.svg

`tessera bench --plot FILE` runs it on the JSON it wrote. Needs Debian's python3-matplotlib; without it, exits
with code 3 and one line on stderr naming the package. Any other failure: one line on stderr, exit code 1.
"""
import json
import sys

EXIT_NO_MATPLOTLIB = 3


def series(runs):
    """{label: [(cubes, frame_ms_p50, fps)]} from the runs that completed, sorted by cube count."""
    threads_per_mode = {}
    for run in runs:
        threads_per_mode.setdefault(run["mode"], set()).add(run["threads"])
    lines = {}
    for run in runs:
        if run.get("status") != "ok":
            continue
        label = run["mode"]
        if len(threads_per_mode[run["mode"]]) > 1:
            label += f" ({run['threads']} threads)"
        lines.setdefault(label, []).append((run["cubes"], run["frame_ms"]["p50"], run["fps"]))
    return {label: sorted(points) for label, points in lines.items()}


def count_text(n):
    for div, suffix in ((1_000_000_000, "B"), (1_000_000, "M"), (1_000, "k")):
        if n >= div and n % div == 0:
            return f"{n // div}{suffix}"
    return str(n)


def main(argv):
    if len(argv) != 3:
        print("usage: plot_bench.py BENCH.json OUTPUT.png|OUTPUT.svg", file=sys.stderr)
        return 1
    source, output = argv[1], argv[2]
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator
    except ImportError:
        print("plot_bench.py: matplotlib is missing: install Debian's python3-matplotlib "
              "(apt-get install python3-matplotlib)", file=sys.stderr)
        return EXIT_NO_MATPLOTLIB
    try:
        with open(source, encoding="utf-8") as f:
            bench = json.load(f)
        lines = series(bench["runs"])
        context = bench["context"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        print(f"plot_bench.py: cannot read bench results from {source}: {e}", file=sys.stderr)
        return 1
    if not lines:
        print(f"plot_bench.py: {source} has no completed runs to plot", file=sys.stderr)
        return 1

    fig, (ms_axis, fps_axis) = plt.subplots(1, 2, figsize=(12, 5), constrained_layout=True)
    counts = sorted({cubes for points in lines.values() for cubes, _, _ in points})
    for label, points in lines.items():
        cubes = [p[0] for p in points]
        ms_axis.plot(cubes, [p[1] for p in points], marker="o", label=label)
        fps_axis.plot(cubes, [p[2] for p in points], marker="o", label=label)
    for axis, title in ((ms_axis, "frame time p50 (ms, lower is better)"),
                        (fps_axis, "average FPS (higher is better)")):
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.xaxis.set_major_locator(FixedLocator(counts))
        axis.xaxis.set_minor_locator(NullLocator())
        axis.set_xticklabels([count_text(c) for c in counts])
        axis.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        axis.yaxis.set_minor_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
        axis.set_xlabel("cubes")
        axis.set_title(title)
        axis.grid(True, which="both", alpha=0.3)
    ms_axis.legend()
    fig.suptitle(f"Tessera bench: {context.get('gpu', '?')}, {context.get('width', '?')}x"
                 f"{context.get('height', '?')} {context.get('target', '')}, {context.get('scene', '?')} scene, "
                 f"{context.get('camera', '?')} camera, {context.get('frames', '?')} frames per run")
    try:
        fig.savefig(output, format="svg" if output.endswith(".svg") else "png", dpi=100)
    except (OSError, ValueError) as e:
        print(f"plot_bench.py: cannot write {output}: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
