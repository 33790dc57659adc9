#!/usr/bin/env bash
# Regenerate tests/scenario/toy.golden.json: the exact output of toy.lua at --seed 7.
#
#   tests/scenario/regen_golden.sh [path/to/migsim]     (default: build/migsim)
#
# Run it after an intended change to the model, the output format or toy.lua, then review
# `git diff --stat tests/scenario/toy.golden.json` and the scenario tests before committing.
# The command matches test_golden in scenario_tests.py: it runs from this folder so that
# meta.scenario.file is "toy.lua" whatever the checkout's path.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
exe="${1:-$here/../../build/migsim}"
exe="$(cd "$(dirname "$exe")" && pwd)/$(basename "$exe")"
cd "$here"
"$exe" run toy.lua --seed 7 -q -o toy.golden.json
echo "wrote $here/toy.golden.json with $("$exe" --version)"
