/* bench.h: a synthetic world for measuring the daily loop's speed and memory. */
#ifndef MIG_BENCH_H
#define MIG_BENCH_H

#include <stdint.h>

typedef struct mig_bench_result {
    long agents, days;
    int threads;
    double seconds;
    double agent_days;          /* sum over days of agents on the move */
    double agent_days_per_s;
    double bytes_per_agent;     /* agent storage allocated / agents */
    long peak_rss_bytes;
    char dir[4096];             /* the Flee folder read, as found (mig_bench_flee) */
} mig_bench_result;

/* Run n_agents for days on `threads`. Returns 0 or -1 with err. */
int mig_bench_run(long n_agents, int days, int threads, mig_bench_result *out, char *err);

/* Run the Flee scenario folder dir under Flee's rules (strict, seed 42), with
 * hasten (> 0) overriding its simsetting.yml; the run alone is timed and its
 * ARD returned too. A relative dir missing from the working directory is looked
 * up in migsim's data (data/flee/burundi from anywhere; bench.c, mig_data_find).
 * Returns 0 or -1 with err (MIG_ERR_LEN bytes). */
int mig_bench_flee(const char *dir, double hasten, mig_bench_result *out, double *ard, char *err);

#endif
