#!/usr/bin/python3
"""Copy the parts of docs/output-schema.json that the ensemble and comparison schemas
repeat (a schema file must be self-contained: local $refs only).

docs/ensemble-schema.json and docs/compare-schema.json describe documents that hold a
single run's meta.parameters, meta.events and meta.world, its totals (replicate_totals),
and statistics over replicates of its series and totals. Their $defs parameters, events,
world, run_totals and persons are copies of the run schema's; stat_tree and stat_totals
are the run's monthly series and totals with each leaf retargeted to a statistics object
(#/$defs/stat_series, #/$defs/stat_total), keeping their own top-level descriptions; the
ensemble's quantile_tree (its monthly) is stat_tree with the Frontex series' leaves
#/$defs/quantile_series and a frontex_total added. Their
$defs posterior, and docs/sweep-schema.json's, is the run schema's meta.posterior; journeys and
journey_dist are the run's, with journey_bins statistics over replicates.
tests/ensemble/ensemble_tests.py (schemas) fails when they drift: run this after
editing docs/output-schema.json.

replicate_tree (each replicate's monthly series, --replicate-series) is the run schema's monthly
tree with its leaves replicate_leaf.

docs/flee-compare-schema.json (migsim-flee-compare/1, `migsim compare` of Flee scenarios) is
built whole here from docs/flee-output-schema.json: the arms' daily series are the Flee
ensemble's, the differences' the same without the observed counts, the totals statistics
objects as in migsim-compare/1. Run this after editing docs/flee-output-schema.json.

usage: tools/gen_schemas.py
"""
import collections
import copy
import json
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def load(name):
    with open(os.path.join(ROOT, "docs", name), encoding="utf-8") as f:
        return json.load(f, object_pairs_hook=collections.OrderedDict)


def retarget(x, old, new):
    if isinstance(x, dict):
        return collections.OrderedDict((k, new if k == "$ref" and v == old else retarget(v, old, new))
                                       for k, v in x.items())
    if isinstance(x, list):
        return [retarget(v, old, new) for v in x]
    return x


def with_description(x, description):
    out = collections.OrderedDict()
    for k, v in x.items():
        out[k] = description if k == "description" else v
    if description is not None and "description" not in out:
        out["description"] = description
    return out


def quantile_tree(stat_tree, description):
    """The ensemble's monthly tree: stat_tree with frontex_detections' leaves the
    quantile_series of $defs and a frontex_total leaf (the route total's quantiles)."""
    tree = copy.deepcopy(stat_tree)
    fx = tree["properties"]["frontex_detections"]
    fx["additionalProperties"] = retarget(fx["additionalProperties"], "#/$defs/stat_series", "#/$defs/quantile_series")
    props = collections.OrderedDict()
    for k, v in tree["properties"].items():
        props[k] = v
        if k == "frontex_detections":
            props["frontex_total"] = collections.OrderedDict([
                ("$ref", "#/$defs/quantile_series"),
                ("description", "The route total of frontex_detections: each replicate's sum over nationalities, "
                                "its statistics and quantiles over replicates (not sums of the nationalities' "
                                "quantiles). Flow, persons x detections.")])
    tree["properties"] = props
    req = tree["required"]
    req.insert(req.index("frontex_detections") + 1, "frontex_total")
    return with_description(tree, description or (
        "The monthly tree of replicates: stat_tree, with quantiles and each replicate's values for the Frontex "
        "series (frontex_detections by nationality and frontex_total)."))


def main():
    run = load("output-schema.json")
    rp, rm = run["properties"], run["properties"]["meta"]["properties"]
    for name in ("ensemble", "compare"):
        schema = load(f"{name}-schema.json")
        D = schema["$defs"]
        D["parameters"] = copy.deepcopy(rm["parameters"])
        D["events"] = copy.deepcopy(rm["events"])
        D["world"] = copy.deepcopy(rm["world"])
        D["run_totals"] = copy.deepcopy(rp["totals"])
        D["persons"] = copy.deepcopy(run["$defs"]["persons"])
        tree = retarget(copy.deepcopy(rp["monthly"]), "#/$defs/series", "#/$defs/stat_series")
        D["stat_tree"] = with_description(tree, D.get("stat_tree", {}).get("description"))
        if name == "ensemble":
            D["quantile_tree"] = quantile_tree(D["stat_tree"], D.get("quantile_tree", {}).get("description"))
        rtree = retarget(copy.deepcopy(rp["monthly"]), "#/$defs/series", "#/$defs/replicate_leaf")
        D["replicate_tree"] = with_description(rtree, D.get("replicate_tree", {}).get("description"))
        totals = retarget(copy.deepcopy(rp["totals"]), "#/$defs/persons", "#/$defs/stat_total")
        D["stat_totals"] = with_description(totals, D.get("stat_totals", {}).get("description"))
        D["posterior"] = copy.deepcopy(rm["posterior"])
        # journeys: the run's, each bin array retargeted to statistics over replicates
        for k in ("journeys", "journey_dist"):
            D[k] = copy.deepcopy(run["$defs"][k])
        D["journey_bins"] = with_description(copy.deepcopy(D["stat_series"]),
                                             "Statistics over replicates of one distribution: four arrays, one value "
                                             "per label of bins. Persons.")
        with open(os.path.join(ROOT, "docs", f"{name}-schema.json"), "w", encoding="utf-8") as f:
            json.dump(schema, f, indent=2, ensure_ascii=False)
            f.write("\n")
        print(f"docs/{name}-schema.json: copies updated")
    sweep = load("sweep-schema.json")
    sweep["$defs"]["posterior"] = copy.deepcopy(rm["posterior"])
    with open(os.path.join(ROOT, "docs", "sweep-schema.json"), "w", encoding="utf-8") as f:
        json.dump(sweep, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print("docs/sweep-schema.json: copies updated")
    flee_compare()



def flee_compare():
    """docs/flee-compare-schema.json, from the Flee ensemble's parts."""
    flee = load("flee-output-schema.json")
    FD, ens = flee["$defs"], flee["$defs"]["ensemble"]["properties"]
    em = ens["meta"]["properties"]
    D = collections.OrderedDict()
    for k in ("stat", "persons", "dates", "settings", "location", "event"):
        D[k] = copy.deepcopy(FD[k])
    D["arm_daily"] = copy.deepcopy(ens["daily"])
    diff = copy.deepcopy(ens["daily"])
    diff["description"] = ("Daily series of the per-replicate difference policy - baseline, summarised over the "
                           "replicates (persons unless said otherwise; the errors are differences of fractions).")
    diff["required"] = [k for k in diff["required"] if k != "in_camps_observed"]
    diff["properties"].pop("in_camps_observed")
    diff["properties"]["camps"]["additionalProperties"] = {"$ref": "#/$defs/stat"}
    for k, x in diff["properties"].items():
        if isinstance(x, dict) and "minimum" in json.dumps(x):
            diff["properties"][k] = retarget_minimum(x)
    D["diff_daily"] = diff
    D["stat_total"] = collections.OrderedDict([
        ("type", "object"),
        ("description", "A total over the replicates: mean, sample sd and the 95% interval of the mean "
                        "(mean -/+ t(0.975, R-1) sd / sqrt(R))."),
        ("required", ["mean", "sd", "lo", "hi"]), ("additionalProperties", False),
        ("properties", collections.OrderedDict([
            ("mean", {"type": "number", "description": "Mean over the replicates."}),
            ("sd", {"type": "number", "minimum": 0, "description": "Sample standard deviation (0 with one replicate)."}),
            ("lo", {"type": "number", "description": "Lower end of the 95% interval of the mean."}),
            ("hi", {"type": "number", "description": "Upper end of the 95% interval of the mean."})]))])
    D["stat_totals"] = collections.OrderedDict([
        ("type", "object"),
        ("description", "Every total of the single-run document (same keys), as statistics over the replicates; "
                        "null where the single run's total is null (the errors without observed counts)."),
        ("required", copy.deepcopy(ens["totals"]["required"])),
        ("additionalProperties", {"oneOf": [{"$ref": "#/$defs/stat_total"}, {"type": "null"}]})])
    arm = collections.OrderedDict([
        ("type", "object"), ("description", "One scenario of the comparison, in command-line order (arm 0 the baseline)."),
        ("required", ["name", "file", "sha256", "compat", "source", "settings", "events_replicate_0"]),
        ("additionalProperties", False),
        ("properties", collections.OrderedDict([
            ("name", {"type": "string", "description": "scenario{ name = }, made unique by '#k' (k: position from 1)."}),
            ("file", {"type": "string", "description": "Path of the scenario as given on the command line."}),
            ("sha256", {"type": "string", "pattern": "^([0-9a-f]{64}|unreadable)$", "description": "SHA-256 of the scenario file, hex."}),
            ("compat", copy.deepcopy(em["compat"])),
            ("source", copy.deepcopy(em["source"])),
            ("settings", copy.deepcopy(em["settings"])),
            ("events_replicate_0", with_description(copy.deepcopy(em["events"]),
                                                    "The events of this arm's replicate 0 (a trigger may fire on other "
                                                    "days in other replicates)."))]))])
    meta = collections.OrderedDict()
    meta["model"] = copy.deepcopy(em["model"])
    meta["version"] = copy.deepcopy(em["version"])
    meta["replicates"] = {"type": "integer", "minimum": 1, "description": "Replicates of every arm (--replicates)."}
    meta["master_seed"] = {"type": "integer", "minimum": 0, "description": "--seed."}
    meta["seeds"] = {"type": "string", "description": "The seed rule in words."}
    meta["interval"] = {"type": "string", "description": "The interval formula in words."}
    meta["paired"] = {"type": "boolean", "description": "true: every arm runs replicate r with seed master_seed + r (common random numbers); false with --independent."}
    meta["baseline"] = {"type": "string", "description": "Arm 0's name: every difference is arm - baseline."}
    for k in ("rules", "hasten", "units", "start", "end", "days", "locations", "camps"):
        meta[k] = copy.deepcopy(em[k])
    meta["arms"] = {"type": "array", "minItems": 2, "items": arm, "description": "The scenarios compared."}
    block = lambda what, daily, extra: collections.OrderedDict([
        ("type", "object"), ("description", what),
        ("required", ["daily", "totals"] + extra), ("additionalProperties", False),
        ("properties", collections.OrderedDict(
            ([("of", {"type": "string", "description": "'<policy> - <baseline>'."})] if extra else [])
            + [("daily", {"$ref": daily}), ("totals", {"$ref": "#/$defs/stat_totals"})]))])
    schema = collections.OrderedDict([
        ("$schema", flee["$schema"]),
        ("$id", flee["$id"].replace("flee-output-schema", "flee-compare-schema")),
        ("title", "migsim Flee-rule comparison (schema migsim-flee-compare/1)"),
        ("description", "The document `migsim compare BASE.lua POLICY.lua ... --replicates R -o OUT.json` writes for "
                        "scenarios that load a Flee scenario folder (docs/flee.md, Outputs): migsim-compare/1's shape "
                        "over a Flee run's daily series. Generated by tools/gen_schemas.py from "
                        "docs/flee-output-schema.json: do not edit by hand."),
        ("type", "object"),
        ("required", ["schema", "meta", "dates", "arms", "differences"]),
        ("additionalProperties", False),
        ("properties", collections.OrderedDict([
            ("schema", {"const": "migsim-flee-compare/1", "description": "Format identifier of this document."}),
            ("meta", collections.OrderedDict([("type", "object"), ("description", "What was compared."),
                                              ("required", list(meta)), ("additionalProperties", False),
                                              ("properties", meta)])),
            ("dates", {"$ref": "#/$defs/dates"}),
            ("arms", {"type": "object", "description": "Every arm (keys: meta.arms' names), the baseline too.",
                      "additionalProperties": block("One arm over the replicates.", "#/$defs/arm_daily", [])}),
            ("differences", {"type": "object", "description": "Every policy arm minus the baseline, per replicate, "
                                                              "summarised over the replicates.",
                             "additionalProperties": block("Statistics of the per-replicate difference.",
                                                           "#/$defs/diff_daily", ["of"])})])),
        ("$defs", D)])
    with open(os.path.join(ROOT, "docs", "flee-compare-schema.json"), "w", encoding="utf-8") as f:
        json.dump(schema, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print("docs/flee-compare-schema.json: generated")


def retarget_minimum(x):
    """A difference can be negative: drop every minimum of a series (stat's sd keeps its own)."""
    if isinstance(x, dict):
        return collections.OrderedDict((k, retarget_minimum(v)) for k, v in x.items() if k != "minimum")
    if isinstance(x, list):
        return [retarget_minimum(v) for v in x]
    return x


if __name__ == "__main__":
    main()
