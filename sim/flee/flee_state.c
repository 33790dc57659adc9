/* flee_state.c: the state of a Flee-rule run at the end of a day, in and out of
 * bytes, for checkpoints (app/checkpoint.c holds the file around it; see flee.h).
 *
 * Saved: what the days and the scenario's hooks change. The run's settings (one
 * value per named setting, in the table's order); per location its base type
 * (flee.camp), capacity now (capacity_per_day, flee.camp), conflict and onset, open
 * camp closures, the move chance its sleepers were drawn with, its spawn weight (in
 * strict mode a day stale, so it cannot be recomputed); open closures per link; the
 * counters; the daily counts so far; the events (label and typed facts); the model's notes (the lottery's
 * search may add one during the run); every agent. Not saved, because it follows
 * from that: types and move chances, occupancies, the list of agents on links
 * (mig_flee_run_settle), the route lottery (rebuilt every day), the random keys
 * (from the seed: every draw is keyed by seed, day, agent and draw number).
 *
 * A checkpoint is input: every index and count is checked against the run the
 * scenario builds again, settings go through their setter, and the fixed settings
 * and the Flee data's SHA-256 must be the run's own. */
#include "flee.h"
#include "buf.h"
#include "utf8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOTE_MAX 8192  /* longest note read back (notes are a path and a sentence) */

static void put_u8(mig_buf *b, unsigned v)
{
    unsigned char c = (unsigned char)v;
    mig_buf_put(b, &c, 1);
}

void mig_flee_state_save(const mig_flee_run *r, mig_buf *b)
{
    const mig_flee_model *m = r->m;
    size_t L = (size_t)r->n_locs, K = (size_t)r->n_links, T = (size_t)r->today, C = (size_t)r->n_camps;
    size_t A = (size_t)r->n_agents;
    /* What the run is: checked against the run the scenario builds again. */
    const uint64_t head[] = {
        r->seed, (uint64_t)r->n_days, (uint64_t)r->today, L, K, C, (uint64_t)r->route_width,
        (uint64_t)r->inserted,
    };
    mig_buf_put(b, head, sizeof head);
    mig_buf_str(b, m->source_sha256);

    for (const mig_flee_setting_spec *sp = mig_flee_setting_specs; sp->name; sp++)
        mig_buf_f64(b, mig_flee_setting_get(&r->set, sp));
    mig_buf_u64(b, (uint64_t)r->set.n_decay);
    mig_buf_put(b, r->set.decay, (size_t)r->set.n_decay * sizeof *r->set.decay);

    for (size_t l = 0; l < L; l++)
        put_u8(b, (unsigned)r->base_type[l]);
    mig_buf_put(b, r->cap, L * sizeof *r->cap);
    mig_buf_put(b, r->conflict, L * sizeof *r->conflict);
    mig_buf_put(b, r->conflict_since, L * sizeof *r->conflict_since);
    mig_buf_put(b, r->camp_closed, L * sizeof *r->camp_closed);
    mig_buf_put(b, r->sleep_mc, L * sizeof *r->sleep_mc);
    mig_buf_put(b, r->spawn_w, L * sizeof *r->spawn_w);
    mig_buf_put(b, r->lclosed, K * sizeof *r->lclosed);

    const int64_t counts[] = { r->debt, r->unplaced, r->agent_steps, r->hops_cut };
    mig_buf_put(b, counts, sizeof counts);
    mig_buf_f64(b, r->raw);

    mig_buf_put(b, r->pop, T * L * sizeof *r->pop);
    mig_buf_put(b, r->obs, T * C * sizeof *r->obs);
    mig_buf_put(b, r->spawned, T * sizeof *r->spawned);
    mig_buf_put(b, r->agents, T * sizeof *r->agents);
    mig_buf_put(b, r->in_transit, T * sizeof *r->in_transit);
    mig_buf_put(b, r->debt_day, T * sizeof *r->debt_day);
    mig_buf_put(b, r->ard, T * sizeof *r->ard);
    mig_buf_put(b, r->ard_rescaled, T * sizeof *r->ard_rescaled);
    mig_buf_put(b, r->total_error, T * sizeof *r->total_error);

    mig_buf_u64(b, (uint64_t)r->n_events);
    for (int i = 0; i < r->n_events; i++) {
        mig_buf_u64(b, (uint64_t)r->events[i].day);
        mig_buf_str(b, r->events[i].label);
        mig_buf_put(b, &r->events[i].facts, sizeof r->events[i].facts);  /* no padding (flee_events.c) */
    }
    mig_buf_u64(b, (uint64_t)m->n_notes);
    for (int i = 0; i < m->n_notes; i++)
        mig_buf_str(b, m->notes[i]);

    mig_buf_u64(b, A);
    mig_buf_put(b, r->pos, A * sizeof *r->pos);
    mig_buf_put(b, r->wake, A * sizeof *r->wake);
    mig_buf_put(b, r->on_link, A * sizeof *r->on_link);
    mig_buf_put(b, r->flags, A * sizeof *r->flags);
    if (r->recent)
        mig_buf_put(b, r->recent, A * sizeof *r->recent);
    /* A route is read only while the agent follows it (MIG_FLEE_HAS_ROUTE); the others'
     * are left as they were, or never written: saved as none, so the file is all defined bytes. */
    size_t W = (size_t)r->route_width;
    for (size_t a = 0; W > 0 && a < A; a++) {
        if (r->flags[a] & MIG_FLEE_HAS_ROUTE) {
            mig_buf_put(b, r->route + a * W, W * sizeof *r->route);
            continue;
        }
        for (size_t i = 0; i < W; i++)
            mig_buf_put(b, &(int32_t){ -1 }, sizeof(int32_t));
    }
}

/* ---- restoring ---- */

#define READ_ARRAY(dst, count) mig_read(rd, (dst), (size_t)(count) * sizeof *(dst))

static int damaged(char *err, const char *what)
{
    snprintf(err, MIG_ERR_LEN, "the checkpoint is damaged (%s)", what);
    return -1;
}

static int all_finite(const double *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isfinite(v[i]))
            return 0;
    return 1;
}

/* The settings: the fixed ones must be the run's own, the others go through the setter. */
static int restore_settings(mig_flee_run *r, mig_reader *rd, char *err)
{
    mig_flee_settings s = r->set;
    for (const mig_flee_setting_spec *sp = mig_flee_setting_specs; sp->name; sp++) {
        double v = mig_read_f64(rd);
        char e[MIG_ERR_LEN];
        if (rd->bad)
            return damaged(err, "settings");
        if (mig_flee_setting_fixed(sp->name)) {
            if (v != mig_flee_setting_get(&r->set, sp)) {
                snprintf(err, MIG_ERR_LEN, "the checkpoint does not fit the scenario as it loads now (Flee setting "
                                           "%s is %.10g there, %.10g now)", sp->name, v,
                         mig_flee_setting_get(&r->set, sp));
                return -1;
            }
        } else if (mig_flee_setting_set(&s, sp->name, v, e)) {
            snprintf(err, MIG_ERR_LEN, "the checkpoint holds an impossible value: %.3900s", e);
            return -1;
        }
    }
    /* conflict_spawn_decay is the data's: no hook can change it. */
    uint64_t n_decay = mig_read_u64(rd);
    double decay[MIG_FLEE_MAX_DECAY];
    if (rd->bad || n_decay != (uint64_t)r->set.n_decay || READ_ARRAY(decay, n_decay) ||
        memcmp(decay, r->set.decay, (size_t)n_decay * sizeof *decay) != 0) {
        snprintf(err, MIG_ERR_LEN, "the checkpoint does not fit the scenario as it loads now (its "
                                   "conflict_spawn_decay differs)");
        return -1;
    }
    r->set = s;
    return 0;
}

/* Per location and link: what hooks, conflicts and closures changed. */
static int restore_places(mig_flee_run *r, mig_reader *rd, char *err)
{
    size_t L = (size_t)r->n_locs, K = (size_t)r->n_links;
    for (size_t l = 0; l < L; l++) {
        unsigned char t = 0;
        mig_read(rd, &t, 1);
        /* As loaded, or what flee.camp{} can make of it. */
        if (t != (unsigned)r->base_type[l] && t != MIG_FLEE_CAMP && t != MIG_FLEE_TOWN)
            return damaged(err, "a location's type");
        r->base_type[l] = (mig_flee_type)t;
    }
    READ_ARRAY(r->cap, L);
    READ_ARRAY(r->conflict, L);
    READ_ARRAY(r->conflict_since, L);
    READ_ARRAY(r->camp_closed, L);
    READ_ARRAY(r->sleep_mc, L);
    READ_ARRAY(r->spawn_w, L);
    READ_ARRAY(r->lclosed, K);
    if (rd->bad)
        return damaged(err, "locations");
    if (!all_finite(r->cap, L) || !all_finite(r->conflict, L) || !all_finite(r->sleep_mc, L) ||
        !all_finite(r->spawn_w, L))
        return damaged(err, "a location's capacity, conflict or weights");
    for (size_t l = 0; l < L; l++)
        if (r->conflict_since[l] < 0 || r->conflict_since[l] >= r->today || r->camp_closed[l] < 0 ||
            r->spawn_w[l] < 0)
            return damaged(err, "a location's conflict onset or closures");
    for (size_t k = 0; k < K; k++)
        if (r->lclosed[k] < 0)
            return damaged(err, "a link's closures");
    return 0;
}

/* The counters and the daily counts of the days run. */
static int restore_counts(mig_flee_run *r, mig_reader *rd, char *err)
{
    size_t T = (size_t)r->today, L = (size_t)r->n_locs, C = (size_t)r->n_camps;
    int64_t counts[4];
    READ_ARRAY(counts, 4);
    r->raw = mig_read_f64(rd);
    if (rd->bad || counts[0] < 0 || counts[1] < 0 || counts[2] < 0 || counts[3] < 0 || counts[3] > 2 ||
        !isfinite(r->raw))
        return damaged(err, "counters");
    r->debt = counts[0];
    r->unplaced = counts[1];
    r->agent_steps = counts[2];
    r->hops_cut = (int)counts[3];
    READ_ARRAY(r->pop, T * L);
    READ_ARRAY(r->obs, T * C);
    READ_ARRAY(r->spawned, T);
    READ_ARRAY(r->agents, T);
    READ_ARRAY(r->in_transit, T);
    READ_ARRAY(r->debt_day, T);
    READ_ARRAY(r->ard, T);
    READ_ARRAY(r->ard_rescaled, T);
    READ_ARRAY(r->total_error, T);
    if (rd->bad)
        return damaged(err, "daily counts");
    if (!all_finite(r->ard, T) || !all_finite(r->ard_rescaled, T) || !all_finite(r->total_error, T))
        return damaged(err, "daily errors");
    return 0;
}

/* Events and notes: text that goes into the result, so it must be valid UTF-8. */
static int restore_texts(mig_flee_run *r, mig_reader *rd, char *err)
{
    uint64_t n = mig_read_u64(rd);
    if (rd->bad || n > (rd->n - rd->at) / (16 + sizeof(mig_flee_facts)))
        return damaged(err, "events");
    for (uint64_t i = 0; i < n; i++) {
        char label[sizeof r->events->label];
        mig_flee_facts facts;
        uint64_t day = mig_read_u64(rd);
        if (mig_read_str(rd, label, sizeof label) || READ_ARRAY(&facts, 1) || day >= (uint64_t)r->today)
            return damaged(err, "an event");
        mig_flee_facts_sanitize(&facts);
        int today = r->today;
        r->today = (int)day;
        int oom = mig_flee_run_log(r, label, &facts);  /* scrubs the label to valid UTF-8 */
        r->today = today;
        if (oom) {
            snprintf(err, MIG_ERR_LEN, "out of memory");
            return -1;
        }
    }
    /* The notes as the run had them: the same files read from another folder name them
     * otherwise, and the result must be the same bytes. */
    mig_flee_model *m = r->m;
    n = mig_read_u64(rd);
    if (rd->bad || n > (rd->n - rd->at) / 8)
        return damaged(err, "notes");
    char *note = malloc(NOTE_MAX);
    if (!note) {
        snprintf(err, MIG_ERR_LEN, "out of memory");
        return -1;
    }
    for (int i = 0; i < m->n_notes; i++)
        free(m->notes[i]);
    m->n_notes = 0;
    int rc = 0;
    for (uint64_t i = 0; i < n && rc == 0; i++) {
        if (mig_read_str(rd, note, NOTE_MAX) || mig_utf8_invalid_at(note, strlen(note)) >= 0)
            rc = damaged(err, "a note");
        else if (mig_flee_note(m, "%s", note)) {
            snprintf(err, MIG_ERR_LEN, "out of memory");
            rc = -1;
        }
    }
    free(note);
    return rc;
}

/* Every agent, with each index it holds checked against the network. */
static int restore_agents(mig_flee_run *r, mig_reader *rd, char *err)
{
    int W = r->route_width;
    size_t per = 2 * sizeof(int32_t) + sizeof(float) + 1 + (r->recent ? sizeof(float) : 0) +
                 (size_t)W * sizeof(int32_t);
    uint64_t n = mig_read_u64(rd);
    if (rd->bad || n > (rd->n - rd->at) / per)
        return damaged(err, "agents");
    if (mig_flee_run_reserve(r, (int64_t)n)) {
        snprintf(err, MIG_ERR_LEN, "out of memory restoring %llu agents", (unsigned long long)n);
        return -1;
    }
    READ_ARRAY(r->pos, n);
    READ_ARRAY(r->wake, n);
    READ_ARRAY(r->on_link, n);
    READ_ARRAY(r->flags, n);
    if (r->recent)
        READ_ARRAY(r->recent, n);
    if (W > 0)
        READ_ARRAY(r->route, n * (size_t)W);
    if (rd->bad)
        return damaged(err, "agents");
    r->n_agents = (int64_t)n;
    int64_t places = (int64_t)r->n_locs + r->n_links;
    for (uint64_t a = 0; a < n; a++) {
        /* An agent on a link is passed over by the decide pass (wake INT32_MAX), which
         * would otherwise read the link as a location. */
        int on_link = r->pos[a] >= r->n_locs;
        int ok = r->pos[a] >= 0 && r->pos[a] < places && r->wake[a] >= -1 &&
                 (!on_link || r->wake[a] == INT32_MAX) &&
                 isfinite(r->on_link[a]) &&
                 r->on_link[a] >= 0 && (r->flags[a] & ~(MIG_FLEE_FIRST_HOP | MIG_FLEE_HAS_ROUTE)) == 0 &&
                 (!r->recent || isfinite(r->recent[a]));
        const int32_t *route = W > 0 ? r->route + a * (size_t)W : NULL;
        for (int i = 0; ok && i < W; i++)
            ok = route[i] >= -1 && route[i] < r->n_locs;
        /* go() reads route[0] as a location when the agent follows a route */
        if (ok && (r->flags[a] & MIG_FLEE_HAS_ROUTE))
            ok = W > 0 && route[0] >= 0;
        if (!ok) {
            snprintf(err, MIG_ERR_LEN, "the checkpoint is damaged (agent %llu out of range)", (unsigned long long)a);
            return -1;
        }
    }
    return 0;
}

int mig_flee_state_restore(mig_flee_run *r, mig_reader *rd, char *err)
{
    uint64_t head[8];
    READ_ARRAY(head, 8);
    char sha[65];
    if (mig_read_str(rd, sha, sizeof sha) || rd->bad)
        return damaged(err, "its head");
    const uint64_t want[] = {
        r->seed, (uint64_t)r->n_days, head[2], (uint64_t)r->n_locs, (uint64_t)r->n_links, (uint64_t)r->n_camps,
        (uint64_t)r->route_width, (uint64_t)r->inserted,
    };
    if (memcmp(head, want, sizeof want) != 0 || r->today != 0) {
        snprintf(err, MIG_ERR_LEN, "the checkpoint does not fit the scenario as it loads now (other dates, seed or "
                                   "Flee network)");
        return -1;
    }
    if (strcmp(sha, r->m->source_sha256) != 0) {
        snprintf(err, MIG_ERR_LEN, "the Flee data in %.1000s has changed since the run started (its files' sha256 "
                                   "differs): the run cannot go on with other data", r->m->root);
        return -1;
    }
    if (head[2] < 1 || head[2] > (uint64_t)r->n_days) {
        snprintf(err, MIG_ERR_LEN, "the checkpoint's day (%llu) is outside its run", (unsigned long long)head[2]);
        return -1;
    }
    r->today = (int)head[2];
    if (restore_settings(r, rd, err) || restore_places(r, rd, err) || restore_counts(r, rd, err) ||
        restore_texts(r, rd, err) || restore_agents(r, rd, err))
        return -1;
    if (mig_flee_run_settle(r)) {
        snprintf(err, MIG_ERR_LEN, "out of memory");
        return -1;
    }
    return 0;
}
