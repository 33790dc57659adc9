/* flee_lua.c: the C half of the Lua module migsim.flee (docs/scenario-api.md,
 * "Flee scenarios"). The functions live in the module "migsim.flee_core", which
 * scripts/migsim/flee.lua re-exports: called from the scenario directly, their
 * errors name the scenario's own file and line. */
#include "date.h"
#include "flee.h"
#include "lua_internal.h"
#include "utf8.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int loading(const mig_host *h) { return !h->running && !h->frun; }

static mig_flee_model *model_of(lua_State *L, const char *fname)
{
    mig_host *h = mig_host_of(L);
    if (!h->flee && !h->frun)
        luaL_error(L, "flee.%s: no Flee scenario loaded yet (call flee.load(dir) first)", fname);
    return h->frun ? h->frun->m : h->flee;
}

static mig_flee_run *run_of(lua_State *L, const char *fname)
{
    mig_host *h = mig_host_of(L);
    if (!h->frun || !h->running)
        luaL_error(L, "flee.%s acts on a running simulation: call it from at(), when() or on_day()", fname);
    if (h->flee_in_score)
        luaL_error(L, "flee.%s cannot be called from the attractiveness function, which only scores places "
                      "(act from at(), when() or on_day())", fname);
    return h->frun;
}

static int loc_arg(lua_State *L, const mig_flee_model *m, const char *name, const char *what)
{
    int l = mig_flee_find_loc(m, name);
    if (l >= 0)
        return l;
    char hint[200];
    mig_flee_loc_hint(m, name, hint, sizeof hint);
    return luaL_error(L, "%s: no location '%s'%s", what, name, hint);
}

/* The folder of a Flee scenario: relative paths start from the scenario's folder. */
static void resolve_dir(const mig_host *h, const char *dir, char *out, size_t n)
{
    if (dir[0] == '/')
        snprintf(out, n, "%s", dir);
    else
        snprintf(out, n, "%s/%s", h->dir, dir);
}

static void push_summary_table(lua_State *L, const mig_flee_model *m)
{
    char date[11];
    lua_createtable(L, 0, 6);
    mig_date_format(m->start_day, date);
    lua_pushstring(L, date);
    lua_setfield(L, -2, "start");
    lua_pushinteger(L, m->n_days);
    lua_setfield(L, -2, "days");
    lua_createtable(L, m->n_locs, 0);
    for (int l = 0; l < m->n_locs; l++) {
        lua_pushstring(L, m->locs[l].name);
        lua_rawseti(L, -2, l + 1);
    }
    lua_setfield(L, -2, "locations");
    lua_createtable(L, m->n_camps, 0);
    for (int c = 0; c < m->n_camps; c++) {
        lua_pushstring(L, m->camps[c].name);
        lua_rawseti(L, -2, c + 1);
    }
    lua_setfield(L, -2, "observed_camps");
    lua_createtable(L, m->n_notes, 0);
    for (int i = 0; i < m->n_notes; i++) {
        lua_pushstring(L, m->notes[i]);
        lua_rawseti(L, -2, i + 1);
    }
    lua_setfield(L, -2, "notes");
}

static void set_setting(lua_State *L, mig_flee_settings *s, const char *name, double v, const char *what)
{
    char err[MIG_ERR_LEN];
    if (mig_flee_setting_set(s, name, v, err))
        luaL_error(L, "%s: %s", what, err);
}

static int l_guard_gc(lua_State *L)
{
    mig_flee_model **guard = luaL_checkudata(L, 1, "mig.FleeModelGuard");
    if (*guard) {
        mig_flee_model_free(*guard);
        free(*guard);
        *guard = NULL;
    }
    return 0;
}

/* flee.load(dir [, {compat=, hasten=, days=, settings={...}}]) */
static int l_load(lua_State *L)
{
    static const char *const keys[] = { "compat", "hasten", "days", "settings", "strict_data", NULL };
    mig_host *h = mig_host_of(L);
    const char *dir = mig_lua_check_text(L, 1);
    if (!loading(h))
        return luaL_error(L, "flee.load builds the world and can only be called while the scenario loads");
    if (h->flee)
        return luaL_error(L, "flee.load: a Flee scenario is already loaded (%s)", h->flee->dir);
    const mig_world *w = h->world;
    if (w->n_countries || w->n_locations || w->n_routes || w->n_nats || w->n_groups)
        return luaL_error(L, "flee.load: the scenario has built migsim's own world (country{}, location{}, ...) "
                             "already; a Flee run's world comes from the Flee files alone");
    lua_settop(L, 2);  /* the options stay argument 2 below the guard */
    if (!lua_isnil(L, 2))
        mig_lua_check_keys(L, 2, "flee.load options", keys);
    /* Until it is published in h->flee, the model belongs to a userdata on the stack,
     * whose __gc frees it if an error (maybe caught by pcall) leaves it unpublished. */
    mig_flee_model **guard = lua_newuserdatauv(L, sizeof *guard, 0);
    *guard = NULL;
    if (luaL_newmetatable(L, "mig.FleeModelGuard")) {
        lua_pushcfunction(L, l_guard_gc);
        lua_setfield(L, -2, "__gc");
    }
    lua_setmetatable(L, -2);
    mig_flee_model *m = calloc(1, sizeof *m);
    if (!m)
        return luaL_error(L, "out of memory");
    *guard = m;
    mig_flee_model_init(m);
    char path[1100], err[MIG_ERR_LEN];
    resolve_dir(h, dir, path, sizeof path);
    if (mig_flee_read(m, path, err))
        return luaL_error(L, "flee.load: %s", err);  /* the scenario's line, then the data file's */
    snprintf(m->dir, sizeof m->dir, "%s", dir);
    snprintf(m->root, sizeof m->root, "%s", path);
    if (!lua_isnoneornil(L, 2)) {
        /* compat only when given: simsetting.yml may have said `strict: true` */
        const char *compat = mig_lua_field_string(L, 2, "compat", "flee.load options", "");
        if (strcmp(compat, "strict") == 0)
            m->set.strict = 1;
        else if (strcmp(compat, "corrected") == 0)
            m->set.strict = 0;
        else if (*compat)
            return luaL_error(L, "flee.load: compat must be \"strict\" (Flee's quirks) or \"corrected\", got \"%s\"",
                              compat);
        double hasten = mig_lua_field_number(L, 2, "hasten", "flee.load options", 0, 0);
        if (hasten != 0)
            set_setting(L, &m->set, "hasten", hasten, "flee.load");
        /* Refuse data_layout.csv rows naming no location, instead of noting them as Flee does. */
        lua_getfield(L, 2, "strict_data");
        if (!lua_isnil(L, -1)) {
            if (!lua_isboolean(L, -1))
                return luaL_error(L, "flee.load options: 'strict_data' must be true or false, got %s",
                                  luaL_typename(L, -1));
            m->strict_data = lua_toboolean(L, -1);
        }
        lua_pop(L, 1);
        double days = mig_lua_field_number(L, 2, "days", "flee.load options", 0, 0);
        if (days != 0) {
            if (days < 1 || days > 100000 || days != floor(days))
                return mig_lua_arg_error(L, "flee.load: days must be a whole number from 1 to 100000, got %g", days);
            m->n_days = (int)days;
        }
        lua_getfield(L, 2, "settings");
        if (!lua_isnil(L, -1)) {
            luaL_checktype(L, -1, LUA_TTABLE);
            lua_pushnil(L);
            while (lua_next(L, -2)) {
                if (lua_type(L, -2) != LUA_TSTRING)
                    return luaL_error(L, "flee.load settings: keys must be setting names");
                if (lua_type(L, -1) == LUA_TBOOLEAN)
                    set_setting(L, &m->set, lua_tostring(L, -2), lua_toboolean(L, -1), "flee.load settings");
                else if (lua_type(L, -1) == LUA_TNUMBER)
                    set_setting(L, &m->set, lua_tostring(L, -2), lua_tonumber(L, -1), "flee.load settings");
                else
                    return luaL_error(L, "flee.load settings: '%s' must be a number or a boolean",
                                      lua_tostring(L, -2));
                lua_pop(L, 1);
            }
        }
        lua_pop(L, 1);
    }
    *guard = NULL;
    h->flee = m;  /* published: the host owns it */
    /* The run's dates come from sim_period.csv unless scenario{} says otherwise. */
    h->info.start_day = h->info.warmup_day = m->start_day;
    h->info.stop_day = m->start_day + m->n_days - 1;
    push_summary_table(L, m);
    return 1;
}

/* flee.set(name, value): a Flee setting, at load or from a hook. */
static int l_set(lua_State *L)
{
    mig_host *h = mig_host_of(L);
    const char *name = mig_lua_check_text(L, 1);
    double v = lua_isboolean(L, 2) ? lua_toboolean(L, 2) : luaL_checknumber(L, 2);
    char err[MIG_ERR_LEN], label[200];
    if (h->frun) {
        mig_flee_run *r = run_of(L, "set");
        const mig_flee_setting_spec *sp = mig_flee_setting_find(name);
        double was = sp ? mig_flee_setting_get(&r->set, sp) : 0;
        if (mig_flee_run_set(r, name, v, err))
            return luaL_error(L, "flee.set: %s", err);
        snprintf(label, sizeof label, "flee.set %.100s = %g", name, v);
        mig_flee_facts f = mig_flee_facts_of("setting");
        mig_flee_facts_text(f.key, sizeof f.key, sp->name);  /* set: sp is known */
        f.old = sp->kind == 'b' ? mig_value_bool(was != 0) : mig_value_number(was);
        f.new_ = sp->kind == 'b' ? mig_value_bool(v != 0) : mig_value_number(v);
        mig_flee_run_log(r, label, &f);
        return 0;
    }
    set_setting(L, &model_of(L, "set")->set, name, v, "flee.set");
    return 0;
}

static int l_get(lua_State *L)
{
    const char *name = mig_lua_check_text(L, 1);
    mig_host *h = mig_host_of(L);
    const mig_flee_settings *s = h->frun ? &h->frun->set : &model_of(L, "get")->set;
    const mig_flee_setting_spec *sp = mig_flee_setting_find(name);
    if (!sp)
        return luaL_error(L, "flee.get: unknown Flee setting '%s'", name);
    lua_pushnumber(L, mig_flee_setting_get(s, sp));
    return 1;
}

static mig_flee_type type_arg(lua_State *L, const char *t, const char *what)
{
    for (int i = 0; i < MIG_FLEE_N_TYPES; i++)
        if (strcmp(t, mig_flee_type_names[i]) == 0)
            return (mig_flee_type)i;
    luaL_error(L, "%s: unknown location type '%s' (town, conflict_zone, camp, idpcamp, forwarding_hub, marker)",
               what, t);
    return MIG_FLEE_TOWN;
}

/* flee.location{name=, country=, type=, region=, lat=, lon=, population=, capacity=} */
static int l_location(lua_State *L)
{
    static const char *const keys[] = { "name", "country", "type", "region", "lat", "lon", "population",
                                        "capacity", "conflict_date", NULL };
    mig_host *h = mig_host_of(L);
    mig_flee_model *m = model_of(L, "location");
    if (!loading(h))
        return luaL_error(L, "flee.location builds the world and can only be called while the scenario loads");
    mig_lua_check_keys(L, 1, "flee.location{}", keys);
    mig_flee_loc loc;
    memset(&loc, 0, sizeof loc);
    mig_utf8_copy(loc.name, sizeof loc.name, mig_lua_field_string(L, 1, "name", "flee.location{}", NULL));
    mig_utf8_copy(loc.country, sizeof loc.country, mig_lua_field_string(L, 1, "country", "flee.location{}", NULL));
    mig_utf8_copy(loc.region, sizeof loc.region, mig_lua_field_string(L, 1, "region", "flee.location{}", ""));
    loc.type = type_arg(L, mig_lua_field_string(L, 1, "type", "flee.location{}", "town"), "flee.location{}");
    loc.lat = mig_lua_field_number(L, 1, "lat", "flee.location{}", 0, 0);
    loc.lon = mig_lua_field_number(L, 1, "lon", "flee.location{}", 0, 0);
    loc.pop = mig_lua_field_number(L, 1, "population", "flee.location{}", 0, 0);
    loc.capacity = mig_lua_field_number(L, 1, "capacity", "flee.location{}", 0, 0);
    double cd = mig_lua_field_number(L, 1, "conflict_date", "flee.location{}", -1, 0);
    if (cd != floor(cd) || cd < -1 || cd > 100000)
        return mig_lua_arg_error(L, "flee.location{}: conflict_date must be a day from 0 to 100000 (or -1), got %g",
                                 cd);
    loc.conflict_date = (int)cd;
    loc.conflict_intensity = 1;
    loc.foreign = m->n_locs > 0 && strcmp(loc.country, m->locs[0].country) != 0;
    mig_where(L, loc.where, sizeof loc.where);
    char err[MIG_ERR_LEN];
    if (mig_flee_add_loc(m, &loc, err) < 0)
        return luaL_error(L, "flee.location{}: %s", err);
    return 0;
}

/* flee.route{from=, to=, distance=, max_move_speed=, walk_probability=} */
static int l_route(lua_State *L)
{
    static const char *const keys[] = { "from", "to", "distance", "max_move_speed", "walk_probability", NULL };
    mig_host *h = mig_host_of(L);
    mig_flee_model *m = model_of(L, "route");
    if (!loading(h))
        return luaL_error(L, "flee.route builds the world and can only be called while the scenario loads");
    mig_lua_check_keys(L, 1, "flee.route{}", keys);
    mig_flee_route r;
    memset(&r, 0, sizeof r);
    r.a = loc_arg(L, m, mig_lua_field_string(L, 1, "from", "flee.route{}", NULL), "flee.route{}");
    r.b = loc_arg(L, m, mig_lua_field_string(L, 1, "to", "flee.route{}", NULL), "flee.route{}");
    r.distance = mig_lua_field_number(L, 1, "distance", "flee.route{}", 0, 1);
    r.max_speed = mig_lua_field_number(L, 1, "max_move_speed", "flee.route{}", 0, 0);
    r.walk_probability = mig_lua_field_number(L, 1, "walk_probability", "flee.route{}", 0, 0);
    if (r.walk_probability < 0 || r.walk_probability > 1)
        return mig_lua_arg_error(L, "flee.route{}: walk_probability must be in [0, 1], got %g", r.walk_probability);
    mig_where(L, r.where, sizeof r.where);
    char err[MIG_ERR_LEN];
    if (mig_flee_add_route(m, &r, err) < 0)
        return luaL_error(L, "flee.route{}: %s", err);
    return 0;
}

static mig_flee_close_kind close_kind(lua_State *L, const char *k, const char *what)
{
    for (int i = 0; i < MIG_FLEE_N_CLOSE; i++)
        if (strcmp(k, mig_flee_close_names[i]) == 0)
            return (mig_flee_close_kind)i;
    luaL_error(L, "%s: unknown closure kind '%s' (country, location, link, camp, idpcamp)", what, k);
    return MIG_FLEE_CLOSE_LINK;
}

/* Read {kind=, a=, b=} and check the names. */
static void closure_arg(lua_State *L, const mig_flee_model *m, mig_flee_closure *c, const char *what)
{
    memset(c, 0, sizeof *c);
    c->kind = close_kind(L, mig_lua_field_string(L, 1, "kind", what, NULL), what);
    const char *a = mig_lua_field_string(L, 1, "a", what, NULL);
    const char *b = mig_lua_field_string(L, 1, "b", what, "");
    snprintf(c->a, sizeof c->a, "%s", a);
    snprintf(c->b, sizeof c->b, "%s", b);
    if (c->kind == MIG_FLEE_CLOSE_COUNTRY) {
        int fa = 0, fb = 0;
        for (int i = 0; i < m->n_locs; i++) {
            fa |= strcmp(m->locs[i].country, a) == 0;
            fb |= strcmp(m->locs[i].country, b) == 0;
        }
        if (!fa || !fb)
            luaL_error(L, "%s: no location lies in country '%s'", what, !fa ? a : b);
    } else {
        loc_arg(L, m, a, what);
        if (c->kind == MIG_FLEE_CLOSE_LINK)
            loc_arg(L, m, b, what);
    }
    mig_where(L, c->where, sizeof c->where);
}

/* flee.close{kind=, a=, b= [, start=date, stop=date]}: scheduled at load, or now from a hook. */
static int l_close(lua_State *L)
{
    static const char *const keys[] = { "kind", "a", "b", "start", "stop", NULL };
    mig_host *h = mig_host_of(L);
    mig_flee_model *m = model_of(L, "close");
    mig_lua_check_keys(L, 1, "flee.close{}", keys);
    mig_flee_closure c;
    closure_arg(L, m, &c, "flee.close{}");
    char err[MIG_ERR_LEN], label[260];
    const char *start = mig_lua_field_string(L, 1, "start", "flee.close{}", "");
    const char *stop = mig_lua_field_string(L, 1, "stop", "flee.close{}", "");
    if (loading(h)) {
        if (!*start)
            return luaL_error(L, "flee.close{} while the scenario loads needs start = \"YYYY-MM-DD\" (or call it "
                                 "from at())");
        c.start = mig_lua_check_date(L, start, "flee.close{} start") - m->start_day;
        c.end = *stop ? mig_lua_check_date(L, stop, "flee.close{} stop") - m->start_day : -1;
        if (c.start < 0 || (*stop && c.end <= c.start))
            return luaL_error(L, "flee.close{}: start must be on or after the Flee start date and stop after start");
        if (mig_flee_add_closure(m, &c, err) < 0)
            return luaL_error(L, "flee.close{}: %s", err);
        return 0;
    }
    if (*start || *stop)
        return luaL_error(L, "flee.close{} from a hook acts now: drop start/stop (or use flee.reopen later)");
    mig_flee_run *r = run_of(L, "close");
    if (mig_flee_run_closure(r, &c, 0, err))
        return luaL_error(L, "flee.close{}: %s", err);
    snprintf(label, sizeof label, "flee.close %s %.80s%s%.80s", mig_flee_close_names[c.kind], c.a, *c.b ? " " : "",
             c.b);
    mig_flee_facts f = mig_flee_closure_facts(&c, 0);
    mig_flee_run_log(r, label, &f);
    return 0;
}

/* flee.reopen{kind=, a=, b=}: undo one closure now. */
static int l_reopen(lua_State *L)
{
    static const char *const keys[] = { "kind", "a", "b", NULL };
    mig_flee_run *r = run_of(L, "reopen");
    mig_lua_check_keys(L, 1, "flee.reopen{}", keys);
    mig_flee_closure c;
    closure_arg(L, r->m, &c, "flee.reopen{}");
    char err[MIG_ERR_LEN], label[260];
    if (mig_flee_run_closure(r, &c, 1, err))
        return luaL_error(L, "flee.reopen{}: %s", err);
    snprintf(label, sizeof label, "flee.reopen %s %.80s%s%.80s", mig_flee_close_names[c.kind], c.a,
             *c.b ? " " : "", c.b);
    mig_flee_facts f = mig_flee_closure_facts(&c, 1);
    mig_flee_run_log(r, label, &f);
    return 0;
}

/* flee.spawn{at=, persons=}: new displaced persons at a location today. */
static int l_spawn(lua_State *L)
{
    static const char *const keys[] = { "at", "persons", NULL };
    mig_flee_run *r = run_of(L, "spawn");
    mig_lua_check_keys(L, 1, "flee.spawn{}", keys);
    int l = loc_arg(L, r->m, mig_lua_field_string(L, 1, "at", "flee.spawn{}", NULL), "flee.spawn{}");
    double n = mig_lua_field_number(L, 1, "persons", "flee.spawn{}", 0, 1);
    if (n < 0 || n > 1e9)
        return mig_lua_arg_error(L, "flee.spawn{}: persons must be in [0, 1e9], got %g", n);
    char err[MIG_ERR_LEN], label[200];
    if (mig_flee_run_spawn(r, l, (int64_t)(n / r->set.hasten), err))
        return luaL_error(L, "flee.spawn{}: %s", err);
    snprintf(label, sizeof label, "flee.spawn %.0f at %.100s", n, r->m->locs[l].name);
    mig_flee_facts f = mig_flee_facts_of("spawn");
    mig_flee_facts_text(f.location, sizeof f.location, r->m->locs[l].name);
    f.persons = mig_value_number(n);
    mig_flee_run_log(r, label, &f);
    return 0;
}

/* flee.camp{name=, capacity=}: make a location a camp (at load, or now from a hook). */
static int l_camp(lua_State *L)
{
    static const char *const keys[] = { "name", "capacity", NULL };
    mig_host *h = mig_host_of(L);
    mig_flee_model *m = model_of(L, "camp");
    mig_lua_check_keys(L, 1, "flee.camp{}", keys);
    int l = loc_arg(L, m, mig_lua_field_string(L, 1, "name", "flee.camp{}", NULL), "flee.camp{}");
    double cap = mig_lua_field_number(L, 1, "capacity", "flee.camp{}", 0, 0);
    if (cap < 0)
        return mig_lua_arg_error(L, "flee.camp{}: capacity must be >= 0 (0: no limit), got %g", cap);
    if (loading(h)) {
        m->locs[l].type = MIG_FLEE_CAMP;
        m->locs[l].capacity = cap;
        return 0;
    }
    mig_flee_run *r = run_of(L, "camp");
    char err[MIG_ERR_LEN], label[200];
    mig_flee_facts f = mig_flee_facts_of("camp");
    mig_flee_facts_text(f.location, sizeof f.location, m->locs[l].name);
    f.old = mig_value_text(mig_flee_type_names[r->base_type[l]]);
    if (mig_flee_run_set_camp(r, l, 1, cap, err))
        return luaL_error(L, "flee.camp{}: %s", err);
    snprintf(label, sizeof label, "flee.camp %.100s (capacity %.0f)", m->locs[l].name, cap);
    f.new_ = mig_value_text(mig_flee_type_names[r->base_type[l]]);
    f.capacity = mig_value_number(cap);
    mig_flee_run_log(r, label, &f);
    return 0;
}

/* A place named in event()'s facts: a location, or (from, to) a country of the model. */
static void event_place(lua_State *L, const mig_flee_model *m, int idx, const char *key, int country_ok, char *dst,
                        size_t n)
{
    const char *s = mig_lua_field_string(L, idx, key, "event{}", "");
    if (!*s)
        return;
    for (int i = 0; country_ok && i < m->n_locs; i++)
        if (strcmp(m->locs[i].country, s) == 0) {
            mig_flee_facts_text(dst, n, s);
            return;
        }
    char what[64];
    snprintf(what, sizeof what, "event{} %s", key);
    loc_arg(L, m, s, what);
    mig_flee_facts_text(dst, n, s);
}

mig_flee_facts mig_flee_lua_event_facts(lua_State *L, int idx)
{
    static const char *const keys[] = { "type", "location", "from", "to", "key", "old", "new", NULL };
    mig_lua_check_keys(L, idx, "event{} in a Flee-rule run", keys);
    const mig_flee_model *m = model_of(L, "event");
    const char *type = mig_lua_field_string(L, idx, "type", "event{}", "custom");
    if (!mig_event_type_ok(type))
        luaL_error(L, "event{}: type '%s' must be a lower-case word (a-z, 0-9, _; at most %d bytes), such as "
                      "\"custom\" or \"flood\"", type, MIG_EVENT_TYPE_LEN - 1);
    mig_flee_facts f = mig_flee_facts_of(type);
    event_place(L, m, idx, "location", 0, f.location, sizeof f.location);
    event_place(L, m, idx, "from", 1, f.from, sizeof f.from);
    event_place(L, m, idx, "to", 1, f.to, sizeof f.to);
    const char *key = mig_lua_field_string(L, idx, "key", "event{}", "");
    if (strlen(key) >= sizeof f.key)
        luaL_error(L, "event{}: 'key' is too long (%d bytes, at most %d)", (int)strlen(key), (int)sizeof f.key - 1);
    mig_flee_facts_text(f.key, sizeof f.key, key);
    f.old = mig_lua_event_value(L, idx, "old");
    f.new_ = mig_lua_event_value(L, idx, "new");
    return f;
}

/* flee.attractiveness(fn): fn(loc) once per location per day, returning its score. */
static int l_attractiveness(lua_State *L)
{
    mig_host *h = mig_host_of(L);
    model_of(L, "attractiveness");
    if (!loading(h))
        return luaL_error(L, "flee.attractiveness is set while the scenario loads");
    luaL_checktype(L, 1, LUA_TFUNCTION);
    if (h->flee_score_ref != LUA_NOREF)
        luaL_unref(L, LUA_REGISTRYINDEX, h->flee_score_ref);
    lua_Debug ar;
    lua_pushvalue(L, 1);
    lua_getinfo(L, ">S", &ar);  /* where the function is defined, for its errors */
    snprintf(h->flee_score_where, sizeof h->flee_score_where, "%s:%d:", ar.short_src, ar.linedefined);
    lua_pushvalue(L, 1);
    h->flee_score_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

static void push_loc_table(lua_State *L, const mig_flee_model *m, int l)
{
    const mig_flee_loc *loc = &m->locs[l];
    lua_createtable(L, 0, 8);
    lua_pushstring(L, loc->name);
    lua_setfield(L, -2, "name");
    lua_pushstring(L, loc->region);
    lua_setfield(L, -2, "region");
    lua_pushstring(L, loc->country);
    lua_setfield(L, -2, "country");
    lua_pushstring(L, mig_flee_type_names[loc->type]);
    lua_setfield(L, -2, "type");
    lua_pushnumber(L, loc->pop);
    lua_setfield(L, -2, "population");
    lua_pushnumber(L, loc->capacity);
    lua_setfield(L, -2, "capacity");
    lua_pushnumber(L, loc->lat);
    lua_setfield(L, -2, "lat");
    lua_pushnumber(L, loc->lon);
    lua_setfield(L, -2, "lon");
    lua_pushboolean(L, loc->foreign);
    lua_setfield(L, -2, "foreign");
}

/* flee.locations(): the locations as tables (name, country, type, population, ...). */
static int l_locations(lua_State *L)
{
    const mig_flee_model *m = model_of(L, "locations");
    lua_createtable(L, m->n_locs, 0);
    for (int l = 0; l < m->n_locs; l++) {
        push_loc_table(L, m, l);
        lua_rawseti(L, -2, l + 1);
    }
    return 1;
}

void mig_flee_lua_open(lua_State *L, mig_host *h)
{
    static const luaL_Reg fns[] = {
        { "load", l_load },       { "set", l_set },         { "get", l_get },
        { "location", l_location }, { "route", l_route },   { "close", l_close },
        { "reopen", l_reopen },   { "spawn", l_spawn },     { "camp", l_camp },
        { "attractiveness", l_attractiveness }, { "locations", l_locations }, { NULL, NULL },
    };
    h->flee_score_ref = LUA_NOREF;
    luaL_newlib(L, fns);
}

/* ---- called by the host during a run ---- */

void mig_flee_push_indicators(lua_State *L, mig_host *h, int day)
{
    const mig_flee_run *r = h->frun;
    const mig_flee_model *m = r->m;
    double w = r->set.hasten;
    char date[11];
    mig_date_format(day, date);
    int last = r->today - 1;
    lua_createtable(L, 0, 8);
    mig_lua_strict(L, -1, "ind");  /* a misspelt field or name is an error (a camp's "observed" may be absent) */
    lua_pushstring(L, date);
    lua_setfield(L, -2, "date");
    lua_pushinteger(L, r->today);
    lua_setfield(L, -2, "day");
    /* Yesterday's counts (zeros on the first day). */
    lua_createtable(L, 0, r->n_camps);
    mig_lua_strict(L, -1, "ind.camps");
    double in_camps = 0;
    for (int c = 0; c < r->n_camps; c++) {
        int l = r->camp_loc[c];
        double sim = last >= 0 ? r->pop[(size_t)last * (size_t)r->n_locs + (size_t)l] * w : 0;
        in_camps += sim;
        lua_createtable(L, 0, 2);
        lua_pushnumber(L, sim);
        lua_setfield(L, -2, "simulated");
        if (r->camp_data[c] >= 0 && last >= 0) {
            lua_pushnumber(L, mig_flee_interp(&m->camps[r->camp_data[c]].s, last, 1));
            lua_setfield(L, -2, "observed");
        }
        lua_setfield(L, -2, m->locs[l].name);
    }
    lua_setfield(L, -2, "camps");
    lua_createtable(L, 0, r->n_locs);
    mig_lua_strict(L, -1, "ind.population");
    for (int l = 0; l < r->n_locs; l++) {
        lua_pushnumber(L, last >= 0 ? r->pop[(size_t)last * (size_t)r->n_locs + (size_t)l] * w : 0);
        lua_setfield(L, -2, m->locs[l].name);
    }
    lua_setfield(L, -2, "population");
    lua_pushnumber(L, in_camps);
    lua_setfield(L, -2, "in_camps");
    lua_pushnumber(L, (double)r->n_agents * w);
    lua_setfield(L, -2, "agents");
    lua_pushnumber(L, last >= 0 ? (double)r->in_transit[last] * w : 0);
    lua_setfield(L, -2, "in_transit");
    lua_pushnumber(L, last >= 0 ? (double)r->spawned[last] * w : 0);
    lua_setfield(L, -2, "spawned");
}

/* One location's call of the attractiveness function, run under lua_pcall (the
 * table it gets is built there too, so a memory error is an error, not a panic). */
typedef struct score_job {
    const mig_flee_run *r;
    int l;
    double score;
    const char *date;
} score_job;

static int score_one(lua_State *L)
{
    const score_job *j = lua_touserdata(L, 1);
    const mig_flee_run *r = j->r;
    int l = j->l;
    lua_rawgeti(L, LUA_REGISTRYINDEX, mig_host_of(L)->flee_score_ref);
    push_loc_table(L, r->m, l);
    lua_pushstring(L, mig_flee_type_names[r->type[l]]);
    lua_setfield(L, -2, "type");  /* today's, after conflicts and closures */
    lua_pushnumber(L, j->score);
    lua_setfield(L, -2, "score");
    lua_pushnumber(L, r->conflict[l] > 0 ? r->conflict[l] : 0);
    lua_setfield(L, -2, "conflict");
    lua_pushnumber(L, (double)r->occ[l] * r->set.hasten);
    lua_setfield(L, -2, "occupants");
    lua_pushstring(L, j->date);
    lua_setfield(L, -2, "date");
    lua_call(L, 1, 1);
    return 1;
}

/* The scenario's attractiveness function, once per location: fn(loc) with loc
 * holding the location's fields, Flee's score of today and its occupants. */
int mig_flee_score_hook(void *ctx, mig_flee_run *r, int day, double *scores, char *err)
{
    mig_host *h = ctx;
    lua_State *L = h->L;
    char msg[4096], date[11];
    mig_date_format(r->m->start_day + day, date);
    h->running = 1;
    h->flee_in_score = 1;  /* it scores; it does not act (run_of refuses) */
    int rc = 0;
    for (int l = 0; l < r->n_locs && rc == 0; l++) {
        score_job job = { r, l, scores[l], date };
        lua_pushcfunction(L, score_one);
        lua_pushlightuserdata(L, &job);
        if (mig_host_call(h, 1, 1, msg, sizeof msg)) {
            snprintf(err, MIG_ERR_LEN, "%.3900s\n(attractiveness of %s on %s)", msg, r->m->locs[l].name, date);
            rc = -1;
            break;
        }
        if (!lua_isnil(L, -1)) {
            int isnum = 0;
            double v = lua_tonumberx(L, -1, &isnum);
            if (!isnum || !isfinite(v) || v < 0) {
                snprintf(err, MIG_ERR_LEN, "%s the attractiveness function returned %s for %s on %s: expected a "
                                           "number >= 0 (or nil to keep Flee's score)", h->flee_score_where,
                         isnum ? "a negative or non-finite number" : luaL_typename(L, -1), r->m->locs[l].name, date);
                rc = -1;
            } else {
                scores[l] = v;
            }
        }
        lua_pop(L, 1);
    }
    h->running = 0;
    h->flee_in_score = 0;
    return rc;
}
