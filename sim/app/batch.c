/* batch.c: the runner of many independent items (see batch.h). */
#include "batch.h"
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0->tv_nsec);
}

/* ---- the journal ---------------------------------------------------------- */

static size_t journal_head(const mig_batch *b)
{
    return 8 + 32 + (b->journal.with_count ? 8 : 0);
}

static int journal_write(const mig_batch *b, char *err)
{
    const mig_batch_journal *j = &b->journal;
    mig_buf buf = { 0 };
    mig_buf_put(&buf, j->magic, 8);
    mig_buf_put(&buf, j->job, sizeof j->job);
    if (j->with_count)
        mig_buf_u64(&buf, (uint64_t)b->n_items);
    mig_buf_put(&buf, b->done, (size_t)b->n_items);
    j->put(b->user, &buf);
    return mig_buf_seal_write(&buf, j->path, err);
}

/* 1 if the journal was read into done and the accumulators, 0 if there is none,
 * -1 with err if it is unusable. */
static int journal_read(const mig_batch *b, char *err, size_t errlen)
{
    const mig_batch_journal *j = &b->journal;
    size_t head = journal_head(b), want = head + (size_t)b->n_items + j->payload_len + 32, n;
    int missing;
    unsigned char *data = mig_read_file(j->path, want + 1, &n, &missing);
    if (!data && missing)
        return 0;
    if (!data || n < head + 32 || mig_sealed_check(data, n, j->magic) != 0) {
        free(data);
        snprintf(err, errlen, "%.900s is damaged or not a migsim journal: delete it to start afresh", j->path);
        return -1;
    }
    uint64_t count = (uint64_t)b->n_items;
    if (j->with_count)
        memcpy(&count, data + 40, sizeof count);
    if (memcmp(data + 8, j->job, 32) != 0 || count != (uint64_t)b->n_items || n != want) {
        free(data);
        snprintf(err, errlen, "%.900s belongs to %s", j->path, j->other);
        return -1;
    }
    memcpy(b->done, data + head, (size_t)b->n_items);
    j->get(b->user, data + head + (size_t)b->n_items);
    free(data);
    return 1;
}

/* ---- the loop --------------------------------------------------------------- */

/* What the threads share; every field but the constants is guarded by the
 * critical section mig_batch_add (or read atomically). */
typedef struct batch_state {
    const mig_batch *b;
    void **held;          /* ordered: results waiting for the ones before them */
    int next;             /* ordered: the next item to add */
    int mine, finished;   /* items this process runs; of them, finished */
    int failed, stopped;  /* the lowest failing item (-1: none); a stop was seen */
    int journal_off;      /* the accumulators are spoilt, or the journal cannot be written */
    struct timespec last_journal;
    char *err;
    size_t errlen;
    int *bad_input;
} batch_state;

static int is_mine(const mig_batch *b, int i)
{
    return i % b->n_ranks == b->rank && !b->done[i];
}

/* Keep the error of the lowest failing item, whichever thread finds it first, so
 * the message does not depend on scheduling. */
static void keep_first_error(batch_state *s, int i, int bad, const char *msg)
{
#ifdef _OPENMP
#pragma omp critical(mig_batch_err)
#endif
    if (s->failed < 0 || i < s->failed) {
        s->failed = i;
        *s->bad_input = bad;
        snprintf(s->err, s->errlen, "%s", msg);
    }
}

/* Add one result (in the critical section); -1 with msg if the job fails. */
static int add_one(batch_state *s, int i, void *result, char *msg, size_t n)
{
    const mig_batch *b = s->b;
    int rc = b->accumulate(b->user, i, result, msg, n);
    b->drop(b->user, result);
    b->done[i] = 1;
    if (rc)
        s->journal_off = 1;  /* the sums are spoilt: never keep them */
    return rc;
}

/* A finished item: into the accumulators (in order if asked), progress, journal.
 * Returns the item whose adding failed, or -1. */
static int finish_item(batch_state *s, int i, void *result, char *msg, size_t n)
{
    const mig_batch *b = s->b;
    int bad_item = -1;
#ifdef _OPENMP
#pragma omp critical(mig_batch_add)
#endif
    {
        if (!b->ordered) {
            if (add_one(s, i, result, msg, n))
                bad_item = i;
        } else {
            s->held[i] = result;
            while (bad_item < 0 && s->next < b->n_items && s->held[s->next]) {
                int k = s->next;
                void *r = s->held[k];
                s->held[k] = NULL;
                if (add_one(s, k, r, msg, n))
                    bad_item = k;
                while (++s->next < b->n_items && !is_mine(b, s->next))
                    ;
            }
        }
        s->finished++;
        if (b->progress)
            b->progress(b->progress_user, s->finished, s->mine);
        if (b->journal.path && !s->journal_off && seconds_since(&s->last_journal) >= 10) {
            char jerr[MIG_ERR_LEN];
            if (journal_write(b, jerr)) {
                fprintf(stderr, "migsim: cannot keep the journal of %s: %s\n", b->noun, jerr);
                s->journal_off = 1;
            }
            clock_gettime(CLOCK_MONOTONIC, &s->last_journal);
        }
    }
    return bad_item;
}

static void run_items(batch_state *s)
{
    const mig_batch *b = s->b;
    int T = b->threads < 1 ? 1 : b->threads;
    (void)T;  /* without OpenMP nothing reads it */
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(T)
#endif
    for (int i = 0; i < b->n_items; i++) {
        if (i % b->n_ranks != b->rank || b->done[i])
            continue;
        int failed;
#ifdef _OPENMP
#pragma omp atomic read
#endif
        failed = s->failed;
        if (failed >= 0)
            continue;
        if (b->stop && *b->stop) {
#ifdef _OPENMP
#pragma omp atomic write
#endif
            s->stopped = 1;
            continue;
        }
        char msg[MIG_ERR_LEN];
        int bad = 0;
        void *result = NULL;
        msg[0] = 0;
        if (b->run(b->user, i, &result, msg, sizeof msg, &bad)) {
            keep_first_error(s, i, bad, msg);
            continue;
        }
        int k = finish_item(s, i, result, msg, sizeof msg);
        if (k >= 0)
            keep_first_error(s, k, 0, msg);
    }
}

int mig_batch_run(const mig_batch *b, char *err, size_t errlen, int *bad_input)
{
    *bad_input = 0;
    batch_state s = { .b = b, .failed = -1, .err = err, .errlen = errlen, .bad_input = bad_input };
    if (b->journal.path && b->journal.resume && journal_read(b, err, errlen) < 0) {
        *bad_input = 1;
        return -1;
    }
    if (b->ordered && !(s.held = calloc((size_t)b->n_items + 1, sizeof *s.held))) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (int i = 0; i < b->n_items; i++)
        s.mine += is_mine(b, i);
    for (s.next = 0; s.next < b->n_items && !is_mine(b, s.next); s.next++)
        ;
    clock_gettime(CLOCK_MONOTONIC, &s.last_journal);
    run_items(&s);
    for (int i = 0; s.held && i < b->n_items; i++)
        if (s.held[i])
            b->drop(b->user, s.held[i]);  /* came early, then a stop or a failure */
    free(s.held);
    if (s.failed >= 0)
        return -1;
    if (!s.stopped)
        return 0;
    int n_done = 0;
    for (int i = 0; i < b->n_items; i++)
        n_done += b->done[i];
    char jerr[MIG_ERR_LEN];
    if (b->journal.path && !journal_write(b, jerr))
        snprintf(err, errlen, "interrupted with %d of %d %s done, kept in %.900s: the same command with --resume "
                              "continues", n_done, b->n_items, b->noun, b->journal.path);
    else
        snprintf(err, errlen, "interrupted with %d of %d %s done; nothing was written%s", n_done, b->n_items, b->noun,
                 b->journal.path ? " (the journal could not be written)" : "");
    *bad_input = 0;
    return -1;
}
