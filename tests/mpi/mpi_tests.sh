#!/usr/bin/env bash
# MPI: spreading replicates, comparison arms and sweep points over ranks must
# write exactly the bytes of the serial run, for native and Flee scenarios.
# Usage: mpi_tests.sh MIGSIM MPIEXEC SCENARIO FLEE_SCENARIO FLEE_POLICY POSTERIOR_SCENARIO POSTERIOR
set -u
migsim=$1 mpiexec=$2 scenario=$3 flee=$4 flee_policy=$5 post_scenario=$6 posterior=$7
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# As root (CI, containers) OpenMPI refuses to start without these.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
passed=0 failed=0
same() {  # name, serial file, mpi file
    if cmp -s "$2" "$3"; then passed=$((passed + 1)); echo "ok: $1"
    else failed=$((failed + 1)); echo "FAILED: $1 ($2 and $3 differ)"; fi
}
run_both() {  # name, ranks, migsim arguments...
    local name=$1 np=$2; shift 2
    "$migsim" "$@" -q -o "$work/serial.json" || { failed=$((failed + 1)); echo "FAILED: $name (serial run)"; return; }
    "$mpiexec" --oversubscribe -np "$np" "$migsim" "$@" -q -o "$work/mpi.json" \
        || { failed=$((failed + 1)); echo "FAILED: $name (mpirun -np $np)"; return; }
    same "$name, $np ranks" "$work/serial.json" "$work/mpi.json"
}
run_both "replicates" 2 run "$scenario" --replicates 5 --replicate-totals
run_both "replicates" 3 run "$scenario" --replicates 5 --threads 2
run_both "paired comparison" 2 compare "$scenario" "$scenario" --replicates 4
run_both "independent comparison" 3 compare "$scenario" "$scenario" --replicates 4 --independent
# Totals over a window and each replicate's series: kept by the rank that ran the replicate, summed.
run_both "comparison with a window and replicate series" 3 compare "$scenario" "$scenario" --replicates 5 \
    --window 2022-02:2022-03-15 --replicate-series
run_both "replicates with replicate series" 2 run "$scenario" --replicates 5 --replicate-series --threads 2
run_both "lhs sweep" 2 sweep "$scenario" --param give_up_prob=0:0.5 -n 5
run_both "sobol sweep" 2 sweep "$scenario" --param give_up_prob=0:0.5 --param risk_aversion=0:3 --design sobol -n 4
# Posterior draws depend on (seed, replicate) alone, not on which rank runs a replicate.
run_both "replicates with a posterior" 3 run "$post_scenario" --replicates 5 --posterior "$posterior" --replicate-totals
run_both "comparison with a posterior" 2 compare "$post_scenario" "$post_scenario" --replicates 4 --posterior "$posterior"
run_both "sweep with a posterior" 2 sweep "$post_scenario" --param risk_aversion=0:3 -n 5 --posterior "$posterior"
# Flee scenarios: each rank keeps its replicates' rows, rank 0 adds them in order.
run_both "flee replicates" 2 run "$flee_policy" --replicates 5
run_both "flee replicates" 3 run "$flee_policy" --replicates 4 --threads 2
run_both "flee paired comparison" 2 compare "$flee" "$flee_policy" --replicates 4
run_both "flee sweep" 2 sweep "$flee" --param softening=0:50 --param distance_power=0.5:2 -n 5
# A calibration: every rank needs every simulation of a step (all_f64); the same bytes.
run_both "calibration" 2 calibrate "$(dirname "$0")/../calibration/small.lua" --threads 1
# A single run under mpirun is rank 0's alone: one file, the serial bytes.
"$migsim" run "$scenario" -q -o "$work/one.json"
"$mpiexec" --oversubscribe -np 2 "$migsim" run "$scenario" -q -o "$work/one_mpi.json"
same "single run under mpirun" "$work/one.json" "$work/one_mpi.json"
# Bad input stops every rank with status 2.
"$mpiexec" --oversubscribe -np 2 "$migsim" run "$scenario" --replicates 3 --set no_such_key=1 -q >/dev/null 2>&1
if [ $? -ne 0 ]; then passed=$((passed + 1)); echo "ok: bad input fails under mpirun"
else failed=$((failed + 1)); echo "FAILED: bad input under mpirun exited 0"; fi
echo "mpi: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
