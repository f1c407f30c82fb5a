#!/usr/bin/env python3
"""Comparison table and plots from a gelu_bench run (and gelu_bench_accuracy's output).

Usage: python3 tools/bench_report.py BENCH_JSON [--accuracy ACCURACY_TXT] [--csv ULP_CSV]
                                     [--plots DIR]
Prints markdown: per type and size, elements/s of gelu and of each peer, with gelu's ratio to
it (gelu / peer: > 1 means gelu is faster); then each implementation's max ULP beside it, from
the accuracy output. With --plots, writes throughput_<type>.png (elements/s against size, per
kernel and implementation) and, with --csv, ulp_error_f32.png (error against x).
Needs python3 (and python3-matplotlib for the plots). Debian: apt-get install python3-matplotlib
"""
import argparse
import collections
import json
import os
import re
import sys

KERNELS = [(v, d) for v in ("exact", "tanh", "sigmoid") for d in ("fwd", "bwd", "fused")]
FUNCTION_OF = {("exact", "fwd"): "exact", ("exact", "bwd"): "exact derivative",
               ("tanh", "fwd"): "tanh", ("tanh", "bwd"): "tanh derivative",
               ("sigmoid", "fwd"): "sigmoid", ("sigmoid", "bwd"): "sigmoid derivative"}


def load_bench(path):
    """{(impl, variant, direction, type, n): items/s}, {(type, n): memcpy items/s}, context."""
    with open(path) as fh:
        data = json.load(fh)
    rate, memcpy = {}, {}
    for b in data["benchmarks"]:
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        name = b.get("run_name", b["name"]).split("/")
        ips = b.get("items_per_second")
        if ips is None:
            continue
        if name[0] == "memcpy":
            memcpy[(name[1], int(name[2]))] = ips
        elif len(name) >= 5:
            rate[(name[0], name[1], name[2], name[3], int(name[4]))] = ips
    return rate, memcpy, data.get("context", {})


def load_accuracy(path):
    """{(type, function, impl): (max ULP x >= -3, max ULP all x, NaN/inf count)}"""
    acc, kind = {}, None
    with open(path) as fh:
        for line in fh:
            m = re.match(r"^(float|double), \d+ inputs", line)
            if m:
                kind = "f32" if m.group(1) == "float" else "f64"
                continue
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if kind and len(cells) == 7 and cells[0] not in ("function", "---"):
                acc[(kind, cells[0], cells[1])] = (cells[2], cells[3], cells[6])
    return acc


def fmt_rate(v):
    return f"{v / 1e9:.3g}" if v >= 1e8 else f"{v / 1e9:.2g}"


def tables(rate, memcpy, acc):
    impls = []
    for key in rate:
        if key[0] not in impls:
            impls.append(key[0])
    impls.sort(key=lambda s: (s != "gelu", s))
    peers = [p for p in impls if p != "gelu"]
    out = []
    for typ in ("f32", "f64"):
        sizes = sorted({k[4] for k in rate if k[3] == typ})
        for n in sizes:
            out.append(f"\n#### {typ}, {n} elements (G elements/s; in brackets gelu / peer)\n")
            head = "| kernel | gelu | " + " | ".join(peers) + " |"
            out.append(head)
            out.append("|---" * (2 + len(peers)) + "|")
            for v, d in KERNELS:
                ours = rate.get(("gelu", v, d, typ, n))
                if ours is None:
                    continue
                cells = [f"{v} {d}", fmt_rate(ours)]
                for p in peers:
                    theirs = rate.get((p, v, d, typ, n))
                    cells.append("" if theirs is None else f"{fmt_rate(theirs)} ({ours / theirs:.2f}×)")
                out.append("| " + " | ".join(cells) + " |")
            if (typ, n) in memcpy:
                out.append(f"| memcpy (same bytes) | {fmt_rate(memcpy[(typ, n)])} |" + " |" * len(peers))
    if acc:
        for typ in ("f32", "f64"):
            out.append(f"\n#### {typ}: max ULP error, all x (x ≥ −3 in brackets)\n")
            out.append("| function | gelu | " + " | ".join(peers) + " |")
            out.append("|---" * (2 + len(peers)) + "|")
            for fn in ("exact", "exact derivative", "tanh", "tanh derivative", "sigmoid", "sigmoid derivative"):
                row = [fn]
                for p in ["gelu"] + peers:
                    a = acc.get((typ, fn, p))
                    if a is None:
                        row.append("")
                    else:
                        nan = f", NaN/inf ×{a[2]}" if a[2] not in ("0", "") else ""
                        row.append(f"{a[1]} ({a[0]}){nan}")
                out.append("| " + " | ".join(row) + " |")
    return "\n".join(out)


def plots(rate, memcpy, csv_path, outdir, context):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    os.makedirs(outdir, exist_ok=True)
    arch = context.get("xsimd_arch", "")
    for typ in ("f32", "f64"):
        fig, axes = plt.subplots(3, 3, figsize=(13, 10), sharex=True)
        for ax, (v, d) in zip(axes.flat, KERNELS):
            series = collections.defaultdict(dict)
            for (impl, vv, dd, t, n), ips in rate.items():
                if vv == v and dd == d and t == typ:
                    series[impl][n] = ips / 1e9
            for impl in sorted(series, key=lambda s: (s != "gelu", s)):
                pts = sorted(series[impl].items())
                ax.plot([p[0] for p in pts], [p[1] for p in pts], marker="o",
                        linewidth=2.5 if impl == "gelu" else 1.2, label=impl)
            mc = sorted((n, r / 1e9) for (t, n), r in memcpy.items() if t == typ)
            if mc:
                ax.plot([p[0] for p in mc], [p[1] for p in mc], linestyle=":", color="grey", label="memcpy")
            ax.set_xscale("log", base=2)
            ax.set_yscale("log")
            ax.set_title(f"{v} {d}")
            ax.grid(True, which="both", alpha=0.3)
        for ax in axes[-1]:
            ax.set_xlabel("elements")
        for ax in axes[:, 0]:
            ax.set_ylabel("G elements/s")
        handles, labels = [], []
        for ax in axes.flat:
            for h, l in zip(*ax.get_legend_handles_labels()):
                if l not in labels:
                    handles.append(h)
                    labels.append(l)
        fig.legend(handles, labels, loc="lower center", ncol=len(labels))
        fig.suptitle(f"GELU throughput, {typ}, one thread ({arch})")
        fig.tight_layout(rect=(0, 0.04, 1, 0.97))
        fig.savefig(os.path.join(outdir, f"throughput_{typ}.png"), dpi=90)
        plt.close(fig)
    if csv_path:
        names = ["exact", "exact derivative", "tanh", "tanh derivative", "sigmoid", "sigmoid derivative"]
        data = collections.defaultdict(lambda: ([], []))
        with open(csv_path) as fh:
            next(fh)
            for line in fh:
                impl, f, x, u = line.strip().split(",")
                xs, us = data[(impl, int(f))]
                xs.append(float(x))
                us.append(min(max(float(u), 1e-2), 1e9))
        fig, axes = plt.subplots(3, 2, figsize=(13, 11), sharex=True)
        for f, ax in enumerate(axes.flat):
            for (impl, ff), (xs, us) in sorted(data.items(), key=lambda kv: (kv[0][0] != "gelu", kv[0][0])):
                if ff == f:
                    ax.plot(xs, us, linewidth=1.6 if impl == "gelu" else 0.8, label=impl,
                            zorder=3 if impl == "gelu" else 2)
            ax.set_yscale("log")
            ax.axhline(1.0, color="black", linewidth=0.6, linestyle="--")
            ax.set_title(names[f])
            ax.set_ylabel("error, ULP (float)")
            ax.grid(True, which="both", alpha=0.3)
            ax.legend(fontsize=7)
        for ax in axes[-1]:
            ax.set_xlabel("x")
        fig.suptitle("float error against MPFR (infinite errors drawn at 1e9)")
        fig.tight_layout(rect=(0, 0, 1, 0.97))
        fig.savefig(os.path.join(outdir, "ulp_error_f32.png"), dpi=90)
        plt.close(fig)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bench_json")
    ap.add_argument("--accuracy")
    ap.add_argument("--csv")
    ap.add_argument("--plots")
    a = ap.parse_args()
    rate, memcpy, context = load_bench(a.bench_json)
    acc = load_accuracy(a.accuracy) if a.accuracy else {}
    print(tables(rate, memcpy, acc))
    if a.plots:
        try:
            plots(rate, memcpy, a.csv, a.plots, context)
            print(f"\nplots written to {a.plots}/")
        except ImportError:
            print("\nmatplotlib not found (apt-get install python3-matplotlib): no plots", file=sys.stderr)


if __name__ == "__main__":
    main()
