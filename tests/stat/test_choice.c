/* test_choice.c: the channel choice model (sim/core/choice.c) against its formula.
 *
 * Four nationalities prefer the same air channel into BB, closed to them (no
 * visa-free entry). Their overland channel into HH differs: XXA's is cheap and
 * short, XXB's dear and long, XXC's fare is more than anyone of them has, and
 * XXD is XXA with displacement 0.2 set, the old fixed share (which picks among the
 * alternatives by their weights, so its land channel has a weight, too small for
 * anyone to prefer it). Shares displaced are
 * pooled over seeds and compared with the logit within 4 binomial standard
 * errors, as in test_rates.c.
 *
 *   o (AA) --air--> a (BB) --400 km, border BB-DD (no smuggling market)--> d (DD)
 *          --land-> h (HH) --800 km, border HH-DD (smuggling_price 800)--> d
 *                   h --100 km--> y (HH) --900 km, border HH-DD--> d   (longer: not the path) */
#include "check.h"
#include "choice.h"
#include "date.h"
#include "run.h"

#include <math.h>
#include <stdlib.h>

#define N_SEEDS 5
#define K 4

static char err[MIG_ERR_LEN];

typedef struct nat_case {
    const char *code;
    double land_cost, land_days, money, displacement;  /* displacement < 0: the choice model */
} nat_case;

static const nat_case cases[] = {
    { "XXA", 200, 5, 10000, -1 },
    { "XXB", 1500, 30, 10000, -1 },
    { "XXC", 5000, 5, 3000, -1 },
    { "XXD", 200, 5, 10000, 0.2 },
};
#define N_CASES (int)(sizeof cases / sizeof cases[0])

static int set(mig_world *w, const char *fmt, const char *code, double v)
{
    char key[128];
    snprintf(key, sizeof key, fmt, code);
    return mig_world_set(w, key, v, err);
}

static mig_world *choice_world(double stay)
{
    mig_world *w = mig_world_new();
    const double demand = 100;
    int ok = w && mig_world_add_country(w, "AA", NULL, 0, 0, err) >= 0
        && mig_world_add_country(w, "BB", NULL, 0, 0, err) >= 0 && mig_world_add_country(w, "HH", NULL, 0, 0, err) >= 0
        && mig_world_add_country(w, "DD", NULL, 1, 1, err) >= 0
        && mig_world_add_location(w, "o", NULL, "AA", "origin", 0, 0, err) >= 0
        && mig_world_add_location(w, "a", NULL, "BB", "airport", 0, 1, err) >= 0
        && mig_world_add_location(w, "h", NULL, "HH", "border_area", 1, 1, err) >= 0
        && mig_world_add_location(w, "y", NULL, "HH", "city", 1, 2, err) >= 0
        && mig_world_add_location(w, "d", NULL, "DD", "destination", 0, 2, err) >= 0
        && mig_world_add_route(w, "a", "d", "road", 400, 0, err) >= 0
        && mig_world_add_route(w, "h", "d", "road", 800, 0, err) >= 0
        && mig_world_add_route(w, "h", "y", "road", 100, 0, err) >= 0
        && mig_world_add_route(w, "y", "d", "road", 900, 0, err) >= 0
        && mig_world_add_border(w, "BB", "DD", NULL, err) >= 0 && mig_world_add_border(w, "HH", "DD", NULL, err) >= 0
        && mig_world_set(w, "border.HH-DD.smuggling_price", 800, err) == 0
        && mig_world_set(w, "speed.road", 400, err) == 0 && mig_world_set(w, "choice.stay", stay, err) == 0;
    for (int i = 0; ok && i < N_CASES; i++) {
        const nat_case *nc = &cases[i];
        int n = mig_world_add_nationality(w, nc->code, NULL, "o", NULL, err);
        ok = n == i && mig_world_add_destination(w, n, "d", 1, err) >= 0
            && mig_world_add_channel(w, n, "air", "a", "air", 1, "BB", err) >= 0
            && mig_world_add_channel(w, n, "land", "h", "road", nc->land_days, NULL, err) >= 0
            && mig_world_set_demand(w, n, "2022-01", &demand, 1, err) == 0
            && set(w, "channel.%s.air.cost", nc->code, 600) == 0 && set(w, "channel.%s.land.cost", nc->code, nc->land_cost) == 0
            /* nobody prefers land; under the old rule an alternative needs a weight above 0 */
            && set(w, "channel.%s.land.weight", nc->code, nc->displacement < 0 ? 0 : 1e-9) == 0
            && set(w, "nationality.%s.money_mean", nc->code, nc->money) == 0
            && set(w, "nationality.%s.money_sd", nc->code, 0) == 0
            && (nc->displacement < 0 || set(w, "nationality.%s.displacement", nc->code, nc->displacement) == 0);
    }
    if (!ok) {
        fprintf(stderr, "choice_world: %s\n", err);
        mig_world_free(w);
        return NULL;
    }
    return w;
}

/* The logit by hand: the lost air channel costs 600 + 0 EUR and takes 1 + 1 days to d;
 * the land channel its fare + 800 EUR and its days + 2. */
static double expected_share(const nat_case *nc, double stay)
{
    if (nc->displacement >= 0)
        return nc->displacement;
    if (nc->money < nc->land_cost)
        return 0;
    double dv = -1.0 * ((nc->land_cost + 800) - 600) / 1000 - 0.5 * ((nc->land_days + 2) - 2) / 10;
    return exp(dv) / (exp(stay) + exp(dv));
}

static void test_paths(void)
{
    printf("paths\n");
    mig_world *w = choice_world(log(4));
    if (!CHECK(w != NULL) || !CHECK(mig_world_finalize(w, err) == 0)) {
        mig_world_free(w);
        return;
    }
    double price, days;
    CHECK_EQ(mig_choice_path(w, mig_world_find_location(w, "h"), 0, &price, &days), 0);
    CHECK_NEAR(price, 800, 1e-9);
    CHECK_NEAR(days, 2, 1e-9);
    CHECK_EQ(mig_choice_path(w, mig_world_find_location(w, "a"), 0, &price, &days), 0);
    CHECK_NEAR(price, 0, 1e-9);
    CHECK_NEAR(days, 1, 1e-9);
    CHECK_EQ(mig_choice_path(w, mig_world_find_location(w, "o"), 0, &price, &days), -1);  /* no route from o */
    CHECK(isinf(price) && isinf(days));
    /* the probabilities behind the draws are the formula's */
    mig_choice_table t;
    mig_choice_prepare(w, 0, 2u /* only land usable */, &t);
    double p[MIG_MAX_CHANNELS], p_stay;
    mig_choice_probs(w, &t, 0, 0, 10000, p, &p_stay);
    CHECK_NEAR(p[1], expected_share(&cases[0], log(4)), 1e-12);
    CHECK_NEAR(p[0] + p[1] + p_stay, 1, 1e-12);
    CHECK_EQ(p[0], 0);
    mig_choice_probs(w, &t, 0, 0, 100, p, &p_stay);  /* cannot pay the land fare */
    CHECK_EQ(p[1], 0);
    CHECK_EQ(p_stay, 1);
    mig_world_free(w);
}

/* Every nationality's displaced share among those who preferred air, against the formula. */
static void test_shares(double stay)
{
    printf("choice.stay %.3f\n", stay);
    int64_t displaced[N_CASES] = { 0 }, deterred[N_CASES] = { 0 }, other = 0;
    for (uint64_t seed = 1; seed <= N_SEEDS; seed++) {
        mig_world *w = choice_world(stay);
        int start = 0;
        mig_date_parse("2022-01-01", &start);
        mig_run *run = w ? mig_run_new(w, seed, start, 40, 1, err) : NULL;
        if (!CHECK(run != NULL) || !CHECK(mig_run_all(run, err) == 0)) {
            fprintf(stderr, "    %s\n", err);
            mig_run_free(run);
            return;
        }
        const mig_layout *L = &run->layout;
        for (int d = 0; d < run->n_days; d++) {
            const int64_t *row = mig_run_row(run, d);
            for (int n = 0; n < N_CASES; n++) {
                int at = n * L->n_channels;
                displaced[n] += row[L->displaced + at + 1];
                deterred[n] += row[L->deterred + at + 0];
                /* nobody prefers land, nobody departs by air */
                other += row[L->deterred + at + 1] + row[L->displaced + at + 0] + row[L->departures + at + 0];
            }
        }
        mig_run_free(run);
    }
    for (int n = 0; n < N_CASES; n++) {
        double p = expected_share(&cases[n], stay);
        printf("  %s: %lld displaced of %lld (expected share %.4f)\n", cases[n].code, (long long)displaced[n],
               (long long)(displaced[n] + deterred[n]), p);
        CHECK(displaced[n] + deterred[n] > 10000);
        if (p > 0 && p < 1)
            CHECK_WITHIN((double)displaced[n] / (double)(displaced[n] + deterred[n]), p,
                         sqrt(p * (1 - p) / (double)(displaced[n] + deterred[n])), K);
        else if (p == 0)
            CHECK_EQ(displaced[n], 0);
    }
    /* the old rule does not look at choice.*: the same persons displaced whatever stay is */
    static int64_t old_rule = -1;
    if (old_rule < 0)
        old_rule = displaced[3];
    CHECK_EQ(displaced[3], old_rule);
    if (stay < 5)
        CHECK(displaced[0] > displaced[1]);  /* the dearer, longer alternative draws fewer */
    CHECK_EQ(other, 0);
}

int main(void)
{
    test_paths();
    test_shares(log(4));
    test_shares(0.5);
    test_shares(20);  /* staying home dwarfs every alternative: nearly everyone stays (XXD keeps its 0.2) */
    return check_done("test_choice");
}
