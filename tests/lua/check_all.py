#!/usr/bin/python3
"""`migsim check` over every shipped scenario, and `check --list` (issue 17, friction 3).

usage: check_all.py MIGSIM REPO WORKDIR

check now calls every hook of a scenario once; a scenario whose hooks are fine must still
pass: every scenarios/*.lua, docs/examples/*.lua and tests/lua/good_*.lua (with the
`-- args:` of its header) exits 0 with its "ok (" line and writes nothing. Then `check
--list` on tests/lua/good_check_hooks.lua prints the parameters with value and range, the
borders, the channels and the dated schedule with file:line, exit 0; and the listing is
not printed when a hook fails (exit 2, stdout empty).
"""
import glob
import os
import re
import shlex
import subprocess
import sys


def header_args(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.startswith("--"):
                break
            key, sep, value = line[2:].partition(":")
            if sep and key.strip() == "args":
                return shlex.split(value.strip())
    return []


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    exe, repo, work = (os.path.abspath(a) for a in sys.argv[1:])
    os.makedirs(work, exist_ok=True)
    for f in os.listdir(work):
        os.remove(os.path.join(work, f))
    files = sorted(glob.glob(os.path.join(repo, "scenarios", "*.lua")) +
                   glob.glob(os.path.join(repo, "docs", "examples", "*.lua")) +
                   glob.glob(os.path.join(repo, "tests", "lua", "good_*.lua")))
    failures = []
    for path in files:
        r = subprocess.run([exe, "check", path] + header_args(path), cwd=work, capture_output=True, text=True,
                           timeout=300)
        if r.returncode != 0 or ": ok (" not in r.stdout:
            failures.append(f"{os.path.relpath(path, repo)}: exit {r.returncode}\n{r.stderr}")
    if os.listdir(work):
        failures.append(f"check left files behind: {os.listdir(work)}")

    hooks = os.path.join(repo, "tests", "lua", "good_check_hooks.lua")
    r = subprocess.run([exe, "check", hooks, "--list"], cwd=work, capture_output=True, text=True, timeout=300)
    expect = [
        r"^parameters \(key, value, type, range, unit\):$",
        r"^border\.BB-CC\.detection_prob +0\.3 +real +\[0, 1\]",   # as loaded, not as the hooks left it
        r"^give_up_prob +0\.01 +real +\[0, 1\]",
        r"^borders: 1 ",
        r"^  BB-CC +0\.3 +0\.6 +0\.3 +yes +- +Camp$",
        r"^  XXA \(XXA\), from Origin: 2 channels$",
        r"^    air +Origin -> Airport  air, 1 days, 0 EUR, weight 0\.7, open; visa-free entry to BB: yes$",
        r"^schedule: 2 dated events, 2 when\(\) triggers, 1 on_day\(\) hook$",
        r"^  2022-02-01  at\(\) +close  \(.*good_check_hooks\.lua:12\)$",
        r"^  2022-03-01  at\(\) +restore  \(.*good_check_hooks\.lua:17\)$",
        r"^  when\(\) +trigger +trigger \(.*good_check_hooks\.lua:21\)  \(.*good_check_hooks\.lua:21\)$",
        r"^  on_day\(\) +hook +every day  \(.*good_check_hooks\.lua:24\)$",
    ]
    if r.returncode != 0:
        failures.append(f"check --list exited {r.returncode}\n{r.stderr}")
    for pattern in expect:
        if not re.search(pattern, r.stdout, re.M):
            failures.append(f"check --list lacks a line matching {pattern!r}\nstdout:\n{r.stdout}")
            break
    bad = os.path.join(repo, "tests", "lua", "bad_hook_misspelt_key_in_at.lua")
    r = subprocess.run([exe, "check", bad, "--list"], cwd=work, capture_output=True, text=True, timeout=300)
    if r.returncode != 2 or r.stdout or "detection_prb" not in r.stderr:
        failures.append(f"check --list of a bad hook: exit {r.returncode} (expected 2), stdout {r.stdout[:200]!r}\n"
                        f"{r.stderr}")
    if failures:
        print("\n".join(failures))
        sys.exit(1)
    print(f"check: {len(files)} scenarios ok; check --list ok")


if __name__ == "__main__":
    main()
