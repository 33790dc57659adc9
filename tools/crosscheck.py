#!/usr/bin/env python3
"""Check the default run against figures the calibration did not use.

Runs scenarios/wb2022.lua over seeds and compares:
  - Slovenian police counts of irregular entries from Croatia (S65, S66, S71, S72,
    data/slovenia_irregular.csv) with simulated detections at HR-SI;
  - Austrian asylum applications, January-June 2022, by nationality (S92,
    data/other_countries_irregular.csv) with simulated applications in Austria.
Prints markdown tables (mean and sd over seeds).

usage: tools/crosscheck.py [--seeds 10] [--migsim build/migsim]
"""
import argparse
import json
import os
import statistics
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SLOVENIA = [("2022-01..2022-05", 5, "5,108 (S71)"), ("2022-01..2022-07", 7, "8,212 (S66)"),
            ("2022-01..2022-09", 9, "15,590 (S65); 18,430 later vintage (S72)")]
AUSTRIA_H1 = {"AFG": 7325, "SYR": 6680, "TUN": 3810, "PAK": 3110, "IND": 2025}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--migsim", default=os.path.join(ROOT, "build", "migsim"))
    a = ap.parse_args()
    out = os.path.join(tempfile.mkdtemp(prefix="migsim-check-"), "r.json")
    si = {k: [] for _, k, _ in SLOVENIA}
    at = {n: [] for n in AUSTRIA_H1}
    at_all = []
    for seed in range(1, a.seeds + 1):
        subprocess.run([a.migsim, "run", os.path.join(ROOT, "scenarios", "wb2022.lua"), "-o", out, "-q",
                        "--seed", str(seed)], check=True)
        d = json.load(open(out))
        hrsi = d["monthly"]["detections"]["HR-SI"]
        for _, k, _ in SLOVENIA:
            si[k].append(sum(sum(v[:k]) for v in hrsi.values()))
        aut = d["monthly"]["asylum_applications"]["AT"]
        for n in AUSTRIA_H1:
            at[n].append(sum(aut[n][:6]))
        at_all.append(sum(sum(v[:6]) for v in aut.values()))
    print("| period | Slovenian police (persons) | simulated HR-SI detections | sd |")
    print("|---|---|---:|---:|")
    for label, k, obs in SLOVENIA:
        print("| %s | %s | %.0f | %.0f |" % (label, obs, statistics.mean(si[k]), statistics.stdev(si[k])))
    print()
    print("| nationality | Austria, applications Jan-Jun 2022 (S92) | simulated in AT | sd |")
    print("|---|---:|---:|---:|")
    for n, obs in AUSTRIA_H1.items():
        print("| %s | %d | %.0f | %.0f |" % (n, obs, statistics.mean(at[n]), statistics.stdev(at[n])))
    print("| all modelled groups | 31,050 (all nationalities) | %.0f | %.0f |" % (statistics.mean(at_all),
                                                                               statistics.stdev(at_all)))


if __name__ == "__main__":
    main()
