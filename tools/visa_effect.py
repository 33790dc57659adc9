#!/usr/bin/env python3
"""Effect of Serbia's visa changes in the default world, over seeds.

Runs scenarios/wb2022.lua and scenarios/wb2022_no_visa_alignment.lua on the same
seeds (paired: the same random streams drive both, so the difference is the
policy's) and prints, for BDI, TUN, IND and CUB, the simulated Frontex detections
in the three full months after each change in both runs, the ratio and the
paired difference with its spread over seeds. Extra --set options apply to both.

usage: tools/visa_effect.py [--seeds 20] [--migsim build/migsim] [--set KEY=VALUE ...]
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# month of the change -> the three full months after it
WINDOWS = {"BDI": ["2022-11", "2022-12", "2023-01"], "TUN": ["2022-12", "2023-01", "2023-02"],
           "IND": ["2023-01", "2023-02", "2023-03"], "CUB": ["2023-05", "2023-06", "2023-07"]}


def frontex(migsim, scenario, seed, sets, out):
    cmd = [migsim, "run", os.path.join(ROOT, "scenarios", scenario), "-o", out, "-q", "--seed", str(seed)]
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
    a = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="migsim-effect-")
    rows = {n: [] for n in WINDOWS}
    for seed in range(1, a.seeds + 1):
        months, pol, _ = frontex(a.migsim, "wb2022.lua", seed, a.set, os.path.join(tmp, "p.json"))
        _, base, _ = frontex(a.migsim, "wb2022_no_visa_alignment.lua", seed, a.set, os.path.join(tmp, "b.json"))
        for n, win in WINDOWS.items():
            idx = [months.index(m) for m in win]
            p = sum(pol[n][i] for i in idx)
            b = sum(base[n][i] for i in idx)
            rows[n].append((p, b))
    print("| nationality | months | with visa changes | without | ratio | paired difference (sd) |")
    print("|---|---|---:|---:|---:|---:|")
    for n, win in WINDOWS.items():
        p = [x for x, _ in rows[n]]
        b = [y for _, y in rows[n]]
        diff = [x - y for x, y in rows[n]]
        print("| %s | %s..%s | %.0f | %.0f | %.2f | %.0f (%.0f) |" % (
            n, win[0], win[-1], statistics.mean(p), statistics.mean(b), statistics.mean(p) / statistics.mean(b),
            statistics.mean(diff), statistics.stdev(diff) if len(diff) > 1 else 0))


if __name__ == "__main__":
    main()
