#!/usr/bin/python3
"""Posterior draws: run --replicates, compare and sweep with --posterior FILE, --fixed and
a scenario's default_posterior(), checked over their JSON.

usage: posterior_tests.py TEST MIGSIM SOURCE_DIR WORK_DIR

TEST is one of the functions named test_* below (without the prefix). The scenarios are the
small world beside this script (postworld.lua, a copy of tests/ensemble/ensworld.lua) and the
posterior samples here (good.json: three particles over border.BB-CC.detection_prob,
nationality.XXA.displacement and give_up_prob; one.json: one particle; bad_*.json: broken
ones); test_default_world runs the Western Balkans world (a few runs of about a second).
"""
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import harness  # noqa: E402
from harness import Failure, check  # noqa: E402

DET, DISP, GIVE = "border.BB-CC.detection_prob", "nationality.XXA.displacement", "give_up_prob"


def read(path):
    with open(path, "rb") as f:
        return f.read()


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


class Ctx:
    def __init__(self, exe, src, work):
        self.exe, self.src, self.work = exe, src, work
        self.n = 0

    def path(self, *p):
        return os.path.join(self.src, *p)

    def here(self, name):
        """A file beside this script: NAME.lua, or NAME as it is."""
        return self.path("tests", "posterior", name if "." in name else name + ".lua")

    def out(self, name=None):
        self.n += 1
        return os.path.join(self.work, name or f"out{self.n}.json")

    def migsim(self, *args, expect=0):
        r = subprocess.run([self.exe] + [str(a) for a in args], cwd=self.work, capture_output=True, text=True,
                           timeout=600)
        if expect is not None and r.returncode != expect:
            raise Failure(f"migsim {' '.join(map(str, args))} exited {r.returncode}, expected {expect}\n"
                          f"{r.stderr[-3000:]}")
        return r

    def doc(self, *args, name=None):
        """migsim ARGS -q -o OUT; returns (OUT, the document)."""
        out = self.out(name)
        self.migsim(*args, "-q", "-o", out)
        return out, load(out)


def param(doc_meta, key):
    return doc_meta["parameters"][key]


def without_posterior(doc):
    """The document with meta.posterior taken out (and its replicates' particles)."""
    doc = json.loads(json.dumps(doc))
    doc["meta"].pop("posterior", None)
    blocks = [doc] + list(doc.get("arms", {}).values()) if isinstance(doc.get("arms"), dict) else [doc]
    for b in blocks:
        for x in b.get("replicate_totals", []):
            x.pop("particle", None)
    return doc


def test_paired_arms(c):
    """compare: both arms of a replicate take the same particle (replicate_totals.particle of
    every arm is meta.posterior.draws[r]), so the paired differences before the policy's date
    are exactly 0, and --fork-at auto (which forks arm 1 from arm 0's state) gives the bytes of
    --fork-at none. With --independent each arm draws its own slots (r + k*R)."""
    base, pol, good = c.here("base"), c.here("tighten"), c.here("good.json")
    R = 8
    args = ["compare", base, pol, "--replicates", R, "--seed", 3, "--posterior", good, "--replicate-totals"]
    a, d = c.doc(*args, name="fork.json")
    post = d["meta"]["posterior"]
    check(d["meta"]["fork_at"] == "2022-03-01", f"no fork: {d['meta']['fork_at']}")
    check(len(post["draws"]) == R and len(set(post["draws"])) > 1, f"draws {post['draws']}: want {R}, not all equal")
    for arm, block in d["arms"].items():
        got = [x["particle"] for x in block["replicate_totals"]]
        check(got == post["draws"], f"arm {arm}: particles {got}, meta.posterior.draws {post['draws']}")
    months = d["months"]
    k = months.index("2022-03")
    diff = d["differences"]["post_tighten"]["monthly"]["detections"]
    for nat, borders in diff.items():
        for border, st in borders.items():
            check(all(v == 0 for v in st["mean"][:k] + st["sd"][:k]),
                  f"paired differences of detections {nat} {border} before 2022-03 are not 0: {st['mean'][:k]}")
    b, e = c.doc(*args, "--fork-at", "none", name="nofork.json")
    e["meta"]["fork_at"] = d["meta"]["fork_at"]
    check(e == d, "with a posterior, the forked comparison differs from the unforked one")
    # Replicate 0's arm parameters are its particle's.
    g = load(good)["posterior"]
    first = g["samples"][post["draws"][0]]
    for arm in d["meta"]["arms"]:
        check(abs(arm["parameters"][DISP] - first[1]) < 1e-15, f"arm {arm['name']}: {DISP} is not particle's")
    _, ind = c.doc("compare", base, pol, "--replicates", R, "--seed", 3, "--posterior", good, "--independent",
                   "--replicate-totals", name="ind.json")
    draws = ind["meta"]["posterior"]["draws"]
    check(len(draws) == 2 * R and "r + k * replicates" in ind["meta"]["posterior"]["scheme"], f"independent: {draws}")
    for k, block in enumerate(ind["arms"].values()):
        got = [x["particle"] for x in block["replicate_totals"]]
        check(got == draws[k * R:(k + 1) * R], f"independent arm {k}: particles {got}, draws {draws}")


def test_same_bytes(c):
    """The draws depend on (seed, replicate) alone: --threads 1 and 2 give the same bytes, for
    run --replicates, compare and sweep; another master seed other draws."""
    base, pol, good = c.here("base"), c.here("tighten"), c.here("good.json")
    for args in (["run", base, "--replicates", 9, "--seed", 5, "--replicate-totals"],
                 ["compare", base, pol, "--replicates", 6, "--seed", 5],
                 ["sweep", base, "--param", f"{DET}=0.1:0.9", "-n", 6, "--seed", 5]):
        a, _ = c.doc(*args, "--posterior", good)
        b, _ = c.doc(*args, "--posterior", good, "--threads", 2)
        check(read(a) == read(b), f"{args[0]}: --threads 1 and 2 differ with a posterior")
    _, d5 = c.doc("run", base, "--replicates", 20, "--seed", 5, "--posterior", good)
    _, d6 = c.doc("run", base, "--replicates", 20, "--seed", 6, "--posterior", good)
    check(d5["meta"]["posterior"]["draws"] != d6["meta"]["posterior"]["draws"], "seeds 5 and 6 draw alike")


def interrupt(c, args, wait):
    p = subprocess.Popen([c.exe] + [str(a) for a in args], cwd=c.work, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True)
    time.sleep(wait)
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=120)
    return p.returncode, err


def test_resume(c):
    """An ensemble with a posterior, interrupted, continues with --resume to the bytes of one
    never interrupted; its journal belongs to that posterior: continuing it with another
    posterior, or with --fixed, is refused."""
    slow, good, one = c.here("slow"), c.here("good.json"), c.here("one.json")
    args = ["run", slow, "--replicates", 40, "--posterior", good, "-q"]
    full, out = c.out("full.json"), c.out("out.json")
    c.migsim(*args, "-o", full)
    for wait in (1.0, 0.5, 2.0):
        if os.path.exists(out):
            os.remove(out)
        rc, err = interrupt(c, args + ["-o", out], wait)
        if rc == 1:
            break
    if rc == 0:  # finished before the signal on a fast machine: nothing to resume
        check(read(out) == read(full), "the job finished but differs")
        return
    check(rc == 1 and "replicates done" in err and os.path.exists(out + ".progress"), f"SIGINT: exit {rc}, {err}")
    for other in (["--posterior", one], ["--fixed"]):
        r = c.migsim("run", slow, "--replicates", 40, *other, "-q", "-o", out, "--resume", expect=2)
        check("belongs to another job" in r.stderr, f"resume with {other}: {r.stderr}")
    c.migsim(*args, "-o", out, "--resume")
    check(read(out) == read(full), "interrupted and resumed, the ensemble differs from an uninterrupted one")


def test_one_particle(c):
    """A posterior of one particle gives what --set of its values gives (meta.posterior
    aside): for replicates, a comparison, a sweep and a single run."""
    base, pol, one = c.here("base"), c.here("tighten"), c.here("one.json")
    vals = {k: v for k, v in zip(load(one)["posterior"]["parameters"], load(one)["posterior"]["samples"][0])}
    sets = [x for k, v in vals.items() for x in ("--set", f"{k}={v!r}")]
    for args in (["run", base, "--replicates", 4, "--replicate-totals"],
                 ["compare", base, pol, "--replicates", 3],
                 ["sweep", base, "--param", "risk_aversion=0:4", "-n", 4],
                 ["run", base]):
        _, p = c.doc(*args, "--posterior", one)
        _, s = c.doc(*args, *sets)
        post = p["meta"]["posterior"]
        check(post["particles"] == 1 and set(post["draws"]) == {0} and post["ess"] == 1, f"{args[0]}: {post}")
        if args[0] == "sweep":
            check(s["meta"]["fixed"] != p["meta"]["fixed"], "sweep: meta.fixed")  # the --set texts
            s["meta"]["fixed"] = p["meta"]["fixed"]
        check(s["meta"].get("posterior") is None, f"{args[0]} with --set: meta.posterior {s['meta'].get('posterior')}")
        check(without_posterior(p) == without_posterior(s), f"{' '.join(map(str, args[:1]))}: one particle differs "
                                                            "from --set of its values")


def test_bad_posteriors(c):
    """A wrong parameter name (with the closest key), a value out of range, a wrong schema,
    negative weights, ragged samples, a missing file: exit 2, the file and the JSON path in
    the message, no output file, for run --replicates, a single run, compare and sweep."""
    base, pol = c.here("base"), c.here("tighten")
    cases = [
        ("bad_name.json", "posterior.parameters[0]: unknown parameter 'border.BB-CC.detecton_prob' (did you mean "
                          "'border.BB-CC.detection_prob'?)"),
        ("bad_range.json", f"posterior.samples[2][1]: parameter '{DISP}' must be in [-1, 1], got 1.5"),
        ("bad_schema.json", "schema is 'migsim-ensemble/1', not 'migsim-calibration/1'"),
        ("bad_weights.json", "posterior.weights[1] must be a finite number >= 0 (it is negative)"),
        ("bad_rows.json", "posterior.samples[1] must be a list of 3 numbers"),
        ("no_such.json", "cannot read the posterior"),
    ]
    out = c.out("never.json")
    for f, says in cases:
        path = c.here(f)
        for args in (["run", base, "--replicates", 2], ["run", base], ["compare", base, pol, "--replicates", 2],
                     ["sweep", base, "--param", "risk_aversion=0:4", "-n", 2]):
            r = c.migsim(*args, "--posterior", path, "-q", "-o", out, expect=2)
            check(path in r.stderr and says in r.stderr, f"{args[0]} --posterior {f}: {r.stderr!r}")
            check(not os.path.exists(out), f"{args[0]} --posterior {f} wrote its -o file")
    r = c.migsim("run", base, "--replicates", 2, "--posterior", c.here("good.json"), "--fixed", "-q", expect=2)
    check("exclude each other" in r.stderr, r.stderr)
    r = c.migsim("run", base, "--replicates", 2, "--posterior", c.here("good.json"), "-o", c.here("good.json"),
                 expect=2)
    check("is the posterior" in r.stderr, r.stderr)
    r = c.migsim("run", base, "--posterior", c.here("good.json"), "--checkpoint-dir", c.out("ck"), "-q", expect=2)
    check("keeps no checkpoints" in r.stderr and f"--set {DET}=" in r.stderr, r.stderr)
    flee = c.path("scenarios", "flee_burundi.lua")
    r = c.migsim("run", flee, "--replicates", 2, "--posterior", c.here("good.json"), "-q", expect=2)
    check("Flee's rules" in r.stderr, r.stderr)


def test_set_wins(c):
    """--set of a key the posterior holds wins: that key keeps the --set value in every
    replicate, meta.posterior.held names it, a note says so once; the other keys still come
    from the particles."""
    base, good = c.here("base"), c.here("good.json")
    out = c.out("held.json")
    r = c.migsim("run", base, "--replicates", 6, "--seed", 3, "--posterior", good, "--set", f"{DET}=0.9",
                 "--replicate-totals", "-o", out)  # not -q: it silences notes (issue 17)
    check(r.stderr.count("--set holds") == 1 and DET in r.stderr, f"note: {r.stderr!r}")
    d = load(out)
    post = d["meta"]["posterior"]
    check(post["held"] == [DET] and post["parameters"] == [DISP, GIVE], f"held {post['held']}, used "
                                                                        f"{post['parameters']}")
    check(param(d["meta"], DET) == 0.9, f"{DET} = {param(d['meta'], DET)}, not the --set 0.9")
    g = load(good)["posterior"]["samples"]
    check(param(d["meta"], DISP) == g[post["draws"][0]][1], f"{DISP} is not replicate 0's particle's")
    # Without the --set the same particles are drawn, and the held key's own values change the totals.
    _, free = c.doc("run", base, "--replicates", 6, "--seed", 3, "--posterior", good)
    check(free["meta"]["posterior"]["draws"] == post["draws"], "--set changed the draws")
    check(free["totals"] != d["totals"], "--set of a posterior key changed nothing")


def test_fixed(c):
    """--fixed and a scenario without a posterior run the scenario's own values: replicate r
    is the single run with seed N + r (the numbers of old versions); a declared default
    posterior is used by replicates, comparisons and sweeps, not by a single run."""
    base, declared, undeclared = c.here("base"), c.here("declared"), c.here("undeclared")
    _, plain = c.doc("run", base, "--replicates", 3, "--seed", 4, "--replicate-totals")
    _, fixed = c.doc("run", declared, "--replicates", 3, "--seed", 4, "--replicate-totals", "--fixed")
    check(plain["meta"]["posterior"] is None and fixed["meta"]["posterior"] is None, "meta.posterior is not null")
    for r in range(3):
        one = c.doc("run", base, "--seed", 4 + r)[1]
        check(one["totals"] == plain["replicate_totals"][r]["totals"], f"replicate {r} is not the single run")
        check(fixed["replicate_totals"][r]["totals"] == plain["replicate_totals"][r]["totals"],
              f"--fixed replicate {r} differs from the scenario without a posterior")
    _, dflt = c.doc("run", declared, "--replicates", 3, "--seed", 4)
    post = dflt["meta"]["posterior"]
    check(post and post["path"].endswith(os.path.join("tests", "posterior", "good.json")) and
          "declared.lua" in post["declared_by"] and "default_posterior() at" in post["declared_by"],
          f"default posterior: {post}")
    _, given = c.doc("run", declared, "--replicates", 3, "--seed", 4, "--posterior", c.here("good.json"))
    check(given["meta"]["posterior"]["declared_by"] is None, "--posterior: declared_by is not null")
    check(given["totals"] == dflt["totals"], "the declared default and --posterior of the same file differ")
    _, single = c.doc("run", declared, "--seed", 4)
    check("posterior" not in single["meta"], "a single run took the declared default posterior")
    check(single["totals"] == plain_single(c, base, 4)["totals"], "a single run of declared.lua differs from base.lua")
    _, cmp_ = c.doc("compare", declared, c.here("tighten"), "--replicates", 2)
    check(cmp_["meta"]["posterior"]["declared_by"].startswith(declared), "compare: BASE's default not used")
    _, sw = c.doc("sweep", declared, "--param", f"{DET}=0.1:0.9", "-n", 3)
    check(sw["meta"]["posterior"]["held"] == [DET] and len(sw["meta"]["posterior"]["draws"]) == 3,
          f"sweep: {sw['meta']['posterior']}")
    _, und = c.doc("run", undeclared, "--replicates", 2)
    check(und["meta"]["posterior"] is None, "default_posterior(nil) did not take the declaration back")
    r = c.migsim("run", c.here("declared_missing"), "--replicates", 2, "-q", expect=2)
    check("no_such_posterior.json" in r.stderr and "--fixed" in r.stderr and "declared_missing.lua:3" in r.stderr,
          r.stderr)
    c.migsim("run", c.here("declared_missing"), "--replicates", 2, "-q", "--fixed")
    c.migsim("run", c.here("declared_missing"), "-q")  # a single run never reads it
    r = c.migsim("compare", declared, c.here("declared_other"), "--replicates", 2, "-q", expect=2)
    check("declare different default posteriors" in r.stderr, r.stderr)
    r = c.migsim("run", c.here("hook_declares"), "-q", expect=2)
    check("can only be called while it loads" in r.stderr, r.stderr)


def plain_single(c, scenario, seed):
    return c.doc("run", scenario, "--seed", seed)[1]


def test_sweep(c):
    """sweep: point p takes particle draws[p]; the swept key is held; a Saltelli AB_i row takes
    its A row's particle; the keys not swept take the particle's values."""
    base, good = c.here("base"), c.here("good.json")
    n = 4
    _, d = c.doc("sweep", base, "--param", f"{DET}=0.1:0.9", "--param", "risk_aversion=0:4", "--design", "sobol",
                 "-n", n, "--posterior", good, "--output", "departures")
    post = d["meta"]["posterior"]
    draws, k = post["draws"], 2
    check(len(draws) == n * (k + 2) and post["held"] == [DET], f"sobol: {post}")
    for i in range(k):
        for j in range(n):
            check(draws[(2 + i) * n + j] == draws[j], f"AB_{i} row {j} takes particle {draws[(2 + i) * n + j]}, "
                                                      f"its A row {draws[j]}")
    check(draws[:n] != draws[n:2 * n] or len(set(draws)) > 1, f"sobol draws {draws}")


def test_default_world(c):
    """The default world declares data/posterior/wb2022.json: run --replicates uses it, a single
    run does not (its output is the one of --fixed values); --fixed replicates are the single
    runs at seeds N, N+1."""
    s = c.path("scenarios", "wb2022.lua")
    _, ens = c.doc("run", s, "--replicates", 2, "--threads", 2, "--replicate-totals")
    post = ens["meta"]["posterior"]
    check(post and post["path"].endswith(os.path.join("data", "posterior", "wb2022.json")) and
          "westbalkans" in post["declared_by"], f"the default world's posterior: {post}")
    _, fixed = c.doc("run", s, "--replicates", 2, "--threads", 2, "--replicate-totals", "--fixed")
    check(fixed["meta"]["posterior"] is None, "--fixed: meta.posterior is not null")
    for r in range(2):
        one = c.doc("run", s, "--seed", 1 + r)[1]
        check("posterior" not in one["meta"], "a single run of the default world took its posterior")
        check(one["totals"] == fixed["replicate_totals"][r]["totals"], f"--fixed replicate {r} is not the single run")
    data = load(c.path("data", "posterior", "wb2022.json"))
    check(data["schema"] == "migsim-calibration/1", "data/posterior/wb2022.json: schema")
    # A copy of the scenario in a folder of one's own (as the README suggests for a start)
    # finds the same posterior, so it compares with the original (0.1 looked for
    # ../data/posterior beside the copy and blamed "different default posteriors").
    mine = os.path.join(c.work, "own", "my_wb.lua")
    os.makedirs(os.path.dirname(mine), exist_ok=True)
    with open(s, encoding="utf-8") as f, open(mine, "w", encoding="utf-8") as g:
        g.write(f.read())
    _, cmp = c.doc("compare", s, mine, "--replicates", 2, "--threads", 2)
    check(cmp["meta"]["posterior"]["path"] == post["path"], f"a copy's posterior: {cmp['meta']['posterior']}")


def test_schemas(c):
    """Documents with meta.posterior validate against docs/{output,ensemble,compare,sweep}-schema.json,
    and their $defs posterior are docs/output-schema.json's meta.posterior."""
    import jsonschema
    base, pol, good = c.here("base"), c.here("tighten"), c.here("good.json")
    schemas = {}
    for name in ("output", "ensemble", "compare", "sweep"):
        with open(c.path("docs", f"{name}-schema.json"), encoding="utf-8") as f:
            schemas[name] = json.load(f)
    want = schemas["output"]["properties"]["meta"]["properties"]["posterior"]
    for name in ("ensemble", "compare", "sweep"):
        check(schemas[name]["$defs"]["posterior"] == want, f"docs/{name}-schema.json $defs/posterior is out of date "
                                                           "(tools/gen_schemas.py)")
    docs = {
        "output": c.doc("run", base, "--posterior", good)[1],
        "ensemble": c.doc("run", base, "--replicates", 3, "--posterior", good, "--replicate-totals")[1],
        "compare": c.doc("compare", base, pol, "--replicates", 2, "--posterior", good, "--replicate-totals",
                         "--set", f"{GIVE}=0.1")[1],
        "sweep": c.doc("sweep", base, "--param", f"{DET}=0.1:0.9", "-n", 3, "--posterior", good)[1],
    }
    for name, doc in docs.items():
        v = jsonschema.validators.validator_for(schemas[name])(schemas[name])
        errors = list(v.iter_errors(doc))
        check(not errors, f"{name} with a posterior does not validate: {[e.message for e in errors[:3]]}")
        bad = json.loads(json.dumps(doc))
        bad["meta"]["posterior"]["draws"] = [-1]
        check(list(v.iter_errors(bad)), f"{name}: a negative particle index validates")


if __name__ == "__main__":
    harness.main(globals(), Ctx)
