#!/usr/bin/python3
"""Mechanism tests of smuggling groups and policing over whole runs (smugworld.lua).

usage: smuggling_tests.py TEST MIGSIM SOURCE_DIR WORK_DIR

TEST is one of the functions named test_* below (without the prefix).
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


class Ctx:
    def __init__(self, exe, src, work):
        self.exe, self.src, self.work = exe, src, work
        self.n = 0

    def scen(self, name):
        return os.path.join(self.src, "tests", "smuggling", name + ".lua")

    def migsim(self, *args):
        r = subprocess.run([self.exe] + [str(a) for a in args], cwd=self.work, capture_output=True, text=True,
                           timeout=600)
        if r.returncode != 0:
            raise Failure(f"migsim {' '.join(map(str, args))} exited {r.returncode}\n{r.stderr[-3000:]}")
        return r

    def doc(self, *args):
        self.n += 1
        out = os.path.join(self.work, f"out{self.n}.json")
        self.migsim(*args, "-q", "-o", out)
        with open(out, "rb") as f:
            raw = f.read()
        return raw, json.loads(raw)


def test_determinism(c):
    """Same seed, same bytes, whatever the thread count: the border market runs in one
    queue whose order is drawn per agent and day, not in thread order."""
    for scen in ("plain", "mono_fast"):
        a, _ = c.doc("run", c.scen(scen), "--seed", 5, "--threads", 1)
        b, _ = c.doc("run", c.scen(scen), "--seed", 5, "--threads", 2)
        d, _ = c.doc("run", c.scen(scen), "--seed", 5, "--threads", 3)
        check(a == b == d, f"{scen}: output differs between 1, 2 and 3 threads")
        e, _ = c.doc("run", c.scen(scen), "--seed", 6)
        check(a != e, f"{scen}: seeds 5 and 6 gave the same output")


def test_monotone_network(c):
    """Immediate exchange dismantles at least as many groups as a 30-day delay, which
    dismantles at least as many as no network: mean over 20 paired seeds, and each
    step's paired 95% t interval above zero (every group here works both segments, so
    each country's police see only part of every group)."""
    _, doc = c.doc("compare", c.scen("mono_none"), c.scen("mono_slow"), c.scen("mono_fast"), "--replicates", 20,
                   "--replicate-totals")
    arms = doc["arms"]
    names = list(arms)
    check(names == ["mono_none", "mono_slow", "mono_fast"], f"arms {names}")

    def series(arm, key):
        return [r["totals"][key] for r in arms[arm]["replicate_totals"]]

    none, slow, fast = (series(a, "groups_dismantled") for a in names)
    check(len(none) == 20, "20 replicates")
    d_slow = [s - n for s, n in zip(slow, none)]
    d_fast = [f - s for f, s in zip(fast, slow)]
    mean = lambda x: sum(x) / len(x)
    def paired_lo(x):  # lower end of the 95% paired t interval, t(0.975, 19) = 2.093
        m = mean(x)
        sd = math.sqrt(sum((v - m) ** 2 for v in x) / (len(x) - 1))
        return m - 2.093 * sd / math.sqrt(len(x))

    check(mean(d_slow) >= 0, f"30-day delay dismantles fewer than no network: mean difference {mean(d_slow)}")
    check(mean(d_fast) >= 0, f"immediate exchange dismantles fewer than a 30-day delay: mean difference {mean(d_fast)}")
    check(paired_lo(d_slow) > 0, f"30-day delay vs none: paired interval reaches {paired_lo(d_slow)}")
    check(paired_lo(d_fast) > 0, f"immediate vs 30-day delay: paired interval reaches {paired_lo(d_fast)}")
    diff = doc["differences"]["mono_fast"]["totals"]["groups_dismantled"]
    check(diff["lo"] > 0, f"immediate exchange vs none: 95% interval {diff['lo']}..{diff['hi']} does not exclude 0")
    # Intelligence is shared only when there is a network.
    check(all(x == 0 for x in series("mono_none", "intel_shared")), "no network, yet intelligence shared")
    check(all(x > 0 for x in series("mono_slow", "intel_shared") + series("mono_fast", "intel_shared")),
          "a network, yet no intelligence shared")


def test_conservation(c):
    """Identities of the market and of policing, day by day (the engine itself checks
    that every person who left is somewhere, every day, or the run fails)."""
    _, d = c.doc("run", c.scen("mono_fast"), "--seed", 3)
    D, T = d["daily"], d["totals"]
    n = len(d["dates"])
    for b in ("BB-CC", "BB-DD"):
        for i in range(n):
            sm = D["smuggled_attempts"][b]["XXA"][i]
            check(sm <= D["attempts"][b]["XXA"][i], f"{b} day {i}: more smuggled attempts than attempts")
            check(D["smuggled_detections"][b]["XXA"][i] <= D["detections"][b]["XXA"][i],
                  f"{b} day {i}: more smuggled detections than detections")
    for i in range(n):
        clients = sum(D["group_clients"][g][i] for g in D["group_clients"])
        sm = sum(D["smuggled_attempts"][b]["XXA"][i] for b in D["smuggled_attempts"])
        check(clients == sm, f"day {i}: {clients} crossings sold, {sm} smuggled attempts")
        rev_g = sum(D["group_revenue"][g][i] for g in D["group_revenue"])
        rev_b = sum(D["smuggling_revenue"][b][i] for b in D["smuggling_revenue"])
        check(rev_g == rev_b, f"day {i}: revenue by group {rev_g} != by segment {rev_b}")
        active = D["smuggling"]["groups_active"][i]
        check(0 <= active <= 3, f"day {i}: {active} groups active")
    dis = T["groups_dismantled"]
    check(dis == sum(T["group_dismantled." + g] for g in ("north", "west", "both")), "dismantled by group")
    check(dis == sum(T["groups_dismantled." + k] for k in ("BB", "CC", "DD")), "dismantled by country")
    check(T["arrests_dismantling"] == 10 * dis, "ten arrests per dismantled group (members = 10)")
    check(T["groups_active_end"] == 3 - dis + T["groups_replaced"], "active = start - dismantled + replaced")
    # Capacity: a group never sells more places a day than it has.
    caps = {"north": 30, "west": 30, "both": 20}
    for g, cap in caps.items():
        check(max(D["group_clients"][g]) <= cap, f"{g} sold more than its {cap} places in a day")
    check(max(D["group_clients"]["north"]) == 30, "north's capacity binds on some day")


def test_export(c):
    """The smuggling tables of `migsim export`."""
    _, d = c.doc("run", c.scen("mono_fast"))
    out = os.path.join(c.work, "out1.json")
    for table, cols in (("smuggled_monthly", ["month", "nationality", "border", "smuggled_attempts"]),
                        ("smuggling_price_monthly", ["month", "border", "price_eur"]),
                        ("smuggling_monthly", ["month", "indicator", "value"]),
                        ("dismantled_monthly", ["month", "country", "groups_dismantled"]),
                        ("victims_monthly", ["month", "nationality", "country", "victims"])):
        r = c.migsim("export", out, "--table", table)
        rows = list(csv.reader(io.StringIO(r.stdout)))
        check(rows[0] == cols, f"{table}: header {rows[0]}")
        check(len(rows) > 1, f"{table}: no rows")
    r = c.migsim("export", out, "--table", "smuggling_monthly")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    intel = sum(float(x["value"]) for x in rows if x["indicator"] == "intel_shared")
    check(intel == d["totals"]["intel_shared"], f"exported intel_shared {intel} != total {d['totals']['intel_shared']}")


if __name__ == "__main__":
    harness.main(globals(), Ctx)
