/* flee_output.c: the result document of a Flee-rule run (docs/flee-output-schema.json)
 * and its short summary. Counts are persons: agents x hasten. */
#include "date.h"
#include "flee.h"
#include "flee_output.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>


/* An event's typed fields (flee.h, docs/flee.md Events): "type" always (an untyped
 * event is "custom"), the others where set. */
static void flee_event_facts(cJSON *e, const mig_flee_facts *f)
{
    cJSON_AddStringToObject(e, "type", *f->type ? f->type : "custom");
    mig_output_text(e, "scope", f->scope);
    mig_output_text(e, "location", f->location);
    mig_output_text(e, "from", f->from);
    mig_output_text(e, "to", f->to);
    mig_output_text(e, "key", f->key);
    mig_output_value(e, "old", &f->old);
    mig_output_value(e, "new", &f->new_);
    mig_output_value(e, "persons", &f->persons);
    mig_output_value(e, "capacity", &f->capacity);
}

void mig_flee_run_scores(const mig_flee_run *r, mig_flee_scores *s)
{
    double a = 0, b = 0, c = 0;
    for (int t = 0; t < r->today; t++) {
        a += r->ard[t];
        b += r->ard_rescaled[t];
        c += r->total_error[t];
    }
    int n = r->today > 0 ? r->today : 1;
    s->ard = a / n;
    s->ard_rescaled = b / n;
    s->total_error = c / n;
}

/* A JSON array of n counts (int64 or int32, every stride-th element) times w;
 * null if null_if_negative and the first is negative (no data). */
static cJSON *counts(const int64_t *v64, const int32_t *v32, int n, size_t stride, double w, int null_if_negative)
{
    if (null_if_negative && n > 0 && (v64 ? v64[0] : v32[0]) < 0)
        return cJSON_CreateNull();
    double *d = malloc((size_t)(n ? n : 1) * sizeof *d);
    if (!d)
        return NULL;
    for (int i = 0; i < n; i++)
        d[i] = v64 ? (double)v64[(size_t)i * stride] : (double)v32[(size_t)i * stride];
    cJSON *a = mig_raw_array(d, n, w);
    free(d);
    return a;
}

static cJSON *ints(const int64_t *v, int n, size_t stride, double w)
{
    return counts(v, NULL, n, stride, w, 0);
}

static cJSON *ints32(const int32_t *v, int n, size_t stride, double w, int null_if_negative)
{
    return counts(NULL, v, n, stride, w, null_if_negative);
}

/* Observed persons of camp c on day t: UNHCR's count interpolated (not scaled down). */
static double observed_persons(const mig_flee_run *r, int c, int t)
{
    int d = r->camp_data[c];
    return d < 0 ? NAN : mig_flee_interp(&r->m->camps[d].s, t, 1);
}

/* Some reported camp has observed counts (else the errors compare nothing). */
static int has_observed(const mig_flee_run *r)
{
    for (int c = 0; c < r->n_camps; c++)
        if (r->camp_data[c] >= 0)
            return 1;
    return 0;
}

/* meta.source: where the model came from, and meta.settings: the rules' settings as run. */
static void flee_meta_source(cJSON *mt, const mig_flee_run *r)
{
    const mig_flee_model *m = r->m;
    cJSON *src = cJSON_AddObjectToObject(mt, "source");
    cJSON_AddStringToObject(src, "dir", m->dir);
    cJSON_AddStringToObject(src, "sha256", m->source_sha256);
    cJSON *files = cJSON_AddArrayToObject(src, "files");
    for (int i = 0; i < m->n_files; i++)
        cJSON_AddItemToArray(files, cJSON_CreateString(m->files[i]));
    cJSON *notes = cJSON_AddArrayToObject(src, "notes");
    for (int i = 0; i < m->n_notes; i++)
        cJSON_AddItemToArray(notes, cJSON_CreateString(m->notes[i]));
    cJSON *st = cJSON_AddObjectToObject(mt, "settings");
    for (const mig_flee_setting_spec *sp = mig_flee_setting_specs; sp->name; sp++)
        cJSON_AddNumberToObject(st, sp->name, mig_flee_setting_get(&r->set, sp));
    cJSON *dec = cJSON_AddArrayToObject(st, "conflict_spawn_decay");
    for (int i = 0; i < r->set.n_decay; i++)
        cJSON_AddItemToArray(dec, cJSON_CreateNumber(r->set.decay[i]));
}

/* meta.locations, meta.camps (the reported ones) and meta.events. */
static void flee_meta_places(cJSON *mt, const mig_flee_run *r)
{
    const mig_flee_model *m = r->m;
    char date[11];
    cJSON *locs = cJSON_AddArrayToObject(mt, "locations");
    for (int l = 0; l < m->n_locs; l++) {
        const mig_flee_loc *L = &m->locs[l];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", L->name);
        cJSON_AddStringToObject(o, "region", L->region);
        cJSON_AddStringToObject(o, "country", L->country);
        cJSON_AddStringToObject(o, "type", mig_flee_type_names[L->type]);
        cJSON_AddNumberToObject(o, "lat", L->lat);
        cJSON_AddNumberToObject(o, "lon", L->lon);
        cJSON_AddNumberToObject(o, "population", L->pop);
        cJSON_AddNumberToObject(o, "capacity", L->capacity);
        cJSON_AddItemToArray(locs, o);
    }
    cJSON *camps = cJSON_AddArrayToObject(mt, "camps");
    for (int c = 0; c < r->n_camps; c++)
        cJSON_AddItemToArray(camps, cJSON_CreateString(m->locs[r->camp_loc[c]].name));
    cJSON *ev = cJSON_AddArrayToObject(mt, "events");
    for (int i = 0; i < r->n_events; i++) {
        cJSON *o = cJSON_CreateObject();
        mig_date_format(m->start_day + r->events[i].day, date);
        cJSON_AddStringToObject(o, "date", date);
        cJSON_AddStringToObject(o, "label", r->events[i].label);
        flee_event_facts(o, &r->events[i].facts);
        cJSON_AddItemToArray(ev, o);
    }
}

static void flee_meta(cJSON *mt, const mig_flee_run *r, const mig_meta *meta)
{
    const mig_flee_model *m = r->m;
    int n = r->today;
    char date[11];
    mig_output_provenance(mt, meta);
    cJSON_AddStringToObject(mt, "rules", "flee");
    cJSON_AddStringToObject(mt, "compat", r->set.strict != 0 ? "strict" : "corrected");
    cJSON_AddNumberToObject(mt, "seed", (double)r->seed);
    cJSON_AddNumberToObject(mt, "hasten", r->set.hasten);
    cJSON_AddStringToObject(mt, "units", "persons (agents x hasten)");
    mig_date_format(m->start_day, date);
    cJSON_AddStringToObject(mt, "start", date);
    mig_date_format(m->start_day + (n > 0 ? n - 1 : 0), date);
    cJSON_AddStringToObject(mt, "end", date);
    cJSON_AddNumberToObject(mt, "days", n);
    flee_meta_source(mt, r);
    flee_meta_places(mt, r);
}

static void flee_dates(cJSON *dates, const mig_flee_run *r)
{
    char date[11];
    for (int t = 0; t < r->today; t++) {
        mig_date_format(r->m->start_day + t, date);
        cJSON_AddItemToArray(dates, cJSON_CreateString(date));
    }
}

/* daily.camps: each reported camp's simulated and observed persons; sim_sum and
 * obs_sum (zeroed, n days) get the day's sums over the camps with observations,
 * tmp (n days) is scratch. */
static void flee_daily_camps(cJSON *daily, const mig_flee_run *r, double *sim_sum, double *obs_sum, double *tmp)
{
    const mig_flee_model *m = r->m;
    double h = r->set.hasten;
    int n = r->today;
    cJSON *cd = cJSON_AddObjectToObject(daily, "camps");
    for (int c = 0; c < r->n_camps; c++) {
        int l = r->camp_loc[c];
        cJSON *o = cJSON_AddObjectToObject(cd, m->locs[l].name);
        cJSON_AddItemToObject(o, "simulated", ints32(r->pop + l, n, (size_t)r->n_locs, h, 0));
        if (r->camp_data[c] < 0) {
            cJSON_AddNullToObject(o, "observed");
            continue;
        }
        for (int t = 0; t < n; t++) {
            tmp[t] = observed_persons(r, c, t);
            obs_sum[t] += tmp[t];
            sim_sum[t] += r->pop[(size_t)t * (size_t)r->n_locs + (size_t)l] * h;
        }
        cJSON_AddItemToObject(o, "observed", mig_raw_array(tmp, n, 1));
    }
}

/* The rest of daily: camp sums, flows and the errors (null when compared is 0). */
static void flee_daily_series(cJSON *daily, const mig_flee_run *r, int compared, const double *sim_sum,
                              const double *obs_sum)
{
    double h = r->set.hasten;
    int n = r->today;
    cJSON_AddItemToObject(daily, "in_camps_simulated", mig_raw_array(sim_sum, n, 1));
    cJSON_AddItemToObject(daily, "in_camps_observed", mig_raw_array(obs_sum, n, 1));
    cJSON_AddItemToObject(daily, "spawned", ints(r->spawned, n, 1, h));
    cJSON_AddItemToObject(daily, "agents", ints(r->agents, n, 1, h));
    cJSON_AddItemToObject(daily, "in_transit", ints(r->in_transit, n, 1, h));
    cJSON_AddItemToObject(daily, "refugee_debt", ints(r->debt_day, n, 1, h));
    if (compared) {
        cJSON_AddItemToObject(daily, "ard", mig_raw_array(r->ard, n, 1));
        cJSON_AddItemToObject(daily, "ard_rescaled", mig_raw_array(r->ard_rescaled, n, 1));
        cJSON_AddItemToObject(daily, "total_error", mig_raw_array(r->total_error, n, 1));
    } else {
        cJSON_AddNullToObject(daily, "ard");
        cJSON_AddNullToObject(daily, "ard_rescaled");
        cJSON_AddNullToObject(daily, "total_error");
    }
}

/* totals: the mean errors (null when compared is 0), the counts at the end and
 * each camp's persons on the last day. */
static void flee_totals(cJSON *tot, const mig_flee_run *r, int compared, const double *sim_sum,
                        const double *obs_sum)
{
    const mig_flee_model *m = r->m;
    double h = r->set.hasten;
    int n = r->today;
    mig_flee_scores sc;
    mig_flee_run_scores(r, &sc);
    if (compared) {
        cJSON_AddNumberToObject(tot, "ard", sc.ard);
        cJSON_AddNumberToObject(tot, "ard_rescaled", sc.ard_rescaled);
        cJSON_AddNumberToObject(tot, "total_error_mean", sc.total_error);
    } else {
        cJSON_AddNullToObject(tot, "ard");
        cJSON_AddNullToObject(tot, "ard_rescaled");
        cJSON_AddNullToObject(tot, "total_error_mean");
    }
    int64_t spawned = 0;
    for (int t = 0; t < n; t++)
        spawned += r->spawned[t];
    int last = n - 1;
    cJSON_AddNumberToObject(tot, "agents_end", (double)r->n_agents * h);
    cJSON_AddNumberToObject(tot, "inserted_day0", (double)r->inserted * h);
    cJSON_AddNumberToObject(tot, "spawned", (double)spawned * h);
    cJSON_AddNumberToObject(tot, "unplaced", (double)r->unplaced * h);
    cJSON_AddNumberToObject(tot, "in_transit_end", last >= 0 ? (double)r->in_transit[last] * h : 0);
    cJSON_AddNumberToObject(tot, "in_camps_end", last >= 0 ? sim_sum[last] : 0);
    cJSON_AddNumberToObject(tot, "in_camps_observed_end", last >= 0 ? obs_sum[last] : 0);
    cJSON_AddNumberToObject(tot, "agent_steps", (double)r->agent_steps);
    char key[200];
    for (int c = 0; c < r->n_camps && last >= 0; c++) {
        int l = r->camp_loc[c];
        snprintf(key, sizeof key, "camp_end.%s", m->locs[l].name);
        cJSON_AddNumberToObject(tot, key, r->pop[(size_t)last * (size_t)r->n_locs + (size_t)l] * h);
        if (r->camp_data[c] >= 0) {
            snprintf(key, sizeof key, "observed_end.%s", m->locs[l].name);
            cJSON_AddNumberToObject(tot, key, observed_persons(r, c, last));
        }
    }
}

cJSON *mig_flee_output_build(const mig_flee_run *r, const mig_meta *meta)
{
    const mig_flee_model *m = r->m;
    int n = r->today;
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "schema", MIG_FLEE_SCHEMA);
    flee_meta(cJSON_AddObjectToObject(doc, "meta"), r, meta);
    flee_dates(cJSON_AddArrayToObject(doc, "dates"), r);

    cJSON *daily = cJSON_AddObjectToObject(doc, "daily");
    cJSON *pop = cJSON_AddObjectToObject(daily, "population");
    for (int l = 0; l < m->n_locs; l++)
        cJSON_AddItemToObject(pop, m->locs[l].name, ints32(r->pop + l, n, (size_t)r->n_locs, r->set.hasten, 0));
    double *sim_sum = calloc((size_t)(n ? n : 1), sizeof *sim_sum), *obs_sum = calloc((size_t)(n ? n : 1), sizeof *obs_sum);
    double *tmp = calloc((size_t)(n ? n : 1), sizeof *tmp);
    if (!sim_sum || !obs_sum || !tmp) {
        free(sim_sum), free(obs_sum), free(tmp);
        cJSON_Delete(doc);
        return NULL;
    }
    flee_daily_camps(daily, r, sim_sum, obs_sum, tmp);
    /* Without a single observed series there is nothing to compare: the errors are
     * null, not 0 (which would read as a perfect fit). */
    int compared = has_observed(r);
    flee_daily_series(daily, r, compared, sim_sum, obs_sum);
    flee_totals(cJSON_AddObjectToObject(doc, "totals"), r, compared, sim_sum, obs_sum);
    free(sim_sum), free(obs_sum), free(tmp);
    return doc;
}

void mig_flee_output_summary(const mig_flee_run *r, const mig_meta *meta, FILE *f)
{
    const mig_flee_model *m = r->m;
    double h = r->set.hasten;
    int last = r->today - 1;
    char a[11], b[11];
    mig_date_format(m->start_day, a);
    mig_date_format(m->start_day + (last > 0 ? last : 0), b);
    fprintf(f, "%s: Flee rules (%s), seed %llu, %s to %s, hasten %g\n", meta ? meta->scenario_name : "flee",
            r->set.strict != 0 ? "strict" : "corrected", (unsigned long long)r->seed, a, b, h);
    if (last < 0)
        return;
    fprintf(f, "  %-24s %12s %12s\n", "camp (last day)", "simulated", "observed");
    for (int c = 0; c < r->n_camps; c++) {
        int l = r->camp_loc[c];
        double sim = r->pop[(size_t)last * (size_t)r->n_locs + (size_t)l] * h;
        double obs = observed_persons(r, c, last);
        if (isnan(obs))
            fprintf(f, "  %-24.24s %12.0f %12s\n", m->locs[l].name, sim, "-");
        else
            fprintf(f, "  %-24.24s %12.0f %12.0f\n", m->locs[l].name, sim, obs);
    }
    mig_flee_scores s;
    mig_flee_run_scores(r, &s);
    fprintf(f, "  agents %.0f (in transit %.0f), agent-days %lld\n", (double)r->n_agents * h,
            (double)r->in_transit[last] * h, (long long)r->agent_steps);
    if (has_observed(r))
        fprintf(f, "  averaged relative difference %.4f, rescaled %.4f\n", s.ard, s.ard_rescaled);
    else
        fprintf(f, "  averaged relative difference: none (no camp has observed counts)\n");
    if (r->unplaced)
        fprintf(f, "  %.0f new persons could not be placed: no conflict zone to come from\n", (double)r->unplaced * h);
}

/* ---- replicates and comparisons ---------------------------------------------
 * Every replicate of every arm is flattened into one row of doubles: the daily
 * series (each camp's simulated count, each location's population, then the flat
 * series: in_camps_simulated ... total_error, the errors only when observed counts
 * exist), day by day, then the totals. Rows are added in replicate order: the
 * running means (Welford) are floating point, and adding in the same order is
 * what gives the same bytes for any thread count, process count or resume. */

#define MAX_ARMS 16

typedef struct ens_series {
    char group[16];           /* "", "population" or "camps" */
    char name[MIG_FLEE_NAME];
} ens_series;

struct mig_flee_ens {
    cJSON *first[MAX_ARMS];   /* replicate 0's document of each arm: meta, dates, observed counts */
    char arm[MAX_ARMS][100];  /* names, made unique (#k) */
    int n_arms, n_blocks;     /* blocks: the arms, then each arm k > 0 minus arm 0 */
    int replicates, paired;
    uint64_t master_seed;
    int days, n_s, n_t;
    ens_series *s;
    char (*tkey)[200];
    uint8_t *tnull;           /* null in every replicate (the errors without observed counts) */
    size_t cells;             /* n_s * days */
    int n;                    /* replicates added */
    double *mean, *m2;        /* [n_blocks][cells] */
    double *tot;              /* [n_blocks][replicates][n_t] */
    double *diff;             /* [cells + n_t] scratch */
};

void mig_flee_ens_free(mig_flee_ens *e)
{
    if (!e)
        return;
    for (int k = 0; k < MAX_ARMS; k++)
        cJSON_Delete(e->first[k]);
    free(e->s);
    free(e->tkey);
    free(e->tnull);
    free(e->mean);
    free(e->m2);
    free(e->tot);
    free(e->diff);
    free(e);
}

static const char *const flat_series[] = { "in_camps_simulated", "spawned", "agents", "in_transit", "refugee_debt",
                                           "ard", "ard_rescaled", "total_error", NULL };

/* Visit every series of doc in row order: fn(user, index, group, name, array). */
typedef int (*series_fn)(void *user, int i, const char *group, const char *name, const cJSON *a);
static int each_series(const cJSON *doc, series_fn fn, void *user)
{
    const cJSON *daily = cJSON_GetObjectItem(doc, "daily");
    int i = 0;
    if (!daily)
        return -1;
    for (const cJSON *c = cJSON_GetObjectItem(daily, "camps")->child; c; c = c->next)
        if (fn(user, i++, "camps", c->string, cJSON_GetObjectItem(c, "simulated")))
            return -1;
    for (const cJSON *p = cJSON_GetObjectItem(daily, "population")->child; p; p = p->next)
        if (fn(user, i++, "population", p->string, p))
            return -1;
    for (const char *const *f = flat_series; *f; f++) {
        const cJSON *x = cJSON_GetObjectItem(daily, *f);
        if (!cJSON_IsNull(x) && fn(user, i++, "", *f, x))
            return -1;
    }
    return i;
}

static int count_series(void *user, int i, const char *group, const char *name, const cJSON *a)
{
    (void)user, (void)i, (void)group, (void)name, (void)a;
    return 0;
}

static int name_series(void *user, int i, const char *group, const char *name, const cJSON *a)
{
    ens_series *x = &((mig_flee_ens *)user)->s[i];
    (void)a;
    snprintf(x->group, sizeof x->group, "%s", group);
    snprintf(x->name, sizeof x->name, "%s", name);
    return 0;
}

/* The numbers of a raw array ("[1,2.5,...]", as mig_raw_array wrote them) into v;
 * strtod reads back exactly what was printed. The count, or -1. */
static int read_numbers(const cJSON *a, double *v, int max)
{
    if (!cJSON_IsRaw(a)) {
        int n = 0;
        for (const cJSON *x = cJSON_IsArray(a) ? a->child : NULL; x && n < max; x = x->next)
            v[n++] = x->valuedouble;
        return cJSON_IsArray(a) ? n : -1;
    }
    const char *p = a->valuestring;
    int n = 0;
    if (*p++ != '[')
        return -1;
    while (*p && *p != ']') {
        char *end;
        if (n == max)
            return -1;
        v[n++] = strtod(p, &end);
        if (end == p)
            return -1;
        p = *end == ',' ? end + 1 : end;
    }
    return n;
}

typedef struct flat_ctx {
    const mig_flee_ens *e;
    double *v;
} flat_ctx;

static int flat_series_fn(void *user, int i, const char *group, const char *name, const cJSON *a)
{
    flat_ctx *c = user;
    const mig_flee_ens *e = c->e;
    if (i >= e->n_s || strcmp(e->s[i].group, group) || strcmp(e->s[i].name, name))
        return -1;
    return read_numbers(a, c->v + (size_t)i * (size_t)e->days, e->days) == e->days ? 0 : -1;
}

size_t mig_flee_ens_width(const mig_flee_ens *e)
{
    return e->cells + (size_t)e->n_t;
}

int mig_flee_ens_flatten(const mig_flee_ens *e, const cJSON *doc, double *v)
{
    flat_ctx c = { e, v };
    if (each_series(doc, flat_series_fn, &c) != e->n_s)
        return -1;
    const cJSON *tot = cJSON_GetObjectItem(doc, "totals");
    int k = 0;
    for (const cJSON *t = tot ? tot->child : NULL; t; t = t->next, k++) {
        if (k >= e->n_t || strcmp(t->string, e->tkey[k]) || cJSON_IsNull(t) != e->tnull[k])
            return -1;
        v[e->cells + (size_t)k] = cJSON_IsNull(t) ? 0 : t->valuedouble;
    }
    return k == e->n_t ? 0 : -1;
}

mig_flee_ens *mig_flee_ens_new(cJSON **first, int n_arms, int replicates, int paired, char *err, size_t errlen)
{
    mig_flee_ens *e = calloc(1, sizeof *e);
    if (!e || n_arms < 1 || n_arms > MAX_ARMS) {
        for (int k = 0; k < n_arms; k++)
            cJSON_Delete(first[k]);
        free(e);
        snprintf(err, errlen, e ? "1 to %d arms" : "out of memory", MAX_ARMS);
        return NULL;
    }
    for (int k = 0; k < n_arms; k++)
        e->first[k] = first[k];
    e->n_arms = n_arms;
    e->n_blocks = 2 * n_arms - 1;
    e->replicates = replicates;
    e->paired = paired;
    const cJSON *meta = cJSON_GetObjectItem(first[0], "meta"), *tot = cJSON_GetObjectItem(first[0], "totals");
    e->master_seed = (uint64_t)cJSON_GetNumberValue(cJSON_GetObjectItem(meta, "seed"));
    e->days = cJSON_GetArraySize(cJSON_GetObjectItem(first[0], "dates"));
    e->n_s = each_series(first[0], count_series, NULL);
    e->n_t = cJSON_GetArraySize(tot);
    e->cells = (size_t)(e->n_s > 0 ? e->n_s : 0) * (size_t)e->days;
    size_t blk = (size_t)e->n_blocks, tn = (size_t)replicates * (size_t)e->n_t;
    e->s = calloc((size_t)e->n_s + 1, sizeof *e->s);
    e->tkey = calloc((size_t)e->n_t + 1, sizeof *e->tkey);
    e->tnull = calloc((size_t)e->n_t + 1, 1);
    e->mean = calloc(blk * e->cells + 1, sizeof *e->mean);
    e->m2 = calloc(blk * e->cells + 1, sizeof *e->m2);
    e->tot = calloc(blk * tn + 1, sizeof *e->tot);
    e->diff = calloc(e->cells + (size_t)e->n_t + 1, sizeof *e->diff);
    if (e->n_s < 0 || !e->s || !e->tkey || !e->tnull || !e->mean || !e->m2 || !e->tot || !e->diff) {
        snprintf(err, errlen, e->n_s < 0 ? "a Flee document without daily series" : "out of memory for the "
                 "replicates' accumulators");
        mig_flee_ens_free(e);
        return NULL;
    }
    each_series(first[0], name_series, e);
    int k = 0;
    for (const cJSON *t = tot->child; t; t = t->next, k++) {
        snprintf(e->tkey[k], sizeof e->tkey[k], "%s", t->string);
        e->tnull[k] = (uint8_t)cJSON_IsNull(t);
    }
    for (int a = 0; a < n_arms; a++) {
        const char *name = cJSON_GetStringValue(
            cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(first[a], "meta"), "scenario"), "name"));
        snprintf(e->arm[a], sizeof e->arm[a], "%s", name ? name : "flee");
        for (int j = 0; j < a; j++)
            if (strcmp(e->arm[j], e->arm[a]) == 0)
                snprintf(e->arm[a], sizeof e->arm[a], "%.80s#%d", name ? name : "flee", a + 1);
    }
    return e;
}

/* One value into the running mean and sum of squared deviations (Welford), as
 * the serial loop of earlier versions did, operation for operation. */
static void welford(double *mean, double *m2, const double *x, size_t n, double count)
{
    for (size_t d = 0; d < n; d++) {
        double dv = x[d] - mean[d];
        mean[d] += dv / count;
        m2[d] += dv * (x[d] - mean[d]);
    }
}

static void add_block(mig_flee_ens *e, int b, const double *x)
{
    size_t at = (size_t)b * e->cells;
    welford(e->mean + at, e->m2 + at, x, e->cells, e->n + 1);
    memcpy(e->tot + ((size_t)b * (size_t)e->replicates + (size_t)e->n) * (size_t)e->n_t, x + e->cells,
           (size_t)e->n_t * sizeof *x);
}

int mig_flee_ens_add(mig_flee_ens *e, const double *v)
{
    size_t w = mig_flee_ens_width(e);
    if (e->n >= e->replicates)
        return -1;
    for (int k = 0; k < e->n_arms; k++) {
        add_block(e, k, v + (size_t)k * w);
        if (k == 0)
            continue;
        for (size_t i = 0; i < w; i++)
            e->diff[i] = v[(size_t)k * w + i] - v[i];
        add_block(e, e->n_arms + k - 1, e->diff);
    }
    e->n++;
    return 0;
}

int mig_flee_ens_count(const mig_flee_ens *e) { return e->n; }

size_t mig_flee_ens_state_len(const mig_flee_ens *e)
{
    size_t blk = (size_t)e->n_blocks;
    return 8 + (2 * blk * e->cells + blk * (size_t)e->replicates * (size_t)e->n_t) * sizeof(double);
}

void mig_flee_ens_state_put(const mig_flee_ens *e, mig_buf *b)
{
    size_t blk = (size_t)e->n_blocks;
    mig_buf_u64(b, (uint64_t)e->n);
    mig_buf_put(b, e->mean, blk * e->cells * sizeof *e->mean);
    mig_buf_put(b, e->m2, blk * e->cells * sizeof *e->m2);
    mig_buf_put(b, e->tot, blk * (size_t)e->replicates * (size_t)e->n_t * sizeof *e->tot);
}

void mig_flee_ens_state_get(mig_flee_ens *e, const unsigned char *p)
{
    size_t blk = (size_t)e->n_blocks;
    uint64_t n;
    memcpy(&n, p, 8);
    e->n = (int)n;
    p += 8;
    memcpy(e->mean, p, blk * e->cells * sizeof *e->mean);
    p += blk * e->cells * sizeof *e->mean;
    memcpy(e->m2, p, blk * e->cells * sizeof *e->m2);
    p += blk * e->cells * sizeof *e->m2;
    memcpy(e->tot, p, blk * (size_t)e->replicates * (size_t)e->n_t * sizeof *e->tot);
}

/* Mean and sample sd of total k of block b over the replicates, in replicate order. */
static void total_stats(const mig_flee_ens *e, int b, int k, double *mean, double *sd)
{
    int n = e->n;
    const double *x = e->tot + (size_t)b * (size_t)e->replicates * (size_t)e->n_t + (size_t)k;
    double s = 0, q = 0;
    for (int r = 0; r < n; r++)
        s += x[(size_t)r * (size_t)e->n_t];
    *mean = n ? s / n : 0;
    for (int r = 0; r < n; r++)
        q += (x[(size_t)r * (size_t)e->n_t] - *mean) * (x[(size_t)r * (size_t)e->n_t] - *mean);
    *sd = n > 1 ? sqrt(q / (n - 1)) : 0;
}

/* {mean, sd, lo, hi} of series i of block b: lo/hi the 95% interval of the mean,
 * as migsim-ensemble/1's. */
static cJSON *series_json(const mig_flee_ens *e, int b, int i)
{
    int days = e->days, n = e->n;
    const double *mean = e->mean + (size_t)b * e->cells + (size_t)i * (size_t)days;
    const double *m2 = e->m2 + (size_t)b * e->cells + (size_t)i * (size_t)days;
    double *sd = calloc((size_t)(days ? days : 1), sizeof *sd), *lo = calloc((size_t)(days ? days : 1), sizeof *lo),
           *hi = calloc((size_t)(days ? days : 1), sizeof *hi);
    cJSON *o = cJSON_CreateObject();
    if (!sd || !lo || !hi || !o) {
        free(sd), free(lo), free(hi);
        cJSON_Delete(o);
        return NULL;
    }
    double t = n > 1 ? gsl_cdf_tdist_Pinv(0.975, n - 1) : 0;
    for (int d = 0; d < days; d++) {
        sd[d] = n > 1 ? sqrt(m2[d] / (n - 1)) : 0;
        double half = n > 1 ? t * sd[d] / sqrt(n) : 0;
        lo[d] = mean[d] - half;
        hi[d] = mean[d] + half;
    }
    cJSON_AddItemToObject(o, "mean", mig_raw_array(mean, days, 1));
    cJSON_AddItemToObject(o, "sd", mig_raw_array(sd, days, 1));
    cJSON_AddItemToObject(o, "lo", mig_raw_array(lo, days, 1));
    cJSON_AddItemToObject(o, "hi", mig_raw_array(hi, days, 1));
    free(sd), free(lo), free(hi);
    return o;
}

static cJSON *copy_raw(const cJSON *x)
{
    return cJSON_IsRaw(x) ? cJSON_CreateRaw(x->valuestring) : cJSON_Duplicate(x, 1);
}

/* The daily statistics of block b, in the shape of a run's daily (camps carry
 * their observed counts when with_observed, the arm's own). */
static cJSON *daily_json(const mig_flee_ens *e, int b, const cJSON *first, int with_observed)
{
    const cJSON *first_daily = cJSON_GetObjectItem(first, "daily");
    const cJSON *first_camps = cJSON_GetObjectItem(first_daily, "camps");
    cJSON *daily = cJSON_CreateObject();
    cJSON *pop = cJSON_AddObjectToObject(daily, "population");
    cJSON *camps = cJSON_AddObjectToObject(daily, "camps");
    for (int i = 0; i < e->n_s; i++) {
        const ens_series *x = &e->s[i];
        cJSON *o = series_json(e, b, i);
        if (!o) {
            cJSON_Delete(daily);
            return NULL;
        }
        if (strcmp(x->group, "camps") == 0) {
            if (with_observed)  /* the observed counts are the same in every replicate */
                cJSON_AddItemToObject(o, "observed",
                                      copy_raw(cJSON_GetObjectItem(cJSON_GetObjectItem(first_camps, x->name), "observed")));
            cJSON_AddItemToObject(camps, x->name, o);
        } else if (strcmp(x->group, "population") == 0) {
            cJSON_AddItemToObject(pop, x->name, o);
        } else {
            cJSON_AddItemToObject(daily, x->name, o);
        }
    }
    static const char *const errs[] = { "ard", "ard_rescaled", "total_error", NULL };
    for (const char *const *f = errs; *f; f++)
        if (!cJSON_GetObjectItem(daily, *f))
            cJSON_AddNullToObject(daily, *f);
    if (with_observed)
        cJSON_AddItemToObject(daily, "in_camps_observed", copy_raw(cJSON_GetObjectItem(first_daily, "in_camps_observed")));
    return daily;
}

/* {key: [value of each replicate]} of block b. */
static cJSON *replicate_totals(const mig_flee_ens *e, int b)
{
    cJSON *o = cJSON_CreateObject();
    for (int k = 0; k < e->n_t; k++) {
        cJSON *a = cJSON_AddArrayToObject(o, e->tkey[k]);
        for (int r = 0; r < e->n; r++)
            cJSON_AddItemToArray(a, e->tnull[k] ? cJSON_CreateNull() : cJSON_CreateNumber(
                e->tot[((size_t)b * (size_t)e->replicates + (size_t)r) * (size_t)e->n_t + (size_t)k]));
    }
    return o;
}

static cJSON *ensemble_json(const mig_flee_ens *e)
{
    const cJSON *first = e->first[0];
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "schema", MIG_FLEE_ENS_SCHEMA);
    cJSON *meta = cJSON_Duplicate(cJSON_GetObjectItem(first, "meta"), 1);
    cJSON_DeleteItemFromObject(meta, "seed");
    cJSON_AddNumberToObject(meta, "replicates", e->n);
    cJSON *seeds = cJSON_AddArrayToObject(meta, "seeds");
    for (int r = 0; r < e->n; r++)
        cJSON_AddItemToArray(seeds, cJSON_CreateNumber((double)(e->master_seed + (uint64_t)r)));
    cJSON_AddItemToObject(doc, "meta", meta);
    cJSON_AddItemToObject(doc, "dates", cJSON_Duplicate(cJSON_GetObjectItem(first, "dates"), 1));
    cJSON *daily = daily_json(e, 0, first, 1);
    if (!daily) {
        cJSON_Delete(doc);
        return NULL;
    }
    cJSON_AddItemToObject(doc, "daily", daily);
    cJSON *tot = cJSON_AddObjectToObject(doc, "totals");
    cJSON *sds = cJSON_AddObjectToObject(doc, "totals_sd");
    for (int k = 0; k < e->n_t; k++) {
        double m, sd;
        if (e->tnull[k]) {
            cJSON_AddNullToObject(tot, e->tkey[k]);
            cJSON_AddNullToObject(sds, e->tkey[k]);
            continue;
        }
        total_stats(e, 0, k, &m, &sd);
        cJSON_AddNumberToObject(tot, e->tkey[k], m);
        cJSON_AddNumberToObject(sds, e->tkey[k], sd);
    }
    cJSON_AddItemToObject(doc, "replicate_totals", replicate_totals(e, 0));
    return doc;
}

/* {key: {mean, sd, lo, hi} or null} of block b. */
static cJSON *stat_totals(const mig_flee_ens *e, int b)
{
    cJSON *o = cJSON_CreateObject();
    double t = e->n > 1 ? gsl_cdf_tdist_Pinv(0.975, e->n - 1) : 0;
    for (int k = 0; k < e->n_t; k++) {
        double m, sd;
        if (e->tnull[k]) {
            cJSON_AddNullToObject(o, e->tkey[k]);
            continue;
        }
        total_stats(e, b, k, &m, &sd);
        double half = e->n > 1 ? t * sd / sqrt(e->n) : 0;
        cJSON *x = cJSON_AddObjectToObject(o, e->tkey[k]);
        cJSON_AddNumberToObject(x, "mean", m);
        cJSON_AddNumberToObject(x, "sd", sd);
        cJSON_AddNumberToObject(x, "lo", m - half);
        cJSON_AddNumberToObject(x, "hi", m + half);
    }
    return o;
}

/* migsim-flee-compare/1: migsim-compare/1's shape over a Flee run's daily series. */
static cJSON *compare_json(const mig_flee_ens *e)
{
    const cJSON *m0 = cJSON_GetObjectItem(e->first[0], "meta");
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "schema", MIG_FLEE_COMPARE_SCHEMA);
    cJSON *m = cJSON_AddObjectToObject(doc, "meta");
    mig_output_provenance(m, NULL);
    cJSON_AddNumberToObject(m, "replicates", e->n);
    cJSON_AddNumberToObject(m, "master_seed", (double)e->master_seed);
    cJSON_AddStringToObject(m, "seeds", e->paired ? "replicate r (0-based) of every arm runs with seed master_seed + r"
                                                  : "replicate r of arm k (0-based) runs with seed master_seed + r + k * replicates");
    cJSON_AddStringToObject(m, "interval", "95% t interval of the mean over replicates: mean +- t(0.975, R-1) * sd / sqrt(R)");
    cJSON_AddBoolToObject(m, "paired", e->paired);
    cJSON_AddStringToObject(m, "baseline", e->arm[0]);
    static const char *const copy[] = { "rules", "hasten", "units", "start", "end", "days", "locations", "camps", NULL };
    for (const char *const *k = copy; *k; k++)
        cJSON_AddItemToObject(m, *k, cJSON_Duplicate(cJSON_GetObjectItem(m0, *k), 1));
    cJSON *arms = cJSON_AddArrayToObject(m, "arms");
    for (int k = 0; k < e->n_arms; k++) {
        const cJSON *mk = cJSON_GetObjectItem(e->first[k], "meta"), *sc = cJSON_GetObjectItem(mk, "scenario");
        cJSON *a = cJSON_CreateObject();
        cJSON_AddStringToObject(a, "name", e->arm[k]);
        cJSON_AddItemToObject(a, "file", cJSON_Duplicate(cJSON_GetObjectItem(sc, "file"), 1));
        cJSON_AddItemToObject(a, "sha256", cJSON_Duplicate(cJSON_GetObjectItem(sc, "sha256"), 1));
        static const char *const own[] = { "compat", "source", "settings", NULL };
        for (const char *const *f = own; *f; f++)
            cJSON_AddItemToObject(a, *f, cJSON_Duplicate(cJSON_GetObjectItem(mk, *f), 1));
        cJSON_AddItemToObject(a, "events_replicate_0", cJSON_Duplicate(cJSON_GetObjectItem(mk, "events"), 1));
        cJSON_AddItemToArray(arms, a);
    }
    cJSON_AddItemToObject(doc, "dates", cJSON_Duplicate(cJSON_GetObjectItem(e->first[0], "dates"), 1));
    cJSON *ao = cJSON_AddObjectToObject(doc, "arms"), *dif = cJSON_AddObjectToObject(doc, "differences");
    for (int b = 0; b < e->n_blocks; b++) {
        int k = b < e->n_arms ? b : b - e->n_arms + 1;
        cJSON *o = cJSON_CreateObject(), *daily = daily_json(e, b, e->first[k], b < e->n_arms);
        if (!daily) {
            cJSON_Delete(o);
            cJSON_Delete(doc);
            return NULL;
        }
        if (b >= e->n_arms) {
            char of[220];
            snprintf(of, sizeof of, "%s - %s", e->arm[k], e->arm[0]);
            cJSON_AddStringToObject(o, "of", of);
        }
        cJSON_AddItemToObject(o, "daily", daily);
        cJSON_AddItemToObject(o, "totals", stat_totals(e, b));
        cJSON_AddItemToObject(b < e->n_arms ? ao : dif, e->arm[k], o);
    }
    return doc;
}

cJSON *mig_flee_ens_json(const mig_flee_ens *e)
{
    return e->n_arms == 1 ? ensemble_json(e) : compare_json(e);
}

/* ARD and Total error are fractions; every other total is a count. */
static int is_error(const char *key)
{
    return strncmp(key, "ard", 3) == 0 || strncmp(key, "total_error", 11) == 0;
}

void mig_flee_ens_summary(const mig_flee_ens *e, FILE *f)
{
    double m, sd;
    if (e->n_arms == 1) {
        fprintf(f, "%d replicates (Flee rules, %s)\n", e->n,
                cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(e->first[0], "meta"), "compat")));
        fprintf(f, "  %-34s %12s %10s\n", "total", "mean", "sd");
        for (int k = 0; k < e->n_t; k++) {
            if (e->tnull[k]) {
                fprintf(f, "  %-34.34s %12s %10s\n", e->tkey[k], "none", "-");
                continue;
            }
            total_stats(e, 0, k, &m, &sd);
            fprintf(f, "  %-34.34s %12.4g %10.3g\n", e->tkey[k], m, sd);
        }
        return;
    }
    double t = e->n > 1 ? gsl_cdf_tdist_Pinv(0.975, e->n - 1) : 0;
    fprintf(f, "migsim %s  %d replicates, master seed %llu, %s, Flee rules  (95%% intervals of the mean)\n", MIG_VERSION,
            e->n, (unsigned long long)e->master_seed, e->paired ? "paired (common random numbers)" : "independent arms");
    for (int a = 1; a < e->n_arms; a++) {
        fprintf(f, "\n%s vs %s (policy - baseline)\n  %-30s %12s %12s %12s %26s\n", e->arm[a], e->arm[0], "total",
                "baseline", "policy", "difference", "95% interval");
        for (int k = 0; k < e->n_t; k++) {
            double mb, ma, md;
            if (e->tnull[k]) {
                fprintf(f, "  %-30.30s %12s\n", e->tkey[k], "none");
                continue;
            }
            total_stats(e, 0, k, &mb, &sd);
            total_stats(e, a, k, &ma, &sd);
            total_stats(e, e->n_arms + a - 1, k, &md, &sd);
            double half = e->n > 1 ? t * sd / sqrt(e->n) : 0;
            if (is_error(e->tkey[k]))
                fprintf(f, "  %-30.30s %12.4f %12.4f %+12.4f  [%11.4f, %11.4f]\n", e->tkey[k], mb, ma, md, md - half,
                        md + half);
            else
                fprintf(f, "  %-30.30s %12.0f %12.0f %+12.0f  [%11.0f, %11.0f]\n", e->tkey[k], mb, ma, md, md - half,
                        md + half);
        }
    }
}
