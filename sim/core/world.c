/* world.c: building, checking and parameterising the world (see world.h). */
#include "world.h"
#include "suggest.h"
#include "date.h"
#include "utf8.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

const char *const mig_loc_kind_names[MIG_N_LOC_KINDS] = {
    "origin", "airport", "city", "border_area", "reception", "destination"
};
const char *const mig_mode_names[MIG_N_MODES] = { "air", "road", "foot", "sea", "river" };

/* Defaults: documented with their basis in docs/model.md. */
static const mig_params default_params = {
    .agent_weight = 1.0,
    .move_prob = { 1.0, 1.0, 0.35, 0.25, 0.35, 0.5 },
    .speed = { 5000.0, 400.0, 25.0, 150.0, 40.0 },
    .route_km_scale = 150.0,
    .risk_aversion = 2.0,
    .risk_memory = 0.9,
    .give_up_prob = 0.01,
    .choice_stay = 1.3862943611198906,  /* log(4): a free, equally long alternative draws 1 in 5, as displacement 0.2 */
    .choice_cost = 1.0,
    .choice_days = 0.5,
    .price_elasticity = 0.5,
    .wait_if_full = 0.5,
    .arrest_rate = 0.14,
    .intel_per_detection = 1.0,
    .intel_half_life = 60.0,
    .threshold = 800.0,
    .replacement_days = 60.0,
    .replacement_min_days = 14.0,
    .exploitation_rate = 0.01,
    .vulnerable_money = 300.0,
    .vulnerable_days = 14.0,
    .release_prob = 1.0 / 30.0,
    .network_delay_days = 0.0,
    .demand_uncertainty = 1.0,
    .closure_wait_days = 14.0,
    .closure_give_up = 0.3,
};

static int grow(void **arr, int *cap, int n, size_t elem)
{
    if (n < *cap)
        return 0;
    int ncap = *cap ? *cap * 2 : 16;
    void *p = realloc(*arr, (size_t)ncap * elem);
    if (!p)
        return -1;
    /* New slots start all zero, padding and unused name bytes included: checkpoints
     * write these structures as they are. */
    memset((char *)p + (size_t)*cap * elem, 0, (size_t)(ncap - *cap) * elem);
    *arr = p;
    *cap = ncap;
    return 0;
}

/* Names longer than their field are cut between characters (they go into JSON). */
static void copy_id(char *dst, const char *src, size_t n)
{
    mig_utf8_copy(dst, n, src ? src : "");
}

mig_world *mig_world_new(void)
{
    mig_world *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->params = default_params;
    w->nats = calloc(MIG_MAX_NATIONALITIES, sizeof *w->nats);
    if (!w->nats) {
        free(w);
        return NULL;
    }
    return w;
}

void mig_world_free(mig_world *w)
{
    if (!w)
        return;
    for (int i = 0; i < w->n_nats; i++)
        free(w->nats[i].demand);
    free(w->nats);
    free(w->countries);
    free(w->locations);
    free(w->routes);
    free(w->borders);
    free(w->groups);
    free(w->measures);
    free(w->dist);
    free(w->out_start);
    free(w->out_routes);
    free(w->loc_hash);
    free(w->route_hash);
    free(w);
}

int mig_world_find_country(const mig_world *w, const char *code)
{
    for (int i = 0; i < w->n_countries; i++)
        if (strcmp(w->countries[i].code, code) == 0)
            return i;
    return -1;
}

/* Hash indexes of locations by id and routes by their ends, so that building a
 * world of n locations and routes takes O(n), not O(n^2) (40,000 of each took 11 s). */
static uint64_t hash_bytes(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 1099511628211ULL;  /* FNV-1a */
    return h;
}

static uint64_t location_hash(const char *id) { return hash_bytes(14695981039346656037ULL, id, strlen(id)); }

static uint64_t route_hash(int from, int to, int mode)
{
    int key[3] = { from, to, mode };
    return hash_bytes(14695981039346656037ULL, key, sizeof key);
}

/* Insert item (an index) under hash h into table[cap] (a power of two). */
static void hash_put(int *table, int cap, uint64_t h, int item)
{
    size_t i = (size_t)h & (size_t)(cap - 1);
    while (table[i])
        i = (i + 1) & (size_t)(cap - 1);
    table[i] = item + 1;
}

/* Make room for one more of n items at most half full; rebuilds from scratch. */
static int hash_reserve(mig_world *w, int **table, int *cap, int n, int routes)
{
    if (2 * (n + 1) <= *cap)
        return 0;
    int ncap = *cap ? *cap : 64;
    while (2 * (n + 1) > ncap)
        ncap *= 2;
    int *t = calloc((size_t)ncap, sizeof *t);
    if (!t)
        return -1;
    for (int i = 0; i < n; i++)
        hash_put(t, ncap, routes ? route_hash(w->routes[i].from, w->routes[i].to, (int)w->routes[i].mode)
                                 : location_hash(w->locations[i].id), i);
    free(*table);
    *table = t;
    *cap = ncap;
    return 0;
}

int mig_world_find_location(const mig_world *w, const char *id)
{
    if (!w->loc_hash_cap)
        return -1;
    for (size_t i = (size_t)location_hash(id) & (size_t)(w->loc_hash_cap - 1); w->loc_hash[i];
         i = (i + 1) & (size_t)(w->loc_hash_cap - 1))
        if (strcmp(w->locations[w->loc_hash[i] - 1].id, id) == 0)
            return w->loc_hash[i] - 1;
    return -1;
}

static int find_route(const mig_world *w, int from, int to, int mode)
{
    if (!w->route_hash_cap)
        return -1;
    for (size_t i = (size_t)route_hash(from, to, mode) & (size_t)(w->route_hash_cap - 1); w->route_hash[i];
         i = (i + 1) & (size_t)(w->route_hash_cap - 1)) {
        const mig_route *r = &w->routes[w->route_hash[i] - 1];
        if (r->from == from && r->to == to && (int)r->mode == mode)
            return w->route_hash[i] - 1;
    }
    return -1;
}

int mig_world_find_nationality(const mig_world *w, const char *code)
{
    for (int i = 0; i < w->n_nats; i++)
        if (strcmp(w->nats[i].code, code) == 0)
            return i;
    return -1;
}

int mig_world_find_border(const mig_world *w, int from_country, int to_country)
{
    for (int i = 0; i < w->n_borders; i++)
        if (w->borders[i].from_country == from_country && w->borders[i].to_country == to_country)
            return i;
    return -1;
}

int mig_world_find_border_named(const mig_world *w, const char *name)
{
    for (int i = 0; i < w->n_borders; i++)
        if (strcmp(w->borders[i].name, name) == 0)
            return i;
    return -1;
}

int mig_world_find_group(const mig_world *w, const char *id)
{
    for (int i = 0; i < w->n_groups; i++)
        if (strcmp(w->groups[i].id, id) == 0)
            return i;
    return -1;
}

int mig_group_operates_in(const mig_world *w, int g, int c)
{
    const mig_group *gr = &w->groups[g];
    if (gr->base == c)
        return 1;
    for (int k = 0; k < gr->n_borders; k++) {
        const mig_border *b = &w->borders[gr->borders[k]];
        if (b->from_country == c || b->to_country == c)
            return 1;
    }
    return 0;
}

int mig_world_find_channel(const mig_world *w, int nat, const char *name)
{
    const mig_nationality *g = &w->nats[nat];
    for (int i = 0; i < g->n_channels; i++)
        if (strcmp(g->channels[i].name, name) == 0)
            return i;
    return -1;
}

static int parse_enum(const char *s, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

static void list_names(char *buf, size_t n, const char *const *names, int count)
{
    buf[0] = 0;
    for (int i = 0; i < count; i++) {
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, "%s%s", i ? ", " : "", names[i]);
    }
}

static int valid_code(const char *s, size_t len)
{
    if (strlen(s) != len)
        return 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] < 'A' || s[i] > 'Z')
            return 0;
    return 1;
}

static int valid_id(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n >= MIG_ID_LEN)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '.' || s[i] == '"' || s[i] == '\\' || s[i] == '>' || s[i] == ':' || (unsigned char)s[i] < 32)
            return 0;
    return 1;
}

int mig_world_add_country(mig_world *w, const char *code, const char *name, int eu, int schengen,
                          char *err)
{
    if (!valid_code(code, 2)) {
        snprintf(err, MIG_ERR_LEN, "country code '%s' is not an ISO 3166 alpha-2 code (two capitals)", code);
        return -1;
    }
    if (mig_world_find_country(w, code) >= 0) {
        snprintf(err, MIG_ERR_LEN, "country '%s' is defined twice", code);
        return -1;
    }
    if (grow((void **)&w->countries, &w->cap_countries, w->n_countries, sizeof *w->countries))
        goto oom;
    mig_country *c = &w->countries[w->n_countries];
    memset(c, 0, sizeof *c);
    copy_id(c->code, code, sizeof c->code);
    copy_id(c->name, name ? name : code, sizeof c->name);
    c->eu = eu;
    c->schengen = schengen;
    c->abscond_prob = 0.2;
    c->asylum_prob = eu ? 1.0 : 0.0;
    c->threshold_factor = 1.0;
    w->finalized = 0;
    return w->n_countries++;
oom:
    snprintf(err, MIG_ERR_LEN, "out of memory");
    return -1;
}

int mig_world_add_location(mig_world *w, const char *id, const char *name, const char *country,
                           const char *kind, double lat, double lon, char *err)
{
    if (!valid_id(id)) {
        snprintf(err, MIG_ERR_LEN, "location id '%s' must be 1-%d characters without '.', '>', ':', quotes or control characters",
                 id, MIG_ID_LEN - 1);
        return -1;
    }
    if (mig_world_find_location(w, id) >= 0) {
        snprintf(err, MIG_ERR_LEN, "location '%s' is defined twice", id);
        return -1;
    }
    int c = mig_world_find_country(w, country);
    if (c < 0) {
        snprintf(err, MIG_ERR_LEN, "location '%s': unknown country '%s' (define it with country{} first)", id, country);
        return -1;
    }
    int k = parse_enum(kind, mig_loc_kind_names, MIG_N_LOC_KINDS);
    if (k < 0) {
        char names[160];
        list_names(names, sizeof names, mig_loc_kind_names, MIG_N_LOC_KINDS);
        snprintf(err, MIG_ERR_LEN, "location '%s': unknown kind '%s' (one of: %s)", id, kind, names);
        return -1;
    }
    if (!(lat >= -90 && lat <= 90) || !(lon >= -180 && lon <= 180)) {
        snprintf(err, MIG_ERR_LEN, "location '%s': lat/lon (%g, %g) out of range", id, lat, lon);
        return -1;
    }
    if (w->n_locations >= 65535) {
        snprintf(err, MIG_ERR_LEN, "too many locations (65535 at most)");
        return -1;
    }
    if (grow((void **)&w->locations, &w->cap_locations, w->n_locations, sizeof *w->locations) ||
        hash_reserve(w, &w->loc_hash, &w->loc_hash_cap, w->n_locations, 0)) {
        snprintf(err, MIG_ERR_LEN, "out of memory");
        return -1;
    }
    mig_location *l = &w->locations[w->n_locations];
    memset(l, 0, sizeof *l);
    copy_id(l->id, id, sizeof l->id);
    copy_id(l->name, name ? name : id, sizeof l->name);
    l->country = c;
    l->kind = (mig_loc_kind)k;
    l->lat = lat;
    l->lon = lon;
    l->move_prob = -1;
    w->finalized = 0;
    hash_put(w->loc_hash, w->loc_hash_cap, location_hash(l->id), w->n_locations);
    return w->n_locations++;
}

int mig_route_days(const mig_world *w, const mig_route *r)
{
    double d = ceil((r->days_given > 0 ? r->days_given : r->km / w->params.speed[r->mode]) - 1e-9);
    return d < 1 ? 1 : d > 65535 ? 65535 : (int)d;  /* clamp in double: a huge km must not wrap */
}

int mig_world_add_route(mig_world *w, const char *from, const char *to, const char *mode,
                        double km, double days, char *err)
{
    int a = mig_world_find_location(w, from), b = mig_world_find_location(w, to);
    if (a < 0 || b < 0) {
        snprintf(err, MIG_ERR_LEN, "route %s -> %s: unknown location '%s'", from, to, a < 0 ? from : to);
        return -1;
    }
    if (a == b) {
        snprintf(err, MIG_ERR_LEN, "route %s -> %s leads nowhere (same location)", from, to);
        return -1;
    }
    int m = parse_enum(mode, mig_mode_names, MIG_N_MODES);
    if (m < 0) {
        char names[100];
        list_names(names, sizeof names, mig_mode_names, MIG_N_MODES);
        snprintf(err, MIG_ERR_LEN, "route %s -> %s: unknown mode '%s' (one of: %s)", from, to, mode, names);
        return -1;
    }
    if (!(km > 0) || !isfinite(km)) {
        snprintf(err, MIG_ERR_LEN, "route %s -> %s: distance must be a positive number of km, got %g", from, to, km);
        return -1;
    }
    if (!(days >= 0 && days <= 365)) {
        snprintf(err, MIG_ERR_LEN, "route %s -> %s: days must be in [0, 365] (0 = from mode speed), got %g",
                 from, to, days);
        return -1;
    }
    if (find_route(w, a, b, m) >= 0) {
        snprintf(err, MIG_ERR_LEN, "route %s -> %s by %s is defined twice", from, to, mode);
        return -1;
    }
    if (grow((void **)&w->routes, &w->cap_routes, w->n_routes, sizeof *w->routes) ||
        hash_reserve(w, &w->route_hash, &w->route_hash_cap, w->n_routes, 1)) {
        snprintf(err, MIG_ERR_LEN, "out of memory");
        return -1;
    }
    int ca = w->locations[a].country, cb = w->locations[b].country;
    int border = -1;
    /* The segment exists as soon as a route crosses it, so its keys can be set at once. */
    if (ca != cb) {
        border = mig_world_find_border(w, ca, cb);
        if (border < 0 && (border = mig_world_add_border(w, w->countries[ca].code, w->countries[cb].code, NULL,
                                                         err)) < 0)
            return -1;
        w->borders[border].crossed = 1;
    }
    mig_route *r = &w->routes[w->n_routes];
    r->from = a;
    r->to = b;
    r->mode = (mig_mode)m;
    r->km = km;
    r->days_given = days;
    r->days = mig_route_days(w, r);
    r->border = border;
    w->finalized = 0;
    hash_put(w->route_hash, w->route_hash_cap, route_hash(a, b, m), w->n_routes);
    return w->n_routes++;
}

int mig_world_add_border(mig_world *w, const char *from, const char *to, const char *where, char *err)
{
    int a = mig_world_find_country(w, from), b = mig_world_find_country(w, to);
    if (a < 0 || b < 0) {
        snprintf(err, MIG_ERR_LEN, "border %s-%s: unknown country '%s'", from, to, a < 0 ? from : to);
        return -1;
    }
    if (a == b) {
        snprintf(err, MIG_ERR_LEN, "border %s-%s: a border joins two different countries", from, to);
        return -1;
    }
    int found = mig_world_find_border(w, a, b);
    if (found >= 0) {
        if (where && *where)
            copy_id(w->borders[found].where, where, sizeof w->borders[found].where);
        return found;
    }
    if (grow((void **)&w->borders, &w->cap_borders, w->n_borders, sizeof *w->borders)) {
        snprintf(err, MIG_ERR_LEN, "out of memory");
        return -1;
    }
    mig_border *bd = &w->borders[w->n_borders];
    memset(bd, 0, sizeof *bd);
    bd->from_country = a;
    bd->to_country = b;
    snprintf(bd->name, sizeof bd->name, "%s-%s", from, to);
    /* A border nobody configured is open: no detection until a scenario says so. */
    bd->detection_prob = 0;
    bd->pushback_share = 1;
    bd->registration_share = 0;
    bd->reception = -1;
    copy_id(bd->where, where, sizeof bd->where);
    w->finalized = 0;
    return w->n_borders++;
}

int mig_world_add_nationality(mig_world *w, const char *code, const char *name, const char *origin,
                              const char *where, char *err)
{
    if (!valid_code(code, 3)) {
        snprintf(err, MIG_ERR_LEN, "nationality code '%s' is not an ISO 3166 alpha-3 code (three capitals)", code);
        return -1;
    }
    if (mig_world_find_nationality(w, code) >= 0) {
        snprintf(err, MIG_ERR_LEN, "nationality '%s' is defined twice", code);
        return -1;
    }
    if (w->n_nats >= MIG_MAX_NATIONALITIES) {
        snprintf(err, MIG_ERR_LEN, "too many nationalities (%d at most)", MIG_MAX_NATIONALITIES);
        return -1;
    }
    int o = mig_world_find_location(w, origin);
    if (o < 0) {
        snprintf(err, MIG_ERR_LEN, "nationality '%s': unknown origin location '%s'", code, origin);
        return -1;
    }
    mig_nationality *g = &w->nats[w->n_nats];
    memset(g, 0, sizeof *g);
    copy_id(g->code, code, sizeof g->code);
    copy_id(g->name, name ? name : code, sizeof g->name);
    copy_id(g->where, where, sizeof g->where);
    g->origin = o;
    g->departure_multiplier = 1;
    g->money_mean = 3000;
    g->money_sd = 1500;
    g->displacement = -1;  /* the choice model; a value in [0, 1] is the fixed share */
    g->rush = 1.0;
    g->demand_start_month = 0;
    w->finalized = 0;
    return w->n_nats++;
}

int mig_world_add_destination(mig_world *w, int nat, const char *loc, double weight, char *err)
{
    mig_nationality *g = &w->nats[nat];
    int l = mig_world_find_location(w, loc);
    if (l < 0) {
        snprintf(err, MIG_ERR_LEN, "nationality '%s': unknown destination '%s'", g->code, loc);
        return -1;
    }
    if (!(weight >= 0) || !isfinite(weight)) {
        snprintf(err, MIG_ERR_LEN, "nationality '%s': destination '%s' weight must be >= 0, got %g",
                 g->code, loc, weight);
        return -1;
    }
    for (int i = 0; i < g->n_dest; i++)
        if (g->dest[i] == l) {
            g->dest_weight[i] = weight;
            return i;
        }
    if (g->n_dest >= MIG_MAX_DESTINATIONS) {
        snprintf(err, MIG_ERR_LEN, "nationality '%s': too many destinations (%d at most)", g->code,
                 MIG_MAX_DESTINATIONS);
        return -1;
    }
    g->dest[g->n_dest] = l;
    g->dest_weight[g->n_dest] = weight;
    w->finalized = 0;
    return g->n_dest++;
}

int mig_world_add_channel(mig_world *w, int nat, const char *name, const char *to, const char *mode,
                          double days, const char *visa_country, char *err)
{
    mig_nationality *g = &w->nats[nat];
    if (!valid_id(name)) {
        snprintf(err, MIG_ERR_LEN, "nationality '%s': bad channel name '%s'", g->code, name);
        return -1;
    }
    if (mig_world_find_channel(w, nat, name) >= 0) {
        snprintf(err, MIG_ERR_LEN, "nationality '%s': channel '%s' is defined twice", g->code, name);
        return -1;
    }
    if (g->n_channels >= MIG_MAX_CHANNELS) {
        snprintf(err, MIG_ERR_LEN, "nationality '%s': too many channels (%d at most)", g->code, MIG_MAX_CHANNELS);
        return -1;
    }
    int l = mig_world_find_location(w, to);
    if (l < 0) {
        snprintf(err, MIG_ERR_LEN, "channel %s/%s: unknown entry location '%s'", g->code, name, to);
        return -1;
    }
    int m = parse_enum(mode, mig_mode_names, MIG_N_MODES);
    if (m < 0) {
        snprintf(err, MIG_ERR_LEN, "channel %s/%s: unknown mode '%s'", g->code, name, mode);
        return -1;
    }
    if (!(days >= 0 && days <= 365)) {
        snprintf(err, MIG_ERR_LEN, "channel %s/%s: days must be in [0, 365], got %g", g->code, name, days);
        return -1;
    }
    int vc = -1;
    if (visa_country && *visa_country) {
        vc = mig_world_find_country(w, visa_country);
        if (vc < 0) {
            snprintf(err, MIG_ERR_LEN, "channel %s/%s: unknown visa country '%s'", g->code, name, visa_country);
            return -1;
        }
    }
    mig_channel *c = &g->channels[g->n_channels];
    memset(c, 0, sizeof *c);
    copy_id(c->name, name, sizeof c->name);
    c->from = g->origin;
    c->to = l;
    c->mode = (mig_mode)m;
    c->days = days;
    c->visa_country = vc;
    c->weight = 1;
    c->open = 1;
    c->rush_until = -1;
    w->finalized = 0;
    return g->n_channels++;
}

static int parse_month(const char *s, int *month_index)
{
    int y, m, n = 0;
    if (!s || strlen(s) != 7)
        return -1;
    for (int i = 0; i < 7; i++)  /* sscanf alone would take "2022-+1" or "2022- 1" */
        if (i != 4 && (s[i] < '0' || s[i] > '9'))
            return -1;
    if (sscanf(s, "%4d-%2d%n", &y, &m, &n) != 2 || n != 7 || m < 1 || m > 12)
        return -1;
    *month_index = y * 12 + m - 1;
    return 0;
}

int mig_world_set_demand(mig_world *w, int nat, const char *start_month, const double *per_day,
                         int n, char *err)
{
    mig_nationality *g = &w->nats[nat];
    int start;
    if (parse_month(start_month, &start)) {
        snprintf(err, MIG_ERR_LEN, "nationality '%s': demand start '%s' is not a month (YYYY-MM)", g->code,
                 start_month ? start_month : "(none)");
        return -1;
    }
    if (n < 1) {
        snprintf(err, MIG_ERR_LEN, "nationality '%s': demand needs at least one value", g->code);
        return -1;
    }
    for (int i = 0; i < n; i++)
        if (!(per_day[i] >= 0) || !isfinite(per_day[i])) {
            snprintf(err, MIG_ERR_LEN, "nationality '%s': demand value %d is %g; it must be >= 0 persons/day",
                     g->code, i + 1, per_day[i]);
            return -1;
        }
    double *copy = malloc((size_t)n * sizeof *copy);
    if (!copy) {
        snprintf(err, MIG_ERR_LEN, "out of memory");
        return -1;
    }
    memcpy(copy, per_day, (size_t)n * sizeof *copy);
    free(g->demand);
    g->demand = copy;
    g->n_demand = n;
    g->demand_start_month = start;
    return 0;
}

int mig_world_add_group(mig_world *w, const char *id, const char *base, const char *const *borders, int n_borders,
                        const char *where, char *err)
{
    if (!valid_id(id)) {
        snprintf(err, MIG_ERR_LEN, "bad smuggling group id '%s' (1 to %d characters, no '.', ':', '>' or quotes)", id,
                 MIG_ID_LEN - 1);
        return -1;
    }
    if (mig_world_find_group(w, id) >= 0) {
        snprintf(err, MIG_ERR_LEN, "smuggling group '%s' is defined twice", id);
        return -1;
    }
    if (w->n_groups >= 65534) {
        snprintf(err, MIG_ERR_LEN, "too many smuggling groups (65534 at most)");
        return -1;
    }
    int c = mig_world_find_country(w, base);
    if (c < 0) {
        snprintf(err, MIG_ERR_LEN, "smuggling group '%s': unknown base country '%s'", id, base);
        return -1;
    }
    if (n_borders < 1 || n_borders > MIG_MAX_GROUP_BORDERS) {
        snprintf(err, MIG_ERR_LEN, "smuggling group '%s' must serve 1 to %d border segments, got %d", id,
                 MIG_MAX_GROUP_BORDERS, n_borders);
        return -1;
    }
    int idx[MIG_MAX_GROUP_BORDERS];
    for (int k = 0; k < n_borders; k++) {
        idx[k] = mig_world_find_border_named(w, borders[k]);
        if (idx[k] < 0) {
            const char *best = NULL;
            size_t best_d = 100;
            for (int b = 0; b < w->n_borders; b++) {
                size_t d = mig_edit_distance(borders[k], w->borders[b].name);
                if (d < best_d) {
                    best_d = d;
                    best = w->borders[b].name;
                }
            }
            if (best && best_d <= 2)
                snprintf(err, MIG_ERR_LEN, "smuggling group '%s': unknown border segment '%s' (did you mean '%s'?)",
                         id, borders[k], best);
            else
                snprintf(err, MIG_ERR_LEN, "smuggling group '%s': unknown border segment '%s' (segments are named "
                                           "FROM-TO by country code, e.g. 'RS-HU', and exist once a route crosses them)",
                         id, borders[k]);
            return -1;
        }
        for (int j = 0; j < k; j++)
            if (idx[j] == idx[k]) {
                snprintf(err, MIG_ERR_LEN, "smuggling group '%s' lists segment '%s' twice", id, borders[k]);
                return -1;
            }
    }
    if (grow((void **)&w->groups, &w->cap_groups, w->n_groups, sizeof *w->groups)) {
        snprintf(err, MIG_ERR_LEN, "out of memory");
        return -1;
    }
    mig_group *g = &w->groups[w->n_groups];
    memset(g, 0, sizeof *g);
    copy_id(g->id, id, sizeof g->id);
    copy_id(g->where, where, sizeof g->where);
    g->base = c;
    g->n_borders = n_borders;
    memcpy(g->borders, idx, (size_t)n_borders * sizeof *idx);
    g->capacity = 10;
    g->price_factor = 1;
    g->skill = 0.5;
    g->members = 10;
    w->finalized = 0;
    return w->n_groups++;
}

int mig_world_add_measure(mig_world *w, int nat, int start_day, int ramp_days, double factor, char *err)
{
    if (!(factor >= 0 && factor <= 1e6)) {
        snprintf(err, MIG_ERR_LEN, "origin measure for %s: factor must be in [0, 1e6], got %g", w->nats[nat].code,
                 factor);
        return -1;
    }
    if (ramp_days < 0) {
        snprintf(err, MIG_ERR_LEN, "origin measure for %s: ramp_days must be >= 0, got %d", w->nats[nat].code,
                 ramp_days);
        return -1;
    }
    if (grow((void **)&w->measures, &w->cap_measures, w->n_measures, sizeof *w->measures)) {
        snprintf(err, MIG_ERR_LEN, "out of memory");
        return -1;
    }
    w->measures[w->n_measures] = (mig_measure){ nat, start_day, ramp_days, factor };
    return w->n_measures++;
}

double mig_world_measures(const mig_world *w, int nat, int day)
{
    double f = 1;
    for (int i = 0; i < w->n_measures; i++) {
        const mig_measure *m = &w->measures[i];
        if (m->nat != nat || day < m->start_day)
            continue;
        /* Day 0 of the ramp already moves one step of ramp_days + 1; 0 = at once. */
        double x = m->ramp_days > 0 ? (double)(day - m->start_day + 1) / (double)(m->ramp_days + 1) : 1;
        if (x > 1)
            x = 1;
        f *= 1 + (m->factor - 1) * x;
    }
    return f;
}

double mig_world_demand(const mig_world *w, int nat, int day)
{
    const mig_nationality *g = &w->nats[nat];
    if (g->n_demand == 0)
        return 0;
    int y, m;
    mig_date_ym(day, &y, &m);
    int i = y * 12 + m - 1 - g->demand_start_month;
    if (i < 0)
        return 0;   /* before the series starts nobody is counted as leaving */
    if (i >= g->n_demand)
        i = g->n_demand - 1;
    return g->demand[i] * g->departure_multiplier * mig_world_measures(w, nat, day);
}

void mig_world_set_visa_free(mig_world *w, int c, int nat, int free_)
{
    uint64_t bit = (uint64_t)1 << nat;
    if (free_)
        w->countries[c].visa_free |= bit;
    else
        w->countries[c].visa_free &= ~bit;
}

void mig_world_least_cost_to(const mig_world *w, int target, const double *route_cost, double *cost, char *done)
{
    /* Dijkstra on the reversed graph; O(V^2 + VE) is plenty for route networks of
     * a few hundred nodes, even daily. */
    int n = w->n_locations;
    for (int i = 0; i < n; i++) {
        cost[i] = INFINITY;
        done[i] = 0;
    }
    cost[target] = 0;
    for (;;) {
        int u = -1;
        for (int i = 0; i < n; i++)
            if (!done[i] && isfinite(cost[i]) && (u < 0 || cost[i] < cost[u]))
                u = i;
        if (u < 0)
            break;
        done[u] = 1;
        for (int r = 0; r < w->n_routes; r++) {
            const mig_route *rt = &w->routes[r];
            if (rt->to == u && cost[u] + route_cost[r] < cost[rt->from])
                cost[rt->from] = cost[u] + route_cost[r];
        }
    }
}

static int world_oom(char *err)
{
    snprintf(err, MIG_ERR_LEN, "out of memory");
    return -1;
}

static int check_borders(const mig_world *w, char *err)
{
    for (int b = 0; b < w->n_borders; b++) {
        const mig_border *bd = &w->borders[b];
        if (!bd->crossed) {
            snprintf(err, MIG_ERR_LEN, "%sborder %s: no route crosses it (define a route between the two countries)",
                     bd->where, bd->name);
            return -1;
        }
        if (bd->pushback_share + bd->registration_share > 1 + 1e-9) {
            snprintf(err, MIG_ERR_LEN, "%sborder %s: pushback_share + registration_share = %g exceeds 1",
                     bd->where, bd->name, bd->pushback_share + bd->registration_share);
            return -1;
        }
        if (bd->reception >= 0 && w->locations[bd->reception].country != bd->to_country) {
            snprintf(err, MIG_ERR_LEN, "%sborder %s: reception '%s' is not in %s", bd->where, bd->name,
                     w->locations[bd->reception].id, w->countries[bd->to_country].code);
            return -1;
        }
    }
    return 0;
}

/* A group's segments need a price to sell at. */
static int check_group_prices(const mig_world *w, char *err)
{
    for (int g = 0; g < w->n_groups; g++) {
        const mig_group *gr = &w->groups[g];
        for (int k = 0; k < gr->n_borders; k++) {
            const mig_border *bd = &w->borders[gr->borders[k]];
            if (!(bd->smuggling_price > 0)) {
                snprintf(err, MIG_ERR_LEN, "%ssmuggling group '%s' serves %s, which has no smuggling_price: set "
                                           "border{ ..., smuggling_price = EUR } (data/smuggling_prices.csv)",
                         gr->where, gr->id, bd->name);
                return -1;
            }
        }
    }
    return 0;
}

/* Outgoing routes of each location, in definition order (CSR). */
static int derive_out_routes(mig_world *w, char *err)
{
    free(w->out_start);
    free(w->out_routes);
    w->out_start = calloc((size_t)w->n_locations + 1, sizeof *w->out_start);
    w->out_routes = malloc(((size_t)w->n_routes + 1) * sizeof *w->out_routes);
    if (!w->out_start || !w->out_routes)
        return world_oom(err);
    for (int r = 0; r < w->n_routes; r++)
        w->out_start[w->routes[r].from + 1]++;
    for (int i = 0; i < w->n_locations; i++)
        w->out_start[i + 1] += w->out_start[i];
    int *fill = calloc((size_t)w->n_locations, sizeof *fill);
    if (!fill)
        return world_oom(err);
    for (int r = 0; r < w->n_routes; r++) {
        int f = w->routes[r].from;
        w->out_routes[w->out_start[f] + fill[f]++] = r;
    }
    free(fill);
    return 0;
}

/* The distinct destinations of all nationalities, in first-named order. */
static int derive_destinations(mig_world *w, char *err)
{
    w->n_dests = 0;
    for (int n = 0; n < w->n_nats; n++) {
        const mig_nationality *g = &w->nats[n];
        for (int d = 0; d < g->n_dest; d++) {
            int found = 0;
            for (int k = 0; k < w->n_dests; k++)
                found |= w->dest_loc[k] == g->dest[d];
            if (!found) {
                if (w->n_dests >= MIG_MAX_DESTINATIONS) {
                    snprintf(err, MIG_ERR_LEN, "too many distinct destinations (%d at most)", MIG_MAX_DESTINATIONS);
                    return -1;
                }
                w->dest_loc[w->n_dests++] = g->dest[d];
            }
        }
    }
    return 0;
}

/* Kilometres from every location to each destination (w->dist, by destination). */
static int derive_distances(mig_world *w, char *err)
{
    free(w->dist);
    w->dist = malloc((size_t)(w->n_dests ? w->n_dests : 1) * (size_t)w->n_locations * sizeof *w->dist);
    char *done = malloc((size_t)w->n_locations + 1);
    double *km = malloc(((size_t)w->n_routes + 1) * sizeof *km);
    if (!w->dist || !done || !km) {
        free(done);
        free(km);
        return world_oom(err);
    }
    for (int r = 0; r < w->n_routes; r++)
        km[r] = w->routes[r].km;
    for (int k = 0; k < w->n_dests; k++)
        mig_world_least_cost_to(w, w->dest_loc[k], km, w->dist + (size_t)k * (size_t)w->n_locations, done);
    free(done);
    free(km);
    return 0;
}

/* A reception people are taken to must have a way on to some destination. */
static int check_receptions(const mig_world *w, char *err)
{
    for (int b = 0; b < w->n_borders; b++) {
        int rec = w->borders[b].reception, ok = rec < 0;
        for (int k = 0; !ok && k < w->n_dests; k++)
            ok = isfinite(w->dist[(size_t)k * (size_t)w->n_locations + (size_t)rec]);
        if (!ok) {
            snprintf(err, MIG_ERR_LEN, "%sborder %s: no route leads on from its reception '%s' to any destination: "
                                       "registered people would stay there for ever", w->borders[b].where,
                     w->borders[b].name, w->locations[rec].id);
            return -1;
        }
    }
    return 0;
}

/* Every group needs a way in and a place to go that some way in reaches. */
static int check_nationality(const mig_world *w, const mig_nationality *g, char *err)
{
    if (g->n_channels == 0) {
        snprintf(err, MIG_ERR_LEN, "%snationality %s has no entry channel", g->where, g->code);
        return -1;
    }
    double wsum = 0;
    for (int c = 0; c < g->n_channels; c++)
        wsum += g->channels[c].weight;
    if (!(wsum > 0)) {
        snprintf(err, MIG_ERR_LEN, "%snationality %s: channel weights sum to 0", g->where, g->code);
        return -1;
    }
    double dsum = 0;
    for (int d = 0; d < g->n_dest; d++)
        dsum += g->dest_weight[d];
    if (g->n_dest == 0 || !(dsum > 0)) {
        snprintf(err, MIG_ERR_LEN, "%snationality %s has no destination with a weight above 0", g->where, g->code);
        return -1;
    }
    for (int d = 0; d < g->n_dest; d++) {
        int k = 0;
        while (w->dest_loc[k] != g->dest[d])
            k++;
        int reachable = 0;
        for (int c = 0; c < g->n_channels; c++)
            reachable |= isfinite(w->dist[(size_t)k * (size_t)w->n_locations + (size_t)g->channels[c].to]);
        if (!reachable) {
            snprintf(err, MIG_ERR_LEN, "%snationality %s: no route reaches destination '%s' from any entry channel",
                     g->where, g->code, w->locations[g->dest[d]].id);
            return -1;
        }
    }
    return 0;
}

int mig_world_finalize(mig_world *w, char *err)
{
    if (w->n_nats == 0) {
        snprintf(err, MIG_ERR_LEN, "the world has no nationality groups: nobody can depart");
        return -1;
    }
    for (int r = 0; r < w->n_routes; r++)
        w->routes[r].days = mig_route_days(w, &w->routes[r]);
    if (check_borders(w, err) || check_group_prices(w, err) || derive_out_routes(w, err) ||
        derive_destinations(w, err) || derive_distances(w, err) || check_receptions(w, err))
        return -1;
    for (int n = 0; n < w->n_nats; n++)
        if (check_nationality(w, &w->nats[n], err))
            return -1;
    w->finalized = 1;
    return 0;
}

/* n records of size bytes at a and b the same but for their where field (where_at,
 * where_len bytes into each): the bytes before it and after it compared. memcmp is
 * exact because every element was zeroed before it was filled (grow, and the
 * builders' memset), padding included. */
static int same_but_where(const void *a, const void *b, int n, size_t size, size_t where_at, size_t where_len)
{
    const unsigned char *x = a, *y = b;
    for (int i = 0; i < n; i++, x += size, y += size)
        if (memcmp(x, y, where_at) != 0 ||
            memcmp(x + where_at + where_len, y + where_at + where_len, size - where_at - where_len) != 0)
            return 0;
    return 1;
}

static int same_borders(const mig_world *a, const mig_world *b)
{
    return same_but_where(a->borders, b->borders, a->n_borders, sizeof(mig_border), offsetof(mig_border, where),
                          sizeof a->borders[0].where);
}

static int same_groups(const mig_world *a, const mig_world *b)
{
    return same_but_where(a->groups, b->groups, a->n_groups, sizeof(mig_group), offsetof(mig_group, where),
                          sizeof a->groups[0].where);
}

static int same_nats(const mig_world *a, const mig_world *b)
{
    for (int i = 0; i < a->n_nats; i++) {
        mig_nationality x, y;
        memcpy(&x, &a->nats[i], sizeof x);  /* padding included, as assignment might not */
        memcpy(&y, &b->nats[i], sizeof y);
        x.demand = y.demand = NULL;
        x.n_demand = y.n_demand = 0;
        x.demand_start_month = y.demand_start_month = 0;
        /* The projection is demand data but for its two parameters. */
        mig_projection px = x.proj, py = y.proj;
        memset(&x.proj, 0, sizeof x.proj);
        memset(&y.proj, 0, sizeof y.proj);
        x.proj.persistence = px.persistence;
        x.proj.sigma = px.sigma;
        y.proj.persistence = py.persistence;
        y.proj.sigma = py.sigma;
        memset(x.where, 0, sizeof x.where);
        memset(y.where, 0, sizeof y.where);
        if (memcmp(&x, &y, sizeof x) != 0)
            return 0;
    }
    return 1;
}

int mig_world_same_state(const mig_world *a, const mig_world *b)
{
    if (a->n_countries != b->n_countries || a->n_locations != b->n_locations || a->n_routes != b->n_routes ||
        a->n_borders != b->n_borders || a->n_nats != b->n_nats || a->n_groups != b->n_groups)
        return 0;
    return memcmp(&a->params, &b->params, sizeof a->params) == 0 &&
           memcmp(a->countries, b->countries, (size_t)a->n_countries * sizeof *a->countries) == 0 &&
           memcmp(a->locations, b->locations, (size_t)a->n_locations * sizeof *a->locations) == 0 &&
           memcmp(a->routes, b->routes, (size_t)a->n_routes * sizeof *a->routes) == 0 && same_borders(a, b) &&
           same_groups(a, b) && same_nats(a, b);
}
