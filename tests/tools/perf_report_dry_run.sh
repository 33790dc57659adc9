#!/usr/bin/env bash
# perf_report_dry_run.sh SOURCE_DIR BUILD_DIR: tools/perf_report.sh parses, prints its help,
# refuses bad options with exit 2, and in --dry-run prints a measurement for each of the
# table's five workloads (and the callgrind count with --instructions) without running any.
set -uo pipefail
src=$1 build=$2
script=$src/tools/perf_report.sh
fail() { echo "FAIL: $*"; exit 1; }
# An empty TMPDIR: the dry run then shows the old build's commands rather than a cached build.
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

bash -n "$script" || fail "syntax"
"$script" --help | grep -q '^usage: tools/perf_report.sh' || fail "--help prints no usage"
for bad in "-r 0" "--runs x" "--only 6" "--bogus" "a b c"; do
  # shellcheck disable=SC2086  # each case is several words on purpose
  "$script" $bad >/dev/null 2>&1
  rc=$?
  [ "$rc" = 2 ] || fail "'$bad' gave exit $rc, not 2"
done
out=$(TMPDIR=$tmp "$script" --dry-run --instructions 45536ed "$build") || fail "--dry-run failed: $out"
for w in 1 2 3 4 5; do
  for side in old new; do
    grep -q -- "--export-json [^ ]*/w$w-$side\.r1\.json" <<<"$out" || fail "--dry-run measures no workload $w $side: $out"
  done
done
grep -q 'valgrind --tool=callgrind' <<<"$out" || fail "--dry-run --instructions counts no instructions"
grep -q -- '--replicates 200 --threads 2' <<<"$out" || fail "compare is not at 200 replicates"
quick=$(TMPDIR=$tmp "$script" --dry-run --quick --only 2 45536ed "$build") || fail "--dry-run --quick failed"
grep -q -- '--replicates 20 --threads 2' <<<"$quick" || fail "--quick does not compare at 20 replicates"
echo "perf_report.sh: help, bad options and dry run as expected"
