/* demand.c: the demand projection (see demand.h). */
#include "demand.h"
#include "rng.h"

#include <math.h>
#include <string.h>

uint64_t mig_demand_key(uint64_t seed, const char *code)
{
    uint64_t c = 0;
    memcpy(&c, code, strnlen(code, sizeof c - 1));  /* ISO alpha-3: at most 3 bytes */
    return mig_rng_subkey(mig_rng_purpose_key(seed, MIG_RNG_DEMAND), c);
}

double mig_demand_eps(uint64_t key, int month)
{
    /* Box-Muller on two uniforms of the month's own stream: 1 - u is in (0, 1]. */
    uint64_t k = mig_rng_subkey(key, (uint64_t)(int64_t)month);
    double u1 = mig_u01(k, 0), u2 = mig_u01(k, 1);
    return sqrt(-2.0 * log(1.0 - u1)) * cos(6.283185307179586 * u2);
}

/* The projection's walk, month by month: mig_demand_project and mig_demand_at
 * run the same arithmetic, so a cached path and a value computed afresh agree
 * to the bit. */
typedef struct walk {
    double base, sigma, x;
} walk;

static walk walk_start(const mig_projection *p, double last_value, int last_month, double sigma_scale)
{
    double last = last_value > MIG_DEMAND_FLOOR ? last_value : MIG_DEMAND_FLOOR;
    walk k = { log(p->level), p->sigma * sigma_scale, 0 };
    k.x = log(last) - k.base - log(p->season[last_month % 12]);
    return k;
}

/* Month last_month + 1 + i, i counted from 0. */
static double walk_step(walk *k, const mig_projection *p, int last_month, uint64_t key, int i)
{
    int t = last_month + 1 + i;
    k->x = p->persistence * k->x + (k->sigma > 0 ? k->sigma * mig_demand_eps(key, t) : 0);
    return exp(k->base + log(p->season[t % 12]) + p->drift * (double)(i + 1) + k->x);
}

void mig_demand_project(const mig_projection *p, double last_value, int last_month, double sigma_scale, uint64_t key,
                        double *path, int n)
{
    walk k = walk_start(p, last_value, last_month, sigma_scale);
    for (int i = 0; i < n; i++)
        path[i] = walk_step(&k, p, last_month, key, i);
}

double mig_demand_at(const mig_projection *p, double last_value, int last_month, double sigma_scale, uint64_t key,
                     int i)
{
    walk k = walk_start(p, last_value, last_month, sigma_scale);
    double v = 0;
    for (int j = 0; j <= i; j++)
        v = walk_step(&k, p, last_month, key, j);
    return v;
}
