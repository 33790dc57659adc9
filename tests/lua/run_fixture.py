#!/usr/bin/python3
"""Run one Lua API fixture through migsim and check what its header comments expect.

usage: run_fixture.py MIGSIM FIXTURE.lua WORKDIR

A fixture states its expectations in `-- key: value` comment lines at its top:

  good_*.lua (must run: exit 0 for `run` and `check`)
    -- args: --seed 3 --set k=v      extra arguments for `migsim run`
    -- check: <python expression>    must be true; evaluated with
         d       the result document          P  d["meta"]["parameters"]
         T       d["totals"]                  D, M  d["daily"], d["monthly"]
         E       [(date, label), ...] of meta.events
         EV      meta.events as they are (dicts: date, label, kind, type, country, ...)
         dates, months, day(date) -> index in dates, month(ym) -> index in months
         events(substring) -> dates of events whose label holds it
         col(series...) -> daily list summed over the leaves under a path
         run(fixture, *args) -> the document of another run (fixture beside this one)
         check_out  stdout of `migsim check`       math, sum, all, any, len ...

  bad_*.lua (must be refused: exit 2, output untouched)
    -- expect: LINE: message       the first line of stderr holds "FILE:LINE:" then message
                                   (LINE "-": "FILE:" alone, for errors no line can be given to)
    -- expect-file: NAME.lua       FILE is this file (a module) instead of the fixture
    -- expect-also: text           stderr holds text too (repeatable)
    -- reject: text                stderr must not hold text
    -- phase: run                  only `run` fails (an error the simulation, or a hook on a later
                                   day only, meets); `check`, which calls every hook once, passes
"""
import json
import math
import os
import shlex
import subprocess
import sys

SENTINEL = "sentinel: migsim must not touch this file\n"


def parse_header(path):
    spec = {"check": [], "expect-also": [], "reject": []}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("--"):
                break
            body = line[2:].strip()
            key, sep, value = body.partition(":")
            key = key.strip()
            if not sep or key not in ("args", "check", "expect", "expect-file", "expect-also", "reject", "phase"):
                continue
            value = value.strip()
            if key in spec and isinstance(spec[key], list):
                spec[key].append(value)
            else:
                spec[key] = value
    return spec


class Failure(Exception):
    pass


def migsim(exe, args, cwd):
    return subprocess.run([exe] + args, cwd=cwd, capture_output=True, text=True, timeout=300)


def leaves(x):
    if isinstance(x, list):
        yield x
    else:
        for v in x.values():
            yield from leaves(v)


def run_good(exe, fixture, spec, work):
    here = os.path.dirname(fixture)
    out = os.path.join(work, "out.json")
    args = shlex.split(spec.get("args", ""))
    r = migsim(exe, ["run", fixture, "-q", "-o", out] + args, work)
    if r.returncode != 0:
        raise Failure(f"migsim run exited {r.returncode}, expected 0\n{r.stderr}")
    c = migsim(exe, ["check", fixture] + args, work)
    if c.returncode != 0:
        raise Failure(f"migsim check exited {c.returncode}, expected 0\n{c.stderr}")
    with open(out, encoding="utf-8") as f:
        d = json.load(f)
    counter = [0]

    def run(other, *extra):
        counter[0] += 1
        o = os.path.join(work, f"other{counter[0]}.json")
        rr = migsim(exe, ["run", os.path.join(here, other), "-q", "-o", o] + list(extra), work)
        if rr.returncode != 0:
            raise Failure(f"run({other!r}, {extra}) exited {rr.returncode}\n{rr.stderr}")
        with open(o, encoding="utf-8") as f:
            return json.load(f)

    def col(*path, section="daily"):
        x = d[section]
        for p in path:
            x = x[p]
        ls = list(leaves(x))
        return [sum(v) for v in zip(*ls)] if ls else []

    env = {
        "d": d, "P": d["meta"]["parameters"], "T": d["totals"], "D": d["daily"], "M": d["monthly"],
        "E": [(e["date"], e["label"]) for e in d["meta"]["events"]],
        "EV": d["meta"]["events"],
        "dates": d["dates"], "months": d["months"],
        "day": d["dates"].index, "month": d["months"].index,
        "events": lambda s: [e["date"] for e in d["meta"]["events"] if s in e["label"]],
        "col": col, "run": run, "check_out": c.stdout, "math": math, "json": json,
    }
    if not spec["check"]:
        raise Failure("a good fixture needs at least one '-- check:' line")
    for expr in spec["check"]:
        try:
            ok = eval(expr, env)
        except Failure:
            raise
        except Exception as e:  # a check that cannot be evaluated fails
            raise Failure(f"check raised {type(e).__name__}: {e}\n  check: {expr}")
        if not ok:
            raise Failure(f"check is false: {expr}")
    return len(spec["check"])


def run_bad(exe, fixture, spec, work):
    if "expect" not in spec:
        raise Failure("a bad fixture needs an '-- expect: LINE: message' line")
    line, _, message = spec["expect"].partition(":")
    line, message = line.strip(), message.strip()
    if not (line.isdigit() or line == "-") or not message:
        raise Failure(f"malformed expect line: {spec['expect']!r}")
    where = f"{spec.get('expect-file', os.path.basename(fixture))}:" + ("" if line == "-" else f"{line}:")
    out = os.path.join(work, "out.json")
    commands = [["run", fixture, "-q", "-o", out]]
    if spec.get("phase", "load") != "run":
        commands.append(["check", fixture])
    else:
        c = migsim(exe, ["check", fixture], work)
        if c.returncode != 0:
            raise Failure(f"phase run: `migsim check` should pass, exited {c.returncode}\n{c.stderr}")
    for args in commands:
        with open(out, "w", encoding="utf-8") as f:
            f.write(SENTINEL)
        r = migsim(exe, args + shlex.split(spec.get("args", "")), work)
        what = f"migsim {args[0]}"
        err = r.stderr
        if r.returncode != 2:
            raise Failure(f"{what} exited {r.returncode}, expected 2\nstderr:\n{err}")
        first = err.split("\n", 1)[0]
        if not first.startswith("migsim: "):
            raise Failure(f"{what}: stderr should start with 'migsim: '\nstderr:\n{err}")
        at = first.find(where)
        if at < 0:
            raise Failure(f"{what}: first line of stderr lacks {where!r}\nstderr:\n{err}")
        if message not in first[at + len(where):]:
            raise Failure(f"{what}: first line of stderr lacks {message!r} after {where!r}\nstderr:\n{err}")
        for text in spec["expect-also"]:
            if text not in err:
                raise Failure(f"{what}: stderr lacks {text!r}\nstderr:\n{err}")
        for text in spec["reject"]:
            if text in err:
                raise Failure(f"{what}: stderr should not hold {text!r}\nstderr:\n{err}")
        with open(out, encoding="utf-8") as f:
            if f.read() != SENTINEL:
                raise Failure(f"{what}: the output file was overwritten")
        stray = sorted(set(os.listdir(work)) - {"out.json"})
        if stray:
            raise Failure(f"{what}: left files behind: {stray}")
    return len(commands)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    exe, fixture, work = (os.path.abspath(a) for a in sys.argv[1:])
    name = os.path.basename(fixture)
    os.makedirs(work, exist_ok=True)
    for f in os.listdir(work):
        os.remove(os.path.join(work, f))
    spec = parse_header(fixture)
    try:
        if name.startswith("good_"):
            n = run_good(exe, fixture, spec, work)
            print(f"{name}: ok ({n} checks)")
        elif name.startswith("bad_"):
            n = run_bad(exe, fixture, spec, work)
            print(f"{name}: ok (refused by {n} command{'s' if n > 1 else ''} as expected)")
        else:
            raise Failure("fixture names start with good_ or bad_")
    except Failure as e:
        print(f"{name}: FAILED: {e}")
        sys.exit(1)
    except subprocess.TimeoutExpired as e:
        print(f"{name}: FAILED: timed out: {e}")
        sys.exit(1)


if __name__ == "__main__":
    main()
