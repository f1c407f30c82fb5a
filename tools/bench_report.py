#!/usr/bin/env python3
"""Comparison table and plots from a gelu_bench run (and gelu_bench_accuracy's output).

Usage: python3 tools/bench_report.py BENCH_JSON [--accuracy ACCURACY_TXT] [--csv ULP_CSV]
                                     [--plots DIR] [--sets SET[,SET...]]
Prints markdown: per type, a column per size and input set (`wide`, `n01`: see bench_gelu.cpp),
elements/s of gelu and of each peer, with gelu's ratio to it (gelu / peer: > 1 means gelu is
faster; always within one set and size); then each implementation's max ULP beside it, from
the accuracy output. gelu is measured in two tiers: `gelu` (the default, fast tier) and
`gelu_precise`; neither is a peer. The precise tier's row follows gelu's, with its ratio to the
fast tier (precise / fast), and the summary gives both tiers against the fastest peer. A JSON
without gelu_precise (older runs) gives the tables as before. --sets keeps only those input
sets (default: all in the JSON). With
--plots, writes throughput_<type>.png for the wide set and throughput_<type>_<set>.png for the
others (elements/s against size, per kernel and implementation) and, with --csv,
ulp_error_f32.png (error against x). A JSON from before the input sets (names without one) is
read as the wide set.
Needs python3 (and python3-matplotlib for the plots). Debian: apt-get install python3-matplotlib
"""
import argparse
import collections
import json
import os
import re
import sys

# gelu's two tiers, as the bench names them: OURS is the default (fast) tier, PRECISE the precise
# one. Every other implementation is a peer.
OURS, PRECISE = "gelu", "gelu_precise"
OUR_TIERS = (OURS, PRECISE)
# gelu's fast tier from a unit built with -march=native, in builds with other flags (e.g. the
# compiler's default), and through gelu::dispatch (instruction set chosen at run time): not peers
# either. Their rows follow gelu's, with their ratio to the static build of the run's flags
# (native / static, dispatch / static) and, for dispatch, to the -march=native unit; the summary
# gives dispatch against the fastest peer too.
NATIVE, DISPATCH = "gelu_native", "gelu_dispatch"
OURS_ALL = OUR_TIERS + (NATIVE, DISPATCH)
DISPLAY_NAMES = {PRECISE: "gelu precise", NATIVE: "gelu native", DISPATCH: "gelu dispatch"}
KERNELS = [(v, d) for v in ("exact", "tanh", "sigmoid") for d in ("fwd", "bwd", "fused")]
# The input sets, in column order; a set not listed here comes after these.
SETS = ("wide", "n01", "uniform", "heavy", "narrow")
# For runs from before the JSON context named each set (inputs_<set>): those had only these two.
SET_DESCRIPTIONS = {"wide": "normal(0, 3) with 1 element in 32 replaced by uniform on [-16, 16]",
                    "n01": "standard normal N(0, 1)"}
FUNCTION_OF = {("exact", "fwd"): "exact", ("exact", "bwd"): "exact derivative",
               ("tanh", "fwd"): "tanh", ("tanh", "bwd"): "tanh derivative",
               ("sigmoid", "fwd"): "sigmoid", ("sigmoid", "bwd"): "sigmoid derivative"}


def load_bench(path):
    """{(impl, variant, direction, type, set, n): items/s}, {(type, n): memcpy items/s}, context.

    Names are impl/variant/direction/type/set/n, or impl/variant/direction/type/n (set: wide)."""
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
        elif len(name) == 6:
            rate[(name[0], name[1], name[2], name[3], name[4], int(name[5]))] = ips
        elif len(name) == 5:  # before the input sets: the inputs were those of wide
            rate[(name[0], name[1], name[2], name[3], "wide", int(name[4]))] = ips
    return rate, memcpy, data.get("context", {})


def load_accuracy(path):
    """{(type, function, impl): (max ULP x >= -3, max ULP all x, NaN/inf count)}, {type: inputs}"""
    acc, inputs, kind = {}, {}, None
    with open(path) as fh:
        for line in fh:
            m = re.match(r"^(float|double), (\d+) inputs", line)
            if m:
                kind = "f32" if m.group(1) == "float" else "f64"
                inputs[kind] = int(m.group(2))
                continue
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if kind and len(cells) == 7 and cells[0] not in ("function", "---"):
                acc[(kind, cells[0], cells[1])] = (cells[2], cells[3], cells[6])
    return acc, inputs


def fmt_rate(v):
    """G elements/s with 3 significant digits."""
    return f"{v / 1e9:.3g}"


def size_label(n):
    for unit, div in (("M", 1 << 20), ("K", 1 << 10)):
        if n >= div and n % div == 0:
            return f"{n // div} {unit}"
    return str(n)


def order_sets(names):
    return sorted(names, key=lambda s: (SETS.index(s) if s in SETS else len(SETS), s))


def columns(rate, typ):
    """The (n, set) columns of a type: by size, the sets of each size side by side."""
    sets = order_sets({k[4] for k in rate if k[3] == typ})
    return sorted({(k[5], k[4]) for k in rate if k[3] == typ}, key=lambda c: (c[0], sets.index(c[1])))


def column_label(col):
    return f"{size_label(col[0])} {col[1]}"


def order_impls(names):
    """gelu, then gelu_precise, gelu_native, gelu_dispatch, then the peers by name."""
    return sorted(names, key=lambda s: (OURS_ALL.index(s) if s in OURS_ALL else len(OURS_ALL), s))


def peers_of(names):
    """The peers among names: every implementation but gelu's own rows (OURS_ALL)."""
    return [p for p in order_impls(names) if p not in OURS_ALL]


def display_name(impl):
    return DISPLAY_NAMES.get(impl, impl)


def measured(rate, v, d, typ, cols, impls=OUR_TIERS):
    """Whether any of impls (by default: either gelu tier) has this kernel at one of cols."""
    return any((impl, v, d, typ, s, n) in rate for impl in impls for n, s in cols)


def two_calls(fwd, bwd):
    """Elements/s of forward then backward as two passes (what fused replaces)."""
    return None if fwd is None or bwd is None else 1.0 / (1.0 / fwd + 1.0 / bwd)


def kernel_rates(rate, impl, v, d, typ, col):
    """Elements/s of impl's kernel at col = (n, set); for 'fused', impls without one get fwd + bwd
    in two calls (of the same set)."""
    n, s = col
    r = rate.get((impl, v, d, typ, s, n))
    if r is None and d == "fused":
        r = two_calls(rate.get((impl, v, "fwd", typ, s, n)), rate.get((impl, v, "bwd", typ, s, n)))
    return r


def gelu_two_calls(rate, v, typ, col):
    """gelu's forward then backward as two calls, at col = (n, set)."""
    n, s = col
    return two_calls(rate.get(("gelu", v, "fwd", typ, s, n)), rate.get(("gelu", v, "bwd", typ, s, n)))


def accuracy_cells(acc, typ, v, d, impl, inputs):
    """(max ULP x >= -3, max ULP all x) for the kernel; NaN/inf share appended when any."""
    fn = FUNCTION_OF.get((v, "fwd" if d == "fwd" else "bwd"))
    a = acc.get((typ, fn, impl))
    if a is None:
        return ["", ""]
    every = a[1]
    if a[2] not in ("0", "") and inputs.get(typ):
        every += f" (NaN/inf: {100.0 * int(a[2]) / inputs[typ]:.2g} %)"
    return [a[0], every]


def tables(rate, memcpy, acc, inputs):
    """The comparison tables (markdown)."""
    impls = {k[0] for k in rate}
    peers = peers_of(impls)
    has_precise = PRECISE in impls
    out = []
    for typ in ("f32", "f64", "bf16", "f16"):
        cols = columns(rate, typ)
        if not cols:
            continue
        out.append(f"\n#### {typ}: G elements/s (gelu / peer in brackets"
                   + ("; gelu precise / gelu fast for the precise tier" if has_precise else "")
                   + "), max ULP error\n")
        out.append("| kernel | implementation | " + " | ".join(column_label(c) for c in cols) +
                   " | max ULP, x ≥ −3 | max ULP, all x |")
        out.append("|---|---|" + "---:|" * len(cols) + "---:|---:|")
        for v, d in KERNELS:
            if not measured(rate, v, d, typ, cols):
                continue
            ours = {c: rate.get((OURS, v, d, typ, c[1], c[0])) for c in cols}
            no_ulp = ["", ""]
            # (label, elements/s per column, max ULP cells, what the bracket holds)
            rows = []
            if any(r is not None for r in ours.values()):
                rows.append(("**gelu**", ours, accuracy_cells(acc, typ, v, d, OURS, inputs)
                             if d != "fused" else no_ulp, "ours"))
            precise = {c: rate.get((PRECISE, v, d, typ, c[1], c[0])) for c in cols}
            if any(r is not None for r in precise.values()):
                rows.append(("**gelu precise**", precise,
                             accuracy_cells(acc, typ, v, d, PRECISE, inputs) if d != "fused" else no_ulp,
                             "vs fast"))
            native = {c: rate.get((NATIVE, v, d, typ, c[1], c[0])) for c in cols}
            if any(r is not None for r in native.values()):
                rows.append(("gelu native (-march=native unit)", native, no_ulp, "vs static"))
            dispatched = {c: rate.get((DISPATCH, v, d, typ, c[1], c[0])) for c in cols}
            if any(r is not None for r in dispatched.values()):
                rows.append(("gelu dispatch", dispatched, no_ulp, "vs static"))
            two = {c: gelu_two_calls(rate, v, typ, c) for c in cols}
            if d == "fused" and any(t is not None for t in two.values()):
                rows.append(("gelu fwd + bwd (2 calls)", two, no_ulp, "vs ours"))
            for p in peers:
                theirs = {c: kernel_rates(rate, p, v, d, typ, c) for c in cols}
                if all(t is None for t in theirs.values()):
                    continue
                label = p + (" fwd + bwd (2 calls)" if d == "fused" else "")
                rows.append((label, theirs, accuracy_cells(acc, typ, v, d, p, inputs)
                             if d != "fused" else no_ulp, "vs ours"))
            for i, (label, r, ulp, kind) in enumerate(rows):
                cells = [f"{v} {d}" if i == 0 else "", label]
                for c in cols:
                    if r[c] is None:
                        cells.append("")
                    elif kind == "ours":
                        cells.append(f"**{fmt_rate(r[c])}**")
                    elif ours[c] is None:
                        cells.append(fmt_rate(r[c]))
                    elif kind == "vs fast":
                        cells.append(f"{fmt_rate(r[c])} ({r[c] / ours[c]:.2f}× fast)")
                    elif kind == "vs static":
                        nat = native[c] if label == "gelu dispatch" else None
                        cells.append(f"{fmt_rate(r[c])} ({r[c] / ours[c]:.2f}× static" +
                                     (f", {r[c] / nat:.2f}× native)" if nat else ")"))
                    else:
                        cells.append(f"{fmt_rate(r[c])} ({ours[c] / r[c]:.2f}×)")
                out.append("| " + " | ".join(cells + ulp) + " |")
        mc = [memcpy.get((typ, n)) for n, _ in cols]
        out.append("| memcpy (2 arrays) | | " + " | ".join("" if m is None else fmt_rate(m) for m in mc) +
                   " | | |")
        out.append(summary(rate, memcpy, typ, cols, peers, has_precise))
    return "\n".join(out)


def summary(rate, memcpy, typ, cols, peers, has_precise=False):
    """gelu / the fastest peer of each kernel, size and set, and gelu's bytes/s against memcpy's at
    each set's largest size; with has_precise, a line for each tier (gelu_precise / fastest peer)."""
    sets = order_sets({s for _, s in cols})
    big = [(max(n for n, s in cols if s == st), st) for st in sets]
    tiers = ([(OURS, "fast (`gelu`)"), (PRECISE, "precise (`gelu_precise`)")] if has_precise
             else [(OURS, None)])
    if has_precise and any(k[0] == DISPATCH for k in rate):
        tiers.append((DISPATCH, "fast, dispatched (`gelu_dispatch`)"))
    if has_precise:
        title = (f"\n#### {typ} summary: each gelu tier / fastest peer (which), and the tier's bytes/s "
                 f"as % of memcpy's at the largest size\n")
    else:
        title = (f"\n#### {typ} summary: gelu / fastest peer (which), and gelu's bytes/s as % of "
                 f"memcpy's at the largest size\n")
    tier_head, tier_rule = ("tier | ", "---|") if has_precise else ("", "")
    out = [title,
           "| kernel | " + tier_head + " | ".join(column_label(c) for c in cols) + " | " +
           " | ".join(f"% of memcpy, {column_label(b)}" for b in big) + " |",
           "|---|" + tier_rule + "---|" * (len(cols) + len(big))]
    arrays = {"fwd": 2, "bwd": 3, "fused": 3}
    for v, d in KERNELS:
        if not measured(rate, v, d, typ, cols, [t for t, _ in tiers]):
            continue
        bests = {}
        for c in cols:
            bests[c] = max(((kernel_rates(rate, p, v, d, typ, c), p) for p in peers
                            if kernel_rates(rate, p, v, d, typ, c) is not None), default=None)
        shown = [(impl, tier) for impl, tier in tiers if measured(rate, v, d, typ, cols, [impl])]
        for i, (impl, tier) in enumerate(shown):
            cells = [f"{v} {d}" if i == 0 else ""] + ([tier] if tier else [])
            for c in cols:
                ours, best = rate.get((impl, v, d, typ, c[1], c[0])), bests[c]
                cells.append("" if ours is None or best is None else f"{ours / best[0]:.2f}× ({best[1]})")
            for n, st in big:
                ours, mc = rate.get((impl, v, d, typ, st, n)), memcpy.get((typ, n))
                cells.append("" if ours is None or mc is None
                             else f"{100 * ours * arrays[d] / (2 * mc):.0f} %")
            out.append("| " + " | ".join(cells) + " |")
    out.append("\nFused rows compare with forward + backward called one after the other (every peer's "
               "only way to get both). Ratios compare implementations on the same input set and size; "
               "memcpy does not depend on the values and is measured once per size." +
               (" The precise tier is compared with the same peers (it is never one of them)."
                if has_precise else ""))
    return "\n".join(out)


def header(context, sets, acc_text):
    """The run's machine, build and implementations, as markdown."""
    lines = [f"Run {context.get('date', '?')} on {context.get('cpu_model') or context.get('host_name', '?')}"
             f" ({context.get('num_cpus', '?')} cores, one thread used), "
             f"{context.get('compiler', '')} `{context.get('flags', '')}`, "
             f"xsimd arch {context.get('xsimd_arch', '?')}, gelu {context.get('gelu_version', '?')}"
             f" (commit {context.get('gelu_commit', '?')})."]
    tier_rank = {"impl_" + t: i for i, t in enumerate(OUR_TIERS)}  # gelu's tiers first
    for k in sorted(context, key=lambda k: (tier_rank.get(k, len(tier_rank)), k)):
        if k.startswith("impl_"):
            lines.append(f"- `{k[5:]}`: {context[k]}")
    lines.append("\nInput sets (x, and dy for backward; the same arrays for every implementation):")
    for st in sets:
        lines.append(f"- `{st}`: {context.get('inputs_' + st, SET_DESCRIPTIONS.get(st, '?'))}")
    if acc_text:
        lines.append(acc_text)
    return "\n".join(lines)


IMPL_COLORS = {"gelu": "#1f77b4", "gelu_precise": "#6baed6", "eigen": "#ff7f0e", "onednn": "#d62728",
               "torch": "#8c564b", "xsimd": "#e377c2", "sleef": "#9467bd", "libm": "#2ca02c"}
FUNCTIONS = ["exact", "exact derivative", "tanh", "tanh derivative", "sigmoid", "sigmoid derivative"]


# gelu thick on top; its precise tier in a lighter blue, thinner, with square markers (solid: dashed
# lines are the fused panels' fwd + bwd in 2 calls); the peers thin.
LINE_STYLES = {OURS: {"marker": "o", "linewidth": 2.6, "zorder": 4},
               PRECISE: {"marker": "s", "markersize": 4, "linewidth": 1.8, "zorder": 3}}


def color_of(impl):
    return IMPL_COLORS.get(impl, "#7f7f7f")


def plot_throughput(plt, rate, memcpy, context, typ, st, path):
    """One panel per kernel: elements/s against size for gelu and every peer, on input set st."""
    sizes = sorted({k[5] for k in rate if k[3] == typ and k[4] == st})
    if not sizes:
        return
    arrays = {"fwd": 2, "bwd": 3, "fused": 3}
    fig, axes = plt.subplots(3, 3, figsize=(13, 10), sharex=True)
    for ax, (v, d) in zip(axes.flat, KERNELS):
        for impl in order_impls({k[0] for k in rate}):
            pts = [(n, kernel_rates(rate, impl, v, d, typ, (n, st))) for n in sizes]
            pts = [(n, r / 1e9) for n, r in pts if r is not None]
            if not pts:
                continue
            two = d == "fused" and (impl, v, d, typ, st, sizes[0]) not in rate  # fwd + bwd
            ax.plot([p[0] for p in pts], [p[1] for p in pts], color=color_of(impl),
                    **LINE_STYLES.get(impl, {"marker": "o", "linewidth": 1.2, "zorder": 2}),
                    linestyle="--" if two else "-", label=display_name(impl))
        if d == "fused":
            pts = [(n, gelu_two_calls(rate, v, typ, (n, st))) for n in sizes]
            pts = [(n, r / 1e9) for n, r in pts if r is not None]
            if pts:
                ax.plot([p[0] for p in pts], [p[1] for p in pts], marker=".", color=color_of("gelu"),
                        linewidth=1.2, linestyle="--", label="gelu fwd + bwd")
        mc = [(n, memcpy[(typ, n)] * 2 / arrays[d] / 1e9) for n in sizes if (typ, n) in memcpy]
        if mc:
            ax.plot([p[0] for p in mc], [p[1] for p in mc], linestyle=":", color="black",
                    label="memory limit (memcpy's bytes/s)")
        if not ax.lines:  # nothing of this kernel in the JSON (e.g. --benchmark_filter)
            ax.set_title(f"{v} {d}: not measured", fontsize=10)
            ax.set_axis_off()  # an empty log-scaled axis would stop the layout
            continue
        ax.set_xscale("log", base=2)
        ax.set_xticks(sizes)
        ax.set_xticklabels([size_label(n) for n in sizes])
        ax.set_yscale("log")
        ax.set_title(f"{v} {d}" + (" (dashed: fwd + bwd, 2 calls)" if d == "fused" else ""), fontsize=10)
        ax.grid(True, which="both", alpha=0.3)
    for ax in axes[-1]:
        ax.set_xlabel("elements")
    for ax in axes[:, 0]:
        ax.set_ylabel("G elements/s")
    handles, labels = [], []
    for ax in axes.flat:
        for h, lab in zip(*ax.get_legend_handles_labels()):
            if lab not in labels:
                handles.append(h)
                labels.append(lab)
    fig.legend(handles, labels, loc="lower center", ncol=min(len(labels), 5))
    fig.suptitle(f"GELU throughput, {typ}, inputs {st}, one thread — {context.get('cpu_model', '')}, "
                 f"{context.get('flags', '')}, {context.get('date', '')[:10]}")
    fig.tight_layout(rect=(0, 0.06, 1, 0.97))
    fig.savefig(path, dpi=80)
    plt.close(fig)


def plot_ulp(plt, csv_path, path, width=0.1):
    """Max float ULP error in bins of x, per function and implementation (log scale)."""
    with open(csv_path) as fh:
        head = fh.readline().strip().split(",")
        impls = head[2:]
        worst = collections.defaultdict(dict)  # (f, impl) -> {bin: max}
        for line in fh:
            cells = line.rstrip("\n").split(",")
            f, x = int(cells[0]), float(cells[1])
            b = round(x / width)
            for impl, u in zip(impls, cells[2:]):
                if u:
                    u = float(u)
                    d = worst[(f, impl)]
                    d[b] = max(d.get(b, 0.0), u if u == u else float("inf"))
    fig, axes = plt.subplots(3, 2, figsize=(13, 11), sharex=True)
    for f, ax in enumerate(axes.flat):
        for impl in peers_of(impls) + [t for t in OUR_TIERS[::-1] if t in impls]:  # gelu last, on top
            d = worst.get((f, impl))
            if not d:
                continue
            bins = sorted(d)
            ys = [min(max(d[b], 1e-2), 1e9) for b in bins]
            ax.step([b * width for b in bins], ys, where="mid", color=color_of(impl),
                    linewidth={OURS: 2.2, PRECISE: 1.6}.get(impl, 1.0),
                    zorder={OURS: 4, PRECISE: 3}.get(impl, 2), label=display_name(impl))
        ax.set_yscale("log")
        ax.set_ylim(1e-2, 3e9)
        ax.axhline(1.0, color="black", linewidth=0.6, linestyle="--")
        ax.set_title(FUNCTIONS[f])
        ax.set_ylabel("max error, float ULP")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7, ncol=2)
    for ax in axes[-1]:
        ax.set_xlabel("x")
    fig.suptitle(f"float error against MPFR: max over bins of width {width} in x "
                 "(NaN/inf drawn at 1e9, errors below 0.01 at 0.01)")
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    fig.savefig(path, dpi=80)
    plt.close(fig)


def plots(rate, memcpy, csv_path, outdir, context):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    os.makedirs(outdir, exist_ok=True)
    for st in order_sets({k[4] for k in rate}):
        for typ in ("f32", "f64"):
            name = f"throughput_{typ}.png" if st == "wide" else f"throughput_{typ}_{st}.png"
            plot_throughput(plt, rate, memcpy, context, typ, st, os.path.join(outdir, name))
    if csv_path:
        plot_ulp(plt, csv_path, os.path.join(outdir, "ulp_error_f32.png"))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("bench_json")
    ap.add_argument("--accuracy")
    ap.add_argument("--csv")
    ap.add_argument("--plots")
    ap.add_argument("--sets", help="comma-separated input sets to report (default: all in the JSON)")
    a = ap.parse_args()
    rate, memcpy, context = load_bench(a.bench_json)
    if a.sets:
        keep = a.sets.split(",")
        unknown = sorted(set(keep) - {k[4] for k in rate})
        if unknown:
            ap.error(f"--sets: {', '.join(unknown)} not in {a.bench_json}")
        rate = {k: r for k, r in rate.items() if k[4] in keep}
    acc, inputs = load_accuracy(a.accuracy) if a.accuracy else ({}, {})
    acc_text = ""
    if inputs:
        acc_text = ("\nMax ULP: error against MPFR (200 bits) on the accuracy tool's inputs (not the sets "
                    "above), the same for every implementation "
                    f"({inputs.get('f32', 0)} float inputs, every binade of both signs; "
                    f"{inputs.get('f64', 0)} double), derivatives read from backward with dy = 1; "
                    "see `bench/bench_accuracy.cpp`.")
    print(header(context, order_sets({k[4] for k in rate}), acc_text))
    print(tables(rate, memcpy, acc, inputs))
    if a.plots:
        try:
            plots(rate, memcpy, a.csv, a.plots, context)
            print(f"plots written to {a.plots}/", file=sys.stderr)
        except ImportError:
            print("\nmatplotlib not found (apt-get install python3-matplotlib): no plots", file=sys.stderr)


if __name__ == "__main__":
    main()
