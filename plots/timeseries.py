#!/usr/bin/python3
"""Monthly series of a migsim run or ensemble, by nationality, border, country, ...

Reads migsim-run/1 (`migsim run -o`) or migsim-ensemble/1 (`migsim run --replicates -o`).
For an ensemble the line is the mean over replicates and the band its 95% interval.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402

EXAMPLE = """\
examples:
  migsim run scenarios/wb2022.lua -o wb2022.json
  %(prog)s wb2022.json --series frontex_detections --observed data/wb_nationality_monthly.csv -o frontex_monthly
  %(prog)s wb2022.json --series detections --by border --border RS-HU,RS-HR,BA-HR -o detections_by_border
  %(prog)s ens.json --series departures --nationality IND,TUN --total -o departures

series (dimensions): departures, switched_channel, deterred (nationality, channel); attempts,
  detections, pushbacks, registrations, detained (border, nationality); frontex_detections,
  persons_detected, returned (nationality); arrivals, asylum_applications (country,
  nationality); stock, in_reception (location); in_transit (none); route_entries (route).
Lines are split by --by and summed over the other dimensions, after the --nationality,
--border, ... selections. Flows are persons per month, stocks persons at the end of the month.
"""


def parse_args(argv):
    p = C.ArgumentParser(prog=os.path.basename(sys.argv[0]), description=__doc__, epilog=EXAMPLE)
    p.add_argument("input", help="migsim-run/1 or migsim-ensemble/1 JSON")
    p.add_argument("--series", default="frontex_detections",
                   help="monthly series to plot (default frontex_detections)")
    p.add_argument("--by", choices=("nationality", "border", "channel", "country", "location", "route", "total"),
                   help="one line (or panel) per value of this dimension, or one 'total' line "
                        "(default: nationality where the series has it, else its first dimension)")
    for d in C.DIMS:
        p.add_argument(f"--{d}", action="append", metavar="A,B,...",
                       help=f"select these {d} values (comma-separated; may be repeated)")
    p.add_argument("--total", action="store_true", help="add a line for the sum of the shown lines")
    p.add_argument("--layout", choices=("auto", "single", "panels"), default="auto",
                   help="one axes for all lines, or one panel per line (default auto: panels when there are "
                        "more than 4 lines or an --observed overlay)")
    p.add_argument("--observed", metavar="CSV",
                   help="overlay published monthly detections by nationality (columns "
                        "nationality,iso3,year,month,detections,source, e.g. data/wb_nationality_monthly.csv); "
                        "only with --series frontex_detections --by nationality")
    p.add_argument("--events", choices=("all", "visa", "none"), default="all",
                   help="mark every policy event (default: visa-regime changes and their announcements by "
                        "name, the scenario's other events - at(), when(), set(), event(), ... - numbered, "
                        "with their labels in the caption), the visa changes only, or none")
    p.add_argument("--from", dest="frm", metavar="YYYY-MM", help="first month shown")
    p.add_argument("--to", metavar="YYYY-MM", help="last month shown")
    C.add_output_args(p)
    return p.parse_args(argv)


def event_marks(doc, key, by, shown, mode):
    """[(date, label, linestyle)] for a panel of `key` (or for all shown lines when key is None)."""
    if mode == "none":
        return []
    events = C.doc_events(doc)
    marks = C.visa_marks(events, key if by == "nationality" else None, shown if by == "nationality" else None)
    if mode == "all":
        marks += C.numbered_marks(events)[0]
    return marks


def main():
    a = parse_args(sys.argv[1:])
    doc = C.load(a.input, ("migsim-run/1", "migsim-ensemble/1"))
    months = doc.get("months") or []
    tree = doc.get("monthly") or {}
    if not months:
        raise C.PlotError(f"{a.input}: no months")
    C.check_series(tree, a.series, a.input)
    dims = C.dims(a.series)
    by = a.by or ("nationality" if "nationality" in dims else (dims[0] if dims else "total"))
    filters = {d: C.split_list(getattr(a, d)) for d in C.DIMS}
    lines, _ = C.select(tree, a.series, filters, by, months)
    idx = C.month_range(months, a.frm, a.to)
    ensemble = doc["schema"] == "migsim-ensemble/1"
    meta = doc["meta"]
    nat_names, loc_names = C.world_names(meta)

    observed, sources = None, []
    if a.observed:
        if a.series != "frontex_detections" or by != "nationality":
            raise C.PlotError("--observed is Frontex's published series by nationality: use it with "
                              "--series frontex_detections --by nationality")
        observed, sources = C.read_observed(a.observed)

    keys = list(lines)
    if a.total and len(keys) > 1 and by != "total":
        tot = C.Agg(len(months))
        for k in keys:
            tot.mean = [x + y for x, y in zip(tot.mean, lines[k].mean)]
            if lines[k].lo is not None:
                tot.lo = [x + y for x, y in zip(tot.lo or [0.0] * len(months), lines[k].lo)]
                tot.hi = [x + y for x, y in zip(tot.hi or [0.0] * len(months), lines[k].hi)]
            tot.cells += lines[k].cells
        lines["total"] = tot
        keys.append("total")
    n = len(keys)
    panels = a.layout == "panels" or (a.layout == "auto" and n > 1 and (n > 4 or observed is not None))

    plt = C.setup_matplotlib()
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    dates = [C.series_date(a.series, months[i]) for i in idx]
    unit = C.unit_label(a.series)
    desc = C.SERIES[a.series][1]

    def label_of(k):
        if k == "total":
            return "total of the lines shown"
        if by == "nationality":
            return C.nat_label(k, nat_names)
        if by == "location":
            return loc_names.get(k, k)
        return k

    if panels:
        ncols = 1 if n == 1 else (2 if n <= 10 else 3)
        nrows = -(-n // ncols)
        fig, axes = plt.subplots(nrows, ncols, figsize=(5.6 * ncols, 2.35 * nrows + 1.1), sharex=True,
                                 squeeze=False)
    else:
        fig, ax0 = plt.subplots(figsize=(10, 5.6))
        axes = [[ax0]]
    flat = [ax for row in axes for ax in row]

    band_note = False
    obs_months_used = []
    obs_label = f"Frontex ({', '.join(sources)}), published" if sources else "published (observed)"
    sim_label = "simulated, mean of replicates" if ensemble else f"simulated (one run, seed {meta.get('seed')})"
    for i, k in enumerate(keys):
        ax = flat[i] if panels else flat[0]
        agg = lines[k]
        colour, ls = (C.PALETTE[0], "-") if panels else C.style(i)
        if k == "total" and not panels:
            colour, ls = C.OKABE_ITO["black"], "-"
        y = [agg.mean[j] for j in idx]
        lab = sim_label if panels else label_of(k)
        ax.plot(dates, y, color=colour, ls=ls, lw=1.8, marker="o", ms=3, label=lab, zorder=3)
        if agg.lo is not None:
            ax.fill_between(dates, [agg.lo[j] for j in idx], [agg.hi[j] for j in idx], color=colour, alpha=0.22,
                            lw=0, zorder=2)
            band_note = band_note or agg.cells > 1
        if observed is not None and k != "total":
            obs = observed.get(k, {})
            pts = [(C.series_date(a.series, months[j]), obs[months[j]]) for j in idx if months[j] in obs]
            if pts:
                obs_months_used.extend(months[j] for j in idx if months[j] in obs)
                ax.plot([p[0] for p in pts], [p[1] for p in pts], ls="none", marker="D", ms=4.5,
                        mfc="white" if not panels else C.OBSERVED_COLOUR,
                        mec=colour if not panels else C.OBSERVED_COLOUR, mew=1.3, zorder=4,
                        label=(obs_label if panels else f"{k}: {obs_label}"))
        if panels:
            ax.set_title(label_of(k), loc="left", fontsize=C.FONT)
            lo = min([0.0] + (list(agg.lo[j] for j in idx) if agg.lo is not None else []))
            ax.set_ylim(bottom=lo)
            ax.margins(y=0.12)
            marks = event_marks(doc, k if by == "nationality" else None, by, keys, a.events)
            # the same marks in every panel: label them in the first row only
            C.mark_dates(ax, marks, labels=(by == "nationality" or i < len(axes[0])))
    if not panels:
        ax = flat[0]
        lo = min([0.0] + [min(lines[k].lo[j] for j in idx) for k in keys if lines[k].lo is not None])
        ax.set_ylim(bottom=lo)
        ax.margins(y=0.1)
        C.mark_dates(ax, event_marks(doc, None, by, keys, a.events))
        ax.set_ylabel(unit)

    for i, ax in enumerate(flat):
        if i >= n:
            ax.set_visible(False)
            continue
        C.thousands(ax)
        row, col = divmod(i, len(axes[0]))
        last_in_col = not panels or i + len(axes[0]) >= n
        C.month_axis(ax, dates, label=last_in_col)
        if last_in_col:
            ax.tick_params(labelbottom=True)
        if panels and col == 0:
            ax.set_ylabel(unit)

    # Title
    split = "" if by == "total" else f" by {by}"
    if a.title:
        title = a.title
    elif observed is not None:
        title = f"{desc[0].upper() + desc[1:]}{split}: simulated and published, per month"
    else:
        when = "at the end of each month" if C.SERIES[a.series][0] == "stock" else "per month"
        title = f"{desc[0].upper() + desc[1:]}{split}, {when}"
    sel = "; ".join(f"{d}: {', '.join(v)}" for d, v in filters.items() if v and d != by)
    if sel:
        title += f" ({sel})"
    fig.suptitle(title, x=0.01, ha="left")

    # Legend: in panels, a figure legend of what the marks mean; single axes: its own legend
    extra = []
    if ensemble:
        extra.append(f"Line: mean over {meta.get('replicates')} replicates; band: 95% interval of the mean.")
        if band_note:
            extra.append("A line that sums several series cells gets the sum of their bounds as band, a "
                         "conservative 95% interval (the correlation between cells is not in the document).")
    if C.SERIES[a.series][0] == "stock":
        extra.append("Stocks are end-of-month values, drawn at the last day of the month.")
    if a.events == "all":
        note = C.events_note(C.numbered_marks(C.doc_events(doc))[1])
        if note:
            extra.append(note)
    if observed is not None:
        if obs_months_used:
            extra.append(f"{obs_label}: {os.path.basename(a.observed)}, months {min(obs_months_used)} to "
                         f"{max(obs_months_used)}.")
        else:
            extra.append(f"{obs_label}: no published values for these nationalities and months.")
    if a.series == "frontex_detections":
        extra.append("Frontex-comparable: detected attempts at the segments counted by Frontex.")
    legend = None
    if panels:
        handles = [Line2D([], [], color=C.PALETTE[0], lw=1.8, marker="o", ms=3, label=sim_label)]
        if ensemble:
            handles.append(Patch(color=C.PALETTE[0], alpha=0.22, label="95% interval of the mean"))
        if observed is not None:
            handles.append(Line2D([], [], ls="none", marker="D", ms=4.5, color=C.OBSERVED_COLOUR, label=obs_label))
        if a.events != "none":
            handles.append(Line2D([], [], color=C.GREY, ls="-", label="visa regime changes (date in force)"))
            handles.append(Line2D([], [], color=C.GREY, ls=":", label="announcement"))
            if a.events == "all" and C.numbered_marks(C.doc_events(doc))[1]:
                handles.append(Line2D([], [], color=C.GREY, ls="--", label="scenario event (numbered, see below)"))
        legend = (handles, [h.get_label() for h in handles])
    else:
        ax = flat[0]
        h, lbl = ax.get_legend_handles_labels()
        if ensemble:
            h.append(Patch(color=C.GREY, alpha=0.3))
            lbl.append("band: 95% interval of the mean")
        ax.legend(h, lbl, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0, frameon=False)
    C.finish(fig, C.caption(doc, extra=extra), a.output, a.dpi, legend=legend)


if __name__ == "__main__":
    C.run_main(main)
