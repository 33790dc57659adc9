/* single.h: one run of a scenario, whichever engine its scenario chose: migsim's
 * own (mig_run) or Flee's rules (flee.load, mig_flee_run). What steps a single run,
 * checkpoints it (checkpoint.h) and writes its result goes through here, so the
 * command line needs no switch between the engines. */
#ifndef MIG_SINGLE_H
#define MIG_SINGLE_H

#include "lua_host.h"
#include "output.h"

#include <cjson/cJSON.h>
#include <stdint.h>
#include <stdio.h>

typedef enum {
    MIG_ENGINE_NATIVE,        /* migsim's world and rules */
    MIG_ENGINE_FLEE,          /* Flee's rules (flee.load) */
    MIG_N_ENGINES
} mig_engine;
extern const char *const mig_engine_names[MIG_N_ENGINES];  /* "native", "Flee-rule" */

typedef struct mig_single {
    mig_engine engine;
    mig_run *run;             /* MIG_ENGINE_NATIVE: owned */
    mig_flee_run *flee;       /* MIG_ENGINE_FLEE: owned */
    mig_host *h;              /* borrowed: it must outlive the run */
} mig_single;

/* Start the run of the scenario h has loaded (mig_host_open), with the engine it
 * chose, seeded with seed (the host's), on threads (native runs only). Returns 0,
 * or -1 with err (s is then empty). */
int mig_single_start(mig_single *s, mig_host *h, uint64_t seed, int threads, char *err, size_t errlen);
/* Free the run (the host forgets a Flee run first). s may be empty. */
void mig_single_free(mig_single *s);

/* Simulate the next day: 0, 1 when the run is complete, or -1 with err. */
int mig_single_step(mig_single *s, char *err);
int mig_single_today(const mig_single *s);       /* days simulated so far */
int mig_single_days(const mig_single *s);        /* days of the whole run */
int mig_single_start_day(const mig_single *s);   /* the first simulated day (days since 1970) */
int mig_single_hook_failed(const mig_single *s); /* the last error came from the scenario */

/* The result document (NULL if out of memory; caller frees) and the summary. */
cJSON *mig_single_output(const mig_single *s, const mig_meta *meta);
void mig_single_summary(const mig_single *s, const mig_meta *meta, FILE *f);

#endif
