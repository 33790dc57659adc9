/* smuggling.h: the market for crossings, police intelligence on smuggling groups,
 * the data-exchange network, dismantling and replacement (docs/model.md,
 * "Smuggling groups and policing").
 *
 * The world holds what a scenario configures (mig_group, the smuggling.* and
 * network.* parameters, country.XX.network); this state is what a run learns:
 * which groups are active, the intelligence each country holds on each group,
 * and the detection reports still on their way between network members.
 * Everything here changes only in the serial parts of a day (the border market
 * and the end of the day), so results do not depend on the thread count. */
#ifndef MIG_SMUGGLING_H
#define MIG_SMUGGLING_H

#include "world.h"

#include <stdint.h>

typedef struct mig_smuggling {
    int n_groups, n_countries, n_borders, n_days;
    uint8_t *active;        /* [g] */
    int *generation;        /* [g] 0 for the original group, +1 per replacement */
    int *vacant_since;      /* [g] day index it was dismantled; -1 while active */
    int *active_since;      /* [g] first day index of the current group in the slot */
    int delivered_upto;     /* network reports of days up to this one have been delivered */
    double *pending_intel;  /* [c] one-off intelligence to add at the end of today (operations) */
    double *places;         /* [g] agent places today: capacity / agent_weight, rounded at random */
    double *unmet_since;    /* [g] persons turned away on its segments since it was dismantled */
    double *intel;          /* [g][c] intelligence units country c holds on group g */
    int32_t *reports;       /* [n_days][g][c] smuggled crossings of g detected by c that day (agents) */
    double *used;           /* [g] agents taken across today */
    int *seg_start, *seg_groups; /* CSR: groups serving each border segment */
    double *ref_capacity;   /* [b] persons/day the groups serving b could take at the run's start */
    double *price_mult;     /* [b] today's supply multiplier of the segment's price; 0 = no group active */
} mig_smuggling;

/* Allocate for a finalized world and a run of n_days. Returns 0 or -1 (out of memory). */
int mig_smuggling_init(mig_smuggling *s, const mig_world *w, int n_days);
void mig_smuggling_free(mig_smuggling *s);

/* Make dst (initialised for the same world and days) a copy of src. */
void mig_smuggling_copy(mig_smuggling *dst, const mig_smuggling *src);

/* Start of day index d: active capacity and price of every segment, and each
 * group's places in agents (capacity / agent_weight rounded up or down at random,
 * keyed to seed, group and day, so a fractional place is sold on the right share
 * of days); nothing used yet. */
void mig_smuggling_begin_day(mig_smuggling *s, const mig_world *w, uint64_t seed, int day);

/* The price group g asks on segment b today (EUR per person). */
static inline double mig_smuggling_price(const mig_smuggling *s, const mig_world *w, int g, int b)
{
    return w->borders[b].smuggling_price * w->groups[g].price_factor * s->price_mult[b];
}

/* What a person with `money` finds at segment b today: a group with a free place
 * whose price they can pay (chosen with odds proportional to its free places, by
 * the uniform u), returned as its index; MIG_MARKET_FULL if some group they could
 * pay serves b but all such are full; MIG_MARKET_NONE if no active group serves b
 * at a price they can pay. */
enum { MIG_MARKET_NONE = -1, MIG_MARKET_FULL = -2 };
int mig_smuggling_offer(const mig_smuggling *s, const mig_world *w, int b, double money, double u);

/* End of day d, after the border market (run.c): today's detection reports become
 * intelligence, reports reach the other network members after the network's
 * delay, operations add theirs, intelligence decays, groups whose intelligence
 * passes the threshold in some country are dismantled (their clients released),
 * vacant markets may be taken over by a new group. Writes the day's smuggling
 * counts into row. Returns 0 or -1 with err (out of memory logging an event). */
struct mig_run;
int mig_smuggling_end_day(struct mig_run *run, int d, int64_t *row, char *err);

/* Intelligence country c gains on every active group operating there (a one-off
 * operation): added at the end of today, after the day's ageing. */
void mig_smuggling_add_intel(mig_smuggling *s, const mig_world *w, int c, double units);

#endif
