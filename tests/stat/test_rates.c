/* test_rates.c: realised rates against their parameters, pooled over seeds.
 *
 * Each check compares a pooled proportion x/n with its parameter p and accepts
 * |x/n - p| <= 4 * sqrt(p (1 - p) / n), the binomial standard error of the pooled
 * counts. Seeds are fixed, so the outcome is reproducible; a false alarm for a
 * correct model has probability about 6e-5 per check. */
#include "check.h"
#include "date.h"
#include "run.h"

#include <stdlib.h>

#define N_SEEDS 20
#define K 4

static char err[MIG_ERR_LEN];

static int start_day(void)
{
    int d = 0;
    mig_date_parse("2022-01-01", &d);
    return d;
}

/* x successes in n trials against probability p. */
#define CHECK_RATE(x, n, p)                                                                       \
    do {                                                                                          \
        double n_ = (double)(n), p_ = (p);                                                        \
        CHECK((n) > 0);                                                                           \
        if (n_ > 0)                                                                               \
            CHECK_WITHIN((double)(x) / n_, p_, sqrt(p_ * (1 - p_) / n_) + 1e-12, K);              \
    } while (0)

/* ---- border outcomes ------------------------------------------------------
 * AA (o) -> BB (e, border area) -> CC (d, destination). Agents enter at e in no
 * time, try the BB-CC segment on the days they move on and retry after each
 * pushback until they give up, are registered or detained, or get through. */

typedef struct border_case {
    double detection, pushback, registration, give_up, asylum;
    double move;   /* daily move-on probability at e: below 1 the move and border
                    * draws of the same day must still be independent */
} border_case;

static mig_world *border_world(const border_case *bc)
{
    mig_world *w = mig_world_new();
    if (!w)
        return NULL;
    const double demand = 150;
    int ok = mig_world_add_country(w, "AA", NULL, 0, 0, err) >= 0 && mig_world_add_country(w, "BB", NULL, 0, 0, err) >= 0
        && mig_world_add_country(w, "CC", NULL, 1, 1, err) >= 0
        && mig_world_add_location(w, "o", NULL, "AA", "origin", 0, 0, err) >= 0
        && mig_world_add_location(w, "e", NULL, "BB", "border_area", 0, 1, err) >= 0
        && mig_world_add_location(w, "d", NULL, "CC", "destination", 0, 2, err) >= 0
        && mig_world_add_route(w, "e", "d", "foot", 20, 0, err) >= 0
        && mig_world_add_border(w, "BB", "CC", NULL, err) >= 0;
    int n = ok ? mig_world_add_nationality(w, "XXX", NULL, "o", NULL, err) : -1;
    ok = n == 0 && mig_world_add_destination(w, n, "d", 1, err) >= 0
        && mig_world_add_channel(w, n, "walk", "e", "foot", 0, NULL, err) >= 0
        && mig_world_set_demand(w, n, "2022-01", &demand, 1, err) == 0
        && mig_world_set(w, "location.e.move_prob", bc->move, err) == 0
        && mig_world_set(w, "border.BB-CC.detection_prob", bc->detection, err) == 0
        && mig_world_set(w, "border.BB-CC.pushback_share", 0, err) == 0
        && mig_world_set(w, "border.BB-CC.registration_share", bc->registration, err) == 0
        && mig_world_set(w, "border.BB-CC.pushback_share", bc->pushback, err) == 0
        && mig_world_set(w, "give_up_prob", bc->give_up, err) == 0
        && mig_world_set(w, "country.CC.asylum_prob", bc->asylum, err) == 0;
    if (!ok) {
        fprintf(stderr, "border_world: %s\n", err);
        mig_world_free(w);
        return NULL;
    }
    return w;
}

static void test_border(const border_case *bc)
{
    printf("border: detection %.2f, pushback %.2f, registration %.2f, give up %.2f, asylum %.2f, move %.2f\n",
           bc->detection, bc->pushback, bc->registration, bc->give_up, bc->asylum, bc->move);
    int64_t att = 0, det = 0, pb = 0, reg = 0, dtn = 0, ret = 0, arr = 0, asy = 0, first = 0, dep = 0;
    for (uint64_t seed = 1; seed <= N_SEEDS; seed++) {
        mig_world *w = border_world(bc);
        mig_run *run = w ? mig_run_new(w, seed * 7919, start_day(), 60, 1, err) : NULL;
        if (!CHECK(run != NULL) || !CHECK(mig_run_all(run, err) == 0)) {
            fprintf(stderr, "    %s\n", err);
            mig_run_free(run);
            return;
        }
        mig_summary s;
        mig_run_summarize(run, run->cum, -1, &s);
        att += s.attempts;
        det += s.detections;
        pb += s.pushbacks;
        reg += s.registrations;
        dtn += s.detained;
        ret += s.returned;
        arr += s.arrivals;
        asy += s.asylum;
        first += s.first_detected;
        dep += s.departures;
        mig_run_free(run);
    }
    printf("  pooled: %lld departures, %lld attempts, %lld detections, %lld pushbacks, %lld registrations\n",
           (long long)dep, (long long)att, (long long)det, (long long)pb, (long long)reg);
    CHECK_RATE(det, att, bc->detection);
    CHECK_RATE(pb, det, bc->pushback);
    CHECK_RATE(reg, det, bc->registration);
    CHECK_RATE(dtn, det, 1 - bc->pushback - bc->registration);
    CHECK_RATE(ret, pb, bc->give_up);
    CHECK_RATE(asy, arr, bc->asylum);
    /* every outcome of a detection is counted once */
    CHECK_EQ(det, pb + reg + dtn);
    CHECK(first <= det && first <= dep);
}

/* ---- departures ------------------------------------------------------------
 * One group, one or two channels; departures per day are Poisson with mean
 * demand * multiplier * channel share / agent_weight. */

typedef struct dep_case {
    double demand[2];      /* per day in January, then from February on */
    double weight;         /* persons per agent */
    double multiplier;
    double ch_weight[2];   /* weights of channels "a" and "b"; b absent if 0 */
} dep_case;

static mig_world *dep_world(const dep_case *dc)
{
    mig_world *w = mig_world_new();
    if (!w)
        return NULL;
    int ok = mig_world_add_country(w, "AA", NULL, 0, 0, err) >= 0 && mig_world_add_country(w, "CC", NULL, 1, 1, err) >= 0
        && mig_world_add_location(w, "o", NULL, "AA", "origin", 0, 0, err) >= 0
        && mig_world_add_location(w, "e", NULL, "CC", "city", 0, 1, err) >= 0
        && mig_world_add_location(w, "d", NULL, "CC", "destination", 0, 2, err) >= 0
        && mig_world_add_route(w, "e", "d", "road", 20, 0, err) >= 0;
    int n = ok ? mig_world_add_nationality(w, "XXX", NULL, "o", NULL, err) : -1;
    ok = n == 0 && mig_world_add_destination(w, n, "d", 1, err) >= 0
        && mig_world_add_channel(w, n, "a", "e", "air", 1, NULL, err) >= 0
        && (dc->ch_weight[1] == 0 || mig_world_add_channel(w, n, "b", "e", "road", 2, NULL, err) >= 0)
        && mig_world_set_demand(w, n, "2022-01", dc->demand, 2, err) == 0
        && mig_world_set(w, "agent_weight", dc->weight, err) == 0
        && mig_world_set(w, "nationality.XXX.departure_multiplier", dc->multiplier, err) == 0
        && mig_world_set(w, "channel.XXX.a.weight", dc->ch_weight[0], err) == 0
        && (dc->ch_weight[1] == 0 || mig_world_set(w, "channel.XXX.b.weight", dc->ch_weight[1], err) == 0);
    if (!ok) {
        fprintf(stderr, "dep_world: %s\n", err);
        mig_world_free(w);
        return NULL;
    }
    return w;
}

static void test_departures(const dep_case *dc)
{
    printf("departures: demand %g, from February %g per day, agent weight %g, multiplier %g, channel weights %g:%g\n",
           dc->demand[0], dc->demand[1], dc->weight, dc->multiplier, dc->ch_weight[0], dc->ch_weight[1]);
    /* per month: count of days, sum and sum of squares of daily departures */
    double n[2] = { 0, 0 }, s[2] = { 0, 0 }, s2[2] = { 0, 0 };
    int64_t through_b = 0, all = 0;
    for (uint64_t seed = 1; seed <= N_SEEDS; seed++) {
        mig_world *w = dep_world(dc);
        /* January, then February's value holds for the rest of the year */
        mig_run *run = w ? mig_run_new(w, seed, start_day(), 365, 1, err) : NULL;
        if (!CHECK(run != NULL) || !CHECK(mig_run_all(run, err) == 0)) {
            fprintf(stderr, "    %s\n", err);
            mig_run_free(run);
            return;
        }
        const mig_layout *L = &run->layout;
        for (int d = 0; d < run->n_days; d++) {
            const int64_t *row = mig_run_row(run, d);
            double x = (double)(row[L->departures] + row[L->departures + 1]);
            int m = d < 31 ? 0 : 1;
            n[m] += 1;
            s[m] += x;
            s2[m] += x * x;
            through_b += row[L->departures + 1];
            all += row[L->departures] + row[L->departures + 1];
        }
        mig_run_free(run);
    }
    for (int m = 0; m < 2; m++) {
        double lambda = dc->demand[m] * dc->multiplier / dc->weight;
        double mean = s[m] / n[m], var = (s2[m] - s[m] * s[m] / n[m]) / (n[m] - 1);
        printf("  %s: mean %.3f, variance %.3f, expected %.3f (%g days)\n", m ? "from February" : "January", mean,
               var, lambda, n[m]);
        CHECK_WITHIN(mean, lambda, sqrt(lambda / n[m]), K);
        /* Poisson: variance = mean; SE of the sample variance sqrt((lambda + 2 lambda^2) / n) */
        CHECK_WITHIN(var, lambda, sqrt((lambda + 2 * lambda * lambda) / n[m]), K);
    }
    if (dc->ch_weight[1] > 0)
        CHECK_RATE(through_b, all, dc->ch_weight[1] / (dc->ch_weight[0] + dc->ch_weight[1]));
}

/* ---- displacement ----------------------------------------------------------
 * Channel "visa" needs visa-free entry the group lacks; of those who preferred
 * it, a share `displacement` takes channel "land" instead, the rest stay home. */
static void test_displacement(double displacement)
{
    printf("displacement %.2f\n", displacement);
    int64_t displaced = 0, deterred = 0, other = 0;
    for (uint64_t seed = 1; seed <= N_SEEDS; seed++) {
        dep_case dc = { { 30, 30 }, 1, 1, { 1, 1 } };
        mig_world *w = dep_world(&dc);
        int ok = w && mig_world_add_channel(w, 0, "visa", "e", "air", 1, "CC", err) >= 0
            && mig_world_set(w, "nationality.XXX.displacement", displacement, err) == 0;
        mig_run *run = ok ? mig_run_new(w, seed, start_day(), 40, 1, err) : (mig_world_free(w), NULL);
        if (!CHECK(run != NULL) || !CHECK(mig_run_all(run, err) == 0)) {
            fprintf(stderr, "    %s\n", err);
            mig_run_free(run);
            return;
        }
        const mig_layout *L = &run->layout;
        for (int d = 0; d < run->n_days; d++) {
            const int64_t *row = mig_run_row(run, d);
            displaced += row[L->displaced + 0] + row[L->displaced + 1];
            deterred += row[L->deterred + 2];
            other += row[L->deterred + 0] + row[L->deterred + 1] + row[L->displaced + 2] + row[L->departures + 2];
        }
        mig_run_free(run);
    }
    CHECK_RATE(displaced, displaced + deterred, displacement);
    CHECK_EQ(other, 0);
}

/* ---- destination choice ----------------------------------------------------
 * Two destinations in two countries, weights 1 and 2, both one day from the
 * entry: arrivals split 1:2. */
static void test_destinations(void)
{
    printf("destinations 1:2\n");
    int64_t arr[2] = { 0, 0 };
    for (uint64_t seed = 1; seed <= N_SEEDS; seed++) {
        mig_world *w = mig_world_new();
        const double demand = 50;
        int ok = w && mig_world_add_country(w, "AA", NULL, 0, 0, err) >= 0
            && mig_world_add_country(w, "CC", NULL, 1, 1, err) >= 0 && mig_world_add_country(w, "DD", NULL, 1, 1, err) >= 0
            && mig_world_add_location(w, "o", NULL, "AA", "origin", 0, 0, err) >= 0
            && mig_world_add_location(w, "e", NULL, "AA", "city", 0, 1, err) >= 0
            && mig_world_add_location(w, "c", NULL, "CC", "destination", 0, 2, err) >= 0
            && mig_world_add_location(w, "x", NULL, "DD", "destination", 0, 3, err) >= 0
            && mig_world_add_route(w, "e", "c", "road", 20, 0, err) >= 0
            && mig_world_add_route(w, "e", "x", "road", 20, 0, err) >= 0;
        int n = ok ? mig_world_add_nationality(w, "XXX", NULL, "o", NULL, err) : -1;
        ok = n == 0 && mig_world_add_destination(w, n, "c", 1, err) >= 0
            && mig_world_add_destination(w, n, "x", 2, err) >= 0
            && mig_world_add_channel(w, n, "walk", "e", "foot", 0, NULL, err) >= 0
            && mig_world_set_demand(w, n, "2022-01", &demand, 1, err) == 0
            && mig_world_set(w, "location.e.move_prob", 1, err) == 0;
        mig_run *run = ok ? mig_run_new(w, seed, start_day(), 40, 1, err) : (mig_world_free(w), NULL);
        if (!CHECK(run != NULL) || !CHECK(mig_run_all(run, err) == 0)) {
            fprintf(stderr, "    %s\n", err);
            mig_run_free(run);
            return;
        }
        arr[0] += run->cum[run->layout.arrivals + 1];
        arr[1] += run->cum[run->layout.arrivals + 2];
        mig_run_free(run);
    }
    CHECK(arr[0] + arr[1] > 30000);
    CHECK_RATE(arr[1], arr[0] + arr[1], 2.0 / 3.0);
}

/* ---- route choice at a fork -------------------------------------------------
 *
 *   e (BB) --km1--> x1 (CC) --50--> d (EE)
 *          --km2--> x2 (DD) --50--> d
 *
 * With risk_memory 1 the perceived risk stays at the detection probability, so
 * the generalised cost to go from e via xi is (kmi + 50) / scale + aversion * pi,
 * and each attempt picks the first hop with logit odds exp(-cost). Pushed-back
 * people try again (give_up 0), each time with a fresh choice. */
typedef struct fork_case {
    double km1, km2, p1, p2, aversion, scale;
} fork_case;

static void test_fork(const fork_case *fc)
{
    printf("fork: km %g / %g, detection %.2f / %.2f, risk aversion %g, km scale %g\n", fc->km1, fc->km2, fc->p1,
           fc->p2, fc->aversion, fc->scale);
    double c1 = (fc->km1 + 50) / fc->scale + fc->aversion * fc->p1;
    double c2 = (fc->km2 + 50) / fc->scale + fc->aversion * fc->p2;
    double share1 = exp(-c1) / (exp(-c1) + exp(-c2));
    int64_t att[2] = { 0, 0 };
    for (uint64_t seed = 1; seed <= N_SEEDS; seed++) {
        mig_world *w = mig_world_new();
        const double demand = 60;
        int ok = w != NULL;
        const char *cc[] = { "AA", "BB", "CC", "DD", "EE" };
        for (int i = 0; ok && i < 5; i++)
            ok = mig_world_add_country(w, cc[i], NULL, i == 4, i == 4, err) >= 0;
        ok = ok && mig_world_add_location(w, "o", NULL, "AA", "origin", 0, 0, err) >= 0
            && mig_world_add_location(w, "e", NULL, "BB", "city", 0, 1, err) >= 0
            && mig_world_add_location(w, "x1", NULL, "CC", "city", 1, 2, err) >= 0
            && mig_world_add_location(w, "x2", NULL, "DD", "city", -1, 2, err) >= 0
            && mig_world_add_location(w, "d", NULL, "EE", "destination", 0, 3, err) >= 0
            && mig_world_add_route(w, "e", "x1", "road", fc->km1, 0, err) >= 0
            && mig_world_add_route(w, "e", "x2", "road", fc->km2, 0, err) >= 0
            && mig_world_add_route(w, "x1", "d", "road", 50, 0, err) >= 0
            && mig_world_add_route(w, "x2", "d", "road", 50, 0, err) >= 0;
        int n = ok ? mig_world_add_nationality(w, "XXX", NULL, "o", NULL, err) : -1;
        ok = n == 0 && mig_world_add_destination(w, n, "d", 1, err) >= 0
            && mig_world_add_channel(w, n, "walk", "e", "foot", 0, NULL, err) >= 0
            && mig_world_set_demand(w, n, "2022-01", &demand, 1, err) == 0
            && mig_world_set(w, "border.BB-CC.detection_prob", fc->p1, err) == 0
            && mig_world_set(w, "border.BB-DD.detection_prob", fc->p2, err) == 0
            && mig_world_set(w, "risk_memory", 1, err) == 0
            && mig_world_set(w, "risk_aversion", fc->aversion, err) == 0
            && mig_world_set(w, "route_km_scale", fc->scale, err) == 0
            && mig_world_set(w, "give_up_prob", 0, err) == 0;
        mig_run *run = ok ? mig_run_new(w, seed, start_day(), 40, 1, err) : (mig_world_free(w), NULL);
        if (!CHECK(run != NULL) || !CHECK(mig_run_all(run, err) == 0)) {
            fprintf(stderr, "    %s\n", err);
            mig_run_free(run);
            return;
        }
        const mig_layout *L = &run->layout;
        int b1 = mig_world_find_border(run->world, 1, 2), b2 = mig_world_find_border(run->world, 1, 3);
        CHECK(b1 >= 0 && b2 >= 0);
        if (b1 < 0 || b2 < 0)
            break;
        att[0] += run->cum[L->attempts + b1 * L->n_nats];
        att[1] += run->cum[L->attempts + b2 * L->n_nats];
        if (seed == 1) {  /* the cost the run computed is the one above */
            int e = mig_world_find_location(run->world, "e");
            CHECK(fabs(run->cost_to_go[e] - (c1 < c2 ? c1 : c2)) < 1e-9);
        }
        mig_run_free(run);
    }
    printf("  pooled: %lld attempts via x1, %lld via x2; expected share via x1 %.4f\n", (long long)att[0],
           (long long)att[1], share1);
    CHECK_RATE(att[0], att[0] + att[1], share1);
}

int main(void)
{
    const border_case borders[] = {
        { 0.30, 0.60, 0.25, 0.10, 0.40, 1.00 },
        { 0.80, 0.90, 0.05, 0.02, 0.75, 0.60 },
        { 0.05, 0.20, 0.70, 0.50, 1.00, 0.35 },
    };
    for (size_t i = 0; i < sizeof borders / sizeof borders[0]; i++)
        test_border(&borders[i]);
    const dep_case deps[] = {
        { { 12.5, 12.5 }, 1, 1, { 1, 0 } },
        { { 10, 40 }, 1, 1, { 1, 3 } },
        { { 400, 800 }, 8, 0.5, { 2, 1 } },
    };
    for (size_t i = 0; i < sizeof deps / sizeof deps[0]; i++)
        test_departures(&deps[i]);
    test_displacement(0.35);
    test_displacement(0.8);
    test_destinations();
    const fork_case forks[] = {
        { 100, 150, 0.6, 0.1, 2, 150 },  /* shorter but riskier */
        { 100, 250, 0.3, 0.3, 2, 100 },  /* equal risk: distance decides */
        { 120, 120, 0.5, 0.2, 5, 150 },  /* equal length: risk decides */
    };
    for (size_t i = 0; i < sizeof forks / sizeof forks[0]; i++)
        test_fork(&forks[i]);
    return check_done("test_rates");
}
