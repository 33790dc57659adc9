/* check.h: the smallest test harness. CHECK() counts and reports, never aborts,
 * so one run lists every failure; check_done() prints the tally and gives main's
 * exit status (non-zero if anything failed). Include once per test executable. */
#ifndef MIG_CHECK_H
#define MIG_CHECK_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int check_passed_, check_failed_;

static inline int check_report_(int ok, const char *file, int line, const char *what)
{
    if (ok) {
        check_passed_++;
    } else {
        check_failed_++;
        fprintf(stderr, "%s:%d: check failed: %s\n", file, line, what);
    }
    return ok;
}

#define CHECK(cond) check_report_((cond) ? 1 : 0, __FILE__, __LINE__, #cond)

/* s contains sub; on failure also prints s. */
#define CHECK_HAS(s, sub)                                                                    \
    do {                                                                                     \
        const char *s_ = (s), *sub_ = (sub);                                                 \
        if (!check_report_(s_ && strstr(s_, sub_) != NULL, __FILE__, __LINE__,               \
                           #s " contains " #sub))                                     \
            fprintf(stderr, "    got: \"%s\"\n", s_ ? s_ : "(null)");                        \
    } while (0)

/* Integer equality, printing both sides on failure. */
#define CHECK_EQ(a, b)                                                                       \
    do {                                                                                     \
        long long a_ = (long long)(a), b_ = (long long)(b);                                  \
        if (!check_report_(a_ == b_, __FILE__, __LINE__, #a " == " #b))                      \
            fprintf(stderr, "    %lld != %lld\n", a_, b_);                                   \
    } while (0)

/* An estimate within k standard errors of its expectation. */
#define CHECK_WITHIN(est, expect, se, k)                                                     \
    do {                                                                                     \
        double e_ = (est), x_ = (expect), s_ = (se);                                         \
        if (!check_report_(isfinite(e_) && fabs(e_ - x_) <= (k) * s_, __FILE__, __LINE__,    \
                           #est " within " #k " SE of " #expect))                            \
            fprintf(stderr, "    estimate %.6g, expected %.6g, SE %.3g (%.2f SE off)\n", e_, \
                    x_, s_, (e_ - x_) / s_);                                                 \
    } while (0)

/* A finite estimate within tol of its expected value, printing both on failure. */
#define CHECK_NEAR(est, expect, tol)                                                         \
    do {                                                                                     \
        double e_ = (est), x_ = (expect);                                                    \
        if (!check_report_(isfinite(e_) && fabs(e_ - x_) <= (tol), __FILE__, __LINE__,       \
                           #est " within " #tol " of " #expect))                             \
            fprintf(stderr, "    got %.17g, expected %.17g\n", e_, x_);                      \
    } while (0)

static inline int check_done(const char *name)
{
    printf("%s: %d passed, %d failed\n", name, check_passed_, check_failed_);
    return check_failed_ ? 1 : 0;
}

#endif
