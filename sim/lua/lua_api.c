/* lua_api.c: the scenario API (docs/scenario-api.md). Builders take one table
 * and reject unknown keys with a suggestion; every error is raised at the
 * caller's file:line. Builders work only while the scenario loads; setters work
 * at any time and are logged as policy events when the run is going. */
#include "lua_internal.h"
#include "params.h"
#include "date.h"
#include "utf8.h"
#include "datadir.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

/* Reject keys of the table at idx that are not in allowed (NULL-terminated). */
void mig_lua_check_keys(lua_State *L, int idx, const char *what, const char *const *allowed)
{
    /* Named by `what`: idx may be a nested table, which luaL_checktype would call an argument. */
    if (!lua_istable(L, idx))
        luaL_error(L, "%s must be a table, got %s", what, luaL_typename(L, idx));
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "%s: keys must be names, found a %s key", what, luaL_typename(L, -1));
        const char *k = lua_tostring(L, -1);
        const char *best = NULL;
        size_t best_d = 100;
        int ok = 0;
        for (const char *const *a = allowed; *a; a++) {
            if (strcmp(k, *a) == 0)
                ok = 1;
            size_t dd = mig_edit_distance(k, *a);
            if (dd < best_d) {
                best_d = dd;
                best = *a;
            }
        }
        if (!ok) {
            if (best && best_d <= strlen(k) / 3 + 1)
                luaL_error(L, "unknown key '%s' in %s (did you mean '%s'?)", k, what, best);
            luaL_error(L, "unknown key '%s' in %s", k, what);
        }
    }
}

/* Builder tables are read raw: a value computed by an __index metamethod could
 * be collected while its string is still in use, and a builder's table is data. */
static int raw_field(lua_State *L, int idx, const char *key)
{
    idx = lua_absindex(L, idx);
    lua_pushstring(L, key);
    return lua_rawget(L, idx);
}

const char *mig_lua_field_string(lua_State *L, int idx, const char *key, const char *what, const char *def)
{
    raw_field(L, idx, key);
    const char *s = def;
    if (!lua_isnil(L, -1)) {
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "%s: '%s' must be a string, got %s", what, key, luaL_typename(L, -1));
        size_t len;
        s = lua_tolstring(L, -1, &len);
        long bad = mig_utf8_invalid_at(s, len);
        if (bad >= 0)
            luaL_error(L, "%s: '%s' is not valid UTF-8 text (byte %d); migsim writes JSON, which must be UTF-8", what,
                       key, (int)bad + 1);
    } else if (!def) {
        luaL_error(L, "%s: '%s' is required", what, key);
    }
    lua_pop(L, 1);  /* the string stays alive: the table holds it (read raw) */
    return s;
}

const char *mig_lua_check_text(lua_State *L, int arg)
{
    size_t len;
    const char *s = luaL_checklstring(L, arg, &len);
    long bad = mig_utf8_invalid_at(s, len);
    if (bad >= 0)
        luaL_argerror(L, arg, lua_pushfstring(L, "not valid UTF-8 text (byte %d); migsim writes JSON, which must be "
                                                 "UTF-8", (int)bad + 1));
    return s;
}

double mig_lua_field_number(lua_State *L, int idx, const char *key, const char *what, double def, int required)
{
    raw_field(L, idx, key);
    double v = def;
    if (!lua_isnil(L, -1)) {
        if (lua_type(L, -1) != LUA_TNUMBER)
            luaL_error(L, "%s: '%s' must be a number, got %s", what, key, luaL_typename(L, -1));
        v = lua_tonumber(L, -1);
        if (!isfinite(v))
            luaL_error(L, "%s: '%s' must be finite", what, key);
    } else if (required) {
        luaL_error(L, "%s: '%s' is required", what, key);
    }
    lua_pop(L, 1);
    return v;
}

int mig_lua_field_bool(lua_State *L, int idx, const char *key, const char *what, int def)
{
    raw_field(L, idx, key);
    int v = def;
    if (!lua_isnil(L, -1)) {
        if (lua_type(L, -1) != LUA_TBOOLEAN)
            luaL_error(L, "%s: '%s' must be true or false, got %s", what, key, luaL_typename(L, -1));
        v = lua_toboolean(L, -1);
    }
    lua_pop(L, 1);
    return v;
}

int mig_lua_check_date(lua_State *L, const char *s, const char *what)
{
    int day;
    if (mig_date_parse(s, &day))
        luaL_error(L, "%s: '%s' is not a date (YYYY-MM-DD)", what, s);
    return day;
}

static mig_host *building(lua_State *L, const char *fname)
{
    mig_host *h = mig_host_of(L);
    if (h->running || !h->world)
        luaL_error(L, "%s{} builds the world and can only be called while the scenario loads, "
                      "not from at/when/on_day", fname);
    if (h->flee && strcmp(fname, "scenario") != 0)
        luaL_error(L, "%s{} builds migsim's own world, but this scenario runs a Flee scenario (flee.load), whose "
                      "world comes from its files: extend it with flee.location{} and flee.route{}", fname);
    return h;
}

static mig_world *world_of(lua_State *L)
{
    mig_host *h = mig_host_of(L);
    return h->world ? h->world : h->run->world;
}

/* luaL_error with printf's formats (luaL_error knows no %g). */
int mig_lua_arg_error(lua_State *L, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return luaL_error(L, "%s", msg);
}

/* Set a parameter through the validated setter, raising at the caller's line. */
static void set_param(lua_State *L, mig_world *w, const char *key, double v)
{
    char err[MIG_ERR_LEN];
    if (mig_world_set(w, key, v, err))
        luaL_error(L, "%s", err);
}

/* Set the parameter `field` of an entity (index; sub: a nationality's channel)
 * through the parameter table's checked setter: numbers, no key text. */
static void set_ref(lua_State *L, mig_world *w, mig_param_entity e, const char *field, int index, int sub,
                    double v)
{
    char err[MIG_ERR_LEN];
    mig_param_ref ref = { mig_param_spec_of(e, field), index, sub };
    if (mig_param_set(w, ref, v, err))
        luaL_error(L, "%s", err);
}

/* The same for a builder's field of that name, if its table (at idx) has one. */
static void set_field(lua_State *L, int idx, mig_world *w, mig_param_entity e, int index, int sub,
                      const char *field, const char *what)
{
    raw_field(L, idx, field);
    int present = !lua_isnil(L, -1);
    lua_pop(L, 1);
    if (present)
        set_ref(L, w, e, field, index, sub, mig_lua_field_number(L, idx, field, what, 0, 1));
}

/* scenario{ name=, start=, stop=, agent_weight= } */
static int l_scenario(lua_State *L)
{
    static const char *const keys[] = { "name", "start", "stop", "warmup_from", "agent_weight", NULL };
    mig_host *h = building(L, "scenario");
    mig_lua_check_keys(L, 1, "scenario{}", keys);
    const char *name = mig_lua_field_string(L, 1, "name", "scenario{}", "");
    if (*name)
        mig_utf8_copy(h->info.name, sizeof h->info.name, name);
    const char *start = mig_lua_field_string(L, 1, "start", "scenario{}", "");
    const char *stop = mig_lua_field_string(L, 1, "stop", "scenario{}", "");
    const char *warm = mig_lua_field_string(L, 1, "warmup_from", "scenario{}", "");
    int keep_warmup = h->info.warmup_day < h->info.start_day;
    if (*start)
        h->info.start_day = mig_lua_check_date(L, start, "scenario{} start");
    if (*stop)
        h->info.stop_day = mig_lua_check_date(L, stop, "scenario{} stop");
    if (*warm)
        h->info.warmup_day = mig_lua_check_date(L, warm, "scenario{} warmup_from");
    else if (*start && !keep_warmup)
        h->info.warmup_day = h->info.start_day;
    char a[11], b[11];
    mig_date_format(h->info.start_day, a);
    mig_date_format(h->info.stop_day, b);
    if (h->info.stop_day < h->info.start_day)
        luaL_error(L, "scenario{}: stop (%s) is before start (%s)", b, a);
    if (h->info.warmup_day > h->info.start_day)
        luaL_error(L, "scenario{}: warmup_from (%s) is after start (%s)", warm, a);
    if (h->info.stop_day - h->info.warmup_day >= 65535)
        luaL_error(L, "scenario{}: a run lasts at most 65535 days");
    raw_field(L, 1, "agent_weight");
    if (!lua_isnil(L, -1))
        set_ref(L, h->world, MIG_PE_GLOBAL, "agent_weight", 0, 0,
                mig_lua_field_number(L, 1, "agent_weight", "scenario{}", 1, 1));
    return 0;
}

/* country{ code=, name=, eu=, schengen=, abscond_prob=, asylum_prob= } */
static int l_country(lua_State *L)
{
    static const char *const keys[] = { "code", "name", "eu", "schengen", "abscond_prob", "asylum_prob", NULL };
    mig_host *h = building(L, "country");
    mig_lua_check_keys(L, 1, "country{}", keys);
    char err[MIG_ERR_LEN];
    const char *code = mig_lua_field_string(L, 1, "code", "country{}", NULL);
    int eu = mig_lua_field_bool(L, 1, "eu", "country{}", 0);
    int c = mig_world_add_country(h->world, code, mig_lua_field_string(L, 1, "name", "country{}", code), eu,
                                  mig_lua_field_bool(L, 1, "schengen", "country{}", eu), err);
    if (c < 0)
        return luaL_error(L, "%s", err);
    set_field(L, 1, h->world, MIG_PE_COUNTRY, c, 0, "abscond_prob", "country{}");
    set_field(L, 1, h->world, MIG_PE_COUNTRY, c, 0, "asylum_prob", "country{}");
    return 0;
}

/* location{ id=, name=, country=, kind=, lat=, lon=, capacity=, move_prob= } */
static int l_location(lua_State *L)
{
    static const char *const keys[] = { "id", "name", "country", "kind", "lat", "lon", "capacity", "move_prob", NULL };
    mig_host *h = building(L, "location");
    mig_lua_check_keys(L, 1, "location{}", keys);
    char err[MIG_ERR_LEN];
    const char *id = mig_lua_field_string(L, 1, "id", "location{}", NULL);
    int l = mig_world_add_location(h->world, id, mig_lua_field_string(L, 1, "name", "location{}", id),
                                   mig_lua_field_string(L, 1, "country", "location{}", NULL),
                                   mig_lua_field_string(L, 1, "kind", "location{}", "city"),
                                   mig_lua_field_number(L, 1, "lat", "location{}", 0, 0),
                                   mig_lua_field_number(L, 1, "lon", "location{}", 0, 0), err);
    if (l < 0)
        return luaL_error(L, "%s", err);
    set_field(L, 1, h->world, MIG_PE_LOCATION, l, 0, "capacity", "location{}");
    set_field(L, 1, h->world, MIG_PE_LOCATION, l, 0, "move_prob", "location{}");
    return 0;
}

/* route{ from=, to=, mode=, km=, days=, both= } */
static int l_route(lua_State *L)
{
    static const char *const keys[] = { "from", "to", "mode", "km", "days", "both", NULL };
    mig_host *h = building(L, "route");
    mig_lua_check_keys(L, 1, "route{}", keys);
    char err[MIG_ERR_LEN];
    const char *from = mig_lua_field_string(L, 1, "from", "route{}", NULL);
    const char *to = mig_lua_field_string(L, 1, "to", "route{}", NULL);
    const char *mode = mig_lua_field_string(L, 1, "mode", "route{}", "road");
    double km = mig_lua_field_number(L, 1, "km", "route{}", 0, 1);
    double days = mig_lua_field_number(L, 1, "days", "route{}", 0, 0);
    if (mig_world_add_route(h->world, from, to, mode, km, days, err) < 0)
        return luaL_error(L, "%s", err);
    if (mig_lua_field_bool(L, 1, "both", "route{}", 0) && mig_world_add_route(h->world, to, from, mode, km, days, err) < 0)
        return luaL_error(L, "%s", err);
    return 0;
}

/* Raise the parameter table's error if v is not a valid `field` of segment bd. */
static void check_border_number(lua_State *L, const mig_border *bd, const char *field, double v)
{
    char name[MIG_ID_LEN + 64], err[MIG_ERR_LEN];
    snprintf(name, sizeof name, "parameter 'border.%s.%s'", bd->name, field);
    if (mig_param_check(mig_param_spec_of(MIG_PE_BORDER, field), name, v, err))
        luaL_error(L, "%s", err);
}

/* border{ from=, to=, detection_prob=, pushback_share=, registration_share=, reception=, frontex= } */
static int l_border(lua_State *L)
{
    static const char *const keys[] = { "from", "to", "detection_prob", "pushback_share", "registration_share",
                                        "reception", "frontex", "smuggling_price", NULL };
    mig_host *h = building(L, "border");
    mig_lua_check_keys(L, 1, "border{}", keys);
    char err[MIG_ERR_LEN], where[MIG_WHERE_LEN];
    mig_where(L, where, sizeof where);
    const char *from = mig_lua_field_string(L, 1, "from", "border{}", NULL);
    const char *to = mig_lua_field_string(L, 1, "to", "border{}", NULL);
    int b = mig_world_add_border(h->world, from, to, where, err);
    if (b < 0)
        return luaL_error(L, "%s", err);
    mig_border *bd = &h->world->borders[b];
    double det = mig_lua_field_number(L, 1, "detection_prob", "border{}", bd->detection_prob, 0);
    double push = mig_lua_field_number(L, 1, "pushback_share", "border{}", bd->pushback_share, 0);
    double reg = mig_lua_field_number(L, 1, "registration_share", "border{}", bd->registration_share, 0);
    /* Check the shares together, so their order in the table does not matter. */
    const mig_param_spec *ps = mig_param_spec_of(MIG_PE_BORDER, "pushback_share");
    const mig_param_spec *rs = mig_param_spec_of(MIG_PE_BORDER, "registration_share");
    if (mig_param_check(ps, "", push, err) || mig_param_check(rs, "", reg, err) || push + reg > 1 + 1e-9) {
        char range[64];
        mig_param_range_text(ps, range, sizeof range);
        return luaL_error(L, "border %s: pushback_share (%f) and registration_share (%f) must each be in %s "
                             "and sum to at most 1 (the rest is detained)", bd->name, push, reg, range);
    }
    /* Everything is checked before anything changes, so a caught error (pcall)
     * leaves the segment as it was. */
    check_border_number(L, bd, "detection_prob", det);
    double price = mig_lua_field_number(L, 1, "smuggling_price", "border{}", bd->smuggling_price, 0);
    check_border_number(L, bd, "smuggling_price", price);
    bd->smuggling_price = price;
    bd->pushback_share = 0;
    bd->registration_share = 0;
    set_ref(L, h->world, MIG_PE_BORDER, "detection_prob", b, 0, det);
    set_ref(L, h->world, MIG_PE_BORDER, "pushback_share", b, 0, push);
    set_ref(L, h->world, MIG_PE_BORDER, "registration_share", b, 0, reg);
    const char *rec = mig_lua_field_string(L, 1, "reception", "border{}", "");
    if (*rec) {
        int l = mig_world_find_location(h->world, rec);
        if (l < 0)
            return luaL_error(L, "border %s: unknown reception location '%s'", bd->name, rec);
        if (h->world->locations[l].country != bd->to_country)
            return luaL_error(L, "border %s: reception '%s' must be in %s", bd->name, rec, to);
        bd->reception = l;
    }
    bd->frontex = mig_lua_field_bool(L, 1, "frontex", "border{}", bd->frontex);
    return 0;
}

/* demand.projection = { level=, season={12}, persistence=, sigma=, drift= } at
 * stack index t, for nationality n (docs/scenario-api.md). Checked whole before
 * the nationality's projection is set. */
static void read_projection(lua_State *L, mig_world *w, int n, int t)
{
    static const char *const keys[] = { "level", "season", "persistence", "sigma", "drift", NULL };
    const char *code = w->nats[n].code;
    char what[64], err[MIG_ERR_LEN], name[96];
    snprintf(what, sizeof what, "nationality %s: demand.projection", code);
    mig_lua_check_keys(L, t, what, keys);
    mig_projection p;
    memset(&p, 0, sizeof p);
    p.on = 1;
    p.level = mig_lua_field_number(L, t, "level", what, 0, 1);
    if (!(p.level > 0)) {
        snprintf(err, sizeof err, "%s: 'level' must be above 0 persons/day, got %g", what, p.level);
        luaL_error(L, "%s", err);
    }
    p.persistence = mig_lua_field_number(L, t, "persistence", what, 0, 1);
    p.sigma = mig_lua_field_number(L, t, "sigma", what, 0, 1);
    const char *const fields[2] = { "persistence", "sigma" };
    const double vals[2] = { p.persistence, p.sigma };
    for (int k = 0; k < 2; k++) {
        char field[32];
        snprintf(field, sizeof field, "projection.%s", fields[k]);
        snprintf(name, sizeof name, "%s: '%s'", what, fields[k]);
        if (mig_param_check(mig_param_spec_of(MIG_PE_NATIONALITY, field), name, vals[k], err))
            luaL_error(L, "%s", err);
    }
    p.drift = mig_lua_field_number(L, t, "drift", what, 0, 0);
    if (!(fabs(p.drift) <= 1)) {
        snprintf(err, sizeof err, "%s: 'drift' must be in [-1, 1] (log per month), got %g", what, p.drift);
        luaL_error(L, "%s", err);
    }
    for (int m = 0; m < 12; m++)
        p.season[m] = 1;
    raw_field(L, t, "season");
    if (!lua_isnil(L, -1)) {
        if (!lua_istable(L, -1))
            luaL_error(L, "%s: 'season' must be a list of 12 multipliers, January to December, got %s", what,
                       luaL_typename(L, -1));
        int s = lua_gettop(L), len = (int)luaL_len(L, s), extra = 0;
        lua_pushnil(L);
        while (lua_next(L, s)) {  /* only the keys 1..12: no names, no holes */
            lua_pop(L, 1);
            extra |= !lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 || lua_tointeger(L, -1) > len;
        }
        if (len != 12 || extra)
            luaL_error(L, "%s: 'season' must be a list of 12 multipliers, January to December, got %d values", what,
                       len);
        for (int m = 1; m <= 12; m++) {
            lua_rawgeti(L, s, m);
            int isnum = lua_type(L, -1) == LUA_TNUMBER;
            double v = lua_tonumber(L, -1);
            lua_pop(L, 1);
            if (!isnum)
                luaL_error(L, "%s: season[%d] must be a number above 0", what, m);
            if (!(v > 0) || !isfinite(v)) {
                snprintf(err, sizeof err, "%s: season[%d] must be a number above 0, got %g", what, m, v);
                luaL_error(L, "%s", err);
            }
            p.season[m - 1] = v;
        }
    }
    lua_pop(L, 1);
    w->nats[n].proj = p;
}

static void read_demand(lua_State *L, mig_world *w, int n, int idx)
{
    char err[MIG_ERR_LEN];
    raw_field(L, idx, "demand");
    int t = lua_gettop(L);
    if (lua_isnil(L, t)) {
        lua_pop(L, 1);
        return;
    }
    if (lua_type(L, t) == LUA_TNUMBER) {
        double v = lua_tonumber(L, t);
        if (mig_world_set_demand(w, n, "1900-01", &v, 1, err))
            luaL_error(L, "%s", err);
        lua_pop(L, 1);
        return;
    }
    if (!lua_istable(L, t))
        luaL_error(L, "nationality %s: demand must be persons per day (a number) or {start=, per_day={...}}, got %s",
                   w->nats[n].code, luaL_typename(L, t));
    static const char *const keys[] = { "start", "per_day", "projection", NULL };
    mig_lua_check_keys(L, t, "nationality{} demand", keys);
    const char *start = mig_lua_field_string(L, t, "start", "nationality{} demand", NULL);
    raw_field(L, t, "per_day");
    if (!lua_istable(L, -1))
        luaL_error(L, "nationality %s: demand.per_day must be a list of persons per day, one per month",
                   w->nats[n].code);
    int len = (int)luaL_len(L, -1);
    if (len < 1 || len > 10000)
        luaL_error(L, "nationality %s: demand.per_day needs 1 to 10000 values", w->nats[n].code);
    double *v = malloc((size_t)len * sizeof *v);
    if (!v)
        luaL_error(L, "out of memory");
    for (int i = 1; i <= len; i++) {
        lua_rawgeti(L, -1, i);
        int isnum = lua_type(L, -1) == LUA_TNUMBER;
        v[i - 1] = lua_tonumber(L, -1);
        lua_pop(L, 1);
        if (!isnum) {
            free(v);
            luaL_error(L, "nationality %s: demand.per_day[%d] is not a number", w->nats[n].code, i);
        }
    }
    int rc = mig_world_set_demand(w, n, start, v, len, err);
    free(v);
    if (rc)
        luaL_error(L, "%s", err);
    lua_pop(L, 1);
    memset(&w->nats[n].proj, 0, sizeof w->nats[n].proj);
    raw_field(L, t, "projection");
    if (!lua_isnil(L, -1))
        read_projection(L, w, n, lua_gettop(L));
    lua_pop(L, 2);
}

static void read_channels(lua_State *L, mig_world *w, int n, int idx)
{
    static const char *const keys[] = { "name", "to", "mode", "days", "visa", "weight", "cost", "open", NULL };
    char err[MIG_ERR_LEN], what[64];
    raw_field(L, idx, "channels");
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return;
    }
    if (!lua_istable(L, -1))
        luaL_error(L, "nationality %s: channels must be a list of tables", w->nats[n].code);
    int t = lua_gettop(L), len = (int)luaL_len(L, t);
    for (int i = 1; i <= len; i++) {
        lua_rawgeti(L, t, i);
        int c = lua_gettop(L);
        snprintf(what, sizeof what, "channel %d of %s", i, w->nats[n].code);
        if (!lua_istable(L, c))
            luaL_error(L, "%s must be a table", what);
        mig_lua_check_keys(L, c, what, keys);
        const char *name = mig_lua_field_string(L, c, "name", what, NULL);
        int k = mig_world_add_channel(w, n, name, mig_lua_field_string(L, c, "to", what, NULL),
                                      mig_lua_field_string(L, c, "mode", what, "air"), mig_lua_field_number(L, c, "days", what, 1, 0),
                                      mig_lua_field_string(L, c, "visa", what, ""), err);
        if (k < 0)
            luaL_error(L, "%s", err);
        set_field(L, c, w, MIG_PE_CHANNEL, n, k, "weight", what);
        set_field(L, c, w, MIG_PE_CHANNEL, n, k, "cost", what);
        w->nats[n].channels[k].open = mig_lua_field_bool(L, c, "open", what, 1);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}

static void read_destinations(lua_State *L, mig_world *w, int n, int idx)
{
    char err[MIG_ERR_LEN];
    raw_field(L, idx, "destinations");
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return;
    }
    if (!lua_istable(L, -1))
        luaL_error(L, "nationality %s: destinations must be a table {location = weight}", w->nats[n].code);
    /* Sorted keys: pairs() order is not stable across runs, destination slots must be. */
    int t = lua_gettop(L);
    char names[MIG_MAX_DESTINATIONS][MIG_ID_LEN];
    double weights[MIG_MAX_DESTINATIONS];
    int count = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) {
        if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TNUMBER)
            luaL_error(L, "nationality %s: destinations must map location ids to weights", w->nats[n].code);
        if (count >= MIG_MAX_DESTINATIONS)
            luaL_error(L, "nationality %s: too many destinations", w->nats[n].code);
        if (strlen(lua_tostring(L, -2)) >= MIG_ID_LEN)
            luaL_error(L, "nationality %s: destination '%s' is not a location id (too long)", w->nats[n].code,
                       lua_tostring(L, -2));
        snprintf(names[count], MIG_ID_LEN, "%s", lua_tostring(L, -2));
        weights[count++] = lua_tonumber(L, -1);
        lua_pop(L, 1);
    }
    for (int i = 1; i < count; i++)
        for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            char tmp[MIG_ID_LEN];
            memcpy(tmp, names[j], MIG_ID_LEN);
            memcpy(names[j], names[j - 1], MIG_ID_LEN);
            memcpy(names[j - 1], tmp, MIG_ID_LEN);
            double tw = weights[j];
            weights[j] = weights[j - 1];
            weights[j - 1] = tw;
        }
    for (int i = 0; i < count; i++)
        if (mig_world_add_destination(w, n, names[i], weights[i], err) < 0)
            luaL_error(L, "%s", err);
    lua_pop(L, 1);
}

/* nationality{ code=, name=, origin=, demand=, money={mean=,sd=}, displacement=, rush=,
 *              departure_multiplier=, destinations={...}, channels={...} } */
static int l_nationality(lua_State *L)
{
    static const char *const keys[] = { "code", "name", "origin", "demand", "money", "displacement", "rush",
                                        "departure_multiplier", "destinations", "channels", NULL };
    mig_host *h = building(L, "nationality");
    mig_lua_check_keys(L, 1, "nationality{}", keys);
    char err[MIG_ERR_LEN], where[MIG_WHERE_LEN];
    mig_where(L, where, sizeof where);
    const char *code = mig_lua_field_string(L, 1, "code", "nationality{}", NULL);
    int n = mig_world_add_nationality(h->world, code, mig_lua_field_string(L, 1, "name", "nationality{}", code),
                                      mig_lua_field_string(L, 1, "origin", "nationality{}", NULL), where, err);
    if (n < 0)
        return luaL_error(L, "%s", err);
    read_demand(L, h->world, n, 1);
    set_field(L, 1, h->world, MIG_PE_NATIONALITY, n, 0, "displacement", "nationality{}");
    set_field(L, 1, h->world, MIG_PE_NATIONALITY, n, 0, "rush", "nationality{}");
    set_field(L, 1, h->world, MIG_PE_NATIONALITY, n, 0, "departure_multiplier", "nationality{}");
    raw_field(L, 1, "money");
    if (!lua_isnil(L, -1)) {
        static const char *const mkeys[] = { "mean", "sd", NULL };
        int m = lua_gettop(L);
        mig_lua_check_keys(L, m, "nationality{} money", mkeys);
        set_ref(L, h->world, MIG_PE_NATIONALITY, "money_mean", n, 0,
                mig_lua_field_number(L, m, "mean", "money", h->world->nats[n].money_mean, 0));
        set_ref(L, h->world, MIG_PE_NATIONALITY, "money_sd", n, 0,
                mig_lua_field_number(L, m, "sd", "money", h->world->nats[n].money_sd, 0));
    }
    lua_pop(L, 1);
    read_destinations(L, h->world, n, 1);
    read_channels(L, h->world, n, 1);
    return 0;
}

static int find_country_arg(lua_State *L, mig_world *w, const char *code)
{
    int c = mig_world_find_country(w, code);
    if (c < 0)
        luaL_error(L, "unknown country '%s'", code);
    return c;
}

static int find_nat_arg(lua_State *L, mig_world *w, const char *code)
{
    int n = mig_world_find_nationality(w, code);
    if (n < 0)
        luaL_error(L, "unknown nationality '%s'", code);
    return n;
}

/* Apply fn to the nationality code(s) in field "nationality" (string or list). */
static void each_nationality(lua_State *L, int idx, const char *what, void (*fn)(lua_State *, const char *, void *),
                             void *ctx)
{
    raw_field(L, idx, "nationality");
    if (lua_type(L, -1) == LUA_TSTRING) {
        fn(L, lua_tostring(L, -1), ctx);
    } else if (lua_istable(L, -1)) {
        int len = (int)luaL_len(L, -1);
        for (int i = 1; i <= len; i++) {
            lua_rawgeti(L, -1, i);
            if (lua_type(L, -1) != LUA_TSTRING)
                luaL_error(L, "%s: nationality list must hold codes", what);
            fn(L, lua_tostring(L, -1), ctx);
            lua_pop(L, 1);
        }
    } else {
        luaL_error(L, "%s: 'nationality' is required (a code or a list of codes)", what);
    }
    lua_pop(L, 1);
}

/* A visa regime as the events say it: "free" (visa-free entry) or "required". */
static const char *visa_word(int free_)
{
    return free_ ? "free" : "required";
}

typedef struct visa_ctx {
    int country, free_;
} visa_ctx;

static void apply_visa(lua_State *L, const char *code, void *vctx)
{
    visa_ctx *v = vctx;
    mig_host *h = mig_host_of(L);
    mig_world *w = world_of(L);
    int n = find_nat_arg(L, w, code);
    mig_event_facts f = mig_facts("visa");
    mig_facts_text(f.country, sizeof f.country, w->countries[v->country].code);
    mig_facts_text(f.nationality, sizeof f.nationality, code);
    f.old = mig_value_text(visa_word(mig_world_visa_free(w, v->country, n)));
    f.new_ = mig_value_text(visa_word(v->free_));
    mig_world_set_visa_free(w, v->country, n, v->free_);
    char label[200];
    snprintf(label, sizeof label, "visa regime: %s %s for %s", w->countries[v->country].code,
             v->free_ ? "visa-free" : "requires a visa", code);
    mig_host_log(h, label, &f);
}

/* visa{ country=, nationality= (code or list), free= }: set the regime now. */
static int l_visa(lua_State *L)
{
    static const char *const keys[] = { "country", "nationality", "free", NULL };
    mig_lua_check_keys(L, 1, "visa{}", keys);
    mig_world *w = world_of(L);
    visa_ctx v = { find_country_arg(L, w, mig_lua_field_string(L, 1, "country", "visa{}", NULL)), 0 };
    raw_field(L, 1, "free");
    if (lua_type(L, -1) != LUA_TBOOLEAN)
        return luaL_error(L, "visa{}: 'free' is required (true or false)");
    v.free_ = lua_toboolean(L, -1);
    lua_pop(L, 1);
    each_nationality(L, 1, "visa{}", apply_visa, &v);
    return 0;
}

/* Schedule fn_idx's function on day, logged as label with facts (NULL: "scheduled"). */
static void add_at_optional(lua_State *L, mig_host *h, int day, const char *label, int fn_idx, int optional,
                            const mig_event_facts *facts)
{
    if (h->n_ats == h->cap_ats) {
        int ncap = h->cap_ats ? h->cap_ats * 2 : 16;
        at_event *p = realloc(h->ats, (size_t)ncap * sizeof *p);
        if (!p)
            luaL_error(L, "out of memory");
        h->ats = p;
        h->cap_ats = ncap;
    }
    at_event *e = &h->ats[h->n_ats];
    e->day = day;
    e->seq = h->n_ats;
    mig_where(L, e->where, sizeof e->where);
    mig_utf8_copy(e->label, sizeof e->label, label);
    lua_pushvalue(L, fn_idx);
    e->fn_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    e->optional = optional;
    e->facts = facts ? *facts : mig_facts("scheduled");
    e->during = e->during_end = 0;
    h->n_ats++;
}

void mig_lua_add_at(lua_State *L, mig_host *h, int day, const char *label, int fn_idx, int optional,
                    const mig_event_facts *facts)
{
    add_at_optional(L, h, day, label, fn_idx, optional, facts);
}

static void add_at(lua_State *L, mig_host *h, int day, const char *label, int fn_idx,
                   const mig_event_facts *facts)
{
    add_at_optional(L, h, day, label, fn_idx, 0, facts);
}

/* at(date, [label,] fn): run fn at the start of that day. */
static int l_at(lua_State *L)
{
    mig_host *h = mig_host_of(L);
    if (h->running)
        return luaL_error(L, "at() schedules events while the scenario loads; inside a hook, act directly");
    const char *date = mig_lua_check_text(L, 1);
    int day = mig_lua_check_date(L, date, "at()");
    int fn = lua_gettop(L) >= 3 ? 3 : 2;
    luaL_checktype(L, fn, LUA_TFUNCTION);
    char label[200], where[MIG_WHERE_LEN];
    if (fn == 3) {
        mig_utf8_copy(label, sizeof label, mig_lua_check_text(L, 2));
    } else {
        mig_where(L, where, sizeof where);
        snprintf(label, sizeof label, "scheduled event (%.*s)", (int)strlen(where) - 2, where);
    }
    add_at(L, h, day, label, fn, NULL);
    return 0;
}

/* when(predicate, fn [, label]): fn(ind) once, the first day predicate(ind) is true. */
static int l_when(lua_State *L)
{
    mig_host *h = mig_host_of(L);
    if (h->running)
        return luaL_error(L, "when() registers triggers while the scenario loads");
    luaL_checktype(L, 1, LUA_TFUNCTION);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    if (h->n_whens == h->cap_whens) {
        int ncap = h->cap_whens ? h->cap_whens * 2 : 8;
        when_trigger *p = realloc(h->whens, (size_t)ncap * sizeof *p);
        if (!p)
            return luaL_error(L, "out of memory");
        h->whens = p;
        h->cap_whens = ncap;
    }
    when_trigger *t = &h->whens[h->n_whens];
    memset(t, 0, sizeof *t);
    mig_where(L, t->where, sizeof t->where);
    if (lua_gettop(L) >= 3)
        mig_utf8_copy(t->label, sizeof t->label, mig_lua_check_text(L, 3));
    else
        snprintf(t->label, sizeof t->label, "trigger (%.*s)", (int)strlen(t->where) - 2, t->where);
    lua_pushvalue(L, 1);
    t->pred_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    lua_pushvalue(L, 2);
    t->fn_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    h->n_whens++;
    return 0;
}

/* on_day(fn): fn(ind) at the start of every day. */
static int l_on_day(lua_State *L)
{
    mig_host *h = mig_host_of(L);
    if (h->running)
        return luaL_error(L, "on_day() registers hooks while the scenario loads");
    luaL_checktype(L, 1, LUA_TFUNCTION);
    if (h->n_on_days == h->cap_on_days) {
        int ncap = h->cap_on_days ? h->cap_on_days * 2 : 4;
        int *p = realloc(h->on_days, (size_t)ncap * sizeof *p);
        if (!p)
            return luaL_error(L, "out of memory");
        h->on_days = p;
        h->cap_on_days = ncap;
    }
    lua_pushvalue(L, 1);
    h->on_days[h->n_on_days++] = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

static int visa_change_fire(lua_State *L)
{
    lua_pushcfunction(L, l_visa);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_call(L, 1, 0);
    return 0;
}

typedef struct announce_ctx {
    int country, day;
} announce_ctx;

static void apply_announce(lua_State *L, const char *code, void *vctx)
{
    announce_ctx *a = vctx;
    mig_host *h = mig_host_of(L);
    mig_run_announce_visa(h->run, a->country, find_nat_arg(L, h->run->world, code), a->day);
}

static int announce_fire(lua_State *L)
{
    mig_host *h = mig_host_of(L);
    announce_ctx a = { find_country_arg(L, h->run->world, lua_tostring(L, lua_upvalueindex(2))),
                       (int)lua_tointeger(L, lua_upvalueindex(3)) };
    each_nationality(L, lua_upvalueindex(1), "visa_change{}", apply_announce, &a);
    return 0;
}

static void check_nat_code(lua_State *L, const char *code, void *ctx)
{
    (void)ctx;
    find_nat_arg(L, mig_host_of(L)->world, code);
}

/* visa_change{ country=, nationality=, free=, date=, announced=, label= }: schedule
 * a regime change; between `announced` and `date` departures through the channels
 * it closes are multiplied by the group's rush. */
static int l_visa_change(lua_State *L)
{
    static const char *const keys[] = { "country", "nationality", "free", "date", "announced", "label", NULL };
    mig_host *h = mig_host_of(L);
    if (h->running || !h->world)
        return luaL_error(L, "visa_change{} schedules while the scenario loads; inside a hook use visa{}");
    mig_lua_check_keys(L, 1, "visa_change{}", keys);
    const char *country = mig_lua_field_string(L, 1, "country", "visa_change{}", NULL);
    find_country_arg(L, h->world, country);
    const char *date = mig_lua_field_string(L, 1, "date", "visa_change{}", NULL);
    int day = mig_lua_check_date(L, date, "visa_change{} date");
    const char *announced = mig_lua_field_string(L, 1, "announced", "visa_change{}", "");
    raw_field(L, 1, "free");
    if (lua_type(L, -1) != LUA_TBOOLEAN)
        return luaL_error(L, "visa_change{}: 'free' is required (true or false)");
    int free_ = lua_toboolean(L, -1);
    lua_pop(L, 1);
    each_nationality(L, 1, "visa_change{}", check_nat_code, NULL);
    const char *label = mig_lua_field_string(L, 1, "label", "visa_change{}", "");

    lua_createtable(L, 0, 3);
    int args = lua_gettop(L);
    lua_pushstring(L, country);
    lua_setfield(L, args, "country");
    raw_field(L, 1, "nationality");
    lua_setfield(L, args, "nationality");
    lua_pushboolean(L, free_);
    lua_setfield(L, args, "free");

    char buf[200];
    if (*label)
        snprintf(buf, sizeof buf, "%s", label);
    else
        snprintf(buf, sizeof buf, "visa_change: %s %s", country, free_ ? "lifts visas" : "requires visas");
    /* The schedule's label, then (when it fires) one "visa" event per nationality. */
    mig_event_facts f = mig_facts("scheduled");
    mig_facts_text(f.country, sizeof f.country, country);
    raw_field(L, 1, "nationality");
    if (lua_type(L, -1) == LUA_TSTRING)
        mig_facts_text(f.nationality, sizeof f.nationality, lua_tostring(L, -1));
    lua_pop(L, 1);
    lua_pushvalue(L, args);
    lua_pushcclosure(L, visa_change_fire, 1);
    add_at(L, h, day, buf, lua_gettop(L), &f);
    lua_pop(L, 1);
    if (*announced) {
        int aday = mig_lua_check_date(L, announced, "visa_change{} announced");
        if (aday > day)
            return luaL_error(L, "visa_change{}: announced (%s) is after the date it takes effect (%s)", announced,
                              date);
        if (free_)
            return luaL_error(L, "visa_change{}: 'announced' applies to closing a channel (free = false)");
        lua_pushvalue(L, args);
        lua_pushstring(L, country);
        lua_pushinteger(L, day);
        lua_pushcclosure(L, announce_fire, 3);
        snprintf(buf, sizeof buf, "announced: %s will require visas from %s%s%s", country, date, *label ? ": " : "",
                 label);
        mig_event_facts an = f;
        mig_facts_text(an.type, sizeof an.type, "announcement");
        an.new_ = mig_value_text(visa_word(0));
        char eff[11];
        mig_date_format(day, eff);
        mig_facts_text(an.effective, sizeof an.effective, eff);
        add_at(L, h, aday, buf, lua_gettop(L), &an);
        lua_pop(L, 1);
    }
    return 0;
}

/* Read field `key` as a list of strings (a single string is a list of one) into
 * out (at most max). Returns the count; -1 if the field is absent. */
static int field_codes(lua_State *L, int idx, const char *key, const char *what, const char **out, int max)
{
    raw_field(L, idx, key);
    int n = 0;
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        return -1;
    }
    if (lua_type(L, -1) == LUA_TSTRING) {
        out[n++] = lua_tostring(L, -1);
    } else if (lua_istable(L, -1)) {
        int len = (int)luaL_len(L, -1);
        if (len > max)
            luaL_error(L, "%s: '%s' lists %d entries, at most %d", what, key, len, max);
        for (int i = 1; i <= len; i++) {
            lua_rawgeti(L, -1, i);
            if (lua_type(L, -1) != LUA_TSTRING)
                luaL_error(L, "%s: '%s' must list codes (strings), entry %d is a %s", what, key, i,
                           luaL_typename(L, -1));
            out[n++] = lua_tostring(L, -1);
            lua_pop(L, 1);  /* the table holds the string */
        }
    } else {
        luaL_error(L, "%s: '%s' must be a code or a list of codes, got %s", what, key, luaL_typename(L, -1));
    }
    lua_pop(L, 1);
    return n;
}

/* smuggling_group{ id=, base=, borders={...}, capacity=, price_factor=, skill=, members= } */
static int l_smuggling_group(lua_State *L)
{
    static const char *const keys[] = { "id", "base", "borders", "capacity", "price_factor", "skill", "members",
                                        NULL };
    mig_host *h = building(L, "smuggling_group");
    mig_lua_check_keys(L, 1, "smuggling_group{}", keys);
    char err[MIG_ERR_LEN], where[MIG_WHERE_LEN];
    mig_where(L, where, sizeof where);
    const char *id = mig_lua_field_string(L, 1, "id", "smuggling_group{}", NULL);
    const char *base = mig_lua_field_string(L, 1, "base", "smuggling_group{}", NULL);
    const char *borders[MIG_MAX_GROUP_BORDERS];
    int nb = field_codes(L, 1, "borders", "smuggling_group{}", borders, MIG_MAX_GROUP_BORDERS);
    if (nb < 0)
        return luaL_error(L, "smuggling_group{}: 'borders' is required (the segments it serves, e.g. {\"RS-HU\"})");
    /* Check the numbers before the group exists, so a caught error leaves no half-made group. */
    static const char *const params[] = { "capacity", "price_factor", "skill", "members" };
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++) {
        const mig_param_spec *sp = mig_param_spec_of(MIG_PE_GROUP, params[i]);
        char name[MIG_ID_LEN + 64];
        snprintf(name, sizeof name, "smuggling_group %s: '%s'", id, params[i]);
        if (mig_param_check(sp, name, mig_lua_field_number(L, 1, params[i], "smuggling_group{}", sp->lo, 0), err))
            return luaL_error(L, "%s", err);
    }
    int g = mig_world_add_group(h->world, id, base, borders, nb, where, err);
    if (g < 0)
        return luaL_error(L, "%s", err);
    for (size_t i = 0; i < sizeof params / sizeof params[0]; i++)
        set_field(L, 1, h->world, MIG_PE_GROUP, g, 0, params[i], "smuggling_group{}");
    return 0;
}

/* network{ members= | join= | leave=, delay_days=, label= }: who has a contact
 * point in the police data-exchange network, and how long a report takes to
 * reach the others. At load or from a hook (then logged as an event). */
static int l_network(lua_State *L)
{
    static const char *const keys[] = { "members", "join", "leave", "delay_days", "label", NULL };
    mig_lua_check_keys(L, 1, "network{}", keys);
    mig_world *w = world_of(L);
    const char *members[256], *join[256], *leave[256];
    int nm = field_codes(L, 1, "members", "network{}", members, 256);
    int nj = field_codes(L, 1, "join", "network{}", join, 256);
    int nl = field_codes(L, 1, "leave", "network{}", leave, 256);
    raw_field(L, 1, "delay_days");
    int has_delay = !lua_isnil(L, -1);
    lua_pop(L, 1);
    double delay = mig_lua_field_number(L, 1, "delay_days", "network{}", 0, 0);
    if (nm < 0 && nj < 0 && nl < 0 && !has_delay)
        return luaL_error(L, "network{}: give members, join, leave or delay_days");
    if (nm >= 0 && (nj >= 0 || nl >= 0))
        return luaL_error(L, "network{}: 'members' sets the whole network; use it without join or leave");
    const mig_param_spec *dsp = mig_param_spec_named("network.delay_days");
    char derr[MIG_ERR_LEN];
    if (has_delay && mig_param_check(dsp, "", delay, derr))
        return mig_lua_arg_error(L, "network{}: delay_days must be a whole number of days in [%g, %g] (0 = immediate "
                             "exchange), got %g", dsp->lo, dsp->hi, delay);
    const char *given = mig_lua_field_string(L, 1, "label", "network{}", "");
    /* Every code is checked before anything changes. */
    int cm[256], cj[256], cl[256];
    for (int i = 0; i < nm; i++)
        cm[i] = find_country_arg(L, w, members[i]);
    for (int i = 0; i < nj; i++)
        cj[i] = find_country_arg(L, w, join[i]);
    for (int i = 0; i < nl; i++)
        cl[i] = find_country_arg(L, w, leave[i]);
    if (nm >= 0) {
        for (int c = 0; c < w->n_countries; c++)
            w->countries[c].network = 0;
        for (int i = 0; i < nm; i++)
            w->countries[cm[i]].network = 1;
    }
    for (int i = 0; i < nj; i++)
        w->countries[cj[i]].network = 1;
    for (int i = 0; i < nl; i++)
        w->countries[cl[i]].network = 0;
    if (has_delay)
        w->params.network_delay_days = delay;
    char label[200];
    mig_event_facts f = mig_facts("network");
    for (int c = 0, k = 0; c < w->n_countries && k < (int)sizeof f.members - MIG_ID_LEN; c++)
        if (w->countries[c].network >= 0.5)
            k += snprintf(f.members + k, sizeof f.members - (size_t)k, "%s%s", k ? " " : "", w->countries[c].code);
    f.delay_days = mig_value_number(w->params.network_delay_days);
    if (*given) {
        mig_utf8_copy(label, sizeof label, given);
    } else {
        int k = snprintf(label, sizeof label, "data-exchange network:");
        for (int c = 0; c < w->n_countries && k < (int)sizeof label - 8; c++)
            if (w->countries[c].network >= 0.5)
                k += snprintf(label + k, sizeof label - (size_t)k, " %s", w->countries[c].code);
        if (k < (int)sizeof label - 32)
            snprintf(label + k, sizeof label - (size_t)k, "; delay %g days", w->params.network_delay_days);
    }
    mig_host_log(mig_host_of(L), label, &f);
    return 0;
}

/* The start (upvalue 5 true) or end of an operation in country upvalue 1, with
 * its one-off intelligence, daily intelligence and threshold factor (upvalues 2-4). */
static int operation_fire(lua_State *L)
{
    mig_host *h = mig_host_of(L);
    mig_world *w = h->run->world;
    int c = (int)lua_tointeger(L, lua_upvalueindex(1));
    double intel = lua_tonumber(L, lua_upvalueindex(2));
    double per_day = lua_tonumber(L, lua_upvalueindex(3));
    double factor = lua_tonumber(L, lua_upvalueindex(4));
    int starting = lua_toboolean(L, lua_upvalueindex(5));
    mig_country *ct = &w->countries[c];
    if (starting) {
        if (intel > 0)
            mig_smuggling_add_intel(&h->run->smug, w, c, intel);
        ct->intel_per_day += per_day;
        ct->threshold_factor *= factor;
    } else {
        ct->intel_per_day -= per_day;
        if (ct->intel_per_day < 1e-9)
            ct->intel_per_day = 0;  /* what a sum of additions and subtractions leaves */
        ct->threshold_factor /= factor;
    }
    /* Overlapping operations stay within the parameters' ranges. */
    const mig_param_spec *ip = mig_param_spec_of(MIG_PE_COUNTRY, "intel_per_day");
    const mig_param_spec *tf = mig_param_spec_of(MIG_PE_COUNTRY, "threshold_factor");
    if (ct->intel_per_day > ip->hi)
        ct->intel_per_day = ip->hi;
    if (ct->threshold_factor < tf->lo)
        ct->threshold_factor = tf->lo;
    if (ct->threshold_factor > tf->hi)
        ct->threshold_factor = tf->hi;
    return 0;
}

/* operation{ country=, from=, days=, intel=, intel_per_day=, threshold_factor=, label= }:
 * an anti-smuggling operation from a date: a one-off gain of intelligence on every
 * group operating in the country, a daily gain while it lasts, and/or a lower
 * dismantling threshold while it lasts. */
static int l_operation(lua_State *L)
{
    static const char *const keys[] = { "country", "from", "days", "intel", "intel_per_day", "threshold_factor",
                                        "label", NULL };
    mig_host *h = mig_host_of(L);
    if (h->running || !h->world)
        return luaL_error(L, "operation{} schedules while the scenario loads; inside a hook use set() on "
                             "country.XX.intel_per_day or country.XX.threshold_factor");
    mig_lua_check_keys(L, 1, "operation{}", keys);
    const char *country = mig_lua_field_string(L, 1, "country", "operation{}", NULL);
    int c = find_country_arg(L, h->world, country);
    const char *from = mig_lua_field_string(L, 1, "from", "operation{}", NULL);
    int day = mig_lua_check_date(L, from, "operation{} from");
    double days = mig_lua_field_number(L, 1, "days", "operation{}", 1, 0);
    double intel = mig_lua_field_number(L, 1, "intel", "operation{}", 0, 0);
    double per_day = mig_lua_field_number(L, 1, "intel_per_day", "operation{}", 0, 0);
    double factor = mig_lua_field_number(L, 1, "threshold_factor", "operation{}", 1, 0);
    if (!(days >= 1 && days <= 65535 && days == floor(days)))
        return mig_lua_arg_error(L, "operation{}: days must be a whole number >= 1, got %g", days);
    if (!(intel >= 0 && intel <= 1e12))
        return mig_lua_arg_error(L, "operation{}: intel must be >= 0 (intelligence units), got %g", intel);
    if (!(per_day >= 0 && per_day <= 1e9))
        return mig_lua_arg_error(L, "operation{}: intel_per_day must be >= 0, got %g", per_day);
    if (!(factor > 0 && factor <= 1))
        return mig_lua_arg_error(L, "operation{}: threshold_factor must be in (0, 1] (a dismantling push lowers the "
                             "threshold), got %g", factor);
    if (intel == 0 && per_day == 0 && factor == 1)
        return luaL_error(L, "operation{}: give intel, intel_per_day or threshold_factor (it would do nothing)");
    const char *label = mig_lua_field_string(L, 1, "label", "operation{}", "");
    char buf[200];
    for (int start = 1; start >= 0; start--) {
        lua_pushinteger(L, c);
        lua_pushnumber(L, intel);
        lua_pushnumber(L, per_day);
        lua_pushnumber(L, factor);
        lua_pushboolean(L, start);
        lua_pushcclosure(L, operation_fire, 5);
        if (start)
            snprintf(buf, sizeof buf, "%s%santi-smuggling operation in %s starts (intel %g, %g a day, threshold x%g, "
                     "%g days)", label, *label ? ": " : "", country, intel, per_day, factor, days);
        else
            snprintf(buf, sizeof buf, "%s%santi-smuggling operation in %s ends", label, *label ? ": " : "", country);
        mig_event_facts f = mig_facts(start ? "operation_start" : "operation_end");
        mig_facts_text(f.country, sizeof f.country, country);
        /* An operation may outlast the run: its end then never comes. */
        add_at_optional(L, h, start ? day : day + (int)days, buf, lua_gettop(L), !start, &f);
        lua_pop(L, 1);
    }
    return 0;
}

static int noop(lua_State *L)
{
    (void)L;
    return 0;
}

typedef struct measure_ctx {
    int start, ramp;
    double factor;
} measure_ctx;

static void add_measure(lua_State *L, const char *code, void *vctx)
{
    measure_ctx *m = vctx;
    mig_world *w = mig_host_of(L)->world;
    char err[MIG_ERR_LEN];
    if (mig_world_add_measure(w, find_nat_arg(L, w, code), m->start, m->ramp, m->factor, err) < 0)
        luaL_error(L, "%s", err);
}

static void check_measure_nat(lua_State *L, const char *code, void *ctx)
{
    (void)ctx;
    find_nat_arg(L, mig_host_of(L)->world, code);
}

/* origin_measure{ nationality=, from=, factor=, lag_days=, ramp_days=, label= }:
 * development aid, an exit ban or another measure at the origin: departures move
 * to `factor` times their level, starting lag_days after `from`, linearly over
 * ramp_days. */
static int l_origin_measure(lua_State *L)
{
    static const char *const keys[] = { "nationality", "from", "factor", "lag_days", "ramp_days", "label", NULL };
    mig_host *h = building(L, "origin_measure");
    mig_lua_check_keys(L, 1, "origin_measure{}", keys);
    const char *from = mig_lua_field_string(L, 1, "from", "origin_measure{}", NULL);
    int day = mig_lua_check_date(L, from, "origin_measure{} from");
    double factor = mig_lua_field_number(L, 1, "factor", "origin_measure{}", 1, 1);
    double lag = mig_lua_field_number(L, 1, "lag_days", "origin_measure{}", 0, 0);
    double ramp = mig_lua_field_number(L, 1, "ramp_days", "origin_measure{}", 0, 0);
    if (!(factor >= 0 && factor <= 1e6))
        return mig_lua_arg_error(L, "origin_measure{}: factor must be in [0, 1e6] (0 = nobody leaves), got %g", factor);
    if (!(lag >= 0 && lag <= 65535 && lag == floor(lag)))
        return mig_lua_arg_error(L, "origin_measure{}: lag_days must be a whole number >= 0, got %g", lag);
    if (!(ramp >= 0 && ramp <= 65535 && ramp == floor(ramp)))
        return mig_lua_arg_error(L, "origin_measure{}: ramp_days must be a whole number >= 0, got %g", ramp);
    each_nationality(L, 1, "origin_measure{}", check_measure_nat, NULL);
    const char *label = mig_lua_field_string(L, 1, "label", "origin_measure{}", "");
    measure_ctx m = { day + (int)lag, (int)ramp, factor };
    each_nationality(L, 1, "origin_measure{}", add_measure, &m);
    char buf[200];
    raw_field(L, 1, "nationality");
    const char *who = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "several nationalities";
    snprintf(buf, sizeof buf, "%s%sorigin measure for %s takes hold: departures x%g over %d days", label,
             *label ? ": " : "", who, factor, (int)ramp);
    mig_event_facts f = mig_facts("measure");
    if (lua_type(L, -1) == LUA_TSTRING)
        mig_facts_text(f.nationality, sizeof f.nationality, who);
    f.factor = mig_value_number(factor);
    lua_pop(L, 1);
    lua_pushcfunction(L, noop);
    /* For meta.events only (the effect is in the demand): a measure that takes hold
     * before or after the run is not an error. */
    add_at_optional(L, h, m.start, buf, lua_gettop(L), 1, &f);
    lua_pop(L, 1);
    return 0;
}

/* set(key, value): change a parameter (validated); logged during the run. */
static int l_set(lua_State *L)
{
    mig_host *h = mig_host_of(L);
    const char *key = mig_lua_check_text(L, 1);
    if (h->running && strcmp(key, "agent_weight") == 0)
        return luaL_error(L, "agent_weight is fixed once the run starts (every count is scaled by it)");
    double v;
    if (lua_isboolean(L, 2))
        v = lua_toboolean(L, 2);
    else
        v = luaL_checknumber(L, 2);
    mig_event_facts f = mig_facts("parameter");
    mig_facts_text(f.key, sizeof f.key, key);
    double old;
    char err[MIG_ERR_LEN];
    if (h->running && mig_world_get(world_of(L), key, &old, err) == 0)
        f.old = mig_value_number(old);
    set_param(L, world_of(L), key, v);
    f.new_ = mig_value_number(v);
    char label[200];
    snprintf(label, sizeof label, "set %s = %.10g", key, v);
    mig_host_log(h, label, &f);
    return 0;
}

/* get(key): a parameter's current value. */
static int l_get(lua_State *L)
{
    char err[MIG_ERR_LEN];
    double v;
    if (mig_world_get(world_of(L), mig_lua_check_text(L, 1), &v, err))
        return luaL_error(L, "%s", err);
    lua_pushnumber(L, v);
    return 1;
}

static void push_param(void *ctx, const char *key, double value)
{
    lua_State *L = ctx;
    lua_pushnumber(L, value);
    lua_setfield(L, -2, key);
}

/* parameters(): every parameter key and its value, as a table. */
static int l_parameters(lua_State *L)
{
    lua_newtable(L);
    mig_world_each_param(world_of(L), push_param, L);
    return 1;
}

static int set_channel_open(lua_State *L, int open)
{
    mig_world *w = world_of(L);
    const char *nat = mig_lua_check_text(L, 1), *name = mig_lua_check_text(L, 2);
    int n = find_nat_arg(L, w, nat);
    int k = mig_world_find_channel(w, n, name);
    if (k < 0)
        return luaL_error(L, "nationality %s has no channel '%s'", nat, name);
    mig_event_facts f = mig_facts("channel");
    mig_facts_text(f.nationality, sizeof f.nationality, nat);
    mig_facts_text(f.channel, sizeof f.channel, name);
    f.old = mig_value_text(w->nats[n].channels[k].open >= 0.5 ? "open" : "closed");
    f.new_ = mig_value_text(open ? "open" : "closed");
    char key[160], label[200];
    snprintf(key, sizeof key, "channel.%s.%s.open", nat, name);
    set_param(L, w, key, open);
    snprintf(label, sizeof label, "%s channel %s/%s", open ? "open" : "close", nat, name);
    mig_host_log(mig_host_of(L), label, &f);
    return 0;
}

/* close_channel(nationality, name) / open_channel(...): origin-side measures
 * such as an exit ban or carrier sanctions. */
static int l_close_channel(lua_State *L) { return set_channel_open(L, 0); }
static int l_open_channel(lua_State *L) { return set_channel_open(L, 1); }

/* Field `key` of an event's facts: a number, true/false or a short text (lua_internal.h). */
mig_value mig_lua_event_value(lua_State *L, int idx, const char *key)
{
    mig_value v = { 0 };
    raw_field(L, idx, key);
    int t = lua_type(L, -1);
    lua_pop(L, 1);
    if (t == LUA_TBOOLEAN) {
        raw_field(L, idx, key);
        v = mig_value_bool(lua_toboolean(L, -1));
        lua_pop(L, 1);
    } else if (t == LUA_TNUMBER) {
        v = mig_value_number(mig_lua_field_number(L, idx, key, "event{}", 0, 1));
    } else if (t == LUA_TSTRING) {
        const char *s = mig_lua_field_string(L, idx, key, "event{}", NULL);
        if (strlen(s) >= MIG_EVENT_TEXT_LEN)
            luaL_error(L, "event{}: '%s' must be at most %d bytes of text, got %d", key, MIG_EVENT_TEXT_LEN - 1,
                       (int)strlen(s));
        v = mig_value_text(s);
    } else if (t != LUA_TNIL) {
        luaL_error(L, "event{}: '%s' must be a number, true/false or a text, got %s", key, lua_typename(L, t));
    }
    return v;
}

/* Copy code field `key` (checked by find, if given) into dst. */
static void event_code(lua_State *L, int idx, const char *key, char *dst, size_t n)
{
    const char *s = mig_lua_field_string(L, idx, key, "event{}", "");
    if (strlen(s) >= n)
        luaL_error(L, "event{}: '%s' is too long (%d bytes, at most %d)", key, (int)strlen(s), (int)n - 1);
    mig_facts_text(dst, n, s);
}

/* The typed facts of event(label, facts): the same fields as migsim's own events,
 * the codes checked against the world so a typo is an error, not a lost row. */
static mig_event_facts event_facts(lua_State *L, int idx)
{
    static const char *const keys[] = { "type", "country", "nationality", "channel", "group", "key", "old", "new",
                                        NULL };
    mig_lua_check_keys(L, idx, "event{}", keys);
    mig_world *w = world_of(L);
    const char *type = mig_lua_field_string(L, idx, "type", "event{}", "custom");
    if (!mig_event_type_ok(type))
        luaL_error(L, "event{}: type '%s' must be a lower-case word (a-z, 0-9, _; at most %d bytes), such as "
                      "\"custom\" or \"fence\"", type, MIG_EVENT_TYPE_LEN - 1);
    mig_event_facts f = mig_facts(type);
    event_code(L, idx, "country", f.country, sizeof f.country);
    event_code(L, idx, "nationality", f.nationality, sizeof f.nationality);
    event_code(L, idx, "channel", f.channel, sizeof f.channel);
    event_code(L, idx, "group", f.group, sizeof f.group);
    event_code(L, idx, "key", f.key, sizeof f.key);
    if (*f.country)
        find_country_arg(L, w, f.country);
    int n = *f.nationality ? find_nat_arg(L, w, f.nationality) : -1;
    if (*f.channel && n < 0)
        luaL_error(L, "event{}: 'channel' needs the 'nationality' whose channel it is");
    if (*f.channel && mig_world_find_channel(w, n, f.channel) < 0)
        luaL_error(L, "event{}: nationality %s has no channel '%s'", f.nationality, f.channel);
    f.old = mig_lua_event_value(L, idx, "old");
    f.new_ = mig_lua_event_value(L, idx, "new");
    return f;
}

/* event(label [, facts]): record a policy event in the output's meta.events (during
 * the run); facts = { type=, country=, nationality=, channel=, group=, key=, old=, new= },
 * or in a Flee-rule run { type=, location=, from=, to=, key=, old=, new= } (flee_lua.c). */
static int l_event(lua_State *L)
{
    mig_host *h = mig_host_of(L);
    const char *label = mig_lua_check_text(L, 1);
    if (!h->running)
        return luaL_error(L, "event() records what happens during the run; call it from at/when/on_day");
    if (h->frun && !lua_isnoneornil(L, 2)) {  /* a Flee run's events have their own fields */
        mig_flee_facts f = mig_flee_lua_event_facts(L, 2);
        mig_flee_run_log(h->frun, label, &f);
        return 0;
    }
    mig_event_facts f = lua_isnoneornil(L, 2) ? mig_facts("custom") : event_facts(L, 2);
    mig_host_log(h, label, &f);
    return 0;
}

/* default_posterior(path | nil): the posterior sample (migsim calibrate's output) whose
 * parameter sets replicates of this scenario draw unless the command line says
 * otherwise (app/posterior.h). Only its path is kept here: a single run never reads it,
 * and an ensemble checks it against the world. nil or false: none (a scenario undoing
 * its world module's declaration). */
static int l_default_posterior(lua_State *L)
{
    mig_host *h = mig_host_of(L);
    if (h->running || !h->world)
        return luaL_error(L, "default_posterior() declares a default of the scenario and can only be called while "
                             "it loads, not from at/when/on_day");
    if (lua_isnoneornil(L, 1) || (lua_isboolean(L, 1) && !lua_toboolean(L, 1))) {
        h->posterior[0] = 0;
        h->posterior_where[0] = 0;
        return 0;
    }
    const char *path = mig_lua_check_text(L, 1);
    if (!*path)
        return luaL_error(L, "default_posterior: the path is empty (nil: no default posterior)");
    if (strlen(path) >= 1024)
        return luaL_error(L, "default_posterior: the path is too long (1023 bytes at most)");
    if (path[0] == '/')
        snprintf(h->posterior, sizeof h->posterior, "%.1023s", path);
    else
        snprintf(h->posterior, sizeof h->posterior, "%.1023s/%.1023s", h->dir, path);
    /* Not beside the scenario: one of migsim's own samples (a world module's declaration,
     * "data/posterior/wb2022.json", holds for a scenario copied to any folder). Where
     * neither exists the scenario's path is kept, and an ensemble says it cannot read it. */
    char found[sizeof h->posterior];
    if (path[0] != '/' && access(h->posterior, R_OK) != 0 && mig_data_lookup(path, 0, found, sizeof found) == 0)
        memcpy(h->posterior, found, sizeof found);
    mig_where(L, h->posterior_where, sizeof h->posterior_where);
    return 0;
}

/* today(): the date being simulated ("YYYY-MM-DD"), or nil while loading. */
static int l_today(lua_State *L)
{
    mig_host *h = mig_host_of(L);
    if (!h->run || h->world) {
        lua_pushnil(L);
        return 1;
    }
    char d[11];
    mig_date_format(h->run->start_day + h->run->today, d);
    lua_pushstring(L, d);
    return 1;
}

void mig_api_open(lua_State *L, mig_host *h)
{
    (void)h;
    static const luaL_Reg api[] = {
        { "scenario", l_scenario },   { "country", l_country },
        { "location", l_location },   { "route", l_route },
        { "border", l_border },       { "nationality", l_nationality },
        { "visa", l_visa },           { "visa_change", l_visa_change },
        { "set", l_set },             { "get", l_get },
        { "parameters", l_parameters },
        { "at", l_at },               { "when", l_when },
        { "on_day", l_on_day },       { "close_channel", l_close_channel },
        { "open_channel", l_open_channel }, { "event", l_event },
        { "today", l_today },         { "smuggling_group", l_smuggling_group },
        { "network", l_network },     { "operation", l_operation },
        { "origin_measure", l_origin_measure }, { "default_posterior", l_default_posterior },
        { NULL, NULL },
    };
    luaL_setfuncs(L, api, 0);
    mig_during_open(L);  /* during{}, close_border{} (lua_during.c) */
}
