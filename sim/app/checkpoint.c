/* checkpoint.c: save and restore the state of a single run (see checkpoint.h). */
#include "checkpoint.h"
#include "buf.h"
#include "lua_host.h"
#include "sha256.h"
#include "migsim/version.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CKPT_MAGIC "MIGCKPT1"
#define CKPT_VERSION 4  /* 2: the engine after the version (Flee-rule runs); 3: the demand used each day;
                           * 4: during{} windows (the values to restore) in the scenario's part */

/* ---- option ranges ------------------------------------------------------------ */

static const mig_opt_range opt_ranges[MIG_N_OPTS] = {
    [MIG_OPT_SEED] = { "--seed", 0, 9007199254740991.0, 1, "a whole number from 0 to 2^53-1" },
    [MIG_OPT_THREADS] = { "--threads", 1, 256, 1, "a whole number from 1 to 256" },
    [MIG_OPT_REPLICATES] = { "--replicates", 1, 1e6, 1, "a whole number from 1 to 1000000" },
    [MIG_OPT_CHECKPOINT_EVERY] = { "--checkpoint-every", 1, 65535, 1, "a whole number of days from 1 to 65535" },
    [MIG_OPT_STOP_AFTER] = { "--stop-after", 1, 65535, 1, "a whole number of days from 1 to 65535" },
    [MIG_OPT_LUA_INSTRUCTIONS] = { "--lua-instructions", 1e4, 1e15, 0, "a number from 1e4 to 1e15" },
    [MIG_OPT_LUA_MEMORY] = { "--lua-memory", 1, 1e6, 0, "a number of megabytes from 1 to 1e6" },
};

const mig_opt_range *mig_opt_range_of(mig_opt k)
{
    return &opt_ranges[k];
}

int mig_opt_ok(mig_opt k, double v)
{
    const mig_opt_range *r = &opt_ranges[k];
    return v >= r->lo && v <= r->hi && (!r->whole || v == (double)(uint64_t)v);
}

int mig_opt_parse(mig_opt k, const char *text, double *v, char *err)
{
    const mig_opt_range *r = &opt_ranges[k];
    char *end = NULL;
    double x = 0;
    errno = 0;
    if (r->whole) {
        /* Digits only: strtoull would take "-1" as 2^64-1, and "1e3" is not a count. */
        if (text[0] >= '0' && text[0] <= '9') {
            unsigned long long u = strtoull(text, &end, 10);
            x = u > (unsigned long long)r->hi ? r->hi + 1 : (double)u;
        }
    } else if (*text) {
        x = strtod(text, &end);
    }
    if (!end || end == text || *end || errno || !mig_opt_ok(k, x)) {
        snprintf(err, 512, "%s takes %s, got '%.300s'", r->flag, r->text, text);
        return -1;
    }
    *v = x;
    return 0;
}

/* ---- layout ---------------------------------------------------------------- */

/* The sizes of everything written raw: a checkpoint from a build where any of
 * them differs (another version, another architecture) is refused. */
static void put_signature(mig_buf *b, mig_engine engine)
{
    if (engine == MIG_ENGINE_FLEE) {
        size_t n_settings = 0;
        while (mig_flee_setting_specs[n_settings].name)
            n_settings++;
        const uint64_t sizes[] = {
            n_settings, MIG_FLEE_N_TYPES, sizeof(mig_flee_event), sizeof(int), sizeof(float), sizeof(double),
            sizeof(size_t), 0x0102030405060708ULL,
        };
        mig_buf_u64(b, sizeof sizes / sizeof sizes[0]);
        mig_buf_put(b, sizes, sizeof sizes);
        return;
    }
    const uint64_t sizes[] = {
        sizeof(mig_params), sizeof(mig_country), sizeof(mig_location), sizeof(mig_route),
        sizeof(mig_border), sizeof(mig_nationality), sizeof(mig_group), sizeof(mig_measure),
        sizeof(mig_event), sizeof(float), sizeof(size_t), 0x0102030405060708ULL,
    };
    mig_buf_u64(b, sizeof sizes / sizeof sizes[0]);
    mig_buf_put(b, sizes, sizeof sizes);
}

static void put_opts(mig_buf *b, const mig_ckpt_opts *o)
{
    mig_buf_str(b, MIG_VERSION);
    mig_buf_str(b, o->scenario);
    mig_buf_str(b, o->scenario_path);
    mig_buf_str(b, o->sha256);
    mig_buf_str(b, o->modules_sha);
    mig_buf_u64(b, o->seed);
    mig_buf_str(b, o->out);
    mig_buf_u64(b, (uint64_t)o->quiet);
    mig_buf_u64(b, (uint64_t)o->every);
    mig_buf_str(b, o->dir);
    mig_buf_f64(b, o->lua_instructions);
    mig_buf_f64(b, o->lua_megabytes);
    mig_buf_u64(b, (uint64_t)o->n_sets);
    for (int i = 0; i < o->n_sets; i++)
        mig_buf_str(b, o->sets[i]);
}

static int get_opts(mig_reader *r, mig_ckpt_opts *o, char *err)
{
    char version[64];
    memset(o, 0, sizeof *o);
    mig_read_str(r, version, sizeof version);
    if (!r->bad && strcmp(version, MIG_VERSION) != 0) {
        snprintf(err, MIG_ERR_LEN, "this checkpoint was written by migsim %s; this is migsim %s", version,
                 MIG_VERSION);
        return -1;
    }
    mig_read_str(r, o->scenario, sizeof o->scenario);
    mig_read_str(r, o->scenario_path, sizeof o->scenario_path);
    mig_read_str(r, o->sha256, sizeof o->sha256);
    mig_read_str(r, o->modules_sha, sizeof o->modules_sha);
    o->seed = mig_read_u64(r);
    mig_read_str(r, o->out, sizeof o->out);
    o->quiet = (int)mig_read_u64(r);
    o->every = (long)mig_read_u64(r);
    mig_read_str(r, o->dir, sizeof o->dir);
    o->lua_instructions = mig_read_f64(r);
    o->lua_megabytes = mig_read_f64(r);
    uint64_t n = mig_read_u64(r);
    if (r->bad || n > MIG_CKPT_MAX_SETS) {
        snprintf(err, MIG_ERR_LEN, "the checkpoint's options are damaged");
        return -1;
    }
    o->n_sets = (int)n;
    for (int i = 0; i < o->n_sets; i++)
        mig_read_str(r, o->sets[i], sizeof o->sets[i]);
    /* The ranges of the command line (0: the option was not given). */
    if (r->bad || !(o->every == 0 || mig_opt_ok(MIG_OPT_CHECKPOINT_EVERY, (double)o->every)) ||
        !mig_opt_ok(MIG_OPT_SEED, (double)o->seed) ||
        !(o->lua_instructions == 0 || mig_opt_ok(MIG_OPT_LUA_INSTRUCTIONS, o->lua_instructions)) ||
        !(o->lua_megabytes == 0 || mig_opt_ok(MIG_OPT_LUA_MEMORY, o->lua_megabytes))) {
        snprintf(err, MIG_ERR_LEN, "the checkpoint's options are damaged");
        return -1;
    }
    return 0;
}

/* ---- writing ---------------------------------------------------------------- */

/* A native run's state. */
static void put_native(mig_buf *b, const mig_run *run)
{
    const mig_world *w = run->world;
    const mig_agents *A = &run->agents;
    const mig_smuggling *s = &run->smug;
    size_t G = (size_t)w->n_groups, C = (size_t)w->n_countries;
    /* What the run is: checked against the scenario loaded again. */
    const uint64_t head[] = {
        run->seed, (uint64_t)run->start_day, (uint64_t)run->n_days, (uint64_t)run->report_from,
        (uint64_t)run->today, (uint64_t)run->layout.size, (uint64_t)w->n_countries, (uint64_t)w->n_locations,
        (uint64_t)w->n_routes, (uint64_t)w->n_borders, (uint64_t)w->n_nats, G, (uint64_t)w->n_measures,
    };
    mig_buf_put(b, head, sizeof head);

    /* The world's mutable state: parameters, visa regimes, announced rushes. */
    mig_buf_put(b, &w->params, sizeof w->params);
    mig_buf_put(b, w->countries, C * sizeof *w->countries);
    mig_buf_put(b, w->locations, (size_t)w->n_locations * sizeof *w->locations);
    mig_buf_put(b, w->routes, (size_t)w->n_routes * sizeof *w->routes);
    mig_buf_put(b, w->borders, (size_t)w->n_borders * sizeof *w->borders);
    for (int n = 0; n < w->n_nats; n++) {
        mig_nationality g;
        memcpy(&g, &w->nats[n], sizeof g);  /* padding included: the file is all defined bytes */
        g.demand = NULL;  /* the series is the scenario's, rebuilt on load */
        mig_buf_put(b, &g, sizeof g);
    }
    mig_buf_put(b, w->groups, G * sizeof *w->groups);
    mig_buf_put(b, w->measures, (size_t)w->n_measures * sizeof *w->measures);

    /* The run. */
    const uint64_t counts[] = { run->departed, run->arrived, run->returned, run->detained, run->ended_in_store };
    mig_buf_put(b, counts, sizeof counts);
    mig_buf_put(b, run->risk, (size_t)w->n_borders * sizeof *run->risk);
    mig_buf_put(b, run->tally, (size_t)run->today * (size_t)run->layout.size * sizeof *run->tally);
    mig_buf_put(b, run->demand_used, (size_t)run->today * (size_t)w->n_nats * sizeof *run->demand_used);
    mig_buf_put(b, run->cum, (size_t)run->layout.size * sizeof *run->cum);
    mig_buf_u64(b, (uint64_t)run->n_events);
    mig_buf_put(b, run->events, (size_t)run->n_events * sizeof *run->events);

    mig_buf_u64(b, A->n);
    mig_buf_put(b, A->key, A->n * sizeof *A->key);
    mig_buf_put(b, A->where, A->n * sizeof *A->where);
    mig_buf_put(b, A->days_left, A->n * sizeof *A->days_left);
    mig_buf_put(b, A->depart_day, A->n * sizeof *A->depart_day);
    mig_buf_put(b, A->money, A->n * sizeof *A->money);
    mig_buf_put(b, A->state, A->n);
    mig_buf_put(b, A->nat, A->n);
    mig_buf_put(b, A->channel, A->n);
    mig_buf_put(b, A->dest, A->n);
    mig_buf_put(b, A->attempts, A->n);
    mig_buf_put(b, A->flags, A->n);
    mig_buf_put(b, A->group, A->n * sizeof *A->group);

    mig_buf_put(b, s->active, G);
    mig_buf_put(b, s->generation, G * sizeof *s->generation);
    mig_buf_put(b, s->vacant_since, G * sizeof *s->vacant_since);
    mig_buf_put(b, s->active_since, G * sizeof *s->active_since);
    mig_buf_put(b, s->unmet_since, G * sizeof *s->unmet_since);
    mig_buf_put(b, s->intel, G * C * sizeof *s->intel);
    mig_buf_put(b, s->reports, (size_t)run->today * G * C * sizeof *s->reports);
    mig_buf_put(b, s->pending_intel, C * sizeof *s->pending_intel);
    mig_buf_u64(b, (uint64_t)(int64_t)s->delivered_upto);
}

int mig_checkpoint_write(const char *path, const mig_ckpt_opts *o, const mig_single *s, char *err)
{
    mig_buf b = { 0 };
    mig_buf_put(&b, CKPT_MAGIC, 8);
    mig_buf_u64(&b, CKPT_VERSION);
    mig_buf_u64(&b, (uint64_t)s->engine);
    put_signature(&b, s->engine);
    put_opts(&b, o);
    if (s->engine == MIG_ENGINE_FLEE)
        mig_flee_state_save(s->flee, &b);
    else
        put_native(&b, s->run);
    if (mig_host_save(s->h, &b, err)) {
        free(b.p);
        return -1;
    }
    return mig_buf_seal_write(&b, path, err);
}

/* ---- reading ---------------------------------------------------------------- */

struct mig_ckpt {
    unsigned char *data;
    size_t n;
    mig_engine engine;
    size_t body;      /* where the run's state starts, after the options */
};

mig_engine mig_checkpoint_engine(const mig_ckpt *c)
{
    return c->engine;
}

void mig_checkpoint_free(mig_ckpt *c)
{
    if (!c)
        return;
    free(c->data);
    free(c);
}

/* Takes ownership of data. */
static mig_ckpt *parse_owned(unsigned char *data, size_t n, mig_ckpt_opts *o, char *err)
{
    int sealed = mig_sealed_check(data, n, CKPT_MAGIC);
    if (sealed) {
        snprintf(err, MIG_ERR_LEN, "%s", sealed == -1 ? "not a migsim checkpoint (no MIGCKPT1 header)"
                                                      : "the checkpoint is damaged or truncated (its checksum does "
                                                        "not match)");
        free(data);
        return NULL;
    }
    mig_reader r = { data, n - 32, 8, 0 };
    uint64_t version = mig_read_u64(&r);
    if (version != CKPT_VERSION) {
        snprintf(err, MIG_ERR_LEN, "checkpoint format %llu; this migsim reads format %d",
                 (unsigned long long)version, CKPT_VERSION);
        free(data);
        return NULL;
    }
    uint64_t engine = mig_read_u64(&r);
    if (r.bad || engine >= MIG_N_ENGINES) {
        snprintf(err, MIG_ERR_LEN, "the checkpoint is of an unknown kind of run (engine %llu)",
                 (unsigned long long)engine);
        free(data);
        return NULL;
    }
    mig_buf sig = { 0 };
    put_signature(&sig, (mig_engine)engine);
    int same = !sig.oom && sig.n <= r.n - r.at && memcmp(sig.p, r.p + r.at, sig.n) == 0;
    r.at += same ? sig.n : 0;
    free(sig.p);
    if (!same) {
        snprintf(err, MIG_ERR_LEN, "the checkpoint was written by another build of migsim (its data layout differs)");
        free(data);
        return NULL;
    }
    if (get_opts(&r, o, err)) {
        free(data);
        return NULL;
    }
    mig_ckpt *c = malloc(sizeof *c);
    if (!c) {
        snprintf(err, MIG_ERR_LEN, "out of memory");
        free(data);
        return NULL;
    }
    c->data = data;
    c->n = n;
    c->engine = (mig_engine)engine;
    c->body = r.at;
    return c;
}

mig_ckpt *mig_checkpoint_parse(const unsigned char *data, size_t n, mig_ckpt_opts *o, char *err)
{
    unsigned char *copy = malloc(n ? n : 1);
    if (!copy) {
        snprintf(err, MIG_ERR_LEN, "out of memory");
        return NULL;
    }
    if (n)
        memcpy(copy, data, n);
    return parse_owned(copy, n, o, err);
}

mig_ckpt *mig_checkpoint_read(const char *path, mig_ckpt_opts *o, char *err)
{
    size_t n;
    int missing;
    unsigned char *data = mig_read_file(path, (size_t)1 << 40, &n, &missing);
    if (!data) {
        snprintf(err, MIG_ERR_LEN, "cannot %s checkpoint %.900s", missing ? "open" : "read", path);
        return NULL;
    }
    return parse_owned(data, n, o, err);
}

/* Read n items of size `each` into dst, refusing a short file. */
#define READ_ARRAY(dst, count) mig_read(&r, (dst), (size_t)(count) * sizeof *(dst))

static void keep_param(void *ctx, const char *key, double value)
{
    void **c = ctx;
    mig_world *w = c[0];
    char *err = c[1];
    if (*err)
        return;
    char e[MIG_ERR_LEN];
    if (mig_world_set(w, key, value, e))
        snprintf(err, MIG_ERR_LEN, "the checkpoint holds an impossible value: %.3900s", e);
}

/* The world as the checkpoint has it. Only what can change during a run is taken
 * (parameters, visa regimes, announced rushes); the structure (which location is
 * where, which route joins what) is the scenario's, rebuilt by loading it. Every
 * parameter is then set again through its checked setter: a checkpoint is input. */
static int restore_world(mig_reader *rp, mig_world *w, char *err)
{
    mig_reader r = *rp;
    int nc = w->n_countries, nl = w->n_locations, nr = w->n_routes, nb = w->n_borders, ng = w->n_groups;
    mig_params params;
    READ_ARRAY(&params, 1);
    mig_country *c = malloc(((size_t)nc + 1) * sizeof *c);
    mig_location *l = malloc(((size_t)nl + 1) * sizeof *l);
    mig_route *ro = malloc(((size_t)nr + 1) * sizeof *ro);
    mig_border *b = malloc(((size_t)nb + 1) * sizeof *b);
    mig_group *g = malloc(((size_t)ng + 1) * sizeof *g);
    mig_nationality *n = malloc(sizeof *n);
    int rc = -1;
    if (!c || !l || !ro || !b || !g || !n) {
        snprintf(err, MIG_ERR_LEN, "out of memory");
        goto done;
    }
    READ_ARRAY(c, nc);
    READ_ARRAY(l, nl);
    READ_ARRAY(ro, nr);
    READ_ARRAY(b, nb);
    w->params = params;
    for (int i = 0; i < nc; i++) {
        w->countries[i].visa_free = c[i].visa_free;
        w->countries[i].abscond_prob = c[i].abscond_prob;
        w->countries[i].asylum_prob = c[i].asylum_prob;
        w->countries[i].network = c[i].network;
        w->countries[i].intel_per_day = c[i].intel_per_day;
        w->countries[i].threshold_factor = c[i].threshold_factor;
    }
    for (int i = 0; i < nl; i++) {
        w->locations[i].capacity = l[i].capacity;
        w->locations[i].move_prob = l[i].move_prob;
    }
    for (int i = 0; i < nb; i++) {
        w->borders[i].detection_prob = b[i].detection_prob;
        w->borders[i].pushback_share = b[i].pushback_share;
        w->borders[i].registration_share = b[i].registration_share;
        w->borders[i].smuggling_price = b[i].smuggling_price;
        w->borders[i].closed = b[i].closed;  /* border.X.closed: a closure in force */
    }
    for (int k = 0; k < w->n_nats; k++) {
        READ_ARRAY(n, 1);
        mig_nationality *x = &w->nats[k];
        x->departure_multiplier = n->departure_multiplier;
        x->money_mean = n->money_mean;
        x->money_sd = n->money_sd;
        x->displacement = n->displacement;
        x->rush = n->rush;
        x->proj.persistence = n->proj.persistence;  /* parameters; the rest of the projection is the scenario's */
        x->proj.sigma = n->proj.sigma;
        for (int ch = 0; ch < x->n_channels; ch++) {
            x->channels[ch].days = n->channels[ch].days;
            x->channels[ch].weight = n->channels[ch].weight;
            x->channels[ch].cost = n->channels[ch].cost;
            x->channels[ch].open = n->channels[ch].open;
            x->channels[ch].rush_until = n->channels[ch].rush_until;
        }
    }
    READ_ARRAY(g, ng);
    for (int i = 0; i < ng; i++) {
        w->groups[i].capacity = g[i].capacity;
        w->groups[i].price_factor = g[i].price_factor;
        w->groups[i].skill = g[i].skill;
        w->groups[i].members = g[i].members;
    }
    r.at += (size_t)w->n_measures * sizeof(mig_measure);  /* the scenario's own, rebuilt on load */
    if (r.bad || r.at > r.n) {
        snprintf(err, MIG_ERR_LEN, "the checkpoint is damaged or was cut short");
        goto done;
    }
    /* The shares are checked as a pair first: the setter sees them one at a time. */
    for (int i = 0; i < nb; i++) {
        double p = w->borders[i].pushback_share, q = w->borders[i].registration_share;
        if (!(p >= 0 && q >= 0 && p + q <= 1 + 1e-9)) {
            snprintf(err, MIG_ERR_LEN, "the checkpoint holds impossible shares at %s", w->borders[i].name);
            goto done;
        }
    }
    *err = 0;
    void *ctx[2] = { w, err };
    mig_world_each_param(w, keep_param, ctx);
    if (*err)
        goto done;
    for (int i = 0; i < nr; i++)
        w->routes[i].days = mig_route_days(w, &w->routes[i]);
    *rp = r;
    rc = 0;
done:
    free(c);
    free(l);
    free(ro);
    free(b);
    free(g);
    free(n);
    return rc;
}

/* A native run's state, from the reader at rp. */
/* The checkpoint's head: it must be of this scenario as it loads now, at a day of
 * its run, into a run not started. Sets *today. */
static int restore_head(mig_reader *rp, const mig_run *run, int *today, char *err)
{
    const mig_world *w = run->world;
    mig_reader r = *rp;
    uint64_t head[13];
    READ_ARRAY(head, 13);
    const uint64_t want[] = {
        run->seed, (uint64_t)run->start_day, (uint64_t)run->n_days, (uint64_t)run->report_from,
        head[4], (uint64_t)run->layout.size, (uint64_t)w->n_countries, (uint64_t)w->n_locations,
        (uint64_t)w->n_routes, (uint64_t)w->n_borders, (uint64_t)w->n_nats, (uint64_t)w->n_groups,
        (uint64_t)w->n_measures,
    };
    if (r.bad || memcmp(head, want, sizeof want) != 0 || run->today != 0) {
        snprintf(err, MIG_ERR_LEN, "the checkpoint does not fit the scenario as it loads now (other dates, seed or "
                                   "world)");
        return -1;
    }
    *today = (int)head[4];
    if (*today < 1 || *today > run->n_days) {
        snprintf(err, MIG_ERR_LEN, "the checkpoint's day (%d) is outside its run", *today);
        return -1;
    }
    *rp = r;
    return 0;
}

/* The run's counters, border risks and tallies up to today. */
static void restore_tallies(mig_reader *rp, mig_run *run, int today)
{
    mig_reader r = *rp;
    uint64_t counts[5];
    READ_ARRAY(counts, 5);
    run->departed = counts[0];
    run->arrived = counts[1];
    run->returned = counts[2];
    run->detained = counts[3];
    run->ended_in_store = counts[4];
    READ_ARRAY(run->risk, run->world->n_borders);
    READ_ARRAY(run->tally, (size_t)today * (size_t)run->layout.size);
    READ_ARRAY(run->demand_used, (size_t)today * (size_t)run->world->n_nats);
    READ_ARRAY(run->cum, run->layout.size);
    *rp = r;
}

/* The event log, logged again on the days it was. */
static int restore_events(const mig_ckpt *c, mig_reader *rp, mig_run *run, int today, char *err)
{
    mig_reader r = *rp;
    uint64_t n_events = mig_read_u64(&r);
    if (r.bad || n_events > (c->n - r.at) / sizeof(mig_event)) {
        snprintf(err, MIG_ERR_LEN, "the checkpoint is damaged (events)");
        return -1;
    }
    for (uint64_t i = 0; i < n_events; i++) {
        mig_event e;
        READ_ARRAY(&e, 1);
        e.label[sizeof e.label - 1] = 0;
        if (e.day < run->start_day || e.day > run->start_day + today) {
            snprintf(err, MIG_ERR_LEN, "the checkpoint is damaged (an event outside the days run)");
            return -1;
        }
        if (e.kind < 0 || e.kind >= MIG_N_EVENT_KINDS)
            e.kind = MIG_EVENT_POLICY;
        mig_event_facts_sanitize(&e.facts);
        if (mig_run_add_event(run, &e)) {
            snprintf(err, MIG_ERR_LEN, "out of memory");
            return -1;
        }
    }
    *rp = r;
    return 0;
}

/* The agents' columns (checked against the world by check_agents once all is read). */
static int restore_agents(const mig_ckpt *c, mig_reader *rp, mig_agents *A, char *err)
{
    mig_reader r = *rp;
    uint64_t n = mig_read_u64(&r);
    if (r.bad || n > (c->n - r.at) / 28 + 1) {
        snprintf(err, MIG_ERR_LEN, "the checkpoint is damaged (agents)");
        return -1;
    }
    if (mig_agents_reserve(A, (size_t)n)) {
        snprintf(err, MIG_ERR_LEN, "out of memory restoring %llu agents", (unsigned long long)n);
        return -1;
    }
    READ_ARRAY(A->key, n);
    READ_ARRAY(A->where, n);
    READ_ARRAY(A->days_left, n);
    READ_ARRAY(A->depart_day, n);
    READ_ARRAY(A->money, n);
    READ_ARRAY(A->state, n);
    READ_ARRAY(A->nat, n);
    READ_ARRAY(A->channel, n);
    READ_ARRAY(A->dest, n);
    READ_ARRAY(A->attempts, n);
    READ_ARRAY(A->flags, n);
    READ_ARRAY(A->group, n);
    A->n = (size_t)n;
    *rp = r;
    return 0;
}

/* The smuggling groups' state, its days checked against today. */
static int restore_smuggling(mig_reader *rp, mig_smuggling *s, const mig_world *w, int today, char *err)
{
    size_t G = (size_t)w->n_groups, C = (size_t)w->n_countries;
    mig_reader r = *rp;
    READ_ARRAY(s->active, G);
    READ_ARRAY(s->generation, G);
    READ_ARRAY(s->vacant_since, G);
    READ_ARRAY(s->active_since, G);
    READ_ARRAY(s->unmet_since, G);
    READ_ARRAY(s->intel, G * C);
    READ_ARRAY(s->reports, (size_t)today * G * C);
    READ_ARRAY(s->pending_intel, C);
    for (size_t g = 0; g < G; g++)
        if (s->generation[g] < 0 || s->generation[g] > today || s->vacant_since[g] < -1 ||
            s->vacant_since[g] > today || s->active_since[g] < 0 || s->active_since[g] > today) {
            snprintf(err, MIG_ERR_LEN, "the checkpoint is damaged (smuggling group %zu)", g);
            return -1;
        }
    int64_t delivered = (int64_t)mig_read_u64(&r);
    if (delivered < -1 || delivered >= today) {
        snprintf(err, MIG_ERR_LEN, "the checkpoint is damaged (network deliveries)");
        return -1;
    }
    s->delivered_upto = (int)delivered;
    *rp = r;
    return 0;
}

/* Every index the state holds must point inside the world: a checkpoint is
 * checked by its checksum, but it is still input. */
static int check_agents(const mig_agents *A, const mig_world *w, char *err)
{
    size_t G = (size_t)w->n_groups;
    for (size_t i = 0; i < A->n; i++) {
        int ok = A->state[i] < MIG_N_STATES && A->nat[i] < w->n_nats && A->dest[i] < w->n_dests &&
                 A->channel[i] < MIG_MAX_CHANNELS && A->group[i] <= G;
        if (ok && (A->state[i] == MIG_ST_TRAVELLING))
            ok = A->where[i] >= 0 && A->where[i] < w->n_routes;
        else if (ok && A->state[i] != MIG_ST_ARRIVED && A->state[i] != MIG_ST_RETURNED &&
                 A->state[i] != MIG_ST_DETAINED)
            ok = A->where[i] >= 0 && A->where[i] < w->n_locations;
        if (!ok) {
            snprintf(err, MIG_ERR_LEN, "the checkpoint is damaged (agent %zu out of range)", i);
            return -1;
        }
    }
    return 0;
}

static int restore_native(mig_ckpt *c, mig_reader *rp, mig_run *run, char *err)
{
    mig_reader r = *rp;
    int today;
    if (restore_head(&r, run, &today, err) || restore_world(&r, run->world, err))
        return -1;
    restore_tallies(&r, run, today);
    if (restore_events(c, &r, run, today, err) || restore_agents(c, &r, &run->agents, err) ||
        restore_smuggling(&r, &run->smug, run->world, today, err))
        return -1;
    if (r.bad) {
        snprintf(err, MIG_ERR_LEN, "the checkpoint is damaged or was cut short");
        return -1;
    }
    run->today = today;
    if (check_agents(&run->agents, run->world, err))
        return -1;
    *rp = r;
    return 0;
}

int mig_checkpoint_restore(mig_ckpt *c, mig_single *s, char *err)
{
    if (c->engine != s->engine) {
        snprintf(err, MIG_ERR_LEN, "the checkpoint is of a %s run; the scenario now makes a %s run, which it cannot "
                                   "continue", mig_engine_names[c->engine], mig_engine_names[s->engine]);
        return -1;
    }
    mig_reader r = { c->data, c->n - 32, c->body, 0 };
    if (s->engine == MIG_ENGINE_FLEE ? mig_flee_state_restore(s->flee, &r, err) : restore_native(c, &r, s->run, err))
        return -1;
    if (mig_host_restore(s->h, &r, err))
        return -1;
    if (r.at != r.n) {
        snprintf(err, MIG_ERR_LEN, "the checkpoint has %zu bytes too many", r.n - r.at);
        return -1;
    }
    return 0;
}
