/* sweep.c: designs, runs and Sobol indices (see sweep.h). */
#include "sweep.h"
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
    free(s->x);
    free(s->y);
    free(s);
}

/* Run one point: returns 0 and fills y, or -1 with err. */
static int run_point(const mig_sweep *s, const double *x, double *y, char *err, size_t errlen, int *bad)
{
    const mig_sweep_opts *o = &s->o;
    mig_host *h = mig_host_open_with(o->scenario, o->seed, o->sets, o->n_sets, o->param, x, o->n_params, NULL, err,
                                     errlen);
    if (h)
        mig_host_watch(h, o->stop);
    if (!h) {
        *bad = 1;
        return -1;
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
    mig_sha256(b.p ? b.p : (unsigned char *)"", b.n, job);
    free(b.p);
}

static int sweep_write_journal(const mig_sweep *s, const uint8_t *done, char *err)
{
    unsigned char job[32];
    sweep_job(s, job);
    mig_buf b = { 0 };
    mig_buf_put(&b, SWEEP_JOURNAL_MAGIC, 8);
    mig_buf_put(&b, job, sizeof job);
    mig_buf_put(&b, done, (size_t)s->n_points);
    mig_buf_put(&b, s->y, (size_t)s->n_points * (size_t)s->o.n_outputs * sizeof *s->y);
    return mig_buf_seal_write(&b, s->o.journal, err);
}

/* 1 if read, 0 if there is none, -1 with err. */
static int sweep_read_journal(mig_sweep *s, uint8_t *done, char *err)
{
    size_t ny = (size_t)s->n_points * (size_t)s->o.n_outputs;
    size_t want = 8 + 32 + (size_t)s->n_points + ny * sizeof *s->y + 32, n;
    int missing;
    unsigned char *data = mig_read_file(s->o.journal, want + 1, &n, &missing);
    if (!data && missing)
        return 0;
    unsigned char job[32];
    if (!data || n < 40 + 32 || mig_sealed_check(data, n, SWEEP_JOURNAL_MAGIC) != 0) {
        free(data);
        snprintf(err, MIG_ERR_LEN, "%.900s is damaged or not a migsim journal: delete it to start afresh", s->o.journal);
        return -1;
    }
    sweep_job(s, job);
    if (memcmp(data + 8, job, 32) != 0 || n != want) {
        free(data);
        snprintf(err, MIG_ERR_LEN, "%.900s belongs to another sweep (other scenario, design, outputs, seed or --set): "
                                   "delete it, or run the sweep it was written for", s->o.journal);
        return -1;
    }
    memcpy(done, data + 40, (size_t)s->n_points);
    memcpy(s->y, data + 40 + s->n_points, ny * sizeof *s->y);
    free(data);
    return 1;
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
    s->y = calloc((size_t)s->n_points * (size_t)(o->n_outputs ? o->n_outputs : 1), sizeof *s->y);
    if (!s->x || !s->y || build_design(o, s->x, s->n_points)) {
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
    /* Check the scenario, the parameter names and both ends of every range once,
     * before spending time on the design. */
    {
        mig_host *h = NULL;
        for (int end = 0; end < 2; end++) {
            h = mig_host_open_with(o->scenario, o->seed, o->sets, o->n_sets, o->param, end ? o->hi : o->lo,
                                   o->n_params, NULL, err, errlen);
            if (h)
                mig_host_watch(h, o->stop);  /* a signal also stops a point's Lua stuck in a loop */
            mig_run *run = h ? mig_host_start(h, 1, err, errlen) : NULL;
            mig_totals t = { 0, 0, NULL, NULL, NULL };
            if (!run || mig_totals_of(run, &t)) {
                mig_run_free(run);
                mig_host_free(h);
                mig_sweep_free(s);
                return NULL;
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
                    mig_sweep_free(s);
                    return NULL;
                }
            }
            mig_totals_free(&t);
            mig_run_free(run);
            snprintf(s->name, sizeof s->name, "%s", mig_host_info(h)->name);
            mig_host_modules_sha(h, s->modules_sha);
            mig_host_free(h);
        }
        if (mig_sha256_file(o->scenario, s->sha256))
            snprintf(s->sha256, sizeof s->sha256, "unreadable");
    }
    uint8_t *point_done = calloc((size_t)s->n_points + 1, 1);
    if (!point_done) {
        snprintf(err, errlen, "out of memory");
        mig_sweep_free(s);
        return NULL;
    }
    if (o->journal && o->resume) {
        char jerr[MIG_ERR_LEN];
        if (sweep_read_journal(s, point_done, jerr) < 0) {
            *bad_input = 1;
            snprintf(err, errlen, "%s", jerr);
            free(point_done);
            mig_sweep_free(s);
            return NULL;
        }
    }
    int failed = -1, done = 0, mine = 0, stopped = 0;
    for (int p = 0; p < s->n_points; p++)
        mine += p % o->n_ranks == o->rank && !point_done[p];
    struct timespec last_journal;
    clock_gettime(CLOCK_MONOTONIC, &last_journal);
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int T = o->threads < 1 ? 1 : o->threads;
    (void)T;  /* without OpenMP nothing reads it */
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 1) num_threads(T)
#endif
    for (int p = 0; p < s->n_points; p++) {
        if (p % o->n_ranks != o->rank || point_done[p])
            continue;
        int stop;
#ifdef _OPENMP
#pragma omp atomic read
#endif
        stop = failed;
        if (stop >= 0)
            continue;
        if (o->stop && *o->stop) {
#ifdef _OPENMP
#pragma omp atomic write
#endif
            stopped = 1;
            continue;
        }
        char e[MIG_ERR_LEN];
        int bad = 0;
        if (run_point(s, s->x + (size_t)p * (size_t)o->n_params, s->y + (size_t)p * (size_t)o->n_outputs, e,
                      sizeof e, &bad)) {
#ifdef _OPENMP
#pragma omp critical(mig_sweep_err)
#endif
            if (failed < 0 || p < failed) {
                failed = p;
                *bad_input = bad;
                snprintf(err, errlen, "%s (design point %d)", e, p);
            }
            continue;
        }
#ifdef _OPENMP
#pragma omp critical(mig_sweep_progress)
#endif
        {
            struct timespec t1;
            clock_gettime(CLOCK_MONOTONIC, &t1);
            point_done[p] = 1;
            done++;
            if (o->progress) {
                double sec = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
                fprintf(stderr, "\r  %d/%d design points  %.1f/s  about %.0f s left   %s", done, mine,
                        sec > 0 ? done / sec : 0, sec > 0 && done ? (mine - done) * sec / done : 0,
                        done == mine ? "\n" : "");
                fflush(stderr);
            }
            if (o->journal && t1.tv_sec - last_journal.tv_sec >= 10) {
                char jerr[MIG_ERR_LEN];
                if (sweep_write_journal(s, point_done, jerr))
                    fprintf(stderr, "migsim: cannot keep the journal of design points: %s\n", jerr);
                last_journal = t1;
            }
        }
    }
    if (failed >= 0) {
        free(point_done);
        mig_sweep_free(s);
        return NULL;
    }
    if (stopped) {
        int n_done = 0;
        for (int p = 0; p < s->n_points; p++)
            n_done += point_done[p];
        char jerr[MIG_ERR_LEN];
        if (o->journal && !sweep_write_journal(s, point_done, jerr))
            snprintf(err, errlen, "interrupted with %d of %d design points done, kept in %.900s: the same command "
                                  "with --resume continues", n_done, s->n_points, o->journal);
        else
            snprintf(err, errlen, "interrupted with %d of %d design points done; nothing was written", n_done,
                     s->n_points);
        *bad_input = 0;  /* an interruption, not bad input */
        free(point_done);
        mig_sweep_free(s);
        return NULL;
    }
    free(point_done);
    *bad_input = 0;
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
