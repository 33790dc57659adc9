#!/usr/bin/python3
"""Journeys as distributions: how long the persons who arrived took, and how often they were
detected at borders on the way.

Reads migsim-run/1 or migsim-ensemble/1 (their "journeys", docs/model.md, Arrival and asylum).
Panel (a): days from departure to arrival, in bins of 7 days (the last bin: a year or more).
Panel (b): detections before arrival, 0 to 9 and 10 or more. One line per nationality (the
route total by default, and the nationalities with the most arrivals), as shares of that
nationality's arrivals (or persons with --persons). An ensemble draws the means over the
replicates with their 95% intervals as a band.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402

EXAMPLE = """\
examples:
  migsim run scenarios/wb2022.lua -o wb2022.json
  %(prog)s wb2022.json -o journeys
  %(prog)s wb2022.json --nationality SYR,AFG,IND --weeks 26 -o journeys_3
  migsim run scenarios/wb2022.lua --replicates 10 -o ens.json
  %(prog)s ens.json --persons -o journeys_ens
"""

ALL = "all"


def parse_args(argv):
    p = C.ArgumentParser(prog=os.path.basename(sys.argv[0]), description=__doc__, epilog=EXAMPLE)
    p.add_argument("input", help="migsim-run/1 or migsim-ensemble/1 JSON")
    p.add_argument("--nationality", action="append", metavar="CODES",
                   help="nationalities to draw, comma-separated, 'all' for the route total (default: all and "
                        "the --top nationalities with the most arrivals)")
    p.add_argument("--top", type=int, default=4, metavar="N",
                   help="without --nationality: draw the N nationalities with the most arrivals (default 4)")
    p.add_argument("--weeks", type=int, metavar="N",
                   help="days axis: the first N weeks (default: up to the last week anyone arrived in)")
    p.add_argument("--persons", action="store_true", help="persons per bin instead of shares of the arrivals")
    C.add_output_args(p)
    return p.parse_args(argv)


def read_journeys(doc):
    """{distribution: {"bins": [...], "all": (mean, lo, hi), "by_nationality": {code: (mean, lo, hi)}}}
    from the package's journeys table (migsim.read(...).table("journeys")); lo and hi are None for
    a run."""
    t = C.reader()._tables.journeys_table([(None, doc.get("journeys"))])
    out = {}
    for r in t.records() if t is not None else []:
        d = out.setdefault(r["distribution"], {"bins": [], "cells": {}})
        if r["bin"] not in d["bins"]:
            d["bins"].append(r["bin"])
        cell = d["cells"].setdefault(r["nationality"], ([], [], []) if "mean" in r else ([], None, None))
        cell[0].append(r["mean"] if "mean" in r else r["value"])
        if cell[1] is not None:
            cell[1].append(r["lo"])
            cell[2].append(r["hi"])
    for d in out.values():
        d["all"] = d["cells"].pop(ALL)
        d["by_nationality"] = d.pop("cells")
    return out


def values(cell):
    """(mean, lo, hi) lists of a cell of read_journeys."""
    return cell


def dist_of(dist, code):
    return dist["all"] if code == ALL else dist["by_nationality"][code]


def main():
    a = parse_args(sys.argv[1:])
    doc = C.load(a.input, ("migsim-run/1", "migsim-ensemble/1"))
    J = read_journeys(doc) if isinstance(doc.get("journeys"), dict) else {}
    if "days_to_arrive" not in J or "detections_before_arrival" not in J:
        raise C.PlotError(f"{a.input}: no \"journeys\" (written by an older migsim; rerun the scenario)")
    days, dets = J["days_to_arrive"], J["detections_before_arrival"]
    known = list(days["by_nationality"])
    names, _ = C.world_names(doc["meta"])
    if a.top < 0:
        raise C.PlotError("--top must be 0 or more")
    if a.weeks is not None and a.weeks < 1:
        raise C.PlotError("--weeks must be 1 or more")
    if a.nationality:
        codes = C.split_list(a.nationality)
        for c in codes:
            if c != ALL and c not in known:
                raise C.PlotError(f"unknown nationality '{c}' (the document has {', '.join(known)}, and 'all')")
    else:
        by_size = sorted(known, key=lambda c: -sum(values(days["by_nationality"][c])[0]))
        codes = [ALL] + [c for c in by_size if sum(values(days["by_nationality"][c])[0]) > 0][:a.top]
    total = {c: sum(values(dist_of(days, c))[0]) for c in codes}
    if all(t <= 0 for t in total.values()):
        raise C.PlotError(f"{a.input}: nobody of {', '.join(codes)} arrived in the reported period")

    nbins = len(days["bins"])
    last = 0
    for c in codes:
        m = values(dist_of(days, c))[0]
        last = max([last] + [i for i, x in enumerate(m) if x > 0])
    shown = min(nbins, a.weeks) if a.weeks else min(nbins, last + 1)

    plt = C.setup_matplotlib()
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11.5, 4.8), gridspec_kw={"width_ratios": [1.6, 1]})
    handles = []
    k = len(codes)
    width = 0.8 / k
    for i, c in enumerate(codes):
        colour, ls = C.style(i)
        label = "all nationalities" if c == ALL else C.nat_label(c, names)
        scale = 100.0 / total[c] if not a.persons and total[c] > 0 else 1.0
        m, lo, hi = values(dist_of(days, c))
        xs = list(range(shown))
        (h,) = ax1.plot(xs, [m[j] * scale for j in xs], color=colour, ls=ls, lw=2.2 if c == ALL else 1.5,
                        marker="o", ms=3, label=label, zorder=3)
        handles.append(h)
        if lo is not None:
            ax1.fill_between(xs, [max(lo[j], 0) * scale for j in xs], [hi[j] * scale for j in xs], color=colour,
                             alpha=0.15, lw=0)
        m, lo, hi = values(dist_of(dets, c))
        xs2 = [j + (i - (k - 1) / 2) * width for j in range(len(m))]
        yerr = None
        if lo is not None:
            yerr = [[(m[j] - max(lo[j], 0)) * scale for j in range(len(m))],
                    [(hi[j] - m[j]) * scale for j in range(len(m))]]
        ax2.bar(xs2, [v * scale for v in m], width=width, color=colour, alpha=0.85 if c == ALL else 0.7,
                yerr=yerr, error_kw={"lw": 0.8, "capsize": 1.5})
    unit = "persons" if a.persons else "% of the arrivals"
    ax1.set_title("(a) days from departure to arrival", loc="left")
    ax1.set_ylabel(unit)
    step = max(1, shown // 12)
    ticks = list(range(0, shown, step))
    ax1.set_xticks(ticks)
    ax1.set_xticklabels([days["bins"][j] for j in ticks], rotation=45, ha="right")
    ax1.set_xlabel("days (bins of 7)" + (f"; {nbins - shown} later bins not shown" if shown < nbins and any(
        sum(values(dist_of(days, c))[0][shown:]) > 0 for c in codes) else ""))
    ax1.set_ylim(bottom=0)
    ax2.set_title("(b) detections at borders before arrival", loc="left")
    ax2.set_ylabel(unit)
    ax2.set_xticks(range(len(dets["bins"])))
    ax2.set_xticklabels(dets["bins"])
    ax2.set_xlabel("times detected")
    ax2.set_ylim(bottom=0)
    if a.persons:
        C.thousands(ax1)
        C.thousands(ax2)
    sc = doc["meta"].get("scenario", {}).get("name")
    fig.suptitle(a.title or f"Journeys of the persons who arrived, {sc}", x=0.01, ha="left")
    arrived = "; ".join(f"{'all' if c == ALL else c} {C.fmt_int(total[c])}" for c in codes)
    extra = [f"Persons who arrived at their destination in the reported period ({arrived}); each line or bar "
             f"colour is one nationality{'' if a.persons else ', as a share of its own arrivals'}. Journeys still "
             "under way at the end are not counted, so the longest journeys are under-represented near the end.",
             "A person's crossing attempts are its detections plus its successful crossings."]
    if doc["schema"] == "migsim-ensemble/1":
        extra.append(f"Means over {doc['meta'].get('replicates')} replicates; bands and error bars: 95% t "
                     "intervals of the mean.")
    C.finish(fig, C.caption(doc, extra=extra), a.output, a.dpi,
             legend=(handles, [h.get_label() for h in handles]), legend_ncol=min(len(handles), 5))


if __name__ == "__main__":
    C.run_main(main)
