#!/usr/bin/env python3
"""Parameter recovery of `migsim calibrate` (docs/calibration.md).

Each trial draws a true parameter set from the study's priors, runs the world once
with it (its own seed), adds negative binomial observation noise (size 50) to the
monthly series the study fits, and calibrates on those synthetic data with the same
priors. Studies: `toy` (scenarios/calibration/toy_world.lua: three parameters against
detections and asylum applications) and `wb2022` (the default world at agent_weight
10: three parameters against Frontex's ten monthly series by nationality). A 90% credible interval (5% to 95%
posterior quantiles) should hold the truth in about 90% of trials, and the truth's
rank among the posterior draws should be uniform (simulation-based calibration,
Talts et al. 2018). Standard library only (matplotlib for --plot).

usage: tools/calibration_recovery.py [--study toy|wb2022] [--trials 50] [--jobs 2] [--migsim build/migsim]
                                     [-o summary.json] [--plot docs/img/calibration_sbc.png]
       tools/calibration_recovery.py --toy-data data/calibration/toy_observed.csv
           (the toy spec's data: the toy world at its own values, seed 99, noise seed 7)
"""
import argparse
import concurrent.futures
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORLD = os.path.join(ROOT, "scenarios", "calibration", "toy_world.lua")
# The toy spec's priors (scenarios/calibration/toy.lua): name, kind, lo, hi, (a, b).
PRIORS = [
    ("border.BB-CC.detection_prob", "uniform", 0.05, 0.8, None),
    ("give_up_prob", "uniform", 0.0, 0.3, None),
    ("country.CC.asylum_prob", "beta", 0.0, 1.0, (2.0, 2.0)),
]
WB_WORLD = os.path.join(ROOT, "scenarios", "wb2022.lua")
WB_PRIORS = [
    ("border.RS-HU.detection_prob", "uniform", 0.3, 0.9, None),
    ("give_up_prob", "uniform", 0.0, 0.1, None),
    ("move_prob.border_area", "uniform", 0.05, 0.6, None),
]
WB_NATS = ["SYR", "AFG", "TUR", "PAK", "MAR", "BGD", "IND", "BDI", "CUB", "TUN"]
WB_SPEC = """calibration {{ name = "recovery_wb2022", scenario = {world!r}, seed = {seed}, set = {{ agent_weight = 10 }} }}
parameter {{ "border.RS-HU.detection_prob", prior = "uniform", lo = 0.3, hi = 0.9 }}
parameter {{ "give_up_prob", prior = "uniform", lo = 0, hi = 0.1 }}
parameter {{ "move_prob.border_area", prior = "uniform", lo = 0.05, hi = 0.6 }}
for _, nat in ipairs {{ "SYR", "AFG", "TUR", "PAK", "MAR", "BGD", "IND", "BDI", "CUB", "TUN" }} do
  target {{ nat, table = "frontex_monthly", where = {{ nationality = nat }},
           observed = {{ file = {data!r}, where = {{ series = nat }}, time = "month", value = "count" }},
           window = {{ "2022-01", "2022-09" }}, model = "negbin", dispersion = "estimate" }}
end
history_matching {{ waves = 1, points = 24, replicates = 2 }}
abc_smc {{ particles = {particles}, replicates = 2, moves = 2, generations = 10, final_moves = 1 }}
"""
OBS_SIZE = 50.0  # the negative binomial's size of the synthetic observations
PARTIAL = None   # --partial: a JSON line per finished trial
LEVEL = 0.90

SPEC = """calibration {{ name = "recovery", scenario = {world!r}, seed = {seed} }}
parameter {{ "border.BB-CC.detection_prob", prior = "uniform", lo = 0.05, hi = 0.8 }}
parameter {{ "give_up_prob", prior = "uniform", lo = 0, hi = 0.3 }}
parameter {{ "country.CC.asylum_prob", prior = "beta", a = 2, b = 2, lo = 0, hi = 1 }}
target {{ "detections", table = "frontex_monthly", where = {{ nationality = "XXA" }},
         observed = {{ file = {data!r}, where = {{ series = "detections" }}, time = "month", value = "count" }},
         window = {{ "2022-01", "2022-12" }}, model = "negbin", dispersion = "estimate" }}
target {{ "asylum", table = "asylum_monthly", where = {{ country = "CC" }},
         observed = {{ file = {data!r}, where = {{ series = "asylum" }}, time = "month", value = "count" }},
         window = {{ "2022-01", "2022-12" }}, model = "negbin", dispersion = "estimate" }}
history_matching {{ waves = 2, points = 30, replicates = 2 }}
abc_smc {{ particles = {particles}, replicates = 2, moves = 2, generations = 12, final_moves = 1 }}
"""


def draw_truth(rng, priors):
    truth = {}
    for name, kind, lo, hi, ab in priors:
        u = rng.betavariate(*ab) if kind == "beta" else rng.random()
        truth[name] = lo + u * (hi - lo)
    return truth


def negbin(rng, mu, k):
    lam = rng.gammavariate(k, mu / k) if mu > 0 else 0.0
    if lam > 200:  # Poisson by its normal limit, rounded, for large means
        return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))
    limit, p, n = math.exp(-lam), 1.0, 0
    while True:
        p *= rng.random()
        if p <= limit:
            return n
        n += 1


def observe(migsim, truth, seed, rng, path, work, study="toy"):
    """Run the study's world at truth with seed; write its noisy monthly series to path."""
    run = os.path.join(work, "truth.json")
    cmd = [migsim, "run", WORLD if study == "toy" else WB_WORLD, "-q", "--seed", str(seed), "-o", run]
    if study == "wb2022":
        cmd += ["--set", "agent_weight=10"]
    for k, v in truth.items():
        cmd += ["--set", "%s=%.10g" % (k, v)]
    subprocess.run(cmd, check=True)
    doc = json.load(open(run))
    if study == "wb2022":
        with open(path, "w") as f:
            f.write("month,series,count\n")
            for n in WB_NATS:
                for m, v in zip(doc["months"], doc["monthly"]["frontex_detections"][n]):
                    if m <= "2022-09":
                        f.write("%s,%s,%d\n" % (m, n, negbin(rng, v, OBS_SIZE)))
        return
    det = doc["monthly"]["frontex_detections"]["XXA"]
    asy = doc["monthly"]["asylum_applications"]["CC"]["XXA"]
    with open(path, "w") as f:
        f.write("month,series,count\n")
        for m, a, b in zip(doc["months"], det, asy):
            f.write("%s,detections,%d\n%s,asylum,%d\n" % (m, negbin(rng, a, OBS_SIZE), m, negbin(rng, b, OBS_SIZE)))


def trial(i, migsim, particles, keep, study):
    rng = random.Random(1000 + i)
    truth = draw_truth(rng, PRIORS if study == "toy" else WB_PRIORS)
    work = tempfile.mkdtemp(prefix="migsim-recovery-")
    try:
        data = os.path.join(work, "observed.csv")
        observe(migsim, truth, 5000 + i, rng, data, work, study)
        spec = os.path.join(work, "spec.lua")
        with open(spec, "w") as f:
            f.write((SPEC if study == "toy" else WB_SPEC).format(world=WORLD if study == "toy" else WB_WORLD, data=data,
                                                                 seed=i + 1, particles=particles))
        post = os.path.join(work, "post.json")
        subprocess.run([migsim, "calibrate", spec, "-q", "--threads", "1", "-o", post], check=True)
        p = json.load(open(post))
        if keep:
            shutil.copy(post, os.path.join(keep, "trial%03d.json" % i))
        res = {"trial": i, "truth": truth, "converged": p["abc_smc"]["converged"],
               "simulations": p["runtime"]["simulations"], "covered": {}, "rank": {}, "interval": {}}
        names = p["posterior"]["parameters"]
        for j, name in enumerate(names):
            xs = [s[j] for s in p["posterior"]["samples"]]
            ws = p["posterior"]["weights"]
            summ = next(s for s in p["posterior"]["summary"] if s["name"] == name)
            t = truth[name]
            res["interval"][name] = [summ["q05"], summ["q95"]]
            res["covered"][name] = summ["q05"] <= t <= summ["q95"]
            res["rank"][name] = sum(w for x, w in zip(xs, ws) if x < t)  # the truth's posterior CDF value
        if PARTIAL:
            with open(PARTIAL, "a") as f:  # one line per finished trial, for a study stopped early
                f.write(json.dumps(res) + "\n")
        return res
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--study", choices=["toy", "wb2022"], default="toy")
    ap.add_argument("--trials", type=int, default=50)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--particles", type=int, default=100)
    ap.add_argument("--migsim", default=os.path.join(ROOT, "build", "migsim"))
    ap.add_argument("-o", "--out", help="write the summary (JSON) here")
    ap.add_argument("--keep", help="keep every trial's posterior in this folder")
    ap.add_argument("--plot", help="rank histograms (PNG) here; needs matplotlib")
    ap.add_argument("--min-coverage", type=float, default=None,
                    help="exit 1 unless every parameter's coverage is at least this")
    ap.add_argument("--toy-data", help="write the toy spec's data file here and stop")
    ap.add_argument("--partial", help="append each finished trial's result here (JSON lines) as it ends")
    a = ap.parse_args()
    global PARTIAL
    PARTIAL = a.partial
    if a.toy_data:
        work = tempfile.mkdtemp(prefix="migsim-toy-")
        try:
            truth = {"border.BB-CC.detection_prob": 0.3, "give_up_prob": 0.01, "country.CC.asylum_prob": 0.5}
            observe(a.migsim, truth, 99, random.Random(7), a.toy_data, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as ex:
        results = list(ex.map(lambda i: trial(i, a.migsim, a.particles, a.keep, a.study), range(a.trials)))
    names = [p[0] for p in (PRIORS if a.study == "toy" else WB_PRIORS)]
    summary = {"study": a.study, "trials": a.trials, "level": LEVEL, "particles": a.particles, "observation_size": OBS_SIZE,
               "converged": sum(r["converged"] for r in results),
               "simulations_per_trial": sum(r["simulations"] for r in results) / len(results),
               "coverage": {n: sum(r["covered"][n] for r in results) / len(results) for n in names},
               "ranks": {n: [r["rank"][n] for r in results] for n in names},
               "results": results}
    print("%d trials, %d converged, %.0f simulations per trial" % (a.trials, summary["converged"],
                                                                  summary["simulations_per_trial"]))
    print("%-32s %s" % ("parameter", "share of 90% intervals holding the truth"))
    for n in names:
        print("%-32s %.2f" % (n, summary["coverage"][n]))
    if a.out:
        with open(a.out, "w") as f:
            json.dump(summary, f, indent=1)
    if a.plot:
        try:
            import matplotlib
            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
        except ImportError as e:
            other = "" if sys.executable == "/usr/bin/python3" else ", and run it with /usr/bin/python3"
            sys.stderr.write("calibration_recovery.py: --plot: Python module %s is missing for %s; on Debian: "
                             "apt-get install python3-matplotlib%s\n" % ((e.name or "matplotlib").split(".")[0],
                                                                        sys.executable, other))
            sys.exit(2)
        fig, axes = plt.subplots(1, len(names), figsize=(4 * len(names), 3))
        for ax, n in zip(axes, names):
            ax.hist(summary["ranks"][n], bins=10, range=(0, 1), color="#4477aa", edgecolor="white")
            ax.axhline(a.trials / 10, color="black", lw=1, ls="--")
            ax.set_title("%s\n90%% coverage %.2f" % (n, summary["coverage"][n]), fontsize=9)
            ax.set_xlabel("posterior CDF at the truth")
        axes[0].set_ylabel("trials")
        fig.suptitle("%s: simulation-based calibration, %d trials" % (a.study, a.trials), fontsize=10)
        fig.tight_layout()
        fig.savefig(a.plot, dpi=110)
    if a.min_coverage is not None and min(summary["coverage"].values()) < a.min_coverage:
        sys.exit(1)


if __name__ == "__main__":
    main()
