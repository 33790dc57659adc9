/* test_demand.c: the demand projection beyond the data (demand.h). */
#include "check.h"
#include "demand.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

static const double SEASON[12] = { 0.6, 0.6, 0.8, 1.0, 1.2, 1.4, 1.5, 1.4, 1.2, 1.0, 0.7, 0.6 };

static mig_projection proj(double level, double persistence, double sigma, double drift)
{
    mig_projection p;
    memset(&p, 0, sizeof p);
    p.on = 1;
    p.level = level;
    p.persistence = persistence;
    p.sigma = sigma;
    p.drift = drift;
    memcpy(p.season, SEASON, sizeof p.season);
    return p;
}

/* (b) persistence 1, sigma 0: the last value carried by the season's ratio (and the drift). */
static void test_random_walk_without_noise(void)
{
    mig_projection p = proj(40, 1, 0, 0);
    int last = 2022 * 12 + 2;  /* March 2022 */
    double path[24];
    mig_demand_project(&p, 30, last, 1, mig_demand_key(1, "PPA"), path, 24);
    int bad = 0;
    for (int i = 0; i < 24; i++)
        bad += fabs(path[i] - 30 * SEASON[(last + 1 + i) % 12] / SEASON[2]) > 1e-9 * path[i];
    CHECK(bad == 0);
    p.drift = 0.02;
    mig_demand_project(&p, 30, last, 1, mig_demand_key(1, "PPA"), path, 24);
    CHECK(fabs(path[11] - 30 * SEASON[2] / SEASON[2] * exp(0.02 * 12)) < 1e-9 * path[11]);
    /* demand.uncertainty 0 gives the same path whatever sigma */
    mig_projection q = proj(40, 1, 0.5, 0);
    double qpath[24];
    mig_demand_project(&q, 30, last, 0, mig_demand_key(9, "PPA"), qpath, 24);
    CHECK(fabs(qpath[5] - 30 * SEASON[(last + 6) % 12] / SEASON[2]) < 1e-9 * qpath[5]);
    /* persistence 0, sigma 0: level x season from the first month on */
    mig_projection z = proj(40, 0, 0, 0);
    mig_demand_project(&z, 30, last, 1, 0, path, 3);
    CHECK(fabs(path[0] - 40 * SEASON[3]) < 1e-9 && fabs(path[2] - 40 * SEASON[5]) < 1e-9);
}

/* A series that ends at 0 starts from the floor, not from log(0). */
static void test_zero_last_value(void)
{
    mig_projection p = proj(40, 1, 0, 0);
    double path[2];
    mig_demand_project(&p, 0, 2022 * 12, 1, 0, path, 2);
    CHECK(isfinite(path[0]) && fabs(path[0] - MIG_DEMAND_FLOOR * SEASON[1] / SEASON[0]) < 1e-12);
}

/* (c) persistence 0.5, sigma 0.35: at a far month the path has forgotten its start,
 * and over 400 seeds the mean of log D is log(level) + log(season) within 4 standard
 * errors (sd of x: sigma / sqrt(1 - p^2) = 0.404; 4 SE = 0.081). A start that were
 * not forgotten (last = 1000 against level 40: 3.2 apart on the log scale) or a
 * missing season (log 1.5 = 0.41) would be far outside. */
static void test_stationary_mean(void)
{
    enum { SEEDS = 400, N = 60 };
    mig_projection p = proj(40, 0.5, 0.35, 0);
    int last = 2022 * 12 + 2;
    double s = 0, s2 = 0, first = 0, path[N];
    for (int k = 0; k < SEEDS; k++) {
        mig_demand_project(&p, 1000, last, 1, mig_demand_key((uint64_t)k + 1, "PPA"), path, N);
        double y = log(path[N - 1]);
        s += y;
        s2 += y * y;
        first += log(path[0]);
    }
    int t = last + N;
    double want = log(40) + log(SEASON[t % 12]), sd = 0.35 / sqrt(1 - 0.25);
    double mean = s / SEEDS, var = (s2 - s * s / SEEDS) / (SEEDS - 1);
    CHECK_WITHIN(mean, want, sd / sqrt(SEEDS), 4);
    CHECK(var > 0.6 * sd * sd && var < 1.5 * sd * sd);
    /* the first month still remembers the start: x_1 = 0.5 x_T on average */
    double x_T = log(1000) - log(40) - log(SEASON[2]);
    CHECK_WITHIN(first / SEEDS, log(40) + log(SEASON[3]) + 0.5 * x_T, 0.35 / sqrt(SEEDS), 4);
}

/* The draws: N(0, 1), one per (key, month); different nationalities and seeds differ. */
static void test_draws(void)
{
    enum { N = 200000 };
    uint64_t key = mig_demand_key(5, "AFG");
    double s = 0, s2 = 0;
    for (int i = 0; i < N; i++) {
        double e = mig_demand_eps(key, i);
        s += e;
        s2 += e * e;
    }
    CHECK_WITHIN(s / N, 0, 1 / sqrt((double)N), 4);
    CHECK_WITHIN(s2 / N, 1, sqrt(2.0 / N), 4);
    CHECK(mig_demand_key(5, "AFG") == key);
    CHECK(mig_demand_key(5, "PAK") != key && mig_demand_key(6, "AFG") != key);
    CHECK(mig_demand_eps(key, 24270) == mig_demand_eps(key, 24270));
}

/* mig_demand_at gives path[i] to the bit. */
static void test_at_matches_path(void)
{
    mig_projection p = proj(55, 0.8, 0.3, 0.01);
    double path[30];
    uint64_t key = mig_demand_key(77, "SYR");
    mig_demand_project(&p, 12, 2021 * 12 + 7, 1.3, key, path, 30);
    int bad = 0;
    for (int i = 0; i < 30; i++)
        bad += mig_demand_at(&p, 12, 2021 * 12 + 7, 1.3, key, i) != path[i];
    CHECK(bad == 0);
}

int main(void)
{
    test_random_walk_without_noise();
    test_zero_last_value();
    test_stationary_mean();
    test_draws();
    test_at_matches_path();
    return check_done("test_demand");
}
