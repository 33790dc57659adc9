#!/usr/bin/python3
"""Forecast fan chart: Frontex-comparable detections of an ensemble, with its 50/80/95% bands
over replicates, against the published series up to the last month of data.

example:
  build/migsim run scenarios/wb_forecast.lua --replicates 20 -o forecast.json
  plots/forecast.py forecast.json --series total,SYR,AFG,IND -o plots/out/forecast

--series: "total" (the route total: Frontex's series S01, data/wb_ibc_monthly.csv) and/or
nationality codes (data/wb_nationality_monthly.csv). The bands are quantiles over replicates
(type 7) that the ensemble writes (monthly.frontex_total / frontex_detections.<NAT>: q025, q10,
q50, q90, q975; docs/ensembles.md); the 50% band is from each replicate's values. Months after
the last published month (2022-09 in this repository) are the forecast.
"""
import csv
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def observed_total(path):
    out = {}
    try:
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row.get("source") == "S01" and row.get("series", "").startswith("frontex_download"):
                    out[f"{int(row['year']):04d}-{int(row['month']):02d}"] = float(row["detections"])
    except OSError as e:
        raise common.PlotError(f"{path}: {e.strerror}")
    return out


def quantile(values, p):
    v = sorted(values)
    h = (len(v) - 1) * p
    lo = int(h)
    return v[lo] + (h - lo) * (v[min(lo + 1, len(v) - 1)] - v[lo])


def main():
    p = common.ArgumentParser(prog="forecast.py", description=__doc__)
    p.add_argument("ensemble", help="a migsim-ensemble/1 document (migsim run --replicates R)")
    p.add_argument("--series", default="total", help="total and/or nationality codes, comma-separated")
    p.add_argument("--from", dest="frm", default="2021-01", help="first month shown (default %(default)s)")
    p.add_argument("--data", default=os.path.join(ROOT, "data"), help="folder of the published series")
    p.add_argument("--events", choices=("all", "visa", "none"), default="all",
                   help="mark every policy event (default: visa-regime changes by name, the scenario's other "
                        "events - at(), when(), set(), event(), ... - numbered, with their labels in the "
                        "caption), the visa changes only, or none")
    common.add_output_args(p)
    a = p.parse_args()
    doc = common.load(a.ensemble, ("migsim-ensemble/1",))
    monthly = doc["monthly"]
    if "frontex_total" not in monthly:
        raise common.PlotError(f"{a.ensemble}: no monthly.frontex_total: made by a migsim without ensemble "
                               "quantiles; rerun it")
    obs_nat, _ = common.read_observed(os.path.join(a.data, "wb_nationality_monthly.csv"))
    obs_tot = observed_total(os.path.join(a.data, "wb_ibc_monthly.csv"))
    last_obs = max(obs_tot)
    series = common.split_list([a.series])
    names, _ = common.world_names(doc["meta"])
    months = doc["months"]
    # The package's monthly table: quantiles and replicates by month, as migsim.read() gives them.
    total = common.series_cells(monthly, "frontex_total", months)[0][1]
    by_nat = {keys[0]: cell for keys, cell in common.series_cells(monthly, "frontex_detections", months)}
    leaves = []
    for s in series:
        if s == "total":
            leaves.append(("total", "Route total", total, obs_tot))
        elif s in by_nat:
            leaf = by_nat[s]
            got = obs_nat.get(s, {})
            # the published table lists non-zero months only
            full = {m: got.get(m, 0.0) for m in obs_tot}
            leaves.append((s, common.nat_label(s, names), leaf, full))
        else:
            raise common.PlotError(f"unknown series '{s}': give total or one of "
                                   f"{', '.join(sorted(by_nat))}")
    keep = [i for i, m in enumerate(months) if m >= a.frm]
    if not keep:
        raise common.PlotError(f"--from {a.frm} is after the last month {months[-1]}")
    plt = common.setup_matplotlib()
    fig, axes = plt.subplots(len(leaves), 1, figsize=(8, 2.6 * len(leaves) + 0.8), squeeze=False)
    dates = [common.month_date(months[i]) for i in keep]
    handles = None
    for ax, (code, label, leaf, obs) in zip(axes[:, 0], leaves):
        reps = leaf.get("replicates")
        q25 = [quantile([r[i] for r in reps], 0.25) for i in keep] if reps else None
        q75 = [quantile([r[i] for r in reps], 0.75) for i in keep] if reps else None
        col = common.style(0)[0]
        b95 = ax.fill_between(dates, [leaf["q025"][i] for i in keep], [leaf["q975"][i] for i in keep],
                              color=col, alpha=0.15, lw=0)
        b80 = ax.fill_between(dates, [leaf["q10"][i] for i in keep], [leaf["q90"][i] for i in keep],
                              color=col, alpha=0.25, lw=0)
        hs = [b95, b80]
        if q25:
            hs.append(ax.fill_between(dates, q25, q75, color=col, alpha=0.35, lw=0))
        (med,) = ax.plot(dates, [leaf["q50"][i] for i in keep], color=col, lw=1.6)
        om = [m for m in (months[i] for i in keep) if m in obs]
        (ob,) = ax.plot([common.month_date(m) for m in om], [obs[m] for m in om], color="black", lw=1.2,
                        marker="o", ms=2.5)
        ax.axvline(common.month_end(last_obs), color="#555555", lw=0.8, ls="--")
        if a.events != "none":
            events = common.doc_events(doc)
            marks = common.visa_marks(events, code if code != "total" else None)
            if a.events == "all":
                marks += common.numbered_marks(events)[0]
            # marks before --from are left out (the axis starts there)
            common.mark_dates(ax, [m for m in marks if m[0] >= dates[0]], labels=ax is axes[0, 0] or code != "total")
        ax.set_title(label, loc="left", fontsize=common.FONT)
        ax.set_ylim(bottom=0)
        common.month_axis(ax, dates, label=ax is axes[-1, 0])
        common.thousands(ax)
        ax.set_ylabel("detections / month")
        handles = (hs + [med, ob], ["95% band", "80% band", "50% band"][:len(hs)] +
                   ["median of replicates", f"published (Frontex, to {last_obs})"])
    user_key = [k for m, k in zip(*common.numbered_marks(common.doc_events(doc))) if m[0] >= dates[0]] \
        if a.events == "all" else []
    draws = "demand paths and parameter draws" if doc["meta"].get("posterior") else "demand paths"
    cap = common.caption(doc, extra=[f"Bands: quantiles over replicates ({draws} included; not the observation "
                                     f"model's spread, which the backtests add); dashed line: last published "
                                     f"month {last_obs}."] +
                      ([common.events_note(user_key)] if user_key else []))
    common.finish(fig, cap, a.output, a.dpi, legend=handles, legend_ncol=3)


if __name__ == "__main__":
    common.run_main(main)
