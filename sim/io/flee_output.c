/* flee_output.c: the result document of a Flee-rule run (docs/flee-output-schema.json)
 * and its short summary. Counts are persons: agents x hasten. */
#include "date.h"
#include "flee.h"
#include "flee_output.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

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

cJSON *mig_flee_output_build(const mig_flee_run *r, const mig_meta *meta)
{
    const mig_flee_model *m = r->m;
    double h = r->set.hasten;
    int n = r->today;
    char date[11];
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "schema", MIG_FLEE_SCHEMA);

    cJSON *mt = cJSON_AddObjectToObject(doc, "meta");
    mig_output_provenance(mt, meta);
    cJSON_AddStringToObject(mt, "rules", "flee");
    cJSON_AddStringToObject(mt, "compat", r->set.strict != 0 ? "strict" : "corrected");
    cJSON_AddNumberToObject(mt, "seed", (double)r->seed);
    cJSON_AddNumberToObject(mt, "hasten", h);
    cJSON_AddStringToObject(mt, "units", "persons (agents x hasten)");
    mig_date_format(m->start_day, date);
    cJSON_AddStringToObject(mt, "start", date);
    mig_date_format(m->start_day + (n > 0 ? n - 1 : 0), date);
    cJSON_AddStringToObject(mt, "end", date);
    cJSON_AddNumberToObject(mt, "days", n);
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
        cJSON_AddItemToArray(ev, o);
    }

    cJSON *dates = cJSON_AddArrayToObject(doc, "dates");
    for (int t = 0; t < n; t++) {
        mig_date_format(m->start_day + t, date);
        cJSON_AddItemToArray(dates, cJSON_CreateString(date));
    }

    cJSON *daily = cJSON_AddObjectToObject(doc, "daily");
    cJSON *pop = cJSON_AddObjectToObject(daily, "population");
    for (int l = 0; l < m->n_locs; l++)
        cJSON_AddItemToObject(pop, m->locs[l].name, ints32(r->pop + l, n, (size_t)r->n_locs, h, 0));
    cJSON *cd = cJSON_AddObjectToObject(daily, "camps");
    double *sim_sum = calloc((size_t)(n ? n : 1), sizeof *sim_sum), *obs_sum = calloc((size_t)(n ? n : 1), sizeof *obs_sum);
    double *tmp = calloc((size_t)(n ? n : 1), sizeof *tmp);
    if (!sim_sum || !obs_sum || !tmp) {
        free(sim_sum), free(obs_sum), free(tmp);
        cJSON_Delete(doc);
        return NULL;
    }
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
    cJSON_AddItemToObject(daily, "in_camps_simulated", mig_raw_array(sim_sum, n, 1));
    cJSON_AddItemToObject(daily, "in_camps_observed", mig_raw_array(obs_sum, n, 1));
    cJSON_AddItemToObject(daily, "spawned", ints(r->spawned, n, 1, h));
    cJSON_AddItemToObject(daily, "agents", ints(r->agents, n, 1, h));
    cJSON_AddItemToObject(daily, "in_transit", ints(r->in_transit, n, 1, h));
    cJSON_AddItemToObject(daily, "refugee_debt", ints(r->debt_day, n, 1, h));
    /* Without a single observed series there is nothing to compare: the errors are
     * null, not 0 (which would read as a perfect fit). */
    int compared = has_observed(r);
    if (compared) {
        cJSON_AddItemToObject(daily, "ard", mig_raw_array(r->ard, n, 1));
        cJSON_AddItemToObject(daily, "ard_rescaled", mig_raw_array(r->ard_rescaled, n, 1));
        cJSON_AddItemToObject(daily, "total_error", mig_raw_array(r->total_error, n, 1));
    } else {
        cJSON_AddNullToObject(daily, "ard");
        cJSON_AddNullToObject(daily, "ard_rescaled");
        cJSON_AddNullToObject(daily, "total_error");
    }

    cJSON *tot = cJSON_AddObjectToObject(doc, "totals");
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

/* ---- replicates ---- */

/* The running mean and sum of squared deviations (Welford) of one daily series
 * over the replicates so far, e.g. "population.Mahama" or "ard". */
typedef struct ens_series {
    char group[16];           /* "", "population" or "camps" */
    char name[MIG_FLEE_NAME];
    int days;
    double *mean, *m2;
} ens_series;

struct mig_flee_ens {
    cJSON *first;             /* the first replicate's document: meta, dates, observed counts */
    cJSON *seeds;             /* array */
    cJSON *totals;            /* {key: [value per replicate]} */
    ens_series *s;
    int n_s, cap_s;
    int n;
};

mig_flee_ens *mig_flee_ens_new(void)
{
    mig_flee_ens *e = calloc(1, sizeof *e);
    if (!e)
        return NULL;
    e->seeds = cJSON_CreateArray();
    e->totals = cJSON_CreateObject();
    if (!e->seeds || !e->totals) {
        mig_flee_ens_free(e);
        return NULL;
    }
    return e;
}

void mig_flee_ens_free(mig_flee_ens *e)
{
    if (!e)
        return;
    cJSON_Delete(e->first);
    cJSON_Delete(e->seeds);
    cJSON_Delete(e->totals);
    for (int i = 0; i < e->n_s; i++) {
        free(e->s[i].mean);
        free(e->s[i].m2);
    }
    free(e->s);
    free(e);
}

/* Series i of the ensemble (made on the first replicate, found again on the others:
 * every replicate of a scenario has the same series in the same order). */
static ens_series *series_at(mig_flee_ens *e, int i, const char *group, const char *name, int days)
{
    if (e->n == 0) {
        if (e->n_s == e->cap_s) {
            int cap = e->cap_s ? 2 * e->cap_s : 64;
            ens_series *p = realloc(e->s, (size_t)cap * sizeof *p);
            if (!p)
                return NULL;
            e->s = p;
            e->cap_s = cap;
        }
        ens_series *x = &e->s[e->n_s++];
        memset(x, 0, sizeof *x);
        snprintf(x->group, sizeof x->group, "%s", group);
        snprintf(x->name, sizeof x->name, "%s", name);
        x->days = days;
        x->mean = calloc((size_t)(days ? days : 1), sizeof *x->mean);
        x->m2 = calloc((size_t)(days ? days : 1), sizeof *x->m2);
        return x->mean && x->m2 ? x : NULL;
    }
    if (i >= e->n_s || strcmp(e->s[i].name, name) || strcmp(e->s[i].group, group) || e->s[i].days != days)
        return NULL;
    return &e->s[i];
}

static int add_series(mig_flee_ens *e, int *i, const char *group, const char *name, const cJSON *raw)
{
    cJSON *a = cJSON_IsRaw(raw) ? cJSON_Parse(raw->valuestring) : cJSON_Duplicate(raw, 1);
    if (!cJSON_IsArray(a)) {
        cJSON_Delete(a);
        return -1;
    }
    ens_series *x = series_at(e, (*i)++, group, name, cJSON_GetArraySize(a));
    if (!x) {
        cJSON_Delete(a);
        return -1;
    }
    double n = e->n + 1;
    int d = 0;
    for (const cJSON *v = a->child; v; v = v->next, d++) {
        double dv = v->valuedouble - x->mean[d];
        x->mean[d] += dv / n;
        x->m2[d] += dv * (v->valuedouble - x->mean[d]);
    }
    cJSON_Delete(a);
    return 0;
}

int mig_flee_ens_add(mig_flee_ens *e, cJSON *doc)
{
    static const char *const flat[] = { "in_camps_simulated", "spawned", "agents", "in_transit", "refugee_debt",
                                        "ard", "ard_rescaled", "total_error", NULL };
    cJSON *meta = cJSON_GetObjectItem(doc, "meta"), *tot = cJSON_GetObjectItem(doc, "totals");
    cJSON *daily = cJSON_GetObjectItem(doc, "daily");
    if (!meta || !tot || !daily)
        return -1;
    int i = 0;
    for (const cJSON *c = cJSON_GetObjectItem(daily, "camps")->child; c; c = c->next)
        if (add_series(e, &i, "camps", c->string, cJSON_GetObjectItem(c, "simulated")))
            return -1;
    for (const cJSON *p = cJSON_GetObjectItem(daily, "population")->child; p; p = p->next)
        if (add_series(e, &i, "population", p->string, p))
            return -1;
    for (const char *const *f = flat; *f; f++) {
        const cJSON *x = cJSON_GetObjectItem(daily, *f);
        if (cJSON_IsNull(x))
            continue;  /* the errors without observed counts: null in every replicate */
        if (add_series(e, &i, "", *f, x))
            return -1;
    }
    cJSON_AddItemToArray(e->seeds, cJSON_CreateNumber(cJSON_GetNumberValue(cJSON_GetObjectItem(meta, "seed"))));
    for (cJSON *t = tot->child; t; t = t->next) {
        cJSON *a = cJSON_GetObjectItem(e->totals, t->string);
        if (!a)
            a = cJSON_AddArrayToObject(e->totals, t->string);
        cJSON_AddItemToArray(a, cJSON_IsNull(t) ? cJSON_CreateNull() : cJSON_CreateNumber(t->valuedouble));
    }
    if (!e->first)
        e->first = doc;
    else
        cJSON_Delete(doc);
    e->n++;
    return 0;
}

/* Mean and sample sd of an array of numbers. */
static void mean_sd(const cJSON *a, double *mean, double *sd)
{
    int n = cJSON_GetArraySize(a);
    double s = 0, q = 0;
    for (const cJSON *x = a->child; x; x = x->next)
        s += x->valuedouble;
    *mean = n ? s / n : 0;
    for (const cJSON *x = a->child; x; x = x->next)
        q += (x->valuedouble - *mean) * (x->valuedouble - *mean);
    *sd = n > 1 ? sqrt(q / (n - 1)) : 0;
}

/* {mean, sd, lo, hi}: lo/hi the 95% interval of the mean, as migsim-ensemble/1's. */
static cJSON *series_json(const ens_series *x, int n)
{
    int days = x->days;
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
        sd[d] = n > 1 ? sqrt(x->m2[d] / (n - 1)) : 0;
        double half = n > 1 ? t * sd[d] / sqrt(n) : 0;
        lo[d] = x->mean[d] - half;
        hi[d] = x->mean[d] + half;
    }
    cJSON_AddItemToObject(o, "mean", mig_raw_array(x->mean, days, 1));
    cJSON_AddItemToObject(o, "sd", mig_raw_array(sd, days, 1));
    cJSON_AddItemToObject(o, "lo", mig_raw_array(lo, days, 1));
    cJSON_AddItemToObject(o, "hi", mig_raw_array(hi, days, 1));
    free(sd), free(lo), free(hi);
    return o;
}

cJSON *mig_flee_ens_json(const mig_flee_ens *e)
{
    if (!e->first)
        return NULL;
    cJSON *doc = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "schema", MIG_FLEE_ENS_SCHEMA);
    cJSON *meta = cJSON_Duplicate(cJSON_GetObjectItem(e->first, "meta"), 1);
    cJSON_DeleteItemFromObject(meta, "seed");
    cJSON_AddNumberToObject(meta, "replicates", e->n);
    cJSON_AddItemToObject(meta, "seeds", cJSON_Duplicate(e->seeds, 1));
    cJSON_AddItemToObject(doc, "meta", meta);
    cJSON_AddItemToObject(doc, "dates", cJSON_Duplicate(cJSON_GetObjectItem(e->first, "dates"), 1));
    cJSON *first_daily = cJSON_GetObjectItem(e->first, "daily");
    cJSON *first_camps = cJSON_GetObjectItem(first_daily, "camps");
    cJSON *daily = cJSON_AddObjectToObject(doc, "daily");
    cJSON *pop = cJSON_AddObjectToObject(daily, "population");
    cJSON *camps = cJSON_AddObjectToObject(daily, "camps");
    for (int i = 0; i < e->n_s; i++) {
        const ens_series *x = &e->s[i];
        cJSON *o = series_json(x, e->n);
        if (!o) {
            cJSON_Delete(doc);
            return NULL;
        }
        if (strcmp(x->group, "camps") == 0) {
            /* the observed counts are the same in every replicate */
            const cJSON *obs = cJSON_GetObjectItem(cJSON_GetObjectItem(first_camps, x->name), "observed");
            cJSON_AddItemToObject(o, "observed", cJSON_IsRaw(obs) ? cJSON_CreateRaw(obs->valuestring)
                                                                   : cJSON_Duplicate(obs, 1));
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
    const cJSON *obs_sum = cJSON_GetObjectItem(first_daily, "in_camps_observed");
    cJSON_AddItemToObject(daily, "in_camps_observed", cJSON_IsRaw(obs_sum) ? cJSON_CreateRaw(obs_sum->valuestring)
                                                                           : cJSON_Duplicate(obs_sum, 1));
    cJSON *tot = cJSON_AddObjectToObject(doc, "totals");
    cJSON *sds = cJSON_AddObjectToObject(doc, "totals_sd");
    for (const cJSON *t = e->totals->child; t; t = t->next) {
        double m, sd;
        if (cJSON_IsNull(t->child)) {
            cJSON_AddNullToObject(tot, t->string);
            cJSON_AddNullToObject(sds, t->string);
            continue;
        }
        mean_sd(t, &m, &sd);
        cJSON_AddNumberToObject(tot, t->string, m);
        cJSON_AddNumberToObject(sds, t->string, sd);
    }
    cJSON_AddItemToObject(doc, "replicate_totals", cJSON_Duplicate(e->totals, 1));
    return doc;
}

void mig_flee_ens_summary(const mig_flee_ens *e, FILE *f)
{
    if (!e->first)
        return;
    double m, sd;
    fprintf(f, "%d replicates (Flee rules, %s)\n", e->n,
            cJSON_GetStringValue(cJSON_GetObjectItem(cJSON_GetObjectItem(e->first, "meta"), "compat")));
    fprintf(f, "  %-34s %12s %10s\n", "total", "mean", "sd");
    for (const cJSON *t = e->totals->child; t; t = t->next) {
        if (cJSON_IsNull(t->child)) {
            fprintf(f, "  %-34.34s %12s %10s\n", t->string, "none", "-");
            continue;
        }
        mean_sd(t, &m, &sd);
        fprintf(f, "  %-34.34s %12.4g %10.3g\n", t->string, m, sd);
    }
}
