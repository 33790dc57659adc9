#!/usr/bin/env bash
# Build the libFuzzer targets (clang 14, ASan+UBSan) into build-fuzz/ and fuzz each
# (scenario, checkpoint, flee) for SECONDS (default 60) of wall time, starting from the seed corpus
# in tests/fuzz/corpus/ (and the target's dictionary tests/fuzz/TARGET.dict if any).
# New interesting inputs go to a scratch corpus (not committed); a crash stops the
# target, leaves crash-* in build-fuzz/ and makes this script fail: copy the file into
# tests/fuzz/regressions/TARGET/ once fixed, so it is replayed by every test run.
#   tools/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"

tools/need-packages.sh clang libclang-rt-14-dev cmake pkg-config liblua5.4-dev libgsl-dev libcjson-dev libyaml-dev

CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DMIG_FUZZ=ON -DMIG_MPI=OFF -DMIG_OPENMP=OFF \
    -DBUILD_TESTING=ON >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target fuzz_scenario fuzz_checkpoint fuzz_flee >/dev/null

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1
# The checkpoint target restores into a run of this scenario: by absolute path, since it
# runs in build-fuzz/ (relative, the scenario was not found and no input reached the restore).
export MIG_FUZZ_SCENARIO="$PWD/tests/smuggling/plain.lua"
for t in scenario checkpoint flee; do
  scratch="build-fuzz/corpus-$t"
  mkdir -p "$scratch"
  dict=()
  [ -f "tests/fuzz/$t.dict" ] && dict=(-dict="../tests/fuzz/$t.dict")
  echo "fuzz.sh: fuzz_$t for ${seconds}s"
  # Fork mode (FUZZ_JOBS processes, default 1): a crash or sanitizer report stops the run and
  # fails this script; a timeout (an input looping in a C library function, which the fuzz
  # targets leave to libFuzzer's -timeout instead of migsim's watchdog) is kept as an
  # artifact and fuzzing goes on.
  (cd build-fuzz && ./tests/fuzz/fuzz_$t -fork="${FUZZ_JOBS:-1}" -ignore_timeouts=1 -ignore_crashes=0 \
      -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -print_final_stats=1 "${dict[@]}" \
      "corpus-$t" ../tests/fuzz/corpus/$t 2>&1 | tail -n 12)
done
