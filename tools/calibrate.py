#!/usr/bin/env python3
"""Calibrate the default world's demand to Frontex's monthly detections.

Demand (would-be migrants per day, by nationality and calendar month) is the one
set of inputs fitted to data. For every nationality and month from 2021-07 (the
start of the unreported warm-up) to 2022-09 it is adjusted until the simulated Frontex series (detections at the
borders Frontex's Western Balkans figures cover) matches the published one
(data/wb_nationality_monthly.csv, source S01). Months S01 does not list count as
zero detections (S01 lists non-zero months only). After 2022-09 the model holds
the mean of its July-September 2022 demand: nothing after the window is fitted.

The fit is a Richardson-Lucy deconvolution run against the model itself. First
one run with constant demand gives each group's delay kernel: the share of a
month's departures detected at the Frontex borders 0..4 months later. Then, each
iteration, the demand of month i is multiplied by the kernel-weighted mean of
(obs + 0.5) / (sim + 0.5) over the months i..i+4 in which those departures are
detected, with the simulated series averaged over several seeds. Writes
scripts/migsim/wb_demand.lua and prints the fit table that docs/validation.md
reports. Standard library only.

usage: tools/calibrate.py [--migsim build/migsim] [--iterations 25] [--seeds 3]
       tools/calibrate.py --report-only   (fit of the current wb_demand.lua, 10 seeds)
"""
import argparse
import csv
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NATS = ["SYR", "AFG", "TUR", "PAK", "MAR", "BGD", "IND", "BDI", "CUB", "TUN"]
MONTHS = ["2021-%02d" % m for m in range(7, 13)] + ["2022-%02d" % m for m in range(1, 10)]
DAYS = [31, 31, 30, 31, 30, 31] + [31, 28, 31, 30, 31, 30, 31, 31, 30]
REPORTED = MONTHS.index("2022-01")  # the fit table covers the reported months
KERNEL_DEMAND = 50.0   # persons/day, for the kernel run
KERNEL_MONTHS = 5      # months from departure to the Frontex borders considered


def observed():
    obs = {n: [0] * len(MONTHS) for n in NATS}
    path = os.path.join(ROOT, "data", "wb_nationality_monthly.csv")
    for r in csv.DictReader(open(path)):
        key = "%s-%02d" % (r["year"], int(r["month"]))
        if r["iso3"] in obs and key in MONTHS and r["source"] == "S01":
            obs[r["iso3"]][MONTHS.index(key)] = int(r["detections"])
    return obs


def lua_demand(demand, header, continuation=False):
    """The demand module. With continuation, one more month (2022-10) holds the
    mean of the last three fitted months: the level every later month keeps."""
    lines = [header, "local M = { fitted_through = \"2022-09\", per_day = {} }"]
    for n in NATS:
        series = list(demand[n]) + ([sum(demand[n][-3:]) / 3] if continuation else [])
        vals = ", ".join("%.4f" % v for v in series)
        lines.append("M.per_day.%s = { start = \"2021-07\", per_day = { %s } }" % (n, vals))
    lines.append("return M")
    return "\n".join(lines) + "\n"


def simulate(migsim, workdir, demand, seeds):
    with open(os.path.join(workdir, "candidate.lua"), "w") as f:
        f.write(lua_demand(demand, "-- calibration candidate"))
    scen = os.path.join(workdir, "calib.lua")
    with open(scen, "w") as f:
        f.write('local world = require "migsim.wb_world"\n'
                'world.build(require("candidate").per_day)\n'
                'scenario { name = "calibration", start = "2021-07-01", stop = "2022-09-30" }\n')
    runs = []
    for seed in seeds:
        out = os.path.join(workdir, "out.json")
        subprocess.run([migsim, "run", scen, "-o", out, "-q", "--seed", str(seed)], check=True)
        runs.append(json.load(open(out))["monthly"]["frontex_detections"])
    return runs


def fit_table(obs, runs):
    rows = []
    for n in NATS:
        mapes, totals = [], []
        for r in runs:
            sim, o_rep = r[n][REPORTED:], obs[n][REPORTED:]
            mapes.append(statistics.mean(abs(s - o) / o for s, o in zip(sim, o_rep) if o > 0))
            totals.append(sum(sim))
        rows.append((n, sum(obs[n][REPORTED:]), statistics.mean(totals), statistics.pstdev(totals),
                     statistics.mean(mapes), statistics.pstdev(mapes)))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--migsim", default=os.path.join(ROOT, "build", "migsim"))
    ap.add_argument("--iterations", type=int, default=25)
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--report-only", action="store_true")
    a = ap.parse_args()
    obs = observed()
    work = tempfile.mkdtemp(prefix="migsim-calib-")
    target = os.path.join(ROOT, "scripts", "migsim", "wb_demand.lua")
    if a.report_only:
        env = {}
        exec_lua_table(target, env)
        demand = env["demand"]
        runs = simulate(a.migsim, work, demand, range(101, 111))
    else:
        # 1. The delay kernel: with constant demand from an empty route, the growth
        #    of each month's detections is the share of a month's departures seen
        #    at the Frontex borders j months later.
        flat = {n: [KERNEL_DEMAND] * len(MONTHS) for n in NATS}
        runs = simulate(a.migsim, work, flat, range(1, a.seeds + 1))
        kernel = {}
        for n in NATS:
            sim = [statistics.mean(r[n][m] for r in runs) for m in range(KERNEL_MONTHS)]
            monthly_departures = KERNEL_DEMAND * 30.44
            kernel[n] = [max(sim[0], 0.0) / monthly_departures] + \
                        [max(sim[j] - sim[j - 1], 0.0) / monthly_departures for j in range(1, KERNEL_MONTHS)]
            print("kernel %s: %s" % (n, " ".join("%.3f" % k for k in kernel[n])), file=sys.stderr)
        # 2. Richardson-Lucy deconvolution against the model itself: each month's
        #    departures are scaled by the kernel-weighted mean of obs/sim over the
        #    months they are seen in. Non-negative, and smooth in the ratio.
        demand = {n: [max(obs[n][i], 1.0) / DAYS[i] for i in range(len(MONTHS))] for n in NATS}
        for it in range(a.iterations):
            runs = simulate(a.migsim, work, demand, range(1, a.seeds + 1))
            worst = 0.0
            for n in NATS:
                sim = [statistics.mean(r[n][m] for r in runs) for m in range(len(MONTHS))]
                ratio = [(obs[n][m] + 0.5) / (sim[m] + 0.5) for m in range(len(MONTHS))]
                worst = max(worst, max(abs(math.log(x)) for x in ratio[2:]))
                for i in range(len(MONTHS)):
                    ks = [(kernel[n][j], ratio[i + j]) for j in range(KERNEL_MONTHS) if i + j < len(MONTHS)]
                    weight = sum(k for k, _ in ks)
                    if weight > 0:
                        demand[n][i] *= sum(k * x for k, x in ks) / weight
            print("iteration %d: largest monthly log(obs/sim) from 2021-09: %.3f" % (it + 1, worst), file=sys.stderr)
        header = ("-- migsim.wb_demand: GENERATED by tools/calibrate.py; do not edit by hand.\n"
                  "-- Would-be migrants per day by nationality and month, 2021-07..2022-09, fitted so the\n"
                  "-- simulated Frontex series matches data/wb_nationality_monthly.csv (S01); after the\n"
                  "-- last fitted month each group keeps the mean of its Jul-Sep 2022 demand, given as the\n"
                  "-- 16th value (2022-10), which the engine holds for every later month (docs/model.md).\n"
                  "-- Fit: %d iterations, %d seeds per iteration, agent_weight 1." % (a.iterations, a.seeds))
        with open(target, "w") as f:
            f.write(lua_demand(demand, header, continuation=True))
        subprocess.run(["cmake", "--build", os.path.join(ROOT, "build")], check=True, stdout=subprocess.DEVNULL)
        runs = simulate(a.migsim, work, demand, range(101, 111))
    print("| nationality | observed Jan-Sep 2022 | simulated (mean of 10 seeds) | sd | error of total | "
          "monthly MAPE | sd |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for n, o, m, sd, mape, mape_sd in fit_table(obs, runs):
        print("| %s | %d | %.0f | %.0f | %+.1f%% | %.1f%% | %.1f%% |" % (n, o, m, sd, 100 * (m - o) / o, 100 * mape,
                                                                    100 * mape_sd))
    print("\nper-day demand (persons), %s..%s:" % (MONTHS[0], MONTHS[-1]))
    for n in NATS:
        print("  %s %s" % (n, " ".join("%.1f" % v for v in demand[n])))


def exec_lua_table(path, env):
    """Read the per_day lists back from a generated wb_demand.lua (our own format)."""
    demand = {}
    for line in open(path):
        if line.startswith("M.per_day."):
            n = line.split(".")[2].split()[0]
            vals = line.split("per_day = {")[1].split("}")[0]
            demand[n] = [float(v) for v in vals.split(",")][:len(MONTHS)]
    env["demand"] = demand


if __name__ == "__main__":
    main()
