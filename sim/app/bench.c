/* bench.c: a line of 200 locations in 10 countries, every border policed and
 * served by a smuggling group, all agents placed along the first 150 locations on
 * day 0, bound for the last one. It exercises waiting, route choice, the border
 * market, crossings with pushbacks and registration, policing of the groups, and
 * travel, in the mix the Western Balkans world has, at any scale.
 *
 * The Flee workload runs a Flee scenario folder (Burundi: 212k agents, 62M
 * agent-days) under Flee's rules in strict mode, as Flee itself would. */
#include "bench.h"

#include "datadir.h"
#include "flee.h"
#include "rng.h"
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define BENCH_LOCS 200
#define BENCH_PER_COUNTRY 20

static mig_world *bench_world(long n_agents, char *err)
{
    mig_world *w = mig_world_new();
    if (!w)
        return NULL;
    char id[32], cc[4], cc2[4];
    for (int c = 0; c < BENCH_LOCS / BENCH_PER_COUNTRY; c++) {
        snprintf(cc, sizeof cc, "%c%c", 'A' + c, 'A' + c);
        if (mig_world_add_country(w, cc, NULL, 1, 1, err) < 0)
            goto fail;
        w->countries[c].abscond_prob = 0.3;
    }
    for (int i = 0; i < BENCH_LOCS; i++) {
        snprintf(id, sizeof id, "L%03d", i);
        snprintf(cc, sizeof cc, "%c%c", 'A' + i / BENCH_PER_COUNTRY, 'A' + i / BENCH_PER_COUNTRY);
        if (mig_world_add_location(w, id, NULL, cc, i == BENCH_LOCS - 1 ? "destination" : "city", 45,
                                   (double)i * 0.1, err) < 0)
            goto fail;
    }
    char from[32];
    for (int i = 0; i + 1 < BENCH_LOCS; i++) {
        snprintf(from, sizeof from, "L%03d", i);
        snprintf(id, sizeof id, "L%03d", i + 1);
        if (mig_world_add_route(w, from, id, "road", 100, 3, err) < 0 ||
            mig_world_add_route(w, id, from, "road", 100, 3, err) < 0)
            goto fail;
        /* a detour, so route choice has a real choice to make */
        if (i + 2 < BENCH_LOCS) {
            snprintf(id, sizeof id, "L%03d", i + 2);
            if (mig_world_add_route(w, from, id, "foot", 260, 6, err) < 0)
                goto fail;
        }
    }
    for (int c = 0; c + 1 < BENCH_LOCS / BENCH_PER_COUNTRY; c++) {
        snprintf(cc, sizeof cc, "%c%c", 'A' + c, 'A' + c);
        snprintf(cc2, sizeof cc2, "%c%c", 'A' + c + 1, 'A' + c + 1);
        int b = mig_world_add_border(w, cc, cc2, NULL, err);
        if (b < 0)
            goto fail;
        w->borders[b].detection_prob = 0.3;
        w->borders[b].pushback_share = 0.9;
        w->borders[b].registration_share = 0.09;
        w->borders[b].smuggling_price = 500;
        /* A group per segment with places for about a third of its daily attempts,
         * whatever the scale, so markets fill up and groups get dismantled. */
        const char *seg[1] = { w->borders[b].name };
        snprintf(id, sizeof id, "G%d", c);
        int g = mig_world_add_group(w, id, cc, seg, 1, NULL, err);
        if (g < 0)
            goto fail;
        w->groups[g].capacity = (double)n_agents * 0.002;
    }
    w->params.threshold = (double)n_agents * 0.05;
    int n = mig_world_add_nationality(w, "XXX", NULL, "L000", NULL, err);
    if (n < 0 || mig_world_add_destination(w, n, "L199", 1, err) < 0 ||
        mig_world_add_channel(w, n, "land", "L000", "road", 1, NULL, err) < 0)
        goto fail;
    w->params.move_prob[MIG_LOC_CITY] = 0.5;
    w->params.give_up_prob = 0;
    if (mig_world_finalize(w, err))
        goto fail;
    return w;
fail:
    mig_world_free(w);
    return NULL;
}

/* The result of a timed run from t0 to t1: rates, bytes per agent (of agent_bytes
 * allocated) and the process's peak RSS. */
static void fill_result(mig_bench_result *out, long agents, long days, int threads, const struct timespec *t0,
                        const struct timespec *t1, double agent_days, double agent_bytes)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    out->agents = agents;
    out->days = days;
    out->threads = threads;
    out->seconds = (double)(t1->tv_sec - t0->tv_sec) + (double)(t1->tv_nsec - t0->tv_nsec) * 1e-9;
    out->agent_days = agent_days;
    out->agent_days_per_s = agent_days / out->seconds;
    out->bytes_per_agent = agent_bytes / (double)(agents ? agents : 1);
    out->peak_rss_bytes = ru.ru_maxrss * 1024L;
}

int mig_bench_run(long n_agents, int days, int threads, mig_bench_result *out, char *err)
{
    mig_world *w = bench_world(n_agents, err);
    if (!w)
        return -1;
    mig_run *run = mig_run_new(w, 42, 19000, days, threads, err);
    if (!run)
        return -1;
    mig_agents *A = &run->agents;
    if (mig_agents_reserve(A, (size_t)n_agents)) {
        snprintf(err, 512, "out of memory for %ld agents", n_agents);
        mig_run_free(run);
        return -1;
    }
    uint64_t key = mig_rng_purpose_key(42, MIG_RNG_BENCH);
    for (long i = 0; i < n_agents; i++) {
        A->key[i] = mig_bits(key, (uint64_t)i);
        A->where[i] = (int32_t)(mig_bits(key ^ 1, (uint64_t)i) % 150);
        A->days_left[i] = 0;
        A->depart_day[i] = 0;
        A->money[i] = 2000;
        A->state[i] = MIG_ST_WAITING;
        A->nat[i] = 0;
        A->channel[i] = 0;
        A->dest[i] = 0;
        A->attempts[i] = 0;
        A->flags[i] = 0;
        A->group[i] = 0;
    }
    A->n = (size_t)n_agents;
    run->departed = (uint64_t)n_agents;
    double agent_days = 0;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = 0;
    while (rc == 0) {
        double active = (double)(run->agents.n - run->ended_in_store);
        rc = mig_run_step(run, err);
        if (rc == 0)
            agent_days += active;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (rc < 0) {
        mig_run_free(run);
        return -1;
    }
    fill_result(out, n_agents, days, threads, &t0, &t1, agent_days, (double)(A->cap * mig_agents_bytes_per_agent()));
    mig_run_free(run);
    return 0;
}

/* The folder a data path names: as given when it exists (or is absolute), else under
 * migsim's data roots (base/datadir.h), so the default "data/flee/burundi" works from any
 * working directory. 0 with out filled, or -1 with err listing where it looked. */
static int mig_data_find(const char *path, char *out, size_t n, char *err)
{
    struct stat st;
    if (path[0] == '/' || (stat(path, &st) == 0 && S_ISDIR(st.st_mode))) {
        snprintf(out, n, "%s", path);
        return 0;
    }
    if (mig_data_lookup(path, 1, out, n) == 0)
        return 0;
    snprintf(err, MIG_ERR_LEN, "%s: no such folder in the working directory, %.900s; name the folder: "
             "migsim bench --flee DIR", path, out);
    return -1;
}

int mig_bench_flee(const char *dir, double hasten, mig_bench_result *out, double *ard, char *err)
{
    if (mig_data_find(dir, out->dir, sizeof out->dir, err))
        return -1;
    dir = out->dir;
    mig_flee_model *m = calloc(1, sizeof *m);
    if (!m) {
        snprintf(err, MIG_ERR_LEN, "out of memory");
        return -1;
    }
    mig_flee_model_init(m);
    if (mig_flee_read(m, dir, err)) {
        mig_flee_model_free(m);
        free(m);
        return -1;
    }
    m->set.strict = 1;  /* the workload Flee itself runs */
    if (hasten > 0 && mig_flee_setting_set(&m->set, "hasten", hasten, err)) {
        mig_flee_model_free(m);
        free(m);
        return -1;
    }
    mig_flee_run *r = mig_flee_run_new(m, 42, err);
    if (!r)
        return -1;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int rc = mig_flee_run_all(r, err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (rc) {
        mig_flee_run_free(r);
        return -1;
    }
    mig_flee_scores sc;
    mig_flee_run_scores(r, &sc);
    *ard = sc.ard;
    fill_result(out, (long)r->n_agents, r->n_days, 1, &t0, &t1, (double)r->agent_steps,
                (double)mig_flee_run_agent_bytes(r));
    mig_flee_run_free(r);
    return 0;
}
