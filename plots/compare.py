#!/usr/bin/python3
"""Figures of a paired comparison (migsim-compare/1, from `migsim compare`).

--figure forest (default): the mean paired difference policy - baseline of each chosen total,
with its 95% interval, one panel per group of indicators (headline totals, Frontex-comparable
detections by nationality, ...). --figure series: the arms' monthly series side by side
(mean and 95% band), or with --show differences the monthly paired differences.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402

EXAMPLE = """\
examples:
  migsim compare scenarios/wb2022_no_visa_alignment.lua scenarios/wb2022.lua \\
      --replicates 10 --fork-at 2022-10-20 -o cmp.json
  %(prog)s cmp.json -o visa_forest
  %(prog)s cmp.json --indicators frontex_detections,arrivals,frontex_detections.IND -o forest_short
  %(prog)s cmp.json --figure series --series frontex_detections --nationality BDI,TUN,IND,CUB -o visa_series
  %(prog)s cmp.json --figure series --show differences --nationality IND -o ind_difference

The default indicators are the headline totals of the printed summary and
frontex_detections.<nationality> for every nationality. Totals are sums over the reported
period; all counts are persons.
"""

HEADLINE = ("departures", "deterred", "switched_channel", "detections", "frontex_detections", "persons_detected",
            "pushbacks", "registrations", "arrivals", "asylum_applications", "returned")


def parse_args(argv):
    p = C.ArgumentParser(prog=os.path.basename(sys.argv[0]), description=__doc__, epilog=EXAMPLE)
    p.add_argument("input", help="migsim-compare/1 JSON")
    p.add_argument("--figure", choices=("forest", "series"), default="forest",
                   help="forest plot of the differences in totals (default), or monthly series")
    p.add_argument("--arm", action="append", metavar="NAME",
                   help="policy arm(s) to show (comma-separated; default: every policy arm)")
    p.add_argument("--indicators", action="append", metavar="KEY,...",
                   help="forest: keys of the totals, e.g. frontex_detections,frontex_detections.IND,arrivals.AT "
                        "(default: headline totals and frontex_detections by nationality)")
    p.add_argument("--series", default="frontex_detections", help="series: monthly series (default frontex_detections)")
    p.add_argument("--by", choices=("nationality", "border", "channel", "country", "location", "route", "total"),
                   help="series: one panel per value of this dimension (default nationality where the series has it)")
    for d in C.DIMS:
        p.add_argument(f"--{d}", action="append", metavar="A,B,...", help=f"series: select these {d} values")
    p.add_argument("--show", choices=("arms", "differences"), default="arms",
                   help="series: the arms side by side (default) or the paired differences")
    p.add_argument("--events", choices=("all", "visa", "none"), default="all",
                   help="series: mark the fork date and the policy arms' events (default all: visa-regime "
                        "changes by name, the scenario's other events - at(), when(), set(), event(), ... - "
                        "numbered, with their labels in the caption), their visa changes only, or none")
    p.add_argument("--from", dest="frm", metavar="YYYY-MM", help="series: first month shown")
    p.add_argument("--to", metavar="YYYY-MM", help="series: last month shown")
    C.add_output_args(p)
    return p.parse_args(argv)


def policy_arms(doc, wanted):
    meta = doc["meta"]
    base = meta.get("baseline")
    names = [a["name"] for a in meta.get("arms", [])]
    policies = [n for n in names if n != base and n in doc.get("differences", {})]
    if not policies:
        raise C.PlotError("the comparison has no policy arm")
    if wanted:
        for w in wanted:
            if w == base:
                raise C.PlotError(f"'{w}' is the baseline; --arm names a policy arm ({', '.join(policies)})")
            if w not in policies:
                raise C.PlotError(f"unknown arm '{w}' (policy arms: {', '.join(policies)}; baseline: {base})")
        return base, wanted
    return base, policies


# Totals not in persons (docs/output-schema.json says so in each description): they get
# panels, axes and number formats of their own.
UNITS = {"groups_dismantled": "groups", "groups_replaced": "groups", "groups_active_end": "groups",
         "group_dismantled": "groups", "arrests_dismantling": "arrests", "smuggled_share": "share",
         "smuggling_mean_price": "EUR per person", "smuggling_price_offered": "EUR per person",
         "smuggling_revenue": "EUR", "group_revenue": "EUR"}


def unit_of(key):
    return UNITS.get(key.split(".")[0], "persons")


def fmt_value(v, unit):
    if unit == "share":
        return f"{v:+.4f}".replace("-", "\u2212") if v else "0"
    return C.fmt_int(v) if v < 0 else "+" + C.fmt_int(v)


def group_of(key, meta):
    """(group id, group title, row label) of a totals key."""
    nat_names, loc_names = C.world_names(meta)
    unit = unit_of(key)
    if "." not in key:
        if unit != "persons":
            return unit, f"Totals over the reported period ({unit})", key
        return "", "Totals over the reported period", key
    prefix, rest = key.split(".", 1)
    w = meta.get("world", {})
    if rest in nat_names:
        kind, label = "nationality", C.nat_label(rest, nat_names)
    elif rest in {b["name"] for b in w.get("borders", [])}:
        kind, label = "border segment", rest
    elif rest in {c["code"] for c in w.get("countries", [])}:
        kind, label = "country", rest
    else:
        kind, label = "key", rest
    return prefix, f"{prefix} by {kind}" + ("" if unit == "persons" else f" ({unit})"), label


def forest(doc, a):
    meta = doc["meta"]
    base, arms = policy_arms(doc, C.split_list(a.arm))
    totals = doc["differences"][arms[0]]["totals"]
    nat_codes = [n["code"] for n in meta.get("world", {}).get("nationalities", [])]
    if a.indicators:
        keys = C.split_list(a.indicators)
        for k in keys:
            if k not in totals:
                near = [t for t in totals if t.split(".")[0] == k.split(".")[0]][:12]
                hint = f" (e.g. {', '.join(near)})" if near else " (see the document's totals)"
                raise C.PlotError(f"unknown indicator '{k}'{hint}")
    else:
        keys = [k for k in HEADLINE if k in totals]
        keys += [f"frontex_detections.{n}" for n in nat_codes if f"frontex_detections.{n}" in totals]
    groups = {}
    for k in keys:
        gid, title, label = group_of(k, meta)
        groups.setdefault(gid, {"title": title, "rows": []})["rows"].append((k, label))
    order = list(groups)
    plt = C.setup_matplotlib()
    heights = [len(groups[g]["rows"]) * (0.32 + 0.16 * (len(arms) - 1)) + 0.9 for g in order]
    fig, axes = plt.subplots(len(order), 1, figsize=(10.5, sum(heights) + 1.2),
                             gridspec_kw={"height_ratios": heights}, squeeze=False)
    base_tot = doc["arms"][base]["totals"]
    n_arms = len(arms)
    for gi, g in enumerate(order):
        ax = axes[gi][0]
        rows = groups[g]["rows"]
        ylabels = []
        for ri, (k, label) in enumerate(rows):
            ylabels.append(label)
            for ai, arm in enumerate(arms):
                d = doc["differences"][arm]["totals"][k]
                y = ri + (ai - (n_arms - 1) / 2) * (0.8 / max(n_arms, 1))
                colour = C.PALETTE[(ai + 1) % len(C.PALETTE)] if n_arms > 1 else C.PALETTE[0]
                ax.errorbar(d["mean"], y, xerr=[[d["mean"] - d["lo"]], [d["hi"] - d["mean"]]], fmt="o",
                            color=colour, ms=5, capsize=3, lw=1.6, zorder=3,
                            label=f"{arm} \u2212 {base}" if ri == 0 and gi == 0 else None)
                b = base_tot[k]["mean"]
                pct = round(100 * d["mean"] / b, 1) if b else None
                rel = "  (baseline 0)" if pct is None else ("  0.0%" if pct == 0 else
                                                             f"  {pct:+.1f}%".replace("-", "\u2212"))
                u = unit_of(k)
                lo_s, hi_s = (f"{d['lo']:.4f}".replace("-", "\u2212"), f"{d['hi']:.4f}".replace("-", "\u2212")) \
                    if u == "share" else (C.fmt_int(d["lo"]), C.fmt_int(d["hi"]))
                txt = f"{fmt_value(d['mean'], u)}  [{lo_s}, {hi_s}]{rel}"
                ax.annotate(txt, xy=(1.0, y), xycoords=("axes fraction", "data"), xytext=(8, 0),
                            textcoords="offset points", va="center", ha="left", fontsize=C.FONT - 1.5,
                            color=colour if n_arms > 1 else "#222222")
        ax.axvline(0, color=C.GREY, lw=1, ls="--", zorder=1)
        ax.set_yticks(range(len(rows)))
        ax.set_yticklabels(ylabels)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.grid(axis="y", visible=False)
        ax.set_title(groups[g]["title"], loc="left", fontsize=C.FONT)
        unit = unit_of(rows[0][0])
        if unit != "share":
            C.thousands(ax, "x")
        lo, hi = ax.get_xlim()
        if all(doc["differences"][arm]["totals"][k][s] == 0 for arm in arms for k, _ in rows
               for s in ("mean", "lo", "hi")):
            lo, hi = -1, 1  # all exactly zero (e.g. a scenario compared with itself)
        ax.set_xlim(min(lo, 0), max(hi, 0))
        ax.set_xlabel(f"difference {'policy' if n_arms > 1 else arms[0]} \u2212 {base}, {unit} over "
                      f"{meta.get('start')} to {meta.get('end')}", fontsize=C.FONT - 1)
        ax.annotate("difference [95% interval]  change", xy=(1.0, 1.0), xycoords="axes fraction", xytext=(8, 4),
                    textcoords="offset points", va="bottom", ha="left", fontsize=C.FONT - 1.5, color="#444444")
    title = a.title or (f"Effect of {arms[0]} against {base}: paired differences in totals" if n_arms == 1
                        else f"Paired differences of {len(arms)} policy arms against {base}")
    fig.suptitle(title, x=0.01, ha="left")
    extra = [f"Points: mean paired difference over {meta.get('replicates')} replicates; bars: its 95% interval "
             "(simulation noise only, conditional on the model and its parameters). Change: difference relative to "
             "the baseline mean."]
    legend = None
    if n_arms > 1:
        h, lab = axes[0][0].get_legend_handles_labels()
        legend = (h, lab)
    C.finish(fig, C.caption(doc, extra=extra), a.output, a.dpi, legend=legend)


def arm_marks(doc, arms, key, by, mode="visa"):
    meta = doc["meta"]
    marks = []
    if meta.get("fork_at"):
        marks.append((C.parse_date(meta["fork_at"]), "fork", "-."))
    for arm in arms:
        marks += C.visa_marks(C.doc_events(doc, arm), key if by == "nationality" else None,
                              suffix=f" ({arm})" if len(arms) > 1 else "")
    if mode == "all":
        marks += arm_user_events(doc, arms)[0]
    return marks


def arm_user_events(doc, arms):
    """The policy arms' own events (not visa changes), numbered by day over all arms: marks and key."""
    return C.numbered_marks([e for arm in arms for e in C.doc_events(doc, arm)])


def series(doc, a):
    meta = doc["meta"]
    base, arms = policy_arms(doc, C.split_list(a.arm))
    months = doc.get("months") or []
    if a.show == "arms":
        shown = [(base, doc["arms"][base]["monthly"])] + [(arm, doc["arms"][arm]["monthly"]) for arm in arms]
    else:
        shown = [(f"{arm} \u2212 {base}", doc["differences"][arm]["monthly"]) for arm in arms]
    tree0 = shown[0][1]
    C.check_series(tree0, a.series, a.input)
    dims = C.dims(a.series)
    by = a.by or ("nationality" if "nationality" in dims else (dims[0] if dims else "total"))
    filters = {d: C.split_list(getattr(a, d)) for d in C.DIMS}
    sel = [(name, C.select(tree, a.series, filters, by, months)[0]) for name, tree in shown]
    keys = list(sel[0][1])
    idx = C.month_range(months, a.frm, a.to)
    dates = [C.series_date(a.series, months[i]) for i in idx]
    nat_names, loc_names = C.world_names(meta)
    n = len(keys)
    plt = C.setup_matplotlib()
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    ncols = 1 if n == 1 else (2 if n <= 10 else 3)
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(5.6 * ncols if n > 1 else 9, 2.6 * nrows + 1.2), sharex=True,
                             squeeze=False)
    flat = [ax for row in axes for ax in row]
    multi = False
    for i, k in enumerate(keys):
        ax = flat[i]
        lo_all = [0.0]
        for si, (name, lines) in enumerate(sel):
            agg = lines[k]
            colour, ls = C.style(si)
            ax.plot(dates, [agg.mean[j] for j in idx], color=colour, ls=ls, lw=1.8, marker="o", ms=3, zorder=3)
            ax.fill_between(dates, [agg.lo[j] for j in idx], [agg.hi[j] for j in idx], color=colour, alpha=0.2,
                            lw=0, zorder=2)
            lo_all.extend(agg.lo[j] for j in idx)
            multi = multi or agg.cells > 1
        if a.show == "differences":
            ax.axhline(0, color=C.GREY, lw=1, ls="--", zorder=1)
            ax.margins(y=0.15)
        else:
            ax.set_ylim(bottom=min(lo_all))
            ax.margins(y=0.12)
        label = C.nat_label(k, nat_names) if by == "nationality" else (loc_names.get(k, k) if by == "location" else k)
        ax.set_title(label, loc="left", fontsize=C.FONT)
        if a.events != "none":
            C.mark_dates(ax, arm_marks(doc, arms, k if by == "nationality" else None, by, a.events),
                         labels=(by == "nationality" or i < ncols))
    unit = C.unit_label(a.series)
    if a.show == "differences":
        unit = "difference, " + unit
    for i, ax in enumerate(flat):
        if i >= n:
            ax.set_visible(False)
            continue
        C.thousands(ax)
        last_in_col = i + ncols >= n
        C.month_axis(ax, dates, label=last_in_col)
        if last_in_col:
            ax.tick_params(labelbottom=True)
        if i % ncols == 0:
            ax.set_ylabel(unit)
    desc = C.SERIES[a.series][1]
    split = "" if by == "total" else f" by {by}"
    when = "at the end of each month" if C.SERIES[a.series][0] == "stock" else "per month"
    if a.title:
        title = a.title
    elif a.show == "arms":
        title = f"{desc[0].upper() + desc[1:]}{split}, {when}: {' vs '.join(name for name, _ in shown)}"
    else:
        title = f"{desc[0].upper() + desc[1:]}{split}, {when}: paired difference"
    fig.suptitle(title, x=0.01, ha="left")
    handles = []
    for si, (name, _) in enumerate(shown):
        colour, ls = C.style(si)
        suffix = " (baseline)" if a.show == "arms" and name == base else ""
        handles.append(Line2D([], [], color=colour, ls=ls, lw=1.8, marker="o", ms=3, label=f"{name}{suffix}, mean"))
    handles.append(Patch(color=C.GREY, alpha=0.3, label="95% interval of the mean"
                         + (" difference" if a.show == "differences" else "")))
    if a.events != "none":
        if meta.get("fork_at"):
            handles.append(Line2D([], [], color=C.GREY, ls="-.", label=f"fork {meta['fork_at']}"))
        handles.append(Line2D([], [], color=C.GREY, ls="-", label="visa regime change (policy arm)"))
        handles.append(Line2D([], [], color=C.GREY, ls=":", label="announcement"))
    user_key = arm_user_events(doc, arms)[1] if a.events == "all" else []
    if user_key:
        handles.append(Line2D([], [], color=C.GREY, ls="--", label="scenario event (numbered, see below)"))
    extra = [f"Lines: mean over {meta.get('replicates')} replicates; bands: 95% interval of the mean"
             + (" paired difference" if a.show == "differences" else "") + "."]
    if multi:
        extra.append("A panel that sums several series cells gets the sum of their bounds as band, a conservative "
                     "95% interval (the correlation between cells is not in the document).")
    if C.SERIES[a.series][0] == "stock":
        extra.append("Stocks are end-of-month values, drawn at the last day of the month.")
    if user_key:
        extra.append(C.events_note(user_key))
    C.finish(fig, C.caption(doc, extra=extra), a.output, a.dpi, legend=(handles, [h.get_label() for h in handles]))


def main():
    a = parse_args(sys.argv[1:])
    doc = C.load(a.input, ("migsim-compare/1",))
    # Check the selection before drawing anything (errors are fast and leave no file).
    if a.figure == "forest":
        forest(doc, a)
    else:
        series(doc, a)


if __name__ == "__main__":
    C.run_main(main)
