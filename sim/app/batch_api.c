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
};

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

migsim_batch *migsim_ensemble(const migsim_batch_opts *o, migsim_error *e)
{
    mig_ens_opts eo;
    memset(&eo, 0, sizeof eo);
    if (o->n_arms < 1 || o->n_arms > MIG_MAX_ARMS) {
        mig_api_fail(e, MIGSIM_E_INPUT, "an ensemble takes 1 to %d scenarios", MIG_MAX_ARMS);
        return NULL;
    }
    for (int k = 0; k < o->n_arms; k++)
        eo.scenarios[k] = o->scenarios[k];
    eo.n_arms = o->n_arms;
    eo.sets = o->run.sets;
    eo.n_sets = o->run.n_sets;
    eo.master_seed = o->run.seed;
    eo.replicates = o->replicates;
    eo.threads = o->run.threads;
    eo.paired = !o->independent;
    if (o->fork_at && mig_date_parse(o->fork_at, &eo.fork_day)) {
        mig_api_fail(e, MIGSIM_E_INPUT, "--fork-at takes a date (YYYY-MM-DD), got '%s'", o->fork_at);
        return NULL;
    }
    eo.limits = mig_api_limits(&o->run);
    eo.daily = o->daily;
    eo.keep_totals = o->replicate_totals;
    eo.progress = o->run.progress != NULL;
    eo.rank = o->ranks ? o->ranks->rank : 0;
    eo.n_ranks = o->ranks ? o->ranks->size : 1;
    eo.journal = o->journal;
    eo.resume = o->resume;
    eo.stop = o->run.stop;
    migsim_batch *b = batch_new(o->ranks, e);
    if (!b)
        return NULL;
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
    so.scenario = o->scenario;
    so.sets = o->run.sets;
    so.n_sets = o->run.n_sets;
    for (int k = 0; k < o->n_params; k++) {
        so.param[k] = o->params[k];
        so.lo[k] = o->lo[k];
        so.hi[k] = o->hi[k];
    }
    so.n_params = o->n_params;
    static const char *const defaults[] = { "frontex_detections", "detections", "arrivals", "deterred", "displaced" };
    for (int k = 0; k < o->n_outputs; k++)
        so.output[k] = o->outputs[k];
    so.n_outputs = o->n_outputs;
    for (int k = 0; so.n_outputs == 0 && k < 5; k++)
        so.output[k] = defaults[k];
    if (o->n_outputs == 0)
        so.n_outputs = 5;
    so.design = o->sobol ? MIG_DESIGN_SOBOL : MIG_DESIGN_LHS;
    so.n = o->n;
    so.seed = o->run.seed;
    so.threads = o->run.threads;
    so.progress = o->run.progress != NULL;
    so.rank = o->ranks ? o->ranks->rank : 0;
    so.n_ranks = o->ranks ? o->ranks->size : 1;
    so.journal = o->journal;
    so.resume = o->resume;
    so.stop = o->run.stop;
    migsim_batch *b = batch_new(o->ranks, e);
    if (!b)
        return NULL;
    int bad = 0;
    b->sweep = mig_sweep_run(&so, e->message, sizeof e->message, &bad);
    if (!(b = failed(o->ranks, b->sweep != NULL, bad, b, e)))
        return NULL;
    /* Points a process did not run hold 0: adding them is exact. */
    if (o->ranks && o->ranks->size > 1)
        o->ranks->sum_f64(o->ranks->user, b->sweep->y, (size_t)b->sweep->n_points * (size_t)so.n_outputs);
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

/* A sweep's headline: the Sobol indices, or each output's range over the design. */
static void sweep_summary(const mig_sweep *sw, FILE *f)
{
    const mig_sweep_opts *o = &sw->o;
    fprintf(f, "migsim %s  sweep of %s: %s design, %d runs, seed %llu\n", MIG_VERSION, sw->name,
            o->design == MIG_DESIGN_SOBOL ? "Sobol (Saltelli)" : "Latin hypercube", sw->n_points,
            (unsigned long long)o->seed);
    if (o->design == MIG_DESIGN_SOBOL) {
        cJSON *doc = mig_sweep_json(sw);
        const cJSON *so = cJSON_GetObjectItemCaseSensitive(doc, "sobol");
        fprintf(f, "%-28s %-34s %8s %8s\n", "output", "parameter", "first", "total");
        const cJSON *outp, *par;
        cJSON_ArrayForEach(outp, so)
            cJSON_ArrayForEach(par, outp)
                fprintf(f, "%-28s %-34s %8.3f %8.3f\n", outp->string, par->string,
                        cJSON_GetObjectItemCaseSensitive(par, "first")->valuedouble,
                        cJSON_GetObjectItemCaseSensitive(par, "total")->valuedouble);
        cJSON_Delete(doc);
        return;
    }
    fprintf(f, "%-28s %12s %12s %12s\n", "output", "min", "mean", "max");
    for (int j = 0; j < o->n_outputs; j++) {
        double lo = 0, hi = 0, sum = 0;
        for (int p = 0; p < sw->n_points; p++) {
            double y = sw->y[(size_t)p * (size_t)o->n_outputs + (size_t)j];
            lo = p == 0 || y < lo ? y : lo;
            hi = p == 0 || y > hi ? y : hi;
            sum += y;
        }
        fprintf(f, "%-28s %12.0f %12.0f %12.0f\n", o->output[j], lo, sum / sw->n_points, hi);
    }
}

void migsim_batch_summary(const migsim_batch *b, FILE *f)
{
    if (b->ens)
        mig_ensemble_summary(b->ens, f);
    else
        sweep_summary(b->sweep, f);
}

void migsim_batch_free(migsim_batch *b)
{
    if (b) {
        mig_ensemble_free(b->ens);
        mig_sweep_free(b->sweep);
        free(b);
    }
}
