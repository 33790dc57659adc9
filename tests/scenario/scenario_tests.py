#!/usr/bin/python3
"""Scenario-level tests of migsim: whole runs checked over their JSON output.

usage: scenario_tests.py TEST MIGSIM SOURCE_DIR WORK_DIR

TEST is one of the functions named test_* below (without the prefix). SOURCE_DIR is the
repository root (scenarios/, docs/, tests/scenario/toy.lua), WORK_DIR a scratch folder.

The Western Balkans default world (scenarios/wb2022.lua) is being recalibrated, so tests on
it assert relations (identities, falls, equal bytes), never levels.
"""
import csv
import io
import json
import math
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import harness  # noqa: E402
from harness import Failure, check  # noqa: E402

SEED = "7"


class Ctx:
    def __init__(self, exe, src, work):
        self.exe, self.src, self.work = exe, src, work
        self.n = 0

    def path(self, *p):
        return os.path.join(self.src, *p)

    def migsim(self, *args, cwd=None, expect=0):
        r = subprocess.run([self.exe] + list(args), cwd=cwd or self.work, capture_output=True, text=True, timeout=600)
        if expect is not None and r.returncode != expect:
            raise Failure(f"migsim {' '.join(args)} exited {r.returncode}, expected {expect}\n{r.stderr[-3000:]}")
        return r

    def run(self, scenario, *args, name=None):
        """Run a scenario; returns (path of the output, the document)."""
        self.n += 1
        out = os.path.join(self.work, name or f"run{self.n}.json")
        self.migsim("run", scenario, "-q", "-o", out, *args)
        with open(out, encoding="utf-8") as f:
            return out, json.load(f)

    def toy(self, *args, name=None):
        return self.run(self.path("tests", "scenario", "toy.lua"), "--seed", SEED, *args, name=name)

    def wb(self, *args, name=None, scenario="wb2022.lua"):
        return self.run(self.path("scenarios", scenario), "--seed", SEED, *args, name=name)


def read(path):
    with open(path, "rb") as f:
        return f.read()


def leaves(x, prefix=()):
    """(path, list) for every series array under x."""
    if isinstance(x, list):
        yield prefix, x
    else:
        for k, v in x.items():
            yield from leaves(v, prefix + (k,))


def total_of(section, name, n):
    """Element-wise sum over every array of one series."""
    out = [0.0] * n
    for _, a in leaves(section[name]):
        for i, v in enumerate(a):
            out[i] += v
    return out


def first_difference(a, b, path="$"):
    if type(a) is not type(b):
        return f"{path}: {type(a).__name__} vs {type(b).__name__}"
    if isinstance(a, dict):
        for k in list(a) + [k for k in b if k not in a]:
            if k not in a or k not in b:
                return f"{path}.{k}: only in {'the output' if k in a else 'the golden file'}"
            d = first_difference(a[k], b[k], f"{path}.{k}")
            if d:
                return d
        if list(a) != list(b):
            return f"{path}: same keys in another order"
        return None
    if isinstance(a, list):
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, f"{path}[{i}]")
            if d:
                return d
        return f"{path}: length {len(a)} vs {len(b)}" if len(a) != len(b) else None
    return None if a == b else f"{path}: {a!r} vs {b!r}"


# ---- (a) golden -------------------------------------------------------------------------

def golden_command(exe, out):
    """The one command that makes toy.golden.json (also used by regen_golden.sh)."""
    return [exe, "run", "toy.lua", "--seed", SEED, "-q", "-o", out]


def test_golden(c):
    """toy.lua at --seed 7 gives exactly tests/scenario/toy.golden.json."""
    out = os.path.join(c.work, "toy.json")
    here = c.path("tests", "scenario")
    r = subprocess.run(golden_command(c.exe, out), cwd=here, capture_output=True, text=True, timeout=600)
    check(r.returncode == 0, f"toy.lua failed:\n{r.stderr}")
    golden = os.path.join(here, "toy.golden.json")
    if read(out) != read(golden):
        with open(out, encoding="utf-8") as f, open(golden, encoding="utf-8") as g:
            where = first_difference(json.load(f), json.load(g)) or "formatting only"
        raise Failure(f"output differs from {golden}: first difference at {where}\n"
                      "If the change is intended, run tests/scenario/regen_golden.sh and review the diff.")


# ---- (b) determinism --------------------------------------------------------------------

def test_determinism_toy(c):
    """Same seed twice: the same bytes; another seed: other bytes; threads do not matter."""
    a, _ = c.toy(name="a.json")
    b, _ = c.toy(name="b.json")
    check(read(a) == read(b), "toy.lua: two runs with the same seed differ")
    o, _ = c.run(c.path("tests", "scenario", "toy.lua"), "--seed", "8", name="other.json")
    check(read(a) != read(o), "toy.lua: seeds 7 and 8 give the same bytes")
    for t in ("2", "3"):
        p, _ = c.toy("--threads", t, name=f"threads{t}.json")
        check(read(a) == read(p), f"toy.lua: --threads 1 and --threads {t} differ")


def test_determinism_wb2022(c):
    """wb2022: same seed twice, --threads 1 vs 2, with and without the vector pass give the same
    bytes; seed 8 other bytes."""
    a, _ = c.wb("--threads", "1", name="a.json")
    b, _ = c.wb("--threads", "2", name="b.json")
    check(read(a) == read(b), "wb2022.lua: --threads 1 and --threads 2 differ")
    a2, _ = c.wb("--threads", "1", name="a2.json")
    check(read(a) == read(a2), "wb2022.lua: two runs with the same seed differ")
    o, _ = c.run(c.path("scenarios", "wb2022.lua"), "--seed", "8", name="other.json")
    check(read(a) != read(o), "wb2022.lua: seeds 7 and 8 give the same bytes")
    # The vector pass over ordinary agent-days (sim/core/quick_days.c) and step_agent()
    # alone must agree to the byte; on a CPU without AVX-512 both runs take the latter.
    os.environ["MIGSIM_VECTOR"] = "0"
    try:
        for t in ("1", "2"):
            s, _ = c.wb("--threads", t, name=f"scalar{t}.json")
            check(read(a) == read(s), f"wb2022.lua: MIGSIM_VECTOR=0 --threads {t} differs from the vector pass")
    finally:
        del os.environ["MIGSIM_VECTOR"]


def test_closure(c):
    """scenarios/closure.lua (RS-HU closed 2022-11-01 to 2023-01-31): the same bytes with 1 and
    2 threads and without the vector pass; valid against the schema and conserving people; no
    attempt at RS-HU inside the window, attempts again after; the people turned away wait,
    reroute or go home, counted in their series, and those who go home are among `returned`."""
    s = c.path("scenarios", "closure.lua")
    a, doc = c.run(s, "--seed", SEED, "--threads", "1", name="a.json")
    os.environ["MIGSIM_VECTOR"] = "0"
    try:
        b, _ = c.run(s, "--seed", SEED, "--threads", "2", name="b.json")
    finally:
        del os.environ["MIGSIM_VECTOR"]
    check(read(a) == read(b), "closure.lua: --threads 1 and --threads 2 (scalar) differ")
    validate(c, doc, "closure.lua output")
    conservation(doc, "closure.lua")
    D, dates, T = doc["daily"], doc["dates"], doc["totals"]
    i, j = dates.index("2022-11-01"), dates.index("2023-02-01")
    hu = [sum(x) for x in zip(*D["attempts"]["RS-HU"].values())]
    check(sum(hu[:i]) > 0 and sum(hu[i:j]) == 0 and sum(hu[j:]) > 0,
          f"closure.lua: RS-HU attempts before/inside/after the window {sum(hu[:i])}/{sum(hu[i:j])}/{sum(hu[j:])}")
    for name in ("waiting_at_closed", "rerouted_at_closed", "gave_up_at_closed"):
        v = [sum(x) for x in zip(*D[name]["RS-HU"].values())]
        check(sum(v[i:j]) > 0 and sum(v[:i]) + sum(v[j:]) == 0, f"closure.lua: {name} outside the window or none")
        check(T[name] == T[name + ".RS-HU"] == sum(v), f"closure.lua: totals.{name} is not the sum of its series")
    check(T["gave_up_at_closed"] <= T["returned"], "closure.lua: gave_up_at_closed is not among returned")


# ---- (c) schema -------------------------------------------------------------------------

def validate(c, doc, what):
    import jsonschema
    with open(c.path("docs", "output-schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.absolute_path))
    if errors:
        lines = [f"  {e.json_path}: {e.message[:300]}" for e in errors[:15]]
        raise Failure(f"{what} does not validate against docs/output-schema.json "
                      f"({len(errors)} errors):\n" + "\n".join(lines))


def test_schema_rejects(c):
    """The schema is strict: it rejects documents with a wrong, missing or extra field."""
    _, doc = c.toy()
    validate(c, doc, "toy.lua output")
    import copy
    import jsonschema
    with open(c.path("docs", "output-schema.json"), encoding="utf-8") as f:
        schema = json.load(f)
    v = jsonschema.validators.validator_for(schema)(schema)
    mutations = {
        "an extra top-level key": lambda d: d.__setitem__("extra", 1),
        "an extra meta key": lambda d: d["meta"].__setitem__("comment", "x"),
        "a missing daily series": lambda d: d["daily"].pop("in_transit"),
        "an extra monthly series": lambda d: d["monthly"].__setitem__("deaths", {}),
        "a negative count": lambda d: d["daily"]["stock"]["C_camp"].__setitem__(0, -1),
        "a string count": lambda d: d["monthly"]["frontex_detections"]["XXA"].__setitem__(0, "3"),
        "units agents": lambda d: d["meta"].__setitem__("units", "agents"),
        "another schema id": lambda d: d.__setitem__("schema", "migsim-run/2"),
        "a bad date": lambda d: d["dates"].__setitem__(0, "1/1/2022"),
        "an unknown total": lambda d: d["totals"].__setitem__("happiness", 1),
        "a missing total": lambda d: d["totals"].pop("arrivals"),
        "an unknown parameter": lambda d: d["meta"]["parameters"].__setitem__("speed.bike", 1),
        "a border series keyed by nationality first": lambda d: d["daily"]["detections"].__setitem__("XXA", {"BB-CC": [1]}),
        "a route key without a mode": lambda d: d["daily"]["route_entries"].__setitem__("B_city>B_west", [0]),
        "an event without a label": lambda d: d["meta"]["events"][0].pop("label"),
        "a location of an unknown kind": lambda d: d["meta"]["world"]["locations"][0].__setitem__("kind", "camp"),
    }
    accepted = []
    for what, mutate in mutations.items():
        bad = copy.deepcopy(doc)
        mutate(bad)
        if v.is_valid(bad):
            accepted.append(what)
    check(not accepted, "the schema accepts a document with " + "; ".join(accepted))


def consistency(doc, what):
    """What the schema cannot say: lengths, keys from meta.world, totals = sums of series."""
    dates, months, w = doc["dates"], doc["months"], doc["meta"]["world"]
    nd, nm = len(dates), len(months)
    check(doc["meta"]["days"] == nd and dates[0] == doc["meta"]["start"] and dates[-1] == doc["meta"]["end"],
          f"{what}: meta start/end/days do not match dates")
    check(months == sorted(set(x[:7] for x in dates)), f"{what}: months are not the months of dates")
    for section, n in (("daily", nd), ("monthly", nm)):
        for name in doc[section]:
            for path, a in leaves(doc[section][name]):
                check(len(a) == n, f"{what}: {section}.{name}.{'.'.join(path)} has {len(a)} values, not {n}")
    nats = [n["code"] for n in w["nationalities"]]
    borders = [b["name"] for b in w["borders"]]
    locs = [x["id"] for x in w["locations"]]
    D = doc["daily"]
    check(list(D["departures"]) == nats and list(D["returned"]) == nats and list(D["frontex_detections"]) == nats,
          f"{what}: nationality keys differ from meta.world.nationalities")
    for n in w["nationalities"]:
        check(list(D["departures"][n["code"]]) == [ch["name"] for ch in n["channels"]],
              f"{what}: channel keys of {n['code']} differ from meta.world")
    check(list(D["detections"]) == borders, f"{what}: border keys differ from meta.world.borders")
    check(list(D["stock"]) == locs, f"{what}: location keys differ from meta.world.locations")
    check(list(D["route_entries"]) == [r["key"] for r in w["routes"]], f"{what}: route keys differ")
    T = doc["totals"]
    for name in ("departures", "deterred", "switched_channel", "attempts", "detections", "frontex_detections",
                 "persons_detected", "pushbacks", "registrations", "detained", "arrivals",
                 "asylum_applications", "returned"):
        s = sum(total_of(D, name, nd))
        check(abs(s - T[name]) < 1e-6, f"{what}: totals.{name} = {T[name]} but the daily series sum to {s}")
        m = sum(total_of(doc["monthly"], name, nm))
        check(abs(m - s) < 1e-6, f"{what}: monthly {name} sum to {m}, daily to {s}")
    det = total_of(D, "detections", nd)
    parts = [a + b + c for a, b, c in zip(total_of(D, "pushbacks", nd), total_of(D, "registrations", nd),
                                          total_of(D, "detained", nd))]
    check(det == parts, f"{what}: detections != pushbacks + registrations + detained on some day")
    frontex = [b["name"] for b in w["borders"] if b["frontex"]]
    for n in nats:
        fx = [sum(D["detections"][b][n][i] for b in frontex) for i in range(nd)]
        check(fx == D["frontex_detections"][n], f"{what}: frontex_detections.{n} != detections at frontex borders")
    check(T["stock_end"] == sum(D["stock"][x][-1] for x in locs), f"{what}: stock_end is not the last day's stock")
    check(T["in_transit_end"] == D["in_transit"][-1], f"{what}: in_transit_end is not the last day's in_transit")
    check(T["undetected_crossings"] == T["attempts"] - T["detections"], f"{what}: undetected_crossings")
    # Monthly stocks are end of month: the daily value on the month's last reported day.
    for x in locs:
        for k, ym in enumerate(months):
            last = max(i for i, dd in enumerate(dates) if dd.startswith(ym))
            check(doc["monthly"]["stock"][x][k] == D["stock"][x][last], f"{what}: monthly stock {x} {ym} is not end of month")


def test_schema_toy(c):
    """toy.lua's output validates against docs/output-schema.json and is self-consistent."""
    _, doc = c.toy()
    validate(c, doc, "toy.lua output")
    consistency(doc, "toy.lua")


def test_schema_wb2022(c):
    """wb2022.lua's output validates against docs/output-schema.json and is self-consistent."""
    _, doc = c.wb()
    validate(c, doc, "wb2022.lua output")
    consistency(doc, "wb2022.lua")


# ---- (d) conservation -------------------------------------------------------------------

def conservation(doc, what):
    """Every day: cumulative departures = stock + in_transit + cumulative (arrivals + returned
    + detained). With a warm-up (meta.warmup_from) the people already on their way when the
    report starts shift both sides by a constant, so then the identity holds up to that constant."""
    D, n = doc["daily"], len(doc["dates"])
    dep = total_of(D, "departures", n)
    gone = [a + r + d for a, r, d in zip(total_of(D, "arrivals", n), total_of(D, "returned", n),
                                          total_of(D, "detained", n))]
    placed = [s + t for s, t in zip(total_of(D, "stock", n), D["in_transit"])]
    cum_dep = cum_gone = 0
    residual = []
    for i in range(n):
        cum_dep += dep[i]
        cum_gone += gone[i]
        residual.append(cum_dep - (placed[i] + cum_gone))
    warm = doc["meta"].get("warmup_from")
    base = residual[0] if warm else 0
    bad = [(doc["dates"][i], r) for i, r in enumerate(residual) if abs(r - base) > 1e-6]
    check(not bad, f"{what}: conservation broken on {len(bad)} days, first {bad[:3]} "
                   f"(cumulative departures - stock - in_transit - cumulative arrivals/returned/detained)")
    check(cum_dep > 0, f"{what}: nobody departed, the identity is empty")


def test_conservation_toy(c):
    _, doc = c.toy()
    check(not doc["meta"].get("warmup_from"), "toy.lua has no warm-up")
    conservation(doc, "toy.lua")


def test_conservation_wb2022(c):
    _, doc = c.wb()
    conservation(doc, "wb2022.lua")


# ---- (e) zero cases ---------------------------------------------------------------------

def nat_codes(doc):
    return [n["code"] for n in doc["meta"]["world"]["nationalities"]]


def zero_demand(c, runner, what):
    _, base = runner()
    sets = []
    for n in nat_codes(base):
        sets += ["--set", f"nationality.{n}.departure_multiplier=0"]
    _, doc = runner(*sets)
    T = doc["totals"]
    for k in ("departures", "deterred", "switched_channel", "attempts", "detections", "frontex_detections",
              "persons_detected", "arrivals", "returned", "detained", "stock_end", "in_transit_end"):
        check(T[k] == 0, f"{what} with demand 0: totals.{k} = {T[k]}, expected 0")
    # Everything that counts people or money is zero; the market's state (prices on
    # offer, groups in business) is not a count of people and stands without them.
    for name in doc["daily"]:
        if name == "smuggling_price":
            continue
        check(all(v == 0 for path, a in leaves(doc["daily"][name]) for v in a if path != ("groups_active",)),
              f"{what} with demand 0: daily {name} is not all zero")
    check(base["totals"]["detections"] > 0, f"{what}: the baseline has no detections, the zero test is empty")


def sealed(c, runner, what):
    """Every border a scenario configures: detect all, push all back, nobody gives up."""
    _, base = runner()
    keys = [k[len("border."):-len(".detection_prob")] for k in base["meta"]["parameters"]
            if k.startswith("border.") and k.endswith(".detection_prob")]
    sets = ["--set", "give_up_prob=0"]
    for g in base["meta"]["world"]["groups"]:  # no smuggler's skill gets anyone through
        sets += ["--set", f"group.{g['id']}.skill=0"]
    for b in keys:
        sets += ["--set", f"border.{b}.detection_prob=1", "--set", f"border.{b}.registration_share=0",
                 "--set", f"border.{b}.pushback_share=1"]
    _, doc = runner(*sets)
    T = doc["totals"]
    check(T["departures"] > 0 and T["attempts"] > 0, f"{what} sealed: nobody tried, the test is empty")
    for k in ("arrivals", "asylum_applications", "returned", "detained", "registrations"):
        check(T[k] == 0, f"{what} with every border sealed: totals.{k} = {T[k]}, expected 0")
    for b in keys:
        check(T[f"detections.{b}"] == sum(sum(a) for _, a in leaves(doc["daily"]["attempts"][b])),
              f"{what} sealed: not every attempt at {b} was detected")
    check(T["pushbacks"] == T["detections"], f"{what} sealed: pushbacks != detections")
    check(base["totals"]["arrivals"] > 0, f"{what}: the baseline has no arrivals, the zero test is empty")


def test_zero_demand_toy(c):
    """Demand 0 (departure_multiplier 0 for every group): nobody leaves, nothing is detected."""
    zero_demand(c, c.toy, "toy.lua")


def test_zero_demand_wb2022(c):
    zero_demand(c, c.wb, "wb2022.lua")


def test_zero_sealed_toy(c):
    """Every border sealed (detection_prob 1, pushback_share 1, give_up_prob 0): no arrivals."""
    sealed(c, c.toy, "toy.lua")


def test_zero_sealed_wb2022(c):
    sealed(c, c.wb, "wb2022.lua")


def visa_closed(doc, what):
    """After each visa event that makes country CC require a visa of NAT, no departure of NAT
    through a channel needing CC's visa; with displacement 0, nobody displaced either."""
    w = doc["meta"]["world"]
    D, dates = doc["daily"], doc["dates"]
    found = 0
    for e in doc["meta"]["events"]:
        if e["type"] != "visa" or e["new"] != "required":
            continue
        country, nat = e["country"], e["nationality"]
        i = dates.index(e["date"])
        g = next(n for n in w["nationalities"] if n["code"] == nat)
        for ch in g["channels"]:
            if ch["visa"] == country:
                found += 1
                check(sum(D["departures"][nat][ch["name"]][:i]) > 0,
                      f"{what}: {nat}/{ch['name']} carried nobody before its visa change, the test is empty")
                check(all(v == 0 for v in D["departures"][nat][ch["name"]][i:]),
                      f"{what}: departures of {nat} through {ch['name']} after {country} requires a visa")
                check(sum(D["deterred"][nat][ch["name"]][i:]) > 0,
                      f"{what}: nobody of {nat} deterred after {country} requires a visa")
        for name, a in D["switched_channel"][nat].items():
            check(all(v == 0 for v in a), f"{what}: {nat} displaced into {name} although displacement is 0")
    check(found, f"{what}: no visa change closed a channel, the test is empty")


def test_zero_visa_closed_toy(c):
    """A channel closed by a visa change, with displacement 0: nobody takes it afterwards,
    nobody is displaced, those who preferred it are deterred."""
    _, doc = c.toy("--set", "nationality.XXA.displacement=0")
    visa_closed(doc, "toy.lua")


def test_zero_visa_closed_wb2022(c):
    _, base = c.wb()
    sets = []
    for n in nat_codes(base):
        sets += ["--set", f"nationality.{n}.displacement=0"]
    _, doc = c.wb(*sets)
    visa_closed(doc, "wb2022.lua")


def test_zero_channel_closed_toy(c):
    """A channel closed from the start (--set channel...open=0) carries nobody."""
    _, doc = c.toy("--set", "channel.XXA.air.open=0", "--set", "nationality.XXA.displacement=0")
    D = doc["daily"]
    check(all(v == 0 for v in D["departures"]["XXA"]["air"]), "toy.lua: departures through a closed channel")
    check(all(v == 0 for _, a in leaves(D["switched_channel"]) for v in a), "toy.lua: displaced with displacement 0")
    check(sum(D["deterred"]["XXA"]["air"]) > 0, "toy.lua: nobody deterred by a closed channel")
    check(sum(D["departures"]["XXA"]["overland"]) > 0, "toy.lua: the open channel carries nobody either")


# ---- (f) export -------------------------------------------------------------------------

EXPORT_HEADERS = {
    "detections_monthly": ["month", "nationality", "border", "detections"],
    "totals": ["indicator", "value"],
    "frontex_monthly": ["month", "nationality", "detections"],
}


def export(c, out, table, fmt, expect=0):
    return c.migsim("export", out, "--table", table, "--format", fmt, expect=expect)


def check_export(c, out, doc, what):
    T = doc["totals"]
    months = doc["months"]
    nats = nat_codes(doc)
    borders = [b["name"] for b in doc["meta"]["world"]["borders"]]
    for table, header in EXPORT_HEADERS.items():
        text = export(c, out, table, "csv").stdout
        rows = list(csv.reader(io.StringIO(text)))
        check(rows[0] == header, f"{what}: {table} csv header {rows[0]}, expected {header}")
        body = rows[1:]
        check(all(len(r) == len(header) for r in body), f"{what}: {table} csv has ragged rows")
        records = json.loads(export(c, out, table, "json").stdout)
        check(isinstance(records, list) and all(list(r) == header for r in records),
              f"{what}: {table} json records do not have exactly the keys {header}")
        as_csv = [[str(r[k]) if k != header[-1] else float(r[k]) for k in header] for r in records]
        check(as_csv == [r[:-1] + [float(r[-1])] for r in body], f"{what}: {table} csv and json rows differ")
        o = os.path.join(c.work, f"{table}.csv")
        c.migsim("export", out, "--table", table, "-o", o)
        check(read(o).decode() == text, f"{what}: export -o {table} differs from its stdout")
        if table == "totals":
            got = {r[0]: float(r[1]) for r in body}
            check(got == {k: float(v) for k, v in T.items()}, f"{what}: the totals table differs from totals")
            continue
        vals = [float(r[-1]) for r in body]
        key = "detections" if table == "detections_monthly" else "frontex_detections"
        check(abs(sum(vals) - T[key]) < 1e-6, f"{what}: {table} sums to {sum(vals)}, totals.{key} = {T[key]}")
        for n in nats:
            s = sum(float(r[-1]) for r in body if r[1] == n)
            check(abs(s - T[f"{key}.{n}"]) < 1e-6, f"{what}: {table} for {n} sums to {s}, totals say {T[f'{key}.{n}']}")
        check(sorted(set(r[0] for r in body)) == months, f"{what}: {table} months differ from the document's")
        if table == "detections_monthly":
            check(len(body) == len(months) * len(nats) * len(borders), f"{what}: {table} lacks rows")
            for b in borders:
                s = sum(float(r[-1]) for r in body if r[2] == b)
                check(abs(s - T[f"detections.{b}"]) < 1e-6, f"{what}: {table} at {b} sums to {s}")
        else:
            check(len(body) == len(months) * len(nats), f"{what}: {table} lacks rows")
            for r in body:
                check(float(r[2]) == doc["monthly"]["frontex_detections"][r[1]][months.index(r[0])],
                      f"{what}: frontex_monthly row {r} differs from monthly.frontex_detections")


def test_export_toy(c):
    """export --table detections_monthly|totals|frontex_monthly, csv and json: exact headers,
    sums equal to the JSON totals; bad table, format or file: exit 2 and no file written."""
    out, doc = c.toy()
    check_export(c, out, doc, "toy.lua")
    o = os.path.join(c.work, "untouched.csv")
    with open(o, "w") as f:
        f.write("keep\n")
    for args, msg in ((["--table", "nope"], "unknown table 'nope'"),
                      (["--table", "totals", "--format", "xml"], "unknown format 'xml'"),
                      (["--format", "csv"], "--table")):
        r = c.migsim("export", out, *args, "-o", o, expect=2)
        check(msg in r.stderr, f"export {' '.join(args)}: stderr lacks {msg!r}: {r.stderr}")
        check(read(o) == b"keep\n", f"export {' '.join(args)} touched the -o file")
        n = os.path.join(c.work, "new.csv")
        c.migsim("export", out, *args, "-o", n, expect=2)
        check(not os.path.exists(n), f"export {' '.join(args)} created its -o file")
    r = c.migsim("export", c.path("tests", "scenario", "toy.lua"), "--table", "totals", expect=2)
    check("not a migsim run result" in r.stderr, f"export of a non-result: {r.stderr}")
    r = c.migsim("export", os.path.join(c.work, "missing.json"), "--table", "totals", expect=2)
    leftovers = [f for f in os.listdir(c.work) if ".tmp." in f]
    check(not leftovers, f"export left temporary files: {leftovers}")


def test_export_wb2022(c):
    out, doc = c.wb()
    check_export(c, out, doc, "wb2022.lua")


def test_vocabulary(c):
    """Issue 17, friction 8: the words a reader meets say what is counted. Departures through
    another channel are switched_channel (0.1 said displaced, which reads as forced
    displacement), in the JSON, the export tables and the Lua indicator tables; the summary
    says that detections count detected crossing attempts, not persons."""
    out, doc = c.toy()
    for part in ("monthly", "daily"):
        check("switched_channel" in doc[part] and "displaced" not in doc[part], f"{part} keys {list(doc[part])}")
    check(not [k for k in doc["totals"] if k.startswith("displaced")], "a total is still called displaced")
    check("switched_channel" in doc["totals"], "no switched_channel total")
    r = c.migsim("export", out, "--table", "switched_channel_monthly", "--format", "csv")
    check(r.stdout.splitlines()[0] == "month,nationality,channel,switched_channel", f"header {r.stdout[:80]!r}")
    r = c.migsim("export", out, "--table", "displaced_monthly", expect=2)
    check("switched_channel_monthly" in r.stderr, f"the old table's name gives no hint: {r.stderr}")
    r = c.migsim("run", c.path("tests", "scenario", "toy.lua"), "--seed", SEED)
    summary = r.stderr
    check("frontex detections by month (detected crossing attempts)" in summary and "(persons)" not in summary
          and "detections and frontex: detected crossing attempts" in summary and "switched" in summary,
          f"summary wording:\n{summary[:1200]}")


# ---- (g) the command line ---------------------------------------------------------------

def test_cli(c):
    """--help of every command and --version exit 0 on stdout; bad command lines exit 2."""
    for args in (["--help"], ["-h"], ["help"], ["run", "--help"], ["check", "--help"], ["export", "--help"],
                 ["bench", "--help"], ["params", "--help"]):
        r = c.migsim(*args)
        check(r.stdout.startswith("usage: migsim"), f"migsim {' '.join(args)}: stdout does not start with usage")
    r = c.migsim("export", "--help")
    for t in EXPORT_HEADERS:
        check(t in r.stdout, f"export --help does not list the table {t}")
    r = c.migsim("--version")
    check(re.fullmatch(r"migsim \d+\.\d+\.\d+\S*\n", r.stdout), f"--version printed {r.stdout!r}")
    _, doc = c.toy()
    check(r.stdout.split()[1] == doc["meta"]["version"], "--version and meta.version differ")
    toy = c.path("tests", "scenario", "toy.lua")
    out = os.path.join(c.work, "keep.json")
    for args in ([], ["frobnicate"], ["run"], ["run", toy, "--bogus"], ["run", toy, "--seed", "-3"],
                 ["run", toy, "--seed", "x"], ["run", toy, "--threads", "0"], ["run", toy, "--set", "novalue"],
                 ["run", toy, "--set", "give_up_prob=often"], ["run", toy, "--set", "give_up_prob=2"],
                 ["run", toy, "--set", "border.BB-CC.detecton_prob=1"], ["run", os.path.join(c.work, "none.lua")],
                 ["check", os.path.join(c.work, "none.lua")], ["bench", "--agents", "0"]):
        with open(out, "w") as f:
            f.write("keep\n")
        extra = ["-o", out] if args[:1] == ["run"] else []
        r = c.migsim(*(args + extra), expect=2)
        check(r.stderr.strip(), f"migsim {' '.join(args)}: exit 2 without a message")
        check(read(out) == b"keep\n", f"migsim {' '.join(args)} touched the -o file")
    r = c.migsim("run", toy, "--set", "border.BB-CC.detecton_prob=1", expect=2)
    check("did you mean 'border.BB-CC.detection_prob'" in r.stderr, f"--set typo: {r.stderr}")
    for kv, msg in (("choice.cost=-1", "'choice.cost' must be in [0, 100], got -1"),
                    ("choice.days=101", "'choice.days' must be in [0, 100], got 101"),
                    ("choice.stay=-21", "'choice.stay' must be in [-20, 20], got -21")):
        r = c.migsim("run", toy, "--set", kv, "-o", out, expect=2)
        check(msg in r.stderr, f"--set {kv}: {r.stderr}")
    r = c.migsim("check", toy)
    check(r.stdout.startswith(toy + ": ok (2022-01-01 to 2022-04-30;"), f"check printed {r.stdout!r}")


def test_params_cli(c):
    """migsim params: the table as text, markdown and json; a native scenario's keys are exactly
    meta.parameters (same order, same values), each within its range; a Flee scenario lists its
    Flee settings; a bad scenario or format is refused (exit 2, file:line, nothing on stdout)."""
    rows = json.loads(c.migsim("params", "--format", "json").stdout)
    patterns = [r["pattern"] for r in rows]
    check(len(rows) >= 40 and len(set(patterns)) == len(patterns), f"params json: {len(rows)} rows")
    for r in rows:
        check(r["type"] in ("real", "whole", "boolean") and r["lo"] <= r["hi"] and r["unit"] and r["about"]
              and r["source"], f"params json row {r}")
    text = c.migsim("params").stdout
    md = c.migsim("params", "--format", "markdown").stdout
    check(md.startswith("<!-- Generated"), "params --format markdown lacks its 'generated' header")
    for p in patterns:
        check(f"\n{p} " in "\n" + text, f"params (text) does not list {p}")
        check(f"| `{p}` |" in md, f"params (markdown) does not list {p}")
    _, doc = c.toy()
    toy = c.path("tests", "scenario", "toy.lua")
    keys = json.loads(c.migsim("params", toy, "--format", "json").stdout)
    P = doc["meta"]["parameters"]
    check([k["key"] for k in keys] == list(P), "params toy.lua: keys differ from meta.parameters (or their order)")
    for k in keys:
        check(k["value"] == P[k["key"]] and k["lo"] <= k["value"] <= k["hi"] and k["pattern"] in patterns,
              f"params toy.lua: {k} (meta.parameters has {P[k['key']]})")
    text = c.migsim("params", toy).stdout
    md = c.migsim("params", toy, "--format", "markdown").stdout
    for k in P:
        check(f"\n{k} " in "\n" + text and f"| `{k}` |" in md, f"params toy.lua does not list {k}")
    flee = json.loads(c.migsim("params", c.path("scenarios", "flee_burundi.lua"), "--format", "json").stdout)
    names = [f["key"] for f in flee]
    check("max_move_speed" in names and "hasten" in names and "agent_weight" not in names,
          f"params flee_burundi.lua: {names}")
    for f in flee:
        check(f["range"] and (f["lo"] is None or f["lo"] <= f["value"]) and (f["hi"] is None or f["value"] <= f["hi"]),
              f"params flee_burundi.lua: {f}")
    check("max_move_speed" in c.migsim("params", c.path("scenarios", "flee_burundi.lua")).stdout,
          "params flee_burundi.lua (text) does not list max_move_speed")
    bad = os.path.join(c.work, "bad_params.lua")
    with open(bad, "w") as f:
        f.write('scenario { name = "bad" }\nset("agent_wieght", 2)\n')
    r = c.migsim("params", bad, expect=2)
    check("bad_params.lua:2:" in r.stderr and "did you mean 'agent_weight'" in r.stderr
          and not r.stdout, f"params of a bad scenario: {r.stderr}")
    for args in (["--format", "yaml"], ["--format"], [toy, toy], ["--bogus"]):
        r = c.migsim("params", *args, expect=2)
        check(r.stderr and not r.stdout, f"params {args}: {r.stderr}")


# ---- (h) the visa alignment ------------------------------------------------------------

# ---- demand projection ----------------------------------------------------------------

PROJ_SEASON = [0.6, 0.6, 0.8, 1.0, 1.2, 1.4, 1.5, 1.4, 1.2, 1.0, 0.7, 0.6]   # projworld.lua
PROJ_LAST = 2                                                                   # 2022-03: index of T


def proj(c, *args, name=None, scenario="projection.lua"):
    return c.run(c.path("tests", "scenario", scenario), *[str(a) for a in args], name=name)


def test_projection(c):
    """Demand after the data (projworld.lua, data to 2022-03, run to 2023-06): (a) the same
    seed gives the same bytes on 1 or 2 threads; another seed the same demand up to the last
    given month and other demand after it (the group without a projection keeps its last
    value); (b) persistence 1 and sigma 0 (or demand.uncertainty 0) give the last value times
    the season's ratio; the export table demand_monthly holds monthly.demand."""
    a, da = proj(c, "--seed", 1, name="a.json")
    b, _ = proj(c, "--seed", 1, name="b.json")
    t, _ = proj(c, "--seed", 1, "--threads", 2, name="t.json")
    check(read(a) == read(b) and read(a) == read(t), "projection.lua: the same seed gives other bytes")
    _, do = proj(c, "--seed", 2, name="o.json")
    pa, po = da["monthly"]["demand"]["PPA"], do["monthly"]["demand"]["PPA"]
    check(len(pa) == 18 and da["months"][PROJ_LAST] == "2022-03", f"projection.lua: months {da['months']}")
    check(pa[:PROJ_LAST + 1] == [20, 25, 30] and po[:PROJ_LAST + 1] == [20, 25, 30],
          f"demand up to the last given month is not the data: {pa[:3]}, {po[:3]}")
    check(all(x != y for x, y in zip(pa[PROJ_LAST + 1:], po[PROJ_LAST + 1:])),
          f"seeds 1 and 2 give the same projected demand in some month: {pa}, {po}")
    check(da["monthly"]["demand"]["SSA"] == [5] + [6] * 17 == do["monthly"]["demand"]["SSA"],
          f"SSA (no projection) does not keep its last value: {da['monthly']['demand']['SSA']}")
    check(da["meta"]["parameters"]["demand.uncertainty"] == 1 and
          da["meta"]["parameters"]["nationality.PPA.projection.persistence"] == 0.8 and
          "nationality.SSA.projection.sigma" not in da["meta"]["parameters"], "meta.parameters: the projection's keys")
    # (b) the deterministic random walk: 30/day in March carried by season ratio (and drift 0.01/month)
    for sets in (["--set", "nationality.PPA.projection.persistence=1", "--set", "nationality.PPA.projection.sigma=0"],
                 ["--set", "nationality.PPA.projection.persistence=1", "--set", "demand.uncertainty=0"]):
        _, d = proj(c, "--seed", 5, *sets)
        got = d["monthly"]["demand"]["PPA"]
        for k in range(PROJ_LAST + 1, 18):
            want = 30 * PROJ_SEASON[k % 12] / PROJ_SEASON[PROJ_LAST] * math.exp(0.01 * (k - PROJ_LAST))
            check(abs(got[k] - want) <= 2 ** -21, f"{sets}: month {d['months'][k]}: {got[k]} != {want} "
                                                  "(monthly.demand is rounded to 2^-20 persons/day)")
    # an ensemble: replicates draw their own paths (sd > 0 after the data only), mean of the runs' values
    _, de = proj(c, "--seed", 1, "--replicates", 2, name="ens.json")
    st = de["monthly"]["demand"]["PPA"]
    check(all(x == 0 for x in st["sd"][:PROJ_LAST + 1]) and all(x > 0 for x in st["sd"][PROJ_LAST + 1:]),
          f"ensemble monthly.demand.PPA sd: {st['sd']}")
    check(st["mean"] == [(x + y) / 2 for x, y in zip(pa, do["monthly"]["demand"]["PPA"])],
          "ensemble monthly.demand.PPA mean is not the mean of seeds 1 and 2")
    # the export table
    r = c.migsim("export", a, "--table", "demand_monthly")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    ppa = [float(x["persons_per_day"]) for x in rows if x["nationality"] == "PPA"]
    check(len(ppa) == 18 and all(abs(x - y) < 1e-9 * y for x, y in zip(ppa, pa)),
          f"export demand_monthly: {rows[:3]}")


def test_projection_resume_fork(c):
    """(e) The projection survives checkpoints and forks exactly: a run stopped and resumed
    (twice, on other thread counts) gives the bytes of an uninterrupted one, and
    `compare --fork-at` gives the statistics of the comparison without a fork."""
    s = c.path("tests", "scenario", "projection.lua")
    full, part = os.path.join(c.work, "full.json"), os.path.join(c.work, "part.json")
    ck = os.path.join(c.work, "ck")
    os.makedirs(ck, exist_ok=True)
    c.migsim("run", s, "-q", "--seed", "4", "-o", full)
    c.migsim("run", s, "-q", "--seed", "4", "-o", part, "--checkpoint-dir", ck, "--stop-after", "60")
    files = os.listdir(ck)
    check(len(files) == 1, f"checkpoint folder holds {files}")
    path = os.path.join(ck, files[0])
    c.migsim("resume", path, "--stop-after", "200", "--threads", "2")
    c.migsim("resume", path, "-o", part)
    check(read(full) == read(part), "projection.lua: stopped after 60 and 260 days and resumed, the result differs")
    arms = [s, c.path("tests", "scenario", "projection_tighten.lua")]
    plain = os.path.join(c.work, "plain.json")
    fork = os.path.join(c.work, "fork.json")
    c.migsim("compare", *arms, "--replicates", "3", "--seed", "11", "-q", "-o", plain, "--fork-at", "none")
    c.migsim("compare", *arms, "--replicates", "3", "--seed", "11", "-q", "-o", fork, "--fork-at", "2022-08-01")
    with open(plain, encoding="utf-8") as f, open(fork, encoding="utf-8") as g:
        dp, df = json.load(f), json.load(g)
    for part_ in ("arms", "differences"):
        check(dp[part_] == df[part_], f"compare --fork-at 2022-08-01: {part_} differ from the comparison without a fork")


# ---- journeys as distributions (issue 17) -----------------------------------------------

def journey_sums(doc, what):
    """Every journey distribution sums to the arrivals of its nationalities."""
    J, T = doc["journeys"], doc["totals"]
    for k in ("days_to_arrive", "detections_before_arrival"):
        check(abs(sum(J[k]["all"]) - T["arrivals"]) < 1e-6, f"{what}: {k} sums to {sum(J[k]['all'])}, "
              f"arrivals {T['arrivals']}")
        for n, v in J[k]["by_nationality"].items():
            check(len(v) == len(J[k]["bins"]), f"{what}: {k}.{n} has {len(v)} bins")
            check(abs(sum(v) - T[f"arrivals.{n}"]) < 1e-6, f"{what}: {k}.{n} sums to {sum(v)}, "
                  f"arrivals {T[f'arrivals.{n}']}")


def test_journeys(c):
    """tests/scenario/journeys.lua: a channel of N days straight to the destination makes every
    journey N days long (bins of 7 days), with no detection; behind a border detecting half the
    attempts and pushing everyone back, detections before arrival fall off geometrically; the
    distributions sum to the arrivals (also on toy.lua), and ensembles give their statistics."""
    scen = c.path("tests", "scenario", "journeys.lua")
    for days, want in ((14, 2), (20, 2), (21, 3), (0, 0)):
        _, doc = c.run(scen, "--set", f"channel.XXF.direct.days={days}")
        J = doc["journeys"]
        check(J["days_to_arrive"]["bins"][:4] == ["0-6", "7-13", "14-20", "21-27"]
              and J["days_to_arrive"]["bins"][-1] == "364+", f"bins {J['days_to_arrive']['bins']}")
        check(J["detections_before_arrival"]["bins"] == [str(k) for k in range(10)] + ["10+"],
              f"bins {J['detections_before_arrival']['bins']}")
        f = J["days_to_arrive"]["by_nationality"]["XXF"]
        check(f[want] > 1000 and sum(f) == f[want],
              f"channel of {days} days: XXF's journeys {f}, expected all in bin {want}")
        check(J["detections_before_arrival"]["by_nationality"]["XXF"][0] == f[want], "XXF was detected")
        journey_sums(doc, f"journeys.lua, {days} days")
    g = J["detections_before_arrival"]["by_nationality"]["XXG"]
    n = sum(g)
    # P(k) = 0.5^(k+1) for everyone; the run's end cuts the longest journeys (many detections)
    # short, so the shares lean a little towards 0.
    check(n > 3000 and all(g[k] > g[k + 1] for k in range(5)), f"XXG detections {g}")
    check(0.47 < g[0] / n < 0.56 and 0.2 < g[1] / n < 0.3, f"XXG detections {g}: not about 1/2, 1/4, ...")
    check(J["days_to_arrive"]["by_nationality"]["XXG"][0] > 0, "XXG: no journey under a week")
    _, toy = c.toy()
    journey_sums(toy, "toy.lua")
    _, ens = c.run(scen, "--replicates", "3")
    E = ens["journeys"]["detections_before_arrival"]["all"]
    check(set(E) == {"mean", "sd", "lo", "hi"} and len(E["mean"]) == 11, f"ensemble journeys: {sorted(E)}")
    check(abs(sum(E["mean"]) - ens["totals"]["arrivals"]["mean"]) < 1e-6, "ensemble: mean bins do not sum to "
          "the mean arrivals")
    check(any(x > 0 for x in E["sd"]), "ensemble: every bin's sd is 0")


def test_visa_fall_wb2022(c):
    """The default run shows the fall: for BDI, TUN, IND and CUB, the mean monthly Frontex
    detections in the 3 months after the month Serbia's visa requirement takes effect are well
    below (< 0.6x) those of the run without the alignment, same seed and months; and until the
    first announcement both runs are identical (the policy has no effect before it exists)."""
    _, a = c.wb(name="aligned.json")
    _, b = c.wb(name="no_alignment.json", scenario="wb2022_no_visa_alignment.lua")
    check(a["months"] == b["months"] and a["dates"] == b["dates"], "the two runs cover different dates")
    check(not any(e["type"] == "visa" and e["country"] == "RS" for e in b["meta"]["events"]),
          "the no-alignment run changes Serbia's visa regime")
    months = a["months"]
    report = []
    for nat in ("BDI", "TUN", "IND", "CUB"):
        when = [e["date"] for e in a["meta"]["events"]
                if e["type"] == "visa" and (e["country"], e["nationality"], e["new"]) == ("RS", nat, "required")]
        check(len(when) == 1, f"wb2022: {len(when)} visa changes for {nat} in meta.events, expected 1")
        k = months.index(when[0][:7])
        check(k + 3 < len(months), f"wb2022: fewer than 3 months after {nat}'s change")
        after = slice(k + 1, k + 4)
        x = a["monthly"]["frontex_detections"][nat][after]
        y = b["monthly"]["frontex_detections"][nat][after]
        mx, my = sum(x) / 3, sum(y) / 3
        report.append(f"{nat} {months[k + 1]}..{months[k + 3]}: {mx:.1f} vs {my:.1f} without alignment")
        check(my > 0, f"wb2022: no {nat} detections without alignment after {when[0]}, nothing can fall")
        check(mx < 0.6 * my, f"wb2022: {nat} mean monthly frontex detections {mx:.1f} in {months[k + 1]}.."
                             f"{months[k + 3]} is not below 0.6 x {my:.1f} (no alignment)")
    first = min(e["date"] for e in a["meta"]["events"] if e["type"] in ("visa", "announcement"))
    i = a["dates"].index(first)
    for name in a["daily"]:
        for path, x in leaves(a["daily"][name]):
            y = b["daily"][name]
            for p in path:
                y = y[p]
            check(x[:i] == y[:i], f"wb2022: daily {name}.{'.'.join(path)} differs from the no-alignment run "
                                  f"before the first policy event ({first})")
    print("\n".join(report))


def test_visa_events_match_data(c):
    """wb2022's visa events agree with data/visa_changes.csv, the sources' table: every
    change in the CSV that falls in the run (for a country and a nationality of the world)
    is a "visa" event on its effective date, with the regime it sets, and no other visa event
    happens; an announced change is announced on the CSV's decision date (or in its month
    when the CSV gives only the month)."""
    _, doc = c.wb()
    meta = doc["meta"]
    w = meta["world"]
    country = {x["name"]: x["code"] for x in w["countries"]}
    nat = {x["name"]: x["code"] for x in w["nationalities"]}
    first, last = meta["warmup_from"] or meta["start"], meta["end"]
    want, skipped = {}, []
    with open(c.path("data", "visa_changes.csv"), newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            change, date = row["change"], row["date_effective"]
            if not change.startswith("visa requirement") or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
                continue
            if not first <= date <= last:
                continue
            if row["country"] not in country or row["nationality"] not in nat:
                skipped.append(f"{row['country']}/{row['nationality']} {date} (not in the world)")
                continue
            key = (date, country[row["country"]], nat[row["nationality"]])
            want[key] = ("free" if "abolished" in change else "required", row["decision_date"])
    events = meta["events"]
    got = {(e["date"], e["country"], e["nationality"]): e["new"] for e in events if e["type"] == "visa"}
    check(want, "visa_changes.csv: no change within the run, the test is empty")
    check(set(got) == set(want), f"wb2022's visa events {sorted(got)} are not the CSV's {sorted(want)}")
    for key, (regime, decided) in want.items():
        if key not in got:
            continue
        date, cc, nc = key
        check(got[key] == regime, f"wb2022: {nc} in {cc} on {date} becomes '{got[key]}', the CSV says {regime}")
        announced = [e["date"] for e in events if e["type"] == "announcement" and e["country"] == cc
                     and e.get("nationality") == nc and e["effective"] == date]
        if decided:
            check(len(announced) == 1 and announced[0].startswith(decided),
                  f"wb2022: {nc}'s change in {cc} on {date} is announced on {announced}, the CSV says {decided}")
    print(f"{len(want)} CSV changes matched; not modelled: {', '.join(skipped) or 'none'}")


if __name__ == "__main__":
    harness.main(globals(), Ctx)
