/* world.h: what the simulation runs on. Countries, locations, routes, border
 * segments, nationality groups and their entry channels, plus the global
 * behavioural parameters.
 *
 * A world is built once (from Lua or C), then mig_world_finalize() checks it and
 * derives routing tables. Parameters may change mid-run only through
 * mig_world_set(), which validates the value and re-derives what depends on it.
 * The world owns all its arrays; mig_world_free() releases them. */
#ifndef MIG_WORLD_H
#define MIG_WORLD_H

#include "common.h"

#include <stddef.h>
#include <stdint.h>

#define MIG_MAX_NATIONALITIES 64
#define MIG_MAX_DESTINATIONS 32
#define MIG_MAX_CHANNELS 8  /* per nationality */

typedef enum {
    MIG_LOC_ORIGIN, MIG_LOC_AIRPORT, MIG_LOC_CITY, MIG_LOC_BORDER_AREA,
    MIG_LOC_RECEPTION, MIG_LOC_DESTINATION, MIG_N_LOC_KINDS
} mig_loc_kind;

typedef enum {
    MIG_MODE_AIR, MIG_MODE_ROAD, MIG_MODE_FOOT, MIG_MODE_SEA, MIG_MODE_RIVER, MIG_N_MODES
} mig_mode;

extern const char *const mig_loc_kind_names[MIG_N_LOC_KINDS];
extern const char *const mig_mode_names[MIG_N_MODES];

typedef struct mig_country {
    char code[4];              /* ISO 3166 alpha-2 */
    char name[MIG_ID_LEN];
    int eu, schengen;
    double abscond_prob;       /* daily probability of leaving reception */
    double asylum_prob;        /* share of arrivals here who apply for asylum */
    uint64_t visa_free;        /* bit n: nationality n may enter without a visa */
    /* Policing of smuggling groups (smuggling.c). */
    double network;            /* 1 = has a contact point in the data-exchange network */
    double intel_per_day;      /* intelligence gained daily on each group operating here (operations) */
    double threshold_factor;   /* multiplies the dismantling threshold here (< 1: a dismantling push) */
} mig_country;

typedef struct mig_location {
    char id[MIG_ID_LEN];
    char name[64];
    int country;
    mig_loc_kind kind;
    double lat, lon;
    double capacity;           /* persons; 0 = unlimited (reported, not enforced) */
    double move_prob;          /* daily move-on probability; < 0 = kind default */
} mig_location;

typedef struct mig_border {
    int from_country, to_country;
    char name[8];              /* "RS-HU": entering HU from RS */
    double detection_prob;     /* per crossing attempt */
    double pushback_share;     /* of detections: sent back to the near side */
    double registration_share; /* of detections: taken to reception; rest detained */
    int reception;             /* location for registered persons; -1 = route's end */
    int frontex;               /* counted by the Frontex Western Balkans series */
    int crossed;               /* some route crosses it */
    double smuggling_price;    /* EUR per person a group charges here at reference supply; 0 = no market */
    double closed;             /* 1 = closed: nobody crosses; people wait, reroute or give up (run.c) */
    char where[MIG_WHERE_LEN];
} mig_border;

typedef struct mig_route {
    int from, to;
    mig_mode mode;
    double km;
    double days_given;         /* > 0 if the scenario fixed it */
    int days;                  /* derived: days_given or ceil(km / speed), >= 1 */
    int border;                /* index into borders, -1 if domestic */
} mig_route;

typedef struct mig_channel {
    char name[MIG_ID_LEN];
    int from, to;              /* origin location -> entry location */
    mig_mode mode;
    double days;               /* travel days to the entry location */
    int visa_country;          /* needs visa-free entry to this country; -1 = none */
    double weight;             /* preference share among the group's channels */
    double cost;               /* EUR per person */
    double open;               /* 1 = usable, 0 = closed at the origin side (exit ban) */
    int rush_until;            /* day index a visa change takes effect; -1 = no rush */
} mig_channel;

/* Demand after the last given month T (docs/model.md, Demand projection): on the
 * log scale, level x season of the month, a drift per month, and an AR(1)
 * deviation x_t = persistence x_{t-1} + sigma eps_t that starts from the last
 * given month. persistence and sigma are parameters
 * (nationality.<NAT>.projection.*); the rest is the scenario's demand data. */
typedef struct mig_projection {
    int on;                    /* 0: the last value holds for ever */
    double level;              /* persons/day, > 0 */
    double season[12];         /* multipliers, January first, > 0 */
    double drift;              /* log per month */
    double persistence;        /* [0, 1] */
    double sigma;              /* >= 0, log scale, times the global demand.uncertainty */
} mig_projection;

typedef struct mig_nationality {
    char code[4];              /* ISO 3166 alpha-3 */
    char name[MIG_ID_LEN];
    int origin;
    /* Demand: would-be migrants per day, one value per calendar month from
     * demand_start_month (year*12 + month-1); after the last month the last value holds. */
    double *demand;
    int n_demand;
    int demand_start_month;
    mig_projection proj;       /* after the series (proj.on) */
    double departure_multiplier; /* policy lever on demand (origin measures) */
    double money_mean, money_sd; /* EUR, log-normal */
    double displacement;       /* P(take another usable channel | preferred unusable); < 0 = the
                                  * choice model (choice.h), the default */
    double rush;               /* demand multiplier through a channel announced to close */
    int n_dest;
    int dest[MIG_MAX_DESTINATIONS];       /* location index */
    double dest_weight[MIG_MAX_DESTINATIONS];
    int n_channels;
    mig_channel channels[MIG_MAX_CHANNELS];
    char where[MIG_WHERE_LEN];
} mig_nationality;

/* An organised criminal group smuggling people across some border segments. */
#define MIG_MAX_GROUP_BORDERS 8
typedef struct mig_group {
    char id[MIG_ID_LEN];
    int base;                  /* country it is run from */
    int n_borders;
    int borders[MIG_MAX_GROUP_BORDERS];
    double capacity;           /* persons it can take across per day, all its segments together */
    double price_factor;       /* its price relative to the segment's smuggling_price */
    double skill;              /* 0..1: a crossing with it is detected with prob detection_prob * (1 - skill) */
    double members;            /* persons arrested when it is dismantled */
    char where[MIG_WHERE_LEN];
} mig_group;

/* An origin measure (development aid, exit ban): from start_day departures of a
 * nationality move linearly to `factor` times their level over ramp_days. */
typedef struct mig_measure {
    int nat;
    int start_day;             /* the measure's date plus its lag */
    int ramp_days;
    double factor;
} mig_measure;

typedef struct mig_params {
    double agent_weight;       /* persons per agent */
    double move_prob[MIG_N_LOC_KINDS];
    double speed[MIG_N_MODES]; /* km per day */
    double route_km_scale;     /* km of detour that cut a route's odds by e */
    double risk_aversion;      /* log-odds penalty per unit of perceived detection risk */
    double risk_memory;        /* weight of yesterday in the perceived risk (0..1) */
    double give_up_prob;       /* after a pushback, P(return home) */
    /* Channel choice when the preferred channel is not usable (choice.h). */
    double choice_stay;        /* utility of staying home, relative to the lost channel */
    double choice_cost;        /* utility lost per 1000 EUR of expected cost */
    double choice_days;        /* utility lost per 10 days of expected travel */
    /* Smuggling market, policing and exploitation (docs/model.md, smuggling). */
    double price_elasticity;   /* price ~ (reference capacity / active capacity)^elasticity */
    double wait_if_full;       /* P(wait for a place rather than go alone) when every affordable group is full */
    double arrest_rate;        /* smugglers arrested in the act per smuggled person detected */
    double intel_per_detection;/* intelligence units per smuggled person detected */
    double intel_half_life;    /* days */
    double threshold;          /* intelligence units that dismantle a group */
    double replacement_days;   /* mean days before a dismantled group's market is taken over */
    double replacement_min_days; /* ... however many would-be clients are turned away */
    double exploitation_rate;  /* daily P(a vulnerable client is exploited) */
    double vulnerable_money;   /* EUR: a client with less is vulnerable */
    double vulnerable_days;    /* a client waiting this long in one place is vulnerable */
    double release_prob;       /* daily P(exploitation ends) while the group is active */
    double network_delay_days; /* days before intelligence reaches the other network members */
    double demand_uncertainty; /* multiplies every projection's sigma (0: the deterministic projection) */
    /* Closed borders (docs/model.md, Closed borders). */
    double closure_wait_days;  /* mean patience, days waited at a place, before rerouting or giving up */
    double closure_give_up;    /* P(go home) when patience ends at a closed border; else reroute */
} mig_params;

typedef struct mig_world {
    mig_params params;
    mig_country *countries; int n_countries, cap_countries;
    mig_location *locations; int n_locations, cap_locations;
    mig_route *routes; int n_routes, cap_routes;
    mig_border *borders; int n_borders, cap_borders;
    mig_nationality *nats; int n_nats;
    mig_group *groups; int n_groups, cap_groups;
    mig_measure *measures; int n_measures, cap_measures;

    /* derived by mig_world_finalize() */
    int finalized;
    int n_dests;                          /* distinct destination locations */
    int dest_loc[MIG_MAX_DESTINATIONS];
    double *dist;                         /* [n_dests][n_locations] km to destination */
    int *out_start, *out_routes;          /* CSR: routes leaving each location */
    int *loc_hash, loc_hash_cap;          /* location index + 1 by id (open addressing; 0 = empty) */
    int *route_hash, route_hash_cap;      /* route index + 1 by (from, to, mode) */
} mig_world;

/* Lifecycle. mig_world_new() returns NULL on allocation failure. */
mig_world *mig_world_new(void);
void mig_world_free(mig_world *w);

/* Builders. Each returns the new index, or -1 with err filled (err holds MIG_ERR_LEN).
 * `where` is the "file:line:" of the defining call, or NULL. */
int mig_world_add_country(mig_world *w, const char *code, const char *name, int eu, int schengen,
                          char *err);
int mig_world_add_location(mig_world *w, const char *id, const char *name, const char *country,
                           const char *kind, double lat, double lon, char *err);
int mig_world_add_route(mig_world *w, const char *from, const char *to, const char *mode,
                        double km, double days, char *err);
int mig_world_add_border(mig_world *w, const char *from, const char *to, const char *where,
                         char *err);
int mig_world_add_nationality(mig_world *w, const char *code, const char *name, const char *origin,
                              const char *where, char *err);
int mig_world_add_destination(mig_world *w, int nat, const char *loc, double weight, char *err);
int mig_world_add_channel(mig_world *w, int nat, const char *name, const char *to, const char *mode,
                          double days, const char *visa_country, char *err);
/* A smuggling group serving border segments named "RS-HU" (n_borders of them). */
int mig_world_add_group(mig_world *w, const char *id, const char *base, const char *const *borders, int n_borders,
                        const char *where, char *err);
/* An origin measure for nationality nat (see mig_measure). */
int mig_world_add_measure(mig_world *w, int nat, int start_day, int ramp_days, double factor, char *err);
/* The product of the origin measures of nat in force on `day`. */
double mig_world_measures(const mig_world *w, int nat, int day);

/* Replace a group's demand series (per-day values by month from "YYYY-MM"). */
int mig_world_set_demand(mig_world *w, int nat, const char *start_month, const double *per_day,
                         int n, char *err);

/* Lookups: index or -1. */
int mig_world_find_country(const mig_world *w, const char *code);
int mig_world_find_location(const mig_world *w, const char *id);
int mig_world_find_nationality(const mig_world *w, const char *code);
int mig_world_find_border(const mig_world *w, int from_country, int to_country);
int mig_world_find_channel(const mig_world *w, int nat, const char *name);
int mig_world_find_group(const mig_world *w, const char *id);
int mig_world_find_border_named(const mig_world *w, const char *name);  /* "RS-HU" */
/* Does group g operate in country c (its base, or either side of a segment it serves)? */
int mig_group_operates_in(const mig_world *w, int g, int c);

/* Visa regime: may nationality nat enter country c without a visa? */
void mig_world_set_visa_free(mig_world *w, int c, int nat, int free);
static inline int mig_world_visa_free(const mig_world *w, int c, int nat)
{
    return (int)((w->countries[c].visa_free >> nat) & 1u);
}

/* Check the world and derive routing tables. Returns 0, or -1 with err filled
 * (naming the defining file:line where known). Call again after structural change. */
int mig_world_finalize(mig_world *w, char *err);

/* 1 if a and b, worlds of the same structure, stand the same in everything a
 * scenario's events can change and a forked run takes from its baseline
 * (mig_run_fork): parameters, visa regimes, channels and announced rushes,
 * policing and network membership, borders, groups. Demand series and where
 * things were defined ("file:line:") are not compared. */
int mig_world_same_state(const mig_world *a, const mig_world *b);

/* Would-be migrants per day of nationality nat on day index `day` (days since 1970),
 * as the data give it (the last value held after the series: a run's projection
 * beyond it is mig_run_demand, run.h). */
double mig_world_demand(const mig_world *w, int nat, int day);

/* Parameters by dotted key ("border.RS-HU.detection_prob"), through the table of
 * params.h (defined in params.c). get returns 0 or -1 if the key is unknown (err
 * then suggests the closest key). set also checks the range and re-derives. */
int mig_world_get(const mig_world *w, const char *key, double *value, char *err);
int mig_world_set(mig_world *w, const char *key, double value, char *err);

/* Visit every parameter key with its value, in a stable order (mig_param_each
 * gives each key's row of the table too). */
typedef void (*mig_param_visit)(void *ctx, const char *key, double value);
void mig_world_each_param(const mig_world *w, mig_param_visit visit, void *ctx);

/* Least total cost from every location to location `target` over routes costing
 * route_cost[r] (>= 0), by Dijkstra on the reversed graph. cost and done hold
 * n_locations entries; unreachable locations get INFINITY. */
void mig_world_least_cost_to(const mig_world *w, int target, const double *route_cost, double *cost, char *done);

/* Travel days of a route under the current speeds. */
int mig_route_days(const mig_world *w, const mig_route *r);

#endif
