/* sweep.h: parameter sweeps (Latin hypercube or Saltelli/Sobol designs) and
 * first-order and total Sobol sensitivity indices. */
#ifndef MIG_SWEEP_H
#define MIG_SWEEP_H

#include "migsim/migsim.h"
#include "posterior.h"

#include <cjson/cJSON.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#define MIG_MAX_SWEEP_PARAMS 20
#define MIG_MAX_SWEEP_OUTPUTS 32

typedef enum { MIG_DESIGN_LHS, MIG_DESIGN_SOBOL } mig_design;

typedef struct mig_sweep_opts {
    const char *scenario;
    const char *const *sets;            /* fixed --set overrides */
    int n_sets;
    const char *param[MIG_MAX_SWEEP_PARAMS];
    double lo[MIG_MAX_SWEEP_PARAMS], hi[MIG_MAX_SWEEP_PARAMS];
    int n_params;
    const char *output[MIG_MAX_SWEEP_OUTPUTS]; /* keys of totals; none: the defaults (frontex_detections,
                                         * detections, arrivals, deterred, displaced; for a Flee scenario
                                         * ard and total_error_mean if it has observed counts,
                                         * in_camps_end and camp_end.CAMP of every camp) */
    int n_outputs;
    mig_design design;
    int n;                              /* LHS points, or Sobol base sample size */
    uint64_t seed;                      /* every point runs with this seed (common numbers) */
    int threads;
    migsim_progress_fn progress;        /* after each point this process finishes; NULL: none */
    void *progress_user;
    int rank, n_ranks;                  /* this process runs points p % n_ranks == rank */
    const char *out;                    /* the result's path, refused if a Flee data file; NULL: unchecked */
    FILE *notes;                        /* a Flee scenario's loader notes, once (rank 0); NULL: none */
    const char *journal;                /* record completed points here (one process only), or NULL */
    int resume;                         /* continue from the journal if it is there */
    volatile sig_atomic_t *stop;        /* set (by a signal) to stop after the points running */
    const char *posterior;              /* the parameters not swept come from this posterior sample (posterior.h);
                                         * NULL: from the one the scenario declares, unless fixed */
    int fixed;                          /* no posterior: the scenario's own values */
} mig_sweep_opts;

typedef struct mig_sweep {
    mig_sweep_opts o;
    int n_points;
    double *x;                          /* [n_points][n_params] inputs */
    double *y;                          /* [n_points][n_outputs] outputs, persons (0 where not run here) */
    char name[80], sha256[65];
    char modules_sha[65];               /* the files the scenario required (journal identity) */
    int flee;                           /* the scenario loads a Flee scenario (flee.load) */
    char flee_data[65];                 /* a Flee scenario's data (meta.source.sha256), else "" */
    char out_names[MIG_MAX_SWEEP_OUTPUTS][200]; /* default outputs of a Flee scenario */
    mig_posterior *post;                /* the posterior in force, or NULL */
    int *draws;                         /* [n_points] each point's particle (mig_sweep_slot) */
} mig_sweep;

/* The posterior draw slot of design point p: p, except that a Saltelli AB_i row
 * takes its A row's (p mod n), so that only parameter i changes between them. */
int mig_sweep_slot(const mig_sweep *s, int p);

/* Build the design, run the points this process owns. NULL with err filled;
 * *bad_input is 1 for scenario or argument errors. */
mig_sweep *mig_sweep_run(const mig_sweep_opts *o, char *err, size_t errlen, int *bad_input);
void mig_sweep_free(mig_sweep *s);

/* The result document (table of inputs and outputs; Sobol indices for a Sobol
 * design). Caller owns it. */
cJSON *mig_sweep_json(const mig_sweep *s);

/* The printed summary: the Sobol table of doc (mig_sweep_json's), or the
 * minimum, mean and maximum of each output. */
void mig_sweep_summary(const mig_sweep *s, const cJSON *doc, FILE *f);

/* Saltelli (2010) first-order and Jansen (1999) total indices of k inputs from
 * f(A), f(B) (n each) and f(AB_i) (k x n, A with column i from B). */
void mig_sobol_indices(int k, int n, const double *fa, const double *fb, const double *fab, double *first,
                       double *total);

#endif
