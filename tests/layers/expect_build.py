#!/usr/bin/env python3
"""expect_build.py BUILD_DIR TARGET EXPECT: build TARGET; with EXPECT '-' it must
build, otherwise it must fail and its output must mention EXPECT (so a failure for
another reason, a broken tree say, does not pass)."""
import subprocess
import sys

build, target, expect = sys.argv[1:4]
p = subprocess.run(["cmake", "--build", build, "--target", target], capture_output=True, text=True)
out = p.stdout + p.stderr
if expect == "-":
    if p.returncode != 0:
        sys.exit(f"{target} should build (its layer may use what it includes), but:\n{out[-3000:]}")
    print(f"{target}: builds, as it should")
    sys.exit(0)
if p.returncode == 0:
    sys.exit(f"{target} built: the layering is not enforced (expected a failure on {expect})")
if expect not in out:
    sys.exit(f"{target} failed, but not on {expect}:\n{out[-3000:]}")
line = next((l for l in out.splitlines() if expect in l), "")
print(f"{target}: refused as it should be: {line.strip()}")
