/* test_emulator.c: Gaussian-process emulators (emulator.h) on functions known in closed
 * form, from Latin hypercube designs drawn with a fixed GSL generator: accuracy and
 * calibrated uncertainty away from the design, interpolation at it, the nugget of noisy
 * and of replicated outputs, the algebra against universal kriging's bordered system,
 * one input, same input = same bytes, and refused input. */
#include "check.h"
#include "emulator.h"

#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdlib.h>

#define MAXN 100

/* n points in [0,1]^k, one in each of n slices of every input. */
static void lhs(gsl_rng *r, int n, int k, double *x)
{
    size_t perm[MAXN];
    for (int d = 0; d < k; d++) {
        for (int i = 0; i < n; i++)
            perm[i] = (size_t)i;
        gsl_ran_shuffle(r, perm, (size_t)n, sizeof perm[0]);
        for (int i = 0; i < n; i++)
            x[i * k + d] = ((double)perm[i] + gsl_rng_uniform(r)) / n;
    }
}

static double f2(const double *x) { return sin(6.0 * x[0]) + x[1] * x[1]; }

static double f1(const double *x) { return exp(x[0]) * sin(8.0 * x[0]); }

/* Root mean squared error of the emulator against f at m uniform points, and the share of
 * them whose error is within 3 predicted standard deviations. */
static double rmse(const mig_emulator *em, gsl_rng *r, int m, int k, double (*f)(const double *), double *share)
{
    double x[2], se = 0;
    int within = 0;
    for (int j = 0; j < m; j++) {
        for (int d = 0; d < k; d++)
            x[d] = gsl_rng_uniform(r);
        double mean, var;
        mig_emulator_predict(em, x, &mean, &var);
        double e = mean - f(x);
        se += e * e;
        within += fabs(e) <= 3.0 * sqrt(var);
    }
    *share = (double)within / m;
    return sqrt(se / m);
}

/* Universal kriging from the described hyperparameters by the bordered system
 * [K H; H^T 0] [lambda; mu] = [k; h] (K = sigma2 R + nugget I, k = sigma2 r(pt)):
 * mean = lambda^T y, var = sigma2 - lambda^T k - mu^T h. Independent of the emulator's algebra. */
static void bordered(const mig_emulator *em, int n, int k, const double *x, const double *y, const double *pt,
                     double *mean, double *var)
{
    double len[2], s2, nug;
    mig_emulator_describe(em, len, &s2, &nug);
    size_t m = (size_t)(n + k + 1);
    gsl_matrix *a = gsl_matrix_calloc(m, m);
    gsl_vector *rhs = gsl_vector_alloc(m), *sol = gsl_vector_alloc(m);
    gsl_permutation *perm = gsl_permutation_alloc(m);
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int d = 0; d < k; d++)
                s += pow((x[i * k + d] - x[j * k + d]) / len[d], 2);
            gsl_matrix_set(a, (size_t)i, (size_t)j, s2 * exp(-s) + (i == j ? nug : 0));
        }
        double s = 0;
        for (int d = 0; d < k; d++)
            s += pow((pt[d] - x[i * k + d]) / len[d], 2);
        gsl_vector_set(rhs, (size_t)i, s2 * exp(-s));
        for (int c = 0; c <= k; c++) {
            double h = c == 0 ? 1.0 : x[i * k + c - 1];
            gsl_matrix_set(a, (size_t)i, (size_t)(n + c), h);
            gsl_matrix_set(a, (size_t)(n + c), (size_t)i, h);
        }
    }
    for (int c = 0; c <= k; c++)
        gsl_vector_set(rhs, (size_t)(n + c), c == 0 ? 1.0 : pt[c - 1]);
    int sign;
    gsl_linalg_LU_decomp(a, perm, &sign);
    gsl_linalg_LU_solve(a, perm, rhs, sol);
    *mean = 0;
    *var = s2;
    for (size_t i = 0; i < m; i++) {
        if (i < (size_t)n)
            *mean += gsl_vector_get(sol, i) * y[i];
        *var -= gsl_vector_get(sol, i) * gsl_vector_get(rhs, i);
    }
    gsl_permutation_free(perm);
    gsl_vector_free(sol);
    gsl_vector_free(rhs);
    gsl_matrix_free(a);
}

static void smooth_2d(void)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 20240515);
    double x[60 * 2], y[60], z[60], len[2], s2, nug, share;
    lhs(r, 60, 2, x);
    for (int i = 0; i < 60; i++)
        y[i] = f2(x + 2 * i);
    char err[200] = "";
    mig_emulator *em = mig_emulator_fit(60, 2, x, y, err, sizeof err);
    CHECK(em != NULL);
    if (!em) {
        fprintf(stderr, "    %s\n", err);
        gsl_rng_free(r);
        return;
    }
    CHECK_EQ(mig_emulator_n(em), 60);
    CHECK_EQ(mig_emulator_k(em), 2);
    double e = rmse(em, r, 200, 2, f2, &share);
    printf("2-D: RMSE %.2g at 200 points, %.0f%% within 3 sd\n", e, 100 * share);
    CHECK(e < 0.05);
    CHECK(share >= 0.9);

    /* Near-interpolation at a design point: no noise, so a tiny nugget. */
    double mean, var;
    mig_emulator_predict(em, x + 2 * 17, &mean, &var);
    CHECK_NEAR(mean, y[17], 1e-3);
    CHECK(var >= 0 && sqrt(var) < 1e-2);

    mig_emulator_describe(em, len, &s2, &nug);
    printf("2-D: length scales %.3g %.3g, sigma2 %.3g, nugget %.3g\n", len[0], len[1], s2, nug);
    CHECK(len[0] >= 0.05 && len[0] <= 5 && len[1] >= 0.05 && len[1] <= 5);
    CHECK(len[0] < len[1]); /* sin(6 x1) bends faster than x2^2 */
    CHECK(s2 > 0 && nug < 1e-4 * s2 + 1e-12);

    double loo = mig_emulator_loo(em, z);
    printf("2-D: leave-one-out %.0f%% within 3\n", 100 * loo);
    CHECK(loo >= 0.9);

    /* The caller's scratch gives the same bytes as predict's own. */
    double *scratch = malloc(mig_emulator_scratch_size(em) * sizeof *scratch);
    double m2, v2, pt[2] = { 0.3, 0.8 };
    mig_emulator_predict(em, pt, &mean, &var);
    mig_emulator_predict_scratch(em, pt, &m2, &v2, scratch);
    CHECK(memcmp(&mean, &m2, sizeof mean) == 0 && memcmp(&var, &v2, sizeof var) == 0);
    free(scratch);

    mig_emulator_free(em);
    gsl_rng_free(r);
}

static void noisy_2d(void)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 7);
    double x[60 * 2], y[60], z[60], s2, nug, share;
    lhs(r, 60, 2, x);
    for (int i = 0; i < 60; i++)
        y[i] = f2(x + 2 * i) + gsl_ran_gaussian(r, 0.1);
    char err[200] = "";
    mig_emulator *em = mig_emulator_fit(60, 2, x, y, err, sizeof err);
    CHECK(em != NULL);
    if (!em) {
        fprintf(stderr, "    %s\n", err);
        gsl_rng_free(r);
        return;
    }
    mig_emulator_describe(em, NULL, &s2, &nug);
    double e = rmse(em, r, 200, 2, f2, &share);
    double loo = mig_emulator_loo(em, z);
    printf("noisy 2-D: nugget %.3g (true 0.01), sigma2 %.3g, RMSE %.2g against f, LOO %.0f%% within 3\n", nug,
           s2, e, 100 * loo);
    CHECK(nug > 0.01 / 3 && nug < 0.01 * 3);
    CHECK(e < 0.1); /* the mean smooths the noise: below its sd */
    CHECK(loo >= 0.9);

    /* Mean and variance as universal kriging computes them: inside, at a design point, and
     * outside the unit square, where the uncertainty of beta dominates. */
    const double pts[3][2] = { { 0.41, 0.63 }, { x[10], x[11] }, { 1.6, -0.4 } };
    for (int j = 0; j < 3; j++) {
        double mean, var, bm, bv;
        mig_emulator_predict(em, pts[j], &mean, &var);
        bordered(em, 60, 2, x, y, pts[j], &bm, &bv);
        CHECK_NEAR(mean, bm, 1e-6);
        CHECK_NEAR(var / bv, 1.0, 1e-5);
    }
    /* Leave-one-out errors as the bordered system gives them without the point; the
     * observation carries the nugget. */
    const int out[3] = { 0, 23, 59 };
    for (int j = 0; j < 3; j++) {
        double xo[59 * 2], yo[59], bm, bv;
        for (int i = 0, o = 0; i < 60; i++)
            if (i != out[j]) {
                xo[2 * o] = x[2 * i];
                xo[2 * o + 1] = x[2 * i + 1];
                yo[o++] = y[i];
            }
        bordered(em, 59, 2, xo, yo, x + 2 * out[j], &bm, &bv);
        CHECK_NEAR(z[out[j]], (y[out[j]] - bm) / sqrt(bv + nug), 1e-5);
    }
    mig_emulator_free(em);
    gsl_rng_free(r);
}

/* History matching reruns design points with other seeds: 20 points, 3 replicates each. */
static void replicates(void)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 5);
    double x[60 * 2], y[60], nug;
    for (int i = 0; i < 20; i++) {
        double a = gsl_rng_uniform(r), b = gsl_rng_uniform(r);
        for (int j = 3 * i; j < 3 * i + 3; j++) {
            x[2 * j] = a;
            x[2 * j + 1] = b;
            y[j] = f2(x + 2 * j) + gsl_ran_gaussian(r, 0.1);
        }
    }
    mig_emulator *em = mig_emulator_fit(60, 2, x, y, NULL, 0);
    CHECK(em != NULL);
    if (em) {
        mig_emulator_describe(em, NULL, NULL, &nug);
        printf("replicates: nugget %.3g (true 0.01)\n", nug);
        CHECK(nug > 0.01 / 3 && nug < 0.01 * 3);
    }
    mig_emulator_free(em);
    gsl_rng_free(r);
}

static void one_input(void)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 11);
    double x[15], y[15], share;
    lhs(r, 15, 1, x);
    for (int i = 0; i < 15; i++)
        y[i] = f1(x + i);
    char err[200] = "";
    mig_emulator *em = mig_emulator_fit(15, 1, x, y, err, sizeof err);
    CHECK(em != NULL);
    if (!em) {
        fprintf(stderr, "    %s\n", err);
        gsl_rng_free(r);
        return;
    }
    double e = rmse(em, r, 200, 1, f1, &share);
    printf("1-D: RMSE %.2g at 200 points, %.0f%% within 3 sd\n", e, 100 * share);
    CHECK(e < 0.05);
    CHECK(share >= 0.9);
    mig_emulator_free(em);
    gsl_rng_free(r);
}

/* Two fits of the same input predict the same bytes. */
static void same_bytes(void)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 3);
    double x[40 * 3], y[40], p[2][50][2];
    lhs(r, 40, 3, x);
    for (int i = 0; i < 40; i++)
        y[i] = f2(x + 3 * i) * x[3 * i + 2] + gsl_ran_gaussian(r, 0.05);
    for (int t = 0; t < 2; t++) {
        mig_emulator *em = mig_emulator_fit(40, 3, x, y, NULL, 0);
        CHECK(em != NULL);
        if (!em)
            break;
        gsl_rng_set(r, 99);
        for (int j = 0; j < 50; j++) {
            double pt[3] = { gsl_rng_uniform(r), gsl_rng_uniform(r), gsl_rng_uniform(r) };
            mig_emulator_predict(em, pt, &p[t][j][0], &p[t][j][1]);
        }
        mig_emulator_free(em);
    }
    CHECK(memcmp(p[0], p[1], sizeof p[0]) == 0);
    gsl_rng_free(r);
}

static void constant_output(void)
{
    double x[10], y[10];
    for (int i = 0; i < 10; i++) {
        x[i] = (i + 0.5) / 10;
        y[i] = 4.0;
    }
    mig_emulator *em = mig_emulator_fit(10, 1, x, y, NULL, 0);
    CHECK(em != NULL);
    if (!em)
        return;
    double mean, var, pt = 0.33;
    mig_emulator_predict(em, &pt, &mean, &var);
    CHECK_NEAR(mean, 4.0, 1e-9);
    CHECK(var >= 0 && var < 1e-12);
    mig_emulator_free(em);
}

static void bad_input(void)
{
    double x[20] = { 0 }, y[10] = { 0 };
    char err[200] = "";
    for (int i = 0; i < 10; i++)
        x[2 * i] = x[2 * i + 1] = y[i] = i / 10.0;
    CHECK(mig_emulator_fit(3, 2, x, y, err, sizeof err) == NULL);
    CHECK_HAS(err, "3 design points for 2 inputs");
    CHECK(mig_emulator_fit(10, 0, x, y, err, sizeof err) == NULL);
    CHECK_HAS(err, "need at least");
    CHECK(mig_emulator_fit(10, 2, x, y, err, sizeof err) == NULL); /* x1 = x2 */
    CHECK_HAS(err, "collinear");
    for (int i = 0; i < 10; i++)
        x[2 * i + 1] = 0.5;
    CHECK(mig_emulator_fit(10, 2, x, y, err, sizeof err) == NULL); /* x2 constant */
    CHECK_HAS(err, "collinear");
    for (int i = 0; i < 10; i++)
        x[2 * i + 1] = (i * 7 % 10) / 10.0;
    y[4] = NAN;
    CHECK(mig_emulator_fit(10, 2, x, y, err, sizeof err) == NULL);
    CHECK_HAS(err, "output 5 is not finite");
    y[4] = 0;
    x[3] = INFINITY;
    CHECK(mig_emulator_fit(10, 2, x, y, err, sizeof err) == NULL);
    CHECK_HAS(err, "design point 2, input 2");
    CHECK(mig_emulator_fit(10, 2, NULL, y, err, sizeof err) == NULL);
    mig_emulator_free(NULL);
}

int main(void)
{
    smooth_2d();
    noisy_2d();
    replicates();
    one_input();
    same_bytes();
    constant_output();
    bad_input();
    return check_done("test_emulator");
}
