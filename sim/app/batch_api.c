/* batch_api.c: ensembles, comparisons and sweeps through the public API
 * (migsim_ensemble, migsim_sweep): options in, the sums over processes, the
 * document and the summary out. The work itself is ensemble.c's and sweep.c's. */
#include "api.h"
#include "date.h"
#include "ensemble.h"
#include "sweep.h"

#include <stdlib.h>
#include <string.h>

struct migsim_batch {
    mig_ensemble *ens;   /* replicates or a comparison, or */
    mig_sweep *sweep;    /* a sweep */
    int rank;
    /* Copies of the caller's strings, which the ensemble or sweep reads until it is
     * freed (names and keys in the document): the caller's may be gone by then. */
    char **kept;
    int n_kept, cap_kept;
    const char **sets;
    int oom;
};

/* A copy of s that lives as long as b (NULL stays NULL). */
static const char *keep(migsim_batch *b, const char *s)
{
    if (!s)
        return NULL;
    if (b->n_kept == b->cap_kept) {
        int cap = b->cap_kept ? 2 * b->cap_kept : 32;
        char **p = realloc(b->kept, (size_t)cap * sizeof *p);
        if (!p) {
            b->oom = 1;
            return "";
        }
        b->kept = p;
        b->cap_kept = cap;
    }
    char *c = strdup(s);
    if (!c) {
        b->oom = 1;
        return "";
    }
    return b->kept[b->n_kept++] = c;
}

/* Copies of the --set texts. */
static const char *const *keep_sets(migsim_batch *b, const char *const *sets, int n)
{
    if (n <= 0)
        return NULL;
    b->sets = calloc((size_t)n, sizeof *b->sets);
    if (!b->sets) {
        b->oom = 1;
        return NULL;
    }
    for (int i = 0; i < n; i++)
        b->sets[i] = keep(b, sets[i]);
    return b->sets;
}

void migsim_batch_opts_init(migsim_batch_opts *o)
{
    memset(o, 0, sizeof *o);
    migsim_opts_init(&o->run);
}

void migsim_sweep_opts_init(migsim_sweep_opts *o)
{
    memset(o, 0, sizeof *o);
    migsim_opts_init(&o->run);
    o->n = 16;
}

/* Every process's status, the worst one (one process: its own). */
static int agree(const migsim_ranks *r, int status)
{
    return r && r->size > 1 && r->agree ? r->agree(r->user, status) : status;
}

static migsim_batch *batch_new(const migsim_ranks *r, migsim_error *e)
{
    migsim_batch *b = calloc(1, sizeof *b);
    if (!b)
        mig_api_fail(e, MIGSIM_E_RUN, "out of memory");
    else
        b->rank = r ? r->rank : 0;
    return b;
}

/* The status a failed run reports, agreed by every process; the message is the
 * process's own, or says another process failed. */
static migsim_batch *failed(const migsim_ranks *r, int ok, int bad_input, migsim_batch *b, migsim_error *e)
{
    migsim_status mine = ok ? MIGSIM_OK : bad_input ? MIGSIM_E_INPUT : MIGSIM_E_RUN;
    migsim_status all = (migsim_status)agree(r, mine);
    if (all == MIGSIM_OK)
        return b;
    if (mine == MIGSIM_OK)
        mig_api_fail(e, all, "another process failed");
    e->status = all;
    migsim_batch_free(b);
    return NULL;
}

/* One end of --window: YYYY-MM-DD, or YYYY-MM (its first day, or with last its last day). */
static int window_day(const char *s, size_t n, int last, int *day)
{
    char buf[11];
    if (n != 7 && n != 10)
        return -1;
    memcpy(buf, s, n);
    memcpy(buf + 7, "-01", n == 7 ? 4 : 0);  /* a month: its first day */
    buf[10] = 0;
    if (mig_date_parse(buf, day))
        return -1;
    if (n == 7 && last) {  /* its last day: the day before the next month's first */
        int y, m, y2, m2;
        mig_date_ym(*day, &y, &m);
        do
            mig_date_ym(++*day, &y2, &m2);
        while (m2 == m);
        --*day;
    }
    return 0;
}

/* --window FROM:TO into days since 1970 (both included). 0, or -1 with e. */
static int parse_window(const char *w, int *from, int *to, migsim_error *e)
{
    const char *colon = strchr(w, ':');
    if (!colon || window_day(w, (size_t)(colon - w), 0, from) || window_day(colon + 1, strlen(colon + 1), 1, to)) {
        mig_api_fail(e, MIGSIM_E_INPUT, "--window takes FROM:TO, each a month (YYYY-MM) or a date (YYYY-MM-DD), "
                     "got '%.300s'", w);
        return -1;
    }
    if (*from > *to) {
        mig_api_fail(e, MIGSIM_E_INPUT, "--window '%.300s': FROM is after TO", w);
        return -1;
    }
    return 0;
}

migsim_batch *migsim_ensemble(const migsim_batch_opts *o, migsim_error *e)
{
    mig_ens_opts eo;
    memset(&eo, 0, sizeof eo);
    if (o->n_arms < 1 || o->n_arms > MIG_MAX_ARMS) {
        mig_api_fail(e, MIGSIM_E_INPUT, "an ensemble takes 1 to %d scenarios", MIG_MAX_ARMS);
        return NULL;
    }
    migsim_batch *b = batch_new(o->ranks, e);
    if (!b)
        return NULL;
    for (int k = 0; k < o->n_arms; k++)
        eo.scenarios[k] = keep(b, o->scenarios[k]);
    eo.n_arms = o->n_arms;
    eo.sets = keep_sets(b, o->run.sets, o->run.n_sets);
    eo.n_sets = o->run.n_sets;
    eo.master_seed = o->run.seed;
    eo.replicates = o->replicates;
    eo.threads = o->run.threads;
    eo.paired = !o->independent;
    eo.fork_auto = o->fork_at && strcmp(o->fork_at, "auto") == 0;
    if (o->fork_at && !eo.fork_auto && mig_date_parse(o->fork_at, &eo.fork_day)) {
        mig_api_fail(e, MIGSIM_E_INPUT, "--fork-at takes a date (YYYY-MM-DD) or auto, got '%s'", o->fork_at);
        migsim_batch_free(b);
        return NULL;
    }
    if (o->window && parse_window(o->window, &eo.window_from, &eo.window_to, e)) {
        migsim_batch_free(b);
        return NULL;
    }
    eo.limits = mig_api_limits(&o->run);
    eo.daily = o->daily;
    eo.keep_totals = o->replicate_totals;
    eo.keep_series = o->replicate_series;
    eo.progress = o->run.progress;
    eo.progress_user = o->run.progress_user;
    eo.rank = o->ranks ? o->ranks->rank : 0;
    eo.n_ranks = o->ranks ? o->ranks->size : 1;
    eo.out = keep(b, o->out);
    eo.notes = o->notes;
    eo.journal = keep(b, o->journal);
    eo.resume = o->resume;
    eo.stop = o->run.stop;
    eo.posterior = keep(b, o->run.posterior);
    eo.fixed = o->run.fixed;
    if (b->oom) {
        mig_api_fail(e, MIGSIM_E_RUN, "out of memory");
        migsim_batch_free(b);
        return NULL;
    }
    int bad = 0;
    b->ens = mig_ensemble_run(&eo, e->message, sizeof e->message, &bad);
    if (!(b = failed(o->ranks, b->ens != NULL, bad, b, e)))
        return NULL;
    if (o->ranks && o->ranks->size > 1) {
        size_t n;
        int64_t *buf = mig_ensemble_buffer(b->ens, &n);
        o->ranks->sum_i64(o->ranks->user, buf, n);
        if ((buf = mig_ensemble_replicate_totals(b->ens, &n)) != NULL)
            o->ranks->sum_i64(o->ranks->user, buf, n);
        if ((buf = mig_ensemble_replicate_frontex(b->ens, &n)) != NULL)  /* each replicate's values on one rank, 0 elsewhere */
            o->ranks->sum_i64(o->ranks->user, buf, n);
        if ((buf = mig_ensemble_replicate_series(b->ens, &n)) != NULL)  /* likewise */
            o->ranks->sum_i64(o->ranks->user, buf, n);
    }
    if (b->rank == 0 && mig_ensemble_finish(b->ens, e->message, sizeof e->message)) {
        e->status = MIGSIM_E_RUN;
        migsim_batch_free(b);
        return NULL;
    }
    mig_api_ok(e);
    return b;
}

migsim_batch *migsim_sweep(const migsim_sweep_opts *o, migsim_error *e)
{
    mig_sweep_opts so;
    memset(&so, 0, sizeof so);
    if (o->n_params < 1 || o->n_params > MIG_MAX_SWEEP_PARAMS || o->n_outputs > MIG_MAX_SWEEP_OUTPUTS) {
        mig_api_fail(e, MIGSIM_E_INPUT, "a sweep takes 1 to %d parameters and at most %d outputs",
                     MIG_MAX_SWEEP_PARAMS, MIG_MAX_SWEEP_OUTPUTS);
        return NULL;
    }
    migsim_batch *b = batch_new(o->ranks, e);
    if (!b)
        return NULL;
    so.scenario = keep(b, o->scenario);
    so.sets = keep_sets(b, o->run.sets, o->run.n_sets);
    so.n_sets = o->run.n_sets;
    for (int k = 0; k < o->n_params; k++) {
        so.param[k] = keep(b, o->params[k]);
        so.lo[k] = o->lo[k];
        so.hi[k] = o->hi[k];
    }
    so.n_params = o->n_params;
    for (int k = 0; k < o->n_outputs; k++)
        so.output[k] = keep(b, o->outputs[k]);
    so.n_outputs = o->n_outputs;  /* none: sweep.c picks the engine's defaults */
    so.design = o->sobol ? MIG_DESIGN_SOBOL : MIG_DESIGN_LHS;
    so.n = o->n;
    so.seed = o->run.seed;
    so.threads = o->run.threads;
    so.progress = o->run.progress;
    so.progress_user = o->run.progress_user;
    so.rank = o->ranks ? o->ranks->rank : 0;
    so.n_ranks = o->ranks ? o->ranks->size : 1;
    so.out = keep(b, o->out);
    so.notes = o->notes;
    so.journal = keep(b, o->journal);
    so.resume = o->resume;
    so.stop = o->run.stop;
    so.posterior = keep(b, o->run.posterior);
    so.fixed = o->run.fixed;
    if (b->oom) {
        mig_api_fail(e, MIGSIM_E_RUN, "out of memory");
        migsim_batch_free(b);
        return NULL;
    }
    int bad = 0;
    b->sweep = mig_sweep_run(&so, e->message, sizeof e->message, &bad);
    if (!(b = failed(o->ranks, b->sweep != NULL, bad, b, e)))
        return NULL;
    /* Points a process did not run hold 0: adding them is exact. */
    if (o->ranks && o->ranks->size > 1)
        o->ranks->sum_f64(o->ranks->user, b->sweep->y, (size_t)b->sweep->n_points * (size_t)b->sweep->o.n_outputs);
    mig_api_ok(e);
    return b;
}

migsim_doc *migsim_batch_document(const migsim_batch *b, migsim_error *e)
{
    if (b->rank != 0) {
        mig_api_fail(e, MIGSIM_E_RUN, "only process 0 has the result");
        return NULL;
    }
    migsim_doc *d = mig_api_doc(b->ens ? mig_ensemble_json(b->ens) : mig_sweep_json(b->sweep), e);
    if (d)
        mig_api_ok(e);
    return d;
}

void migsim_batch_summary(const migsim_batch *b, FILE *f)
{
    if (b->ens) {
        mig_ensemble_summary(b->ens, f);
        return;
    }
    cJSON *doc = mig_sweep_json(b->sweep);
    mig_sweep_summary(b->sweep, doc, f);
    cJSON_Delete(doc);
}

void migsim_batch_free(migsim_batch *b)
{
    if (b) {
        mig_ensemble_free(b->ens);
        mig_sweep_free(b->sweep);
        for (int i = 0; i < b->n_kept; i++)
            free(b->kept[i]);
        free(b->kept);
        free(b->sets);
        free(b);
    }
}
