#!/usr/bin/python3
"""Figures of a calibration (migsim-calibration/1, from `migsim calibrate SPEC.lua -o POST.json`).

Writes into DIR, each as .png and .svg:
  marginals  the weighted posterior histogram of each parameter, on its prior's range, with the
             prior's density (grey), the scenario's value (orange, dashed) and the posterior
             median and 90% interval;
  pairs      a pairs plot of up to 12 parameters: weighted scatter below the diagonal (the
             bigger and darker a point, the heavier the particle), marginals on the diagonal,
             the weighted correlation above it;
  fit        the posterior predictive against the observed series, one panel per target: the
             posterior median, its 90% band (the model's spread over the posterior) and the
             lighter 90% predictive band (with the observation model's noise), observed points;
  waves      history matching (when it ran): the share of the prior not ruled out after each
             wave, and each design point's largest implausibility against the cut-off.
--observed-only writes the fit figure alone.
"""
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import common as C  # noqa: E402

SCHEMA = "migsim-calibration/1"
MAX_PAIRS = 12

EXAMPLE = """\
examples:
  migsim calibrate scenarios/calibration/wb2022.lua -o post.json
  %(prog)s post.json -o post_figures
  %(prog)s post.json --params border.RS-HU.detection_prob,give_up_prob -o two_params
  %(prog)s post.json --observed-only -o fit_only

Without --params the pairs plot shows every parameter when there are at most 12, else the 12
whose posterior contracted most (posterior.summary[].contraction).
"""


def parse_args(argv):
    p = C.ArgumentParser(prog=os.path.basename(sys.argv[0]), description=__doc__, epilog=EXAMPLE)
    p.add_argument("input", help="migsim-calibration/1 JSON")
    p.add_argument("-o", "--output", metavar="DIR",
                   help="folder for marginals, pairs, fit and waves .png/.svg (created; default: the input's "
                        "name without .json, plus _figures)")
    p.add_argument("--observed-only", action="store_true",
                   help="write only the fit figure (posterior predictive against the observed series)")
    p.add_argument("--params", action="append", metavar="NAME,...",
                   help="parameters of the marginals and pairs figures (default: all; pairs: at most 12)")
    p.add_argument("--bins", type=int, default=20, help="histogram bins (default 20)")
    p.add_argument("--dpi", type=int, default=150, help="PNG resolution (default 150)")
    return p.parse_args(argv)


# ---------------------------------------------------------------------------------------------
# The document


def is_num(x):
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def need(cond, path, msg):
    if not cond:
        raise C.PlotError(f"{path}: {msg}")


def records(doc, path, where, fields):
    """The list at where (a dotted path from the top), each record an object with the given
    fields: 's' a string, 'n' a finite number."""
    x = doc
    for k in where.split("."):
        x = x.get(k) if isinstance(x, dict) else None
    need(isinstance(x, list), path, f"{where} is not a list")
    for i, r in enumerate(x):
        need(isinstance(r, dict), path, f"{where}[{i}] is not an object")
        for f, kind in fields.items():
            ok = isinstance(r.get(f), str) if kind == "s" else is_num(r.get(f))
            what = "missing" if f not in r else "not a " + ("string" if kind == "s" else "number")
            need(ok, path, f"{where}[{i}].{f} is {what}")
    return x


def check_doc(doc, path):
    """Everything the figures read, checked before any is drawn (docs/calibration-schema.json
    describes the document)."""
    params = records(doc, path, "parameters", {"name": "s", "scenario_value": "n"})
    need(params, path, "no parameters")
    for p in params:
        pr = p.get("prior")
        need(isinstance(pr, dict) and is_num(pr.get("lo")) and is_num(pr.get("hi")) and pr["lo"] < pr["hi"],
             path, f"parameter {p['name']}: the prior has no lo < hi")
        dist = pr.get("distribution")
        need(dist in ("uniform", "loguniform", "normal", "beta"), path,
             f"parameter {p['name']}: unknown prior distribution {dist!r} (uniform, loguniform, normal or beta)")
        extra = {"normal": ("mean", "sd"), "beta": ("a", "b")}.get(dist, ())
        need(all(is_num(pr.get(k)) for k in extra), path,
             f"parameter {p['name']}: a {dist} prior needs {' and '.join(extra)}")
        need(dist != "loguniform" or pr["lo"] > 0, path, f"parameter {p['name']}: a loguniform prior needs lo > 0")
    names = [p["name"] for p in params]
    post = doc.get("posterior")
    need(isinstance(post, dict), path, "no posterior")
    need(post.get("parameters") == names, path, "posterior.parameters are not the names of parameters, in order")
    samples, weights = post.get("samples"), post.get("weights")
    need(isinstance(samples, list) and samples, path, "posterior.samples is not a non-empty list")
    need(isinstance(weights, list) and len(weights) == len(samples), path,
         f"posterior.weights is not one weight per particle ({len(samples)})")
    for i, (row, w) in enumerate(zip(samples, weights)):
        need(isinstance(row, list) and len(row) == len(names) and all(is_num(v) for v in row), path,
             f"posterior.samples[{i}] is not {len(names)} numbers (one per parameter)")
        need(is_num(w) and w >= 0, path, f"posterior.weights[{i}] is not a weight (a number >= 0)")
    need(sum(weights) > 0, path, "posterior.weights are all 0")
    summ = records(doc, path, "posterior.summary", {"name": "s", "q05": "n", "q50": "n", "q95": "n",
                                                    "contraction": "n"})
    need([s["name"] for s in summ] == names, path, "posterior.summary is not one entry per parameter, in order")
    targets = records(doc, path, "targets", {"name": "s", "model": "s"})
    need(targets, path, "no targets")
    fit = records(doc, path, "fit", {"target": "s", "month": "s", "observed": "n", "q05": "n", "q50": "n", "q95": "n",
                                     "predictive_q05": "n", "predictive_q95": "n"})
    tnames = [t["name"] for t in targets]
    for i, r in enumerate(fit):
        need(r["target"] in tnames, path, f"fit[{i}].target {r['target']!r} is not a target ({', '.join(tnames)})")
        need(time_of(r["month"]) is not None, path,
             f"fit[{i}].month {r['month']!r} is neither a month (YYYY-MM) nor a date (YYYY-MM-DD)")
    need(fit, path, "fit has no rows")
    hm = doc.get("history_matching")
    need(hm is None or isinstance(hm, dict), path, "history_matching is neither an object nor null")
    if hm is not None:
        need(is_num(hm.get("cutoff")), path, "history_matching.cutoff is not a number")
        waves = records(doc, path, "history_matching.waves", {"wave": "n", "region_share": "n"})
        need(waves, path, "history_matching has no waves")
        for i, w in enumerate(waves):
            mi = w.get("max_implausibility")
            need(isinstance(mi, list) and all(is_num(v) for v in mi), path,
                 f"history_matching.waves[{i}].max_implausibility is not a list of numbers")
    meta = doc["meta"]
    need(isinstance(meta.get("name"), str), path, "meta.name is not a string")
    return params, summ, targets, fit, hm


# ---------------------------------------------------------------------------------------------
# Numbers


def time_of(s):
    """x position of a fit row: mid-month for a month (a monthly sum), the day for a date (a
    daily target, such as a Flee run's camps_daily); None when s is neither."""
    if C.MONTH_RE.match(s):
        return C.month_date(s)
    try:
        return C.parse_date(s) if len(s) == 10 else None
    except ValueError:
        return None


def wquantile(xs, ws, q):
    """The weighted q-quantile: the smallest x whose cumulative weight reaches q."""
    pairs = sorted(zip(xs, ws))
    total = sum(ws)
    acc = 0.0
    for x, w in pairs:
        acc += w
        if acc >= q * total - 1e-12 * total:
            return x
    return pairs[-1][0]


def wcorr(xs, ys, ws):
    t = sum(ws)
    mx = sum(x * w for x, w in zip(xs, ws)) / t
    my = sum(y * w for y, w in zip(ys, ws)) / t
    sxy = sum((x - mx) * (y - my) * w for x, y, w in zip(xs, ys, ws))
    sxx = sum((x - mx) ** 2 * w for x, w in zip(xs, ws))
    syy = sum((y - my) ** 2 * w for y, w in zip(ys, ws))
    return sxy / math.sqrt(sxx * syy) if sxx > 0 and syy > 0 else float("nan")


def prior_density(prior, xs):
    """The prior's density at xs (normalised on [lo, hi])."""
    lo, hi, d = prior["lo"], prior["hi"], prior["distribution"]
    if d == "uniform":
        return [1 / (hi - lo)] * len(xs)
    if d == "loguniform":
        return [1 / (x * math.log(hi / lo)) for x in xs]
    if d == "normal":
        mu, sd = prior["mean"], prior["sd"]
        mass = 0.5 * (math.erf((hi - mu) / (sd * math.sqrt(2))) - math.erf((lo - mu) / (sd * math.sqrt(2))))
        return [math.exp(-0.5 * ((x - mu) / sd) ** 2) / (sd * math.sqrt(2 * math.pi) * max(mass, 1e-300)) for x in xs]
    a, b = prior["a"], prior["b"]
    norm = math.exp(math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)) / (hi - lo)
    out = []
    for x in xs:
        u = (x - lo) / (hi - lo)
        out.append(norm * u ** (a - 1) * (1 - u) ** (b - 1) if 0 < u < 1 else float("nan"))
    return out


def grid(prior, n=200):
    lo, hi = prior["lo"], prior["hi"]
    if prior["distribution"] == "loguniform":
        return [lo * (hi / lo) ** ((i + 0.5) / n) for i in range(n)]
    return [lo + (hi - lo) * (i + 0.5) / n for i in range(n)]


def bin_edges(prior, xs, bins):
    """Bins over the particles' span (so that a contracted posterior still shows its shape),
    log-spaced for a log-uniform prior."""
    lo, hi = min(xs), max(xs)
    log = prior["distribution"] == "loguniform"
    if log:
        lo, hi = math.log(lo), math.log(hi)
    if hi <= lo:
        span = (math.log(prior["hi"] / prior["lo"]) if log else prior["hi"] - prior["lo"]) / (4 * bins)
        lo, hi = lo - span, hi + span
    edges = [lo + (hi - lo) * i / bins for i in range(bins + 1)]
    return [math.exp(e) for e in edges] if log else edges


def short(name, width=30):
    return name if len(name) <= width else "\u2026" + name[-(width - 1):]


# ---------------------------------------------------------------------------------------------
# Captions and titles


def scenario_label(meta):
    sc = meta.get("scenario")
    return os.path.splitext(os.path.basename(sc))[0] if isinstance(sc, str) and sc else "?"


def title(meta, what):
    return f"Calibration {meta.get('name')} of {scenario_label(meta)}, seed {meta.get('seed')}: {what}"


def caption(doc, extra=()):
    meta, post = doc["meta"], doc["posterior"]
    parts = [f"Calibration {meta.get('name')} ({meta.get('spec')}) of scenario {meta.get('scenario')}, "
             f"seed {meta.get('seed')}."]
    if meta.get("sets"):
        parts.append(f"Set: {', '.join(meta['sets'])}.")
    methods = {"history_matching": "history matching", "abc_smc": "ABC-SMC"}
    ran = [methods.get(m, m) for m in meta.get("methods", [])]
    n = len(post["samples"])
    ess = post.get("ess")
    parts.append(f"Methods: {' then '.join(ran) or '?'}; posterior of {n} particles"
                 + (f", ESS {ess:.1f}" if is_num(ess) else "") + ".")
    abc = doc.get("abc_smc")
    if isinstance(abc, dict) and abc.get("converged") is False:
        parts.append(f"ABC-SMC did not converge ({abc.get('stopping', '?')}).")
    sims = (doc.get("runtime") or {}).get("simulations")
    if is_num(sims):
        parts.append(f"{C.fmt_int(sims)} model runs in all.")
    parts.extend(x for x in extra if x)
    parts.append(f"migsim {meta.get('migsim_version', '?')}.")
    return " ".join(parts)


# ---------------------------------------------------------------------------------------------
# Figures


def log_axis(ax, axis):
    """A log scale labelled 0.5, 1, 2, ... rather than 5x10^-1 (priors span a decade or two)."""
    import matplotlib.ticker as mticker
    (ax.set_xscale if axis == "x" else ax.set_yscale)("log")
    a = ax.xaxis if axis == "x" else ax.yaxis
    a.set_major_locator(mticker.LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    a.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:g}"))
    a.set_minor_formatter(mticker.NullFormatter())


def draw_hist(ax, prior, xs, ws, bins, colour):
    edges = bin_edges(prior, xs, bins)
    ax.hist(xs, bins=edges, weights=ws, density=True, color=colour, alpha=0.75, edgecolor="white", linewidth=0.4)
    if prior["distribution"] == "loguniform":
        log_axis(ax, "x")
    pad = 0.02 * (math.log(prior["hi"] / prior["lo"]) if prior["distribution"] == "loguniform"
                  else prior["hi"] - prior["lo"])
    if prior["distribution"] == "loguniform":
        ax.set_xlim(prior["lo"] * math.exp(-pad), prior["hi"] * math.exp(pad))
    else:
        ax.set_xlim(prior["lo"] - pad, prior["hi"] + pad)


def fig_marginals(plt, doc, params, summ, chosen, samples, ws, bins):
    k = len(chosen)
    ncols = 1 if k == 1 else 2 if k <= 4 else 3
    nrows = -(-k // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.4 * ncols + 0.4, 2.7 * nrows + 1.9), squeeze=False)
    flat = [ax for row in axes for ax in row]
    by_name = {p["name"]: (j, p) for j, p in enumerate(params)}
    handles = {}
    for ax, name in zip(flat, chosen):
        j, p = by_name[name]
        prior, s = p["prior"], summ[j]
        xs = [row[j] for row in samples]
        draw_hist(ax, prior, xs, ws, bins, C.PALETTE[0])
        g = grid(prior)
        handles["prior"] = ax.plot(g, prior_density(prior, g), color=C.GREY, lw=1.3, label="prior density")[0]
        ax.axvspan(s["q05"], s["q95"], color=C.PALETTE[0], alpha=0.12, lw=0, zorder=0)
        handles["q50"] = ax.axvline(s["q50"], color=C.OKABE_ITO["black"], lw=1.2, label="posterior median")
        handles["sv"] = ax.axvline(p["scenario_value"], color=C.OKABE_ITO["vermillion"], lw=1.5, ls="--",
                                   label="scenario value")
        for end in (prior["lo"], prior["hi"]):
            ax.axvline(end, color=C.GREY, lw=0.8, ls=":")
        ax.set_title(f"{short(name, 38)}\n{prior['distribution']} prior, contraction {s['contraction']:.2f}",
                     loc="left", fontsize=C.FONT)
        ax.set_yticks([])
        ax.set_ylabel("density")
    for ax in flat[k:]:
        ax.set_visible(False)
    import matplotlib.patches as mpatches
    hist = mpatches.Patch(color=C.PALETTE[0], alpha=0.75, label="posterior (weighted particles)")
    band = mpatches.Patch(color=C.PALETTE[0], alpha=0.2, label="posterior 90% interval")
    legend_items = [hist, band, handles["q50"], handles["prior"], handles["sv"]]
    fig.suptitle(title(doc["meta"], "marginal posteriors"), x=0.01, ha="left")
    extra = ["x axes span each prior's range [lo, hi] (dotted); log scale for log-uniform priors.",
             "Contraction = 1 \u2212 posterior variance / prior variance."]
    return fig, caption(doc, extra), (legend_items, [h.get_label() for h in legend_items])


def fig_pairs(plt, doc, params, chosen, samples, ws, bins, dropped):
    k = len(chosen)
    size = max(1.25, min(2.3, 11.0 / k))
    fig, axes = plt.subplots(k, k, figsize=(size * k + 1.2, size * k + 2.0), squeeze=False)
    by_name = {p["name"]: (j, p) for j, p in enumerate(params)}
    wmax = max(ws)
    import matplotlib.colors as mcolors
    base = mcolors.to_rgba(C.PALETTE[0])
    colours = [(base[0], base[1], base[2], 0.15 + 0.75 * w / wmax) for w in ws]
    sizes = [3 + 40 * w / wmax for w in ws]
    for r, rn in enumerate(chosen):
        jr, pr = by_name[rn]
        ys = [row[jr] for row in samples]
        for c, cn in enumerate(chosen):
            ax = axes[r][c]
            jc, pc = by_name[cn]
            xs = [row[jc] for row in samples]
            ax.grid(False)
            if r == c:
                draw_hist(ax, pc["prior"], xs, ws, bins, C.PALETTE[0])
                ax.axvline(pc["scenario_value"], color=C.OKABE_ITO["vermillion"], lw=1.2, ls="--")
                ax.set_yticks([])
            elif r > c:
                ax.scatter(xs, ys, s=sizes, c=colours, edgecolors="none")
                ax.plot([pc["scenario_value"]], [pr["scenario_value"]], marker="+", ms=9, mew=1.6,
                        color=C.OKABE_ITO["vermillion"], ls="none")
                for axis, p, set_lim in (("x", pc, ax.set_xlim), ("y", pr, ax.set_ylim)):
                    lo, hi = p["prior"]["lo"], p["prior"]["hi"]
                    if p["prior"]["distribution"] == "loguniform":
                        log_axis(ax, axis)
                    set_lim(lo, hi)
            else:
                rho = wcorr(xs, ys, ws)
                ax.set_axis_off()
                txt = "\u2014" if math.isnan(rho) else f"{rho:+.2f}".replace("-", "\u2212")
                ax.text(0.5, 0.5, txt, transform=ax.transAxes, ha="center", va="center",
                        fontsize=C.FONT + (2 if k <= 6 else 0), color="#333333" if abs(rho or 0) >= 0.3 else "#999999")
                continue
            ax.tick_params(labelsize=C.FONT - 3)
            if r == k - 1:
                ax.set_xlabel(short(cn, 24), fontsize=C.FONT - 2)
            else:
                ax.tick_params(labelbottom=False)
            if c == 0 and r > 0:
                ax.set_ylabel(short(rn, 24), fontsize=C.FONT - 2)
            elif r != c:
                ax.tick_params(labelleft=False)
    fig.suptitle(title(doc["meta"], "posterior pairs"), x=0.01, ha="left")
    extra = ["Below the diagonal: one point per particle, bigger and darker for heavier weights; orange +: the "
             "scenario's values. Diagonal: weighted marginals (dashed: scenario value). Above: weighted "
             "correlations. Axes span the priors' ranges."]
    if dropped:
        extra.append(f"{dropped} more parameters are not shown (the {k} with the largest contraction are; "
                     "choose with --params).")
    return fig, caption(doc, extra)


def fig_fit(plt, doc, targets, fit):
    n = len(targets)
    ncols = 1 if n == 1 else 2
    nrows = -(-n // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(max(8.0, 6.0 * ncols + 0.4), 2.9 * nrows + 2.0), squeeze=False)
    flat = [ax for row in axes for ax in row]
    handles = []
    for ax, t in zip(flat, targets):
        rows = sorted((r for r in fit if r["target"] == t["name"]), key=lambda r: r["month"])
        if not rows:
            ax.text(0.5, 0.5, "no fit rows for this target", transform=ax.transAxes, ha="center", va="center")
            ax.set_title(t["name"], loc="left", fontsize=C.FONT)
            continue
        x = [time_of(r["month"]) for r in rows]
        pred = ax.fill_between(x, [r["predictive_q05"] for r in rows], [r["predictive_q95"] for r in rows],
                               color=C.PALETTE[0], alpha=0.15, lw=0, step=None,
                               label="90% predictive band (with observation noise)")
        band = ax.fill_between(x, [r["q05"] for r in rows], [r["q95"] for r in rows], color=C.PALETTE[0],
                               alpha=0.35, lw=0, label="90% posterior band (model)")
        med = ax.plot(x, [r["q50"] for r in rows], color=C.PALETTE[0], lw=1.8, label="posterior median")[0]
        obs = ax.plot(x, [r["observed"] for r in rows], "o", color=C.OBSERVED_COLOUR, ms=4.5, label="observed")[0]
        handles = [obs, med, band, pred]
        C.month_axis(ax, x)
        C.thousands(ax)
        ax.set_ylim(bottom=0)
        model = t.get("model")
        if model == "negbin" and is_num(t.get("dispersion")):
            model = f"negative binomial, dispersion {t['dispersion']:.3g}" + (
                " (estimated)" if t.get("dispersion_estimated") else "")
        where = ", ".join(f"{k}={v}" for k, v in (t.get("where") or {}).items())
        sub = f"{t.get('table', '?')}" + (f" [{where}]" if where else "")
        ax.set_title(f"{t['name']}: {sub}\n{model}", loc="left", fontsize=C.FONT)
        ax.set_ylabel("persons" + (" per month" if C.MONTH_RE.match(rows[0]["month"]) else ""))
    for ax in flat[n:]:
        ax.set_visible(False)
    fig.suptitle(title(doc["meta"], "posterior predictive against the observed"), x=0.01, ha="left")
    extra = ["Bands over the posterior's particles: the model's own spread (darker) and, lighter, where an "
             "observation would fall under the observation model."]
    return fig, caption(doc, extra), (handles, [h.get_label() for h in handles])


def fig_waves(plt, doc, hm):
    waves = hm["waves"]
    cutoff = hm["cutoff"]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10.5, 4.3))
    nums = [w["wave"] for w in waves]
    shares = [w["region_share"] for w in waves]
    ax1.bar(nums, shares, color=C.PALETTE[0], width=0.6)
    for x, s in zip(nums, shares):
        ax1.annotate(f"{s:.3g}", (x, s), xytext=(0, 3), textcoords="offset points", ha="center", va="bottom",
                     fontsize=C.FONT - 1)
    ax1.set_xticks(nums)
    ax1.set_xlabel("wave")
    ax1.set_ylabel("share of the prior")
    ax1.set_ylim(0, max(1.0, max(shares)) * 1.08)
    ax1.set_title("Not ruled out after each wave", loc="left", fontsize=C.FONT)
    ax1.grid(axis="x", visible=False)
    top = cutoff
    for w in waves:
        mi = w["max_implausibility"]
        n = len(mi)
        # spread the points across the wave's slot, in a fixed order (no random jitter)
        xs = [w["wave"] + 0.5 * ((i + 0.5) / n - 0.5) for i in range(n)]
        keep = [v < cutoff for v in mi]
        ax2.scatter([x for x, k in zip(xs, keep) if k], [v for v, k in zip(mi, keep) if k], s=12,
                    color=C.PALETTE[2], edgecolors="none", label="kept" if w is waves[0] else None)
        ax2.scatter([x for x, k in zip(xs, keep) if not k], [v for v, k in zip(mi, keep) if not k], s=12,
                    color=C.GREY, edgecolors="none", label="ruled out" if w is waves[0] else None)
        if mi:
            top = max(top, max(mi))
            med = sorted(mi)[len(mi) // 2]
            ax2.plot([w["wave"] - 0.3, w["wave"] + 0.3], [med, med], color=C.OKABE_ITO["black"], lw=1.5,
                     label="median" if w is waves[0] else None)
    ax2.axhline(cutoff, color=C.OKABE_ITO["vermillion"], lw=1.3, ls="--", label=f"cut-off {cutoff:g}")
    ax2.set_xticks(nums)
    ax2.set_xlim(min(nums) - 0.6, max(nums) + 0.6)
    ax2.set_ylim(0, top * 1.08)
    ax2.set_xlabel("wave")
    ax2.set_ylabel("largest implausibility over the targets")
    ax2.set_title("Each design point's largest implausibility", loc="left", fontsize=C.FONT)
    ax2.grid(axis="x", visible=False)
    ax2.legend(loc="upper right", frameon=False, fontsize=C.FONT - 1)
    fig.suptitle(title(doc["meta"], "history matching"), x=0.01, ha="left")
    pts = ", ".join(f"wave {w['wave']}: {w.get('points', '?')} points x {w.get('replicates', '?')} runs"
                    for w in waves)
    what = f" Implausibility of {hm['summary']}." if isinstance(hm.get("summary"), str) else ""
    extra = [f"{pts}; discrepancy {hm.get('discrepancy', '?')}.{what} A point is ruled out when its largest "
             f"implausibility reaches the cut-off {cutoff:g}; the region share is the share of the prior not "
             "ruled out after the wave."]
    return fig, caption(doc, extra)


# ---------------------------------------------------------------------------------------------


def save(fig, cap, out, name, dpi, legend=None, legend_ncol=None):
    """C.finish, then the panels moved down where their titles reach the figure's title
    (tight_layout leaves the suptitle out)."""
    def clear_title():
        r = fig.canvas.get_renderer()  # finish has drawn the figure: its layout is known
        title_y0 = fig._suptitle.get_window_extent(r).y0
        top_y1 = max(ax.get_tightbbox(r).y1 for ax in fig.axes if ax.get_visible())
        overlap = top_y1 + 4 - title_y0
        if overlap > 0:
            height = fig.get_figheight() * fig.dpi
            fig.subplots_adjust(top=fig.subplotpars.top - overlap / height)

    files = C.finish(fig, cap, os.path.join(out, name), dpi, legend=legend, legend_ncol=legend_ncol,
                     before_save=clear_title)
    import matplotlib.pyplot as plt
    plt.close(fig)
    return list(files)


def default_dir(path):
    base = os.path.basename(path)
    if base.lower().endswith(".json"):
        base = base[:-5]
    return os.path.join(os.path.dirname(path), (base or "calibration") + "_figures")


def main():
    a = parse_args(sys.argv[1:])
    if a.bins < 2 or a.bins > 200:
        raise C.PlotError(f"--bins {a.bins}: between 2 and 200")
    doc = C.load(a.input, (SCHEMA,))
    params, summ, targets, fit, hm = check_doc(doc, a.input)
    names = [p["name"] for p in params]
    chosen = C.split_list(a.params)
    for n in chosen:
        if n not in names:
            raise C.PlotError(f"unknown parameter '{n}' (the calibration has: {', '.join(names)})")
    chosen = chosen or names
    pairs = chosen
    dropped = 0
    if len(pairs) > MAX_PAIRS:
        if a.params:
            raise C.PlotError(f"--params names {len(pairs)} parameters; the pairs plot shows at most {MAX_PAIRS}")
        contraction = {s["name"]: s["contraction"] for s in summ}
        top = sorted(pairs, key=lambda n: -contraction[n])[:MAX_PAIRS]
        pairs = [n for n in names if n in top]
        dropped = len(chosen) - len(pairs)
    out = a.output or default_dir(a.input)
    samples = doc["posterior"]["samples"]
    ws = doc["posterior"]["weights"]

    plt = C.setup_matplotlib()
    written = []
    if not a.observed_only:
        fig, cap, legend = fig_marginals(plt, doc, params, summ, chosen, samples, ws, a.bins)
        written += save(fig, cap, out, "marginals", a.dpi, legend=legend, legend_ncol=3)
        fig, cap = fig_pairs(plt, doc, params, pairs, samples, ws, a.bins, dropped)
        written += save(fig, cap, out, "pairs", a.dpi)
    fig, cap, legend = fig_fit(plt, doc, targets, fit)
    written += save(fig, cap, out, "fit", a.dpi, legend=legend, legend_ncol=2)
    if hm is not None and not a.observed_only:
        fig, cap = fig_waves(plt, doc, hm)
        written += save(fig, cap, out, "waves", a.dpi)
    for w in written:
        print(w)


if __name__ == "__main__":
    C.run_main(main)
