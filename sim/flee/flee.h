/* flee.h: Flee's rule set as a movement mode (docs/flee.md).
 *
 * A Flee model is a scenario folder read into memory (flee_read.c), which a Lua
 * scenario may extend (flee_lua.c), then run day by day under Flee's rules
 * (flee_run.c) into a result document (flee_output.c). The model keeps what the
 * files say (populations and camp counts unscaled); the run applies `hasten`,
 * the compat switches and the day's closures. */
#ifndef MIG_FLEE_H
#define MIG_FLEE_H

#include "common.h"   /* MIG_WHERE_LEN, MIG_ERR_LEN */
#include "value.h"    /* mig_value: an event's typed values, as the native events' */

struct mig_buf;
struct mig_reader;

#include <stddef.h>

#include <stdint.h>

#define MIG_FLEE_NAME 96
#define MIG_FLEE_MAX_AWARENESS 6
#define MIG_FLEE_MAX_HOPS 32      /* locations on one lottery candidate, markers included */
#define MIG_FLEE_MAX_PERSONS 1e9  /* any count, population or capacity (agents are 32-bit) */
#define MIG_FLEE_MAX_DECAY 64
#define MIG_FLEE_MAX_KM 40075.0   /* a route's length: at most the Earth's circumference */

typedef enum {
    MIG_FLEE_TOWN,        /* town, default, anything else Flee accepts as a town */
    MIG_FLEE_CONFLICT,    /* conflict_zone */
    MIG_FLEE_CAMP,
    MIG_FLEE_IDPCAMP,
    MIG_FLEE_FORWARD,     /* forwarding_hub: movechance 1 */
    MIG_FLEE_MARKER,      /* never a route endpoint, passed through in lookahead */
    MIG_FLEE_N_TYPES
} mig_flee_type;
extern const char *const mig_flee_type_names[MIG_FLEE_N_TYPES];

typedef struct mig_flee_loc {
    char name[MIG_FLEE_NAME], region[MIG_FLEE_NAME], country[MIG_FLEE_NAME];
    double lat, lon;
    mig_flee_type type;       /* as loaded */
    double pop;               /* towns and conflict zones (unscaled) */
    double capacity;          /* camps; <= 0: no limit (unscaled) */
    int conflict_date;        /* day offset of a conflict_zone row; used only without conflicts.csv */
    double conflict_intensity;/* attribute conflict_intensity, else 1 */
    double initial_idps;      /* attribute: agents placed here before day 0 (unscaled) */
    double capacity_per_day;  /* attribute: added to capacity each day (unscaled) */
    int foreign;              /* country differs from the first row's */
    char where[MIG_WHERE_LEN];
} mig_flee_loc;

typedef struct mig_flee_route {
    int a, b;                 /* location indices */
    double distance;          /* km */
    int forced;               /* forced_redirection column: 0, 1 or 2 */
    double max_speed;         /* link attribute max_move_speed; <= 0: the global one */
    double walk_probability;  /* link attribute; 0: none */
    char where[MIG_WHERE_LEN];
} mig_flee_route;

typedef enum {
    MIG_FLEE_CLOSE_COUNTRY,   /* every link between countries a and b */
    MIG_FLEE_CLOSE_LOCATION,  /* every link into or out of a */
    MIG_FLEE_CLOSE_LINK,      /* the links between a and b */
    MIG_FLEE_CLOSE_CAMP,      /* camp a becomes a town */
    MIG_FLEE_CLOSE_IDPCAMP,
    MIG_FLEE_CLOSE_FORCED,    /* remove_forced_redirection: inert, kept for the record */
    MIG_FLEE_N_CLOSE
} mig_flee_close_kind;
extern const char *const mig_flee_close_names[MIG_FLEE_N_CLOSE];

typedef struct mig_flee_closure {
    mig_flee_close_kind kind;
    char a[MIG_FLEE_NAME], b[MIG_FLEE_NAME]; /* names (countries for kind country) */
    int start, end;           /* day offsets; applied when t == start, undone when t == end (-1: never) */
    char where[MIG_WHERE_LEN];
} mig_flee_closure;

/* A count series: days since the start date, values as read (unscaled), in file order. */
typedef struct mig_flee_series {
    int n, cap;
    int *day;
    double *value;
} mig_flee_series;

/* One row of data_layout.csv after the first: a camp's observed counts. */
typedef struct mig_flee_camp_data {
    char name[MIG_FLEE_NAME];
    int loc;                  /* location index; -1: the row names no location (its counts
                                 only add to the daily new arrivals, as in Flee) */
    mig_flee_series s;
    char where[MIG_WHERE_LEN];/* "PATH:LINE: " of the row, or "" */
} mig_flee_camp_data;

/* simsetting.yml, with Flee's defaults (mig_flee_settings_default). */
typedef struct mig_flee_settings {
    double max_move_speed, max_walk_speed;
    double foreign_weight, camp_weight, conflict_weight;
    double conflict_movechance, camp_movechance, idpcamp_movechance, default_movechance;
    double awareness_level;   /* integer; -1 behaves as 1 */
    double capacity_buffer, capacity_scaling;
    double softening, weight_softening, weight_power, distance_power, pruning_threshold;
    double start_on_foot, avoid_short_stints;        /* booleans */
    double movechance_pop_base, movechance_pop_scale_factor;
    double hasten;            /* population scale-down divisor (optimisations.hasten) */
    double insert_day0, sum_from_camps;              /* booleans (spawn_rules) */
    double conflict_zone_spawning_only;              /* boolean */
    double conflict_driven_spawning;                 /* boolean */
    double conflict_spawn_mode;                      /* 0 constant, 1 poisson, 2 pop_ratio */
    double displaced_per_conflict_day;
    double conflict_spawn_decay_interval;            /* days */
    int n_decay;                                     /* 0: no decay */
    double decay[MIG_FLEE_MAX_DECAY];
    double strict;            /* 1: Flee's quirks (doubled forced links, day-0 capacity cut, stale spawn weights) */
} mig_flee_settings;

/* The settings by name (the YAML key, as Flee spells it), for the YAML reader,
 * flee.set() and --set flee.NAME=VALUE. */
typedef struct mig_flee_setting_spec {
    const char *section;      /* move_rules, spawn_rules, optimisations */
    const char *name;
    size_t offset;            /* into mig_flee_settings */
    double lo, hi;
    char kind;                /* 'n' number, 'i' integer, 'b' boolean */
    const char *about;
} mig_flee_setting_spec;
extern const mig_flee_setting_spec mig_flee_setting_specs[];
const mig_flee_setting_spec *mig_flee_setting_find(const char *name);
/* Set a setting by name with range checks. Returns 0 or -1 with err ("did you mean"). */
int mig_flee_setting_set(mig_flee_settings *s, const char *name, double v, char *err);
/* The same from text, as in YAML or --set: a number, true/false/yes/no/on/off, or
 * for conflict_spawn_mode constant|poisson|pop_ratio. Returns 0 or -1 with err. */
int mig_flee_setting_set_text(mig_flee_settings *s, const char *name, const char *text, char *err);
/* The range of a setting as Flee's messages write it: "[0, 1]", "(0, inf)", "[0, 1)", "[-1, 6]". */
void mig_flee_setting_range_text(const mig_flee_setting_spec *sp, char *buf, size_t n);
double mig_flee_setting_get(const mig_flee_settings *s, const mig_flee_setting_spec *spec);
void mig_flee_settings_default(mig_flee_settings *s);

typedef struct mig_flee_model {
    char dir[1024];           /* the scenario folder as given */
    char root[1100];          /* the folder as opened: dir resolved against the scenario's folder */
    int start_day;            /* days since 1970 (sim_period.csv StartDate) */
    int n_days;               /* sim_period.csv Length */
    mig_flee_settings set;
    mig_flee_loc *locs; int n_locs, cap_locs;
    /* Index of locs by name (open addressing, -1 empty; mig_flee_add_loc keeps it):
     * loc_hash[cap_hash], a power of two, covering locs[0..n_hashed). */
    int *loc_hash; int cap_hash, n_hashed;
    mig_flee_route *routes; int n_routes, cap_routes;
    mig_flee_closure *closures; int n_closures, cap_closures;
    /* conflicts.csv: value[day * n_conflict_cols + col] for location conflict_loc[col]. */
    int has_conflicts, n_conflict_days, n_conflict_cols;
    int *conflict_loc;
    double *conflict_value;
    mig_flee_series total;    /* data_layout's first row (refugees.csv) */
    int has_total;
    mig_flee_camp_data *camps; int n_camps, cap_camps;
    /* What was read but not modelled (unknown or unsupported settings, ignored
     * columns), one line each: printed as warnings and kept in the output. */
    char **notes; int n_notes, cap_notes;
    /* The files read, relative to dir, in reading order, and the SHA-256 over their
     * names and contents (mig_flee_read): the data's identity in the results. */
    char **files; int n_files, cap_files;
    char source_sha256[65];
    /* "PATH:LINE: " of simsetting.yml's hasten and the value read there, for the
     * check that hasten leaves some agents (mig_flee_check). */
    char hasten_where[MIG_WHERE_LEN];
    double hasten_read;
    /* Refuse data_layout.csv rows that name no location (simsetting.yml
     * `migsim: strict_data: true`); by default they are noted and, as in Flee,
     * their counts add to the daily new arrivals. Not a setting: it acts on the data. */
    int strict_data;
} mig_flee_model;

void mig_flee_model_init(mig_flee_model *m);
void mig_flee_model_free(mig_flee_model *m);
int mig_flee_find_loc(const mig_flee_model *m, const char *name);  /* index or -1 */
/* For an unknown location name: " (did you mean 'X'?)", " (the closest name is 'X')",
 * or " (there are no locations yet)", into buf. */
void mig_flee_loc_hint(const mig_flee_model *m, const char *name, char *buf, size_t n);
/* Append one line to m->notes. Returns 0 or -1 if out of memory. */
int mig_flee_note(mig_flee_model *m, const char *fmt, ...);
/* A number as Flee's float() takes it, without nan, inf or hex: 0, or -1 (v untouched). */
int mig_flee_parse_number(const char *t, double *v);
/* Append a file name to m->files. Returns 0 or -1 if out of memory. */
int mig_flee_add_file(mig_flee_model *m, const char *name);

/* Builders (used by the readers and by Lua). Each returns the new index, or -1
 * with err. Names must be unique; routes must join two known locations. */
int mig_flee_add_loc(mig_flee_model *m, const mig_flee_loc *l, char *err);
int mig_flee_add_route(mig_flee_model *m, const mig_flee_route *r, char *err);
int mig_flee_add_closure(mig_flee_model *m, const mig_flee_closure *c, char *err);
/* A camp's observed series (loc a location, or -1 for a row naming none); the
 * series is moved in. */
int mig_flee_add_camp_data(mig_flee_model *m, const char *name, int loc, mig_flee_series *s, char *err);
int mig_flee_series_push(mig_flee_series *s, int day, double value);  /* 0 or -1 if out of memory */
void mig_flee_series_free(mig_flee_series *s);

/* Read a Flee scenario folder into m (initialised, empty): simsetting.yml,
 * input_csv/{locations,routes,closures,conflicts,sim_period,registration_corrections}.csv,
 * source_data/data_layout.csv and its camp files. Optional files may be missing.
 * Returns 0, or -1 with err ("FILE:LINE: message"). */
int mig_flee_read(mig_flee_model *m, const char *dir, char *err);

/* Check the model before a run (a camp series for every data row, routes with
 * positive lengths, settings in range, a hasten that leaves agents). Returns 0 or
 * -1 with err. */
int mig_flee_check(const mig_flee_model *m, char *err);
/* hasten against the data: an error when dividing by it leaves no agents (every
 * observed count, or every population, below it) or turns a camp's capacity into
 * 0, which means no limit. Returns 0 or -1 with err ("hasten N leaves ..."). */
int mig_flee_check_hasten(const mig_flee_model *m, char *err);

/* ---- Rule pieces (flee_rules.c), pure functions tested against hand values. ---- */

/* Linear interpolation of a series at day t, truncated to an integer as Flee does;
 * before the first point its value, after the last point its value. divisor is hasten. */
double mig_flee_interp(const mig_flee_series *s, int t, double divisor);

/* CapMultiplier: 1 without capacity (cap < 1), 1 up to buffer x cap, 0 from cap,
 * linear in between. cap is capacity x capacity_scaling. */
double mig_flee_cap_multiplier(double occupants, double cap, double buffer);

/* The weight of one route candidate: ((weight_softening + score) /
 * (softening + distance)^distance_power x cap_multiplier)^weight_power. */
double mig_flee_route_weight(const mig_flee_settings *s, double score, double distance, double cap_multiplier);

/* Days an agent needs on a link of length km entered at the start of a day at
 * speed km/day: floor(km / speed) + 1 (a link shorter than speed takes one). */
int mig_flee_days_on_link(double km, double speed);

/* The conflict decay factor dt days after onset. */
double mig_flee_decay(const mig_flee_settings *s, int dt);

/* ---- Runs (flee_run.c) ---- */

typedef struct mig_flee_run mig_flee_run;

/* Called at the start of each day, before conflicts and spawning: the scenario's
 * at()/when()/on_day() hooks. Returns 0 or -1 with err. */
typedef int (*mig_flee_hook)(void *ctx, mig_flee_run *run, int day, char *err);
/* Called once a day after Flee's scores are computed, with scores[n_locs] to
 * change in place (the scenario's attractiveness function). 0 or -1 with err. */
typedef int (*mig_flee_score_fn)(void *ctx, mig_flee_run *run, int day, double *scores, char *err);

/* ---- Events (flee_events.c) ---- */

/* The typed facts of an event, next to its label for people (docs/flee.md, Events):
 * what it is (`type`: "closure", "setting", "spawn", "camp", "scheduled", "trigger",
 * "custom" or a scenario's own word) and, where they apply, where it acted and the
 * value before and after. Field names follow the native events' (core/policy.h).
 * Plain bytes with no padding, saved raw in checkpoints; zeroed, an untyped event.
 * Each field is written only when set (non-empty text, a tag other than NONE). */
typedef struct mig_flee_facts {
    mig_value old, new_;             /* closure: "open"/"closed"; setting: numbers (booleans); camp: location types */
    mig_value persons;               /* spawn: the persons placed (before hasten) */
    mig_value capacity;              /* camp: its capacity in persons (0: no limit) */
    char type[MIG_EVENT_TYPE_LEN];   /* "" = untyped (written as "custom") */
    char scope[32];                  /* closure: what is closed, closures.csv's closure_type (country, link, ...) */
    char key[160];                   /* setting: its name as Flee's YAML spells it (no section) */
    char location[MIG_FLEE_NAME];    /* closure of a location, camp or idpcamp; spawn; camp */
    char from[MIG_FLEE_NAME];        /* closure of a link (locations) or between countries (countries) */
    char to[MIG_FLEE_NAME];
} mig_flee_facts;

typedef struct mig_flee_event {
    int day;
    char label[200];
    mig_flee_facts facts;
} mig_flee_event;

/* Facts of the given type and nothing else (every byte defined). */
mig_flee_facts mig_flee_facts_of(const char *type);
/* Copy a name into one of the facts' fields (dst of size n), cut between characters. */
void mig_flee_facts_text(char *dst, size_t n, const char *src);
/* The facts of closure c applied (open = 0) or undone (open = 1). */
mig_flee_facts mig_flee_closure_facts(const mig_flee_closure *c, int open);
/* Make facts read from outside (a checkpoint) safe to write: every text terminated
 * and valid UTF-8, every tag known, no NaN, the type well formed. */
void mig_flee_facts_sanitize(mig_flee_facts *f);

/* A candidate route of the lottery (section 1.4 of FLEE.md): the hops to take,
 * its weight before the endpoint's capacity multiplier. */
typedef struct mig_flee_cand {
    int first_link;           /* the link to step onto now */
    int end;                  /* the final location */
    int n_hops;               /* locations to visit, markers included */
    int hops[MIG_FLEE_MAX_HOPS];
    double weight;            /* ((ws + score) / (soft + km)^dp)^wp */
} mig_flee_cand;

struct mig_flee_run {
    mig_flee_model *m;        /* owned */
    mig_flee_settings set;    /* the run's settings: flee.set() may change them */
    uint64_t seed, key_move, key_spawn;
    int n_days, today;        /* today: the day being simulated, n_days when done */
    int n_locs;
    int awareness;            /* hops of the lottery (awareness_level, -1 as 1) */
    /* Locations: the state that conflicts, closures and hooks change. */
    mig_flee_type *base_type; /* as loaded, or as flee.camp() made it */
    mig_flee_type *type;      /* now: base type after conflicts and camp closures */
    double *movechance, *score, *cap; /* cap: capacity now (hasten, scaling, strict cut), <= 0 none */
    uint64_t *thr;            /* ceil(movechance x 2^53): the move-chance test on 53 random bits */
    double *conflict;         /* intensity now; <= 0 none */
    int *conflict_since;      /* day of onset */
    int *camp_closed;         /* open camp closures (a closed camp is a town) */
    int64_t *occ;             /* agents at the location, not on a link */
    /* Links: two per route (four for forced_redirection = 1 in strict mode). */
    int n_links;
    int *lfrom, *lto, *lclosed; /* lclosed: open closures of the link */
    double *lkm, *lspeed, *lwalk;
    int64_t *locc;            /* agents on the link */
    int *out_start, *out;     /* links leaving each location (CSR) */
    /* Route lottery: candidates of each location, rebuilt when scores or closures change. */
    mig_flee_cand **cand; int *n_cand, *cap_cand;
    double **cdf;             /* [loc][cand] cumulative lottery weights, cached */
    int *cap_cdf;
    uint64_t *cdf_stamp, lot_stamp; /* cached while equal: lot_stamp moves each day and whenever
                                       a capacity multiplier may change */
    int64_t *buffer_occ;      /* [loc] occupancy above which the capacity multiplier moves (evolve) */
    int64_t *half_full;       /* [loc] occupancy above which the multiplier is below 0.5 (evolve) */
    /* Agents, struct of arrays: the decide pass reads wake alone for most of them. */
    int64_t n_agents, cap_agents;
    int32_t *wake;            /* day of the next successful move-chance draw where the move
                                 chance is small (camps); INT32_MAX on a link; -1: a draw every day */
    int32_t *pos;             /* < n_locs: at that location; else on link pos - n_locs */
    float *on_link;           /* km travelled on the current link */
    uint8_t *flags;           /* MIG_FLEE_FIRST_HOP, MIG_FLEE_HAS_ROUTE */
    float *recent;            /* recent_travel_distance (avoid_short_stints) */
    int32_t *route;           /* [cap_agents][route_width] hops still to go, -1 ends */
    int route_width;          /* 0 when no route has more than one hop */
    int hops_cut;             /* a marker chain longer than MIG_FLEE_MAX_HOPS was cut (noted once) */
    double *sleep_mc;         /* [loc] the movechance the wake days there were drawn with */
    int64_t *trav, *step, *today_trav; /* agents on links, in agent order (flee_run.c: evolve) */
    int64_t n_trav, cap_trav, cap_step, cap_today;
    uint64_t key_sleep;
    /* Spawning. */
    double *spawn_w, spawn_total;
    int64_t debt, unplaced;
    int64_t inserted;         /* agents placed before day 0 (camps' day-0 counts, initial_idps) */
    double raw;               /* Flee's refugees_raw, the denominator of its Total error */
    /* Camps reported: every camp at the start and every location with data. */
    int n_camps;
    int *camp_loc, *camp_data; /* location, index into m->camps or -1 */
    /* Daily outputs. */
    int32_t *pop;             /* [n_days][n_locs] agents at each location, end of day */
    int32_t *obs;             /* [n_days][n_camps] observed (-1: no data) */
    int64_t *spawned, *agents, *in_transit, *debt_day;
    double *ard, *ard_rescaled, *total_error;
    int64_t agent_steps;      /* agent-days simulated */
    mig_flee_event *events; int n_events, cap_events;
    mig_flee_hook hook; void *hook_ctx;
    mig_flee_score_fn score_fn; void *score_ctx;
    int hook_failed;          /* the last error came from the scenario */
};

#define MIG_FLEE_FIRST_HOP 1u  /* has not finished a link yet (start_on_foot) */
#define MIG_FLEE_HAS_ROUTE 2u  /* follows a chosen multi-hop route */

/* Create a run of model m (taken, also on failure): the day-0 agents are placed.
 * Returns NULL with err. */
mig_flee_run *mig_flee_run_new(mig_flee_model *m, uint64_t seed, char *err);
void mig_flee_run_free(mig_flee_run *r);
/* Simulate the next day. Returns 0, 1 when the run is complete, or -1 with err. */
int mig_flee_run_step(mig_flee_run *r, char *err);
int mig_flee_run_all(mig_flee_run *r, char *err);

/* Bytes allocated for agents (their state, routes, traveller lists). */
size_t mig_flee_run_agent_bytes(const mig_flee_run *r);

/* Mid-run changes (from the scenario's hooks). Each returns 0 or -1 with err. */
/* Apply (open = 0) or undo (open = 1) a closure now. */
int mig_flee_run_closure(mig_flee_run *r, const mig_flee_closure *c, int open, char *err);
/* Place n new agents at location loc now. */
int mig_flee_run_spawn(mig_flee_run *r, int loc, int64_t n, char *err);
/* Make location loc a camp (capacity in persons before hasten, <= 0 none), or a town again. */
int mig_flee_run_set_camp(mig_flee_run *r, int loc, int camp, double capacity, char *err);
/* Change a setting now. */
int mig_flee_run_set(mig_flee_run *r, const char *name, double v, char *err);
/* Record an event of today with its facts (NULL: untyped). 0 or -1 if out of memory. */
int mig_flee_run_log(mig_flee_run *r, const char *label, const mig_flee_facts *facts);
/* 1 if the setting is fixed once the run has started (hasten, awareness_level, ...):
 * mig_flee_run_set refuses it, and a checkpoint must hold the run's own value. */
int mig_flee_setting_fixed(const char *name);

/* ---- Checkpoints (flee_state.c) ---- */

/* Append the state of run r at the end of its day r->today - 1 to b: what the
 * scenario's hooks and the days have changed (settings, locations, closures,
 * conflicts, agents, counters, daily counts, events, notes). Draws are keyed by
 * (seed, day, agent), so no random stream needs saving. */
void mig_flee_state_save(const mig_flee_run *r, struct mig_buf *b);
/* Replace the state of r, a run just created from the same model and seed and not
 * yet stepped, with the one saved at rd. Everything is checked as input (indices,
 * ranges, settings through their setter). Returns 0 or -1 with err. */
int mig_flee_state_restore(mig_flee_run *r, struct mig_reader *rd, char *err);

/* For flee_state.c: room for n agents (0, or -1 if out of memory or beyond 2^31),
 * and, once the saved state is in, what follows from it (each location's type and
 * move chance, the occupancies, the list of agents on links). 0 or -1 if out of memory. */
int mig_flee_run_reserve(mig_flee_run *r, int64_t n);
int mig_flee_run_settle(mig_flee_run *r);

/* ---- Results (flee_output.c) ---- */

/* Means over the reported days of ARD and its rescaled variant; Flee's Total error. */
typedef struct mig_flee_scores {
    double ard, ard_rescaled, total_error;
} mig_flee_scores;
void mig_flee_run_scores(const mig_flee_run *r, mig_flee_scores *s);

#endif
