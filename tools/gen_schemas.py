#!/usr/bin/python3
"""Copy the parts of docs/output-schema.json that the ensemble and comparison schemas
repeat (a schema file must be self-contained: local $refs only).

docs/ensemble-schema.json and docs/compare-schema.json describe documents that hold a
single run's meta.parameters, meta.events and meta.world, its totals (replicate_totals),
and statistics over replicates of its series and totals. Their $defs parameters, events,
world, run_totals and persons are copies of the run schema's; stat_tree and stat_totals
are the run's monthly series and totals with each leaf retargeted to a statistics object
(#/$defs/stat_series, #/$defs/stat_total), keeping their own top-level descriptions.
tests/ensemble/ensemble_tests.py (schemas) fails when they drift: run this after
editing docs/output-schema.json.

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
        totals = retarget(copy.deepcopy(rp["totals"]), "#/$defs/persons", "#/$defs/stat_total")
        D["stat_totals"] = with_description(totals, D.get("stat_totals", {}).get("description"))
        with open(os.path.join(ROOT, "docs", f"{name}-schema.json"), "w", encoding="utf-8") as f:
            json.dump(schema, f, indent=2, ensure_ascii=False)
            f.write("\n")
        print(f"docs/{name}-schema.json: copies updated")


if __name__ == "__main__":
    main()
