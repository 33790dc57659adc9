/* smuggling.c: smuggling groups, police intelligence and the data-exchange
 * network (see smuggling.h and docs/model.md). */
#include "smuggling.h"
#include "date.h"
#include "rng.h"
#include "run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mig_smuggling_init(mig_smuggling *s, const mig_world *w, int n_days)
{
    memset(s, 0, sizeof *s);
    int G = w->n_groups, C = w->n_countries, B = w->n_borders;
    s->n_groups = G;
    s->n_countries = C;
    s->n_borders = B;
    s->n_days = n_days;
    size_t g1 = (size_t)G + 1, b1 = (size_t)B + 1;
    s->active = malloc(g1);
    s->generation = calloc(g1, sizeof *s->generation);
    s->vacant_since = malloc(g1 * sizeof *s->vacant_since);
    s->active_since = calloc(g1, sizeof *s->active_since);
    s->pending_intel = calloc((size_t)C + 1, sizeof *s->pending_intel);
    s->places = calloc(g1, sizeof *s->places);
    s->delivered_upto = -1;
    s->unmet_since = calloc(g1, sizeof *s->unmet_since);
    s->intel = calloc(g1 * (size_t)C, sizeof *s->intel);
    s->reports = calloc((size_t)n_days * (size_t)G * (size_t)C + 1, sizeof *s->reports);
    s->used = calloc(g1, sizeof *s->used);
    s->seg_start = calloc(b1, sizeof *s->seg_start);
    s->seg_groups = malloc(((size_t)G * MIG_MAX_GROUP_BORDERS + 1) * sizeof *s->seg_groups);
    s->ref_capacity = calloc(b1, sizeof *s->ref_capacity);
    s->price_mult = calloc(b1, sizeof *s->price_mult);
    if (!s->active || !s->generation || !s->vacant_since || !s->unmet_since || !s->intel || !s->reports ||
        !s->used || !s->seg_start || !s->seg_groups || !s->ref_capacity || !s->price_mult || !s->active_since ||
        !s->pending_intel || !s->places) {
        mig_smuggling_free(s);
        return -1;
    }
    for (int g = 0; g < G; g++) {
        s->active[g] = 1;
        s->vacant_since[g] = -1;
    }
    /* Groups of each segment in definition order (CSR), and the segment's
     * capacity as the run starts: the reference its prices are quoted at. */
    for (int g = 0; g < G; g++)
        for (int k = 0; k < w->groups[g].n_borders; k++)
            s->seg_start[w->groups[g].borders[k] + 1]++;
    for (int b = 0; b < B; b++)
        s->seg_start[b + 1] += s->seg_start[b];
    int *fill = calloc(b1, sizeof *fill);
    if (!fill) {
        mig_smuggling_free(s);
        return -1;
    }
    for (int g = 0; g < G; g++)
        for (int k = 0; k < w->groups[g].n_borders; k++) {
            int b = w->groups[g].borders[k];
            s->seg_groups[s->seg_start[b] + fill[b]++] = g;
            s->ref_capacity[b] += w->groups[g].capacity;
        }
    free(fill);
    return 0;
}

void mig_smuggling_free(mig_smuggling *s)
{
    free(s->active);
    free(s->generation);
    free(s->vacant_since);
    free(s->active_since);
    free(s->pending_intel);
    free(s->places);
    free(s->unmet_since);
    free(s->intel);
    free(s->reports);
    free(s->used);
    free(s->seg_start);
    free(s->seg_groups);
    free(s->ref_capacity);
    free(s->price_mult);
    memset(s, 0, sizeof *s);
}

void mig_smuggling_copy(mig_smuggling *dst, const mig_smuggling *src)
{
    size_t G = (size_t)src->n_groups, C = (size_t)src->n_countries, B = (size_t)src->n_borders;
    memcpy(dst->active, src->active, G);
    memcpy(dst->generation, src->generation, G * sizeof *src->generation);
    memcpy(dst->vacant_since, src->vacant_since, G * sizeof *src->vacant_since);
    memcpy(dst->active_since, src->active_since, G * sizeof *src->active_since);
    memcpy(dst->pending_intel, src->pending_intel, C * sizeof *src->pending_intel);
    memcpy(dst->places, src->places, G * sizeof *src->places);
    dst->delivered_upto = src->delivered_upto;
    memcpy(dst->unmet_since, src->unmet_since, G * sizeof *src->unmet_since);
    memcpy(dst->intel, src->intel, G * C * sizeof *src->intel);
    memcpy(dst->reports, src->reports, (size_t)src->n_days * G * C * sizeof *src->reports);
    memcpy(dst->used, src->used, G * sizeof *src->used);
    memcpy(dst->ref_capacity, src->ref_capacity, B * sizeof *src->ref_capacity);
    memcpy(dst->price_mult, src->price_mult, B * sizeof *src->price_mult);
}

void mig_smuggling_begin_day(mig_smuggling *s, const mig_world *w, uint64_t seed, int day)
{
    double e = w->params.price_elasticity;
    uint64_t key = s->n_groups ? mig_rng_subkey(mig_rng_purpose_key(seed, MIG_RNG_SMUGGLING), 0x706c6163ULL) : 0;
    for (int g = 0; g < s->n_groups; g++) {
        s->used[g] = 0;
        double x = w->groups[g].capacity / w->params.agent_weight;
        s->places[g] = floor(x + mig_u01(mig_rng_subkey(key, (uint64_t)g), (uint64_t)day));
    }
    for (int b = 0; b < s->n_borders; b++) {
        double cap = 0;
        for (int k = s->seg_start[b]; k < s->seg_start[b + 1]; k++) {
            int g = s->seg_groups[k];
            if (s->active[g])
                cap += w->groups[g].capacity;
        }
        /* Fewer places than the market had at the start: scarcer, dearer. */
        if (!(cap > 0))
            s->price_mult[b] = 0;
        else if (s->ref_capacity[b] > 0)
            s->price_mult[b] = pow(s->ref_capacity[b] / cap, e);
        else
            s->price_mult[b] = 1;
    }
}

int mig_smuggling_offer(const mig_smuggling *s, const mig_world *w, int b, double money, double u)
{
    double free_total = 0;
    int payable = 0;
    for (int k = s->seg_start[b]; k < s->seg_start[b + 1]; k++) {
        int g = s->seg_groups[k];
        if (!s->active[g] || mig_smuggling_price(s, w, g, b) > money)
            continue;
        payable = 1;
        double places = s->places[g] - s->used[g];
        if (places >= 1)
            free_total += places;
    }
    if (!payable)
        return MIG_MARKET_NONE;
    if (!(free_total > 0))
        return MIG_MARKET_FULL;
    double x = u * free_total;
    int last = MIG_MARKET_FULL;
    for (int k = s->seg_start[b]; k < s->seg_start[b + 1]; k++) {
        int g = s->seg_groups[k];
        if (!s->active[g] || mig_smuggling_price(s, w, g, b) > money)
            continue;
        double places = s->places[g] - s->used[g];
        if (places < 1)
            continue;
        last = g;
        if (x < places)
            return g;
        x -= places;
    }
    return last;  /* rounding at the top end */
}

static void add_intel_now(mig_smuggling *s, const mig_world *w, int c, double units)
{
    for (int g = 0; g < s->n_groups; g++)
        if (s->active[g] && mig_group_operates_in(w, g, c))
            s->intel[(size_t)g * (size_t)s->n_countries + (size_t)c] += units;
}

void mig_smuggling_add_intel(mig_smuggling *s, const mig_world *w, int c, double units)
{
    (void)w;
    s->pending_intel[c] += units;
}

/* Release the clients of a dismantled group: their contract ends, and those it
 * held are free again. Returns the number (agents) it was exploiting. */
static int64_t release_clients(mig_run *run, int g)
{
    mig_agents *A = &run->agents;
    uint16_t tag = (uint16_t)(g + 1);
    int64_t freed = 0;
    for (size_t i = 0; i < A->n; i++) {
        if (A->group[i] != tag)
            continue;
        A->group[i] = 0;
        if (A->flags[i] & MIG_FLAG_EXPLOITED) {
            A->flags[i] &= (uint8_t)~MIG_FLAG_EXPLOITED;
            freed++;
        }
    }
    return freed;
}

/* Yesterday's intelligence ages; today's own detections (today: G x C reports) add to it. */
static void age_intel(mig_smuggling *s, const int32_t *today, double decay, double unit)
{
    int G = s->n_groups, C = s->n_countries;
    for (int g = 0; g < G; g++)
        for (int c = 0; c < C; c++) {
            size_t k = (size_t)g * (size_t)C + (size_t)c;
            s->intel[k] = s->intel[k] * decay + today[k] * unit;
        }
}

/* The network: the reports a member made on day sd reach every other member
 * where the group operates on day sd + delay, aged by the days in transit.
 * Non-members neither send nor receive (membership as of delivery). When the
 * delay changes, every report is still delivered once: a longer delay holds
 * reports back, a shorter one releases the backlog at once. Reports on a
 * dismantled group's predecessor are not passed on about its successor. */
static void share_intel(mig_run *run, int d, int64_t *row, double decay, double unit)
{
    const mig_world *w = run->world;
    const mig_layout *L = &run->layout;
    mig_smuggling *s = &run->smug;
    int G = s->n_groups, C = s->n_countries;
    int delay = (int)w->params.network_delay_days;
    for (int sd = s->delivered_upto + 1; sd <= d - delay; sd++) {
        const int32_t *sent = s->reports + (size_t)sd * (size_t)G * (size_t)C;
        double aged = unit * pow(decay, d - sd);
        for (int g = 0; g < G; g++) {
            if (!s->active[g] || sd < s->active_since[g])
                continue;
            for (int from = 0; from < C; from++) {
                int32_t k = sent[(size_t)g * (size_t)C + (size_t)from];
                if (k == 0 || !(w->countries[from].network >= 0.5))
                    continue;
                for (int to = 0; to < C; to++) {
                    if (to == from || !(w->countries[to].network >= 0.5) || !mig_group_operates_in(w, g, to))
                        continue;
                    s->intel[(size_t)g * (size_t)C + (size_t)to] += k * aged;
                    row[L->intel_shared] += k;
                }
            }
        }
        s->delivered_upto = sd;
    }
}

/* Operations: today's one-off intelligence, and the sustained daily gain, on
 * each group operating in the country. */
static void apply_operations(mig_smuggling *s, const mig_world *w)
{
    for (int c = 0; c < s->n_countries; c++) {
        double units = s->pending_intel[c] + w->countries[c].intel_per_day;
        s->pending_intel[c] = 0;
        if (units > 0)
            add_intel_now(s, w, c, units);
    }
}

/* Dismantling: by the country where the intelligence is furthest past its threshold.
 * Returns -1 (err set) when the event log runs out of memory. */
static int dismantle(mig_run *run, int d, int64_t *row, char *err)
{
    const mig_world *w = run->world;
    const mig_params *p = &w->params;
    const mig_layout *L = &run->layout;
    mig_smuggling *s = &run->smug;
    int G = s->n_groups, C = s->n_countries;
    for (int g = 0; g < G; g++) {
        if (!s->active[g])
            continue;
        int by = -1;
        double best = 1;
        for (int c = 0; c < C; c++) {
            if (!mig_group_operates_in(w, g, c))
                continue;
            double ratio = s->intel[(size_t)g * (size_t)C + (size_t)c] / (p->threshold * w->countries[c].threshold_factor);
            if (ratio >= best) {
                best = ratio;
                by = c;
            }
        }
        if (by < 0)
            continue;
        const mig_group *gr = &w->groups[g];
        s->active[g] = 0;
        s->vacant_since[g] = d;
        s->unmet_since[g] = 0;
        row[L->dismantled + by]++;
        row[L->group_dismantled + g]++;
        row[L->arrests_dismantling + by] += (int64_t)gr->members;
        row[L->released] += release_clients(run, g);
        char label[200];
        snprintf(label, sizeof label, "smuggling group %s%s dismantled by %s police (%d arrests)", gr->id,
                 s->generation[g] ? " (successor)" : "", w->countries[by].code, (int)gr->members);
        mig_event_facts f = mig_facts("dismantled");
        mig_facts_text(f.group, sizeof f.group, gr->id);
        mig_facts_text(f.country, sizeof f.country, w->countries[by].code);
        if (mig_run_log(run, MIG_EVENT_SMUGGLING, label, &f)) {
            snprintf(err, MIG_ERR_LEN, "out of memory");
            return -1;
        }
    }
    return 0;
}

/* Replacement: a vacant market is taken over after a lag, replacement_days on
 * average, shorter by (1 + pressure) where the groups left turn would-be clients
 * away (pressure: requests turned away per day on its segments over its
 * capacity), but never below replacement_min_days on average. One draw a day for
 * each group vacant before today, from its own stream. Returns -1 (err set) when
 * the event log runs out of memory. */
static int take_over(mig_run *run, int d, int64_t *row, char *err)
{
    const mig_world *w = run->world;
    const mig_params *p = &w->params;
    const mig_layout *L = &run->layout;
    mig_smuggling *s = &run->smug;
    int G = s->n_groups, C = s->n_countries;
    uint64_t key = mig_rng_purpose_key(run->seed, MIG_RNG_SMUGGLING);
    for (int g = 0; g < G; g++) {
        if (s->active[g] || s->vacant_since[g] == d)
            continue;
        const mig_group *gr = &w->groups[g];
        for (int k = 0; k < gr->n_borders; k++)
            s->unmet_since[g] += (double)row[L->unmet + gr->borders[k]] * p->agent_weight;
        double days = (double)(d - s->vacant_since[g]);
        double pressure = gr->capacity > 0 ? s->unmet_since[g] / (days * gr->capacity) : 0;
        double lag = p->replacement_days / (1 + pressure);
        if (lag < p->replacement_min_days)
            lag = p->replacement_min_days;
        double hazard = 1 / lag;
        uint64_t rk = mig_rng_subkey(mig_rng_subkey(key, 0x7265706cULL + (uint64_t)g), (uint64_t)(run->start_day + d));
        if (mig_u01(rk, 0) >= hazard)
            continue;
        s->active[g] = 1;
        s->generation[g]++;
        s->vacant_since[g] = -1;
        s->active_since[g] = d + 1;  /* it sells from tomorrow; older reports are on its predecessor */
        for (int c = 0; c < C; c++)
            s->intel[(size_t)g * (size_t)C + (size_t)c] = 0;
        row[L->replaced]++;
        char label[200];
        snprintf(label, sizeof label, "a new group takes over the market of smuggling group %s (after %d days)",
                 gr->id, (int)days);
        mig_event_facts f = mig_facts("takeover");
        mig_facts_text(f.group, sizeof f.group, gr->id);
        if (mig_run_log(run, MIG_EVENT_SMUGGLING, label, &f)) {
            snprintf(err, MIG_ERR_LEN, "out of memory");
            return -1;
        }
    }
    return 0;
}

/* The day's row: groups active at its end and each segment's price. */
static void market_row(const mig_smuggling *s, const mig_world *w, const mig_layout *L, int64_t *row)
{
    int64_t active = 0;
    for (int g = 0; g < s->n_groups; g++)
        active += s->active[g];
    row[L->groups_active] = active;
    for (int b = 0; b < s->n_borders; b++)
        row[L->price + b] = (int64_t)llround(w->borders[b].smuggling_price * s->price_mult[b]);
}

int mig_smuggling_end_day(mig_run *run, int d, int64_t *row, char *err)
{
    const mig_params *p = &run->world->params;
    mig_smuggling *s = &run->smug;
    int G = s->n_groups, C = s->n_countries;
    if (G == 0)
        return 0;
    double unit = p->agent_weight * p->intel_per_detection;  /* intelligence per agent detected */
    double decay = exp(-log(2.0) / p->intel_half_life);
    age_intel(s, s->reports + (size_t)d * (size_t)G * (size_t)C, decay, unit);
    share_intel(run, d, row, decay, unit);
    apply_operations(s, run->world);
    if (dismantle(run, d, row, err) || take_over(run, d, row, err))
        return -1;
    market_row(s, run->world, &run->layout, row);
    return 0;
}
