/* fork.c: arms that share their history up to a day (see fork.h). */
#include "fork.h"
#include "date.h"
#include "output.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The parameters and world run b starts from are those run a started from (the
 * snapshot meta.parameters and meta.world of both), and its demand is a's before
 * fork_day, so that b forked from a on fork_day loses nothing of its own. */
static int same_start(const mig_run *a, const mig_run *b, int fork_day)
{
    const mig_meta none = { "", "", "" };
    cJSON *ma = mig_output_meta(a, &none), *mb = mig_output_meta(b, &none);
    int same = ma && mb && a->world->n_nats == b->world->n_nats;
    for (int n = 0; same && n < a->world->n_nats; n++)
        for (int d = a->start_day; same && d < fork_day; d++)
            same = mig_run_demand(a, n, d) == mig_run_demand(b, n, d);
    static const char *const keys[] = { "parameters", "world" };
    for (int i = 0; i < 2 && same; i++) {
        char *ta = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(ma, keys[i]));
        char *tb = cJSON_PrintUnformatted(cJSON_GetObjectItemCaseSensitive(mb, keys[i]));
        same = ta && tb && strcmp(ta, tb) == 0;
        free(ta);
        free(tb);
    }
    cJSON_Delete(ma);
    cJSON_Delete(mb);
    return same;
}

/* The next policy event of run before day `until`, from index *i on (moved past
 * it), or NULL. Events are kept in day order. */
static const mig_event *next_policy(const mig_run *run, int *i, int until)
{
    for (; *i < run->n_events && run->events[*i].day < until; (*i)++)
        if (run->events[*i].kind == MIG_EVENT_POLICY)
            return &run->events[(*i)++];
    return NULL;
}

/* Do a and b do the same thing on the same day? An untyped event (a scenario's
 * own event()) says what it is only in its label. */
static int same_event(const mig_event *a, const mig_event *b)
{
    return a->day == b->day && mig_event_facts_same(&a->facts, &b->facts) &&
           (a->facts.type[0] || strcmp(a->label, b->label) == 0);
}

/* 1 if the policy events of a and b before `until` differ, with the first pair
 * that does (*ea, *eb; NULL: that arm has no more events). */
static int first_difference(const mig_run *a, const mig_run *b, int until, const mig_event **ea,
                            const mig_event **eb)
{
    int i = 0, j = 0;
    for (;;) {
        *ea = next_policy(a, &i, until);
        *eb = next_policy(b, &j, until);
        if (!*ea && !*eb)
            return 0;
        if (!*ea || !*eb || !same_event(*ea, *eb))
            return 1;
    }
}

static void describe(const mig_event *e, char *buf, size_t n)
{
    if (!e) {
        snprintf(buf, n, "no event");
        return;
    }
    char d[11];
    mig_date_format(e->day, d);
    snprintf(buf, n, "'%s' (%s) on %s", e->label, e->facts.type[0] ? e->facts.type : "custom", d);
}

/* The earlier day of two differing events (either may be NULL, not both). */
static int day_of_difference(const mig_event *ea, const mig_event *eb)
{
    return !ea ? eb->day : !eb ? ea->day : ea->day < eb->day ? ea->day : eb->day;
}

/* Arm takes base's state; its own events before fork_day, the same as base's by
 * their facts, keep their own labels, as in an unforked run. */
static int take_state(mig_run *arm, const mig_run *base, int fork_day, char *err, size_t errlen)
{
    mig_event *own = arm->events;
    int n_own = arm->n_events;
    arm->events = NULL;
    arm->n_events = arm->cap_events = 0;
    char e[MIG_ERR_LEN];
    int rc = mig_run_fork(arm, base, e);
    for (int i = 0, j = 0; rc == 0 && i < arm->n_events && j < n_own; i++)
        if (arm->events[i].kind == MIG_EVENT_POLICY && arm->events[i].day < fork_day)
            memcpy(arm->events[i].label, own[j++].label, sizeof arm->events[i].label);
    free(own);
    if (rc)
        snprintf(err, errlen, "%s", e);
    return rc;
}

int mig_fork_arm(mig_host *host, mig_run *arm, const mig_run *base, int fork_day, const char *base_file,
                 const char *arm_file, char *err, size_t errlen)
{
    char d[11];
    mig_date_format(fork_day, d);
    if (!same_start(base, arm, fork_day)) {
        snprintf(err, errlen, "--fork-at %s: %s starts from other parameters, another world or other demand before "
                              "the fork than the baseline, which a forked arm would lose: its differences must come "
                              "from events on or after the fork", d, arm_file);
        return -1;
    }
    if (mig_host_dry_run(host, fork_day, err, errlen))
        return -1;
    const mig_event *eb, *ea;
    if (first_difference(base, arm, fork_day, &eb, &ea)) {
        char wb[320], wa[320], first[11];
        describe(eb, wb, sizeof wb);
        describe(ea, wa, sizeof wa);
        mig_date_format(day_of_difference(eb, ea), first);
        snprintf(err, errlen, "--fork-at %s: the arms' policy events before the fork differ, and a forked arm would "
                              "lose its own: the baseline %s has %s where %s has %s. Fork on or before %s (--fork-at "
                              "auto finds the day)", d, base_file, wb, arm_file, wa, first);
        return -1;
    }
    if (!mig_world_same_state(base->world, arm->world)) {
        snprintf(err, errlen, "--fork-at %s: %s's events before the fork have the same facts as the baseline %s's but "
                              "leave other parameters, visa regimes, channels or policing on the fork day: compare "
                              "without --fork-at", d, arm_file, base_file);
        return -1;
    }
    return take_state(arm, base, fork_day, err, errlen);
}

/* ---- --fork-at auto ------------------------------------------------------- */

/* The first day in [start, end) on which some arm's demand differs from arm 0's, or end. */
static int first_demand_difference(mig_run *const *run, int n_arms, int start, int end)
{
    for (int d = start; d < end; d++)
        for (int k = 1; k < n_arms; k++)
            for (int n = 0; n < run[0]->world->n_nats; n++)
                if (mig_run_demand(run[0], n, d) != mig_run_demand(run[k], n, d))
                    return d;
    return end;
}

/* Run every arm's schedule, a day with events at a time, until the arms' events or
 * policy state differ or `until` comes. Returns that day (or until) with the arm
 * and events that differ (*which = 0: none); -1 with err if a scenario fails. */
static int first_event_difference(mig_host *const *h, mig_run *const *run, int n_arms, int until, int *which,
                                   const mig_event **ea, const mig_event **eb, char *err, size_t errlen)
{
    *which = 0;
    for (;;) {
        int d = INT_MAX;
        for (int k = 0; k < n_arms; k++) {
            int next = mig_host_next_event_day(h[k]);
            d = next < d ? next : d;
        }
        if (d >= until)
            return until;
        for (int k = 0; k < n_arms; k++)
            if (mig_host_dry_run(h[k], d + 1, err, errlen))
                return -1;
        for (int k = 1; k < n_arms; k++)
            if (first_difference(run[0], run[k], d + 1, ea, eb) || !mig_world_same_state(run[0]->world, run[k]->world)) {
                *which = k;
                return d;
            }
    }
}

/* The fork day for arms loaded and started (not stepped), or 0 with note. */
static int find_day(const mig_ens_opts *o, mig_host *const *h, mig_run *const *run, char *note, size_t notelen,
                    char *err, size_t errlen)
{
    for (int k = 0; k < o->n_arms; k++)
        if (mig_host_has_hooks(h[k])) {
            snprintf(note, notelen, "--fork-at auto: %s registers when() or on_day() hooks, whose events depend on "
                                    "the simulated days: the arms run without a fork", o->scenarios[k]);
            return 0;
        }
    int start = run[0]->start_day, end = start + run[0]->n_days;
    for (int k = 1; k < o->n_arms; k++)
        if (run[k]->start_day != start || run[k]->n_days != run[0]->n_days || !same_start(run[0], run[k], start)) {
            snprintf(note, notelen, "--fork-at auto: %s starts from other parameters, another world or other dates "
                                    "than %s: the arms run without a fork", o->scenarios[k], o->scenarios[0]);
            return 0;
        }
    int demand = first_demand_difference(run, o->n_arms, start, end), which;
    const mig_event *ea = NULL, *eb = NULL;
    int day = first_event_difference(h, run, o->n_arms, demand, &which, &ea, &eb, err, errlen);
    if (day < 0)
        return -1;
    char d[11], why[800];
    mig_date_format(day, d);
    if (which) {
        char wa[320], wb[320];
        describe(ea, wa, sizeof wa);
        describe(eb, wb, sizeof wb);
        snprintf(why, sizeof why, "the first day their policy events differ: %s has %s, %s has %s", o->scenarios[0],
                 wa, o->scenarios[which], wb);
    } else {
        snprintf(why, sizeof why, "the first day their demand differs");
    }
    if (day >= end) {
        snprintf(note, notelen, "--fork-at auto: the arms schedule the same events and demand throughout: they run "
                                "without a fork");
        return 0;
    }
    if (day <= start) {
        snprintf(note, notelen, "--fork-at auto: the arms differ from the first day (%s, %s): they run without a fork",
                 d, why);
        return 0;
    }
    snprintf(note, notelen, "--fork-at auto: forking on %s, %s", d, why);
    return day;
}

int mig_fork_find_day(const mig_ens_opts *o, int *fork_day, char *note, size_t notelen, char *err, size_t errlen,
                      int *bad_input)
{
    mig_host *h[MIG_MAX_ARMS] = { 0 };
    mig_run *run[MIG_MAX_ARMS] = { 0 };
    int rc = 0;
    note[0] = 0;
    for (int k = 0; k < o->n_arms && rc == 0; k++) {
        /* Replicate 0's seeds (scheduled events may draw from math.random) and parameters. */
        h[k] = mig_ens_open(o, k, 0, err, errlen);
        if (h[k])
            mig_host_watch(h[k], o->stop);
        run[k] = h[k] ? mig_host_start(h[k], 1, err, errlen) : NULL;
        rc = run[k] ? 0 : -1;
    }
    int day = rc ? -1 : find_day(o, h, run, note, notelen, err, errlen);
    for (int k = 0; k < o->n_arms; k++) {
        mig_run_free(run[k]);
        mig_host_free(h[k]);
    }
    if (day < 0) {
        *bad_input = 1;
        return -1;
    }
    *fork_day = day;
    return 0;
}
