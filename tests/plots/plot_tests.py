#!/usr/bin/python3
"""Tests of the plot scripts in plots/ (timeseries.py, compare.py, flows.py, sweep.py,
flee_camps.py, calibration.py, forecast.py, journeys.py).

usage: plot_tests.py TEST MIGSIM SOURCE_DIR WORK_DIR

TEST is one of the functions named test_* below (without the prefix). SOURCE_DIR is the
repository root, WORK_DIR a scratch folder (emptied first). The scripts run with the Python
that runs this file (CMake passes /usr/bin/python3, which has Debian's matplotlib).

The fixtures are made at test time in WORK_DIR from tests/scenario/toy.lua: a run, 3
replicates, a comparison with itself, a comparison with a small policy (toy.lua plus a
tighter BB-DD border from 2022-02-01), an LHS and a Sobol sweep; each takes milliseconds.
test_wb2022 runs the default scenario once (about 1 s); test_flee the Burundi Flee scenario
at hasten 20, once and as 3 replicates (a fraction of a second each). The calibration tests
read tests/calibration/fixtures/post.json (a synthetic migsim-calibration/1 document) and
variants of it written in WORK_DIR.
"""
import copy
import json
import os
import re
import shutil
import struct
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import harness  # noqa: E402
from harness import Failure, check  # noqa: E402

SCRIPTS = ("timeseries.py", "compare.py", "flows.py", "sweep.py", "flee_camps.py", "calibration.py", "forecast.py",
           "journeys.py")


class Ctx:
    def __init__(self, exe, src, work):
        self.exe, self.src, self.work = exe, src, work
        self.made = {}

    def path(self, *p):
        return os.path.join(self.src, *p)

    def w(self, name):
        return os.path.join(self.work, name)

    def migsim(self, *args):
        r = subprocess.run([self.exe] + [str(a) for a in args], cwd=self.work, capture_output=True, text=True,
                           timeout=300)
        check(r.returncode == 0, f"migsim {' '.join(map(str, args))} exited {r.returncode}\n{r.stderr[-2000:]}")

    def plot(self, script, *args, expect=0, env=None):
        cmd = [sys.executable, self.path("plots", script)] + [str(a) for a in args]
        if expect == 0 and "--help" not in args and "--dpi" not in args:
            cmd += ["--dpi", "72"]
        r = subprocess.run(cmd, cwd=self.work, capture_output=True, text=True, timeout=120,
                           env=dict(os.environ, **env) if env else None)
        if expect is not None and r.returncode != expect:
            raise Failure(f"{script} {' '.join(map(str, args))} exited {r.returncode}, expected {expect}\n"
                          f"stdout: {r.stdout[-1500:]}\nstderr: {r.stderr[-3000:]}")
        return r

    # Fixtures -------------------------------------------------------------------------------
    def fixture(self, name):
        if name in self.made:
            return self.made[name]
        toy = self.path("tests", "scenario", "toy.lua")
        out = self.w(name + ".json")
        if name == "run":
            self.migsim("run", toy, "-q", "-o", out)
        elif name == "ens":
            self.migsim("run", toy, "--replicates", 3, "-q", "-o", out)
        elif name == "cmp_self":
            self.migsim("compare", toy, toy, "--replicates", 3, "-q", "-o", out)
        elif name == "cmp_policy":
            with open(toy, encoding="utf-8") as f:
                text = f.read()
            check('name = "toy"' in text, "toy.lua no longer names itself toy")
            policy = self.w("toy_tight.lua")
            with open(policy, "w", encoding="utf-8") as f:
                f.write(text.replace('name = "toy"', 'name = "toy_tight"'))
                f.write('\nat("2022-02-01", "BB-DD detection 0.6", function() '
                        'set("border.BB-DD.detection_prob", 0.6) end)\n')
            self.migsim("compare", toy, policy, "--replicates", 3, "-q", "-o", out)
        elif name == "lhs":
            self.migsim("sweep", toy, "--param", "border.BB-CC.detection_prob=0.2:0.8", "--param",
                        "give_up_prob=0:0.2", "-n", 6, "-q", "-o", out)
        elif name == "sobol":
            self.migsim("sweep", toy, "--param", "border.BB-CC.detection_prob=0.2:0.8", "--param",
                        "give_up_prob=0:0.2", "--design", "sobol", "-n", 4, "-q", "-o", out)
        elif name in ("flee", "flee_ens"):
            burundi = self.path("scenarios", "flee_burundi.lua")
            reps = ("--replicates", 3) if name == "flee_ens" else ()
            self.migsim("run", burundi, "--set", "hasten=20", *reps, "-q", "-o", out)
        elif name == "calib":
            out = self.path("tests", "calibration", "fixtures", "post.json")
        elif name == "observed":
            out = self.w("observed.csv")
            with open(out, "w", encoding="utf-8") as f:
                f.write("nationality,iso3,year,month,detections,source\n"
                        "Ayes,XXA,2022,1,80,T01\nAyes,XXA,2022,2,120,T01\nEes,XXE,2022,2,30,T01\n"
                        "Other,ZZZ,2022,1,5,T01\n")
        else:
            raise Failure(f"unknown fixture {name}")
        self.made[name] = out
        return out

    # Checks ---------------------------------------------------------------------------------
    def figure(self, base, must_contain=()):
        """BASE.png is a non-empty PNG of a sensible size, BASE.svg a non-empty SVG holding the
        given texts (the SVG keeps text as text)."""
        png, svg = base + ".png", base + ".svg"
        for p in (png, svg):
            check(os.path.isfile(p), f"{p} was not written")
            check(os.path.getsize(p) > 2000, f"{p} is nearly empty ({os.path.getsize(p)} bytes)")
        with open(png, "rb") as f:
            head = f.read(24)
        check(head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", f"{png} is not a PNG")
        wpx, hpx = struct.unpack(">II", head[16:24])
        check(250 <= wpx <= 4000 and 200 <= hpx <= 4000, f"{png}: odd size {wpx}x{hpx}")
        with open(svg, encoding="utf-8") as f:
            text = f.read()
        check("<svg" in text and text.rstrip().endswith("</svg>"), f"{svg} is not a complete SVG")
        plain = " ".join(re.sub(r"<[^>]+>", " ", text).split())  # a caption wraps over several <text>s
        for s in must_contain:
            check(s in plain, f"{svg}: no text {s!r}")

    def error(self, script, *args, says):
        """The script exits 2 with one line on stderr naming the problem, writes nothing."""
        base = self.w("should_not_exist")
        r = self.plot(script, *args, "-o", base, expect=2)
        lines = [l for l in r.stderr.splitlines() if l.strip()]
        check(len(lines) == 1, f"{script} {' '.join(map(str, args))}: expected one line on stderr, got:\n{r.stderr}")
        check(lines[0].startswith(f"{script}: error: "), f"{script}: message does not start with the name: {lines[0]}")
        check("Traceback" not in r.stderr, f"{script}: traceback on stderr")
        check(says in lines[0], f"{script} {' '.join(map(str, args))}: message {lines[0]!r} does not say {says!r}")
        for ext in (".png", ".svg"):
            check(not os.path.exists(base + ext), f"{script} wrote {base + ext} although it failed")


CAPTION_RUN = ("toy", "seed 1")
CAPTION_ENS = ("toy", "3 replicates", "master seed 1")


# ---- tests ----------------------------------------------------------------------------------

def test_help(c):
    for s in SCRIPTS:
        r = c.plot(s, "--help")
        check(r.stdout.startswith("usage: "), f"{s} --help: {r.stdout[:80]!r}")
        check("example" in r.stdout and "-o" in r.stdout, f"{s} --help shows no example")


def test_errors(c):
    run, cmp_, lhs, ens = c.fixture("run"), c.fixture("cmp_policy"), c.fixture("lhs"), c.fixture("ens")
    # documents of the wrong kind
    c.error("timeseries.py", lhs, says="migsim-sweep/1")
    c.error("timeseries.py", cmp_, says="migsim-compare/1")
    c.error("compare.py", lhs, says="is a migsim-sweep/1 document")
    c.error("compare.py", run, says="reads migsim-compare/1")
    c.error("flows.py", cmp_, says="migsim-compare/1")
    c.error("sweep.py", ens, says="migsim-ensemble/1")
    c.error("sweep.py", c.path("README.md"), says="not a JSON document")
    c.error("timeseries.py", c.w("missing.json"), says="no such file")
    # unknown nationality, border, series, indicator, arm, ...
    c.error("timeseries.py", run, "--nationality", "XXA,FOO", says="unknown nationality 'FOO'")
    c.error("timeseries.py", ens, "--series", "detections", "--border", "ZZ-YY", says="unknown border 'ZZ-YY'")
    c.error("timeseries.py", run, "--series", "frontex", says="unknown series 'frontex'")
    c.error("timeseries.py", run, "--border", "BB-CC", says="--border does not apply")
    c.error("timeseries.py", run, "--series", "detections", "--observed", c.fixture("observed"),
            says="--series frontex_detections")
    c.error("compare.py", cmp_, "--figure", "series", "--nationality", "FOO", says="unknown nationality 'FOO'")
    c.error("compare.py", cmp_, "--indicators", "frontex_detections.FOO", says="unknown indicator")
    c.error("compare.py", cmp_, "--arm", "nope", says="unknown arm 'nope'")
    c.error("flows.py", run, "--month", "2031-01", says="--month 2031-01")
    c.error("flows.py", run, "--zoom", "1,2,3,4", says="need coordinates")
    c.error("sweep.py", lhs, "--figure", "sobol", says="no Sobol indices")
    c.error("sweep.py", lhs, "--outputs", "nope", says="unknown output 'nope'")
    # a missing -o is a usage error (argparse: usage line and message), status 2
    r = c.plot("timeseries.py", run, expect=2)
    check("Traceback" not in r.stderr and "-o" in r.stderr, f"missing -o: {r.stderr}")


def test_forecast(c):
    """The fan chart of an ensemble's Frontex quantiles: the toy world's groups are not in the
    published table (all zeros), the route total is; bad series and documents are errors."""
    ens, run = c.fixture("ens"), c.fixture("run")
    base = c.w("forecast")
    c.plot("forecast.py", ens, "--series", "total,XXA", "--from", "2022-01", "-o", base)
    c.figure(base, CAPTION_ENS + ("Route total", "XXA", "95% band", "80% band", "50% band", "median of replicates"))
    c.error("forecast.py", ens, "--series", "total,FOO", says="unknown series 'FOO'")
    c.error("forecast.py", run, says="migsim-run/1")
    c.error("forecast.py", ens, "--from", "2031-01", says="--from 2031-01")


def test_timeseries(c):
    run, ens, obs = c.fixture("run"), c.fixture("ens"), c.fixture("observed")
    base = c.w("ts_run")
    c.plot("timeseries.py", run, "--observed", obs, "-o", base)
    c.figure(base, CAPTION_RUN + ("Frontex (T01), published", "persons per month", "month"))
    base = c.w("ts_ens")
    c.plot("timeseries.py", ens, "--series", "detections", "--by", "border", "--border", "BB-CC,BB-DD", "--total",
           "-o", base + ".png")  # an extension is dropped: both files are written
    c.figure(base, CAPTION_ENS + ("95% interval of the mean", "BB-DD", "total of the lines shown"))


def test_compare(c):
    pol, self_ = c.fixture("cmp_policy"), c.fixture("cmp_self")
    base = c.w("forest")
    c.plot("compare.py", pol, "-o", base)
    c.figure(base, ("toy_tight", "toy", "3 replicates", "master seed 1", "frontex_detections", "XXA"))
    base = c.w("forest_self")
    c.plot("compare.py", self_, "--indicators", "departures,frontex_detections.XXE", "-o", base)
    c.figure(base, ("toy#2",))
    base = c.w("series")
    c.plot("compare.py", pol, "--figure", "series", "--nationality", "XXA", "-o", base)
    c.figure(base, ("toy_tight, mean", "toy (baseline), mean", "3 replicates"))
    base = c.w("series_diff")
    c.plot("compare.py", pol, "--figure", "series", "--series", "detections", "--by", "border", "--show",
           "differences", "-o", base)
    c.figure(base, ("toy_tight \u2212 toy",))


def test_flows(c):
    run, ens = c.fixture("run"), c.fixture("ens")
    base = c.w("flows_run")
    c.plot("flows.py", run, "-o", base)
    c.figure(base, CAPTION_RUN + ("schematic layout", "persons"))
    base = c.w("flows_ens")
    c.plot("flows.py", ens, "--month", "2022-03", "--stock", "mean", "-o", base)
    c.figure(base, CAPTION_ENS + ("in 2022-03",))


def test_journeys(c):
    """plots/journeys.py draws the journey distributions of a run and of an ensemble (issue 17)."""
    run, ens = c.fixture("run"), c.fixture("ens")
    base = c.w("journeys_run")
    c.plot("journeys.py", run, "-o", base)
    c.figure(base, CAPTION_RUN + ("days from departure to arrival", "detections at borders before arrival",
                                  "all nationalities", "XXA (Ayes)", "% of the arrivals", "14-20"))
    base = c.w("journeys_ens")
    c.plot("journeys.py", ens, "--persons", "--nationality", "XXE", "--weeks", "4", "-o", base)
    c.figure(base, CAPTION_ENS + ("XXE (Ees)", "95% t", "10+"))
    with open(base + ".svg", encoding="utf-8") as f:
        check("XXA" not in re.sub(r"<[^>]+>", " ", f.read()), "--nationality XXE drew XXA")
    c.error("journeys.py", run, "--nationality", "XXA,FOO", says="unknown nationality 'FOO'")
    c.error("journeys.py", c.fixture("cmp_self"), says="migsim-compare/1")
    old = c.w("old_run.json")
    with open(run, encoding="utf-8") as f:
        doc = json.load(f)
    doc.pop("journeys")
    with open(old, "w", encoding="utf-8") as f:
        json.dump(doc, f)
    c.error("journeys.py", old, says="no \"journeys\"")


def test_sweep(c):
    lhs, sobol = c.fixture("lhs"), c.fixture("sobol")
    base = c.w("sweep_lhs")
    c.plot("sweep.py", lhs, "-o", base)
    c.figure(base, ("toy", "Latin hypercube", "seed 1", "give_up_prob", "(persons)"))
    base = c.w("sweep_sobol")
    c.plot("sweep.py", sobol, "--figure", "sobol", "-o", base)
    c.figure(base, ("Saltelli", "first order", "total", "border.BB-CC.detection_prob"))


def test_wb2022(c):
    out = c.w("wb2022.json")
    c.migsim("run", c.path("scenarios", "wb2022.lua"), "-q", "-o", out)
    base = c.w("frontex_monthly")
    c.plot("timeseries.py", out, "--observed", c.path("data", "wb_nationality_monthly.csv"), "-o", base)
    c.figure(base, ("wb2022", "seed 1", "Frontex (S01), published", "IND (India)", "RS visa required"))
    base = c.w("flows")
    c.plot("flows.py", out, "--zoom", "14.5,23,42,47", "-o", base)
    c.figure(base, ("wb2022", "Belgrade", "longitude", "border crossing counted by Frontex"))
    c.error("timeseries.py", out, "--nationality", "IND,XYZ", says="unknown nationality 'XYZ'")


def svg_countries(base):
    """The country patches drawn by flows.py (one SVG group country-CODE each)."""
    with open(base + ".svg", encoding="utf-8") as f:
        return re.findall(r'<g id="country-([A-Z]{2})"', f.read())


def test_geo(c):
    """flows.py draws coastlines and borders from data/geo/countries.geojson (issue 17), and
    without it (--no-geo, or the file missing) still draws the map, saying so."""
    geo = c.path("data", "geo", "countries.geojson")
    with open(geo, encoding="utf-8") as f:
        doc = json.load(f)
    check("DCW-GMT" in doc.get("source", "") and "LGPL" in doc["source"], f"{geo}: source/licence not stated")
    codes = {ft["properties"]["code"] for ft in doc["features"]}
    out = c.w("wb2022.json")
    c.migsim("run", c.path("scenarios", "wb2022.lua"), "-q", "-o", out)
    with open(out, encoding="utf-8") as f:
        world = json.load(f)["meta"]["world"]
    on_routes = {r[k] for r in world["routes"] for k in ("from", "to")}
    countries = {l["country"] for l in world["locations"] if l["id"] in on_routes}
    check(countries <= codes, f"{geo} lacks countries of the network: {sorted(countries - codes)}")
    base = c.w("flows_geo")
    c.plot("flows.py", out, "--zoom", "14.5,23,42,47", "-o", base)
    c.figure(base, ("wb2022", "Belgrade", "DCW-GMT"))
    drawn = svg_countries(base)
    check(len(drawn) >= 30 and {"RS", "HR", "HU", "BA", "GR", "TR"} <= set(drawn),
          f"flows.py drew {len(drawn)} country patches: {sorted(set(drawn))}")
    base = c.w("flows_nogeo")
    c.plot("flows.py", out, "--no-geo", "-o", base)
    c.figure(base, ("wb2022", "Belgrade"))
    check(svg_countries(base) == [], "--no-geo drew countries")
    # A copy of the scripts without data/ beside them: the map is drawn, the caption says why
    # there is no geography (a matplotlib-only install without the data; the migsim package
    # the plots read with is beside them, in python/).
    bare = c.w("bare")
    os.makedirs(os.path.join(bare, "plots"), exist_ok=True)
    for s in ("flows.py", "common.py"):
        with open(c.path("plots", s), encoding="utf-8") as f, open(os.path.join(bare, "plots", s), "w",
                                                                    encoding="utf-8") as g:
            g.write(f.read())
    shutil.copytree(c.path("python", "migsim"), os.path.join(bare, "python", "migsim"))
    base = c.w("flows_bare")
    r = subprocess.run([sys.executable, os.path.join(bare, "plots", "flows.py"), out, "--dpi", "72", "-o", base],
                       cwd=c.work, capture_output=True, text=True, timeout=120)
    check(r.returncode == 0, f"flows.py without data/geo exited {r.returncode}: {r.stderr[-2000:]}")
    c.figure(base, ("Belgrade", "No geography drawn"))
    check(svg_countries(base) == [], "flows.py without data/geo drew countries")
    c.error("flows.py", out, "--geo", c.w("nowhere.geojson"), says="no such file")
    bad = c.w("bad.geojson")
    with open(bad, "w", encoding="utf-8") as f:
        f.write('{"type": "FeatureCollection", "features": [{"geometry": {"type": "Point", "coordinates": [1, 2]}}]}')
    c.error("flows.py", out, "--geo", bad, says="not Polygon or MultiPolygon")


def test_missing_modules(c):
    """Every plot script, on a document it draws, under a python3 that cannot import matplotlib
    and is not /usr/bin/python3 (a pyenv or venv python3 first on PATH: here a link to this
    interpreter with a stand-in matplotlib that fails to import): exit 2, one line naming the
    module, its Debian package and /usr/bin/python3, no traceback, nothing written. The same
    for tools/wb_forecast.py without numpy."""
    fake = c.w("no_modules")
    for mod in ("matplotlib", "numpy"):
        os.makedirs(os.path.join(fake, mod))
        with open(os.path.join(fake, mod, "__init__.py"), "w", encoding="utf-8") as f:
            f.write(f'raise ModuleNotFoundError("No module named \'{mod}\'", name="{mod}")\n')
    other_py = c.w("python3")   # sys.executable is the link, as with a python3 that is not Debian's
    os.symlink(sys.executable, other_py)
    env = dict(os.environ, PYTHONPATH=fake)
    docs = {"timeseries.py": "run", "compare.py": "cmp_policy", "flows.py": "run", "sweep.py": "lhs",
            "flee_camps.py": "flee", "calibration.py": "calib", "forecast.py": "ens", "journeys.py": "run"}
    check(sorted(docs) == sorted(SCRIPTS), "test_missing_modules does not cover every script of SCRIPTS")
    check(sorted(docs) == sorted(f for f in os.listdir(c.path("plots")) if f.endswith(".py") and f != "common.py"),
          "plots/ has scripts that SCRIPTS does not list")
    for script, doc in docs.items():
        base = c.w("nompl_" + script[:-3])
        r = subprocess.run([other_py, c.path("plots", script), c.fixture(doc), "-o", base], cwd=c.work,
                           capture_output=True, text=True, timeout=120, env=env)
        lines = [l for l in r.stderr.splitlines() if l.strip()]
        check(r.returncode == 2, f"{script} without matplotlib exited {r.returncode}, expected 2:\n{r.stderr}")
        check(len(lines) == 1 and "Traceback" not in r.stderr and "internal error" not in r.stderr,
              f"{script} without matplotlib: expected one error line, got:\n{r.stderr}")
        for s in ("Python module matplotlib is missing", "apt-get install python3-matplotlib", "/usr/bin/python3"):
            check(s in lines[0], f"{script} without matplotlib: {lines[0]!r} does not say {s!r}")
        check(not any(os.path.exists(base + e) for e in (".png", ".svg", "")), f"{script} wrote {base} although it failed")
    r = subprocess.run([other_py, c.path("tools", "wb_forecast.py"), "backtest", "--migsim", c.exe, "-o",
                        c.w("wbf")], cwd=c.work, capture_output=True, text=True, timeout=120, env=env)
    check(r.returncode == 2 and "Traceback" not in r.stderr and "apt-get install python3-numpy" in r.stderr
          and "/usr/bin/python3" in r.stderr, f"wb_forecast.py without numpy: exit {r.returncode}:\n{r.stderr}")


def test_events(c):
    """The scenario's own events (an event() label, an at() label with its set()) are marked and
    listed in the caption by timeseries.py, compare.py --figure series and forecast.py, not only
    the visa changes; --events visa leaves them out."""
    toy = c.path("tests", "scenario", "toy.lua")
    with open(toy, encoding="utf-8") as f:
        text = f.read()
    scen = c.w("toy_events.lua")
    with open(scen, "w", encoding="utf-8") as f:
        f.write(text + '\nat("2022-02-10", function() event("ceasefire in the east") end)\n'
                '\nat("2022-02-12", "tightened", function() set("border.BB-DD.detection_prob", 0.6) end)\n')
    run, ens, cmp_ = c.w("ev_run.json"), c.w("ev_ens.json"), c.w("ev_cmp.json")
    c.migsim("run", scen, "-q", "-o", run)
    c.migsim("run", scen, "--replicates", 3, "-q", "-o", ens)
    c.migsim("compare", toy, scen, "--replicates", 3, "-q", "-o", cmp_)
    want = ("ceasefire in the east", "tightened", "Numbered dashed lines", "visa")
    for script, doc, args in (("timeseries.py", run, ()), ("timeseries.py", ens, ("--by", "total")),
                              ("compare.py", cmp_, ("--figure", "series")),
                              ("forecast.py", ens, ("--series", "total", "--from", "2022-01"))):
        base = c.w("ev_" + script[:-3] + "_" + os.path.basename(doc)[:-5])
        c.plot(script, doc, *args, "-o", base)
        c.figure(base, want)
    base = c.w("ev_visa_only")
    c.plot("timeseries.py", run, "--events", "visa", "-o", base)
    with open(base + ".svg", encoding="utf-8") as f:
        check("ceasefire" not in f.read(), "--events visa still marks the scenario's own events")


def test_flee(c):
    run, ens = c.fixture("flee"), c.fixture("flee_ens")
    base = c.w("flee_camps")
    c.plot("flee_camps.py", run, "-o", base)
    c.figure(base, ("flee_burundi", "seed 1", "hasten 20", "Mahama", "Nyarugusu", "Lusenda", "UNHCR (observed)",
                    "mean ARD", "ARD, rescaled", "reopened"))
    base = c.w("flee_camps_ens")
    # --out abbreviates --output; the .png is dropped, both files are written
    c.plot("flee_camps.py", ens, "--camps", "Nduta,Lusenda", "--out", base + ".png")
    c.figure(base, ("3 replicates", "seeds 1..3", "Nduta", "\u00b12 sd across replicates", "mean ARD"))
    with open(base + ".svg", encoding="utf-8") as f:
        check("Mahama" not in f.read(), "--camps Nduta,Lusenda drew Mahama")
    # Without observed counts the errors are null: the figure says so instead of failing (issue 12).
    nodata = c.w("flee_nodata.json")
    c.migsim("run", c.path("tests", "flee", "toy_nodata.lua"), "-q", "-o", nodata)
    base = c.w("flee_camps_nodata")
    c.plot("flee_camps.py", nodata, "-o", base)
    c.figure(base, ("no observed counts, no ARD", "no camp has observed counts"))
    c.error("flee_camps.py", run, "--camps", "Nduta,Atlantis", says="unknown camp 'Atlantis'")
    c.error("flee_camps.py", c.fixture("run"), says="reads migsim-flee-run/1")
    c.error("timeseries.py", run, says="reads migsim-run/1")
    c.migsim("export", run, "--table", "camps_daily", "-o", c.w("camps.csv"))
    with open(c.w("camps.csv"), encoding="utf-8") as f:
        check(f.readline() == "day,date,camp,simulated,observed\n", "export camps_daily: header")



# ---- calibrations (plots/calibration.py) --------------------------------------------------

CALIB_FIGURES = ("marginals", "pairs", "fit", "waves")
CAPTION_CALIB = ("toy_calib", "seed 7", "scenarios/calibration/toy_calib.lua", "agent_weight=5")


def calib_variant(c, name, change):
    """The fixture, changed by change(doc), as WORK_DIR/NAME.json."""
    with open(c.fixture("calib"), encoding="utf-8") as f:
        doc = json.load(f)
    change(doc)
    out = c.w(name + ".json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump(doc, f)
    return out


def calib_figures(folder):
    return sorted(f for f in os.listdir(folder)) if os.path.isdir(folder) else []


def calib_error(c, doc, *args, says, env=None):
    """calibration.py exits 2 with one line naming the problem, and writes no folder."""
    out = c.w("calib_should_not_exist")
    r = c.plot("calibration.py", doc, *args, "-o", out, expect=2, env=env)
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    check(len(lines) == 1 and lines[0].startswith("calibration.py: error: "),
          f"calibration.py {' '.join(map(str, args))}: expected one error line, got:\n{r.stderr}")
    check(says in lines[0], f"calibration.py: message {lines[0]!r} does not say {says!r}")
    check(not os.path.exists(out), f"calibration.py wrote {out} although it failed")


def test_calibration(c):
    post = c.fixture("calib")
    out = c.w("calib")
    r = c.plot("calibration.py", post, "-o", out)
    want = sorted(f"{f}.{e}" for f in CALIB_FIGURES for e in ("png", "svg"))
    check(calib_figures(out) == want, f"calibration.py wrote {calib_figures(out)}, expected {want}")
    check(len(r.stdout.split()) == 8, f"calibration.py did not print the 8 files it wrote: {r.stdout!r}")
    c.figure(os.path.join(out, "marginals"), CAPTION_CALIB + (
        "marginal posteriors", "border.BB-CC.detection_prob", "give_up_prob", "loguniform prior", "beta prior",
        "scenario value", "prior density", "posterior 90% interval", "ESS 47.3"))
    c.figure(os.path.join(out, "pairs"), CAPTION_CALIB + ("posterior pairs", "route_km_scale", "weighted"))
    c.figure(os.path.join(out, "fit"), CAPTION_CALIB + (
        "XXA", "XXE", "observed", "posterior median", "90% predictive band", "dispersion 14.2 (estimated)",
        "poisson"))
    c.figure(os.path.join(out, "waves"), CAPTION_CALIB + ("history matching", "cut-off 3", "wave",
                                                          "Implausibility of log(1 + total over the window)"))

    # --observed-only: the fit figure alone; --params: those parameters only
    out = c.w("calib_fit_only")
    c.plot("calibration.py", post, "--observed-only", "-o", out)
    check(calib_figures(out) == ["fit.png", "fit.svg"], f"--observed-only wrote {calib_figures(out)}")
    out = c.w("calib_two")
    c.plot("calibration.py", post, "--params", "give_up_prob,route_km_scale", "-o", out)
    with open(os.path.join(out, "marginals.svg"), encoding="utf-8") as f:
        text = f.read()
    check("give_up_prob" in text and "border.BB-CC.detection_prob" not in text,
          "--params give_up_prob,route_km_scale: the marginals show other parameters")

    # Without history matching there is no waves figure; without -o, NAME_figures beside the input.
    abc_only = calib_variant(c, "abc_only", lambda d: (d.__setitem__("history_matching", None),
                                                       d["meta"].__setitem__("methods", ["abc_smc"])))
    c.plot("calibration.py", abc_only)
    out = c.w("abc_only_figures")
    check(calib_figures(out) == sorted(f"{f}.{e}" for f in CALIB_FIGURES[:3] for e in ("png", "svg")),
          f"without history matching: {calib_figures(out)}")
    c.figure(os.path.join(out, "fit"), ("Methods: ABC-SMC;",))

    # The export tables of the same document, through the command line.
    c.migsim("export", post, "--table", "posterior", "-o", c.w("posterior.csv"))
    with open(c.w("posterior.csv"), encoding="utf-8") as f:
        rows = f.read().splitlines()
    check(rows[0] == "particle,weight,border.BB-CC.detection_prob,route_km_scale,border.BB-DD.detection_prob,"
                     "give_up_prob,dispersion" and len(rows) == 51, f"export posterior: {rows[:2]} ({len(rows)} lines)")
    r = subprocess.run([c.exe, "export", abc_only, "--table", "calibration_waves"], capture_output=True, text=True)
    check(r.returncode == 2 and "ran no history matching" in r.stderr and not r.stdout,
          f"export calibration_waves without history matching: exit {r.returncode}, {r.stderr!r}")


def test_calibration_real(c):
    """What `migsim calibrate` writes (scenarios/calibration/toy.lua on a small budget) plots."""
    sys.path.insert(0, c.path("tests", "calibration"))
    import calibration_doc
    spec = c.w("small.lua")
    with open(spec, "w", encoding="utf-8") as f:
        f.write(calibration_doc.small_spec(c.src))
    post = c.w("small.json")
    c.migsim("calibrate", spec, "-o", post, "--threads", 2, "-q")
    out = c.w("small_figures")
    c.plot("calibration.py", post, "-o", out)
    check(calib_figures(out) == sorted(f"{f}.{e}" for f in CALIB_FIGURES for e in ("png", "svg")),
          f"calibration.py on migsim calibrate's document wrote {calib_figures(out)}")
    c.figure(os.path.join(out, "fit"), ("Calibration toy", "seed 1", "detections", "asylum", "persons per month"))
    c.figure(os.path.join(out, "marginals"), ("country.CC.asylum_prob", "beta prior"))


def test_calibration_errors(c):
    post = c.fixture("calib")
    calib_error(c, c.fixture("run"), says="reads migsim-calibration/1")
    calib_error(c, c.w("missing.json"), says="no such file")
    calib_error(c, post, "--params", "give_up_prob,nope", says="unknown parameter 'nope'")
    calib_error(c, calib_variant(c, "ragged", lambda d: d["posterior"]["samples"][3].pop()),
                says="posterior.samples[3] is not 4 numbers")
    calib_error(c, calib_variant(c, "gamma", lambda d: d["parameters"][0]["prior"].__setitem__("distribution",
                                                                                               "gamma")),
                says="unknown prior distribution 'gamma'")
    calib_error(c, calib_variant(c, "weights", lambda d: d["posterior"]["weights"].pop()),
                says="posterior.weights is not one weight per particle (50)")
    calib_error(c, calib_variant(c, "fitrow", lambda d: d["fit"][2].pop("q95")), says="fit[2].q95 is missing")
    calib_error(c, calib_variant(c, "order", lambda d: d["posterior"]["parameters"].reverse()),
                says="posterior.parameters are not the names of parameters")
    # No matplotlib: the module and its Debian package are named (a stand-in that fails to import).
    fake = c.w("no_matplotlib")
    os.makedirs(os.path.join(fake, "matplotlib"))
    with open(os.path.join(fake, "matplotlib", "__init__.py"), "w", encoding="utf-8") as f:
        f.write('raise ModuleNotFoundError("No module named \'matplotlib\'", name="matplotlib")\n')
    calib_error(c, post, says="apt-get install python3-matplotlib", env={"PYTHONPATH": fake})


def test_calibration_many(c):
    """14 parameters: the pairs plot shows the 12 that contracted most and says so."""
    def widen(d):
        k = len(d["parameters"])
        for i in range(10):
            p = copy.deepcopy(d["parameters"][i % k])
            p["name"] = f"copy{i}.{p['name']}"
            s = copy.deepcopy(d["posterior"]["summary"][i % k])
            s["name"], s["contraction"] = p["name"], 0.05 * i
            d["parameters"].append(p)
            d["posterior"]["summary"].append(s)
            d["posterior"]["parameters"].append(p["name"])
            for row in d["posterior"]["samples"]:
                row.append(row[i % k])
    many = calib_variant(c, "many", widen)
    out = c.w("many")
    c.plot("calibration.py", many, "-o", out, "--dpi", 40)
    c.figure(os.path.join(out, "pairs"), ("2 more parameters are not shown", "copy9."))
    with open(os.path.join(out, "pairs.svg"), encoding="utf-8") as f:
        check("copy0." not in f.read(), "the pairs plot shows copy0 (the least contracted)")
    c.figure(os.path.join(out, "marginals"), ("copy0.", "copy9."))
    calib_error(c, many, "--params", ",".join(p for p in json.load(open(many))["posterior"]["parameters"][:13]),
                says="the pairs plot shows at most 12")


def test_reader(c):
    """The plots read documents with the migsim package's pandas-free layer (python/migsim,
    issue 17: "the plots use the same reader"): the package's schema check and messages (a Flee
    comparison is named, not "not a migsim document"; an unknown schema lists the known ones), the
    same monthly sums as the package's monthly table, no pandas needed, and the package found
    next to the plots in a `cmake --install` tree with a prefix Python does not search."""
    run, ens = c.fixture("run"), c.fixture("ens")
    fcmp, odd = c.w("flee_cmp.json"), c.w("odd.json")
    with open(fcmp, "w", encoding="utf-8") as f:
        json.dump({"schema": "migsim-flee-compare/1", "meta": {}}, f)
    with open(odd, "w", encoding="utf-8") as f:
        json.dump({"schema": "migsim-nothing/9", "meta": {}}, f)
    c.error("timeseries.py", fcmp, says="is a migsim-flee-compare/1 document (a Flee-rule comparison")
    r = c.plot("compare.py", odd, "-o", c.w("odd"), expect=2)
    for s in ("odd.json: not a migsim document", "known: migsim-run/1", "compare.py reads migsim-compare/1"):
        check(s in r.stderr, f"an unknown schema: {r.stderr!r} does not say {s!r}")
    # The same numbers as migsim.read(...).table("monthly"), summed over the selected cells.
    sys.path[:0] = [c.path("python"), c.path("plots")]
    import common
    import migsim
    for doc_path, col in ((run, "value"), (ens, "mean")):
        doc = common.load(doc_path, ("migsim-run/1", "migsim-ensemble/1"))
        lines, _ = common.select(doc["monthly"], "detections", {}, "border", doc["months"])
        t = migsim.read(doc_path).table("monthly")
        for b, agg in lines.items():
            want = {}
            for rec in t.records():
                if rec["series"] == "detections" and rec["border"] == b:
                    want[rec["month"]] = want.get(rec["month"], 0.0) + rec[col]
            check([want[m] for m in doc["months"]] == agg.mean, f"{doc_path}: detections at {b} differ from the package's")
    # Without pandas (a stand-in that fails to import): the plots need matplotlib only.
    fake = c.w("no_pandas")
    os.makedirs(os.path.join(fake, "pandas"))
    with open(os.path.join(fake, "pandas", "__init__.py"), "w", encoding="utf-8") as f:
        f.write('raise ModuleNotFoundError("No module named \'pandas\'", name="pandas")\n')
    base = c.w("nopandas")
    c.plot("timeseries.py", ens, "--series", "detections", "--by", "border", "-o", base, env={"PYTHONPATH": fake})
    c.figure(base, CAPTION_ENS)
    # An installed tree (CMakeLists.txt's rules: plots in share/migsim/plots, the package in
    # lib/python3/dist-packages) in a prefix Python does not search, run from an empty folder.
    build = os.path.dirname(os.path.abspath(c.exe))
    if not os.path.exists(os.path.join(build, "cmake_install.cmake")):
        print("SKIP the installed tree: no cmake_install.cmake beside", c.exe)
        return
    prefix, empty = c.w("prefix"), c.w("empty")
    os.makedirs(empty)
    r = subprocess.run(["cmake", "--install", build, "--prefix", prefix], capture_output=True, text=True, timeout=300)
    check(r.returncode == 0, f"cmake --install: {r.stderr[-2000:]}")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    plots = os.path.join(prefix, "share", "migsim", "plots")
    base = os.path.join(empty, "installed")
    r = subprocess.run([sys.executable, os.path.join(plots, "timeseries.py"), run, "--dpi", "60", "-o", base],
                       cwd=empty, capture_output=True, text=True, timeout=120, env=env)
    check(r.returncode == 0, f"the installed timeseries.py exited {r.returncode}: {r.stderr}")
    c.figure(base, CAPTION_RUN)
    # ... and without the package: one line naming it, exit 2.
    shutil.rmtree(os.path.join(prefix, "lib", "python3", "dist-packages", "migsim"))
    if subprocess.run([sys.executable, "-c", "import migsim"], cwd=empty, env=env, capture_output=True).returncode == 0:
        print("SKIP the installed plots without the package: this python3 has migsim installed")
        return
    r = subprocess.run([sys.executable, os.path.join(plots, "timeseries.py"), run, "-o", base + "2"],
                       cwd=empty, capture_output=True, text=True, timeout=120, env=env)
    check(r.returncode == 2 and "migsim Python package is not found" in r.stderr and "Traceback" not in r.stderr,
          f"the installed plots without the package: exit {r.returncode}: {r.stderr}")


if __name__ == "__main__":
    harness.main(globals(), Ctx)
