"""Tidy tables from a migsim document, without pandas: each table is a Table (column names and
rows of plain values), so the plots and scripts without pandas can use the same reader.

The column names are those of `migsim export`: month (or date), nationality, border, channel,
country, location, route, group, camp; value for a single run, mean, sd, lo, hi (and the
quantiles q025 ... q975 where the document has them) for replicates and comparisons."""

import re

# The levels of each series tree, outermost first (docs/output-schema.json, monthly and daily;
# docs/flee-output-schema.json, daily).
LEVELS = {
    "departures": ("nationality", "channel"),
    "switched_channel": ("nationality", "channel"),
    "deterred": ("nationality", "channel"),
    "demand": ("nationality",),
    "attempts": ("border", "nationality"),
    "detections": ("border", "nationality"),
    "pushbacks": ("border", "nationality"),
    "registrations": ("border", "nationality"),
    "detained": ("border", "nationality"),
    "smuggled_attempts": ("border", "nationality"),
    "waiting_at_closed": ("border", "nationality"),
    "rerouted_at_closed": ("border", "nationality"),
    "gave_up_at_closed": ("border", "nationality"),
    "smuggled_detections": ("border", "nationality"),
    "smuggling_unmet": ("border",),
    "smuggling_revenue": ("border",),
    "smuggling_price": ("border",),
    "frontex_detections": ("nationality",),
    "frontex_total": (),
    "persons_detected": ("nationality",),
    "returned": ("nationality",),
    "arrivals": ("country", "nationality"),
    "asylum_applications": ("country", "nationality"),
    "exploitation_victims": ("country", "nationality"),
    "groups_dismantled": ("country",),
    "arrests_dismantling": ("country",),
    "arrests_in_act": ("country",),
    "group_clients": ("group",),
    "group_revenue": ("group",),
    "group_dismantled": ("group",),
    "stock": ("location",),
    "in_reception": ("location",),
    "in_transit": (),
    "route_entries": ("route",),
    "population": ("location",),     # Flee
}
# The level columns in the order tables give them (export's order: nationality before border).
LEVEL_ORDER = ("nationality", "border", "channel", "country", "location", "route", "group", "camp")
STATS = ("mean", "sd", "lo", "hi")
QUANTILES = ("q025", "q10", "q50", "q90", "q975")

KINDS = {
    "migsim-run/1": "run",
    "migsim-ensemble/1": "ensemble",
    "migsim-compare/1": "compare",
    "migsim-sweep/1": "sweep",
    "migsim-flee-run/1": "flee-run",
    "migsim-flee-ensemble/1": "flee-ensemble",
    "migsim-flee-compare/1": "flee-compare",
    "migsim-calibration/1": "calibration",
}


class Table:
    """A tidy table: `columns` (names) and `rows` (lists of values, None where a cell does not
    apply). `records()` gives one dict a row."""

    def __init__(self, columns, rows):
        self.columns = list(columns)
        self.rows = rows

    def records(self):
        return [dict(zip(self.columns, r)) for r in self.rows]

    def __len__(self):
        return len(self.rows)

    def __repr__(self):
        return f"Table({len(self.rows)} rows: {', '.join(self.columns)})"


def _is_stats(x):
    return isinstance(x, dict) and "mean" in x and isinstance(x["mean"], list)


def _is_leaf(x):
    return _is_stats(x) or (isinstance(x, list) and all(isinstance(v, (int, float)) or v is None for v in x))


def _is_rep_leaf(x):
    """A leaf of replicate_series: one series (a list of numbers) per replicate."""
    return isinstance(x, list) and all(isinstance(v, list) for v in x)


def _cells(node, keys=(), leaf=_is_leaf):
    """(keys, leaf) for every leaf under node (a series tree)."""
    if leaf(node):
        yield keys, node
    elif isinstance(node, dict):
        for k, v in node.items():
            yield from _cells(v, keys + (k,), leaf)


def _level_names(series, depth):
    names = LEVELS.get(series)
    if names is not None and len(names) == depth:
        return names
    return tuple(f"level{i + 1}" for i in range(depth))


def _flatten(tree, skip=(), is_leaf=_is_leaf):
    """(series, {level: key}, leaf) for every cell of a monthly or daily tree (or, with
    is_leaf=_is_rep_leaf, of replicate_series.monthly). The smuggling object's named series
    become series smuggling.NAME."""
    for series, node in tree.items():
        if series in skip:
            continue
        if series == "smuggling" and isinstance(node, dict) and not is_leaf(node):
            for name, sub in node.items():
                for keys, leaf in _cells(sub, (), is_leaf):
                    yield f"smuggling.{name}", dict(zip(_level_names(name, len(keys)), keys)), leaf
            continue
        for keys, leaf in _cells(node, (), is_leaf):
            yield series, dict(zip(_level_names(series, len(keys)), keys)), leaf


def series_table(trees, index, time="month"):
    """One long table of the series trees: trees is a list of (arm or None, tree); index the
    months (or dates). Columns: [arm], series, levels present, time, value | mean, sd, lo, hi
    [, quantiles]. Returns (Table, replicates Table or None)."""
    cells = []
    for arm, tree in trees:
        for series, levels, leaf in _flatten(tree, skip=("camps",)):
            cells.append((arm, series, levels, leaf))
    if not cells:
        return None, None
    with_arm = any(arm is not None for arm, *_ in cells)
    levels = [n for n in LEVEL_ORDER if any(n in c[2] for c in cells)]
    levels += sorted({n for c in cells for n in c[2]} - set(levels))
    stats = any(_is_stats(c[3]) for c in cells)
    quants = [q for q in QUANTILES if any(_is_stats(c[3]) and q in c[3] for c in cells)]
    # A plain series among statistics (a Flee ensemble's observed in_camps_observed) keeps its
    # numbers in a value column, empty on the other rows.
    plain = any(not _is_stats(c[3]) for c in cells)
    values = ([*STATS, *quants] if stats else []) + (["value"] if plain else [])
    head = (["arm"] if with_arm else []) + ["series", *levels]
    rows, reps = [], []
    for arm, series, lv, leaf in cells:
        key = ([arm] if with_arm else []) + [series] + [lv.get(n) for n in levels]
        if _is_stats(leaf):
            cols = [leaf.get(v) or [None] * len(index) for v in values if v != "value"] + [[None] * len(index)] * plain
            for i, t in enumerate(index):
                rows.append(key + [t] + [c[i] for c in cols])
            arm_col, rest = key[:int(with_arm)], key[int(with_arm):]
            for r, series_r in enumerate(leaf.get("replicates") or []):
                for i, t in enumerate(index):
                    reps.append(arm_col + [r] + rest + [t, series_r[i]])
        else:
            pad = [None] * (len(values) - 1)
            for i, t in enumerate(index):
                rows.append(key + [t, *pad, leaf[i]])
    table = Table(head + [time] + values, rows)
    rep_cols = (["arm"] if with_arm else []) + ["replicate", "series", *levels, time, "value"]
    return table, (Table(rep_cols, reps) if reps else None)


_NAT = re.compile(r"^[A-Z]{3}$")
_BORDER = re.compile(r"^[A-Z]{2}-[A-Z]{2}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


def _split_total(key, flee=False):
    """'detections.RS-HU' -> ('detections', {'border': 'RS-HU'}) (docs/output-schema.json, totals);
    a Flee total's suffix is a camp ('camp_end.C1', docs/flee-output-schema.json)."""
    if "." not in key:
        return key, {}
    ind, sub = key.split(".", 1)
    if flee:
        return ind, {"camp": sub}
    if ind.startswith("group_"):
        return ind, {"group": sub}
    if _NAT.match(sub):
        return ind, {"nationality": sub}
    if _BORDER.match(sub):
        return ind, {"border": sub}
    if _COUNTRY.match(sub):
        return ind, {"country": sub}
    return ind, {"level1": sub}


def totals_table(totals_list, sd=None, flee=False, lead=()):
    """Totals as [arm], [lead columns], indicator, levels, value | mean, sd, lo, hi; totals_list
    is [(arm or None, {key: number or {mean, sd, lo, hi}}[, [lead values]])]. sd: {key: sd} for
    Flee replicates (mean and sd only); lead: the names of the columns before indicator (year;
    from, to), whose values each entry of totals_list gives."""
    items = []
    for entry in totals_list:
        arm, totals = entry[0], entry[1]
        front = list(entry[2]) if len(entry) > 2 else []
        for key, v in (totals or {}).items():
            ind, lv = _split_total(key, flee)
            items.append((arm, ind, lv, key, v, front))
    if not items:
        return None
    with_arm = any(i[0] is not None for i in items)
    levels = [n for n in ("nationality", "border", "country", "group", "camp", "level1")
              if any(n in i[2] for i in items)]
    if any(isinstance(i[4], dict) for i in items):
        values = list(STATS)
    elif sd is not None:
        values = ["mean", "sd"]
    else:
        values = ["value"]
    rows = []
    for arm, ind, lv, key, v, front in items:
        if isinstance(v, dict):
            vals = [v.get(s) for s in values]
        elif sd is not None:
            vals = [v, sd.get(key)]
        else:
            vals = [v]
        rows.append(([arm] if with_arm else []) + front + [ind] + [lv.get(n) for n in levels] + vals)
    return Table((["arm"] if with_arm else []) + list(lead) + ["indicator", *levels, *values], rows)


def by_year_table(blocks):
    """totals_by_year as [arm], year, indicator, levels, value | mean, sd, lo, hi; blocks is
    [(arm or None, {year: totals})]. The year an int (as migsim export writes it)."""
    return totals_table([(arm, tot, [int(y)]) for arm, years in blocks for y, tot in (years or {}).items()],
                        lead=("year",))


def window_table(blocks, window):
    """totals_window as [arm], from, to, indicator, levels, mean, sd, lo, hi (meta.window's
    days, both included, as migsim export --table totals_window)."""
    if not window:
        return None
    span = [window.get("from"), window.get("to")]
    return totals_table([(arm, tot, span) for arm, tot in blocks], lead=("from", "to"))


def replicate_series_table(trees, months):
    """replicate_series.monthly trees ([(arm or None, tree)]) as [arm], replicate, series,
    levels, month, value: replicate by replicate, as migsim export --table replicates_monthly
    gives them (its level1, level2 here named like the monthly table's levels)."""
    cells = [(arm, series, lv, leaf) for arm, tree in trees
             for series, lv, leaf in _flatten(tree or {}, is_leaf=_is_rep_leaf)]
    if not cells:
        return None
    with_arm = any(arm is not None for arm, *_ in cells)
    levels = [n for n in LEVEL_ORDER if any(n in c[2] for c in cells)]
    levels += sorted({n for c in cells for n in c[2]} - set(levels))
    n_reps = max(len(c[3]) for c in cells)
    rows = []
    for arm in dict.fromkeys(c[0] for c in cells):
        for r in range(n_reps):
            for a, series, lv, leaf in cells:
                if a != arm or r >= len(leaf):
                    continue
                key = ([arm] if with_arm else []) + [r, series] + [lv.get(n) for n in levels]
                rows += [key + [t, leaf[r][i]] for i, t in enumerate(months)]
    return Table((["arm"] if with_arm else []) + ["replicate", "series", *levels, "month", "value"], rows)


def journeys_table(blocks):
    """journeys as [arm], distribution, nationality ("all" for every nationality), bin,
    value (a run) | mean, sd, lo, hi; blocks is [(arm or None, journeys)]."""
    items = []
    for arm, journeys in blocks:
        for dist, d in (journeys or {}).items():
            groups = [("all", d.get("all"))] + list((d.get("by_nationality") or {}).items())
            for nat, node in groups:
                if node is not None:
                    items.append((arm, dist, nat, d.get("bins") or [], node))
    if not items:
        return None
    with_arm = any(i[0] is not None for i in items)
    stats = any(isinstance(i[4], dict) for i in items)
    rows = []
    for arm, dist, nat, bins, node in items:
        head = ([arm] if with_arm else []) + [dist, nat]
        for k, b in enumerate(bins):
            vals = [node[s][k] for s in STATS] if isinstance(node, dict) else [node[k]]
            rows.append(head + [b] + vals)
    return Table((["arm"] if with_arm else []) + ["distribution", "nationality", "bin",
                                                  *(STATS if stats else ("value",))], rows)


def events_table(events_list):
    """Events as rows: [arm], date, label, kind, type, then the other fields in first-seen order."""
    evs = [(arm, e) for arm, events in events_list for e in (events or [])]
    with_arm = any(arm is not None for arm, _ in events_list)
    cols = ["date", "label", "kind", "type"]
    for _, e in evs:
        cols += [k for k in e if k not in cols]
    rows = [([arm] if with_arm else []) + [e.get(c) for c in cols] for arm, e in evs]
    return Table((["arm"] if with_arm else []) + cols, rows)


def _replicate_totals(reps, arm=None):
    """Ensemble replicate_totals ([{seed, particle?, totals}]) as replicate, seed, particle,
    indicator, levels, value."""
    rows = []
    for r, rec in enumerate(reps or []):
        for key, v in rec.get("totals", {}).items():
            ind, lv = _split_total(key)
            rows.append((arm, r, rec.get("seed"), rec.get("particle"), ind, lv, v))
    return rows


def _replicate_totals_table(rows):
    if not rows:
        return None
    with_arm = any(r[0] is not None for r in rows)
    levels = [n for n in ("nationality", "border", "country", "group", "level1") if any(n in r[5] for r in rows)]
    out = [([r[0]] if with_arm else []) + [r[1], r[2], r[3], r[4]] + [r[5].get(n) for n in levels] + [r[6]]
           for r in rows]
    return Table((["arm"] if with_arm else []) + ["replicate", "seed", "particle", "indicator", *levels, "value"], out)


def _camps(daily, dates, arm=None):
    """Flee camps: date, camp, simulated, observed (a run) or mean, sd, lo, hi, observed."""
    rows = []
    for camp, node in (daily or {}).get("camps", {}).items():
        obs = node.get("observed") or [None] * len(dates)
        if _is_stats(node):
            for i, d in enumerate(dates):
                rows.append([arm, d, camp] + [node[s][i] for s in STATS] + [obs[i]])
        else:
            for i, d in enumerate(dates):
                rows.append([arm, d, camp, node["simulated"][i], obs[i]])
    return rows


def _camps_table(rows):
    if not rows:
        return None
    with_arm = any(r[0] is not None for r in rows)
    values = [*STATS, "observed"] if len(rows[0]) > 5 else ["simulated", "observed"]
    return Table((["arm"] if with_arm else []) + ["date", "camp", *values],
                 [r if with_arm else r[1:] for r in rows])


def _diff_name(doc, policy):
    """The arm label of a paired difference: 'difference' (one policy arm, as `migsim export`
    names it), 'difference:POLICY' when there are several."""
    return "difference" if len(doc.get("differences", {})) == 1 else f"difference:{policy}"


def _compare_trees(doc, part):
    trees = [(name, arm.get(part)) for name, arm in doc.get("arms", {}).items() if arm.get(part)]
    trees += [(_diff_name(doc, p), d.get(part)) for p, d in doc.get("differences", {}).items() if d.get(part)]
    return trees


def tables(doc):
    """Every tidy table of a migsim document, {name: Table}, keyed as Result's attributes; the
    daily series of runs, ensembles and comparisons as a function that builds the Table."""
    kind = KINDS[doc["schema"]]
    meta = doc.get("meta", {})
    out = {}
    months, dates = doc.get("months") or [], doc.get("dates") or []

    if kind in ("run", "ensemble"):
        out["monthly"], out["replicates"] = series_table([(None, doc.get("monthly") or {})], months)
        if doc.get("replicate_series"):      # every series (else the frontex leaves' replicates)
            out["replicates"] = replicate_series_table([(None, doc["replicate_series"].get("monthly"))], months)
        out["totals_by_year"] = by_year_table([(None, doc.get("totals_by_year"))])
        if doc.get("totals_window") is not None:
            out["totals_window"] = window_table([(None, doc["totals_window"])], meta.get("window"))
        out["journeys"] = journeys_table([(None, doc.get("journeys"))])
        if doc.get("daily"):         # large (a run's is ~1 million rows): built when asked for
            out["daily"] = lambda: series_table([(None, doc["daily"])], dates, "date")[0]
        out["totals"] = totals_table([(None, doc.get("totals"))])
        out["events"] = events_table([(None, meta.get("events", meta.get("events_replicate_0")))])
        out["replicate_totals"] = _replicate_totals_table(_replicate_totals(doc.get("replicate_totals")))
    elif kind == "compare":
        out["monthly"], out["replicates"] = series_table(_compare_trees(doc, "monthly"), months)
        reps = [(name, (arm.get("replicate_series") or {}).get("monthly")) for name, arm in doc.get("arms", {}).items()
                if arm.get("replicate_series")]
        if reps:
            out["replicates"] = replicate_series_table(reps, months)
        out["totals_by_year"] = by_year_table(_compare_trees(doc, "totals_by_year"))
        if _compare_trees(doc, "totals_window"):
            out["totals_window"] = window_table(_compare_trees(doc, "totals_window"), meta.get("window"))
        out["journeys"] = journeys_table(_compare_trees(doc, "journeys"))
        if _compare_trees(doc, "daily"):
            out["daily"] = lambda: series_table(_compare_trees(doc, "daily"), dates, "date")[0]
        out["totals"] = totals_table(_compare_trees(doc, "totals"))
        out["events"] = events_table([(a.get("name"), a.get("events_replicate_0")) for a in meta.get("arms", [])])
        out["replicate_totals"] = _replicate_totals_table(
            [r for name, arm in doc.get("arms", {}).items() for r in _replicate_totals(arm.get("replicate_totals"), name)])
    elif kind in ("flee-run", "flee-ensemble"):
        out["daily"], _ = series_table([(None, doc.get("daily") or {})], dates, "date")
        out["camps"] = _camps_table(_camps(doc.get("daily"), dates))
        out["totals"] = totals_table([(None, doc.get("totals"))], sd=doc.get("totals_sd"), flee=True)
        out["events"] = events_table([(None, meta.get("events"))])
        reps = doc.get("replicate_totals")
        if isinstance(reps, dict) and reps:
            out["replicate_totals"] = Table(["replicate", "indicator", "value"],
                                            [[r, k, v] for k, vs in reps.items() for r, v in enumerate(vs)])
    elif kind == "flee-compare":
        out["daily"], _ = series_table(_compare_trees(doc, "daily"), dates, "date")
        rows = [r for name, tree in _compare_trees(doc, "daily") for r in _camps(tree, dates, name)]
        out["camps"] = _camps_table(rows)
        out["totals"] = totals_table(_compare_trees(doc, "totals"), flee=True)
        out["events"] = events_table([(a.get("name"), a.get("events") or a.get("events_replicate_0"))
                                      for a in meta.get("arms", [])])
    elif kind == "sweep":
        out["runs"] = Table(doc["columns"], [list(r) for r in doc["rows"]])
        sob = doc.get("sobol")
        if sob:
            out["sobol"] = Table(["output", "parameter", "index", "value"],
                                 [[o, p, i, v[i]] for o, ps in sob.items() for p, v in ps.items()
                                  for i in ("first", "total")])
    elif kind == "calibration":
        post = doc.get("posterior") or {}
        if post.get("samples"):
            names = post["parameters"]
            disp = post.get("dispersion")
            cols = ["particle", "weight", *names] + (["dispersion"] if disp else [])
            out["posterior"] = Table(cols, [[i, w, *s] + ([disp[i]] if disp else [])
                                            for i, (w, s) in enumerate(zip(post["weights"], post["samples"]))])
        out["posterior_summary"] = _records(post.get("summary"))
        out["fit"] = _records(doc.get("fit"))
        hm = doc.get("history_matching") or {}
        if hm.get("waves"):
            out["waves"] = Table(["wave", "target", "summary", "min", "median", "share_below_cutoff", "region_share"],
                                 [[w["wave"], i.get("target"), i.get("summary"), i.get("min"), i.get("median"),
                                   i.get("share_below_cutoff"), w.get("region_share")]
                                  for w in hm["waves"] for i in w.get("implausibility", [])])
        out["generations"] = _records((doc.get("abc_smc") or {}).get("generations"))
        out["parameters"] = _records([{"name": p["name"], **{f"prior_{k}": v for k, v in p.get("prior", {}).items()},
                                       "scenario_value": p.get("scenario_value")} for p in doc.get("parameters", [])])
    return {k: v for k, v in out.items() if v is not None}


def _records(recs):
    """A list of flat records as a Table (columns in first-seen order; lists and objects left out)."""
    if not recs:
        return None
    cols = []
    for r in recs:
        cols += [k for k, v in r.items() if k not in cols and not isinstance(v, (list, dict))]
    return Table(cols, [[r.get(c) for c in cols] for r in recs])
