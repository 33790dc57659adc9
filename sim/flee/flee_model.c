/* flee_model.c: the Flee model in memory: settings with Flee's defaults and
 * ranges, the builders the readers and Lua use, and the pre-run check. */
#include "flee.h"
#include "suggest.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *const mig_flee_type_names[MIG_FLEE_N_TYPES] = {
    "town", "conflict_zone", "camp", "idpcamp", "forwarding_hub", "marker",
};

const char *const mig_flee_close_names[MIG_FLEE_N_CLOSE] = {
    "country", "location", "link", "camp", "idpcamp", "remove_forced_redirection",
};

void mig_flee_settings_default(mig_flee_settings *s)
{
    memset(s, 0, sizeof *s);
    s->max_move_speed = 360.0;
    s->max_walk_speed = 35.0;
    s->foreign_weight = 1.0;
    s->camp_weight = 1.0;
    s->conflict_weight = 1.0 / 3.16227766017;  /* Flee's own sqrt_ten constant */
    s->conflict_movechance = 1.0;
    s->camp_movechance = 0.001;
    s->idpcamp_movechance = 0.1;
    s->default_movechance = 0.3;
    s->awareness_level = 1;
    s->capacity_buffer = 0.9;
    s->capacity_scaling = 1.0;
    s->softening = 10.0;
    s->weight_softening = 0.0;
    s->weight_power = 1.0;
    s->distance_power = 1.0;
    s->pruning_threshold = 1.0;
    s->start_on_foot = 0;
    s->avoid_short_stints = 0;
    s->movechance_pop_base = 10000.0;
    s->movechance_pop_scale_factor = 0.0;
    s->hasten = 1;
    s->insert_day0 = 1;
    s->sum_from_camps = 1;
    s->conflict_zone_spawning_only = 1;
    s->conflict_driven_spawning = 0;
    s->conflict_spawn_mode = 0;
    s->displaced_per_conflict_day = 500;
    s->conflict_spawn_decay_interval = 30;
    s->n_decay = 0;
    s->strict = 0;
}

/* Bounds with an open end: POS is "> 0", BELOW1 is "< 1". */
#define POS DBL_MIN
#define BELOW1 0x1.fffffffffffffp-1
#define INF INFINITY
#define F(field) offsetof(mig_flee_settings, field)

const mig_flee_setting_spec mig_flee_setting_specs[] = {
    { "move_rules", "max_move_speed", F(max_move_speed), POS, INF, 'n',
      "km a traveller covers per day (a link's max_move_speed attribute overrides it)" },
    { "move_rules", "max_walk_speed", F(max_walk_speed), POS, INF, 'n',
      "km per day on foot (start_on_foot, walk_probability links)" },
    { "move_rules", "foreign_weight", F(foreign_weight), 0, INF, 'n',
      "attractiveness factor of locations in another country than the first location's" },
    { "move_rules", "camp_weight", F(camp_weight), 0, INF, 'n',
      "attractiveness factor of camps" },
    { "move_rules", "conflict_weight", F(conflict_weight), 0, INF, 'n',
      "attractiveness factor of conflict zones, raised to decay x intensity" },
    { "move_rules", "conflict_movechance", F(conflict_movechance), 0, 1, 'n',
      "daily chance that an agent in a conflict zone moves on" },
    { "move_rules", "camp_movechance", F(camp_movechance), 0, 1, 'n',
      "daily chance that an agent in a camp moves on" },
    { "move_rules", "idpcamp_movechance", F(idpcamp_movechance), 0, 1, 'n',
      "daily chance that an agent in an IDP camp moves on" },
    { "move_rules", "default_movechance", F(default_movechance), 0, 1, 'n',
      "daily chance that an agent in a town moves on" },
    { "move_rules", "awareness_level", F(awareness_level), -1, MIG_FLEE_MAX_AWARENESS, 'i',
      "hops an agent looks ahead when choosing a route (-1 behaves as 1; 0 is broken in Flee)" },
    { "move_rules", "capacity_buffer", F(capacity_buffer), 0, BELOW1, 'n',
      "share of a camp's capacity from which it loses attractiveness" },
    { "move_rules", "capacity_scaling", F(capacity_scaling), 0, INF, 'n',
      "factor on every capacity in locations.csv" },
    { "move_rules", "softening", F(softening), 0, INF, 'n',
      "km added to every path length in the route weight" },
    { "move_rules", "weight_softening", F(weight_softening), 0, INF, 'n',
      "constant added to every location score in the route weight" },
    { "move_rules", "weight_power", F(weight_power), 0, INF, 'n',
      "power of the route weight (0: uniform choice)" },
    { "move_rules", "distance_power", F(distance_power), 0, INF, 'n',
      "power of the path length in the route weight" },
    { "move_rules", "pruning_threshold", F(pruning_threshold), 1, INF, 'n',
      "drop route candidates weighing less than the best / threshold (1: off)" },
    { "move_rules", "start_on_foot", F(start_on_foot), 0, 1, 'b',
      "the first link of a journey is walked at max_walk_speed" },
    { "move_rules", "avoid_short_stints", F(avoid_short_stints), 0, 1, 'b',
      "agents in towns move on until they have travelled a full day's distance" },
    { "move_rules", "movechance_pop_base", F(movechance_pop_base), POS, INF, 'n',
      "population at which the population factor on move chances is 1" },
    { "move_rules", "movechance_pop_scale_factor", F(movechance_pop_scale_factor), -INF, INF, 'n',
      "power of max(pop, capacity) / movechance_pop_base on move chances (0: off)" },
    { "spawn_rules", "insert_day0", F(insert_day0), 0, 1, 'b',
      "place each camp's day-0 count in it as agents before the first day" },
    { "spawn_rules", "sum_from_camps", F(sum_from_camps), 0, 1, 'b',
      "new agents follow the sum of the camp series (else the total series)" },
    { "spawn_rules", "conflict_zone_spawning_only", F(conflict_zone_spawning_only), 0, 1, 'b',
      "new agents start in conflict zones only" },
    { "spawn_rules", "conflict_driven_spawning", F(conflict_driven_spawning), 0, 1, 'b',
      "spawn displaced_per_conflict_day per conflict zone instead of following the data" },
    { "spawn_rules", "conflict_spawn_mode", F(conflict_spawn_mode), 0, 2, 'i',
      "conflict-driven spawning: 0 constant, 1 poisson, 2 pop_ratio" },
    { "spawn_rules", "displaced_per_conflict_day", F(displaced_per_conflict_day), 0, 1e9, 'n',
      "people per conflict zone and day (a population share for pop_ratio)" },
    { "spawn_rules", "conflict_spawn_decay_interval", F(conflict_spawn_decay_interval), 1, INF, 'i',
      "days per step of conflict_spawn_decay" },
    { "optimisations", "hasten", F(hasten), 1, INF, 'i',
      "divide populations, capacities and camp counts by this (fewer agents)" },
    { "migsim", "strict", F(strict), 0, 1, 'b',
      "reproduce Flee's quirks (doubled forced links, day-0 capacity cut, stale spawn weights)" },
    { NULL, NULL, 0, 0, 0, 0, NULL },
};

#undef F

const mig_flee_setting_spec *mig_flee_setting_find(const char *name)
{
    if (!name)
        return NULL;
    const char *dot = strchr(name, '.');
    for (const mig_flee_setting_spec *sp = mig_flee_setting_specs; sp->name; sp++) {
        if (dot) {
            size_t ls = (size_t)(dot - name);
            if (strlen(sp->section) == ls && strncmp(sp->section, name, ls) == 0 &&
                strcmp(sp->name, dot + 1) == 0)
                return sp;
        } else if (strcmp(sp->name, name) == 0) {
            return sp;
        }
    }
    return NULL;
}

double mig_flee_setting_get(const mig_flee_settings *s, const mig_flee_setting_spec *spec)
{
    return *(const double *)(const void *)((const char *)s + spec->offset);
}

/* "[0, 1]", "(0, inf)", "[0, 1)", "[-1, 6]" (flee.h). */
void mig_flee_setting_range_text(const mig_flee_setting_spec *sp, char *buf, size_t n)
{
    char lo[40], hi[40];
    if (sp->lo == POS)
        snprintf(lo, sizeof lo, "(0");
    else if (isinf(sp->lo))
        snprintf(lo, sizeof lo, "(-inf");
    else
        snprintf(lo, sizeof lo, "[%.10g", sp->lo);
    if (sp->hi == BELOW1)
        snprintf(hi, sizeof hi, "1)");
    else if (isinf(sp->hi))
        snprintf(hi, sizeof hi, "inf)");
    else
        snprintf(hi, sizeof hi, "%.10g]", sp->hi);
    snprintf(buf, n, "%s, %s", lo, hi);
}

/* 0 if v is a valid value of sp, else -1 with err naming setting, value and range. */
static int spec_check(const mig_flee_setting_spec *sp, double v, char *err)
{
    char range[96];
    mig_flee_setting_range_text(sp, range, sizeof range);
    if (!isfinite(v)) {
        snprintf(err, MIG_ERR_LEN, "Flee setting %s.%s = %g is not a finite number", sp->section,
                 sp->name, v);
        return -1;
    }
    if (sp->kind == 'b' && v != 0 && v != 1) {
        snprintf(err, MIG_ERR_LEN, "Flee setting %s.%s = %.10g must be a boolean (true/false or 1/0)",
                 sp->section, sp->name, v);
        return -1;
    }
    if (sp->kind == 'i' && v != floor(v)) {
        snprintf(err, MIG_ERR_LEN, "Flee setting %s.%s = %.10g must be an integer in %s", sp->section,
                 sp->name, v, range);
        return -1;
    }
    if (sp->offset == offsetof(mig_flee_settings, awareness_level) && v == 0) {
        snprintf(err, MIG_ERR_LEN,
                 "Flee setting move_rules.awareness_level = 0 is broken in Flee itself (its route "
                 "choice returns a link index instead of a location name, so agents never move); "
                 "use 1 to %d, or -1 (which behaves as 1)", MIG_FLEE_MAX_AWARENESS);
        return -1;
    }
    if (v < sp->lo || v > sp->hi) {
        snprintf(err, MIG_ERR_LEN, "Flee setting %s.%s = %.10g is out of range %s", sp->section,
                 sp->name, v, range);
        return -1;
    }
    return 0;
}

static void unknown_setting(const char *name, char *err)
{
    const char *key = strchr(name, '.') ? strchr(name, '.') + 1 : name;
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (const mig_flee_setting_spec *sp = mig_flee_setting_specs; sp->name; sp++) {
        size_t d = mig_edit_distance(key, sp->name);
        if (d < best_d) {
            best_d = d;
            best = sp->name;
        }
    }
    if (best && best_d <= strlen(key) / 3 + 2)
        snprintf(err, MIG_ERR_LEN, "unknown Flee setting '%s' (did you mean '%s'?)", name, best);
    else
        snprintf(err, MIG_ERR_LEN, "unknown Flee setting '%s' (docs/flee.md lists them)", name);
}

int mig_flee_setting_set(mig_flee_settings *s, const char *name, double v, char *err)
{
    const mig_flee_setting_spec *sp = mig_flee_setting_find(name);
    if (!sp) {
        unknown_setting(name ? name : "(null)", err);
        return -1;
    }
    if (spec_check(sp, v, err))
        return -1;
    *(double *)(void *)((char *)s + sp->offset) = v;
    return 0;
}

int mig_flee_parse_number(const char *t, double *v)
{
    if (!*t)
        return -1;
    for (const char *p = t; *p; p++)
        if (!strchr("0123456789+-.eE", *p))
            return -1;
    char *end;
    double x = strtod(t, &end);
    if (*end || end == t || !isfinite(x))
        return -1;
    *v = x;
    return 0;
}

int mig_flee_setting_set_text(mig_flee_settings *s, const char *name, const char *text, char *err)
{
    const mig_flee_setting_spec *sp = mig_flee_setting_find(name);
    if (!sp) {
        unknown_setting(name ? name : "(null)", err);
        return -1;
    }
    /* YAML 1.1 booleans, as PyYAML reads them; Flee's float(True) is 1. */
    static const char *const yes[] = { "true", "yes", "on", NULL }, *const no[] = { "false", "no", "off", NULL };
    double v;
    for (int i = 0; yes[i]; i++)
        if (strcasecmp(text, yes[i]) == 0)
            return mig_flee_setting_set(s, sp->name, 1, err);
    for (int i = 0; no[i]; i++)
        if (strcasecmp(text, no[i]) == 0)
            return mig_flee_setting_set(s, sp->name, 0, err);
    if (sp->offset == offsetof(mig_flee_settings, conflict_spawn_mode)) {
        static const char *const modes[] = { "constant", "poisson", "pop_ratio" };
        for (int i = 0; i < 3; i++)
            if (strcasecmp(text, modes[i]) == 0)
                return mig_flee_setting_set(s, sp->name, i, err);
    }
    if (mig_flee_parse_number(text, &v)) {
        if (sp->offset == offsetof(mig_flee_settings, conflict_spawn_mode))
            snprintf(err, MIG_ERR_LEN,
                     "Flee setting %s.%s = '%s' must be constant, poisson or pop_ratio",
                     sp->section, sp->name, text);
        else
            snprintf(err, MIG_ERR_LEN, "Flee setting %s.%s = '%s' is not a %s", sp->section, sp->name,
                     text, sp->kind == 'b' ? "boolean (true/false)" : "number");
        return -1;
    }
    return mig_flee_setting_set(s, sp->name, v, err);
}

/* ---- the model ---- */

void mig_flee_model_init(mig_flee_model *m)
{
    memset(m, 0, sizeof *m);
    mig_flee_settings_default(&m->set);
}

void mig_flee_series_free(mig_flee_series *s)
{
    if (!s)
        return;
    free(s->day);
    free(s->value);
    memset(s, 0, sizeof *s);
}

void mig_flee_model_free(mig_flee_model *m)
{
    if (!m)
        return;
    free(m->locs);
    free(m->loc_hash);
    free(m->routes);
    free(m->closures);
    free(m->conflict_loc);
    free(m->conflict_value);
    mig_flee_series_free(&m->total);
    for (int i = 0; i < m->n_camps; i++)
        mig_flee_series_free(&m->camps[i].s);
    free(m->camps);
    for (int i = 0; i < m->n_notes; i++)
        free(m->notes[i]);
    free(m->notes);
    for (int i = 0; i < m->n_files; i++)
        free(m->files[i]);
    free(m->files);
    mig_flee_model_init(m);
}

static uint32_t name_hash(const char *s)
{
    uint32_t h = 2166136261u;  /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static void hash_put(int *tab, int cap, const char *name, int idx)
{
    uint32_t mask = (uint32_t)cap - 1, i = name_hash(name) & mask;
    while (tab[i] >= 0)
        i = (i + 1) & mask;
    tab[i] = idx;
}

/* Index the locations up to n_locs, doubling the table at half full.
 * Returns 0 or -1 if out of memory (the index then stays as it was). */
static int hash_sync(mig_flee_model *m)
{
    if (2 * (int64_t)m->n_locs >= m->cap_hash) {
        int cap = m->cap_hash ? m->cap_hash : 64;
        while (2 * (int64_t)m->n_locs >= cap)
            cap *= 2;
        int *tab = malloc((size_t)cap * sizeof *tab);
        if (!tab)
            return -1;
        memset(tab, 0xff, (size_t)cap * sizeof *tab);
        free(m->loc_hash);
        m->loc_hash = tab;
        m->cap_hash = cap;
        m->n_hashed = 0;
    }
    for (; m->n_hashed < m->n_locs; m->n_hashed++)
        hash_put(m->loc_hash, m->cap_hash, m->locs[m->n_hashed].name, m->n_hashed);
    return 0;
}

int mig_flee_find_loc(const mig_flee_model *m, const char *name)
{
    if (!name)
        return -1;
    int from = 0;
    if (m->loc_hash && m->cap_hash > 0) {
        uint32_t mask = (uint32_t)m->cap_hash - 1, i = name_hash(name) & mask;
        for (int k; (k = m->loc_hash[i]) >= 0; i = (i + 1) & mask)
            if (k < m->n_locs && strcmp(m->locs[k].name, name) == 0)
                return k;
        from = m->n_hashed < m->n_locs ? m->n_hashed : m->n_locs;
    }
    /* Locations appended without the builder are not indexed: look at them in turn. */
    for (int i = from; i < m->n_locs; i++)
        if (strcmp(m->locs[i].name, name) == 0)
            return i;
    return -1;
}

/* Make room for one more element of size sz in *arr (n used, *cap allocated).
 * Returns 0 or -1 if out of memory (or the count would overflow). */
static int grow(void **arr, int n, int *cap, size_t sz)
{
    if (n < *cap)
        return 0;
    if (*cap > (1 << 28))
        return -1;
    int nc = *cap ? *cap * 2 : 16;
    void *p = realloc(*arr, (size_t)nc * sz);
    if (!p)
        return -1;
    *arr = p;
    *cap = nc;
    return 0;
}

int mig_flee_note(mig_flee_model *m, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int len = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (len < 0)
        return -1;
    char *s = malloc((size_t)len + 1);
    if (!s)
        return -1;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)len + 1, fmt, ap);
    va_end(ap);
    if (grow((void **)&m->notes, m->n_notes, &m->cap_notes, sizeof *m->notes)) {
        free(s);
        return -1;
    }
    m->notes[m->n_notes++] = s;
    return 0;
}

int mig_flee_add_file(mig_flee_model *m, const char *name)
{
    char *s = malloc(strlen(name) + 1);
    if (!s)
        return -1;
    strcpy(s, name);
    if (grow((void **)&m->files, m->n_files, &m->cap_files, sizeof *m->files)) {
        free(s);
        return -1;
    }
    m->files[m->n_files++] = s;
    return 0;
}

int mig_flee_series_push(mig_flee_series *s, int day, double value)
{
    if (s->n >= s->cap) {
        if (s->cap > (1 << 28))
            return -1;
        int nc = s->cap ? s->cap * 2 : 32;
        int *d = realloc(s->day, (size_t)nc * sizeof *d);
        if (!d)
            return -1;
        s->day = d;
        double *v = realloc(s->value, (size_t)nc * sizeof *v);
        if (!v)
            return -1;
        s->value = v;
        s->cap = nc;
    }
    s->day[s->n] = day;
    s->value[s->n] = value;
    s->n++;
    return 0;
}

static int name_ok(const char *name, size_t size)
{
    return memchr(name, 0, size) != NULL && name[0] != 0;
}

static const char *closest_loc(const mig_flee_model *m, const char *name, size_t *dist)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (int i = 0; i < m->n_locs; i++) {
        size_t d = mig_edit_distance(name, m->locs[i].name);
        if (d < best_d) {
            best_d = d;
            best = m->locs[i].name;
        }
    }
    if (dist)
        *dist = best_d;
    return best;
}

void mig_flee_loc_hint(const mig_flee_model *m, const char *name, char *buf, size_t n)
{
    size_t d;
    const char *best = closest_loc(m, name, &d);
    if (best && d <= strlen(name) / 3 + 2)
        snprintf(buf, n, " (did you mean '%s'?)", best);
    else if (best)
        snprintf(buf, n, " (the closest name is '%s')", best);
    else
        snprintf(buf, n, " (there are no locations yet)");
}

int mig_flee_add_loc(mig_flee_model *m, const mig_flee_loc *l, char *err)
{
    const char *w = memchr(l->where, 0, sizeof l->where) ? l->where : "";
    if (!name_ok(l->name, sizeof l->name)) {
        snprintf(err, MIG_ERR_LEN, "%sa location needs a name (at most %d characters)", w, MIG_FLEE_NAME - 1);
        return -1;
    }
    if (!memchr(l->region, 0, sizeof l->region) || !memchr(l->country, 0, sizeof l->country)) {
        snprintf(err, MIG_ERR_LEN, "%slocation %s: region and country must be at most %d characters", w,
                 l->name, MIG_FLEE_NAME - 1);
        return -1;
    }
    int dup = mig_flee_find_loc(m, l->name);
    if (dup >= 0) {
        snprintf(err, MIG_ERR_LEN, "%slocation %s is defined twice (first at %s)", w, l->name, m->locs[dup].where);
        return -1;
    }
    if ((int)l->type < 0 || l->type >= MIG_FLEE_N_TYPES) {
        snprintf(err, MIG_ERR_LEN, "%slocation %s: bad type %d", w, l->name, (int)l->type);
        return -1;
    }
    if (!(l->lat >= -90 && l->lat <= 90) || !(l->lon >= -180 && l->lon <= 180)) {
        snprintf(err, MIG_ERR_LEN, "%slocation %s: latitude %g, longitude %g: the latitude must be in [-90, 90] "
                 "and the longitude in [-180, 180] (degrees)", w, l->name, l->lat, l->lon);
        return -1;
    }
    if (!isfinite(l->pop) || l->pop < 0 || l->pop > 10 * MIG_FLEE_MAX_PERSONS) {
        snprintf(err, MIG_ERR_LEN, "%slocation %s: population %g must be in [0, %g]", w, l->name, l->pop,
                 10 * MIG_FLEE_MAX_PERSONS);
        return -1;
    }
    if (!isfinite(l->capacity) || (l->capacity < 0 && l->capacity != -1) || l->capacity > MIG_FLEE_MAX_PERSONS) {
        snprintf(err, MIG_ERR_LEN, "%slocation %s: capacity %g must be >= 0 (0 or -1: no limit)", w,
                 l->name, l->capacity);
        return -1;
    }
    if (l->conflict_date < -1) {
        snprintf(err, MIG_ERR_LEN, "%slocation %s: conflict_date %d must be >= 0 (or -1: none)", w,
                 l->name, l->conflict_date);
        return -1;
    }
    if (!isfinite(l->conflict_intensity) || l->conflict_intensity < 0) {
        snprintf(err, MIG_ERR_LEN, "%slocation %s: conflict_intensity %g must be >= 0", w, l->name,
                 l->conflict_intensity);
        return -1;
    }
    if (!isfinite(l->initial_idps) || l->initial_idps < 0 || l->initial_idps > MIG_FLEE_MAX_PERSONS) {
        snprintf(err, MIG_ERR_LEN, "%slocation %s: initial_idps %g must be in [0, %g]", w, l->name,
                 l->initial_idps, MIG_FLEE_MAX_PERSONS);
        return -1;
    }
    if (!isfinite(l->capacity_per_day)) {
        snprintf(err, MIG_ERR_LEN, "%slocation %s: capacity_per_day must be finite", w, l->name);
        return -1;
    }
    if (l->foreign != 0 && l->foreign != 1) {
        snprintf(err, MIG_ERR_LEN, "%slocation %s: foreign must be 0 or 1", w, l->name);
        return -1;
    }
    if (m->n_locs >= (1 << 24) ||
        grow((void **)&m->locs, m->n_locs, &m->cap_locs, sizeof *m->locs)) {
        snprintf(err, MIG_ERR_LEN, "%slocation %s: out of memory", w, l->name);
        return -1;
    }
    m->locs[m->n_locs] = *l;
    m->locs[m->n_locs].where[MIG_WHERE_LEN - 1] = 0;
    m->n_locs++;
    if (hash_sync(m)) {
        m->n_locs--;
        snprintf(err, MIG_ERR_LEN, "%slocation %s: out of memory", w, l->name);
        return -1;
    }
    return m->n_locs - 1;
}

/* Route checks shared by the builder and mig_flee_check. */
static int route_check(const mig_flee_model *m, const mig_flee_route *r, char *err)
{
    const char *w = memchr(r->where, 0, sizeof r->where) ? r->where : "";
    if (r->a < 0 || r->a >= m->n_locs || r->b < 0 || r->b >= m->n_locs) {
        snprintf(err, MIG_ERR_LEN, "%sroute %d -> %d: no such location", w, r->a, r->b);
        return -1;
    }
    const char *na = m->locs[r->a].name, *nb = m->locs[r->b].name;
    if (r->a == r->b) {
        snprintf(err, MIG_ERR_LEN, "%sroute %s - %s joins a location to itself", w, na, nb);
        return -1;
    }
    if (!(r->distance > 0 && r->distance <= MIG_FLEE_MAX_KM)) {
        snprintf(err, MIG_ERR_LEN, "%sroute %s - %s: distance %g must be > 0 km and at most %g km (the Earth's "
                 "circumference)", w, na, nb, r->distance, MIG_FLEE_MAX_KM);
        return -1;
    }
    if (r->forced < 0 || r->forced > 2) {
        snprintf(err, MIG_ERR_LEN, "%sroute %s - %s: forced_redirection %d must be 0, 1 or 2", w, na, nb,
                 r->forced);
        return -1;
    }
    if (!isfinite(r->max_speed)) {
        snprintf(err, MIG_ERR_LEN, "%sroute %s - %s: max_move_speed must be finite", w, na, nb);
        return -1;
    }
    if (!(r->walk_probability >= 0 && r->walk_probability <= 1)) {
        snprintf(err, MIG_ERR_LEN, "%sroute %s - %s: walk_probability %g must be in [0, 1]", w, na, nb,
                 r->walk_probability);
        return -1;
    }
    return 0;
}

int mig_flee_add_route(mig_flee_model *m, const mig_flee_route *r, char *err)
{
    if (route_check(m, r, err))
        return -1;
    if (m->n_routes >= (1 << 26) ||
        grow((void **)&m->routes, m->n_routes, &m->cap_routes, sizeof *m->routes)) {
        snprintf(err, MIG_ERR_LEN, "route: out of memory");
        return -1;
    }
    m->routes[m->n_routes] = *r;
    m->routes[m->n_routes].where[MIG_WHERE_LEN - 1] = 0;
    return m->n_routes++;
}

static int is_country(const mig_flee_model *m, const char *name)
{
    for (int i = 0; i < m->n_locs; i++)
        if (strcmp(m->locs[i].country, name) == 0)
            return 1;
    return 0;
}

static int closure_check(const mig_flee_model *m, const mig_flee_closure *c, char *err)
{
    const char *w = memchr(c->where, 0, sizeof c->where) ? c->where : "";
    if ((int)c->kind < 0 || c->kind >= MIG_FLEE_N_CLOSE) {
        snprintf(err, MIG_ERR_LEN, "%sclosure: bad kind %d", w, (int)c->kind);
        return -1;
    }
    const char *kn = mig_flee_close_names[c->kind];
    if (!memchr(c->a, 0, sizeof c->a) || !memchr(c->b, 0, sizeof c->b)) {
        snprintf(err, MIG_ERR_LEN, "%s%s closure: names must be at most %d characters", w, kn,
                 MIG_FLEE_NAME - 1);
        return -1;
    }
    int two = c->kind == MIG_FLEE_CLOSE_COUNTRY || c->kind == MIG_FLEE_CLOSE_LINK ||
              c->kind == MIG_FLEE_CLOSE_FORCED;
    const char *names[2] = { c->a, c->b };
    for (int k = 0; k < 1 + two; k++) {
        const char *n = names[k];
        if (c->kind == MIG_FLEE_CLOSE_COUNTRY) {
            if (!is_country(m, n)) {
                snprintf(err, MIG_ERR_LEN, "%s%s closure: '%s' is not the country of any location", w, kn, n);
                return -1;
            }
        } else if (mig_flee_find_loc(m, n) < 0) {
            char hint[160];
            mig_flee_loc_hint(m, n, hint, sizeof hint);
            snprintf(err, MIG_ERR_LEN, "%s%s closure: unknown location '%s'%s", w, kn, n, hint);
            return -1;
        }
    }
    if (c->start < 0) {
        snprintf(err, MIG_ERR_LEN, "%s%s closure: start day %d must be >= 0", w, kn, c->start);
        return -1;
    }
    if (c->end < -1) {
        snprintf(err, MIG_ERR_LEN, "%s%s closure: end day %d must be >= 0 (or -1: never)", w, kn, c->end);
        return -1;
    }
    /* A closure ending before it starts would, in Flee, undo on `end` what it had not
     * done yet, then close on `start` for good. remove_forced_redirection does nothing
     * (Burundi's closures.csv has one from day 101 to day 0), so it may. */
    if (c->end != -1 && c->end < c->start && c->kind != MIG_FLEE_CLOSE_FORCED) {
        snprintf(err, MIG_ERR_LEN, "%s%s closure: it ends on day %d, before it starts (day %d)", w, kn, c->end,
                 c->start);
        return -1;
    }
    return 0;
}

int mig_flee_add_closure(mig_flee_model *m, const mig_flee_closure *c, char *err)
{
    if (closure_check(m, c, err))
        return -1;
    if (m->n_closures >= (1 << 24) ||
        grow((void **)&m->closures, m->n_closures, &m->cap_closures, sizeof *m->closures)) {
        snprintf(err, MIG_ERR_LEN, "closure: out of memory");
        return -1;
    }
    m->closures[m->n_closures] = *c;
    m->closures[m->n_closures].where[MIG_WHERE_LEN - 1] = 0;
    return m->n_closures++;
}

int mig_flee_add_camp_data(mig_flee_model *m, const char *name, int loc, mig_flee_series *s, char *err)
{
    if (!name || !*name || strlen(name) >= MIG_FLEE_NAME) {
        snprintf(err, MIG_ERR_LEN, "camp data needs a name of at most %d characters", MIG_FLEE_NAME - 1);
        return -1;
    }
    if (loc < -1 || loc >= m->n_locs) {
        char hint[160];
        mig_flee_loc_hint(m, name, hint, sizeof hint);
        snprintf(err, MIG_ERR_LEN, "camp data '%s' names no location%s", name, hint);
        return -1;
    }
    for (int i = 0; i < m->n_camps; i++)
        if (strcmp(m->camps[i].name, name) == 0) {
            snprintf(err, MIG_ERR_LEN, "camp data for '%s' is given twice", name);
            return -1;
        }
    if (!s || s->n < 1) {
        snprintf(err, MIG_ERR_LEN, "camp data for '%s' has no data points", name);
        return -1;
    }
    if (grow((void **)&m->camps, m->n_camps, &m->cap_camps, sizeof *m->camps)) {
        snprintf(err, MIG_ERR_LEN, "camp data for '%s': out of memory", name);
        return -1;
    }
    mig_flee_camp_data *c = &m->camps[m->n_camps];
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", name);
    c->loc = loc;
    c->s = *s;
    memset(s, 0, sizeof *s);
    return m->n_camps++;
}

int mig_flee_check_hasten(const mig_flee_model *m, char *err)
{
    double h = m->set.hasten;
    if (!(h > 1))
        return 0;
    const char *w = m->hasten_where[0] && m->hasten_read == h ? m->hasten_where : "";
    /* The largest observed count: below hasten, every camp count and every day's
     * arrivals divide to 0 (nobody spawns and the ARD compares zeros). */
    double obs = 0;
    const char *obs_at = NULL;
    for (int i = 0; i < m->n_camps; i++)
        for (int k = 0; k < m->camps[i].s.n; k++)
            if (m->camps[i].s.value[k] > obs) {
                obs = m->camps[i].s.value[k];
                obs_at = m->camps[i].name;
            }
    for (int k = 0; m->has_total && k < m->total.n; k++)
        if (m->total.value[k] > obs) {
            obs = m->total.value[k];
            obs_at = "the total";
        }
    if (obs_at && floor(obs / h) < 1) {
        snprintf(err, MIG_ERR_LEN, "%shasten %.10g leaves no agents: the largest observed count (%.10g, %s) "
                 "divided by it is 0, so nobody is spawned and every camp count is 0", w, h, obs, obs_at);
        return -1;
    }
    /* Spawning draws origins by population / hasten (data-driven, pop_ratio). */
    double pop = 0;
    const char *pop_at = NULL;
    for (int l = 0; l < m->n_locs; l++)
        if (m->locs[l].pop > pop) {
            pop = m->locs[l].pop;
            pop_at = m->locs[l].name;
        }
    int by_pop = m->set.conflict_driven_spawning == 0 || m->set.conflict_spawn_mode == 2;
    if (by_pop && pop_at && floor(pop / h) < 1) {
        snprintf(err, MIG_ERR_LEN, "%shasten %.10g leaves no agents: every population divided by it is 0 (the "
                 "largest is %.10g, at %s), so no new agent has a place to start from", w, h, pop, pop_at);
        return -1;
    }
    for (int l = 0; l < m->n_locs; l++) {
        const mig_flee_loc *L = &m->locs[l];
        if ((L->type == MIG_FLEE_CAMP || L->type == MIG_FLEE_IDPCAMP) && L->capacity >= 1 &&
            floor(L->capacity / h) < 1) {
            snprintf(err, MIG_ERR_LEN, "%shasten %.10g scales the capacity of camp %s (%.10g) to 0, which means no "
                     "limit: lower hasten below %.10g", w, h, L->name, L->capacity, L->capacity + 1);
            return -1;
        }
    }
    return 0;
}

int mig_flee_check(const mig_flee_model *m, char *err)
{
    if (m->n_locs < 1) {
        snprintf(err, MIG_ERR_LEN, "the Flee model has no locations");
        return -1;
    }
    if (m->n_days < 1) {
        snprintf(err, MIG_ERR_LEN, "the Flee model runs for %d days; it needs at least one (sim_period.csv Length)",
                 m->n_days);
        return -1;
    }
    for (const mig_flee_setting_spec *sp = mig_flee_setting_specs; sp->name; sp++)
        if (spec_check(sp, mig_flee_setting_get(&m->set, sp), err))
            return -1;
    if (m->set.n_decay < 0 || m->set.n_decay > MIG_FLEE_MAX_DECAY) {
        snprintf(err, MIG_ERR_LEN, "spawn_rules.conflict_spawn_decay has %d values (at most %d)",
                 m->set.n_decay, MIG_FLEE_MAX_DECAY);
        return -1;
    }
    for (int i = 0; i < m->set.n_decay; i++)
        if (!isfinite(m->set.decay[i]) || m->set.decay[i] < 0) {
            snprintf(err, MIG_ERR_LEN, "spawn_rules.conflict_spawn_decay[%d] = %g must be >= 0", i,
                     m->set.decay[i]);
            return -1;
        }
    for (int i = 0; i < m->n_routes; i++)
        if (route_check(m, &m->routes[i], err))
            return -1;
    for (int i = 0; i < m->n_closures; i++)
        if (closure_check(m, &m->closures[i], err))
            return -1;
    for (int i = 0; i < m->n_camps; i++) {
        const mig_flee_camp_data *c = &m->camps[i];
        if (c->loc < -1 || c->loc >= m->n_locs || (c->loc == -1 && m->strict_data)) {
            char hint[160];
            mig_flee_loc_hint(m, c->name, hint, sizeof hint);
            snprintf(err, MIG_ERR_LEN, "%sunknown location '%s'%s: data_layout.csv names no such location "
                     "(strict_data; without it Flee's rule applies: its counts add to the daily arrivals)",
                     c->where, c->name, hint);
            return -1;
        }
        if (c->s.n < 1) {
            snprintf(err, MIG_ERR_LEN, "camp data for '%s' has no data points", c->name);
            return -1;
        }
        for (int k = 0; k < c->s.n; k++)
            if (!(c->s.value[k] >= 0 && c->s.value[k] <= MIG_FLEE_MAX_PERSONS)) {
                snprintf(err, MIG_ERR_LEN, "camp data for '%s': value %d (%g) must be a number of persons in "
                                           "[0, %g]", c->name, k, c->s.value[k], MIG_FLEE_MAX_PERSONS);
                return -1;
            }
    }
    if (m->has_total && m->total.n < 1) {
        snprintf(err, MIG_ERR_LEN, "the total series (data_layout.csv's first row) has no data points");
        return -1;
    }
    for (int k = 0; m->has_total && k < m->total.n; k++)
        if (!(m->total.value[k] >= 0 && m->total.value[k] <= MIG_FLEE_MAX_PERSONS)) {
            snprintf(err, MIG_ERR_LEN, "the total series: value %d (%g) must be a number of persons in [0, %g]", k,
                     m->total.value[k], MIG_FLEE_MAX_PERSONS);
            return -1;
        }
    if (mig_flee_check_hasten(m, err))
        return -1;
    if (m->has_conflicts) {
        if (m->n_conflict_cols < 0 || m->n_conflict_days < 0 ||
            (m->n_conflict_cols > 0 && m->n_conflict_days > 0 && (!m->conflict_loc || !m->conflict_value))) {
            snprintf(err, MIG_ERR_LEN, "the conflict table is inconsistent");
            return -1;
        }
        for (int c = 0; c < m->n_conflict_cols; c++)
            if (m->conflict_loc[c] < 0 || m->conflict_loc[c] >= m->n_locs) {
                snprintf(err, MIG_ERR_LEN, "conflict column %d names no location", c);
                return -1;
            }
        for (long k = 0; k < (long)m->n_conflict_days * m->n_conflict_cols; k++)
            if (!(m->conflict_value[k] >= 0 && isfinite(m->conflict_value[k]))) {
                snprintf(err, MIG_ERR_LEN, "conflict value %ld (%g) must be a finite intensity >= 0", k,
                         m->conflict_value[k]);
                return -1;
            }
    }
    return 0;
}
