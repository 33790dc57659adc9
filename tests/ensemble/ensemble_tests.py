#!/usr/bin/python3
"""Ensemble-level tests of migsim: run --replicates, compare and sweep, checked over their JSON.

usage: ensemble_tests.py TEST MIGSIM SOURCE_DIR WORK_DIR

TEST is one of the functions named test_* below (without the prefix). SOURCE_DIR is the
repository root, WORK_DIR a scratch folder (emptied first).

The scenarios are the small worlds beside this script (ensworld.lua and the scenarios
built on it, poisson.lua), so a replicate runs in milliseconds; only test_compare_wb2022
runs the Western Balkans world, with 2 replicates.
"""
import csv
import io
import json
import math
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import harness  # noqa: E402
from harness import Failure, check  # noqa: E402

# Two-sided 95% quantiles of Student's t, t(0.975, df) (df = R - 1).
T95 = {1: 12.706204736174698, 2: 4.302652729749464, 3: 3.182446305284263, 4: 2.7764451051977934,
       5: 2.570581835636314, 6: 2.4469118511449692, 7: 2.3646242515927844, 9: 2.2621571628540993}

STATS = ("mean", "sd", "lo", "hi")
QUANTILES = {"q025": 0.025, "q10": 0.10, "q50": 0.50, "q90": 0.90, "q975": 0.975}


def read(path):
    with open(path, "rb") as f:
        return f.read()


def no_constant(name):
    raise ValueError(f"{name} is not JSON")


def load(path):
    """Strict JSON: NaN and Infinity are not JSON and fail the test."""
    with open(path, encoding="utf-8") as f:
        return json.load(f, parse_constant=no_constant)


class Ctx:
    def __init__(self, exe, src, work):
        self.exe, self.src, self.work = exe, src, work
        self.n = 0

    def path(self, *p):
        return os.path.join(self.src, *p)

    def scen(self, name):
        return self.path("tests", "ensemble", name + ".lua")

    def out(self, name=None):
        self.n += 1
        return os.path.join(self.work, name or f"out{self.n}.json")

    def migsim(self, *args, expect=0):
        r = subprocess.run([self.exe] + [str(a) for a in args], cwd=self.work, capture_output=True, text=True,
                           timeout=600)
        if expect is not None and r.returncode != expect:
            raise Failure(f"migsim {' '.join(map(str, args))} exited {r.returncode}, expected {expect}\n"
                          f"{r.stderr[-3000:]}")
        return r

    def doc(self, *args, name=None):
        """migsim ARGS -q -o OUT; returns (OUT, the document)."""
        out = self.out(name)
        self.migsim(*args, "-q", "-o", out)
        return out, load(out)

    def ens(self, scenario, seed, reps, *args, name=None):
        return self.doc("run", self.scen(scenario), "--seed", seed, "--replicates", reps, *args, name=name)

    def single(self, scenario, seed, *args):
        return self.doc("run", self.scen(scenario), "--seed", seed, *args)[1]


def stat_leaves(x, prefix=()):
    """(path, {mean, sd, lo, hi}) for every statistics leaf under x (a Frontex leaf's quantiles
    and replicates left out), but monthly.frontex_total, which a single run does not have."""
    if isinstance(x, dict) and set(x) in (set(STATS), set(STATS) | set(QUANTILES) | {"replicates"}) \
            and all(isinstance(v, list) for v in x.values()):
        yield prefix, {k: x[k] for k in STATS}
        return
    check(isinstance(x, dict), f"{'.'.join(prefix)}: neither a statistics leaf nor an object")
    for k, v in x.items():
        if not (prefix == () and k == "frontex_total"):
            yield from stat_leaves(v, prefix + (k,))


def series_leaves(x, prefix=()):
    """(path, list) for every series array of a single run's document."""
    if isinstance(x, list):
        yield prefix, x
    else:
        for k, v in x.items():
            yield from series_leaves(v, prefix + (k,))


def stats_only(monthly):
    """An ensemble's monthly tree without the Frontex quantiles (what a comparison's arm has)."""
    m = dict(monthly)
    m.pop("frontex_total", None)
    m["frontex_detections"] = {k: {s: v[s] for s in STATS} for k, v in m["frontex_detections"].items()}
    return m


def at(x, path):
    for p in path:
        x = x[p]
    return x


def close(a, b, rel=1e-12, abs_=1e-9):
    return abs(a - b) <= max(abs_, rel * max(abs(a), abs(b)))


def check_interval(stats, n, what):
    """lo, hi = mean -+ t(0.975, n-1) sd / sqrt(n), element-wise or for one number."""
    t = T95[n - 1]
    ms, ss, ls, hs = ([stats[k]] if not isinstance(stats[k], list) else stats[k] for k in STATS)
    for m, s, lo, hi in zip(ms, ss, ls, hs):
        check(s >= 0, f"{what}: negative sd {s}")
        half = t * s / math.sqrt(n)
        check(close(lo, m - half, 1e-9) and close(hi, m + half, 1e-9),
              f"{what}: interval [{lo}, {hi}] is not mean {m} -+ t95({n - 1}) * sd {s} / sqrt({n})")


def assert_keys(doc, expect, what):
    check(list(doc) == expect, f"{what}: top-level keys {list(doc)}, expected {expect}")


# ---- replicates --------------------------------------------------------------------------

def test_replicates(c):
    """run --replicates: same bytes twice and on 1 or 2 threads; replicates differ; the means,
    sds and intervals of the totals (and of every journey bin) are those of the single runs
    --seed N+r, r = 0..R-1;
    --replicate-totals lists those runs' seeds and totals; monthly means add up to the totals."""
    N, R = 11, 6
    a, da = c.ens("base", N, R, "--replicate-totals", name="a.json")
    b, _ = c.ens("base", N, R, "--replicate-totals", name="b.json")
    check(read(a) == read(b), "run --replicates: two runs with the same seed differ")
    t2, _ = c.ens("base", N, R, "--replicate-totals", "--threads", "2", name="t2.json")
    check(read(a) == read(t2), "run --replicates: --threads 1 and --threads 2 differ")
    t3, _ = c.ens("base", N, R, "--replicate-totals", "--threads", "3", name="t3.json")
    check(read(a) == read(t3), "run --replicates: --threads 1 and --threads 3 differ")
    o, _ = c.ens("base", N + 1, R, "--replicate-totals", name="other.json")
    check(read(a) != read(o), "run --replicates: seeds 11 and 12 give the same bytes")

    singles = [c.single("base", N + r) for r in range(R)]
    T = da["totals"]
    check(list(T) == list(singles[0]["totals"]), "the ensemble's totals have other keys than a single run's")
    for key in ("departures", "detections", "arrivals", "frontex_detections"):
        xs = [s["totals"][key] for s in singles]
        check(len(set(xs)) > 1, f"totals.{key} is the same in all {R} single runs: the replicates do not differ")
        check(T[key]["sd"] > 0, f"totals.{key}: sd 0 over replicates that differ")
    for key, st in T.items():
        xs = [s["totals"][key] for s in singles]
        m, sd = sum(xs) / R, statistics.stdev(xs)
        check(st["mean"] == m, f"totals.{key}: ensemble mean {st['mean']}, mean of the single runs {m}")
        check(close(st["sd"], sd), f"totals.{key}: ensemble sd {st['sd']}, sd of the single runs {sd}")
        check_interval(st, R, f"totals.{key}")
    # The journey distributions likewise, bin by bin (issue 17).
    n_bins = 0
    for dist in ("days_to_arrive", "detections_before_arrival"):
        J = da["journeys"][dist]
        for code, st in [("all", J["all"])] + list(J["by_nationality"].items()):
            rows = [s["journeys"][dist]["all"] if code == "all" else s["journeys"][dist]["by_nationality"][code]
                    for s in singles]
            for b, xs in enumerate(zip(*rows)):
                m, sd = sum(xs) / R, statistics.stdev(xs)
                check(st["mean"][b] == m and close(st["sd"][b], sd),
                      f"journeys.{dist}.{code}[{b}]: ensemble {st['mean'][b]} / {st['sd'][b]}, single runs {m} / {sd}")
                n_bins += 1
            check_interval(st, R, f"journeys.{dist}.{code}")
    check(n_bins > 0 and any(x > 0 for x in da["journeys"]["days_to_arrive"]["all"]["sd"]),
          "journeys: no bin varies over the replicates")
    # Every monthly cell likewise (mean and sd of the single runs' monthly series).
    n_leaves = 0
    for path, st in stat_leaves(da["monthly"]):
        n_leaves += 1
        cols = list(zip(*[at(s["monthly"], path) for s in singles]))
        check(len(cols) == len(da["months"]) == len(st["mean"]), f"monthly.{'.'.join(path)}: wrong length")
        for j, xs in enumerate(cols):
            check(st["mean"][j] == sum(xs) / R and close(st["sd"][j], statistics.stdev(xs)),
                  f"monthly.{'.'.join(path)}[{j}]: mean/sd {st['mean'][j]}/{st['sd'][j]}, single runs "
                  f"{sum(xs) / R}/{statistics.stdev(xs)}")
        check_interval(st, R, f"monthly.{'.'.join(path)}")
    check(n_leaves == sum(1 for _ in series_leaves(singles[0]["monthly"])),
          "the ensemble has other monthly series than a single run")
    # Means are linear: the monthly means of departures add up to the mean total.
    dep = sum(sum(st["mean"]) for _, st in stat_leaves(da["monthly"]["departures"]))
    check(close(dep, T["departures"]["mean"], 1e-9), f"monthly departures means add to {dep}, "
                                                     f"totals.departures.mean = {T['departures']['mean']}")
    # --replicate-totals: one entry per replicate, seeds N..N+R-1, totals of the single runs.
    rt = da["replicate_totals"]
    check([x["seed"] for x in rt] == list(range(N, N + R)), f"replicate_totals seeds {[x['seed'] for x in rt]}")
    for x, s in zip(rt, singles):
        check(x["totals"] == s["totals"], f"replicate_totals of seed {x['seed']} differ from run --seed {x['seed']}")
    # Without --replicate-totals there are none; the statistics do not change.
    _, dp = c.ens("base", N, R, name="plain.json")
    check("replicate_totals" not in dp, "replicate_totals written without --replicate-totals")
    check(dp["totals"] == T and dp["monthly"] == da["monthly"], "--replicate-totals changes the statistics")
    # --daily: daily statistics, whose means add up to the monthly means.
    _, dd = c.ens("base", N, R, "--daily", name="daily.json")
    check(len(dd["dates"]) == da["meta"]["days"], "--daily: dates do not cover the period")
    check(dd["monthly"] == da["monthly"] and dd["totals"] == T, "--daily changes the monthly statistics")
    months = dd["months"]
    for path, st in stat_leaves(dd["daily"]["departures"]):
        mm = at(dd["monthly"]["departures"], path)["mean"]
        for k, ym in enumerate(months):
            s = sum(v for d, v in zip(dd["dates"], st["mean"]) if d.startswith(ym))
            check(close(s, mm[k], 1e-9), f"daily departures.{'.'.join(path)} means in {ym} add to {s}, "
                                         f"the monthly mean is {mm[k]}")
    # R = 1: a mean equal to the single run, sd 0, a zero-width interval.
    _, d1 = c.ens("base", N, 1, name="one.json")
    for key, st in d1["totals"].items():
        check(st == {"mean": singles[0]["totals"][key], "sd": 0, "lo": st["mean"], "hi": st["mean"]},
              f"--replicates 1: totals.{key} = {st}")


def test_documents(c):
    """The documents are strict JSON with the documented top-level keys and schema ids, and
    the metadata of the seed scheme."""
    _, e = c.ens("base", 3, 4)
    assert_keys(e, ["schema", "meta", "months", "monthly", "totals", "totals_by_year", "journeys"], "run --replicates")
    check(e["schema"] == "migsim-ensemble/1", f"ensemble schema {e['schema']!r}")
    m = e["meta"]
    check(m["replicates"] == 4 and m["master_seed"] == 3 and "seed" not in m,
          f"ensemble meta: replicates {m.get('replicates')}, master_seed {m.get('master_seed')}, seed {m.get('seed')}")
    check(m["scenario"]["name"] == "ens_base" and len(m["scenario"]["sha256"]) == 64, "ensemble meta.scenario")
    check(m["units"] == "persons" and m["agent_weight"] == 1, "ensemble meta units/agent_weight")
    _, e2 = c.ens("base", 3, 4, "--daily", "--replicate-totals")
    assert_keys(e2, ["schema", "meta", "dates", "months", "monthly", "daily", "totals", "totals_by_year",
                     "journeys", "replicate_totals"],
                "run --replicates --daily --replicate-totals")

    _, p = c.doc("compare", c.scen("base"), c.scen("tighten"), c.scen("visa"), "--replicates", 3, "--seed", 5)
    assert_keys(p, ["schema", "meta", "months", "arms", "differences"], "compare")
    check(p["schema"] == "migsim-compare/1", f"compare schema {p['schema']!r}")
    m = p["meta"]
    check(m["paired"] is True and m["baseline"] == "ens_base" and m["replicates"] == 3 and m["master_seed"] == 5,
          "compare meta: paired, baseline, replicates or master_seed")
    check([a["name"] for a in m["arms"]] == ["ens_base", "ens_tighten", "ens_visa"], "compare meta.arms names")
    check(list(p["arms"]) == ["ens_base", "ens_tighten", "ens_visa"], f"compare arms {list(p['arms'])}")
    check(list(p["differences"]) == ["ens_tighten", "ens_visa"], f"compare differences {list(p['differences'])}")
    for k, v in p["arms"].items():
        check(list(v) == ["monthly", "totals", "totals_by_year", "journeys"], f"compare arms.{k} keys {list(v)}")
    for k, v in p["differences"].items():
        check(list(v) == ["monthly", "totals", "totals_by_year", "journeys", "of"] and v["of"] == f"{k} - ens_base",
              f"compare differences.{k}: keys {list(v)}, of {v.get('of')!r}")
    check(any(ev["label"] == "BB-CC detection 0.7" for ev in m["arms"][1]["events_replicate_0"]),
          "compare meta.arms[1] lacks the policy event")
    _, pi = c.doc("compare", c.scen("base"), c.scen("tighten"), "--replicates", 3, "--independent")
    check(pi["meta"]["paired"] is False, "compare --independent: meta.paired is not false")

    _, s = c.doc("sweep", c.scen("base"), "--param", "nationality.XXA.departure_multiplier=0.5:1.5", "-n", 4,
                 "--output", "departures")
    assert_keys(s, ["schema", "meta", "columns", "rows"], "sweep --design lhs")
    check(s["schema"] == "migsim-sweep/1", f"sweep schema {s['schema']!r}")
    check(s["meta"]["design"] == "lhs" and s["meta"]["n"] == 4 and s["meta"]["points"] == 4, "sweep meta")
    _, s2 = c.doc("sweep", c.scen("base"), "--param", "nationality.XXA.departure_multiplier=0.5:1.5", "-n", 4,
                  "--output", "departures", "--design", "sobol")
    assert_keys(s2, ["schema", "meta", "columns", "rows", "sobol"], "sweep --design sobol")
    check(s2["meta"]["design"] == "sobol" and s2["meta"]["points"] == 12, "sobol sweep meta")


# ---- quantiles of the Frontex series and their export -------------------------------------

def type7(xs, p):
    """Quantile p of xs, type 7 (R's default, numpy's linear): h = (n-1)p,
    x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]) over the sorted values."""
    x = sorted(xs)
    h = (len(x) - 1) * p
    j = math.floor(h)
    return x[-1] if j >= len(x) - 1 else x[j] + (h - j) * (x[j + 1] - x[j])


def test_quantiles(c):
    """run --replicates keeps each replicate's Frontex monthly series: monthly.frontex_detections.<NAT>
    .replicates[r] is run --seed N+r's series and frontex_total's the sum over nationalities;
    q025..q975 are type 7 quantiles of them (checked against hand values and Python's
    statistics.quantiles(method='inclusive')), frontex_total's mean/sd/lo/hi those of the
    route totals; agent_weight scales them like the means; same bytes on 1 or 2 threads;
    export --table frontex_monthly (csv and json) gives month,nationality,mean,q025,q10,q50,
    q90,q975 with a total row each month; other tables give mean,sd,lo,hi; a comparison is
    refused with a clear message."""
    # the quantile definition on hand values (R: quantile(x, p, type = 7))
    for xs, p, want in (([1, 2, 3, 4], 0.1, 1.3), ([10, 20, 30, 40, 50], 0.975, 49.0), ([3, 1, 2], 0.5, 2.0),
                        ([5], 0.025, 5.0), ([1, 2, 3, 4, 5, 6, 7], 0.1, 1.6), ([0, 10], 0.025, 0.25)):
        check(close(type7(xs, p), want), f"type7({xs}, {p}) = {type7(xs, p)}, expected {want}")
    N, R, W = 21, 7, 2.5
    a, d = c.ens("twonat", N, R, "--set", f"agent_weight={W}", name="q.json")
    b, _ = c.ens("twonat", N, R, "--set", f"agent_weight={W}", "--threads", 2, name="q2.json")
    check(read(a) == read(b), "run --replicates with quantiles: --threads 1 and --threads 2 differ")
    check("type 7" in d["meta"]["quantiles"], f"meta.quantiles: {d['meta'].get('quantiles')!r}")
    singles = [c.single("twonat", N + r, "--set", f"agent_weight={W}") for r in range(R)]
    fx, months = d["monthly"]["frontex_detections"], d["months"]
    check(list(fx) == ["XXA", "XXB"], f"frontex_detections nationalities {list(fx)}")
    series = {nat: [s["monthly"]["frontex_detections"][nat] for s in singles] for nat in fx}
    series["total"] = [[sum(v) for v in zip(*(series[nat][r] for nat in fx))] for r in range(R)]
    leaves = dict(fx, total=d["monthly"]["frontex_total"])
    for nat, leaf in leaves.items():
        check(leaf["replicates"] == series[nat], f"frontex {nat}: replicates differ from the single runs")
        for m in range(len(months)):
            xs = [series[nat][r][m] for r in range(R)]
            q10 = statistics.quantiles(xs, n=10, method="inclusive")
            q40 = statistics.quantiles(xs, n=40, method="inclusive")
            for name, p in QUANTILES.items():
                check(close(leaf[name][m], type7(xs, p)), f"frontex {nat} {name}[{m}] = {leaf[name][m]}, "
                                                          f"type 7 of {xs}: {type7(xs, p)}")
            check(close(leaf["q10"][m], q10[0]) and close(leaf["q50"][m], q10[4]) and close(leaf["q90"][m], q10[8])
                  and close(leaf["q025"][m], q40[0]) and close(leaf["q975"][m], q40[38]),
                  f"frontex {nat}[{m}]: quantiles differ from statistics.quantiles(method='inclusive')")
            check(close(leaf["mean"][m], sum(xs) / R) and close(leaf["sd"][m], statistics.stdev(xs)),
                  f"frontex {nat}[{m}]: mean/sd {leaf['mean'][m]}/{leaf['sd'][m]}")
        check_interval(leaf, R, f"frontex {nat}")
    check(any(len(set(x)) > 1 for x in zip(*series["total"])), "the route totals do not vary over replicates")
    check(any(not close(leaves["total"]["q10"][m], sum(fx[n]["q10"][m] for n in fx)) for m in range(len(months))),
          "frontex_total's q10 is the sum of the nationalities' q10 in every month: not the total's own")
    # agents x agent_weight, like the means (and the single runs)
    check(all(v / W == round(v / W) for v in series["XXA"][0]) and any(v % 1 for r in series["XXA"] for v in r),
          f"frontex XXA replicate 0 {series['XXA'][0]} is not agents x agent_weight {W}")

    # export --table frontex_monthly
    cols = ["month", "nationality", "mean", "q025", "q10", "q50", "q90", "q975"]
    table = export_csv(c, a, "frontex_monthly")
    check(table[0] == cols, f"export frontex_monthly header {table[0]}, expected {cols}")
    check(len(table) - 1 == len(months) * 3, f"export frontex_monthly: {len(table) - 1} rows, expected "
                                             f"{len(months) * 3} (months x (2 nationalities + total))")
    for i, row in enumerate(table[1:]):
        m, nat = months[i // 3], ["XXA", "XXB", "total"][i % 3]
        check(row[:2] == [m, nat], f"export frontex_monthly row {i}: {row[:2]}, expected {[m, nat]}")
        want = [leaves[nat][k][i // 3] for k in cols[2:]]
        check([float(x) for x in row[2:]] == want, f"export frontex_monthly row {row} differs from {want}")
    j = json.loads(c.migsim("export", a, "--table", "frontex_monthly", "--format", "json").stdout)
    check(len(j) == len(table) - 1 and all(list(r) == cols for r in j)
          and all([r[k] for k in cols[2:]] == [float(x) for x in t[2:]] for r, t in zip(j, table[1:])),
          "export frontex_monthly --format json differs from the csv")
    # other tables: the statistics of the means
    det = export_csv(c, a, "detections_monthly")
    check(det[0] == ["month", "nationality", "border", "mean", "sd", "lo", "hi"], f"detections_monthly {det[0]}")
    check(len(det) - 1 == len(months) * 2, f"detections_monthly of replicates: {len(det) - 1} rows")
    st = d["monthly"]["detections"]["BB-CC"]["XXB"]
    check([float(x) for x in det[2][3:]] == [st[k][0] for k in STATS], f"detections_monthly row {det[2]}")
    tot = export_csv(c, a, "totals")
    check(tot[0] == ["indicator", *STATS] and len(tot) - 1 == len(d["totals"]), f"totals of replicates {tot[0]}")
    r = c.migsim("export", a, "--table", "stock_daily", expect=2)
    check("--daily" in r.stderr, f"export stock_daily of replicates without --daily: {r.stderr}")
    r = c.migsim("export", a, "--table", "sweep", expect=2)
    check("does not apply to replicates" in r.stderr and "frontex_monthly" in r.stderr, r.stderr)
    # A comparison keeps no quantiles: its frontex_monthly has each arm's and the difference's intervals.
    cmp_, _ = c.doc("compare", c.scen("base"), c.scen("tighten"), "--replicates", 2, name="qcmp.json")
    rows = export_csv(c, cmp_, "frontex_monthly")
    check(rows[0] == ["arm", "month", "nationality", "mean", "sd", "lo", "hi"], f"compare frontex_monthly: {rows[0]}")


# ---- compare -----------------------------------------------------------------------------

def zero_stats(block):
    """Paths of the statistics leaves and totals of a block that are not all exactly 0."""
    bad = []
    for path, st in stat_leaves(block["monthly"]):
        if any(v != 0 for k in STATS for v in st[k]):
            bad.append("monthly." + ".".join(path))
    for key, st in block["totals"].items():
        if any(st[k] != 0 for k in STATS):
            bad.append("totals." + key)
    return bad


def test_compare_self(c):
    """A scenario compared with itself: every difference (mean, sd, lo, hi of every total and
    monthly cell) is exactly 0, both arms equal run --replicates; also with --threads 2."""
    base = c.scen("base")
    a, d = c.doc("compare", base, base, "--replicates", 5, "--seed", 4, name="self.json")
    check(list(d["differences"]) == ["ens_base#2"], f"self-comparison arms {list(d['differences'])}")
    diff = d["differences"]["ens_base#2"]
    bad = zero_stats(diff)
    check(not bad, f"comparing a scenario with itself: nonzero differences in {bad[:5]} ({len(bad)} in all)")
    check(sum(1 for _ in stat_leaves(diff["monthly"])) > 20, "the self-comparison has hardly any monthly leaves")
    check(d["arms"]["ens_base"] == d["arms"]["ens_base#2"], "the two copies of one scenario differ")
    _, e = c.ens("base", 4, 5)
    check(d["arms"]["ens_base"]["monthly"] == stats_only(e["monthly"]) and d["arms"]["ens_base"]["totals"] == e["totals"],
          "an arm of compare differs from run --replicates of the same scenario and seeds")
    check(e["totals"]["departures"]["sd"] > 0, "the baseline does not vary, the self-comparison is empty")
    b, _ = c.doc("compare", base, base, "--replicates", 5, "--seed", 4, "--threads", 2, name="self2.json")
    check(read(a) == read(b), "compare: --threads 1 and --threads 2 differ")


def month_index(d, date):
    return d["months"].index(date[:7])


def test_compare_policy(c):
    """Paired: a policy from a date leaves every month before it exactly equal (all four
    statistics of every difference 0) and changes later months; the differences are those of
    the arms' replicates; --independent differs before the date too and gives wider intervals
    for the affected totals; bytes do not depend on threads."""
    N, R = 21, 8
    base, tighten, visa = c.scen("base"), c.scen("tighten"), c.scen("visa")
    a, d = c.doc("compare", base, tighten, visa, "--replicates", R, "--seed", N, "--replicate-totals",
                 name="paired.json")
    b, _ = c.doc("compare", base, tighten, visa, "--replicates", R, "--seed", N, "--replicate-totals",
                 "--threads", 2, name="paired2.json")
    check(read(a) == read(b), "compare: --threads 1 and --threads 2 differ")
    for arm, first in (("ens_tighten", "2022-03-01"), ("ens_visa", "2022-02-15")):
        diff = d["differences"][arm]
        k = month_index(d, first)
        check(k >= 1, f"{arm}: no month before {first}")
        nonzero_before, n_leaves = [], 0
        for path, st in stat_leaves(diff["monthly"]):
            n_leaves += 1
            if any(st[s][j] != 0 for s in STATS for j in range(k)):
                nonzero_before.append(".".join(path))
        check(n_leaves > 20, f"{arm}: hardly any monthly leaves")
        check(not nonzero_before, f"{arm}: paired differences before {first} are not all 0: "
                                  f"{nonzero_before[:5]} ({len(nonzero_before)} in all)")
        after = [st["mean"][j] for _, st in stat_leaves(diff["monthly"]["detections"]) for j in range(k, len(d["months"]))]
        check(any(v != 0 for v in after), f"{arm}: no difference in detections from {first[:7]} on")
    # The policies act: more detections under tightening, deterrence under visas (intervals exclude 0).
    td = d["differences"]["ens_tighten"]["totals"]["detections"]
    check(td["lo"] > 0, f"tightening: detections difference {td}, expected an interval above 0")
    vd = d["differences"]["ens_visa"]["totals"]["deterred"]
    check(vd["lo"] > 0, f"visa: deterred difference {vd}, expected an interval above 0")
    # The difference statistics are those of the per-replicate differences of the arms' totals.
    base_rt = d["arms"]["ens_base"]["replicate_totals"]
    for arm in ("ens_tighten", "ens_visa"):
        rt = d["arms"][arm]["replicate_totals"]
        check([x["seed"] for x in rt] == [x["seed"] for x in base_rt] == list(range(N, N + R)),
              f"paired: {arm} replicate seeds {[x['seed'] for x in rt]}")
        for key, st in d["differences"][arm]["totals"].items():
            ds = [x["totals"][key] - y["totals"][key] for x, y in zip(rt, base_rt)]
            check(close(st["mean"], sum(ds) / R) and close(st["sd"], statistics.stdev(ds)),
                  f"{arm} - base totals.{key}: mean/sd {st['mean']}/{st['sd']}, replicates {sum(ds) / R}/"
                  f"{statistics.stdev(ds)}")
            check_interval(st, R, f"differences.{arm}.totals.{key}")
            am, bm = d["arms"][arm]["totals"][key]["mean"], d["arms"]["ens_base"]["totals"][key]["mean"]
            check(close(st["mean"], am - bm, 1e-9), f"{arm} totals.{key}: difference of means {am - bm}, "
                                                    f"mean difference {st['mean']}")
    # Each arm is run --replicates of its scenario on the same seeds.
    _, et = c.ens("tighten", N, R)
    check(d["arms"]["ens_tighten"]["monthly"] == stats_only(et["monthly"]) and d["arms"]["ens_tighten"]["totals"] == et["totals"],
          "paired: arm ens_tighten differs from run tighten.lua --replicates on the same seeds")

    # Independent arms: arm k runs seeds N + r + k R.
    ia, di = c.doc("compare", base, tighten, "--replicates", R, "--seed", N, "--independent",
                   "--replicate-totals", name="indep.json")
    ib, _ = c.doc("compare", base, tighten, "--replicates", R, "--seed", N, "--independent",
                  "--replicate-totals", "--threads", 2, name="indep2.json")
    check(read(ia) == read(ib), "compare --independent: --threads 1 and --threads 2 differ")
    check([x["seed"] for x in di["arms"]["ens_tighten"]["replicate_totals"]] == list(range(N + R, N + 2 * R)),
          "--independent: arm 1 does not run seeds N+R .. N+2R-1")
    _, et2 = c.ens("tighten", N + R, R)
    check(di["arms"]["ens_tighten"]["totals"] == et2["totals"],
          "--independent: arm 1 differs from run tighten.lua --replicates --seed N+R")
    check(di["arms"]["ens_base"]["totals"] == d["arms"]["ens_base"]["totals"],
          "--independent: the baseline arm should still run seeds N..N+R-1")
    k = month_index(di, "2022-03-01")
    diff = di["differences"]["ens_tighten"]
    before = [st["mean"][j] for _, st in stat_leaves(diff["monthly"]["departures"]) for j in range(k)]
    check(any(v != 0 for v in before), "--independent: departures differ by exactly 0 before the policy")
    pd = d["differences"]["ens_tighten"]["totals"]
    for key in ("departures", "detections", "arrivals", "frontex_detections"):
        wp, wi = pd[key]["hi"] - pd[key]["lo"], diff["totals"][key]["hi"] - diff["totals"][key]["lo"]
        check(wi > wp, f"totals.{key}: the independent interval ({wi:.1f} wide) is not wider than the paired "
                       f"one ({wp:.1f})")
    check(pd["departures"]["sd"] == 0, "paired: departures are not affected by the tightening, yet differ")


def test_compare_fork(c):
    """compare --fork-at DATE: the same statistics as without it (the arms share their history
    up to DATE under common random numbers anyway) and meta.fork_at; the same bytes on 1 or 2
    threads; a fork the arms cannot share (an arm's own event or hook before it, a baseline
    event before it, an arm starting from other parameters or with other demand before it,
    --independent, a date outside the run) exits 2 and writes nothing."""
    N, R = 31, 6
    arms = [c.scen("base"), c.scen("tighten"), c.scen("visa")]
    _, plain = c.doc("compare", *arms, "--replicates", R, "--seed", N, "--replicate-totals", "--fork-at", "none",
                     name="plain.json")
    a, fork = c.doc("compare", *arms, "--replicates", R, "--seed", N, "--replicate-totals", "--fork-at", "2022-02-15",
                    name="fork.json")
    b, _ = c.doc("compare", *arms, "--replicates", R, "--seed", N, "--replicate-totals", "--fork-at", "2022-02-15",
                 "--threads", 2, name="fork2.json")
    check(read(a) == read(b), "compare --fork-at: --threads 1 and --threads 2 differ")
    check(plain["meta"]["fork_at"] is None and fork["meta"]["fork_at"] == "2022-02-15",
          f"meta.fork_at: {plain['meta'].get('fork_at')!r} without, {fork['meta'].get('fork_at')!r} with --fork-at")
    for part in ("arms", "differences"):
        for k in plain[part]:
            check(fork[part][k] == plain[part][k], f"compare --fork-at 2022-02-15: {part}.{k} differs from the "
                                                   f"comparison without a fork")
    check(fork["meta"]["arms"] == plain["meta"]["arms"], "compare --fork-at: the arms' events differ")
    # Forking later (tighten's own event is on 2022-03-01) still changes nothing for base and tighten.
    _, p2 = c.doc("compare", arms[0], arms[1], "--replicates", R, "--seed", N, "--fork-at", "none")
    _, f2 = c.doc("compare", arms[0], arms[1], "--replicates", R, "--seed", N, "--fork-at", "2022-03-01")
    check(f2["arms"] == p2["arms"] and f2["differences"] == p2["differences"],
          "compare --fork-at 2022-03-01 (the policy's day) differs from the comparison without a fork")
    # An arm whose demand differs from March on: forking on 2022-03-01 loses nothing.
    dem = c.scen("demand")
    _, p3 = c.doc("compare", arms[0], dem, "--replicates", R, "--seed", N, "--fork-at", "none")
    _, f3 = c.doc("compare", arms[0], dem, "--replicates", R, "--seed", N, "--fork-at", "2022-03-01")
    check(f3["arms"] == p3["arms"] and f3["differences"] == p3["differences"],
          "compare base.lua demand.lua --fork-at 2022-03-01 differs from the comparison without a fork")
    check(p3["differences"]["ens_demand"]["totals"]["departures"]["lo"] > 0, "demand.lua: no more departures")
    out = os.path.join(c.work, "never.json")
    bad = [
        ([arms[0], dem], "2022-03-02", "other demand"),                  # its demand differs on 2022-03-01
        ([arms[0], arms[2]], "2022-03-15", "before the fork"),           # visa: announced 2022-02-15
        ([arms[1], arms[0]], "2022-04-01", "baseline"),                  # baseline's own event on 2022-03-01
        ([arms[0], c.scen("strict")], "2022-03-01", "other parameters"),  # differs from the start
        ([arms[0], c.scen("trigger")], "2022-03-01", "when()"),           # its trigger fires in the first week
        ([arms[0], arms[1]], "2022-01-01", "inside the run"),
        ([arms[0], arms[1]], "2021-12-01", "inside the run"),
        ([arms[0], arms[1]], "2022-05-01", "inside the run"),
        ([arms[0], arms[1]], "2022-02-30", "--fork-at"),
    ]
    for scen, date, msg in bad:
        r = c.migsim("compare", *scen, "--replicates", 2, "--fork-at", date, "-q", "-o", out, expect=2)
        what = f"compare {' '.join(os.path.basename(x) for x in scen)} --fork-at {date}"
        check(msg in r.stderr, f"{what}: stderr lacks {msg!r}: {r.stderr!r}")
        check(not os.path.exists(out), f"{what} wrote its -o file")
    r = c.migsim("compare", *arms[:2], "--replicates", 2, "--fork-at", "2022-03-01", "--independent", "-q", "-o", out,
                 expect=2)
    check("--independent" in r.stderr and not os.path.exists(out), f"--fork-at with --independent: {r.stderr!r}")
    r = c.migsim("run", arms[0], "--fork-at", "2022-03-01", "-q", "-o", out, expect=2)
    check("--replicates" in r.stderr and not os.path.exists(out), f"run --fork-at without --replicates: {r.stderr!r}")
    # Without a fork the same pairs compare fine (strict differs from the first month on).
    _, s = c.doc("compare", arms[0], c.scen("strict"), "--replicates", 2)
    check(s["differences"]["ens_strict"]["monthly"]["detections"]["BB-CC"]["XXA"]["mean"][0] > 0,
          "strict.lua detects no more than the baseline in January")


def test_fork_events(c):
    """Arms fork when their events before the fork do the same (by their facts), wherever they
    come from: early_tighten.lua repeats early.lua's change of 2022-02-01 in other words, so
    --fork-at 2022-03-01 is accepted and gives the unforked comparison's bytes (each arm keeps
    its own labels); early_other.lua's change that day has another value, so the fork is refused
    with both events named. --fork-at auto forks on the first day the arms differ, says so in a
    note and in meta.fork_at, and runs without a fork (fork_at null, a note) when an arm has
    hooks, the arms differ from the start, or never differ. Threads 1 and 2 give the same bytes."""
    N, R = 17, 6
    early, same, other = c.scen("early"), c.scen("early_tighten"), c.scen("early_other")
    _, plain = c.doc("compare", early, same, "--replicates", R, "--seed", N, "--fork-at", "none", name="plain.json")
    _, fork = c.doc("compare", early, same, "--replicates", R, "--seed", N, "--fork-at", "2022-03-01",
                    name="fork.json")
    check(fork["meta"]["fork_at"] == "2022-03-01", f"meta.fork_at: {fork['meta']['fork_at']!r}")
    fork["meta"]["fork_at"] = None
    check(fork == plain, "compare early.lua early_tighten.lua --fork-at 2022-03-01 differs from the comparison "
                         "without a fork (beyond meta.fork_at)")
    labels = [e["label"] for e in plain["meta"]["arms"][1]["events_replicate_0"]]
    check(any("the same change as early.lua" in l for l in labels),
          f"early_tighten.lua's own label is not in its events: {labels}")
    # auto: the first difference is early_tighten's own event on 2022-03-01.
    auto_fork_matches(c, [early, same], ["--replicates", R, "--seed", N], "2022-03-01", plain,
                      "early.lua early_tighten.lua")
    # Refused: other events before the fork, both named, the earliest safe day given.
    never = os.path.join(c.work, "never.json")
    r = c.migsim("compare", early, other, "--replicates", 2, "--fork-at", "2022-03-01", "-q", "-o", never, expect=2)
    for want in ("detection_prob = 0.5", "detection_prob = 0.6", "on or before 2022-02-01"):
        check(want in r.stderr, f"early.lua early_other.lua --fork-at 2022-03-01: stderr lacks {want!r}: {r.stderr!r}")
    check(not os.path.exists(never), "a refused fork wrote its -o file")
    cases = [
        ([early, other], "2022-02-01", "forking on 2022-02-01"),
        ([c.scen("base"), c.scen("visa")], "2022-02-15", "forking on 2022-02-15"),   # the announcement
        ([c.scen("base"), c.scen("demand")], "2022-03-01", "their demand differs"),
        ([c.scen("base"), c.scen("trigger")], None, "when() or on_day()"),
        ([c.scen("base"), c.scen("strict")], None, "without a fork"),
        ([c.scen("base"), c.scen("base")], None, "the same events and demand"),
    ]
    for scen, day, note in cases:
        out = c.out()
        # not -q: it silences notes (issue 17)
        r = c.migsim("compare", *scen, "--replicates", 2, "--seed", N, "--fork-at", "auto", "-o", out)
        what = f"compare {' '.join(os.path.basename(x) for x in scen)} --fork-at auto"
        check(note in r.stderr, f"{what}: stderr lacks {note!r}: {r.stderr!r}")
        check(load(out)["meta"]["fork_at"] == day, f"{what}: meta.fork_at {load(out)['meta']['fork_at']!r}, not {day!r}")


def auto_fork_matches(c, arms, args, day, plain, what):
    """compare ARMS ARGS --fork-at auto on 1 and 2 threads: a note of the fork day, the same
    bytes on both, meta.fork_at = day, and otherwise the unforked document plain."""
    outs = []
    for t in (1, 2):
        out = c.out(f"auto{t}.json")
        r = c.migsim("compare", *arms, *args, "--fork-at", "auto", "--threads", t, "-o", out)  # -q: no notes
        check(f"forking on {day}" in r.stderr, f"{what} --fork-at auto: no note of the fork day: {r.stderr!r}")
        outs.append(out)
    check(read(outs[0]) == read(outs[1]), f"{what} --fork-at auto: --threads 1 and --threads 2 differ")
    doc = load(outs[0])
    check(doc["meta"]["fork_at"] == day, f"{what} --fork-at auto: meta.fork_at {doc['meta']['fork_at']!r}")
    doc["meta"]["fork_at"] = None
    check(doc == plain, f"{what} --fork-at auto differs from the comparison without a fork")


def test_fork_wb2022(c):
    """The Western Balkans arms both schedule Serbia's real visa changes: police_data_exchange.lua
    forks from wb2022.lua on the day of its own event (2022-11-18, found by --fork-at auto), after
    the shared announcements and visa changes, with the unforked comparison's bytes; a day later
    is refused. Threads 1 and 2 give the same bytes. The replicates draw their parameters from the
    default world's posterior (default_posterior), the same particle in both arms, which is what
    lets the arms fork."""
    base, pde = c.path("scenarios", "wb2022.lua"), c.path("scenarios", "police_data_exchange.lua")
    _, plain = c.doc("compare", base, pde, "--replicates", 2, "--seed", 3, "--threads", 2, "--fork-at", "none",
                     name="plain.json")
    auto_fork_matches(c, [base, pde], ["--replicates", 2, "--seed", 3], "2022-11-18", plain,
                      "wb2022.lua police_data_exchange.lua")
    never = os.path.join(c.work, "never.json")
    r = c.migsim("compare", base, pde, "--replicates", 2, "--fork-at", "2022-11-19", "-q", "-o", never, expect=2)
    check("Portoroz" in r.stderr and "on or before 2022-11-18" in r.stderr, f"wb2022 --fork-at 2022-11-19: {r.stderr!r}")


def test_compare_wb2022(c):
    """The Western Balkans world, 2 paired replicates (drawing their parameters from its default
    posterior, the same particle in both arms): the visa alignment changes nothing before its first
    announcement and lowers Frontex detections of IND afterwards."""
    out = c.out("wb.json")
    c.migsim("compare", c.path("scenarios", "wb2022_no_visa_alignment.lua"), c.path("scenarios", "wb2022.lua"),
             "--replicates", 2, "--seed", 7, "--threads", 2, "-q", "-o", out)
    d = load(out)
    check(d["schema"] == "migsim-compare/1" and len(d["differences"]) == 1, "wb2022 compare document")
    arm = list(d["differences"])[0]
    events = [e for e in d["meta"]["arms"][1]["events_replicate_0"] if "visa" in e["label"] and "RS" in e["label"]]
    check(events, "wb2022: no Serbian visa event in the policy arm")
    k = month_index(d, min(e["date"] for e in events))
    diff = d["differences"][arm]
    bad = [".".join(p) for p, st in stat_leaves(diff["monthly"]) if any(st[s][j] != 0 for s in STATS for j in range(k))]
    check(not bad, f"wb2022: paired differences before {d['months'][k]} are not 0: {bad[:5]} ({len(bad)})")
    ind = diff["monthly"]["frontex_detections"]["IND"]["mean"]
    check(sum(ind[k:]) < 0, f"wb2022: IND Frontex detections do not fall with the alignment ({sum(ind[k:])})")


# ---- tidy tables of comparisons, totals by year, --window ---------------------------------

def rows_by(rows, key_cols):
    """{tuple of the key columns: the row as a dict} of a CSV table (header first)."""
    head = rows[0]
    return {tuple(r[head.index(k)] for k in key_cols): dict(zip(head, r)) for r in rows[1:]}


SERIES_TABLES = ("detections_monthly", "pushbacks_monthly", "registrations_monthly", "frontex_monthly",
                 "departures_monthly", "deterred_monthly", "switched_channel_monthly", "demand_monthly", "arrivals_monthly",
                 "asylum_monthly", "stock_monthly", "smuggled_monthly", "smuggling_price_monthly", "smuggling_monthly",
                 "dismantled_monthly", "arrests_monthly", "victims_monthly")


def test_export_compare(c):
    """migsim export reads a comparison: every series table, totals and totals_by_year as long
    tables with an arm column, the arms by their names then 'difference'; each arm's rows are
    those of run --replicates of its scenario with the same seed, the difference's are the
    document's paired ones (its own interval, not a difference of intervals); csv and json agree;
    with several policies the differences are 'difference:NAME'; daily tables need --daily."""
    N, R = 5, 4
    cmp_, d = c.doc("compare", c.scen("base"), c.scen("tighten"), "--replicates", R, "--seed", N, "--daily",
                    name="cmp.json")
    base, _ = c.ens("base", N, R, "--daily", name="base.json")
    pol, _ = c.ens("tighten", N, R, "--daily", name="pol.json")
    for table in SERIES_TABLES + ("detections_daily", "stock_daily", "totals", "totals_by_year"):
        rows = export_csv(c, cmp_, table)
        check(rows[0][0] == "arm", f"{table}: header {rows[0]}")
        if len(rows) == 1 and len(export_csv(c, base, table)) == 1:
            continue  # a series this world does not have (no policing country)
        arms = [r[0] for r in rows[1:]]
        check(list(dict.fromkeys(arms)) == ["ens_base", "ens_tighten", "difference"], f"{table}: arms {set(arms)}")
        n = arms.count("ens_base")
        check(n > 0 and arms.count("ens_tighten") == n == arms.count("difference"), f"{table}: rows per arm differ")
        if table != "frontex_monthly":  # replicates give quantiles there, a comparison mean,sd,lo,hi
            for arm, single in (("ens_base", base), ("ens_tighten", pol)):
                want = export_csv(c, single, table)
                got = [rows[0][1:]] + [r[1:] for r in rows[1:] if r[0] == arm]
                check(got == want, f"{table}: the rows of arm {arm} are not those of run --replicates of it")
        head = rows[0]
        if "mean" in head:
            diffs = [r for r in rows[1:] if r[0] == "difference"]
            check(all(float(r[head.index("lo")]) <= float(r[head.index("mean")]) <= float(r[head.index("hi")])
                      for r in diffs), f"{table}: a difference outside its interval")
    # The difference rows are the document's paired statistics.
    tot = rows_by(export_csv(c, cmp_, "totals"), ("arm", "indicator"))
    for key, st in d["differences"]["ens_tighten"]["totals"].items():
        row = tot[("difference", key)]
        check([float(row[s]) for s in STATS] == [st[s] for s in STATS], f"totals difference {key}: {row} vs {st}")
    det = d["differences"]["ens_tighten"]["monthly"]["detections"]["BB-CC"]["XXA"]
    mon = rows_by(export_csv(c, cmp_, "detections_monthly"), ("arm", "month"))
    for j, m in enumerate(d["months"]):
        check(float(mon[("difference", m)]["lo"]) == det["lo"][j], f"detections_monthly difference {m}: lo")
    check(any(det["mean"]), "tighten changes no monthly detections")
    # JSON records hold the same table.
    recs = json.loads(c.migsim("export", cmp_, "--table", "totals", "--format", "json").stdout)
    rows = export_csv(c, cmp_, "totals")
    check(len(recs) == len(rows) - 1 and list(recs[0]) == rows[0] and recs[-1]["arm"] == "difference",
          "export --format json of a comparison")
    # Several policies: one difference each, named.
    c3, _ = c.doc("compare", c.scen("base"), c.scen("tighten"), c.scen("visa"), "--replicates", 2, name="c3.json")
    arms = list(dict.fromkeys(r[0] for r in export_csv(c, c3, "totals")[1:]))
    check(arms == ["ens_base", "ens_tighten", "ens_visa", "difference:ens_tighten", "difference:ens_visa"],
          f"three arms: {arms}")
    # Daily tables of a comparison without --daily, and a table of no such document, are refused.
    c2, _ = c.doc("compare", c.scen("base"), c.scen("tighten"), "--replicates", 2, name="c2.json")
    r = c.migsim("export", c2, "--table", "stock_daily", expect=2)
    check("--daily" in r.stderr and r.stdout == "", f"stock_daily of a comparison without --daily: {r.stderr}")
    r = c.migsim("export", c2, "--table", "sobol", expect=2)
    check("does not apply to a comparison" in r.stderr and "detections_monthly" in r.stderr, r.stderr)
    # A damaged difference is found before any row is written.
    bad = load(c2)
    del bad["differences"]["ens_tighten"]["monthly"]["detections"]["BB-CC"]["XXA"]["hi"]
    with open(c.out("bad.json"), "w") as f:
        json.dump(bad, f)
    r = c.migsim("export", c.out("bad.json"), "--table", "detections_monthly", expect=2)
    check(r.stdout == "" and "difference" in r.stderr, f"a damaged comparison: stdout {r.stdout[:80]!r}, {r.stderr}")


def journey_rows(doc, arm=None):
    """The rows export --table journeys should give for one block (a run, replicates, an arm or
    a difference): [arm,]distribution,nationality,bin,values as strings of the JSON's numbers."""
    rows = []
    for dist, d in doc["journeys"].items():
        for nat, node in [("all", d["all"]), *d["by_nationality"].items()]:
            for k, b in enumerate(d["bins"]):
                vals = [node[s][k] for s in STATS] if isinstance(node, dict) else [node[k]]
                rows.append(([arm] if arm else []) + [dist, nat, b] + vals)
    return rows


def test_export_journeys(c):
    """export --table journeys: a run's bins as distribution,nationality,bin,value (all, then each
    nationality; each distribution sums to the arrivals), replicates' and a comparison's as
    mean,sd,lo,hi with an arm column (each arm's rows are those of run --replicates of its
    scenario, then the paired difference's); csv and json agree; a document without journeys or
    with a damaged one is refused (exit 2) before any row is written."""
    N, R = 6, 3
    run, d = c.doc("run", c.scen("twonat"), "--seed", N, name="jrun.json")
    rows = export_csv(c, run, "journeys")
    check(rows[0] == ["distribution", "nationality", "bin", "value"], f"run: header {rows[0]}")
    want = journey_rows(d)
    check(len(rows) - 1 == len(want), f"run: {len(rows) - 1} rows, {len(want)} in the document")
    for got, w in zip(rows[1:], want):
        check(got[:3] == w[:3] and float(got[3]) == w[3], f"run: row {got}, document {w}")
    for dist in d["journeys"]:
        for nat in ["all", *d["journeys"][dist]["by_nationality"]]:
            s = sum(float(r[3]) for r in rows[1:] if r[0] == dist and r[1] == nat)
            tot = d["totals"]["arrivals" if nat == "all" else f"arrivals.{nat}"]
            check(close(s, tot, 1e-9), f"run: journeys {dist} {nat} sum to {s}, arrivals {tot}")
    check(len({r[1] for r in rows[1:]}) == 3, f"run: nationalities {sorted({r[1] for r in rows[1:]})}")
    recs = json.loads(c.migsim("export", run, "--table", "journeys", "--format", "json").stdout)
    check([list(x.values()) for x in recs] == want and list(recs[0]) == rows[0], "run: json differs from the document")
    # Replicates: mean,sd,lo,hi per bin.
    ens, e = c.ens("base", N, R, name="jens.json")
    rows = export_csv(c, ens, "journeys")
    check(rows[0] == ["distribution", "nationality", "bin"] + list(STATS), f"replicates: header {rows[0]}")
    check([r[:3] + [float(x) for x in r[3:]] for r in rows[1:]] == journey_rows(e), "replicates: rows differ")
    # A comparison: each arm as run --replicates of it, then the paired difference.
    cmp_, p = c.doc("compare", c.scen("base"), c.scen("tighten"), "--replicates", R, "--seed", N, name="jcmp.json")
    rows = export_csv(c, cmp_, "journeys")
    check(rows[0] == ["arm", "distribution", "nationality", "bin"] + list(STATS), f"compare: header {rows[0]}")
    arms = list(dict.fromkeys(r[0] for r in rows[1:]))
    check(arms == ["ens_base", "ens_tighten", "difference"], f"compare: arms {arms}")
    base = export_csv(c, ens, "journeys")
    check([rows[0][1:]] + [r[1:] for r in rows[1:] if r[0] == "ens_base"] == base,
          "compare: the baseline's rows are not those of run --replicates of it")
    want = [r for b, blk in [*p["arms"].items(), ("difference", p["differences"]["ens_tighten"])]
            for r in journey_rows(blk, b)]
    check([r[:4] + [float(x) for x in r[4:]] for r in rows[1:]] == want, "compare: rows differ from the document")
    dif = [r for r in rows[1:] if r[0] == "difference"]
    check(any(float(r[4]) != 0 for r in dif), "compare: tighten changes no journey")
    check(all(float(r[6]) <= float(r[4]) <= float(r[7]) for r in dif), "compare: a difference outside its interval")
    recs = json.loads(c.migsim("export", cmp_, "--table", "journeys", "--format", "json").stdout)
    check([list(x.values()) for x in recs] == want and list(recs[0]) == rows[0], "compare: json differs from csv")
    # Refusals, nothing written: no journeys (an older document), a damaged difference.
    for what, mutate, says in (
            ("no journeys", lambda x: x["differences"]["ens_tighten"].pop("journeys"), "no journeys in difference"),
            ("a bin without hi", lambda x: x["differences"]["ens_tighten"]["journeys"]["days_to_arrive"]["all"]["hi"].pop(),
             "journeys.days_to_arrive of difference")):
        bad = load(cmp_)
        mutate(bad)
        with open(c.out("jbad.json"), "w") as f:
            json.dump(bad, f)
        r = c.migsim("export", c.out("jbad.json"), "--table", "journeys", expect=2)
        check(r.stdout == "" and says in r.stderr, f"{what}: stdout {r.stdout[:80]!r}, {r.stderr}")


def test_totals_by_year(c):
    """Runs, replicates and comparisons carry totals_by_year: each calendar year's reported days
    (years.lua runs 2021-11 .. 2022-02). A run's years add up to its totals and to its monthly
    series; replicates give the mean and sd of the single runs' years; a comparison's paired
    difference is 0 in 2021 (the policy starts 2022-01-01); export --table totals_by_year."""
    N, R = 3, 4
    singles = [c.single("years", N + r) for r in range(R)]
    s = singles[0]
    check(list(s["totals_by_year"]) == ["2021", "2022"], f"run: years {list(s['totals_by_year'])}")
    for key in ("departures", "detections", "arrivals", "frontex_detections", "detections.BB-CC",
                "smuggling_revenue", "asylum_applications.CC"):
        y = s["totals_by_year"]
        check(close(y["2021"][key] + y["2022"][key], s["totals"][key]),
              f"run: totals_by_year.{key} add to {y['2021'][key] + y['2022'][key]}, totals say {s['totals'][key]}")
    check(s["totals_by_year"]["2022"]["stock_end"] == s["totals"]["stock_end"], "run: the last year's stock_end")
    for year in ("2021", "2022"):
        dep = sum(v for m, v in zip(s["months"], s["monthly"]["departures"]["XXA"]["air"]) if m.startswith(year))
        dep += sum(v for m, v in zip(s["months"], s["monthly"]["departures"]["XXA"]["overland"]) if m.startswith(year))
        check(close(dep, s["totals_by_year"][year]["departures"]), f"run: {year}'s departures are not its months'")
    rows = export_csv(c, c.doc("run", c.scen("years"), "--seed", N)[0], "totals_by_year")
    check(rows[0] == ["year", "indicator", "value"] and len(rows) == 1 + 2 * len(s["totals"]),
          f"run: export totals_by_year: {rows[0]}, {len(rows)} rows")
    _, e = c.ens("years", N, R, name="yens.json")
    for year in ("2021", "2022"):
        for key, st in e["totals_by_year"][year].items():
            xs = [x["totals_by_year"][year][key] for x in singles]
            check(close(st["mean"], sum(xs) / R) and close(st["sd"], statistics.stdev(xs)),
                  f"replicates: totals_by_year.{year}.{key} {st}, single runs {xs}")
            check_interval(st, R, f"totals_by_year.{year}.{key}")
    cmp_, d = c.doc("compare", c.scen("years"), c.scen("years_tighten"), "--replicates", R, "--seed", N,
                    name="ycmp.json")
    diff = d["differences"]["ens_years_tighten"]["totals_by_year"]
    check(all(st == {"mean": 0, "sd": 0, "lo": 0, "hi": 0} for st in diff["2021"].values()),
          "compare: a 2021 difference is not 0 although the policy starts in 2022")
    check(diff["2022"]["detections"]["mean"] > 0, f"compare: 2022 detections difference {diff['2022']['detections']}")
    check(d["arms"]["ens_years"]["totals_by_year"] == e["totals_by_year"], "compare: the baseline's years are not "
                                                                            "those of run --replicates")
    rows = export_csv(c, cmp_, "totals_by_year")
    check(rows[0] == ["arm", "year", "indicator"] + list(STATS), f"compare: export totals_by_year {rows[0]}")
    got = rows_by(rows, ("arm", "year", "indicator"))[("difference", "2022", "detections")]
    check(float(got["lo"]) == diff["2022"]["detections"]["lo"], "compare: export of a year's difference")


def test_window(c):
    """compare --window FROM:TO (months or dates): each arm and the paired difference over the
    window's days, next to the whole period's, with meta.window; the window's totals are those of
    the single runs' daily series summed over it; bytes do not depend on --threads; a window
    outside the reported period, FROM after TO and bad dates are refused (exit 2, no output)."""
    N, R = 3, 4
    args = ["compare", c.scen("years"), c.scen("years_tighten"), "--replicates", R, "--seed", N]
    out, d = c.doc(*args, "--window", "2021-12-15:2022-01-10", name="w.json")
    check(d["meta"]["window"]["from"] == "2021-12-15" and d["meta"]["window"]["to"] == "2022-01-10",
          f"meta.window {d['meta'].get('window')}")
    t2, _ = c.doc(*args, "--window", "2021-12-15:2022-01-10", "--threads", 2, name="w2.json")
    check(read(out) == read(t2), "compare --window: --threads 1 and 2 differ")
    plain, p = c.doc(*args, name="plain.json")
    for k in ("ens_years", "ens_years_tighten"):
        a = dict(d["arms"][k])
        check(a.pop("totals_window", None) is not None and a == p["arms"][k],
              f"--window changes arm {k}'s other statistics")
    # The window's totals are the single runs' daily counts summed over its days.
    arms = {}
    for name in ("years", "years_tighten"):
        sums = []
        for r in range(R):
            x = c.single(name, N + r)
            sums.append(sum(v for dt, v in zip(x["dates"], x["daily"]["detections"]["BB-CC"]["XXA"])
                            if "2021-12-15" <= dt <= "2022-01-10"))
        arms[name] = sums
    st = d["arms"]["ens_years"]["totals_window"]["detections"]
    check(close(st["mean"], sum(arms["years"]) / R), f"totals_window.detections {st}, single runs {arms['years']}")
    diffs = [b - a for a, b in zip(arms["years"], arms["years_tighten"])]
    st = d["differences"]["ens_years_tighten"]["totals_window"]["detections"]
    check(close(st["mean"], sum(diffs) / R) and close(st["sd"], statistics.stdev(diffs)),
          f"difference totals_window.detections {st}, paired single runs {diffs}")
    check_interval(st, R, "difference totals_window.detections")
    whole = d["differences"]["ens_years_tighten"]["totals"]["detections"]["mean"]
    check(st["mean"] > 0 and st["mean"] < whole, f"the window's difference {st['mean']}, the whole's {whole}")
    # Months: from the first day of FROM to the last of TO; a window of all of 2022 is its year.
    _, m = c.doc(*args, "--window", "2022-01:2022-02", name="m.json")
    check(m["meta"]["window"]["from"] == "2022-01-01" and m["meta"]["window"]["to"] == "2022-02-28",
          f"--window 2022-01:2022-02: {m['meta']['window']}")
    check(m["arms"]["ens_years"]["totals_window"] == m["arms"]["ens_years"]["totals_by_year"]["2022"],
          "the window of 2022's reported months differs from totals_by_year.2022")
    rows = export_csv(c, out, "totals_window")
    check(rows[0] == ["arm", "from", "to", "indicator"] + list(STATS) and rows[1][1:3] == ["2021-12-15", "2022-01-10"],
          f"export totals_window: {rows[:2]}")
    r = c.migsim("export", plain, "--table", "totals_window", expect=2)
    check("--window" in r.stderr, r.stderr)
    # run --replicates takes it too; a single run does not.
    _, e = c.ens("years", N, R, "--window", "2022-01:2022-02", name="ew.json")
    check(e["totals_window"] == m["arms"]["ens_years"]["totals_window"], "run --replicates --window")
    bad = {"2021-10:2021-12": "outside the reported period", "2022-02-01:2022-03-01": "outside the reported period",
           "2022-02:2022-01": "after", "2022-13:2022-14": "takes FROM:TO", "2022-02-30:2022-03-01": "takes FROM:TO",
           "2022-01": "takes FROM:TO", "2022-01-01:": "takes FROM:TO"}
    for w, what in bad.items():
        o = c.out("bad.json")
        r = c.migsim(*args, "-q", "-o", o, "--window", w, expect=2)
        check(what in r.stderr and not os.path.exists(o), f"--window {w}: {r.stderr}")
    r = c.migsim("run", c.scen("years"), "--window", "2022-01:2022-02", expect=2)
    check("--window" in r.stderr and "--replicates" in r.stderr, r.stderr)
    # The printed summary has the window's table after the whole period's.
    text = c.migsim(*args, "--window", "2021-12-15:2022-01-10").stderr  # the summary goes to stderr (one stream for messages)
    tables = text.split("ens_years_tighten vs ens_years (policy - baseline)")
    check(len(tables) == 3 and tables[2].startswith(", 2021-12-15 to 2022-01-10 (--window)"),
          f"summary with --window:\n{text[:1500]}")
    row = next((ln for ln in tables[2].splitlines() if ln.startswith("detections ")), "")
    want = d["differences"]["ens_years_tighten"]["totals_window"]["detections"]["mean"]
    check(row.split()[3:4] == [f"{want:+.0f}"], f"summary's window row for detections: {row!r}, want {want:+.0f}")


def test_replicate_series(c):
    """--replicate-series keeps each replicate's monthly series, every series: replicate r's are
    those of the single run --seed N+r; a comparison keeps each arm's, and the paired differences
    are the replicates' differences; export --table replicates_monthly gives them as rows, from
    which a sum of cells over months and replicates gives the window's totals and their sd; the
    bytes do not depend on --threads; without the option the document is unchanged."""
    N, R = 4, 3
    out, e = c.ens("base", N, R, "--replicate-series", name="rs.json")
    singles = [c.single("base", N + r) for r in range(R)]
    n = 0
    for path, leaf in series_leaves(singles[0]["monthly"]):
        reps = at(e["replicate_series"]["monthly"], path)
        check(len(reps) == R, f"replicate_series.monthly.{'.'.join(path)}: {len(reps)} replicates")
        for r in range(R):
            check(reps[r] == at(singles[r]["monthly"], path),
                  f"replicate_series.monthly.{'.'.join(path)}[{r}] is not run --seed {N + r}'s")
        n += 1
    check(n == sum(1 for _ in series_leaves(e["replicate_series"]["monthly"])), "replicate_series: other series")
    _, plain = c.ens("base", N, R, name="plain.json")
    e.pop("replicate_series")
    check(e == plain, "--replicate-series changes the rest of the document")
    rows = export_csv(c, out, "replicates_monthly")
    check(rows[0] == ["replicate", "series", "level1", "level2", "month", "value"], f"header {rows[0]}")
    check(len(rows) - 1 == R * n * len(plain["months"]), f"replicates_monthly: {len(rows) - 1} rows")
    check(["0", "in_transit", "", "", "2022-01"] == rows[[r[1] for r in rows].index("in_transit")][:5],
          "a series without levels: empty level1 and level2")
    # A comparison: each arm's; sums of its cells give the window's totals and interval.
    args = ["compare", c.scen("base"), c.scen("tighten"), "--replicates", R, "--seed", N, "--window",
            "2022-03:2022-04", "--replicate-series"]
    cmp_, d = c.doc(*args, name="crs.json")
    t2, _ = c.doc(*args, "--threads", 2, name="crs2.json")
    check(read(cmp_) == read(t2), "compare --replicate-series: --threads 1 and 2 differ")
    check("replicate_series" not in d["differences"]["ens_tighten"], "a difference with replicate_series")
    rows = export_csv(c, cmp_, "replicates_monthly")
    check(rows[0][0] == "arm" and {r[0] for r in rows[1:]} == {"ens_base", "ens_tighten"}, "arms of replicates_monthly")
    sums = {a: [0.0] * R for a in ("ens_base", "ens_tighten")}
    for arm, rep, series, l1, l2, month, value in rows[1:]:
        if series == "detections" and month in ("2022-03", "2022-04"):
            sums[arm][int(rep)] += float(value)
    diffs = [b - a for a, b in zip(sums["ens_base"], sums["ens_tighten"])]
    st = d["differences"]["ens_tighten"]["totals_window"]["detections"]
    check(close(st["mean"], sum(diffs) / R) and close(st["sd"], statistics.stdev(diffs)),
          f"detections over 2022-03..04 from replicates_monthly: {diffs}; totals_window says {st}")
    r = c.migsim("export", c.out("plain.json"), "--table", "replicates_monthly", expect=2)
    check("--replicate-series" in r.stderr, r.stderr)
    r = c.migsim("run", c.scen("base"), "--replicate-series", expect=2)
    check("--replicates" in r.stderr, r.stderr)


# ---- interval coverage -------------------------------------------------------------------

def coverage(c, reps, n_ens, first_seed, truth=1000.0):
    hits, means, variances = 0, [], []
    for j in range(n_ens):
        seed = first_seed + reps * j   # seeds of ensemble j: first_seed + reps*j .. + reps - 1, disjoint
        _, d = c.ens("poisson", seed, reps, name="cov.json")
        st = d["totals"]["departures"]
        check_interval(st, reps, f"ensemble {j}: totals.departures")
        hits += st["lo"] <= truth <= st["hi"]
        means.append(st["mean"])
        variances.append(st["sd"] ** 2)
    return hits, means, variances


def test_coverage(c):
    """poisson.lua: departures ~ Poisson(1000). 95% intervals of the mean from R replicates
    cover 1000 in 88..100 of 100 ensembles with disjoint seeds, for R = 10 and for R = 3 (where a
    normal instead of a t quantile would cover only about 81%). The grand mean is within 4 SE of
    1000 and the mean replicate variance within 4 SE of the Poisson variance 1000."""
    report = []
    for reps, first in ((10, 1), (3, 100001)):
        hits, means, variances = coverage(c, reps, 100, first)
        report.append(f"R={reps}: {hits}/100 intervals cover 1000")
        check(88 <= hits <= 100, f"R={reps}: {hits} of 100 95% intervals cover the true mean 1000 "
                                 f"(expected 95, binomial range 88..100)")
        gm = sum(means) / len(means)
        se = math.sqrt(1000 / (reps * len(means)))
        check(abs(gm - 1000) <= 4 * se, f"R={reps}: grand mean {gm:.2f}, expected 1000 +- {4 * se:.2f}")
        mv = sum(variances) / len(variances)
        se_v = 1000 * math.sqrt(2 / (reps - 1)) / math.sqrt(len(variances))
        check(abs(mv - 1000) <= 4 * se_v, f"R={reps}: mean sample variance {mv:.1f}, expected 1000 +- {4 * se_v:.1f}")
    print("\n".join(report))


# ---- sweep -------------------------------------------------------------------------------

MULT = "nationality.XXA.departure_multiplier"
DET = "border.BB-CC.detection_prob"
MONEY = "nationality.XXA.money_mean"   # drawn for every agent but read by no mechanism


def export_csv(c, out, table):
    text = c.migsim("export", out, "--table", table).stdout
    return list(csv.reader(io.StringIO(text)))


def test_sweep_lhs(c):
    """lhs: n rows, one value of each parameter in each of the n strata of its range; the
    outputs are those of single runs at the points; CSV export; same bytes on 1 or 2 threads."""
    n, ranges = 12, {MULT: (0.5, 1.5), DET: (0.1, 0.9), MONEY: (1000, 3000)}
    args = ["sweep", c.scen("base"), "-n", n, "--seed", 3, "--output", "departures", "--output", "detections"]
    for k, (lo, hi) in ranges.items():
        args += ["--param", f"{k}={lo}:{hi}"]
    a, d = c.doc(*args, name="lhs.json")
    b, _ = c.doc(*args, "--threads", 2, name="lhs2.json")
    check(read(a) == read(b), "sweep lhs: --threads 1 and --threads 2 differ")
    b2, _ = c.doc(*args, name="lhs3.json")
    check(read(a) == read(b2), "sweep lhs: two runs differ")
    cols = ["point", *ranges, "departures", "detections"]
    check(d["columns"] == cols, f"sweep columns {d['columns']}, expected {cols}")
    rows = d["rows"]
    check(len(rows) == n and all(len(r) == len(cols) for r in rows), f"sweep lhs: {len(rows)} rows, expected {n}")
    check([r[0] for r in rows] == list(range(n)), "sweep lhs: points are not numbered 0..n-1")
    check([p["name"] for p in d["meta"]["params"]] == list(ranges), "sweep meta.params")
    for i, (k, (lo, hi)) in enumerate(ranges.items(), start=1):
        xs = [r[i] for r in rows]
        check(all(lo <= x <= hi for x in xs), f"sweep lhs: {k} outside [{lo}, {hi}]: {xs}")
        strata = sorted(int((x - lo) / (hi - lo) * n) for x in xs)
        check(strata == list(range(n)), f"sweep lhs: {k} is not one value per stratum (strata {strata})")
    # The design depends on the seed, and each row is the run of that point.
    i = args.index("--seed")
    _, o = c.doc(*args[:i + 1], 4, *args[i + 2:], name="lhs_seed4.json")
    check([r[1:4] for r in o["rows"]] != [r[1:4] for r in rows], "sweep lhs: seeds 3 and 4 give the same design")
    dep = [r[4] for r in rows]
    check(len(set(dep)) > 1, "sweep lhs: departures do not vary with the departure multiplier")
    for p in (0, n - 1):
        sets = []
        for i, k in enumerate(ranges, start=1):
            sets += ["--set", f"{k}={rows[p][i]!r}"]
        s = c.single("base", 3, *sets)
        check([s["totals"]["departures"], s["totals"]["detections"]] == rows[p][4:],
              f"sweep lhs point {p}: outputs {rows[p][4:]}, run with --set of its inputs gives "
              f"{[s['totals']['departures'], s['totals']['detections']]}")
    # CSV export: header point,params...,outputs..., one row per point with the same numbers.
    table = export_csv(c, a, "sweep")
    check(table[0] == cols, f"export --table sweep header {table[0]}, expected {cols}")
    check(len(table) == n + 1, f"export --table sweep: {len(table) - 1} rows, expected {n}")
    for r, t in zip(rows, table[1:]):
        check([float(x) for x in t] == [float(x) for x in r], f"export --table sweep row {t} differs from {r}")
    j = json.loads(c.migsim("export", a, "--table", "sweep", "--format", "json").stdout)
    check(len(j) == n and list(j[0]) == cols and all([r[k] for k in cols] == x for r, x in zip(j, rows)),
          "export --table sweep --format json differs from the rows")
    r = c.migsim("export", a, "--table", "sobol", expect=2)
    check("no Sobol indices" in r.stderr, f"export --table sobol of an lhs sweep: {r.stderr}")
    r = c.migsim("export", a, "--table", "totals", expect=2)
    check("sweep" in r.stderr, f"export --table totals of a sweep: {r.stderr}")


def sobol_indices(fa, fb, fab):
    n = len(fa)
    mean = (sum(fa) + sum(fb)) / (2 * n)
    var = (sum((x - mean) ** 2 for x in fa) + sum((x - mean) ** 2 for x in fb)) / (2 * n - 1)
    out = []
    for fi in fab:
        s1 = sum(b * (x - a) for a, b, x in zip(fa, fb, fi)) / n
        st = sum((a - x) ** 2 for a, x in zip(fa, fi)) / (2 * n)
        out.append((s1 / var, st / var) if var > 0 else (0.0, 0.0))
    return out


def test_sweep_sobol(c):
    """sobol: n (k + 2) rows laid out as A, B and AB_i (A with column i from B); indices as
    Saltelli/Jansen from those rows; a parameter read by no mechanism has total index ~0; the
    departure multiplier explains departures; export --table sobol; same bytes on 2 threads."""
    n, ranges = 32, {MULT: (0.5, 1.5), MONEY: (1000, 3000), DET: (0.1, 0.9)}
    k = len(ranges)
    outputs = ["departures", "detections"]
    args = ["sweep", c.scen("base"), "--design", "sobol", "-n", n, "--seed", 2]
    for p, (lo, hi) in ranges.items():
        args += ["--param", f"{p}={lo}:{hi}"]
    for o in outputs:
        args += ["--output", o]
    a, d = c.doc(*args, name="sobol.json")
    b, _ = c.doc(*args, "--threads", 2, name="sobol2.json")
    check(read(a) == read(b), "sweep sobol: --threads 1 and --threads 2 differ")
    rows = d["rows"]
    check(len(rows) == n * (k + 2), f"sweep sobol: {len(rows)} rows, expected n (k + 2) = {n * (k + 2)}")
    check(d["meta"]["points"] == n * (k + 2), "sweep sobol: meta.points")
    x = [r[1:1 + k] for r in rows]
    A, B = x[:n], x[n:2 * n]
    for i in range(k):
        for j in range(n):
            want = list(A[j])
            want[i] = B[j][i]
            check(x[(2 + i) * n + j] == want, f"sweep sobol: row {(2 + i) * n + j} is not A[{j}] with column {i} "
                                              f"from B[{j}]")
    for i, (p, (lo, hi)) in enumerate(ranges.items()):
        ca, cb = [r[i] for r in A], [r[i] for r in B]
        check(all(lo <= v <= hi for v in ca + cb), f"sweep sobol: {p} outside [{lo}, {hi}]")
        check(len(set(ca)) == n and len(set(cb)) == n and ca != cb,
              f"sweep sobol: {p} repeats values within A or within B, or A and B are the same")
    so = d["sobol"]
    check(list(so) == outputs and all(list(so[o]) == list(ranges) for o in outputs),
          f"sweep sobol: indices keyed {[(o, list(v)) for o, v in so.items()]}")
    for j, o in enumerate(outputs):
        y = [r[1 + k + j] for r in rows]
        ref = sobol_indices(y[:n], y[n:2 * n], [y[(2 + i) * n:(3 + i) * n] for i in range(k)])
        for (p, got), (f1, tot) in zip(so[o].items(), ref):
            check(close(got["first"], f1, 1e-9) and close(got["total"], tot, 1e-9),
                  f"sobol {o}/{p}: {got}, from the rows {f1}, {tot}")
    dep = so["departures"]
    check(abs(dep[MONEY]["total"]) < 0.05 and abs(dep[MONEY]["first"]) < 0.05,
          f"money_mean affects no mechanism, yet its indices for departures are {dep[MONEY]}")
    check(abs(dep[DET]["total"]) < 0.05, f"detection does not affect departures, yet {dep[DET]}")
    check(abs(so["detections"][MONEY]["total"]) < 0.05, f"money_mean and detections: {so['detections'][MONEY]}")
    check(dep[MULT]["total"] > 0.8 and dep[MULT]["first"] > 0.6,
          f"the departure multiplier should explain departures: {dep[MULT]}")
    check(so["detections"][DET]["total"] > 0.1, f"detection_prob should matter for detections: {so['detections'][DET]}")
    # export --table sobol: output,parameter,index,value, first then total.
    t = export_csv(c, a, "sobol")
    check(t[0] == ["output", "parameter", "index", "value"], f"export --table sobol header {t[0]}")
    want = [[o, p, ix, so[o][p][ix]] for o in outputs for p in ranges for ix in ("first", "total")]
    check(len(t) - 1 == len(want), f"export --table sobol: {len(t) - 1} rows, expected {len(want)}")
    for got, w in zip(t[1:], want):
        check(got[:3] == w[:3] and close(float(got[3]), w[3], 1e-9), f"export --table sobol row {got}, expected {w}")
    h = export_csv(c, a, "sweep")
    check(h[0] == d["columns"] and len(h) == len(rows) + 1, "export --table sweep of a sobol sweep")


# ---- bad arguments -----------------------------------------------------------------------

def test_bad_args(c):
    """Each bad command line exits 2 with a message naming the problem and writes no file."""
    base, tighten, poisson = c.scen("base"), c.scen("tighten"), c.scen("poisson")
    P = f"{MULT}=0.5:1.5"
    cases = [
        (["run", base, "--replicates", "0"], "--replicates"),
        (["run", base, "--replicates", "-2"], "--replicates"),
        (["run", base, "--replicates", "x"], "--replicates"),
        (["run", base, "--daily"], "--replicates"),
        (["run", base, "--independent"], "--replicates"),
        (["run", base, "--replicates", "2", "--set", "give_up_prob=2"], "give_up_prob"),
        (["compare", base, "--replicates", "3"], "at least one policy"),
        (["compare", base, tighten], "--replicates"),
        (["compare", base, tighten, "--replicates", "0"], "--replicates"),
        (["compare", base, os.path.join(c.work, "none.lua"), "--replicates", "2"], "none.lua"),
        (["compare", base, poisson, "--replicates", "2"], "share one period"),
        (["compare", base, c.scen("renamed"), "--replicates", "2"], "share one world"),
        (["compare", base, tighten, c.scen("shifted"), "--replicates", "2"], "share one period"),
        (["sweep", base, "--param", "nationality.XXA.departure_multiplyer=0:1"], "departure_multiplyer"),
        (["sweep", base, "--param", "no.such.key=0:1"], "no.such.key"),
        (["sweep", base, "--param", f"{MULT}=1.5:0.5"], "LO"),
        (["sweep", base, "--param", f"{MULT}=1:1"], "LO"),
        (["sweep", base, "--param", f"{MULT}=0.5"], "NAME=LO:HI"),
        (["sweep", base, "--param", f"{MULT}=0.5:"], "NAME=LO:HI"),
        (["sweep", base, "--param", f"{MULT}=a:b"], "NAME=LO:HI"),
        (["sweep", base, "--param", "=0:1"], "NAME=LO:HI"),
        (["sweep", base, "--param", f"{MULT}:0.5:1"], "NAME=LO:HI"),
        (["sweep", base, "--param", "border.BB-CC.detection_prob=0.5:1.5"], "detection_prob"),
        (["sweep", base, "--param", P, "--output", "happiness"], "unknown output 'happiness'"),
        (["sweep", base, "--param", P, "--design", "grid"], "--design"),
        (["sweep", base, "--param", P, "-n", "1"], "-n"),
        (["sweep", base], "--param"),
        (["sweep", "--param", P], "scenario"),
    ]
    out = os.path.join(c.work, "never.json")
    for args, msg in cases:
        r = c.migsim(*args, "-q", "-o", out, expect=2)
        what = "migsim " + " ".join(os.path.basename(a) if a.endswith(".lua") else a for a in args)
        check(r.stderr.startswith("migsim: ") and msg in r.stderr, f"{what}: stderr lacks {msg!r}: {r.stderr!r}")
        check(not os.path.exists(out), f"{what} created its -o file")
        check(not r.stdout, f"{what} printed to stdout: {r.stdout[:200]!r}")
    leftovers = [f for f in os.listdir(c.work) if f != "never.json"]
    check(not leftovers, f"bad command lines left files behind: {leftovers}")
    # An existing output file is left as it was.
    with open(out, "w") as f:
        f.write("keep\n")
    for args, _ in cases[:3] + cases[15:17]:
        c.migsim(*args, "-q", "-o", out, expect=2)
        check(read(out) == b"keep\n", f"migsim {' '.join(args[:2])} ... touched an existing -o file")
    for cmd in ("compare", "sweep"):
        r = c.migsim(cmd, "--help")
        check(r.stdout.startswith(f"usage: migsim {cmd}"), f"migsim {cmd} --help: {r.stdout[:80]!r}")


# ---- JSON Schemas ------------------------------------------------------------------------

def schema_validator(c, name):
    """A validator of docs/NAME-schema.json, itself checked against its draft."""
    import jsonschema
    with open(c.path("docs", f"{name}-schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return schema, cls(schema)


def refs(x):
    if isinstance(x, dict):
        for k, v in x.items():
            if k == "$ref":
                yield v
            else:
                yield from refs(v)
    elif isinstance(x, list):
        for v in x:
            yield from refs(v)


def retarget(x, old, new):
    if isinstance(x, dict):
        return {k: (new if k == "$ref" and v == old else retarget(v, old, new)) for k, v in x.items()}
    if isinstance(x, list):
        return [retarget(v, old, new) for v in x]
    return x


def without_description(x):
    return {k: v for k, v in x.items() if k != "description"}


def test_schemas(c):
    """docs/ensemble-schema.json, compare-schema.json and sweep-schema.json are valid 2020-12
    schemas, self-contained (local $refs only), their copies of docs/output-schema.json's parts
    are up to date; real documents of run --replicates, compare (paired, --independent,
    --fork-at) and sweep (lhs, sobol) validate, and broken ones are rejected."""
    import copy
    with open(c.path("docs", "output-schema.json"), encoding="utf-8") as f:
        run = json.load(f)
    rp, rm = run["properties"], run["properties"]["meta"]["properties"]
    v = {}
    for name in ("ensemble", "compare", "sweep"):
        schema, v[name] = schema_validator(c, name)
        ext = sorted({r for r in refs(schema) if not r.startswith("#/")})
        check(not ext, f"docs/{name}-schema.json has non-local $refs {ext}")
        check(schema["$schema"] == run["$schema"], f"docs/{name}-schema.json: draft {schema['$schema']}")
        if name == "sweep":
            continue
        # The copies of a single run's parts must follow docs/output-schema.json.
        D = schema["$defs"]
        same = {
            "parameters": rm["parameters"], "events": rm["events"], "world": rm["world"],
            "run_totals": rp["totals"], "persons": run["$defs"]["persons"], "posterior": rm["posterior"],
            "stat_tree": retarget(without_description(rp["monthly"]), "#/$defs/series", "#/$defs/stat_series"),
            "stat_totals": retarget(without_description(rp["totals"]), "#/$defs/persons", "#/$defs/stat_total"),
        }
        for k, want in same.items():
            got = without_description(D[k]) if k.startswith("stat_") else D[k]
            check(got == want, f"docs/{name}-schema.json $defs/{k} is out of date with docs/output-schema.json")
        mp = schema["properties"]["meta"]["properties"]
        for k in ("model", "version", "agent_weight", "units", "start", "end", "days", "warmup_from"):
            check(mp[k] == rm[k], f"docs/{name}-schema.json meta.{k} differs from docs/output-schema.json")
        check(schema["properties"]["months"] == rp["months"], f"docs/{name}-schema.json months differs")

    base, tighten, visa = c.scen("base"), c.scen("tighten"), c.scen("visa")
    mult, det = f"{MULT}=0.5:1.5", f"{DET}=0.1:0.9"
    docs = {
        "ensemble": [
            ("run --replicates 3 --replicate-totals --daily",
             c.ens("base", 3, 3, "--replicate-totals", "--daily", name="ens_full.json")[1]),
            ("run --replicates 2", c.ens("base", 3, 2, name="ens.json")[1]),
            ("run --replicates 2 --window --replicate-series",
             c.ens("years", 3, 2, "--window", "2021-12:2022-01", "--replicate-series", name="ens_w.json")[1]),
        ],
        "compare": [
            ("compare (paired) --replicate-totals --daily",
             c.doc("compare", base, tighten, visa, "--replicates", 3, "--seed", 5, "--replicate-totals", "--daily",
                   name="cmp_full.json")[1]),
            ("compare --fork-at 2022-02-15",
             c.doc("compare", base, tighten, visa, "--replicates", 2, "--seed", 5, "--fork-at", "2022-02-15",
                   name="cmp_fork.json")[1]),
            ("compare --independent",
             c.doc("compare", base, tighten, "--replicates", 2, "--independent", name="cmp_ind.json")[1]),
            ("compare --window over two years",
             c.doc("compare", c.scen("years"), c.scen("years_tighten"), "--replicates", 2, "--window",
                   "2021-12-15:2022-01-10", "--replicate-series", name="cmp_w.json")[1]),
        ],
        "sweep": [
            ("sweep lhs", c.doc("sweep", base, "--param", mult, "--param", det, "-n", 4, "--output", "departures",
                                "--output", "detections.XXA", "--set", "give_up_prob=0.2", name="lhs.json")[1]),
            ("sweep sobol", c.doc("sweep", base, "--param", mult, "--param", det, "-n", 4, "--output", "departures",
                                  "--design", "sobol", name="sobol.json")[1]),
        ],
    }
    check(docs["compare"][1][1]["meta"]["fork_at"] == "2022-02-15", "compare --fork-at: meta.fork_at")
    for name, items in docs.items():
        for what, doc in items:
            errors = sorted(v[name].iter_errors(doc), key=lambda e: list(e.absolute_path))
            if errors:
                lines = [f"  {'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in errors[:15]]
                raise Failure(f"{what} does not validate against docs/{name}-schema.json ({len(errors)} errors):\n"
                              + "\n".join(lines))

    ens, cmp_, lhs, sob = docs["ensemble"][0][1], docs["compare"][0][1], docs["sweep"][0][1], docs["sweep"][1][1]
    leaf = ("monthly", "frontex_detections", "XXA")
    mutations = {
        "ensemble": (ens, {
            "another schema id": lambda d: d.__setitem__("schema", "migsim-run/1"),
            "a seed in meta": lambda d: d["meta"].__setitem__("seed", 1),
            "meta.events instead of events_replicate_0":
                lambda d: d["meta"].__setitem__("events", d["meta"].pop("events_replicate_0")),
            "no meta.replicates": lambda d: d["meta"].pop("replicates"),
            "a leaf without sd": lambda d: at(d, leaf).pop("sd"),
            "a leaf as a plain array": lambda d: at(d, leaf[:-1]).__setitem__("XXA", [1, 2]),
            "a negative sd": lambda d: at(d, leaf)["sd"].__setitem__(0, -1),
            "a string mean": lambda d: at(d, leaf)["mean"].__setitem__(0, "3"),
            "an extra leaf statistic": lambda d: at(d, leaf).__setitem__("median", [0]),
            "a missing daily series": lambda d: d["daily"].pop("in_transit"),
            "daily without dates": lambda d: d.pop("dates"),
            "a total as a plain number": lambda d: d["totals"].__setitem__("departures", 3),
            "a missing total": lambda d: d["totals"].pop("arrivals"),
            "an unknown total": lambda d: d["totals"].__setitem__("happiness", d["totals"]["departures"]),
            "replicate totals as statistics":
                lambda d: d["replicate_totals"][0].__setitem__("totals", d["totals"]),
            "a replicate without its seed": lambda d: d["replicate_totals"][0].pop("seed"),
            "an unknown parameter": lambda d: d["meta"]["parameters"].__setitem__("speed.bike", 1),
            "a Frontex leaf without q50": lambda d: at(d, leaf).pop("q50"),
            "a Frontex leaf without its replicates": lambda d: at(d, leaf).pop("replicates"),
            "no frontex_total": lambda d: d["monthly"].pop("frontex_total"),
            "a frontex_total without q975": lambda d: d["monthly"]["frontex_total"].pop("q975"),
            "quantiles on another series": lambda d: d["monthly"]["returned"]["XXA"].__setitem__("q50", [0]),
            "no meta.quantiles": lambda d: d["meta"].pop("quantiles"),
            "a year that is not a year": lambda d: d["totals_by_year"].__setitem__("22", d["totals"]),
            "a year's total as a plain number": lambda d: d["totals_by_year"]["2022"].__setitem__("departures", 3),
        }),
        "ensemble with --window and --replicate-series": (docs["ensemble"][2][1], {
            "a window without its end": lambda d: d["meta"]["window"].pop("to"),
            "a window total as a plain number": lambda d: d["totals_window"].__setitem__("departures", 3),
            "a replicate series as one array": lambda d: d["replicate_series"]["monthly"]["detections"]["BB-CC"]
                .__setitem__("XXA", [1, 2]),
            "a replicate series of strings": lambda d: d["replicate_series"]["monthly"]["in_transit"]
                .__setitem__(0, ["1"]),
            "a replicate series without a series": lambda d: d["replicate_series"]["monthly"].pop("stock"),
        }),
        "compare": (cmp_, {
            "another schema id": lambda d: d.__setitem__("schema", "migsim-ensemble/1"),
            "no meta.paired": lambda d: d["meta"].pop("paired"),
            "a bad fork date": lambda d: d["meta"].__setitem__("fork_at", "15/02/2022"),
            "an arm without sha256": lambda d: d["meta"]["arms"][1].pop("sha256"),
            "an arm's meta.events": lambda d: d["meta"]["arms"][1].__setitem__("events", []),
            "a single arm": lambda d: d["meta"].__setitem__("arms", d["meta"]["arms"][:1]),
            "no meta.world": lambda d: d["meta"].pop("world"),
            "a scenario in meta": lambda d: d["meta"].__setitem__("scenario", {}),
            "a difference without of": lambda d: d["differences"]["ens_tighten"].pop("of"),
            "an arm with of": lambda d: d["arms"]["ens_base"].__setitem__("of", "x - y"),
            "an arm without totals": lambda d: d["arms"]["ens_visa"].pop("totals"),
            "a difference with replicate totals":
                lambda d: d["differences"]["ens_visa"].__setitem__("replicate_totals",
                                                                    d["arms"]["ens_visa"]["replicate_totals"]),
            "no differences": lambda d: d.__setitem__("differences", {}),
            "a difference leaf without hi": lambda d: at(d["differences"]["ens_visa"], leaf).pop("hi"),
        }),
        "sweep": (sob, {
            "another design": lambda d: d["meta"].__setitem__("design", "grid"),
            "columns not starting with point": lambda d: d["columns"].__setitem__(0, "run"),
            "a string in a row": lambda d: d["rows"][0].__setitem__(1, "0.5"),
            "a fractional point index": lambda d: d["rows"][0].__setitem__(0, 0.5),
            "a sobol design without indices": lambda d: d.pop("sobol"),
            "a sobol design without meta.rows": lambda d: d["meta"].pop("rows"),
            "a negative total index": lambda d: d["sobol"]["departures"][MULT].__setitem__("total", -1),
            "an index without first": lambda d: d["sobol"]["departures"][MULT].pop("first"),
            "a parameter without hi": lambda d: d["meta"]["params"][0].pop("hi"),
            "a bad sha256": lambda d: d["meta"]["scenario"].__setitem__("sha256", "abc"),
        }),
        "sweep lhs": (lhs, {
            "Sobol indices in an LHS sweep": lambda d: d.__setitem__("sobol", sob["sobol"]),
            "meta.rows in an LHS sweep": lambda d: d["meta"].__setitem__("rows", sob["meta"]["rows"]),
            "a world in meta": lambda d: d["meta"].__setitem__("world", {}),
        }),
    }
    accepted = []
    for name, (doc, muts) in mutations.items():
        for what, mutate in muts.items():
            bad = copy.deepcopy(doc)
            mutate(bad)
            if v[name.split()[0]].is_valid(bad):
                accepted.append(f"{name}: {what}")
    check(not accepted, "the schemas accept documents with " + "; ".join(accepted))


if __name__ == "__main__":
    harness.main(globals(), Ctx)
