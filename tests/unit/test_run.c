/* test_run.c: the daily loop on small hand-built worlds (run.h): zero cases,
 * conservation, common random numbers, determinism across seeds and threads. */
#include "check.h"
#include "date.h"
#include "run.h"

#include <math.h>
#include <stdlib.h>

static char err[MIG_ERR_LEN];

typedef struct opts {
    double demand;       /* persons per day */
    int visa_channel;    /* add channel "visa" (needs visa-free entry to RS) */
    int direct_channel;  /* add channel "direct" straight to the destination, 0 days */
    double detection, pushback, registration, give_up;
    int reception;       /* registered persons go to "traiskirchen" */
} opts;

static const opts defaults = { 40, 0, 0, 0.3, 0.6, 0.2, 0.05, 0 };

/* SY (damascus) -air-> RS (belgrade -road-> horgos) -foot-> AT (vienna).
 * Channel "air" always; "visa" and "direct" on request. Border RS-AT as given. */
static mig_world *build(const opts *o)
{
    mig_world *w = mig_world_new();
    if (!w)
        return NULL;
    int ok = mig_world_add_country(w, "SY", NULL, 0, 0, err) >= 0 && mig_world_add_country(w, "RS", NULL, 0, 0, err) >= 0
        && mig_world_add_country(w, "AT", NULL, 1, 1, err) >= 0
        && mig_world_add_location(w, "damascus", NULL, "SY", "origin", 33.5, 36.3, err) >= 0
        && mig_world_add_location(w, "belgrade", NULL, "RS", "city", 44.8, 20.5, err) >= 0
        && mig_world_add_location(w, "horgos", NULL, "RS", "border_area", 46.2, 19.9, err) >= 0
        && mig_world_add_location(w, "vienna", NULL, "AT", "destination", 48.2, 16.4, err) >= 0
        && mig_world_add_location(w, "traiskirchen", NULL, "AT", "reception", 48.0, 16.3, err) >= 0
        && mig_world_add_route(w, "belgrade", "horgos", "road", 180, 0, err) >= 0
        && mig_world_add_route(w, "horgos", "vienna", "foot", 60, 0, err) >= 0
        && mig_world_add_route(w, "traiskirchen", "vienna", "road", 30, 0, err) >= 0
        && mig_world_add_border(w, "RS", "AT", NULL, err) >= 0;
    int n = ok ? mig_world_add_nationality(w, "SYR", NULL, "damascus", NULL, err) : -1;
    ok = n == 0 && mig_world_add_destination(w, n, "vienna", 1, err) >= 0
        && mig_world_add_channel(w, n, "air", "belgrade", "air", 1, NULL, err) >= 0
        && (!o->visa_channel || mig_world_add_channel(w, n, "visa", "belgrade", "air", 1, "RS", err) >= 0)
        && (!o->direct_channel || mig_world_add_channel(w, n, "direct", "vienna", "air", 0, NULL, err) >= 0)
        && mig_world_set_demand(w, n, "2022-01", &o->demand, 1, err) == 0
        && mig_world_set(w, "border.RS-AT.detection_prob", o->detection, err) == 0
        && mig_world_set(w, "border.RS-AT.registration_share", 0, err) == 0
        && mig_world_set(w, "border.RS-AT.pushback_share", o->pushback, err) == 0
        && mig_world_set(w, "border.RS-AT.registration_share", o->registration, err) == 0
        && mig_world_set(w, "give_up_prob", o->give_up, err) == 0;
    if (ok && o->reception)
        w->borders[0].reception = mig_world_find_location(w, "traiskirchen");
    if (!ok) {
        fprintf(stderr, "build: %s\n", err);
        mig_world_free(w);
        return NULL;
    }
    return w;
}

static int start_day(void)
{
    int d = 0;
    mig_date_parse("2022-03-01", &d);
    return d;
}

static mig_run *new_run(const opts *o, uint64_t seed, int n_days, int threads)
{
    mig_world *w = build(o);
    if (!w)
        return NULL;
    mig_run *run = mig_run_new(w, seed, start_day(), n_days, threads, err);
    if (!run)
        fprintf(stderr, "mig_run_new: %s\n", err);
    return run;
}

/* Run to the end; NULL (and a failed check) on error. */
static mig_run *run_opts(const opts *o, uint64_t seed, int n_days, int threads)
{
    mig_run *run = new_run(o, seed, n_days, threads);
    if (!CHECK(run != NULL))
        return NULL;
    if (!CHECK(mig_run_all(run, err) == 0)) {
        fprintf(stderr, "    %s\n", err);
        mig_run_free(run);
        return NULL;
    }
    return run;
}

/* Sum of count counters from offset off, over all days. */
static int64_t total(const mig_run *run, int off, int count)
{
    int64_t s = 0;
    for (int d = 0; d < run->n_days; d++)
        for (int k = 0; k < count; k++)
            s += mig_run_row(run, d)[off + k];
    return s;
}

/* The run's totals over count offsets from off. */
static int64_t cum_sum(const mig_run *run, int off, int count)
{
    int64_t s = 0;
    for (int k = 0; k < count; k++)
        s += run->cum[off + k];
    return s;
}

/* Is offset k a journey count (a running total, run.h)? */
static int is_journey(const mig_layout *L, int k)
{
    return k >= L->journey_days && k < L->journey_detections + (L->n_nats + 1) * MIG_JOURNEY_DET_BINS;
}

static int64_t day_count(const mig_run *run, int d, int off)
{
    return mig_run_row(run, d)[off];
}

/* Agents still on their way. The store may keep finished agents until it
 * compacts, so count states rather than trust agents.n. */
static uint64_t active(const mig_run *run)
{
    uint64_t n = 0;
    for (size_t i = 0; i < run->agents.n; i++)
        n += run->agents.state[i] < MIG_ST_ARRIVED;
    return n;
}

static size_t tally_bytes(const mig_run *run)
{
    return (size_t)run->n_days * (size_t)run->layout.size * sizeof *run->tally;
}

static void test_zero_demand(void)
{
    opts o = defaults;
    o.demand = 0;
    mig_run *run = run_opts(&o, 1, 60, 1);
    if (!run)
        return;
    int64_t any = 0;
    for (size_t k = 0; k < (size_t)run->n_days * (size_t)run->layout.size; k++)
        any += run->tally[k] != 0;
    CHECK_EQ(any, 0);
    CHECK(run->departed == 0 && run->agents.n == 0 && run->arrived == 0);
    CHECK_EQ(run->today, run->n_days);
    CHECK(mig_run_step(run, err) == 1);  /* nothing left to do */
    mig_run_free(run);
}

static void test_sealed_border(void)
{
    opts o = defaults;
    o.detection = 1;
    o.pushback = 1;
    o.registration = 0;
    o.give_up = 0;
    mig_run *run = run_opts(&o, 2, 90, 1);
    if (!run)
        return;
    const mig_layout *L = &run->layout;
    int64_t dep = total(run, L->departures, L->n_nats * L->n_channels);
    int64_t att = total(run, L->attempts, L->n_borders * L->n_nats);
    CHECK(dep > 1000);
    CHECK(att > 1000);
    CHECK_EQ(total(run, L->arrivals, L->n_countries * L->n_nats), 0);
    CHECK_EQ(total(run, L->asylum, L->n_countries * L->n_nats), 0);
    CHECK_EQ(total(run, L->detections, L->n_borders * L->n_nats), att);
    CHECK_EQ(total(run, L->pushbacks, L->n_borders * L->n_nats), att);
    CHECK_EQ(total(run, L->registrations, L->n_borders * L->n_nats), 0);
    CHECK_EQ(total(run, L->detained, L->n_borders * L->n_nats), 0);
    CHECK_EQ(total(run, L->returned, L->n_nats), 0);
    /* nobody got past horgos, and everyone who left is still on the way */
    int vienna = mig_world_find_location(run->world, "vienna");
    CHECK_EQ(total(run, L->stock + vienna, 1), 0);
    CHECK_EQ(active(run), dep);
    CHECK(run->arrived == 0 && run->returned == 0 && run->detained == 0);
    /* persons vs detections: each person is first detected once */
    CHECK(total(run, L->first_detected, L->n_nats) <= dep);
    CHECK(total(run, L->first_detected, L->n_nats) < att);
    /* the risk learned is the detection rate seen */
    CHECK(run->risk[0] > 0.999);
    mig_run_free(run);
}

/* A channel that needs a visa the group lacks: with displacement 0 nobody goes
 * through it and every would-be migrant for it is counted as deterred. Draws
 * are keyed per mechanism, so the Poisson counts match an open-visa run day by
 * day (common random numbers), and so do the other channel's departures. */
static void test_visa_closed(void)
{
    opts o = defaults;
    o.visa_channel = 1;
    mig_run *open = new_run(&o, 3, 60, 1), *closed = new_run(&o, 3, 60, 1), *displaced = new_run(&o, 3, 60, 1);
    if (!CHECK(open && closed && displaced)) {
        mig_run_free(open);
        mig_run_free(closed);
        mig_run_free(displaced);
        return;
    }
    mig_world_set_visa_free(open->world, 1, 0, 1);
    CHECK(mig_world_set(closed->world, "nationality.SYR.displacement", 0, err) == 0);
    CHECK(mig_world_set(displaced->world, "nationality.SYR.displacement", 1, err) == 0);
    CHECK(mig_run_all(open, err) == 0);
    CHECK(mig_run_all(closed, err) == 0);
    CHECK(mig_run_all(displaced, err) == 0);
    const mig_layout *L = &closed->layout;
    int air = 0, visa = 1;
    CHECK_EQ(total(closed, L->departures + visa, 1), 0);
    CHECK(total(closed, L->deterred + visa, 1) > 500);
    CHECK_EQ(total(closed, L->deterred + air, 1), 0);
    CHECK_EQ(total(closed, L->displaced, L->n_channels), 0);
    CHECK_EQ(total(open, L->deterred, L->n_channels), 0);
    int bad_visa = 0, bad_air = 0, bad_displaced = 0;
    for (int d = 0; d < closed->n_days; d++) {
        bad_visa += day_count(open, d, L->departures + visa) != day_count(closed, d, L->deterred + visa);
        bad_air += day_count(open, d, L->departures + air) != day_count(closed, d, L->departures + air);
        /* with displacement 1, everyone for the closed channel takes "air" instead */
        bad_displaced += day_count(displaced, d, L->displaced + air) != day_count(open, d, L->departures + visa)
            || day_count(displaced, d, L->departures + air)
                != day_count(open, d, L->departures + air) + day_count(open, d, L->departures + visa)
            || day_count(displaced, d, L->deterred + visa) != 0;
    }
    CHECK_EQ(bad_visa, 0);
    CHECK_EQ(bad_air, 0);
    CHECK_EQ(bad_displaced, 0);
    mig_summary s;
    mig_run_summarize(closed, closed->cum, -1, &s);
    CHECK_EQ(s.deterred, total(closed, L->deterred + visa, 1));
    CHECK_EQ(s.departures, (int64_t)closed->departed);
    mig_run_free(open);
    mig_run_free(closed);
    mig_run_free(displaced);
}

/* An exit ban (channel closed at the origin side): all deterred, nobody leaves. */
static void test_exit_ban(void)
{
    opts o = defaults;
    mig_run *run = new_run(&o, 4, 30, 1);
    if (!CHECK(run != NULL))
        return;
    CHECK(mig_world_set(run->world, "channel.SYR.air.open", 0, err) == 0);
    CHECK(mig_run_all(run, err) == 0);
    const mig_layout *L = &run->layout;
    CHECK_EQ(run->departed, 0);
    CHECK(total(run, L->deterred, 1) > 500);
    CHECK_EQ(total(run, L->attempts, 1), 0);
    mig_run_free(run);
}

/* Entering straight at the destination ends the journey the same day. */
static void test_direct_entry(void)
{
    opts o = defaults;
    o.direct_channel = 1;
    mig_run *run = new_run(&o, 5, 30, 1);
    if (!CHECK(run != NULL))
        return;
    CHECK(mig_world_set(run->world, "channel.SYR.air.weight", 0, err) == 0);
    CHECK(mig_run_all(run, err) == 0);
    const mig_layout *L = &run->layout;
    int at = mig_world_find_country(run->world, "AT"), bad = 0;
    for (int d = 0; d < run->n_days; d++)
        bad += day_count(run, d, L->departures + 1) != day_count(run, d, L->arrivals + at * L->n_nats)
            || day_count(run, d, L->departures + 0) != 0;
    CHECK_EQ(bad, 0);
    CHECK(run->departed > 500 && run->arrived == run->departed && active(run) == 0);
    /* AT is in the EU: every arrival applies for asylum (asylum_prob 1) */
    CHECK_EQ(total(run, L->asylum + at * L->n_nats, 1), (int64_t)run->arrived);
    mig_run_free(run);
}

/* Registered persons go to reception; with no absconding they stay there. */
static void test_reception(void)
{
    opts o = defaults;
    o.reception = 1;
    o.detection = 0.5;
    o.pushback = 0;
    o.registration = 1;
    mig_run *run = new_run(&o, 6, 40, 1);
    if (!CHECK(run != NULL))
        return;
    CHECK(mig_world_set(run->world, "country.AT.abscond_prob", 0, err) == 0);
    CHECK(mig_run_all(run, err) == 0);
    const mig_layout *L = &run->layout;
    int tk = mig_world_find_location(run->world, "traiskirchen");
    int64_t reg = total(run, L->registrations, 1);
    CHECK(reg > 100);
    CHECK_EQ(mig_run_row(run, run->n_days - 1)[L->reception + tk], reg);
    CHECK_EQ(mig_run_row(run, run->n_days - 1)[L->stock + tk], reg);
    mig_run_free(run);
}

/* Every path (pushback, give up, registration, detention, arrival) in one run,
 * stepped a day at a time and checked against the run's own counters. */
static void test_conservation(void)
{
    opts o = defaults;
    o.reception = 1;
    mig_run *run = new_run(&o, 7, 120, 1);
    if (!CHECK(run != NULL))
        return;
    const mig_layout *L = &run->layout;
    int rc, bad_placed = 0, steps = 0;
    while ((rc = mig_run_step(run, err)) == 0) {
        const int64_t *row = mig_run_row(run, run->today - 1);
        int64_t placed = row[L->in_transit];
        for (int l = 0; l < L->n_locations; l++)
            placed += row[L->stock + l];
        bad_placed += placed != (int64_t)active(run);
        steps++;
    }
    CHECK(rc == 1);
    CHECK_EQ(steps, 120);
    CHECK_EQ(bad_placed, 0);
    CHECK(run->departed == active(run) + run->arrived + run->returned + run->detained);
    CHECK(run->arrived > 0 && run->returned > 0 && run->detained > 0 && active(run) > 0);
    CHECK_EQ(total(run, L->departures, L->n_nats * L->n_channels), (int64_t)run->departed);
    CHECK_EQ(total(run, L->arrivals, L->n_countries * L->n_nats), (int64_t)run->arrived);
    CHECK_EQ(total(run, L->returned, L->n_nats), (int64_t)run->returned);
    CHECK_EQ(total(run, L->detained, L->n_borders * L->n_nats), (int64_t)run->detained);
    int64_t det = total(run, L->detections, 1);
    CHECK_EQ(det, total(run, L->pushbacks, 1) + total(run, L->registrations, 1) + total(run, L->detained, 1));
    /* cum is the sum of the rows, except for the journeys, whose rows are running totals */
    int bad_cum = 0;
    for (int k = 0; k < L->size; k++) {
        int64_t s = 0;
        for (int d = 0; d < run->n_days; d++)
            s += mig_run_row(run, d)[k];
        if (is_journey(L, k))
            s = mig_run_row(run, run->n_days - 1)[k];
        bad_cum += s != run->cum[k];
    }
    CHECK_EQ(bad_cum, 0);
    /* every arrival is in each journey distribution, for its nationality and for all */
    CHECK_EQ(cum_sum(run, L->journey_days + L->n_nats * MIG_JOURNEY_DAY_BINS, MIG_JOURNEY_DAY_BINS),
             (int64_t)run->arrived);
    CHECK_EQ(cum_sum(run, L->journey_days, L->n_nats * MIG_JOURNEY_DAY_BINS), (int64_t)run->arrived);
    CHECK_EQ(cum_sum(run, L->journey_detections + L->n_nats * MIG_JOURNEY_DET_BINS, MIG_JOURNEY_DET_BINS),
             (int64_t)run->arrived);
    CHECK_EQ(cum_sum(run, L->journey_detections, L->n_nats * MIG_JOURNEY_DET_BINS), (int64_t)run->arrived);
    mig_summary s;
    mig_run_summarize(run, run->cum, 0, &s);
    CHECK(s.detections == det && s.arrivals == (int64_t)run->arrived && s.first_detected <= s.detections);
    CHECK_EQ(s.frontex_detections, 0);  /* the segment is not in the Frontex series */
    mig_run_summarize(run, run->cum, 5, &s);  /* a nationality that does not exist */
    CHECK_EQ(s.departures, 0);
    mig_run_free(run);
}

/* The run's own conservation check fires when the books do not balance. */
static void test_conservation_check_fires(void)
{
    mig_run *run = new_run(&defaults, 8, 20, 1);
    if (!CHECK(run != NULL))
        return;
    for (int d = 0; d < 5; d++)
        CHECK(mig_run_step(run, err) == 0);
    run->departed += 1;  /* a person who left and is nowhere */
    err[0] = 0;
    CHECK(mig_run_step(run, err) == -1);
    CHECK_HAS(err, "conservation broken on day 5");
    mig_run_free(run);
}

static void test_determinism(void)
{
    opts o = defaults;
    o.visa_channel = 1;
    o.reception = 1;
    mig_run *a = run_opts(&o, 11, 100, 1), *b = run_opts(&o, 11, 100, 1), *c = run_opts(&o, 12, 100, 1);
    mig_run *t2 = run_opts(&o, 11, 100, 2), *t3 = run_opts(&o, 11, 100, 3);
    if (a && b && c && t2 && t3) {
        CHECK(a->departed > 2000 && active(a) > 100);  /* enough agents to split between threads */
        CHECK(memcmp(a->tally, b->tally, tally_bytes(a)) == 0);
        CHECK(memcmp(a->tally, c->tally, tally_bytes(a)) != 0);
        CHECK(memcmp(a->tally, t2->tally, tally_bytes(a)) == 0);
        CHECK(memcmp(a->tally, t3->tally, tally_bytes(a)) == 0);
        CHECK(a->agents.n == t2->agents.n && memcmp(a->agents.key, t2->agents.key, a->agents.n * sizeof *a->agents.key) == 0);
        CHECK(a->risk[0] == t2->risk[0]);
    }
    mig_run_free(a);
    mig_run_free(b);
    mig_run_free(c);
    mig_run_free(t2);
    mig_run_free(t3);
}

/* Days before report_from are simulated but not in the totals. */
static void test_warmup(void)
{
    mig_run *run = new_run(&defaults, 13, 50, 1);
    if (!CHECK(run != NULL))
        return;
    run->report_from = 20;
    CHECK(mig_run_all(run, err) == 0);
    const mig_layout *L = &run->layout;
    int bad = 0;
    for (int k = 0; k < L->size; k++) {
        int64_t s = 0;
        for (int d = 20; d < run->n_days; d++)
            s += mig_run_row(run, d)[k];
        if (is_journey(L, k))  /* running totals from report_from on */
            s = mig_run_row(run, run->n_days - 1)[k];
        bad += s != run->cum[k];
    }
    CHECK_EQ(bad, 0);
    CHECK(run->cum[L->departures] < total(run, L->departures, 1));
    /* the run's own counters still cover every day */
    CHECK_EQ(total(run, L->departures, 1), (int64_t)run->departed);
    mig_run_free(run);
}

/* The generalised cost to go: km / route_km_scale plus risk_aversion x perceived
 * risk for each border on the way, cheapest path. */
static void test_cost_to_go(void)
{
    opts o = defaults;
    o.detection = 0.4;
    mig_run *run = new_run(&o, 14, 3, 1);
    if (!CHECK(run != NULL))
        return;
    mig_world *w = run->world;
    CHECK(mig_world_set(w, "risk_memory", 1, err) == 0);  /* risk stays at 0.4 */
    CHECK(mig_world_set(w, "risk_aversion", 3, err) == 0);
    CHECK(mig_world_set(w, "route_km_scale", 100, err) == 0);
    CHECK(mig_run_all(run, err) == 0);
    const double *c = run->cost_to_go;  /* one destination: vienna */
    int bg = mig_world_find_location(w, "belgrade"), hg = mig_world_find_location(w, "horgos");
    int vi = mig_world_find_location(w, "vienna"), tk = mig_world_find_location(w, "traiskirchen");
    int da = mig_world_find_location(w, "damascus");
    CHECK(fabs(c[vi]) < 1e-12);
    CHECK(fabs(c[tk] - 0.3) < 1e-12);
    CHECK(fabs(c[hg] - (0.6 + 3 * 0.4)) < 1e-12);
    CHECK(fabs(c[bg] - (1.8 + 0.6 + 3 * 0.4)) < 1e-12);
    CHECK(isinf(c[da]));  /* no route from the origin: the channel is not a route */
    mig_run_free(run);
}

/* A day hook: changes a parameter and logs an event on one day, or fails. */
typedef struct hook_ctx {
    int fire_day, fail_day, calls;
} hook_ctx;

static int hook(void *vctx, mig_run *run, int day, char *herr)
{
    hook_ctx *h = vctx;
    h->calls++;
    if (day == h->fail_day) {
        snprintf(herr, MIG_ERR_LEN, "scenario.lua:9: boom");
        return -1;
    }
    if (day == h->fire_day) {
        if (mig_world_set(run->world, "border.RS-AT.detection_prob", 1, herr)
            || mig_world_set(run->world, "border.RS-AT.pushback_share", 0, herr)
            || mig_world_set(run->world, "border.RS-AT.registration_share", 0, herr)
            || mig_run_log(run, MIG_EVENT_POLICY, "sealed and detaining", NULL))
            return -1;
    }
    return 0;
}

static void test_hook(void)
{
    mig_run *run = new_run(&defaults, 9, 60, 1);
    if (!CHECK(run != NULL))
        return;
    hook_ctx h = { start_day() + 30, -1, 0 };
    run->hook = hook;
    run->hook_ctx = &h;
    CHECK(mig_run_all(run, err) == 0);
    CHECK_EQ(h.calls, 60);
    CHECK_EQ(run->n_events, 1);
    CHECK(run->n_events == 1 && run->events[0].day == start_day() + 30
          && strcmp(run->events[0].label, "sealed and detaining") == 0);
    /* from day 30 every attempt ends in detention: none pushed back, none through */
    const mig_layout *L = &run->layout;
    int bad = 0;
    for (int d = 31; d < 60; d++)
        bad += day_count(run, d, L->attempts) != day_count(run, d, L->detained)
            || day_count(run, d, L->pushbacks) != 0;
    CHECK_EQ(bad, 0);
    CHECK(total(run, L->detained, 1) > 100);
    mig_run_free(run);

    run = new_run(&defaults, 9, 60, 1);
    if (!CHECK(run != NULL))
        return;
    hook_ctx f = { -1, start_day() + 10, 0 };
    run->hook = hook;
    run->hook_ctx = &f;
    err[0] = 0;
    CHECK(mig_run_all(run, err) == -1);
    CHECK_HAS(err, "scenario.lua:9: boom");
    CHECK_EQ(run->today, 10);
    mig_run_free(run);
}

/* Announced visa closure: departures through the channel are pulled forward. */
static void test_rush(void)
{
    opts o = defaults;
    o.visa_channel = 1;
    mig_run *run = new_run(&o, 10, 40, 1);
    if (!CHECK(run != NULL))
        return;
    mig_world_set_visa_free(run->world, 1, 0, 1);
    CHECK(mig_world_set(run->world, "nationality.SYR.rush", 3, err) == 0);
    mig_run_announce_visa(run, 1, 0, start_day() + 20);
    CHECK(run->world->nats[0].channels[1].rush_until == start_day() + 19);
    CHECK(run->world->nats[0].channels[0].rush_until == -1);  /* not visa-bound */
    CHECK(mig_run_all(run, err) == 0);
    const mig_layout *L = &run->layout;
    int64_t before = 0, after = 0;
    for (int d = 0; d < 20; d++)
        before += day_count(run, d, L->departures + 1);
    for (int d = 20; d < 40; d++)
        after += day_count(run, d, L->departures + 1);
    /* expected 3 * 20 * 20 = 1200 against 400 (Poisson, SD about 35 and 20) */
    CHECK(before > 1000 && before < 1400);
    CHECK(after > 300 && after < 500);
    mig_run_free(run);
}

static void test_new_errors(void)
{
    mig_world *w = build(&defaults);
    CHECK(w != NULL);
    err[0] = 0;
    CHECK(mig_run_new(w, 1, start_day(), 0, 1, err) == NULL);  /* frees w */
    CHECK_HAS(err, "1 to 65535 days");
    w = build(&defaults);
    CHECK(w != NULL);
    CHECK(mig_run_new(w, 1, start_day(), 65536, 1, err) == NULL);
    w = build(&defaults);
    CHECK(w != NULL);
    w->nats[0].n_dest = 0;
    err[0] = 0;
    CHECK(mig_run_new(w, 1, start_day(), 10, 1, err) == NULL);
    CHECK_HAS(err, "SYR has no destination");
    mig_run_free(NULL);
    /* threads < 1 means one */
    mig_run *run = new_run(&defaults, 1, 5, 0);
    CHECK(run != NULL && run->threads == 1);
    mig_run_free(run);
}

int main(void)
{
    test_zero_demand();
    test_sealed_border();
    test_visa_closed();
    test_exit_ban();
    test_direct_entry();
    test_reception();
    test_conservation();
    test_conservation_check_fires();
    test_determinism();
    test_warmup();
    test_cost_to_go();
    test_hook();
    test_rush();
    test_new_errors();
    return check_done("test_run");
}
