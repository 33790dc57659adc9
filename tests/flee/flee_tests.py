#!/usr/bin/python3
"""Whole-run tests of the Flee-rule mode (FLEE.md): the toy scenario's expected split,
conservation, Burundi's ARD at hasten 10, reproducibility, the Lua hooks, command-line
errors and the camps_daily export table.

usage: flee_tests.py TEST MIGSIM SOURCE_DIR WORK_DIR

TEST is one of the functions named test_* below (without the prefix). The scenarios
are tests/flee/toy*.lua on the toy folder tests/flee/toy (one conflict zone Z, camps
C1 at 50 km and C2 at 150 km, 20,000 persons over days 1-10) and
scenarios/flee_burundi.lua. The bad_*.lua fixtures beside this file are run by
tests/lua/run_fixture.py.
"""
import csv
import io
import json
import math
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import harness  # noqa: E402
from harness import Failure, check  # noqa: E402

TOY_PERSONS = 20000
TOY_DAYS = 20
SENTINEL = "sentinel: migsim must not touch this file\n"


class Ctx:
    def __init__(self, exe, src, work):
        self.exe, self.src, self.work = exe, src, work
        self.n = 0

    def scen(self, name):
        if name == "burundi":
            return os.path.join(self.src, "scenarios", "flee_burundi.lua")
        return os.path.join(self.src, "tests", "flee", name + ".lua")

    def raw(self, *args):
        return subprocess.run([self.exe] + [str(a) for a in args], cwd=self.work, capture_output=True, text=True,
                              timeout=300)

    def migsim(self, *args):
        r = self.raw(*args)
        if r.returncode != 0:
            raise Failure(f"migsim {' '.join(map(str, args))} exited {r.returncode}\n{r.stderr[-3000:]}")
        return r

    def doc(self, *args):
        """Run migsim with -q -o OUT; the output's bytes, its document and the stderr."""
        self.n += 1
        out = os.path.join(self.work, f"out{self.n}.json")
        r = self.migsim(*args, "-q", "-o", out)
        with open(out, "rb") as f:
            raw = f.read()
        return raw, json.loads(raw), r.stderr

    def refused(self, args, *texts):
        """migsim ARGS -o OUT must exit 2, leave OUT untouched and say each of texts on
        stderr (`migsim check` takes no -o: nothing to write)."""
        self.n += 1
        out = os.path.join(self.work, f"refused{self.n}.json")
        with open(out, "w", encoding="utf-8") as f:
            f.write(SENTINEL)
        r = self.raw(*args) if args[0] == "check" else self.raw(*args, "-q", "-o", out)
        what = "migsim " + " ".join(map(str, args))
        check(r.returncode == 2, f"{what}: exited {r.returncode}, expected 2\n{r.stderr}")
        check(r.stderr.startswith("migsim: "), f"{what}: stderr should start with 'migsim: '\n{r.stderr}")
        for t in texts:
            check(t in r.stderr, f"{what}: stderr lacks {t!r}\n{r.stderr}")
        with open(out, encoding="utf-8") as f:
            check(f.read() == SENTINEL, f"{what}: the output file was overwritten")
        return r.stderr


def within(est, expect, se, k, what):
    check(math.isfinite(est) and abs(est - expect) <= k * se,
          f"{what}: {est:.6g}, expected {expect:.6g} within {k} SE ({se:.3g}): {(est - expect) / se:.2f} SE off")


def check_conservation(d, what):
    """Every person is somewhere, every day: at a location or on a link."""
    D = d["daily"]
    n = len(d["dates"])
    for k in ("agents", "in_transit", "spawned"):
        check(len(D[k]) == n, f"{what}: daily.{k} has {len(D[k])} values for {n} dates")
    for i in range(n):
        at = sum(v[i] for v in D["population"].values())
        check(at + D["in_transit"][i] == D["agents"][i],
              f"{what}, {d['dates'][i]}: {at} at locations + {D['in_transit'][i]} in transit != {D['agents'][i]} agents")
        # Flee's "refugees in camps (simulation)": the camps with observed counts only.
        camps = sum(D["camps"][c]["simulated"][i] for c in D["camps"] if D["camps"][c]["observed"] is not None)
        check(camps == D["in_camps_simulated"][i], f"{what}, {d['dates'][i]}: camps do not add up")
    check(d["totals"]["agents_end"] == D["agents"][-1], f"{what}: agents_end is not the last day's agents")


# ---- the toy scenario ----

def test_toy_split(c):
    """One conflict zone, two camps at 50 and 150 km, no capacities, awareness 1: the
    share of C1 is (1/(10+50)) / (1/(10+50) + 1/(10+150)) = 8/11, over three seeds."""
    p = (1 / 60) / (1 / 60 + 1 / 160)
    for seed in (1, 2, 3):
        _, d, _ = c.doc("run", c.scen("toy"), "--seed", seed)
        T, D = d["totals"], d["daily"]
        check(d["schema"] == "migsim-flee-run/1", f"schema {d['schema']}")
        check(d["meta"]["camps"] == ["C1", "C2"], f"camps {d['meta']['camps']}")
        check(len(d["dates"]) == TOY_DAYS and d["dates"][0] == "2020-01-01", f"dates {d['dates'][:2]}...")
        check(T["spawned"] == TOY_PERSONS, f"seed {seed}: spawned {T['spawned']}, expected {TOY_PERSONS}")
        check(T["agents_end"] == TOY_PERSONS, f"seed {seed}: agents_end {T['agents_end']}")
        c1, c2 = T["camp_end.C1"], T["camp_end.C2"]
        check(c1 + c2 == TOY_PERSONS and T["in_transit_end"] == 0 and D["population"]["Z"][-1] == 0,
              f"seed {seed}: C1 {c1} + C2 {c2}, {T['in_transit_end']} in transit, {D['population']['Z'][-1]} at Z")
        within(c1 / TOY_PERSONS, p, math.sqrt(p * (1 - p) / TOY_PERSONS), 4, f"seed {seed}: share of C1")
        # Data-driven spawning: C1's series rises by 2,000 a day on days 1-10, nothing on day 0.
        check(D["spawned"] == [0] + [2000] * 10 + [0] * 9, f"seed {seed}: daily spawned {D['spawned']}")
        check(D["camps"]["C1"]["observed"][10] == 20000 and D["camps"]["C2"]["observed"][10] == 0,
              "observed counts of the camp files")


def test_toy_conservation(c):
    """Every person is somewhere every day, in the toy, its hook variants and Burundi."""
    for name, extra in (("toy", ()), ("toy_camp", ()), ("toy_spawn", ()), ("burundi", ("--set", "hasten=10"))):
        _, d, _ = c.doc("run", c.scen(name), "--seed", 4, *extra)
        check_conservation(d, name)
        T = d["totals"]
        check(T["unplaced"] == 0, f"{name}: {T['unplaced']} persons could not be placed")
        # What is there at the end came in on day 0 (camp counts) or was spawned since.
        day0 = d["daily"]["agents"][0] - d["daily"]["spawned"][0]
        check(T["agents_end"] == day0 + T["spawned"], f"{name}: agents_end {T['agents_end']} != {day0} + spawned")


# ---- Burundi ----

def test_burundi_ard(c):
    """Burundi 2015 at hasten 10 with Flee's quirks (compat strict): Flee itself scores an
    averaged relative difference of 0.471 there (FLEE.md); the mean over three seeds
    must lie in [0.44, 0.50]."""
    ards = []
    for seed in (1, 2, 3):
        _, d, _ = c.doc("run", c.scen("burundi"), "--set", "hasten=10", "--seed", seed)
        check(d["meta"]["compat"] == "strict" and d["meta"]["hasten"] == 10, f"meta {d['meta']['compat']}")
        check(len(d["dates"]) == 396, f"{len(d['dates'])} days")
        ards.append(d["totals"]["ard"])
    mean = sum(ards) / len(ards)
    check(0.44 <= mean <= 0.50, f"mean ARD {mean:.4f} over seeds 1-3 ({ards}) outside [0.44, 0.50]")


def test_determinism(c):
    """Same seed, same bytes; another seed, other bytes (the toy and Burundi)."""
    for name, extra in (("toy", ()), ("burundi", ("--set", "hasten=10"))):
        a, _, _ = c.doc("run", c.scen(name), "--seed", 7, *extra)
        b, _, _ = c.doc("run", c.scen(name), "--seed", 7, *extra)
        check(a == b, f"{name}: seed 7 twice gave different bytes")
        e, _, _ = c.doc("run", c.scen(name), "--seed", 8, *extra)
        check(a != e, f"{name}: seeds 7 and 8 gave the same bytes")


def test_replicates(c):
    """--replicates 2 --seed 5 runs seeds 5 and 6: its replicate totals are those of the
    two single runs."""
    args = ("--set", "hasten=10")
    _, ens, _ = c.doc("run", c.scen("burundi"), "--replicates", 2, "--seed", 5, *args)
    check(ens["schema"] == "migsim-flee-ensemble/1", f"schema {ens['schema']}")
    reps = ens["replicate_totals"]
    for i, seed in enumerate((5, 6)):
        _, one, _ = c.doc("run", c.scen("burundi"), "--seed", seed, *args)
        T = one["totals"]
        check(set(T) == set(reps), f"totals keys differ: {sorted(set(T) ^ set(reps))}")
        for k, v in T.items():
            check(len(reps[k]) == 2, f"replicate_totals.{k} has {len(reps[k])} values")
            check(reps[k][i] == v, f"replicate {i} (seed {seed}): {k} = {reps[k][i]}, the single run has {v}")
    check(reps["ard"][0] != reps["ard"][1], "the two replicates have the same ARD: same seed?")
    for k, v in ens["totals"].items():
        check(abs(v - sum(reps[k]) / 2) <= 1e-9 * max(1, abs(v)), f"totals.{k} {v} is not the replicates' mean")


# ---- Lua hooks ----

def test_attractiveness_calls(c):
    """The attractiveness function is called once per location per day, with today's
    type and Flee's score (Z a conflict zone: 1/sqrt(10))."""
    _, d, err = c.doc("run", c.scen("toy_count"), "--seed", 1)
    calls = [ln.split("\t") for ln in err.splitlines() if ln.startswith("attr\t")]
    check(len(calls) == TOY_DAYS * 3, f"{len(calls)} calls for {TOY_DAYS} days x 3 locations")
    seen = {}
    for _, date, name, typ, score in calls:
        seen[(date, name)] = seen.get((date, name), 0) + 1
        want = {"Z": ("conflict_zone", 1 / math.sqrt(10)), "C1": ("camp", 1), "C2": ("camp", 1)}[name]
        check(typ == want[0] and abs(float(score) - want[1]) < 1e-9, f"{date} {name}: type {typ} score {score}")
    for date in d["dates"]:
        for name in ("Z", "C1", "C2"):
            check(seen.get((date, name)) == 1, f"{date} {name}: called {seen.get((date, name), 0)} times")
    # Returning nil keeps Flee's scores: the same run as the plain toy.
    _, plain, _ = c.doc("run", c.scen("toy"), "--seed", 1)
    check(d["daily"]["population"] == plain["daily"]["population"], "an attractiveness returning nil changed the run")


def test_attractiveness_zero(c):
    """Attractiveness 0 for C2: no agent ever arrives there."""
    _, d, _ = c.doc("run", c.scen("toy_zero"), "--seed", 2)
    c2 = d["daily"]["population"]["C2"]
    check(all(v == 0 for v in c2), f"C2 got agents: {c2}")
    check(d["totals"]["camp_end.C1"] == TOY_PERSONS, f"C1 ends with {d['totals']['camp_end.C1']}")


def test_close_reopen(c):
    """flee.close of the link Z-C1 from at() on day 5 and flee.reopen on day 8: C1 takes
    no one on days 5-7, when all 2,000 a day go to C2, and takes its share again from
    day 8."""
    _, d, _ = c.doc("run", c.scen("toy_close"), "--seed", 3)
    P = d["daily"]["population"]
    c1, c2 = P["C1"], P["C2"]
    for t in (5, 6, 7):
        check(c1[t] == c1[4], f"day {t}: C1 {c1[t]} changed while its link was closed ({c1[4]} on day 4)")
        check(c2[t] - c2[t - 1] == 2000, f"day {t}: C2 took {c2[t] - c2[t - 1]}, expected all 2,000")
    for t in (1, 2, 3, 4, 8, 9, 10):
        gain = c1[t] - c1[t - 1]
        check(1200 < gain < 1700, f"day {t}: C1 took {gain} of 2,000 (expected about 8/11 of them)")
    labels = [(e["date"], e["label"]) for e in d["meta"]["events"]]
    check(("2020-01-06", "flee.close link Z C1") in labels and ("2020-01-09", "flee.reopen link Z C1") in labels,
          f"events {labels}")
    check(c1[-1] + c2[-1] == TOY_PERSONS, "everyone ends in a camp")


def test_spawn(c):
    """flee.spawn adds exactly the persons asked (hasten 1) on the day it is called."""
    _, d, _ = c.doc("run", c.scen("toy_spawn"), "--seed", 5)
    D, T = d["daily"], d["totals"]
    check(D["spawned"][3] == 2000 + 123, f"day 3 spawned {D['spawned'][3]}, expected 2,123")
    check(T["spawned"] == TOY_PERSONS + 123 and T["agents_end"] == TOY_PERSONS + 123,
          f"spawned {T['spawned']}, agents_end {T['agents_end']}")
    check(T["camp_end.C1"] + T["camp_end.C2"] == TOY_PERSONS + 123, "the spawned persons end in the camps")
    check(("2020-01-04", "flee.spawn 123 at Z") in [(e["date"], e["label"]) for e in d["meta"]["events"]],
          "event of flee.spawn")


def test_camp(c):
    """flee.camp turns a town into a camp: T2 (at load) is reported as a camp and keeps
    everyone who arrives; T (from a hook on day 15) loses agents at the town move
    chance on days 11-14, after spawning stops, and none from day 15 on."""
    _, d, _ = c.doc("run", c.scen("toy_camp"), "--seed", 6)
    P = d["daily"]["population"]
    check(d["meta"]["camps"] == ["C1", "C2", "T2"], f"camps {d['meta']['camps']}")
    check("T2" in d["daily"]["camps"], "T2 has no daily.camps series")
    t2 = P["T2"]
    check(all(b >= a for a, b in zip(t2, t2[1:])), f"camp T2 lost agents: {t2}")
    t = P["T"]
    check(all(t[i + 1] < t[i] for i in range(10, 14)), f"town T should empty on days 11-14: {t[10:15]}")
    check(all(v == t[14] for v in t[15:]), f"T is a camp from day 15 on and should keep everyone: {t[14:]}")
    check(t[14] > 0, "T is empty before it becomes a camp: the test shows nothing")
    check(("2020-01-16", "flee.camp T (capacity 0)") in [(e["date"], e["label"]) for e in d["meta"]["events"]],
          "event of flee.camp")
    check_conservation(d, "toy_camp")


def test_events(c):
    """Every Flee event type (docs/flee.md, Events) with its typed fields exactly, labels
    unchanged: closures of closures.csv's kinds with their dates, flee.close/flee.reopen,
    flee.set (a number, a boolean), flee.spawn, flee.camp, at() and when() labels,
    event() plain and with facts. A field that does not apply is absent."""
    _, d, _ = c.doc("run", c.scen("toy_events"), "--seed", 1)
    ev = d["meta"]["events"]
    where = c.scen("toy_events")
    closed, reopened = {"old": "open", "new": "closed"}, {"old": "closed", "new": "open"}
    expect = [
        dict(date="2020-01-02", label="closure: camp C2", type="closure", scope="camp", location="C2", **closed),
        dict(date="2020-01-04", label="reopened: camp C2", type="closure", scope="camp", location="C2", **reopened),
        dict(date="2020-01-05", label=f"scheduled event ({where}:14)", type="scheduled"),
        dict(date="2020-01-05", label="flee.close link Z C1", type="closure", scope="link", **{"from": "Z"}, to="C1",
             **closed),
        dict(date="2020-01-05", label="flee.set max_move_speed = 200", type="setting", key="max_move_speed", old=360,
             new=200),
        dict(date="2020-01-05", label="flee.set start_on_foot = 1", type="setting", key="start_on_foot", old=False,
             new=True),
        dict(date="2020-01-06", label=f"scheduled event ({where}:19)", type="scheduled"),
        dict(date="2020-01-06", label="flee.reopen link Z C1", type="closure", scope="link", **{"from": "Z"}, to="C1",
             **reopened),
        dict(date="2020-01-06", label="flee.spawn 50 at Z", type="spawn", location="Z", persons=50),
        dict(date="2020-01-06", label="flee.camp T (capacity 500)", type="camp", location="T", old="town", new="camp",
             capacity=500),
        dict(date="2020-01-06", label="a plain note", type="custom"),
        dict(date="2020-01-06", label="the river floods", type="flood", location="C1", key="level", old=1, new="high"),
        dict(date="2020-01-06", label="border talks", type="custom", **{"from": "Home"}, to="Away", old=False,
             new=True),
        dict(date="2020-01-08", label=f"trigger ({where}:27)", type="trigger"),
        dict(date="2020-01-10", label="closure: country Home Away", type="closure", scope="country",
             **{"from": "Home"}, to="Away", **closed),
        dict(date="2020-01-11", label="reopened: country Home Away", type="closure", scope="country",
             **{"from": "Home"}, to="Away", **reopened),
    ]
    check(len(ev) == len(expect), f"{len(ev)} events, expected {len(expect)}: {ev}")
    for got, want in zip(ev, expect):
        # == would take True for 1: the booleans must be JSON booleans
        same = got == want and all(type(got[k]) is type(want[k]) for k in want)
        check(same, f"event\n  {got}\nexpected\n  {want}")
    # The same facts after a checkpoint and resume (they are saved raw).
    ck = os.path.join(c.work, "ck")
    c.migsim("run", c.scen("toy_events"), "--seed", 1, "-q", "--checkpoint-dir", ck, "--stop-after", 9)
    c.migsim("resume", os.path.join(ck, "flee_toy_events-seed1.ckpt"), "-q", "-o", "resumed.json")
    with open(os.path.join(c.work, "resumed.json"), encoding="utf-8") as f:
        check(json.load(f)["meta"]["events"] == ev, "the events differ after a resume")


# ---- errors outside the fixtures ----

def test_lifecycle(c):
    """pcall(flee.load) that fails leaves no half-loaded model; a finalizer that would call
    flee.get while the host is freed after the run is refused (tests/flee/toy_lifecycle.lua)."""
    _, d, _ = c.doc("run", c.scen("toy_lifecycle"), "--seed", 2)
    check(d["meta"]["compat"] == "corrected", f"compat {d['meta']['compat']}: the failed load's options stuck")
    check(d["totals"]["spawned"] == TOY_PERSONS, f"spawned {d['totals']['spawned']}")


def test_cli_errors(c):
    """Bad --set values on a Flee scenario and flee.load of a missing folder: exit 2,
    a clear message, no output."""
    toy = c.scen("toy")
    c.refused(("run", toy, "--set", "camp_movechanse=0.1"), "unknown Flee setting 'camp_movechanse'",
              "did you mean 'camp_movechance'?")
    c.refused(("run", toy, "--set", "camp_movechance=1.7"), "camp_movechance = 1.7 is out of range [0, 1]")
    c.refused(("run", toy, "--set", "awareness_level=0"), "awareness_level = 0 is broken in Flee")
    c.refused(("run", toy, "--set", "hasten=ten"), "'ten' is not a number")
    c.refused(("run", toy, "--set", "flee.hasten=0.5"), "hasten")
    # The data files are inputs: -o onto one is refused and the file keeps its bytes (issue 12).
    data = os.path.join(c.src, "tests", "flee", "toy", "source_data", "refugees.csv")
    before = open(data, "rb").read()
    r = c.raw("run", toy, "-q", "-o", data)
    check(r.returncode == 2 and "is the Flee data file" in r.stderr, f"-o onto a data file: {r.returncode}\n{r.stderr}")
    if open(data, "rb").read() != before:
        open(data, "wb").write(before)  # put the fixture back before failing
        check(False, "-o onto a data file changed it")
    # A hasten that divides every count to 0 spawns nobody: refused, not a perfect ARD of 0.
    c.refused(("run", toy, "--set", "hasten=1000000000"), "hasten 1000000000 leaves no agents")
    # flee.load of a folder that does not exist: the folder and the scenario's line.
    scen = os.path.join(c.work, "missing.lua")
    with open(scen, "w", encoding="utf-8") as f:
        f.write('local flee = require "migsim.flee"\n\nflee.load("no_such_folder")\n')
    c.refused(("run", scen), "no_such_folder", "missing.lua:3:")
    c.refused(("check", scen), "no_such_folder", "missing.lua:3:")


def test_no_data(c):
    """Without observed counts the errors are null, not 0 (a perfect fit), in a run and
    in replicates; the summary says so."""
    _, d, _ = c.doc("run", c.scen("toy_nodata"), "--seed", 1)
    for k in ("ard", "ard_rescaled", "total_error_mean"):
        check(d["totals"][k] is None, f"totals.{k} = {d['totals'][k]!r}, expected null")
    for k in ("ard", "ard_rescaled", "total_error"):
        check(d["daily"][k] is None, f"daily.{k} = {d['daily'][k]!r}, expected null")
    r = c.migsim("run", c.scen("toy_nodata"))
    check("no camp has observed counts" in r.stderr, f"summary (on stderr):\n{r.stderr}")
    _, e, _ = c.doc("run", c.scen("toy_nodata"), "--replicates", 2)
    check(e["totals"]["ard"] is None and e["totals_sd"]["ard"] is None, f"ensemble totals.ard {e['totals']['ard']!r}")
    check(e["replicate_totals"]["ard"] == [None, None], f"replicate_totals.ard {e['replicate_totals']['ard']!r}")
    check(e["daily"]["ard"] is None, f"ensemble daily.ard {e['daily']['ard']!r}")
    # Exports keep the nulls as empty cells, never 0 (a perfect fit).
    out = os.path.join(c.work, f"out{c.n}.json")
    tot = c.migsim("export", out, "--table", "totals").stdout
    check("\nard,,\n" in tot, f"ensemble totals export:\n{tot[:300]}")
    single = os.path.join(c.work, "nodata.json")
    c.migsim("run", c.scen("toy_nodata"), "-q", "-o", single)
    tot = c.migsim("export", single, "--table", "totals").stdout
    check("\nard,\n" in tot and "\nard_rescaled,\n" in tot, f"totals export:\n{tot[:300]}")
    daily = c.migsim("export", single, "--table", "flee_daily").stdout.splitlines()
    check(daily[0].endswith("ard,ard_rescaled,total_error") and daily[1].endswith(",,,"),
          f"flee_daily export: {daily[:2]}")


# ---- export ----

def test_export_camps_daily(c):
    """migsim export OUT.json --table camps_daily: one row per day and camp, columns
    day,date,camp,simulated,observed, the same numbers as the JSON."""
    _, d, _ = c.doc("run", c.scen("toy"), "--seed", 1)
    out = os.path.join(c.work, f"out{c.n}.json")
    r = c.raw("export", out, "--table", "camps_daily", "--format", "csv")
    check(r.returncode == 0, f"migsim export --table camps_daily exited {r.returncode} (table pending?)\n{r.stderr}")
    rows = list(csv.reader(io.StringIO(r.stdout)))
    check(rows and rows[0] == ["day", "date", "camp", "simulated", "observed"], f"header {rows[:1]}")
    body = rows[1:]
    camps = d["meta"]["camps"]
    check(len(body) == len(d["dates"]) * len(camps), f"{len(body)} rows for {len(d['dates'])} days x {len(camps)} camps")
    seen = set()
    for day, date, camp, sim, obs in body:
        i = int(day)
        check(d["dates"][i] == date, f"row day {day}: date {date}")
        series = d["daily"]["camps"][camp]
        check(float(sim) == series["simulated"][i], f"{date} {camp}: simulated {sim} != {series['simulated'][i]}")
        check(float(obs) == series["observed"][i], f"{date} {camp}: observed {obs} != {series['observed'][i]}")
        seen.add((i, camp))
    check(len(seen) == len(body), "a (day, camp) row twice")
    listed = c.raw("export", "--help").stdout
    check("camps_daily" in listed, "migsim export --help does not list camps_daily")


# ---- replicates, comparisons and sweeps through the batch runner (app/batch.c) ----

def test_batch_threads(c):
    """Flee replicates run in parallel: --threads 1 and 2 write the same bytes (the rows
    are added in replicate order), for Burundi at hasten 10 and the toy's hooks."""
    for scen, extra in (("burundi", ("--set", "hasten=10")), ("toy_close", ())):
        one, d, _ = c.doc("run", c.scen(scen), "--replicates", 4, "--threads", 1, *extra)
        two, _, _ = c.doc("run", c.scen(scen), "--replicates", 4, "--threads", 2, *extra)
        check(one == two, f"{scen}: --threads 1 and 2 differ")
        check(d["meta"]["replicates"] == 4 and d["meta"]["seeds"] == [1, 2, 3, 4], f"{scen}: meta {d['meta']['seeds']}")


def test_batch_compare(c):
    """migsim compare of Flee arms is paired: an arm identical to the baseline gives
    differences that are 0 with zero-width intervals everywhere; closing a link gives
    non-zero camp differences, the same for any thread count, and each difference is
    the per-replicate difference of the arms (its mean is the difference of means)."""
    toy, close = c.scen("toy"), c.scen("toy_close")
    _, d, _ = c.doc("compare", toy, toy, "--replicates", 3)
    check(d["schema"] == "migsim-flee-compare/1", f"schema {d['schema']}")
    check(list(d["arms"]) == ["flee_toy", "flee_toy#2"] and list(d["differences"]) == ["flee_toy#2"],
          f"arms {list(d['arms'])}, differences {list(d['differences'])}")
    diff = d["differences"]["flee_toy#2"]
    for k, v in diff["totals"].items():
        check(v is None or all(v[s] == 0 for s in ("mean", "sd", "lo", "hi")), f"self-difference of {k}: {v}")
    leaves = [diff["daily"][k] for k in diff["daily"] if k not in ("camps", "population") and diff["daily"][k]]
    leaves += list(diff["daily"]["camps"].values()) + list(diff["daily"]["population"].values())
    for leaf in leaves:
        for s in ("mean", "sd", "lo", "hi"):
            check(set(leaf[s]) == {0}, f"a daily self-difference is not 0: {leaf[s][:5]}")
    one, p, _ = c.doc("compare", toy, close, "--replicates", 4, "--threads", 1)
    two, _, _ = c.doc("compare", toy, close, "--replicates", 4, "--threads", 2)
    check(one == two, "compare: --threads 1 and 2 differ")
    dc1 = p["differences"]["flee_toy_close"]["totals"]["camp_end.C1"]
    check(dc1["hi"] < 0 and dc1["lo"] < dc1["mean"] < dc1["hi"], f"closing Z-C1 should lower C1's count: {dc1}")
    a, b = p["arms"]["flee_toy"]["totals"]["camp_end.C1"], p["arms"]["flee_toy_close"]["totals"]["camp_end.C1"]
    check(abs((b["mean"] - a["mean"]) - dc1["mean"]) < 1e-6, f"difference of means {b['mean'] - a['mean']} != {dc1}")
    check(p["meta"]["paired"] is True and p["meta"]["baseline"] == "flee_toy", f"meta {p['meta']['paired']}")
    # Without observed counts the errors are null in the arms and the differences.
    _, n, _ = c.doc("compare", c.scen("toy_nodata"), c.scen("toy_nodata"), "--replicates", 2)
    check(n["arms"]["flee_toy_nodata"]["totals"]["ard"] is None and n["differences"]["flee_toy_nodata#2"]["daily"]["ard"]
          is None, "compare without observed counts: ard is not null")
    import importlib.util
    import jsonschema
    import shutil
    # The schema is generated from docs/flee-output-schema.json: it must be up to date.
    spec = importlib.util.spec_from_file_location("gen_schemas", os.path.join(c.src, "tools", "gen_schemas.py"))
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    os.makedirs(os.path.join(c.work, "gen", "docs"), exist_ok=True)
    shutil.copy(os.path.join(c.src, "docs", "flee-output-schema.json"), os.path.join(c.work, "gen", "docs"))
    gen.ROOT = os.path.join(c.work, "gen")
    gen.flee_compare()
    with open(os.path.join(c.work, "gen", "docs", "flee-compare-schema.json"), "rb") as f:
        fresh = f.read()
    with open(os.path.join(c.src, "docs", "flee-compare-schema.json"), "rb") as f:
        check(f.read() == fresh, "docs/flee-compare-schema.json is out of date: run tools/gen_schemas.py")
    schema = json.loads(fresh)
    v = jsonschema.validators.validator_for(schema)(schema)
    for doc, what in ((d, "self"), (p, "policy"), (n, "no data")):
        errors = list(v.iter_errors(doc))
        check(not errors, f"compare ({what}) does not validate against docs/flee-compare-schema.json: "
                          + "; ".join(f"{list(e.absolute_path)}: {e.message[:200]}" for e in errors[:5]))


def test_export_compare(c):
    """migsim export of a Flee-rule comparison: totals, camps_daily and population_daily with an
    arm column (the arms by name, then the paired difference with its own interval); observed
    counts in the arms' camp rows, empty in the difference's; null totals as empty cells;
    flee_daily is refused with the tables that apply."""
    import csv
    import io
    toy, close = c.scen("toy"), c.scen("toy_close")
    c.n += 1
    out = os.path.join(c.work, f"out{c.n}.json")
    c.migsim("compare", toy, close, "--replicates", 3, "-q", "-o", out)
    with open(out) as f:
        d = json.load(f)
    n_days = len(d["dates"])

    def table(name):
        return list(csv.DictReader(io.StringIO(c.migsim("export", out, "--table", name).stdout)))
    camps = table("camps_daily")
    check(list(camps[0]) == ["arm", "day", "date", "camp", "mean", "sd", "lo", "hi", "observed"], f"{list(camps[0])}")
    arms = list(dict.fromkeys(r["arm"] for r in camps))
    check(arms == ["flee_toy", "flee_toy_close", "difference"], f"camps_daily arms {arms}")
    n_camps = len(d["meta"]["camps"])
    check(len(camps) == 3 * n_days * n_camps, f"camps_daily: {len(camps)} rows, {n_days} days, {n_camps} camps")
    leaf = d["differences"]["flee_toy_close"]["daily"]["camps"]["C1"]
    rows = [r for r in camps if r["arm"] == "difference" and r["camp"] == "C1"]
    check([float(r["lo"]) for r in rows] == leaf["lo"] and all(r["observed"] == "" for r in rows),
          "camps_daily: the difference's rows are not the document's")
    obs = d["arms"]["flee_toy"]["daily"]["camps"]["C1"]["observed"]
    got = [r["observed"] for r in camps if r["arm"] == "flee_toy" and r["camp"] == "C1"]
    check(len(got) == len(obs) and any(v is not None for v in obs) and
          all((v is None and x == "") or (v is not None and float(x) == v) for v, x in zip(obs, got)),
          f"camps_daily: observed counts of the arm {got[:5]}, the document's {obs[:5]}")
    pop = table("population_daily")
    check(list(pop[0]) == ["arm", "day", "date", "location", "mean", "sd", "lo", "hi"] and
          len(pop) == 3 * n_days * len(d["arms"]["flee_toy"]["daily"]["population"]), "population_daily")
    tot = {(r["arm"], r["indicator"]): r for r in table("totals")}
    want = d["differences"]["flee_toy_close"]["totals"]["camp_end.C1"]
    check(float(tot[("difference", "camp_end.C1")]["mean"]) == want["mean"], "totals: the difference's camp_end.C1")
    c.n += 1
    nd = os.path.join(c.work, f"out{c.n}.json")
    c.migsim("compare", c.scen("toy_nodata"), c.scen("toy_nodata"), "--replicates", 2, "-q", "-o", nd)
    text = c.migsim("export", nd, "--table", "totals").stdout
    check("\nflee_toy_nodata,ard,,,,\n" in text, f"a null total: {text[:300]}")
    r = c.raw("export", out, "--table", "flee_daily")
    check(r.returncode == 2 and "Flee-rule comparison" in r.stderr and "camps_daily" in r.stderr, r.stderr)


def test_batch_sweep(c):
    """migsim sweep over two Flee settings: a row per point with the Flee outputs
    (defaults: ard, total_error_mean, in_camps_end, camp_end of each camp), the same
    for any thread count; unknown settings and outputs are refused with a suggestion."""
    toy = c.scen("toy")
    args = ("sweep", toy, "--param", "softening=0:50", "--param", "distance_power=0.5:2", "-n", 5)
    one, d, _ = c.doc(*args, "--threads", 1)
    two, _, _ = c.doc(*args, "--threads", 2)
    check(one == two, "sweep: --threads 1 and 2 differ")
    outs = d["meta"]["outputs"]
    check(outs == ["ard", "total_error_mean", "in_camps_end", "camp_end.C1", "camp_end.C2"], f"outputs {outs}")
    check(len(d["rows"]) == 5 and len(d["columns"]) == 3 + len(outs), f"{len(d['rows'])} rows, {d['columns']}")
    c1 = [r[d["columns"].index("camp_end.C1")] for r in d["rows"]]
    check(len(set(c1)) > 1, f"camp_end.C1 does not vary over the design: {c1}")
    # Each row is the single run at that point.
    row = d["rows"][0]
    _, single, _ = c.doc("run", toy, "--set", f"softening={row[1]!r}", "--set", f"distance_power={row[2]!r}")
    check(single["totals"]["camp_end.C1"] == row[d["columns"].index("camp_end.C1")], "row 0 is not the single run")
    c.refused(("sweep", toy, "--param", "softenin=0:50"), "unknown Flee setting 'softenin'", "did you mean 'softening'?")
    c.refused(("sweep", toy, "--param", "softening=0:50", "--output", "camp_end.C3"), "unknown output 'camp_end.C3'",
              "did you mean 'camp_end.C1'?")
    c.refused(("sweep", c.scen("toy_nodata"), "--param", "softening=0:50", "--output", "ard"), "output 'ard' is null")


def test_batch_resume(c):
    """An interrupted Flee ensemble keeps the replicates added so far in OUT.json.progress;
    --resume finishes with the bytes of an ensemble never interrupted and removes it."""
    import signal
    import time
    b = c.scen("burundi")
    args = ["run", b, "--replicates", 8, "--threads", 2, "--set", "hasten=2", "-q"]
    full, out = os.path.join(c.work, "full.json"), os.path.join(c.work, "out.json")
    c.migsim(*args, "-o", full)
    p = subprocess.Popen([c.exe] + [str(a) for a in args] + ["-o", out], cwd=c.work, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=300)
    if p.returncode == 0:  # finished before the signal on a fast machine: nothing to resume
        check(open(out, "rb").read() == open(full, "rb").read(), "the ensemble finished but differs")
        print("note: the ensemble finished before the signal; --resume was not exercised")
        return
    check(p.returncode == 1 and "replicates done" in err and "--resume" in err, f"SIGINT: exit {p.returncode}, {err}")
    check(not os.path.exists(out) and os.path.exists(out + ".progress"), "interrupted: a result, or no journal")
    r = c.raw(*args[:2], "--replicates", 9, *args[4:], "-o", out, "--resume")
    check(r.returncode == 2 and "belongs to another job" in r.stderr, f"another job's journal: {r.stderr}")
    c.migsim(*args, "-o", out, "--resume")
    check(open(out, "rb").read() == open(full, "rb").read(), "interrupted and resumed, the ensemble differs")
    check(not os.path.exists(out + ".progress"), "the journal is left after the job finished")


def test_batch_bad_input(c):
    """A comparison of a Flee arm with a native one, and the options that do not apply
    to Flee ensembles, are refused: exit 2, a clear message, nothing written."""
    toy, native = c.scen("toy"), os.path.join(c.src, "tests", "ensemble", "base.lua")
    c.refused(("compare", toy, native, "--replicates", 2), "runs under Flee's rules", "the same rules")
    c.refused(("compare", native, toy, "--replicates", 2), "runs under Flee's rules", "the same rules")
    c.refused(("compare", toy, c.scen("toy_close"), "--replicates", 2, "--fork-at", "2020-01-05"),
              "do not apply to Flee scenarios")
    c.refused(("run", toy, "--replicates", 2, "--daily"), "--daily")
    # The data files are inputs of compare and sweep too: -o onto one is refused, the file kept.
    data = os.path.join(c.src, "tests", "flee", "toy", "source_data", "refugees.csv")
    before = open(data, "rb").read()
    for args in (("compare", toy, c.scen("toy_close"), "--replicates", 2), ("sweep", toy, "--param", "softening=0:5")):
        r = c.raw(*args, "-q", "-o", data)
        if open(data, "rb").read() != before:
            open(data, "wb").write(before)  # put the fixture back before failing
            check(False, f"{args[0]} -o onto a data file changed it")
        check(r.returncode == 2 and "is the Flee data file" in r.stderr, f"{args[0]} -o onto a data file: {r.stderr}")


if __name__ == "__main__":
    harness.main(globals(), Ctx)
