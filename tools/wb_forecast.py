#!/usr/bin/env python3
"""Forecasts of the Western Balkans route from the 2017 world, and their backtests.

The world is scripts/migsim/wb_long.lua (2016-07 warm-up, reported from 2017-01,
12 nationalities and OTH, Serbia's visa changes by date). This tool does what a
forecast made at an origin month O may do, using data up to O only:

1. fit demand (would-be migrants per day, by nationality and month, 2016-07..O) so
   the simulated Frontex series matches data/wb_nationality_monthly.csv up to O:
   the Richardson-Lucy deconvolution of tools/calibrate.py, against the model;
2. estimate each nationality's demand projection after O (season, persistence,
   innovation sd on the log scale; the engine draws a path per replicate,
   docs/model.md, Demand beyond the data) from that fitted demand;
3. run R replicates to O + H months and keep each replicate's monthly series.

`backtest` repeats this at rolling origins and writes the replicates' forecasts
(method,origin,target_month,horizon,series,replicate,value) that
tools/forecast_eval.py scores against persistence, seasonal naive, the mean of
the last 3 months, ETS and ARIMA. `policy` is the Iran 2018 policy backtest:
from 2018-09, forecasts with and without the visa reintroduction of 2018-10-17.
`demand` writes scripts/migsim/wb_long_demand.lua: the fit through 2022-09 with
its projection, which scenarios/wb_forecast.lua runs.

usage: tools/wb_forecast.py all -o DIR   (backtest and policy: docs/validation.md section 8, ~17 min)
       tools/wb_forecast.py backtest [--origins 2017-12:2022-06:3] [--replicates 20] -o DIR
       tools/wb_forecast.py policy -o DIR
       tools/wb_forecast.py demand [--init DIR/projections.json]   (rewrites scripts/migsim/wb_long_demand.lua)
Reads the data with tools/forecast_eval.py (numpy), which also scores (pandas, statsmodels).
"""
import argparse
import concurrent.futures
import csv
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NATS = ["SYR", "AFG", "TUR", "PAK", "MAR", "BGD", "IND", "BDI", "CUB", "TUN", "IRN", "IRQ", "OTH"]
NAMED = NATS[:-1]
FIT_FROM = (2016, 7)        # the world's warm-up start: demand is fitted from here
OBS_FROM = (2017, 1)        # first month of data
DATA_THROUGH = (2022, 9)    # last month of data in this repository
KERNEL_MONTHS = 5           # months from departure to the Frontex borders considered
KERNEL_DEMAND = 30.0        # persons/day in the kernel run


def mindex(ym):
    return ym[0] * 12 + ym[1] - 1


def month(i):
    return (i // 12, i % 12 + 1)


def mtext(i):
    return "%04d-%02d" % month(i)


def parse_month(s):
    y, m = s.split("-")
    return mindex((int(y), int(m)))


def days_in(i):
    y, m = month(i)
    nxt = month(i + 1)
    import datetime
    return (datetime.date(nxt[0], nxt[1], 1) - datetime.date(y, m, 1)).days


def last_day(i):
    return "%s-%02d" % (mtext(i), days_in(i))


DATA = os.path.join(ROOT, "data")


def observed(data=None):
    """{series: {month index: detections}} for NATS and 'total', 2017-01..2022-09 (S01),
    read by tools/forecast_eval.py's read_observed (the baselines see the same numbers):
    a named nationality's month without a row is 0 (S01 lists non-zero months); OTH is
    the route total less the named nationalities (not below 0)."""
    try:
        import forecast_eval   # tools/: needs numpy (python3-numpy)
    except Exception as e:     # noqa: BLE001 - forecast_eval.EvalError naming the module and its apt fix
        sys.stderr.write("wb_forecast: %s\n" % e)
        sys.exit(2)
    try:
        series, months = forecast_eval.read_observed(data or DATA, mtext(mindex(OBS_FROM)),
                                                     mtext(mindex(DATA_THROUGH)))
    except forecast_eval.EvalError as e:
        sys.exit("wb_forecast: %s" % e)
    first = parse_month(months[0])
    obs = {n: {first + k: int(series[n][k]) if n in series else 0 for k in range(len(months))}
           for n in NAMED + ["total"]}
    obs["OTH"] = {i: max(0, obs["total"][i] - sum(obs[n][i] for n in NAMED)) for i in obs["total"]}
    return obs


def lua_number(x):
    return "%.6g" % x


def scenario_text(demand, stop_month, known_by=None, without=(), agent_weight=1, projection=None):
    lines = ['local long = require "migsim.wb_long"', "local demand = {}"]
    for n in NATS:
        vals = ", ".join("%.4f" % v for v in demand[n])
        proj = ""
        if projection and n in projection:
            p = projection[n]
            proj = (", projection = { level = %s, season = { %s }, persistence = %s, sigma = %s, drift = %s }"
                    % (lua_number(p["level"]), ", ".join(lua_number(s) for s in p["season"]),
                       lua_number(p["persistence"]), lua_number(p["sigma"]), lua_number(p.get("drift", 0))))
        lines.append('demand.%s = { start = "%s", per_day = { %s }%s }' % (n, mtext(mindex(FIT_FROM)), vals, proj))
    opts = ['stop = "%s"' % last_day(stop_month), "agent_weight = %d" % agent_weight]
    if known_by:
        opts.append('known_by = "%s"' % known_by)
    if without:
        opts.append("without = { %s }" % ", ".join('["%s"] = true' % w for w in without))
    lines.append("long.build(demand, { %s })" % ", ".join(opts))
    return "\n".join(lines) + "\n"


class Runner:
    def __init__(self, migsim, jobs, workdir):
        self.migsim, self.jobs, self.workdir = migsim, jobs, workdir
        self.count = 0

    def run(self, text, seeds, extra=()):
        """Run the scenario once per seed; [{series: [monthly frontex detections]}] per seed."""
        self.count += 1
        scen = os.path.join(self.workdir, "s%d.lua" % self.count)
        with open(scen, "w") as f:
            f.write(text)

        def one(seed):
            out = os.path.join(self.workdir, "s%d_%d.json" % (self.count, seed))
            cmd = [self.migsim, "run", scen, "--seed", str(seed), "-q", "-o", out] + list(extra)
            p = subprocess.run(cmd, capture_output=True, text=True)
            if p.returncode != 0:
                sys.exit("wb_forecast: %s failed:\n%s" % (" ".join(cmd), p.stderr))
            doc = json.load(open(out))
            os.unlink(out)
            first = parse_month(doc["months"][0])
            fx = doc["monthly"]["frontex_detections"]
            res = {}
            for n in NATS:
                res[n] = {first + k: v for k, v in enumerate(fx.get(n, [0] * len(doc["months"])))}
            res["total"] = {first + k: sum(res[n][first + k] for n in NATS) for k in range(len(doc["months"]))}
            return res

        with concurrent.futures.ThreadPoolExecutor(self.jobs) as ex:
            return list(ex.map(one, seeds))


def delay_kernel(runner):
    """Share of a month's departures detected at the Frontex borders 0..4 months
    later, per nationality, from a run with constant demand (no data used)."""
    first = mindex(FIT_FROM)
    stop = first + 12
    # no demand during the warm-up, constant demand from 2017-01, the first reported month
    flat = {n: [0.0] * (mindex(OBS_FROM) - first) + [KERNEL_DEMAND] for n in NATS}
    text = scenario_text(flat, stop, known_by="2000-01-01")
    runs = runner.run(text, [1, 2])
    kernel = {}
    o = mindex(OBS_FROM)
    per_month = KERNEL_DEMAND * 30.44
    for n in NATS:
        sim = [statistics.mean(r[n][o + j] for r in runs) for j in range(KERNEL_MONTHS)]
        k = [max(sim[0], 0.0) / per_month] + [max(sim[j] - sim[j - 1], 0.0) / per_month
                                              for j in range(1, KERNEL_MONTHS)]
        kernel[n] = k if sum(k) > 0 else [1.0 / KERNEL_MONTHS] * KERNEL_MONTHS
    return kernel


DEMAND_FLOOR = 0.02   # persons/day: a month's demand never falls below it (a zero never recovers)


def smooth(series):
    """Regularise the deconvolution: a month's log demand moves a quarter of the way
    to each neighbour's ([1, 2, 1] / 4 on the log scale). Without it the fit
    alternates between high and near-zero months, which the data cannot tell
    apart (a month's departures are seen over several months) and which would make
    the projection's spread meaningless."""
    logs = [math.log(max(v, DEMAND_FLOOR)) for v in series]
    out = []
    for i in range(len(logs)):
        a, b = logs[max(i - 1, 0)], logs[min(i + 1, len(logs) - 1)]
        out.append(math.exp(0.25 * a + 0.5 * logs[i] + 0.25 * b))
    return out


def fit_demand(runner, obs, kernel, origin, init=None, iterations=12, seeds=(1, 2), known_by=None, log=None):
    """Demand per day by nationality, months FIT_FROM..origin, fitted to obs up to origin."""
    first, o0 = mindex(FIT_FROM), mindex(OBS_FROM)
    n_months = origin - first + 1
    demand = {}
    for n in NATS:
        start = [max(obs[n][o0], 1.0) / 30.44] * (o0 - first) + \
                [max(obs[n][i], 1.0) / days_in(i) for i in range(o0, origin + 1)]
        if init and n in init:
            prev = init[n][:n_months]
            start = prev + [prev[-1]] * (n_months - len(prev))
        demand[n] = start
    known = known_by or last_day(origin)
    for it in range(iterations):
        runs = runner.run(scenario_text(demand, origin, known_by=known), seeds)
        worst = 0.0
        for n in NATS:
            ratio = {}
            for m in range(o0, origin + 1):
                sim = statistics.mean(r[n][m] for r in runs)
                ratio[m] = min(5.0, max(0.2, (obs[n][m] + 0.5) / (sim + 0.5)))
                worst = max(worst, abs(math.log(ratio[m])))
            for i in range(n_months):
                ks = [(kernel[n][j], ratio[first + i + j]) for j in range(KERNEL_MONTHS) if first + i + j in ratio]
                weight = sum(k for k, _ in ks)
                if weight > 0:
                    demand[n][i] *= sum(k * x for k, x in ks) / weight
            demand[n] = smooth(demand[n])
        if log:
            print("  origin %s iteration %d: largest |log(obs/sim)| %.3f" % (mtext(origin), it + 1, worst), file=log)
    return demand


def fitted_series(runner, demand, origin, seeds=(1, 2)):
    """The simulated Frontex series of a fit (mean over seeds), months 2017-01..origin."""
    runs = runner.run(scenario_text(demand, origin, known_by=last_day(origin)), seeds)
    return {n: {m: statistics.mean(r[n][m] for r in runs) for m in range(mindex(OBS_FROM), origin + 1)}
            for n in NATS + ["total"]}


def identified_through(kernel, origin):
    """The last month whose departures the data up to origin have mostly seen: at least
    half of the delay kernel's weight falls in months <= origin. Demand after it is not
    known at the origin, so the forecast draws it from the projection too."""
    total = sum(kernel)
    for i in range(origin, origin - KERNEL_MONTHS, -1):
        if sum(kernel[: origin - i + 1]) >= 0.5 * total:
            return i
    return origin - KERNEL_MONTHS


def dispersion(obs, fit, origin, months=24):
    """Negative-binomial size k of each series' published counts around the model
    (method of moments: Var = mu + mu^2 / k), from the fit's last `months` months up
    to the origin. In-sample, so it understates the spread a little."""
    out = {}
    for n in NAMED + ["total"]:
        terms = []
        for m in range(max(mindex(OBS_FROM), origin - months + 1), origin + 1):
            mu = fit[n][m]
            if mu >= 5:
                terms.append(((obs[n][m] - mu) ** 2 - mu) / (mu * mu))
        inv = sum(terms) / len(terms) if terms else 0.25
        out[n] = 1.0 / min(4.0, max(0.01, inv))
    return out


VARIANTS = ["rw", "rw_season", "ar1_season", "rw_drift"]
DRIFT_DAMPING = 0.5    # rw_drift: half the mean monthly log growth of the last 6 months
DRIFT_MAX = 0.1
SEASON_PRIOR_YEARS = 2.0   # a flat season weighs as much as this many years of data


def estimate_projection(demand, origin, variant="ar1_season"):
    """Projection parameters per nationality from the fitted demand FIT_FROM..origin,
    on log demand from 2017-01 (the warm-up months are not fitted to data).

    level: geometric mean of the deseasonalised last 12 months; season: mean log
    deviation by calendar month from a 12-month centred mean, pooled over all
    nationalities and shrunk towards flat (SEASON_PRIOR_YEARS); persistence: the AR(1) coefficient of the
    deseasonalised log demand about its 12-month mean, pooled; sigma: per nationality,
    the sd of one-step residuals (last 36). Variants: 'rw' (persistence 1, no season),
    'rw_season' (persistence 1), 'ar1_season' (estimated persistence), 'rw_drift'
    (persistence 1 and DRIFT_DAMPING x the last 6 months' mean log growth, within
    +-DRIFT_MAX a month)."""
    first, o0 = mindex(FIT_FROM), mindex(OBS_FROM)
    floor = 0.05
    logs = {n: {first + i: math.log(max(v, floor)) for i, v in enumerate(demand[n])} for n in NATS}
    months = [m for m in range(o0, origin + 1)]
    # season: pooled log deviations from a centred 12-month mean
    dev = {k: [] for k in range(12)}
    for n in NATS:
        for m in months:
            if m - 6 >= o0 and m + 6 <= origin:
                ma = (sum(logs[n][m + j] for j in range(-5, 6)) + 0.5 * (logs[n][m - 6] + logs[n][m + 6])) / 12
                dev[m % 12].append(logs[n][m] - ma)
    season_log = []
    for k in range(12):
        years = len(dev[k]) / len(NATS)          # years of data for this calendar month
        avg = sum(dev[k]) / len(dev[k]) if dev[k] else 0.0
        season_log.append(avg * years / (years + SEASON_PRIOR_YEARS))
    c = sum(season_log) / 12
    season_log = [s - c for s in season_log]
    if variant == "rw":
        season_log = [0.0] * 12
    des = {n: {m: logs[n][m] - season_log[m % 12] for m in months} for n in NATS}
    # pooled AR(1) about each nationality's trailing 12-month mean
    num = den = 0.0
    for n in NATS:
        for m in months[13:]:
            mu = sum(des[n][m - 1 - j] for j in range(12)) / 12
            x1, x0 = des[n][m] - mu, des[n][m - 1] - mu
            num += x1 * x0
            den += x0 * x0
    phi = min(1.0, max(0.0, num / den)) if den > 0 else 1.0
    if variant in ("rw", "rw_season", "rw_drift"):
        phi = 1.0
    proj = {}
    for n in NATS:
        tail = months[-12:]
        level = math.exp(sum(des[n][m] for m in tail) / len(tail))
        res = []
        for m in months[13:]:
            mu = sum(des[n][m - 1 - j] for j in range(12)) / 12
            res.append((des[n][m] - mu) - phi * (des[n][m - 1] - mu))
        res = res[-36:]
        sigma = statistics.pstdev(res) if len(res) > 2 else 0.5
        drift = 0.0
        if variant == "rw_drift":
            last = months[-7:]
            drift = (des[n][last[-1]] - des[n][last[0]]) / (len(last) - 1) * DRIFT_DAMPING
            drift = min(DRIFT_MAX, max(-DRIFT_MAX, drift))
        proj[n] = {"level": level, "season": [math.exp(s) for s in season_log], "persistence": phi,
                   "sigma": sigma, "drift": drift}
    return proj


def known_demand(demand, kernel, origin):
    """Each group's fitted demand up to the last month the data identify (identified_through)."""
    first = mindex(FIT_FROM)
    return {n: demand[n][: identified_through(kernel[n], origin) - first + 1] for n in NATS}


def projection_for(demand, kernel, origin, variant):
    """(demand known at the origin, each group's projection from its last known month)."""
    known = known_demand(demand, kernel, origin)
    proj = {}
    for n in NATS:
        cut = mindex(FIT_FROM) + len(known[n]) - 1
        proj[n] = estimate_projection({m: known[m] if m == n else demand[m] for m in NATS}, cut, variant)[n]
    return known, proj


def forecast(runner, demand, kernel, variant, origin, horizon, replicates, known_by=None, without=(), seed0=1000):
    """Replicate runs to origin + horizon: demand known to the identified month, then drawn
    from the projection (estimated on the identified months)."""
    known, proj = projection_for(demand, kernel, origin, variant)
    text = scenario_text(known, origin + horizon, known_by=known_by or last_day(origin), without=without,
                         projection=proj)
    return runner.run(text, range(seed0, seed0 + replicates)), proj


OBS_DRAWS = 10   # published counts drawn per replicate: the observation model's spread


def observation_draws(runs, k, origin, horizon, method):
    """Predictive samples of the published counts: for each replicate and month, OBS_DRAWS
    negative-binomial draws (size k of the series, mean the replicate's value), the
    observation model of the calibration (docs/calibration.md). Seeded by method, origin
    and series: the same inputs give the same samples."""
    import random
    import zlib
    out = {}
    for s in NAMED + ["total"]:
        rng = random.Random(zlib.crc32(("%s|%s|%s" % (method, mtext(origin), s)).encode()))
        for r, run in enumerate(runs):
            for h in range(1, horizon + 1):
                mu = run[s][origin + h]
                vals = []
                for _ in range(OBS_DRAWS):
                    lam = rng.gammavariate(k[s], mu / k[s]) if mu > 0 else 0.0
                    vals.append(poisson(rng, lam))
                out[(s, r, h)] = vals
    return out


def poisson(rng, lam):
    """Poisson draw: Knuth's product of uniforms below 30, the rounded normal above.
    (tools/calibration_recovery.py's negbin switches at 200; this one made the documented
    backtest, so it stays as it is.)"""
    if lam < 30:
        L, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= rng.random()
            if p <= L:
                return k
            k += 1
    return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))


def write_samples(path, method, origin, draws, replicates, horizon):
    new = not os.path.exists(path)
    with open(path, "a", newline="") as f:
        w = csv.writer(f)
        if new:
            w.writerow(["method", "origin", "target_month", "horizon", "series", "replicate", "value"])
        for r in range(replicates):
            for h in range(1, horizon + 1):
                for s in NAMED + ["total"]:   # OTH is not a published series: it is in the total
                    for j, v in enumerate(draws[(s, r, h)]):
                        w.writerow([method, mtext(origin), mtext(origin + h), h, s, r * OBS_DRAWS + j, v])


def parse_origins(text):
    a, b, step = text.split(":")
    return list(range(parse_month(a), parse_month(b) + 1, int(step)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", choices=["all", "backtest", "policy", "demand"])
    ap.add_argument("--migsim", default=os.path.join(ROOT, "build", "migsim"))
    ap.add_argument("--origins", default="2017-12:2022-06:3",
                    help="FIRST:LAST:STEP months; origin O uses data through O (default %(default)s)")
    ap.add_argument("--replicates", type=int, default=20)
    ap.add_argument("--horizon", type=int, default=6)
    ap.add_argument("--iterations", type=int, default=12)
    ap.add_argument("--variant", default="ar1_season", choices=VARIANTS,
                    help="projection for policy and demand (default %(default)s)")
    ap.add_argument("--variants", default=",".join(VARIANTS), help="projections the backtest compares")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--reuse", help="backtest: take the fits saved in a projections.json instead of fitting")
    ap.add_argument("--init", help="demand: start from the last fit of a backtest's projections.json")
    ap.add_argument("--data", default=DATA, help="folder of the published series (default data/)")
    ap.add_argument("--no-eval", action="store_true", help="write the model's samples only")
    ap.add_argument("-o", "--out", default=None, help="output folder (backtest, policy)")
    a = ap.parse_args()
    if not os.access(a.migsim, os.X_OK):
        sys.exit("wb_forecast: %s not found: build first (tools/build.sh)" % a.migsim)
    obs = observed(a.data)
    work = tempfile.mkdtemp(prefix="migsim-wbf-")
    runner = Runner(a.migsim, a.jobs, work)
    kernel = delay_kernel(runner)
    if a.command == "demand":
        o = mindex(DATA_THROUGH)
        init, origins = None, parse_origins(a.origins)
        if a.init:   # a backtest's last fit (its projections.json) saves the walk through the origins
            fits = json.load(open(a.init))
            last = max(fits)
            init, origins = fits[last]["demand"], [m for m in origins if m > parse_month(last)]
        for origin in origins + [o]:   # warm start through the origins, as the backtest does
            init = fit_demand(runner, obs, kernel, origin, init, a.iterations, log=sys.stderr)
        known, proj = projection_for(init, kernel, o, a.variant)
        write_demand_module(known, proj, a)
        return
    if not a.out:
        sys.exit("wb_forecast: give -o DIR")
    os.makedirs(a.out, exist_ok=True)
    if a.command == "all":   # docs/validation.md section 8 in one command: OUT/backtest, OUT/policy
        rest = [x for x in sys.argv[2:] if x not in ("-o", "--out", a.out)]
        for sub in ("backtest", "policy"):
            cmd = [sys.executable, os.path.abspath(__file__), sub, "-o", os.path.join(a.out, sub)] + rest
            if subprocess.run(cmd).returncode != 0:
                sys.exit("wb_forecast: %s failed" % sub)
        return
    if a.command == "backtest":
        samples = os.path.join(a.out, "model_samples.csv")
        params = os.path.join(a.out, "projections.json")
        reuse = json.load(open(a.reuse)) if a.reuse else {}
        if os.path.exists(samples):
            os.unlink(samples)
        init, allp = None, {}
        variants = a.variants.split(",")
        for origin in parse_origins(a.origins):
            if mtext(origin) in reuse:   # the fit is deterministic: a saved one is the same
                init = reuse[mtext(origin)]["demand"]
            else:
                init = fit_demand(runner, obs, kernel, origin, init, a.iterations, log=sys.stderr)
            k = dispersion(obs, fitted_series(runner, init, origin), origin)
            allp[mtext(origin)] = {"demand": {n: init[n] for n in NATS}, "dispersion": k}
            for v in variants:
                runs, proj = forecast(runner, init, kernel, v, origin, a.horizon, a.replicates)
                allp[mtext(origin)][v] = proj
                draws = observation_draws(runs, k, origin, a.horizon, "migsim_" + v)
                write_samples(samples, "migsim_" + v, origin, draws, a.replicates, a.horizon)
            print("origin %s: %d batches of runs so far" % (mtext(origin), runner.count), file=sys.stderr)
        json.dump(allp, open(params, "w"), indent=1, sort_keys=True)
        if not a.no_eval:
            evaluate(a, ["--forecasts", samples, "--origins", a.origins, "-o", a.out])
    else:
        origin = parse_month("2018-09")
        samples = os.path.join(a.out, "policy_samples.csv")
        if os.path.exists(samples):
            os.unlink(samples)
        init = None
        for o in parse_origins("2017-12:2018-09:3"):
            init = fit_demand(runner, obs, kernel, o, init, a.iterations, log=sys.stderr)
        k = dispersion(obs, fitted_series(runner, init, origin), origin)
        for method, without in (("migsim_with_change", ()), ("migsim_without_change", ["IRN@2018-10-17"])):
            runs, _ = forecast(runner, init, kernel, a.variant, origin, a.horizon, a.replicates,
                               known_by="2018-10-31", without=without)
            draws = observation_draws(runs, k, origin, a.horizon, method)
            write_samples(samples, method, origin, draws, a.replicates, a.horizon)
        if not a.no_eval:
            evaluate(a, ["--forecasts", samples, "--origins", "2018-09", "--series", "IRN,total", "--no-figures",
                         "-o", a.out])


def evaluate(a, args):
    """Score the model's samples with the baselines (tools/forecast_eval.py), on the
    series the model forecasts: its twelve named nationalities and the route total."""
    if "--series" not in args:
        args = args + ["--series", ",".join(NAMED + ["total"])]
    cmd = ["/usr/bin/python3", os.path.join(ROOT, "tools", "forecast_eval.py"), "--data", a.data] + args
    print("wb_forecast: " + " ".join(cmd), file=sys.stderr)
    if subprocess.run(cmd).returncode != 0:
        sys.exit("wb_forecast: the evaluation failed")


def write_demand_module(demand, proj, a):
    path = os.path.join(ROOT, "scripts", "migsim", "wb_long_demand.lua")
    lines = ["-- migsim.wb_long_demand: GENERATED by tools/wb_forecast.py demand; do not edit by hand.",
             "-- Would-be migrants per day by nationality and month, %s..%s, fitted so the simulated"
             % (mtext(mindex(FIT_FROM)), mtext(mindex(DATA_THROUGH))),
             "-- Frontex series of migsim.wb_long matches data/wb_nationality_monthly.csv and the route",
             "-- total (S01); after the last month the data identify for a group (its series ends there:",
             "-- 2022-07 to 2022-09 by group) it follows its projection (season, persistence, sd of the log",
             "-- innovations, drift: docs/validation.md, Forecasts), drawn per replicate.",
             "-- Fit: %d iterations a step, warm-started through the origins %s; projection variant %s."
             % (a.iterations, a.origins, a.variant),
             'local M = { fitted_through = "%s", per_day = {} }' % mtext(mindex(DATA_THROUGH))]
    for n in NATS:
        p = proj[n]
        lines.append('M.per_day.%s = { start = "%s", per_day = { %s },\n  projection = { level = %s, '
                     'season = { %s }, persistence = %s, sigma = %s, drift = %s } }'
                     % (n, mtext(mindex(FIT_FROM)), ", ".join("%.4f" % v for v in demand[n]),
                        lua_number(p["level"]), ", ".join(lua_number(s) for s in p["season"]),
                        lua_number(p["persistence"]), lua_number(p["sigma"]), lua_number(p["drift"])))
    lines.append("return M")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    print("wrote %s" % path, file=sys.stderr)


if __name__ == "__main__":
    main()
