/* flee_ensemble.c: Flee replicates and comparisons through the batch runner (see
 * flee_ensemble.h). Replicate r of arm k runs with the seed the native ensemble
 * gives it (ensemble.h), builds its document, and becomes one row of numbers
 * (flee_output.h). Rows are added in replicate order: in one process the runner
 * does that (ordered); under several, each process keeps its rows in a buffer the
 * caller sums on rank 0, which adds them all in order at the end. */
#include "flee_ensemble.h"
#include "batch.h"
#include "flee_output.h"
#include "lua_host.h"
#include "sha256.h"

#include <stdlib.h>
#include <string.h>

#define FLEE_JOURNAL_MAGIC "MIGFENJ1"

struct mig_flee_batch {
    mig_ens_opts o;
    mig_flee_ens *acc;
    size_t width, row;           /* one arm's numbers; every arm's (n_arms * width) */
    double *first;               /* replicate 0's row, run before the others */
    int64_t *slots;              /* several processes: [replicates][row] as the doubles' bits */
    uint8_t *done;               /* [replicates] */
    char sha[MIG_MAX_ARMS][65], modules[MIG_MAX_ARMS][65];
};

static uint64_t seed_of(const mig_ens_opts *o, int k, int r)
{
    return o->master_seed + (uint64_t)r + (o->paired ? 0 : (uint64_t)k * (uint64_t)o->replicates);
}

/* Arm k of replicate r run to the end: its document in *doc (and, for replicate
 * 0, the hash of the modules the scenario required in modules). */
static int flee_one(const mig_flee_batch *f, int k, int r, cJSON **doc, char *modules, char *err, size_t errlen,
                    int *bad)
{
    const mig_ens_opts *o = &f->o;
    uint64_t seed = seed_of(o, k, r);
    char e[MIG_ERR_LEN];
    mig_host *h = mig_host_open(o->scenarios[k], seed, o->sets, o->n_sets, &o->limits, err, errlen);
    mig_flee_run *run = NULL;
    *bad = 1;
    if (h && !mig_host_is_flee(h))
        snprintf(err, errlen, "%s loads no Flee scenario, %s does: the arms of a comparison run under the same "
                              "rules", o->scenarios[k], o->scenarios[0]);
    else if (h) {
        mig_host_watch(h, o->stop);  /* a signal also stops a replicate's Lua stuck in a loop (after 5 s) */
        if (modules)
            mig_host_modules_sha(h, modules);
        run = mig_host_start_flee(h, seed, err, errlen);
    }
    int rc = run ? 0 : -1;
    while (rc == 0 && (rc = mig_flee_run_step(run, e)) == 0)
        ;
    if (run && rc < 0) {
        /* A hook stopped by the signal ("interrupted") is not the scenario's fault: exit 1. */
        *bad = run->hook_failed && !(o->stop && *o->stop);
        snprintf(err, errlen, "%s", e);
    } else if (run) {
        mig_meta meta = { mig_host_info(h)->name, o->scenarios[k], f->sha[k] };
        *doc = mig_flee_output_build(run, &meta);
        rc = *doc ? 0 : -1;
        if (!*doc) {
            *bad = 0;
            snprintf(err, errlen, "out of memory building the result");
        }
    }
    if (rc < 0) {
        size_t len = strlen(err);
        if (r > 0 && len + 64 < errlen)
            snprintf(err + len, errlen - len, " (replicate %d, seed %llu)", r, (unsigned long long)seed);
    }
    if (run) {
        mig_host_end_flee(h);
        mig_flee_run_free(run);
    }
    mig_host_free(h);
    return rc < 0 ? -1 : 0;
}

/* Every arm of replicate r as one row ([n_arms][width]). */
static int replicate_run(void *user, int r, void **result, char *err, size_t errlen, int *bad)
{
    const mig_flee_batch *f = user;
    double *v = malloc(f->row * sizeof *v);
    if (!v) {
        snprintf(err, errlen, "out of memory in a worker");
        return -1;
    }
    if (r == 0)
        memcpy(v, f->first, f->row * sizeof *v);
    for (int k = 0; r > 0 && k < f->o.n_arms; k++) {
        cJSON *doc = NULL;
        int rc = flee_one(f, k, r, &doc, NULL, err, errlen, bad);
        if (!rc && mig_flee_ens_flatten(f->acc, doc, v + (size_t)k * f->width)) {
            snprintf(err, errlen, "replicate %d of %s has other camps, locations, dates or totals than replicate 0",
                     r, f->o.scenarios[k]);
            *bad = 1;
            rc = -1;
        }
        cJSON_Delete(doc);
        if (rc) {
            free(v);
            return -1;
        }
    }
    *result = v;
    return 0;
}

static int replicate_add(void *user, int r, void *result, char *err, size_t errlen)
{
    mig_flee_batch *f = user;
    if (f->slots) {
        memcpy(f->slots + (size_t)r * f->row, result, f->row * sizeof(double));
        return 0;
    }
    if (mig_flee_ens_add(f->acc, result)) {
        snprintf(err, errlen, "replicate %d is one too many", r);
        return -1;
    }
    return 0;
}

static void replicate_drop(void *user, void *result)
{
    (void)user;
    free(result);
}

static void journal_put(void *user, mig_buf *b) { mig_flee_ens_state_put(((mig_flee_batch *)user)->acc, b); }
static void journal_get(void *user, const unsigned char *p) { mig_flee_ens_state_get(((mig_flee_batch *)user)->acc, p); }

/* The identity of the job: scenario files, the modules they required, the Flee
 * data read, --set, seeds, replicates, pairing and the size of a row. */
static void job_identity(const mig_flee_batch *f, cJSON *const *docs, unsigned char job[32])
{
    const mig_ens_opts *o = &f->o;
    mig_buf b = { 0 };
    mig_buf_str(&b, "migsim flee ensemble journal " MIG_VERSION);
    mig_buf_u64(&b, (uint64_t)o->n_arms);
    for (int k = 0; k < o->n_arms; k++) {
        const cJSON *src = cJSON_GetObjectItem(cJSON_GetObjectItem(docs[k], "meta"), "source");
        const char *data = cJSON_GetStringValue(cJSON_GetObjectItem(src, "sha256"));
        mig_buf_str(&b, f->sha[k]);
        mig_buf_str(&b, f->modules[k]);
        mig_buf_str(&b, data ? data : "");
    }
    mig_buf_u64(&b, (uint64_t)o->n_sets);
    for (int i = 0; i < o->n_sets; i++)
        mig_buf_str(&b, o->sets[i]);
    const uint64_t v[] = { o->master_seed, (uint64_t)o->replicates, (uint64_t)o->paired, f->width };
    mig_buf_put(&b, v, sizeof v);
    mig_sha256(b.p ? b.p : (unsigned char *)"", b.n, job);
    free(b.p);
}

/* Replicate 0 of every arm, first: the layout of a row, names and metadata. */
static int start(mig_flee_batch *f, unsigned char job[32], char *err, size_t errlen, int *bad)
{
    const mig_ens_opts *o = &f->o;
    cJSON *docs[MIG_MAX_ARMS] = { 0 };
    int rc = 0;
    for (int k = 0; k < o->n_arms && rc == 0; k++) {
        if (mig_sha256_file(o->scenarios[k], f->sha[k]))
            snprintf(f->sha[k], sizeof f->sha[k], "unreadable");
        rc = flee_one(f, k, 0, &docs[k], f->modules[k], err, errlen, bad);
    }
    if (rc) {
        for (int k = 0; k < o->n_arms; k++)
            cJSON_Delete(docs[k]);
        return -1;
    }
    cJSON *kept[MIG_MAX_ARMS];
    for (int k = 0; k < o->n_arms; k++)
        kept[k] = cJSON_Duplicate(docs[k], 1);  /* the accumulator takes the copies */
    f->acc = mig_flee_ens_new(kept, o->n_arms, o->replicates, o->paired, err, errlen);
    if (f->acc) {
        f->width = mig_flee_ens_width(f->acc);
        f->row = f->width * (size_t)o->n_arms;
        f->first = malloc(f->row * sizeof *f->first);
        f->done = calloc((size_t)o->replicates, 1);
        if (o->n_ranks > 1)
            f->slots = calloc((size_t)o->replicates * f->row + 1, sizeof *f->slots);
        *bad = 0;
        rc = !f->first || !f->done || (o->n_ranks > 1 && !f->slots) ? -1 : 0;
        if (rc)
            snprintf(err, errlen, "out of memory for the replicates (%zu numbers each)", f->row);
    } else {
        rc = -1;
    }
    for (int k = 0; k < o->n_arms && rc == 0; k++)
        if (mig_flee_ens_flatten(f->acc, docs[k], f->first + (size_t)k * f->width)) {
            *bad = 1;
            snprintf(err, errlen, "the arms must share one Flee scenario's camps, locations and dates to be compared "
                                  "(%s differs from %s)", o->scenarios[k], o->scenarios[0]);
            rc = -1;
        }
    if (rc == 0)
        job_identity(f, docs, job);
    for (int k = 0; k < o->n_arms; k++)
        cJSON_Delete(docs[k]);
    return rc;
}

mig_flee_batch *mig_flee_batch_run(const mig_ens_opts *o, char *err, size_t errlen, int *bad_input)
{
    *bad_input = 1;
    /* --fork-at auto (compare's default) forks where it can, and a Flee run cannot be forked */
    if (o->window_to > 0 || o->keep_series) {
        snprintf(err, errlen, "--window and --replicate-series do not apply to Flee scenarios (their documents "
                              "hold the daily series)");
        return NULL;
    }
    if (o->daily || o->keep_totals || o->fork_day > 0) {
        snprintf(err, errlen, "--daily, --replicate-totals and --fork-at do not apply to Flee scenarios (their "
                              "documents hold the daily series, and every replicate's totals for one scenario)");
        return NULL;
    }
    mig_flee_batch *f = calloc(1, sizeof *f);
    if (!f) {
        snprintf(err, errlen, "out of memory");
        *bad_input = 0;
        return NULL;
    }
    f->o = *o;
    mig_batch b = {
        .n_items = o->replicates, .threads = o->threads, .rank = o->rank, .n_ranks = o->n_ranks,
        .ordered = o->n_ranks == 1, .noun = "replicates", .progress = o->progress, .progress_user = o->progress_user, .stop = o->stop,
        .journal = { .path = o->journal, .resume = o->resume, .magic = FLEE_JOURNAL_MAGIC, .with_count = 1,
                     .other = "another job (other scenarios, data, seeds, replicates or options): delete it, or run "
                              "the job it was written for",
                     .put = journal_put, .get = journal_get },
        .user = f, .run = replicate_run, .accumulate = replicate_add, .drop = replicate_drop,
    };
    if (start(f, b.journal.job, err, errlen, bad_input)) {
        mig_flee_batch_free(f);
        return NULL;
    }
    b.done = f->done;
    b.journal.payload_len = mig_flee_ens_state_len(f->acc);
    if (mig_batch_run(&b, err, errlen, bad_input)) {
        mig_flee_batch_free(f);
        return NULL;
    }
    return f;
}

void mig_flee_batch_free(mig_flee_batch *f)
{
    if (!f)
        return;
    mig_flee_ens_free(f->acc);
    free(f->first);
    free(f->slots);
    free(f->done);
    free(f);
}

int64_t *mig_flee_batch_buffer(mig_flee_batch *f, size_t *n)
{
    *n = f->slots ? (size_t)f->o.replicates * f->row : 0;
    return f->slots;
}

int mig_flee_batch_finish(mig_flee_batch *f, char *err, size_t errlen)
{
    for (int r = 0; f->slots && r < f->o.replicates; r++) {
        memcpy(f->first, f->slots + (size_t)r * f->row, f->row * sizeof *f->first);
        if (mig_flee_ens_add(f->acc, f->first)) {
            snprintf(err, errlen, "replicate %d is one too many", r);
            return -1;
        }
    }
    free(f->slots);
    f->slots = NULL;
    return 0;
}

cJSON *mig_flee_batch_json(const mig_flee_batch *f) { return mig_flee_ens_json(f->acc); }
void mig_flee_batch_summary(const mig_flee_batch *f, FILE *out) { mig_flee_ens_summary(f->acc, out); }
