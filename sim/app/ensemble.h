/* ensemble.h: replicates and paired policy comparisons.
 *
 * An ensemble runs one or more scenarios ("arms") over R replicates. Replicate r
 * of every arm uses seed master + r (paired: common random numbers, so the arms
 * differ only by what their policies cause), or master + r + k*R for arm k when
 * pairing is off. For every reported series cell and every total it keeps exact
 * integer sums and sums of squares (in agents), per arm and, for comparisons, of
 * the difference arm k - arm 0: memory does not grow with R, and the result does
 * not depend on thread count, process count or the order replicates finish in.
 *
 * Scenarios that load a Flee scenario (flee.load) run the same way under Flee's
 * rules (flee_ensemble.h): every arm must then be one, and the documents are
 * migsim-flee-ensemble/1 and migsim-flee-compare/1. */
#ifndef MIG_ENSEMBLE_H
#define MIG_ENSEMBLE_H

#include "lua_host.h"
#include "migsim/migsim.h"
#include "posterior.h"

#include <cjson/cJSON.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#define MIG_MAX_ARMS 16

typedef struct mig_ens_opts {
    const char *scenarios[MIG_MAX_ARMS]; /* arm 0 is the baseline of a comparison */
    int n_arms;
    const char *const *sets;             /* --set KEY=VALUE, applied to every arm */
    int n_sets;
    uint64_t master_seed;
    int replicates;
    int threads;                         /* replicates run in parallel */
    int paired;                          /* common seeds across arms */
    int daily;                           /* keep daily series too (large) */
    int keep_totals;                     /* write each replicate's totals */
    int keep_series;                     /* write each replicate's monthly series (every series) */
    migsim_progress_fn progress;         /* after each replicate this process finishes; NULL: none */
    void *progress_user;
    int rank, n_ranks;                   /* this process runs replicates r % n_ranks == rank */
    mig_lua_limits limits;               /* the scenarios' Lua budgets */
    int fork_day;                        /* > 0: arms fork from arm 0 at this day (days since
                                          * 1970) and share its history before it; needs paired */
    int fork_auto;                       /* fork at the first day the arms differ (fork.h); fork_day unused */
    const char *out;                     /* the result's path, refused if a Flee data file; NULL: unchecked */
    FILE *notes;                         /* each Flee arm's loader notes, once (rank 0); NULL: none */
    const char *journal;                 /* record completed replicates here (one process only), or NULL */
    int resume;                          /* continue from the journal if it is there */
    volatile sig_atomic_t *stop;         /* set (by a signal) to stop after the replicates running */
    const char *posterior;               /* draw each replicate's parameters from this posterior sample (posterior.h);
                                          * NULL: from the one the baseline declares (default_posterior), unless fixed */
    int fixed;                           /* no posterior: the scenarios' own values */
    int window_from, window_to;          /* window_to > 0: totals over these days too (days since 1970, both
                                          * included; inside the reported period, else a bad input) */
    /* Set by mig_ensemble_run, read by whatever opens a replicate (fork.c too): */
    const mig_posterior *post;           /* the posterior in force, or NULL */
    const int *draws;                    /* [slots] the particle of each draw slot (mig_ens_slot) */
} mig_ens_opts;

/* The draw slot of arm k's replicate r: its seed's offset from the master seed (r, or
 * r + k * replicates without pairing). */
int mig_ens_slot(const mig_ens_opts *o, int k, int r);

/* mig_host_open of arm k's scenario for replicate r: its seed, the --set values and,
 * with a posterior, its particle's values. NULL with err. */
mig_host *mig_ens_open(const mig_ens_opts *o, int k, int r, char *err, size_t errlen);

typedef struct mig_ensemble mig_ensemble;

/* Run every replicate this process owns. Returns NULL with err filled;
 * *bad_input is 1 when the cause is a scenario or argument error. */
mig_ensemble *mig_ensemble_run(const mig_ens_opts *o, char *err, size_t errlen, int *bad_input);
void mig_ensemble_free(mig_ensemble *e);

/* The accumulators as one integer buffer, for summing across processes (MPI). */
int64_t *mig_ensemble_buffer(mig_ensemble *e, size_t *n);

/* After the buffers are summed (on the process that writes): finish the result.
 * 0, or -1 with err. */
int mig_ensemble_finish(mig_ensemble *e, char *err, size_t errlen);

/* Each replicate's totals as one integer buffer (NULL unless keep_totals). */
int64_t *mig_ensemble_replicate_totals(mig_ensemble *e, size_t *n);

/* Each replicate's Frontex monthly series as one integer buffer ([arms][R][nationalities]
 * [months], agents; 0 for replicates another process ran), for summing across processes
 * like the accumulators. NULL for Flee scenarios. */
int64_t *mig_ensemble_replicate_frontex(mig_ensemble *e, size_t *n);

/* Each replicate's monthly series ([arms][R][cells of the monthly series and demand], agents; 0
 * for replicates another process ran), summed across processes like the accumulators. NULL
 * unless keep_series. */
int64_t *mig_ensemble_replicate_series(mig_ensemble *e, size_t *n);

/* Quantile p of n sorted values, type 7 (Hyndman and Fan; R's default, numpy's linear):
 * h = (n-1)p, x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]). 0 if n < 1. */
double mig_quantile7(const double *sorted, int n, double p);

/* The result document (schema migsim-ensemble/1 for one arm, migsim-compare/1 for
 * several), built from the complete sums. Caller owns it; NULL if out of memory. */
cJSON *mig_ensemble_json(const mig_ensemble *e);

/* Headline statistics for people: each arm's means and, for comparisons, the
 * paired differences with their 95% intervals. */
void mig_ensemble_summary(const mig_ensemble *e, FILE *f);

/* Two-sided 95% t quantile for n - 1 degrees of freedom (0 if n < 2). */
double mig_t95(int n);

#endif
