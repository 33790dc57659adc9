#!/usr/bin/env bash
# samebytes.sh OLD_MIGSIM NEW_MIGSIM [JQ_FILTER]: for refactors that must not change
# results. Runs every shipped scenario, an ensemble, a Flee ensemble, a comparison, a
# sweep and three exports with both binaries and compares the bytes, the "version"
# field aside. JQ-free: an optional sed expression (third argument) is applied to both
# sides first, for a change that adds fields on purpose. Prints DIFFERS lines; exit 1
# if any file differs.
set -uo pipefail
old=$1 new=$2 filter=${3:-}
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run_all() {
  local bin=$1 out=$2
  mkdir -p "$out"
  for s in scenarios/*.lua; do
    "$bin" run "$s" -o "$out/$(basename "$s" .lua).json" -q --seed 7 2>/dev/null || echo "run failed: $s" >"$out/$(basename "$s" .lua).json"
  done
  "$bin" run scenarios/wb2022.lua --replicates 4 --threads 2 -o "$out/ens.json" -q
  "$bin" run scenarios/flee_burundi.lua --replicates 3 -o "$out/flee_ens.json" -q 2>/dev/null
  # unforked on both sides: 0.2 forks comparisons by default (the same numbers, meta.fork_at set)
  local fork=; "$bin" compare --help 2>&1 | grep -q -- '--fork-at none' && fork="--fork-at none"
  "$bin" compare scenarios/wb2022.lua scenarios/police_data_exchange.lua --replicates 4 --threads 2 $fork \
      -o "$out/cmp.json" -q
  "$bin" sweep scenarios/tutorial_hungary.lua --param border.RS-HU.detection_prob=0.1:0.5 -n 6 --threads 2 \
      -o "$out/sweep.json" -q >/dev/null 2>&1
  for t in frontex_monthly detections_monthly; do "$bin" export "$out/wb2022.json" --table $t -o "$out/wb2022_$t.csv"; done
  "$bin" export "$out/flee_burundi.json" --table camps_daily -o "$out/flee_camps.csv"
}
run_all "$old" "$work/old" & run_all "$new" "$work/new"; wait
bad=0
for f in "$work"/old/*; do
  n=$(basename "$f")
  if ! cmp -s <(sed -e 's/"version": *"[^"]*"//' ${filter:+-e "$filter"} "$f") \
              <(sed -e 's/"version": *"[^"]*"//' ${filter:+-e "$filter"} "$work/new/$n"); then
    echo "DIFFERS: $n"; bad=1
  fi
done
echo "samebytes: $(ls "$work/old" | wc -l) files compared, $([ $bad = 0 ] && echo 'all the same' || echo 'some differ')"
exit $bad
