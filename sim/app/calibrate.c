/* calibrate.c: `migsim calibrate SPEC.lua` (calib.h).
 *
 * Two methods, chained. History matching (Vernon et al. 2010, Andrianakis et al.
 * 2015): waves of designs over the prior, a Gaussian-process emulator of each
 * target's summary (log of its total over the window), and an implausibility
 * cut-off that rules out the parameter sets whose emulated output is too far from
 * the data for any noise to explain. ABC-SMC inside what is left (Toni et al. 2009,
 * Beaumont et al. 2009): weighted particles, a Gaussian perturbation kernel of twice
 * their covariance, and a stochastic acceptance by the observation model with a
 * temperature that falls to 1 (Wilkinson 2013; Schaelte and Hasenauer 2020, as
 * pyABC's StochasticAcceptor), so that the last generation samples the posterior
 * under the stated Poisson or negative binomial observation model itself.
 *
 * Every parameter lives on [0, 1] ("z") inside: its prior's support scaled (log
 * scaled for a log-uniform prior). Every random number is keyed on the seed and on
 * what it is for (wave, generation, candidate), and simulations are added in their
 * index order, so threads and ranks do not change a byte. Simulations are kept in a
 * journal (OUT.json.progress) by a hash of their inputs: a resumed job replays the
 * same steps and takes what the journal has instead of simulating it again. */
#include "calib.h"
#include "api.h"
#include "batch.h"
#include "buf.h"
#include "params.h"
#include "emulator.h"
#include "flee_output.h"
#include "lua_host.h"
#include "output.h"
#include "rng.h"
#include "sha256.h"

#include <errno.h>
#include <stdarg.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_min.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CAL_SCHEMA "migsim-calibration/1"
#define JOURNAL_MAGIC "MIGCAL01"

/* Stream purposes of a calibration's own draws (sub-keys of MIG_RNG_CALIBRATE). */
enum { CR_SIM_SEED = 1, CR_POOL, CR_PROPOSE, CR_ACCEPT, CR_PREDICT, CR_DESIGN };

typedef struct cached {
    unsigned char key[32];
    double *v;
} cached;

typedef struct cal {
    mig_calib_spec s;
    const mig_calib_opts *o;
    int k;                          /* calibrated parameters */
    int d;                          /* ABC dimension: k, + 1 for an estimated dispersion */
    int est_disp;                   /* some negbin target estimates its dispersion */
    const char *names[MIG_CALIB_MAX_PARAMS];
    int n_series;                   /* time points of all targets */
    int off[MIG_CALIB_MAX_TARGETS + 1];
    int flee;
    char scenario_sha[65], modules_sha[65], spec_sha[65], flee_data[65], scen_name[80];
    unsigned char job[32];
    uint64_t key;                   /* the calibration's stream key */
    long simulations;               /* done or taken from the journal */
    /* the journal */
    FILE *jf;
    cached *cache;
    size_t n_cache;
    /* history matching */
    int n_waves;
    mig_emulator *em[20][MIG_CALIB_MAX_TARGETS];
    double hm_z[MIG_CALIB_MAX_TARGETS], hm_vobs[20][MIG_CALIB_MAX_TARGETS], hm_vens[20][MIG_CALIB_MAX_TARGETS];
    double hm_k;                    /* dispersion used for the observed variance */
    cJSON *hm_json;
    double region_share;
    /* ABC */
    cJSON *abc_json;
} cal;

/* ---- parameters on [0, 1] ---- */

static double to_value(const mig_calib_param *p, double z)
{
    if (p->prior == MIG_PRIOR_LOGUNIFORM)
        return exp(log(p->lo) + z * (log(p->hi) - log(p->lo)));
    return p->lo + z * (p->hi - p->lo);
}

/* log prior density of z (up to a constant); -inf outside [0, 1]. */
static double log_prior(const mig_calib_param *p, double z)
{
    if (!(z >= 0 && z <= 1))
        return -INFINITY;
    switch (p->prior) {
    case MIG_PRIOR_NORMAL: {
        double x = (to_value(p, z) - p->a) / p->b;
        return -0.5 * x * x;
    }
    case MIG_PRIOR_BETA:
        if ((z == 0 && p->a < 1) || (z == 1 && p->b < 1))
            return -INFINITY;
        return (p->a - 1) * log(z > 0 ? z : 1e-300) + (p->b - 1) * log(z < 1 ? 1 - z : 1e-300);
    default:
        return 0;
    }
}

/* The prior's quantile u (0..1) as z. */
static double prior_quantile(const mig_calib_param *p, double u)
{
    u = u < 1e-12 ? 1e-12 : u > 1 - 1e-12 ? 1 - 1e-12 : u;
    switch (p->prior) {
    case MIG_PRIOR_NORMAL: {
        double a = gsl_cdf_gaussian_P(p->lo - p->a, p->b), b = gsl_cdf_gaussian_P(p->hi - p->a, p->b);
        double x = p->a + gsl_cdf_gaussian_Pinv(a + u * (b - a), p->b);
        double z = (x - p->lo) / (p->hi - p->lo);
        return z < 0 ? 0 : z > 1 ? 1 : z;
    }
    case MIG_PRIOR_BETA:
        return gsl_cdf_beta_Pinv(u, p->a, p->b);
    default:
        return u;
    }
}

/* ---- the observation model ---- */

static double obs_loglik(mig_obs_model m, double k, double y, double mu)
{
    if (mu < 0.5)
        mu = 0.5;  /* a month the model leaves empty still allows a few observations */
    if (m == MIG_OBS_POISSON)
        return y * log(mu) - mu - gsl_sf_lngamma(y + 1);
    return gsl_sf_lngamma(y + k) - gsl_sf_lngamma(k) - gsl_sf_lngamma(y + 1) + k * log(k / (k + mu)) +
           y * log(mu / (k + mu));
}

/* The dispersion of target t for an ABC particle's estimated value ke. */
static double disp_of(const mig_calib_target *t, double ke)
{
    return t->dispersion > 0 ? t->dispersion : ke;
}

/* log likelihood of the data given one simulation's series. */
static double loglik(const cal *c, const double *series, double ke)
{
    double ll = 0;
    for (int j = 0; j < c->s.n_targets; j++) {
        const mig_calib_target *t = &c->s.target[j];
        for (int i = 0; i < t->n; i++)
            ll += obs_loglik(t->model, disp_of(t, ke), t->obs[i], series[c->off[j] + i]);
    }
    return ll;
}

/* ---- one simulation ---- */

static int simulate(const cal *c, const double *theta, uint64_t seed, double *series, char *err, size_t errlen,
                    int *bad)
{
    const mig_calib_spec *s = &c->s;
    *bad = 1;
    mig_host *h = mig_host_open_with(s->scenario, seed, (const char *const *)s->sets, s->n_sets, c->names, theta, c->k,
                                     NULL, err, errlen);
    if (!h)
        return -1;
    mig_host_watch(h, c->o->stop);
    char e[MIG_ERR_LEN];
    cJSON *doc = NULL;
    mig_meta meta = { c->scen_name, s->scenario, c->scenario_sha };
    if (mig_host_is_flee(h)) {
        mig_flee_run *run = mig_host_start_flee(h, seed, err, errlen);
        if (!run) {
            mig_host_free(h);
            return -1;
        }
        int rc;
        while ((rc = mig_flee_run_step(run, e)) == 0)
            ;
        if (rc < 0) {
            *bad = run->hook_failed && !(c->o->stop && *c->o->stop);
            snprintf(err, errlen, "%s", e);
        } else
            doc = mig_flee_output_build(run, &meta);
        mig_host_end_flee(h);
        mig_flee_run_free(run);
    } else {
        mig_run *run = mig_host_start(h, 1, err, errlen);
        if (!run) {
            mig_host_free(h);
            return -1;
        }
        if (mig_run_all(run, e)) {
            *bad = run->hook_failed && !(c->o->stop && *c->o->stop);
            snprintf(err, errlen, "%s", e);
        } else
            doc = mig_output_build(run, &meta);
        mig_run_free(run);
    }
    mig_host_free(h);
    if (!doc) {
        if (!*err)
            snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = 0;
    for (int j = 0; j < s->n_targets && rc == 0; j++)
        rc = mig_calib_series(&s->target[j], doc, series + c->off[j]);
    cJSON_Delete(doc);
    if (rc) {
        *bad = 0;
        snprintf(err, errlen, "a run's result lacks a target's series");
    }
    return rc;
}

/* ---- the journal: simulations by a hash of their inputs ---- */

static void item_key(const cal *c, const double *theta, uint64_t seed, unsigned char key[32])
{
    unsigned char buf[8 * (MIG_CALIB_MAX_PARAMS + 1)];
    memcpy(buf, &seed, 8);
    memcpy(buf + 8, theta, (size_t)c->k * sizeof *theta);
    mig_sha256(buf, 8 + (size_t)c->k * 8, key);
}

static int cmp_cached(const void *a, const void *b)
{
    return memcmp(((const cached *)a)->key, ((const cached *)b)->key, 32);
}

static const double *cache_find(const cal *c, const unsigned char key[32])
{
    size_t lo = 0, hi = c->n_cache;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int r = memcmp(c->cache[mid].key, key, 32);
        if (r == 0)
            return c->cache[mid].v;
        if (r < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static uint64_t record_sum(const unsigned char *p, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 1099511628211ULL;
    return h;
}

/* Open the journal: read what it holds (resume) or start it. */
static int journal_open(cal *c, char *err, size_t errlen, int *bad)
{
    const char *path = c->o->journal;
    if (!path)
        return 0;
    size_t rec = 32 + (size_t)c->n_series * 8 + 8;
    if (c->o->resume) {
        FILE *f = fopen(path, "rb");
        if (f) {
            char magic[8];
            unsigned char job[32];
            if (fread(magic, 1, 8, f) != 8 || memcmp(magic, JOURNAL_MAGIC, 8) != 0 || fread(job, 1, 32, f) != 32) {
                fclose(f);
                snprintf(err, errlen, "%s is not a calibration journal: delete it, or give another -o", path);
                return -1;
            }
            if (memcmp(job, c->job, 32) != 0) {
                fclose(f);
                snprintf(err, errlen, "%s belongs to another calibration (other spec, scenario, data or seed): delete "
                                      "it, or run the calibration it was written for", path);
                return -1;
            }
            unsigned char *buf = malloc(rec);
            size_t cap = 0;
            while (buf && fread(buf, 1, rec, f) == rec) {
                uint64_t sum;
                memcpy(&sum, buf + rec - 8, 8);
                if (sum != record_sum(buf, rec - 8))
                    break;  /* a record cut short by a crash: the rest is redone */
                if (c->n_cache == cap) {
                    void *p = realloc(c->cache, (cap = cap * 2 + 256) * sizeof *c->cache);
                    if (!p)
                        break;
                    c->cache = p;
                }
                cached *e = &c->cache[c->n_cache];
                memcpy(e->key, buf, 32);
                if (!(e->v = malloc((size_t)c->n_series * 8 + 1)))
                    break;
                memcpy(e->v, buf + 32, (size_t)c->n_series * 8);
                c->n_cache++;
            }
            free(buf);
            fclose(f);
            if (c->n_cache)
                qsort(c->cache, c->n_cache, sizeof *c->cache, cmp_cached);
        }
    }
    /* Rewrite it with what was read, so a damaged tail is gone before new records follow. */
    char tmp[1300];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        *bad = 0;
        snprintf(err, errlen, "cannot write the journal %s: %s", tmp, strerror(errno));
        return -1;
    }
    fwrite(JOURNAL_MAGIC, 1, 8, f);
    fwrite(c->job, 1, 32, f);
    unsigned char *buf = malloc(rec);
    for (size_t i = 0; buf && i < c->n_cache; i++) {
        memcpy(buf, c->cache[i].key, 32);
        memcpy(buf + 32, c->cache[i].v, (size_t)c->n_series * 8);
        uint64_t sum = record_sum(buf, rec - 8);
        memcpy(buf + rec - 8, &sum, 8);
        fwrite(buf, 1, rec, f);
    }
    free(buf);
    if (fflush(f) || rename(tmp, path)) {
        fclose(f);
        *bad = 0;
        snprintf(err, errlen, "cannot write the journal %s: %s", path, strerror(errno));
        return -1;
    }
    c->jf = f;
    return 0;
}

static void journal_add(cal *c, const unsigned char key[32], const double *v)
{
    if (!c->jf)
        return;
    size_t rec = 32 + (size_t)c->n_series * 8 + 8;
    unsigned char *buf = malloc(rec);
    if (!buf)
        return;
    memcpy(buf, key, 32);
    memcpy(buf + 32, v, (size_t)c->n_series * 8);
    uint64_t sum = record_sum(buf, rec - 8);
    memcpy(buf + rec - 8, &sum, 8);
    if (fwrite(buf, 1, rec, c->jf) != rec) {
        fprintf(stderr, "migsim: the calibration journal could not be written (%s); continuing without it\n",
                strerror(errno));
        fclose(c->jf);
        c->jf = NULL;
    }
    free(buf);
}

/* ---- a batch of simulations over threads and ranks ---- */

typedef struct batch_job {
    cal *c;
    const double *theta;   /* [n][k] */
    const uint64_t *seed;  /* [n] */
    double *out;           /* [n][n_series] */
    int fresh;             /* simulated (not from the journal) */
} batch_job;

typedef struct item_result {
    unsigned char key[32];
    int from_journal;
    double v[];
} item_result;

static int item_run(void *user, int i, void **result, char *err, size_t errlen, int *bad)
{
    batch_job *b = user;
    cal *c = b->c;
    item_result *r = malloc(sizeof *r + (size_t)c->n_series * sizeof(double));
    if (!r) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    const double *theta = b->theta + (size_t)i * (size_t)c->k;
    item_key(c, theta, b->seed[i], r->key);
    const double *have = cache_find(c, r->key);
    r->from_journal = have != NULL;
    if (have)
        memcpy(r->v, have, (size_t)c->n_series * sizeof(double));
    else {
        char e[MIGSIM_MESSAGE_LEN];
        e[0] = '\0';
        if (simulate(c, theta, b->seed[i], r->v, e, sizeof e, bad)) {
            snprintf(err, errlen, "%s (calibration run with", e);
            for (int j = 0; j < c->k; j++)
                snprintf(err + strlen(err), errlen - strlen(err), " %s=%.6g", c->names[j], theta[j]);
            snprintf(err + strlen(err), errlen - strlen(err), ", seed %llu)", (unsigned long long)b->seed[i]);
            free(r);
            return -1;
        }
    }
    *result = r;
    return 0;
}

static int item_add(void *user, int i, void *result, char *err, size_t errlen)
{
    batch_job *b = user;
    item_result *r = result;
    (void)err, (void)errlen;
    memcpy(b->out + (size_t)i * (size_t)b->c->n_series, r->v, (size_t)b->c->n_series * sizeof(double));
    if (!r->from_journal) {
        journal_add(b->c, r->key, r->v);
        b->fresh++;
    }
    return 0;
}

static void item_drop(void *user, void *result)
{
    (void)user;
    free(result);
}

/* Simulate n parameter sets (values, not z) with their seeds; out[n][n_series]. */
static int evaluate(cal *c, int n, const double *theta, const uint64_t *seed, double *out, const char *what,
                    char *err, size_t errlen, int *bad)
{
    const migsim_ranks *R = c->o->ranks;
    int rank = R ? R->rank : 0, size = R ? R->size : 1;
    memset(out, 0, (size_t)n * (size_t)c->n_series * sizeof *out);
    uint8_t *done = calloc((size_t)n + 1, 1);
    if (!done) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    batch_job bj = { c, theta, seed, out, 0 };
    mig_batch b = {
        .n_items = n, .threads = c->o->threads, .rank = rank, .n_ranks = size, .ordered = 0, .noun = what,
        .stop = c->o->stop, .done = done, .user = &bj, .run = item_run, .accumulate = item_add, .drop = item_drop,
    };
    int rc = mig_batch_run(&b, err, errlen, bad);
    free(done);
    if (rc && c->o->stop && *c->o->stop) {
        /* The batch runner's message speaks of its own journal, which a calibration
         * does not use: say where the job stood instead. */
        snprintf(err, errlen, "interrupted during the %s (%ld simulations done before them)", what, c->simulations);
        *bad = 0;
    }
    if (c->jf)
        fflush(c->jf);
    if (size > 1) {
        /* Everybody needs every result to take the next step. */
        double st = rc ? 1 : 0;
        R->all_f64(R->user, &st, 1);
        if (st > 0 && !rc) {
            snprintf(err, errlen, "another process failed");
            *bad = 0;
            return -1;
        }
        if (rc)
            return -1;
        R->all_f64(R->user, out, (size_t)n * (size_t)c->n_series);
    }
    if (rc)
        return -1;
    c->simulations += n;
    return 0;
}

static uint64_t sim_seed(const cal *c, int stage, int a, int b, int rep)
{
    uint64_t k = mig_rng_subkey(mig_rng_subkey(mig_rng_subkey(mig_rng_subkey(c->key, CR_SIM_SEED), (uint64_t)stage),
                                               (uint64_t)a * 1000003ULL + (uint64_t)b),
                                (uint64_t)rep);
    return mig_mix64(k) >> 11;  /* a seed of the scenario API: below 2^53 */
}

/* ---- history matching ---- */

/* The summary of target j: log(1 + its total over the window). */
static double summary(const cal *c, int j, const double *series)
{
    const mig_calib_target *t = &c->s.target[j];
    double sum = 0;
    for (int i = 0; i < t->n; i++)
        sum += series[c->off[j] + i];
    return log1p(sum);
}

/* Largest implausibility of z under the emulators of waves 0..upto-1. */
static double implausibility(const cal *c, const double *z, int upto, int *ruled_out_at)
{
    double worst = 0;
    for (int w = 0; w < upto; w++) {
        double wmax = 0;
        for (int j = 0; j < c->s.n_targets; j++) {
            double m, v;
            mig_emulator_predict(c->em[w][j], z, &m, &v);
            double dz = c->hm_z[j] - m;
            double disc = c->s.hm_discrepancy;
            double I = fabs(dz) / sqrt(v + c->hm_vobs[w][j] + disc * disc + c->hm_vens[w][j]);
            if (I > wmax)
                wmax = I;
        }
        if (wmax > worst)
            worst = wmax;
        if (worst > c->s.hm_cutoff) {
            if (ruled_out_at)
                *ruled_out_at = w;
            return worst;
        }
    }
    return worst;
}

static int in_region(const cal *c, const double *z)
{
    return c->n_waves == 0 || implausibility(c, z, c->n_waves, NULL) <= c->s.hm_cutoff;
}

/* The best negative binomial size for data obs given means mu (profile likelihood). */
typedef struct kfit {
    const cal *c;
    const double *mu;
} kfit;

static double neg_ll_k(double logk, void *p)
{
    const kfit *f = p;
    double ll = 0, k = exp(logk);
    for (int j = 0; j < f->c->s.n_targets; j++) {
        const mig_calib_target *t = &f->c->s.target[j];
        if (t->model != MIG_OBS_NEGBIN || t->dispersion > 0)
            continue;
        for (int i = 0; i < t->n; i++)
            ll += obs_loglik(MIG_OBS_NEGBIN, k, t->obs[i], f->mu[f->c->off[j] + i]);
    }
    return -ll;
}

static double best_k(const cal *c, const double *mu, double *ll)
{
    kfit f = { c, mu };
    gsl_function F = { neg_ll_k, &f };
    double a = log(c->s.disp_lo), b = log(c->s.disp_hi);
    /* A grid, then Brent's method from the best grid point. */
    double best = a, fbest = INFINITY;
    for (int i = 0; i <= 40; i++) {
        double x = a + (b - a) * i / 40, fx = neg_ll_k(x, &f);
        if (fx < fbest)
            fbest = fx, best = x;
    }
    if (best > a && best < b) {
        gsl_min_fminimizer *m = gsl_min_fminimizer_alloc(gsl_min_fminimizer_brent);
        double lo = fmax(a, best - (b - a) / 40), hi = fmin(b, best + (b - a) / 40);
        if (m && neg_ll_k(best, &f) < neg_ll_k(lo, &f) && neg_ll_k(best, &f) < neg_ll_k(hi, &f) &&
            gsl_min_fminimizer_set(m, &F, best, lo, hi) == GSL_SUCCESS) {
            for (int it = 0; it < 50; it++) {
                gsl_min_fminimizer_iterate(m);
                if (gsl_min_test_interval(gsl_min_fminimizer_x_lower(m), gsl_min_fminimizer_x_upper(m), 1e-6, 0) ==
                    GSL_SUCCESS)
                    break;
            }
            best = gsl_min_fminimizer_x_minimum(m);
            fbest = neg_ll_k(best, &f);
        }
        gsl_min_fminimizer_free(m);
    }
    *ll = -fbest;
    return exp(best);
}

static void log_line(const cal *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void log_line(const cal *c, const char *fmt, ...)
{
    if (!c->o->log || (c->o->ranks && c->o->ranks->rank != 0))
        return;
    va_list ap;
    va_start(ap, fmt);
    fputs("calibrate: ", c->o->log);
    vfprintf(c->o->log, fmt, ap);
    fputc('\n', c->o->log);
    va_end(ap);
    fflush(c->o->log);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static int history_matching(cal *c, char *err, size_t errlen, int *bad)
{
    const mig_calib_spec *s = &c->s;
    int k = c->k, nt = s->n_targets, N = s->hm_points, R = s->hm_replicates, P = s->hm_pool;
    double *pool = malloc((size_t)P * (size_t)k * sizeof *pool);
    unsigned char *alive = malloc((size_t)P);
    double *z = malloc((size_t)N * (size_t)k * sizeof *z);
    double *theta = malloc((size_t)N * (size_t)R * (size_t)k * sizeof *theta);
    uint64_t *seeds = malloc((size_t)N * (size_t)R * sizeof *seeds);
    double *out = malloc((size_t)N * (size_t)R * (size_t)c->n_series * sizeof *out);
    double *ybar = malloc((size_t)N * (size_t)nt * sizeof *ybar);
    double *mu = malloc((size_t)c->n_series * sizeof *mu);
    double *imax = malloc((size_t)N * sizeof *imax);
    double *col = malloc((size_t)N * sizeof *col);
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)k);
    gsl_rng *r = mig_rng_gsl_new();
    int rc = -1;
    if (!pool || !alive || !z || !theta || !seeds || !out || !ybar || !mu || !imax || !col || !q || !r) {
        snprintf(err, errlen, "out of memory");
        *bad = 0;
        goto done;
    }
    /* The Monte Carlo pool that measures the region's share of the prior and
     * supplies later waves' designs: prior draws, random (not quasi-random) so
     * that its share is an unbiased estimate. */
    mig_rng_gsl_reset(r, mig_rng_subkey(c->key, CR_POOL));
    for (int i = 0; i < P; i++)
        for (int j = 0; j < k; j++)
            pool[(size_t)i * k + j] = prior_quantile(&s->param[j], gsl_rng_uniform(r));
    memset(alive, 1, (size_t)P);
    for (int j = 0; j < nt; j++) {
        const mig_calib_target *t = &s->target[j];
        double sum = 0;
        for (int i = 0; i < t->n; i++)
            sum += t->obs[i];
        c->hm_z[j] = log1p(sum);
    }
    c->hm_k = 0;
    cJSON *waves = cJSON_AddArrayToObject(c->hm_json, "waves");
    cJSON *emj = cJSON_AddArrayToObject(c->hm_json, "emulators");
    double share = 1;
    for (int w = 0; w < s->hm_waves; w++) {
        /* The design: a Sobol sequence through the prior's quantiles (wave 1), then
         * the pool's points still in the region and in no design yet, in the pool's
         * (random) order. alive: 0 ruled out, 1 in the region, 2 and in a design. */
        int n = 0;
        if (w == 0) {
            double u[MIG_CALIB_MAX_PARAMS];
            gsl_qrng_get(q, u);  /* the first point is the corner 0: skip it */
            for (; n < N; n++) {
                gsl_qrng_get(q, u);
                for (int j = 0; j < k; j++)
                    z[(size_t)n * k + j] = prior_quantile(&s->param[j], u[j]);
            }
        } else
            for (int i = 0; i < P && n < N; i++)
                if (alive[i] == 1) {
                    memcpy(z + (size_t)n++ * k, pool + (size_t)i * k, (size_t)k * sizeof *z);
                    alive[i] = 2;  /* in a design: the next wave takes others */
                }
        if (n < k + 3) {
            log_line(c, "wave %d: only %d points are left in the region, too few for emulators: history matching "
                        "ends", w + 1, n);
            break;
        }
        for (int p = 0; p < n; p++)
            for (int rep = 0; rep < R; rep++) {
                size_t item = (size_t)p * R + rep;
                for (int j = 0; j < k; j++)
                    theta[item * k + j] = to_value(&s->param[j], z[(size_t)p * k + j]);
                seeds[item] = sim_seed(c, 1, w, p, rep);
            }
        log_line(c, "wave %d: %d points x %d replicates", w + 1, n, R);
        char what[64];
        snprintf(what, sizeof what, "simulations (wave %d)", w + 1);
        if (evaluate(c, n * R, theta, seeds, out, what, err, errlen, bad))
            goto done;
        /* Summaries: their replicate means, and the pooled replicate variance. */
        double vens[MIG_CALIB_MAX_TARGETS] = { 0 };
        for (int p = 0; p < n; p++)
            for (int j = 0; j < nt; j++) {
                double m = 0, m2 = 0;
                for (int rep = 0; rep < R; rep++) {
                    double y = summary(c, j, out + ((size_t)p * R + rep) * c->n_series);
                    m += y;
                    m2 += y * y;
                }
                m /= R;
                ybar[(size_t)p * nt + j] = m;
                if (R > 1)
                    vens[j] += (m2 - R * m * m) / (R - 1) / n;
            }
        /* The observed summaries' variance under the observation model (delta
         * method on log(1 + total)), with an estimated dispersion taken at the
         * design point that fits best. */
        if (c->est_disp) {
            double best_ll = -INFINITY, kk = s->disp_lo;
            for (int p = 0; p < n; p++) {
                for (int i = 0; i < c->n_series; i++) {
                    double m = 0;
                    for (int rep = 0; rep < R; rep++)
                        m += out[((size_t)p * R + rep) * c->n_series + i];
                    mu[i] = m / R;
                }
                double ll, kp = best_k(c, mu, &ll);
                if (ll > best_ll)
                    best_ll = ll, kk = kp;
            }
            c->hm_k = kk;
        }
        for (int j = 0; j < nt; j++) {
            const mig_calib_target *t = &s->target[j];
            double var = 0, sum = 0;
            for (int i = 0; i < t->n; i++) {
                double m = t->obs[i] > 0.5 ? t->obs[i] : 0.5, kk = disp_of(t, c->hm_k);
                var += m + (t->model == MIG_OBS_NEGBIN ? m * m / kk : 0);
                sum += t->obs[i];
            }
            c->hm_vobs[w][j] = var / ((1 + sum) * (1 + sum));
            c->hm_vens[w][j] = R > 1 ? vens[j] : 0;
        }
        /* One emulator per target, on z. */
        for (int j = 0; j < nt; j++) {
            for (int p = 0; p < n; p++)
                col[p] = ybar[(size_t)p * nt + j];
            char e[512];
            if (!(c->em[w][j] = mig_emulator_fit(n, k, z, col, e, sizeof e))) {
                snprintf(err, errlen, "wave %d: the emulator of target '%s' could not be fitted: %s", w + 1,
                         s->target[j].name, e);
                *bad = 0;
                goto done;
            }
        }
        c->n_waves = w + 1;
        /* What the wave shows: implausibility at its own design points (simulated
         * means, no emulator), and the region left in the pool. */
        cJSON *wj = cJSON_CreateObject();
        cJSON_AddItemToArray(waves, wj);
        cJSON_AddNumberToObject(wj, "wave", w + 1);
        cJSON_AddNumberToObject(wj, "points", n);
        cJSON_AddNumberToObject(wj, "replicates", R);
        cJSON_AddNumberToObject(wj, "simulations", n * R);
        if (c->est_disp)
            cJSON_AddNumberToObject(wj, "dispersion_used", c->hm_k);
        cJSON *ij = cJSON_AddArrayToObject(wj, "implausibility");
        for (int p = 0; p < n; p++)
            imax[p] = 0;
        for (int j = 0; j < nt; j++) {
            double disc = s->hm_discrepancy;
            double den = sqrt(c->hm_vobs[w][j] + disc * disc + c->hm_vens[w][j]);
            int below = 0;
            for (int p = 0; p < n; p++) {
                col[p] = fabs(c->hm_z[j] - ybar[(size_t)p * nt + j]) / den;
                below += col[p] <= s->hm_cutoff;
                if (col[p] > imax[p])
                    imax[p] = col[p];
            }
            qsort(col, (size_t)n, sizeof *col, cmp_double);
            cJSON *t = cJSON_CreateObject();
            cJSON_AddStringToObject(t, "target", s->target[j].name);
            cJSON_AddStringToObject(t, "summary", "log1p_total");
            cJSON_AddNumberToObject(t, "min", col[0]);
            cJSON_AddNumberToObject(t, "median", n % 2 ? col[n / 2] : 0.5 * (col[n / 2 - 1] + col[n / 2]));
            cJSON_AddNumberToObject(t, "share_below_cutoff", (double)below / n);
            cJSON_AddItemToArray(ij, t);
        }
        int left = 0;
        for (int i = 0; i < P; i++) {
            if (alive[i] && implausibility(c, pool + (size_t)i * k, c->n_waves, NULL) > s->hm_cutoff)
                alive[i] = 0;
            left += alive[i] != 0;
        }
        double prev = share;
        share = (double)left / P;
        cJSON_AddNumberToObject(wj, "region_share", share);
        cJSON *des = cJSON_AddArrayToObject(wj, "design");
        for (int p = 0; p < n; p++) {
            double v[MIG_CALIB_MAX_PARAMS];
            for (int j = 0; j < k; j++)
                v[j] = to_value(&s->param[j], z[(size_t)p * k + j]);
            cJSON_AddItemToArray(des, cJSON_CreateDoubleArray(v, k));
        }
        cJSON_AddItemToObject(wj, "max_implausibility", cJSON_CreateDoubleArray(imax, n));
        for (int j = 0; j < nt; j++) {
            double ls[MIG_CALIB_MAX_PARAMS], s2, nug;
            double *zl = malloc((size_t)n * sizeof *zl);
            double within = zl ? mig_emulator_loo(c->em[w][j], zl) : 0;
            free(zl);
            mig_emulator_describe(c->em[w][j], ls, &s2, &nug);
            cJSON *e = cJSON_CreateObject();
            cJSON_AddNumberToObject(e, "wave", w + 1);
            cJSON_AddStringToObject(e, "target", s->target[j].name);
            cJSON_AddItemToObject(e, "length_scales", cJSON_CreateDoubleArray(ls, k));
            cJSON_AddNumberToObject(e, "variance", s2);
            cJSON_AddNumberToObject(e, "nugget", nug);
            cJSON_AddNumberToObject(e, "loo_within_3sd", within);
            cJSON_AddItemToArray(emj, e);
        }
        log_line(c, "wave %d: %d of %d pool points left: the region is %.3g%% of the prior", w + 1, left, P,
                 100 * share);
        if (left == 0) {
            snprintf(err, errlen, "history matching ruled out the whole prior after wave %d: no parameter set "
                                  "reaches every target within the cut-off (%g). Check the targets, widen the priors, "
                                  "or allow more model discrepancy (history_matching{ discrepancy = ... })",
                     w + 1, s->hm_cutoff);
            *bad = 1;
            goto done;
        }
        if (w > 0 && share > prev * s->hm_min_shrink) {
            log_line(c, "wave %d kept %.0f%% of the region: history matching ends", w + 1, 100 * share / prev);
            break;
        }
    }
    c->region_share = share;
    cJSON_AddNumberToObject(c->hm_json, "region_share", share);
    rc = 0;
done:
    free(pool);
    free(alive);
    free(z);
    free(theta);
    free(seeds);
    free(out);
    free(ybar);
    free(mu);
    free(imax);
    free(col);
    if (q)
        gsl_qrng_free(q);
    gsl_rng_free(r);
    return rc;
}

/* ---- ABC-SMC ---- */

typedef struct population {
    int n;
    double *z;        /* [n][d] */
    double *w;        /* normalised */
    double *ll;       /* log likelihood estimate */
    double *series;   /* [n][n_series]: replicate means (posterior predictive) */
} population;

static void pop_free(population *p)
{
    free(p->z);
    free(p->w);
    free(p->ll);
    free(p->series);
    memset(p, 0, sizeof *p);
}

static int pop_alloc(population *p, int n, int d, int ns)
{
    p->n = n;
    p->z = calloc((size_t)n * (size_t)d, sizeof *p->z);
    p->w = calloc((size_t)n, sizeof *p->w);
    p->ll = calloc((size_t)n, sizeof *p->ll);
    p->series = calloc((size_t)n * (size_t)ns, sizeof *p->series);
    return p->z && p->w && p->ll && p->series ? 0 : -1;
}

static double disp_value(const cal *c, double z)
{
    return exp(log(c->s.disp_lo) + z * (log(c->s.disp_hi) - log(c->s.disp_lo)));
}

static double log_prior_all(const cal *c, const double *z)
{
    double lp = 0;
    for (int j = 0; j < c->k; j++)
        lp += log_prior(&c->s.param[j], z[j]);
    if (c->est_disp && !(z[c->k] >= 0 && z[c->k] <= 1))
        return -INFINITY;
    return lp;
}

/* The kernel: N(0, 2 Sigma) of the previous population, as its Cholesky factor. */
static int kernel_of(const cal *c, const population *p, gsl_matrix *L)
{
    int d = c->d;
    double mean[MIG_CALIB_MAX_PARAMS + 1] = { 0 };
    for (int i = 0; i < p->n; i++)
        for (int a = 0; a < d; a++)
            mean[a] += p->w[i] * p->z[(size_t)i * d + a];
    for (int a = 0; a < d; a++)
        for (int b = 0; b <= a; b++) {
            double s = 0;
            for (int i = 0; i < p->n; i++)
                s += p->w[i] * (p->z[(size_t)i * d + a] - mean[a]) * (p->z[(size_t)i * d + b] - mean[b]);
            gsl_matrix_set(L, (size_t)a, (size_t)b, 2 * s + (a == b ? 1e-10 : 0));
            gsl_matrix_set(L, (size_t)b, (size_t)a, 2 * s + (a == b ? 1e-10 : 0));
        }
    return gsl_linalg_cholesky_decomp1(L) == GSL_SUCCESS ? 0 : -1;
}

/* Draw number `index` of the prior inside the region into z (and the estimated
 * dispersion's log-uniform prior). -1 if 100000 draws find no point of the
 * region (it is tiny). */
static int draw_prior(const cal *c, long index, double *z)
{
    gsl_rng *r = mig_rng_gsl_new();
    if (!r)
        return -1;
    mig_rng_gsl_reset(r, mig_rng_subkey(mig_rng_subkey(c->key, CR_PROPOSE), (uint64_t)index));
    int found = 0;
    for (int tries = 0; tries < 100000 && !found; tries++) {
        for (int j = 0; j < c->k; j++)
            z[j] = prior_quantile(&c->s.param[j], gsl_rng_uniform(r));
        if (c->est_disp)
            z[c->k] = gsl_rng_uniform(r);
        found = in_region(c, z);
    }
    gsl_rng_free(r);
    return found ? 0 : -1;
}

/* Weighted quantile q of x[n] with weights w (normalised): the smallest x whose
 * cumulative weight reaches q. */
typedef struct wx {
    double x, w;
} wx;

static int cmp_wx(const void *a, const void *b)
{
    double x = ((const wx *)a)->x, y = ((const wx *)b)->x;
    return x < y ? -1 : x > y;
}

static double wquantile(const double *x, const double *w, int n, double q)
{
    wx *v = malloc((size_t)n * sizeof *v);
    if (!v || n < 1) {
        free(v);
        return NAN;
    }
    for (int i = 0; i < n; i++)
        v[i] = (wx){ x[i], w[i] };
    qsort(v, (size_t)n, sizeof *v, cmp_wx);
    double acc = 0, res = v[n - 1].x;
    for (int i = 0; i < n; i++) {
        acc += v[i].w;
        if (acc >= q - 1e-12) {
            res = v[i].x;
            break;
        }
    }
    free(v);
    return res;
}

/* Weights w_i proportional to w0_i exp(ll_i * dbeta), normalised into w; their ESS. */
static double reweigh(const double *w0, const double *ll, int n, double dbeta, double *w)
{
    double best = -INFINITY;
    for (int i = 0; i < n; i++) {
        w[i] = log(w0[i]) + ll[i] * dbeta;
        if (w[i] > best)
            best = w[i];
    }
    double sum = 0, sum2 = 0;
    for (int i = 0; i < n; i++)
        sum += (w[i] = exp(w[i] - best));
    for (int i = 0; i < n; i++) {
        w[i] /= sum;
        sum2 += w[i] * w[i];
    }
    return 1 / sum2;
}

/* The next temperature: the lowest T in [1, T_prev) whose incremental weights
 * keep an ESS of at least target (bisection on 1/T). */
static double next_temperature(const population *p, double T_prev, double target, double *w)
{
    double b0 = isfinite(T_prev) ? 1 / T_prev : 0;
    if (reweigh(p->w, p->ll, p->n, 1 - b0, w) >= target)
        return 1;
    double lo = b0, hi = 1;  /* ESS(lo) >= target > ESS(hi) */
    for (int it = 0; it < 100 && hi - lo > 1e-12; it++) {
        double mid = 0.5 * (lo + hi);
        if (reweigh(p->w, p->ll, p->n, mid - b0, w) >= target)
            lo = mid;
        else
            hi = mid;
    }
    return lo > 0 ? 1 / lo : 1e300;
}

/* Simulate the parameter sets z[n][d] `replicates` times each (seeds keyed on
 * stage, generation and index); the replicates' mean series into series[n][ns]
 * and the log likelihood of the data around it into ll[n]. */
static int simulate_sets(cal *c, int n, const double *z, const unsigned char *need, int stage, int g,
                         double *series, double *ll, const char *what, char *err, size_t errlen, int *bad)
{
    int d = c->d, R = c->s.abc_replicates, ns = c->n_series, k = c->k;
    double *theta = malloc((size_t)n * (size_t)R * (size_t)k * sizeof *theta + 1);
    uint64_t *seeds = malloc((size_t)n * (size_t)R * sizeof *seeds + 1);
    double *out = malloc((size_t)n * (size_t)R * (size_t)ns * sizeof *out + 1);
    int *slot = malloc((size_t)n * sizeof *slot + 1);
    int rc = -1, m = 0;
    if (!theta || !seeds || !out || !slot) {
        snprintf(err, errlen, "out of memory");
        *bad = 0;
        goto done;
    }
    /* Only the sets that need it are simulated; each keeps the seeds of its index. */
    for (int i = 0; i < n; i++) {
        slot[i] = need && !need[i] ? -1 : m++;
        for (int rep = 0; rep < R && slot[i] >= 0; rep++) {
            size_t item = (size_t)slot[i] * R + rep;
            for (int j = 0; j < k; j++)
                theta[item * k + j] = to_value(&c->s.param[j], z[(size_t)i * d + j]);
            /* common_seeds: every parameter set runs on the same R seeds, so its
             * likelihood is a fixed function of the parameters, not of a run's luck
             * (which, summed over many observations, can make particles stick). */
            seeds[item] = c->s.abc_common_seeds ? sim_seed(c, 2, 0, 0, rep) : sim_seed(c, stage, g, i, rep);
        }
    }
    if (m > 0 && evaluate(c, m * R, theta, seeds, out, what, err, errlen, bad))
        goto done;
    for (int i = 0; i < n; i++) {
        if (slot[i] < 0)
            continue;
        for (int x = 0; x < ns; x++) {
            double sum = 0;
            for (int rep = 0; rep < R; rep++)
                sum += out[((size_t)slot[i] * R + rep) * ns + x];
            series[(size_t)i * ns + x] = sum / R;
        }
        ll[i] = loglik(c, series + (size_t)i * ns, c->est_disp ? disp_value(c, z[(size_t)i * d + k]) : 0);
    }
    rc = m;
done:
    free(theta);
    free(seeds);
    free(out);
    free(slot);
    return rc;
}

/* ABC-SMC after Del Moral, Doucet and Jasra (2012), with the observation model as a
 * soft kernel (Wilkinson 2013): the particles start as draws of the prior inside
 * the region; each generation lowers the tolerance (a temperature T on the
 * likelihood: the kernel is L^(1/T)) as far as the reweighted particles keep an
 * ESS of target_ess x N, resamples them, and moves each by Metropolis-Hastings
 * steps (a Gaussian random walk with the particles' covariance, scaled to keep the
 * acceptance near a quarter), one new simulation per step. L is the likelihood of
 * the data under the observation model around the replicates' mean series; with
 * an estimated dispersion the negative binomial's variance mu + mu^2/k takes up the
 * model's own run-to-run noise too. The job stops once the particles have moved at
 * T = 1 (the posterior), or when the budget or the acceptance runs out. */
static int abc_smc(cal *c, population *out_pop, char *err, size_t errlen, int *bad)
{
    const mig_calib_spec *s = &c->s;
    int d = c->d, N = s->abc_particles, R = s->abc_replicates, ns = c->n_series;
    population cur = { 0 }, next = { 0 };
    double *wtmp = malloc((size_t)N * sizeof *wtmp);
    double *pz = malloc((size_t)N * (size_t)d * sizeof *pz);
    double *pseries = malloc((size_t)N * (size_t)ns * sizeof *pseries + 1);
    double *pll = malloc((size_t)N * sizeof *pll);
    unsigned char *need = malloc((size_t)N);
    gsl_matrix *L = gsl_matrix_alloc((size_t)d, (size_t)d);
    gsl_rng *r = mig_rng_gsl_new();
    int rc = -1;
    if (!wtmp || !pz || !pseries || !pll || !need || !L || !r || pop_alloc(&cur, N, d, ns) || pop_alloc(&next, N, d, ns)) {
        snprintf(err, errlen, "out of memory");
        *bad = 0;
        goto done;
    }
    cJSON *gens = cJSON_AddArrayToObject(c->abc_json, "generations");
    long abc_sims = 0;
    /* Generation 0: the prior inside the region. */
    for (int i = 0; i < N; i++) {
        if (draw_prior(c, i, cur.z + (size_t)i * d)) {
            snprintf(err, errlen, "ABC-SMC: no draw of the prior inside the non-implausible region in 100000 tries: "
                                  "the region is too small to sample");
            goto done;
        }
        cur.w[i] = 1.0 / N;
    }
    if (simulate_sets(c, N, cur.z, NULL, 2, 0, cur.series, cur.ll, "simulations (ABC-SMC start)", err, errlen,
                      bad) < 0)
        goto done;
    abc_sims += (long)N * R;
    double T = INFINITY, scale = 2.38 / sqrt((double)d);
    double moved_at_1 = 0;  /* accepted moves per particle at T = 1 */
    const char *stopping = "the generation budget was spent before the particles moved at temperature 1";
    int converged = 0;
    for (int g = 1; g <= s->abc_generations; g++) {
        if (abc_sims + (long)N * R * s->abc_moves > s->abc_max_simulations) {
            stopping = "the simulation budget (abc_smc{ max_simulations }) would be passed by another generation";
            break;
        }
        /* Lower the tolerance, as far as the ESS allows. */
        double Tn = T == 1 ? 1 : next_temperature(&cur, T, s->abc_target_ess * N, wtmp);
        double ess = reweigh(cur.w, cur.ll, N, (Tn == 1 ? 1 : 1 / Tn) - (isfinite(T) ? 1 / T : 0), wtmp);
        memcpy(cur.w, wtmp, (size_t)N * sizeof *wtmp);
        T = Tn;
        /* Resample (systematic, one keyed uniform), then equal weights. */
        mig_rng_gsl_reset(r, mig_rng_subkey(mig_rng_subkey(c->key, CR_ACCEPT), (uint64_t)g));
        double u = gsl_rng_uniform(r) / N, acc = cur.w[0];
        for (int i = 0, j = 0; i < N; i++) {
            double at = u + (double)i / N;
            while (at > acc && j < N - 1)
                acc += cur.w[++j];
            memcpy(next.z + (size_t)i * d, cur.z + (size_t)j * d, (size_t)d * sizeof *pz);
            memcpy(next.series + (size_t)i * ns, cur.series + (size_t)j * ns, (size_t)ns * sizeof *pseries);
            next.ll[i] = cur.ll[j];
            next.w[i] = 1.0 / N;
        }
        population t = cur;
        cur = next;
        next = t;
        /* Move: Metropolis-Hastings steps at T. */
        long accepted = 0, gsims = 0;
        for (int m = 0; m < s->abc_moves; m++) {
            if (kernel_of(c, &cur, L)) {
                stopping = "the particles collapsed to one point (their covariance is singular)";
                goto finish;
            }
            /* kernel_of gives chol(2 Sigma): scale it to (scale^2) Sigma. */
            gsl_matrix_scale(L, scale / sqrt(2.0));
            for (int i = 0; i < N; i++) {
                mig_rng_gsl_reset(r, mig_rng_subkey(mig_rng_subkey(mig_rng_subkey(c->key, CR_PROPOSE),
                                                                   (uint64_t)g * 64 + (uint64_t)m),
                                                    (uint64_t)i));
                gsl_vector_view x = gsl_vector_view_array(pz + (size_t)i * d, (size_t)d);
                gsl_vector_const_view mu = gsl_vector_const_view_array(cur.z + (size_t)i * d, (size_t)d);
                gsl_ran_multivariate_gaussian(r, &mu.vector, L, &x.vector);
                /* Outside the prior or the region: rejected without a run. */
                need[i] = log_prior_all(c, pz + (size_t)i * d) > -INFINITY && in_region(c, pz + (size_t)i * d);
            }
            char what[64];
            snprintf(what, sizeof what, "simulations (generation %d)", g);
            int ran = simulate_sets(c, N, pz, need, 3, g * 64 + m, pseries, pll, what, err, errlen, bad);
            if (ran < 0)
                goto done;
            abc_sims += (long)ran * R;
            gsims += (long)ran * R;
            int step_acc = 0;
            for (int i = 0; i < N; i++) {
                const double *zi = cur.z + (size_t)i * d, *zp = pz + (size_t)i * d;
                if (!need[i])
                    continue;
                double la = log_prior_all(c, zp) - log_prior_all(c, zi) + (pll[i] - cur.ll[i]) / T;
                mig_rng_gsl_reset(r, mig_rng_subkey(mig_rng_subkey(mig_rng_subkey(c->key, CR_ACCEPT),
                                                                   (uint64_t)g * 64 + (uint64_t)m + 1000000),
                                                    (uint64_t)i));
                if (log(gsl_rng_uniform_pos(r)) < la) {
                    memcpy(cur.z + (size_t)i * d, zp, (size_t)d * sizeof *zp);
                    memcpy(cur.series + (size_t)i * ns, pseries + (size_t)i * ns, (size_t)ns * sizeof *pseries);
                    cur.ll[i] = pll[i];
                    step_acc++;
                }
            }
            accepted += step_acc;
            /* Keep the acceptance near a quarter (Roberts and Rosenthal 2001). */
            double rate = (double)step_acc / N;
            scale *= rate < 0.15 ? 0.7 : rate > 0.4 ? 1.3 : 1;
            if (T == 1)
                moved_at_1 += rate;
        }
        double rate = (double)accepted / ((double)N * s->abc_moves);
        double llw = 0;
        int unique = 0;
        for (int i = 0; i < N; i++) {
            llw += cur.ll[i] / N;
            int dup = 0;
            for (int j = 0; j < i && !dup; j++)
                dup = memcmp(cur.z + (size_t)i * d, cur.z + (size_t)j * d, (size_t)d * sizeof *pz) == 0;
            unique += !dup;
        }
        cJSON *gj = cJSON_CreateObject();
        cJSON_AddNumberToObject(gj, "generation", g);
        cJSON_AddNumberToObject(gj, "temperature", T);
        cJSON_AddNumberToObject(gj, "ess", ess);
        cJSON_AddNumberToObject(gj, "proposals", (double)N * s->abc_moves);
        cJSON_AddNumberToObject(gj, "accepted", (double)accepted);
        cJSON_AddNumberToObject(gj, "acceptance_rate", rate);
        cJSON_AddNumberToObject(gj, "unique_particles", unique);
        cJSON_AddNumberToObject(gj, "simulations", (double)gsims);
        cJSON_AddNumberToObject(gj, "mean_log_likelihood", llw);
        cJSON_AddItemToArray(gens, gj);
        log_line(c, "generation %d: temperature %.4g, ESS %.1f of %d before resampling, %.1f%% of moves accepted, %d "
                    "distinct particles", g, T, ess, N, 100 * rate, unique);
        if (T == 1 && moved_at_1 >= s->abc_final_moves) {
            converged = 1;
            stopping = "the temperature reached 1 and the particles moved there: they sample the posterior under "
                       "the observation model";
            break;
        }
        if (rate < s->abc_min_acceptance) {
            stopping = "the moves' acceptance fell below abc_smc{ min_acceptance }";
            break;
        }
    }
finish:
    cJSON_AddBoolToObject(c->abc_json, "converged", converged);
    cJSON_AddStringToObject(c->abc_json, "stopping", stopping);
    if (isfinite(T))
        cJSON_AddNumberToObject(c->abc_json, "final_temperature", T);
    else
        cJSON_AddNullToObject(c->abc_json, "final_temperature");  /* no generation ran: the prior in the region */
    if (!converged)
        log_line(c, "not converged: %s (final temperature %.4g: a tempered posterior, wider than the data allow)",
                 stopping, T);
    *out_pop = cur;
    memset(&cur, 0, sizeof cur);
    rc = 0;
done:
    pop_free(&cur);
    pop_free(&next);
    free(wtmp);
    free(pz);
    free(pseries);
    free(pll);
    free(need);
    if (L)
        gsl_matrix_free(L);
    gsl_rng_free(r);
    return rc;
}

/* Without ABC: the history-matching region's pool points as the (unweighted)
 * sample, each simulated once, so that the document still has a posterior-like
 * sample ("the non-implausible region") and a fit. */
static int region_sample(cal *c, population *p, char *err, size_t errlen, int *bad)
{
    int N = c->s.abc_particles, ns = c->n_series, d = c->d;
    if (pop_alloc(p, N, d, ns)) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    double *theta = malloc((size_t)N * (size_t)c->k * sizeof *theta);
    uint64_t *seeds = malloc((size_t)N * sizeof *seeds);
    if (!theta || !seeds) {
        free(theta);
        free(seeds);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (int i = 0; i < N; i++) {
        if (draw_prior(c, i, p->z + (size_t)i * d)) {
            snprintf(err, errlen, "no point of the region found in 100000 prior draws");
            free(theta);
            free(seeds);
            return -1;
        }
        if (c->est_disp)
            p->z[(size_t)i * d + c->k] = log(c->hm_k / c->s.disp_lo) / log(c->s.disp_hi / c->s.disp_lo);
        for (int j = 0; j < c->k; j++)
            theta[(size_t)i * c->k + j] = to_value(&c->s.param[j], p->z[(size_t)i * d + j]);
        seeds[i] = sim_seed(c, 3, 0, i, 0);
        p->w[i] = 1.0 / N;
    }
    int rc = evaluate(c, N, theta, seeds, p->series, "simulations (region sample)", err, errlen, bad);
    free(theta);
    free(seeds);
    return rc;
}

/* ---- the document ---- */

static void add_prior(cJSON *o, const mig_calib_param *p)
{
    cJSON *pr = cJSON_AddObjectToObject(o, "prior");
    cJSON_AddStringToObject(pr, "distribution", mig_prior_names[p->prior]);
    cJSON_AddNumberToObject(pr, "lo", p->lo);
    cJSON_AddNumberToObject(pr, "hi", p->hi);
    if (p->prior == MIG_PRIOR_NORMAL) {
        cJSON_AddNumberToObject(pr, "mean", p->a);
        cJSON_AddNumberToObject(pr, "sd", p->b);
    } else if (p->prior == MIG_PRIOR_BETA) {
        cJSON_AddNumberToObject(pr, "a", p->a);
        cJSON_AddNumberToObject(pr, "b", p->b);
    }
}

static cJSON *document(cal *c, const population *p)
{
    const mig_calib_spec *s = &c->s;
    int k = c->k, d = c->d, N = p->n, ns = c->n_series;
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "schema", CAL_SCHEMA);
    cJSON *m = cJSON_AddObjectToObject(doc, "meta");
    cJSON_AddStringToObject(m, "name", s->name);
    cJSON_AddStringToObject(m, "spec", s->path);
    cJSON_AddStringToObject(m, "spec_sha256", c->spec_sha);
    cJSON_AddStringToObject(m, "scenario", s->scenario);
    cJSON_AddStringToObject(m, "scenario_sha256", c->scenario_sha);
    cJSON_AddStringToObject(m, "migsim_version", migsim_version());
    cJSON_AddNumberToObject(m, "seed", (double)s->seed);
    cJSON *sets = cJSON_AddArrayToObject(m, "sets");
    for (int i = 0; i < s->n_sets; i++)
        cJSON_AddItemToArray(sets, cJSON_CreateString(s->sets[i]));
    cJSON *data = cJSON_AddArrayToObject(m, "data");
    for (int j = 0; j < s->n_targets; j++) {
        const mig_calib_target *t = &s->target[j];
        int dup = 0;
        for (int i = 0; i < j; i++)
            dup |= strcmp(s->target[i].obs_path, t->obs_path) == 0;
        if (dup || (!t->obs_file[0] && !c->flee_data[0]))
            continue;
        if (!t->obs_file[0]) {
            int seen = 0;
            for (int i = 0; i < j; i++)
                seen |= !s->target[i].obs_file[0];
            if (seen)
                continue;
        }
        cJSON *f = cJSON_CreateObject();
        cJSON_AddStringToObject(f, "path", t->obs_file[0] ? t->obs_path : "(the Flee scenario's data)");
        cJSON_AddStringToObject(f, "sha256", t->obs_file[0] ? t->obs_sha256 : c->flee_data);
        cJSON_AddItemToArray(data, f);
    }
    cJSON *methods = cJSON_AddArrayToObject(m, "methods");
    if (s->hm)
        cJSON_AddItemToArray(methods, cJSON_CreateString("history_matching"));
    if (s->abc)
        cJSON_AddItemToArray(methods, cJSON_CreateString("abc_smc"));
    /* Parameters */
    cJSON *pars = cJSON_AddArrayToObject(doc, "parameters");
    for (int j = 0; j < k; j++) {
        const mig_calib_param *pp = &s->param[j];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", pp->name);
        add_prior(o, pp);
        cJSON_AddNumberToObject(o, "scenario_value", pp->scenario_value);
        cJSON_AddItemToArray(pars, o);
    }
    /* Dispersion: the posterior's median where it was estimated. */
    double *kd = malloc((size_t)N * sizeof *kd);
    double kmed = 0;
    if (kd && c->est_disp) {
        for (int i = 0; i < N; i++)
            kd[i] = disp_value(c, p->z[(size_t)i * d + k]);
        kmed = wquantile(kd, p->w, N, 0.5);
    }
    cJSON *tj = cJSON_AddArrayToObject(doc, "targets");
    for (int j = 0; j < s->n_targets; j++) {
        const mig_calib_target *t = &s->target[j];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", t->name);
        cJSON_AddStringToObject(o, "table", t->table);
        cJSON *w = cJSON_AddObjectToObject(o, "where");
        for (int i = 0; i < t->n_where; i++)
            cJSON_AddStringToObject(w, t->where[i].key, t->where[i].value);
        cJSON_AddStringToObject(o, "observed_file", t->obs_file[0] ? t->obs_path : "flee");
        cJSON *win = cJSON_AddArrayToObject(o, "window");
        cJSON_AddItemToArray(win, cJSON_CreateString(t->from));
        cJSON_AddItemToArray(win, cJSON_CreateString(t->to));
        cJSON_AddStringToObject(o, "model", t->model == MIG_OBS_POISSON ? "poisson" : "negbin");
        if (t->model == MIG_OBS_POISSON)
            cJSON_AddNullToObject(o, "dispersion");
        else
            cJSON_AddNumberToObject(o, "dispersion", t->dispersion > 0 ? t->dispersion : kmed);
        cJSON_AddBoolToObject(o, "dispersion_estimated", t->model == MIG_OBS_NEGBIN && t->dispersion == 0);
        cJSON *times = cJSON_AddArrayToObject(o, "months");
        for (int i = 0; i < t->n; i++)
            cJSON_AddItemToArray(times, cJSON_CreateString(t->time[i]));
        cJSON_AddItemToObject(o, "observed", cJSON_CreateDoubleArray(t->obs, t->n));
        cJSON_AddItemToArray(tj, o);
    }
    if (c->hm_json) {
        cJSON_AddItemToObject(doc, "history_matching", c->hm_json);
        c->hm_json = NULL;
    } else
        cJSON_AddNullToObject(doc, "history_matching");
    if (c->abc_json) {
        cJSON_AddItemToObject(doc, "abc_smc", c->abc_json);
        c->abc_json = NULL;
    } else
        cJSON_AddNullToObject(doc, "abc_smc");
    /* The posterior sample. */
    cJSON *post = cJSON_AddObjectToObject(doc, "posterior");
    cJSON *pn = cJSON_AddArrayToObject(post, "parameters");
    for (int j = 0; j < k; j++)
        cJSON_AddItemToArray(pn, cJSON_CreateString(s->param[j].name));
    cJSON *smp = cJSON_AddArrayToObject(post, "samples");
    double *col = malloc((size_t)N * sizeof *col);
    for (int i = 0; i < N; i++) {
        double v[MIG_CALIB_MAX_PARAMS];
        for (int j = 0; j < k; j++)
            v[j] = to_value(&s->param[j], p->z[(size_t)i * d + j]);
        cJSON_AddItemToArray(smp, cJSON_CreateDoubleArray(v, k));
    }
    cJSON_AddItemToObject(post, "weights", cJSON_CreateDoubleArray(p->w, N));
    if (c->est_disp && kd)
        cJSON_AddItemToObject(post, "dispersion", cJSON_CreateDoubleArray(kd, N));
    else
        cJSON_AddNullToObject(post, "dispersion");
    double w2 = 0;
    for (int i = 0; i < N; i++)
        w2 += p->w[i] * p->w[i];
    cJSON_AddNumberToObject(post, "ess", 1 / w2);
    cJSON *sum = cJSON_AddArrayToObject(post, "summary");
    for (int j = 0; j < k && col; j++) {
        const mig_calib_param *pp = &s->param[j];
        double mean = 0, var = 0;
        for (int i = 0; i < N; i++) {
            col[i] = to_value(pp, p->z[(size_t)i * d + j]);
            mean += p->w[i] * col[i];
        }
        for (int i = 0; i < N; i++)
            var += p->w[i] * (col[i] - mean) * (col[i] - mean);
        /* The prior's sd on the value scale, by its quantiles. */
        double pm = 0, pv = 0;
        for (int i = 0; i < 2000; i++)
            pm += to_value(pp, prior_quantile(pp, (i + 0.5) / 2000)) / 2000;
        for (int i = 0; i < 2000; i++) {
            double x = to_value(pp, prior_quantile(pp, (i + 0.5) / 2000)) - pm;
            pv += x * x / 2000;
        }
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", pp->name);
        cJSON_AddNumberToObject(o, "mean", mean);
        cJSON_AddNumberToObject(o, "sd", sqrt(var));
        cJSON_AddNumberToObject(o, "q05", wquantile(col, p->w, N, 0.05));
        cJSON_AddNumberToObject(o, "q50", wquantile(col, p->w, N, 0.5));
        cJSON_AddNumberToObject(o, "q95", wquantile(col, p->w, N, 0.95));
        cJSON_AddNumberToObject(o, "prior_q05", to_value(pp, prior_quantile(pp, 0.05)));
        cJSON_AddNumberToObject(o, "prior_q95", to_value(pp, prior_quantile(pp, 0.95)));
        cJSON_AddNumberToObject(o, "prior_sd", sqrt(pv));
        cJSON_AddNumberToObject(o, "contraction", pv > 0 ? 1 - var / pv : 0);
        cJSON_AddItemToArray(sum, o);
    }
    /* The fit: the posterior's simulated series (replicate means) and, with the
     * observation model's noise, its predictive band. */
    cJSON *fit = cJSON_AddArrayToObject(doc, "fit");
    enum { DRAWS = 10 };
    double *pred = malloc((size_t)N * DRAWS * sizeof *pred), *pw = malloc((size_t)N * DRAWS * sizeof *pw);
    gsl_rng *r = mig_rng_gsl_new();
    for (int j = 0; j < s->n_targets && col && pred && pw && r; j++) {
        const mig_calib_target *t = &s->target[j];
        for (int i = 0; i < t->n; i++) {
            int at = c->off[j] + i;
            double mean = 0;
            for (int q = 0; q < N; q++) {
                col[q] = p->series[(size_t)q * ns + at];
                mean += p->w[q] * col[q];
                mig_rng_gsl_reset(r, mig_rng_subkey(mig_rng_subkey(c->key, CR_PREDICT), (uint64_t)q * 100003 + at));
                double ke = c->est_disp ? kd[q] : t->dispersion;
                for (int e = 0; e < DRAWS; e++) {
                    double mu = col[q] > 0.5 ? col[q] : 0.5;
                    double y = t->model == MIG_OBS_POISSON ? gsl_ran_poisson(r, mu)
                                                           : gsl_ran_poisson(r, gsl_ran_gamma(r, ke, mu / ke));
                    pred[q * DRAWS + e] = y;
                    pw[q * DRAWS + e] = p->w[q] / DRAWS;
                }
            }
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "target", t->name);
            cJSON_AddStringToObject(o, "month", t->time[i]);
            cJSON_AddNumberToObject(o, "observed", t->obs[i]);
            cJSON_AddNumberToObject(o, "mean", mean);
            cJSON_AddNumberToObject(o, "q05", wquantile(col, p->w, N, 0.05));
            cJSON_AddNumberToObject(o, "q50", wquantile(col, p->w, N, 0.5));
            cJSON_AddNumberToObject(o, "q95", wquantile(col, p->w, N, 0.95));
            cJSON_AddNumberToObject(o, "predictive_q05", wquantile(pred, pw, N * DRAWS, 0.05));
            cJSON_AddNumberToObject(o, "predictive_q95", wquantile(pred, pw, N * DRAWS, 0.95));
            cJSON_AddItemToArray(fit, o);
        }
    }
    gsl_rng_free(r);
    free(pred);
    free(pw);
    free(col);
    free(kd);
    cJSON *rt = cJSON_AddObjectToObject(doc, "runtime");
    cJSON_AddNumberToObject(rt, "simulations", (double)c->simulations);
    return doc;
}

/* ---- setup ---- */

/* Check the parameters against the scenario's world, note their values, run the
 * scenario once to check the targets' tables and windows; the job's identity. */
static int setup(cal *c, char *err, size_t errlen, int *bad)
{
    mig_calib_spec *s = &c->s;
    *bad = 1;
    if (mig_sha256_file(s->path, c->spec_sha) || mig_sha256_file(s->scenario, c->scenario_sha)) {
        snprintf(err, errlen, "%s cannot read the scenario %s: %s", s->at_scenario, s->scenario, strerror(errno));
        return -1;
    }
    for (int j = 0; j < s->n_targets; j++)
        if (mig_calib_check_table(&s->target[j], err, errlen) || mig_calib_read_observed(&s->target[j], err, errlen))
            return -1;
    char e[MIGSIM_MESSAGE_LEN];
    mig_host *h = mig_host_open(s->scenario, s->seed, (const char *const *)s->sets, s->n_sets, NULL, e, sizeof e);
    if (!h) {
        snprintf(err, errlen, "%s the scenario %s: %s", s->at_scenario, s->scenario, e);
        return -1;
    }
    c->flee = mig_host_is_flee(h);
    snprintf(c->scen_name, sizeof c->scen_name, "%s", mig_host_info(h)->name);
    mig_host_modules_sha(h, c->modules_sha);
    /* Each parameter at both ends of its prior: its key and range are checked by
     * the same code that sets it in every run. */
    for (int end = 0; end < 2; end++) {
        for (int j = 0; j < c->k; j++) {
            double v = end ? s->param[j].hi : s->param[j].lo;
            mig_host *hp = mig_host_open_with(s->scenario, s->seed, (const char *const *)s->sets, s->n_sets,
                                              &c->names[j], &v, 1, NULL, e, sizeof e);
            if (!hp) {
                snprintf(err, errlen, "%s parameter '%s': %s", s->param[j].at, s->param[j].name, e);
                mig_host_free(h);
                return -1;
            }
            mig_host_free(hp);
        }
    }
    /* The scenario's own values, and its output's shape: one run of h at them. */
    cJSON *doc = NULL;
    mig_meta meta = { c->scen_name, s->scenario, c->scenario_sha };
    if (c->flee) {
        const mig_flee_model *fm = mig_host_flee_model(h);
        for (int j = 0; j < c->k; j++) {
            /* The setting as the scenario leaves it (a "flee." prefix, as --set allows). */
            const char *name = s->param[j].name;
            const mig_flee_setting_spec *sp = mig_flee_setting_find(strncmp(name, "flee.", 5) == 0 ? name + 5 : name);
            s->param[j].scenario_value = sp ? mig_flee_setting_get(&fm->set, sp) : 0;
        }
        mig_flee_run *run = mig_host_start_flee(h, s->seed, e, sizeof e);
        int rc = run ? 0 : -1;
        while (run && (rc = mig_flee_run_step(run, e)) == 0)
            ;
        if (run && rc > 0)
            doc = mig_flee_output_build(run, &meta);
        const char *data = cJSON_GetStringValue(
            cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "meta"), "source"), "sha256"));
        snprintf(c->flee_data, sizeof c->flee_data, "%s", data ? data : "");
        if (run) {
            mig_host_end_flee(h);
            mig_flee_run_free(run);
        }
    } else {
        for (int j = 0; j < c->k; j++) {
            mig_param_ref ref;
            char pe[MIG_ERR_LEN];
            if (mig_param_find(mig_host_world(h), s->param[j].name, &ref, pe) == 0)
                s->param[j].scenario_value = *mig_param_ptr(mig_host_world(h), ref);
        }
        mig_run *run = mig_host_start(h, 1, e, sizeof e);
        if (run && mig_run_all(run, e) == 0)
            doc = mig_output_build(run, &meta);
        mig_run_free(run);
    }
    mig_host_free(h);
    if (!doc) {
        snprintf(err, errlen, "%s the scenario %s failed: %s", s->at_scenario, s->scenario, e);
        return -1;
    }
    for (int j = 0; j < s->n_targets; j++)
        if (mig_calib_match_doc(&s->target[j], doc, err, errlen)) {
            cJSON_Delete(doc);
            return -1;
        }
    cJSON_Delete(doc);
    c->off[0] = 0;
    for (int j = 0; j < s->n_targets; j++) {
        const mig_calib_target *t = &s->target[j];
        c->off[j + 1] = c->off[j] + t->n;
        if (t->model == MIG_OBS_NEGBIN && t->dispersion == 0)
            c->est_disp = 1;
    }
    c->n_series = c->off[s->n_targets];
    c->d = c->k + c->est_disp;
    /* The job: everything that decides the result. */
    mig_buf b = { 0 };
    mig_buf_str(&b, "migsim calibration journal " MIG_VERSION);
    mig_buf_str(&b, c->spec_sha);
    mig_buf_str(&b, c->scenario_sha);
    mig_buf_str(&b, c->modules_sha);
    mig_buf_str(&b, c->flee_data);
    mig_buf_u64(&b, s->seed);
    for (int j = 0; j < s->n_targets; j++)
        mig_buf_str(&b, s->target[j].obs_sha256);
    mig_sha256(b.p ? b.p : (unsigned char *)"", b.n, c->job);
    free(b.p);
    c->key = mig_rng_purpose_key(s->seed, MIG_RNG_CALIBRATE);
    return 0;
}

cJSON *mig_calibrate(const mig_calib_opts *o, char *err, size_t errlen, int *bad_input)
{
    cal *c = calloc(1, sizeof *c);
    *bad_input = 1;
    if (!c) {
        snprintf(err, errlen, "out of memory");
        *bad_input = 0;
        return NULL;
    }
    c->o = o;
    gsl_set_error_handler_off();  /* GSL's failures come back as status codes, never an abort */
    cJSON *doc = NULL;
    population post = { 0 };
    if (mig_calib_spec_load(o->spec, &c->s, err, errlen))
        goto done;
    if (o->seed_given)
        c->s.seed = o->seed;
    c->k = c->s.n_params;
    for (int j = 0; j < c->k; j++)
        c->names[j] = c->s.param[j].name;
    if (o->out) {
        /* The result or its journal must not land on an input: the spec, the
         * scenario, a data file. */
        mig_inputs in = { 0 };
        mig_inputs_add(&in, "the spec", c->s.path);
        mig_inputs_add(&in, "the scenario", c->s.scenario);
        for (int j = 0; j < c->s.n_targets && in.n < MIG_MAX_INPUTS; j++)
            if (c->s.target[j].obs_file[0])
                mig_inputs_add(&in, "a target's data file", c->s.target[j].obs_path);
        if (mig_inputs_check_output(&in, "-o", o->out, err, errlen) ||
            (o->journal && mig_inputs_check_output(&in, "the journal", o->journal, err, errlen)))
            goto done;
    }
    if (setup(c, err, errlen, bad_input))
        goto done;
    if (journal_open(c, err, errlen, bad_input))
        goto done;
    if (c->n_cache)
        log_line(c, "%zu simulations taken from the journal %s", c->n_cache, o->journal);
    c->simulations = 0;
    if (c->s.hm) {
        c->hm_json = cJSON_CreateObject();
        cJSON_AddNumberToObject(c->hm_json, "cutoff", c->s.hm_cutoff);
        cJSON_AddNumberToObject(c->hm_json, "discrepancy", c->s.hm_discrepancy);
        cJSON_AddStringToObject(c->hm_json, "summary", "log(1 + total over the window), one per target");
        if (history_matching(c, err, errlen, bad_input))
            goto done;
    }
    if (c->s.abc) {
        c->abc_json = cJSON_CreateObject();
        cJSON_AddNumberToObject(c->abc_json, "particles", c->s.abc_particles);
        cJSON_AddNumberToObject(c->abc_json, "replicates", c->s.abc_replicates);
        cJSON_AddNumberToObject(c->abc_json, "target_ess", c->s.abc_target_ess);
        cJSON_AddStringToObject(c->abc_json, "kernel", "the observation model's likelihood to the power 1/temperature "
                                                       "(importance weights; Gaussian perturbation of twice the "
                                                       "particles' weighted covariance)");
        if (abc_smc(c, &post, err, errlen, bad_input))
            goto done;
    } else if (region_sample(c, &post, err, errlen, bad_input))
        goto done;
    doc = document(c, &post);
done:
    pop_free(&post);
    if (c->jf)
        fclose(c->jf);
    for (size_t i = 0; i < c->n_cache; i++)
        free(c->cache[i].v);
    free(c->cache);
    for (int w = 0; w < 20; w++)
        for (int j = 0; j < MIG_CALIB_MAX_TARGETS; j++)
            mig_emulator_free(c->em[w][j]);
    cJSON_Delete(c->hm_json);
    cJSON_Delete(c->abc_json);
    mig_calib_spec_free(&c->s);
    free(c);
    return doc;
}

/* ---- the public API ---- */

void migsim_calibrate_opts_init(migsim_calibrate_opts *o)
{
    memset(o, 0, sizeof *o);
    o->threads = 1;
}

migsim_doc *migsim_calibrate(const migsim_calibrate_opts *o, migsim_error *e)
{
    if (!o->spec)
        return mig_api_fail(e, MIGSIM_E_INPUT, "calibrate needs a spec"), NULL;
    if (o->threads < 1 || o->threads > 256)
        return mig_api_fail(e, MIGSIM_E_INPUT, "threads must be 1 to 256, got %d", o->threads), NULL;
    if (o->ranks && o->ranks->size > 1 && !o->ranks->all_f64)
        return mig_api_fail(e, MIGSIM_E_INPUT, "calibrate over several processes needs migsim_ranks.all_f64"), NULL;
    mig_calib_opts co = { o->spec, o->threads, o->ranks, o->journal, o->resume, o->stop, o->log, o->out,
                          o->seed, o->seed_given };
    int bad = 0;
    cJSON *doc = mig_calibrate(&co, e->message, sizeof e->message, &bad);
    if (!doc) {
        e->status = bad ? MIGSIM_E_INPUT : MIGSIM_E_RUN;
        return NULL;
    }
    if (o->ranks && o->ranks->rank != 0) {
        cJSON_Delete(doc);
        mig_api_ok(e);
        return NULL;
    }
    return mig_api_doc(doc, e);
}
