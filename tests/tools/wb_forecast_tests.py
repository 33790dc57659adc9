#!/usr/bin/python3
"""Tests of tools/wb_forecast.py, the forecasts and backtests of the 2017 world, made small.

usage: wb_forecast_tests.py TEST SRC BUILD WORKDIR
  backtest     two origins, a few replicates: the samples file has a row per replicate, horizon
               and series, values are counts, and the evaluation writes its tables
  no_lookahead the same backtest with every month after the last origin multiplied by 10 in a
               copy of data/: the model's forecasts are the same bytes (nothing after an origin
               is used), while the observations scored differ
  policy       the Iran 2018 policy backtest, small: with the reintroduction of 2018-10-17
               Iranian detections six months on are well below those without it
"""
import csv
import os
import shutil
import subprocess
import sys


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def run(src, build, args):
    cmd = ["/usr/bin/python3", os.path.join(src, "tools", "wb_forecast.py"), "--migsim",
           os.path.join(build, "migsim")] + args
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        fail("%s exited %d:\n%s" % (" ".join(cmd), p.returncode, p.stderr[-3000:]))
    return p


SMALL = ["--origins", "2018-06:2018-09:3", "--replicates", "3", "--iterations", "2", "--horizon", "3",
         "--variants", "rw_season"]


def read_samples(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def test_backtest(src, build, work):
    out = os.path.join(work, "bt")
    run(src, build, ["backtest"] + SMALL + ["-o", out])
    rows = read_samples(os.path.join(out, "model_samples.csv"))
    series = {r["series"] for r in rows}
    # origins x replicates x 10 observation draws x horizons x (12 named groups + total)
    if len(rows) != 2 * 3 * 10 * 3 * 13:
        fail("expected %d sample rows, got %d" % (2 * 3 * 10 * 3 * 13, len(rows)))
    if not {"IRN", "IRQ", "total"} <= series:
        fail("series missing from the samples: %s" % sorted(series))
    for r in rows:
        if r["method"] != "migsim_rw_season" or int(r["value"]) < 0:
            fail("bad row %s" % r)
        if r["origin"] == "2018-06" and r["horizon"] == "1" and r["target_month"] != "2018-07":
            fail("horizon 1 of origin 2018-06 must be 2018-07: %s" % r)
    for f in ("summary.md", "scores.csv", "summary.csv"):
        if not os.path.exists(os.path.join(out, f)):
            fail("the evaluation did not write " + f)
    md = open(os.path.join(out, "summary.md")).read()
    if "migsim_rw_season" not in md or "persistence" not in md:
        fail("summary.md does not compare the model with persistence")


def test_no_lookahead(src, build, work):
    data = os.path.join(work, "data")
    shutil.copytree(os.path.join(src, "data"), data)
    for name, col in (("wb_nationality_monthly.csv", "detections"), ("wb_ibc_monthly.csv", "detections")):
        path = os.path.join(data, name)
        with open(path, newline="") as f:
            rows = list(csv.DictReader(f))
            fields = list(rows[0].keys())
        for r in rows:
            if (int(r["year"]), int(r["month"])) > (2018, 9):
                r[col] = str(int(r[col]) * 10)
        with open(path, "w", newline="") as f:
            w = csv.DictWriter(f, fields)
            w.writeheader()
            w.writerows(rows)
    a, b = os.path.join(work, "a"), os.path.join(work, "b")
    run(src, build, ["backtest"] + SMALL + ["--no-eval", "-o", a])
    run(src, build, ["backtest"] + SMALL + ["--no-eval", "--data", data, "-o", b])
    if open(os.path.join(a, "model_samples.csv")).read() != open(os.path.join(b, "model_samples.csv")).read():
        fail("forecasts changed when data after the last origin changed: the fit looks past its origin")


def test_policy(src, build, work):
    out = os.path.join(work, "policy")
    run(src, build, ["policy", "--replicates", "3", "--iterations", "2", "--no-eval", "-o", out])
    rows = read_samples(os.path.join(out, "policy_samples.csv"))
    irn = {}
    for r in rows:
        if r["series"] == "IRN" and r["horizon"] == "6":
            irn.setdefault(r["method"], []).append(int(r["value"]))
    w, wo = irn.get("migsim_with_change"), irn.get("migsim_without_change")
    if not w or not wo:
        fail("both arms of the policy backtest must be there: %s" % sorted(irn))
    if not sum(w) < 0.6 * sum(wo):
        fail("Iran's visa reintroduction should cut detections six months on: with %s, without %s" % (w, wo))


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    test, src, build, work = sys.argv[1:]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    {"backtest": test_backtest, "no_lookahead": test_no_lookahead, "policy": test_policy}[test](src, build, work)
    print("ok")
