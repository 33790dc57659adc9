/* emulator.c: Gaussian-process emulators for history matching (see emulator.h).
 *
 * With A = R + nu I (R the correlations of the design, nu the relative nugget), L L^T = A
 * and Q R_h = L^-1 H the QR decomposition of the whitened regressors, everything the fit
 * and the predictions need comes from triangular solves: the GLS beta solves
 * R_h beta = Q1^T L^-1 y, the residual sum of squares is the tail of Q^T L^-1 y, and
 * log|H^T A^-1 H| = 2 sum log|diag R_h|. QR rather than a Cholesky of H^T A^-1 H keeps the
 * condition number unsquared and never reports "not positive definite" through GSL's error
 * handler (which aborts by default); A itself is positive definite by construction (nu >= 1e-8
 * far above the rounding of a correlation matrix of n <= thousands of points). */
#include "emulator.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_multimin.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LEN_LO 0.05  /* length scales, unit-cube coordinates */
#define LEN_HI 5.0
#define NUG_LO 1e-8  /* nugget relative to sigma2 */
#define NUG_HI 1e2
#define S2_FLOOR 1e-20 /* sigma2 (standardised) of an output the mean fits exactly */
#define BAD_FIT 1e100  /* the objective where the algebra fails: finite, as Nelder-Mead needs */
#define STACK_SCRATCH 512

struct mig_emulator {
    int n, k, q;        /* points, inputs, regressors (k + 1) */
    double *x;          /* n x k design */
    double *len, *w;    /* k length scales and 1 / len^2 */
    double nu, s2;      /* relative nugget; sigma2 in standardised units */
    double ymean, ysd;  /* outputs were standardised by these */
    double *beta;       /* q */
    double *alpha;      /* n: A^-1 (y - H beta) */
    double *chol;       /* n x n, lower triangle L */
    double *hw;         /* n x q: L^-1 H */
    double *rh;         /* q x q, upper triangle R_h */
};

/* What the likelihood's evaluations share; they write the factors into em. */
typedef struct fit_work {
    mig_emulator *em;
    const double *y;    /* standardised outputs */
    double *qr, *tau;   /* n x q Householder QR of L^-1 H, q */
    double *yw;         /* n: Q^T L^-1 y */
    double rss;         /* the tail of yw, squared */
    gsl_vector *full;   /* k + 1: neg_reml_iso's argument to neg_reml */
} fit_work;

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || errlen == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

/* An unbounded u maps smoothly into [lo, hi] (log scale); u = 0 is the geometric middle. */
static double squash(double u, double lo, double hi)
{
    return exp(log(lo) + (log(hi) - log(lo)) / (1.0 + exp(-u)));
}

static double corr(const mig_emulator *em, const double *a, const double *b)
{
    double s = 0;
    for (int d = 0; d < em->k; d++)
        s += em->w[d] * (a[d] - b[d]) * (a[d] - b[d]);
    return exp(-s);
}

static void set_hyper(mig_emulator *em, const gsl_vector *u)
{
    for (int d = 0; d < em->k; d++) {
        em->len[d] = squash(gsl_vector_get(u, (size_t)d), LEN_LO, LEN_HI);
        em->w[d] = 1.0 / (em->len[d] * em->len[d]);
    }
    em->nu = squash(gsl_vector_get(u, (size_t)em->k), NUG_LO, NUG_HI);
}

/* Minus the restricted log likelihood (constants dropped) with sigma2 profiled out:
 * ((n-q) log s2 + log|A| + log|H^T A^-1 H|) / 2. Fills em->chol, em->hw and the work. */
static double neg_reml(const gsl_vector *u, void *p)
{
    fit_work *fw = p;
    mig_emulator *em = fw->em;
    size_t n = (size_t)em->n, q = (size_t)em->q;
    set_hyper(em, u);
    gsl_matrix_view a = gsl_matrix_view_array(em->chol, n, n);
    for (size_t i = 0; i < n; i++) {
        em->chol[i * n + i] = 1.0 + em->nu;
        for (size_t j = 0; j < i; j++)
            em->chol[i * n + j] = em->chol[j * n + i] = corr(em, em->x + i * (size_t)em->k, em->x + j * (size_t)em->k);
    }
    if (gsl_linalg_cholesky_decomp1(&a.matrix) != GSL_SUCCESS)
        return BAD_FIT;
    double logdet = 0;
    for (size_t i = 0; i < n; i++)
        logdet += 2.0 * log(em->chol[i * n + i]);

    gsl_matrix_view hw = gsl_matrix_view_array(em->hw, n, q);
    for (size_t i = 0; i < n; i++) {
        em->hw[i * q] = 1.0;
        memcpy(em->hw + i * q + 1, em->x + i * (size_t)em->k, (size_t)em->k * sizeof *em->hw);
    }
    gsl_blas_dtrsm(CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, 1.0, &a.matrix, &hw.matrix);
    memcpy(fw->qr, em->hw, n * q * sizeof *fw->qr);
    gsl_matrix_view qr = gsl_matrix_view_array(fw->qr, n, q);
    gsl_vector_view tau = gsl_vector_view_array(fw->tau, q);
    gsl_linalg_QR_decomp(&qr.matrix, &tau.vector);
    for (size_t j = 0; j < q; j++)
        logdet += 2.0 * log(fabs(fw->qr[j * q + j]));

    gsl_vector_view yw = gsl_vector_view_array(fw->yw, n);
    memcpy(fw->yw, fw->y, n * sizeof *fw->yw);
    gsl_blas_dtrsv(CblasLower, CblasNoTrans, CblasNonUnit, &a.matrix, &yw.vector);
    gsl_linalg_QR_QTvec(&qr.matrix, &tau.vector, &yw.vector);
    fw->rss = 0;
    for (size_t i = q; i < n; i++)
        fw->rss += fw->yw[i] * fw->yw[i];
    double m = (double)(n - q), s2 = fmax(fw->rss / m, S2_FLOOR);
    double f = 0.5 * (m * log(s2) + logdet);
    return isfinite(f) ? f : BAD_FIT;
}

/* After neg_reml at the optimum: sigma2, beta, alpha and R_h. */
static void finish(fit_work *fw)
{
    mig_emulator *em = fw->em;
    size_t n = (size_t)em->n, q = (size_t)em->q;
    em->s2 = fmax(fw->rss / (double)(n - q), S2_FLOOR);
    for (size_t i = 0; i < q; i++)
        for (size_t j = 0; j < q; j++)
            em->rh[i * q + j] = j >= i ? fw->qr[i * q + j] : 0.0;
    gsl_matrix_view rh = gsl_matrix_view_array(em->rh, q, q);
    memcpy(em->beta, fw->yw, q * sizeof *em->beta);
    gsl_vector_view beta = gsl_vector_view_array(em->beta, q);
    gsl_blas_dtrsv(CblasUpper, CblasNoTrans, CblasNonUnit, &rh.matrix, &beta.vector);
    /* L^-1 (y - H beta) = Q (0, tail of Q^T L^-1 y); alpha = L^-T of that. */
    memcpy(em->alpha, fw->yw, n * sizeof *em->alpha);
    memset(em->alpha, 0, q * sizeof *em->alpha);
    gsl_matrix_view qr = gsl_matrix_view_array(fw->qr, n, q);
    gsl_vector_view tau = gsl_vector_view_array(fw->tau, q);
    gsl_vector_view alpha = gsl_vector_view_array(em->alpha, n);
    gsl_linalg_QR_Qvec(&qr.matrix, &tau.vector, &alpha.vector);
    gsl_matrix_view a = gsl_matrix_view_array(em->chol, n, n);
    gsl_blas_dtrsv(CblasLower, CblasTrans, CblasNonUnit, &a.matrix, &alpha.vector);
}

/* The rank of (1, x) by ordinary least squares: collinear inputs leave beta undetermined. */
static int design_rank(int n, int k, const double *x, const double *y, size_t *rank)
{
    size_t q = (size_t)k + 1;
    gsl_matrix *h = gsl_matrix_alloc((size_t)n, q);
    gsl_vector *c = gsl_vector_alloc(q);
    gsl_matrix *cov = gsl_matrix_alloc(q, q);
    gsl_multifit_linear_workspace *ws = gsl_multifit_linear_alloc((size_t)n, q);
    int ok = h && c && cov && ws;
    if (ok) {
        for (size_t i = 0; i < (size_t)n; i++) {
            gsl_matrix_set(h, i, 0, 1.0);
            for (size_t d = 0; d < (size_t)k; d++)
                gsl_matrix_set(h, i, d + 1, x[i * (size_t)k + d]);
        }
        gsl_vector_const_view yv = gsl_vector_const_view_array(y, (size_t)n);
        double chisq;
        gsl_multifit_linear_tsvd(h, &yv.vector, 1e-8, c, cov, &chisq, rank, ws);
    }
    gsl_multifit_linear_free(ws);
    gsl_matrix_free(cov);
    gsl_vector_free(c);
    gsl_matrix_free(h);
    return ok ? 0 : -1;
}

/* The likelihood with one length scale for every input: u = (common, nugget). */
static double neg_reml_iso(const gsl_vector *u, void *p)
{
    fit_work *fw = p;
    gsl_vector_set_all(fw->full, gsl_vector_get(u, 0));
    gsl_vector_set(fw->full, fw->full->size - 1, gsl_vector_get(u, 1));
    return neg_reml(fw->full, p);
}

/* Nelder-Mead from u, restarted from where it stops while that gains (a simplex in many
 * dimensions often collapses early), at most 4 times. */
static int minimise(gsl_multimin_function *fn, gsl_vector *u, int rounds)
{
    size_t dim = u->size;
    gsl_multimin_fminimizer *s = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, dim);
    gsl_vector *step = gsl_vector_alloc(dim);
    if (!s || !step) {
        gsl_multimin_fminimizer_free(s);
        gsl_vector_free(step);
        return -1;
    }
    double best = HUGE_VAL;
    for (int round = 0; round < rounds; round++) {
        gsl_vector_set_all(step, round == 0 ? 1.0 : 0.5);
        gsl_multimin_fminimizer_set(s, fn, u, step);
        for (size_t it = 0; it < 100 * dim + 200; it++) {
            if (gsl_multimin_fminimizer_iterate(s) != GSL_SUCCESS)
                break;
            if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(s), 1e-2) == GSL_SUCCESS)
                break;
        }
        gsl_vector_memcpy(u, gsl_multimin_fminimizer_x(s));
        double f = gsl_multimin_fminimizer_minimum(s);
        if (f > best - 1e-3)
            break;
        best = f;
    }
    gsl_multimin_fminimizer_free(s);
    gsl_vector_free(step);
    return 0;
}

/* First with one length scale for all inputs (two parameters: quick and robust), then each
 * its own from there. */
static int maximise(fit_work *fw, gsl_vector *u)
{
    gsl_vector *iso = gsl_vector_calloc(2);
    if (!iso)
        return -1;
    gsl_multimin_function fn_iso = { neg_reml_iso, 2, fw }, fn = { neg_reml, u->size, fw };
    int rc = minimise(&fn_iso, iso, 1);
    if (rc == 0) {
        gsl_vector_set_all(u, gsl_vector_get(iso, 0));
        gsl_vector_set(u, u->size - 1, gsl_vector_get(iso, 1));
        rc = minimise(&fn, u, 4);
    }
    gsl_vector_free(iso);
    return rc;
}

static int check_input(int n, int k, const double *x, const double *y, char *err, size_t errlen)
{
    if (k < 1 || n < k + 2) {
        set_err(err, errlen, "emulator: %d design points for %d inputs (need at least inputs + 2)", n, k);
        return -1;
    }
    if (!x || !y) {
        set_err(err, errlen, "emulator: no design or no outputs");
        return -1;
    }
    for (int i = 0; i < n; i++) {
        for (int d = 0; d < k; d++)
            if (!isfinite(x[(size_t)i * (size_t)k + d])) {
                set_err(err, errlen, "emulator: design point %d, input %d is not finite", i + 1, d + 1);
                return -1;
            }
        if (!isfinite(y[i])) {
            set_err(err, errlen, "emulator: output %d is not finite", i + 1);
            return -1;
        }
    }
    return 0;
}

static mig_emulator *emulator_alloc(int n, int k)
{
    size_t un = (size_t)n, uk = (size_t)k, q = uk + 1;
    mig_emulator *em = calloc(1, sizeof *em);
    if (!em)
        return NULL;
    em->n = n;
    em->k = k;
    em->q = k + 1;
    em->x = malloc(un * uk * sizeof *em->x);
    em->len = malloc(uk * sizeof *em->len);
    em->w = malloc(uk * sizeof *em->w);
    em->beta = malloc(q * sizeof *em->beta);
    em->alpha = malloc(un * sizeof *em->alpha);
    em->chol = malloc(un * un * sizeof *em->chol);
    em->hw = malloc(un * q * sizeof *em->hw);
    em->rh = malloc(q * q * sizeof *em->rh);
    if (!em->x || !em->len || !em->w || !em->beta || !em->alpha || !em->chol || !em->hw || !em->rh) {
        mig_emulator_free(em);
        return NULL;
    }
    return em;
}

mig_emulator *mig_emulator_fit(int n, int k, const double *x, const double *y, char *err, size_t errlen)
{
    if (check_input(n, k, x, y, err, errlen) != 0)
        return NULL;
    size_t un = (size_t)n, q = (size_t)k + 1, rank = 0;
    mig_emulator *em = emulator_alloc(n, k);
    double *ys = malloc(un * sizeof *ys);
    fit_work fw = { em, ys, malloc(un * q * sizeof(double)), malloc(q * sizeof(double)),
                    malloc(un * sizeof(double)), 0, gsl_vector_alloc(q) };
    gsl_vector *u = gsl_vector_calloc(q); /* the fixed start: every squash in its middle */
    int rc = em && ys && fw.qr && fw.tau && fw.yw && fw.full && u ? 0 : -1; /* -2: collinear */
    if (rc == 0) {
        memcpy(em->x, x, un * (size_t)k * sizeof *em->x);
        double mean = 0, var = 0;
        for (size_t i = 0; i < un; i++)
            mean += y[i];
        mean /= n;
        for (size_t i = 0; i < un; i++)
            var += (y[i] - mean) * (y[i] - mean);
        em->ymean = mean;
        em->ysd = var > 0 ? sqrt(var / (n - 1)) : 1.0; /* constant y: no scale to remove */
        for (size_t i = 0; i < un; i++)
            ys[i] = (y[i] - mean) / em->ysd;
        rc = design_rank(n, k, x, ys, &rank);
        if (rc == 0 && rank < q)
            rc = -2;
    }
    if (rc == 0)
        rc = maximise(&fw, u);
    if (rc == 0) {
        neg_reml(u, &fw); /* the factors at the optimum */
        finish(&fw);
    } else if (rc == -2) {
        set_err(err, errlen, "emulator: the inputs are collinear over the %d design points (rank %zu of %zu; "
                "is one input constant?)", n, rank, q);
    } else {
        set_err(err, errlen, "emulator: out of memory");
    }
    gsl_vector_free(u);
    gsl_vector_free(fw.full);
    free(fw.qr);
    free(fw.tau);
    free(fw.yw);
    free(ys);
    if (rc != 0) {
        mig_emulator_free(em);
        return NULL;
    }
    return em;
}

size_t mig_emulator_scratch_size(const mig_emulator *em)
{
    return (size_t)em->n + (size_t)em->q;
}

void mig_emulator_predict_scratch(const mig_emulator *em, const double *x, double *mean, double *var,
                                  double *scratch)
{
    size_t n = (size_t)em->n, q = (size_t)em->q;
    double *r = scratch, *h = scratch + n;
    double m = 0;
    h[0] = 1.0;
    for (size_t d = 0; d < (size_t)em->k; d++)
        h[d + 1] = x[d];
    for (size_t j = 0; j < q; j++)
        m += h[j] * em->beta[j];
    for (size_t i = 0; i < n; i++) {
        r[i] = corr(em, x, em->x + i * (size_t)em->k);
        m += r[i] * em->alpha[i];
    }
    /* var = s2 (1 - r^T A^-1 r + u^T (H^T A^-1 H)^-1 u), u = h - H^T A^-1 r: the second term is
     * the uncertainty of beta. v = L^-1 r, so H^T A^-1 r = (L^-1 H)^T v. */
    gsl_matrix_const_view a = gsl_matrix_const_view_array(em->chol, n, n);
    gsl_matrix_const_view hw = gsl_matrix_const_view_array(em->hw, n, q);
    gsl_matrix_const_view rh = gsl_matrix_const_view_array(em->rh, q, q);
    gsl_vector_view v = gsl_vector_view_array(r, n), u = gsl_vector_view_array(h, q);
    gsl_blas_dtrsv(CblasLower, CblasNoTrans, CblasNonUnit, &a.matrix, &v.vector);
    gsl_blas_dgemv(CblasTrans, -1.0, &hw.matrix, &v.vector, 1.0, &u.vector);
    gsl_blas_dtrsv(CblasUpper, CblasTrans, CblasNonUnit, &rh.matrix, &u.vector);
    double vv, uu;
    gsl_blas_ddot(&v.vector, &v.vector, &vv);
    gsl_blas_ddot(&u.vector, &u.vector, &uu);
    *mean = em->ymean + em->ysd * m;
    *var = em->ysd * em->ysd * em->s2 * fmax(1.0 - vv + uu, 0.0);
}

void mig_emulator_predict(const mig_emulator *em, const double *x, double *mean, double *var)
{
    double stack[STACK_SCRATCH];
    size_t need = mig_emulator_scratch_size(em);
    double *scratch = need <= STACK_SCRATCH ? stack : malloc(need * sizeof *scratch);
    if (!scratch) {
        *mean = *var = NAN;
        return;
    }
    mig_emulator_predict_scratch(em, x, mean, var, scratch);
    if (scratch != stack)
        free(scratch);
}

double mig_emulator_loo(const mig_emulator *em, double *z)
{
    /* P = A^-1 - A^-1 H (H^T A^-1 H)^-1 H^T A^-1 = L^-T (I - Q1 Q1^T) L^-1, so with M = L^-1 and
     * B = Q1^T M = R_h^-T (L^-1 H)^T M: P_ii = |M e_i|^2 - |B e_i|^2, and P y = alpha. */
    size_t n = (size_t)em->n, q = (size_t)em->q;
    gsl_matrix *m = gsl_matrix_alloc(n, n), *b = gsl_matrix_alloc(q, n);
    if (!m || !b) {
        gsl_matrix_free(m);
        gsl_matrix_free(b);
        return -1;
    }
    gsl_matrix_const_view a = gsl_matrix_const_view_array(em->chol, n, n);
    gsl_matrix_const_view hw = gsl_matrix_const_view_array(em->hw, n, q);
    gsl_matrix_const_view rh = gsl_matrix_const_view_array(em->rh, q, q);
    gsl_matrix_set_identity(m);
    gsl_blas_dtrsm(CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, 1.0, &a.matrix, m);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &hw.matrix, m, 0.0, b);
    gsl_blas_dtrsm(CblasLeft, CblasUpper, CblasTrans, CblasNonUnit, 1.0, &rh.matrix, b);
    int within = 0;
    for (size_t i = 0; i < n; i++) {
        gsl_vector_view mi = gsl_matrix_column(m, i), bi = gsl_matrix_column(b, i);
        double mm = gsl_blas_dnrm2(&mi.vector), bb = gsl_blas_dnrm2(&bi.vector);
        double pii = fmax(mm * mm - bb * bb, 0.0);
        z[i] = pii > 0 ? em->alpha[i] / sqrt(em->s2 * pii) : 0.0;
        within += fabs(z[i]) <= 3.0;
    }
    gsl_matrix_free(m);
    gsl_matrix_free(b);
    return (double)within / (double)n;
}

void mig_emulator_describe(const mig_emulator *em, double *length_scales, double *sigma2, double *nugget)
{
    double scale = em->ysd * em->ysd;
    if (length_scales)
        memcpy(length_scales, em->len, (size_t)em->k * sizeof *length_scales);
    if (sigma2)
        *sigma2 = em->s2 * scale;
    if (nugget)
        *nugget = em->nu * em->s2 * scale;
}

int mig_emulator_n(const mig_emulator *em)
{
    return em->n;
}

int mig_emulator_k(const mig_emulator *em)
{
    return em->k;
}

void mig_emulator_free(mig_emulator *em)
{
    if (!em)
        return;
    free(em->x);
    free(em->len);
    free(em->w);
    free(em->beta);
    free(em->alpha);
    free(em->chol);
    free(em->hw);
    free(em->rh);
    free(em);
}
