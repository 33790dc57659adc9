/* output.c: JSON results (see output.h). Counts are stored in agents and
 * written in persons (agents x agent_weight). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "output.h"
#include "date.h"
#include "utf8.h"

#include <errno.h>
#include <math.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What the series builders need: the run that gives the structure (names,
 * layout), and the source of each leaf (one run's arrays, or ensemble statistics). */
typedef struct series_ctx {
    const mig_run *run;
    mig_leaf_fn leaf;
    void *user;
} series_ctx;

/* A single run's leaves: its daily or monthly arrays in persons. */
typedef struct run_leaves {
    const mig_run *run;
    double weight;
    mig_months months;
} run_leaves;

int mig_layout_is_stock(const mig_layout *L, int off)
{
    return (off >= L->stock && off < L->stock + L->n_locations) ||
           (off >= L->reception && off < L->reception + L->n_locations) || off == L->in_transit ||
           (off >= L->price && off < L->price + L->n_borders) || off == L->groups_active || off == L->in_exploitation ||
           (off >= L->journey_days && off < L->journey_detections + (L->n_nats + 1) * MIG_JOURNEY_DET_BINS);
}

int mig_months_of(const mig_run *run, mig_months *m)
{
    m->n = 0;
    m->of_day = malloc(((size_t)run->n_days + 1) * sizeof *m->of_day);
    m->last_day = malloc(((size_t)run->n_days + 1) * sizeof *m->last_day);
    if (!m->of_day || !m->last_day) {
        mig_months_free(m);
        return -1;
    }
    int prev = -1;
    for (int d = 0; d < run->n_days; d++) {
        int y, mo;
        if (d < run->report_from) {
            m->of_day[d] = -1;
            continue;
        }
        mig_date_ym(run->start_day + d, &y, &mo);
        if (y * 12 + mo != prev) {
            m->n++;
            prev = y * 12 + mo;
        }
        m->of_day[d] = m->n - 1;
        m->last_day[m->n - 1] = d;
    }
    return 0;
}

void mig_months_free(mig_months *m)
{
    free(m->of_day);
    free(m->last_day);
    m->of_day = m->last_day = NULL;
}

void mig_month_values(const mig_run *run, const mig_months *m, int off, int64_t *v)
{
    if (mig_layout_is_stock(&run->layout, off)) {
        for (int k = 0; k < m->n; k++)
            v[k] = mig_run_row(run, m->last_day[k])[off];
        return;
    }
    for (int k = 0; k < m->n; k++)
        v[k] = 0;
    for (int d = run->report_from; d < run->n_days; d++)
        v[m->of_day[d]] += mig_run_row(run, d)[off];
}

/* One number as cJSON prints it (integers plainly, others in the shortest of
 * %1.15g / %1.17g that reads back exactly), so raw arrays match the rest. */
size_t mig_format_number(char *buf, double v)
{
    if (v > -1e15 && v < 1e15 && v == (double)(int64_t)v) {
        char tmp[24];
        int64_t x = (int64_t)v;
        uint64_t u = x < 0 ? (uint64_t)(-x) : (uint64_t)x;
        size_t n = 0, k = 0;
        do {
            tmp[n++] = (char)('0' + u % 10);
            u /= 10;
        } while (u);
        if (x < 0)
            buf[k++] = '-';
        while (n)
            buf[k++] = tmp[--n];
        return k;
    }
    int n = snprintf(buf, 32, "%1.15g", v);
    if (strtod(buf, NULL) != v)
        n = snprintf(buf, 32, "%1.17g", v);
    return (size_t)n;
}

/* A JSON array of n numbers as one raw cJSON node: a series has hundreds of
 * values, and a node each would cost most of the output time. */
cJSON *mig_raw_array(const double *v, int n, double weight)
{
    char *buf = malloc((size_t)n * 32 + 3);
    if (!buf)
        return NULL;
    size_t k = 0;
    buf[k++] = '[';
    for (int i = 0; i < n; i++) {
        if (i)
            buf[k++] = ',';
        k += mig_format_number(buf + k, v[i] * weight);
    }
    buf[k++] = ']';
    buf[k] = 0;
    cJSON *a = cJSON_CreateRaw(buf);
    free(buf);
    return a;
}

/* Daily counts at tally offset off, in persons. */
static cJSON *run_leaf(void *user, int off, int monthly, int stock)
{
    (void)stock;
    const run_leaves *rl = user;
    const mig_run *run = rl->run;
    int n = monthly ? rl->months.n : run->n_days - run->report_from;
    double *v = malloc((size_t)(n > 0 ? n : 1) * sizeof *v);
    int64_t *m = malloc((size_t)(n > 0 ? n : 1) * sizeof *m);
    cJSON *a = NULL;
    if (v && m && off < 0) {  /* monthly.demand of nationality -1 - off */
        mig_month_demand(run, &rl->months, -1 - off, m);
        for (int k = 0; k < n; k++)
            v[k] = (double)m[k];
        a = mig_raw_array(v, n, MIG_DEMAND_UNIT);
    } else if (v && m) {
        if (monthly) {
            mig_month_values(run, &rl->months, off, m);
            for (int k = 0; k < n; k++)
                v[k] = (double)m[k];
        } else {
            for (int d = run->report_from; d < run->n_days; d++)
                v[d - run->report_from] = (double)mig_run_row(run, d)[off];
        }
        a = mig_raw_array(v, n, mig_layout_is_unscaled(&run->layout, off) ? 1.0 : rl->weight);
    }
    free(v);
    free(m);
    return a;
}

static cJSON *array_at(const series_ctx *s, int off, int monthly, int stock)
{
    return s->leaf(s->user, off, monthly, stock);
}

/* {nat: {channel: [...]}} */
static cJSON *by_nat_channel(const series_ctx *s, int base, int monthly)
{
    const mig_world *w = s->run->world;
    cJSON *o = cJSON_CreateObject();
    for (int n = 0; n < w->n_nats; n++) {
        cJSON *c = cJSON_AddObjectToObject(o, w->nats[n].code);
        for (int k = 0; k < w->nats[n].n_channels; k++)
            cJSON_AddItemToObject(c, w->nats[n].channels[k].name,
                                  array_at(s, base + n * s->run->layout.n_channels + k, monthly, 0));
    }
    return o;
}

/* {border: {nat: [...]}} */
static cJSON *by_border_nat(const series_ctx *s, int base, int monthly)
{
    const mig_world *w = s->run->world;
    cJSON *o = cJSON_CreateObject();
    for (int b = 0; b < w->n_borders; b++) {
        cJSON *c = cJSON_AddObjectToObject(o, w->borders[b].name);
        for (int n = 0; n < w->n_nats; n++)
            cJSON_AddItemToObject(c, w->nats[n].code, array_at(s, base + b * w->n_nats + n, monthly, 0));
    }
    return o;
}

/* {country: {nat: [...]}}, only countries where anyone can arrive (destinations). */
static cJSON *by_country_nat(const series_ctx *s, int base, int monthly)
{
    const mig_world *w = s->run->world;
    cJSON *o = cJSON_CreateObject();
    for (int c = 0; c < w->n_countries; c++) {
        int is_dest = 0;
        for (int k = 0; k < w->n_dests; k++)
            is_dest |= w->locations[w->dest_loc[k]].country == c;
        if (!is_dest)
            continue;
        cJSON *x = cJSON_AddObjectToObject(o, w->countries[c].code);
        for (int n = 0; n < w->n_nats; n++)
            cJSON_AddItemToObject(x, w->nats[n].code, array_at(s, base + c * w->n_nats + n, monthly, 0));
    }
    return o;
}

static cJSON *by_nat(const series_ctx *s, int base, int monthly)
{
    const mig_world *w = s->run->world;
    cJSON *o = cJSON_CreateObject();
    for (int n = 0; n < w->n_nats; n++)
        cJSON_AddItemToObject(o, w->nats[n].code, array_at(s, base + n, monthly, 0));
    return o;
}

static cJSON *by_location(const series_ctx *s, int base, int monthly)
{
    const mig_world *w = s->run->world;
    cJSON *o = cJSON_CreateObject();
    for (int l = 0; l < w->n_locations; l++)
        cJSON_AddItemToObject(o, w->locations[l].id, array_at(s, base + l, monthly, 1));
    return o;
}

static void route_key(const mig_world *w, int r, char *buf, size_t n)
{
    const mig_route *rt = &w->routes[r];
    snprintf(buf, n, "%s>%s:%s", w->locations[rt->from].id, w->locations[rt->to].id, mig_mode_names[rt->mode]);
}

static cJSON *by_route(const series_ctx *s, int base, int monthly)
{
    const mig_world *w = s->run->world;
    cJSON *o = cJSON_CreateObject();
    char key[128];
    for (int r = 0; r < w->n_routes; r++) {
        route_key(w, r, key, sizeof key);
        cJSON_AddItemToObject(o, key, array_at(s, base + r, monthly, 0));
    }
    return o;
}

static cJSON *by_border(const series_ctx *s, int base, int monthly, int stock)
{
    const mig_world *w = s->run->world;
    cJSON *o = cJSON_CreateObject();
    for (int b = 0; b < w->n_borders; b++)
        cJSON_AddItemToObject(o, w->borders[b].name, array_at(s, base + b, monthly, stock));
    return o;
}

static cJSON *by_group(const series_ctx *s, int base, int monthly)
{
    const mig_world *w = s->run->world;
    cJSON *o = cJSON_CreateObject();
    for (int g = 0; g < w->n_groups; g++)
        cJSON_AddItemToObject(o, w->groups[g].id, array_at(s, base + g, monthly, 0));
    return o;
}

/* Countries where the police can meet a smuggling group: where one operates. */
static int policing_country(const mig_world *w, int c)
{
    for (int g = 0; g < w->n_groups; g++)
        if (mig_group_operates_in(w, g, c))
            return 1;
    return 0;
}

/* Countries a person can wait in on the way: any with a location that is not an origin. */
static int transit_country(const mig_world *w, int c)
{
    for (int l = 0; l < w->n_locations; l++)
        if (w->locations[l].country == c && w->locations[l].kind != MIG_LOC_ORIGIN)
            return 1;
    return 0;
}

static cJSON *by_policing_country(const series_ctx *s, int base, int monthly)
{
    const mig_world *w = s->run->world;
    cJSON *o = cJSON_CreateObject();
    for (int c = 0; c < w->n_countries; c++)
        if (policing_country(w, c))
            cJSON_AddItemToObject(o, w->countries[c].code, array_at(s, base + c, monthly, 0));
    return o;
}

static cJSON *by_transit_country_nat(const series_ctx *s, int base, int monthly)
{
    const mig_world *w = s->run->world;
    cJSON *o = cJSON_CreateObject();
    for (int c = 0; c < w->n_countries; c++) {
        if (!transit_country(w, c))
            continue;
        cJSON *x = cJSON_AddObjectToObject(o, w->countries[c].code);
        for (int n = 0; n < w->n_nats; n++)
            cJSON_AddItemToObject(x, w->nats[n].code, array_at(s, base + c * w->n_nats + n, monthly, 0));
    }
    return o;
}

cJSON *mig_output_series(const mig_run *tmpl, int monthly, mig_leaf_fn leaf, void *user)
{
    series_ctx ctx = { tmpl, leaf, user };
    const series_ctx *s = &ctx;
    const mig_layout *L = &s->run->layout;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "departures", by_nat_channel(s, L->departures, monthly));
    if (monthly) {  /* the demand departures used: leaves -1 - nat (mig_month_demand) */
        cJSON *d = cJSON_AddObjectToObject(o, "demand");
        for (int n = 0; d && n < s->run->world->n_nats; n++)
            cJSON_AddItemToObject(d, s->run->world->nats[n].code, array_at(s, -1 - n, 1, 0));
    }
    cJSON_AddItemToObject(o, "switched_channel", by_nat_channel(s, L->displaced, monthly));
    cJSON_AddItemToObject(o, "deterred", by_nat_channel(s, L->deterred, monthly));
    cJSON_AddItemToObject(o, "attempts", by_border_nat(s, L->attempts, monthly));
    cJSON_AddItemToObject(o, "detections", by_border_nat(s, L->detections, monthly));
    cJSON_AddItemToObject(o, "pushbacks", by_border_nat(s, L->pushbacks, monthly));
    cJSON_AddItemToObject(o, "registrations", by_border_nat(s, L->registrations, monthly));
    cJSON_AddItemToObject(o, "detained", by_border_nat(s, L->detained, monthly));
    cJSON_AddItemToObject(o, "frontex_detections", by_nat(s, L->frontex, monthly));
    cJSON_AddItemToObject(o, "persons_detected", by_nat(s, L->first_detected, monthly));
    cJSON_AddItemToObject(o, "arrivals", by_country_nat(s, L->arrivals, monthly));
    cJSON_AddItemToObject(o, "asylum_applications", by_country_nat(s, L->asylum, monthly));
    cJSON_AddItemToObject(o, "returned", by_nat(s, L->returned, monthly));
    cJSON_AddItemToObject(o, "waiting_at_closed", by_border_nat(s, L->closed_waiting, monthly));
    cJSON_AddItemToObject(o, "rerouted_at_closed", by_border_nat(s, L->closed_rerouted, monthly));
    cJSON_AddItemToObject(o, "gave_up_at_closed", by_border_nat(s, L->closed_gave_up, monthly));
    cJSON_AddItemToObject(o, "stock", by_location(s, L->stock, monthly));
    cJSON_AddItemToObject(o, "in_reception", by_location(s, L->reception, monthly));
    cJSON_AddItemToObject(o, "in_transit", array_at(s, L->in_transit, monthly, 1));
    cJSON_AddItemToObject(o, "route_entries", by_route(s, L->route_entries, monthly));
    cJSON_AddItemToObject(o, "smuggled_attempts", by_border_nat(s, L->smuggled, monthly));
    cJSON_AddItemToObject(o, "smuggled_detections", by_border_nat(s, L->smuggled_detections, monthly));
    cJSON_AddItemToObject(o, "smuggling_unmet", by_border(s, L->unmet, monthly, 0));
    cJSON_AddItemToObject(o, "smuggling_revenue", by_border(s, L->revenue, monthly, 0));
    cJSON_AddItemToObject(o, "smuggling_price", by_border(s, L->price, monthly, 1));
    cJSON_AddItemToObject(o, "groups_dismantled", by_policing_country(s, L->dismantled, monthly));
    cJSON_AddItemToObject(o, "arrests_dismantling", by_policing_country(s, L->arrests_dismantling, monthly));
    cJSON_AddItemToObject(o, "arrests_in_act", by_policing_country(s, L->arrests_in_act, monthly));
    cJSON_AddItemToObject(o, "exploitation_victims", by_transit_country_nat(s, L->victims, monthly));
    cJSON_AddItemToObject(o, "group_clients", by_group(s, L->group_clients, monthly));
    cJSON_AddItemToObject(o, "group_revenue", by_group(s, L->group_revenue, monthly));
    cJSON_AddItemToObject(o, "group_dismantled", by_group(s, L->group_dismantled, monthly));
    cJSON *sm = cJSON_AddObjectToObject(o, "smuggling");
    cJSON_AddItemToObject(sm, "groups_active", array_at(s, L->groups_active, monthly, 1));
    cJSON_AddItemToObject(sm, "groups_replaced", array_at(s, L->replaced, monthly, 0));
    cJSON_AddItemToObject(sm, "intel_shared", array_at(s, L->intel_shared, monthly, 0));
    cJSON_AddItemToObject(sm, "in_exploitation", array_at(s, L->in_exploitation, monthly, 1));
    cJSON_AddItemToObject(sm, "released_by_dismantling", array_at(s, L->released, monthly, 0));
    return o;
}

static int add_total_kind(mig_totals *t, const char *k1, const char *k2, int64_t v, char kind)
{
    if (t->n == t->cap) {
        int ncap = t->cap ? t->cap * 2 : 256;
        void *k = realloc(t->key, (size_t)ncap * sizeof *t->key);
        if (k)
            t->key = k;
        void *x = realloc(t->v, (size_t)ncap * sizeof *t->v);
        if (x)
            t->v = x;
        void *y = realloc(t->kind, (size_t)ncap);
        if (y)
            t->kind = y;
        if (!k || !x || !y)
            return -1;
        t->cap = ncap;
    }
    t->kind[t->n] = kind;
    if (k2)
        snprintf(t->key[t->n], sizeof t->key[0], "%s.%s", k1, k2);
    else
        snprintf(t->key[t->n], sizeof t->key[0], "%s", k1);
    t->v[t->n++] = v;
    return 0;
}

static int add_total(mig_totals *t, const char *k1, const char *k2, int64_t v)
{
    return add_total_kind(t, k1, k2, v, MIG_TOTAL_PERSONS);
}

double mig_totals_scale(const mig_totals *t, int i, double agent_weight)
{
    switch (t->kind[i]) {
    case MIG_TOTAL_NUMBER:
        return 1;
    case MIG_TOTAL_RATIO:
        return 1e-6;
    default:
        return agent_weight;
    }
}

/* a / b in millionths, 0 when b is 0. */
static int64_t ppm(int64_t a, int64_t b)
{
    return b > 0 ? (int64_t)llround(1e6 * (double)a / (double)b) : 0;
}

/* The smuggling market, policing and exploitation totals (docs/output-schema.json). */
static int smuggling_totals(const mig_run *run, const int64_t *cum, int d0, int d1, mig_totals *t)
{
    const mig_world *w = run->world;
    const mig_layout *L = &run->layout;
    const int64_t *last = mig_run_row(run, d1);
    int bad = 0;
    mig_summary s;
    mig_run_summarize(run, cum, -1, &s);
    int64_t revenue = 0, unmet = 0;
    for (int b = 0; b < w->n_borders; b++) {
        revenue += cum[L->revenue + b];
        unmet += cum[L->unmet + b];
    }
    /* Crossings on segments with a smuggling market (smuggling_price > 0): the
     * others, such as open Schengen borders, offer no choice between the two. */
    int64_t market_attempts = 0, market_detections = 0;
    for (int b = 0; b < w->n_borders; b++) {
        if (!(w->borders[b].smuggling_price > 0))
            continue;
        for (int n = 0; n < w->n_nats; n++) {
            market_attempts += cum[L->attempts + b * w->n_nats + n];
            market_detections += cum[L->detections + b * w->n_nats + n];
        }
    }
    bad |= add_total(t, "smuggled_attempts", NULL, s.smuggled);
    bad |= add_total(t, "self_organised_attempts", NULL, market_attempts - s.smuggled);
    bad |= add_total(t, "smuggled_crossings", NULL, s.smuggled - s.smuggled_detections);
    bad |= add_total(t, "self_organised_crossings", NULL,
                     (market_attempts - s.smuggled) - (market_detections - s.smuggled_detections));
    bad |= add_total(t, "smuggled_detections", NULL, s.smuggled_detections);
    bad |= add_total_kind(t, "smuggled_share", NULL, ppm(s.smuggled, market_attempts), MIG_TOTAL_RATIO);
    bad |= add_total(t, "smuggling_revenue", NULL, revenue);
    bad |= add_total_kind(t, "smuggling_mean_price", NULL, s.smuggled ? (int64_t)llround((double)revenue / (double)s.smuggled) : 0,
                          MIG_TOTAL_NUMBER);
    bad |= add_total(t, "smuggling_unmet", NULL, unmet);
    int64_t dismantled = 0, arrests_d = 0, arrests_a = 0;
    for (int c = 0; c < w->n_countries; c++) {
        dismantled += cum[L->dismantled + c];
        arrests_d += cum[L->arrests_dismantling + c];
        arrests_a += cum[L->arrests_in_act + c];
    }
    bad |= add_total_kind(t, "groups_dismantled", NULL, dismantled, MIG_TOTAL_NUMBER);
    bad |= add_total_kind(t, "groups_replaced", NULL, cum[L->replaced], MIG_TOTAL_NUMBER);
    bad |= add_total_kind(t, "groups_active_end", NULL, last[L->groups_active], MIG_TOTAL_NUMBER);
    bad |= add_total_kind(t, "arrests_dismantling", NULL, arrests_d, MIG_TOTAL_NUMBER);
    bad |= add_total(t, "arrests_in_act", NULL, arrests_a);
    bad |= add_total(t, "intel_shared", NULL, cum[L->intel_shared]);
    bad |= add_total(t, "exploitation_victims", NULL, s.victims);
    bad |= add_total(t, "in_exploitation_end", NULL, last[L->in_exploitation]);
    bad |= add_total(t, "released_by_dismantling", NULL, cum[L->released]);
    for (int n = 0; n < w->n_nats; n++) {
        mig_run_summarize(run, cum, n, &s);
        bad |= add_total(t, "smuggled_attempts", w->nats[n].code, s.smuggled);
        bad |= add_total(t, "exploitation_victims", w->nats[n].code, s.victims);
    }
    for (int b = 0; b < w->n_borders; b++) {
        int64_t sm = 0, price_days = 0, price_sum = 0;
        for (int n = 0; n < w->n_nats; n++)
            sm += cum[L->smuggled + b * w->n_nats + n];
        for (int d = d0; d <= d1; d++) {
            int64_t p = mig_run_row(run, d)[L->price + b];
            if (p > 0) {
                price_sum += p;
                price_days++;
            }
        }
        const char *name = w->borders[b].name;
        bad |= add_total(t, "smuggled_attempts", name, sm);
        bad |= add_total_kind(t, "smuggling_mean_price", name,
                              sm ? (int64_t)llround((double)cum[L->revenue + b] / (double)sm) : 0, MIG_TOTAL_NUMBER);
        bad |= add_total_kind(t, "smuggling_price_offered", name,
                              price_days ? (int64_t)llround((double)price_sum / (double)price_days) : 0,
                              MIG_TOTAL_NUMBER);
    }
    for (int c = 0; c < w->n_countries; c++) {
        if (!policing_country(w, c))
            continue;
        bad |= add_total_kind(t, "groups_dismantled", w->countries[c].code, cum[L->dismantled + c], MIG_TOTAL_NUMBER);
        bad |= add_total(t, "arrests_in_act", w->countries[c].code, cum[L->arrests_in_act + c]);
    }
    for (int g = 0; g < w->n_groups; g++) {
        const char *id = w->groups[g].id;
        bad |= add_total(t, "group_clients", id, cum[L->group_clients + g]);
        bad |= add_total(t, "group_revenue", id, cum[L->group_revenue + g]);
        bad |= add_total_kind(t, "group_dismantled", id, cum[L->group_dismantled + g], MIG_TOTAL_NUMBER);
    }
    return bad;
}

/* Persons turned away at closed borders (docs/model.md, Closed borders): in all
 * and by border, for every border so the keys are the same in every run. */
static int closed_totals(const mig_run *run, const int64_t *cum, mig_totals *t)
{
    static const char *const names[3] = { "waiting_at_closed", "rerouted_at_closed", "gave_up_at_closed" };
    const mig_world *w = run->world;
    const mig_layout *L = &run->layout;
    const int offs[3] = { L->closed_waiting, L->closed_rerouted, L->closed_gave_up };
    int bad = 0;
    for (int k = 0; k < 3; k++) {
        int64_t all = 0;
        for (int bn = 0; bn < w->n_borders * w->n_nats; bn++)
            all += cum[offs[k] + bn];
        bad |= add_total(t, names[k], NULL, all);
        for (int b = 0; b < w->n_borders; b++) {
            int64_t v = 0;
            for (int n = 0; n < w->n_nats; n++)
                v += cum[offs[k] + b * w->n_nats + n];
            bad |= add_total(t, names[k], w->borders[b].name, v);
        }
    }
    return bad;
}

void mig_totals_free(mig_totals *t)
{
    free(t->key);
    free(t->v);
    free(t->kind);
    memset(t, 0, sizeof *t);
}

/* The totals over reported days d0..d1, whose rows sum to cum (stocks at the end: day d1). */
static int totals_range(const mig_run *run, const int64_t *cum, int d0, int d1, mig_totals *t)
{
    const mig_world *w = run->world;
    const mig_layout *L = &run->layout;
    int bad = 0;
    memset(t, 0, sizeof *t);
    mig_summary s;
    mig_run_summarize(run, cum, -1, &s);
#define ALL(name, value) bad |= add_total(t, name, NULL, value)
    ALL("departures", s.departures);
    ALL("deterred", s.deterred);
    ALL("switched_channel", s.displaced);
    ALL("attempts", s.attempts);
    ALL("detections", s.detections);
    ALL("frontex_detections", s.frontex_detections);
    ALL("persons_detected", s.first_detected);
    ALL("pushbacks", s.pushbacks);
    ALL("registrations", s.registrations);
    ALL("detained", s.detained);
    ALL("arrivals", s.arrivals);
    ALL("asylum_applications", s.asylum);
    ALL("returned", s.returned);
    ALL("undetected_crossings", s.attempts - s.detections);
    const int64_t *last = mig_run_row(run, d1);
    int64_t stock = 0;
    for (int l = 0; l < w->n_locations; l++)
        stock += last[L->stock + l];
    ALL("stock_end", stock);
    ALL("in_transit_end", last[L->in_transit]);
#undef ALL
    for (int n = 0; n < w->n_nats; n++) {
        mig_run_summarize(run, cum, n, &s);
        const char *c = w->nats[n].code;
        bad |= add_total(t, "departures", c, s.departures);
        bad |= add_total(t, "deterred", c, s.deterred);
        bad |= add_total(t, "switched_channel", c, s.displaced);
        bad |= add_total(t, "detections", c, s.detections);
        bad |= add_total(t, "frontex_detections", c, s.frontex_detections);
        bad |= add_total(t, "persons_detected", c, s.first_detected);
        bad |= add_total(t, "pushbacks", c, s.pushbacks);
        bad |= add_total(t, "registrations", c, s.registrations);
        bad |= add_total(t, "arrivals", c, s.arrivals);
        bad |= add_total(t, "asylum_applications", c, s.asylum);
        bad |= add_total(t, "returned", c, s.returned);
    }
    for (int b = 0; b < w->n_borders; b++) {
        int64_t det = 0;
        for (int n = 0; n < w->n_nats; n++)
            det += cum[L->detections + b * w->n_nats + n];
        bad |= add_total(t, "detections", w->borders[b].name, det);
    }
    /* Every country holding a destination, so the keys are the same in every run. */
    for (int c = 0; c < w->n_countries; c++) {
        int is_dest = 0;
        for (int k = 0; k < w->n_dests; k++)
            is_dest |= w->locations[w->dest_loc[k]].country == c;
        if (!is_dest)
            continue;
        int64_t arr = 0, asy = 0;
        for (int n = 0; n < w->n_nats; n++) {
            arr += cum[L->arrivals + c * w->n_nats + n];
            asy += cum[L->asylum + c * w->n_nats + n];
        }
        bad |= add_total(t, "arrivals", w->countries[c].code, arr);
        bad |= add_total(t, "asylum_applications", w->countries[c].code, asy);
    }
    bad |= closed_totals(run, cum, t);
    bad |= smuggling_totals(run, cum, d0, d1, t);
    if (bad) {
        mig_totals_free(t);
        return -1;
    }
    return 0;
}

int mig_totals_of(const mig_run *run, mig_totals *t)
{
    return totals_range(run, run->cum, run->report_from, run->n_days - 1, t);
}

int mig_totals_of_days(const mig_run *run, int d0, int d1, mig_totals *t)
{
    int64_t *cum = calloc((size_t)run->layout.size, sizeof *cum);
    if (!cum) {
        memset(t, 0, sizeof *t);
        return -1;
    }
    for (int d = d0; d <= d1; d++) {
        const int64_t *row = mig_run_row(run, d);
        for (int k = 0; k < run->layout.size; k++)
            cum[k] += row[k];
    }
    int rc = totals_range(run, cum, d0, d1, t);
    free(cum);
    return rc;
}

int mig_year_spans(const mig_run *run, int *year, int (*span)[2], int max)
{
    int n = 0;
    for (int d = run->report_from; d < run->n_days; d++) {
        int y, mo;
        mig_date_ym(run->start_day + d, &y, &mo);
        if (n == 0 || year[n - 1] != y) {
            if (n == max)
                return -1;
            year[n] = y;
            span[n][0] = d;
            n++;
        }
        span[n - 1][1] = d;
    }
    return n;
}

static cJSON *world_json(const mig_run *run)
{
    const mig_world *w = run->world;
    cJSON *o = cJSON_CreateObject();
    cJSON *a = cJSON_AddArrayToObject(o, "countries");
    for (int c = 0; c < w->n_countries; c++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "code", w->countries[c].code);
        cJSON_AddStringToObject(x, "name", w->countries[c].name);
        cJSON_AddBoolToObject(x, "eu", w->countries[c].eu);
        cJSON_AddBoolToObject(x, "schengen", w->countries[c].schengen);
        cJSON *vf = cJSON_AddArrayToObject(x, "visa_free_at_start");
        for (int n = 0; n < w->n_nats; n++)
            if ((run->visa_free_start[c] >> n) & 1u)
                cJSON_AddItemToArray(vf, cJSON_CreateString(w->nats[n].code));
        cJSON_AddItemToArray(a, x);
    }
    a = cJSON_AddArrayToObject(o, "locations");
    for (int l = 0; l < w->n_locations; l++) {
        const mig_location *lc = &w->locations[l];
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "id", lc->id);
        cJSON_AddStringToObject(x, "name", lc->name);
        cJSON_AddStringToObject(x, "country", w->countries[lc->country].code);
        cJSON_AddStringToObject(x, "kind", mig_loc_kind_names[lc->kind]);
        cJSON_AddNumberToObject(x, "lat", lc->lat);
        cJSON_AddNumberToObject(x, "lon", lc->lon);
        cJSON_AddNumberToObject(x, "capacity", lc->capacity);
        cJSON_AddItemToArray(a, x);
    }
    a = cJSON_AddArrayToObject(o, "routes");
    char key[128];
    for (int r = 0; r < w->n_routes; r++) {
        const mig_route *rt = &w->routes[r];
        cJSON *x = cJSON_CreateObject();
        route_key(w, r, key, sizeof key);
        cJSON_AddStringToObject(x, "key", key);
        cJSON_AddStringToObject(x, "from", w->locations[rt->from].id);
        cJSON_AddStringToObject(x, "to", w->locations[rt->to].id);
        cJSON_AddStringToObject(x, "mode", mig_mode_names[rt->mode]);
        cJSON_AddNumberToObject(x, "km", rt->km);
        cJSON_AddNumberToObject(x, "days", rt->days);
        if (rt->border >= 0)
            cJSON_AddStringToObject(x, "border", w->borders[rt->border].name);
        else
            cJSON_AddNullToObject(x, "border");
        cJSON_AddItemToArray(a, x);
    }
    a = cJSON_AddArrayToObject(o, "borders");
    for (int b = 0; b < w->n_borders; b++) {
        const mig_border *bd = &w->borders[b];
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "name", bd->name);
        cJSON_AddStringToObject(x, "from", w->countries[bd->from_country].code);
        cJSON_AddStringToObject(x, "to", w->countries[bd->to_country].code);
        cJSON_AddBoolToObject(x, "frontex", bd->frontex);
        cJSON_AddNumberToObject(x, "smuggling_price", bd->smuggling_price);
        if (bd->reception >= 0)
            cJSON_AddStringToObject(x, "reception", w->locations[bd->reception].id);
        else
            cJSON_AddNullToObject(x, "reception");
        cJSON_AddItemToArray(a, x);
    }
    a = cJSON_AddArrayToObject(o, "groups");
    for (int g = 0; g < w->n_groups; g++) {
        const mig_group *gr = &w->groups[g];
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "id", gr->id);
        cJSON_AddStringToObject(x, "base", w->countries[gr->base].code);
        cJSON *bs = cJSON_AddArrayToObject(x, "borders");
        for (int k = 0; k < gr->n_borders; k++)
            cJSON_AddItemToArray(bs, cJSON_CreateString(w->borders[gr->borders[k]].name));
        cJSON_AddItemToArray(a, x);
    }
    a = cJSON_AddArrayToObject(o, "nationalities");
    for (int n = 0; n < w->n_nats; n++) {
        const mig_nationality *g = &w->nats[n];
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "code", g->code);
        cJSON_AddStringToObject(x, "name", g->name);
        cJSON_AddStringToObject(x, "origin", w->locations[g->origin].id);
        cJSON *ch = cJSON_AddArrayToObject(x, "channels");
        for (int c = 0; c < g->n_channels; c++) {
            cJSON *y = cJSON_CreateObject();
            cJSON_AddStringToObject(y, "name", g->channels[c].name);
            cJSON_AddStringToObject(y, "to", w->locations[g->channels[c].to].id);
            cJSON_AddStringToObject(y, "mode", mig_mode_names[g->channels[c].mode]);
            if (g->channels[c].visa_country >= 0)
                cJSON_AddStringToObject(y, "visa", w->countries[g->channels[c].visa_country].code);
            else
                cJSON_AddNullToObject(y, "visa");
            cJSON_AddItemToArray(ch, y);
        }
        cJSON *ds = cJSON_AddObjectToObject(x, "destinations");
        for (int d = 0; d < g->n_dest; d++)
            cJSON_AddNumberToObject(ds, w->locations[g->dest[d]].id, g->dest_weight[d]);
        cJSON_AddItemToArray(a, x);
    }
    return o;
}

void mig_output_provenance(cJSON *m, const mig_meta *meta)
{
    cJSON_AddStringToObject(m, "model", "migsim");
    cJSON_AddStringToObject(m, "version", MIG_VERSION);
    if (!meta)
        return;
    cJSON *sc = cJSON_AddObjectToObject(m, "scenario");
    cJSON_AddStringToObject(sc, "name", meta->scenario_name);
    cJSON_AddStringToObject(sc, "file", meta->scenario_file);
    cJSON_AddStringToObject(sc, "sha256", meta->scenario_sha256);
}

cJSON *mig_output_meta(const mig_run *run, const mig_meta *meta)
{
    const mig_world *w = run->world;
    char date[11];
    cJSON *m = cJSON_CreateObject();
    mig_output_provenance(m, meta);
    cJSON_AddNumberToObject(m, "seed", (double)run->seed);
    cJSON_AddNumberToObject(m, "agent_weight", w->params.agent_weight);
    cJSON_AddStringToObject(m, "units", "persons");
    mig_date_format(run->start_day + run->report_from, date);
    cJSON_AddStringToObject(m, "start", date);
    mig_date_format(run->start_day + run->n_days - 1, date);
    cJSON_AddStringToObject(m, "end", date);
    cJSON_AddNumberToObject(m, "days", run->n_days - run->report_from);
    if (run->report_from > 0) {
        mig_date_format(run->start_day, date);
        cJSON_AddStringToObject(m, "warmup_from", date);
    } else {
        cJSON_AddNullToObject(m, "warmup_from");
    }
    cJSON *p = cJSON_AddObjectToObject(m, "parameters");
    for (int i = 0; i < run->n_params; i++)
        cJSON_AddNumberToObject(p, run->param_keys[i], run->param_values[i]);
    cJSON *ev = cJSON_AddArrayToObject(m, "events");
    for (int i = 0; i < run->n_events; i++) {
        cJSON *e = cJSON_CreateObject();
        mig_date_format(run->events[i].day, date);
        cJSON_AddStringToObject(e, "date", date);
        cJSON_AddStringToObject(e, "label", run->events[i].label);
        cJSON_AddStringToObject(e, "kind", mig_event_kind_names[run->events[i].kind]);
        mig_output_event_facts(e, &run->events[i].facts);
        cJSON_AddItemToArray(ev, e);
    }
    cJSON_AddItemToObject(m, "world", world_json(run));
    return m;
}

void mig_output_value(cJSON *o, const char *name, const mig_value *v)
{
    if (v->tag == MIG_VALUE_NUMBER)
        cJSON_AddNumberToObject(o, name, v->number);
    else if (v->tag == MIG_VALUE_BOOL)
        cJSON_AddBoolToObject(o, name, v->number != 0);
    else if (v->tag == MIG_VALUE_TEXT)
        cJSON_AddStringToObject(o, name, v->text);
}

void mig_output_text(cJSON *o, const char *name, const char *s)
{
    if (*s)
        cJSON_AddStringToObject(o, name, s);
}

void mig_output_event_facts(cJSON *e, const mig_event_facts *f)
{
    cJSON_AddStringToObject(e, "type", *f->type ? f->type : "custom");
    mig_output_text(e, "country", f->country);
    mig_output_text(e, "nationality", f->nationality);
    mig_output_text(e, "channel", f->channel);
    mig_output_text(e, "group", f->group);
    mig_output_text(e, "key", f->key);
    mig_output_value(e, "old", &f->old);
    mig_output_value(e, "new", &f->new_);
    mig_output_text(e, "effective", f->effective);
    if (*f->members || f->delay_days.tag != MIG_VALUE_NONE) {  /* a network event: its members, even none */
        cJSON *m = cJSON_AddArrayToObject(e, "members");
        const char *p = f->members;
        while (*p) {
            size_t n = strcspn(p, " ");
            char code[MIG_ID_LEN];
            snprintf(code, sizeof code, "%.*s", (int)(n < sizeof code ? n : sizeof code - 1), p);
            cJSON_AddItemToArray(m, cJSON_CreateString(code));
            p += n;
            p += strspn(p, " ");
        }
    }
    mig_output_value(e, "delay_days", &f->delay_days);
    mig_output_value(e, "factor", &f->factor);
}

cJSON *mig_output_dates(const mig_run *run, int monthly)
{
    cJSON *a = cJSON_CreateArray();
    char date[11];
    int prev = -1;
    for (int d = run->report_from; d < run->n_days; d++) {
        int y, mo;
        mig_date_format(run->start_day + d, date);
        mig_date_ym(run->start_day + d, &y, &mo);
        if (monthly) {
            if (y * 12 + mo == prev)
                continue;
            prev = y * 12 + mo;
            date[7] = 0;
        }
        cJSON_AddItemToArray(a, cJSON_CreateString(date));
    }
    return a;
}

void mig_month_demand(const mig_run *run, const mig_months *m, int nat, int64_t *q)
{
    int n_nats = run->world->n_nats;
    for (int k = 0, first = run->report_from; k < m->n; first = m->last_day[k] + 1, k++) {
        double sum = 0;
        for (int d = first; d <= m->last_day[k]; d++)
            sum += run->demand_used[(size_t)d * (size_t)n_nats + (size_t)nat];
        q[k] = llround(sum / (double)(m->last_day[k] - first + 1) / MIG_DEMAND_UNIT);
    }
}

/* One journey distribution: its bin labels, all nationalities, then each. */
static cJSON *journey_dist(const mig_run *tmpl, int base, int nbins, int bin_days, mig_bins_fn bins, void *user)
{
    const mig_world *w = tmpl->world;
    cJSON *o = cJSON_CreateObject(), *labels = cJSON_AddArrayToObject(o, "bins");
    for (int b = 0; b < nbins; b++) {
        char s[32];
        int lo = b * bin_days, hi = lo + bin_days - 1;
        if (b == nbins - 1)
            snprintf(s, sizeof s, "%d+", lo);
        else if (bin_days == 1)
            snprintf(s, sizeof s, "%d", lo);
        else
            snprintf(s, sizeof s, "%d-%d", lo, hi);
        cJSON_AddItemToArray(labels, cJSON_CreateString(s));
    }
    cJSON_AddItemToObject(o, "all", bins(user, base + w->n_nats * nbins, nbins));
    cJSON *by = cJSON_AddObjectToObject(o, "by_nationality");
    for (int n = 0; n < w->n_nats; n++)
        cJSON_AddItemToObject(by, w->nats[n].code, bins(user, base + n * nbins, nbins));
    return o;
}

cJSON *mig_output_journeys(const mig_run *tmpl, mig_bins_fn bins, void *user)
{
    const mig_layout *L = &tmpl->layout;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToObject(o, "days_to_arrive",
                          journey_dist(tmpl, L->journey_days, MIG_JOURNEY_DAY_BINS, MIG_JOURNEY_BIN_DAYS, bins, user));
    cJSON_AddItemToObject(o, "detections_before_arrival",
                          journey_dist(tmpl, L->journey_detections, MIG_JOURNEY_DET_BINS, 1, bins, user));
    return o;
}

/* A run's journey bins: the reported period's totals, in persons. */
static cJSON *run_bins(void *user, int off, int n)
{
    const run_leaves *rl = user;
    double v[MIG_JOURNEY_DAY_BINS > MIG_JOURNEY_DET_BINS ? MIG_JOURNEY_DAY_BINS : MIG_JOURNEY_DET_BINS];
    for (int b = 0; b < n; b++)
        v[b] = (double)rl->run->cum[off + b];
    return mig_raw_array(v, n, rl->weight);
}

/* {"YYYY": {total: value, ...}, ...}: the totals over each calendar year's reported days. */
static cJSON *totals_by_year(const mig_run *run, double weight)
{
    int year[MIG_MAX_YEARS], span[MIG_MAX_YEARS][2];
    int n = mig_year_spans(run, year, span, MIG_MAX_YEARS);
    cJSON *o = cJSON_CreateObject();
    for (int i = 0; o && i < n; i++) {
        mig_totals tot;
        char key[16];
        if (mig_totals_of_days(run, span[i][0], span[i][1], &tot)) {
            cJSON_Delete(o);
            return NULL;
        }
        snprintf(key, sizeof key, "%d", year[i]);
        cJSON *t = cJSON_AddObjectToObject(o, key);
        for (int k = 0; k < tot.n; k++)
            cJSON_AddNumberToObject(t, tot.key[k], (double)tot.v[k] * mig_totals_scale(&tot, k, weight));
        mig_totals_free(&tot);
    }
    return o;
}

cJSON *mig_output_build(const mig_run *run, const mig_meta *meta)
{
    run_leaves rl = { run, run->world->params.agent_weight, { 0, NULL, NULL } };
    mig_totals tot;
    cJSON *doc = cJSON_CreateObject();
    if (!doc || mig_months_of(run, &rl.months)) {
        cJSON_Delete(doc);
        return NULL;
    }
    if (mig_totals_of(run, &tot)) {
        mig_months_free(&rl.months);
        cJSON_Delete(doc);
        return NULL;
    }
    cJSON_AddStringToObject(doc, "schema", MIG_SCHEMA);
    cJSON_AddItemToObject(doc, "meta", mig_output_meta(run, meta));
    cJSON_AddItemToObject(doc, "dates", mig_output_dates(run, 0));
    cJSON_AddItemToObject(doc, "months", mig_output_dates(run, 1));
    cJSON_AddItemToObject(doc, "daily", mig_output_series(run, 0, run_leaf, &rl));
    cJSON_AddItemToObject(doc, "monthly", mig_output_series(run, 1, run_leaf, &rl));
    cJSON *t = cJSON_AddObjectToObject(doc, "totals");
    for (int i = 0; i < tot.n; i++)
        cJSON_AddNumberToObject(t, tot.key[i], (double)tot.v[i] * mig_totals_scale(&tot, i, rl.weight));
    mig_totals_free(&tot);
    mig_months_free(&rl.months);
    cJSON *by_year = totals_by_year(run, rl.weight);
    if (!by_year) {
        cJSON_Delete(doc);
        return NULL;
    }
    cJSON_AddItemToObject(doc, "totals_by_year", by_year);
    cJSON_AddItemToObject(doc, "journeys", mig_output_journeys(run, run_bins, &rl));
    return doc;
}

void mig_output_summary(const mig_run *run, const mig_meta *meta, FILE *f)
{
    const mig_world *w = run->world;
    double wt = w->params.agent_weight;
    char a[11], b[11];
    mig_date_format(run->start_day + run->report_from, a);
    mig_date_format(run->start_day + run->n_days - 1, b);
    fprintf(f, "migsim %s  scenario %s  seed %llu  %s to %s  (1 agent = %g persons)\n", MIG_VERSION,
            meta->scenario_name, (unsigned long long)run->seed, a, b, wt);
    /* Departures, deterred, switched and arrivals count persons; detections count detected
     * crossing attempts, and one person may be detected several times (issue 17: the
     * summary called them persons). */
    fprintf(f, "persons: departures, deterred, switched (to another channel), arrivals, asylum; "
               "detections and frontex: detected crossing attempts\n");
    fprintf(f, "%-5s %10s %9s %9s %11s %10s %10s %9s\n", "nat", "departures", "deterred", "switched", "detections",
            "frontex", "arrivals", "asylum");
    mig_summary s;
    for (int n = 0; n <= w->n_nats; n++) {
        int all = n == w->n_nats;
        mig_run_summarize(run, run->cum, all ? -1 : n, &s);
        fprintf(f, "%-5s %10.0f %9.0f %9.0f %11.0f %10.0f %10.0f %9.0f\n", all ? "all" : w->nats[n].code,
                (double)s.departures * wt, (double)s.deterred * wt, (double)s.displaced * wt,
                (double)s.detections * wt, (double)s.frontex_detections * wt, (double)s.arrivals * wt,
                (double)s.asylum * wt);
    }
    /* Frontex-comparable detections by month: where a policy's effect shows. */
    const mig_layout *L = &run->layout;
    fprintf(f, "\nfrontex detections by month (detected crossing attempts):\n%-8s", "month");
    for (int n = 0; n < w->n_nats; n++)
        fprintf(f, " %6s", w->nats[n].code);
    fputc('\n', f);
    int prev_y = -1, prev_m = -1;
    double sums[MIG_MAX_NATIONALITIES] = { 0 };
    for (int d = run->report_from; d <= run->n_days; d++) {
        int y = 0, mo = 0;
        if (d < run->n_days)
            mig_date_ym(run->start_day + d, &y, &mo);
        if (prev_y >= 0 && (d == run->n_days || y != prev_y || mo != prev_m)) {
            fprintf(f, "%04d-%02d ", prev_y, prev_m);
            for (int n = 0; n < w->n_nats; n++) {
                fprintf(f, " %6.0f", sums[n] * wt);
                sums[n] = 0;
            }
            fputc('\n', f);
        }
        if (d == run->n_days)
            break;
        prev_y = y;
        prev_m = mo;
        const int64_t *row = mig_run_row(run, d);
        for (int n = 0; n < w->n_nats; n++)
            sums[n] += (double)row[L->frontex + n];
    }
    if (w->n_groups) {
        mig_totals tot;
        if (mig_totals_of(run, &tot) == 0) {
            static const char *const keys[] = { "smuggled_attempts", "self_organised_attempts", "smuggled_share",
                                                "smuggling_mean_price", "smuggling_revenue", "smuggling_unmet",
                                                "groups_dismantled", "groups_replaced", "groups_active_end",
                                                "arrests_dismantling", "arrests_in_act", "intel_shared",
                                                "exploitation_victims", "released_by_dismantling", NULL };
            fprintf(f, "\nsmuggling (persons; EUR; groups):\n");
            for (const char *const *k = keys; *k; k++)
                for (int i = 0; i < tot.n; i++)
                    if (strcmp(tot.key[i], *k) == 0)
                        fprintf(f, "  %-26s %14.*f\n", *k, tot.kind[i] == MIG_TOTAL_RATIO ? 3 : 0,
                                (double)tot.v[i] * mig_totals_scale(&tot, i, wt));
            mig_totals_free(&tot);
        }
    }
    {
        const int offs[3] = { run->layout.closed_waiting, run->layout.closed_rerouted, run->layout.closed_gave_up };
        int64_t v[3] = { 0, 0, 0 };
        for (int k = 0; k < 3; k++)
            for (int bn = 0; bn < w->n_borders * w->n_nats; bn++)
                v[k] += run->cum[offs[k] + bn];
        if (v[0] || v[1] || v[2])
            fprintf(f, "\nclosed borders (persons turned away; waiting counts each try):\n"
                       "  %-26s %14.0f\n  %-26s %14.0f\n  %-26s %14.0f\n",
                    "waiting_at_closed", (double)v[0] * wt, "rerouted_at_closed", (double)v[1] * wt,
                    "gave_up_at_closed", (double)v[2] * wt);
    }
    int n_policy = 0, n_smuggling = 0;
    for (int i = 0; i < run->n_events; i++) {
        n_policy += run->events[i].kind == MIG_EVENT_POLICY;
        n_smuggling += run->events[i].kind == MIG_EVENT_SMUGGLING;
    }
    if (n_policy) {
        fprintf(f, "\npolicy events:\n");
        for (int i = 0; i < run->n_events; i++) {
            if (run->events[i].kind != MIG_EVENT_POLICY)
                continue;
            mig_date_format(run->events[i].day, a);
            fprintf(f, "  %s  %s\n", a, run->events[i].label);
        }
    }
    if (n_smuggling)
        fprintf(f, "\n%d smuggling events (groups dismantled, markets taken over), warm-up included: each is in "
                   "meta.events of the JSON output (-o)\n", n_smuggling);
}
