/* flee_output.h: the result document of a Flee-rule run (docs/flee-output-schema.json). */
#ifndef MIG_FLEE_OUTPUT_H
#define MIG_FLEE_OUTPUT_H

#include "flee.h"
#include "output.h"
#include "buf.h"

#include <cjson/cJSON.h>
#include <stdio.h>


/* Build the document of a run (finished or not: the days simulated so far).
 * Caller owns the result. NULL if out of memory. */
cJSON *mig_flee_output_build(const mig_flee_run *r, const mig_meta *meta);

/* The summary printed by `migsim run` without -o: camps on the last day, ARD. */
void mig_flee_output_summary(const mig_flee_run *r, const mig_meta *meta, FILE *f);

/* Replicates of one Flee scenario, or of several ("arms", a comparison: arm 0 the
 * baseline). Each replicate is a row of numbers per arm (mig_flee_ens_flatten);
 * rows are added in replicate order (the running means are floating point: the
 * order is part of the result). The document is migsim-flee-ensemble/1 for one
 * arm, migsim-flee-compare/1 for several. */
typedef struct mig_flee_ens mig_flee_ens;

/* From the documents of replicate 0 of every arm (taken, also on failure): the
 * layout of a row, names and metadata. NULL with err. */
mig_flee_ens *mig_flee_ens_new(cJSON **first, int n_arms, int replicates, int paired, char *err, size_t errlen);
void mig_flee_ens_free(mig_flee_ens *e);

/* Numbers in one arm's row. */
size_t mig_flee_ens_width(const mig_flee_ens *e);

/* The row of a run's document into v (width numbers); -1 if the document has other
 * series, camps, dates or totals than replicate 0 of arm 0. */
int mig_flee_ens_flatten(const mig_flee_ens *e, const cJSON *doc, double *v);

/* Add the next replicate: v holds every arm's row ([n_arms][width]). -1 if all
 * replicates are in already. */
int mig_flee_ens_add(mig_flee_ens *e, const double *v);
int mig_flee_ens_count(const mig_flee_ens *e);  /* replicates added */

/* The accumulators as bytes, for a journal: state_len bytes. */
size_t mig_flee_ens_state_len(const mig_flee_ens *e);
void mig_flee_ens_state_put(const mig_flee_ens *e, mig_buf *b);
void mig_flee_ens_state_get(mig_flee_ens *e, const unsigned char *p);

/* The document (caller owns it; NULL if out of memory) and the printed summary. */
cJSON *mig_flee_ens_json(const mig_flee_ens *e);
void mig_flee_ens_summary(const mig_flee_ens *e, FILE *f);

#endif
