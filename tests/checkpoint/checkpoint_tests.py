#!/usr/bin/python3
"""Checkpoints: a run stopped and continued gives the same bytes as one that never
stopped; damaged, foreign and stale checkpoints are refused; an interrupted run
leaves no partial result and continues from its checkpoint.

usage: checkpoint_tests.py TEST MIGSIM SOURCE_DIR WORK_DIR
"""
import json
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import harness  # noqa: E402
from harness import check  # noqa: E402


class Ctx:
    def __init__(self, exe, src, work):
        self.exe, self.src, self.work = exe, src, work

    def path(self, *p):
        return os.path.join(self.src, *p)

    def out(self, name):
        return os.path.join(self.work, name)

    def migsim(self, *args, expect=0):
        r = subprocess.run([self.exe] + [str(a) for a in args], cwd=self.work, capture_output=True, text=True,
                           timeout=600)
        if expect is not None and r.returncode != expect:
            raise harness.Failure(f"migsim {' '.join(map(str, args))} exited {r.returncode}, expected {expect}\n"
                                  f"{r.stderr[-3000:]}")
        return r


def read(p):
    with open(p, "rb") as f:
        return f.read()


def pieces(c, scenario, name, stops, *extra):
    """Run whole, then in pieces stopping after each entry of stops (days simulated so
    far, one resume each); both results must be the same bytes."""
    full, part = c.out(name + "_full.json"), c.out(name + "_part.json")
    ck = c.out("ck_" + name)
    os.makedirs(ck, exist_ok=True)
    c.migsim("run", scenario, "-q", "-o", full, *extra)
    c.migsim("run", scenario, "-q", "-o", part, "--checkpoint-dir", ck, "--stop-after", stops[0], *extra)
    check(not os.path.exists(part), f"{name}: a result was written by a run stopped after {stops[0]} days")
    files = os.listdir(ck)
    check(len(files) == 1 and files[0].endswith(".ckpt"), f"{name}: checkpoint folder holds {files}")
    path = os.path.join(ck, files[0])
    for k, more in enumerate(stops[1:]):
        c.migsim("resume", path, "--stop-after", more - stops[k], "--threads", 1 + k % 2)
        check(not os.path.exists(part), f"{name}: a result was written before the end")
    c.migsim("resume", path, "--threads", 2, "-o", part)
    check(read(full) == read(part), f"{name}: stopped after {stops} days and resumed, the result differs")
    return path


def periodic_changes_nothing(c, s, name, days, what):
    """Scenario s run plain and with a checkpoint every `days` days (into the folder
    ck_NAME, returned) gives the same bytes."""
    every, plain = c.out(f"{name}.json"), c.out(f"{name}_plain.json")
    ck = c.out(f"ck_{name}")
    os.makedirs(ck, exist_ok=True)
    c.migsim("run", s, "-q", "-o", plain)
    c.migsim("run", s, "-q", "-o", every, "--checkpoint-dir", ck, "--checkpoint-every", days)
    check(read(plain) == read(every), f"writing checkpoints every {days} days changed {what}")
    return ck


def test_equal_toy(c):
    """0 -> T equals 0 -> t, save, load, t -> T, byte for byte; in three pieces too, and
    with periodic checkpoints on the way (which change nothing)."""
    s = c.path("tests", "checkpoint", "carried.lua")
    pieces(c, s, "carried1", [150])
    pieces(c, s, "carried3", [1, 100, 300], "--seed", 9, "--set", "smuggling.threshold=150")
    periodic_changes_nothing(c, s, "every", 30, "the result")


def test_during_window(c):
    """A run stopped inside during{} and close_border{} windows (and between a window's
    start and an at() inside it) and resumed gives the same bytes as one that never
    stopped: the values to restore are in the checkpoint, not in Lua locals."""
    s = c.path("tests", "checkpoint", "during.lua")
    pieces(c, s, "during1", [75])    # 2022-03-17: inside the first window
    pieces(c, s, "during3", [100, 130, 170], "--seed", 4)  # inside both, after the at(), inside the closure
    d = json.loads(read(c.out("during1_full.json")))
    ev = [(e["date"], e.get("key"), e.get("new")) for e in d["meta"]["events"] if e["type"] == "parameter"]
    check(("2022-07-01", "border.BB-CC.closed", 0) in ev and ("2022-06-01", "smuggling.wait_if_full", 0.5) in ev,
          f"the windows did not end as expected: {ev}")
    check(sum(sum(x) for x in d["monthly"]["attempts"]["BB-CC"].values()) > 0, "no attempts at BB-CC at all")


def test_uncarried_local(c):
    """A value kept in a Lua local between hooks is lost by resume: the error says so and
    names `carry`."""
    s = c.path("tests", "checkpoint", "uncarried.lua")
    ck = c.out("ck_uncarried")
    os.makedirs(ck, exist_ok=True)
    c.migsim("run", s, "-q", "-o", c.out("whole.json"))  # whole, it runs
    c.migsim("run", s, "-q", "--checkpoint-dir", ck, "--stop-after", 100)
    r = c.migsim("resume", os.path.join(ck, "uncarried-seed1.ckpt"), "-o", c.out("never.json"), expect=2)
    check("carry" in r.stderr and "resumed" in r.stderr, f"the error does not mention carry: {r.stderr}")
    check(not os.path.exists(c.out("never.json")), "a result was written")


def test_equal_wb2022(c):
    """The default world with the data-exchange network, stopped before and after the
    network and visa events."""
    pieces(c, c.path("scenarios", "police_data_exchange.lua"), "pde", [300, 520])


def test_refused(c):
    """Damaged, truncated, foreign and stale checkpoints are refused with a clear error
    (exit 2), and nothing is written."""
    s = c.path("tests", "checkpoint", "carried.lua")
    ck = c.out("ck")
    os.makedirs(ck, exist_ok=True)
    c.migsim("run", s, "-q", "--checkpoint-dir", ck, "--stop-after", 50)
    good = os.path.join(ck, "carried-seed1.ckpt")
    data = read(good)
    cases = {
        "flipped.ckpt": data[:len(data) // 2] + bytes([data[len(data) // 2] ^ 1]) + data[len(data) // 2 + 1:],
        "truncated.ckpt": data[:len(data) - 100],
        "foreign.ckpt": b'{"schema": "migsim-run/1"}\n',
        "empty.ckpt": b"",
    }
    expect = {"flipped.ckpt": "checksum does not match", "truncated.ckpt": "checksum does not match",
              "foreign.ckpt": "not a migsim checkpoint", "empty.ckpt": "not a migsim checkpoint"}
    for name, body in cases.items():
        p = c.out(name)
        with open(p, "wb") as f:
            f.write(body)
        r = c.migsim("resume", p, "-o", c.out("never.json"), expect=2)
        check(expect[name] in r.stderr, f"{name}: stderr lacks '{expect[name]}': {r.stderr}")
        check(not os.path.exists(c.out("never.json")), f"{name}: a result was written")
    r = c.migsim("resume", c.out("missing.ckpt"), expect=2)
    check("cannot open checkpoint" in r.stderr, r.stderr)
    # The scenario changed since the run started: its hooks cannot be rebuilt as they were.
    copy = c.out("carried.lua")
    with open(copy, "w") as f:
        f.write(open(s).read())
    os.symlink(c.path("tests", "checkpoint", "smugworld.lua"), c.out("smugworld.lua"))
    ck2 = c.out("ck2")
    os.makedirs(ck2, exist_ok=True)
    c.migsim("run", copy, "-q", "--checkpoint-dir", ck2, "--stop-after", 50)
    with open(copy, "a") as f:
        f.write("-- edited\n")
    r = c.migsim("resume", os.path.join(ck2, "carried-seed1.ckpt"), "-o", c.out("never.json"), expect=2)
    check("is changed since the run started" in r.stderr, r.stderr)
    # Only plain values can be carried.
    fn = c.out("fn.lua")
    with open(fn, "w") as f:
        f.write('local sw = require "smugworld"\nsw.build()\ncarry.f = function() end\n')
    r = c.migsim("run", fn, "-q", "--checkpoint-dir", ck, "--stop-after", 5, expect=1)
    check("carry.f is a function" in r.stderr, r.stderr)
    # Options that make no sense.
    r = c.migsim("run", s, "--stop-after", 10, expect=2)
    check("need --checkpoint-dir" in r.stderr, r.stderr)
    with open(c.out("afile"), "w") as f:
        f.write("x\n")
    r = c.migsim("run", s, "--checkpoint-dir", c.out("afile"), expect=2)
    check("is not a folder" in r.stderr, r.stderr)
    r = c.migsim("run", s, "--replicates", 2, "--checkpoint-dir", ck, expect=2)
    check("checkpoints are for single runs" in r.stderr, r.stderr)


def test_flee_equal(c):
    """A Flee-rule run (flee.load) stopped and resumed gives the same bytes as one never
    stopped: the toy with hooks in one and in three pieces (before and after its hooks
    change a setting, close a link and make a camp), with periodic checkpoints (which
    change nothing), and Burundi in Flee's strict mode."""
    s = c.path("tests", "checkpoint", "flee_hooks.lua")
    pieces(c, s, "flee1", [10])
    pieces(c, s, "flee3", [1, 9, 30], "--seed", 7)
    ck = periodic_changes_nothing(c, s, "flee_every", 3, "the Flee result")
    check(os.listdir(ck) == ["flee_hooks-seed1.ckpt"], f"periodic checkpoints: {os.listdir(ck)}")
    pieces(c, c.path("scenarios", "flee_burundi.lua"), "burundi", [37, 150, 300])


def test_flee_hooks_kept(c):
    """What a Flee scenario's hooks changed before the stop is in effect after the resume:
    the setting changed on day 5 (its on_day() hook asserts it, so a lost setting fails the
    resume), and the link Z-C1 closed on day 8 and reopened on day 30: nobody reaches C1
    in between, while C2 and T (a camp from day 12) still fill."""
    import json
    s = c.path("tests", "checkpoint", "flee_hooks.lua")
    path = pieces(c, s, "hooks", [10])
    doc = json.load(open(c.out("hooks_part.json")))
    pop = doc["daily"]["population"]
    check(doc["meta"]["settings"]["default_movechance"] == 0.6, "the setting changed from a hook is lost")
    check(len(set(pop["C1"][8:30])) == 1, f"C1 changed while its link was closed: {pop['C1'][8:30]}")
    check(pop["C2"][29] > pop["C2"][8] and pop["T"][29] > pop["T"][12], "nobody fled while Z-C1 was closed")
    labels = [e["label"] for e in doc["meta"]["events"]]
    check(labels.count("flee.close link Z C1") == 1 and labels.count("flee.reopen link Z C1") == 1,
          f"the hooks' events, once each: {labels}")
    check(os.path.exists(path), "no checkpoint")


def test_flee_interrupt(c):
    """SIGTERM stops a Flee-rule run at the end of a day with a checkpoint and no result;
    resuming gives the bytes of a run never interrupted."""
    s = c.path("scenarios", "flee_burundi.lua")
    full, out = c.out("full.json"), c.out("out.json")
    c.migsim("run", s, "-q", "-o", full)
    ck = c.out("ck")
    os.makedirs(ck, exist_ok=True)
    # the whole run takes about 0.3 s
    rc, err = interrupt_mid_run(c, ["run", s, "-q", "-o", out, "--checkpoint-dir", ck], out,
                                (0.15, 0.1, 0.25, 0.05, 0.4, 0.8), signal.SIGTERM)
    check(rc == 1 and "interrupted after" in err and "migsim resume" in err, f"SIGTERM: exit {rc}, stderr: {err}")
    check(not os.path.exists(out), "an interrupted Flee run wrote a result")
    c.migsim("resume", os.path.join(ck, "flee_burundi-seed1.ckpt"), "-q", "-o", out)
    check(read(full) == read(out), "interrupted and resumed, the Flee result differs from an uninterrupted run")


def reseal(data):
    """A checkpoint with its SHA-256 made right again (as someone crafting one would)."""
    import hashlib
    return data[:-32] + hashlib.sha256(data[:-32]).digest()


def with_scenario(data, donor):
    """The checkpoint data naming the scenario of the checkpoint donor (its name, path,
    sha256 and modules), resealed: the mix of engines is then caught by the restore, not
    by the checks of the scenario's identity."""
    import struct

    def opts(d):
        at = 8 + 8 + 8  # magic, version, engine
        at += 8 + 8 * struct.unpack_from("<Q", d, at)[0]  # the layout signature
        start, strs = at, []
        for _ in range(5):  # version, scenario, scenario_path, sha256, modules_sha
            k = struct.unpack_from("<Q", d, at)[0]
            strs.append(d[at:at + 8 + k])
            at += 8 + k
        return start, at, strs

    start, end, _ = opts(data)
    _, _, theirs = opts(donor)
    return reseal(data[:start] + b"".join(theirs) + data[end:])


FLEE_FACTS = 760  # sizeof(mig_flee_facts): an event's typed facts, saved raw (flee.h)


def flee_events_at(data):
    """Where a Flee checkpoint's events start (their count), with the number of locations:
    the layout checkpoint.c and flee_state.c write, read as a crafter would."""
    import struct

    def u64(at):
        return struct.unpack_from("<Q", data, at)[0]

    def skip_str(at):
        return at + 8 + u64(at)

    check(u64(16) == 1, "not a Flee checkpoint")
    n_settings = u64(32)  # the signature's first entry
    at = 24 + 8 + 8 * u64(24)
    for _ in range(5):  # version, scenario, scenario_path, sha256, modules_sha
        at = skip_str(at)
    at = skip_str(at + 8)  # seed, out
    at = skip_str(at + 16)  # quiet, every, dir
    at += 16  # the Lua budgets
    n_sets = u64(at)
    at += 8
    for _ in range(n_sets):
        at = skip_str(at)
    # flee_state.c: head, the data's sha256, settings, decay, places, links, counters, days
    seed, days, today, L, K, C, W, inserted = struct.unpack_from("<8Q", data, at)
    at = skip_str(at + 64)
    at += 8 * n_settings
    at += 8 + 8 * u64(at)
    at += L + L * (8 + 8 + 4 + 4 + 8 + 8) + K * 4
    at += 4 * 8 + 8
    at += today * (L * 4 + C * 4 + 4 * 8 + 3 * 8)
    return at, L


def flee_agents_at(data):
    """Where a Flee checkpoint's agents start (their count), with the number of locations."""
    import struct

    def u64(at):
        return struct.unpack_from("<Q", data, at)[0]

    def skip_str(at):
        return at + 8 + u64(at)

    at, L = flee_events_at(data)
    n = u64(at)  # events: day, label, facts
    at += 8
    for _ in range(n):
        at += 8
        at += 8 + u64(at) + FLEE_FACTS
    n = u64(at)  # notes
    at += 8
    for _ in range(n):
        at = skip_str(at)
    return at, L


def test_flee_refused(c):
    """Damaged Flee checkpoints are refused like native ones; a checkpoint of one engine
    does not continue a run of the other (exit 2, a clear message, nothing written); a
    Flee run whose data files changed since it started is refused, and so is an agent
    crafted onto a link but awake; a checkpoint of the format before engines (format 1) is
    refused by its format."""
    s = c.path("tests", "checkpoint", "flee_hooks.lua")
    ck = c.out("ck")
    os.makedirs(ck, exist_ok=True)
    c.migsim("run", s, "-q", "--checkpoint-dir", ck, "--stop-after", 6)
    good = os.path.join(ck, "flee_hooks-seed1.ckpt")
    data = read(good)
    native_scn = c.path("tests", "smuggling", "plain.lua")
    c.migsim("run", native_scn, "-q", "--checkpoint-dir", ck, "--stop-after", 3)
    native = read(os.path.join(ck, "plain-seed1.ckpt"))
    cases = {
        "flipped.ckpt": (data[:len(data) // 2] + bytes([data[len(data) // 2] ^ 1]) + data[len(data) // 2 + 1:],
                         "checksum does not match"),
        "truncated.ckpt": (data[:len(data) - 100], "checksum does not match"),
        "cut.ckpt": (reseal(data[:len(data) - 500]), "the checkpoint is damaged"),
        "engine.ckpt": (reseal(data[:16] + bytes([7]) + data[17:]), "unknown kind of run (engine 7)"),
        "othertag.ckpt": (reseal(data[:16] + bytes([0]) + data[17:]), "written by another build"),
        "flee_as_native.ckpt": (with_scenario(data, native),
                                "the checkpoint is of a Flee-rule run; the scenario now makes a native run"),
        "native_as_flee.ckpt": (with_scenario(native, data),
                                "the checkpoint is of a native run; the scenario now makes a Flee-rule run"),
    }
    for name, (body, msg) in cases.items():
        p = c.out(name)
        with open(p, "wb") as f:
            f.write(body)
        r = c.migsim("resume", p, "-o", c.out("never.json"), expect=2)
        check(msg in r.stderr, f"{name}: stderr lacks '{msg}': {r.stderr}")
        check(not os.path.exists(c.out("never.json")), f"{name}: a result was written")
    # An agent put on a link but awake: the decide pass would read the link as a location.
    import struct
    at, L = flee_agents_at(data)
    n = struct.unpack_from("<Q", data, at)[0]
    check(n > 0, "no agents in the checkpoint")
    crafted = bytearray(data)
    struct.pack_into("<i", crafted, at + 8, L)  # agent 0's place: the first link
    struct.pack_into("<i", crafted, at + 8 + 4 * n, -1)  # its wake day: draws every day
    p = c.out("awake_on_link.ckpt")
    with open(p, "wb") as f:
        f.write(reseal(bytes(crafted)))
    r = c.migsim("resume", p, "-o", c.out("never.json"), expect=2)
    check("the checkpoint is damaged (agent 0 out of range)" in r.stderr, r.stderr)
    crafted = bytearray(data)
    struct.pack_into("<i", crafted, at + 8, L)
    struct.pack_into("<i", crafted, at + 8 + 4 * n, 2**31 - 1)  # asleep on the link, as the run keeps it
    with open(p, "wb") as f:
        f.write(reseal(bytes(crafted)))
    c.migsim("resume", p, "-q", "-o", c.out("crafted.json"))  # the parser above found the agents
    check(not os.path.exists(c.out("never.json")), "a crafted checkpoint wrote a result")
    # An event's facts crafted past what a run writes (a bad type, an unknown tag, NaN, text
    # not terminated, not UTF-8): resumed, they are written as sanitized JSON.
    at, _ = flee_events_at(data)
    check(struct.unpack_from("<Q", data, at)[0] > 0, "no events in the checkpoint")
    facts = at + 8 + 8 + 8 + struct.unpack_from("<Q", data, at + 16)[0]  # event 0: day, label
    crafted = bytearray(data)
    crafted[facts + 256:facts + 260] = b"BAD!"  # type
    struct.pack_into("<i", crafted, facts + 8, 99)  # old's tag
    struct.pack_into("<d", crafted, facts + 128, float("nan"))  # persons
    crafted[facts + 472:facts + 568] = b"A" * 96  # location, no terminator
    crafted[facts + 568:facts + 572] = b"\xff\xfeZ\0"  # from
    with open(p, "wb") as f:
        f.write(reseal(bytes(crafted)))
    c.migsim("resume", p, "-q", "-o", c.out("crafted_facts.json"))
    with open(c.out("crafted_facts.json"), encoding="utf-8") as f:
        e = json.load(f)["meta"]["events"][0]
    check(e["type"] == "custom" and e["location"] == "A" * 95 and "old" not in e and "persons" not in e
          and "\ufffd" not in e.get("from", "") and e.get("from", "Z").endswith("Z"), f"crafted facts written as {e}")
    # A Flee scenario's data edited since the run started.
    import shutil
    shutil.copytree(c.path("tests", "flee", "toy"), c.out("toy"))
    with open(c.out("mytoy.lua"), "w") as f:
        f.write('local flee = require "migsim.flee"\nscenario{ name = "mytoy" }\nflee.load("toy")\n')
    c.migsim("run", "mytoy.lua", "-q", "--checkpoint-dir", ck, "--stop-after", 5)
    with open(c.out("toy/source_data/c2.csv"), "a") as f:
        f.write("2020-01-30,9\n")
    r = c.migsim("resume", os.path.join(ck, "mytoy-seed1.ckpt"), "-o", c.out("never.json"), expect=2)
    check("has changed since the run started" in r.stderr and "Flee data" in r.stderr, r.stderr)
    # -o onto one of the Flee data files is refused, as for a run without checkpoints.
    r = c.migsim("run", "mytoy.lua", "-q", "--checkpoint-dir", ck, "-o", c.out("toy/source_data/c1.csv"),
                 expect=2)
    check("is the Flee data file" in r.stderr, r.stderr)
    # Format 1 (before Flee checkpoints): refused by its format number (4 since during{} windows and closed borders).
    old = bytearray(native)
    old[8:16] = (1).to_bytes(8, "little")
    p = c.out("format1.ckpt")
    with open(p, "wb") as f:
        f.write(reseal(bytes(old)))
    r = c.migsim("resume", p, expect=2)
    check("checkpoint format 1; this migsim reads format 4" in r.stderr, r.stderr)


def interrupt(c, args, wait, sig=signal.SIGINT):
    p = subprocess.Popen([c.exe] + [str(a) for a in args], cwd=c.work, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, errors="replace")
    time.sleep(wait)
    p.send_signal(sig)
    out, err = p.communicate(timeout=120)
    return p.returncode, err


def interrupt_mid_run(c, args, out, waits, sig=signal.SIGINT):
    """interrupt() after each wait in turn until a run says it was interrupted: a slow
    machine may not have started simulating yet, a fast one may have finished, and the
    result of an attempt that finished (out) is removed before the next. Returns the
    last attempt's (exit status, stderr)."""
    for wait in waits:
        if os.path.exists(out):
            os.remove(out)
        rc, err = interrupt(c, args, wait, sig)
        if "interrupted after" in err:
            break
    return rc, err


def test_interrupt(c):
    """SIGINT: the run stops at the end of the day, writes its checkpoint and no result
    (no partial file, no temporary file); resuming gives the bytes of a run never
    interrupted. Without a checkpoint folder nothing is written at all."""
    s = c.path("scenarios", "wb2022.lua")
    full, out = c.out("full.json"), c.out("out.json")
    c.migsim("run", s, "-q", "-o", full)
    ck = c.out("ck")
    os.makedirs(ck, exist_ok=True)
    # the whole run takes about 0.6 s
    rc, err = interrupt_mid_run(c, ["run", s, "-q", "-o", out, "--checkpoint-dir", ck], out,
                                (0.3, 0.15, 0.45, 0.8, 1.2))
    check(rc == 1 and "interrupted after" in err and "migsim resume" in err and "-o " + out in err,
          f"SIGINT: exit {rc}, stderr: {err}")
    leftovers = [f for f in os.listdir(c.work) if f.startswith("out.json")]
    check(leftovers == [], f"an interrupted run left {leftovers}")
    path = os.path.join(ck, "wb2022-seed1.ckpt")
    check(os.path.exists(path), "no checkpoint after SIGINT")
    r = c.migsim("resume", path)  # no -o: nothing in the checkpoint chooses where to write
    check(not os.path.exists(out) and "the result is not written" in r.stderr, "resume without -o wrote a file")
    r = c.migsim("resume", path, "-q")  # -q silences that note; what stays is the warning that nothing is kept
    check(not os.path.exists(out) and "nothing will be printed or kept" in r.stderr, f"resume -q, no -o: {r.stderr}")
    c.migsim("run", s, "-q", "--checkpoint-dir", ck, "--stop-after", 100)
    c.migsim("resume", path, "-o", out)
    check(read(full) == read(out), "resumed, the result differs from an uninterrupted run")
    rc, err = interrupt(c, ["run", s, "-q", "-o", c.out("plain.json")], 0.4)
    check(rc == 1 and "interrupted" in err and not os.path.exists(c.out("plain.json")),
          f"SIGINT without checkpoints: exit {rc}, {err}")


def test_interrupt_loop(c):
    """SIGINT stops a hook stuck in an endless loop (the count hook watches the signal's
    flag): exit 1, nothing written."""
    loop = c.out("loop.lua")
    with open(loop, "w") as f:
        f.write('local sw = require "smugworld"\nsw.build()\non_day(function() while true do end end)\n')
    os.symlink(c.path("tests", "checkpoint", "smugworld.lua"), c.out("smugworld.lua"))
    rc, err = interrupt(c, ["run", loop, "-q", "-o", c.out("never.json"), "--lua-instructions", "1e15"], 1.0)
    check(rc == 1 and "interrupted" in err, f"SIGINT in an endless hook: exit {rc}, {err}")
    check(not os.path.exists(c.out("never.json")), "a result was written")


def test_ensemble_resume(c):
    """A comparison interrupted by SIGINT keeps its completed replicates in
    OUT.json.progress and writes no result; the same command with --resume finishes it
    with the same bytes as a job never interrupted (its window totals and replicate series
    too), and removes the journal. A journal
    of another job, or a damaged one, is refused."""
    base, pol = c.path("tests", "smuggling", "mono_none.lua"), c.path("tests", "smuggling", "mono_fast.lua")
    args = ["compare", base, pol, "--replicates", 40, "--threads", 2, "-q", "--window", "2022-03:2022-05",
            "--replicate-series"]
    full, out = c.out("full.json"), c.out("out.json")
    journal = out + ".progress"
    c.migsim(*args, "-o", full)
    rc, err = interrupt(c, args + ["-o", out], 0.5)
    if rc == 0:  # finished before the signal on a fast machine: nothing to resume
        check(read(out) == read(full), "the job finished but differs")
        return
    check(rc == 1 and "replicates done" in err and "--resume" in err, f"SIGINT: exit {rc}, {err}")
    check(not os.path.exists(out) and os.path.exists(journal), "interrupted: a result, or no journal")
    r = c.migsim(*[41 if a == 40 else a for a in args], "-o", out, "--resume", expect=2)
    check("belongs to another job" in r.stderr, r.stderr)
    c.migsim(*args, "-o", out, "--resume")
    check(read(out) == read(full), "interrupted and resumed, the comparison differs from an uninterrupted one")
    check(not os.path.exists(journal), "the journal is left after the job finished")
    with open(journal, "wb") as f:
        f.write(b"MIGJRNL1 but not really")
    r = c.migsim(*args, "-o", out, "--resume", expect=2)
    check("damaged or not a migsim journal" in r.stderr, r.stderr)
    r = c.migsim("run", base, "--resume", expect=2)
    check("go with --replicates" in r.stderr, r.stderr)


def test_ensemble_resume_run(c):
    """run --replicates interrupted and resumed gives the bytes of a job never interrupted:
    its journal holds each replicate's Frontex series too (their quantiles)."""
    base = c.path("tests", "smuggling", "mono_none.lua")
    args = ["run", base, "--replicates", 60, "--threads", 2, "-q"]
    full, out = c.out("full_run.json"), c.out("out_run.json")
    c.migsim(*args, "-o", full)
    for wait in (0.5, 0.25, 1.0):
        if os.path.exists(out):
            os.remove(out)
        rc, err = interrupt(c, args + ["-o", out], wait)
        if rc == 1:
            break
    if rc == 0:  # finished before the signal on a fast machine: nothing to resume
        check(read(out) == read(full), "the job finished but differs")
        return
    check(rc == 1 and "replicates done" in err and os.path.exists(out + ".progress"), f"SIGINT: exit {rc}, {err}")
    c.migsim(*args, "-o", out, "--resume")
    check(read(out) == read(full), "interrupted and resumed, run --replicates differs from an uninterrupted one")
    check(b'"frontex_total"' in read(out), "run --replicates wrote no frontex_total")


def test_sweep_resume(c):
    """The same for a sweep: points done are kept, --resume finishes with the same bytes."""
    s = c.path("tests", "smuggling", "plain.lua")
    args = ["sweep", s, "--param", "smuggling.threshold=50:400", "--param", "group.north.capacity=5:60", "-n", 40,
            "--threads", 2, "-q"]
    full, out = c.out("full.json"), c.out("out.json")
    c.migsim(*args, "-o", full)
    rc, err = interrupt(c, args + ["-o", out], 0.5)
    if rc == 0:
        check(read(out) == read(full), "the sweep finished but differs")
        return
    check(rc == 1 and "design points done" in err, f"SIGINT: exit {rc}, {err}")
    check(not os.path.exists(out) and os.path.exists(out + ".progress"), "interrupted: a result, or no journal")
    r = c.migsim(*args[:-3], "-n", 41, "--threads", 2, "-q", "-o", out, "--resume", expect=2)
    check("belongs to another sweep" in r.stderr, r.stderr)
    c.migsim(*args, "-o", out, "--resume")
    check(read(out) == read(full), "interrupted and resumed, the sweep differs from an uninterrupted one")
    check(not os.path.exists(out + ".progress"), "the journal is left after the sweep finished")


def test_checkpoint_dir_created(c):
    """--checkpoint-dir D creates D and the folders on its way (as mkdir -p), and only
    once the scenario has loaded; a file in the way is refused (exit 2)."""
    s = c.path("tests", "checkpoint", "carried.lua")
    c.migsim("run", s, "-q", "--checkpoint-dir", "new/a/b", "--stop-after", 5)
    check(os.path.exists(c.out("new/a/b/carried-seed1.ckpt")), "no checkpoint in the new folder new/a/b")
    c.migsim("resume", c.out("new/a/b/carried-seed1.ckpt"), "-q", "-o", c.out("out.json"))
    check(os.path.exists(c.out("out.json")), "resume from the new folder wrote no result")
    c.migsim("run", c.out("none.lua"), "-q", "--checkpoint-dir", "never", expect=2)
    check(not os.path.exists(c.out("never")), "a folder was made for a scenario that does not load")
    with open(c.out("afile"), "w") as f:
        f.write("x\n")
    for d in ("afile", "afile/sub"):
        r = c.migsim("run", s, "-q", "--checkpoint-dir", d, "--stop-after", 5, expect=2)
        check(d in r.stderr and ("not a folder" in r.stderr or "cannot create" in r.stderr), r.stderr)


def test_option_ranges(c):
    """One table of ranges serves the command line and the checkpoint reader: a run with
    every option at its bound stops with a checkpoint that resume takes; one step beyond
    a bound the command line refuses, naming the range (also listed in --help)."""
    s = c.path("tests", "checkpoint", "carried.lua")
    full = c.out("full.json")
    c.migsim("run", s, "-q", "-o", full, "--seed", 9007199254740991)
    for n, extra in enumerate([
        ["--lua-instructions", "1e15", "--lua-memory", "1e6", "--checkpoint-every", 65535],
        ["--lua-instructions", "1e4", "--lua-memory", "1e6"],
        ["--lua-instructions", "1e15", "--lua-memory", "64.5", "--checkpoint-every", 1],
    ]):
        ck = f"ck{n}"
        c.migsim("run", s, "-q", "--seed", 9007199254740991, "--checkpoint-dir", ck, "--stop-after", 5, *extra)
        out = c.out(f"out{n}.json")
        r = c.migsim("resume", os.path.join(ck, "carried-seed9007199254740991.ckpt"), "-q", "-o", out, expect=None)
        check(r.returncode == 0, f"run {' '.join(map(str, extra))}: resume refused its checkpoint: {r.stderr!r}")
        check(read(out) == read(full), f"run {' '.join(map(str, extra))}: the resumed result differs")
    bad = [
        (["--lua-instructions", "1e16"], "--lua-instructions takes a number from 1e4 to 1e15"),
        (["--lua-instructions", "9999"], "1e4 to 1e15"),
        (["--lua-instructions", "nan"], "1e4 to 1e15"),
        (["--lua-memory", "2e6"], "--lua-memory takes a number of megabytes from 1 to 1e6"),
        (["--lua-memory", "1e30"], "from 1 to 1e6"),
        (["--lua-memory", "inf"], "from 1 to 1e6"),
        (["--lua-memory", "0.5"], "from 1 to 1e6"),
        (["--seed", "9007199254740992"], "--seed takes a whole number from 0 to 2^53-1"),
        (["--seed", "-1"], "2^53-1"),
        (["--seed", "1e3"], "2^53-1"),
        (["--threads", "257"], "--threads takes a whole number from 1 to 256"),
        (["--replicates", "1000001"], "--replicates takes a whole number from 1 to 1000000"),
        (["--checkpoint-dir", "ck", "--checkpoint-every", "65536"], "from 1 to 65535"),
        (["--checkpoint-dir", "ck", "--stop-after", "0"], "from 1 to 65535"),
    ]
    for extra, msg in bad:
        r = c.migsim("run", s, "-q", "-o", c.out("never.json"), *extra, expect=2)
        check(msg in r.stderr, f"run {' '.join(extra)}: stderr lacks {msg!r}: {r.stderr!r}")
        check(not os.path.exists(c.out("never.json")), f"run {' '.join(extra)} wrote a result")
    r = c.migsim("resume", os.path.join("ck0", "carried-seed9007199254740991.ckpt"), "--stop-after", 65536,
                 expect=2)
    check("--stop-after takes a whole number of days from 1 to 65535" in r.stderr, r.stderr)
    helptext = c.migsim("run", "--help").stdout
    for text in ("1e4 to 1e15", "1 to 1e6 MB", "0 to 2^53-1", "1 to 256", "1 to 65535"):
        check(text in helptext, f"run --help does not give the range {text!r}")


def test_output_is_input(c):
    """An output that is one of the command's inputs (the scenario, a module beside it, the
    checkpoint or result read) is refused before any work, exit 2, whatever its spelling:
    ./s.lua, ../dir/s.lua, a symbolic or a hard link. The journal OUT.json.progress,
    the checkpoint a run keeps, and standard output redirected to a file are outputs too."""
    src = c.path("tests", "checkpoint")
    for f in ("carried.lua", "smugworld.lua"):
        with open(c.out(f), "w") as g:
            g.write(open(os.path.join(src, f)).read())
    os.mkdir(c.out("sub"))
    os.symlink(c.out("carried.lua"), c.out("link.lua"))
    os.symlink(c.out("carried.lua"), c.out("link.json"))
    os.link(c.out("carried.lua"), c.out("hard.json"))
    s = "carried.lua"
    keep = {f: read(c.out(f)) for f in ("carried.lua", "smugworld.lua")}
    c.migsim("run", s, "-q", "-o", "r.json")
    c.migsim("run", s, "-q", "--checkpoint-dir", "ck", "--stop-after", 5)
    ck = os.path.join("ck", "carried-seed1.ckpt")
    keep["r.json"], keep[ck] = read(c.out("r.json")), read(c.out(ck))
    work = os.path.basename(c.work)
    P = ["--param", "smuggling.threshold=50:400", "-n", 2]
    cases = [
        (["run", s, "-o", s], "-o carried.lua is the scenario carried.lua itself"),
        (["run", s, "-o", "./carried.lua"], "is the scenario"),
        (["run", s, "-o", f"../{work}/carried.lua"], "is the scenario"),
        (["run", s, "-o", "sub/../carried.lua"], "is the scenario"),
        (["run", s, "-o", "link.json"], "is the scenario"),
        (["run", s, "-o", "hard.json"], "is the scenario"),
        (["run", "link.lua", "-o", s], "is the scenario"),
        (["run", s, "-o", "smugworld.lua"], "is Lua code"),
        (["run", s, "-o", "sub"], "is a folder"),
        (["run", s, "--replicates", 2, "-o", s], "is the scenario"),
        (["run", s, "--checkpoint-dir", "ck", "-o", ck], "is the checkpoint"),
        (["compare", s, "link.lua", "--replicates", 2, "-o", "hard.json"], "is the scenario"),
        (["sweep", s, *P, "-o", "link.json"], "is the scenario"),
        (["export", "r.json", "--table", "totals", "-o", "r.json"], "is the result file r.json itself"),
        (["export", "r.json", "--table", "totals", "-o", "./r.json"], "is the result file"),
        (["resume", ck, "-o", ck], "is the checkpoint"),
        (["resume", ck, "-o", "hard.json"], "is the scenario"),
    ]
    for args, msg in cases:
        r = c.migsim(*args, *([] if args[0] == "export" else ["-q"]), expect=2)
        what = "migsim " + " ".join(map(str, args))
        check(r.stderr.startswith("migsim: ") and msg in r.stderr, f"{what}: stderr lacks {msg!r}: {r.stderr!r}")
        for f, data in keep.items():
            check(read(c.out(f)) == data, f"{what} changed {f}")
    # The journal of replicates or design points beside -o is an output too.
    os.symlink(c.out("carried.lua"), c.out("j.json.progress"))
    for args in (["run", s, "--replicates", 2], ["compare", s, s, "--replicates", 2], ["sweep", s, *P]):
        r = c.migsim(*args, "-q", "-o", "j.json", expect=2)
        check("the journal j.json.progress is the scenario" in r.stderr, f"{args[0]}: {r.stderr!r}")
        check(read(c.out(s)) == keep[s] and not os.path.exists(c.out("j.json")), f"{args[0]}: a file was written")
    # The checkpoint a run keeps (its name is known once the scenario has loaded).
    os.mkdir(c.out("ck2"))
    os.symlink(c.out("carried.lua"), c.out("ck2/carried-seed1.ckpt"))
    r = c.migsim("run", s, "-q", "--checkpoint-dir", "ck2", "--stop-after", 5, expect=2)
    check("the checkpoint" in r.stderr and "is the scenario" in r.stderr, r.stderr)
    check(read(c.out(s)) == keep[s], "the run's checkpoint replaced the scenario")
    # Standard output redirected onto an input.
    for args, f in ((["export", "r.json", "--table", "totals"], "r.json"), (["check", s], s), (["run", s], s),
                    (["resume", ck], s)):  # resume's scenario is an input too (review of issue 13)
        with open(c.out(f), "ab") as out:
            r = subprocess.run([c.exe] + [str(a) for a in args], cwd=c.work, stdout=out, stderr=subprocess.PIPE,
                               text=True)
        check(r.returncode == 2 and "standard output is" in r.stderr, f"{args} >> {f}: {r.returncode} {r.stderr!r}")
        check(read(c.out(f)) == keep[f], f"{args} >> {f} changed it")
    # Distinct files still go.
    c.migsim("export", "r.json", "--table", "totals", "-o", "t.csv")
    c.migsim("resume", ck, "-q", "-o", "r2.json")
    check(read(c.out("r2.json")) == keep["r.json"], "a run of a scenario given by a relative name, resumed, "
          "differs from one never stopped")


def test_stdout_full(c):
    """A write error on standard output (a full disk: /dev/full) is an error, exit 1 with
    'writing to standard output failed: No space left on device', for the tables of
    export, the documents of -o - and the help of every command."""
    if not os.path.exists("/dev/full"):
        return
    s = c.path("tests", "checkpoint", "carried.lua")
    P = ["--param", "smuggling.threshold=50:400", "-n", 2]
    c.migsim("run", s, "-q", "-o", c.out("r.json"))
    cases = [
        ["export", c.out("r.json"), "--table", "stock_daily"],
        ["export", c.out("r.json"), "--table", "totals", "--format", "json"],
        ["run", s, "-o", "-"],  # the summaries go to stderr: the documents on stdout (-o -) are what fails
        ["run", s, "--replicates", 2, "-o", "-"],
        ["compare", s, s, "--replicates", 2, "-o", "-"],
        ["sweep", s, *P, "-o", "-"],
        ["check", s],
        ["bench", "--agents", 1000, "--days", 2],
        ["run", "--help"],
        ["--version"],
    ]
    for args in cases:
        with open("/dev/full", "w") as full:
            r = subprocess.run([c.exe] + [str(a) for a in args], cwd=c.work, stdout=full, stderr=subprocess.PIPE,
                               text=True, timeout=300)
        what = "migsim " + " ".join(map(str, args)) + " > /dev/full"
        check(r.returncode == 1, f"{what}: exit {r.returncode}, expected 1; {r.stderr!r}")
        check("migsim: writing to standard output failed: No space left on device" in r.stderr,
              f"{what}: {r.stderr!r}")
    r = c.migsim("export", c.out("r.json"), "--table", "totals")
    check(r.stdout.startswith("indicator,value") and not r.stderr, "a good export is not quiet any more")


if __name__ == "__main__":
    harness.main(globals(), Ctx)
