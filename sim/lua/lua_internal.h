/* lua_internal.h: the host's state, shared by lua_host.c and lua_api.c only. */
#ifndef MIG_LUA_INTERNAL_H
#define MIG_LUA_INTERNAL_H

#include "flee.h"
#include "lua_host.h"
#include "suggest.h"
#include "watchdog.h"

#include <lua.h>
#include <lauxlib.h>

typedef struct at_event {
    int day;
    int seq;                 /* registration order breaks ties */
    int fn_ref;
    int optional;            /* outside the run: never fires, not an error (an operation's end) */
    char label[200];
    char where[MIG_WHERE_LEN];
    mig_event_facts facts;   /* logged with the label: "scheduled", or what the schedule does */
    int during;              /* a during{} window's start or end: its index + 1; 0 = not one */
    int during_end;          /* ... its end (to + 1 day) */
} at_event;

/* A during{} window (lua_during.c): the keys it sets on `from`, their values, and
 * what each had just before (saved in checkpoints), restored on `to` + 1 day. */
typedef struct during_window {
    int from, to;            /* days since 1970, both included */
    int n;
    char (*keys)[160];
    double *value, *before;
    char label[200];
    char where[MIG_WHERE_LEN];
} during_window;

typedef struct when_trigger {
    int pred_ref, fn_ref;
    int fired;
    char label[200];
    char where[MIG_WHERE_LEN];
} when_trigger;

struct mig_host {
    lua_State *L;
    char path[1024];
    char dir[1024];
    mig_world *world;        /* owned until mig_host_start */
    mig_run *run;            /* not owned; set while running */
    mig_scenario_info info;
    int running;             /* inside a day hook: builders are closed */
    at_event *ats; int n_ats, cap_ats, next_at;
    when_trigger *whens; int n_whens, cap_whens;
    int *on_days; int n_on_days, cap_on_days;
    int env_ref;             /* the scenario's sandboxed global table */
    volatile sig_atomic_t *stop_flag; /* set by a signal handler: stop running Lua */
    double instr_budget, instr_used;  /* per entry into Lua, counted by the count hook */
    int fatal;               /* the budget or a signal stopped this entry: pcall may not catch it */
    mig_watchdog *watchdog;  /* ends the process when Lua code loops inside a C function */
    size_t mem_budget, mem_used;      /* bytes of the Lua state */
    uint64_t seed;
    uint64_t script_key, script_n;  /* math.random stream */
    int interrupted_lua;     /* a signal stopped the scenario's code: the day is not whole */
    double stop_seen;        /* when the count hook first saw the stop flag (monotonic s) */
    unsigned char modules_sha[32]; /* SHA-256 over the files required beside the scenario */
    int n_modules;
    mig_flee_model *flee;    /* a Flee scenario read by flee.load (owned until mig_host_start_flee) */
    mig_flee_run *frun;      /* not owned; set while a Flee run goes */
    int flee_score_ref;      /* flee.attractiveness's function, or LUA_NOREF */
    char flee_score_where[MIG_WHERE_LEN]; /* "file:line:" where that function is defined */
    int flee_in_score;       /* inside that function: flee.* actions are refused */
    char posterior[2100];    /* default_posterior(): its path from the scenario's folder, or "" */
    char posterior_where[MIG_WHERE_LEN]; /* "file:line:" of that call */
    during_window *durings; int n_durings, cap_durings; /* during{}, close_border{} */
    int resumed;             /* restored from a checkpoint: a hook's error may come from an uncarried local */
};

/* lua_api.c: install the scenario API into the table on top of the stack. */
void mig_api_open(lua_State *L, mig_host *h);

/* lua_host.c: the host of a state (stored in the registry). */
mig_host *mig_host_of(lua_State *L);

/* "file:line:" of the Lua code calling the current C function (level 1), in buf. */
void mig_where(lua_State *L, char *buf, size_t n);

/* Record a policy event now if the run is going, with its typed facts (policy.h).
 * A Flee run keeps those it has too: type, key, old and new (flee.h). */
void mig_host_log(mig_host *h, const char *label, const mig_event_facts *facts);

/* Make the indicator table at idx strict: reading a field it lacks is an error at
 * the reader's line naming the field, the table (name, "ind.total") and the nearest
 * field. Costs nothing on a hit (a metatable __index, cached per name). */
void mig_lua_strict(lua_State *L, int idx, const char *name);

/* Call the function below nargs arguments through the message handler, within
 * the instruction budget. 0, or -1 with the message (and traceback) in err. */
int mig_host_call(mig_host *h, int nargs, int nres, char *err, size_t errlen);

/* flee_lua.c: push the table of migsim.flee_core; the indicators handed to
 * when()/on_day() in a Flee run; the attractiveness hook (a mig_flee_score_fn). */
void mig_flee_lua_open(lua_State *L, mig_host *h);
void mig_flee_push_indicators(lua_State *L, mig_host *h, int day);
int mig_flee_score_hook(void *ctx, mig_flee_run *r, int day, double *scores, char *err);
/* event(label, facts) in a Flee run: the facts table at idx as a Flee event's
 * (type, location, from, to, key, old, new), names checked against the model. */
mig_flee_facts mig_flee_lua_event_facts(lua_State *L, int idx);

/* lua_api.c: schedule the function at fn_idx on day (at()'s list), logged as label with
 * facts (NULL: "scheduled"); optional: outside the run it never fires, no error. */
void mig_lua_add_at(lua_State *L, mig_host *h, int day, const char *label, int fn_idx, int optional,
                    const mig_event_facts *facts);

/* lua_during.c: during{} and close_border{} into the table on top of the stack; the
 * date check of a window's event outside the run (0, or -1 with err); checkpoints. */
void mig_during_open(lua_State *L);
void mig_during_free(mig_host *h);
int mig_during_check(mig_host *h, at_event *e, char *err, size_t errlen);
void mig_during_save(const mig_host *h, mig_buf *b);
int mig_during_restore(mig_host *h, mig_reader *r);

/* lua_api.c: the argument helpers the builders share (errors carry the caller's file:line). */
void mig_lua_check_keys(lua_State *L, int idx, const char *what, const char *const *allowed);
const char *mig_lua_field_string(lua_State *L, int idx, const char *key, const char *what, const char *def);
/* luaL_checkstring that also refuses text that is not valid UTF-8 (JSON must be). */
const char *mig_lua_check_text(lua_State *L, int arg);
double mig_lua_field_number(lua_State *L, int idx, const char *key, const char *what, double def, int required);
int mig_lua_field_bool(lua_State *L, int idx, const char *key, const char *what, int def);
int mig_lua_check_date(lua_State *L, const char *s, const char *what);
/* Field key of event()'s facts at idx: a number, true/false or a short text (absent: none). */
mig_value mig_lua_event_value(lua_State *L, int idx, const char *key);
int mig_lua_arg_error(lua_State *L, const char *fmt, ...);

#endif
