/* calib_spec.h: the calibration spec a Lua file declares (calib_spec.c; the
 * language is in docs/calibration.md). Plain C: the app layer's calibrator
 * (sim/app/calib.h) reads it without seeing Lua. */
#ifndef MIG_CALIB_SPEC_H
#define MIG_CALIB_SPEC_H

#include <stddef.h>
#include <stdint.h>

#define MIG_CALIB_MAX_PARAMS 20
#define MIG_CALIB_MAX_TARGETS 32
#define MIG_CALIB_MAX_WHERE 4
#define MIG_CALIB_MAX_SETS 32
#define MIG_CALIB_WHERE_LEN 300   /* "spec.lua:12:" */

typedef enum { MIG_PRIOR_UNIFORM, MIG_PRIOR_LOGUNIFORM, MIG_PRIOR_NORMAL, MIG_PRIOR_BETA } mig_prior_kind;
extern const char *const mig_prior_names[4];

typedef enum { MIG_OBS_POISSON, MIG_OBS_NEGBIN } mig_obs_model;

/* One calibrated parameter: a key of the scenario's world and its prior. The
 * prior's support is [lo, hi] always (normal: truncated there; beta: scaled to it). */
typedef struct mig_calib_param {
    char name[128];
    mig_prior_kind prior;
    double lo, hi;
    double a, b;           /* normal: mean, sd; beta: shape a, b */
    double scenario_value; /* the value the scenario gives it (for the output) */
    char at[MIG_CALIB_WHERE_LEN];
} mig_calib_param;

typedef struct mig_calib_where {
    char key[64], value[128];
} mig_calib_where;

/* One target: an observed series (from a CSV file, or a Flee scenario's own
 * observed camp counts) against the matching simulated series. */
typedef struct mig_calib_target {
    char name[64];
    char table[48];                          /* an export table of a run result */
    mig_calib_where where[MIG_CALIB_MAX_WHERE]; /* columns of that table to match; others are summed over */
    int n_where;
    char obs_file[1024];                     /* "" for a Flee scenario's own observed counts */
    char obs_path[1200];                     /* as opened (relative to the spec) */
    mig_calib_where obs_where[MIG_CALIB_MAX_WHERE];
    int n_obs_where;
    char obs_time[2][64];                    /* one column ("2022-01" or a date) or year and month */
    char obs_value[64];
    int missing_zero;                        /* months the file does not list count as 0 */
    char from[16], to[16];                   /* the window, inclusive ("2022-01" or "2015-06-01") */
    int every;                               /* daily series: keep every n-th day (1: all) */
    mig_obs_model model;
    double dispersion;                       /* negative binomial size; 0: estimated */
    char at[MIG_CALIB_WHERE_LEN];
    /* filled when the data are read */
    int n;                                   /* time points in the window */
    char (*time)[16];
    double *obs;
    int *sim_index;                          /* [n]: index of the time point in the simulated time axis */
    char obs_sha256[65];
} mig_calib_target;

typedef struct mig_calib_spec {
    char path[1024];
    char name[64];
    char scenario[1200];                     /* as opened (relative to the spec) */
    char scenario_given[1024];
    char at_scenario[MIG_CALIB_WHERE_LEN];
    uint64_t seed;
    char *sets[MIG_CALIB_MAX_SETS];          /* "KEY=VALUE", owned */
    int n_sets;
    mig_calib_param param[MIG_CALIB_MAX_PARAMS];
    int n_params;
    mig_calib_target target[MIG_CALIB_MAX_TARGETS];
    int n_targets;
    /* history matching */
    int hm;                                  /* 0: skipped */
    int hm_waves, hm_points, hm_replicates, hm_pool;
    double hm_cutoff, hm_discrepancy;
    double hm_min_shrink;                    /* stop when a wave keeps more than this share of the region */
    /* ABC-SMC */
    int abc;
    int abc_particles, abc_generations, abc_replicates;
    long abc_max_simulations;
    double abc_target_ess;                   /* share of the particles the ESS keeps when T falls */
    int abc_moves;                           /* Metropolis-Hastings steps per particle and generation */
    double abc_final_moves;                  /* accepted moves per particle at T = 1 before stopping */
    double abc_min_acceptance;               /* stop when the moves' acceptance falls below */
    int abc_common_seeds;                    /* every parameter set runs on the same seeds */
    double disp_lo, disp_hi;                 /* prior of an estimated dispersion (log-uniform) */
} mig_calib_spec;

/* Read and check the spec's own content (the scenario's world is checked later).
 * -1 with err (file:line: message). */
int mig_calib_spec_load(const char *path, mig_calib_spec *s, char *err, size_t errlen);
void mig_calib_spec_free(mig_calib_spec *s);

#endif
