/* flee_rules.c: the pieces of Flee's rules that are pure functions of their
 * inputs (FLEE.md sections 1.2-1.4), so that tests can check them by hand. */
#include "flee.h"

#include <math.h>

double mig_flee_interp(const mig_flee_series *s, int t, double divisor)
{
    if (!s || s->n == 0)
        return 0;
    /* Flee keeps the values divided by hasten and truncates at lookup. */
    if (t <= s->day[0])
        return trunc(s->value[0] / divisor);
    for (int i = 1; i < s->n; i++)
        if (t < s->day[i]) {
            double v0 = s->value[i - 1] / divisor, v1 = s->value[i] / divisor;
            double f = (double)(t - s->day[i - 1]) / (double)(s->day[i] - s->day[i - 1]);
            return trunc(v0 + f * (v1 - v0));
        }
    return trunc(s->value[s->n - 1] / divisor);
}

double mig_flee_cap_multiplier(double occupants, double cap, double buffer)
{
    if (cap < 1)
        return 1;
    if (occupants <= buffer * cap)
        return 1;
    if (occupants >= cap)
        return 0;
    return 1 - (occupants - buffer * cap) / (cap * (1 - buffer));
}

double mig_flee_route_weight(const mig_flee_settings *s, double score, double distance, double cap_multiplier)
{
    double w = (s->weight_softening + score) / pow(s->softening + distance, s->distance_power);
    w *= cap_multiplier;
    return s->weight_power == 1 ? w : pow(w, s->weight_power);
}

int mig_flee_days_on_link(double km, double speed)
{
    /* An agent moves speed km a day and arrives once it has gone strictly
     * further than the link is long. */
    return (int)floor(km / speed) + 1;
}

double mig_flee_decay(const mig_flee_settings *s, int dt)
{
    if (s->n_decay <= 0)
        return 1;
    int interval = s->conflict_spawn_decay_interval >= 1 ? (int)s->conflict_spawn_decay_interval : 1;
    int i = dt < 0 ? 0 : dt / interval;
    if (i > s->n_decay - 1)
        i = s->n_decay - 1;
    return s->decay[i];
}
