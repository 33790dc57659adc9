/* watchdog.c: one thread per scenario host, asleep on a condition variable; it
 * looks four times a second whether the Lua side has ticked. The limit is CPU
 * time of the thread running Lua, so a loaded machine (or a stopped process)
 * does not end a run that would finish in time on its own. */
#include "watchdog.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct mig_watchdog {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int quit;                         /* under mu */
    double seconds;
    char path[1024];
    volatile sig_atomic_t *stop_flag;
    atomic_int armed;                 /* depth of entries into Lua */
    atomic_ulong ticks;               /* any change is progress */
    char where_src[128];              /* under mu: the last tick's chunk name */
    const void *where_key;            /* Lua thread only: the source it was copied from (compared, never read) */
    atomic_int line;
    atomic_int cpu_clock;             /* clockid_t of the thread that armed, valid while armed */
};

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double cpu_s(clockid_t clock)
{
    struct timespec t;
    if (clock_gettime(clock, &t) != 0)
        return now_s();  /* no CPU clock: wall time, the stricter measure */
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* Called with mu held. */
static void fire(mig_watchdog *w, double waited, int stopping)
{
    int line = atomic_load(&w->line);
    char where[200] = "";
    if (line > 0)
        snprintf(where, sizeof where, " (last seen at %s:%d)", w->where_src, line);
    if (stopping)
        fprintf(stderr, "migsim: %s: interrupted; the scenario's code did not return to Lua for %.0f s (it is "
                        "inside a library function), so migsim stops at once%s; no result written\n",
                w->path, waited, where);
    else
        fprintf(stderr, "migsim: %s: the scenario's code spent more than %.0f CPU seconds inside one library function "
                        "without returning to Lua (a string pattern that backtracks? a loop over a huge range?)%s; "
                        "stopped, no result written (the limit is --lua-instructions / 1e8 CPU seconds, at least 2)\n",
                w->path, waited, where);
    fflush(stderr);
    _exit(stopping ? 1 : 2);
}

static void *watch(void *arg)
{
    mig_watchdog *w = arg;
    unsigned long seen = atomic_load(&w->ticks);
    double since = now_s(), since_cpu = 0;
    int fresh = 1;  /* since_cpu is to be read from the armed thread's clock */
    pthread_mutex_lock(&w->mu);
    while (!w->quit) {
        struct timespec until;
        clock_gettime(CLOCK_MONOTONIC, &until);
        until.tv_nsec += 250000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        int rc = pthread_cond_timedwait(&w->cv, &w->mu, &until);
        if (w->quit || (rc != 0 && rc != ETIMEDOUT))
            break;
        unsigned long t = atomic_load_explicit(&w->ticks, memory_order_acquire);
        double now = now_s();
        if (t != seen || atomic_load(&w->armed) == 0) {
            seen = t;
            since = now;
            fresh = 1;
            continue;
        }
        clockid_t clock = (clockid_t)atomic_load(&w->cpu_clock);
        if (fresh) {
            since_cpu = cpu_s(clock);
            fresh = 0;
            continue;
        }
        /* After a signal the user waits: wall time. Otherwise the Lua thread's CPU time. */
        if (w->stop_flag && *w->stop_flag) {
            if (now - since > 5.0)
                fire(w, now - since, 1);
        } else if (cpu_s(clock) - since_cpu > w->seconds) {
            fire(w, cpu_s(clock) - since_cpu, 0);
        }
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

mig_watchdog *mig_watchdog_new(const char *path, double seconds)
{
    mig_watchdog *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    snprintf(w->path, sizeof w->path, "%s", path);
    w->seconds = seconds;
    atomic_init(&w->armed, 0);
    atomic_init(&w->ticks, 0);
    atomic_init(&w->line, 0);
    atomic_init(&w->cpu_clock, (int)CLOCK_MONOTONIC);
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    int ok = pthread_mutex_init(&w->mu, NULL) == 0;
    if (ok && pthread_cond_init(&w->cv, &ca) != 0) {
        pthread_mutex_destroy(&w->mu);
        ok = 0;
    }
    pthread_condattr_destroy(&ca);
    if (ok && pthread_create(&w->thread, NULL, watch, w) != 0) {
        pthread_cond_destroy(&w->cv);
        pthread_mutex_destroy(&w->mu);
        ok = 0;
    }
    if (!ok) {
        free(w);
        return NULL;
    }
    return w;
}

void mig_watchdog_free(mig_watchdog *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->quit = 1;
    pthread_cond_signal(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    free(w);
}

void mig_watchdog_watch(mig_watchdog *w, volatile sig_atomic_t *stop_flag)
{
    if (w)
        w->stop_flag = stop_flag;
}

void mig_watchdog_arm(mig_watchdog *w)
{
    if (!w)
        return;
    if (atomic_load(&w->armed) == 0) {
        clockid_t clock;
        if (pthread_getcpuclockid(pthread_self(), &clock) != 0)
            clock = CLOCK_MONOTONIC;
        atomic_store(&w->cpu_clock, (int)clock);
        atomic_store(&w->line, 0);
    }
    atomic_fetch_add(&w->armed, 1);
    atomic_fetch_add(&w->ticks, 1);
}

void mig_watchdog_disarm(mig_watchdog *w)
{
    if (!w)
        return;
    atomic_fetch_sub(&w->armed, 1);
    atomic_fetch_add(&w->ticks, 1);
}

void mig_watchdog_tick(mig_watchdog *w, const void *key, const char *short_src, int line)
{
    if (!w)
        return;
    if (key != w->where_key) {  /* copy the name only when the function's source changes */
        w->where_key = key;
        pthread_mutex_lock(&w->mu);
        snprintf(w->where_src, sizeof w->where_src, "%s", short_src);
        pthread_mutex_unlock(&w->mu);
    }
    atomic_store_explicit(&w->line, line, memory_order_relaxed);
    atomic_fetch_add_explicit(&w->ticks, 1, memory_order_release);
}
