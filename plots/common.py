"""Shared code of the migsim plot scripts (plots/*.py).

Loading and checking migsim JSON documents and reading their series, both through the migsim
Python package's pandas-free layer (python/migsim: load(), the monthly table; reader() finds it
next to the plots), the series catalogue, selection and summing of series cells, the colour-blind-safe palette (Okabe-Ito), month axes, event markers, figure
captions built from a document's meta, and writing PNG + SVG.

Every user error (missing file, a document of the wrong kind, an unknown series, nationality,
border, ...) ends the script with exit status 2 and one line on stderr, without a traceback.
Set MIGSIM_PLOTS_DEBUG=1 to get tracebacks of unexpected errors.

matplotlib is imported only when a figure is drawn (setup_matplotlib), so --help and input
errors are fast.
"""
import argparse
import csv
import datetime
import os
import re
import sys
import textwrap

PROG = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "plot"

# ---------------------------------------------------------------------------------------------
# Errors


class PlotError(Exception):
    """A user error: reported as one line on stderr, exit status 2."""


def die(msg, status=2):
    sys.stderr.write(f"{PROG}: error: {msg}\n")
    sys.exit(status)


def run_main(main):
    """Run main(); user errors exit 2 with one line, anything else exits 1 with one line."""
    try:
        main()
    except PlotError as e:
        die(str(e))
    except KeyboardInterrupt:
        die("interrupted", 130)
    except BrokenPipeError:
        sys.exit(1)
    except SystemExit:
        raise
    except ImportError as e:  # a module imported outside setup_matplotlib: named, with its fix
        die(missing_module(e))
    except Exception as e:  # noqa: BLE001 - last resort: no traceback for users
        if os.environ.get("MIGSIM_PLOTS_DEBUG"):
            raise
        die(f"internal error: {type(e).__name__}: {e} (set MIGSIM_PLOTS_DEBUG=1 for a traceback)", 1)


class ArgumentParser(argparse.ArgumentParser):
    """argparse with the example kept as written and a one-line error (plus the usage line)."""

    def __init__(self, **kw):
        kw.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(**kw)

    def error(self, message):
        self.print_usage(sys.stderr)
        die(message)


def split_list(values):
    """--nationality IND,TUN --nationality CUB -> ['IND', 'TUN', 'CUB'] (order kept, no repeats)."""
    out = []
    for v in values or []:
        for x in v.split(","):
            x = x.strip()
            if x and x not in out:
                out.append(x)
    return out


# ---------------------------------------------------------------------------------------------
# Documents

KINDS = {
    "migsim-run/1": "a single run, from `migsim run -o`",
    "migsim-ensemble/1": "replicates, from `migsim run --replicates`",
    "migsim-compare/1": "a comparison, from `migsim compare`",
    "migsim-sweep/1": "a parameter sweep, from `migsim sweep`",
    "migsim-flee-run/1": "a Flee-rule run, from `migsim run` of a Flee scenario",
    "migsim-flee-ensemble/1": "Flee-rule replicates, from `migsim run --replicates` of a Flee scenario",
    "migsim-flee-compare/1": "a Flee-rule comparison, from `migsim compare` of Flee scenarios",
    "migsim-calibration/1": "a calibration, from `migsim calibrate`",
}

_HERE = os.path.dirname(os.path.realpath(__file__))  # through symlinks: a linked plots/ still finds ../python
# Where the migsim package is, next to the plots: the source tree (plots/ and python/) and an
# installed tree (PREFIX/share/migsim/plots and PREFIX/lib/python3/dist-packages, CMakeLists.txt's
# MIG_PYTHON_INSTALL_DIR). Tried before sys.path, so the plots read with their own package.
PACKAGE_DIRS = (os.path.join(_HERE, os.pardir, "python"),
                os.path.join(_HERE, os.pardir, os.pardir, os.pardir, "lib", "python3", "dist-packages"))


def reader():
    """The migsim package (python/migsim, docs/python.md): the plots read documents with its
    pandas-free layer, so a document reads the same in plots and in Python."""
    if "migsim" not in sys.modules:
        for d in PACKAGE_DIRS:
            d = os.path.normpath(d)
            if os.path.isfile(os.path.join(d, "migsim", "__init__.py")) and d not in sys.path:
                sys.path.insert(0, d)
                break
    try:
        import migsim
        import migsim._read
        import migsim._tables
    except ImportError as e:
        tried = ", ".join(os.path.normpath(d) for d in PACKAGE_DIRS)
        raise PlotError(f"the migsim Python package is not found ({e}; looked in {tried} and on sys.path): "
                        f"run the plots from the source tree or a `cmake --install` tree, or put its "
                        f"folder on PYTHONPATH")
    return migsim


def load(path, accept):
    """Read a migsim JSON document whose "schema" is one of accept, or exit 2. The package's
    load() reads and checks it (errors name the file); the plot's message says what it reads."""
    M = reader()
    wanted = " or ".join(f"{s} ({KINDS[s]})" for s in accept)
    try:
        doc = M._read.load(path)
    except M.MigsimError as e:
        if "not a migsim document" in str(e):
            raise PlotError(f"{e}; {PROG} reads {wanted}")
        raise PlotError(str(e))
    schema = doc["schema"]
    if schema not in accept:
        got = f"a {schema} document" + (f" ({KINDS[schema]})" if schema in KINDS else "")
        raise PlotError(f"{path} is {got}; {PROG} reads {wanted}")
    if not isinstance(doc.get("meta"), dict):
        raise PlotError(f"{path}: no \"meta\" object")
    return doc


def is_stats_leaf(x):
    return isinstance(x, dict) and "mean" in x and "lo" in x and "hi" in x


# Monthly series the plots draw (docs/model.md, Outputs): whether each is a flow (sum over the
# month) or a stock (end of month), and a description for titles. Their dimensions are the
# package's (migsim._tables.LEVELS: dims()), and select() sums the rows of its monthly table.
SERIES = {
    "departures": ("flow", "departures"),
    "switched_channel": ("flow", "departures by another channel (the preferred one closed)"),
    "deterred": ("flow", "deterred departures (stayed home)"),
    "attempts": ("flow", "border-crossing attempts"),
    "detections": ("flow", "detections (detected attempts)"),
    "pushbacks": ("flow", "pushbacks"),
    "registrations": ("flow", "registrations"),
    "detained": ("flow", "detentions"),
    "frontex_detections": ("flow", "Frontex-comparable detections"),
    "persons_detected": ("flow", "persons detected for the first time"),
    "returned": ("flow", "returns home after a pushback"),
    "arrivals": ("flow", "arrivals at destination"),
    "asylum_applications": ("flow", "asylum applications"),
    "stock": ("stock", "persons waiting or in reception"),
    "in_reception": ("stock", "persons in reception"),
    "in_transit": ("stock", "persons in transit"),
    "route_entries": ("flow", "persons starting a route"),
}
DIMS = ("nationality", "border", "channel", "country", "location", "route")


def dims(series):
    """The dimensions of a monthly series, outermost first (the package's levels)."""
    return tuple(reader()._tables.LEVELS[series])


def unit_label(series, per="month"):
    kind = SERIES[series][0]
    return "persons (end of month)" if kind == "stock" else f"persons per {per}"


def check_series(tree, series, where="the document"):
    if series not in SERIES:
        raise PlotError(f"unknown series '{series}' (known: {', '.join(k for k in SERIES if k in tree) or 'none'})")
    if series not in tree:
        raise PlotError(f"series '{series}' is not in {where}")


def series_cells(tree, series, months):
    """[(keys, {column: [one value a month]})] for every cell of tree[series], in document order:
    the rows of the package's monthly table (migsim._tables.series_table) of that series, with
    value for a run, and mean, sd, lo, hi and the quantiles the document has for replicates;
    "replicates" (one list a replicate) when the document has them (its replicates table)."""
    table, reps = reader()._tables.series_table([(None, {series: tree[series]})], months)
    ds = dims(series)
    cols = table.columns if table is not None else []
    if any(c not in cols for c in ds):
        raise PlotError(f"unexpected series structure (series '{series}' is not indexed by {', '.join(ds)})")
    if "value" in cols and "mean" in cols:
        raise PlotError("mixed run and ensemble leaves")
    mcol = cols.index("month") if cols else 0
    stats = cols[mcol + 1:]
    pos = {m: i for i, m in enumerate(months)}
    out, where = [], {}
    for row in table.rows if table is not None else []:
        keys = tuple(row[cols.index(d)] for d in ds)
        if keys not in where:
            where[keys] = len(out)
            out.append((keys, {c: [0.0] * len(months) for c in stats}))
        vals = out[where[keys]][1]
        for k, c in enumerate(stats, start=mcol + 1):
            vals[c][pos[row[mcol]]] = row[k]
    for row in reps.rows if reps is not None else []:
        rc = reps.columns
        keys = tuple(row[rc.index(d)] for d in ds)
        lists = out[where[keys]][1].setdefault("replicates", [])
        r = row[rc.index("replicate")]
        while len(lists) <= r:
            lists.append([0.0] * len(months))
        lists[r][pos[row[rc.index("month")]]] = row[rc.index("value")]
    return out


class Agg:
    """A summed monthly series: mean (or the run's values) and, for ensembles, lo and hi."""

    def __init__(self, n):
        self.mean = [0.0] * n
        self.lo = None
        self.hi = None
        self.sd = None
        self.cells = 0

    def add(self, cell):
        """Add one cell of series_cells: {value: [...]} or {mean, lo, hi, sd: [...]}."""
        if "mean" in cell:
            if self.lo is None:
                self.lo = [0.0] * len(self.mean)
                self.hi = [0.0] * len(self.mean)
                self.sd = [0.0] * len(self.mean)
            for name in ("mean", "lo", "hi", "sd"):
                acc = getattr(self, name)
                for i, v in enumerate(cell[name]):
                    acc[i] += v
        else:
            for i, v in enumerate(cell["value"]):
                self.mean[i] += v
        self.cells += 1


def select(tree, series, filters, by, months):
    """Sum the cells of tree[series] selected by filters ({dim: [values]}) into one Agg per
    value of dimension `by` (or one Agg under the series name when by is 'total'); months: the
    document's months.

    Unknown values and filters for dimensions the series does not have are PlotErrors.
    Returns (dict label -> Agg in display order, dims of the series)."""
    ds = dims(series)
    cells = series_cells(tree, series, months)
    vals = {d: [] for d in ds}
    for keys, _ in cells:
        for d, k in zip(ds, keys):
            if k not in vals[d]:
                vals[d].append(k)
    for d, wanted in filters.items():
        if not wanted:
            continue
        if d not in ds:
            has = " and ".join(ds) if ds else "nothing (a single series)"
            raise PlotError(f"--{d} does not apply to series '{series}' (it is indexed by {has})")
        for w in wanted:
            if w not in vals[d]:
                raise PlotError(f"unknown {d} '{w}' in series '{series}' (known: {', '.join(vals[d])})")
    if by != "total" and by not in ds:
        has = ", ".join(ds) if ds else "nothing: use --by total"
        raise PlotError(f"series '{series}' cannot be split by {by} (it is indexed by {has})")
    if by == "total":
        order = [series]
    else:
        order = list(filters.get(by) or vals[by])
    out = {k: Agg(len(months)) for k in order}
    for keys, cell in cells:
        key = dict(zip(ds, keys))
        if any(filters.get(d) and key[d] not in filters[d] for d in ds):
            continue
        label = series if by == "total" else key[by]
        out[label].add(cell)
    return out, ds


# ---------------------------------------------------------------------------------------------
# Meta: names, events, captions


def world_names(meta):
    """{code: name} for nationalities, and location id -> display name."""
    w = meta.get("world") or {}
    nat = {n["code"]: n.get("name", n["code"]) for n in w.get("nationalities", [])}
    loc = {l["id"]: l.get("name", l["id"]) for l in w.get("locations", [])}
    return nat, loc


def nat_label(code, names):
    name = names.get(code)
    return f"{code} ({name})" if name and name != code else code


def visa_events(events):
    """[(date, country, nationality, requires: bool)] of the visa-regime changes (type
    "visa") in a list of events."""
    return [(e["date"], e["country"], e["nationality"], e["new"] == "required")
            for e in events or [] if e.get("type") == "visa"]


def visa_marks(events, key=None, nats=None, suffix=""):
    """Marks [(date, label, linestyle)] of the visa-regime changes in events (solid) and of
    their announcements (dotted; left out when less than 10 days before the change).
    key: only this nationality's, labelled without its code (one panel per nationality);
    otherwise those of nats (all when None), labelled with the nationality code."""
    visas = visa_events(events)
    marks = []
    for date, country, nat, req in visas:
        if key is not None and nat != key:
            continue
        if key is None and nats is not None and nat not in nats:
            continue
        if key is not None:
            label = f"{country} visa required" if req else f"{country} visa-free"
        else:
            label = f"{nat} visa" if req else f"{nat} visa-free"
        marks.append((parse_date(date), label + suffix, "-"))
    for e in events or []:
        if e.get("type") != "announcement":
            continue
        # An announcement names its nationality when it has one; the changes it
        # announces are those of its country on its effective date either way.
        country, eff = e["country"], e["effective"]
        ns = [n for d, c, n, r in visas if c == country and d == eff and r]
        ns = [n for n in ns if (n == key if key is not None else (nats is None or n in nats))]
        if not ns:
            continue
        ad = parse_date(e["date"])
        if (parse_date(eff) - ad).days < 10:
            continue  # too close to the change to show apart
        label = "announced" if key is not None else f"{'/'.join(ns)} announced"
        marks.append((ad, label + suffix, ":"))
    return marks


def user_events(events):
    """The policy events visa_marks does not draw: at() and when() labels, set() changes, event()
    calls, during{} windows, channels, operations, measures, networks (docs/output-schema.json,
    meta.events). visa_change{}'s own label (type scheduled, with the country and nationality of
    a visa change on the same day) is left out: the visa mark shows it."""
    visa_days = {(e.get("date"), e.get("country")) for e in events or [] if e.get("type") == "visa"}
    out = []
    for e in events or []:
        t = e.get("type")
        if e.get("kind", "policy") != "policy" or t in ("visa", "announcement"):
            continue
        if t == "scheduled" and e.get("nationality") and (e.get("date"), e.get("country")) in visa_days:
            continue
        out.append(e)
    return out


def numbered_marks(events, suffix="", first=1):
    """The user's events (user_events) as marks numbered by day, [(date, "N", "--")], and the key
    the caption prints, ["N YYYY-MM-DD label; label"]: a number at the line keeps labels from
    overlapping however close the events are."""
    days = {}
    for e in user_events(events):
        days.setdefault(e["date"], [])
        if e["label"] not in days[e["date"]]:
            days[e["date"]].append(e["label"])
    marks, key = [], []
    for i, (d, labels) in enumerate(sorted(days.items()), start=first):
        marks.append((parse_date(d), str(i), "--"))
        key.append(f"{i} {d} {'; '.join(labels)}{suffix}")
    return marks, key


def events_note(key):
    """The caption line that explains the numbered marks, or None."""
    return ("Numbered dashed lines: the scenario's events: " + "; ".join(key) + ".") if key else None


def doc_events(doc, arm=None):
    """The policy events of a document (not the model's own, such as a smuggling group
    dismantled: those are many and not the scenario's doing)."""
    meta = doc["meta"]
    events = []
    if "events" in meta:
        events = meta["events"]
    elif "events_replicate_0" in meta:
        events = meta["events_replicate_0"]
    else:
        for a in meta.get("arms", []):
            if a.get("name") == arm:
                events = a.get("events_replicate_0", [])
    return [e for e in events if e.get("kind", "policy") == "policy"]


def fmt_int(x):
    """Thousands separators, a true minus sign, no '-0'."""
    v = round(x)
    if v == 0:
        v = 0
    return f"{v:,d}".replace("-", "\u2212")


def caption(doc, arm=None, extra=()):
    """A caption from the document's meta: scenario(s), file(s), seed or master seed and
    replicate count, period, units, version, plus extra sentences."""
    meta = doc["meta"]
    schema = doc["schema"]
    ver = f"migsim {meta.get('version', '?')}"
    parts = []
    if schema == "migsim-run/1":
        sc = meta.get("scenario", {})
        parts.append(f"Scenario {sc.get('name')} ({sc.get('file')}), one run, seed {meta.get('seed')}.")
    elif schema == "migsim-ensemble/1":
        sc = meta.get("scenario", {})
        r, ms = meta.get("replicates"), meta.get("master_seed")
        parts.append(f"Scenario {sc.get('name')} ({sc.get('file')}), {r} replicates, master seed {ms} "
                     f"(seeds {ms}..{ms + r - 1}).")
    elif schema == "migsim-compare/1":
        r, ms = meta.get("replicates"), meta.get("master_seed")
        arms = meta.get("arms", [])
        base = meta.get("baseline")
        desc = "; ".join(f"{a['name']} ({a.get('file')})" + (" [baseline]" if a["name"] == base else "")
                         for a in arms if arm is None or a["name"] in (arm, base))
        how = "paired on common random numbers" if meta.get("paired") else "independent seeds per arm"
        fork = f", forked at {meta['fork_at']}" if meta.get("fork_at") else ""
        parts.append(f"Arms: {desc}. {r} replicates per arm, master seed {ms}, {how}{fork}.")
    elif schema == "migsim-sweep/1":
        sc = meta.get("scenario", {})
        design = {"lhs": "Latin hypercube", "sobol": "Saltelli (Sobol)"}.get(meta.get("design"), meta.get("design"))
        parts.append(f"Scenario {sc.get('name')} ({sc.get('file')}), {design} design, n = {meta.get('n')}, "
                     f"{meta.get('points')} runs, one run per point, seed {meta.get('seed')} for every point.")
        if meta.get("fixed"):
            parts.append(f"Fixed: {', '.join(meta['fixed'])}.")
    if "start" in meta:
        w = meta.get("agent_weight", 1)
        aw = f", agent weight {w:g}" if isinstance(w, (int, float)) and w != 1 else ""
        parts.append(f"Reported {meta['start']} to {meta['end']}; counts in {meta.get('units', 'persons')}{aw}.")
    parts.extend(x for x in extra if x)
    parts.append(ver + ".")
    return " ".join(parts)


# ---------------------------------------------------------------------------------------------
# Months

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def month_date(m):
    """'2022-10' -> the 15th of that month (the middle of a monthly sum)."""
    y, mo = MONTH_RE.match(m).groups()
    return datetime.date(int(y), int(mo), 15)


def month_end(m):
    """'2022-10' -> 2022-10-31 (where an end-of-month stock belongs)."""
    d = month_start(m)
    return (d.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)


def series_date(series, m):
    """x position of a monthly value: mid-month for flows, the last day for stocks."""
    return month_end(m) if SERIES[series][0] == "stock" else month_date(m)


def month_start(m):
    y, mo = MONTH_RE.match(m).groups()
    return datetime.date(int(y), int(mo), 1)


def parse_date(s):
    return datetime.date.fromisoformat(s)


def month_range(months, frm, to):
    """Indices of months within [frm, to] (YYYY-MM, either may be None)."""
    for name, v in (("--from", frm), ("--to", to)):
        if v is not None and not MONTH_RE.match(v):
            raise PlotError(f"{name} {v}: not a month (YYYY-MM)")
    idx = [i for i, m in enumerate(months) if (frm is None or m >= frm) and (to is None or m <= to)]
    if not idx:
        raise PlotError(f"no month of the document ({months[0]} to {months[-1]}) is within --from/--to")
    return idx


# ---------------------------------------------------------------------------------------------
# Drawing

# Okabe & Ito (2008), colour-blind safe; yellow last (weak on white).
OKABE_ITO = {
    "blue": "#0072B2", "orange": "#E69F00", "green": "#009E73", "vermillion": "#D55E00",
    "purple": "#CC79A7", "sky": "#56B4E9", "black": "#000000", "yellow": "#F0E442",
}
PALETTE = [OKABE_ITO[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "black")]
LINESTYLES = ["-", "--", ":", "-."]
OBSERVED_COLOUR = OKABE_ITO["black"]
GREY = "#7f7f7f"


def style(i):
    """(colour, linestyle) of the i-th line: the palette first, then again dashed, ..."""
    return PALETTE[i % len(PALETTE)], LINESTYLES[(i // len(PALETTE)) % len(LINESTYLES)]


FONT = 10


# The Debian package of each module the figures import.
APT = {"matplotlib": "python3-matplotlib", "numpy": "python3-numpy", "PIL": "python3-pil"}


def missing_module(e, default="matplotlib"):
    """The message for an ImportError: the module, the interpreter, the Debian package and, when
    this is not Debian's Python (a pyenv or venv python3 first on PATH), to use /usr/bin/python3."""
    name = (getattr(e, "name", None) or default).split(".")[0]
    other = "" if sys.executable == "/usr/bin/python3" else ", and run the script with /usr/bin/python3"
    return (f"Python module {name} is missing for {sys.executable} ({e}); on Debian: "
            f"apt-get install {APT.get(name, 'python3-' + name.lower())}{other}")


def setup_matplotlib():
    """matplotlib, set up for the figures; a missing module is a PlotError that names it and
    its Debian package (the scripts run with /usr/bin/python3, which has Debian's packages)."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as e:
        raise PlotError(missing_module(e))
    plt.rcParams.update({
        "font.size": FONT, "axes.titlesize": FONT + 1, "axes.labelsize": FONT,
        "xtick.labelsize": FONT - 1, "ytick.labelsize": FONT - 1, "legend.fontsize": FONT - 1,
        "figure.titlesize": FONT + 3, "axes.spines.top": False, "axes.spines.right": False,
        "axes.grid": True, "grid.color": "#dddddd", "grid.linewidth": 0.6,
        "svg.hashsalt": "migsim", "svg.fonttype": "none", "path.simplify": True,
        "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    })
    return plt


def month_axis(ax, dates, label=True):
    """Month ticks on a date x axis: at most about 8 labels, YYYY-MM."""
    import matplotlib.dates as mdates
    n = len(dates)
    step = next((s for s in (1, 2, 3, 6, 12, 24, 60) if n / s <= 8), 120)
    if step < 12:
        ax.xaxis.set_major_locator(mdates.MonthLocator(bymonth=range(1, 13, step)))
    else:
        ax.xaxis.set_major_locator(mdates.YearLocator(step // 12, month=1, day=1))
    ax.xaxis.set_minor_locator(mdates.MonthLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    lo = dates[0].replace(day=1)
    last = dates[-1]
    hi = (last.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    ax.set_xlim(lo, hi)
    if label:
        ax.set_xlabel("month")


def thousands(ax, axis="y"):
    import matplotlib.ticker as mticker
    f = mticker.FuncFormatter(lambda v, _: fmt_int(v) if abs(v) >= 1000 or v == int(v)
                              else f"{v:g}".replace("-", "\u2212"))
    (ax.yaxis if axis == "y" else ax.xaxis).set_major_formatter(f)


def mark_dates(ax, marks, labels=True, merge_days=7):
    """Vertical lines at dates: marks = [(date, label, linestyle)]. Dashed marks are the scenario's
    numbered events (drawn apart, below). Other marks within merge_days of
    each other share one line (solid if any is solid) and one label, written vertically inside
    the axes at the top, left of the line, behind the data."""
    import matplotlib.transforms as mtransforms
    trans = mtransforms.blended_transform_factory(ax.transData, ax.transAxes)
    # Dashed marks (the scenario's events, numbered: numbered_marks) keep their own day; their
    # numbers are written level at the top, a step lower when the previous one is close.
    prev, level = None, 0
    for d, label, ls in sorted(m for m in marks if m[2] == "--"):
        level = (level + 1) % 3 if prev is not None and (d - prev).days <= 20 else 0
        prev = d
        ax.axvline(d, color=GREY, lw=1.0, ls="--", zorder=1)
        if labels and label:
            ax.text(d, 0.985 - 0.06 * level, label, transform=trans, ha="center", va="top", fontsize=FONT - 2,
                    color="#222222", zorder=2.5, bbox=dict(boxstyle="round,pad=0.15", fc="white", ec=GREY, lw=0.6))
    groups = []
    for d, label, ls in sorted((m for m in marks if m[2] != "--"), key=lambda m: (m[0], m[2] != "-")):
        if groups and (d - groups[-1]["last"]).days <= merge_days:
            g = groups[-1]
            g["last"] = d
            if ls == "-" and g["ls"] != "-":
                g["date"], g["ls"] = d, "-"
        else:
            g = {"date": d, "last": d, "ls": ls, "labels": []}
            groups.append(g)
        if label and label not in g["labels"]:
            g["labels"].append(label)
    for g in groups:
        ax.axvline(g["date"], color=GREY, lw=1.0, ls=g["ls"], zorder=1)
        if labels and g["labels"]:
            ax.text(g["date"], 0.985, ", ".join(g["labels"]) + " ", transform=trans, rotation=90, ha="right",
                    va="top", fontsize=FONT - 2, color="#444444", zorder=2.5,
                    bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none", alpha=0.6))


def out_base(path):
    base = path
    for ext in (".png", ".svg", ".pdf"):
        if base.lower().endswith(ext):
            base = base[: -len(ext)]
    return base


def finish(fig, caption_text, out, dpi, legend=None, legend_ncol=None, before_save=None):
    """Caption (and an optional figure legend) at the bottom, tight layout, write OUT.png and
    OUT.svg. legend = (handles, labels)."""
    width_px = fig.get_figwidth() * 72.0
    size = FONT - 1.5
    chars = max(40, int((width_px - 20) / (size * 0.6)))
    text = "\n".join(textwrap.wrap(caption_text, chars))
    cap = fig.text(0.012, 0.008, text, ha="left", va="bottom", fontsize=size, color="#333333")
    bottom = 0.0
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    figh = fig.get_figheight() * fig.dpi
    bottom = (cap.get_window_extent(r).height + 10) / figh
    if legend:
        handles, labels = legend
        ncol = legend_ncol or min(len(labels), 4)
        leg = fig.legend(handles, labels, loc="lower center", bbox_to_anchor=(0.5, bottom), ncol=ncol,
                         frameon=False)
        fig.canvas.draw()
        bottom += (leg.get_window_extent(r).height + 4) / figh
    fig.tight_layout(rect=(0, bottom, 1, 1))
    if before_save:
        before_save()
    base = out_base(out)
    d = os.path.dirname(base)
    try:
        if d:
            os.makedirs(d, exist_ok=True)
        fig.savefig(base + ".png", dpi=dpi, metadata={"Software": None})
        fig.savefig(base + ".svg", metadata={"Date": None})
    except OSError as e:
        raise PlotError(f"cannot write {base}.png/.svg: {e.strerror or e}")
    return base + ".png", base + ".svg"


def add_output_args(p, default_dpi=150):
    p.add_argument("-o", "--output", required=True, metavar="BASENAME",
                   help="write BASENAME.png and BASENAME.svg (folders are created)")
    p.add_argument("--dpi", type=int, default=default_dpi, help=f"PNG resolution (default {default_dpi})")
    p.add_argument("--title", help="figure title (default: chosen from the data)")


# ---------------------------------------------------------------------------------------------
# Published series (data/wb_nationality_monthly.csv)


def read_observed(path):
    """{iso3: {'YYYY-MM': detections}}, and the set of sources, from a CSV with the columns
    nationality,iso3,year,month,detections,source."""
    try:
        with open(path, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
            fields = set(rows[0].keys()) if rows else set()
    except FileNotFoundError:
        raise PlotError(f"{path}: no such file")
    except OSError as e:
        raise PlotError(f"{path}: {e.strerror}")
    except (UnicodeDecodeError, csv.Error) as e:
        raise PlotError(f"{path}: not a CSV file ({e})")
    need = {"iso3", "year", "month", "detections"}
    if not need <= fields:
        raise PlotError(f"{path}: needs the columns nationality,iso3,year,month,detections,source "
                        f"(missing: {', '.join(sorted(need - fields))})")
    out, sources = {}, set()
    for i, row in enumerate(rows, start=2):
        try:
            m = f"{int(row['year']):04d}-{int(row['month']):02d}"
            v = float(row["detections"])
        except (TypeError, ValueError):
            raise PlotError(f"{path}:{i}: year, month and detections must be numbers")
        out.setdefault(row["iso3"], {})[m] = v
        if row.get("source"):
            sources.add(row["source"])
    return out, sorted(sources)


