/* test_sobol.c: Sobol sensitivity indices (sweep.h, mig_sobol_indices) on functions
 * whose indices are known, from a Saltelli design built the way `migsim sweep
 * --design sobol` builds it: A and B are the two halves of one 2k-dimensional
 * Sobol sequence (gsl_qrng_sobol, first point skipped), AB_i is A with column i
 * from B. */
#include "check.h"
#include "sweep.h"

#include <gsl/gsl_qrng.h>
#include <stdlib.h>

#define MAXK 4

typedef double (*model_fn)(const double *x);

/* Inputs of every model are the unit cube scaled to [lo, hi]^k. */
typedef struct design {
    int k, n;
    double *fa, *fb, *fab; /* f(A) [n], f(B) [n], f(AB_i) [k][n] */
} design;

static int evaluate(design *d, int k, int n, double lo, double hi, model_fn f)
{
    d->k = k;
    d->n = n;
    d->fa = malloc((size_t)n * sizeof *d->fa);
    d->fb = malloc((size_t)n * sizeof *d->fb);
    d->fab = malloc((size_t)n * (size_t)k * sizeof *d->fab);
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * k));
    if (!d->fa || !d->fb || !d->fab || !q) {
        gsl_qrng_free(q);
        return -1;
    }
    double pt[2 * MAXK], a[MAXK], b[MAXK], ab[MAXK];
    gsl_qrng_get(q, pt); /* the all-zero first point */
    for (int j = 0; j < n; j++) {
        gsl_qrng_get(q, pt);
        for (int i = 0; i < k; i++) {
            a[i] = lo + (hi - lo) * pt[i];
            b[i] = lo + (hi - lo) * pt[k + i];
        }
        d->fa[j] = f(a);
        d->fb[j] = f(b);
        for (int i = 0; i < k; i++) {
            for (int m = 0; m < k; m++)
                ab[m] = m == i ? b[m] : a[m];
            d->fab[(size_t)i * (size_t)n + (size_t)j] = f(ab);
        }
    }
    gsl_qrng_free(q);
    return 0;
}

static void design_free(design *d)
{
    free(d->fa);
    free(d->fb);
    free(d->fab);
}

/* Ishigami: f = sin x1 + a sin^2 x2 + b x3^4 sin x1, x uniform on [-pi, pi]^3. */
#define ISH_A 7.0
#define ISH_B 0.1
static double ishigami(const double *x)
{
    double s1 = sin(x[0]), s2 = sin(x[1]);
    return s1 + ISH_A * s2 * s2 + ISH_B * x[2] * x[2] * x[2] * x[2] * s1;
}

/* Linear and additive in four inputs on [0, 1]; the fourth does nothing. */
static const double lin_c[4] = { 1.0, 2.0, 3.0, 0.0 };
static double linear(const double *x)
{
    return 5.0 + lin_c[0] * x[0] + lin_c[1] * x[1] + lin_c[2] * x[2] + lin_c[3] * x[3];
}

/* x1 * x2 on [0, 1]^2: an interaction, so total > first. */
static double product(const double *x) { return x[0] * x[1]; }

static double constant(const double *x)
{
    (void)x;
    return 3.0;
}

static void test_ishigami(void)
{
    const double pi = 3.14159265358979323846;
    /* Analytic: V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2, V1 = (1 + b pi^4/5)^2 / 2,
     * V2 = a^2/8, V3 = 0, V13 = b^2 pi^8 (1/18 - 1/50). */
    double a = ISH_A, b = ISH_B, p4 = pi * pi * pi * pi, p8 = p4 * p4;
    double V = a * a / 8 + b * p4 / 5 + b * b * p8 / 18 + 0.5;
    double V1 = 0.5 * (1 + b * p4 / 5) * (1 + b * p4 / 5), V2 = a * a / 8, V13 = b * b * p8 * (1.0 / 18 - 1.0 / 50);
    double S[3] = { V1 / V, V2 / V, 0 }, T[3] = { (V1 + V13) / V, V2 / V, V13 / V };
    CHECK_NEAR(S[0], 0.3139, 1e-4); /* the published values */
    CHECK_NEAR(S[1], 0.4424, 1e-4);
    CHECK_NEAR(T[0], 0.5576, 1e-4);
    CHECK_NEAR(T[2], 0.2437, 1e-4);
    design d;
    if (!CHECK(evaluate(&d, 3, 8192, -pi, pi, ishigami) == 0))
        return;
    double first[3], total[3];
    mig_sobol_indices(3, d.n, d.fa, d.fb, d.fab, first, total);
    for (int i = 0; i < 3; i++) {
        printf("ishigami x%d: first %.4f (%.4f)  total %.4f (%.4f)\n", i + 1, first[i], S[i], total[i], T[i]);
        CHECK_NEAR(first[i], S[i], 0.03);
        CHECK_NEAR(total[i], T[i], 0.03);
        CHECK(total[i] >= first[i] - 0.03);
    }
    /* Fewer points, further off but on the same side of the truth than noise allows:
     * the ranking of the inputs is already right at n = 512. */
    design s;
    if (CHECK(evaluate(&s, 3, 512, -pi, pi, ishigami) == 0)) {
        mig_sobol_indices(3, s.n, s.fa, s.fb, s.fab, first, total);
        CHECK(first[1] > first[0] && first[0] > first[2]);
        CHECK(total[0] > total[1] && total[1] > total[2]);
    }
    design_free(&s);
    design_free(&d);
}

static void test_linear(void)
{
    /* Var(c_i x_i) = c_i^2 / 12: S_i = T_i = c_i^2 / sum c_j^2 = (1, 4, 9, 0) / 14. */
    design d;
    if (!CHECK(evaluate(&d, 4, 4096, 0, 1, linear) == 0))
        return;
    double first[4], total[4], sum = 0;
    mig_sobol_indices(4, d.n, d.fa, d.fb, d.fab, first, total);
    for (int i = 0; i < 4; i++) {
        double s = lin_c[i] * lin_c[i] / 14.0;
        printf("linear x%d: first %.4f  total %.4f  (exact %.4f)\n", i + 1, first[i], total[i], s);
        CHECK_NEAR(first[i], s, 0.01);
        CHECK_NEAR(total[i], s, 0.01);
        sum += first[i];
    }
    CHECK_NEAR(sum, 1.0, 0.01); /* additive: the first-order indices add up to 1 */
    /* An input the model does not read: f(AB_4) = f(A) exactly, so both indices are exactly 0. */
    CHECK(first[3] == 0.0 && total[3] == 0.0);
    design_free(&d);
}

static void test_product(void)
{
    /* x1 x2, uniform [0, 1]: V = 7/144, V1 = V2 = 1/48, V12 = 1/144:
     * S_i = 3/7, T_i = 4/7. */
    design d;
    if (!CHECK(evaluate(&d, 2, 4096, 0, 1, product) == 0))
        return;
    double first[2], total[2];
    mig_sobol_indices(2, d.n, d.fa, d.fb, d.fab, first, total);
    for (int i = 0; i < 2; i++) {
        CHECK_NEAR(first[i], 3.0 / 7, 0.02);
        CHECK_NEAR(total[i], 4.0 / 7, 0.02);
    }
    design_free(&d);
}

static void test_degenerate(void)
{
    /* No variance: indices 0, not NaN. */
    design d;
    if (!CHECK(evaluate(&d, 2, 64, 0, 1, constant) == 0))
        return;
    double first[2] = { 9, 9 }, total[2] = { 9, 9 };
    mig_sobol_indices(2, d.n, d.fa, d.fb, d.fab, first, total);
    CHECK(first[0] == 0 && first[1] == 0 && total[0] == 0 && total[1] == 0);
    design_free(&d);
    /* Hand-made: n = 2, k = 1, f(A) = (0, 2), f(B) = (1, 3), f(AB) = f(B).
     * mean 1.5, var = (2.25 + 0.25 + 0.25 + 2.25) / 3 = 5/3;
     * first = mean(fB (fAB - fA)) / var = ((1*1 + 3*1) / 2) / (5/3) = 6/5;
     * total = sum (fA - fAB)^2 / (2n) / var = (1 + 1) / 4 / (5/3) = 3/10. */
    const double fa[2] = { 0, 2 }, fb[2] = { 1, 3 };
    double f1, t1;
    mig_sobol_indices(1, 2, fa, fb, fb, &f1, &t1);
    CHECK_NEAR(f1, 1.2, 1e-12);
    CHECK_NEAR(t1, 0.3, 1e-12);
}

int main(void)
{
    test_ishigami();
    test_linear();
    test_product();
    test_degenerate();
    return check_done("test_sobol");
}
