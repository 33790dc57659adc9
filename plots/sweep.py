#!/usr/bin/python3
"""Figures of a parameter sweep (migsim-sweep/1, from `migsim sweep`).

--figure scatter (default): a matrix of scatter plots, one row per output (a total over the
reported period, persons) and one column per swept parameter, one point per run.
--figure sobol: first-order and total Sobol indices of each parameter, one panel per output
(Saltelli designs only, `--design sobol`).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402

EXAMPLE = """\
examples:
  migsim sweep scenarios/wb2022.lua --param border.RS-HU.detection_prob=0.3:0.9 \\
      --param give_up_prob=0:0.2 --design sobol -n 64 -o sweep.json
  %(prog)s sweep.json -o sweep_scatter
  %(prog)s sweep.json --figure sobol -o sweep_sobol
  %(prog)s sweep.json --outputs frontex_detections,arrivals --params give_up_prob -o two_outputs
"""


def parse_args(argv):
    p = C.ArgumentParser(prog=os.path.basename(sys.argv[0]), description=__doc__, epilog=EXAMPLE)
    p.add_argument("input", help="migsim-sweep/1 JSON")
    p.add_argument("--figure", choices=("scatter", "sobol"), default="scatter",
                   help="scatter matrix of parameters against outputs (default), or Sobol index bars")
    p.add_argument("--outputs", action="append", metavar="KEY,...", help="outputs to show (default: all)")
    p.add_argument("--params", action="append", metavar="NAME,...", help="parameters to show (default: all)")
    C.add_output_args(p)
    return p.parse_args(argv)


def pick(wanted, known, what):
    if not wanted:
        return list(known)
    for w in wanted:
        if w not in known:
            raise C.PlotError(f"unknown {what} '{w}' (the sweep has: {', '.join(known)})")
    return wanted


def short(name, width=28):
    return name if len(name) <= width else "\u2026" + name[-(width - 1):]


def main():
    a = parse_args(sys.argv[1:])
    doc = C.load(a.input, ("migsim-sweep/1",))
    meta = doc["meta"]
    params = [p["name"] for p in meta.get("params", [])]
    outputs = list(meta.get("outputs", []))
    cols = doc.get("columns") or []
    rows = doc.get("rows") or []
    if not params or not outputs or not rows:
        raise C.PlotError(f"{a.input}: no parameters, outputs or rows")
    ps = pick(C.split_list(a.params), params, "parameter")
    os_ = pick(C.split_list(a.outputs), outputs, "output")
    sobol = doc.get("sobol")
    if a.figure == "sobol" and not sobol:
        raise C.PlotError(f"{a.input} has no Sobol indices (a {meta.get('design')} design); "
                          "use --figure scatter, or sweep with --design sobol")
    col = {c: i for i, c in enumerate(cols)}
    for c in ps + os_:
        if c not in col:
            raise C.PlotError(f"{a.input}: column '{c}' missing from \"columns\"")
    ranges = {p["name"]: (p["lo"], p["hi"]) for p in meta.get("params", [])}

    plt = C.setup_matplotlib()
    title_sc = meta.get("scenario", {}).get("name")
    extra = ["Outputs are totals over the reported period, in persons."]
    if a.figure == "scatter":
        nr, nc = len(os_), len(ps)
        fig, axes = plt.subplots(nr, nc, figsize=(max(4.8, 3.3 * nc + 1.2), 2.5 * nr + 1.6), squeeze=False)
        for i, o in enumerate(os_):
            y = [r[col[o]] for r in rows]
            for j, p in enumerate(ps):
                ax = axes[i][j]
                x = [r[col[p]] for r in rows]
                ax.scatter(x, y, s=14, color=C.PALETTE[0], alpha=0.7, edgecolors="none")
                lo, hi = ranges.get(p, (min(x), max(x)))
                pad = (hi - lo) * 0.03 or 0.01
                ax.set_xlim(lo - pad, hi + pad)
                C.thousands(ax)
                if i == nr - 1:
                    ax.set_xlabel(short(p))
                else:
                    ax.tick_params(labelbottom=False)
                if j == 0:
                    ax.set_ylabel(f"{short(o, 22)}\n(persons)")
                else:
                    ax.tick_params(labelleft=False)
            # share y within a row
            lo = min(y)
            hi = max(y)
            pad = (hi - lo) * 0.08 or max(1.0, abs(hi) * 0.05)
            for j in range(nc):
                axes[i][j].set_ylim(lo - pad, hi + pad)
        fig.suptitle(a.title or f"Sweep of {title_sc}: outputs against swept parameters ({len(rows)} runs)",
                     x=0.01, ha="left")
        extra.append("One point per run; x axes span each parameter's range [lo, hi].")
        if meta.get("design") == "sobol":
            extra.append("Saltelli design: the rows A, B and AB_i are all shown.")
    else:
        n = len(os_)
        ncols = 1 if n == 1 else 2
        nrows = -(-n // ncols)
        fig, axes = plt.subplots(nrows, ncols, figsize=(6.2 * ncols, 0.45 * len(ps) * nrows + 1.3 * nrows + 1.6),
                                 squeeze=False)
        flat = [ax for row in axes for ax in row]
        out_of_range = []
        for k, o in enumerate(os_):
            ax = flat[k]
            ind = sobol.get(o)
            if ind is None:
                raise C.PlotError(f"no Sobol indices for output '{o}'")
            h = 0.38
            yv = [r[col[o]] for r in rows]
            constant = max(yv) == min(yv)
            for j, p in enumerate(ps):
                s1, st = ind[p]["first"], ind[p]["total"]
                for dy, v, colour, lab in ((-h / 2, s1, C.PALETTE[0], "first order S_i"),
                                           (h / 2, st, C.PALETTE[1], "total S_Ti")):
                    ax.barh(j + dy, v, height=h, color=colour, label=lab if j == 0 else None)
                    if not constant:
                        ax.annotate(f"{v:.2f}", (v, j + dy), xytext=(3 if v >= 0 else -3, 0), textcoords="offset points",
                                    ha="left" if v >= 0 else "right", va="center", fontsize=C.FONT - 2)
                    if (v < -0.05 or v > 1.05) and f"{o}/{p}" not in out_of_range:
                        out_of_range.append(f"{o}/{p}")
            if constant:
                ax.text(0.5, 0.5, "output constant over the sweep:\nindices 0 by definition", transform=ax.transAxes,
                        ha="center", va="center", fontsize=C.FONT - 1, color="#444444")
            ax.set_yticks(range(len(ps)))
            ax.set_yticklabels([short(p, 30) for p in ps])
            ax.set_ylim(len(ps) - 0.5, -0.5)
            ax.axvline(0, color=C.GREY, lw=1)
            ax.axvline(1, color=C.GREY, lw=1, ls="--")
            lo, hi = ax.get_xlim()
            span = max(hi, 1.05) - min(lo, -0.05)
            ax.set_xlim(min(lo, -0.05) - 0.06 * span * (lo < -0.05), max(hi, 1.05) + 0.08 * span)
            ax.set_title(o, loc="left", fontsize=C.FONT)
            ax.set_xlabel("Sobol index (share of output variance)")
            ax.grid(axis="y", visible=False)
        for k in range(n, len(flat)):
            flat[k].set_visible(False)
        fig.suptitle(a.title or f"Sweep of {title_sc}: Sobol sensitivity indices", x=0.01, ha="left")
        extra.append("Blue: first-order index S_i (parameter alone); orange: total index S_Ti (with interactions); "
                     "estimators of Saltelli et al. (2010) and Jansen (1999), no confidence intervals.")
        if out_of_range:
            extra.append(f"Indices outside [0, 1] (here for {len(out_of_range)} output/parameter pairs) mean that "
                         f"n = {meta.get('n')} is too small (docs/ensembles.md, Advice on N).")
        h, lab = flat[0].get_legend_handles_labels()
        C.finish(fig, C.caption(doc, extra=extra), a.output, a.dpi, legend=(h, lab))
        return
    C.finish(fig, C.caption(doc, extra=extra), a.output, a.dpi)


if __name__ == "__main__":
    C.run_main(main)
