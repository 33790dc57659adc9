/* run.h: one simulation run. The run owns its world, agents, random streams and
 * accumulated outputs; nothing is global, so several runs may live side by side.
 *
 * A day follows docs/model.md, "One day": the day hook (scheduled events, triggers,
 * on_day: see lua_host.c), departures, movement, the border market, policing, then
 * the day's counts are learned from and stored; run.c's mig_run_step lists the
 * phases in that order. */
#ifndef MIG_RUN_H
#define MIG_RUN_H

#include "agents.h"
#include "policy.h"
#include "smuggling.h"
#include "world.h"

#include <stdint.h>

/* Offsets of the daily counters (in agents, int64) inside one day's tally row. */
typedef struct mig_layout {
    int n_nats, n_channels /* per nationality, max */, n_borders, n_countries, n_locations, n_routes, n_groups;
    int departures;    /* [nat][channel]  by the channel taken */
    int displaced;     /* [nat][channel]  by the channel taken instead of a closed one */
    int deterred;      /* [nat][channel]  by the preferred channel that was closed */
    int attempts;      /* [border][nat]   irregular crossing attempts */
    int detections;    /* [border][nat] */
    int pushbacks;     /* [border][nat] */
    int registrations; /* [border][nat] */
    int detained;      /* [border][nat] */
    int arrivals;      /* [country][nat] */
    int asylum;        /* [country][nat] */
    int returned;      /* [nat]           gave up after a pushback */
    int first_detected;/* [nat]           persons detected for the first time */
    int frontex;       /* [nat]           detections at borders flagged frontex (derived) */
    int stock;         /* [location]      end of day, waiting or in reception */
    int reception;     /* [location]      end of day, in reception */
    int route_entries; /* [route]         persons starting the route */
    int in_transit;    /* [1]             end of day, on a route or channel */
    /* Smuggling (smuggling.c). Counts marked "groups" are not scaled by agent_weight. */
    int smuggled;      /* [border][nat]   attempts made with a smuggling group */
    int smuggled_detections; /* [border][nat] */
    int unmet;         /* [border]        could pay a group but found every one full */
    int revenue;       /* [border]        EUR paid to groups */
    int price;         /* [border]        groups: EUR a place costs today at the segment's reference price */
    int group_revenue; /* [group]         EUR */
    int group_clients; /* [group]         crossings sold */
    int group_dismantled; /* [group]      groups: times dismantled */
    int groups_active; /* [1]             groups: end of day */
    int dismantled;    /* [country]       groups: dismantled by this country's police */
    int replaced;      /* [1]             groups: vacant markets taken over by a new group */
    int arrests_dismantling; /* [country] groups: members arrested when a group is dismantled */
    int arrests_in_act;/* [country]       smugglers arrested at a detected smuggled crossing */
    int intel_shared;  /* [1]             detection reports passed to another network member */
    int victims;       /* [country][nat]  persons exploited for the first time */
    int in_exploitation; /* [1]           end of day, held by a group */
    int released;      /* [1]             held persons freed when their group was dismantled */
    /* Closed borders (docs/model.md, Closed borders): a person turned away at one,
     * once a try: it waits to try again, reroutes from where it stands, or goes
     * home (also counted in returned). */
    int closed_waiting;  /* [border][nat] */
    int closed_rerouted; /* [border][nat] */
    int closed_gave_up;  /* [border][nat] */
    int size;
} mig_layout;

typedef enum {
    MIG_EVENT_POLICY,     /* the scenario's doing: scheduled events, triggers, set(), visa{}, ... */
    MIG_EVENT_SMUGGLING,  /* the model's: a group dismantled, a market taken over */
    MIG_N_EVENT_KINDS
} mig_event_kind;
extern const char *const mig_event_kind_names[MIG_N_EVENT_KINDS];

typedef struct mig_event {
    int day;
    mig_event_kind kind;
    char label[200];       /* for people; unchanged by the facts */
    mig_event_facts facts; /* for programs: type, country, old, new... (policy.h) */
} mig_event;

typedef struct mig_run mig_run;

/* Called once at the start of each day, before departures. Returns 0, or -1 with
 * err filled to abort the run. */
typedef int (*mig_day_hook)(void *ctx, mig_run *run, int day, char *err);

struct mig_run {
    mig_world *world;      /* owned */
    mig_agents agents;
    uint64_t seed;
    int start_day, n_days; /* days since 1970; run covers [start, start + n_days) */
    int threads;
    int vector_days;       /* ordinary agent-days through quick_days.c (same results, faster) */
    int today;             /* index of the day being simulated, or n_days when done */
    int report_from;       /* first reported day index; days before it are warm-up */

    mig_layout layout;
    int64_t *tally;        /* [n_days][layout.size] */
    int64_t *cum;          /* [layout.size] sum of the reported rows so far */
    int64_t **thread_tally;/* per thread, one row each */
    double *risk;          /* [n_borders] perceived detection risk */
    double *route_cdf;     /* [n_dests][n_routes] cumulative next-hop weights by route slot */
    double *cost_to_go;    /* [n_dests][n_locations] generalised cost to each destination */
    char *scratch;         /* [n_locations] */
    double *move_p;        /* [n_locations] today's move probability */
    double *route_costs;   /* [n_routes] today's generalised cost of each route */

    uint64_t departed, arrived, returned, detained; /* agents, cumulative */
    uint64_t ended_in_store;  /* finished agents not yet compacted out of `agents` */
    /* The world as the run started: parameter values and visa regimes, for the
     * output's metadata (changes during the run are in events). */
    char (*param_keys)[160]; double *param_values; int n_params, cap_params;
    uint64_t *visa_free_start;  /* [n_countries] */
    mig_event *events; int n_events, cap_events;

    mig_smuggling smug;
    /* Border crossings wait for the serial market: per thread, the agents that
     * chose a route across a border today. */
    struct mig_candidate **cand; size_t *n_cand, *cap_cand;
    struct queue_slot *order; size_t cap_order;  /* the queue's serving order */

    /* Demand (demand.h): per nationality, the path projected beyond its data over
     * the run's months, recomputed when its inputs change; and what departures
     * used each day (persons/day), for the output. */
    struct mig_demand_path *demand_path;  /* [n_nats] */
    double *demand_used;   /* [n_days][n_nats] */

    mig_day_hook hook; void *hook_ctx;
    int hook_failed;       /* the last error came from the scenario: its code or its numbers */
};

/* Create a run over a finalized world. Takes ownership of world (also on failure).
 * Returns NULL with err filled. */
mig_run *mig_run_new(mig_world *world, uint64_t seed, int start_day, int n_days, int threads, char *err);
void mig_run_free(mig_run *run);

/* Simulate the next day. Returns 0, 1 when the run is complete, or -1 with err. */
int mig_run_step(mig_run *run, char *err);

/* Simulate to the end. Returns 0 or -1 with err. */
int mig_run_all(mig_run *run, char *err);

/* Give dst, a run of the same world structure not yet stepped, the complete
 * state of src as src stands now (agents, counts, learned risks, parameters,
 * visa regimes, events so far): the arms of a comparison then share src's
 * history up to this day. Returns 0 or -1 with err. */
int mig_run_fork(mig_run *dst, const mig_run *src, char *err);

/* Would-be migrants per day of nationality nat on day index `day` in this run:
 * the data (mig_world_demand) up to the series' last month, then the run's
 * projection (demand.h) where the nationality has one, times
 * departure_multiplier and the origin measures. */
double mig_run_demand(const mig_run *run, int nat, int day);

/* Record today's event of a given kind, with its typed facts (NULL: untyped).
 * Returns 0 or -1 if out of memory. */
int mig_run_log(mig_run *run, mig_event_kind kind, const char *label, const mig_event_facts *facts);
/* Append a copy of e, on its own day (a fork or a restored checkpoint). 0 or -1 if out of memory. */
int mig_run_add_event(mig_run *run, const mig_event *e);

/* A nationality's visa-dependent channels to country c will close on
 * effective_day: until then, departures through them are multiplied by the
 * group's `rush` (the pull-forward before a deadline). */
void mig_run_announce_visa(mig_run *run, int c, int nat, int effective_day);

/* Headline counts (agents) of one tally row, for all nationalities (nat < 0) or one. */
typedef struct mig_summary {
    int64_t departures, deterred, displaced, attempts, detections, frontex_detections, pushbacks,
        registrations, detained, arrivals, asylum, returned, first_detected, smuggled, smuggled_detections,
        victims;
} mig_summary;
void mig_run_summarize(const mig_run *run, const int64_t *row, int nat, mig_summary *s);

/* Is tally offset off a count of groups, prices or arrests on dismantling, which
 * agent_weight does not scale (every other offset counts agents or their EUR)? */
int mig_layout_is_unscaled(const mig_layout *L, int off);

/* The tally row of day index d (0-based from the run start). */
static inline const int64_t *mig_run_row(const mig_run *run, int d)
{
    return run->tally + (size_t)d * (size_t)run->layout.size;
}

#endif
