/* test_smuggling.c: the pieces of the smuggling market and of policing against
 * hand-computed values (prices and capacity, the offer, origin measures, where
 * intelligence goes). Whole-run behaviour is tested in tests/smuggling. */
#include "check.h"
#include "date.h"
#include "run.h"
#include "smuggling.h"

#include <stdlib.h>

static char err[MIG_ERR_LEN];

/* AA -> BB (e) ==BB-CC==> CC (d1); BB (e) ==BB-DD==> DD (d2). Groups: g0 on BB-CC
 * (capacity 30), g1 on BB-DD (20), g2 on both (10, price factor 2). */
static mig_world *market_world(void)
{
    mig_world *w = mig_world_new();
    if (!w)
        return NULL;
    static const char *const cc[] = { "BB-CC" }, *const dd[] = { "BB-DD" }, *const both[] = { "BB-CC", "BB-DD" };
    int ok = mig_world_add_country(w, "AA", NULL, 0, 0, err) >= 0 && mig_world_add_country(w, "BB", NULL, 0, 0, err) >= 0
        && mig_world_add_country(w, "CC", NULL, 1, 1, err) >= 0 && mig_world_add_country(w, "DD", NULL, 1, 1, err) >= 0
        && mig_world_add_location(w, "o", NULL, "AA", "origin", 0, 0, err) >= 0
        && mig_world_add_location(w, "e", NULL, "BB", "border_area", 0, 1, err) >= 0
        && mig_world_add_location(w, "d1", NULL, "CC", "destination", 0, 2, err) >= 0
        && mig_world_add_location(w, "d2", NULL, "DD", "destination", 0, 3, err) >= 0
        && mig_world_add_route(w, "e", "d1", "foot", 20, 0, err) >= 0
        && mig_world_add_route(w, "e", "d2", "foot", 20, 0, err) >= 0;
    int n = ok ? mig_world_add_nationality(w, "XXX", NULL, "o", NULL, err) : -1;
    ok = n == 0 && mig_world_add_destination(w, n, "d1", 1, err) >= 0
        && mig_world_add_channel(w, n, "walk", "e", "foot", 0, NULL, err) >= 0
        && mig_world_set(w, "border.BB-CC.smuggling_price", 500, err) == 0
        && mig_world_set(w, "border.BB-DD.smuggling_price", 800, err) == 0
        && mig_world_add_group(w, "g0", "BB", cc, 1, NULL, err) == 0
        && mig_world_add_group(w, "g1", "BB", dd, 1, NULL, err) == 1
        && mig_world_add_group(w, "g2", "BB", both, 2, NULL, err) == 2
        && mig_world_set(w, "group.g0.capacity", 30, err) == 0 && mig_world_set(w, "group.g1.capacity", 20, err) == 0
        && mig_world_set(w, "group.g2.capacity", 10, err) == 0 && mig_world_set(w, "group.g2.price_factor", 2, err) == 0
        && mig_world_finalize(w, err) == 0;
    if (!ok) {
        fprintf(stderr, "market_world: %s\n", err);
        mig_world_free(w);
        return NULL;
    }
    return w;
}

static void test_prices(void)
{
    mig_world *w = market_world();
    CHECK(w != NULL);
    if (!w)
        return;
    mig_smuggling s;
    CHECK(mig_smuggling_init(&s, w, 10) == 0);
    int cc = mig_world_find_border_named(w, "BB-CC"), dd = mig_world_find_border_named(w, "BB-DD");
    CHECK_NEAR(s.ref_capacity[cc], 40, 1e-12);  /* g0 + g2 */
    CHECK_NEAR(s.ref_capacity[dd], 30, 1e-12);  /* g1 + g2 */
    mig_smuggling_begin_day(&s, w, 1, 0);
    CHECK_NEAR(mig_smuggling_price(&s, w, 0, cc), 500, 1e-9);
    CHECK_NEAR(mig_smuggling_price(&s, w, 2, cc), 1000, 1e-9);  /* price factor 2 */
    /* g0 dismantled: BB-CC keeps 10 of its 40 places, so (40 / 10)^0.5 = 2. */
    s.active[0] = 0;
    mig_smuggling_begin_day(&s, w, 1, 0);
    CHECK_NEAR(s.price_mult[cc], 2, 1e-12);
    CHECK_NEAR(mig_smuggling_price(&s, w, 2, cc), 2000, 1e-9);
    CHECK_NEAR(s.price_mult[dd], 1, 1e-12);
    /* Elasticity 0: supply does not move prices. */
    CHECK(mig_world_set(w, "smuggling.price_elasticity", 0, err) == 0);
    mig_smuggling_begin_day(&s, w, 1, 0);
    CHECK_NEAR(s.price_mult[cc], 1, 1e-12);
    /* Every group serving a segment gone: no market there. */
    s.active[2] = 0;
    mig_smuggling_begin_day(&s, w, 1, 0);
    CHECK(s.price_mult[cc] == 0);
    CHECK(mig_smuggling_offer(&s, w, cc, 1e9, 0.5) == MIG_MARKET_NONE);
    mig_smuggling_free(&s);
    mig_world_free(w);
}

static void test_offer(void)
{
    mig_world *w = market_world();
    CHECK(w != NULL);
    if (!w)
        return;
    mig_smuggling s;
    CHECK(mig_smuggling_init(&s, w, 10) == 0);
    int cc = mig_world_find_border_named(w, "BB-CC");
    mig_smuggling_begin_day(&s, w, 1, 0);
    /* Too poor for anyone. */
    CHECK(mig_smuggling_offer(&s, w, cc, 499, 0.5) == MIG_MARKET_NONE);
    /* Enough for g0 (500) only, whatever the draw. */
    CHECK(mig_smuggling_offer(&s, w, cc, 700, 0.0) == 0);
    CHECK(mig_smuggling_offer(&s, w, cc, 700, 0.999) == 0);
    /* Enough for both: odds by free places, 30 : 10, so u < 0.75 picks g0. */
    CHECK(mig_smuggling_offer(&s, w, cc, 5000, 0.74) == 0);
    CHECK(mig_smuggling_offer(&s, w, cc, 5000, 0.76) == 2);
    /* g0 full: the buyer who can pay only g0 finds the market full; a richer one gets g2. */
    s.used[0] = 30;
    CHECK(mig_smuggling_offer(&s, w, cc, 700, 0.3) == MIG_MARKET_FULL);
    CHECK(mig_smuggling_offer(&s, w, cc, 5000, 0.3) == 2);
    /* At agent_weight 4 a group of 10 persons has 2.5 agent places: 2 or 3 a day, 2.5 on average. */
    s.used[0] = 0;
    CHECK(mig_world_set(w, "agent_weight", 4, err) == 0);
    double total = 0;
    int lo = 99, hi = 0;
    for (int day = 0; day < 4000; day++) {
        mig_smuggling_begin_day(&s, w, 1, day);
        total += s.places[2];
        lo = s.places[2] < lo ? (int)s.places[2] : lo;
        hi = s.places[2] > hi ? (int)s.places[2] : hi;
    }
    CHECK(lo == 2 && hi == 3);
    CHECK_NEAR(total / 4000, 2.5, 4 * 0.5 / sqrt(4000.0));
    /* Two places, both sold: nothing left for the rich buyer at g2, so g0. */
    s.places[2] = 2;
    s.used[2] = 2;
    CHECK(mig_smuggling_offer(&s, w, cc, 5000, 0.99) == 0);
    mig_smuggling_free(&s);
    mig_world_free(w);
}

static void test_intel_reach(void)
{
    mig_world *w = market_world();
    CHECK(w != NULL);
    if (!w)
        return;
    int bb = mig_world_find_country(w, "BB"), cc = mig_world_find_country(w, "CC"), dd = mig_world_find_country(w, "DD"),
        aa = mig_world_find_country(w, "AA");
    CHECK(mig_group_operates_in(w, 0, bb) && mig_group_operates_in(w, 0, cc) && !mig_group_operates_in(w, 0, dd));
    CHECK(mig_group_operates_in(w, 2, cc) && mig_group_operates_in(w, 2, dd) && !mig_group_operates_in(w, 2, aa));
    mig_smuggling s;
    CHECK(mig_smuggling_init(&s, w, 10) == 0);
    s.active[1] = 0;
    /* An operation's one-off intelligence waits for the end of the day (after ageing). */
    mig_smuggling_add_intel(&s, w, dd, 7);
    CHECK(s.pending_intel[dd] == 7 && s.intel[2 * 4 + dd] == 0);
    mig_smuggling_free(&s);
    mig_world_free(w);
}

static void test_measures(void)
{
    mig_world *w = market_world();
    CHECK(w != NULL);
    if (!w)
        return;
    int d0 = 0;
    mig_date_parse("2022-06-01", &d0);
    /* From d0, to 0.5 over 4 days: steps of 1/5 of the way on days 0..3, whole from day 4. */
    CHECK(mig_world_add_measure(w, 0, d0, 4, 0.5, err) == 0);
    CHECK_NEAR(mig_world_measures(w, 0, d0 - 1), 1, 1e-12);
    CHECK_NEAR(mig_world_measures(w, 0, d0), 0.9, 1e-12);
    CHECK_NEAR(mig_world_measures(w, 0, d0 + 3), 0.6, 1e-12);
    CHECK_NEAR(mig_world_measures(w, 0, d0 + 4), 0.5, 1e-12);
    CHECK_NEAR(mig_world_measures(w, 0, d0 + 400), 0.5, 1e-12);
    /* A second measure multiplies: an exit ban at once from d0 + 10. */
    CHECK(mig_world_add_measure(w, 0, d0 + 10, 0, 0, err) == 1);
    CHECK_NEAR(mig_world_measures(w, 0, d0 + 9), 0.5, 1e-12);
    CHECK(mig_world_measures(w, 0, d0 + 10) == 0);
    CHECK(mig_world_add_measure(w, 0, d0, -1, 0.5, err) < 0);
    CHECK_HAS(err, "ramp_days must be >= 0");
    CHECK(mig_world_add_measure(w, 0, d0, 0, -0.5, err) < 0);
    CHECK_HAS(err, "factor must be in [0, 1e6]");
    mig_world_free(w);
}

static void test_group_errors(void)
{
    mig_world *w = market_world();
    CHECK(w != NULL);
    if (!w)
        return;
    static const char *const bad[] = { "BB-CX" }, *const twice[] = { "BB-CC", "BB-CC" };
    CHECK(mig_world_add_group(w, "x", "BB", bad, 1, NULL, err) < 0);
    CHECK_HAS(err, "did you mean 'BB-CC'?");
    CHECK(mig_world_add_group(w, "x", "BB", twice, 2, NULL, err) < 0);
    CHECK_HAS(err, "lists segment 'BB-CC' twice");
    CHECK(mig_world_add_group(w, "g0", "BB", bad, 1, NULL, err) < 0);
    CHECK_HAS(err, "defined twice");
    CHECK(mig_world_add_group(w, "a.b", "BB", bad, 1, NULL, err) < 0);
    CHECK_HAS(err, "bad smuggling group id");
    CHECK(mig_world_set(w, "group.g0.capacity", -1, err) < 0);
    CHECK(mig_world_set(w, "group.g0.members", 2.5, err) < 0);
    CHECK_HAS(err, "whole number");
    CHECK(mig_world_set(w, "network.delay_days", -1, err) < 0);
    CHECK(mig_world_set(w, "country.CC.network", 0.5, err) < 0);
    /* A served segment's price cannot be set to 0 (its places would be free)... */
    CHECK(mig_world_set(w, "border.BB-DD.smuggling_price", 0, err) < 0);
    CHECK_HAS(err, "smuggling group 'g1' serves the segment");
    CHECK(w->borders[mig_world_find_border_named(w, "BB-DD")].smuggling_price == 800);
    /* ...and a segment served without a price is refused when the world is checked. */
    w->borders[mig_world_find_border_named(w, "BB-DD")].smuggling_price = 0;
    CHECK(mig_world_finalize(w, err) < 0);
    CHECK_HAS(err, "serves BB-DD, which has no smuggling_price");
    mig_world_free(w);
}

int main(void)
{
    test_prices();
    test_offer();
    test_intel_reach();
    test_measures();
    test_group_errors();
    return check_done("test_smuggling");
}
