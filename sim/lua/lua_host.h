/* lua_host.h: the scenario host. Runs a Lua 5.4 scenario in a sandbox, lets it
 * build the world and schedule policy, and calls its hooks once per day.
 * Only the files of sim/lua (lua_host.c, lua_api.c, lua_during.c, ...) include lua.h. */
#ifndef MIG_LUA_HOST_H
#define MIG_LUA_HOST_H

#include "flee.h"
#include "run.h"
#include "world.h"
#include "buf.h"

#include <signal.h>
#include <stdio.h>
#include <stdint.h>

/* Budgets for a scenario's Lua code: instructions per entry into Lua (loading the
 * file, or one at/when/on_day call) and memory of the whole Lua state. Exceeding
 * either stops the run with an error naming the place. */
typedef struct mig_lua_limits {
    double instructions;   /* default 2e9 */
    double megabytes;      /* default 1024 */
    /* CPU seconds one library call may run without returning to Lua before the
     * watchdog ends the process (sim/base/watchdog.h). 0: instructions / 1e8, at
     * least 2 (20 s by default); < 0: no watchdog (the fuzz targets, where
     * libFuzzer's -timeout watches instead and the process must not exit). */
    double watchdog_seconds;
} mig_lua_limits;

typedef struct mig_host mig_host;

/* What the scenario said about its run (scenario{...}); defaults otherwise. */
typedef struct mig_scenario_info {
    char name[64];
    int start_day, stop_day;  /* reported days, inclusive */
    int warmup_day;           /* the simulation starts here (<= start_day) */
} mig_scenario_info;

/* Create a host for the scenario at path; seed keys the scenario's math.random.
 * Returns NULL with err filled. */
mig_host *mig_host_new(const char *path, uint64_t seed, const mig_lua_limits *limits, char *err);
void mig_host_free(mig_host *h);

/* Create a host, run the scenario file, apply the KEY=VALUE overrides in sets
 * (as --set does) and check the result: the usual way to get a scenario ready.
 * Returns NULL with err filled (bad input). */
mig_host *mig_host_open(const char *path, uint64_t seed, const char *const *sets, int n_sets,
                        const mig_lua_limits *limits, char *err, size_t errlen);
/* The same, then parameters given as numbers (keys[i] = values[i], after the
 * sets): a sweep's design point reaches the world without a trip through text. */
mig_host *mig_host_open_with(const char *path, uint64_t seed, const char *const *sets, int n_sets,
                             const char *const *keys, const double *values, int n_values,
                             const mig_lua_limits *limits, char *err, size_t errlen);

/* Run the scenario file: it builds the world and registers its hooks.
 * Returns 0, or -1 with err ("file:line: message" and a traceback). */
int mig_host_load(mig_host *h, char *err, size_t errlen);

/* The world being built (owned by the host until mig_host_start). */
mig_world *mig_host_world(mig_host *h);
const mig_scenario_info *mig_host_info(const mig_host *h);

/* Check the world and every scheduled date against the run's dates.
 * Returns 0 or -1 with err. */
int mig_host_check(mig_host *h, char *err, size_t errlen);

/* Create the run (taking the world) with the hooks attached, seeded as the host. The host must
 * outlive the run. Returns NULL with err. */
mig_run *mig_host_start(mig_host *h, int threads, char *err, size_t errlen);

/* Does the scenario load a Flee scenario (flee.load)? Then it runs through
 * mig_host_start_flee, not mig_host_start. */
int mig_host_is_flee(const mig_host *h);
/* The Flee model read by flee.load, or NULL (until mig_host_start_flee takes it). */
const mig_flee_model *mig_host_flee_model(const mig_host *h);
/* Print what the Flee reader read but does not model (one "migsim: note:" line each). */
void mig_host_print_notes(const mig_host *h, FILE *f);

/* Create the Flee run (taking the Flee model) with the scenario's hooks and
 * attractiveness function attached. The host must outlive the run.
 * Returns NULL with err. */
mig_flee_run *mig_host_start_flee(mig_host *h, uint64_t seed, char *err, size_t errlen);
/* The Flee run is over: the host forgets it (call before freeing the run; a Lua
 * finalizer may still run flee.* functions when the host is freed). */
void mig_host_end_flee(mig_host *h);

/* Does the scenario register when() or on_day() hooks? What they do depends on
 * the day's counts, so it cannot be known without simulating the days. */
int mig_host_has_hooks(const mig_host *h);

/* For a forked arm (the run from mig_host_start, not stepped): run the scheduled
 * events of the days before `day` on the run without simulating those days (they
 * are the baseline's, shared), so that the run's events, the world's policy state
 * and the scenario's Lua state are those the arm would have reached on its own;
 * the caller compares them with the baseline's (app/fork.c). The run is left at
 * its first day. Refuses when() and on_day() hooks: -1 with err. Called again with
 * a later day, it goes on from where it stopped. */
int mig_host_dry_run(mig_host *h, int day, char *err, size_t errlen);

/* For `migsim check`, on a host started for that alone (mig_host_start or
 * mig_host_start_flee) and freed afterwards: call every hook, so that a mistake in
 * a hook shows now rather than on the day it would run. Every at() event inside the
 * run in date order (today() its date); on the first day with its indicators (all
 * 0), each when() condition and its action (whatever the condition gives) and each
 * on_day(); on the last day with every count large, each condition and on_day()
 * again (code behind a late date or a threshold); a Flee scenario's attractiveness
 * function for every location. What they do (set(), event(), math.random, carry) changes
 * this host and its run only. Returns 0, or -1 with the first error as a run
 * would report it ("file:line: ...", traceback, "(scenario hook on DATE)"). */
int mig_host_try_hooks(mig_host *h, char *err, size_t errlen);

/* `migsim check --list`: the dated events inside the run in date order (after
 * mig_host_start), the when() triggers and on_day() hooks, each with its label and
 * the file:line that made it, one a line. */
void mig_host_list_schedule(const mig_host *h, FILE *f);

/* The day of the next scheduled event not yet run (after mig_host_start), or
 * INT_MAX if there is none. */
int mig_host_next_event_day(const mig_host *h);

/* Make running Lua code stop with an error ("interrupted") soon after *flag
 * becomes non-zero, e.g. from a SIGINT handler: a scenario stuck in a loop
 * can then be stopped cleanly. */
void mig_host_watch(mig_host *h, volatile sig_atomic_t *flag);

/* Did a signal stop the scenario's code (after its 5 s grace)? The day then is not
 * whole and must not be checkpointed. */
int mig_host_interrupted_lua(const mig_host *h);

/* The posterior sample the scenario declared with default_posterior(path) (app/posterior.h):
 * path as the scenario gave it, joined to the scenario's folder unless absolute; NULL
 * if none. *where (if where is not NULL): "file:line:" of that call. */
const char *mig_host_default_posterior(const mig_host *h, const char **where);

/* SHA-256 (hex) over the files the scenario required from its folder, in order:
 * with the scenario's own hash, what identifies its code. */
void mig_host_modules_sha(const mig_host *h, char hex[65]);

/* The host's part of a checkpoint (app/checkpoint.c): which scheduled events and
 * triggers have fired, math.random's counter, the `carry` table. */
int mig_host_save(const struct mig_host *h, mig_buf *b, char *err);
int mig_host_restore(struct mig_host *h, mig_reader *r, char *err);

#endif
