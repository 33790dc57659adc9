/* calib.h: calibration of a scenario's parameters against observed tables
 * (`migsim calibrate SPEC.lua`): the observed and simulated series of its targets
 * (calib_data.c) and the two methods, history matching then ABC-SMC inside the
 * region it leaves (calibrate.c). The spec itself is read by sim/lua/calib_spec.c.
 * docs/calibration.md explains the method. */
#ifndef MIG_CALIB_H
#define MIG_CALIB_H

#include "migsim/migsim.h"

#include <cjson/cJSON.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "calib_spec.h"

/* ---- series (calib_data.c) ---- */

/* Is t's table one a run result has, and its window of the table's kind? -1 with err. */
int mig_calib_check_table(const mig_calib_target *t, char *err, size_t errlen);

/* Read target t's observed series (its window, from its file). -1 with err. */
int mig_calib_read_observed(mig_calib_target *t, char *err, size_t errlen);

/* Check that target t names a table and columns a run result of doc's kind has,
 * and a window inside its time axis; set t->sim_index (and for a Flee scenario's
 * own observed counts, t->obs). -1 with err naming t->at. */
int mig_calib_match_doc(mig_calib_target *t, const cJSON *doc, char *err, size_t errlen);

/* Target t's simulated series from a run result doc into v[t->n]. -1 if malformed. */
int mig_calib_series(const mig_calib_target *t, const cJSON *doc, double *v);

/* ---- the job (calibrate.c) ---- */

typedef struct mig_calib_opts {
    const char *spec;
    int threads;
    const migsim_ranks *ranks;               /* NULL: one process */
    const char *journal;                     /* OUT.json.progress, or NULL */
    int resume;
    volatile sig_atomic_t *stop;
    FILE *log;                               /* progress lines (stderr), NULL: none */
    const char *out;                         /* refused if an input */
    uint64_t seed;                           /* overrides the spec's when seed_given */
    int seed_given;
} mig_calib_opts;

/* Run it; the migsim-calibration/1 document (rank 0; other ranks get an empty
 * object). NULL with err; *bad_input for input errors. */
cJSON *mig_calibrate(const mig_calib_opts *o, char *err, size_t errlen, int *bad_input);

#endif
