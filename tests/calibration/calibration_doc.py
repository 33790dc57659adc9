"""Checks of a migsim-calibration/1 document (`migsim calibrate -o`) for the tests: it
validates against docs/calibration-schema.json, and what a JSON Schema cannot say holds:

  - posterior.parameters are the names of parameters, in order; posterior.summary has one
    entry per parameter, in order;
  - posterior.samples is rectangular (particles x parameters), one weight (and, when
    estimated, one dispersion) per particle, the weights sum to 1, posterior.ess is
    1 / sum(w^2);
  - every design point of history matching has one value per parameter and one
    max_implausibility; a wave's simulations are points x replicates; every emulator has one
    length scale per parameter and belongs to a wave and a target;
  - each target has one observed value per month, and fit has one row per target and
    month, in order, whose observed is the target's; no band's low end is above its high
    end (q05 <= q95, predictive_q05 <= predictive_q95);
  - the prior of each parameter has lo < hi.

    import calibration_doc
    problems = calibration_doc.problems(doc, SOURCE_DIR)   # [] when the document is good

Used by tests/docs/doc_tests.py (calibration_schema) on tests/calibration/fixtures/post.json.
Needs python3-jsonschema.
"""
import json
import math
import os


def validator(src):
    """A validator of docs/calibration-schema.json (itself checked against its draft)."""
    import jsonschema
    with open(os.path.join(src, "docs", "calibration-schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def schema_problems(doc, v):
    errors = sorted(v.iter_errors(doc), key=lambda e: list(e.absolute_path))
    return [f"/{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in errors]


def consistency_problems(doc):
    """What the schema cannot check; the document must already validate."""
    out = []
    names = [p["name"] for p in doc["parameters"]]
    k = len(names)
    if len(set(names)) != k:
        out.append("parameters: a name repeats")
    for p in doc["parameters"]:
        pr = p["prior"]
        if not pr["lo"] < pr["hi"]:
            out.append(f"parameters {p['name']}: prior lo {pr['lo']} is not below hi {pr['hi']}")
    post = doc["posterior"]
    if post["parameters"] != names:
        out.append(f"posterior.parameters {post['parameters']} are not the parameters' names {names}")
    if [s["name"] for s in post["summary"]] != names:
        out.append("posterior.summary is not one entry per parameter, in order")
    n = len(post["samples"])
    bad = [i for i, row in enumerate(post["samples"]) if len(row) != k]
    if bad:
        out.append(f"posterior.samples: row {bad[0]} has {len(post['samples'][bad[0]])} values for {k} parameters")
    if len(post["weights"]) != n:
        out.append(f"posterior.weights: {len(post['weights'])} weights for {n} particles")
    if post["dispersion"] is not None and len(post["dispersion"]) != n:
        out.append(f"posterior.dispersion: {len(post['dispersion'])} values for {n} particles")
    total = math.fsum(post["weights"])
    if abs(total - 1) > 1e-9:
        out.append(f"posterior.weights sum to {total!r}, not 1")
    ess = 1 / math.fsum(w * w for w in post["weights"]) if total > 0 else 0
    if abs(ess - post["ess"]) > 1e-6 * max(1, ess):
        out.append(f"posterior.ess is {post['ess']}, 1 / sum(w^2) is {ess}")
    hm = doc["history_matching"]
    for w in (hm or {}).get("waves", []):
        where = f"history_matching wave {w['wave']}"
        if len(w["design"]) != w["points"] or len(w["max_implausibility"]) != w["points"]:
            out.append(f"{where}: {w['points']} points, {len(w['design'])} design rows, "
                       f"{len(w['max_implausibility'])} max_implausibility values")
        if any(len(row) != k for row in w["design"]):
            out.append(f"{where}: a design row without one value per parameter")
        if w["simulations"] != w["points"] * w["replicates"]:
            out.append(f"{where}: simulations {w['simulations']} != points x replicates")
    if hm and [w["wave"] for w in hm["waves"]] != list(range(1, len(hm["waves"]) + 1)):
        out.append("history_matching.waves are not numbered 1, 2, ...")
    tnames = [t["name"] for t in doc["targets"]]
    for e in (hm or {}).get("emulators", []):
        if len(e["length_scales"]) != k or e["target"] not in tnames or not 1 <= e["wave"] <= len(hm["waves"]):
            out.append(f"history_matching.emulators: wave {e['wave']} target {e['target']!r} has "
                       f"{len(e['length_scales'])} length scales for {k} parameters, or names no wave or target")
            break
    abc = doc["abc_smc"]
    if abc and [g["generation"] for g in abc["generations"]] != list(range(1, len(abc["generations"]) + 1)):
        out.append("abc_smc.generations are not numbered 1, 2, ...")
    targets = [t["name"] for t in doc["targets"]]
    if len(set(targets)) != len(targets):
        out.append("targets: a name repeats")
    want = []
    for t in doc["targets"]:
        if len(t["months"]) != len(t["observed"]):
            out.append(f"target {t['name']}: {len(t['months'])} months, {len(t['observed'])} observed values")
        want += [(t["name"], m, o) for m, o in zip(t["months"], t["observed"])]
        for imp in [i for w in (hm or {}).get("waves", []) for i in w["implausibility"]]:
            if imp["target"] not in targets:
                out.append(f"history_matching: implausibility of unknown target {imp['target']!r}")
                break
    got = [(r["target"], r["month"], r["observed"]) for r in doc["fit"]]
    if got != want:
        out.append("fit is not one row per target and month (in order) with the target's observed values")
    for r in doc["fit"]:
        if not (r["q05"] <= r["q95"] and r["predictive_q05"] <= r["predictive_q95"]):
            out.append(f"fit {r['target']} {r['month']}: a band whose low end is above its high end")
            break
    return out


def problems(doc, src, v=None):
    """Every problem of doc: schema errors first (then nothing else is checked)."""
    s = schema_problems(doc, v or validator(src))
    return s if s else consistency_problems(doc)


def small_spec(src, hm=True, abc=True):
    """The text of scenarios/calibration/toy.lua with small budgets (history matching: one wave
    of 12 points; ABC-SMC: 20 particles, 2 generations; a few seconds) and absolute paths, to
    run from any folder; hm=False or abc=False skips that method."""
    import re
    spec = os.path.join(src, "scenarios", "calibration")
    with open(os.path.join(spec, "toy.lua"), encoding="utf-8") as f:
        text = f.read()
    swaps = [
        (r'scenario = "toy_world\.lua"', f'scenario = {json.dumps(os.path.join(spec, "toy_world.lua"))}'),
        (r'"\.\./\.\./data/calibration/toy_observed\.csv"',
         json.dumps(os.path.join(src, "data", "calibration", "toy_observed.csv"))),
        (r"(?m)^history_matching \{.*\}$",
         "history_matching { waves = 1, points = 12, replicates = 1 }" if hm else "history_matching { skip = true }"),
        (r"(?m)^abc_smc \{.*\}$",
         "abc_smc { particles = 20, generations = 2 }" if abc else "abc_smc { skip = true }"),
    ]
    for old, new in swaps:
        text, n = re.subn(old, lambda _m: new, text)
        if n != 1:
            raise ValueError(f"scenarios/calibration/toy.lua: {old!r} matches {n} times: update small_spec")
    return text
