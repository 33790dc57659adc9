/* run.c: the daily loop (see run.h and docs/model.md). */
#include "run.h"
#include "choice.h"
#include "demand.h"
#include "quick_days.h"
#include "utf8.h"
#include "date.h"
#include "rng.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

/* Stream keys of one run, derived once from the seed. */
typedef struct run_keys {
    uint64_t departures, channel, traits, move, border, reception, arrival, smuggling;
} run_keys;

/* A nationality's demand beyond its data in this run (demand.h), with the inputs
 * it was computed from: a change of any of them (a parameter set mid-run, a
 * fork's arm) recomputes it, and as the draws are keyed by month the path is the
 * same however often that happens. */
typedef struct mig_demand_path {
    int valid;
    mig_projection proj;
    double last_value, scale;
    int last_month;
    int n;          /* months last_month+1 .. last_month+n */
    double *v;      /* [n] persons/day before departure_multiplier and measures */
} mig_demand_path;

/* An agent that chose a route across a border today, waiting for the market. */
typedef struct mig_candidate {
    uint64_t priority;  /* its place in today's queue: a draw, so no one is first by age */
    uint64_t sk;        /* the agent's smuggling stream key today */
    size_t i;
    int route;
    float money;        /* what it can pay */
    int choice;         /* what the market gave it (market_choice) */
} mig_candidate;

/* A candidate's place in the serving order: its priority and where it lies in the
 * queue as filled. Sorting these, not the candidates, moves 16 bytes an entry. */
typedef struct queue_slot {
    uint64_t priority;
    size_t at;
} queue_slot;

static run_keys keys_of(uint64_t seed)
{
    run_keys k = {
        mig_rng_purpose_key(seed, MIG_RNG_DEPARTURES), mig_rng_purpose_key(seed, MIG_RNG_CHANNEL),
        mig_rng_purpose_key(seed, MIG_RNG_TRAITS),     mig_rng_purpose_key(seed, MIG_RNG_MOVE),
        mig_rng_purpose_key(seed, MIG_RNG_BORDER),     mig_rng_purpose_key(seed, MIG_RNG_RECEPTION),
        mig_rng_purpose_key(seed, MIG_RNG_ARRIVAL),    mig_rng_purpose_key(seed, MIG_RNG_SMUGGLING),
    };
    return k;
}

static void layout_of(const mig_world *w, mig_layout *l)
{
    int off = 0;
    l->n_nats = w->n_nats;
    l->n_channels = MIG_MAX_CHANNELS;
    l->n_borders = w->n_borders;
    l->n_countries = w->n_countries;
    l->n_locations = w->n_locations;
    l->n_routes = w->n_routes;
    l->n_groups = w->n_groups;
    int nc = l->n_nats * l->n_channels, bn = l->n_borders * l->n_nats, cn = l->n_countries * l->n_nats;
    l->departures = off; off += nc;
    l->displaced = off; off += nc;
    l->deterred = off; off += nc;
    l->attempts = off; off += bn;
    l->detections = off; off += bn;
    l->pushbacks = off; off += bn;
    l->registrations = off; off += bn;
    l->detained = off; off += bn;
    l->arrivals = off; off += cn;
    l->asylum = off; off += cn;
    l->returned = off; off += l->n_nats;
    l->first_detected = off; off += l->n_nats;
    l->frontex = off; off += l->n_nats;
    l->stock = off; off += l->n_locations;
    l->reception = off; off += l->n_locations;
    l->route_entries = off; off += l->n_routes;
    l->in_transit = off; off += 1;
    l->smuggled = off; off += bn;
    l->smuggled_detections = off; off += bn;
    l->unmet = off; off += l->n_borders;
    l->revenue = off; off += l->n_borders;
    l->price = off; off += l->n_borders;
    l->group_revenue = off; off += l->n_groups;
    l->group_clients = off; off += l->n_groups;
    l->group_dismantled = off; off += l->n_groups;
    l->groups_active = off; off += 1;
    l->dismantled = off; off += l->n_countries;
    l->replaced = off; off += 1;
    l->arrests_dismantling = off; off += l->n_countries;
    l->arrests_in_act = off; off += l->n_countries;
    l->intel_shared = off; off += 1;
    l->victims = off; off += cn;
    l->in_exploitation = off; off += 1;
    l->released = off; off += 1;
    l->closed_waiting = off; off += bn;
    l->closed_rerouted = off; off += bn;
    l->closed_gave_up = off; off += bn;
    l->size = off;
}

int mig_layout_is_unscaled(const mig_layout *L, int off)
{
    return (off >= L->price && off < L->price + L->n_borders) ||
           (off >= L->group_dismantled && off < L->group_dismantled + L->n_groups) || off == L->groups_active ||
           (off >= L->dismantled && off < L->dismantled + L->n_countries) || off == L->replaced ||
           (off >= L->arrests_dismantling && off < L->arrests_dismantling + L->n_countries);
}

static void snapshot_param(void *ctx, const char *key, double value)
{
    mig_run *run = ctx;
    if (run->n_params == run->cap_params) {
        int ncap = run->cap_params ? run->cap_params * 2 : 256;
        void *k = realloc(run->param_keys, (size_t)ncap * sizeof *run->param_keys);
        if (k)
            run->param_keys = k;
        void *v = realloc(run->param_values, (size_t)ncap * sizeof *run->param_values);
        if (v)
            run->param_values = v;
        if (!k || !v)
            return;  /* the snapshot ends here; mig_run_new checks n_params */
        run->cap_params = ncap;
    }
    snprintf(run->param_keys[run->n_params], sizeof run->param_keys[0], "%s", key);
    run->param_values[run->n_params++] = value;
}

static void count_param(void *ctx, const char *key, double value)
{
    (void)key;
    (void)value;
    ++*(int *)ctx;
}

mig_run *mig_run_new(mig_world *world, uint64_t seed, int start_day, int n_days, int threads, char *err)
{
    mig_run *run = NULL;
    if (!world->finalized && mig_world_finalize(world, err))
        goto fail;
    if (n_days < 1 || n_days > 65535) {
        snprintf(err, MIG_ERR_LEN, "a run lasts 1 to 65535 days, got %d", n_days);
        goto fail;
    }
    run = calloc(1, sizeof *run);
    if (!run)
        goto oom;
    run->world = world;
    run->seed = seed;
    run->start_day = start_day;
    run->n_days = n_days;
    run->threads = threads < 1 ? 1 : threads;
    run->vector_days = mig_quick_days_available();
    mig_agents_init(&run->agents);
    layout_of(world, &run->layout);
    run->tally = calloc((size_t)n_days * (size_t)run->layout.size, sizeof *run->tally);
    run->thread_tally = calloc((size_t)run->threads, sizeof *run->thread_tally);
    run->cum = calloc((size_t)run->layout.size, sizeof *run->cum);
    run->risk = calloc((size_t)world->n_borders + 1, sizeof *run->risk);
    run->route_cdf = calloc((size_t)(world->n_dests ? world->n_dests : 1) * (size_t)(world->n_routes + 1),
                            sizeof *run->route_cdf);
    run->cost_to_go = malloc((size_t)(world->n_dests ? world->n_dests : 1) * (size_t)world->n_locations *
                             sizeof *run->cost_to_go);
    run->scratch = malloc((size_t)world->n_locations + 1);
    run->move_p = malloc(((size_t)world->n_locations + 1) * sizeof *run->move_p);
    run->route_costs = malloc(((size_t)world->n_routes + 1) * sizeof *run->route_costs);
    run->cand = calloc((size_t)run->threads, sizeof *run->cand);
    run->n_cand = calloc((size_t)run->threads, sizeof *run->n_cand);
    run->cap_cand = calloc((size_t)run->threads, sizeof *run->cap_cand);
    run->demand_path = calloc((size_t)world->n_nats + 1, sizeof *run->demand_path);
    run->demand_used = calloc((size_t)n_days * (size_t)(world->n_nats + 1), sizeof *run->demand_used);
    if (!run->demand_path || !run->demand_used)
        goto oom;
    if (!run->tally || !run->cum || !run->thread_tally || !run->risk || !run->route_cdf || !run->cost_to_go ||
        !run->scratch || !run->move_p || !run->route_costs || !run->cand || !run->n_cand || !run->cap_cand ||
        mig_smuggling_init(&run->smug, world, n_days))
        goto oom;
    for (int t = 0; t < run->threads; t++)
        if (!(run->thread_tally[t] = calloc((size_t)run->layout.size, sizeof **run->thread_tally)))
            goto oom;
    int n_keys = 0;
    mig_world_each_param(world, count_param, &n_keys);
    mig_world_each_param(world, snapshot_param, run);
    run->visa_free_start = malloc((size_t)(world->n_countries + 1) * sizeof *run->visa_free_start);
    if (run->n_params != n_keys || !run->visa_free_start)
        goto oom;
    for (int c = 0; c < world->n_countries; c++)
        run->visa_free_start[c] = world->countries[c].visa_free;
    /* Before anyone has tried, people expect the risk the police actually pose. */
    for (int b = 0; b < world->n_borders; b++)
        run->risk[b] = world->borders[b].detection_prob;
    return run;
oom:
    snprintf(err, MIG_ERR_LEN, "out of memory");
fail:
    if (run)
        mig_run_free(run);
    else
        mig_world_free(world);
    return NULL;
}

void mig_run_free(mig_run *run)
{
    if (!run)
        return;
    if (run->demand_path)
        for (int n = 0; n < run->world->n_nats; n++)
            free(run->demand_path[n].v);
    free(run->demand_path);
    free(run->demand_used);
    mig_world_free(run->world);
    mig_agents_destroy(&run->agents);
    free(run->tally);
    free(run->cum);
    if (run->thread_tally)
        for (int t = 0; t < run->threads; t++)
            free(run->thread_tally[t]);
    free(run->thread_tally);
    free(run->risk);
    free(run->route_cdf);
    free(run->cost_to_go);
    free(run->scratch);
    free(run->move_p);
    free(run->route_costs);
    if (run->cand)
        for (int t = 0; t < run->threads; t++)
            free(run->cand[t]);
    free(run->cand);
    free(run->order);
    free(run->n_cand);
    free(run->cap_cand);
    mig_smuggling_free(&run->smug);
    free(run->events);
    free(run->param_keys);
    free(run->param_values);
    free(run->visa_free_start);
    free(run);
}

int mig_run_fork(mig_run *dst, const mig_run *src, char *err)
{
    mig_world *dw = dst->world;
    const mig_world *sw = src->world;
    int same = dst->today == 0 && dst->start_day == src->start_day && dst->n_days == src->n_days &&
               dst->report_from == src->report_from && dst->layout.size == src->layout.size &&
               dw->n_countries == sw->n_countries && dw->n_locations == sw->n_locations &&
               dw->n_routes == sw->n_routes && dw->n_borders == sw->n_borders && dw->n_nats == sw->n_nats &&
               dw->n_groups == sw->n_groups;
    for (int n = 0; same && n < sw->n_nats; n++)
        same = dw->nats[n].n_channels == sw->nats[n].n_channels && dw->nats[n].n_dest == sw->nats[n].n_dest;
    if (!same) {
        snprintf(err, MIG_ERR_LEN, "cannot fork: the arms must be the same world over the same dates");
        return -1;
    }
    if (mig_agents_reserve(&dst->agents, src->agents.n)) {
        snprintf(err, MIG_ERR_LEN, "out of memory forking %zu agents", src->agents.n);
        return -1;
    }
    const mig_agents *a = &src->agents;
    mig_agents *b = &dst->agents;
    size_t n = a->n;
    memcpy(b->key, a->key, n * sizeof *a->key);
    memcpy(b->where, a->where, n * sizeof *a->where);
    memcpy(b->days_left, a->days_left, n * sizeof *a->days_left);
    memcpy(b->depart_day, a->depart_day, n * sizeof *a->depart_day);
    memcpy(b->money, a->money, n * sizeof *a->money);
    memcpy(b->state, a->state, n);
    memcpy(b->nat, a->nat, n);
    memcpy(b->channel, a->channel, n);
    memcpy(b->dest, a->dest, n);
    memcpy(b->attempts, a->attempts, n);
    memcpy(b->flags, a->flags, n);
    memcpy(b->group, a->group, n * sizeof *a->group);
    b->n = n;
    mig_smuggling_copy(&dst->smug, &src->smug);
    memcpy(dst->tally, src->tally, (size_t)src->today * (size_t)src->layout.size * sizeof *src->tally);
    memcpy(dst->cum, src->cum, (size_t)src->layout.size * sizeof *src->cum);
    memcpy(dst->risk, src->risk, (size_t)sw->n_borders * sizeof *src->risk);
    dst->departed = src->departed;
    dst->arrived = src->arrived;
    dst->returned = src->returned;
    dst->detained = src->detained;
    dst->ended_in_store = src->ended_in_store;
    dst->today = src->today;
    for (int i = 0; i < src->n_events; i++)
        if (mig_run_add_event(dst, &src->events[i])) {
            snprintf(err, MIG_ERR_LEN, "out of memory");
            return -1;
        }
    /* The world as src has it now, but each arm keeps its own demand series. */
    dw->params = sw->params;
    memcpy(dw->countries, sw->countries, (size_t)sw->n_countries * sizeof *sw->countries);
    memcpy(dw->locations, sw->locations, (size_t)sw->n_locations * sizeof *sw->locations);
    memcpy(dw->routes, sw->routes, (size_t)sw->n_routes * sizeof *sw->routes);
    memcpy(dw->borders, sw->borders, (size_t)sw->n_borders * sizeof *sw->borders);
    if (sw->n_groups)
        memcpy(dw->groups, sw->groups, (size_t)sw->n_groups * sizeof *sw->groups);
    for (int k = 0; k < sw->n_nats; k++) {
        mig_nationality keep = dw->nats[k];
        dw->nats[k] = sw->nats[k];
        dw->nats[k].demand = keep.demand;
        dw->nats[k].n_demand = keep.n_demand;
        dw->nats[k].demand_start_month = keep.demand_start_month;
        /* The projection is demand data too, but for its parameters. */
        double persistence = sw->nats[k].proj.persistence, sigma = sw->nats[k].proj.sigma;
        dw->nats[k].proj = keep.proj;
        dw->nats[k].proj.persistence = persistence;
        dw->nats[k].proj.sigma = sigma;
    }
    memcpy(dst->demand_used, src->demand_used, (size_t)src->today * (size_t)sw->n_nats * sizeof *src->demand_used);
    return 0;
}

const char *const mig_event_kind_names[MIG_N_EVENT_KINDS] = { "policy", "smuggling" };

/* Bring the cached projection of nationality nat up to date (its inputs as the
 * world has them now, through the run's last month). 0, or -1 if out of memory. */
static int refresh_path(mig_run *run, int nat)
{
    const mig_nationality *g = &run->world->nats[nat];
    mig_demand_path *p = &run->demand_path[nat];
    if (!g->proj.on || g->n_demand == 0)
        return 0;
    int last = g->demand_start_month + g->n_demand - 1;
    double last_value = g->demand[g->n_demand - 1], scale = run->world->params.demand_uncertainty;
    if (p->valid && p->last_month == last && p->last_value == last_value && p->scale == scale &&
        memcmp(&p->proj, &g->proj, sizeof p->proj) == 0)
        return 0;
    int y, m;
    mig_date_ym(run->start_day + run->n_days - 1, &y, &m);
    int n = y * 12 + m - 1 - last;
    if (n < 1)
        n = 1;
    double *v = realloc(p->v, (size_t)n * sizeof *v);
    if (!v)
        return -1;
    p->v = v;
    p->n = n;
    memcpy(&p->proj, &g->proj, sizeof p->proj);
    p->last_month = last;
    p->last_value = last_value;
    p->scale = scale;
    mig_demand_project(&g->proj, last_value, last, scale, mig_demand_key(run->seed, g->code), p->v, n);
    p->valid = 1;
    return 0;
}

double mig_run_demand(const mig_run *run, int nat, int day)
{
    const mig_world *w = run->world;
    const mig_nationality *g = &w->nats[nat];
    if (!g->proj.on || g->n_demand == 0)
        return mig_world_demand(w, nat, day);
    int y, m;
    mig_date_ym(day, &y, &m);
    int last = g->demand_start_month + g->n_demand - 1, i = y * 12 + m - 1 - last - 1;
    if (i < 0)
        return mig_world_demand(w, nat, day);
    const mig_demand_path *p = &run->demand_path[nat];
    double last_value = g->demand[g->n_demand - 1], scale = w->params.demand_uncertainty, v;
    if (p->valid && i < p->n && p->last_month == last && p->last_value == last_value && p->scale == scale &&
        memcmp(&p->proj, &g->proj, sizeof p->proj) == 0)
        v = p->v[i];
    else  /* the same number, computed afresh (demand.c) */
        v = mig_demand_at(&g->proj, last_value, last, scale, mig_demand_key(run->seed, g->code), i);
    return v * g->departure_multiplier * mig_world_measures(w, nat, day);
}

int mig_run_add_event(mig_run *run, const mig_event *e)
{
    if (run->n_events == run->cap_events) {
        int ncap = run->cap_events ? run->cap_events * 2 : 16;
        mig_event *p = realloc(run->events, (size_t)ncap * sizeof *p);
        if (!p)
            return -1;
        run->events = p;
        run->cap_events = ncap;
    }
    run->events[run->n_events++] = *e;
    return 0;
}

int mig_run_log(mig_run *run, mig_event_kind kind, const char *label, const mig_event_facts *facts)
{
    mig_event e;
    memset(&e, 0, sizeof e);  /* defined bytes throughout: events are saved raw in checkpoints */
    e.day = run->start_day + run->today;
    e.kind = kind;
    mig_utf8_copy(e.label, sizeof e.label, label);  /* a long label is cut between characters */
    if (facts)
        memcpy(&e.facts, facts, sizeof e.facts);
    return mig_run_add_event(run, &e);
}

void mig_run_announce_visa(mig_run *run, int c, int nat, int effective_day)
{
    mig_nationality *g = &run->world->nats[nat];
    for (int k = 0; k < g->n_channels; k++)
        if (g->channels[k].visa_country == c)
            g->channels[k].rush_until = effective_day - 1;
}

/* Generalised cost of a route: its length in units of route_km_scale, plus the
 * perceived risk of the border it crosses weighted by risk_aversion. */
static inline double route_cost(const mig_run *run, const mig_route *r)
{
    const mig_params *p = &run->world->params;
    double c = r->km / p->route_km_scale;
    if (r->border >= 0)
        c += p->risk_aversion * run->risk[r->border];
    return c;
}

/* Next-hop odds from every location toward every destination: a logit over the
 * outgoing routes on the generalised cost still to go, so a risky border ahead
 * steers people away at the fork before it, not only at the border itself.
 * Recomputed daily because perceived risk is learned daily. */
static void build_route_cdf(mig_run *run)
{
    const mig_world *w = run->world;
    size_t nl = (size_t)w->n_locations;
    for (int r = 0; r < w->n_routes; r++)
        run->route_costs[r] = route_cost(run, &w->routes[r]);
    for (int k = 0; k < w->n_dests; k++) {
        double *cost = run->cost_to_go + (size_t)k * nl;
        mig_world_least_cost_to(w, w->dest_loc[k], run->route_costs, cost, run->scratch);
        double *cdf = run->route_cdf + (size_t)k * (size_t)w->n_routes;
        for (int u = 0; u < w->n_locations; u++) {
            double acc = 0;
            for (int s = w->out_start[u]; s < w->out_start[u + 1]; s++) {
                const mig_route *r = &w->routes[w->out_routes[s]];
                if (isfinite(cost[r->to]) && isfinite(cost[u]))
                    acc += exp(-(run->route_costs[w->out_routes[s]] + cost[r->to] - cost[u]));
                cdf[s] = acc;
            }
        }
    }
}

/* Open at the origin side and, if it needs one, visa-free entry. Cost is not a
 * gate: the fare is paid from what a person has, and smugglers are paid from
 * what is left; someone short of money crosses alone. */
static int channel_usable(const mig_world *w, int nat, const mig_channel *ch)
{
    return ch->open >= 0.5 && (ch->visa_country < 0 || mig_world_visa_free(w, ch->visa_country, nat));
}

/* Destination slot for a newcomer entering at `entry`, among the group's
 * destinations that a route reaches from there. -1 if none does. */
static int pick_destination(const mig_world *w, const mig_nationality *g, int entry, double u)
{
    double total = 0, weights[MIG_MAX_DESTINATIONS];
    int slots[MIG_MAX_DESTINATIONS];
    for (int d = 0; d < g->n_dest; d++) {
        int k = 0;
        while (w->dest_loc[k] != g->dest[d])
            k++;
        slots[d] = k;
        weights[d] = isfinite(w->dist[(size_t)k * (size_t)w->n_locations + (size_t)entry]) ? g->dest_weight[d] : 0;
        total += weights[d];
    }
    if (!(total > 0))
        return -1;
    double x = u * total;
    for (int d = 0; d < g->n_dest; d++) {
        if (x < weights[d])
            return slots[d];
        x -= weights[d];
    }
    for (int d = g->n_dest - 1; d >= 0; d--)
        if (weights[d] > 0)
            return slots[d];
    return -1;
}

static int departures(mig_run *run, int d, int64_t *row, gsl_rng *r, const run_keys *keys, char *err)
{
    mig_world *w = run->world;
    const mig_layout *L = &run->layout;
    int day = run->start_day + d;
    mig_choice_table choice;  /* today's, for one nationality on the choice model at a time */
    choice.nat = -1;
    for (int n = 0; n < w->n_nats; n++) {
        const mig_nationality *g = &w->nats[n];
        if (refresh_path(run, n)) {
            snprintf(err, MIG_ERR_LEN, "out of memory projecting demand");
            return -1;
        }
        double demand = mig_run_demand(run, n, day);
        run->demand_used[(size_t)d * (size_t)w->n_nats + (size_t)n] = demand;
        if (!(demand > 0))
            continue;
        double wsum = 0;
        for (int c = 0; c < g->n_channels; c++)
            wsum += g->channels[c].weight;
        double sigma2 = log(1 + (g->money_sd * g->money_sd) / (g->money_mean * g->money_mean));
        double mu = log(g->money_mean) - sigma2 / 2;
        for (int c = 0; c < g->n_channels; c++) {
            const mig_channel *pref = &g->channels[c];
            double lambda = demand * pref->weight / wsum / w->params.agent_weight;
            if (pref->rush_until >= day && pref->visa_country >= 0 && mig_world_visa_free(w, pref->visa_country, n))
                lambda *= g->rush;
            if (!(lambda > 0))
                continue;
            if (lambda > 1e8) {  /* GSL's Poisson cannot draw it, and no machine could hold the agents */
                char date[11];
                mig_date_format(day, date);
                snprintf(err, MIG_ERR_LEN, "%s%s on %s: %.3g agents would depart through '%s' in one day (more than "
                                           "10^8): check its demand, departure_multiplier, rush and agent_weight",
                         g->where, g->code, date, lambda, pref->name);
                run->hook_failed = 1;  /* a scenario's numbers, not the engine, are at fault */
                return -1;
            }
            uint64_t group = (uint64_t)n * MIG_MAX_CHANNELS + (uint64_t)c;
            mig_rng_gsl_reset(r, mig_rng_subkey(mig_rng_subkey(keys->departures, group), (uint64_t)day));
            unsigned k = gsl_ran_poisson(r, lambda);
            if (mig_agents_reserve(&run->agents, k)) {
                snprintf(err, MIG_ERR_LEN, "out of memory adding %u agents", k);
                return -1;
            }
            uint64_t gday = mig_rng_subkey(mig_rng_subkey(0x61676e74ULL, group), (uint64_t)day);
            for (unsigned i = 0; i < k; i++) {
                uint64_t akey = mig_rng_subkey(gday, i);
                mig_rng_gsl_reset(r, mig_rng_subkey(keys->traits, akey));
                double money = gsl_ran_lognormal(r, mu, sqrt(sigma2));
                double u_dest = gsl_rng_uniform(r);
                int taken = c, dest = -2;
                if (!channel_usable(w, n, pref) && g->displacement < 0) {
                    /* The choice model: the destination is the one the person
                     * meant to reach through the lost channel. */
                    taken = -1;
                    dest = pick_destination(w, g, pref->to, u_dest);
                    if (dest >= 0) {
                        if (choice.nat != n) {
                            unsigned usable = 0;
                            for (int a = 0; a < g->n_channels; a++)
                                if (channel_usable(w, n, &g->channels[a]))
                                    usable |= 1u << a;
                            mig_choice_prepare(w, n, usable, &choice);
                        }
                        taken = mig_choice_pick(w, &choice, c, dest, money,
                                                mig_u01(mig_rng_subkey(keys->channel, akey), 0));
                    }
                    if (taken < 0)
                        dest = -1;
                } else if (!channel_usable(w, n, pref)) {
                    uint64_t ck = mig_rng_subkey(keys->channel, akey);
                    taken = -1;
                    if (mig_u01(ck, 0) < g->displacement) {
                        double total = 0;
                        for (int a = 0; a < g->n_channels; a++)
                            if (a != c && channel_usable(w, n, &g->channels[a]))
                                total += g->channels[a].weight;
                        double x = mig_u01(ck, 1) * total;
                        for (int a = 0; a < g->n_channels && total > 0; a++) {
                            if (a == c || !channel_usable(w, n, &g->channels[a]))
                                continue;
                            taken = a;
                            if (x < g->channels[a].weight)
                                break;
                            x -= g->channels[a].weight;
                        }
                    }
                }
                if (dest == -2)
                    dest = taken >= 0 ? pick_destination(w, g, g->channels[taken].to, u_dest) : -1;
                if (dest < 0) {
                    /* No usable channel, or one whose entry reaches none of the
                     * group's destinations: a person who knows that stays home. */
                    row[L->deterred + n * L->n_channels + c]++;
                    continue;
                }
                if (taken != c)
                    row[L->displaced + n * L->n_channels + taken]++;
                const mig_channel *ch = &g->channels[taken];
                mig_agents *A = &run->agents;
                size_t j = A->n++;
                int days = (int)ceil(ch->days - 1e-9);
                A->key[j] = akey;
                A->where[j] = ch->to;
                A->days_left[j] = (uint16_t)days;
                A->depart_day[j] = (uint16_t)d;
                /* The fare of the entry channel is paid first; what is left pays smugglers. */
                A->money[j] = (float)(money > ch->cost ? money - ch->cost : 0);
                A->state[j] = days > 0 ? MIG_ST_ENTERING : MIG_ST_WAITING;
                A->nat[j] = (uint8_t)n;
                A->channel[j] = (uint8_t)taken;
                A->dest[j] = (uint8_t)dest;
                A->attempts[j] = 0;
                A->flags[j] = 0;
                A->group[j] = 0;
                row[L->departures + n * L->n_channels + taken]++;
            }
        }
    }
    return 0;
}

static inline double move_prob(const mig_world *w, int loc)
{
    const mig_location *l = &w->locations[loc];
    return l->move_prob >= 0 ? l->move_prob : w->params.move_prob[l->kind];
}

static inline void arrive(const mig_run *run, const run_keys *keys, size_t i, int loc, uint64_t day_mix, int64_t *t)
{
    const mig_world *w = run->world;
    const mig_layout *L = &run->layout;
    mig_agents *A = (mig_agents *)&run->agents;
    int c = w->locations[loc].country, n = A->nat[i];
    A->state[i] = MIG_ST_ARRIVED;
    A->where[i] = loc;
    t[L->arrivals + c * L->n_nats + n]++;
    uint64_t k = mig_rng_subkey_premixed(keys->arrival ^ A->key[i], day_mix);
    if (mig_u01(k, 0) < w->countries[c].asylum_prob)
        t[L->asylum + c * L->n_nats + n]++;
}

/* Where an agent is at the end of the day, for the stock and transit counts. */
static inline void count_place(const mig_run *run, size_t i, int64_t *t)
{
    const mig_layout *L = &run->layout;
    const mig_agents *A = &run->agents;
    switch (A->state[i]) {
    case MIG_ST_WAITING:
        t[L->stock + A->where[i]]++;
        if (A->flags[i] & MIG_FLAG_EXPLOITED)
            t[L->in_exploitation]++;
        break;
    case MIG_ST_RECEPTION:
        t[L->stock + A->where[i]]++;
        t[L->reception + A->where[i]]++;
        break;
    case MIG_ST_ARRIVED:
    case MIG_ST_RETURNED:
    case MIG_ST_DETAINED:
        break;
    default:
        t[L->in_transit]++;
        break;
    }
}

static inline void stay(mig_agents *A, size_t i)
{
    if (A->days_left[i] < UINT16_MAX)
        A->days_left[i]++;  /* days waited here */
}

/* A client of an active group who is short of money or stuck may be exploited
 * (extortion, forced labour, debt bondage): held, unable to move on, until
 * released. Returns 1 if the agent is held today. */
static inline int exploitation(const mig_run *run, const run_keys *keys, size_t i, uint64_t day_mix, int64_t *t)
{
    const mig_world *w = run->world;
    const mig_params *p = &w->params;
    mig_agents *A = (mig_agents *)&run->agents;
    uint64_t sk = mig_rng_subkey_premixed(keys->smuggling ^ A->key[i], day_mix);
    if (A->flags[i] & MIG_FLAG_EXPLOITED) {
        if (mig_u01(sk, 5) < p->release_prob) {
            A->flags[i] &= (uint8_t)~MIG_FLAG_EXPLOITED;
            return 0;
        }
        return 1;
    }
    int vulnerable = A->money[i] < p->vulnerable_money || A->days_left[i] >= p->vulnerable_days;
    if (!vulnerable || !(mig_u01(sk, 4) < p->exploitation_rate))
        return 0;
    A->flags[i] |= MIG_FLAG_EXPLOITED;
    if (!(A->flags[i] & MIG_FLAG_VICTIM)) {
        const mig_layout *L = &run->layout;
        A->flags[i] |= MIG_FLAG_VICTIM;
        t[L->victims + w->locations[A->where[i]].country * L->n_nats + A->nat[i]]++;
    }
    return 1;
}

static int queue_candidate(mig_run *run, int t, size_t i, int route, uint64_t sk)
{
    if (run->n_cand[t] == run->cap_cand[t]) {
        size_t ncap = run->cap_cand[t] ? run->cap_cand[t] * 2 : 1024;
        mig_candidate *p = realloc(run->cand[t], ncap * sizeof *p);
        if (!p)
            return -1;
        run->cand[t] = p;
        run->cap_cand[t] = ncap;
    }
    run->cand[t][run->n_cand[t]++] = (mig_candidate){ mig_bits(sk, 0), sk, i, route, run->agents.money[i], 0 };
    return 0;
}

static void cross_border(mig_run *run, const run_keys *keys, size_t i, int r, int g, uint64_t sk, uint64_t day_mix,
                         int64_t *t);
static void radix_sort_queue(queue_slot *q, queue_slot *tmp, size_t n);

/* Is route r's border closed? */
static inline int route_closed(const mig_world *w, int r)
{
    int b = w->routes[r].border;
    return b >= 0 && w->borders[b].closed >= 0.5;
}

/* An agent whose next hop, route r, crosses a closed border (docs/model.md, Closed
 * borders). It has a patience of its own, an exponential draw with mean
 * closure.wait_days fixed for its journey, measured in days waited at this place:
 * until that is spent it stays and tries again on a later move. Then it goes home
 * with probability closure.give_up, else it takes another way on from here (the
 * route odds without closed borders); with none, it goes home. Returns the route
 * it takes, or -1 if it stays or went home (its day then counted). Draws 2 and 3
 * of the move stream mk are its own (0 and 1 chose to move and the hop). */
static int turned_away(mig_run *run, const run_keys *keys, size_t i, int s0, int s1, int r, uint64_t mk, int64_t *t)
{
    const mig_world *w = run->world;
    const mig_layout *L = &run->layout;
    mig_agents *A = &run->agents;
    int bn = w->routes[r].border * L->n_nats + A->nat[i];
    double u = mig_u01(mig_rng_subkey(keys->move ^ A->key[i], 0x636c6f73656400ULL), 0);
    double patience = -w->params.closure_wait_days * log1p(-u);
    if ((double)A->days_left[i] < patience) {
        t[L->closed_waiting + bn]++;
        stay(A, i);
        count_place(run, i, t);
        return -1;
    }
    int alt = -1;
    if (!(mig_u01(mk, 2) < w->params.closure_give_up)) {
        const double *cdf = run->route_cdf + (size_t)A->dest[i] * (size_t)w->n_routes;
        double open = 0, prev = 0;
        for (int s = s0; s < s1; s++) {
            if (!route_closed(w, w->out_routes[s]))
                open += cdf[s] - prev;
            prev = cdf[s];
        }
        if (open > 0) {
            double x = mig_u01(mk, 3) * open, acc = 0;
            prev = 0;
            for (int s = s0; s < s1; s++) {
                double p = cdf[s] - prev;
                prev = cdf[s];
                if (route_closed(w, w->out_routes[s]) || !(p > 0))
                    continue;
                alt = w->out_routes[s];
                acc += p;
                if (x < acc)
                    break;
            }
        }
    }
    if (alt < 0) {
        t[L->closed_gave_up + bn]++;
        t[L->returned + A->nat[i]]++;
        A->state[i] = MIG_ST_RETURNED;
        return -1;
    }
    t[L->closed_rerouted + bn]++;
    return alt;
}

/* A waiting agent whose move draw (stream key mk) says it moves on today: the next
 * hop toward its destination, drawn on today's route odds. A route across a border
 * with a smuggling market queues it for the market (returns 1, the route in *route);
 * any other border is crossed at once; with no way on, it stays. */
/* Inlined into both loops of phase_move(): with two callers GCC stops inlining
 * these, and the call per agent-day costs more than the work (+28% instructions). */
#define PER_AGENT static inline __attribute__((always_inline))

PER_AGENT int move_on(mig_run *run, const run_keys *keys, size_t i, uint64_t mk, uint64_t day_mix, int64_t *t,
                      int *route)
{
    const mig_world *w = run->world;
    const mig_layout *L = &run->layout;
    mig_agents *A = &run->agents;
    int u = A->where[i];
    int s0 = w->out_start[u], s1 = w->out_start[u + 1];
    const double *cdf = run->route_cdf + (size_t)A->dest[i] * (size_t)w->n_routes;
    double total = s1 > s0 ? cdf[s1 - 1] : 0;
    if (!(total > 0)) {  /* no way on from here: stays */
        stay(A, i);
        count_place(run, i, t);
        return 0;
    }
    double x = mig_u01(mk, 1) * total;
    int s = s0;
    while (s < s1 - 1 && cdf[s] <= x)
        s++;
    int r = w->out_routes[s];
    const mig_route *rt = &w->routes[r];
    if (rt->border >= 0 && w->borders[rt->border].closed >= 0.5) {
        r = turned_away(run, keys, i, s0, s1, r, mk, t);
        if (r < 0)
            return 0;
        rt = &w->routes[r];
    }
    if (rt->border >= 0) {
        const mig_smuggling *sm = &run->smug;
        if (sm->seg_start[rt->border + 1] > sm->seg_start[rt->border]) {
            *route = r;
            return 1;
        }
        uint64_t sk = mig_rng_subkey_premixed(keys->smuggling ^ A->key[i], day_mix);
        cross_border(run, keys, i, r, MIG_MARKET_NONE, sk, day_mix, t);  /* no market: no one waits for it */
        return 0;
    }
    A->state[i] = MIG_ST_TRAVELLING;
    A->where[i] = r;
    A->days_left[i] = (uint16_t)rt->days;
    t[L->route_entries + r]++;
    count_place(run, i, t);
    return 0;
}

/* One agent's day. Draws are keyed by (purpose, agent, day), so the outcome does
 * not depend on which thread runs it or on what other agents did today. An agent
 * that sets out across a segment where smuggling groups sell places is queued for
 * the day's market (returns 1) and finishes its day in cross_border() then;
 * elsewhere nothing is shared, and it crosses at once. */
PER_AGENT int step_agent(mig_run *run, const run_keys *keys, size_t i, uint64_t day_mix, int64_t *t, int *route)
{
    const mig_world *w = run->world;
    mig_agents *A = &run->agents;
    switch (A->state[i]) {
    case MIG_ST_ENTERING:
        if (--A->days_left[i] == 0)
            A->state[i] = MIG_ST_WAITING;
        break;
    case MIG_ST_TRAVELLING:
        if (--A->days_left[i] == 0) {
            int to = w->routes[A->where[i]].to;
            if (to == w->dest_loc[A->dest[i]]) {
                arrive(run, keys, i, to, day_mix, t);
                return 0;
            }
            A->state[i] = MIG_ST_WAITING;
            A->where[i] = to;
        }
        break;
    case MIG_ST_WAITING: {
        int u = A->where[i];
        if (u == w->dest_loc[A->dest[i]]) {  /* entered directly at the destination */
            arrive(run, keys, i, u, day_mix, t);
            return 0;
        }
        if (A->group[i] && exploitation(run, keys, i, day_mix, t)) {
            stay(A, i);
            break;
        }
        uint64_t mk = mig_rng_subkey_premixed(keys->move ^ A->key[i], day_mix);
        if (mig_u01(mk, 0) >= run->move_p[u]) {
            stay(A, i);
            break;
        }
        return move_on(run, keys, i, mk, day_mix, t, route);
    }
    case MIG_ST_RECEPTION: {
        int c = w->locations[A->where[i]].country;
        uint64_t rk = mig_rng_subkey_premixed(keys->reception ^ A->key[i], day_mix);
        if (mig_u01(rk, 0) < w->countries[c].abscond_prob) {
            A->state[i] = MIG_ST_WAITING;
            A->days_left[i] = 0;
        }
        break;
    }
    default:
        return 0;
    }
    count_place(run, i, t);
    return 0;
}

/* What the border market gives a candidate at segment b with money, in queue
 * order (places are shared): a group with a free place it can pay (its place is
 * taken now), MIG_MARKET_NONE (no group it can pay), MIG_MARKET_FULL (all full:
 * it goes alone) or MARKET_WAIT (all full: it waits for a place another day). */
enum { MARKET_WAIT = -3 };
static int market_choice(mig_run *run, int b, double money, uint64_t sk, int64_t *t)
{
    const mig_world *w = run->world;
    mig_smuggling *sm = &run->smug;
    if (!(sm->seg_start[b + 1] > sm->seg_start[b]))
        return MIG_MARKET_NONE;
    int g = mig_smuggling_offer(sm, w, b, money, mig_u01(sk, 1));
    if (g == MIG_MARKET_FULL) {
        t[run->layout.unmet + b]++;
        if (mig_u01(sk, 2) < w->params.wait_if_full)
            return MARKET_WAIT;
    }
    if (g >= 0)
        sm->used[g] += 1;
    return g;
}

/* An agent at the start of route r, which crosses a border, with what the market
 * gave it (market_choice; MIG_MARKET_NONE where there is none) and its smuggling
 * stream key sk today: it waits for a place, or pays its group and crosses with it,
 * or crosses alone; then the border police. The outcome is the agent's own:
 * crossings may be decided in any order once the market has served the queue. */
static void cross_border(mig_run *run, const run_keys *keys, size_t i, int r, int g, uint64_t sk, uint64_t day_mix,
                         int64_t *t)
{
    const mig_world *w = run->world;
    const mig_layout *L = &run->layout;
    mig_agents *A = &run->agents;
    mig_smuggling *sm = &run->smug;
    const mig_route *rt = &w->routes[r];
    const mig_border *b = &w->borders[rt->border];
    int n = A->nat[i], bn = rt->border * L->n_nats + n;
    double detect = b->detection_prob;
    if (g == MARKET_WAIT) {
        stay(A, i);
        count_place(run, i, t);
        return;
    }
    if (g >= 0) {
        double price = mig_smuggling_price(sm, w, g, rt->border);
        A->money[i] -= (float)price;
        if (A->money[i] < 0)
            A->money[i] = 0;
        A->group[i] = (uint16_t)(g + 1);
        int64_t eur = (int64_t)llround(price);
        t[L->revenue + rt->border] += eur;
        t[L->group_revenue + g] += eur;
        t[L->group_clients + g]++;
        t[L->smuggled + bn]++;
        detect *= 1 - w->groups[g].skill;
    }
    uint64_t bk = mig_rng_subkey_premixed(keys->border ^ A->key[i], day_mix);
    t[L->attempts + bn]++;
    if (mig_u01(bk, 0) < detect) {
        t[L->detections + bn]++;
        if (g >= 0) {
            t[L->smuggled_detections + bn]++;
            size_t k = ((size_t)run->today * (size_t)sm->n_groups + (size_t)g) * (size_t)sm->n_countries +
                       (size_t)b->to_country;
            sm->reports[k]++;
            if (mig_u01(sk, 3) < w->params.arrest_rate)
                t[L->arrests_in_act + b->to_country]++;
        }
        if (A->attempts[i] == 0)
            t[L->first_detected + n]++;
        if (A->attempts[i] < 255)
            A->attempts[i]++;
        double v = mig_u01(bk, 1);
        if (v < b->pushback_share) {
            t[L->pushbacks + bn]++;
            if (mig_u01(bk, 2) < w->params.give_up_prob) {
                A->state[i] = MIG_ST_RETURNED;
                t[L->returned + n]++;
                return;
            }
            stay(A, i);
        } else if (v < b->pushback_share + b->registration_share) {
            t[L->registrations + bn]++;
            A->state[i] = MIG_ST_RECEPTION;
            A->where[i] = b->reception >= 0 ? b->reception : rt->to;
            A->days_left[i] = 0;
        } else {
            t[L->detained + bn]++;
            A->state[i] = MIG_ST_DETAINED;
            return;
        }
        count_place(run, i, t);
        return;
    }
    A->state[i] = MIG_ST_TRAVELLING;
    A->where[i] = r;
    A->days_left[i] = (uint16_t)rt->days;
    t[L->route_entries + r]++;
    count_place(run, i, t);
}

/* The serving order of the day's queue q (n candidates) in order[], by the top 32
 * bits of each priority, ties by agent: an LSD radix sort, 8 bits a pass, through
 * tmp, then each run of equal keys put in agent order (runs are rare and short).
 * The queue is filled in whatever order the threads and the vector pass find
 * candidates; the order served depends only on the agents. A sort by comparisons
 * took a quarter of a default run. */
static void sort_queue(const mig_candidate *q, queue_slot *order, queue_slot *tmp, size_t n)
{
    for (size_t k = 0; k < n; k++)
        order[k] = (queue_slot){ q[k].priority, k };
    radix_sort_queue(order, tmp, n);
    for (size_t a = 0; a < n;) {
        size_t b = a + 1;
        while (b < n && (order[b].priority >> 32) == (order[a].priority >> 32))
            b++;
        for (size_t k = a + 1; k < b; k++)  /* insertion sort by agent */
            for (size_t j = k; j > a && q[order[j - 1].at].i > q[order[j].at].i; j--) {
                queue_slot x = order[j];
                order[j] = order[j - 1];
                order[j - 1] = x;
            }
        a = b;
    }
}

/* The radix passes of sort_queue(): stable, by the top 32 bits. */
static void radix_sort_queue(queue_slot *q, queue_slot *tmp, size_t n)
{
    queue_slot *src = q, *dst = tmp;
    for (int shift = 32; shift < 64; shift += 8) {
        size_t count[257] = { 0 };
        for (size_t k = 0; k < n; k++)
            count[((src[k].priority >> shift) & 0xff) + 1]++;
        for (int b = 0; b < 256; b++)
            count[b + 1] += count[b];
        for (size_t k = 0; k < n; k++)
            dst[count[(src[k].priority >> shift) & 0xff]++] = src[k];
        queue_slot *x = src;
        src = dst;
        dst = x;
    }
    /* four passes: the sorted queue is back in q */
}

static int64_t sum_range(const int64_t *row, int off, int n)
{
    int64_t s = 0;
    for (int i = 0; i < n; i++)
        s += row[off + i];
    return s;
}

/* ---- the day, phase by phase (docs/model.md, section 3) ----------------------
 * Each phase reads and writes the run and the day's tally row; the step runs them
 * in this order, which is the model: the scenario acts first, people decide to
 * leave, everyone moves, the border market serves the crossings in one queue, the
 * police act on the groups, and only then are the day's counts learned from and
 * summed up. */

/* What the phases of one day share. */
typedef struct day_ctx {
    int d, day;        /* day index from the run start; the date (days since 1970) */
    run_keys keys;     /* the run's stream keys */
    uint64_t day_mix;  /* the day's half of every agent's keys */
    int64_t *row;      /* the day's tally row */
} day_ctx;

/* The scenario's day hook (scheduled events, triggers, on_day), which may change
 * the world, then the world made ready again if it changed its structure. */
static int phase_hook(mig_run *run, const day_ctx *c, char *err)
{
    if (run->hook && run->hook(run->hook_ctx, run, c->day, err))
        return -1;
    if (!run->world->finalized && mig_world_finalize(run->world, err))
        return -1;
    return 0;
}

/* Today's route odds, from today's parameters and the risk learned so far. */
static void phase_routes(mig_run *run)
{
    build_route_cdf(run);
}

/* New departures by nationality and channel (departures()). */
static int phase_departures(mig_run *run, const day_ctx *c, char *err)
{
    gsl_rng *r = mig_rng_gsl_new();
    if (!r) {
        snprintf(err, MIG_ERR_LEN, "out of memory");
        return -1;
    }
    int rc = departures(run, c->d, c->row, r, &c->keys, err);
    gsl_rng_free(r);
    return rc ? -1 : 0;
}

/* Into the day's market queue, at a place drawn for the agent and day. Returns 0,
 * or 1 if out of memory. */
static int queue_market(mig_run *run, const run_keys *keys, size_t i, int route, uint64_t day_mix, int t)
{
    uint64_t sk = mig_rng_subkey_premixed(keys->smuggling ^ run->agents.key[i], day_mix);
    return queue_candidate(run, t, i, route, sk) != 0;
}

/* step_agent(), then the queue for an agent that set out across a border with a market. */
PER_AGENT int step_queue(mig_run *run, const run_keys *keys, size_t i, uint64_t day_mix, int64_t *tt, int t)
{
    int route;
    return step_agent(run, keys, i, day_mix, tt, &route) ? queue_market(run, keys, i, route, day_mix, t) : 0;
}

/* Every agent's day, in parallel over slices of the store: travel, wait, move on,
 * abscond; those who reach a border with a smuggling market are queued for it. */
static int phase_move(mig_run *run, const day_ctx *c, char *err)
{
    const mig_world *w = run->world;
    const mig_layout *L = &run->layout;
    for (int l = 0; l < w->n_locations; l++)
        run->move_p[l] = move_prob(w, l);
    size_t n = run->agents.n;
    int T = run->threads, oom = 0;
    mig_smuggling_begin_day(&run->smug, w, run->seed, c->day);
    for (int t = 0; t < T; t++)
        run->n_cand[t] = 0;  /* also for threads that may not run today */
    const run_keys *keys = &c->keys;
    uint64_t day_mix = c->day_mix;
#ifdef _OPENMP
#pragma omp parallel num_threads(T) reduction(|| : oom)
#endif
    {
#ifdef _OPENMP
        int t = omp_get_thread_num(), nt = omp_get_num_threads();
#else
        int t = 0, nt = 1;
#endif
        int64_t *tt = run->thread_tally[t];
        memset(tt, 0, (size_t)L->size * sizeof *tt);
        size_t lo = n * (size_t)t / (size_t)nt, hi = n * (size_t)(t + 1) / (size_t)nt;
        for (size_t b0 = lo; b0 < hi; b0 += MIG_QUICK_BLOCK) {
            size_t b1 = hi - b0 < MIG_QUICK_BLOCK ? hi : b0 + MIG_QUICK_BLOCK;
            if (!run->vector_days) {
                for (size_t i = b0; i < b1; i++)
                    oom |= step_queue(run, keys, i, day_mix, tt, t);
                continue;
            }
            /* The ordinary days of the block at once, then the others. */
            mig_quick_rest rest;
            mig_quick_days(run, keys->move ^ day_mix, keys->smuggling ^ day_mix, b0, b1, tt, &rest);
            for (size_t k = 0; k < rest.n_move; k++) {
                size_t i = b0 + rest.move[k];
                int route;
                if (move_on(run, keys, i, rest.move_key[k], day_mix, tt, &route))
                    oom |= queue_market(run, keys, i, route, day_mix, t);
            }
            for (size_t k = 0; k < rest.n_slow; k++)
                oom |= step_queue(run, keys, b0 + rest.slow[k], day_mix, tt, t);
        }
    }
    /* Integer sums: the same whatever the number of threads. Rows of threads that
     * did not run are zero from the memset above or from the previous day. */
    for (int t = 0; t < T; t++) {
        const int64_t *tt = run->thread_tally[t];
        for (int k = 0; k < L->size; k++)
            c->row[k] += tt[k];
        memset(run->thread_tally[t], 0, (size_t)L->size * sizeof *tt);
    }
    if (oom) {
        snprintf(err, MIG_ERR_LEN, "out of memory queueing border crossings");
        return -1;
    }
    return 0;
}

/* Room for need candidates in run->cand[k]. 0 or -1 with err. */
static int reserve_cand(mig_run *run, int k, size_t need, char *err)
{
    if (run->cap_cand[k] >= need)
        return 0;
    mig_candidate *p = realloc(run->cand[k], need * sizeof *p);
    if (!p) {
        snprintf(err, MIG_ERR_LEN, "out of memory queueing border crossings");
        return -1;
    }
    run->cand[k] = p;
    run->cap_cand[k] = need;
    return 0;
}

/* Room for need slots of the serving order. 0 or -1 with err. */
static int reserve_order(mig_run *run, size_t need, char *err)
{
    if (run->cap_order >= need)
        return 0;
    queue_slot *p = realloc(run->order, need * sizeof *p);
    if (!p) {
        snprintf(err, MIG_ERR_LEN, "out of memory queueing border crossings");
        return -1;
    }
    run->order = p;
    run->cap_order = need;
    return 0;
}

/* The border market: every crossing of the day in one queue, in an order drawn
 * per agent and day, so places go to no one by age or thread. */
static int phase_market(mig_run *run, const day_ctx *c, char *err)
{
    int T = run->threads;
    size_t nq = 0;
    for (int t = 0; t < T; t++)
        nq += run->n_cand[t];
    if (!nq)
        return 0;
    /* cand[0] gathers the queue; run->order holds 2 x nq slots: the serving order,
     * then the sort's scratch. */
    if (reserve_cand(run, 0, nq, err) || reserve_order(run, 2 * nq, err))
        return -1;
    mig_candidate *q = run->cand[0];
    size_t k = run->n_cand[0];
    for (int t = 1; t < T; t++) {
        if (run->n_cand[t])  /* a thread that queued nothing may have no buffer yet */
            memcpy(q + k, run->cand[t], run->n_cand[t] * sizeof *q);
        k += run->n_cand[t];
    }
    queue_slot *order = run->order;
    sort_queue(q, order, order + nq, nq);
    /* Served in order: only the places are shared, and the candidate carries what
     * the market needs, so this loop reads no agent. */
    for (k = 0; k < nq; k++) {
        mig_candidate *x = &q[order[k].at];
        x->choice = market_choice(run, run->world->routes[x->route].border, x->money, x->sk, c->row);
    }
    /* Then each crossing, in the queue as filled (about agent order), which reads
     * the agents' fields in the order they lie in memory. */
    for (k = 0; k < nq; k++)
        cross_border(run, &c->keys, q[k].i, q[k].route, q[k].choice, q[k].sk, c->day_mix, c->row);
    return 0;
}

/* The police against the groups: intelligence, dismantling, takeovers (smuggling.c). */
static int phase_smuggling(mig_run *run, const day_ctx *c, char *err)
{
    return mig_smuggling_end_day(run, c->d, c->row, err);
}

/* Frontex's series, derived once here so every reader sees the same numbers. */
static void phase_frontex(mig_run *run, const day_ctx *c)
{
    const mig_world *w = run->world;
    const mig_layout *L = &run->layout;
    for (int b = 0; b < w->n_borders; b++)
        if (w->borders[b].frontex)
            for (int k = 0; k < L->n_nats; k++)
                c->row[L->frontex + k] += c->row[L->detections + b * L->n_nats + k];
}

/* Learn border risk from today's outcomes, all nationalities together. */
static void phase_learn_risk(mig_run *run, const day_ctx *c)
{
    const mig_world *w = run->world;
    const mig_layout *L = &run->layout;
    double m = w->params.risk_memory;
    for (int b = 0; b < w->n_borders; b++) {
        /* Turned away at a closed border counts as a failed attempt: the news of a
         * closure spreads as detection risk does (docs/model.md, Closed borders). */
        int64_t away = sum_range(c->row, L->closed_waiting + b * L->n_nats, L->n_nats) +
                       sum_range(c->row, L->closed_rerouted + b * L->n_nats, L->n_nats) +
                       sum_range(c->row, L->closed_gave_up + b * L->n_nats, L->n_nats);
        int64_t att = sum_range(c->row, L->attempts + b * L->n_nats, L->n_nats) + away;
        if (att > 0) {
            double rate = (double)(sum_range(c->row, L->detections + b * L->n_nats, L->n_nats) + away) / (double)att;
            run->risk[b] = m * run->risk[b] + (1 - m) * rate;
        }
    }
}

/* The day into the totals and the running counts; finished agents compacted out. */
static void phase_account(mig_run *run, const day_ctx *c)
{
    const mig_layout *L = &run->layout;
    const int64_t *row = c->row;
    if (c->d == run->report_from)  /* warm-up over: totals count from here */
        memset(run->cum, 0, (size_t)L->size * sizeof *run->cum);
    for (int k = 0; k < L->size; k++)
        run->cum[k] += row[k];
    uint64_t ended = run->arrived + run->returned + run->detained;
    run->departed += (uint64_t)sum_range(row, L->departures, L->n_nats * L->n_channels);
    run->arrived += (uint64_t)sum_range(row, L->arrivals, L->n_countries * L->n_nats);
    run->returned += (uint64_t)sum_range(row, L->returned, L->n_nats);
    run->detained += (uint64_t)sum_range(row, L->detained, L->n_borders * L->n_nats);
    /* Compact only once finished agents are an eighth of the store: they cost a
     * byte read a day until then, and compaction rewrites every field. */
    run->ended_in_store += run->arrived + run->returned + run->detained - ended;
    if (run->ended_in_store * 8 > run->agents.n) {
        mig_agents_compact(&run->agents);
        run->ended_in_store = 0;
    }
}

/* Conservation: every person who left is somewhere, every day. */
static int phase_check_conservation(const mig_run *run, const day_ctx *c, char *err)
{
    const mig_layout *L = &run->layout;
    uint64_t active = run->agents.n - run->ended_in_store;
    uint64_t placed = (uint64_t)(sum_range(c->row, L->stock, L->n_locations) + c->row[L->in_transit]);
    if (run->departed != active + run->arrived + run->returned + run->detained || placed != active) {
        snprintf(err, MIG_ERR_LEN,
                 "conservation broken on day %d: departed %llu, active %llu, placed %llu, arrived %llu, returned %llu, detained %llu",
                 c->d, (unsigned long long)run->departed, (unsigned long long)active, (unsigned long long)placed,
                 (unsigned long long)run->arrived, (unsigned long long)run->returned,
                 (unsigned long long)run->detained);
        return -1;
    }
    return 0;
}

int mig_run_step(mig_run *run, char *err)
{
    if (run->today >= run->n_days)
        return 1;
    int d = run->today, day = run->start_day + d;
    day_ctx c = { d, day, keys_of(run->seed), mig_rng_premix((uint64_t)day),
                  run->tally + (size_t)d * (size_t)run->layout.size };
    if (phase_hook(run, &c, err))
        return -1;
    phase_routes(run);
    if (phase_departures(run, &c, err) || phase_move(run, &c, err) || phase_market(run, &c, err) ||
        phase_smuggling(run, &c, err))
        return -1;
    phase_frontex(run, &c);
    phase_learn_risk(run, &c);
    phase_account(run, &c);
    if (phase_check_conservation(run, &c, err))
        return -1;
    run->today++;
    return 0;
}

void mig_run_summarize(const mig_run *run, const int64_t *row, int nat, mig_summary *s)
{
    const mig_layout *L = &run->layout;
    memset(s, 0, sizeof *s);
    for (int n = 0; n < L->n_nats; n++) {
        if (nat >= 0 && n != nat)
            continue;
        for (int c = 0; c < L->n_channels; c++) {
            s->departures += row[L->departures + n * L->n_channels + c];
            s->deterred += row[L->deterred + n * L->n_channels + c];
            s->displaced += row[L->displaced + n * L->n_channels + c];
        }
        for (int b = 0; b < L->n_borders; b++) {
            int bn = b * L->n_nats + n;
            s->attempts += row[L->attempts + bn];
            s->detections += row[L->detections + bn];
            s->pushbacks += row[L->pushbacks + bn];
            s->registrations += row[L->registrations + bn];
            s->detained += row[L->detained + bn];
            s->smuggled += row[L->smuggled + bn];
            s->smuggled_detections += row[L->smuggled_detections + bn];
        }
        for (int c = 0; c < L->n_countries; c++) {
            s->arrivals += row[L->arrivals + c * L->n_nats + n];
            s->asylum += row[L->asylum + c * L->n_nats + n];
            s->victims += row[L->victims + c * L->n_nats + n];
        }
        s->returned += row[L->returned + n];
        s->first_detected += row[L->first_detected + n];
        s->frontex_detections += row[L->frontex + n];
    }
}

int mig_run_all(mig_run *run, char *err)
{
    int rc;
    while ((rc = mig_run_step(run, err)) == 0)
        ;
    return rc < 0 ? -1 : 0;
}
