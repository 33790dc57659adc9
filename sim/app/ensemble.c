/* ensemble.c: replicates and paired comparisons (see ensemble.h). */
#include "ensemble.h"
#include "api.h"
#include "batch.h"
#include "flee_ensemble.h"
#include "fork.h"
#include "checkpoint.h"
#include "lua_host.h"
#include "output.h"
#include "date.h"
#include "sha256.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* One arm's kept replicate (replicate 0): the structure, names and metadata. */
typedef struct arm {
    char name[80];
    char sha256[65];
    mig_host *host;
    mig_run *run;
} arm;

struct mig_ensemble {
    mig_ens_opts o;
    mig_flee_batch *flee;    /* Flee scenarios: the rest is unused */
    arm arms[MIG_MAX_ARMS];
    int size;                /* tally layout size */
    int n_months, n_days;    /* reported */
    int n_totals;
    int n_years, n_periods;  /* calendar years reported; periods: the years, then the window if any */
    int years[MIG_MAX_YEARS];
    int spans[MIG_MAX_YEARS + 1][2]; /* each period's first and last day (run day indices) */
    mig_totals totals_keys;  /* keys (values of replicate 0 of arm 0, unused) */
    size_t cells;            /* per block: size*n_months [+ size*n_days] + n_totals + n_nats*n_months (demand)
                              * + n_periods*n_totals */
    int n_blocks;            /* arms, then differences arm k - arm 0 */
    int64_t *buf;            /* [n_blocks][2][cells]: sums then sums of squares */
    size_t buf_len;
    int64_t *rep_totals;     /* [n_arms][R][n_totals] if keep_totals */
    int n_nats, fx_off;      /* nationalities, and their first Frontex series in the layout */
    int64_t *rep_fx;         /* [R][n_nats][n_months] each replicate's Frontex monthly series (single-arm only):
                              * quantiles need the values, not just their sums */
    size_t fx_len;
    int64_t *rep_series;     /* [n_arms][R][ser_cells] each replicate's monthly cells then its demand cells
                              * (keep_series) */
    size_t ser_cells, ser_len;
    uint8_t *rep_done;       /* [R] replicate counted in the sums (this process) */
    int64_t *diff;           /* [cells] scratch of replicate_add: arm k - arm 0 */
    unsigned char job[32];   /* identity of the job, for its journal */
    size_t rep_len;
    mig_posterior *post;     /* the posterior in force (o.post), or NULL */
    int *draws;              /* [n_slots] the particle of each draw slot (o.draws) */
    int n_slots;
};

double mig_t95(int n)
{
    return n < 2 ? 0.0 : gsl_cdf_tdist_Pinv(0.975, (double)(n - 1));
}

static size_t cell_month(const mig_ensemble *e, int off, int m) { return (size_t)off * (size_t)e->n_months + (size_t)m; }
static size_t cell_day(const mig_ensemble *e, int off, int d)
{
    return (size_t)e->size * (size_t)e->n_months + (size_t)off * (size_t)e->n_days + (size_t)d;
}
static size_t cell_total(const mig_ensemble *e, int k)
{
    return (size_t)e->size * (size_t)e->n_months + (e->o.daily ? (size_t)e->size * (size_t)e->n_days : 0) + (size_t)k;
}
/* monthly.demand of nationality n in month m (MIG_DEMAND_UNIT persons/day), after the totals. */
static size_t cell_demand(const mig_ensemble *e, int n, int m)
{
    return cell_total(e, e->n_totals) + (size_t)n * (size_t)e->n_months + (size_t)m;
}

/* Total k over period p (a calendar year, or the window), after the demand. */
static size_t cell_period(const mig_ensemble *e, int p, int k)
{
    return cell_demand(e, e->n_nats, 0) + (size_t)p * (size_t)e->n_totals + (size_t)k;
}

/* The reported cells of one finished run, in agents. A run whose shape differs
 * from arm 0's (a scenario error) sets *bad. */
static int run_cells(const mig_ensemble *e, const mig_run *run, int64_t *v, char *err, size_t errlen, int *bad)
{
    mig_months m;
    mig_totals t;
    if (mig_months_of(run, &m)) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (m.n != e->n_months || run->layout.size != e->size || run->n_days - run->report_from != e->n_days) {
        mig_months_free(&m);
        *bad = 1;
        snprintf(err, errlen, "the arms must share one world and one period to be compared (layout or dates differ)");
        return -1;
    }
    int64_t *mv = v;
    for (int off = 0; off < e->size; off++)
        mig_month_values(run, &m, off, mv + cell_month(e, off, 0));
    for (int n = 0; n < e->n_nats; n++)
        mig_month_demand(run, &m, n, v + cell_demand(e, n, 0));
    mig_months_free(&m);
    if (e->o.daily)
        for (int off = 0; off < e->size; off++)
            for (int d = 0; d < e->n_days; d++)
                v[cell_day(e, off, d)] = mig_run_row(run, run->report_from + d)[off];
    if (mig_totals_of(run, &t)) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (t.n != e->n_totals) {
        mig_totals_free(&t);
        *bad = 1;
        snprintf(err, errlen, "the arms must share one world to be compared (their totals differ)");
        return -1;
    }
    for (int k = 0; k < t.n; k++)
        v[cell_total(e, k)] = t.v[k];
    mig_totals_free(&t);
    for (int p = 0; p < e->n_periods; p++) {
        if (mig_totals_of_days(run, e->spans[p][0], e->spans[p][1], &t)) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        for (int k = 0; k < t.n && k < e->n_totals; k++)
            v[cell_period(e, p, k)] = t.v[k];
        mig_totals_free(&t);
    }
    return 0;
}

static cJSON *shape_leaf(void *user, int off, int monthly, int stock)
{
    (void)user, (void)off, (void)monthly, (void)stock;
    return cJSON_CreateArray();
}

/* 0 if run b reports the same dates and the same series under the same names in
 * the same order as run a (so cell i means the same in both), else -1 with err. */
static int same_shape(const mig_run *a, const mig_run *b, const char *name_b, char *err, size_t errlen)
{
    if (a->start_day != b->start_day || a->n_days != b->n_days || a->report_from != b->report_from) {
        snprintf(err, errlen, "the arms must share one period to be compared (%s reports other dates)", name_b);
        return -1;
    }
    cJSON *ja = mig_output_series(a, 1, shape_leaf, NULL), *jb = mig_output_series(b, 1, shape_leaf, NULL);
    char *ta = ja ? cJSON_PrintUnformatted(ja) : NULL, *tb = jb ? cJSON_PrintUnformatted(jb) : NULL;
    int same = ta && tb && strcmp(ta, tb) == 0;
    cJSON_Delete(ja);
    cJSON_Delete(jb);
    free(ta);
    free(tb);
    if (!same)
        snprintf(err, errlen, "the arms must share one world to be compared (%s has other nationalities, channels, "
                              "borders, countries, locations or routes)", name_b);
    return same ? 0 : -1;
}

/* Replicate r of arm k's Frontex series of nationality n (n_months values). */
static int64_t *fx_of(const mig_ensemble *e, int k, int r, int n)
{
    return e->rep_fx + (((size_t)k * (size_t)e->o.replicates + (size_t)r) * (size_t)e->n_nats + (size_t)n) *
                       (size_t)e->n_months;
}

/* Replicate r of arm k's kept monthly series (keep_series): ser_cells values. */
static int64_t *series_of(const mig_ensemble *e, int k, int r)
{
    return e->rep_series + ((size_t)k * (size_t)e->o.replicates + (size_t)r) * e->ser_cells;
}

/* A block of accumulators holds, per cell, the sum of the values and the sum of
 * their squares in two int64 words, value^2 = hi * 2^32 + lo with lo < 2^32: still
 * plain integer sums (exact, in any order, across threads and MPI ranks), but
 * squares up to 2^95 fit, enough for EUR totals of a whole run (4e8 in the default
 * world, 1.6e17 squared). */
#define MIG_ACC_WORDS 3

/* Add one replicate's cells. Returns -1 if a sum would leave int64: exact sums are
 * what make the bytes reproducible. */
static int accumulate(int64_t *block, size_t cells, const int64_t *v)
{
    int64_t *sum = block, *sq_hi = block + cells, *sq_lo = block + 2 * cells;
    int bad = 0;
    for (size_t i = 0; i < cells; i++) {
        unsigned __int128 v2 = (unsigned __int128)((__int128)v[i] * v[i]);
        bad |= (v2 >> 32) > (unsigned __int128)INT64_MAX;
        bad |= __builtin_add_overflow(sq_hi[i], (int64_t)(v2 >> 32), &sq_hi[i]);
        bad |= __builtin_add_overflow(sq_lo[i], (int64_t)(v2 & 0xffffffffu), &sq_lo[i]);
        bad |= __builtin_add_overflow(sum[i], v[i], &sum[i]);
    }
    return bad ? -1 : 0;
}

int mig_ens_slot(const mig_ens_opts *o, int k, int r)
{
    return r + (o->paired ? 0 : k * o->replicates);
}

static uint64_t seed_of(const mig_ens_opts *o, int arm_k, int r)
{
    return o->master_seed + (uint64_t)mig_ens_slot(o, arm_k, r);
}

mig_host *mig_ens_open(const mig_ens_opts *o, int k, int r, char *err, size_t errlen)
{
    return mig_posterior_open(o->post, o->post ? o->draws[mig_ens_slot(o, k, r)] : 0, o->scenarios[k],
                              seed_of(o, k, r), o->sets, o->n_sets, NULL, NULL, 0, &o->limits, err, errlen);
}

/* Arm k of replicate r, loaded and ready to step. */
static int start_one(const mig_ens_opts *o, int k, int r, mig_host **host_out, mig_run **run_out, char *err,
                     size_t errlen, int *bad_input)
{
    mig_host *h = mig_ens_open(o, k, r, err, errlen);
    if (h)
        mig_host_watch(h, o->stop);  /* a signal also stops a replicate's Lua stuck in a loop (after 5 s) */
    mig_run *run = h ? mig_host_start(h, 1, err, errlen) : NULL;
    if (!run) {
        size_t len = strlen(err);
        if (r > 0 && len + 64 < errlen)
            snprintf(err + len, errlen - len, " (replicate %d, seed %llu)", r, (unsigned long long)seed_of(o, k, r));
        *bad_input = 1;
        mig_host_free(h);
        return -1;
    }
    *host_out = h;
    *run_out = run;
    return 0;
}

/* Step a run n days (n < 0: to the end). */
static int advance(const mig_ens_opts *o, int r, mig_run *run, int n, char *err, size_t errlen, int *bad_input)
{
    char e[MIG_ERR_LEN];
    int rc = 0;
    for (int d = 0; (n < 0 || d < n) && (rc = mig_run_step(run, e)) == 0; d++)
        ;
    if (rc < 0) {
        /* A hook stopped by the signal ("interrupted") is not the scenario's fault: exit 1. */
        *bad_input = run->hook_failed && !(o->stop && *o->stop);
        snprintf(err, errlen, "%s (replicate %d, seed %llu)", e, r, (unsigned long long)run->seed);
        return -1;
    }
    return 0;
}

/* Every arm of replicate r, run to the end; with a fork, arms 1.. take arm 0's
 * state on the fork day instead of simulating the shared history again (fork.h).
 * Arms already started (h[k] set, not stepped) are used as they are. On failure
 * every arm is freed and its h[k], run[k] set to NULL. */
static int run_replicate(const mig_ens_opts *o, int r, mig_host **h, mig_run **run, char *err, size_t errlen,
                         int *bad_input)
{
    int rc = 0;
    for (int k = 0; k < o->n_arms && rc == 0; k++)
        if (!h[k])
            rc = start_one(o, k, r, &h[k], &run[k], err, errlen, bad_input);
    if (rc == 0 && o->fork_day > 0 && o->n_arms > 1) {
        int f = o->fork_day - run[0]->start_day;
        if (f <= 0 || f >= run[0]->n_days) {
            *bad_input = 1;
            snprintf(err, errlen, "--fork-at must fall inside the run, after its first day");
            rc = -1;
        }
        if (!rc)
            rc = advance(o, r, run[0], f, err, errlen, bad_input);
        for (int k = 1; k < o->n_arms && rc == 0; k++)
            if (mig_fork_arm(h[k], run[k], run[0], o->fork_day, o->scenarios[0], o->scenarios[k], err, errlen)) {
                *bad_input = !(o->stop && *o->stop);
                rc = -1;
            }
    }
    for (int k = 0; k < o->n_arms && rc == 0; k++)
        rc = advance(o, r, run[k], -1, err, errlen, bad_input);
    if (rc) {
        size_t len = strlen(err);
        if (r > 0 && strstr(err, "(replicate ") == NULL && len + 64 < errlen)
            snprintf(err + len, errlen - len, " (replicate %d, seed %llu)", r, (unsigned long long)seed_of(o, 0, r));
        for (int k = 0; k < o->n_arms; k++) {
            mig_run_free(run[k]);
            mig_host_free(h[k]);
            run[k] = NULL;
            h[k] = NULL;
        }
    }
    return rc;
}

void mig_ensemble_free(mig_ensemble *e)
{
    if (!e)
        return;
    mig_flee_batch_free(e->flee);
    for (int k = 0; k < MIG_MAX_ARMS; k++) {
        mig_run_free(e->arms[k].run);
        mig_host_free(e->arms[k].host);
    }
    mig_totals_free(&e->totals_keys);
    mig_posterior_free(e->post);
    free(e->draws);
    free(e->buf);
    free(e->rep_totals);
    free(e->rep_fx);
    free(e->rep_series);
    free(e->rep_done);
    free(e->diff);
    free(e);
}

/* ---- the journal of completed replicates ------------------------------------
 * Written beside the result (OUT.json.progress) as replicates complete, and when
 * the ensemble is interrupted: the exact sums so far, which replicates they hold,
 * and each replicate's totals. Sums of integers do not care in which session a
 * replicate ran, so continuing from a journal gives the same bytes as a run that
 * never stopped. The job's identity (scenario hashes, seeds, options, sizes) is
 * checked: a journal of another job is refused. */

#define JOURNAL_MAGIC "MIGJRNL1"

static void job_identity(mig_ensemble *e, const mig_ens_opts *o)
{
    mig_buf b = { 0 };
    mig_buf_str(&b, "migsim ensemble journal " MIG_VERSION);
    mig_buf_u64(&b, (uint64_t)o->n_arms);
    for (int k = 0; k < o->n_arms; k++) {
        char modules[65];
        mig_host_modules_sha(e->arms[k].host, modules);
        mig_buf_str(&b, e->arms[k].sha256);
        mig_buf_str(&b, modules);
    }
    mig_buf_u64(&b, (uint64_t)o->n_sets);
    for (int i = 0; i < o->n_sets; i++)
        mig_buf_str(&b, o->sets[i]);
    const uint64_t v[] = { o->master_seed, (uint64_t)o->replicates, (uint64_t)o->paired, (uint64_t)o->daily,
                           (uint64_t)o->keep_totals, (uint64_t)(int64_t)o->fork_day, e->buf_len, e->rep_len,
                           e->cells, e->fx_len, (uint64_t)(int64_t)o->window_from,
                           (uint64_t)(int64_t)o->window_to, e->ser_len };
    mig_buf_put(&b, v, sizeof v);
    mig_posterior_identity(o->post, &b);  /* nothing without one: such journals stay valid */
    mig_sha256(b.p ? b.p : (unsigned char *)"", b.n, e->job);
    free(b.p);
}

static void journal_put(void *user, mig_buf *b)
{
    const mig_ensemble *e = user;
    mig_buf_put(b, e->buf, e->buf_len * sizeof *e->buf);
    mig_buf_put(b, e->rep_totals, e->rep_len * sizeof *e->rep_totals);
    mig_buf_put(b, e->rep_fx, e->fx_len * sizeof *e->rep_fx);
    mig_buf_put(b, e->rep_series, e->ser_len * sizeof *e->rep_series);
}

static void journal_get(void *user, const unsigned char *p)
{
    mig_ensemble *e = user;
    memcpy(e->buf, p, e->buf_len * sizeof *e->buf);
    p += e->buf_len * sizeof *e->buf;
    if (e->rep_len)
        memcpy(e->rep_totals, p, e->rep_len * sizeof *e->rep_totals);
    p += e->rep_len * sizeof *e->rep_totals;
    memcpy(e->rep_fx, p, e->fx_len * sizeof *e->rep_fx);
    p += e->fx_len * sizeof *e->rep_fx;
    if (e->ser_len)
        memcpy(e->rep_series, p, e->ser_len * sizeof *e->rep_series);
}

/* ---- one replicate, for the runner (batch.h) --------------------------------- */

/* Every arm of replicate r run to the end, as its cells ([n_arms][cells], agents). */
static int replicate_run(void *user, int r, void **result, char *err, size_t errlen, int *bad)
{
    mig_ensemble *e = user;
    const mig_ens_opts *o = &e->o;
    int64_t *v = malloc((size_t)o->n_arms * e->cells * sizeof *v);
    if (!v) {
        snprintf(err, errlen, "out of memory in a worker");
        return -1;
    }
    mig_host *h[MIG_MAX_ARMS] = { 0 };
    mig_run *run[MIG_MAX_ARMS] = { 0 };
    int rc;
    if (r == 0) {  /* its arms were started before the batch, and are kept for the metadata */
        for (int k = 0; k < o->n_arms; k++)
            h[k] = e->arms[k].host, run[k] = e->arms[k].run;
        rc = run_replicate(o, 0, h, run, err, errlen, bad);
        for (int k = 0; k < o->n_arms; k++)
            e->arms[k].host = h[k], e->arms[k].run = run[k];
    } else {
        rc = run_replicate(o, r, h, run, err, errlen, bad);
    }
    for (int k = 0; k < o->n_arms && rc == 0; k++)
        rc = run_cells(e, run[k], v + (size_t)k * e->cells, err, errlen, bad);
    if (r != 0 && run[0])
        for (int k = 0; k < o->n_arms; k++) {
            mig_run_free(run[k]);
            mig_host_free(h[k]);
        }
    if (rc) {
        free(v);
        return -1;
    }
    *result = v;
    return 0;
}

/* Into the sums: each arm, each difference to arm 0, each arm's totals. */
static int replicate_add(void *user, int r, void *result, char *err, size_t errlen)
{
    mig_ensemble *e = user;
    const mig_ens_opts *o = &e->o;
    const int64_t *v = result;
    int over = 0;
    for (int k = 0; k < o->n_arms; k++) {
        const int64_t *vk = v + (size_t)k * e->cells;
        over |= accumulate(e->buf + (size_t)k * MIG_ACC_WORDS * e->cells, e->cells, vk);
        if (k > 0) {
            for (size_t i = 0; i < e->cells; i++)
                e->diff[i] = vk[i] - v[i];
            over |= accumulate(e->buf + (size_t)(o->n_arms + k - 1) * MIG_ACC_WORDS * e->cells, e->cells, e->diff);
        }
        if (e->rep_totals)
            memcpy(e->rep_totals + ((size_t)k * (size_t)o->replicates + (size_t)r) * (size_t)e->n_totals,
                   vk + cell_total(e, 0), (size_t)e->n_totals * sizeof *vk);
        /* a nationality's months are consecutive cells (cell_month) */
        if (e->fx_len)
            memcpy(fx_of(e, k, r, 0), vk + cell_month(e, e->fx_off, 0),
                   (size_t)e->n_nats * (size_t)e->n_months * sizeof *vk);
        if (e->ser_len) {  /* the monthly cells come first (cell_month), the demand's after the totals */
            int64_t *dst = series_of(e, k, r);
            size_t nm = (size_t)e->size * (size_t)e->n_months;
            memcpy(dst, vk, nm * sizeof *vk);
            memcpy(dst + nm, vk + cell_demand(e, 0, 0), (size_t)e->n_nats * (size_t)e->n_months * sizeof *vk);
        }
    }
    if (over)
        snprintf(err, errlen, "the exact sums would overflow at replicate %d: use fewer replicates or a larger "
                              "agent_weight", r);
    return over ? -1 : 0;
}

static void replicate_drop(void *user, void *result)
{
    (void)user;
    free(result);
}

/* 1 if every arm loads a Flee scenario (flee.load), 0 if none does, -1 with err
 * if they are mixed or one does not load. Picks the posterior in force too
 * (posterior.h), checked against every arm's world, into e->post. */
static int engine_of(mig_ensemble *e, const mig_ens_opts *o, char *err, size_t errlen, int *bad_input)
{
    mig_host *h[MIG_MAX_ARMS] = { 0 };
    int first = -1, rc = 0;
    *bad_input = 1;
    for (int k = 0; k < o->n_arms && rc == 0; k++) {
        h[k] = mig_host_open(o->scenarios[k], o->master_seed, o->sets, o->n_sets, &o->limits, err, errlen);
        if (!h[k]) {
            rc = -1;
            break;
        }
        int flee = mig_host_is_flee(h[k]);
        if (flee && o->notes && o->rank == 0)
            mig_host_print_notes(h[k], o->notes);
        if (mig_inputs_check_flee_data(h[k], o->out, err, errlen)) {
            rc = -1;
        } else if (first < 0) {
            first = flee;
        } else if (flee != first) {
            snprintf(err, errlen, "%s runs under Flee's rules (flee.load) and %s under migsim's own: the arms of a "
                                  "comparison must run under the same rules", o->scenarios[flee ? k : 0],
                     o->scenarios[flee ? 0 : k]);
            rc = -1;
        }
    }
    if (rc == 0)
        rc = mig_posterior_choose(o->posterior, o->fixed, h, o->scenarios, o->n_arms, &e->post, err, errlen);
    if (rc == 0 && e->post && o->out) {
        mig_inputs in = { .n = 0 };
        mig_inputs_add(&in, "the posterior", e->post->path);
        rc = mig_inputs_check_output(&in, "-o", o->out, err, errlen);
    }
    for (int k = 0; k < o->n_arms; k++)
        mig_host_free(h[k]);
    return rc ? -1 : first;
}

/* The particle of every draw slot of the job, and what the replicates use. */
static int draw_all(mig_ensemble *e, char *err, size_t errlen)
{
    mig_ens_opts *o = &e->o;
    if (!e->post)
        return 0;
    e->n_slots = o->replicates * (o->paired ? 1 : o->n_arms);
    e->draws = malloc((size_t)e->n_slots * sizeof *e->draws);
    if (!e->draws) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (int s = 0; s < e->n_slots; s++)
        e->draws[s] = mig_posterior_draw(e->post, o->master_seed, (uint64_t)s);
    mig_posterior_use(e->post, o->sets, o->n_sets, NULL, 0, o->rank == 0 ? o->notes : NULL);
    o->post = e->post;
    o->draws = e->draws;
    return 0;
}

mig_ensemble *mig_ensemble_run(const mig_ens_opts *o, char *err, size_t errlen, int *bad_input)
{
    *bad_input = 0;
    if (o->replicates < 1 || o->n_arms < 1 || o->n_arms > MIG_MAX_ARMS) {
        *bad_input = 1;
        snprintf(err, errlen, "an ensemble needs at least 1 replicate and 1 to %d scenarios", MIG_MAX_ARMS);
        return NULL;
    }
    mig_ensemble *e = calloc(1, sizeof *e);
    if (!e) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    e->o = *o;
    e->o.post = NULL;
    e->o.draws = NULL;
    int flee = engine_of(e, o, err, errlen, bad_input);
    if (flee < 0)
        goto fail;
    *bad_input = 0;
    if (draw_all(e, err, errlen))
        goto fail;
    if (flee) {
        if (!(e->flee = mig_flee_batch_run(o, err, errlen, bad_input)))
            goto fail;
        return e;
    }
    if ((o->fork_day > 0 || o->fork_auto) && !o->paired) {
        *bad_input = 1;
        snprintf(err, errlen, "--fork-at shares one history between the arms: it cannot go with --independent");
        goto fail;
    }
    if (o->fork_auto && o->n_arms > 1) {
        char note[1200];
        if (mig_fork_find_day(&e->o, &e->o.fork_day, note, sizeof note, err, errlen, bad_input))
            goto fail;
        if (o->notes && o->rank == 0)
            fprintf(o->notes, "migsim: note: %s\n", note);
    }
    o = &e->o;
    /* Replicate 0 of every arm, started here and kept: it fixes the structure every
     * other replicate must match, and gives names and metadata. It runs in the
     * batch as item 0, beside the others (a replicate run first, alone, would leave
     * all threads but one idle); a process that does not run item 0 (another MPI
     * rank, or item 0 done before --resume) runs it after the batch. */
    for (int k = 0; k < o->n_arms; k++)
        if (start_one(o, k, 0, &e->arms[k].host, &e->arms[k].run, err, errlen, bad_input))
            goto fail;
    for (int k = 0; k < o->n_arms; k++) {
        snprintf(e->arms[k].name, sizeof e->arms[k].name, "%s", mig_host_info(e->arms[k].host)->name);
        for (int j = 0; j < k; j++)
            if (strcmp(e->arms[j].name, e->arms[k].name) == 0)
                snprintf(e->arms[k].name, sizeof e->arms[k].name, "%.60s#%d", mig_host_info(e->arms[k].host)->name,
                         k + 1);
        if (mig_sha256_file(o->scenarios[k], e->arms[k].sha256))
            snprintf(e->arms[k].sha256, sizeof e->arms[k].sha256, "unreadable");
        if (k > 0 && same_shape(e->arms[0].run, e->arms[k].run, o->scenarios[k], err, errlen)) {
            *bad_input = 1;
            goto fail;
        }
    }
    const mig_run *t0 = e->arms[0].run;
    mig_months m;
    if (mig_months_of(t0, &m) || mig_totals_of(t0, &e->totals_keys)) {
        snprintf(err, errlen, "out of memory");
        goto fail;
    }
    e->n_months = m.n;
    mig_months_free(&m);
    e->size = t0->layout.size;
    e->n_days = t0->n_days - t0->report_from;
    e->n_totals = e->totals_keys.n;
    e->n_nats = t0->world->n_nats;
    e->n_years = mig_year_spans(t0, e->years, e->spans, MIG_MAX_YEARS);
    if (e->n_years < 0) {
        *bad_input = 1;
        snprintf(err, errlen, "the reported period spans more than %d calendar years", MIG_MAX_YEARS);
        goto fail;
    }
    e->n_periods = e->n_years;
    if (o->window_to > 0) {
        int first = t0->start_day + t0->report_from, last = t0->start_day + t0->n_days - 1;
        if (o->window_from < first || o->window_to > last) {
            char a[11], b[11], f[11], l[11];
            mig_date_format(o->window_from, a);
            mig_date_format(o->window_to, b);
            mig_date_format(first, f);
            mig_date_format(last, l);
            *bad_input = 1;
            snprintf(err, errlen, "--window %s:%s falls outside the reported period %s to %s", a, b, f, l);
            goto fail;
        }
        e->spans[e->n_periods][0] = o->window_from - t0->start_day;
        e->spans[e->n_periods][1] = o->window_to - t0->start_day;
        e->n_periods++;
    }
    e->cells = cell_period(e, e->n_periods, 0);
    e->n_blocks = o->n_arms + (o->n_arms - 1);
    e->buf_len = (size_t)e->n_blocks * MIG_ACC_WORDS * e->cells;
    e->buf = calloc(e->buf_len, sizeof *e->buf);
    if (o->keep_totals) {
        e->rep_len = (size_t)o->n_arms * (size_t)o->replicates * (size_t)e->n_totals;
        e->rep_totals = calloc(e->rep_len, sizeof *e->rep_totals);
    }
    e->fx_off = t0->layout.frontex;
    /* Only a single-arm ensemble writes quantiles: comparisons keep no replicate series
     * (memory and journals that grow with R for nothing). */
    e->fx_len = o->n_arms == 1 ? (size_t)o->replicates * (size_t)e->n_nats * (size_t)e->n_months : 0;
    e->rep_fx = calloc(e->fx_len ? e->fx_len : 1, sizeof *e->rep_fx);
    if (o->keep_series) {
        e->ser_cells = ((size_t)e->size + (size_t)e->n_nats) * (size_t)e->n_months;
        e->ser_len = (size_t)o->n_arms * (size_t)o->replicates * e->ser_cells;
        e->rep_series = calloc(e->ser_len ? e->ser_len : 1, sizeof *e->rep_series);
    }
    e->rep_done = calloc((size_t)o->replicates, 1);
    e->diff = malloc(e->cells * sizeof *e->diff);
    if (!e->buf || (o->keep_totals && !e->rep_totals) || !e->rep_fx || !e->rep_done || !e->diff ||
        (o->keep_series && !e->rep_series)) {
        snprintf(err, errlen, "out of memory for the accumulators (%zu cells)", e->buf_len);
        goto fail;
    }
    job_identity(e, o);
    mig_batch b = {
        .n_items = o->replicates, .threads = o->threads, .rank = o->rank, .n_ranks = o->n_ranks,
        .noun = "replicates", .progress = o->progress, .progress_user = o->progress_user, .stop = o->stop, .done = e->rep_done,
        .journal = { .path = o->journal, .resume = o->resume, .magic = JOURNAL_MAGIC, .with_count = 1,
                     .other = "another job (other scenarios, seeds, replicates, options or posterior): delete it, or "
                              "run the job it was written for",
                     .payload_len = e->buf_len * sizeof *e->buf + e->rep_len * sizeof *e->rep_totals
                                    + e->fx_len * sizeof *e->rep_fx + e->ser_len * sizeof *e->rep_series,
                     .put = journal_put, .get = journal_get },
        .user = e, .run = replicate_run, .accumulate = replicate_add, .drop = replicate_drop,
    };
    memcpy(b.journal.job, e->job, sizeof e->job);
    if (mig_batch_run(&b, err, errlen, bad_input))
        goto fail;
    if (e->arms[0].run->today == 0) {
        mig_host *h[MIG_MAX_ARMS];
        mig_run *run[MIG_MAX_ARMS];
        for (int k = 0; k < o->n_arms; k++)
            h[k] = e->arms[k].host, run[k] = e->arms[k].run;
        int rc = run_replicate(o, 0, h, run, err, errlen, bad_input);
        for (int k = 0; k < o->n_arms; k++)
            e->arms[k].host = h[k], e->arms[k].run = run[k];
        if (rc)
            goto fail;
    }
    return e;
fail:
    mig_ensemble_free(e);
    return NULL;
}

int64_t *mig_ensemble_buffer(mig_ensemble *e, size_t *n)
{
    if (e->flee)
        return mig_flee_batch_buffer(e->flee, n);
    *n = e->buf_len;
    return e->buf;
}

int mig_ensemble_finish(mig_ensemble *e, char *err, size_t errlen)
{
    return e->flee ? mig_flee_batch_finish(e->flee, err, errlen) : 0;
}

int64_t *mig_ensemble_replicate_totals(mig_ensemble *e, size_t *n)
{
    *n = e->rep_len;
    return e->rep_totals;
}

int64_t *mig_ensemble_replicate_series(mig_ensemble *e, size_t *n)
{
    *n = e->ser_len;
    return e->ser_len ? e->rep_series : NULL;
}

int64_t *mig_ensemble_replicate_frontex(mig_ensemble *e, size_t *n)
{
    *n = e->fx_len;
    return e->fx_len ? e->rep_fx : NULL;
}

/* ---- statistics and the document ------------------------------------------ */

typedef struct stat_leaves {
    const mig_ensemble *e;
    int block;
    double weight, t;
} stat_leaves;

/* mean, sd and the 95% t interval of the mean of cell i of a block, each value
 * times scale (agent_weight for persons). */
static void cell_stats(const stat_leaves *s, size_t i, double scale, double *mean, double *sd, double *lo,
                       double *hi)
{
    const mig_ensemble *e = s->e;
    const int64_t *sum = e->buf + (size_t)s->block * MIG_ACC_WORDS * e->cells;
    const int64_t *sq_hi = sum + e->cells, *sq_lo = sum + 2 * e->cells;
    long double R = (long double)e->o.replicates, S = (long double)sum[i];
    long double mu = S / R;
    /* R * sum of squares - sum^2, exactly: R(R-1) times the sample variance. */
    __int128 sq = ((__int128)sq_hi[i] << 32) + (__int128)sq_lo[i];
    __int128 num = (__int128)e->o.replicates * sq - (__int128)sum[i] * sum[i];
    long double var = R > 1 ? (long double)num / (R * (R - 1)) : 0;
    if (var < 0)
        var = 0;
    double sdv = (double)sqrtl(var);
    double half = s->t * sdv / sqrt((double)e->o.replicates);
    *mean = (double)mu * scale;
    *sd = sdv * scale;
    *lo = ((double)mu - half) * scale;
    *hi = ((double)mu + half) * scale;
}

static cJSON *stat_leaf(void *user, int off, int monthly, int stock)
{
    (void)stock;
    const stat_leaves *s = user;
    const mig_ensemble *e = s->e;
    int n = monthly ? e->n_months : e->n_days;
    double *v[4];
    for (int k = 0; k < 4; k++)
        v[k] = malloc((size_t)(n > 0 ? n : 1) * sizeof *v[k]);
    cJSON *o = NULL;
    double scale = off < 0 ? MIG_DEMAND_UNIT : mig_layout_is_unscaled(&e->arms[0].run->layout, off) ? 1.0 : s->weight;
    if (v[0] && v[1] && v[2] && v[3]) {
        for (int j = 0; j < n; j++)
            cell_stats(s, off < 0 ? cell_demand(e, -1 - off, j) : monthly ? cell_month(e, off, j) : cell_day(e, off, j),
                       scale, &v[0][j], &v[1][j], &v[2][j], &v[3][j]);
        o = cJSON_CreateObject();
        static const char *const names[4] = { "mean", "sd", "lo", "hi" };
        for (int k = 0; k < 4; k++)
            cJSON_AddItemToObject(o, names[k], mig_raw_array(v[k], n, 1.0));
    }
    for (int k = 0; k < 4; k++)
        free(v[k]);
    return o;
}

/* Journey bins (mig_output_journeys): the period's totals are the last month's values
 * (running totals, run.h), so their statistics over replicates are exact. */
static cJSON *stat_bins(void *user, int off, int n)
{
    const stat_leaves *s = user;
    const mig_ensemble *e = s->e;
    double v[4][MIG_JOURNEY_DAY_BINS > MIG_JOURNEY_DET_BINS ? MIG_JOURNEY_DAY_BINS : MIG_JOURNEY_DET_BINS];
    for (int b = 0; b < n; b++)
        cell_stats(s, cell_month(e, off + b, e->n_months - 1), s->weight, &v[0][b], &v[1][b], &v[2][b], &v[3][b]);
    cJSON *o = cJSON_CreateObject();
    static const char *const names[4] = { "mean", "sd", "lo", "hi" };
    for (int k = 0; k < 4; k++)
        cJSON_AddItemToObject(o, names[k], mig_raw_array(v[k], n, 1.0));
    return o;
}

/* Every total's statistics: over the whole period (p < 0) or period p. */
static cJSON *totals_json(const stat_leaves *s, int p)
{
    const mig_ensemble *e = s->e;
    cJSON *t = cJSON_CreateObject();
    for (int k = 0; k < e->n_totals; k++) {
        double m, sd, lo, hi;
        cell_stats(s, p < 0 ? cell_total(e, k) : cell_period(e, p, k), mig_totals_scale(&e->totals_keys, k, s->weight),
                   &m, &sd, &lo, &hi);
        cJSON *x = cJSON_AddObjectToObject(t, e->totals_keys.key[k]);
        cJSON_AddNumberToObject(x, "mean", m);
        cJSON_AddNumberToObject(x, "sd", sd);
        cJSON_AddNumberToObject(x, "lo", lo);
        cJSON_AddNumberToObject(x, "hi", hi);
    }
    return t;
}

/* ---- quantiles of the Frontex monthly series -------------------------------- */

static const double fx_probs[] = { 0.025, 0.10, 0.50, 0.90, 0.975 };
static const char *const fx_qnames[] = { "q025", "q10", "q50", "q90", "q975" };
#define N_FX_Q (sizeof fx_probs / sizeof fx_probs[0])

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double mig_quantile7(const double *sorted, int n, double p)
{
    if (n < 1)
        return 0.0;
    double h = (double)(n - 1) * p;
    int j = (int)floor(h);
    if (j >= n - 1)
        return sorted[n - 1];
    return sorted[j] + (h - (double)j) * (sorted[j + 1] - sorted[j]);
}

/* Replicate r's month m of nationality n of arm k, or (n < 0) of the sum over nationalities. */
static int64_t fx_value(const mig_ensemble *e, int k, int r, int n, int m)
{
    if (n >= 0)
        return fx_of(e, k, r, n)[m];
    int64_t s = 0;
    for (int j = 0; j < e->n_nats; j++)
        s += fx_of(e, k, r, j)[m];
    return s;
}

/* Adds to o the quantiles over replicates of arm k's Frontex series of nationality n (n < 0:
 * the route total, each replicate's sum over nationalities) and each replicate's series
 * ("replicates": [R][months]); for the total, also its mean, sd, lo and hi, which a
 * nationality's leaf already has from the sums. Persons (times weight). -1 if out of memory. */
static int fx_leaf(const mig_ensemble *e, int k, int n, double weight, double t, cJSON *o)
{
    int R = e->o.replicates, M = e->n_months;
    double *x = malloc((size_t)R * sizeof *x), *q = malloc((N_FX_Q + 4) * (size_t)(M > 0 ? M : 1) * sizeof *q);
    double *row = malloc((size_t)(M > 0 ? M : 1) * sizeof *row);
    int rc = -1;
    if (!x || !q || !row)
        goto done;
    for (int m = 0; m < M; m++) {
        __int128 sum = 0, sq = 0;
        for (int r = 0; r < R; r++) {
            int64_t v = fx_value(e, k, r, n, m);
            sum += v;
            sq += (__int128)v * v;
            x[r] = (double)v * weight;
        }
        qsort(x, (size_t)R, sizeof *x, cmp_double);
        for (size_t j = 0; j < N_FX_Q; j++)
            q[j * (size_t)M + (size_t)m] = mig_quantile7(x, R, fx_probs[j]);
        /* mean, sd and the t interval as cell_stats computes them, from exact integer sums */
        long double Rl = (long double)R, mu = (long double)sum / Rl;
        long double var = R > 1 ? (long double)((__int128)R * sq - sum * sum) / (Rl * (Rl - 1)) : 0;
        double sd = (double)sqrtl(var > 0 ? var : 0), half = t * sd / sqrt((double)R);
        q[(N_FX_Q + 0) * (size_t)M + (size_t)m] = (double)mu * weight;
        q[(N_FX_Q + 1) * (size_t)M + (size_t)m] = sd * weight;
        q[(N_FX_Q + 2) * (size_t)M + (size_t)m] = ((double)mu - half) * weight;
        q[(N_FX_Q + 3) * (size_t)M + (size_t)m] = ((double)mu + half) * weight;
    }
    if (n < 0) {
        static const char *const names[4] = { "mean", "sd", "lo", "hi" };
        for (size_t j = 0; j < 4; j++)
            cJSON_AddItemToObject(o, names[j], mig_raw_array(q + (N_FX_Q + j) * (size_t)M, M, 1.0));
    }
    for (size_t j = 0; j < N_FX_Q; j++)
        cJSON_AddItemToObject(o, fx_qnames[j], mig_raw_array(q + j * (size_t)M, M, 1.0));
    cJSON *reps = cJSON_AddArrayToObject(o, "replicates");
    for (int r = 0; r < R; r++) {
        for (int m = 0; m < M; m++)
            row[m] = (double)fx_value(e, k, r, n, m);
        cJSON_AddItemToArray(reps, mig_raw_array(row, M, weight));
    }
    rc = 0;
done:
    free(x);
    free(q);
    free(row);
    return rc;
}

/* Quantiles into monthly.frontex_detections.<NAT> and a monthly.frontex_total leaf (arm k). */
static void add_fx_quantiles(const mig_ensemble *e, int k, cJSON *monthly)
{
    const mig_run *tmpl = e->arms[0].run;
    double w = tmpl->world->params.agent_weight, t = mig_t95(e->o.replicates);
    cJSON *fx = cJSON_GetObjectItemCaseSensitive(monthly, "frontex_detections");
    for (int n = 0; n < e->n_nats; n++) {
        cJSON *leaf = cJSON_GetObjectItemCaseSensitive(fx, tmpl->world->nats[n].code);
        if (leaf)
            fx_leaf(e, k, n, w, t, leaf);
    }
    cJSON *total = cJSON_CreateObject();
    if (total && fx_leaf(e, k, -1, w, t, total) == 0)
        cJSON_AddItemToObject(monthly, "frontex_total", total);
    else
        cJSON_Delete(total);
}

static cJSON *block_json(const mig_ensemble *e, int block, int with_daily)
{
    const mig_run *tmpl = e->arms[0].run;
    stat_leaves s = { e, block, tmpl->world->params.agent_weight, mig_t95(e->o.replicates) };
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "monthly", mig_output_series(tmpl, 1, stat_leaf, &s));
    if (with_daily)
        cJSON_AddItemToObject(o, "daily", mig_output_series(tmpl, 0, stat_leaf, &s));
    cJSON_AddItemToObject(o, "totals", totals_json(&s, -1));
    cJSON *y = cJSON_AddObjectToObject(o, "totals_by_year");
    for (int p = 0; p < e->n_years; p++) {
        char key[16];
        snprintf(key, sizeof key, "%d", e->years[p]);
        cJSON_AddItemToObject(y, key, totals_json(&s, p));
    }
    if (e->o.window_to > 0)
        cJSON_AddItemToObject(o, "totals_window", totals_json(&s, e->n_years));
    cJSON_AddItemToObject(o, "journeys", mig_output_journeys(tmpl, stat_bins, &s));
    return o;
}

/* What a leaf of replicate_series reads: arm k's kept series. */
typedef struct series_leaves {
    const mig_ensemble *e;
    int k;
} series_leaves;

/* A leaf of replicate_series: one array of months per replicate, in persons (demand: persons/day). */
static cJSON *series_leaf(void *user, int off, int monthly, int stock)
{
    (void)monthly, (void)stock;
    const series_leaves *s = user;
    const mig_ensemble *e = s->e;
    const mig_layout *L = &e->arms[0].run->layout;
    int M = e->n_months;
    double scale = off < 0 ? MIG_DEMAND_UNIT
                 : mig_layout_is_unscaled(L, off) ? 1.0 : e->arms[0].run->world->params.agent_weight;
    size_t at = off < 0 ? (size_t)e->size * (size_t)M + (size_t)(-1 - off) * (size_t)M : (size_t)off * (size_t)M;
    double *row = malloc((size_t)(M > 0 ? M : 1) * sizeof *row);
    cJSON *a = row ? cJSON_CreateArray() : NULL;
    for (int r = 0; a && r < e->o.replicates; r++) {
        const int64_t *v = series_of(e, s->k, r) + at;
        for (int m = 0; m < M; m++)
            row[m] = (double)v[m];
        cJSON_AddItemToArray(a, mig_raw_array(row, M, scale));
    }
    free(row);
    return a;
}

/* {"monthly": the monthly tree, each leaf [replicate][month]} of arm k. */
static cJSON *replicate_series(const mig_ensemble *e, int k)
{
    series_leaves s = { e, k };
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "monthly", mig_output_series(e->arms[0].run, 1, series_leaf, &s));
    return o;
}

static cJSON *replicate_totals(const mig_ensemble *e, int k)
{
    double w = e->arms[0].run->world->params.agent_weight;
    cJSON *a = cJSON_CreateArray();
    for (int r = 0; r < e->o.replicates; r++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddNumberToObject(x, "seed", (double)seed_of(&e->o, k, r));
        if (e->post)
            cJSON_AddNumberToObject(x, "particle", e->draws[mig_ens_slot(&e->o, k, r)]);
        cJSON *t = cJSON_AddObjectToObject(x, "totals");
        const int64_t *v = e->rep_totals + ((size_t)k * (size_t)e->o.replicates + (size_t)r) * (size_t)e->n_totals;
        for (int j = 0; j < e->n_totals; j++)
            cJSON_AddNumberToObject(t, e->totals_keys.key[j], (double)v[j] * mig_totals_scale(&e->totals_keys, j, w));
        cJSON_AddItemToArray(a, x);
    }
    return a;
}

static void add_ensemble_meta(const mig_ensemble *e, cJSON *m)
{
    char scheme[160];
    cJSON_AddNumberToObject(m, "replicates", e->o.replicates);
    cJSON_AddNumberToObject(m, "master_seed", (double)e->o.master_seed);
    if (e->o.paired)
        snprintf(scheme, sizeof scheme, "replicate r (0-based) of every arm runs with seed master_seed + r");
    else
        snprintf(scheme, sizeof scheme, "replicate r of arm k (0-based) runs with seed master_seed + r + k * replicates");
    cJSON_AddStringToObject(m, "seeds", scheme);
    cJSON_AddStringToObject(m, "interval", "95% t interval of the mean over replicates: mean +- t(0.975, R-1) * sd / sqrt(R)");
    const char *draws = e->o.paired ? "replicate r (0-based) of every arm takes particle draws[r]"
                                    : "replicate r of arm k (0-based) takes particle draws[r + k * replicates]";
    cJSON_AddItemToObject(m, "posterior", mig_posterior_json(e->post, e->draws, e->n_slots, draws));
    if (e->o.window_to > 0) {
        char a[11], b[11];
        mig_date_format(e->o.window_from, a);
        mig_date_format(e->o.window_to, b);
        cJSON *w = cJSON_AddObjectToObject(m, "window");
        cJSON_AddStringToObject(w, "from", a);
        cJSON_AddStringToObject(w, "to", b);
        cJSON_AddStringToObject(w, "totals", "totals_window: every total over these days only (both included), with "
                                "the same statistics as totals; stocks (*_end) at the window's last day");
    }
}

cJSON *mig_ensemble_json(const mig_ensemble *e)
{
    if (e->flee)
        return mig_flee_batch_json(e->flee);
    const mig_run *tmpl = e->arms[0].run;
    cJSON *doc = cJSON_CreateObject();
    if (!doc)
        return NULL;
    if (e->o.n_arms == 1) {
        mig_meta meta = { e->arms[0].name, e->o.scenarios[0], e->arms[0].sha256 };
        cJSON_AddStringToObject(doc, "schema", MIG_ENSEMBLE_SCHEMA);
        cJSON *m = mig_output_meta(tmpl, &meta);
        cJSON_DeleteItemFromObject(m, "seed");
        /* Triggers may fire on other days in other replicates: say whose these are. */
        cJSON_AddItemToObject(m, "events_replicate_0", cJSON_DetachItemFromObject(m, "events"));
        add_ensemble_meta(e, m);
        cJSON_AddStringToObject(m, "quantiles", "monthly.frontex_detections and monthly.frontex_total: "
                                "q025, q10, q50, q90, q975 over replicates, type 7 (R's default, numpy's linear): "
                                "with the R values sorted x[0] <= ... <= x[R-1], h = (R-1)p and "
                                "q(p) = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h])");
        cJSON_AddItemToObject(doc, "meta", m);
        if (e->o.daily)
            cJSON_AddItemToObject(doc, "dates", mig_output_dates(tmpl, 0));
        cJSON_AddItemToObject(doc, "months", mig_output_dates(tmpl, 1));
        cJSON *b = block_json(e, 0, e->o.daily);
        cJSON *monthly = cJSON_DetachItemFromObject(b, "monthly");
        add_fx_quantiles(e, 0, monthly);
        cJSON_AddItemToObject(doc, "monthly", monthly);
        if (e->o.daily)
            cJSON_AddItemToObject(doc, "daily", cJSON_DetachItemFromObject(b, "daily"));
        cJSON_AddItemToObject(doc, "totals", cJSON_DetachItemFromObject(b, "totals"));
        cJSON_AddItemToObject(doc, "totals_by_year", cJSON_DetachItemFromObject(b, "totals_by_year"));
        if (e->o.window_to > 0)
            cJSON_AddItemToObject(doc, "totals_window", cJSON_DetachItemFromObject(b, "totals_window"));
        cJSON_AddItemToObject(doc, "journeys", cJSON_DetachItemFromObject(b, "journeys"));
        cJSON_Delete(b);
        if (e->rep_totals)
            cJSON_AddItemToObject(doc, "replicate_totals", replicate_totals(e, 0));
        if (e->ser_len)
            cJSON_AddItemToObject(doc, "replicate_series", replicate_series(e, 0));
        return doc;
    }
    cJSON_AddStringToObject(doc, "schema", MIG_COMPARE_SCHEMA);
    cJSON *m = cJSON_AddObjectToObject(doc, "meta");
    mig_output_provenance(m, NULL);
    add_ensemble_meta(e, m);
    cJSON_AddBoolToObject(m, "paired", e->o.paired);
    if (e->o.fork_day > 0) {
        char d[11];
        mig_date_format(e->o.fork_day, d);
        cJSON_AddStringToObject(m, "fork_at", d);
    } else {
        cJSON_AddNullToObject(m, "fork_at");
    }
    cJSON_AddStringToObject(m, "baseline", e->arms[0].name);
    cJSON *base_meta = mig_output_meta(tmpl, &(mig_meta){ "", "", "" });
    static const char *const copy[] = { "agent_weight", "units", "start", "end", "days", "warmup_from", NULL };
    for (const char *const *k = copy; *k; k++)
        cJSON_AddItemToObject(m, *k, cJSON_DetachItemFromObject(base_meta, *k));
    cJSON_Delete(base_meta);
    cJSON *arms = cJSON_AddArrayToObject(m, "arms");
    for (int k = 0; k < e->o.n_arms; k++) {
        cJSON *a = cJSON_CreateObject();
        cJSON_AddStringToObject(a, "name", e->arms[k].name);
        cJSON_AddStringToObject(a, "file", e->o.scenarios[k]);
        cJSON_AddStringToObject(a, "sha256", e->arms[k].sha256);
        cJSON *full = mig_output_meta(e->arms[k].run, &(mig_meta){ "", "", "" });
        cJSON_AddItemToObject(a, "parameters", cJSON_DetachItemFromObject(full, "parameters"));
        cJSON_AddItemToObject(a, "events_replicate_0", cJSON_DetachItemFromObject(full, "events"));
        cJSON_Delete(full);
        cJSON_AddItemToArray(arms, a);
    }
    cJSON *tm = mig_output_meta(tmpl, &(mig_meta){ "", "", "" });
    cJSON_AddItemToObject(m, "world", cJSON_DetachItemFromObject(tm, "world"));
    cJSON_Delete(tm);
    if (e->o.daily)
        cJSON_AddItemToObject(doc, "dates", mig_output_dates(tmpl, 0));
    cJSON_AddItemToObject(doc, "months", mig_output_dates(tmpl, 1));
    cJSON *ao = cJSON_AddObjectToObject(doc, "arms");
    for (int k = 0; k < e->o.n_arms; k++) {
        cJSON *b = block_json(e, k, e->o.daily);
        if (e->rep_totals)
            cJSON_AddItemToObject(b, "replicate_totals", replicate_totals(e, k));
        if (e->ser_len)
            cJSON_AddItemToObject(b, "replicate_series", replicate_series(e, k));
        cJSON_AddItemToObject(ao, e->arms[k].name, b);
    }
    cJSON *d = cJSON_AddObjectToObject(doc, "differences");
    for (int k = 1; k < e->o.n_arms; k++) {
        cJSON *b = block_json(e, e->o.n_arms + k - 1, e->o.daily);
        char of[200];
        snprintf(of, sizeof of, "%s - %s", e->arms[k].name, e->arms[0].name);
        cJSON_AddStringToObject(b, "of", of);
        cJSON_AddItemToObject(d, e->arms[k].name, b);
    }
    return doc;
}

static int headline(const char *key)
{
    static const char *const keys[] = { "departures", "deterred", "switched_channel", "detections", "frontex_detections",
                                        "persons_detected", "pushbacks", "registrations", "arrivals",
                                        "asylum_applications", "returned", "smuggled_attempts", "smuggled_share",
                                        "smuggling_mean_price", "smuggling_revenue", "groups_dismantled",
                                        "arrests_dismantling", "intel_shared", "exploitation_victims", NULL };
    for (const char *const *k = keys; *k; k++)
        if (strcmp(key, *k) == 0)
            return 1;
    return strncmp(key, "frontex_detections.", 19) == 0;
}

void mig_ensemble_summary(const mig_ensemble *e, FILE *f)
{
    if (e->flee) {
        mig_flee_batch_summary(e->flee, f);
        return;
    }
    const mig_run *tmpl = e->arms[0].run;
    double w = tmpl->world->params.agent_weight, t = mig_t95(e->o.replicates);
    fprintf(f, "migsim %s  %d replicates, master seed %llu, %s  (95%% intervals of the mean; detections count detected crossing attempts, the rest persons)\n",
            MIG_VERSION, e->o.replicates, (unsigned long long)e->o.master_seed,
            e->o.n_arms > 1 ? (e->o.paired ? "paired (common random numbers)" : "independent arms") : e->arms[0].name);
    if (e->post)
        fprintf(f, "parameters of each replicate drawn from the posterior %s ('%s', %d particles, ESS %.0f)%s%s\n",
                e->post->path, e->post->name, e->post->n_particles, e->post->ess,
                e->post->declared[0] ? "; declared by " : "", e->post->declared);
    if (e->o.n_arms == 1) {
        stat_leaves s = { e, 0, w, t };
        fprintf(f, "%-28s %12s %10s %12s %12s\n", "indicator", "mean", "sd", "lo", "hi");
        for (int k = 0; k < e->n_totals; k++) {
            if (!headline(e->totals_keys.key[k]))
                continue;
            double m, sd, lo, hi;
            cell_stats(&s, cell_total(e, k), mig_totals_scale(&e->totals_keys, k, w), &m, &sd, &lo, &hi);
            if (e->totals_keys.kind[k] == MIG_TOTAL_RATIO)
                fprintf(f, "%-28s %12.4f %10.4f %12.4f %12.4f\n", e->totals_keys.key[k], m, sd, lo, hi);
            else
                fprintf(f, "%-28s %12.0f %10.0f %12.0f %12.0f\n", e->totals_keys.key[k], m, sd, lo, hi);
        }
        return;
    }
    char window[64] = "";
    if (e->o.window_to > 0) {
        char a[11], b[11];
        mig_date_format(e->o.window_from, a);
        mig_date_format(e->o.window_to, b);
        snprintf(window, sizeof window, ", %s to %s (--window)", a, b);
    }
    /* The whole period (p = -1), then the window if any (p = 0): a policy of a few months
     * shows there undiluted. */
    int last = e->o.window_to > 0 ? 0 : -1;
    for (int a = 1; a < e->o.n_arms; a++) {
        for (int p = -1; p <= last; p++) {
            stat_leaves sb = { e, 0, w, t }, sa = { e, a, w, t }, sd_ = { e, e->o.n_arms + a - 1, w, t };
            fprintf(f, "\n%s vs %s (policy - baseline)%s\n%-28s %12s %12s %12s %22s\n", e->arms[a].name,
                    e->arms[0].name, p < 0 ? "" : window, "indicator", "baseline", "policy", "difference",
                    "95% interval");
            for (int k = 0; k < e->n_totals; k++) {
                if (!headline(e->totals_keys.key[k]))
                    continue;
                double mb, ma, md, sd, lo, hi, x, y, sc = mig_totals_scale(&e->totals_keys, k, w);
                size_t i = p < 0 ? cell_total(e, k) : cell_period(e, e->n_years, k);
                cell_stats(&sb, i, sc, &mb, &sd, &x, &y);
                cell_stats(&sa, i, sc, &ma, &sd, &x, &y);
                cell_stats(&sd_, i, sc, &md, &sd, &lo, &hi);
                if (e->totals_keys.kind[k] == MIG_TOTAL_RATIO)
                    fprintf(f, "%-28s %12.4f %12.4f %+12.4f  [%9.4f, %9.4f]\n", e->totals_keys.key[k], mb, ma, md,
                            lo, hi);
                else
                    fprintf(f, "%-28s %12.0f %12.0f %+12.0f  [%9.0f, %9.0f]\n", e->totals_keys.key[k], mb, ma, md, lo,
                            hi);
            }
        }
    }
}
