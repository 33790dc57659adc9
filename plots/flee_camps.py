#!/usr/bin/python3
"""Camp populations of a Flee-rule run against UNHCR's counts, and the daily ARD.

Reads migsim-flee-run/1 (`migsim run FLEE_SCENARIO.lua -o`) or migsim-flee-ensemble/1
(`migsim run FLEE_SCENARIO.lua --replicates R -o`). One panel per camp: the simulated
population (for replicates the mean, with a band of +-2 sd across replicates) and UNHCR's
count as Flee interpolates it between reports (dashed); a last panel with Flee's averaged
relative difference (ARD) day by day, its mean over the run in the title.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402

RUN, ENS = "migsim-flee-run/1", "migsim-flee-ensemble/1"
# common.load names the kinds it accepts in its errors

EXAMPLE = """\
examples:
  migsim run scenarios/flee_burundi.lua -o burundi.json
  %(prog)s burundi.json -o burundi_camps
  migsim run scenarios/flee_burundi.lua --replicates 10 -o burundi10.json
  %(prog)s burundi10.json --camps Nduta,Nyarugusu -o burundi10_camps

Counts are persons (agents x hasten). The ARD of a day is sum |simulated - observed| over
the camps with UNHCR counts, divided by their observed total (Flee's measure; computed in
agents, so at hasten > 1 it can differ a little from the persons shown); "rescaled" first
scales the simulated camps to the observed total. The band of replicates is +-2 sd of the
replicates (their spread, not an interval of the mean).
"""


def parse_args(argv):
    p = C.ArgumentParser(prog=os.path.basename(sys.argv[0]), description=__doc__, epilog=EXAMPLE)
    p.add_argument("input", help=f"{RUN} or {ENS} JSON")
    p.add_argument("--camps", action="append", metavar="A,B,...",
                   help="only these camps (comma-separated; may be repeated; default every camp in meta.camps)")
    p.add_argument("--events", choices=("camps", "none"), default="camps",
                   help="mark the closures and reopenings of each camp in its panel, and those that name no camp "
                        "in every panel (default), or none")
    C.add_output_args(p)
    return p.parse_args(argv)


def numbers(x, n, what):
    if not isinstance(x, list) or len(x) != n or not all(isinstance(v, (int, float)) for v in x):
        raise C.PlotError(f"{what} is not a list of {n} numbers (one per date)")
    return x


def camp_series(doc, path):
    """[(camp, simulated, sd or None, observed or None)] in meta.camps order, the dates, and
    (ard, ard_sd or None, ard_rescaled or None)."""
    ens = doc["schema"] == ENS
    dates = doc.get("dates")
    if not isinstance(dates, list) or not dates:
        raise C.PlotError(f"{path}: no dates")
    try:
        days = [C.parse_date(d) for d in dates]
    except (TypeError, ValueError):
        raise C.PlotError(f"{path}: the dates are not YYYY-MM-DD")
    n = len(days)
    daily = doc.get("daily") or {}
    camps = daily.get("camps")
    names = doc["meta"].get("camps")
    if not isinstance(camps, dict) or not isinstance(names, list):
        raise C.PlotError(f"{path}: no meta.camps and daily.camps")
    out = []
    for name in names:
        c = camps.get(name)
        if not isinstance(c, dict):
            raise C.PlotError(f"{path}: camp '{name}' of meta.camps has no daily series")
        if ens:
            sim = numbers(c.get("mean"), n, f"daily.camps.{name}.mean")
            sd = numbers(c.get("sd"), n, f"daily.camps.{name}.sd")
        else:
            sim, sd = numbers(c.get("simulated"), n, f"daily.camps.{name}.simulated"), None
        obs = c.get("observed")
        if obs is not None:
            obs = numbers(obs, n, f"daily.camps.{name}.observed")
        out.append((name, sim, sd, obs))
    if daily.get("ard", 0) is None:  # no camp has observed counts: nothing to compare
        return out, days, (None, None, None)
    if ens:
        a, b = daily.get("ard") or {}, daily.get("ard_rescaled") or {}
        ard = (numbers(a.get("mean"), n, "daily.ard.mean"), numbers(a.get("sd"), n, "daily.ard.sd"),
               numbers(b.get("mean"), n, "daily.ard_rescaled.mean") if b else None)
    else:
        ard = (numbers(daily.get("ard"), n, "daily.ard"), None,
               numbers(daily.get("ard_rescaled"), n, "daily.ard_rescaled"))
    return out, days, ard


def event_camps(e, camp_names):
    """The camps an event concerns. A typed event (docs/flee.md, Events) names them in its
    fields: location, and from/to unless they are countries (a closure of scope country).
    A document written before events were typed has only labels: the camp names among
    their words."""
    if "type" not in e:
        words = e.get("label", "").replace(":", " ").split()
        return [c for c in camp_names if c in words]
    places = [e.get("location")]
    if e.get("scope") != "country":
        places += [e.get("from"), e.get("to")]
    return [c for c in camp_names if c in places]


def event_marks(events, camp, camp_names):
    """[(date, label, linestyle)]: the events concerning this camp (labelled without its name),
    and those concerning no camp at all."""
    marks = []
    for e in events or []:
        label, date = e.get("label", ""), e.get("date")
        if not date:
            continue
        named = event_camps(e, camp_names)
        if camp in named:
            short = label.split(":")[0] if ":" in label else label.replace(camp, "").strip()
            marks.append((C.parse_date(date), short, ":"))
        elif not named:
            marks.append((C.parse_date(date), label, ":"))
    return marks


def caption(doc, path, extra):
    meta = doc["meta"]
    sc = meta.get("scenario") or {}
    rules = f"Flee rules ({meta.get('compat', '?')})"
    if doc["schema"] == ENS:
        seeds = meta.get("seeds") or []
        span = f"seeds {seeds[0]}..{seeds[-1]}" if seeds else "seeds ?"
        who = f"{meta.get('replicates')} replicates ({span})"
    else:
        who = f"one run, seed {meta.get('seed')}"
    parts = [f"Scenario {sc.get('name', '?')} ({sc.get('file', path)}), {rules}, {who}, hasten {meta.get('hasten')}.",
             f"Reported {meta.get('start')} to {meta.get('end')}; counts in {meta.get('units', 'persons')}."]
    src = (meta.get("source") or {}).get("dir")
    parts.append("Observed: UNHCR's camp counts, interpolated daily between reports"
                 + (f" (data {src})." if src else "."))
    parts.extend(extra)
    parts.append(f"migsim {meta.get('version', '?')}.")
    return " ".join(parts)


def main():
    a = parse_args(sys.argv[1:])
    doc = C.load(a.input, (RUN, ENS))
    ens = doc["schema"] == ENS
    camps, days, (ard, ard_sd, ard_resc) = camp_series(doc, a.input)
    wanted = C.split_list(a.camps)
    known = [c[0] for c in camps]
    for w in wanted:
        if w not in known:
            raise C.PlotError(f"unknown camp '{w}' (camps: {', '.join(known) or 'none'})")
    shown = [c for c in camps if not wanted or c[0] in wanted]
    if not shown:
        raise C.PlotError(f"{a.input}: no camps to draw")
    meta = doc["meta"]
    totals = doc.get("totals") or {}
    totals_sd = doc.get("totals_sd") or {}

    plt = C.setup_matplotlib()
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    n = len(shown) + 1
    ncols = 1 if n <= 2 else 2
    nrows = -(-n // ncols)
    # wide enough for the title and the three-column legend even with one column
    fig, axes = plt.subplots(nrows, ncols, figsize=(max(9.0, 5.6 * ncols), 2.35 * nrows + 1.3), sharex=True,
                             squeeze=False)
    flat = [ax for row in axes for ax in row]
    sim_colour, obs_colour = C.PALETTE[0], C.OBSERVED_COLOUR
    sim_label = f"simulated, mean of {meta.get('replicates')} replicates" if ens else \
        f"simulated (one run, seed {meta.get('seed')})"
    no_data = []
    for i, (name, sim, sd, obs) in enumerate(shown):
        ax = flat[i]
        ax.plot(days, sim, color=sim_colour, lw=1.6, zorder=3)
        lo = 0.0
        if sd is not None:
            band_lo = [m - 2 * s for m, s in zip(sim, sd)]
            ax.fill_between(days, band_lo, [m + 2 * s for m, s in zip(sim, sd)], color=sim_colour, alpha=0.22,
                            lw=0, zorder=2)
            lo = min(lo, min(band_lo))
        if obs is not None:
            ax.plot(days, obs, color=obs_colour, lw=1.3, ls="--", zorder=4)
            title = name
        else:
            no_data.append(name)
            title = f"{name} (no UNHCR counts)"
        ax.set_title(title, loc="left", fontsize=C.FONT)
        ax.set_ylim(bottom=lo)
        ax.margins(y=0.12)
        if a.events != "none":
            C.mark_dates(ax, event_marks(meta.get("events"), name, known))

    ax = flat[len(shown)]
    ard_colour, resc_colour = C.OKABE_ITO["vermillion"], C.OKABE_ITO["green"]
    if ard is None:
        ax.text(0.5, 0.5, "no camp has observed counts:\nno ARD", transform=ax.transAxes, ha="center",
                va="center", fontsize=C.FONT, color=C.GREY)
    else:
        ax.plot(days, ard, color=ard_colour, lw=1.4, zorder=3)
    if ard_sd is not None:
        ax.fill_between(days, [m - 2 * s for m, s in zip(ard, ard_sd)], [m + 2 * s for m, s in zip(ard, ard_sd)],
                        color=ard_colour, alpha=0.22, lw=0, zorder=2)
    if ard_resc is not None:
        ax.plot(days, ard_resc, color=resc_colour, lw=1.2, ls="-.", zorder=3)
    ax.set_title("averaged relative difference (ARD), by day", loc="left", fontsize=C.FONT)
    ax.set_ylim(bottom=0)
    ax.margins(y=0.1)
    ax.set_ylabel("ARD")

    # month_axis spaces its labels by the number of months: one date per month
    months = sorted({d.replace(day=1) for d in days})
    for i, ax in enumerate(flat):
        if i >= n:
            ax.set_visible(False)
            continue
        if i < len(shown):
            C.thousands(ax)
            if i % ncols == 0:
                ax.set_ylabel("persons")
        last_in_col = i + ncols >= n
        C.month_axis(ax, months, label=last_in_col)
        if last_in_col:
            ax.tick_params(labelbottom=True)

    def num(key, digits=3):
        v = totals.get(key)
        return f"{v:.{digits}f}" if isinstance(v, (int, float)) else "?"

    if a.title:
        title = a.title
    else:
        sc = (meta.get("scenario") or {}).get("name", "")
        mean_ard = f"mean ARD {num('ard')}" if ard is not None else "no observed counts, no ARD"
        if ens and isinstance(totals_sd.get("ard"), (int, float)):
            mean_ard += f" (sd {totals_sd['ard']:.3f} across replicates)"
        if isinstance(totals.get("ard_rescaled"), (int, float)):
            mean_ard += f", rescaled {num('ard_rescaled')}"
        title = f"{sc + ': ' if sc else ''}camp populations, simulated and UNHCR; {mean_ard}"
    fig.suptitle(title, x=0.01, ha="left")

    handles = [Line2D([], [], color=sim_colour, lw=1.6, label=sim_label)]
    if ens:
        handles.append(Patch(color=sim_colour, alpha=0.22, label="\u00b12 sd across replicates"))
    handles.append(Line2D([], [], color=obs_colour, lw=1.3, ls="--", label="UNHCR (observed)"))
    if ard is not None:
        handles.append(Line2D([], [], color=ard_colour, lw=1.4, label="ARD" + (" (mean \u00b12 sd)" if ens else "")))
    if ard_resc is not None:
        handles.append(Line2D([], [], color=resc_colour, lw=1.2, ls="-.", label="ARD, rescaled"))
    if a.events != "none" and meta.get("events"):
        handles.append(Line2D([], [], color=C.GREY, ls=":", label="closure / reopening"))
    extra = []
    if ens and ard is not None and ard_resc is None:
        extra.append("The rescaled ARD is not kept in these replicates.")
    if wanted and len(shown) < len(camps):
        extra.append("The ARD covers every camp with UNHCR counts, not only those shown.")
    if no_data:
        extra.append(f"No UNHCR counts for {', '.join(no_data)}: not in the ARD.")
    if ard is not None:
        extra.append("Mean ARD: the daily ARD averaged over all days.")
    C.finish(fig, caption(doc, a.input, extra), a.output, a.dpi, legend=(handles, [h.get_label() for h in handles]),
             legend_ncol=3)


if __name__ == "__main__":
    C.run_main(main)
