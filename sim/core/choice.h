/* choice.h: the entry channel a would-be migrant takes when the preferred one is
 * not usable (a visa reintroduced, the channel closed), for a nationality on the
 * choice model (displacement < 0): a multinomial logit over the usable
 * alternatives and staying home, on the expected money and days to the person's
 * destination relative to the lost channel (docs/model.md, "Channel choice").
 *
 * A table holds, for one nationality and one day, each channel's expected
 * smuggling fares and travel days from its entry location to every destination
 * (mig_choice_prepare); mig_choice_pick then draws one person's choice from it.
 * Nothing here allocates. */
#ifndef MIG_CHOICE_H
#define MIG_CHOICE_H

#include "world.h"

typedef struct mig_choice_table {
    int nat;                     /* the nationality it was prepared for; -1 = none */
    unsigned usable;             /* bit a: channel a is usable today */
    /* By channel and destination slot k (w->dest_loc[k]): the sum of smuggling_price
     * of the borders on the shortest path (in km, w->dist) from the channel's entry
     * to the destination, and that path's travel days. INFINITY if no path. */
    double price[MIG_MAX_CHANNELS][MIG_MAX_DESTINATIONS];
    double days[MIG_MAX_CHANNELS][MIG_MAX_DESTINATIONS];
} mig_choice_table;

/* Smuggling fares and travel days along the shortest path (w->dist, km) from
 * location `from` to destination slot k. Returns 0, or -1 (and INFINITY in both)
 * if no route reaches it. Ties between equally short next hops go to the route
 * listed first. */
int mig_choice_path(const mig_world *w, int from, int k, double *price, double *days);

/* Fill t for nationality nat, whose channels in the mask `usable` are usable today. */
void mig_choice_prepare(const mig_world *w, int nat, unsigned usable, mig_choice_table *t);

/* The channel a person of t->nat with `money` EUR, whose preferred channel c is not
 * usable and who heads for destination slot k, takes; -1 = stays home. u is a
 * uniform draw in [0, 1). An alternative must be usable, reach slot k and have a
 * fare the person can pay. */
int mig_choice_pick(const mig_world *w, const mig_choice_table *t, int c, int k, double money, double u);

/* The probabilities behind mig_choice_pick: p[a] for each channel of the
 * nationality (0 for c and the unavailable) and *p_stay; for tests and reports. */
void mig_choice_probs(const mig_world *w, const mig_choice_table *t, int c, int k, double money, double *p,
                      double *p_stay);

#endif
