/* batch.h: the runner of many independent items (the replicates of an ensemble,
 * the points of a sweep) over threads and MPI ranks.
 *
 * The caller says how to run item i and how to add its result to the job's
 * accumulators; the runner owns the rest: which items this process runs (i %
 * n_ranks == rank), the OpenMP loop, the stop flag (a signal: the items running
 * finish, nothing new starts), the error of the lowest failing item (so the
 * message does not depend on scheduling), progress reports, and the journal
 * (OUT.json.progress) that lets an interrupted job continue with --resume.
 *
 * Results are added one at a time (never concurrently). With ordered set they are
 * added in item order, as a serial loop would: a result that comes early waits
 * for the ones before it. That is what floating-point accumulators (a running
 * mean) need to give the same bytes for any thread count; exact integer sums do
 * not care. */
#ifndef MIG_BATCH_H
#define MIG_BATCH_H

#include "buf.h"
#include "migsim/migsim.h"

#include <signal.h>
#include <time.h>
#include <stddef.h>
#include <stdint.h>

/* The journal of a job: a sealed file of
 *   magic (8 bytes), the job's identity (32), [the item count (u64) if with_count],
 *   one byte per item (1: counted in the accumulators), the caller's payload, the seal.
 * Written every 10 s as items are added, and when the job is stopped. The identity
 * (a hash of everything that decides the result) keeps a journal from being
 * continued by another job. */
typedef struct mig_batch_journal {
    const char *path;                 /* NULL: no journal */
    int resume;                       /* continue from it if it is there */
    char magic[9];                    /* 8 characters */
    unsigned char job[32];
    int with_count;
    const char *other;                /* the refusal after "PATH belongs to ": "another job (...): delete it, ..." */
    size_t payload_len;               /* bytes */
    void (*put)(void *user, mig_buf *b);             /* append the accumulators */
    void (*get)(void *user, const unsigned char *p); /* read them back (payload_len bytes) */
} mig_batch_journal;

typedef struct mig_batch {
    int n_items;
    int threads;                      /* items run at a time (each on one thread) */
    int rank, n_ranks;                /* this process runs the items i % n_ranks == rank */
    int ordered;                      /* add results in item order (see above) */
    const char *noun;                 /* "replicates", "design points": progress and messages */
    migsim_progress_fn progress;      /* called after each item this process finishes; NULL: none */
    void *progress_user;
    volatile sig_atomic_t *stop;      /* set by a signal: stop after the items running */
    uint8_t *done;                    /* [n_items], the caller's: 1 once item i is in the accumulators */
    mig_batch_journal journal;
    void *user;
    /* Run item i; on success *result holds what accumulate takes. On failure fill
     * err (the whole message) and set *bad for bad input (exit 2). Called from
     * several threads at once. */
    int (*run)(void *user, int i, void **result, char *err, size_t errlen, int *bad);
    /* Add result of item i (one call at a time). -1 with err: the job fails, and its
     * accumulators are spoilt (no journal is written from then on). */
    int (*accumulate)(void *user, int i, void *result, char *err, size_t errlen);
    void (*drop)(void *user, void *result); /* free a result (after accumulate, or unused) */
} mig_batch;

/* Run every item of this process not yet done (after reading the journal if
 * resume). Returns 0; or -1 with err filled: an item failed (*bad_input for bad
 * input), the journal is unusable (*bad_input = 1), or the job was stopped (err
 * says how many items are done and whether the journal keeps them). */
int mig_batch_run(const mig_batch *b, char *err, size_t errlen, int *bad_input);

#endif
