/* flee_output.h: the result document of a Flee-rule run (docs/flee-output-schema.json). */
#ifndef MIG_FLEE_OUTPUT_H
#define MIG_FLEE_OUTPUT_H

#include "flee.h"
#include "output.h"

#include <cjson/cJSON.h>
#include <stdio.h>


/* Build the document of a run (finished or not: the days simulated so far).
 * Caller owns the result. NULL if out of memory. */
cJSON *mig_flee_output_build(const mig_flee_run *r, const mig_meta *meta);

/* The summary printed by `migsim run` without -o: camps on the last day, ARD. */
void mig_flee_output_summary(const mig_flee_run *r, const mig_meta *meta, FILE *f);

/* Replicates of one Flee scenario: add each run's document (taken), then write
 * means and sds of every total and of the daily camp counts and ARD. */
typedef struct mig_flee_ens mig_flee_ens;
mig_flee_ens *mig_flee_ens_new(void);  /* NULL if out of memory */
int mig_flee_ens_add(mig_flee_ens *e, cJSON *doc);  /* 0, or -1 (doc not taken) */
cJSON *mig_flee_ens_json(const mig_flee_ens *e);
void mig_flee_ens_summary(const mig_flee_ens *e, FILE *f);
void mig_flee_ens_free(mig_flee_ens *e);

#endif
