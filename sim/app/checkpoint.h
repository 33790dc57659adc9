/* checkpoint.h: the whole state of a single run at the end of a day, in one file,
 * so that a run can stop (on purpose, or on SIGINT/SIGTERM) and continue later
 * with the same bytes as if it had never stopped.
 *
 * File: "MIGCKPT1", a format version, the engine of the run (native or Flee-rule,
 * mig_engine), a layout signature (sizes of the structures, so a checkpoint from
 * another build or machine is refused), the options the run was started with, the
 * scenario's sha256, the run's state, the host's (which scheduled events and
 * triggers have fired, the scenario's math.random counter, its `carry` table), and
 * a SHA-256 of all that. The run's state of a native run: the world's mutable
 * state, the run (agents, counts, learned risks, events, smuggling state); of a
 * Flee-rule run: what flee_state.c saves (settings, locations, closures, agents,
 * counts; the Flee data's sha256).
 *
 * To continue, the scenario file is run again (it must hash the same) to rebuild
 * the world's structure and the hooks; then the saved state replaces the new one.
 * A checkpoint of one engine never continues a run of the other. */
#ifndef MIG_CHECKPOINT_H
#define MIG_CHECKPOINT_H

#include "buf.h"
#include "run.h"
#include "single.h"

#include <stddef.h>
#include <stdint.h>

/* The numeric options of the command line, with their ranges. One table serves the
 * parser (main.c) and the readers of checkpoints, so whatever `run` accepts, `resume`
 * accepts, and a crafted checkpoint holds nothing the command line would refuse. */
typedef enum {
    MIG_OPT_SEED,             /* --seed: whole, 0 to 2^53-1 (JSON numbers are exact below 2^53) */
    MIG_OPT_THREADS,          /* --threads: whole, 1 to 256 */
    MIG_OPT_REPLICATES,       /* --replicates: whole, 1 to 10^6 */
    MIG_OPT_CHECKPOINT_EVERY, /* --checkpoint-every: whole days, 1 to 65535 */
    MIG_OPT_STOP_AFTER,       /* --stop-after: whole days, 1 to 65535 */
    MIG_OPT_LUA_INSTRUCTIONS, /* --lua-instructions: 10^4 (the count hook's step) to 10^15 */
    MIG_OPT_LUA_MEMORY,       /* --lua-memory: 1 to 10^6 MB (so MB * 2^20 fits a size_t) */
    MIG_N_OPTS
} mig_opt;

typedef struct mig_opt_range {
    const char *flag;         /* "--seed" */
    double lo, hi;            /* inclusive */
    int whole;                /* written as digits only (a whole number) */
    const char *text;         /* the range for people: "a whole number from 0 to 2^53-1" */
} mig_opt_range;

/* The range of option k (a static entry of the table). */
const mig_opt_range *mig_opt_range_of(mig_opt k);
/* 1 if v is in option k's range (NaN is not). */
int mig_opt_ok(mig_opt k, double v);
/* Parse text as option k: 0 with *v, or -1 with err (at least 512 bytes):
 * "--seed takes a whole number from 0 to 2^53-1, got 'x'". */
int mig_opt_parse(mig_opt k, const char *text, double *v, char *err);

/* How the run was started, to continue it the same way. */
#define MIG_CKPT_MAX_SETS 256
typedef struct mig_ckpt_opts {
    char scenario[1024];       /* as given: it is the output's meta.scenario.file */
    char scenario_path[4096];  /* where to find it again (absolute) */
    char sha256[65];
    char modules_sha[65];      /* the files it required from its folder (mig_host_modules_sha) */
    uint64_t seed;
    char out[1024];            /* -o, or "" */
    int quiet;
    long every;                /* --checkpoint-every (days), 0 = only on interruption */
    char dir[1024];            /* --checkpoint-dir */
    double lua_instructions, lua_megabytes;  /* 0 = the default, else in their mig_opt range */
    int n_sets;
    char sets[MIG_CKPT_MAX_SETS][256];
} mig_ckpt_opts;

/* Write the checkpoint of s (at the end of its day today - 1) and of its host
 * atomically to path. Returns 0 or -1 with err. */
int mig_checkpoint_write(const char *path, const mig_ckpt_opts *o, const mig_single *s, char *err);

/* A checkpoint read into memory and verified (magic, version, engine, layout, checksum). */
typedef struct mig_ckpt mig_ckpt;
mig_ckpt *mig_checkpoint_read(const char *path, mig_ckpt_opts *o, char *err);
mig_ckpt *mig_checkpoint_parse(const unsigned char *data, size_t n, mig_ckpt_opts *o, char *err);
void mig_checkpoint_free(mig_ckpt *c);
/* The engine of the run the checkpoint was written by. */
mig_engine mig_checkpoint_engine(const mig_ckpt *c);

/* Replace the state of s, a run just started from the same scenario, and of its
 * host with the checkpoint's. Returns 0 or -1 with err (the checkpoint does not
 * fit: another engine, other dates or world, damaged content). */
int mig_checkpoint_restore(mig_ckpt *c, mig_single *s, char *err);

#endif
