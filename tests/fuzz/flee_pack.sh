#!/usr/bin/env bash
# Pack a Flee scenario folder into one fuzz_flee input on stdout (tests/fuzz/fuzz_flee.c):
# its files in the target's order, joined by the byte 0x1E; a missing file is an empty
# piece. CAMP and CAMP2 (files of DIR/source_data/) become source_data/camp.csv and
# camp2.csv, the two count files the target writes: data_layout.csv rows must name
# those to read them.
#   tests/fuzz/flee_pack.sh DIR [CAMP [CAMP2]] > tests/fuzz/corpus/flee/NAME
set -euo pipefail
dir="${1:?usage: flee_pack.sh DIR [CAMP [CAMP2]]}"
camp="${2:-camp.csv}"
camp2="${3:-camp2.csv}"
first=1
for f in simsetting.yml input_csv/sim_period.csv input_csv/locations.csv input_csv/routes.csv \
         input_csv/closures.csv input_csv/conflicts.csv input_csv/registration_corrections.csv \
         source_data/data_layout.csv "source_data/$camp" "source_data/$camp2"; do
  [ "$first" -eq 1 ] || printf '\036'
  first=0
  if [ -f "$dir/$f" ]; then cat "$dir/$f"; fi
done
