/* output.h: the results of a run as one JSON document (docs/output-schema.json),
 * the short human summary, and crash-safe file writing. */
#ifndef MIG_OUTPUT_H
#define MIG_OUTPUT_H

#include "run.h"

#include <cjson/cJSON.h>
#include <stdio.h>

#define MIG_VERSION "0.1.0"
#define MIG_SCHEMA "migsim-run/1"

typedef struct mig_meta {
    const char *scenario_name;
    const char *scenario_file;
    const char *scenario_sha256;   /* hex */
} mig_meta;

/* Build the document of a finished run. Caller owns the result (cJSON_Delete).
 * NULL if out of memory. */
cJSON *mig_output_build(const mig_run *run, const mig_meta *meta);

/* Write text to path through a temporary file in the same folder, fsync and
 * rename, so path holds either its old content or the whole new one.
 * Returns 0 or -1 with err. */
int mig_output_write_atomic(const char *path, const char *text, char *err);

/* The summary table printed by `migsim run` without -o. */
void mig_output_summary(const mig_run *run, const mig_meta *meta, FILE *f);

#endif
