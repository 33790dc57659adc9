/* flee_ensemble.h: replicates and comparisons of Flee scenarios (flee.load),
 * through the batch runner. Used by ensemble.c, which picks the engine: the
 * functions of ensemble.h work for both. */
#ifndef MIG_FLEE_ENSEMBLE_H
#define MIG_FLEE_ENSEMBLE_H

#include "ensemble.h"

typedef struct mig_flee_batch mig_flee_batch;

/* Run every replicate this process owns of the Flee arms of o. NULL with err;
 * *bad_input for scenario or argument errors. */
mig_flee_batch *mig_flee_batch_run(const mig_ens_opts *o, char *err, size_t errlen, int *bad_input);
void mig_flee_batch_free(mig_flee_batch *f);

/* Under several processes each keeps the rows of its replicates in one buffer
 * (zero elsewhere) for the caller to sum on rank 0; NULL with *n = 0 in one process. */
int64_t *mig_flee_batch_buffer(mig_flee_batch *f, size_t *n);

/* After that sum: add the rows in replicate order. 0, or -1 with err. */
int mig_flee_batch_finish(mig_flee_batch *f, char *err, size_t errlen);

cJSON *mig_flee_batch_json(const mig_flee_batch *f);
void mig_flee_batch_summary(const mig_flee_batch *f, FILE *out);

#endif
