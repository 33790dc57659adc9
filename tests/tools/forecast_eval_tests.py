#!/usr/bin/python3
"""Tests of tools/forecast_eval.py: the scores against hand-computed values, the baselines on
series whose right answer is known, that no baseline looks past its origin, the forecast CSV
forms and the command line (outputs, exit 2 on bad input and on a missing module).

usage: forecast_eval_tests.py TEST SOURCE_DIR WORK_DIR   (TEST: a name below, or all)
"""
import math
import os
import shutil
import subprocess
import sys

SRC, WORK = None, None


def setup(src, work):
    global SRC, WORK, fe, np
    SRC, WORK = src, work
    sys.path.insert(0, os.path.join(src, "tools"))
    import forecast_eval as fe_mod
    import numpy as np_mod
    fe, np = fe_mod, np_mod
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)


def close(a, b, tol, what):
    assert abs(a - b) <= tol, f"{what}: {a} != {b} (tolerance {tol})"


def test_scores():
    # CRPS by hand: sample {0, 1}, y = 0: E|X - y| = 0.5, E|X - X'| = (0 + 1 + 1 + 0) / 4 = 0.5
    close(fe.crps_sample([0.0, 1.0], 0.0), 0.25, 1e-12, "CRPS {0,1} at 0")
    # a point forecast: CRPS = absolute error
    close(fe.crps_sample([3.0] * 5, 1.0), 2.0, 1e-12, "CRPS of a point")
    # {1, 2, 4}, y = 2: E|X - y| = 3/3 = 1; pairs |1-2|+|1-4|+|2-4| = 6, x2 over 9 -> 4/3; 1 - 2/3
    close(fe.crps_sample([4.0, 1.0, 2.0], 2.0), 1.0 / 3.0, 1e-12, "CRPS {1,2,4} at 2")
    # a large sample of N(mu, sigma) against the closed form
    rng = np.random.default_rng(7)
    x = rng.normal(2.0, 1.5, 40000)
    for y in (2.0, 0.0, 5.5):
        close(fe.crps_sample(x, y), fe.crps_normal(2.0, 1.5, y), 0.03, f"CRPS N(2,1.5) at {y}")
    # the deterministic quantile grid of N(0,1): closer still
    from statistics import NormalDist
    g = [NormalDist().inv_cdf((i + 0.5) / 2000) for i in range(2000)]
    close(fe.crps_sample(g, 0.7), fe.crps_normal(0, 1, 0.7), 2e-3, "CRPS of a normal grid")
    # coverage: the ends are inside
    q = dict(zip(fe.QCOLS, (1, 2, 3, 4, 5, 6, 7)))
    assert fe.covered(q, 3) == {50: True, 80: True, 95: True}
    assert fe.covered(q, 2.5) == {50: False, 80: True, 95: True}
    assert fe.covered(q, 7) == {50: False, 80: False, 95: True}
    assert fe.covered(q, 7.01) == {50: False, 80: False, 95: False}
    assert fe.covered(q, 6) == {50: False, 80: True, 95: True}
    # counting over cells: summarize's cov is the share inside
    pd = __import__("pandas")
    rows = []
    for i, obs in enumerate((4, 2.5, 6.5, 0)):
        r = {"method": "m", "origin": f"2020-0{i + 1}", "target_month": "x", "horizon": 1, "series": "AFG"}
        r.update(fe.score_cell(fe.sample_from_quantiles(q, 200), obs, q))
        rows.append(r)
        rows.append(dict(r, method="persistence", ae_log=1.0))
    s = fe.summarize(pd.DataFrame(rows))
    m = s[s.method == "m"].iloc[0]
    close(m.cov50, 1 / 4, 1e-12, "cov50")
    close(m.cov80, 2 / 4, 1e-12, "cov80")
    close(m.cov95, 3 / 4, 1e-12, "cov95")
    # ae_log of the median 4 against obs 4, 2.5, 6.5, 0
    want = np.mean([abs(math.log1p(4) - math.log1p(o)) for o in (4, 2.5, 6.5, 0)])
    close(m.log_mae, want, 1e-12, "log-MAE")
    close(m.skill, 1 - want / 1.0, 1e-12, "skill vs persistence")
    # a sample from quantiles reproduces them inside the outer pair
    smp = fe.sample_from_quantiles(q, 1000)
    close(float(np.median(smp)), 4.0, 0.01, "median of a sample from quantiles")
    assert smp.min() >= 1 and smp.max() <= 7


def test_baselines_known():
    # a constant series: every baseline (and the models) gives it with no error and no spread
    y = np.full(40, 250.0)
    for m in ("persistence", "seasonal_naive", "mean3"):
        smp, fell, why = fe.baseline_forecast(m, y, 6, 50)
        assert not fell, why
        assert np.allclose(smp, 250.0), (m, smp.min(), smp.max())
        for h in range(6):
            close(fe.score_cell(smp[h], 250.0)["ae_log"], 0.0, 1e-9, f"{m} on a constant series")
            close(fe.score_cell(smp[h], 250.0)["crps_log"], 0.0, 1e-9, f"{m} CRPS on a constant series")
    # a pure seasonal series: seasonal naive is exact at every horizon 1..12, with no spread
    pattern = np.array([10, 20, 50, 120, 300, 500, 700, 650, 400, 150, 60, 30], dtype=float)
    y = np.tile(pattern, 5)
    k = 30  # the history is y[:30]: months 0..29, the next is month 30 (pattern[6])
    smp, fell, why = fe.baseline_forecast("seasonal_naive", y[:k], 12, 20)
    assert not fell, why
    for h in range(1, 13):
        assert np.allclose(smp[h - 1], y[k - 1 + h]), (h, smp[h - 1][:3], y[k - 1 + h])
    # persistence: the last value as median, whatever the horizon
    smp, _, _ = fe.baseline_forecast("persistence", y[:k], 6, 200)
    for h in range(6):
        close(float(np.median(smp[h])), y[k - 1], 1e-6 * y[k - 1], "persistence median")
    # mean of the last 3 months, on counts
    smp, _, _ = fe.baseline_forecast("mean3", np.array([5.0, 7, 9, 1, 2, 6, 1, 2, 6]), 2, 201)
    # its past 1-step errors are not all zero; the median sits at the mean plus the errors' median
    pts = [fe._mean3_point(np.log1p(np.array([5.0, 7, 9, 1, 2, 6, 1, 2, 6])[:t + 1]), 1) for t in range(8)]
    close(fe._mean3_point(np.log1p(np.array([1.0, 2, 6])), 1), math.log1p(3.0), 1e-12, "mean3 point")
    assert len(pts) == 8
    # a smooth trending series: the model baselines fit without falling back and are near it
    t = np.arange(48)
    y = np.round(200 * np.exp(0.03 * t) * (1 + 0.2 * np.sin(2 * np.pi * t / 12)))
    for m in ("ets", "arima"):
        smp, fell, why = fe.baseline_forecast(m, y[:42], 6, 200, seed=3, key="syn")
        assert not fell, (m, why)
        ae = [fe.score_cell(smp[h], y[42 + h])["ae_log"] for h in range(6)]
        assert max(ae) < 0.25, (m, ae)
    # a fit that fails falls back to persistence and says so
    smp, fell, why = fe.baseline_forecast("seasonal_naive", np.ones(8), 3, 10)
    assert fell and "12 months" in why, why


def test_no_lookahead():
    obs, months = fe.read_observed(os.path.join(SRC, "data"))
    series = ["AFG", "BDI", "total"]
    origins = ["2018-12", "2021-06"]
    full, fb1 = fe.run_baselines(obs, months, origins, fe.BASELINES, 6, 40, 5, series)
    for o in origins:
        k = months.index(o)
        cut = {s: obs[s][:k + 1] for s in series}
        part, fb2 = fe.run_baselines(cut, months[:k + 1], [o], fe.BASELINES, 6, 40, 5, series)
        a = [f for f in full if f["origin"] == o]
        assert len(a) == len(part) == len(series) * len(fe.BASELINES) * 6
        for f, g in zip(a, part):
            assert (f["method"], f["series"], f["horizon"]) == (g["method"], g["series"], g["horizon"])
            assert np.array_equal(f["sample"], g["sample"]), (o, f["method"], f["series"], f["horizon"])
    # and a change of data after the origin changes nothing
    bumped = {s: v.copy() for s, v in obs.items()}
    k = months.index("2021-06")
    for s in series:
        bumped[s][k + 1:] *= 10
    again, _ = fe.run_baselines(bumped, months, origins, fe.BASELINES, 6, 40, 5, series)
    for f, g in zip(full, again):
        assert np.array_equal(f["sample"], g["sample"]), (f["origin"], f["method"], f["series"])


def test_observed():
    obs, months = fe.read_observed(os.path.join(SRC, "data"))
    assert months[0] == "2017-01" and months[-1] == "2022-09" and len(months) == 69
    assert len(obs) == 15 and "total" in obs
    i = months.index("2022-03")
    assert obs["total"][i] == 7345  # S01, not the preliminary press figure (S36, 6650)
    assert obs["BDI"][:i].sum() == 0 and obs["BDI"][i] == 3  # months without a row are 0
    assert obs["RUS"][months.index("2017-02")] == 0
    try:
        fe.read_observed(os.path.join(SRC, "data"), last="2022-10")
        raise AssertionError("read past 2022-09")
    except fe.EvalError:
        pass


def run(args, env=None):
    r = subprocess.run(["/usr/bin/python3", os.path.join(SRC, "tools", "forecast_eval.py")] + args,
                       capture_output=True, text=True, env=env)
    return r.returncode, r.stdout, r.stderr


def write(name, text):
    p = os.path.join(WORK, name)
    with open(p, "w") as f:
        f.write(text)
    return p


def test_cli():
    obs, months = fe.read_observed(os.path.join(SRC, "data"))
    # a "model" in both forms: samples = the observed value times 0.9..1.1 (near perfect), and
    # quantiles of a wide forecast
    lines = ["method,origin,target_month,horizon,series,replicate,value"]
    qlines = ["method,origin,target_month,horizon,series," + ",".join(fe.QCOLS)]
    for o in ("2021-03", "2021-09"):
        for h in range(1, 7):
            t = fe.month_add(o, h)
            for s in ("AFG", "total"):
                y = obs[s][months.index(t)]
                for r in range(20):
                    lines.append(f"oracle,{o},{t},{h},{s},{r},{y * (0.9 + 0.2 * r / 19):.3f}")
                qlines.append(f"wide,{o},{t},{h},{s}," + ",".join(str(y * f) for f in (0.1, 0.3, 0.6, 1, 1.6, 3, 10)))
    fs = write("oracle.csv", "\n".join(lines) + "\n")
    fq = write("wide.csv", "\n".join(qlines) + "\n")
    out = os.path.join(WORK, "out")
    rc, so, se = run(["-o", out, "--forecasts", fs, "--forecasts", fq, "--origins", "2021-03:2021-09:6",
                      "--series", "AFG,total", "--methods", "persistence,mean3", "-q"])
    assert rc == 0, se
    for f in ("scores.csv", "summary.csv", "summary.md", "skill.png", "skill.svg", "coverage.png", "coverage.svg"):
        assert os.path.getsize(os.path.join(out, f)) > 0, f
    pd = __import__("pandas")
    sc = pd.read_csv(os.path.join(out, "scores.csv"))
    assert set(sc.method) == {"persistence", "mean3", "oracle", "wide"}, set(sc.method)
    assert len(sc) == 4 * 2 * 2 * 6
    o = sc[sc.method == "oracle"]
    assert (o.ae_log < 0.02).all() and (o.in95 == 1).all()
    w = sc[sc.method == "wide"]
    assert (w.ae_log < 1e-6).all() and (w.in50 == 1).all()
    su = pd.read_csv(os.path.join(out, "summary.csv"))
    assert (su[su.method == "oracle"].skill > 0.9).all()
    md = open(os.path.join(out, "summary.md")).read()
    assert "| oracle | 6 |" in md and "Route total" in md
    # the same run again: the same bytes (the seed fixes the paths)
    out2 = os.path.join(WORK, "out2")
    rc, _, se = run(["-o", out2, "--forecasts", fs, "--forecasts", fq, "--origins", "2021-03:2021-09:6",
                     "--series", "AFG,total", "--methods", "persistence,mean3", "-q", "--no-figures"])
    assert rc == 0, se
    for f in ("scores.csv", "summary.csv", "summary.md"):
        assert open(os.path.join(out, f)).read() == open(os.path.join(out2, f)).read(), f


def test_cli_errors():
    base = ["-o", os.path.join(WORK, "bad"), "--no-figures", "--methods", "persistence", "--series", "AFG"]
    cases = [
        (["--origins", "2021-13"], "not a month"),
        (["--origins", "2022-09"], None),  # legal: no target observed -> error below
        (["--origins", "2016-01"], "outside the data"),
        (["--series", "XXX"], "XXX"),
        (["--methods", "prophet"], "unknown"),
        (["--forecasts", write("h.csv", "method,origin,target_month,horizon,series,replicate,value\n"
                                        "m,2021-03,2021-05,1,AFG,0,5\n")], "h.csv:2"),
        (["--forecasts", write("c.csv", "method,origin,target_month,horizon,series,q\nm,1,2,3,4,5\n")], "c.csv"),
        (["--forecasts", write("s.csv", "method,origin,target_month,horizon,series,replicate,value\n"
                                        "m,2021-03,2021-04,1,ZZZ,0,5\n")], "ZZZ"),
        (["--forecasts", os.path.join(WORK, "nope.csv")], "no such file"),
    ]
    for extra, want in cases:
        rc, so, se = run(base + extra)
        assert rc == 2, (extra, rc, se)
        assert want is None or want in se, (extra, se)
        assert "Traceback" not in se, se
    assert not os.path.exists(os.path.join(WORK, "bad", "scores.csv"))
    # a missing module: named, with its Debian package, exit 2
    fake = os.path.join(WORK, "fake")
    os.makedirs(os.path.join(fake, "statsmodels"), exist_ok=True)
    write("fake/statsmodels/__init__.py", "raise ImportError('hidden for the test')\n")
    env = dict(os.environ, PYTHONPATH=fake)
    rc, so, se = run(["-o", os.path.join(WORK, "bad")], env)
    assert rc == 2 and "statsmodels" in se and "apt-get install python3-statsmodels" in se, (rc, se)


TESTS = {k[5:]: v for k, v in globals().items() if k.startswith("test_")}

if __name__ == "__main__":
    if len(sys.argv) != 4 or (sys.argv[1] not in TESTS and sys.argv[1] != "all"):
        sys.exit(f"usage: {sys.argv[0]} {{{'|'.join(TESTS)}|all}} SOURCE_DIR WORK_DIR")
    setup(sys.argv[2], sys.argv[3])
    for name in (TESTS if sys.argv[1] == "all" else [sys.argv[1]]):
        TESTS[name]()
        print(f"ok {name}")
