/* demand.h: would-be migrants beyond the demand data, the projection of
 * docs/model.md ("Demand projection"). After the last given month T of a
 * nationality's series, on the log scale,
 *
 *   log D_t = log(level) + log(season[m(t)]) + drift (t - T) + x_t,
 *   x_t = persistence x_{t-1} + sigma eps_t,  eps_t ~ N(0, 1) iid,
 *   x_T = log(max(D_T, MIG_DEMAND_FLOOR)) - log(level) - log(season[m(T)]).
 *
 * eps_t is a pure function of (run seed, nationality code, calendar month), so a
 * nationality's path does not depend on the others, on the thread count, or on
 * the day a run was resumed or forked. */
#ifndef MIG_DEMAND_H
#define MIG_DEMAND_H

#include "world.h"

#include <stdint.h>

/* persons/day: a series that ends at 0 starts its path from this level. */
#define MIG_DEMAND_FLOOR 0.01

/* The stream key of the projection of nationality `code` in a run of `seed`. */
uint64_t mig_demand_key(uint64_t seed, const char *code);

/* eps of calendar month `month` (year*12 + month-1) under a nationality's key: N(0, 1). */
double mig_demand_eps(uint64_t key, int month);

/* The projected demand (persons/day, before departure_multiplier and origin
 * measures) of months last_month+1 .. last_month+n into path[0..n). last_value is
 * the series' value in last_month; sigma_scale (demand.uncertainty) multiplies p->sigma. */
void mig_demand_project(const mig_projection *p, double last_value, int last_month, double sigma_scale, uint64_t key,
                        double *path, int n);

/* The value of path[i] of mig_demand_project, computed alone (no memory). */
double mig_demand_at(const mig_projection *p, double last_value, int last_month, double sigma_scale, uint64_t key,
                     int i);

#endif
