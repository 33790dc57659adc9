#!/usr/bin/python3
"""The command line's manners (issue 17, friction 7): each test failed on 0.1.

usage: cli_tests.py TEST MIGSIM SOURCE_DIR WORK_DIR

TEST is one of the functions named test_* below (without the prefix). The rules tested:
options as getopt_long takes them (--seed=3, -- ending the options, -o - for standard
output); data on stdout, messages (summaries, notes, progress, warnings) on stderr;
an output whose folder is missing is refused before any work (exit 2); -q silences all
but errors and warnings; a job that would print and keep nothing says so first; progress
in a log is one plain line per tenth of the work.
"""
import json
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import harness  # noqa: E402
from harness import Failure, check  # noqa: E402

NOTHING_KEPT = "nothing will be printed or kept"
SWEEP = ["--param", "give_up_prob=0:0.5", "-n", "2"]


class Ctx:
    def __init__(self, exe, src, work):
        self.exe, self.src, self.work = exe, src, work
        self.toy = os.path.join(src, "tests", "scenario", "toy.lua")

    def path(self, *p):
        return os.path.join(self.src, *p)

    def out(self, name):
        return os.path.join(self.work, name)

    def migsim(self, *args, expect=0, stderr_file=None):
        """Run migsim in the work folder; stderr to a file when given (not a terminal either way)."""
        args = [str(a) for a in args]
        if stderr_file:
            with open(stderr_file, "w") as err:
                r = subprocess.run([self.exe] + args, cwd=self.work, stdout=subprocess.PIPE, stderr=err,
                                   timeout=600)
            with open(stderr_file, encoding="utf-8") as f:
                r.stderr = f.read().encode()
        else:
            r = subprocess.run([self.exe] + args, cwd=self.work, capture_output=True, timeout=600)
        r.stdout_bytes = r.stdout
        r.stdout, r.stderr = r.stdout.decode(), r.stderr.decode()
        if expect is not None and r.returncode != expect:
            raise Failure(f"migsim {' '.join(args)} exited {r.returncode}, expected {expect}\n{r.stderr[-3000:]}")
        return r

    def jobs(self, out):
        """One small job of every command that simulates, writing to out."""
        return {
            "run": ["run", self.toy, "-o", out],
            "replicates": ["run", self.toy, "--replicates", 3, "-o", out],
            "compare": ["compare", self.toy, self.toy, "--replicates", 3, "-o", out],
            "sweep": ["sweep", self.toy, *SWEEP, "-o", out],
        }


def read(path):
    with open(path, "rb") as f:
        return f.read()


def test_option_forms(c):
    """--opt=value is --opt value: the same bytes; a flag given a value is refused."""
    c.migsim("run", c.toy, "-q", "--seed", 3, "--set", "give_up_prob=0.1", "-o", "a.json")
    c.migsim("run", c.toy, "-q", "--seed=3", "--set=give_up_prob=0.1", "-o", "b.json")
    check(read(c.out("a.json")) == read(c.out("b.json")), "--seed=3 --set=K=V and --seed 3 --set K=V differ")
    c.migsim("sweep", c.toy, "-q", "--param=give_up_prob=0:0.5", "-n=2", "--design=lhs", "-o", "s1.json", expect=2)
    c.migsim("sweep", c.toy, "-q", "--param=give_up_prob=0:0.5", "-n", "2", "--design=lhs", "-o", "s1.json")
    c.migsim("sweep", c.toy, "-q", "--param", "give_up_prob=0:0.5", "-n", "2", "--design", "lhs", "-o", "s2.json")
    check(read(c.out("s1.json")) == read(c.out("s2.json")), "sweep --param=... and --param ... differ")
    r = c.migsim("run", c.toy, "--quiet=yes", "-o", "a.json", expect=2)
    check("takes no value" in r.stderr, f"--quiet=yes: {r.stderr!r}")


def test_stdout_document(c):
    """-o - writes the document to stdout, the same bytes as -o FILE, and nothing else goes
    there (the summary is on stderr); for run, replicates, compare, sweep, resume and export."""
    for what, args in c.jobs("-").items():
        r = c.migsim(*args)
        json.loads(r.stdout)  # parses: nothing else is mixed in
        c.migsim(*args[:-1], c.out(what + ".json"), "-q")
        check(r.stdout_bytes == read(c.out(what + ".json")), f"{what}: -o - and -o FILE differ")
        check(r.stderr.strip(), f"{what} -o -: no summary on stderr")
    c.migsim("run", c.toy, "-q", "--checkpoint-dir", "ck", "--stop-after", 30)
    r = c.migsim("resume", c.out("ck/toy-seed1.ckpt"), "-o", "-")
    check(r.stdout_bytes == read(c.out("run.json")), "resume -o - differs from the run never stopped")
    r = c.migsim("export", "run.json", "--table", "totals", "-o", "-")
    check(r.stdout == c.migsim("export", "run.json", "--table", "totals").stdout and r.stdout.startswith("indicator"),
          "export -o - is not the table on stdout")
    r = c.migsim("calibrate", c.path("scenarios", "calibration", "toy.lua"), "-o", "-", expect=2)
    check("not standard output" in r.stderr, f"calibrate -o -: {r.stderr!r}")


def test_double_dash(c):
    """-- ends the options: a scenario whose name starts with '-' runs after it."""
    shutil.copy(c.toy, c.out("--toy.lua"))
    r = c.migsim("run", "-q", "-o", "dash.json", "--toy.lua", expect=2)
    check("unknown option '--toy.lua'" in r.stderr, f"without --: {r.stderr!r}")
    c.migsim("run", "-q", "-o", "dash.json", "--", "--toy.lua")
    c.migsim("run", c.toy, "-q", "-o", "plain.json")
    a, b = json.loads(read(c.out("dash.json"))), json.loads(read(c.out("plain.json")))
    check(a["totals"] == b["totals"], "the scenario after -- is not the one run")
    r = c.migsim("run", "-q", "--", "--toy.lua", "-o", "x.json", expect=2)  # after --, -o is an argument too
    check(not os.path.exists(c.out("x.json")), "an -o after -- was taken as an option")


def test_bad_output_folder(c):
    """An -o whose folder is missing (or is a file) is refused before any work: exit 2, the
    folder named, no progress, no summary, for every command that writes."""
    with open(c.out("afile"), "w") as f:
        f.write("x\n")
    c.migsim("run", c.toy, "-q", "-o", "good.json")
    c.migsim("run", c.toy, "-q", "--checkpoint-dir", "ck", "--stop-after", 30)
    for bad, msg in (("no/such/dir/out.json", "does not exist"), ("afile/out.json", "is not a folder")):
        jobs = c.jobs(bad)
        jobs["resume"] = ["resume", c.out("ck/toy-seed1.ckpt"), "-o", bad]
        jobs["calibrate"] = ["calibrate", c.path("scenarios", "calibration", "toy.lua"), "-o", bad]
        jobs["export"] = ["export", "good.json", "--table", "totals", "-o", bad]
        jobs["flee"] = ["run", c.path("scenarios", "flee_burundi.lua"), "-o", bad]
        for what, args in jobs.items():
            r = c.migsim(*args, stderr_file=c.out("err.txt"), expect=2)
            check(msg in r.stderr and os.path.dirname(bad) in r.stderr, f"{what} -o {bad}: {r.stderr!r}")
            check(r.stderr.count("\n") == 1 and "done" not in r.stderr, f"{what} -o {bad} worked first: {r.stderr!r}")
            check(not r.stdout, f"{what} -o {bad} printed {r.stdout[:200]!r}")


def test_summary_stream(c):
    """The summary goes to stderr, with -o or without: stdout is for data only."""
    for what, args in c.jobs("x.json").items():
        for a in (args, args[:-2]):
            r = c.migsim(*a)
            check(not r.stdout, f"{what} {'with' if '-o' in a else 'without'} -o printed on stdout: {r.stdout[:200]!r}")
            check("migsim" in r.stderr and len(r.stderr.splitlines()) > 3, f"{what}: no summary on stderr")


def test_quiet(c):
    """-q: nothing on stderr for a good job (no summary, progress or note: the Flee world's
    notes on its data, compare's fork note, the posterior's line), yet errors still show."""
    wb, novisa = c.path("scenarios", "wb2022.lua"), c.path("scenarios", "wb2022_no_visa_alignment.lua")
    jobs = dict(c.jobs("q.json"))
    jobs["flee"] = ["run", c.path("scenarios", "flee_burundi.lua"), "-o", "q.json"]
    jobs["wb compare"] = ["compare", novisa, wb, "--replicates", 2, "-o", "q.json"]
    for what, args in jobs.items():
        loud = c.migsim(*args, stderr_file=c.out("err.txt"))
        check(loud.stderr.strip(), f"{what}: nothing on stderr without -q (the test tests nothing)")
        r = c.migsim(*args, "-q", stderr_file=c.out("err.txt"))
        check(r.stderr == "" and r.stdout == "", f"{what} -q printed: {r.stderr[:500]!r}")
    r = c.migsim("run", c.toy, "-q", "--seed", "x", "-o", "q.json", expect=2)
    check(r.stderr.startswith("migsim: --seed"), f"-q silenced an error: {r.stderr!r}")
    # check -q: silent when the scenario is fine (its "ok" line is for people), --list still
    # prints; export takes -q like every command that writes (0.1 refused it).
    r = c.migsim("check", c.toy, "-q")
    check(r.stdout == "" and r.stderr == "", f"check -q printed {r.stdout!r} {r.stderr!r}")
    r = c.migsim("check", c.toy, "-q", "--list")
    check(": ok (" in r.stdout and len(r.stdout.splitlines()) > 5, f"check -q --list: {r.stdout[:200]!r}")
    c.migsim("run", c.toy, "-q", "-o", "q.json")
    r = c.migsim("export", "q.json", "--table", "totals", "-q")
    check(r.stdout.startswith("indicator,value") and r.stderr == "", f"export -q: {r.stderr!r}")


def test_nothing_kept(c):
    """-q without -o prints and keeps nothing: a warning says so, first (even under -q),
    and the job runs; not with -o, -o -, without -q, or with a checkpoint kept."""
    for what, args in c.jobs("x.json").items():
        r = c.migsim(*args[:-2], "-q", stderr_file=c.out("err.txt"))
        check(r.stderr.startswith("migsim: warning: -q without -o: " + NOTHING_KEPT), f"{what}: {r.stderr!r}")
        for a in (args + ["-q"], args[:-2], args[:-1] + ["-", "-q"]):
            r = c.migsim(*a)
            check(NOTHING_KEPT not in r.stderr, f"{what} {a[-2:]}: warned: {r.stderr!r}")
    r = c.migsim("run", c.toy, "-q", "--checkpoint-dir", "ck", "--stop-after", 30)
    check(NOTHING_KEPT not in r.stderr, f"a run keeping a checkpoint: {r.stderr!r}")
    r = c.migsim("resume", c.out("ck/toy-seed1.ckpt"), "-q")
    check(NOTHING_KEPT in r.stderr, f"resume -q without -o: {r.stderr!r}")


def test_progress_log(c):
    """With stderr a file, progress is one plain line per tenth of the replicates, design
    points or simulated days of a single run (no carriage returns, no clock readings); none
    with -q."""
    r = c.migsim("run", c.toy, "--replicates", 20, "-o", "e.json", stderr_file=c.out("log.txt"))
    lines = [ln for ln in r.stderr.splitlines() if "replicates done" in ln]
    want = [f"migsim: {2 * k}/20 replicates done ({10 * k}%)" for k in range(1, 11)]
    check(lines == want, f"progress lines {lines}")
    check("\r" not in r.stderr, "a carriage return in a log")
    r = c.migsim("run", c.toy, "--replicates", 3, "-o", "e.json", stderr_file=c.out("log.txt"))
    lines = [ln for ln in r.stderr.splitlines() if "replicates done" in ln]
    check(lines == ["migsim: 1/3 replicates done (33%)", "migsim: 2/3 replicates done (66%)",
                    "migsim: 3/3 replicates done (100%)"], f"3 replicates: {lines}")
    r = c.migsim("sweep", c.toy, *SWEEP, "-o", "s.json", stderr_file=c.out("log.txt"))
    check("migsim: 2/2 design points done (100%)" in r.stderr, f"sweep: {r.stderr!r}")
    r = c.migsim("run", c.toy, "--replicates", 20, "-q", "-o", "e.json", stderr_file=c.out("log.txt"))
    check(r.stderr == "", f"-q: {r.stderr!r}")
    # A single run: simulated days (the toy world runs 120).
    r = c.migsim("run", c.toy, "-o", "one.json", stderr_file=c.out("log.txt"))
    lines = [ln for ln in r.stderr.splitlines() if "days done" in ln]
    check(lines == [f"migsim: {12 * k}/120 days done ({10 * k}%)" for k in range(1, 11)], f"single run: {lines}")
    c.migsim("run", c.toy, "-q", "--checkpoint-dir", "ck", "--stop-after", 30)
    r = c.migsim("resume", c.out("ck/toy-seed1.ckpt"), "-o", "two.json", stderr_file=c.out("log.txt"))
    lines = [ln for ln in r.stderr.splitlines() if "days done" in ln]
    check(lines[-1] == "migsim: 120/120 days done (100%)" and len(lines) == 9, f"resume: {lines}")
    check(read(c.out("one.json")) == read(c.out("two.json")), "progress changed a resumed run's bytes")
    r = c.migsim("run", c.toy, "-q", "-o", "one.json", stderr_file=c.out("log.txt"))
    check(r.stderr == "", f"single run -q: {r.stderr!r}")


def test_option_errors(c):
    """Bad options: exit 2 with a message that helps (the nearest option, which command,
    which value), before any work."""
    for args, msg in ((["run", c.toy, "--sed", 3], "unknown option '--sed' (did you mean '--seed'?"),
                      (["run", c.toy, "--sed=3"], "unknown option '--sed' (did you mean '--seed'?"),
                      (["check", c.toy, "--replicates", 3], "option '--replicates' is not one of 'migsim check'"),
                      (["run", c.toy, "--seed"], "option '--seed' needs a value"),
                      (["run", c.toy, "--seed="], "--seed"),
                      (["run", c.toy, "--daily=1", "--replicates", 2], "option '--daily' takes no value"),
                      (["run", c.toy, "-o", ""], "-o needs a file name"),
                      (["run", c.toy, "--frobnicate"], "unknown option '--frobnicate' (see migsim run --help)")):
        r = c.migsim(*args, expect=2)
        check(r.stderr.startswith("migsim: ") and msg in r.stderr, f"{args[0]} {args[2:]}: {r.stderr!r}")
        check(not r.stdout, f"{args}: printed on stdout")


if __name__ == "__main__":
    harness.main(globals(), Ctx)
