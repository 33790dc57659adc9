/* test_posterior.c: reading a posterior sample (posterior.h) and drawing particles
 * from it: frequencies follow the weights, zero weights are never drawn, a draw
 * depends on (master seed, slot) alone, and bad files are refused with the file
 * and the JSON path in the message. */
#include "check.h"
#include "posterior.h"

#include <stdlib.h>

static char path[1100];

/* Write text to the scratch file and read it back as a posterior (NULL: err). */
static mig_posterior *read_text(const char *text, char *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return NULL;
    fputs(text, f);
    fclose(f);
    err[0] = 0;
    return mig_posterior_read(path, err, MIG_ERR_LEN);
}

#define HEAD "{\"schema\":\"migsim-calibration/1\",\"meta\":{\"name\":\"t\"},\"posterior\":{\"parameters\":[\"a\",\"b\"],"

static void frequencies(void)
{
    char err[MIG_ERR_LEN];
    mig_posterior *p = read_text(HEAD "\"samples\":[[1,2],[3,4],[5,6],[7,8]],\"weights\":[2,0,1,5]}}", err);
    CHECK(p != NULL);
    if (!p) {
        fprintf(stderr, "    %s\n", err);
        return;
    }
    CHECK_EQ(p->n_params, 2);
    CHECK_EQ(p->n_particles, 4);
    CHECK_NEAR(p->weights[0], 0.25, 1e-15);
    CHECK_NEAR(p->weights[3], 0.625, 1e-15);
    CHECK_NEAR(p->ess, 1 / (0.0625 + 0.015625 + 0.390625), 1e-12);
    enum { N = 200000 };
    long count[4] = { 0 };
    for (int s = 0; s < N; s++)
        count[mig_posterior_draw(p, 7, (uint64_t)s)]++;
    CHECK_EQ(count[1], 0);
    for (int i = 0; i < 4; i++) {
        double w = p->weights[i];
        CHECK_WITHIN((double)count[i] / N, w, sqrt(w * (1 - w) / N) + 1e-12, 5);
    }
    /* The same (seed, slot), the same particle; another seed, other draws. */
    int same = 1, differ = 0;
    for (int s = 0; s < 100; s++) {
        same &= mig_posterior_draw(p, 7, (uint64_t)s) == mig_posterior_draw(p, 7, (uint64_t)s);
        differ += mig_posterior_draw(p, 7, (uint64_t)s) != mig_posterior_draw(p, 8, (uint64_t)s);
    }
    CHECK(same);
    CHECK(differ > 20);
    mig_posterior_free(p);

    /* A last particle of weight 0: the one before closes the interval. */
    p = read_text(HEAD "\"samples\":[[1,2],[3,4]],\"weights\":[1,0]}}", err);
    CHECK(p != NULL);
    for (int s = 0; p && s < 1000; s++)
        CHECK_EQ(mig_posterior_draw(p, 1, (uint64_t)s), 0);
    mig_posterior_free(p);
}

static void refused(const char *text, const char *says)
{
    char err[MIG_ERR_LEN];
    mig_posterior *p = read_text(text, err);
    CHECK(p == NULL);
    CHECK_HAS(err, path);
    CHECK_HAS(err, says);
    mig_posterior_free(p);
}

static void bad_files(void)
{
    refused("{\"schema\":\"migsim-run/1\"}", "schema is 'migsim-run/1', not 'migsim-calibration/1'");
    refused("{\"schema\":\"migsim-calibration/1\",\n\"posterior\":[1,", ":2: not JSON");
    refused("{\"schema\":\"migsim-calibration/1\"}", "has no posterior");
    refused(HEAD "\"samples\":[[1,2],[3]],\"weights\":[1,1]}}", "posterior.samples[1] must be a list of 2 numbers");
    refused(HEAD "\"samples\":[[1,2],[3,\"x\"]],\"weights\":[1,1]}}", "posterior.samples[1][1] (b) is not a finite");
    refused(HEAD "\"samples\":[[1,2],[3,1e999]],\"weights\":[1,1]}}", "posterior.samples[1][1]");
    refused(HEAD "\"samples\":[[1,2],[3,4]],\"weights\":[1,-1]}}", "posterior.weights[1] must be a finite number >= 0 "
                                                                  "(it is negative)");
    refused(HEAD "\"samples\":[[1,2],[3,4]],\"weights\":[0,0]}}", "must sum to a finite number above 0");
    refused(HEAD "\"samples\":[[1,2],[3,4]],\"weights\":[1]}}", "posterior.weights must be a list of 2 numbers");
    refused(HEAD "\"samples\":[],\"weights\":[]}}", "at least one particle");
    refused("{\"schema\":\"migsim-calibration/1\",\"posterior\":{\"parameters\":[\"a\",\"a\"],\"samples\":[[1,2]],"
            "\"weights\":[1]}}", "posterior.parameters[1] is 'a' again");
    char err[MIG_ERR_LEN];
    snprintf(path, sizeof path, "%s/no_such_posterior.json", MIG_TEST_TMPDIR);
    remove(path);
    mig_posterior *p = mig_posterior_read(path, err, sizeof err);
    CHECK(p == NULL);
    CHECK_HAS(err, "no such file");
}

int main(void)
{
    snprintf(path, sizeof path, "%s/posterior_test.json", MIG_TEST_TMPDIR);
    frequencies();
    bad_files();
    return check_done("posterior");
}
