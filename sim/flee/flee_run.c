/* flee_run.c: one run under Flee's rules (FLEE.md section 1.3, docs/flee.md).
 *
 * A day: the scenario's hook, conflict onsets from conflicts.csv, data-driven
 * spawning, the closures of the day, then Flee's evolve: scores, a decide pass
 * over all agents in creation order (occupancy counts change as agents step
 * onto links, so later agents see them, as in Flee), a travel pass with
 * same-day chaining, and the day's counts.
 *
 * Unlike Flee, every draw is keyed (seed, day, agent, draw number): a run is
 * reproducible and two runs of different policies share their random numbers. */
#include "flee.h"
#include "utf8.h"
#include "rng.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { DRAWS_FLAT = 64 };  /* draws per agent and day addressed without a sub-key */

/* Agents where the move chance is below this (camps: 0.001) do not draw every
 * day: one draw gives the day of their next success, geometrically distributed,
 * which is the same process as a daily draw (the draws are independent), and
 * is redrawn when the location's move chance changes. A camp of 50,000 then
 * costs 50 draws a day, not 50,000. */
#define SLEEP_BELOW 0.05

static int32_t wake_day(const mig_flee_run *r, int64_t a, int from, double p)
{
    if (p <= 0)
        return INT32_MAX;  /* never */
    double u = mig_u01(mig_rng_subkey(r->key_sleep, (uint64_t)from), (uint64_t)a);
    double g = floor(log1p(-u) / log1p(-p));  /* failures before the first success */
    return g < (double)(INT32_MAX - 1 - from) ? from + (int32_t)g : INT32_MAX - 1;
}

/* The wake day of agent a at location l from day `from` on, or -1 (draw daily;
 * always for an agent following a route, whose move chance is 1). */
static inline int32_t wake_at(const mig_flee_run *r, int64_t a, int from, int l)
{
    double p = r->movechance[l];
    return p < SLEEP_BELOW && !(r->flags[a] & MIG_FLEE_HAS_ROUTE) ? wake_day(r, a, from, p) : -1;
}

/* Agent a's next draw of the day as 53 random bits: draw() is this times 2^-53. */
static inline uint64_t draw_bits(uint64_t day_key, int64_t a, unsigned *k)
{
    unsigned i = (*k)++;
    if (i < DRAWS_FLAT)
        return mig_bits(day_key, (uint64_t)a * DRAWS_FLAT + i) >> 11;
    return mig_bits(mig_rng_subkey(day_key, (uint64_t)a), i) >> 11;
}

static inline double draw(uint64_t day_key, int64_t a, unsigned *k)
{
    return (double)draw_bits(day_key, a, k) * 0x1.0p-53;
}

static int is_camp(mig_flee_type t) { return t == MIG_FLEE_CAMP || t == MIG_FLEE_IDPCAMP; }

static double type_movechance(const mig_flee_settings *s, mig_flee_type t)
{
    switch (t) {
    case MIG_FLEE_CONFLICT: return s->conflict_movechance;
    case MIG_FLEE_CAMP: return s->camp_movechance;
    case MIG_FLEE_IDPCAMP: return s->idpcamp_movechance;
    case MIG_FLEE_FORWARD:
    case MIG_FLEE_MARKER: return 1;
    default: return s->default_movechance;
    }
}

static void *xrealloc(void *p, size_t n, size_t elem)
{
    return realloc(p, (n ? n : 1) * elem);
}

/* Populations and capacities scaled down by hasten as Flee does (floor division). */
static double scaled(const mig_flee_run *r, double persons)
{
    return floor(persons / r->set.hasten);
}

/* ---- occupancy ---- */

/* Change the agents at location l by delta. A change at a camp that is (or was)
 * beyond its capacity buffer changes its capacity multiplier, so the route
 * lottery's cached weights (choose) are stale from here. */
static inline void occ_add(mig_flee_run *r, int l, int64_t delta)
{
    int64_t was = r->occ[l];
    r->occ[l] = was + delta;
    if ((delta > 0 ? was + delta : was) > r->buffer_occ[l])
        r->lot_stamp++;
}

/* Agents are numbered in 32 bits (positions, lists, outputs). */
#define MAX_AGENTS ((int64_t)INT32_MAX)

/* Make room for need entries in a list of agent indices. 0 or -1 if out of memory. */
static int grow_list(int64_t **list, int64_t *cap, int64_t need)
{
    if (need <= *cap)
        return 0;
    int64_t c = *cap ? *cap : 1024;
    while (c < need && c < MAX_AGENTS)
        c *= 2;
    if (c < need)
        return -1;
    int64_t *p = realloc(*list, (size_t)c * sizeof *p);
    if (!p)
        return -1;
    *list = p;
    *cap = c;
    return 0;
}

/* ---- agents ---- */

static int grow_agents(mig_flee_run *r, int64_t need)
{
    if (need <= r->cap_agents)
        return 0;
    if (need > MAX_AGENTS)
        return -1;
    int64_t cap = r->cap_agents ? r->cap_agents : 1024;
    while (cap < need)
        cap = cap > MAX_AGENTS / 2 ? MAX_AGENTS : cap * 2;
    size_t n = (size_t)cap;
    int32_t *ps = xrealloc(r->pos, n, sizeof *ps);
    if (!ps) return -1;
    r->pos = ps;
    int32_t *wk = xrealloc(r->wake, n, sizeof *wk);
    if (!wk) return -1;
    r->wake = wk;
    float *ol = xrealloc(r->on_link, n, sizeof *ol);
    if (!ol) return -1;
    r->on_link = ol;
    uint8_t *fl = xrealloc(r->flags, n, sizeof *fl);
    if (!fl) return -1;
    r->flags = fl;
    if (r->set.avoid_short_stints != 0) {
        float *rc = xrealloc(r->recent, n, sizeof *rc);
        if (!rc) return -1;
        r->recent = rc;
    }
    if (r->route_width > 0) {
        int32_t *rt = xrealloc(r->route, n * (size_t)r->route_width, sizeof *rt);
        if (!rt) return -1;
        r->route = rt;
    }
    r->cap_agents = cap;
    return 0;
}

static int add_agents(mig_flee_run *r, int loc, int64_t n)
{
    if (n <= 0)
        return 0;
    if (grow_agents(r, r->n_agents + n))
        return -1;
    for (int64_t i = r->n_agents; i < r->n_agents + n; i++) {
        r->pos[i] = loc;
        r->on_link[i] = 0;
        r->flags[i] = MIG_FLEE_FIRST_HOP;
        if (r->recent)
            r->recent[i] = 0;
        r->wake[i] = wake_at(r, i, r->today, loc);
    }
    r->n_agents += n;
    occ_add(r, loc, n);
    return 0;
}

int mig_flee_run_spawn(mig_flee_run *r, int loc, int64_t n, char *err)
{
    if (loc < 0 || loc >= r->n_locs || n < 0) {
        snprintf(err, MIG_ERR_LEN, "spawn: bad location or count");
        return -1;
    }
    if (add_agents(r, loc, n)) {
        snprintf(err, MIG_ERR_LEN, "out of memory, or more than 2^31 agents, placing %lld more (raise hasten)",
                 (long long)n);
        return -1;
    }
    r->spawned[r->today < r->n_days ? r->today : r->n_days - 1] += n;
    return 0;
}

/* ---- locations: type, movechance, score ---- */

static void refresh_location(mig_flee_run *r, int l)
{
    const mig_flee_settings *s = &r->set;
    mig_flee_type t = r->base_type[l];
    if (r->camp_closed[l] > 0 && is_camp(t))
        t = MIG_FLEE_TOWN;
    else if (r->conflict[l] > 0 && t != MIG_FLEE_MARKER)
        t = MIG_FLEE_CONFLICT;
    else if (t == MIG_FLEE_CONFLICT)
        t = MIG_FLEE_TOWN;  /* a conflict zone before its onset or after its end */
    r->type[l] = t;
    double mc = type_movechance(s, t);
    if (s->movechance_pop_scale_factor != 0 && s->movechance_pop_base > 0) {
        const mig_flee_loc *L = &r->m->locs[l];
        double size = L->pop > L->capacity ? L->pop : L->capacity;
        mc *= pow(size / r->set.hasten / s->movechance_pop_base, s->movechance_pop_scale_factor);
    }
    r->movechance[l] = mc < 0 ? 0 : mc > 1 ? 1 : mc;
    /* The move-chance test on 53 random bits x: x < movechance x 2^53 (exact: a power
     * of two), for an integer x the same as x < ceil(movechance x 2^53). */
    r->thr[l] = (uint64_t)ceil(r->movechance[l] * 0x1.0p53);
}

static double flee_score(const mig_flee_run *r, int l, int t)
{
    const mig_flee_settings *s = &r->set;
    double score = 1;
    if (r->m->locs[l].foreign)
        score *= s->foreign_weight;
    if (is_camp(r->type[l]))
        score *= s->camp_weight;
    if (r->conflict[l] > 0)
        score *= pow(s->conflict_weight, mig_flee_decay(s, t - r->conflict_since[l]) * r->conflict[l]);
    return score;
}

/* ---- conflicts ---- */

static void conflict_on(mig_flee_run *r, int l, double v, int t)
{
    r->conflict[l] = v;
    r->conflict_since[l] = t;
    refresh_location(r, l);
}

static void conflict_off(mig_flee_run *r, int l)
{
    r->conflict[l] = 0;
    refresh_location(r, l);
}

/* Conflict onsets and ends of day t. Returns how many locations changed. */
static int apply_conflicts(mig_flee_run *r, int t)
{
    const mig_flee_model *m = r->m;
    int changed = 0;
    if (!m->has_conflicts) {
        /* Without conflicts.csv each conflict_zone row starts on its conflict_date. */
        for (int l = 0; l < r->n_locs; l++)
            if (m->locs[l].conflict_date == t && t > 0) {  /* loaded as towns until then */
                conflict_on(r, l, m->locs[l].conflict_intensity, t);
                changed++;
            }
        return changed;
    }
    if (t >= m->n_conflict_days)
        return 0;  /* past the file: the last day's state holds */
    const double *now = m->conflict_value + (size_t)t * (size_t)m->n_conflict_cols;
    const double *before = t > 0 ? now - m->n_conflict_cols : NULL;
    for (int c = 0; c < m->n_conflict_cols; c++) {
        int l = m->conflict_loc[c];
        if (l < 0)
            continue;
        double v = now[c], was = before ? before[c] : 0;
        if (v > 1e-6 && (was <= 1e-6 || !before)) {
            conflict_on(r, l, v, t);
            changed++;
        } else if (before && was > 0 && v <= 1e-6 && r->conflict[l] > 0) {
            conflict_off(r, l);
            changed++;
        }
        /* a change of intensity while the conflict lasts is ignored, as in Flee */
    }
    return changed;
}

/* ---- spawning ---- */

static void refresh_spawn_weights(mig_flee_run *r, int t)
{
    r->spawn_total = 0;
    for (int l = 0; l < r->n_locs; l++) {
        double w = 0;
        if (r->conflict[l] > 0)
            w = scaled(r, r->m->locs[l].pop) * r->conflict[l] *
                mig_flee_decay(&r->set, t - r->conflict_since[l]);
        r->spawn_w[l] = w;
        r->spawn_total += w;
    }
}

static int place_spawned(mig_flee_run *r, int t, int64_t n)
{
    if (n <= 0)
        return 0;
    if (r->spawn_total <= 0) {
        r->unplaced += n;  /* no conflict zone to come from (Flee fails here) */
        return 0;
    }
    uint64_t key = mig_rng_subkey(r->key_spawn, (uint64_t)t);
    for (int64_t j = 0; j < n; j++) {
        double u = mig_u01(key, (uint64_t)j) * r->spawn_total, acc = 0;
        int l = 0, last = -1;
        for (; l < r->n_locs; l++) {
            if (r->spawn_w[l] <= 0)
                continue;
            last = l;
            acc += r->spawn_w[l];
            if (u < acc)
                break;
        }
        if (l == r->n_locs)
            l = last;  /* rounding at the top end */
        if (add_agents(r, l, 1))
            return -1;
    }
    r->spawned[t] += n;
    return 0;
}

/* Flee's data-driven count of new agents: the day's increase summed over the
 * camp series, less the debt of earlier decreases. */
static int64_t data_driven_count(mig_flee_run *r, int t)
{
    const mig_flee_model *m = r->m;
    double h = r->set.hasten;
    int strict = r->set.strict != 0;
    double diff = 0;
    if (t == 0 && r->set.sum_from_camps == 0 && m->has_total) {
        diff = mig_flee_interp(&m->total, 0, h);
    } else if (t == 0) {
        /* Flee's day 0 sums every row of data_layout, the total included (strict). */
        for (int c = 0; c < m->n_camps; c++)
            diff += mig_flee_interp(&m->camps[c].s, 0, h);
        if (m->has_total && strict)
            diff += mig_flee_interp(&m->total, 0, h);
    } else if (r->set.sum_from_camps != 0 || !m->has_total) {
        for (int c = 0; c < m->n_camps; c++)
            diff += mig_flee_interp(&m->camps[c].s, t, h) - mig_flee_interp(&m->camps[c].s, t - 1, h);
    } else {
        diff = mig_flee_interp(&m->total, t, h) - mig_flee_interp(&m->total, t - 1, h);
    }
    r->raw += diff;
    int64_t n = (int64_t)diff - r->debt;
    if (t == 0 && r->set.insert_day0 != 0)
        n = 0;  /* the day-0 counts were placed in the camps */
    if (n < 0) {
        r->debt = -n;
        n = 0;
    } else if (r->debt > 0) {
        r->debt = 0;
    }
    return n;
}

static int conflict_driven(mig_flee_run *r, int t)
{
    uint64_t key = mig_rng_subkey(r->key_spawn, (uint64_t)t);
    gsl_rng *g = NULL;
    for (int l = 0; l < r->n_locs; l++) {
        if (r->conflict[l] <= 0)
            continue;
        double base = r->set.displaced_per_conflict_day * r->conflict[l];
        if (!(base * (r->set.conflict_spawn_mode == 2 ? scaled(r, r->m->locs[l].pop) : 1) <= MIG_FLEE_MAX_PERSONS)) {
            gsl_rng_free(g);
            return -1;  /* far beyond any agent count (conflict intensity x displaced_per_conflict_day) */
        }
        int64_t n;
        if (r->set.conflict_spawn_mode == 1) {
            if (!g && !(g = mig_rng_gsl_new()))
                return -1;
            mig_rng_gsl_reset(g, mig_rng_subkey(key, (uint64_t)l + 1));
            n = (int64_t)gsl_ran_poisson(g, base);
        } else if (r->set.conflict_spawn_mode == 2) {
            n = (int64_t)(base * scaled(r, r->m->locs[l].pop));
        } else {
            n = (int64_t)base;
        }
        if (add_agents(r, l, n)) {
            gsl_rng_free(g);
            return -1;
        }
        r->spawned[t] += n;
    }
    gsl_rng_free(g);
    return 0;
}

static int spawn_day(mig_flee_run *r, int t)
{
    if (r->set.conflict_driven_spawning != 0)
        return conflict_driven(r, t);
    return place_spawned(r, t, data_driven_count(r, t));
}

/* ---- closures ---- */

static int link_between(const mig_flee_run *r, int lk, int a, int b)
{
    return (r->lfrom[lk] == a && r->lto[lk] == b) || (r->lfrom[lk] == b && r->lto[lk] == a);
}

/* Closures are counted, so that a link closed by two overlapping closures
 * reopens when both have ended; Flee (strict) reopens it at the first end. */
static void close_count(const mig_flee_run *r, int *count, int open)
{
    if (r->set.strict != 0)
        *count = !open;
    else if (open)
        *count -= *count > 0;  /* reopening what is open changes nothing */
    else
        (*count)++;
}

static void close_link(mig_flee_run *r, int lk, int open)
{
    close_count(r, &r->lclosed[lk], open);
}

int mig_flee_run_closure(mig_flee_run *r, const mig_flee_closure *c, int open, char *err)
{
    const mig_flee_model *m = r->m;
    int a = -1, b = -1;
    switch (c->kind) {
    case MIG_FLEE_CLOSE_COUNTRY:
        for (int lk = 0; lk < r->n_links; lk++) {
            const char *ca = m->locs[r->lfrom[lk]].country, *cb = m->locs[r->lto[lk]].country;
            if ((strcmp(ca, c->a) == 0 && strcmp(cb, c->b) == 0) || (strcmp(ca, c->b) == 0 && strcmp(cb, c->a) == 0))
                close_link(r, lk, open);
        }
        return 0;
    case MIG_FLEE_CLOSE_LOCATION:
    case MIG_FLEE_CLOSE_LINK:
    case MIG_FLEE_CLOSE_CAMP:
    case MIG_FLEE_CLOSE_IDPCAMP:
        a = mig_flee_find_loc(m, c->a);
        if (a < 0) {
            snprintf(err, MIG_ERR_LEN, "%sno location '%s' to close", c->where, c->a);
            return -1;
        }
        break;
    default:
        return 0;  /* remove_forced_redirection: Flee's movement never reads the flag */
    }
    if (c->kind == MIG_FLEE_CLOSE_LOCATION) {
        for (int lk = 0; lk < r->n_links; lk++)
            if (r->lfrom[lk] == a || r->lto[lk] == a)
                close_link(r, lk, open);
    } else if (c->kind == MIG_FLEE_CLOSE_LINK) {
        b = mig_flee_find_loc(m, c->b);
        if (b < 0) {
            snprintf(err, MIG_ERR_LEN, "%sno location '%s' to close a link to", c->where, c->b);
            return -1;
        }
        for (int lk = 0; lk < r->n_links; lk++)
            if (link_between(r, lk, a, b))
                close_link(r, lk, open);
    } else {
        close_count(r, &r->camp_closed[a], open);
        refresh_location(r, a);
    }
    return 0;
}

int mig_flee_run_set_camp(mig_flee_run *r, int loc, int camp, double capacity, char *err)
{
    if (loc < 0 || loc >= r->n_locs) {
        snprintf(err, MIG_ERR_LEN, "camp: no such location");
        return -1;
    }
    if (camp) {
        r->base_type[loc] = MIG_FLEE_CAMP;
        r->cap[loc] = capacity > 0 ? scaled(r, capacity) * r->set.capacity_scaling : 0;
    } else {
        r->base_type[loc] = MIG_FLEE_TOWN;
    }
    refresh_location(r, loc);
    return 0;
}

/* Settings the run's setup depends on (agent arrays, links, candidates, day-0 placement). */
int mig_flee_setting_fixed(const char *name)
{
    static const char *const fixed[] = { "hasten", "awareness_level", "strict", "insert_day0",
                                         "avoid_short_stints", "capacity_scaling" };
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++)
        if (strcmp(name, fixed[i]) == 0)
            return 1;
    return 0;
}

int mig_flee_run_set(mig_flee_run *r, const char *name, double v, char *err)
{
    const mig_flee_setting_spec *sp = mig_flee_setting_find(name);
    if (sp && mig_flee_setting_fixed(sp->name)) {
        snprintf(err, MIG_ERR_LEN, "the Flee setting '%s' is fixed once the run has started: set it before", name);
        return -1;
    }
    if (mig_flee_setting_set(&r->set, name, v, err))
        return -1;
    for (int l = 0; l < r->n_locs; l++)
        refresh_location(r, l);
    return 0;
}

int mig_flee_run_log(mig_flee_run *r, const char *label, const mig_flee_facts *facts)
{
    if (r->n_events == r->cap_events) {
        int cap = r->cap_events ? 2 * r->cap_events : 16;
        mig_flee_event *e = realloc(r->events, (size_t)cap * sizeof *e);
        if (!e)
            return -1;
        r->events = e;
        r->cap_events = cap;
    }
    mig_flee_event *e = &r->events[r->n_events++];
    memset(e, 0, sizeof *e);
    e->day = r->today;
    mig_utf8_copy(e->label, sizeof e->label, label);  /* a long label is cut between characters */
    if (facts)
        memcpy(&e->facts, facts, sizeof e->facts);
    return 0;
}

static int apply_model_closures(mig_flee_run *r, int t, char *err)
{
    for (int i = 0; i < r->m->n_closures; i++) {
        const mig_flee_closure *c = &r->m->closures[i];
        if (c->kind == MIG_FLEE_CLOSE_FORCED)
            continue;
        char label[200];
        if (c->start == t) {
            if (mig_flee_run_closure(r, c, 0, err))
                return -1;
            snprintf(label, sizeof label, "closure: %s %.80s%s%.80s", mig_flee_close_names[c->kind], c->a,
                     *c->b ? " " : "", c->b);
            mig_flee_facts f = mig_flee_closure_facts(c, 0);
            mig_flee_run_log(r, label, &f);
        }
        if (c->end == t) {
            if (mig_flee_run_closure(r, c, 1, err))
                return -1;
            snprintf(label, sizeof label, "reopened: %s %.80s%s%.80s", mig_flee_close_names[c->kind], c->a,
                     *c->b ? " " : "", c->b);
            mig_flee_facts f = mig_flee_closure_facts(c, 1);
            mig_flee_run_log(r, label, &f);
        }
    }
    return 0;
}

/* ---- route lottery ---- */

/* A lottery table of up to this many candidates is padded to it, so that
 * choose() counts the entries passed in a fixed number of steps. */
#define CDF_SHORT 8

/* Steps of the lottery's search from one location: lookahead through markers
 * is not bounded by awareness, and a dense net of markers would take forever. */
#define WALK_BUDGET 200000

typedef struct cand_walk {
    mig_flee_run *r;
    int origin;
    int path[MIG_FLEE_MAX_HOPS + 1]; /* origin, then the hops so far */
    int n_path;
    long budget;
} cand_walk;

static int push_cand(mig_flee_run *r, int l, const mig_flee_cand *c)
{
    if (r->n_cand[l] == r->cap_cand[l]) {
        int cap = r->cap_cand[l] ? 2 * r->cap_cand[l] : 8;
        if (cap > 1 << 20)
            return -1;
        mig_flee_cand *p = realloc(r->cand[l], (size_t)cap * sizeof *p);
        if (!p)
            return -1;
        r->cand[l] = p;
        r->cap_cand[l] = cap;
    }
    r->cand[l][r->n_cand[l]++] = *c;
    return 0;
}

/* calculateLinkWeight of FLEE.md 1.4: link lk taken after prior km, at lookahead step. */
static int walk_link(cand_walk *w, int first_link, int lk, double prior, int step)
{
    mig_flee_run *r = w->r;
    int end = r->lto[lk];
    if (w->n_path >= MIG_FLEE_MAX_HOPS + 1 || --w->budget < 0) {
        r->hops_cut = r->hops_cut ? r->hops_cut : 1;  /* a marker chain too long, or too many paths */
        return 0;
    }
    w->path[w->n_path++] = end;
    if (r->type[end] != MIG_FLEE_MARKER) {
        mig_flee_cand c;
        c.first_link = first_link;
        c.end = end;
        c.n_hops = w->n_path - 1;
        memcpy(c.hops, w->path + 1, (size_t)c.n_hops * sizeof(int));
        c.weight = mig_flee_route_weight(&r->set, r->score[end], r->lkm[lk] + prior, 1);
        if (push_cand(r, w->origin, &c))
            return -1;
    } else {
        step--;  /* markers are passed through without using a hop */
    }
    if (r->awareness > step) {
        for (int i = r->out_start[end]; i < r->out_start[end + 1]; i++) {
            int f = r->out[i];
            if (r->lclosed[f])
                continue;
            int seen = 0;
            for (int j = 0; j < w->n_path; j++)
                seen |= w->path[j] == r->lto[f];
            if (!seen && walk_link(w, first_link, f, prior + r->lkm[lk], step + 1))
                return -1;
        }
    }
    w->n_path--;
    return 0;
}

static int build_candidates(mig_flee_run *r, char *err)
{
    for (int l = 0; l < r->n_locs; l++) {
        r->n_cand[l] = 0;
        cand_walk w = { .r = r, .origin = l, .n_path = 1, .budget = WALK_BUDGET };
        w.path[0] = l;
        for (int i = r->out_start[l]; i < r->out_start[l + 1]; i++) {
            int lk = r->out[i];
            if (!r->lclosed[lk] && walk_link(&w, lk, lk, 0, 1)) {
                snprintf(err, MIG_ERR_LEN, "too many candidate routes from %s (awareness_level %g): out of memory",
                         r->m->locs[l].name, r->set.awareness_level);
                return -1;
            }
        }
        int room = r->n_cand[l] > CDF_SHORT ? r->n_cand[l] : CDF_SHORT;
        if (room > r->cap_cdf[l]) {
            double *p = realloc(r->cdf[l], (size_t)room * sizeof *p);
            if (!p) {
                snprintf(err, MIG_ERR_LEN, "out of memory");
                return -1;
            }
            r->cdf[l] = p;
            r->cap_cdf[l] = room;
        }
        for (int i = r->n_cand[l]; i < CDF_SHORT; i++)
            r->cdf[l][i] = INFINITY;  /* never passed: choose() reads a short table whole */
        r->cdf_stamp[l] = 0;  /* new candidates, new weights */
    }
    return 0;
}

static double cap_mult(const mig_flee_run *r, int l)
{
    return mig_flee_cap_multiplier((double)r->occ[l], r->cap[l], r->set.capacity_buffer);
}

/* Today's lottery weights of location l as a cumulative table, computed again
 * when a capacity multiplier may have changed or a day began (either bumps
 * lot_stamp; choose() uses the cached table otherwise). */
static __attribute__((noinline)) const double *lottery(mig_flee_run *r, int l)
{
    int n = r->n_cand[l];
    const mig_flee_cand *c = r->cand[l];
    double *w = r->cdf[l], total = 0, wp = r->set.weight_power;
    for (int i = 0; i < n; i++) {
        double cm = r->cap[c[i].end] >= 1 ? cap_mult(r, c[i].end) : 1;
        if (cm != 1 && wp != 1)
            cm = pow(cm, wp);
        w[i] = c[i].weight * cm;
    }
    if (r->set.pruning_threshold > 1) {
        double max = 0;
        for (int i = 0; i < n; i++)
            max = w[i] > max ? w[i] : max;
        for (int i = 0; i < n; i++)
            if (w[i] < max / r->set.pruning_threshold)
                w[i] = 0;
    }
    for (int i = 0; i < n; i++) {
        total += w[i];
        w[i] = total;
    }
    if (!(total > 0))  /* all weights 0: Flee chooses uniformly */
        for (int i = 0; i < n; i++)
            w[i] = i + 1;
    r->cdf_stamp[l] = r->lot_stamp;
    return w;
}

/* Draw a candidate from location l, or -1 if there is none. Inline: it runs for
 * every move, and the table is almost always cached. */
static inline int choose(mig_flee_run *r, int l, double u)
{
    int n = r->n_cand[l];
    if (n == 0)
        return -1;
    const double *cdf = r->cdf_stamp[l] == r->lot_stamp ? r->cdf[l] : lottery(r, l);
    double x = u * cdf[n - 1];
    /* The first candidate whose cumulative weight passes x: count those passed, without
     * a branch; over a whole short table (padded with infinity) the loop has a fixed
     * length, as the branch predictor likes. */
    int i = 0;
    if (n <= CDF_SHORT)
        for (int j = 0; j < CDF_SHORT - 1; j++)  /* unrolled: a fixed length */
            i += x >= cdf[j];
    else
        for (int j = 0; j < n - 1; j++)
            i += x >= cdf[j];
    if (!(x < cdf[n - 1])) {  /* x rounded onto the total (then i is n - 1): */
        i = n - 1;
        while (i > 0 && cdf[i] == cdf[i - 1])
            i--;  /* never a zero-weight candidate */
    }
    return i;
}

/* ---- moving ---- */

static void drop_route(mig_flee_run *r, int64_t a)
{
    r->flags[a] &= (uint8_t)~MIG_FLEE_HAS_ROUTE;
}

/* Person.evolve: maybe choose a route and step onto its first link. */
static void step_onto(mig_flee_run *r, int64_t a, int l, int link)
{
    occ_add(r, l, -1);
    r->locc[link]++;
    r->pos[a] = r->n_locs + link;
    r->on_link[a] = 0;
    r->wake[a] = INT32_MAX;  /* skipped by the decide pass while on the link */
}

/* A route whose final camp is nearly full (capacity multiplier below 0.5) is
 * given up, as in Flee. */
static inline int too_full(const mig_flee_run *r, int final)
{
    return r->occ[final] > r->half_full[final];
}

/* go() for an agent following a route: Flee takes the first open link to the
 * next hop. */
static __attribute__((noinline)) void follow_route(mig_flee_run *r, int64_t a)
{
    int l = r->pos[a];
    /* The stored route holds the hops after the link the agent is on or takes now. */
    int32_t *route = r->route + (size_t)a * (size_t)r->route_width;
    int link = -1, final = route[0];
    for (int i = r->out_start[l]; i < r->out_start[l + 1]; i++)
        if (r->lto[r->out[i]] == route[0] && !r->lclosed[r->out[i]]) {
            link = r->out[i];
            break;
        }
    for (int i = 1; i < r->route_width && route[i] >= 0; i++)
        final = route[i];
    if (link < 0 || too_full(r, final)) {
        drop_route(r, a);
        return;
    }
    step_onto(r, a, l, link);
    for (int i = 0; i < r->route_width - 1; i++)
        route[i] = route[i + 1];
    route[r->route_width - 1] = -1;
    if (route[0] < 0)
        drop_route(r, a);
}

/* Agent a steps onto the first link of candidate cd, a route of several hops:
 * it stores the hops after the link and follows them from now on. */
static __attribute__((noinline)) void start_route(mig_flee_run *r, int64_t a, const mig_flee_cand *cd)
{
    int32_t *route = r->route + (size_t)a * (size_t)r->route_width;
    for (int i = 0; i < r->route_width; i++)
        route[i] = i + 1 < cd->n_hops ? cd->hops[i + 1] : -1;
    r->flags[a] |= MIG_FLEE_HAS_ROUTE;
}

/* The rest of Person.evolve once the move-chance draw said go: choose a route
 * if the agent has none and step onto its first link. */
static inline void go(mig_flee_run *r, int64_t a, uint64_t day_key, unsigned *k)
{
    if (r->flags[a] & MIG_FLEE_HAS_ROUTE) {
        follow_route(r, a);
        return;
    }
    int l = r->pos[a];
    int c = choose(r, l, draw(day_key, a, k));
    if (c < 0)
        return;
    const mig_flee_cand *cd = &r->cand[l][c];
    if (too_full(r, cd->end))
        return;
    step_onto(r, a, l, cd->first_link);  /* open: today's candidates start on open links */
    if (cd->n_hops > 1)
        start_route(r, a, cd);
}

/* Person.evolve: the move-chance draw (1 with a route to follow, or in a town
 * when forced), then go(). */
static void decide(mig_flee_run *r, int64_t a, int force_town, uint64_t day_key, unsigned *k)
{
    int l = r->pos[a];
    uint64_t thr;  /* draw() < move chance, as 53 bits against r->thr */
    if (r->flags[a] & MIG_FLEE_HAS_ROUTE)
        thr = 1ull << 53;
    else if (force_town && r->type[l] == MIG_FLEE_TOWN)
        thr = 1ull << 53;
    else
        thr = r->thr[l];
    if (draw_bits(day_key, a, k) < thr)
        go(r, a, day_key, k);
}

/* Person.finish_travel, with the same-day chaining unrolled into a loop.
 * Returns the km moved today. */
static double travel(mig_flee_run *r, int64_t a, uint64_t day_key, unsigned *k)
{
    const mig_flee_settings *s = &r->set;
    double moved = 0;
    while (r->pos[a] >= r->n_locs) {
        int lk = r->pos[a] - r->n_locs;
        double speed = r->lspeed[lk] > 0 ? r->lspeed[lk] : s->max_move_speed;
        if (s->start_on_foot != 0 && (r->flags[a] & MIG_FLEE_FIRST_HOP))
            speed = s->max_walk_speed;
        if (r->lwalk[lk] > 0 && draw(day_key, a, k) < r->lwalk[lk])
            speed = s->max_walk_speed;
        double on = r->on_link[a] + speed;
        moved += speed;
        if (!(on > r->lkm[lk])) {
            r->on_link[a] = (float)on;
            break;
        }
        moved += r->lkm[lk] - on;  /* no overshoot counted */
        r->flags[a] &= (uint8_t)~MIG_FLEE_FIRST_HOP;
        r->locc[lk]--;
        r->on_link[a] = 0;
        if (r->lclosed[lk]) {  /* closed while on it: back to where it started */
            r->pos[a] = r->lfrom[lk];
            occ_add(r, r->lfrom[lk], 1);
            drop_route(r, a);
            break;
        }
        r->pos[a] = r->lto[lk];
        occ_add(r, r->lto[lk], 1);
        if (!(moved < speed))  /* the day's speed on this link, as Flee's todays_travel_speed */
            break;
        int force = s->avoid_short_stints != 0 && (r->recent[a] + moved / s->max_move_speed) / 2 < 0.5;
        decide(r, a, force, day_key, k);
    }
    return moved;
}

/* Sleepers at a location whose move chance changed (conflict, closure, setting)
 * draw their wake day again. */
static void redraw_sleepers(mig_flee_run *r, int t)
{
    int changed = 0, nl = r->n_locs;
    for (int l = 0; l < nl; l++)
        changed |= r->sleep_mc[l] != r->movechance[l];
    if (!changed)
        return;
    for (int64_t a = 0; a < r->n_agents; a++)
        if (r->pos[a] < nl && r->sleep_mc[r->pos[a]] != r->movechance[r->pos[a]])
            r->wake[a] = wake_at(r, a, t, r->pos[a]);
    for (int l = 0; l < nl; l++)
        r->sleep_mc[l] = r->movechance[l];
}

/* Bit i set: agent i of wake[0..len) (len <= 64) acts on day t (wake <= t): it draws
 * daily (-1) or its wake day has come. Most agents sleep or are on a link; a
 * comparison of four wake days at a time passes over them without a branch. */
static inline uint64_t awake_mask(const int32_t *wake, int len, int t)
{
    uint64_t m = 0;
    int i = 0;
#ifdef __SSE2__
    __m128i after = _mm_set1_epi32(t + 1);
    for (; i + 4 <= len; i += 4) {
        __m128i w = _mm_loadu_si128((const __m128i *)(const void *)(wake + i));
        m |= (uint64_t)(unsigned)_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpgt_epi32(after, w))) << i;
    }
#endif
    for (; i < len; i++)
        m |= (uint64_t)(wake[i] <= t) << i;
    return m;
}

/* The decide pass, in agent order, 64 agents at a time: first which of them move
 * today (bit masks, no branch per agent: a sleeper whose wake day it is, a route
 * follower, or a daily drawer whose move-chance draw passes, as 53 random bits
 * against ceil(movechance x 2^53), the same test as draw() < movechance), then
 * go() for the movers in order. The draws do not depend on other agents' moves,
 * so testing ahead changes nothing. Draw numbers: 0-1 in this pass, from 2 in the
 * travel pass. Who steps onto a link is listed in r->step. Returns their count,
 * or -1 if out of memory. */
static int64_t decide_pass(mig_flee_run *r, int t, uint64_t day_key)
{
    const uint64_t *thr = r->thr;
    int32_t *pos = r->pos, *wake = r->wake;
    const uint8_t *flags = r->flags;
    int nl = r->n_locs;
    int64_t n = r->n_agents, n_step = 0;
    for (int64_t base = 0; base < n; base += 64) {
        int len = n - base < 64 ? (int)(n - base) : 64;
        uint64_t awake = awake_mask(wake + base, len, t), moves = 0;
        while (awake) {
            int i = __builtin_ctzll(awake);
            awake &= awake - 1;
            int64_t a = base + i;
            uint64_t u = mig_bits(day_key, (uint64_t)a * DRAWS_FLAT) >> 11;
            uint64_t m = (uint64_t)(wake[a] >= 0) | (uint64_t)(flags[a] / MIG_FLEE_HAS_ROUTE & 1) | (u < thr[pos[a]]);
            moves |= m << i;
        }
        while (moves) {
            int64_t a = base + __builtin_ctzll(moves);
            moves &= moves - 1;
            int l = pos[a];
            unsigned k = 1;  /* draw 0 was the move chance */
            go(r, a, day_key, &k);
            if (pos[a] >= nl) {
                if (n_step == r->cap_step && grow_list(&r->step, &r->cap_step, n_step + 1))
                    return -1;
                r->step[n_step++] = a;
            } else {
                wake[a] = wake_at(r, a, t + 1, l);  /* stayed: try again from tomorrow */
            }
        }
    }
    return n_step;
}

/* count agents from src[from..] to dst[at..]; nothing at all for none: the lists may
 * not be allocated yet, and neither memcpy nor an offset takes a NULL pointer. */
static void copy_agents(int64_t *dst, int64_t at, const int64_t *src, int64_t from, int64_t count)
{
    if (count > 0)
        memcpy(dst + at, src + from, (size_t)count * sizeof *dst);
}

/* Merge two lists of agents in agent order into out: few (those still on links
 * since yesterday, a few hundred) into many (those stepping onto one today, ten
 * thousand or more), copying the runs of many between them whole. Returns the count. */
static int64_t merge_agents(const int64_t *few, int64_t n_few, const int64_t *many, int64_t n_many, int64_t *out)
{
    int64_t n = 0, j = 0;
    for (int64_t i = 0; i < n_few; i++) {
        int64_t lo = j, hi = n_many;  /* the first of many[j..] above few[i] */
        while (lo < hi) {
            int64_t mid = lo + (hi - lo) / 2;
            if (many[mid] < few[i])
                lo = mid + 1;
            else
                hi = mid;
        }
        copy_agents(out, n, many, j, lo - j);
        n += lo - j;
        j = lo;
        out[n++] = few[i];
    }
    copy_agents(out, n, many, j, n_many - j);
    return n + n_many - j;
}

/* The travel pass, in agent order as Flee's, over the agents on links since
 * yesterday (r->trav) and those stepping onto one today (r->step), merged into
 * r->today_trav; who is still on a link stays listed in r->trav. 0 or -1. */
static int travel_pass(mig_flee_run *r, int t, uint64_t day_key, int64_t n_step)
{
    int64_t n_old = r->n_trav, n = r->n_agents;
    if (grow_list(&r->today_trav, &r->cap_today, n_old + n_step) || grow_list(&r->trav, &r->cap_trav, n_old + n_step))
        return -1;
    int64_t *all = r->today_trav, *old = r->trav, *step = r->step;
    int64_t n_all = merge_agents(old, n_old, step, n_step, all);
    int32_t *pos = r->pos, *wake = r->wake;
    int nl = r->n_locs;
    int64_t n_left = 0;
    int shortstints = r->set.avoid_short_stints != 0;
    for (int64_t i = 0, j = 0; shortstints ? i < n : j < n_all; i++) {
        int64_t a = shortstints ? i : all[j];
        double moved = 0;
        if (j < n_all && all[j] == a) {
            j++;
            unsigned k = 2;
            moved = travel(r, a, day_key, &k);
            if (pos[a] < nl)
                wake[a] = wake_at(r, a, t + 1, pos[a]);
            else
                old[n_left++] = a;
        }
        if (shortstints)
            r->recent[a] = (float)((r->recent[a] + moved / r->set.max_move_speed) / 2);
    }
    r->n_trav = n_left;
    return 0;
}

static int evolve(mig_flee_run *r, int t, char *err)
{
    const mig_flee_model *m = r->m;
    for (int l = 0; l < r->n_locs; l++) {
        refresh_location(r, l);
        r->score[l] = flee_score(r, l, t);
        if (m->locs[l].capacity_per_day != 0 && r->cap[l] > 0)
            r->cap[l] += m->locs[l].capacity_per_day / r->set.hasten * r->set.capacity_scaling;
    }
    if (r->score_fn && r->score_fn(r->score_ctx, r, t, r->score, err)) {
        r->hook_failed = 1;
        return -1;
    }
    /* Occupancy thresholds of today's capacities: beyond buffer_occ the capacity
     * multiplier moves (the lottery's cache goes stale); beyond half_full it is
     * below 0.5 and a camp turns routes away. */
    double b = r->set.capacity_buffer;
    for (int l = 0; l < r->n_locs; l++) {
        /* occupants > b x cap, for whole occupants: > floor(b x cap) */
        r->buffer_occ[l] = r->cap[l] >= 1 ? (int64_t)floor(b * r->cap[l]) : INT64_MAX;
        double half = r->cap[l] * (1 + b) / 2;  /* occupants > half, for whole occupants: > floor(half) */
        r->half_full[l] = is_camp(r->type[l]) && r->cap[l] >= 1 && half < 0x1.0p62 ? (int64_t)floor(half) : INT64_MAX;
    }
    r->lot_stamp++;
    if (build_candidates(r, err))
        return -1;
    if (r->hops_cut == 1) {
        r->hops_cut = 2;
        if (mig_flee_note(r->m, "the route lottery's search was cut (a chain of markers longer than %d locations, "
                          "or more than %d paths from one place): routes beyond it are not candidates",
                          MIG_FLEE_MAX_HOPS, WALK_BUDGET)) {
            snprintf(err, MIG_ERR_LEN, "out of memory");
            return -1;
        }
    }
    uint64_t day_key = mig_rng_subkey(r->key_move, (uint64_t)t);
    redraw_sleepers(r, t);
    int64_t n_step = decide_pass(r, t, day_key);
    if (n_step < 0 || travel_pass(r, t, day_key, n_step)) {
        snprintf(err, MIG_ERR_LEN, "out of memory on day %d", t);
        return -1;
    }
    r->agent_steps += r->n_agents;
    return 0;
}

/* ---- the day's counts ---- */

static void record(mig_flee_run *r, int t)
{
    const mig_flee_model *m = r->m;
    int32_t *pop = r->pop + (size_t)t * (size_t)r->n_locs;
    for (int l = 0; l < r->n_locs; l++)
        pop[l] = (int32_t)r->occ[l];
    int64_t transit = 0;
    for (int lk = 0; lk < r->n_links; lk++)
        transit += r->locc[lk];
    r->in_transit[t] = transit;
    r->agents[t] = r->n_agents;
    r->debt_day[t] = r->debt;
    int32_t *obs = r->obs + (size_t)t * (size_t)r->n_camps;
    double sum_obs = 0, sum_sim = 0, diff = 0, diff_rescaled = 0;
    for (int c = 0; c < r->n_camps; c++) {
        int d = r->camp_data[c];
        obs[c] = d < 0 ? -1 : (int32_t)mig_flee_interp(&m->camps[d].s, t, r->set.hasten);
        if (d >= 0) {
            sum_obs += obs[c];
            sum_sim += (double)r->occ[r->camp_loc[c]];
        }
    }
    for (int c = 0; c < r->n_camps; c++) {
        if (r->camp_data[c] < 0)
            continue;
        double sim = (double)r->occ[r->camp_loc[c]];
        diff += fabs(sim - obs[c]);
        double scaled = sum_sim > 0 ? sim * sum_obs / sum_sim : 0;
        diff_rescaled += fabs(scaled - obs[c]);
    }
    double den = sum_obs > 1 ? sum_obs : 1;
    r->ard[t] = diff / den;
    r->ard_rescaled[t] = diff_rescaled / den;
    r->total_error[t] = r->raw > 0 ? diff / r->raw : 0;
}

int mig_flee_run_step(mig_flee_run *r, char *err)
{
    if (r->today >= r->n_days)
        return 1;
    int t = r->today;
    if (r->hook && r->hook(r->hook_ctx, r, t, err)) {
        r->hook_failed = 1;
        return -1;
    }
    int changed = apply_conflicts(r, t);
    int rc;
    if (r->set.strict != 0) {
        /* Flee refreshes the spawn weights when a conflict starts or ends, and
         * otherwise spawns with the day before's (its decay a day stale). */
        if (changed)
            refresh_spawn_weights(r, t);
        rc = spawn_day(r, t);
        refresh_spawn_weights(r, t);
    } else {
        refresh_spawn_weights(r, t);
        rc = spawn_day(r, t);
    }
    if (rc) {
        snprintf(err, MIG_ERR_LEN, "day %d: too many agents to create (more than 2^31 in all, more than 1e9 at a "
                                   "conflict zone in a day, or out of memory): raise hasten or lower the counts", t);
        return -1;
    }
    if (apply_model_closures(r, t, err) || evolve(r, t, err))
        return -1;
    record(r, t);
    r->today++;
    return r->today >= r->n_days;
}

int mig_flee_run_all(mig_flee_run *r, char *err)
{
    int rc;
    while ((rc = mig_flee_run_step(r, err)) == 0)
        ;
    return rc < 0 ? -1 : 0;
}

/* ---- setup ---- */

static int add_link(mig_flee_run *r, int from, int to, const mig_flee_route *rt)
{
    int i = r->n_links++;
    r->lfrom[i] = from;
    r->lto[i] = to;
    r->lkm[i] = rt->distance;
    r->lspeed[i] = rt->max_speed;
    r->lwalk[i] = rt->walk_probability;
    return i;
}

static int build_links(mig_flee_run *r)
{
    const mig_flee_model *m = r->m;
    int strict = r->set.strict != 0;
    size_t max = (size_t)m->n_routes * 4 + 1;
    r->lfrom = calloc(max, sizeof *r->lfrom);
    r->lto = calloc(max, sizeof *r->lto);
    r->lclosed = calloc(max, sizeof *r->lclosed);
    r->lkm = calloc(max, sizeof *r->lkm);
    r->lspeed = calloc(max, sizeof *r->lspeed);
    r->lwalk = calloc(max, sizeof *r->lwalk);
    r->locc = calloc(max, sizeof *r->locc);
    r->out_start = calloc((size_t)r->n_locs + 1, sizeof *r->out_start);
    if (!r->lfrom || !r->lto || !r->lclosed || !r->lkm || !r->lspeed || !r->lwalk || !r->locc || !r->out_start)
        return -1;
    for (int i = 0; i < m->n_routes; i++) {
        const mig_flee_route *rt = &m->routes[i];
        add_link(r, rt->a, rt->b, rt);
        add_link(r, rt->b, rt->a, rt);
        /* Flee's quirk: forced_redirection = 1 builds the pair twice. */
        if (strict && rt->forced == 1) {
            add_link(r, rt->a, rt->b, rt);
            add_link(r, rt->b, rt->a, rt);
        }
    }
    for (int i = 0; i < r->n_links; i++)
        r->out_start[r->lfrom[i] + 1]++;
    for (int l = 0; l < r->n_locs; l++)
        r->out_start[l + 1] += r->out_start[l];
    r->out = calloc((size_t)r->n_links + 1, sizeof *r->out);
    int *fill = calloc((size_t)r->n_locs + 1, sizeof *fill);
    if (!r->out || !fill) {
        free(fill);
        return -1;
    }
    for (int i = 0; i < r->n_links; i++) {
        int l = r->lfrom[i];
        r->out[r->out_start[l] + fill[l]++] = i;
    }
    free(fill);
    return 0;
}

/* The per-location and per-day arrays and the links. -1: out of memory. */
static int alloc_run_arrays(mig_flee_run *r)
{
    const mig_flee_model *m = r->m;
    size_t L = (size_t)r->n_locs, D = (size_t)(r->n_days > 0 ? r->n_days : 1);
    r->base_type = calloc(L, sizeof *r->base_type);
    r->type = calloc(L, sizeof *r->type);
    r->movechance = calloc(L, sizeof *r->movechance);
    r->score = calloc(L, sizeof *r->score);
    r->cap = calloc(L, sizeof *r->cap);
    r->conflict = calloc(L, sizeof *r->conflict);
    r->conflict_since = calloc(L, sizeof *r->conflict_since);
    r->camp_closed = calloc(L, sizeof *r->camp_closed);
    r->occ = calloc(L, sizeof *r->occ);
    r->spawn_w = calloc(L, sizeof *r->spawn_w);
    r->thr = calloc(L, sizeof *r->thr);
    r->sleep_mc = calloc(L, sizeof *r->sleep_mc);
    r->cand = calloc(L, sizeof *r->cand);
    r->n_cand = calloc(L, sizeof *r->n_cand);
    r->cap_cand = calloc(L, sizeof *r->cap_cand);
    r->cdf = calloc(L, sizeof *r->cdf);
    r->cdf_stamp = calloc(L, sizeof *r->cdf_stamp);
    r->buffer_occ = calloc(L, sizeof *r->buffer_occ);
    r->half_full = calloc(L, sizeof *r->half_full);
    r->cap_cdf = calloc(L, sizeof *r->cap_cdf);
    r->camp_loc = calloc(L + (size_t)m->n_camps, sizeof *r->camp_loc);
    r->camp_data = calloc(L + (size_t)m->n_camps, sizeof *r->camp_data);
    r->pop = calloc(D * L, sizeof *r->pop);
    r->spawned = calloc(D, sizeof *r->spawned);
    r->agents = calloc(D, sizeof *r->agents);
    r->in_transit = calloc(D, sizeof *r->in_transit);
    r->debt_day = calloc(D, sizeof *r->debt_day);
    r->ard = calloc(D, sizeof *r->ard);
    r->ard_rescaled = calloc(D, sizeof *r->ard_rescaled);
    r->total_error = calloc(D, sizeof *r->total_error);
    if (!r->base_type || !r->type || !r->movechance || !r->score || !r->cap || !r->conflict || !r->conflict_since ||
        !r->camp_closed || !r->occ || !r->spawn_w || !r->thr || !r->sleep_mc || !r->cand || !r->n_cand || !r->cap_cand ||
        !r->cdf || !r->cdf_stamp || !r->cap_cdf || !r->buffer_occ || !r->half_full || !r->camp_loc ||
        !r->camp_data || !r->pop || !r->spawned || !r->agents || !r->in_transit || !r->debt_day || !r->ard ||
        !r->ard_rescaled || !r->total_error || build_links(r))
        return -1;
    return 0;
}

/* Each location's type, day-0 conflict and capacity. */
static void init_locations(mig_flee_run *r)
{
    const mig_flee_model *m = r->m;
    for (int l = 0; l < r->n_locs; l++) {
        const mig_flee_loc *loc = &m->locs[l];
        mig_flee_type t = loc->type;
        /* Flee makes any location that agents would leave with a chance below
         * 0.005 a camp (a setting can bring towns there). A conflict zone stays
         * one: migsim's locations have one type at a time. */
        if (!is_camp(t) && t != MIG_FLEE_CONFLICT && type_movechance(&r->set, t) < 0.005)
            t = MIG_FLEE_CAMP;
        r->base_type[l] = t;
        /* A conflict zone with a later conflict_date is a town until its onset
         * (from conflicts.csv, or on that date without one). */
        if (t == MIG_FLEE_CONFLICT && loc->conflict_date <= 0) {
            r->conflict[l] = loc->conflict_intensity;
            r->conflict_since[l] = 0;
        }
        r->cap[l] = is_camp(t) && loc->capacity > 0 ? scaled(r, loc->capacity) * r->set.capacity_scaling : 0;
        refresh_location(r, l);
    }
}

/* The candidates and r->route_width. Routes of more than one hop are stored only
 * if a candidate has them (a lookahead, or markers): the longest on the full
 * network, which closures only shorten. -1 with err. */
static int init_candidates(mig_flee_run *r, char *err)
{
    if (build_candidates(r, err))
        return -1;
    int longest = 0;
    for (int l = 0; l < r->n_locs; l++)
        for (int c = 0; c < r->n_cand[l]; c++)
            longest = r->cand[l][c].n_hops > longest ? r->cand[l][c].n_hops : longest;
    r->route_width = longest > 1 ? longest : 0;
    return 0;
}

/* Reported camps: camps as loaded and locations with observed counts, in location
 * order; then their observation table. -1: out of memory. */
static int init_reported_camps(mig_flee_run *r)
{
    const mig_flee_model *m = r->m;
    size_t L = (size_t)r->n_locs, D = (size_t)(r->n_days > 0 ? r->n_days : 1);
    int *data_of = malloc(L * sizeof *data_of);  /* the last data row of each location, as before */
    if (!data_of)
        return -1;
    for (int l = 0; l < r->n_locs; l++)
        data_of[l] = -1;
    /* Data rows of locations that are not camps: Flee (and compat="strict") adds their
     * counts to the spawning only: no day-0 agents, no column, not in the errors. */
    for (int c = 0; c < m->n_camps; c++) {
        int l = m->camps[c].loc;
        if (l >= 0 && l < r->n_locs && (r->set.strict == 0 || is_camp(r->base_type[l])))
            data_of[l] = c;
    }
    for (int l = 0; l < r->n_locs; l++) {
        int d = data_of[l];
        if (d >= 0 || is_camp(r->base_type[l])) {
            r->camp_loc[r->n_camps] = l;
            r->camp_data[r->n_camps] = d;
            r->n_camps++;
        }
    }
    free(data_of);
    r->obs = calloc(D * (size_t)(r->n_camps ? r->n_camps : 1), sizeof *r->obs);
    return r->obs ? 0 : -1;
}

/* Before day 0: initial_idps go where the attribute says, and each camp receives
 * its day-0 count (insert_day0). -1: out of memory or too many agents. */
static int place_initial_agents(mig_flee_run *r)
{
    const mig_flee_model *m = r->m;
    double h = r->set.hasten;
    for (int l = 0; l < r->n_locs; l++) {
        int64_t idps = (int64_t)(m->locs[l].initial_idps / h);
        if (idps > 0 && add_agents(r, l, idps))
            return -1;
    }
    if (r->set.insert_day0 != 0)
        for (int c = 0; c < r->n_camps; c++) {
            int d = r->camp_data[c], l = r->camp_loc[c];
            if (d < 0)
                continue;
            int64_t n = (int64_t)mig_flee_interp(&m->camps[d].s, 0, h);
            if (add_agents(r, l, n))
                return -1;
            /* Flee's quirk: the camp's capacity is cut by the agents it already counts. */
            if (r->set.strict != 0 && r->cap[l] > 0) {
                double left = scaled(r, m->locs[l].capacity) - (double)n;  /* Flee cuts before scaling */
                r->cap[l] = left > 0 ? left * r->set.capacity_scaling : 0;
            }
        }
    r->inserted = r->n_agents;
    return 0;
}

mig_flee_run *mig_flee_run_new(mig_flee_model *m, uint64_t seed, char *err)
{
    if (mig_flee_check(m, err)) {
        mig_flee_model_free(m);
        free(m);
        return NULL;
    }
    mig_flee_run *r = calloc(1, sizeof *r);
    if (!r) {
        mig_flee_model_free(m);
        free(m);
        snprintf(err, MIG_ERR_LEN, "out of memory");
        return NULL;
    }
    r->m = m;
    r->set = m->set;
    r->seed = seed;
    uint64_t key = mig_rng_purpose_key(seed, MIG_RNG_FLEE);
    r->key_move = mig_rng_subkey(key, 1);
    r->key_spawn = mig_rng_subkey(key, 2);
    r->key_sleep = mig_rng_subkey(key, 3);
    r->n_days = m->n_days;
    r->n_locs = m->n_locs;
    r->awareness = r->set.awareness_level < 0 ? 1 : (int)r->set.awareness_level;
    if (alloc_run_arrays(r))
        goto oom;
    init_locations(r);
    if (init_candidates(r, err))
        goto fail;
    if (init_reported_camps(r) || place_initial_agents(r))
        goto oom;
    refresh_spawn_weights(r, 0);
    return r;
oom:
    snprintf(err, MIG_ERR_LEN, "out of memory setting up the Flee run (or more than 2^31 agents before day 0: "
                               "raise hasten)");
fail:
    mig_flee_run_free(r);
    return NULL;
}

/* ---- checkpoints ---- */

int mig_flee_run_reserve(mig_flee_run *r, int64_t n)
{
    return n < 0 ? -1 : grow_agents(r, n);
}

/* What a checkpoint does not hold because it follows from what it holds. */
int mig_flee_run_settle(mig_flee_run *r)
{
    int nl = r->n_locs;
    for (int l = 0; l < nl; l++) {
        refresh_location(r, l);
        r->occ[l] = 0;
    }
    for (int lk = 0; lk < r->n_links; lk++)
        r->locc[lk] = 0;
    /* Agents on links, in agent order: the list the travel pass keeps (evolve). */
    r->n_trav = 0;
    for (int64_t a = 0; a < r->n_agents; a++) {
        if (r->pos[a] < nl) {
            r->occ[r->pos[a]]++;
            continue;
        }
        r->locc[r->pos[a] - nl]++;
        if (r->n_trav == r->cap_trav && grow_list(&r->trav, &r->cap_trav, r->n_trav + 1))
            return -1;
        r->trav[r->n_trav++] = a;
    }
    r->spawn_total = 0;
    for (int l = 0; l < nl; l++)
        r->spawn_total += r->spawn_w[l];  /* in location order, as refresh_spawn_weights sums */
    return 0;
}

size_t mig_flee_run_agent_bytes(const mig_flee_run *r)
{
    size_t per = 2 * sizeof(int32_t) + sizeof(float) + 1 + (size_t)r->route_width * sizeof(int32_t) + (r->recent ? sizeof(float) : 0);
    return (size_t)r->cap_agents * per + (size_t)(r->cap_trav + r->cap_step + r->cap_today) * sizeof(int64_t);
}

void mig_flee_run_free(mig_flee_run *r)
{
    if (!r)
        return;
    if (r->m) {
        mig_flee_model_free(r->m);
        free(r->m);
    }
    for (int l = 0; l < r->n_locs; l++) {
        if (r->cand)
            free(r->cand[l]);
        if (r->cdf)
            free(r->cdf[l]);
    }
    void *all[] = { r->base_type, r->type, r->movechance, r->score, r->cap, r->conflict, r->conflict_since,
                    r->camp_closed, r->occ, r->lfrom, r->lto, r->lclosed, r->lkm, r->lspeed, r->lwalk, r->locc,
                    r->out_start, r->out, r->cand, r->n_cand, r->cap_cand, r->cdf, r->cdf_stamp, r->cap_cdf, r->buffer_occ, r->half_full, r->pos, r->wake, r->on_link, r->flags,
                    r->recent, r->route, r->spawn_w, r->thr, r->sleep_mc, r->trav, r->step, r->today_trav, r->camp_loc, r->camp_data, r->pop, r->obs, r->spawned,
                    r->agents, r->in_transit, r->debt_day, r->ard, r->ard_rescaled, r->total_error, r->events };
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        free(all[i]);
    free(r);
}
