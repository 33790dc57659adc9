#!/usr/bin/python3
"""Tests of `migsim calibrate` on the toy world.

usage: calibration_tests.py TEST MIGSIM SOURCE_DIR WORK_DIR
"""
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import harness  # noqa: E402
from harness import check  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))


class Ctx:
    def __init__(self, exe, src, work):
        self.exe, self.src, self.work = exe, src, work

    def run(self, *args, **kw):
        return subprocess.run([self.exe] + list(args), capture_output=True, text=True, **kw)

    def spec(self, name, text):
        """A spec in the work folder; paths in it are absolute."""
        p = os.path.join(self.work, name)
        with open(p, "w") as f:
            f.write(text)
        return p

    def toy(self):
        return os.path.join(self.src, "scenarios", "calibration", "toy_world.lua")

    def data(self):
        return os.path.join(self.src, "data", "calibration", "toy_observed.csv")


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f, parse_constant=lambda n: (_ for _ in ()).throw(ValueError(n + " is not JSON")))


GOOD_TARGET = """target {{ "detections", table = "frontex_monthly", where = {{ nationality = "XXA" }},
         observed = {{ file = "{data}", where = {{ series = "detections" }}, time = "month", value = "count" }},
         window = {{ "2022-01", "2022-12" }} }}
"""


def test_spec_errors(c):
    """Each mistake: exit 2, the spec's file and line (or the data file's), no output."""
    head = 'calibration {{ scenario = "{toy}" }}\n'.format(toy=c.toy())
    par = 'parameter { "give_up_prob", lo = 0, hi = 0.3 }\n'
    tgt = GOOD_TARGET.format(data=c.data())
    cases = [
        ("unknown key", head + 'parameter { "give_up_prob", lo = 0, hi = 0.3, prio = "uniform" }\n' + tgt,
         ["bad.lua:2:", "unknown key 'prio'", "did you mean 'prior'"]),
        ("probability 1.7", head + 'parameter { "border.BB-CC.detection_prob", lo = 0.1, hi = 1.7 }\n' + tgt,
         ["bad.lua:2:", "detection_prob", "1.7", "[0, 1]"]),
        ("unknown parameter", head + 'parameter { "give_up_prb", lo = 0, hi = 0.3 }\n' + tgt,
         ["bad.lua:2:", "give_up_prb", "give_up_prob"]),
        ("lo above hi", head + 'parameter { "give_up_prob", lo = 0.3, hi = 0.1 }\n' + tgt,
         ["bad.lua:2:", "lo (0.3) must be below hi (0.1)"]),
        ("unknown table", head + par + tgt.replace("frontex_monthly", "frontex_montly"),
         ["bad.lua:3:", "unknown table 'frontex_montly'", "did you mean 'frontex_monthly'"]),
        ("unknown nationality", head + par + tgt.replace('nationality = "XXA"', 'nationality = "XXB"'),
         ["bad.lua:3:", "no nationality 'XXB'"]),
        ("window outside", head + par + tgt.replace('"2022-12" }', '"2023-02" }').replace('value = "count" }',
                                                                                       'value = "count", missing = 0 }'),
         ["bad.lua:3:", "not inside the simulated", "2023-01"]),
        ("window of days", head + par + tgt.replace('{ "2022-01", "2022-12" }', '{ "2022-01-01", "2022-12-31" }'),
         ["bad.lua:3:", "monthly", "window"]),
        ("no data file", head + par + tgt.replace(c.data(), "/nonexistent/obs.csv"),
         ["bad.lua:3:", "/nonexistent/obs.csv"]),
        ("unknown column", head + par + tgt.replace('value = "count"', 'value = "cuont"'),
         ["bad.lua:3:", "no column 'cuont'", "did you mean 'count'"]),
        ("Lua error", head + par + "local x = nil + 1\n" + tgt, ["bad.lua:3:"]),
        ("no target", head + par, ["no target{}"]),
        ("scenario missing", 'calibration { scenario = "/nonexistent.lua" }\n' + par + tgt,
         ["bad.lua:1:", "/nonexistent.lua"]),
        ("negative dispersion", head + par + tgt.replace("window =", "dispersion = -2, window ="),
         ["bad.lua:3:", "dispersion"]),
    ]
    for what, text, wants in cases:
        spec = c.spec("bad.lua", text)
        out = os.path.join(c.work, "post.json")
        r = c.run("calibrate", spec, "-o", out, "-q")
        check(r.returncode == 2, f"{what}: exit {r.returncode}, stderr {r.stderr!r}")
        for w in wants:
            check(w in r.stderr, f"{what}: {w!r} not in {r.stderr!r}")
        check(not os.path.exists(out) and not os.path.exists(out + ".progress"),
              f"{what}: output or journal written")
    # An output that is an input is refused before anything runs.
    spec = c.spec("ok.lua", head + par + tgt)
    r = c.run("calibrate", spec, "-o", c.data(), "-q")
    check(r.returncode == 2 and "data file" in r.stderr, f"-o over the data: {r.returncode} {r.stderr!r}")


def calibrate(c, out, *extra):
    r = c.run("calibrate", os.path.join(HERE, "small.lua"), "-o", out, "-q", *extra)
    check(r.returncode == 0, f"calibrate failed: {r.returncode} {r.stderr}")
    return out


def test_small(c):
    a = calibrate(c, os.path.join(c.work, "t1.json"), "--threads", "1")
    b = calibrate(c, os.path.join(c.work, "t2.json"), "--threads", "2")
    with open(a, "rb") as f1, open(b, "rb") as f2:
        check(f1.read() == f2.read(), "1 and 2 threads give different bytes")
    d = load(a)
    check(d["schema"] == "migsim-calibration/1", "schema")
    post = d["posterior"]
    n = len(post["samples"])
    check(n == 60 and len(post["weights"]) == n and abs(sum(post["weights"]) - 1) < 1e-9, "posterior shape")
    check(post["parameters"] == ["border.BB-CC.detection_prob", "country.CC.asylum_prob"], "parameter order")
    check(d["abc_smc"]["converged"], "ABC-SMC did not converge: " + d["abc_smc"]["stopping"])
    check(d["abc_smc"]["generations"][-1]["temperature"] == 1, "last temperature is not 1")
    hm = d["history_matching"]
    check(0 < hm["region_share"] < 1, f"region share {hm['region_share']}")
    check(len(hm["waves"]) >= 1 and len(hm["waves"][0]["design"]) == 20, "wave design")
    # The data were made with detection_prob 0.3 and asylum_prob 0.5 (data/calibration/README.md).
    truth = {"border.BB-CC.detection_prob": 0.3, "country.CC.asylum_prob": 0.5}
    for s in post["summary"]:
        check(s["q05"] <= truth[s["name"]] <= s["q95"], f"{s['name']}: truth outside [{s['q05']}, {s['q95']}]")
        check(s["contraction"] > 0.5, f"{s['name']}: the data should pin it down (contraction {s['contraction']})")
    check(len(d["fit"]) == 24 and all(f["predictive_q05"] <= f["q50"] <= f["predictive_q95"] for f in d["fit"]),
          "fit rows")
    check(d["runtime"]["simulations"] > 0, "simulations counted")
    check(len(d["meta"]["data"]) == 1 and len(d["meta"]["data"][0]["sha256"]) == 64, "data hash")
    # The seed changes the draws; --seed overrides the spec's.
    e = calibrate(c, os.path.join(c.work, "t3.json"), "--seed", "9")
    check(load(e)["meta"]["seed"] == 9 and load(e)["posterior"] != post, "--seed")
    # The schema, when its validator is there.
    schema_path = os.path.join(c.src, "docs", "calibration-schema.json")
    try:
        import jsonschema
    except ImportError:
        sys.exit("calibration_tests.py: needs python3-jsonschema (apt-get install python3-jsonschema)")
    jsonschema.validate(d, load(schema_path))


def test_resume(c):
    """Ctrl-C in the middle, then --resume: the same bytes as a run left alone."""
    whole = calibrate(c, os.path.join(c.work, "whole.json"))
    out = os.path.join(c.work, "cut.json")
    for delay in (1.0, 2.0, 0.5, 3.0):
        p = subprocess.Popen([c.exe, "calibrate", os.path.join(HERE, "small.lua"), "-o", out, "-q"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(delay)
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=120)
        if p.returncode != 0:
            break
        os.remove(out)  # finished before the signal: try a shorter delay
    check(p.returncode == 1, f"interrupted run: exit {p.returncode}, {err!r}")
    check("--resume" in err and os.path.exists(out + ".progress") and not os.path.exists(out),
          f"interrupted run: no journal or a partial result ({err!r})")
    r = c.run("calibrate", os.path.join(HERE, "small.lua"), "-o", out, "-q", "--resume")
    check(r.returncode == 0, f"resume failed: {r.stderr}")
    with open(whole, "rb") as f1, open(out, "rb") as f2:
        check(f1.read() == f2.read(), "resumed calibration differs from the uninterrupted one")
    check(not os.path.exists(out + ".progress"), "journal left after success")
    # A journal of another calibration is refused.
    with open(out + ".progress", "wb") as f:
        f.write(b"MIGCAL01" + b"\0" * 32)
    r = c.run("calibrate", os.path.join(HERE, "small.lua"), "-o", out, "-q", "--resume")
    check(r.returncode == 2 and "another calibration" in r.stderr, f"foreign journal: {r.stderr!r}")


def test_recovery(c):
    """Two synthetic data sets with known truths: the truth inside most 90% intervals."""
    r = subprocess.run([sys.executable, os.path.join(c.src, "tools", "calibration_recovery.py"), "--trials", "2",
                        "--jobs", "2", "--particles", "60", "--migsim", c.exe, "-o",
                        os.path.join(c.work, "recovery.json")], capture_output=True, text=True)
    check(r.returncode == 0, f"recovery failed: {r.stdout} {r.stderr}")
    s = load(os.path.join(c.work, "recovery.json"))
    check(s["converged"] == 2, "a trial did not converge")
    covered = sum(sum(r["covered"].values()) for r in s["results"])
    check(covered >= 4, f"only {covered} of 6 intervals hold the truth")


FLEE_SPEC = """calibration {{ name = "flee", scenario = "{scen}", seed = 2, set = {{ hasten = 10 }} }}
parameter {{ "default_movechance", prior = "uniform", lo = 0.1, hi = 0.6 }}
parameter {{ "flee.camp_weight", prior = "loguniform", lo = 0.25, hi = 4 }}
target {{ "Mahama", table = "camps_daily", where = {{ camp = "Mahama" }}, observed = "flee",
         window = {{ "2015-05-01", "2015-07-03" }}, every = 7, model = "negbin", dispersion = "estimate" }}
target {{ "Nduta", table = "camps_daily", where = {{ camp = "Nduta" }}, observed = "flee",
         window = {{ "2015-05-01", "2015-07-03" }}, every = 7, model = "negbin", dispersion = "estimate" }}
history_matching {{ waves = 1, points = 8, replicates = 1, pool = 2000 }}
abc_smc {{ particles = 10, generations = 1, moves = 1 }}
"""


def test_flee(c):
    """A Flee scenario's own camp counts as targets (a tenth of the agents: seconds)."""
    scen = os.path.join(c.src, "scenarios", "flee_burundi.lua")
    spec = c.spec("flee.lua", FLEE_SPEC.format(scen=scen))
    out = os.path.join(c.work, "flee.json")
    r = c.run("calibrate", spec, "-o", out, "-q", "--threads", "2")
    check(r.returncode == 0, f"calibrate failed: {r.returncode} {r.stderr}")
    one = os.path.join(c.work, "flee1.json")
    r = c.run("calibrate", spec, "-o", one, "-q", "--threads", "1")
    check(r.returncode == 0, f"calibrate --threads 1 failed: {r.stderr}")
    with open(out, "rb") as f1, open(one, "rb") as f2:
        check(f1.read() == f2.read(), "1 and 2 threads give different bytes")
    d = load(out)
    check(d["schema"] == "migsim-calibration/1" and d["meta"]["sets"] == ["hasten=10"], "schema, sets")
    # Flee's defaults, read from the scenario's settings (migsim params shows the same).
    check([(p["name"], p["scenario_value"]) for p in d["parameters"]] ==
          [("default_movechance", 0.3), ("flee.camp_weight", 1)], f"scenario values {d['parameters']}")
    check(len(d["meta"]["data"]) == 1 and len(d["meta"]["data"][0]["sha256"]) == 64, "the Flee data's hash")
    # The observed series are the run's own observed counts, every 7th day of the window.
    run = os.path.join(c.work, "run.json")
    r = c.run("run", scen, "--set", "hasten=10", "-q", "-o", run)
    check(r.returncode == 0, f"run failed: {r.stderr}")
    flee = load(run)
    for t in d["targets"]:
        days = [flee["dates"].index(x) for x in t["months"]]
        check(t["months"][0] == "2015-05-01" and t["months"][-1] == "2015-07-03" and len(days) == 10,
              f"{t['name']}: dates {t['months']}")
        want = [flee["daily"]["camps"][t["where"]["camp"]]["observed"][i] for i in days]
        check(t["observed"] == want and t["observed_file"] == "flee", f"{t['name']}: observed {t['observed']}")
    post = d["posterior"]
    check(len(post["samples"]) == 10 and len(d["fit"]) == 20, "posterior and fit sizes")
    check(all(0.1 <= s[0] <= 0.6 and 0.25 <= s[1] <= 4 for s in post["samples"]), "samples inside the priors")
    # 8 design points, 10 particles, at most one move each (proposals outside the region run nothing)
    check(8 + 10 <= d["runtime"]["simulations"] <= 8 + 10 * 2, f"simulations {d['runtime']['simulations']}")
    try:
        import jsonschema  # noqa: F401
    except ImportError:
        sys.exit("calibration_tests.py: needs python3-jsonschema (apt-get install python3-jsonschema)")
    import calibration_doc
    problems = calibration_doc.problems(d, c.src)
    check(not problems, "not a good migsim-calibration/1 document:\n  " + "\n  ".join(problems[:10]))
    # The hold-out tool on it: the defaults' ARD over the whole run is the run's own.
    r = subprocess.run([sys.executable, os.path.join(c.src, "tools", "flee_holdout.py"), out, "--seeds", "2",
                        "--migsim", c.exe, "-o", os.path.join(c.work, "holdout.md"), "--json",
                        os.path.join(c.work, "holdout.json")], capture_output=True, text=True)
    check(r.returncode == 0, f"flee_holdout.py failed: {r.stderr}")
    h = load(os.path.join(c.work, "holdout.json"))
    check(h["split"] == "2015-07-03" and h["defaults"] == {"default_movechance": 0.3, "flee.camp_weight": 1},
          f"hold-out split or defaults: {h['split']} {h['defaults']}")
    base = h["arms"]["defaults"]["whole"]["per_seed"][0]
    check(abs(base - flee["totals"]["ard"]) < 1e-12, f"defaults' ARD {base} against the run's {flee['totals']['ard']}")
    check(len(h["arms"]) >= 2 and all(0 < a["second"]["mean"] < 2 for a in h["arms"].values()), "hold-out arms")
    # Mistakes: exit 2 at the spec's line, nothing written.
    text = FLEE_SPEC.format(scen=scen)
    cases = [
        ("camp name", text.replace('camp = "Nduta"', 'camp = "Ndutta"'),
         ["bad.lua:6:", "no camp 'Ndutta'", "did you mean 'Nduta'"]),
        ("unknown setting", text.replace('"default_movechance"', '"default_movechanse"'),
         ["bad.lua:2:", "default_movechanse", "did you mean 'default_movechance'"]),
        ("window past the run", text.replace('"2015-07-03" }, every', '"2016-07-03" }, every'),
         ["bad.lua:4:", "not inside the simulated", "2016-05-30"]),
        ("native table", text.replace('table = "camps_daily", where = { camp = "Nduta" }',
                                      'table = "frontex_monthly"').replace(
             '{ "2015-05-01", "2015-07-03" }, every = 7, model = "negbin", dispersion = "estimate" }\nhistory',
             '{ "2015-05", "2015-07" } }\nhistory'),
         ["bad.lua:6:", "camps_daily"]),
    ]
    for what, bad, wants in cases:
        check(bad != text, f"{what}: the case changes nothing")
        p = c.spec("bad.lua", bad)
        bad_out = os.path.join(c.work, "bad.json")
        r = c.run("calibrate", p, "-o", bad_out, "-q")
        check(r.returncode == 2, f"{what}: exit {r.returncode}, stderr {r.stderr!r}")
        for w in wants:
            check(w in r.stderr, f"{what}: {w!r} not in {r.stderr!r}")
        check(not os.path.exists(bad_out) and not os.path.exists(bad_out + ".progress"), f"{what}: output written")
    # observed = "flee" needs a Flee scenario.
    p = c.spec("bad.lua", 'calibration {{ scenario = "{toy}" }}\nparameter {{ "give_up_prob", lo = 0, hi = 0.3 }}\n'
                          'target {{ "x", table = "frontex_monthly", observed = "flee", window = {{ "2022-01", '
                          '"2022-03" }} }}\n'.format(toy=c.toy()))
    r = c.run("calibrate", p, "-o", os.path.join(c.work, "bad.json"), "-q")
    check(r.returncode == 2 and "bad.lua:3:" in r.stderr and "needs a Flee scenario" in r.stderr,
          f"observed = flee on a native world: {r.returncode} {r.stderr!r}")


if __name__ == "__main__":
    harness.main(globals(), Ctx)
