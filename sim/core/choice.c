/* choice.c: the channel choice of a person whose preferred channel is not usable (see choice.h). */
#include "choice.h"

#include <math.h>

int mig_choice_path(const mig_world *w, int from, int k, double *price, double *days)
{
    size_t nl = (size_t)w->n_locations;
    const double *dist = w->dist + (size_t)k * nl;
    int target = w->dest_loc[k];
    *price = *days = INFINITY;
    if (!isfinite(dist[from]))
        return -1;
    double p = 0, t = 0;
    /* Follow the routes whose km close the distance exactly; at most one step a
     * location, so routes of 0 km cannot make it circle. */
    int u = from;
    for (int step = 0; u != target && step < w->n_locations; step++) {
        int next = -1;
        for (int s = w->out_start[u]; s < w->out_start[u + 1]; s++) {
            const mig_route *r = &w->routes[w->out_routes[s]];
            double left = dist[r->to] + r->km;
            if (isfinite(dist[r->to]) && fabs(left - dist[u]) <= 1e-9 * (1 + dist[u])) {
                next = w->out_routes[s];
                break;
            }
        }
        if (next < 0)
            break;  /* rounding left no exact hop: what is summed so far stands */
        const mig_route *r = &w->routes[next];
        if (r->border >= 0)
            p += w->borders[r->border].smuggling_price;
        t += r->days;
        u = r->to;
    }
    *price = p;
    *days = t;
    return 0;
}

void mig_choice_prepare(const mig_world *w, int nat, unsigned usable, mig_choice_table *t)
{
    const mig_nationality *g = &w->nats[nat];
    t->nat = nat;
    t->usable = usable;
    for (int a = 0; a < g->n_channels; a++)
        for (int k = 0; k < w->n_dests; k++)
            mig_choice_path(w, g->channels[a].to, k, &t->price[a][k], &t->days[a][k]);
}

/* Utilities relative to the lost channel c: v[a] for the available alternatives
 * (avail bit a), and the largest of them and choice.stay (to scale the exponentials). */
static double utilities(const mig_world *w, const mig_choice_table *t, int c, int k, double money, double *v,
                        unsigned *avail)
{
    const mig_nationality *g = &w->nats[t->nat];
    const mig_params *p = &w->params;
    double g_c = g->channels[c].cost + t->price[c][k], t_c = g->channels[c].days + t->days[c][k];
    /* The lost channel may not reach the destination (the person picked it among
     * those reachable from there, so only in odd worlds): compare fares and days alone. */
    if (!isfinite(g_c) || !isfinite(t_c)) {
        g_c = g->channels[c].cost;
        t_c = g->channels[c].days;
    }
    double top = p->choice_stay;
    *avail = 0;
    for (int a = 0; a < g->n_channels; a++) {
        const mig_channel *ch = &g->channels[a];
        if (a == c || !((t->usable >> a) & 1u) || money < ch->cost || !isfinite(t->price[a][k]))
            continue;
        double g_a = ch->cost + t->price[a][k], t_a = ch->days + t->days[a][k];
        v[a] = -p->choice_cost * (g_a - g_c) / 1000 - p->choice_days * (t_a - t_c) / 10;
        *avail |= 1u << a;
        if (v[a] > top)
            top = v[a];
    }
    return top;
}

void mig_choice_probs(const mig_world *w, const mig_choice_table *t, int c, int k, double money, double *p,
                      double *p_stay)
{
    const mig_nationality *g = &w->nats[t->nat];
    double v[MIG_MAX_CHANNELS];
    unsigned avail;
    double top = utilities(w, t, c, k, money, v, &avail);
    double total = exp(w->params.choice_stay - top);
    for (int a = 0; a < g->n_channels; a++)
        if ((avail >> a) & 1u)
            total += exp(v[a] - top);
    for (int a = 0; a < g->n_channels; a++)
        p[a] = (avail >> a) & 1u ? exp(v[a] - top) / total : 0;
    *p_stay = exp(w->params.choice_stay - top) / total;
}

int mig_choice_pick(const mig_world *w, const mig_choice_table *t, int c, int k, double money, double u)
{
    const mig_nationality *g = &w->nats[t->nat];
    double v[MIG_MAX_CHANNELS];
    unsigned avail;
    double top = utilities(w, t, c, k, money, v, &avail);
    if (!avail)
        return -1;
    double stay = exp(w->params.choice_stay - top), total = stay;
    for (int a = 0; a < g->n_channels; a++)
        if ((avail >> a) & 1u)
            total += exp(v[a] - top);
    /* Staying home first, then the alternatives in their order. */
    double x = u * total - stay;
    if (x < 0)
        return -1;
    int last = -1;
    for (int a = 0; a < g->n_channels; a++) {
        if (!((avail >> a) & 1u))
            continue;
        last = a;
        double e = exp(v[a] - top);
        if (x < e)
            return a;
        x -= e;
    }
    return last;  /* u * total rounded past the end */
}
