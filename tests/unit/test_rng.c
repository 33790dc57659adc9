/* test_rng.c: keyed counter-based streams and their GSL adapter (rng.h). */
#include "check.h"
#include "rng.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#define N_DRAWS 1000000

static void test_range_and_mean(void)
{
    uint64_t key = mig_rng_purpose_key(42, MIG_RNG_MOVE);
    double sum = 0, lo = 1, hi = 0;
    int out_of_range = 0;
    for (uint64_t n = 0; n < N_DRAWS; n++) {
        double u = mig_u01(key, n);
        out_of_range += !(u >= 0 && u < 1);
        lo = u < lo ? u : lo;
        hi = u > hi ? u : hi;
        sum += u;
    }
    CHECK(out_of_range == 0);
    CHECK(lo < 1e-4 && hi > 1 - 1e-4);  /* covers the interval */
    CHECK_WITHIN(sum / N_DRAWS, 0.5, sqrt(1.0 / 12 / N_DRAWS), 4);
}

/* 100 equal bins: chi-square with 99 degrees of freedom, mean 99, SD sqrt(198). */
static void test_uniform_bins(void)
{
    enum { BINS = 100, N = 200000 };
    static long count[BINS];
    uint64_t key = mig_rng_subkey(mig_rng_purpose_key(7, MIG_RNG_BORDER), 12345);
    for (uint64_t n = 0; n < N; n++)
        count[(int)(mig_u01(key, n) * BINS)]++;
    double chi2 = 0, e = (double)N / BINS;
    for (int b = 0; b < BINS; b++)
        chi2 += ((double)count[b] - e) * ((double)count[b] - e) / e;
    CHECK_WITHIN(chi2, 99.0, sqrt(198.0), 4);
}

/* Neighbouring counters and neighbouring keys must look independent. */
static void test_correlation(void)
{
    enum { N = 200000 };
    uint64_t k1 = mig_rng_purpose_key(1, MIG_RNG_TRAITS);
    double sxy = 0, sxk = 0;
    for (uint64_t n = 0; n < N; n++) {
        double a = mig_u01(k1, n) - 0.5, b = mig_u01(k1, n + 1) - 0.5;
        double c = mig_u01(mig_rng_subkey(k1, n), 0) - 0.5, d = mig_u01(mig_rng_subkey(k1, n + 1), 0) - 0.5;
        sxy += a * b;
        sxk += c * d;
    }
    /* corr = E[ab] / var; SE of corr under independence 1/sqrt(N). */
    CHECK_WITHIN(sxy / N * 12, 0, 1 / sqrt((double)N), 4);
    CHECK_WITHIN(sxk / N * 12, 0, 1 / sqrt((double)N), 4);
}

static void test_bit_balance(void)
{
    enum { N = 100000 };
    long ones[64] = { 0 };
    uint64_t key = mig_rng_purpose_key(99, MIG_RNG_ARRIVAL);
    for (uint64_t n = 0; n < N; n++) {
        uint64_t b = mig_bits(key, n);
        for (int i = 0; i < 64; i++)
            ones[i] += (long)((b >> i) & 1);
    }
    int bad = 0;
    for (int i = 0; i < 64; i++)
        bad += fabs((double)ones[i] / N - 0.5) > 4 * sqrt(0.25 / N);
    CHECK(bad == 0);
}

static void test_determinism(void)
{
    uint64_t a = mig_rng_purpose_key(2022, MIG_RNG_DEPARTURES), b = mig_rng_purpose_key(2022, MIG_RNG_DEPARTURES);
    CHECK(a == b);
    for (uint64_t n = 0; n < 1000; n++)
        if (mig_u01(a, n) != mig_u01(b, n)) {
            CHECK(!"same key and counter gave different draws");
            break;
        }
    CHECK(mig_rng_subkey(a, 5) == mig_rng_subkey(b, 5));
    /* A pure function: pinned values guard against an accidental change of the
     * mixer, which would silently change every golden output. */
    CHECK(mig_mix64(1) == 0x5692161d100b05e5ULL);
    CHECK(mig_rng_purpose_key(1, MIG_RNG_BORDER) == 0x6d850013d22bef60ULL);
    CHECK(mig_bits(mig_rng_subkey(mig_rng_purpose_key(1, MIG_RNG_BORDER), 7), 3) == 0x96c8e2ed841fbe07ULL);
    CHECK(mig_mix64(1) != mig_mix64(2));
}

static void test_distinct(void)
{
    uint64_t seed = 12345;
    /* Every purpose key of a seed differs, and from those of the next seeds. */
    uint64_t keys[3][MIG_N_RNG_PURPOSES];
    for (int s = 0; s < 3; s++)
        for (int p = 1; p < MIG_N_RNG_PURPOSES; p++)
            keys[s][p] = mig_rng_purpose_key(seed + (uint64_t)s, (mig_rng_purpose)p);
    int same = 0;
    for (int s = 0; s < 3; s++)
        for (int p = 1; p < MIG_N_RNG_PURPOSES; p++)
            for (int t = 0; t < 3; t++)
                for (int q = 1; q < MIG_N_RNG_PURPOSES; q++)
                    if ((s != t || p != q) && keys[s][p] == keys[t][q])
                        same++;
    CHECK(same == 0);

    uint64_t k = keys[0][MIG_RNG_BORDER];
    CHECK(mig_u01(k, 0) != mig_u01(k, 1));
    CHECK(mig_u01(k, 0) != mig_u01(keys[0][MIG_RNG_MOVE], 0));
    CHECK(mig_u01(k, 0) != mig_u01(keys[1][MIG_RNG_BORDER], 0));
    CHECK(mig_rng_subkey(k, 0) != mig_rng_subkey(k, 1));
    CHECK(mig_rng_subkey(k, 0) != k);

    /* Sub-keys of 0..9999 are all different (no collisions among 64-bit values). */
    enum { M = 10000 };
    uint64_t *sk = malloc(M * sizeof *sk);
    CHECK(sk != NULL);
    if (!sk)
        return;
    for (uint64_t x = 0; x < M; x++)
        sk[x] = mig_rng_subkey(k, x);
    int coll = 0;
    for (int i = 0; i < M; i++)
        for (int j = i + 1; j < M; j++)
            coll += sk[i] == sk[j];
    CHECK(coll == 0);
    free(sk);

    /* Streams of different keys agree no more than chance allows. */
    uint64_t k2 = mig_rng_subkey(k, 1);
    int equal_draws = 0;
    for (uint64_t n = 0; n < 1000; n++)
        equal_draws += mig_bits(k, n) == mig_bits(k2, n);
    CHECK(equal_draws == 0);
}

static void test_gsl_adapter(void)
{
    gsl_rng *r = mig_rng_gsl_new();
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK(gsl_rng_max(r) == 0xffffffffUL);
    CHECK(gsl_rng_min(r) == 0);
    CHECK(strcmp(gsl_rng_name(r), "mig_keyed_stream") == 0);

    uint64_t key = mig_rng_purpose_key(5, MIG_RNG_TRAITS);
    mig_rng_gsl_reset(r, key);
    /* The adapter walks the same stream as mig_u01(). */
    int mismatch = 0;
    for (uint64_t n = 0; n < 100; n++)
        mismatch += gsl_rng_uniform(r) != mig_u01(key, n);
    CHECK(mismatch == 0);

    double first[50];
    mig_rng_gsl_reset(r, key);
    for (int i = 0; i < 50; i++)
        first[i] = gsl_ran_lognormal(r, 7, 0.5);
    mig_rng_gsl_reset(r, key);
    mismatch = 0;
    for (int i = 0; i < 50; i++)
        mismatch += gsl_ran_lognormal(r, 7, 0.5) != first[i];
    CHECK(mismatch == 0);
    mig_rng_gsl_reset(r, key + 1);
    CHECK(gsl_ran_lognormal(r, 7, 0.5) != first[0]);

    /* Integer output stays in [min, max] and covers its high half. */
    mig_rng_gsl_reset(r, key);
    unsigned long hi = 0;
    for (int i = 0; i < 1000; i++) {
        unsigned long v = gsl_rng_get(r);
        hi = v > hi ? v : hi;
    }
    CHECK(hi <= 0xffffffffUL && hi > 0x80000000UL);

    /* gsl_rng_set (seeding through GSL) is reproducible too. */
    gsl_rng_set(r, 77);
    double a = gsl_rng_uniform(r);
    gsl_rng_set(r, 77);
    CHECK(gsl_rng_uniform(r) == a);
    gsl_rng_set(r, 78);
    CHECK(gsl_rng_uniform(r) != a);

    /* Poisson: mean and variance within 4 SE, small and large means (GSL switches
     * algorithms above mu = 10). */
    const double mus[] = { 3.7, 250.0 };
    for (int m = 0; m < 2; m++) {
        enum { N = 100000 };
        double mu = mus[m], s = 0, s2 = 0;
        mig_rng_gsl_reset(r, mig_rng_subkey(key, (uint64_t)m));
        for (int i = 0; i < N; i++) {
            double x = gsl_ran_poisson(r, mu);
            s += x;
            s2 += x * x;
        }
        double mean = s / N, var = (s2 - s * s / N) / (N - 1);
        CHECK_WITHIN(mean, mu, sqrt(mu / N), 4);
        CHECK_WITHIN(var, mu, sqrt((mu + 2 * mu * mu) / N), 4);
    }
    gsl_rng_free(r);
}

int main(void)
{
    test_range_and_mean();
    test_uniform_bins();
    test_correlation();
    test_bit_balance();
    test_determinism();
    test_distinct();
    test_gsl_adapter();
    return check_done("test_rng");
}
