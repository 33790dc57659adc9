/* emulator.h: Gaussian-process emulators of one simulated summary over the
 * calibrated parameters (history matching, Vernon et al. 2010; Andrianakis et al. 2015).
 *
 * The model, in the scale of the outputs standardised to mean 0 and variance 1:
 *   y(x) = h(x)^T beta + f(x) + e,  h(x) = (1, x_1..x_k),
 *   f ~ GP(0, sigma2 r(x, x')),  r(x, x') = exp(-sum_d ((x_d - x'_d) / l_d)^2),
 *   e ~ N(0, nugget) independent (replicate noise), nugget = nu sigma2.
 * beta is the generalised least-squares estimate under that covariance (ordinary least
 * squares when nu is large), and its uncertainty enters the predictive variance (universal
 * kriging). sigma2 is profiled out; the length scales l_d in [0.05, 5] and nu in [1e-8, 1e2]
 * maximise the restricted (REML) log likelihood, found by Nelder-Mead from a fixed start: first
 * with one length scale for all inputs, then each its own, restarted while that gains.
 * Each likelihood costs a Cholesky factorisation (n^3 / 3); a fit takes some hundreds to a few
 * thousand of them (4-6 s for n = 300, k = 12 with GSL's reference BLAS; a predict ~50 us). */
#ifndef MIG_EMULATOR_H
#define MIG_EMULATOR_H

#include <stddef.h>

typedef struct mig_emulator mig_emulator;

/* Fit to n design points x (row-major n x k, each coordinate already scaled to [0,1]) with
 * outputs y[n]; copies what it keeps. Deterministic: the same input gives the same bytes.
 * Returns the emulator (free with mig_emulator_free), or NULL with err on failure: n < k+2,
 * k < 1, a non-finite number, inputs that are collinear over the design (e.g. one constant),
 * out of memory. A constant y is not an error: its emulator predicts it with variance ~0. */
mig_emulator *mig_emulator_fit(int n, int k, const double *x, const double *y, char *err, size_t errlen);

/* Posterior mean and variance of the emulated summary (the latent y without the nugget) at one
 * point x[k]. Thread-safe: em is only read. Scratch of up to 512 doubles is on the stack, a
 * larger one (n + k + 1 > 512) is allocated; if that fails, mean and var are NaN.
 * Cost: O(n k) for the correlations and O(n^2) for one triangular solve. */
void mig_emulator_predict(const mig_emulator *em, const double *x, double *mean, double *var);

/* As mig_emulator_predict with the caller's scratch of mig_emulator_scratch_size(em) doubles
 * (one per thread); never allocates. */
void mig_emulator_predict_scratch(const mig_emulator *em, const double *x, double *mean, double *var,
                                  double *scratch);
size_t mig_emulator_scratch_size(const mig_emulator *em);

/* Leave-one-out standardised errors (Dubrule 1983; hyperparameters kept, beta re-estimated):
 * z[i] = (y_i - mean without point i) / sd, the sd including the nugget since y_i carries
 * its noise. Writes n values; returns the share of |z| <= 3, or -1 if out of memory (z untouched).
 * Costs O(n^3) once. */
double mig_emulator_loo(const mig_emulator *em, double *z);

/* The fitted hyperparameters in the outputs' units: length scales (k, unit-cube coordinates),
 * the variance sigma2 of f and the nugget variance. Any pointer may be NULL. */
void mig_emulator_describe(const mig_emulator *em, double *length_scales, double *sigma2, double *nugget);

/* The number of design points and of inputs. */
int mig_emulator_n(const mig_emulator *em);
int mig_emulator_k(const mig_emulator *em);

/* mig_emulator_free(NULL) is a no-op. */
void mig_emulator_free(mig_emulator *em);

#endif
