/* watchdog.h: a thread that ends the process when a scenario's Lua code stops
 * making progress inside a C function. The instruction budget is counted by a
 * Lua hook, which runs only between Lua instructions: a library function that
 * loops in C (a string pattern that backtracks exponentially, a loop over a
 * table whose __len is huge) never reaches it, and neither --lua-instructions
 * nor SIGINT could stop it. Nothing but the process's end stops C code safely,
 * so the watchdog prints why and exits; results are only ever written whole
 * (rename), so nothing half-written is left. */
#ifndef MIG_WATCHDOG_H
#define MIG_WATCHDOG_H

#include <signal.h>

typedef struct mig_watchdog mig_watchdog;

/* Start a watchdog for the scenario at path that fires after `seconds` of CPU
 * time of the armed thread without progress (after 5 s of wall time once
 * *stop_flag is set: an interrupted run). Returns NULL when no thread can be
 * started. */
mig_watchdog *mig_watchdog_new(const char *path, double seconds);
/* Stop the thread and free the watchdog; NULL is a no-op. */
void mig_watchdog_free(mig_watchdog *w);

/* The flag a signal handler sets (may be NULL). */
void mig_watchdog_watch(mig_watchdog *w, volatile sig_atomic_t *stop_flag);

/* Lua code is running (arm) or not (disarm); nests, as entries into Lua do. */
void mig_watchdog_arm(mig_watchdog *w);
void mig_watchdog_disarm(mig_watchdog *w);
/* Lua code made progress at short_src:line (for the message). key identifies
 * the source (Lua's ar.source): the name is copied only when it changes, so a
 * tick costs two atomic stores. */
void mig_watchdog_tick(mig_watchdog *w, const void *key, const char *short_src, int line);

#endif
