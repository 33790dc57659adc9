/* test_flee_rules.c: Flee's rules (FLEE.md sections 1.1-1.4) against hand-computed
 * values: the pure rule pieces of flee_rules.c (capacity multiplier, route weight,
 * days on a link, conflict decay, series interpolation), then whole runs of small
 * models built with the builders (no files): the route lottery with awareness 1 and
 * 2 (end-of-day counts within k standard errors of the hand-computed shares), days on
 * a link, same-day chaining and routes through camps, closures (link, location, camp,
 * country, and a link that closes under travellers), capacity, data-driven spawning,
 * day-0 camp counts, conflict onsets and ends, and the low-move-chance camp rule.
 * The readers are tested in test_flee_read.c, whole scenarios in tests/flee. */
#include "check.h"
#include "flee.h"

#include <stdint.h>
#include <stdlib.h>

static char err[MIG_ERR_LEN];

/* ---- rule pieces ---- */

static void test_cap_multiplier(void)
{
    /* No capacity: cap < 1 (0, a fraction, Flee's -1). */
    CHECK_NEAR(mig_flee_cap_multiplier(1e6, 0, 0.9), 1, 0);
    CHECK_NEAR(mig_flee_cap_multiplier(1e6, 0.5, 0.9), 1, 0);
    CHECK_NEAR(mig_flee_cap_multiplier(1e6, -1, 0.9), 1, 0);
    /* Up to buffer x cap: 1. */
    CHECK_NEAR(mig_flee_cap_multiplier(0, 100, 0.9), 1, 0);
    CHECK_NEAR(mig_flee_cap_multiplier(50, 100, 0.9), 1, 0);
    CHECK_NEAR(mig_flee_cap_multiplier(90, 100, 0.9), 1, 1e-12);
    /* The band: 1 - (n - b cap) / (cap (1 - b)). */
    CHECK_NEAR(mig_flee_cap_multiplier(92, 100, 0.9), 0.8, 1e-12);
    CHECK_NEAR(mig_flee_cap_multiplier(95, 100, 0.9), 0.5, 1e-12);
    CHECK_NEAR(mig_flee_cap_multiplier(99, 100, 0.9), 0.1, 1e-12);
    CHECK_NEAR(mig_flee_cap_multiplier(750, 1000, 0.5), 0.5, 1e-12);
    /* At and above capacity: 0. */
    CHECK_NEAR(mig_flee_cap_multiplier(100, 100, 0.9), 0, 0);
    CHECK_NEAR(mig_flee_cap_multiplier(150, 100, 0.9), 0, 0);
    /* Buffer 0: the multiplier falls from the first occupant. */
    CHECK_NEAR(mig_flee_cap_multiplier(25, 100, 0), 0.75, 1e-12);
}

static void test_route_weight(void)
{
    mig_flee_settings s;
    mig_flee_settings_default(&s);
    /* Defaults: (0 + score) / (10 + km)^1 x cap, to the power 1. */
    CHECK_NEAR(mig_flee_route_weight(&s, 1, 40, 1), 1.0 / 50, 1e-15);
    CHECK_NEAR(mig_flee_route_weight(&s, 1, 90, 1), 1.0 / 100, 1e-15);
    CHECK_NEAR(mig_flee_route_weight(&s, 0.25, 90, 0.5), 0.25 / 100 * 0.5, 1e-15);
    CHECK_NEAR(mig_flee_route_weight(&s, 2, 0, 1), 2.0 / 10, 1e-15);
    CHECK_NEAR(mig_flee_route_weight(&s, 1, 40, 0), 0, 0);
    /* weight_softening is added to the score. */
    s.weight_softening = 1;
    CHECK_NEAR(mig_flee_route_weight(&s, 1, 40, 1), 2.0 / 50, 1e-15);
    CHECK_NEAR(mig_flee_route_weight(&s, 0, 40, 1), 1.0 / 50, 1e-15);
    s.weight_softening = 0;
    /* distance_power on the softened length. */
    s.distance_power = 2;
    CHECK_NEAR(mig_flee_route_weight(&s, 1, 40, 1), 1.0 / 2500, 1e-15);
    s.distance_power = 1;
    /* weight_power on the whole weight, the capacity multiplier included. */
    s.weight_power = 2;
    CHECK_NEAR(mig_flee_route_weight(&s, 1, 40, 1), 1.0 / 2500, 1e-15);
    CHECK_NEAR(mig_flee_route_weight(&s, 1, 40, 0.5), 0.0001, 1e-15);
    s.weight_power = 0;  /* every candidate weighs 1: a uniform choice */
    CHECK_NEAR(mig_flee_route_weight(&s, 1, 40, 1), 1, 1e-15);
    CHECK_NEAR(mig_flee_route_weight(&s, 7, 400, 1), 1, 1e-15);
    /* softening changed. */
    s.weight_power = 1;
    s.softening = 0;
    CHECK_NEAR(mig_flee_route_weight(&s, 1, 40, 1), 1.0 / 40, 1e-15);
    /* All three at once: ((0.5 + 1) / (10 + 40)^1.5)^0.5. */
    mig_flee_settings_default(&s);
    s.weight_softening = 0.5;
    s.distance_power = 1.5;
    s.weight_power = 0.5;
    CHECK_NEAR(mig_flee_route_weight(&s, 1, 40, 1), 0.06513555624326306, 1e-14);
}

static void test_days_on_link(void)
{
    double v = 200;
    CHECK_EQ(mig_flee_days_on_link(50, v), 1);       /* L < v */
    CHECK_EQ(mig_flee_days_on_link(199.9, v), 1);
    CHECK_EQ(mig_flee_days_on_link(200, v), 2);      /* L = v: arrival needs strictly more */
    CHECK_EQ(mig_flee_days_on_link(399.9, v), 2);
    CHECK_EQ(mig_flee_days_on_link(500, v), 3);      /* L = 2.5 v */
    CHECK_EQ(mig_flee_days_on_link(35, 35), 2);
    CHECK_EQ(mig_flee_days_on_link(1000, 200), 6);
}

static void test_decay(void)
{
    mig_flee_settings s;
    mig_flee_settings_default(&s);
    CHECK_NEAR(mig_flee_decay(&s, 0), 1, 0);      /* unset: 1 */
    CHECK_NEAR(mig_flee_decay(&s, 1000), 1, 0);
    /* Burundi: [1, 1, 1, 0.5, 0.1] every 30 days. */
    static const double bdi[] = { 1, 1, 1, 0.5, 0.1 };
    s.n_decay = 5;
    for (int i = 0; i < 5; i++)
        s.decay[i] = bdi[i];
    s.conflict_spawn_decay_interval = 30;
    CHECK_NEAR(mig_flee_decay(&s, 0), 1, 0);
    CHECK_NEAR(mig_flee_decay(&s, 29), 1, 0);
    CHECK_NEAR(mig_flee_decay(&s, 30), 1, 0);
    CHECK_NEAR(mig_flee_decay(&s, 89), 1, 0);
    CHECK_NEAR(mig_flee_decay(&s, 90), 0.5, 0);
    CHECK_NEAR(mig_flee_decay(&s, 119), 0.5, 0);
    CHECK_NEAR(mig_flee_decay(&s, 120), 0.1, 0);
    CHECK_NEAR(mig_flee_decay(&s, 1000), 0.1, 0);
    /* Another interval: index dt // 10. */
    s.conflict_spawn_decay_interval = 10;
    CHECK_NEAR(mig_flee_decay(&s, 29), 1, 0);
    CHECK_NEAR(mig_flee_decay(&s, 30), 0.5, 0);
    CHECK_NEAR(mig_flee_decay(&s, 40), 0.1, 0);
}

static void test_interp(void)
{
    mig_flee_series s = { 0 };
    CHECK_NEAR(mig_flee_interp(&s, 3, 1), 0, 0);  /* empty */
    CHECK(mig_flee_series_push(&s, 0, 100) == 0 && mig_flee_series_push(&s, 10, 200) == 0 &&
          mig_flee_series_push(&s, 20, 150) == 0);
    CHECK_NEAR(mig_flee_interp(&s, -5, 1), 100, 0);  /* before the first point: its value */
    CHECK_NEAR(mig_flee_interp(&s, 0, 1), 100, 0);
    CHECK_NEAR(mig_flee_interp(&s, 3, 1), 130, 0);
    CHECK_NEAR(mig_flee_interp(&s, 5, 1), 150, 0);
    CHECK_NEAR(mig_flee_interp(&s, 10, 1), 200, 0);
    CHECK_NEAR(mig_flee_interp(&s, 15, 1), 175, 0);
    CHECK_NEAR(mig_flee_interp(&s, 20, 1), 150, 0);
    CHECK_NEAR(mig_flee_interp(&s, 400, 1), 150, 0);  /* after the last point: its value */
    /* hasten divides before interpolating, and the result is truncated:
     * 25 + 0.5 x 25 = 37.5 -> 37, 25 + 0.3 x 25 = 32.5 -> 32, 200/4 = 50. */
    CHECK_NEAR(mig_flee_interp(&s, 5, 4), 37, 0);
    CHECK_NEAR(mig_flee_interp(&s, 3, 4), 32, 0);
    CHECK_NEAR(mig_flee_interp(&s, 10, 4), 50, 0);
    CHECK_NEAR(mig_flee_interp(&s, 0, 3), 33, 0);    /* 33.3 */
    CHECK_NEAR(mig_flee_interp(&s, 99, 7), 21, 0);   /* 150 / 7 = 21.4 */
    mig_flee_series_free(&s);
    /* Truncation, not rounding: 0 -> 10 over 3 days gives 3.33 and 6.67. */
    CHECK(mig_flee_series_push(&s, 0, 0) == 0 && mig_flee_series_push(&s, 3, 10) == 0);
    CHECK_NEAR(mig_flee_interp(&s, 1, 1), 3, 0);
    CHECK_NEAR(mig_flee_interp(&s, 2, 1), 6, 0);
    mig_flee_series_free(&s);
    /* A series starting after day 0: its first value before then. Decreasing: 7.5 -> 7. */
    CHECK(mig_flee_series_push(&s, 5, 10) == 0 && mig_flee_series_push(&s, 9, 0) == 0);
    CHECK_NEAR(mig_flee_interp(&s, 0, 1), 10, 0);
    CHECK_NEAR(mig_flee_interp(&s, 6, 1), 7, 0);
    CHECK_NEAR(mig_flee_interp(&s, 9, 1), 0, 0);
    mig_flee_series_free(&s);
}

/* ---- small models built in C ---- */

static mig_flee_model *model_new(int days)
{
    mig_flee_model *m = calloc(1, sizeof *m);
    if (!m)
        abort();
    mig_flee_model_init(m);
    m->n_days = days;
    m->start_day = 18262;  /* 2020-01-01 */
    return m;
}

static int loc(mig_flee_model *m, const char *name, const char *country, mig_flee_type type)
{
    mig_flee_loc l;
    memset(&l, 0, sizeof l);
    snprintf(l.name, sizeof l.name, "%s", name);
    snprintf(l.country, sizeof l.country, "%s", country);
    l.type = type;
    l.conflict_date = -1;
    l.conflict_intensity = 1;
    l.foreign = m->n_locs > 0 && strcmp(country, m->locs[0].country) != 0;
    int i = mig_flee_add_loc(m, &l, err);
    if (!CHECK(i >= 0))
        fprintf(stderr, "    %s\n", err);
    return i;
}

static void route(mig_flee_model *m, int a, int b, double km, double max_speed)
{
    mig_flee_route r;
    memset(&r, 0, sizeof r);
    r.a = a;
    r.b = b;
    r.distance = km;
    r.max_speed = max_speed;
    if (!CHECK(mig_flee_add_route(m, &r, err) >= 0))
        fprintf(stderr, "    %s\n", err);
}

static void closure(mig_flee_model *m, mig_flee_close_kind kind, const char *a, const char *b, int start, int end)
{
    mig_flee_closure c;
    memset(&c, 0, sizeof c);
    c.kind = kind;
    snprintf(c.a, sizeof c.a, "%s", a);
    snprintf(c.b, sizeof c.b, "%s", b);
    c.start = start;
    c.end = end;
    if (!CHECK(mig_flee_add_closure(m, &c, err) >= 0))
        fprintf(stderr, "    %s\n", err);
}

static mig_flee_run *run_new(mig_flee_model *m, uint64_t seed)
{
    mig_flee_run *r = mig_flee_run_new(m, seed, err);
    if (!CHECK(r != NULL))
        fprintf(stderr, "    %s\n", err);
    return r;
}

static void step(mig_flee_run *r)
{
    int rc = mig_flee_run_step(r, err);
    if (!CHECK(rc >= 0))
        fprintf(stderr, "    %s\n", err);
}

static void run_all(mig_flee_run *r)
{
    if (!CHECK(mig_flee_run_all(r, err) == 0))
        fprintf(stderr, "    %s\n", err);
}

static void spawn(mig_flee_run *r, int l, int64_t n)
{
    if (!CHECK(mig_flee_run_spawn(r, l, n, err) == 0))
        fprintf(stderr, "    %s\n", err);
}

/* Agents at location l at the end of day t. */
static long pop(const mig_flee_run *r, int t, int l)
{
    return r->pop[(size_t)t * (size_t)r->n_locs + (size_t)l];
}

/* Conservation: every agent is at a location or on a link, every day. */
static void check_conservation(const mig_flee_run *r)
{
    for (int t = 0; t < r->today; t++) {
        long sum = 0;
        for (int l = 0; l < r->n_locs; l++)
            sum += pop(r, t, l);
        if (!CHECK(sum + r->in_transit[t] == r->agents[t]))
            fprintf(stderr, "    day %d: %ld at locations + %lld in transit != %lld agents\n", t, sum,
                    (long long)r->in_transit[t], (long long)r->agents[t]);
    }
}

/* The share p of n agents within k standard errors. */
#define CHECK_SHARE(count, n, p, k) \
    CHECK_WITHIN((double)(count) / (double)(n), (p), sqrt((p) * (1 - (p)) / (double)(n)), k)

/* ---- (a) the route lottery ---- */

/* O (conflict zone) -40- B (camp) -60- D (camp in country Y, foreign_weight 2)
 *                   \-90- C (camp) -70--------/
 * From O, awareness 1 scores the neighbours: B 1/50, C 1/100 (2/3, 1/3).
 * Awareness 2 adds the loop-free 2-hop paths, the endpoint's score over the whole
 * length: O-B-D 2/110, O-C-D 2/170. Everyone leaves O on day 0 (conflict_movechance
 * 1); the camps keep who arrives without a route (camp_movechance 0; B and C are
 * camps, not towns, as Flee makes any location with a move chance below 0.005 a
 * camp), and those with a 2-hop route reach D the same day (100 and 160 km at 360
 * km/day), so the end of day 0 shows the lottery's outcome: B and C the one-hop
 * choices, D the two-hop ones. */
enum { LOT_O, LOT_B, LOT_C, LOT_D };

static mig_flee_model *lottery_model(int awareness, double weight_power)
{
    mig_flee_model *m = model_new(2);
    loc(m, "O", "X", MIG_FLEE_CONFLICT);
    loc(m, "B", "X", MIG_FLEE_CAMP);
    loc(m, "C", "X", MIG_FLEE_CAMP);
    loc(m, "D", "Y", MIG_FLEE_CAMP);
    route(m, LOT_O, LOT_B, 40, 0);
    route(m, LOT_O, LOT_C, 90, 0);
    route(m, LOT_B, LOT_D, 60, 0);
    route(m, LOT_C, LOT_D, 70, 0);
    m->set.camp_movechance = 0;
    m->set.foreign_weight = 2;
    m->set.awareness_level = awareness;
    m->set.weight_power = weight_power;
    return m;
}

/* The candidate of r's lottery at `from` ending at `end` after n_hops, or NULL. */
static const mig_flee_cand *find_cand(const mig_flee_run *r, int from, int end, int n_hops)
{
    for (int i = 0; i < r->n_cand[from]; i++)
        if (r->cand[from][i].end == end && r->cand[from][i].n_hops == n_hops)
            return &r->cand[from][i];
    return NULL;
}

/* n agents at O, one day: the end-of-day counts at B, C, D. */
static mig_flee_run *lottery_day0(int awareness, double weight_power, long n, uint64_t seed)
{
    mig_flee_run *r = run_new(lottery_model(awareness, weight_power), seed);
    if (!r)
        return NULL;
    spawn(r, LOT_O, n);
    step(r);
    CHECK_EQ(pop(r, 0, LOT_O), 0);  /* everyone left */
    CHECK_EQ(r->in_transit[0], 0);  /* and arrived */
    check_conservation(r);
    return r;
}

static void test_lottery_awareness1(void)
{
    const long n = 40000;
    mig_flee_run *r = lottery_day0(1, 1, n, 11);
    if (!r)
        return;
    /* The candidates: the two neighbours, weighted by hand. */
    CHECK_EQ(r->n_cand[LOT_O], 2);
    const mig_flee_cand *b = find_cand(r, LOT_O, LOT_B, 1), *c = find_cand(r, LOT_O, LOT_C, 1);
    CHECK(b && c);
    if (b && c) {
        CHECK_NEAR(b->weight, 1.0 / 50, 1e-15);
        CHECK_NEAR(c->weight, 1.0 / 100, 1e-15);
    }
    CHECK_EQ(pop(r, 0, LOT_D), 0);  /* nobody plans beyond a neighbour */
    CHECK_SHARE(pop(r, 0, LOT_B), n, 2.0 / 3, 4);
    CHECK_SHARE(pop(r, 0, LOT_C), n, 1.0 / 3, 4);
    mig_flee_run_free(r);

    /* weight_power 2 squares the weights: B 4/5, C 1/5. */
    if ((r = lottery_day0(1, 2, n, 12))) {
        CHECK_SHARE(pop(r, 0, LOT_B), n, 0.8, 4);
        CHECK_EQ(pop(r, 0, LOT_B) + pop(r, 0, LOT_C), n);
        mig_flee_run_free(r);
    }
    /* weight_power 0: every candidate weighs 1, a uniform choice. */
    if ((r = lottery_day0(1, 0, n, 14))) {
        CHECK_SHARE(pop(r, 0, LOT_B), n, 0.5, 4);
        mig_flee_run_free(r);
    }
    /* pruning_threshold 1.5 drops candidates below the best / 1.5: C (1/100 < 1/75). */
    mig_flee_model *m = lottery_model(1, 1);
    m->set.pruning_threshold = 1.5;
    if ((r = run_new(m, 15))) {
        spawn(r, LOT_O, 1000);
        step(r);
        CHECK_EQ(pop(r, 0, LOT_B), 1000);
        mig_flee_run_free(r);
    }
    /* awareness -1 behaves as 1. */
    if ((r = lottery_day0(-1, 1, n, 13))) {
        CHECK_EQ(r->n_cand[LOT_O], 2);
        CHECK_EQ(pop(r, 0, LOT_D), 0);
        CHECK_SHARE(pop(r, 0, LOT_B), n, 2.0 / 3, 4);
        mig_flee_run_free(r);
    }
}

static void test_lottery_awareness2(void)
{
    const long n = 40000;
    mig_flee_run *r = lottery_day0(2, 1, n, 21);
    if (!r)
        return;
    const double w[4] = { 1.0 / 50, 2.0 / 110, 1.0 / 100, 2.0 / 170 };  /* B, B-D, C, C-D */
    double total = w[0] + w[1] + w[2] + w[3];
    /* Exactly four candidates: no loop back through O, every prefix a candidate. */
    CHECK_EQ(r->n_cand[LOT_O], 4);
    const mig_flee_cand *cb = find_cand(r, LOT_O, LOT_B, 1), *cc = find_cand(r, LOT_O, LOT_C, 1);
    CHECK(cb && cc);
    if (cb && cc) {
        CHECK_NEAR(cb->weight, w[0], 1e-15);
        CHECK_NEAR(cc->weight, w[2], 1e-15);
    }
    int seen_bd = 0, seen_cd = 0;
    for (int i = 0; i < r->n_cand[LOT_O]; i++) {
        const mig_flee_cand *x = &r->cand[LOT_O][i];
        if (x->n_hops == 2 && x->hops[0] == LOT_B && x->hops[1] == LOT_D) {
            seen_bd++;
            CHECK_NEAR(x->weight, w[1], 1e-15);
        }
        if (x->n_hops == 2 && x->hops[0] == LOT_C && x->hops[1] == LOT_D) {
            seen_cd++;
            CHECK_NEAR(x->weight, w[3], 1e-15);
        }
    }
    CHECK(seen_bd == 1 && seen_cd == 1);
    CHECK_EQ(pop(r, 0, LOT_B) + pop(r, 0, LOT_C) + pop(r, 0, LOT_D), n);
    CHECK_SHARE(pop(r, 0, LOT_B), n, w[0] / total, 4);
    CHECK_SHARE(pop(r, 0, LOT_C), n, w[2] / total, 4);
    CHECK_SHARE(pop(r, 0, LOT_D), n, (w[1] + w[3]) / total, 4);
    mig_flee_run_free(r);
}

/* A marker is never a route's end and is passed through without spending a hop:
 * with awareness 1, O -30- M (marker) -20- X gives one candidate, X, at 1/(10+50). */
static void test_lottery_marker(void)
{
    mig_flee_model *m = model_new(2);
    int o = loc(m, "O", "X", MIG_FLEE_TOWN), mk = loc(m, "M", "X", MIG_FLEE_MARKER), x = loc(m, "X", "X", MIG_FLEE_CAMP);
    route(m, o, mk, 30, 0);
    route(m, mk, x, 20, 0);
    mig_flee_run *r = run_new(m, 3);
    if (!r)
        return;
    step(r);
    CHECK_EQ(r->n_cand[o], 1);
    const mig_flee_cand *c = find_cand(r, o, x, 2);
    CHECK(c != NULL);
    if (c) {
        CHECK_NEAR(c->weight, 1.0 / 60, 1e-15);
        CHECK_EQ(c->hops[0], mk);
    }
    mig_flee_run_free(r);
}

/* ---- (b) days on a link, same-day chaining ---- */

/* One agent at A (a town it leaves on day 0) to camp B over L km at v km/day:
 * it arrives on day floor(L/v) (0-based), i.e. after mig_flee_days_on_link days. */
static void line_arrival(double km, double v, int expect_day)
{
    mig_flee_model *m = model_new(expect_day + 3);
    int a = loc(m, "A", "X", MIG_FLEE_TOWN), b = loc(m, "B", "X", MIG_FLEE_CAMP);
    route(m, a, b, km, 0);
    m->set.default_movechance = 1;
    m->set.camp_movechance = 0;
    m->set.max_move_speed = v;
    mig_flee_run *r = run_new(m, 5);
    if (!r)
        return;
    spawn(r, a, 1);
    run_all(r);
    CHECK_EQ(mig_flee_days_on_link(km, v), expect_day + 1);
    for (int t = 0; t < r->n_days; t++) {
        int there = t >= expect_day;
        if (!CHECK(pop(r, t, b) == there && pop(r, t, a) == 0 && r->in_transit[t] == !there))
            fprintf(stderr, "    L %g v %g day %d: B %ld, in transit %lld (arrival expected on day %d)\n", km, v,
                    t, pop(r, t, b), (long long)r->in_transit[t], expect_day);
    }
    mig_flee_run_free(r);
}

static void test_days_on_link_run(void)
{
    line_arrival(100, 200, 0);   /* L < v: the same day */
    line_arrival(200, 200, 1);   /* L = v: the next day */
    line_arrival(500, 200, 2);   /* L = 2.5 v: the third day */
    line_arrival(1000, 200, 5);
    line_arrival(70, 35, 2);
}

/* Score 0 for the named locations (the scenario's attractiveness function, in C). */
typedef struct zero_scores {
    int n, loc[4];
    int calls;
} zero_scores;

static int zero_score_fn(void *ctx, mig_flee_run *r, int day, double *scores, char *e)
{
    (void)r, (void)day, (void)e;
    zero_scores *z = ctx;
    z->calls++;
    for (int i = 0; i < z->n; i++)
        scores[z->loc[i]] = 0;
    return 0;
}

/* A line A - B - C - D, every link `km` long, global speed v, each link's own speed
 * link_v (0: none); the agent starts at A with awareness 3 and the scores of B and C
 * zeroed, so its only route of positive weight is A-B-C-D. Returns where the agent
 * is at the end of day 0 (a location index, or -1 on a link). */
static int chain_day0(double km, double v, double link_v, int *day1)
{
    mig_flee_model *m = model_new(3);
    int a = loc(m, "A", "X", MIG_FLEE_TOWN), b = loc(m, "B", "X", MIG_FLEE_TOWN);
    int c = loc(m, "C", "X", MIG_FLEE_TOWN), d = loc(m, "D", "X", MIG_FLEE_CAMP);
    route(m, a, b, km, link_v);
    route(m, b, c, km, link_v);
    route(m, c, d, km, link_v);
    m->set.default_movechance = 1;
    m->set.camp_movechance = 0;
    m->set.max_move_speed = v;
    m->set.awareness_level = 3;
    mig_flee_run *r = run_new(m, 7);
    if (!r)
        return -2;
    zero_scores z = { 2, { b, c }, 0 };
    r->score_fn = zero_score_fn;
    r->score_ctx = &z;
    spawn(r, a, 1);
    step(r);
    int at = -1;
    for (int l = 0; l < r->n_locs; l++)
        if (pop(r, 0, l))
            at = l;
    step(r);
    *day1 = -1;
    for (int l = 0; l < r->n_locs; l++)
        if (pop(r, 1, l))
            *day1 = l;
    CHECK_EQ(z.calls, 2);  /* the score function: once a day */
    mig_flee_run_free(r);
    return at;
}

static void test_same_day_chaining(void)
{
    int day1;
    /* 3 links of 50 km at 200 km/day: 150 km, all crossed on day 0. */
    CHECK_EQ(chain_day0(50, 200, 0, &day1), 3);
    CHECK_EQ(day1, 3);
    /* 3 links of 40 km at 50 km/day: A-B (40 moved), B-C (80 moved, more than 50):
     * the day ends at C; D on day 1. */
    CHECK_EQ(chain_day0(40, 50, 0, &day1), 2);
    CHECK_EQ(day1, 3);
    /* The same with the global speed 200 but each link's max_move_speed 50: Flee
     * compares the day's distance with the speed of the day (the link's, FLEE.md
     * 1.3 step 3 "if distance_moved_this_timestep < speed"), so the day ends at C too. */
    CHECK_EQ(chain_day0(40, 200, 50, &day1), 2);
    CHECK_EQ(day1, 3);
    /* A link shorter than the speed is always finished the day it is entered: A-B 150
     * then B-C 100 at 200 km/day reaches C on day 0 (250 km). */
    mig_flee_model *m = model_new(2);
    int a = loc(m, "A", "X", MIG_FLEE_TOWN), b = loc(m, "B", "X", MIG_FLEE_TOWN), c = loc(m, "C", "X", MIG_FLEE_CAMP);
    route(m, a, b, 150, 0);
    route(m, b, c, 100, 0);
    m->set.default_movechance = 1;
    m->set.camp_movechance = 0;
    m->set.max_move_speed = 200;
    m->set.awareness_level = 2;
    mig_flee_run *r = run_new(m, 9);
    if (!r)
        return;
    zero_scores z = { 1, { b }, 0 };
    r->score_fn = zero_score_fn;
    r->score_ctx = &z;
    spawn(r, a, 10);
    step(r);
    CHECK_EQ(pop(r, 0, c), 10);
    CHECK_EQ(r->in_transit[0], 0);
    mig_flee_run_free(r);
}

/* An agent whose day ends at a camp in the middle of its route goes on the next day:
 * with a route to follow its move chance is 1 (FLEE.md 1.3 step 4.2), whatever the
 * camp's. A (conflict zone) -150- B (town) -100- C (camp) -50- D (camp), 200 km/day,
 * awareness 3, the scores of B and C zeroed: everyone takes A-B-C-D, ends day 0 at C
 * (250 km) and reaches D on day 1. */
static void test_route_through_camp(void)
{
    const long n = 100;
    mig_flee_model *m = model_new(3);
    int a = loc(m, "A", "X", MIG_FLEE_CONFLICT), b = loc(m, "B", "X", MIG_FLEE_TOWN);
    int c = loc(m, "C", "X", MIG_FLEE_CAMP), d = loc(m, "D", "X", MIG_FLEE_CAMP);
    route(m, a, b, 150, 0);
    route(m, b, c, 100, 0);
    route(m, c, d, 50, 0);
    m->set.max_move_speed = 200;
    m->set.awareness_level = 3;
    mig_flee_run *r = run_new(m, 59);
    if (!r)
        return;
    zero_scores z = { 2, { b, c }, 0 };
    r->score_fn = zero_score_fn;
    r->score_ctx = &z;
    spawn(r, a, n);
    step(r);
    CHECK_EQ(pop(r, 0, c), n);
    step(r);
    if (!CHECK(pop(r, 1, d) == n))
        fprintf(stderr, "    day 1: %ld at C, %ld at D: agents with a route wait at the camp\n", pop(r, 1, c),
                pop(r, 1, d));
    mig_flee_run_free(r);
}

/* ---- (c) closures ---- */

/* A hook that places `per_day` agents at `at` at the start of every day. */
typedef struct daily_spawn {
    int at;
    int64_t per_day;
    int only_day;  /* -1: every day */
} daily_spawn;

static int spawn_hook(void *ctx, mig_flee_run *r, int day, char *e)
{
    daily_spawn *s = ctx;
    if (s->only_day >= 0 && day != s->only_day)
        return 0;
    return mig_flee_run_spawn(r, s->at, s->per_day, e);
}

/* Town A -10- camp B; 5 new agents at A every day; link A-B closed on days [3, 6). */
static void test_link_closure(void)
{
    mig_flee_model *m = model_new(9);
    int a = loc(m, "A", "X", MIG_FLEE_TOWN), b = loc(m, "B", "X", MIG_FLEE_CAMP);
    route(m, a, b, 10, 0);
    m->set.default_movechance = 1;
    m->set.camp_movechance = 0;
    closure(m, MIG_FLEE_CLOSE_LINK, "A", "B", 3, 6);
    mig_flee_run *r = run_new(m, 17);
    if (!r)
        return;
    daily_spawn s = { a, 5, -1 };
    r->hook = spawn_hook;
    r->hook_ctx = &s;
    run_all(r);
    for (int t = 0; t < r->n_days; t++) {
        long at_a = t >= 3 && t < 6 ? 5L * (t - 2) : 0;
        long at_b = 5L * (t + 1) - at_a;
        if (!CHECK(pop(r, t, a) == at_a && pop(r, t, b) == at_b))
            fprintf(stderr, "    day %d: A %ld B %ld, expected A %ld B %ld\n", t, pop(r, t, a), pop(r, t, b), at_a,
                    at_b);
    }
    check_conservation(r);
    CHECK_EQ(r->n_events, 2);  /* closed, reopened */
    mig_flee_run_free(r);
}

/* The same through mig_flee_run_closure (flee.close / flee.reopen from a hook),
 * for a location closure: closed now on day 2, reopened on day 4. */
typedef struct closer {
    mig_flee_closure c;
    int close_day, open_day;
    daily_spawn s;
} closer;

static int closer_hook(void *ctx, mig_flee_run *r, int day, char *e)
{
    closer *k = ctx;
    if (day == k->close_day && mig_flee_run_closure(r, &k->c, 0, e))
        return -1;
    if (day == k->open_day && mig_flee_run_closure(r, &k->c, 1, e))
        return -1;
    return spawn_hook(&k->s, r, day, e);
}

static void test_location_closure_now(void)
{
    mig_flee_model *m = model_new(7);
    int a = loc(m, "A", "X", MIG_FLEE_TOWN), b = loc(m, "B", "X", MIG_FLEE_CAMP);
    route(m, a, b, 10, 0);
    m->set.default_movechance = 1;
    m->set.camp_movechance = 0;
    mig_flee_run *r = run_new(m, 19);
    if (!r)
        return;
    closer k;
    memset(&k, 0, sizeof k);
    k.c.kind = MIG_FLEE_CLOSE_LOCATION;
    snprintf(k.c.a, sizeof k.c.a, "B");
    k.close_day = 2;
    k.open_day = 4;
    k.s = (daily_spawn){ a, 3, -1 };
    r->hook = closer_hook;
    r->hook_ctx = &k;
    run_all(r);
    for (int t = 0; t < r->n_days; t++) {
        long at_a = t >= 2 && t < 4 ? 3L * (t - 1) : 0;
        if (!CHECK(pop(r, t, a) == at_a && pop(r, t, b) == 3L * (t + 1) - at_a))
            fprintf(stderr, "    day %d: A %ld B %ld, expected A %ld\n", t, pop(r, t, a), pop(r, t, b), at_a);
    }
    mig_flee_run_free(r);
}

/* Camp C (10,000 agents) -10- camp A, camp_movechance 0, default_movechance 0.3:
 * nobody moves until C is closed as a camp on day 2; it is then a town that 30% of
 * those still there leave each day (to A, where they stay); on day 4 it reopens and
 * is a camp again. */
static void test_camp_closure(void)
{
    const long n = 10000;
    mig_flee_model *m = model_new(8);
    int c = loc(m, "C", "X", MIG_FLEE_CAMP), a = loc(m, "A", "X", MIG_FLEE_CAMP);
    route(m, c, a, 10, 0);
    m->set.camp_movechance = 0;
    m->set.default_movechance = 0.3;
    closure(m, MIG_FLEE_CLOSE_CAMP, "C", "", 2, 4);
    mig_flee_run *r = run_new(m, 23);
    if (!r)
        return;
    spawn(r, c, n);
    step(r);
    step(r);
    CHECK_EQ(pop(r, 1, c), n);
    CHECK_EQ(r->type[c], MIG_FLEE_CAMP);
    step(r);  /* day 2: closed */
    CHECK_EQ(r->type[c], MIG_FLEE_TOWN);
    CHECK_NEAR(r->movechance[c], 0.3, 0);
    CHECK_SHARE(pop(r, 2, c), n, 0.7, 4);
    step(r);  /* day 3: still closed */
    double left = (double)pop(r, 2, c);
    CHECK_WITHIN((double)pop(r, 3, c) / left, 0.7, sqrt(0.21 / left), 4);
    step(r);  /* day 4: a camp again */
    CHECK_EQ(r->type[c], MIG_FLEE_CAMP);
    CHECK_NEAR(r->movechance[c], 0, 0);
    run_all(r);
    for (int t = 4; t < r->n_days; t++)
        CHECK_EQ(pop(r, t, c), pop(r, 3, c));
    for (int t = 0; t < r->n_days; t++)
        CHECK_EQ(pop(r, t, a) + pop(r, t, c), n);
    check_conservation(r);
    mig_flee_run_free(r);
}

/* A (country X, a town everyone leaves) -100- B (X, camp) and -100- C (Y, camp).
 * The X-Y border is closed on days [0, 2): 1,000 agents placed on day 0 all go to
 * B; 1,000 placed on day 2 split evenly. */
static void test_country_closure(void)
{
    mig_flee_model *m = model_new(3);
    int a = loc(m, "A", "X", MIG_FLEE_TOWN), b = loc(m, "B", "X", MIG_FLEE_CAMP), c = loc(m, "C", "Y", MIG_FLEE_CAMP);
    route(m, a, b, 100, 0);
    route(m, a, c, 100, 0);
    m->set.default_movechance = 1;
    m->set.camp_movechance = 0;
    closure(m, MIG_FLEE_CLOSE_COUNTRY, "X", "Y", 0, 2);
    mig_flee_run *r = run_new(m, 29);
    if (!r)
        return;
    daily_spawn s = { a, 1000, -1 };
    r->hook = spawn_hook;
    r->hook_ctx = &s;
    s.only_day = 0;
    step(r);
    CHECK_EQ(pop(r, 0, b), 1000);
    CHECK_EQ(pop(r, 0, c), 0);
    step(r);
    s.only_day = 2;
    step(r);
    CHECK_SHARE(pop(r, 2, c), 1000, 0.5, 4);
    CHECK_EQ(pop(r, 2, b) + pop(r, 2, c), 2000);
    mig_flee_run_free(r);
}

/* 10 agents set off from A on day 0 on a 1000 km link at 200 km/day (arrival on
 * day 5). The link closes on day `close` (and reopens on `reopen`, -1: never): if it
 * is closed when they arrive, they are back at A that day. */
static void on_link_closure(int close, int reopen, int back)
{
    mig_flee_model *m = model_new(8);
    int a = loc(m, "A", "X", MIG_FLEE_TOWN), b = loc(m, "B", "X", MIG_FLEE_CAMP);
    route(m, a, b, 1000, 0);
    m->set.default_movechance = 1;
    m->set.camp_movechance = 0;
    m->set.max_move_speed = 200;
    closure(m, MIG_FLEE_CLOSE_LINK, "A", "B", close, reopen);
    mig_flee_run *r = run_new(m, 31);
    if (!r)
        return;
    spawn(r, a, 10);
    run_all(r);
    for (int t = 0; t < r->n_days; t++) {
        long in = t < 5 ? 10 : 0;
        long at_b = back || t < 5 ? 0 : 10, at_a = back && t >= 5 ? 10 : 0;
        if (!CHECK(r->in_transit[t] == in && pop(r, t, b) == at_b && pop(r, t, a) == at_a))
            fprintf(stderr, "    closed %d-%d, day %d: in transit %lld, A %ld, B %ld; expected %ld, %ld, %ld\n", close,
                    reopen, t, (long long)r->in_transit[t], pop(r, t, a), pop(r, t, b), in, at_a, at_b);
    }
    check_conservation(r);
    mig_flee_run_free(r);
}

static void test_closure_while_travelling(void)
{
    on_link_closure(2, -1, 1);  /* closed for good while they travel: back to A on arrival */
    on_link_closure(5, -1, 1);  /* closed on the arrival day itself */
    on_link_closure(2, 4, 0);   /* reopened before they arrive: they reach B */
}


/* ---- capacity, spawning, conflicts ---- */

/* O (conflict zone) -50- camp K (capacity 100) and -50- camp L (no limit); K holds
 * `in_k` agents already. 3,000 agents leave O on day 0. K's lottery weight is its
 * capacity multiplier (L's is 1); a route ending at a camp whose multiplier is below
 * 0.5 is given up, and the agent stays at O. */
static void capacity_day0(long in_k, double scaling, double p_k, double p_stay)
{
    const long n = 3000;
    mig_flee_model *m = model_new(2);
    int o = loc(m, "O", "X", MIG_FLEE_CONFLICT), k = loc(m, "K", "X", MIG_FLEE_CAMP), l = loc(m, "L", "X", MIG_FLEE_CAMP);
    m->locs[k].capacity = 100;
    route(m, o, k, 50, 0);
    route(m, o, l, 50, 0);
    m->set.camp_movechance = 0;
    m->set.capacity_scaling = scaling;
    mig_flee_run *r = run_new(m, 37);
    if (!r)
        return;
    spawn(r, k, in_k);
    spawn(r, o, n);
    step(r);
    CHECK_SHARE(pop(r, 0, k) - in_k, n, p_k, 4);
    CHECK_SHARE(pop(r, 0, o), n, p_stay, 4);
    CHECK_EQ(pop(r, 0, o) + pop(r, 0, k) - in_k + pop(r, 0, l), n);
    mig_flee_run_free(r);
}

static void test_capacity(void)
{
    capacity_day0(0, 1, 0.5, 0);             /* empty: K and L alike */
    capacity_day0(90, 1, 0.5, 0);            /* at the buffer: still 1 */
    capacity_day0(95, 1, 0.5 / 1.5, 0);      /* multiplier 0.5: half the weight, still taken */
    capacity_day0(96, 1, 0, 0.4 / 1.4);      /* 0.4: K drawn 0.4/1.4 of the time, and given up */
    capacity_day0(100, 1, 0, 0);             /* full: multiplier 0, L only */
    capacity_day0(100, 2, 0.5, 0);           /* capacity_scaling 2: room for 200 */
}

/* Data-driven spawning (FLEE.md 1.3 step 2): new agents follow the increases of the
 * camp series, less the debt of decreases; origins are drawn by pop x intensity over
 * the conflict zones. Z1 (pop 1,000) and Z2 (pop 3,000, intensity 1) are conflict
 * zones nobody leaves (conflict_movechance 0); camp K's series: 0, 4000, 3960, 4000,
 * 4050 -> 4,000 new on day 1, none on day 2 (a debt of 40), none on day 3 (the debt
 * is paid), 50 on day 4. */
static void test_spawning(void)
{
    mig_flee_model *m = model_new(5);
    int z1 = loc(m, "Z1", "X", MIG_FLEE_CONFLICT), z2 = loc(m, "Z2", "X", MIG_FLEE_CONFLICT);
    int k = loc(m, "K", "Y", MIG_FLEE_CAMP), t = loc(m, "T", "X", MIG_FLEE_TOWN);
    m->locs[z1].pop = 1000;
    m->locs[z2].pop = 3000;
    m->locs[t].pop = 1e6;  /* a town: never an origin */
    route(m, z1, k, 50, 0);
    route(m, z2, k, 50, 0);
    route(m, t, k, 50, 0);
    mig_flee_series s = { 0 };
    static const double v[] = { 0, 4000, 3960, 4000, 4050 };
    for (int d = 0; d < 5; d++)
        CHECK(mig_flee_series_push(&s, d, v[d]) == 0);
    CHECK(mig_flee_add_camp_data(m, "K", k, &s, err) >= 0);
    m->set.conflict_movechance = 0;
    mig_flee_run *r = run_new(m, 41);
    if (!r)
        return;
    run_all(r);
    CHECK_EQ(r->spawned[0], 0);
    CHECK_EQ(r->spawned[1], 4000);
    CHECK_EQ(r->spawned[2], 0);
    CHECK_EQ(r->debt_day[2], 40);
    CHECK_EQ(r->spawned[3], 0);
    CHECK_EQ(r->debt_day[3], 0);
    CHECK_EQ(r->spawned[4], 50);
    CHECK_EQ(pop(r, 4, t), 0);
    CHECK_EQ(pop(r, 4, z1) + pop(r, 4, z2), 4050);
    CHECK_SHARE(pop(r, 1, z1), 4000, 0.25, 4);
    check_conservation(r);
    mig_flee_run_free(r);
}

/* Day 0 (insert_day0): each camp receives its day-0 count before the first day; in
 * strict mode its capacity is cut by that count, as in Flee. */
static void test_insert_day0(void)
{
    for (int strict = 0; strict <= 1; strict++) {
        mig_flee_model *m = model_new(2);
        int z = loc(m, "Z", "X", MIG_FLEE_CONFLICT), k = loc(m, "K", "Y", MIG_FLEE_CAMP);
        m->locs[z].pop = 100;
        m->locs[k].capacity = 1000;
        route(m, z, k, 50, 0);
        mig_flee_series s = { 0 };
        CHECK(mig_flee_series_push(&s, 0, 250) == 0 && mig_flee_series_push(&s, 10, 350) == 0);
        CHECK(mig_flee_add_camp_data(m, "K", k, &s, err) >= 0);
        m->set.camp_movechance = 0;
        m->set.strict = strict;
        mig_flee_run *r = run_new(m, 43);
        if (!r)
            return;
        CHECK_EQ(r->n_agents, 250);
        CHECK_NEAR(r->cap[k], strict ? 750 : 1000, 0);
        step(r);
        CHECK_EQ(r->spawned[0], 0);
        CHECK_EQ(pop(r, 0, k), 250);
        step(r);
        CHECK_EQ(r->spawned[1], 10);  /* 250 -> 260 */
        mig_flee_run_free(r);
    }
}

/* conflicts.csv (FLEE.md 1.3 step 1): town X becomes a conflict zone when its value
 * rises above 0 (day 2), a change of intensity while it lasts is ignored (day 3), and
 * it is a town again when the value returns to 0 (day 5). */
static void test_conflicts(void)
{
    mig_flee_model *m = model_new(7);
    int x = loc(m, "X", "X", MIG_FLEE_TOWN), y = loc(m, "Y", "X", MIG_FLEE_TOWN);
    route(m, x, y, 50, 0);
    static const double v[] = { 0, 0, 1, 0.5, 0.5, 0, 0 };
    m->has_conflicts = 1;
    m->n_conflict_cols = 1;
    m->n_conflict_days = 7;
    m->conflict_loc = malloc(sizeof *m->conflict_loc);
    m->conflict_value = malloc(sizeof v);
    if (!m->conflict_loc || !m->conflict_value)
        abort();
    m->conflict_loc[0] = x;
    memcpy(m->conflict_value, v, sizeof v);
    m->set.conflict_weight = 0.25;
    m->set.default_movechance = 0.3;
    mig_flee_run *r = run_new(m, 47);
    if (!r)
        return;
    static const int conflict[] = { 0, 0, 1, 1, 1, 0, 0 };
    for (int t = 0; t < 7; t++) {
        step(r);
        CHECK_EQ(r->type[x] == MIG_FLEE_CONFLICT, conflict[t]);
        CHECK_NEAR(r->movechance[x], conflict[t] ? 1.0 : 0.3, 0);
        CHECK_NEAR(r->score[x], conflict[t] ? 0.25 : 1, 1e-15);  /* intensity 1 from day 2 on */
        if (conflict[t])
            CHECK_EQ(r->conflict_since[x], 2);
        CHECK_EQ(r->type[y], MIG_FLEE_TOWN);
    }
    mig_flee_run_free(r);
}

/* Flee makes any location whose move chance is below 0.005 a camp (FLEE.md 1.1,
 * Location.__init__): with default_movechance 0.001 a town is a camp, scored with
 * camp_weight and reported among the camps. */
static void test_low_movechance_is_camp(void)
{
    mig_flee_model *m = model_new(2);
    int a = loc(m, "A", "X", MIG_FLEE_CONFLICT), t = loc(m, "T", "X", MIG_FLEE_TOWN);
    route(m, a, t, 50, 0);
    m->set.default_movechance = 0.001;
    m->set.camp_weight = 3;
    mig_flee_run *r = run_new(m, 53);
    if (!r)
        return;
    step(r);
    CHECK_NEAR(r->score[t], 3, 0);
    int reported = 0;
    for (int c = 0; c < r->n_camps; c++)
        reported |= r->camp_loc[c] == t;
    CHECK(reported);
    mig_flee_run_free(r);
}

/* A chain of markers takes no hop (review finding): Z -> M1 -> M2 -> C1 (50 km in
 * all) is a candidate of awareness 1 beside Z -> C2 (150 km); C1's share is 8/11. */
static void test_marker_chain(void)
{
    mig_flee_model *m = model_new(3);
    int z = loc(m, "Z", "X", MIG_FLEE_TOWN), m1 = loc(m, "M1", "X", MIG_FLEE_MARKER);
    int m2 = loc(m, "M2", "X", MIG_FLEE_MARKER), c1 = loc(m, "C1", "Y", MIG_FLEE_CAMP);
    int c2 = loc(m, "C2", "Y", MIG_FLEE_CAMP);
    route(m, z, m1, 20, 0);
    route(m, m1, m2, 20, 0);
    route(m, m2, c1, 10, 0);
    route(m, z, c2, 150, 0);
    m->set.default_movechance = 1;
    m->set.camp_movechance = 0;
    m->set.max_move_speed = 400;
    mig_flee_run *r = run_new(m, 61);
    if (!r)
        return;
    CHECK_EQ(r->route_width, 3);  /* M1, M2, C1 */
    long n = 20000;
    spawn(r, z, n);
    run_all(r);
    CHECK_EQ(pop(r, 2, c1) + pop(r, 2, c2), n);
    CHECK_SHARE(pop(r, 2, c1), n, 8.0 / 11, 4);
    check_conservation(r);
    mig_flee_run_free(r);
}

/* Strict mode spawns with the day before's weights, except on a day a conflict
 * starts or ends: Flee refreshes them then (review finding). Z1 is in conflict
 * from day 0; Z2 from day 2, when it must receive new agents at once; nobody leaves. */
static void test_spawn_weights_strict(void)
{
    mig_flee_model *m = model_new(4);
    int z1 = loc(m, "Z1", "X", MIG_FLEE_TOWN), z2 = loc(m, "Z2", "X", MIG_FLEE_TOWN);
    int k = loc(m, "K", "Y", MIG_FLEE_CAMP);
    m->locs[z1].pop = 1000;
    m->locs[z2].pop = 1000;
    route(m, z1, k, 50, 0);
    route(m, z2, k, 50, 0);
    static const double v[] = { 1, 0, 1, 0, 1, 1, 1, 1 };  /* [day][Z1, Z2] */
    m->has_conflicts = 1;
    m->n_conflict_cols = 2;
    m->n_conflict_days = 4;
    m->conflict_loc = malloc(2 * sizeof *m->conflict_loc);
    m->conflict_value = malloc(sizeof v);
    if (!m->conflict_loc || !m->conflict_value)
        abort();
    m->conflict_loc[0] = z1;
    m->conflict_loc[1] = z2;
    memcpy(m->conflict_value, v, sizeof v);
    mig_flee_series s = { 0 };
    static const double counts[] = { 0, 1000, 2000, 3000 };
    for (int d = 0; d < 4; d++)
        CHECK(mig_flee_series_push(&s, d, counts[d]) == 0);
    CHECK(mig_flee_add_camp_data(m, "K", k, &s, err) >= 0);
    m->set.conflict_movechance = 0;
    m->set.strict = 1;
    mig_flee_run *r = run_new(m, 67);
    if (!r)
        return;
    run_all(r);
    CHECK_EQ(pop(r, 1, z2), 0);             /* day 1: Z2 not in conflict yet */
    CHECK(pop(r, 2, z2) > 300);             /* day 2: about half of 1,000 at once */
    CHECK_EQ(pop(r, 2, z1) + pop(r, 2, z2), 2000);
    mig_flee_run_free(r);
}

/* With sum_from_camps off, day 0's count is the total's alone (review finding). */
static void test_day0_total_only(void)
{
    mig_flee_model *m = model_new(2);
    int z = loc(m, "Z", "X", MIG_FLEE_CONFLICT), k = loc(m, "K", "Y", MIG_FLEE_CAMP);
    m->locs[z].pop = 1000;
    route(m, z, k, 50, 0);
    mig_flee_series s = { 0 };
    CHECK(mig_flee_series_push(&s, 0, 1000) == 0);
    CHECK(mig_flee_add_camp_data(m, "K", k, &s, err) >= 0);
    CHECK(mig_flee_series_push(&m->total, 0, 1000) == 0);
    m->has_total = 1;
    m->set.sum_from_camps = 0;
    m->set.insert_day0 = 0;
    m->set.strict = 1;
    m->set.conflict_movechance = 0;
    mig_flee_run *r = run_new(m, 71);
    if (!r)
        return;
    step(r);
    CHECK_EQ(r->spawned[0], 1000);  /* not 2,000 (camps + total) */
    mig_flee_run_free(r);
}

int main(void)
{
    test_cap_multiplier();
    test_route_weight();
    test_days_on_link();
    test_decay();
    test_interp();
    test_lottery_awareness1();
    test_lottery_awareness2();
    test_lottery_marker();
    test_days_on_link_run();
    test_same_day_chaining();
    test_route_through_camp();
    test_link_closure();
    test_location_closure_now();
    test_camp_closure();
    test_country_closure();
    test_closure_while_travelling();
    test_capacity();
    test_spawning();
    test_insert_day0();
    test_conflicts();
    test_low_movechance_is_camp();
    test_marker_chain();
    test_spawn_weights_strict();
    test_day0_total_only();
    return check_done("test_flee_rules");
}
