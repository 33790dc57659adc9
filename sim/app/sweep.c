/* sweep.c: designs, runs and Sobol indices (see sweep.h). */
#include "sweep.h"
#include "api.h"
#include "batch.h"
#include "flee_output.h"
#include "suggest.h"
#include "checkpoint.h"
#include "sha256.h"
#include "lua_host.h"
#include "output.h"
#include "rng.h"
#include "sha256.h"

#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void mig_sobol_indices(int k, int n, const double *fa, const double *fb, const double *fab, double *first,
                       double *total)
{
    double mean = 0, var = 0;
    for (int j = 0; j < n; j++)
        mean += fa[j] + fb[j];
    mean /= 2.0 * n;
    for (int j = 0; j < n; j++)
        var += (fa[j] - mean) * (fa[j] - mean) + (fb[j] - mean) * (fb[j] - mean);
    var /= 2.0 * n - 1;
    for (int i = 0; i < k; i++) {
        const double *fi = fab + (size_t)i * (size_t)n;
        double s1 = 0, st = 0;
        for (int j = 0; j < n; j++) {
            s1 += fb[j] * (fi[j] - fa[j]);
            st += (fa[j] - fi[j]) * (fa[j] - fi[j]);
        }
        first[i] = var > 0 ? s1 / n / var : 0;
        total[i] = var > 0 ? st / (2.0 * n) / var : 0;
    }
}

/* Unit-cube design: rows of n_params numbers in [0, 1). For Sobol, rows are A
 * (n), B (n), then AB_i (n each): A and B are the two halves of one 2k-dimensional
 * Sobol sequence from its first point, so the design is the same for every seed
 * and n = 2^m points are a balanced block. */
static int build_design(const mig_sweep_opts *o, double *u, int n_points)
{
    int k = o->n_params;
    if (o->design == MIG_DESIGN_LHS) {
        gsl_rng *r = mig_rng_gsl_new();
        size_t *perm = malloc((size_t)o->n * sizeof *perm);
        if (!r || !perm) {
            gsl_rng_free(r);
            free(perm);
            return -1;
        }
        mig_rng_gsl_reset(r, mig_rng_purpose_key(o->seed, MIG_RNG_DESIGN));
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < o->n; j++)
                perm[j] = (size_t)j;
            gsl_ran_shuffle(r, perm, (size_t)o->n, sizeof *perm);
            for (int j = 0; j < o->n; j++)
                u[(size_t)j * (size_t)k + (size_t)i] = ((double)perm[j] + gsl_rng_uniform(r)) / o->n;
        }
        free(perm);
        gsl_rng_free(r);
        return 0;
    }
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * k));
    double pt[2 * MIG_MAX_SWEEP_PARAMS];
    if (!q)
        return -1;
    int n = o->n;  /* GSL's sequence starts at (0.5, ...): the zero point is already left out */
    for (int j = 0; j < n; j++) {
        gsl_qrng_get(q, pt);
        for (int i = 0; i < k; i++) {
            u[(size_t)j * (size_t)k + (size_t)i] = pt[i];
            u[(size_t)(n + j) * (size_t)k + (size_t)i] = pt[k + i];
        }
    }
    gsl_qrng_free(q);
    for (int i = 0; i < k; i++)
        for (int j = 0; j < n; j++) {
            double *row = u + (size_t)((2 + i) * n + j) * (size_t)k;
            memcpy(row, u + (size_t)j * (size_t)k, (size_t)k * sizeof *row);
            row[i] = u[(size_t)(n + j) * (size_t)k + (size_t)i];
        }
    (void)n_points;
    return 0;
}

void mig_sweep_free(mig_sweep *s)
{
    if (!s)
        return;
    mig_posterior_free(s->post);
    free(s->draws);
    free(s->x);
    free(s->y);
    free(s);
}

/* ---- Flee scenarios (flee.load): their outputs are keys of a Flee run's totals ---- */

/* Output j of the Flee document doc into y[j]; -1 with err (bad input) for a key
 * that is not there, or null (the errors of a scenario without observed counts). */
static int flee_outputs(const mig_sweep_opts *o, const cJSON *doc, double *y, char *err, size_t errlen)
{
    const cJSON *tot = cJSON_GetObjectItem(doc, "totals");
    for (int j = 0; j < o->n_outputs; j++) {
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(tot, o->output[j]);
        if (cJSON_IsNull(t)) {
            snprintf(err, errlen, "output '%s' is null in this Flee scenario: no camp has observed counts to "
                                  "compare with", o->output[j]);
            return -1;
        }
        if (!cJSON_IsNumber(t)) {
            const char *best = NULL;
            size_t best_d = (size_t)-1;
            for (const cJSON *x = tot ? tot->child : NULL; x; x = x->next) {
                size_t d = mig_edit_distance(o->output[j], x->string);
                if (d < best_d)
                    best_d = d, best = x->string;
            }
            if (best && best_d <= strlen(o->output[j]) / 3 + 2)
                snprintf(err, errlen, "unknown output '%s' (did you mean '%s'? outputs of a Flee scenario are keys of "
                                      "its run's totals)", o->output[j], best);
            else
                snprintf(err, errlen, "unknown output '%s' (outputs of a Flee scenario are keys of its run's totals, "
                                      "e.g. ard, in_camps_end or camp_end.CAMP)", o->output[j]);
            return -1;
        }
        y[j] = t->valuedouble;
    }
    return 0;
}

/* Run the Flee scenario loaded in h (days: 0 for all of them) and build its
 * document. NULL with err; *bad for bad input. */
static cJSON *flee_point(const mig_sweep *s, mig_host *h, int days, char *err, size_t errlen, int *bad)
{
    const mig_sweep_opts *o = &s->o;
    char e[MIG_ERR_LEN];
    mig_flee_run *run = mig_host_start_flee(h, o->seed, err, errlen);
    *bad = 1;
    if (!run)
        return NULL;
    int rc = 0;
    for (int d = 0; (days == 0 || d < days) && (rc = mig_flee_run_step(run, e)) == 0; d++)
        ;
    cJSON *doc = NULL;
    if (rc < 0) {
        *bad = run->hook_failed && !(o->stop && *o->stop);  /* "interrupted" by the signal: exit 1 */
        snprintf(err, errlen, "%s", e);
    } else {
        mig_meta meta = { mig_host_info(h)->name, o->scenario, s->sha256 };
        if (!(doc = mig_flee_output_build(run, &meta))) {
            *bad = 0;
            snprintf(err, errlen, "out of memory");
        }
    }
    mig_host_end_flee(h);
    mig_flee_run_free(run);
    return doc;
}

/* Default outputs of a Flee sweep: the fit to the observed counts when there are
 * any, the persons in camps at the end, and each camp's count at the end. */
static void flee_default_outputs(mig_sweep *s, const cJSON *doc)
{
    const cJSON *tot = cJSON_GetObjectItem(doc, "totals");
    int n = 0;
    for (const cJSON *t = tot ? tot->child : NULL; t && n < MIG_MAX_SWEEP_OUTPUTS; t = t->next) {
        int pick = cJSON_IsNumber(t) && (strcmp(t->string, "ard") == 0 || strcmp(t->string, "total_error_mean") == 0 ||
                                         strcmp(t->string, "in_camps_end") == 0 || strncmp(t->string, "camp_end.", 9) == 0);
        if (pick)
            snprintf(s->out_names[n++], sizeof s->out_names[0], "%s", t->string);
    }
    for (int j = 0; j < n; j++)
        s->o.output[j] = s->out_names[j];
    s->o.n_outputs = n;
}

int mig_sweep_slot(const mig_sweep *s, int p)
{
    int n = s->o.n;
    return s->o.design == MIG_DESIGN_SOBOL && p >= 2 * n ? (p - 2 * n) % n : p;
}

/* Run point p: returns 0 and fills y, or -1 with err. */
static int run_point(const mig_sweep *s, int p, double *y, char *err, size_t errlen, int *bad)
{
    const mig_sweep_opts *o = &s->o;
    const double *x = s->x + (size_t)p * (size_t)o->n_params;
    mig_host *h = mig_posterior_open(s->post, s->post ? s->draws[p] : 0, o->scenario, o->seed, o->sets, o->n_sets,
                                     o->param, x, o->n_params, NULL, err, errlen);
    if (h)
        mig_host_watch(h, o->stop);
    if (!h) {
        *bad = 1;
        return -1;
    }
    if (mig_host_is_flee(h)) {
        cJSON *doc = flee_point(s, h, 0, err, errlen, bad);
        int rc = doc ? flee_outputs(o, doc, y, err, errlen) : -1;
        cJSON_Delete(doc);
        mig_host_free(h);
        return rc;
    }
    mig_run *run = mig_host_start(h, 1, err, errlen);
    if (!run) {
        *bad = 1;
        mig_host_free(h);
        return -1;
    }
    char e[MIG_ERR_LEN];
    int rc = mig_run_all(run, e);
    if (rc) {
        *bad = run->hook_failed && !(o->stop && *o->stop);  /* "interrupted" by the signal: exit 1 */
        snprintf(err, errlen, "%s", e);
    } else {
        mig_totals t;
        if (mig_totals_of(run, &t)) {
            snprintf(err, errlen, "out of memory");
            rc = -1;
        } else {
            for (int j = 0; j < o->n_outputs; j++) {
                int found = -1;
                for (int i = 0; i < t.n && found < 0; i++)
                    if (strcmp(t.key[i], o->output[j]) == 0)
                        found = i;
                if (found < 0) {
                    *bad = 1;
                    snprintf(err, errlen, "unknown output '%s' (outputs are keys of the run's totals, e.g. "
                                          "frontex_detections or arrivals.AT)", o->output[j]);
                    rc = -1;
                    break;
                }
                y[j] = (double)t.v[found] * mig_totals_scale(&t, found, run->world->params.agent_weight);
            }
            mig_totals_free(&t);
        }
    }
    mig_run_free(run);
    mig_host_free(h);
    return rc;
}

/* ---- the journal of completed design points ----------------------------------
 * OUT.json.progress: which points are done and their outputs (doubles computed
 * the same way in any session), keyed to the job (scenario hash, the design's
 * inputs, outputs, seed, --set). Continuing from it gives the same bytes. */

#define SWEEP_JOURNAL_MAGIC "MIGSWPJ1"

static void sweep_job(const mig_sweep *s, unsigned char job[32])
{
    const mig_sweep_opts *o = &s->o;
    mig_buf b = { 0 };
    mig_buf_str(&b, "migsim sweep journal " MIG_VERSION);
    mig_buf_str(&b, s->sha256);
    mig_buf_str(&b, s->modules_sha);
    mig_buf_u64(&b, o->seed);
    mig_buf_u64(&b, (uint64_t)s->n_points);
    mig_buf_u64(&b, (uint64_t)o->n_params);
    mig_buf_put(&b, s->x, (size_t)s->n_points * (size_t)o->n_params * sizeof *s->x);
    for (int j = 0; j < o->n_params; j++)
        mig_buf_str(&b, o->param[j]);
    for (int j = 0; j < o->n_outputs; j++)
        mig_buf_str(&b, o->output[j]);
    for (int j = 0; j < o->n_sets; j++)
        mig_buf_str(&b, o->sets[j]);
    if (s->flee_data[0])
        mig_buf_str(&b, s->flee_data);  /* a Flee scenario's data (native journals stay as they were) */
    mig_posterior_identity(s->post, &b);  /* nothing without one */
    mig_sha256(b.p ? b.p : (unsigned char *)"", b.n, job);
    free(b.p);
}

static void journal_put(void *user, mig_buf *b)
{
    const mig_sweep *s = user;
    mig_buf_put(b, s->y, (size_t)s->n_points * (size_t)s->o.n_outputs * sizeof *s->y);
}

static void journal_get(void *user, const unsigned char *p)
{
    mig_sweep *s = user;
    memcpy(s->y, p, (size_t)s->n_points * (size_t)s->o.n_outputs * sizeof *s->y);
}

/* ---- one design point, for the runner (batch.h) ------------------------------ */

static int point_run(void *user, int p, void **result, char *err, size_t errlen, int *bad)
{
    const mig_sweep *s = user;
    double *y = malloc((size_t)(s->o.n_outputs ? s->o.n_outputs : 1) * sizeof *y);
    char e[MIG_ERR_LEN];
    if (!y) {
        snprintf(err, errlen, "out of memory (design point %d)", p);
        return -1;
    }
    if (run_point(s, p, y, e, sizeof e, bad)) {
        snprintf(err, errlen, "%s (design point %d)", e, p);
        free(y);
        return -1;
    }
    *result = y;
    return 0;
}

static int point_add(void *user, int p, void *result, char *err, size_t errlen)
{
    mig_sweep *s = user;
    (void)err, (void)errlen;
    memcpy(s->y + (size_t)p * (size_t)s->o.n_outputs, result, (size_t)s->o.n_outputs * sizeof *s->y);
    return 0;
}

static void point_drop(void *user, void *result)
{
    (void)user;
    free(result);
}

/* The posterior in force (posterior.h), checked against the world of h, and each
 * design point's particle. 0, or -1 with err (bad input). */
static int choose_posterior(mig_sweep *s, mig_host *h, char *err, size_t errlen)
{
    const mig_sweep_opts *o = &s->o;
    if (mig_posterior_choose(o->posterior, o->fixed, &h, &o->scenario, 1, &s->post, err, errlen))
        return -1;
    if (!s->post)
        return 0;
    if (o->out) {
        mig_inputs in = { .n = 0 };
        mig_inputs_add(&in, "the posterior", s->post->path);
        if (mig_inputs_check_output(&in, "-o", o->out, err, errlen))
            return -1;
    }
    if (!(s->draws = malloc((size_t)s->n_points * sizeof *s->draws))) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (int p = 0; p < s->n_points; p++)
        s->draws[p] = mig_posterior_draw(s->post, o->seed, (uint64_t)mig_sweep_slot(s, p));
    mig_posterior_use(s->post, o->sets, o->n_sets, o->param, o->n_params, o->rank == 0 ? o->notes : NULL);
    return 0;
}

/* Check the scenario, the parameter names and both ends of every range once,
 * before spending time on the design; pick the default outputs if none are given
 * (they depend on the engine). 0, or -1 with err (bad input). */
static int check_scenario(mig_sweep *s, char *err, size_t errlen)
{
    mig_sweep_opts *o = &s->o;
    static const char *const defaults[] = { "frontex_detections", "detections", "arrivals", "deterred", "switched_channel" };
    mig_host *h = NULL;
    if (mig_sha256_file(o->scenario, s->sha256))
        snprintf(s->sha256, sizeof s->sha256, "unreadable");
    for (int end = 0; end < 2; end++) {
        h = mig_host_open_with(o->scenario, o->seed, o->sets, o->n_sets, o->param, end ? o->hi : o->lo, o->n_params,
                               NULL, err, errlen);
        if (!h)
            return -1;
        mig_host_watch(h, o->stop);  /* a signal also stops a point's Lua stuck in a loop */
        if (end == 0 && mig_host_is_flee(h) && o->notes && o->rank == 0)
            mig_host_print_notes(h, o->notes);
        if (end == 0 && (mig_inputs_check_flee_data(h, o->out, err, errlen) || choose_posterior(s, h, err, errlen))) {
            mig_host_free(h);
            return -1;
        }
        snprintf(s->name, sizeof s->name, "%s", mig_host_info(h)->name);
        mig_host_modules_sha(h, s->modules_sha);
        if ((s->flee = mig_host_is_flee(h))) {
            int bad;
            double y[MIG_MAX_SWEEP_OUTPUTS];
            cJSON *doc = flee_point(s, h, 1, err, errlen, &bad);  /* one day: the totals' keys */
            const char *data = cJSON_GetStringValue(
                cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "meta"), "source"), "sha256"));
            snprintf(s->flee_data, sizeof s->flee_data, "%s", data ? data : "");
            if (doc && o->n_outputs == 0)
                flee_default_outputs(s, doc);
            int rc = doc ? flee_outputs(o, doc, y, err, errlen) : -1;
            cJSON_Delete(doc);
            mig_host_free(h);
            if (rc)
                return -1;
            continue;
        }
        for (int j = 0; o->n_outputs == 0 && j < 5; j++)
            o->output[j] = defaults[j];
        if (o->n_outputs == 0)
            o->n_outputs = 5;
        mig_run *run = mig_host_start(h, 1, err, errlen);
        mig_totals t = { 0, 0, NULL, NULL, NULL };
        if (!run || mig_totals_of(run, &t)) {
            mig_run_free(run);
            mig_host_free(h);
            return -1;
        }
        for (int j = 0; j < o->n_outputs; j++) {
            int found = 0;
            for (int i = 0; i < t.n && !found; i++)
                found = strcmp(t.key[i], o->output[j]) == 0;
            if (!found) {
                snprintf(err, errlen, "unknown output '%s' (outputs are keys of a run's totals, e.g. "
                                      "frontex_detections or arrivals.AT)", o->output[j]);
                mig_totals_free(&t);
                mig_run_free(run);
                mig_host_free(h);
                return -1;
            }
        }
        mig_totals_free(&t);
        mig_run_free(run);
        mig_host_free(h);
    }
    return 0;
}

mig_sweep *mig_sweep_run(const mig_sweep_opts *o, char *err, size_t errlen, int *bad_input)
{
    *bad_input = 1;
    if (o->n_params < 1 || o->n < 2) {
        snprintf(err, errlen, "a sweep needs at least one --param and -n of at least 2");
        return NULL;
    }
    for (int i = 0; i < o->n_params; i++)
        for (int j = 0; j < i; j++)
            if (strcmp(o->param[i], o->param[j]) == 0) {
                snprintf(err, errlen, "--param %s is given twice", o->param[i]);
                return NULL;
            }
    for (int i = 0; i < o->n_params; i++)
        if (!(o->lo[i] < o->hi[i])) {
            snprintf(err, errlen, "--param %s: LO (%g) must be below HI (%g)", o->param[i], o->lo[i], o->hi[i]);
            return NULL;
        }
    mig_sweep *s = calloc(1, sizeof *s);
    if (!s) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    s->o = *o;
    s->n_points = o->design == MIG_DESIGN_SOBOL ? o->n * (o->n_params + 2) : o->n;
    s->x = calloc((size_t)s->n_points * (size_t)o->n_params, sizeof *s->x);
    if (!s->x || build_design(o, s->x, s->n_points)) {
        snprintf(err, errlen, "out of memory for %d design points", s->n_points);
        *bad_input = 0;
        mig_sweep_free(s);
        return NULL;
    }
    for (int p = 0; p < s->n_points; p++)
        for (int i = 0; i < o->n_params; i++) {
            double *v = &s->x[(size_t)p * (size_t)o->n_params + (size_t)i];
            *v = o->lo[i] + *v * (o->hi[i] - o->lo[i]);
        }
    if (check_scenario(s, err, errlen)) {
        mig_sweep_free(s);
        return NULL;
    }
    s->y = calloc((size_t)s->n_points * (size_t)(s->o.n_outputs ? s->o.n_outputs : 1), sizeof *s->y);
    if (!s->y) {
        snprintf(err, errlen, "out of memory for %d design points", s->n_points);
        *bad_input = 0;
        mig_sweep_free(s);
        return NULL;
    }
    uint8_t *point_done = calloc((size_t)s->n_points + 1, 1);
    if (!point_done) {
        snprintf(err, errlen, "out of memory");
        mig_sweep_free(s);
        return NULL;
    }
    mig_batch b = {
        .n_items = s->n_points, .threads = o->threads, .rank = o->rank, .n_ranks = o->n_ranks,
        .noun = "design points", .progress = o->progress, .progress_user = o->progress_user, .stop = o->stop, .done = point_done,
        .journal = { .path = o->journal, .resume = o->resume, .magic = SWEEP_JOURNAL_MAGIC,
                     .other = "another sweep (other scenario, design, outputs, seed, --set or posterior): delete it, "
                              "or run the sweep it was written for",
                     .payload_len = (size_t)s->n_points * (size_t)s->o.n_outputs * sizeof *s->y,
                     .put = journal_put, .get = journal_get },
        .user = s, .run = point_run, .accumulate = point_add, .drop = point_drop,
    };
    sweep_job(s, b.journal.job);
    int rc = mig_batch_run(&b, err, errlen, bad_input);
    free(point_done);
    if (rc) {
        mig_sweep_free(s);
        return NULL;
    }
    return s;
}

cJSON *mig_sweep_json(const mig_sweep *s)
{
    const mig_sweep_opts *o = &s->o;
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "schema", MIG_SWEEP_SCHEMA);
    cJSON *m = cJSON_AddObjectToObject(doc, "meta");
    mig_output_provenance(m, &(mig_meta){ s->name, o->scenario, s->sha256 });
    cJSON_AddStringToObject(m, "design", o->design == MIG_DESIGN_SOBOL ? "sobol" : "lhs");
    cJSON_AddNumberToObject(m, "n", o->n);
    cJSON_AddNumberToObject(m, "points", s->n_points);
    cJSON_AddNumberToObject(m, "seed", (double)o->seed);
    cJSON_AddStringToObject(m, "seeds", "every design point runs with the same seed (common random numbers)");
    cJSON_AddItemToObject(m, "posterior",
                          mig_posterior_json(s->post, s->draws, s->n_points,
                                             o->design == MIG_DESIGN_SOBOL
                                                 ? "design point p takes particle draws[p]: the rows of A and B "
                                                   "each draw their own, an AB_i row takes its A row's"
                                                 : "design point p takes particle draws[p]"));
    cJSON *sets = cJSON_AddArrayToObject(m, "fixed");
    for (int i = 0; i < o->n_sets; i++)
        cJSON_AddItemToArray(sets, cJSON_CreateString(o->sets[i]));
    cJSON *ps = cJSON_AddArrayToObject(m, "params");
    for (int i = 0; i < o->n_params; i++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "name", o->param[i]);
        cJSON_AddNumberToObject(x, "lo", o->lo[i]);
        cJSON_AddNumberToObject(x, "hi", o->hi[i]);
        cJSON_AddItemToArray(ps, x);
    }
    cJSON *os = cJSON_AddArrayToObject(m, "outputs");
    for (int j = 0; j < o->n_outputs; j++)
        cJSON_AddItemToArray(os, cJSON_CreateString(o->output[j]));
    if (o->design == MIG_DESIGN_SOBOL)
        cJSON_AddStringToObject(m, "rows", "A (n rows), B (n rows), then AB_i for each parameter i (n rows each)");
    cJSON *cols = cJSON_AddArrayToObject(doc, "columns");
    cJSON_AddItemToArray(cols, cJSON_CreateString("point"));
    for (int i = 0; i < o->n_params; i++)
        cJSON_AddItemToArray(cols, cJSON_CreateString(o->param[i]));
    for (int j = 0; j < o->n_outputs; j++)
        cJSON_AddItemToArray(cols, cJSON_CreateString(o->output[j]));
    cJSON *rows = cJSON_AddArrayToObject(doc, "rows");
    for (int p = 0; p < s->n_points; p++) {
        double v[1 + MIG_MAX_SWEEP_PARAMS + MIG_MAX_SWEEP_OUTPUTS];
        int n = 0;
        v[n++] = p;
        for (int i = 0; i < o->n_params; i++)
            v[n++] = s->x[(size_t)p * (size_t)o->n_params + (size_t)i];
        for (int j = 0; j < o->n_outputs; j++)
            v[n++] = s->y[(size_t)p * (size_t)o->n_outputs + (size_t)j];
        cJSON_AddItemToArray(rows, mig_raw_array(v, n, 1.0));
    }
    if (o->design == MIG_DESIGN_SOBOL) {
        int n = o->n, k = o->n_params;
        cJSON *so = cJSON_AddObjectToObject(doc, "sobol");
        double *fa = malloc((size_t)n * sizeof *fa), *fb = malloc((size_t)n * sizeof *fb);
        double *fab = malloc((size_t)n * (size_t)k * sizeof *fab);
        double first[MIG_MAX_SWEEP_PARAMS], total[MIG_MAX_SWEEP_PARAMS];
        for (int j = 0; j < o->n_outputs && fa && fb && fab; j++) {
            for (int r = 0; r < n; r++) {
                fa[r] = s->y[(size_t)r * (size_t)o->n_outputs + (size_t)j];
                fb[r] = s->y[(size_t)(n + r) * (size_t)o->n_outputs + (size_t)j];
                for (int i = 0; i < k; i++)
                    fab[(size_t)i * (size_t)n + (size_t)r] = s->y[(size_t)((2 + i) * n + r) * (size_t)o->n_outputs + (size_t)j];
            }
            mig_sobol_indices(k, n, fa, fb, fab, first, total);
            cJSON *out = cJSON_AddObjectToObject(so, o->output[j]);
            for (int i = 0; i < k; i++) {
                cJSON *x = cJSON_AddObjectToObject(out, o->param[i]);
                cJSON_AddNumberToObject(x, "first", first[i]);
                cJSON_AddNumberToObject(x, "total", total[i]);
            }
        }
        free(fa);
        free(fb);
        free(fab);
    }
    return doc;
}

void mig_sweep_summary(const mig_sweep *sw, const cJSON *doc, FILE *f)
{
    const mig_sweep_opts *o = &sw->o;
    fprintf(f, "migsim %s  sweep of %s: %s design, %d runs, seed %llu\n", MIG_VERSION, sw->name,
            o->design == MIG_DESIGN_SOBOL ? "Sobol (Saltelli)" : "Latin hypercube", sw->n_points,
            (unsigned long long)o->seed);
    if (sw->post)
        fprintf(f, "parameters not swept drawn from the posterior %s ('%s', %d particles, ESS %.0f)%s%s\n",
                sw->post->path, sw->post->name, sw->post->n_particles, sw->post->ess,
                sw->post->declared[0] ? "; declared by " : "", sw->post->declared);
    const cJSON *so = cJSON_GetObjectItemCaseSensitive(doc, "sobol");
    if (so) {
        fprintf(f, "%-28s %-34s %8s %8s\n", "output", "parameter", "first", "total");
        const cJSON *outp, *par;
        cJSON_ArrayForEach(outp, so)
            cJSON_ArrayForEach(par, outp)
                fprintf(f, "%-28s %-34s %8.3f %8.3f\n", outp->string, par->string,
                        cJSON_GetObjectItemCaseSensitive(par, "first")->valuedouble,
                        cJSON_GetObjectItemCaseSensitive(par, "total")->valuedouble);
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
        /* Flee's errors (ARD) are fractions: whole persons would print them as 0 or 1. */
        if (sw->flee && (strncmp(o->output[j], "ard", 3) == 0 || strncmp(o->output[j], "total_error", 11) == 0))
            fprintf(f, "%-28s %12.4f %12.4f %12.4f\n", o->output[j], lo, sum / sw->n_points, hi);
        else
            fprintf(f, "%-28s %12.0f %12.0f %12.0f\n", o->output[j], lo, sum / sw->n_points, hi);
    }
}
