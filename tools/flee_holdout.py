#!/usr/bin/python3
"""Out-of-sample check of a Flee calibration (docs/calibration.md, issue 15).

Given the result of `migsim calibrate` on a Flee scenario (migsim-calibration/1),
runs the scenario over several seeds with the posterior's medians (--set NAME=q50,
one per parameter) and with the scenario's own (Flee's default) settings, and
reports Flee's averaged relative difference (ARD, docs/flee.md) over the days after
the calibration's window (the hold-out) and over the days up to its end (the
fitted part): mean and sample sd over seeds for each arm, and the paired
difference calibrated - defaults (both arms run on the same seeds). With
--posterior, when `migsim run` takes --posterior, a third arm draws each seed's
parameters from the posterior sample itself.

ARD(t) = sum_c |s_c(t) - o_c(t)| / max(1, sum_c o_c(t)) over the camps with observed
counts; a period's ARD is its days' mean. It is each run's daily.ard, checked
against the ARD recomputed from its daily.camps (at hasten 1). Standard library only.

usage: tools/flee_holdout.py POST.json [--seeds 10] [--first-seed 1] [--jobs 2]
                             [--migsim build/migsim] [--scenario PATH] [--split DATE]
                             [--posterior] [-o REPORT.md] [--json SUMMARY.json]
"""
import argparse
import concurrent.futures
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fail(msg):
    sys.exit("flee_holdout.py: " + msg)


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        fail("cannot read %s: %s" % (path, e))


def mean_sd(xs):
    m = sum(xs) / len(xs)
    sd = math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1)) if len(xs) > 1 else 0.0
    return m, sd


def ard_days(doc, where):
    """Each day's ARD: daily.ard, checked against the camps' series (those are in
    persons, Flee's ARD in agents against counts divided by hasten: they agree at
    hasten 1 only); from the camps' series where a run has no daily.ard."""
    camps = [c for c in doc["daily"]["camps"].values() if c.get("observed") is not None]
    if not camps:
        fail("%s: no camp has observed counts: no ARD" % where)
    n = len(doc["dates"])
    out = []
    for t in range(n):
        obs = sum(c["observed"][t] for c in camps)
        err = sum(abs(c["simulated"][t] - c["observed"][t]) for c in camps)
        out.append(err / max(1.0, obs))
    given = doc["daily"].get("ard")
    if given is None:
        return out
    if doc["meta"].get("hasten", 1) == 1:
        worst = max(abs(a - b) for a, b in zip(out, given))
        if worst > 1e-9 * max(1.0, max(out)):
            fail("%s: the ARD recomputed from daily.camps differs from daily.ard by %g" % (where, worst))
    return given


class RunFailed(Exception):
    pass


def run_one(args):
    migsim, scenario, seed, sets, extra, out = args
    cmd = [migsim, "run", scenario, "-q", "--seed", str(seed), "-o", out] + extra
    for s in sets:
        cmd += ["--set", s]
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        raise RunFailed("%s failed (exit %d): %s" % (" ".join(cmd), r.returncode, r.stderr.strip()))
    doc = load(out)
    os.remove(out)
    days = ard_days(doc, out)
    return doc["dates"], days


def period_means(dates, days, split):
    first = [a for d, a in zip(dates, days) if d <= split]
    second = [a for d, a in zip(dates, days) if d > split]
    if not first or not second:
        fail("the split %s leaves no day on one side of the simulated period %s to %s" % (split, dates[0], dates[-1]))
    return {"first": sum(first) / len(first), "second": sum(second) / len(second),
            "whole": sum(days) / len(days), "days_first": len(first), "days_second": len(second)}


def runs_posterior(migsim):
    r = subprocess.run([migsim, "run", "--help"], capture_output=True, text=True)
    return "--posterior" in (r.stdout + r.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("post", help="the calibration's result (migsim calibrate ... -o POST.json)")
    ap.add_argument("--seeds", type=int, default=10, help="seeds per arm (default 10)")
    ap.add_argument("--first-seed", type=int, default=1, help="seeds FIRST .. FIRST+SEEDS-1 (default 1)")
    ap.add_argument("--jobs", type=int, default=2, help="runs at once (default 2)")
    ap.add_argument("--migsim", default=os.path.join(ROOT, "build", "migsim"))
    ap.add_argument("--scenario", help="the Flee scenario (default: the result's meta.scenario)")
    ap.add_argument("--split", help="last fitted date (default: the latest end of the targets' windows)")
    ap.add_argument("--posterior", action="store_true",
                    help="a third arm: each seed's parameters drawn from the posterior (migsim run --posterior)")
    ap.add_argument("-o", "--output", help="write the Markdown table here (default: stdout)")
    ap.add_argument("--json", help="write the numbers as JSON here")
    a = ap.parse_args()
    if a.seeds < 2:
        fail("--seeds must be 2 or more (an sd over seeds)")
    if not os.access(a.migsim, os.X_OK):
        fail("no migsim at %s (build it: tools/build.sh, or give --migsim)" % a.migsim)
    post = load(a.post)
    if post.get("schema") != "migsim-calibration/1":
        fail("%s is not a calibration result (schema %r)" % (a.post, post.get("schema")))
    scenario = a.scenario or post["meta"]["scenario"]
    if not os.path.exists(scenario):
        fail("the scenario %s is not there (run from the folder calibrate ran in, or give --scenario)" % scenario)
    sets = list(post["meta"].get("sets") or [])
    medians = {s["name"]: s["q50"] for s in post["posterior"]["summary"]}
    defaults = {p["name"]: p["scenario_value"] for p in post["parameters"]}
    split = a.split
    if not split:
        ends = [t["window"][1] for t in post["targets"]]
        if any(len(e) != 10 for e in ends):
            fail("the targets' windows are not dates: is this a Flee calibration? (or give --split)")
        split = max(ends)
    arms = [("defaults", [], []),
            ("calibrated (posterior medians)", ["%s=%.10g" % kv for kv in medians.items()], [])]
    if a.posterior:
        if runs_posterior(a.migsim):
            arms.append(("posterior draws", [], ["--posterior", os.path.abspath(a.post)]))
        else:
            print("flee_holdout.py: %s run has no --posterior: the posterior-draws arm is skipped" % a.migsim,
                  file=sys.stderr)
    seeds = list(range(a.first_seed, a.first_seed + a.seeds))
    work = tempfile.mkdtemp(prefix="flee-holdout-")
    results = {}
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as ex:
            for name, arm_sets, extra in arms:
                jobs = [(a.migsim, scenario, s, sets + arm_sets, extra,
                         os.path.join(work, "%d-%d.json" % (len(results), s))) for s in seeds]
                try:
                    results[name] = [period_means(d, days, split) for d, days in ex.map(run_one, jobs)]
                except RunFailed as e:
                    if not extra:
                        fail(str(e))
                    # migsim may refuse a posterior for a Flee scenario: say so, keep the other arms.
                    print("flee_holdout.py: the posterior-draws arm is skipped: %s" % e, file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    summary = {"post": a.post, "scenario": scenario, "split": split, "seeds": seeds, "sets": sets,
               "defaults": defaults, "medians": medians, "arms": {}}
    base = results["defaults"]
    for name, rows in results.items():
        arm = {}
        for key in ("first", "second", "whole"):
            m, sd = mean_sd([r[key] for r in rows])
            dm, dsd = mean_sd([r[key] - b[key] for r, b in zip(rows, base)])
            arm[key] = {"mean": m, "sd": sd, "per_seed": [r[key] for r in rows],
                        "diff_mean": dm, "diff_se": dsd / math.sqrt(len(rows))}
        summary["arms"][name] = arm
    first_days, second_days = base[0]["days_first"], base[0]["days_second"]
    lines = ["# Flee calibration hold-out: %s" % os.path.basename(scenario), "",
             "Calibration: `%s`; fitted up to %s (%d days from the start), held out after it (%d days); "
             "%d seeds (%d-%d) an arm, the same seeds in every arm. ARD = Flee's averaged relative "
             "difference, the mean over the period's days (docs/flee.md)."
             % (a.post, split, first_days, second_days, len(seeds), seeds[0], seeds[-1]), "",
             "| parameter | Flee default | posterior median | posterior 90% interval |", "|---|---|---|---|"]
    for s in post["posterior"]["summary"]:
        lines.append("| `%s` | %.4g | %.4g | %.4g - %.4g |" % (s["name"], defaults.get(s["name"], float("nan")),
                                                               s["q50"], s["q05"], s["q95"]))
    lines += ["", "| arm | ARD held out (after %s) | ARD fitted part | ARD whole run |" % split, "|---|---|---|---|"]
    for name, arm in summary["arms"].items():
        cells = ["%.4f (sd %.4f)" % (arm[k]["mean"], arm[k]["sd"]) for k in ("second", "first", "whole")]
        lines.append("| %s | %s |" % (name, " | ".join(cells)))
    for name, arm in summary["arms"].items():
        if name == "defaults":
            continue
        cells = ["%+.4f (se %.4f)" % (arm[k]["diff_mean"], arm[k]["diff_se"]) for k in ("second", "first", "whole")]
        lines.append("| %s - defaults, paired | %s |" % (name, " | ".join(cells)))
    lines.append("")
    text = "\n".join(lines)
    if a.output:
        with open(a.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        print(text, end="")
    if a.json:
        with open(a.json, "w", encoding="utf-8") as f:
            json.dump(summary, f, indent=1)
            f.write("\n")


if __name__ == "__main__":
    main()
