#!/usr/bin/env python3
"""Effect of Serbia's visa changes in the default world, over seeds.

Runs scenarios/wb2022.lua and scenarios/wb2022_no_visa_alignment.lua on the same
seeds (paired: the same random streams drive both, so the difference is the
policy's) and prints, for BDI, TUN, IND and CUB, the simulated Frontex detections
in the three full months after each change in both runs, the ratio and the mean
paired difference with its 95% interval and its sd over seeds. Each seed's pair
takes its parameters from the default world's posterior (data/posterior/wb2022.json;
the particle `migsim run --posterior` takes for that seed, the same in both runs),
so the spread includes what the calibration leaves open; --fixed runs the point
values instead (docs/validation.md, section 2). Extra --set options apply to both.

usage: tools/visa_effect.py [--seeds 20] [--migsim build/migsim] [--posterior FILE | --fixed]
                            [--set KEY=VALUE ...]
"""
import argparse
import hashlib
import json
import os
import statistics
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# month of the change -> the three full months after it
WINDOWS = {"BDI": ["2022-11", "2022-12", "2023-01"], "TUN": ["2022-12", "2023-01", "2023-02"],
           "IND": ["2023-01", "2023-02", "2023-03"], "CUB": ["2023-05", "2023-06", "2023-07"]}


# Two-sided 95% quantiles of Student's t, t(0.975, df).
T95 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262, 10: 2.228,
       11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120, 17: 2.110, 18: 2.101, 19: 2.093,
       20: 2.086, 24: 2.064, 29: 2.045, 39: 2.023, 49: 2.010, 99: 1.984}


def t95(df):
    """t(0.975, df): the table's value at df or the next df below it (a little wide), 1.96 beyond."""
    if df > 99:
        return 1.96
    return T95[max(k for k in T95 if k <= df)]


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def frontex(migsim, scenario, seed, sets, posterior, out):
    cmd = [migsim, "run", os.path.join(ROOT, "scenarios", scenario), "-o", out, "-q", "--seed", str(seed)]
    if posterior:
        cmd += ["--posterior", posterior]
    for s in sets:
        cmd += ["--set", s]
    subprocess.run(cmd, check=True)
    d = json.load(open(out))
    return d["months"], d["monthly"]["frontex_detections"], d["totals"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, default=20)
    ap.add_argument("--migsim", default=os.path.join(ROOT, "build", "migsim"))
    ap.add_argument("--set", action="append", default=[])
    ap.add_argument("--posterior", default=os.path.join(ROOT, "data", "posterior", "wb2022.json"))
    ap.add_argument("--fixed", action="store_true", help="no posterior: the scenario's own values")
    a = ap.parse_args()
    posterior = None if a.fixed else a.posterior
    tmp = tempfile.mkdtemp(prefix="migsim-effect-")
    rows = {n: [] for n in WINDOWS}
    for seed in range(1, a.seeds + 1):
        months, pol, _ = frontex(a.migsim, "wb2022.lua", seed, a.set, posterior, os.path.join(tmp, "p.json"))
        _, base, _ = frontex(a.migsim, "wb2022_no_visa_alignment.lua", seed, a.set, posterior,
                             os.path.join(tmp, "b.json"))
        for n, win in WINDOWS.items():
            idx = [months.index(m) for m in win]
            p = sum(pol[n][i] for i in idx)
            b = sum(base[n][i] for i in idx)
            rows[n].append((p, b))
    if posterior:
        print(f"parameters: one particle of {os.path.relpath(posterior, ROOT)} per seed (sha256 "
              f"{sha256(posterior)[:12]}..., '{json.load(open(posterior))['meta'].get('name', '')}')")
    else:
        print("parameters: the scenario's own values (--fixed)")
    print("| nationality | months | with the changes | without | ratio | paired difference [95% interval] | sd |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for n, win in WINDOWS.items():
        p = [x for x, _ in rows[n]]
        b = [y for _, y in rows[n]]
        diff = [x - y for x, y in rows[n]]
        sd = statistics.stdev(diff) if len(diff) > 1 else 0
        half = t95(len(diff) - 1) * sd / len(diff) ** 0.5 if len(diff) > 1 else 0
        m = statistics.mean(diff)
        print("| %s | %s..%s | %.0f | %.0f | %.2f | %.0f [%.0f, %.0f] | %.0f |" % (
            n, win[0], win[-1], statistics.mean(p), statistics.mean(b), statistics.mean(p) / statistics.mean(b),
            m, m - half, m + half, sd))


if __name__ == "__main__":
    main()
