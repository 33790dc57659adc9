#!/usr/bin/python3
"""Write tests/calibration/fixtures/post.json: a small, complete, synthetic
migsim-calibration/1 document (the output of `migsim calibrate`, docs/calibration-schema.json)
for the tests of its consumers (export tables, plots/calibration.py, the schema itself).

Nothing here runs migsim: the numbers are drawn from a seeded generator and only have to be
consistent with each other: 4 parameters (one of each prior distribution), 2 targets (negbin
with an estimated dispersion, poisson) of 6 months each, 2 history-matching waves of 20
points with their emulators, 3 ABC-SMC generations, 50 weighted particles with their
dispersions, and the posterior summary, prior quantiles and contraction computed from them as
the document defines them; the keys are those `migsim calibrate` writes. The same bytes every
time: tests/docs (calibration_schema) fails when the file and this script disagree.

usage: tests/calibration/make_fixture.py [OUT.json]   (default: the fixture beside this file)
"""
import json
import math
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures", "post.json")

PARAMETERS = [
    {"name": "border.BB-CC.detection_prob", "prior": {"distribution": "uniform", "lo": 0.2, "hi": 0.8},
     "scenario_value": 0.35, "truth": 0.45, "spread": 0.06},
    {"name": "route_km_scale", "prior": {"distribution": "loguniform", "lo": 0.5, "hi": 2},
     "scenario_value": 1, "truth": 1.3, "spread": 0.15},
    {"name": "border.BB-DD.detection_prob",
     "prior": {"distribution": "normal", "lo": 0.05, "hi": 0.6, "mean": 0.2, "sd": 0.1},
     "scenario_value": 0.2, "truth": 0.25, "spread": 0.05},
    {"name": "give_up_prob", "prior": {"distribution": "beta", "lo": 0, "hi": 0.3, "a": 2, "b": 5},
     "scenario_value": 0.05, "truth": 0.08, "spread": 0.03},
]
MONTHS = ["2022-01", "2022-02", "2022-03", "2022-04", "2022-05", "2022-06"]
TARGETS = [
    {"name": "XXA", "table": "frontex_monthly", "where": {"nationality": "XXA"},
     "observed_file": "scenarios/calibration/data/toy_observed.csv", "window": ["2022-01", "2022-06"], "model": "negbin",
     "dispersion": 14.25, "dispersion_estimated": True, "months": MONTHS,
     "observed": [120, 160, 210, 150, 130, 95]},
    {"name": "XXE", "table": "frontex_monthly", "where": {"nationality": "XXE"},
     "observed_file": "scenarios/calibration/data/toy_observed.csv", "window": ["2022-01", "2022-06"], "model": "poisson",
     "dispersion": None, "dispersion_estimated": False, "months": MONTHS,
     "observed": [30, 42, 55, 61, 48, 40]},
]
PARTICLES = 50
CUTOFF = 3.0


def r6(x):
    return round(x, 6)


def prior_pdf(p):
    """The prior's density on [lo, hi] (unnormalised)."""
    lo, hi = p["lo"], p["hi"]
    d = p["distribution"]
    if d == "uniform":
        return lambda x: 1.0
    if d == "loguniform":
        return lambda x: 1.0 / x
    if d == "normal":
        return lambda x: math.exp(-0.5 * ((x - p["mean"]) / p["sd"]) ** 2)
    a, b = p["a"], p["b"]
    return lambda x: (((x - lo) / (hi - lo)) ** (a - 1)) * ((1 - (x - lo) / (hi - lo)) ** (b - 1))


def prior_stats(p, n=20000):
    """(q05, q95, sd) of the prior, by the midpoint rule on n cells."""
    lo, hi = p["lo"], p["hi"]
    f = prior_pdf(p)
    h = (hi - lo) / n
    xs = [lo + (i + 0.5) * h for i in range(n)]
    w = [f(x) for x in xs]
    tot = sum(w)
    mean = sum(x * v for x, v in zip(xs, w)) / tot
    var = sum((x - mean) ** 2 * v for x, v in zip(xs, w)) / tot
    qs, acc, k = {}, 0.0, 0
    for want in (0.05, 0.95):
        while acc + w[k] < want * tot:
            acc += w[k]
            k += 1
        qs[want] = xs[k] - h / 2 + h * (want * tot - acc) / w[k]
    return qs[0.05], qs[0.95], math.sqrt(var)


def wquantile(xs, ws, q):
    """Weighted quantile: the smallest x whose cumulative weight reaches q."""
    acc = 0.0
    for x, w in sorted(zip(xs, ws)):
        acc += w
        if acc >= q - 1e-12:
            return x
    return max(xs)


def build():
    rng = random.Random(20220915)
    params = [{key: p[key] for key in ("name", "prior", "scenario_value")} for p in PARAMETERS]

    def draw_prior():
        out = []
        for p in PARAMETERS:
            pr = p["prior"]
            lo, hi = pr["lo"], pr["hi"]
            if pr["distribution"] == "loguniform":
                out.append(r6(math.exp(rng.uniform(math.log(lo), math.log(hi)))))
            else:
                out.append(r6(rng.uniform(lo, hi)))
        return out

    def implausibility(x):
        """A made-up distance from the truth, in prior-range units."""
        d = sum(((v - p["truth"]) / (p["prior"]["hi"] - p["prior"]["lo"])) ** 2 for v, p in zip(x, PARAMETERS))
        return 6 * math.sqrt(d) + rng.uniform(0, 0.8)

    # History matching: 2 waves of 20 points, 2 replicates each.
    waves, share = [], 1.0
    for wave in (1, 2):
        design = [draw_prior() for _ in range(20)]
        if wave == 2:  # the second wave samples near the truth
            design = [[r6(min(p["prior"]["hi"], max(p["prior"]["lo"], p["truth"] + rng.gauss(0, 2 * p["spread"]))))
                       for p in PARAMETERS] for _ in range(20)]
        imp = [r6(implausibility(x)) for x in design]
        below = sum(1 for v in imp if v < CUTOFF) / len(imp)
        share = r6(share * max(below, 0.05))
        per_target = []
        for t in TARGETS:
            vals = sorted(r6(v * rng.uniform(0.6, 1.0)) for v in imp)
            per_target.append({"target": t["name"], "summary": "log1p_total", "min": vals[0],
                               "median": r6((vals[9] + vals[10]) / 2),
                               "share_below_cutoff": sum(1 for v in vals if v < CUTOFF) / len(vals)})
        waves.append({"wave": wave, "points": 20, "replicates": 2, "simulations": 40,
                      "dispersion_used": r6(TARGETS[0]["dispersion"] * rng.uniform(0.8, 1.2)),
                      "implausibility": per_target, "region_share": share, "design": design,
                      "max_implausibility": imp})
    emulators = [{"wave": w["wave"], "target": t["name"],
                  "length_scales": [r6(rng.uniform(0.2, 5)) for _ in PARAMETERS], "variance": r6(rng.uniform(0.05, 2)),
                  "nugget": r6(rng.uniform(1e-4, 1e-3)), "loo_within_3sd": rng.choice((0.95, 1))}
                 for w in waves for t in TARGETS]
    hm = {"cutoff": CUTOFF, "discrepancy": 0.1, "summary": "log(1 + total over the window), one per target",
          "waves": waves, "emulators": emulators, "region_share": share}

    # ABC-SMC: 3 generations, tempered down to 1.
    gens, sims = [], 0
    for g, (temp, props) in enumerate(((40.0, 90), (6.5, 140), (1.0, 210)), start=1):
        sims += props * 2
        gens.append({"generation": g, "temperature": temp, "ess": 0.0, "proposals": props, "accepted": PARTICLES,
                     "acceptance_rate": r6(PARTICLES / props), "unique_particles": PARTICLES - 3 * g,
                     "simulations": props * 2, "mean_log_likelihood": r6(-60 - 40 * temp ** 0.5)})

    # The posterior: particles near the truth, weights from a made-up kernel.
    samples = [[r6(min(p["prior"]["hi"], max(p["prior"]["lo"], p["truth"] + rng.gauss(0, p["spread"]))))
                for p in PARAMETERS] for _ in range(PARTICLES)]
    raw = [math.exp(-0.5 * rng.random() ** 2 * 2) for _ in range(PARTICLES)]
    tot = sum(raw)
    weights = [r6(w / tot) for w in raw]
    weights[-1] = r6(1 - sum(weights[:-1]))  # sum exactly 1 after rounding
    ess = r6(1 / sum(w * w for w in weights))
    dispersion = [r6(TARGETS[0]["dispersion"] * math.exp(rng.gauss(0, 0.3))) for _ in range(PARTICLES)]
    for i, g in enumerate(gens):
        g["ess"] = r6(ess * (0.7 + 0.1 * i))
    gens[-1]["ess"] = ess

    summary = []
    for j, p in enumerate(PARAMETERS):
        xs = [s[j] for s in samples]
        mean = sum(x * w for x, w in zip(xs, weights))
        var = sum((x - mean) ** 2 * w for x, w in zip(xs, weights))
        pq05, pq95, psd = prior_stats(p["prior"])
        summary.append({"name": p["name"], "mean": r6(mean), "sd": r6(math.sqrt(var)),
                        "q05": wquantile(xs, weights, 0.05), "q50": wquantile(xs, weights, 0.5),
                        "q95": wquantile(xs, weights, 0.95), "prior_q05": r6(pq05), "prior_q95": r6(pq95),
                        "prior_sd": r6(psd), "contraction": r6(1 - var / (psd * psd))})

    # Posterior predictive: the model's mean near the observed, bands around it.
    fit = []
    for t in TARGETS:
        for m, obs in zip(t["months"], t["observed"]):
            mean = obs * rng.uniform(0.85, 1.15)
            sd = math.sqrt(mean) * 0.8
            noise = math.sqrt(mean + (mean * mean / t["dispersion"] if t["dispersion"] else 0))
            fit.append({"target": t["name"], "month": m, "observed": obs, "mean": r6(mean),
                        "q05": r6(mean - 1.645 * sd), "q50": r6(mean - 0.1 * sd), "q95": r6(mean + 1.645 * sd),
                        "predictive_q05": max(0, round(mean - 1.645 * math.hypot(sd, noise))),
                        "predictive_q95": round(mean + 1.645 * math.hypot(sd, noise))})

    hm_sims = sum(w["simulations"] for w in waves)
    fit_sims = PARTICLES
    return {
        "schema": "migsim-calibration/1",
        "meta": {
            "name": "toy_calib",
            "spec": "scenarios/calibration/toy_calib.lua", "spec_sha256": "0" * 63 + "1",
            "scenario": "tests/scenario/toy.lua", "scenario_sha256": "a" * 64,
            "migsim_version": "0.2.0", "seed": 7, "sets": ["agent_weight=5"],
            "data": [{"path": "scenarios/calibration/data/toy_observed.csv", "sha256": "b" * 64}],
            "methods": ["history_matching", "abc_smc"],
        },
        "parameters": params,
        "targets": TARGETS,
        "history_matching": hm,
        "abc_smc": {"particles": PARTICLES, "replicates": 1, "target_ess": 0.5,
                    "kernel": "the observation model's likelihood to the power 1/temperature",
                    "generations": gens, "converged": True, "stopping": "temperature reached 1",
                    "final_temperature": 1},
        "posterior": {"parameters": [p["name"] for p in PARAMETERS], "samples": samples, "weights": weights,
                      "dispersion": dispersion, "ess": ess, "summary": summary},
        "fit": fit,
        "runtime": {"simulations": hm_sims + sims + fit_sims},
    }


def main():
    if len(sys.argv) > 2 or sys.argv[1:] in (["-h"], ["--help"]):
        sys.exit(__doc__)
    out = sys.argv[1] if len(sys.argv) == 2 else OUT
    text = json.dumps(build(), separators=(",", ":"), ensure_ascii=False) + "\n"
    with open(out, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
