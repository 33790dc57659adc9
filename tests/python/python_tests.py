#!/usr/bin/env python3
"""Tests of the migsim Python package (python/migsim), its docs (docs/python.md) and the R reader
(R/read_migsim.R).

usage: python_tests.py TEST MIGSIM SOURCE_DIR WORK_DIR

Documents are made at test time from the small worlds of tests/ensemble and tests/flee. The
pandas-free layer (Result.table) is checked everywhere; the DataFrames where pandas is
installed, and the R reader where Rscript and jsonlite are (else the test says it skipped,
exit 77). One CTest test per function test_* here."""

import csv
import io
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))
import harness  # noqa: E402
from harness import Failure, check  # noqa: E402

SKIP = 77


class Ctx:
    def __init__(self, exe, src, work):
        self.exe, self.src, self.work = exe, src, work
        os.environ["MIGSIM"] = exe
        sys.path.insert(0, os.path.join(src, "python"))
        import migsim
        self.m = migsim

    def path(self, name):
        return os.path.join(self.work, name)

    def scen(self, rel):
        return os.path.join(self.src, "tests", rel)

    def cli(self, *args, expect=0):
        p = subprocess.run([self.exe, *map(str, args)], capture_output=True, text=True)
        check(p.returncode == expect, f"migsim {' '.join(map(str, args))}: exit {p.returncode}, expected {expect}\n"
                                      f"{p.stderr}")
        return p

    def doc(self, name, *args):
        out = self.path(name)
        self.cli(*args, "-q", "-o", out)
        return out

    def export(self, doc, table):
        rows = list(csv.DictReader(io.StringIO(self.cli("export", doc, "--table", table).stdout)))
        check(rows, f"migsim export {doc} --table {table} is empty")
        return rows


def close(a, b, tol=1e-9):
    return abs(float(a) - float(b)) <= tol * max(1.0, abs(float(a)), abs(float(b)))


def has_pandas():
    try:
        import pandas  # noqa: F401
        return True
    except ImportError:
        return False


def make_docs(c):
    """One document of each kind, {kind: path}."""
    base, tighten = c.scen("ensemble/base.lua"), c.scen("ensemble/tighten.lua")
    toy, close_ = c.scen("flee/toy.lua"), c.scen("flee/toy_close.lua")
    mult = "nationality.XXA.departure_multiplier=0.5:1.5"
    return {
        "run": c.doc("run.json", "run", base, "--seed", 2),
        "ensemble": c.doc("ens.json", "run", base, "--replicates", 3, "--replicate-totals", *WINDOW),
        "compare": c.doc("cmp.json", "compare", base, tighten, "--replicates", 2, *WINDOW),
        "sweep": c.doc("sweep.json", "sweep", base, "--param", mult, "-n", 4, "--design", "sobol"),
        "flee-run": c.doc("flee.json", "run", toy),
        "flee-ensemble": c.doc("fleeens.json", "run", toy, "--replicates", 2),
        "flee-compare": c.doc("fleecmp.json", "compare", toy, close_, "--replicates", 2),
        "calibration": os.path.join(c.src, "tests", "calibration", "fixtures", "post.json"),
    }


# The small worlds' period is 2022-01 to 2022-04: the window is two of its months.
WINDOW = ("--window", "2022-02:2022-03", "--replicate-series")

EXPECTED = {   # kind: {table: leading columns}
    "run": {"monthly": ["series", "nationality", "border", "channel"], "daily": ["series", "nationality"],
            "totals": ["indicator", "nationality", "border", "country"], "events": ["date", "label", "kind", "type"]},
    "ensemble": {"monthly": ["series", "nationality", "border"], "totals": ["indicator", "nationality"],
                 "replicates": ["replicate", "series", "nationality"], "events": ["date"],
                 "replicate_totals": ["replicate", "seed", "particle", "indicator"]},
    "compare": {"monthly": ["arm", "series", "nationality"], "totals": ["arm", "indicator"], "events": ["arm", "date"]},
    "sweep": {"runs": ["point", "nationality.XXA.departure_multiplier"],
              "sobol": ["output", "parameter", "index", "value"]},
    "flee-run": {"daily": ["series", "location", "date", "value"], "camps": ["date", "camp", "simulated", "observed"],
                 "totals": ["indicator", "camp", "value"]},
    "flee-ensemble": {"daily": ["series", "location", "date", "mean", "sd", "lo", "hi", "value"],
                      "camps": ["date", "camp", "mean", "sd", "lo", "hi", "observed"],
                      "totals": ["indicator", "camp", "mean", "sd"], "replicate_totals": ["replicate", "indicator", "value"]},
    "flee-compare": {"daily": ["arm", "series", "location", "date", "mean"], "camps": ["arm", "date", "camp", "mean"],
                     "totals": ["arm", "indicator"]},
    "calibration": {"posterior": ["particle", "weight"], "posterior_summary": ["name", "mean", "sd", "q05"],
                    "fit": ["target", "month", "observed", "mean"], "waves": ["wave", "target", "summary"],
                    "generations": ["generation", "temperature"]},
}


def test_read_kinds(c):
    """read() of every document kind: its kind, the tables it has with their columns, and
    values that agree with the document and with `migsim export` of the same document."""
    docs = make_docs(c)
    for kind, path in docs.items():
        r = c.m.read(path)
        check(r.kind == kind, f"{path}: kind {r.kind}, expected {kind}")
        check(isinstance(r.meta, dict) and r.meta, f"{kind}: no meta")
        for name, lead in EXPECTED[kind].items():
            t = r.table(name)
            check(t is not None, f"{kind}: no table {name} (has {r.tables})")
            check(t.columns[:len(lead)] == lead, f"{kind}.{name}: columns {t.columns}, expected to start {lead}")
            check(name == "events" or len(t) > 0, f"{kind}.{name} is empty")
            check(all(len(row) == len(t.columns) for row in t.rows), f"{kind}.{name}: a row of the wrong length")
    run, ens, cmp = (json.load(open(docs[k])) for k in ("run", "ensemble", "compare"))
    r = c.m.read(docs["run"])
    mo = r.table("monthly")
    check(mo.columns[-2:] == ["month", "value"], f"run monthly columns {mo.columns}")
    # Every cell of the document is a row, and a row has its cell's value.
    n = sum(len(run["months"]) for _ in _leaves(run["monthly"]))
    check(len(mo) == n, f"run monthly: {len(mo)} rows for {n} values")
    rec = [x for x in mo.records() if x["series"] == "detections" and x["border"] == "BB-CC" and x["nationality"] == "XXA"]
    check([x["value"] for x in rec] == run["monthly"]["detections"]["BB-CC"]["XXA"], "run monthly detections BB-CC XXA")
    check([x["month"] for x in rec] == run["months"], "run monthly months")
    # export's detections_monthly and read() give the same rows.
    ex = c.export(docs["run"], "detections_monthly")
    mine = {(x["month"], x["nationality"], x["border"]): x["value"] for x in mo.records() if x["series"] == "detections"}
    check(len(ex) == len(mine) and all(close(e["detections"], mine[(e["month"], e["nationality"], e["border"])]) for e in ex),
          "run: read() monthly detections differ from migsim export --table detections_monthly")
    tot = {(x["indicator"], x["nationality"], x["border"], x["country"]): x["value"] for x in r.table("totals").records()}
    check(len(tot) == len(run["totals"]), f"run totals: {len(tot)} rows for {len(run['totals'])} keys")
    check(close(tot[("detections", None, "BB-CC", None)], run["totals"]["detections.BB-CC"]), "totals detections.BB-CC")
    check(close(tot[("frontex_detections", "XXA", None, None)], run["totals"]["frontex_detections.XXA"]), "totals by nationality")
    ex = {e["indicator"]: e["value"] for e in c.export(docs["run"], "totals")}
    check(all(close(ex[k], v) for k, v in run["totals"].items()), "run totals differ from export")
    # An ensemble: statistics and quantiles, as export's frontex_monthly gives them.
    e = c.m.read(docs["ensemble"])
    mo = e.table("monthly")
    check(mo.columns[-10:] == ["month", "mean", "sd", "lo", "hi", "q025", "q10", "q50", "q90", "q975"],
          f"ensemble monthly columns {mo.columns}")
    fx = {(x["month"], x["nationality"] or "total"): x for x in mo.records()
          if x["series"] in ("frontex_detections", "frontex_total")}
    for row in c.export(docs["ensemble"], "frontex_monthly"):
        mine = fx[(row["month"], row["nationality"])]
        check(all(close(row[k], mine[k], 1e-6) for k in ("mean", "q025", "q10", "q50", "q90", "q975")),
              f"ensemble frontex {row['month']} {row['nationality']}: read {mine} export {row}")
    reps = e.table("replicates").records()
    leaf = ens["monthly"]["frontex_detections"]["XXA"]["replicates"]
    check([x["value"] for x in reps if x["replicate"] == 1 and x["nationality"] == "XXA"
           and x["series"] == "frontex_detections"] == leaf[1],
          "ensemble replicates: replicate 1 of frontex_detections XXA")
    rt = e.table("replicate_totals").records()
    check(len({x["replicate"] for x in rt}) == 3 and {x["seed"] for x in rt} == {1, 2, 3}, "ensemble replicate_totals")
    # A comparison: the arms by their names and the paired difference.
    p = c.m.read(docs["compare"])
    arms = [x["arm"] for x in p.table("totals").records()]
    names = list(cmp["arms"])
    check(sorted(set(arms)) == sorted(names + ["difference"]), f"compare arms {sorted(set(arms))}")
    dif = {x["indicator"]: x for x in p.table("totals").records() if x["arm"] == "difference" and
           x["nationality"] is None and x["border"] is None and x["country"] is None}
    want = cmp["differences"][names[1]]["totals"]["detections"]
    check(all(close(dif["detections"][k], want[k]) for k in ("mean", "sd", "lo", "hi")), "compare difference of detections")
    check(p.meta["baseline"] == names[0], "compare meta.baseline")
    # A sweep: one row per run.
    s = c.m.read(docs["sweep"])
    sw = json.load(open(docs["sweep"]))
    check(s.table("runs").rows == sw["rows"] and s.table("runs").columns == sw["columns"], "sweep runs")
    check(len(s.table("sobol")) == 2 * sum(len(v) for v in sw["sobol"].values()), "sweep sobol rows")
    # Flee: camps with their observations.
    f = c.m.read(docs["flee-run"])
    fl = json.load(open(docs["flee-run"]))
    c1 = [x for x in f.table("camps").records() if x["camp"] == "C1"]
    check([x["simulated"] for x in c1] == fl["daily"]["camps"]["C1"]["simulated"], "flee camps C1 simulated")
    check([x["date"] for x in c1] == fl["dates"], "flee camps dates")
    # A calibration: the weighted posterior.
    k = c.m.read(docs["calibration"])
    post = json.load(open(docs["calibration"]))["posterior"]
    check(k.table("posterior").columns == ["particle", "weight", *post["parameters"], "dispersion"], "posterior columns")
    check(close(sum(x["weight"] for x in k.table("posterior").records()), 1.0, 1e-4), "posterior weights")


def _export_key(row, levels):
    """A totals row of the reader as export's indicator ('detections.BB-CC')."""
    sub = [row[n] for n in levels if row.get(n) is not None]
    return ".".join([row["indicator"], *sub])


def test_new_parts(c):
    """totals_by_year, totals_window, replicate_series and journeys (added to the documents
    after the package): cell by cell the CSV of migsim export --table totals_by_year,
    totals_window and replicates_monthly (runs, replicates, comparisons with their difference);
    journeys as the document's bins, summing to the arrivals, and cell by cell those of migsim
    export --table journeys (csv and json); run()/compare() pass window= and
    replicate_series=."""
    docs = make_docs(c)
    levels = ("nationality", "border", "country", "group", "level1")
    for kind in ("run", "ensemble", "compare"):
        r = c.m.read(docs[kind])
        stats = ("value",) if kind == "run" else ("mean", "sd", "lo", "hi")
        tables = [("totals_by_year", ("year",))] + ([] if kind == "run" else [("totals_window", ("from", "to"))])
        for name, lead in tables:
            t = r.table(name)
            check(t is not None, f"{kind}: no table {name} (has {r.tables})")
            arm = ["arm"] if kind == "compare" else []
            check(t.columns[:len(arm) + len(lead) + 1] == arm + list(lead) + ["indicator"], f"{kind}.{name} columns {t.columns}")
            check(t.columns[-len(stats):] == list(stats), f"{kind}.{name} columns {t.columns}")
            mine = {tuple(str(x[k]) for k in arm + list(lead)) + (_export_key(x, levels),): x for x in t.records()}
            ex = c.export(docs[kind], name)
            check(len(ex) == len(mine), f"{kind}.{name}: {len(mine)} rows, export {len(ex)}")
            for row in ex:
                x = mine.get(tuple(row[k] for k in arm + list(lead)) + (row["indicator"],))
                check(x is not None, f"{kind}.{name}: export's row {row} missing")
                check(all(close(row[k], x[k]) for k in stats), f"{kind}.{name}: export {row}, read {x}")
        if kind == "run":
            check(r.table("totals_window") is None and r.table("replicates") is None, "run: window or replicates")
            continue
        # replicates_monthly: export's level1, level2 are the tree's levels, outermost first
        # (the smuggling object's series: series smuggling, level1 NAME).
        t = r.table("replicates")
        arm = ["arm"] if kind == "compare" else []
        check(t.columns[:len(arm) + 2] == arm + ["replicate", "series"] and t.columns[-2:] == ["month", "value"],
              f"{kind}.replicates columns {t.columns}")
        mine = {}
        for x in t.records():
            series, lv = x["series"], [x[n] for n in c.m._tables.LEVELS.get(x["series"], ())]
            if series.startswith("smuggling."):
                series, lv = "smuggling", [series.split(".", 1)[1]]
            lv = [v for v in lv if v is not None] + [None, None]
            mine[tuple(str(x[k]) for k in arm) + (str(x["replicate"]), series, lv[0] or "", lv[1] or "",
                                                  x["month"])] = x["value"]
        ex = c.export(docs[kind], "replicates_monthly")
        check(len(ex) == len(mine) == len(t), f"{kind}.replicates: {len(t)} rows, export {len(ex)}")
        for row in ex:
            k = tuple(row[a] for a in arm) + (row["replicate"], row["series"], row["level1"], row["level2"], row["month"])
            check(k in mine and close(row["value"], mine[k]), f"{kind}.replicates: export {row}, read {mine.get(k)}")
    # journeys: every bin of every distribution; each sums to the arrivals.
    for kind in ("run", "ensemble", "compare"):
        r = c.m.read(docs[kind])
        j = r.table("journeys")
        check(j is not None, f"{kind}: no journeys")
        head = (["arm"] if kind == "compare" else []) + ["distribution", "nationality", "bin"]
        check(j.columns[:len(head)] == head, f"{kind}.journeys columns {j.columns}")
        blocks = ([(None, r.doc)] if kind != "compare" else
                  list(r.doc["arms"].items()) + [("difference", d) for d in r.doc["differences"].values()])
        v = "value" if kind == "run" else "mean"
        n = 0
        for arm, b in blocks:
            for dist, d in b["journeys"].items():
                for nat in ["all", *d["by_nationality"]]:
                    node = d["all"] if nat == "all" else d["by_nationality"][nat]
                    want = node if kind == "run" else node["mean"]
                    got = [(x["bin"], x[v]) for x in j.records() if x["distribution"] == dist and
                           x["nationality"] == nat and x.get("arm", arm) == arm]
                    check(got == list(zip(d["bins"], want)), f"{kind}.journeys {arm} {dist} {nat}")
                    n += len(got)
                    if arm != "difference":
                        tot = b["totals"]["arrivals" if nat == "all" else f"arrivals.{nat}"]
                        check(close(sum(want), tot if kind == "run" else tot["mean"], 1e-6),
                              f"{kind}.journeys {dist} {nat}: sums to {sum(want)}, arrivals {tot}")
        check(n == len(j), f"{kind}.journeys: {len(j)} rows, {n} in the document")
        # migsim export --table journeys is the same table, cell by cell (csv and json records).
        text = c.cli("export", docs[kind], "--table", "journeys").stdout
        ex = list(csv.reader(io.StringIO(text)))
        check(ex[0] == j.columns, f"{kind}.journeys: export's columns {ex[0]}, the package's {j.columns}")
        check(len(ex) - 1 == len(j), f"{kind}.journeys: export has {len(ex) - 1} rows, the package {len(j)}")
        for e_row, p_row in zip(ex[1:], j.rows):
            check(all(x == y if isinstance(y, str) else float(x) == y for x, y in zip(e_row, p_row)),
                  f"{kind}.journeys: export's row {e_row}, the package's {p_row}")
        recs = json.loads(c.cli("export", docs[kind], "--table", "journeys", "--format", "json").stdout)
        check(recs == j.records(), f"{kind}.journeys: export --format json differs from the package's records")
    # run() and compare() pass window= and replicate_series=.
    base, tighten = c.scen("ensemble/base.lua"), c.scen("ensemble/tighten.lua")
    p = c.m.compare(base, tighten, replicates=2, window="2022-02:2022-03", replicate_series=True)
    check(p.doc == json.load(open(docs["compare"])), "compare(window=, replicate_series=) differs from the CLI's")
    e = c.m.run(base, replicates=2, window=("2022-03", "2022-03"))
    check(e.meta["window"]["from"] == "2022-03-01" and e.table("totals_window") is not None
          and e.table("replicates").columns[1] == "series", f"run(window=): {e.tables}")
    try:
        c.m.run(base, window="2022-02:2022-03")
    except c.m.MigsimError as err:
        check("replicates" in str(err), f"window= without replicates: {err}")
    else:
        raise Failure("run(window=) of a single run did not raise")


def _leaves(tree):
    for v in tree.values():
        if isinstance(v, list):
            yield v
        else:
            yield from _leaves(v)


def test_dataframes(c):
    """With pandas: every table is a DataFrame with the Table's columns and rows; without
    pandas, asking for one names apt-get install python3-pandas."""
    docs = make_docs(c)
    if not has_pandas():
        r = c.m.read(docs["run"])
        try:
            r.monthly
        except c.m.MissingModuleError as e:
            check("apt-get install python3-pandas" in str(e), f"missing pandas: {e}")
        else:
            raise Failure("Result.monthly without pandas did not raise MissingModuleError")
        print("SKIPPED the DataFrame checks: pandas is not installed (apt-get install python3-pandas)")
        sys.exit(SKIP)
    for kind, path in docs.items():
        r = c.m.read(path)
        for name in r.tables:
            df, t = getattr(r, name), r.table(name)
            check(list(df.columns) == t.columns and len(df) == len(t), f"{kind}.{name}: DataFrame differs from Table")
    r = c.m.read(docs["compare"])
    m = r.monthly
    d = m[(m.arm == "difference") & (m.series == "detections")]
    check(len(d) == len(r.doc["months"]) and (d.hi >= d.lo).all(), "compare difference rows")
    # The same frame as pd.read_csv of migsim export (columns by name).
    import pandas as pd
    ex = pd.read_csv(io.StringIO(c.cli("export", docs["run"], "--table", "detections_monthly").stdout))
    mine = c.m.read(docs["run"]).monthly
    mine = mine[mine.series == "detections"][["month", "nationality", "border", "value"]]
    mine = mine.rename(columns={"value": "detections"}).sort_values(["month", "nationality", "border"])
    ex = ex.sort_values(["month", "nationality", "border"])
    check((mine.to_numpy() == ex.to_numpy()).all(), "run detections: DataFrame differs from export's CSV")


def test_run_compare(c):
    """run() and compare() end to end: the same document as the command line's, set= and
    replicates= passed on, out= keeps the file, the notes kept in .stderr."""
    base, tighten = c.scen("ensemble/base.lua"), c.scen("ensemble/tighten.lua")
    r = c.m.run(base, seed=3)
    cli = json.load(open(c.doc("cli.json", "run", base, "--seed", 3)))
    check(r.kind == "run" and r.doc == cli, "migsim.run(seed=3) differs from migsim run --seed 3")
    check(r.path is None, "run() without out= reports a path")
    out = c.path("kept.json")
    r = c.m.run(base, seed=3, replicates=2, threads=2, set={"nationality.XXA.departure_multiplier": 0.5}, out=out)
    check(r.kind == "ensemble" and r.meta["replicates"] == 2 and os.path.isfile(out) and r.path == out, "run replicates, out=")
    check(r.meta["parameters"]["nationality.XXA.departure_multiplier"] == 0.5, "set= was not applied")
    p = c.m.compare(base, tighten, replicates=2, fixed=True)
    check(p.kind == "compare" and list(p.doc["arms"]) == ["ens_base", "ens_tighten"], f"compare arms {list(p.doc['arms'])}")
    check("fork" in p.stderr, f"compare's note on stderr not kept: {p.stderr!r}")
    cli = json.load(open(c.doc("cmp.json", "compare", base, tighten, "--replicates", 2, "--fixed")))
    check(p.doc == cli, "migsim.compare() differs from migsim compare")


def test_errors(c):
    """A failing run raises MigsimError with migsim's message (file:line); a missing binary
    names what was tried; a file that is not a migsim document is refused."""
    bad = c.path("bad.lua")
    with open(bad, "w") as f:
        f.write("scenario{name = 'bad'}\nlocal x = nil + 1\n")
    try:
        c.m.run(bad)
    except c.m.MigsimError as e:
        check(f"{bad}:2" in str(e) or "bad.lua:2" in str(e), f"no file:line in {e}")
        check(e.returncode == 2 and "bad.lua:2" in e.stderr, f"returncode {e.returncode}, stderr {e.stderr!r}")
    else:
        raise Failure("run of a broken scenario did not raise")
    try:
        c.m.compare(c.scen("ensemble/base.lua"), bad, replicates=2)
    except c.m.MigsimError as e:
        check("bad.lua:2" in str(e), f"compare: no file:line in {e}")
    else:
        raise Failure("compare with a broken scenario did not raise")
    notjson = c.path("x.json")
    with open(notjson, "w") as f:
        json.dump({"schema": "other/1"}, f)
    for path, words in ((notjson, "not a migsim document"), (c.path("missing.json"), "no such file")):
        try:
            c.m.read(path)
        except c.m.MigsimError as e:
            check(words in str(e), f"read({path}): {e}")
        else:
            raise Failure(f"read({path}) did not raise")
    # No binary anywhere: a copy of the package away from the checkout, an empty PATH.
    pkg = c.path("pkg")
    shutil.copytree(os.path.join(c.src, "python", "migsim"), os.path.join(pkg, "migsim"))
    env = {k: v for k, v in os.environ.items() if k not in ("MIGSIM", "MIGSIM_BIN")}
    env.update(PYTHONPATH=pkg, PATH=c.path("empty"))
    code = "import migsim\ntry:\n    migsim.run('x.lua')\nexcept migsim.MigsimError as e:\n    print(e)\n"
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    check(p.returncode == 0 and "cannot find the migsim program" in p.stdout and "MIGSIM" in p.stdout,
          f"no binary: {p.stdout}{p.stderr}")
    env["MIGSIM"] = c.path("nowhere")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    check("$MIGSIM is" in p.stdout and "not an executable" in p.stdout, f"MIGSIM set wrong: {p.stdout}{p.stderr}")
    # pandas missing: the message names the Debian package (pandas hidden from the import system).
    code = ("import sys\nsys.modules['pandas'] = None\nimport migsim\nr = migsim.read(sys.argv[1])\n"
            "try:\n    r.totals\nexcept ImportError as e:\n    print(e)\n")
    p = subprocess.run([sys.executable, "-c", code, c.doc("r.json", "run", c.scen("ensemble/base.lua"))],
                       capture_output=True, text=True, env=dict(os.environ, PYTHONPATH=pkg))
    check("apt-get install python3-pandas" in p.stdout, f"missing pandas: {p.stdout}{p.stderr}")


def test_r_reader(c):
    """R/read_migsim.R gives the same tables as the Python reader, and docs/python.md's R
    example runs (where Rscript and jsonlite are installed; else skipped)."""
    rscript = shutil.which("Rscript")
    if not rscript or subprocess.run([rscript, "-e", "library(jsonlite)"], capture_output=True).returncode != 0:
        print("SKIPPED: Rscript with jsonlite is not installed (apt-get install r-base-core r-cran-jsonlite)")
        sys.exit(SKIP)
    docs = make_docs(c)
    script = os.path.join(c.src, "R", "read_migsim.R")
    for kind, path in docs.items():
        outdir = c.path("r_" + kind)
        os.makedirs(outdir)
        code = (f"source({json.dumps(script)}); r <- read_migsim({json.dumps(path)}); "
                f"for (n in setdiff(names(r), c('kind', 'meta'))) write.csv(r[[n]], file.path({json.dumps(outdir)}, "
                "paste0(n, '.csv')), row.names = FALSE, na = ''); cat(r$kind)")
        p = subprocess.run([rscript, "-e", code], capture_output=True, text=True)
        check(p.returncode == 0, f"R read_migsim({path}): {p.stderr}")
        check(p.stdout.strip().endswith(kind), f"R kind {p.stdout!r}, expected {kind}")
        py = c.m.read(path)
        got = sorted(f[:-4] for f in os.listdir(outdir))
        check(got == sorted(py.tables), f"R {kind} tables {got}, Python {sorted(py.tables)}")
        for name in py.tables:
            t = py.table(name)
            with open(os.path.join(outdir, name + ".csv"), newline="") as f:
                rows = list(csv.reader(f))
            check(rows[0] == t.columns, f"R {kind}.{name} columns {rows[0]}, Python {t.columns}")
            check(len(rows) - 1 == len(t), f"R {kind}.{name}: {len(rows) - 1} rows, Python {len(t)}")
            for a, b in zip(rows[1:], t.rows):
                for x, y in zip(a, b):
                    check(same_cell(x, y), f"R {kind}.{name}: {a} vs Python {b}")
    # docs/python.md's R example runs as written (on the small comparison, cmp.json).
    import re
    text = open(os.path.join(c.src, "docs", "python.md"), encoding="utf-8").read()
    blocks = re.findall(r"```r\n(.*?)```", text, re.S)
    check(len(blocks) == 1, f"docs/python.md: {len(blocks)} R blocks, expected 1")
    os.symlink(os.path.join(c.src, "R"), c.path("R"))
    check(docs["compare"] == c.path("cmp.json"), "the small comparison is not WORK/cmp.json")
    p = subprocess.run([rscript, "-e", blocks[0]], capture_output=True, text=True, cwd=c.work)
    check(p.returncode == 0 and '"compare"' in p.stdout, f"docs/python.md's R example: {p.stdout}{p.stderr}")


def test_docs(c):
    """The Python blocks of docs/python.md marked <!-- tested --> run in order, in one
    namespace, in a folder that sees the checkout's scenarios/, data/ and tests/."""
    if not has_pandas():
        print("SKIPPED: docs/python.md's examples use pandas: apt-get install python3-pandas")
        sys.exit(SKIP)
    import re
    text = open(os.path.join(c.src, "docs", "python.md"), encoding="utf-8").read()
    blocks = re.findall(r"<!-- tested -->\n```python\n(.*?)```", text, re.S)
    check(len(blocks) >= 6, f"docs/python.md: {len(blocks)} tested blocks")
    for d in ("scenarios", "data", "tests"):
        os.symlink(os.path.join(c.src, d), c.path(d))
    os.chdir(c.work)
    ns = {"__name__": "__main__"}
    for i, b in enumerate(blocks, 1):
        try:
            exec(compile(b, f"docs/python.md[tested block {i}]", "exec"), ns)
        except Exception as e:
            raise Failure(f"docs/python.md, tested block {i}: {type(e).__name__}: {e}\n{b}")


def same_cell(x, y):
    """x, a cell of R's write.csv (na = ""), is Python's value y."""
    if isinstance(y, (list, dict)):          # an event's list field: joined by ';' in R
        return True
    if y is None:
        return x in ("", "NA")
    if isinstance(y, bool):
        return x == str(y).upper()
    if isinstance(y, str):
        return x == y
    try:
        return close(x, y, 1e-6)
    except ValueError:
        return False


def test_install(c):
    """cmake --install puts the package where Debian's python3 finds it under the prefix, and
    the installed package finds the installed program without PATH."""
    prefix = c.path("prefix")
    build = os.path.dirname(c.exe)
    p = subprocess.run(["cmake", "--install", build, "--prefix", prefix], capture_output=True, text=True)
    check(p.returncode == 0, f"cmake --install: {p.stderr}")
    site = os.path.join(prefix, "lib", "python3", "dist-packages")
    check(os.path.isfile(os.path.join(site, "migsim", "__init__.py")), f"no migsim package in {site}")
    env = {k: v for k, v in os.environ.items() if k not in ("MIGSIM", "MIGSIM_BIN")}
    env.update(PYTHONPATH=site, PATH=c.path("empty"))
    code = ("import migsim, sys\nr = migsim.run(sys.argv[1], seed=2)\n"
            "print(migsim.find_binary()); print(r.kind, len(r.table('totals')))")
    p = subprocess.run([sys.executable, "-c", code, c.scen("ensemble/base.lua")], capture_output=True, text=True,
                       env=env, cwd=c.work)
    check(p.returncode == 0, f"the installed package: {p.stderr}")
    check(p.stdout.splitlines()[0] == os.path.join(prefix, "bin", "migsim"), f"installed package found {p.stdout}")


if __name__ == "__main__":
    harness.main(globals(), Ctx)
