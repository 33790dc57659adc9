/* posterior.h: replicates that draw their parameters from a posterior sample.
 *
 * `migsim calibrate` writes a weighted sample of parameter sets (particles) in a
 * migsim-calibration/1 document; this module reads its posterior part (schema,
 * posterior.parameters, .samples, .weights), checks it against a scenario's world,
 * and gives each replicate one particle:
 *
 *   draw slot s of master seed S takes particle i with probability weights[i], from a
 *   stream keyed only on (S, s) and MIG_RNG_POSTERIOR.
 *
 * The slot is the replicate's seed offset (seed = S + s: replicate r, or r + k*R for
 * arm k of an unpaired comparison), so both arms of a paired replicate take the same
 * particle, and the draw depends on no thread or process count, nor on the session
 * a journal was continued in. A sweep's design point p uses slot p (a Saltelli AB_i
 * row: the slot of its A row). The particle's values are applied as --set values
 * are, after the scenario built its world, except those a --set (or a swept
 * --param) holds: those win.
 *
 * Where the posterior comes from (mig_posterior_choose): --posterior FILE, or else
 * the baseline scenario's default_posterior(path) unless --fixed. Only replicates,
 * comparisons and sweeps use a declared default; a single run uses a posterior only
 * when given --posterior, and then takes slot 0's particle. Scenarios run under
 * Flee's rules take none. */
#ifndef MIG_POSTERIOR_H
#define MIG_POSTERIOR_H

#include "lua_host.h"
#include "world.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>

#define MIG_POSTERIOR_SCHEMA "migsim-calibration/1"

typedef struct mig_posterior {
    char path[2100];          /* as given, or resolved from the scenario's folder */
    char sha256[65];          /* of the bytes read */
    char name[200];           /* its meta.name, for people ("" if none) */
    char declared[MIG_WHERE_LEN + 1100]; /* "" for --posterior; else the scenario and "file:line:" that declared it */
    int n_params, n_particles;
    char **names;             /* [n_params] parameter keys */
    double *samples;          /* [n_particles][n_params] */
    double *weights;          /* [n_particles], normalised to sum 1 */
    double *cumulative;       /* [n_particles] running sums of weights, the last one 1 */
    double ess;               /* Kish's effective sample size, 1 / sum of squared weights */
    uint8_t *used;            /* [n_params] 0 where a --set or a swept --param holds the key */
    int n_used;
} mig_posterior;

/* Read and check the file at path: JSON whose schema is migsim-calibration/1, with
 * posterior.parameters (distinct strings), posterior.samples (one row of finite
 * numbers per particle, one number per parameter) and posterior.weights (one finite
 * weight >= 0 per particle, summing to more than 0; normalised here). Caller owns
 * the result (mig_posterior_free). NULL with err: "PATH: posterior.samples[3][1] is
 * not a number", ... (bad input). */
mig_posterior *mig_posterior_read(const char *path, char *err, size_t errlen);
void mig_posterior_free(mig_posterior *p);  /* p may be NULL */

/* Every parameter of p is a key of world w (the scenario's, as given) and every
 * value of it is in that key's range. 0, or -1 with err naming the file and the
 * JSON path (posterior.parameters[j], posterior.samples[i][j]); for an unknown key,
 * the closest key of w. */
int mig_posterior_check(const mig_posterior *p, const mig_world *w, const char *scenario, char *err, size_t errlen);

/* Mark the parameters the job uses: not those a --set (sets) or a swept key (held)
 * names. Writes one note to notes (NULL: none) naming the keys a --set holds. */
void mig_posterior_use(mig_posterior *p, const char *const *sets, int n_sets, const char *const *held, int n_held,
                       FILE *notes);

/* Which posterior a job takes: given (--posterior, or NULL), else unless fixed the
 * declaration of the first of the n hosts (the baseline); another host declaring a
 * different file is an error. *out is NULL when there is none; else read, checked
 * against every host's world and owned by the caller. scenarios[k] names host k in
 * messages. 0, or -1 with err (bad input: a declared file that cannot be read says
 * how to do without it). */
int mig_posterior_choose(const char *given, int fixed, mig_host *const *hosts, const char *const *scenarios, int n,
                         mig_posterior **out, char *err, size_t errlen);

/* The particle of draw slot `slot` under master seed S (see above). */
int mig_posterior_draw(const mig_posterior *p, uint64_t master_seed, uint64_t slot);

/* Open the scenario at path as mig_host_open_with does, with particle i's values
 * of the keys p uses applied after the sets and before keys/values (a sweep's
 * point). p NULL: no posterior. NULL with err (bad input). */
mig_host *mig_posterior_open(const mig_posterior *p, int particle, const char *path, uint64_t seed,
                             const char *const *sets, int n_sets, const char *const *keys, const double *values,
                             int n_values, const mig_lua_limits *limits, char *err, size_t errlen);

/* meta.posterior of a result: null without p; else path, sha256, name, source
 * (where it came from), particles, ess, parameters (the keys used), held (keys a
 * --set or a swept --param holds), and if draws is not NULL the particle of each of
 * the n_draws slots with the rule that maps a replicate to its slot (scheme). */
cJSON *mig_posterior_json(const mig_posterior *p, const int *draws, int n_draws, const char *scheme);

/* Hash what identifies the posterior a job uses into a journal's identity: its
 * sha256 and the keys it uses. Nothing without p (journals stay as they were). */
void mig_posterior_identity(const mig_posterior *p, mig_buf *b);

#endif
