/* calib_spec.c: the calibration spec, a Lua file that calls
 *   calibration{...}  parameter{...}  target{...}  history_matching{...}  abc_smc{...}
 * (docs/calibration.md). Each call is checked when it is made, so a wrong key or
 * value is reported at its file and line; what needs the scenario's world
 * (parameter names, tables, windows) is checked by calibrate.c with the line kept
 * here. The state is a small sandbox: base, string, table and math, no I/O. */
#include "calib_spec.h"
#include "lua_internal.h"
#include "suggest.h"

#include <lauxlib.h>
#include <lualib.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const mig_prior_names[4] = { "uniform", "loguniform", "normal", "beta" };

static const char SPEC_KEY = 's';

static mig_calib_spec *spec_of(lua_State *L)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &SPEC_KEY);
    mig_calib_spec *s = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return s;
}

static void where_of(lua_State *L, char *at, size_t n)
{
    luaL_where(L, 1);
    snprintf(at, n, "%s", lua_tostring(L, -1));
    lua_pop(L, 1);
    size_t len = strlen(at);
    if (len && at[len - 1] == ' ')
        at[len - 1] = '\0';  /* "file:line:" */
}

/* Refuse keys of the table at idx that are not in allowed (strings) or, with
 * positional > 0, integer keys above it. */
static void check_keys(lua_State *L, int idx, const char *what, const char *const *allowed, int positional)
{
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TNUMBER && lua_isinteger(L, -1)) {
            lua_Integer i = lua_tointeger(L, -1);
            if (i >= 1 && i <= positional)
                continue;
            mig_lua_arg_error(L, "%s: unexpected positional value %d", what, (int)i);
        }
        if (lua_type(L, -1) != LUA_TSTRING)
            mig_lua_arg_error(L, "%s: keys are names, got a %s", what, luaL_typename(L, -1));
        const char *k = lua_tostring(L, -1);
        const char *best = NULL;
        size_t best_d = (size_t)-1;
        int ok = 0;
        for (const char *const *a = allowed; *a && !ok; a++) {
            ok = strcmp(*a, k) == 0;
            size_t d = mig_edit_distance(k, *a);
            if (d < best_d)
                best_d = d, best = *a;
        }
        if (ok)
            continue;
        char list[400] = "";
        for (const char *const *a = allowed; *a; a++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", a == allowed ? "" : ", ", *a);
        if (best && best_d <= strlen(k) / 3 + 1)
            mig_lua_arg_error(L, "%s: unknown key '%s' (did you mean '%s'?)", what, k, best);
        mig_lua_arg_error(L, "%s: unknown key '%s' (keys: %s)", what, k, list);
    }
}

static int has(lua_State *L, int idx, const char *k)
{
    int t = lua_getfield(L, idx, k);
    lua_pop(L, 1);
    return t != LUA_TNIL;
}

static double num(lua_State *L, int idx, const char *k, double dflt, double lo, double hi, const char *what)
{
    int t = lua_getfield(L, idx, k);
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return dflt;
    }
    if (t != LUA_TNUMBER)
        mig_lua_arg_error(L, "%s: '%s' must be a number, got a %s", what, k, luaL_typename(L, -1));
    double v = lua_tonumber(L, -1);
    lua_pop(L, 1);
    if (!(v >= lo && v <= hi))
        mig_lua_arg_error(L, "%s: '%s' must be in [%g, %g], got %g", what, k, lo, hi, v);
    return v;
}

static int whole(lua_State *L, int idx, const char *k, int dflt, int lo, int hi, const char *what)
{
    double v = num(L, idx, k, dflt, lo, hi, what);
    if (v != floor(v))
        mig_lua_arg_error(L, "%s: '%s' must be a whole number, got %g", what, k, v);
    return (int)v;
}

/* A string field into buf (n bytes); required unless dflt. */
static void str(lua_State *L, int idx, const char *k, char *buf, size_t n, const char *dflt, const char *what)
{
    int t = lua_getfield(L, idx, k);
    if (t == LUA_TNIL && dflt) {
        snprintf(buf, n, "%s", dflt);
        lua_pop(L, 1);
        return;
    }
    if (t != LUA_TSTRING)
        mig_lua_arg_error(L, "%s: '%s' must be %s, got a %s", what, k, t == LUA_TNIL ? "given (a string)" : "a string",
                   luaL_typename(L, -1));
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    if (len == 0 || len >= n)
        mig_lua_arg_error(L, "%s: '%s' must be 1 to %d characters", what, k, (int)n - 1);
    memcpy(buf, s, len + 1);
    lua_pop(L, 1);
}

/* where = { column = "value", ... } at field k (optional) into w. */
static int where_table(lua_State *L, int idx, const char *k, mig_calib_where *w, const char *what)
{
    int t = lua_getfield(L, idx, k);
    int n = 0;
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    if (t != LUA_TTABLE)
        mig_lua_arg_error(L, "%s: '%s' must be a table { column = \"value\" }", what, k);
    int top = lua_gettop(L);
    /* Sorted by column, so the spec's order of a Lua table does not matter. */
    lua_pushnil(L);
    while (lua_next(L, top)) {
        if (lua_type(L, -2) != LUA_TSTRING || (lua_type(L, -1) != LUA_TSTRING && lua_type(L, -1) != LUA_TNUMBER))
            mig_lua_arg_error(L, "%s: '%s' maps column names to values (strings)", what, k);
        if (n == MIG_CALIB_MAX_WHERE)
            mig_lua_arg_error(L, "%s: '%s' takes at most %d columns", what, k, MIG_CALIB_MAX_WHERE);
        mig_calib_where x;
        snprintf(x.key, sizeof x.key, "%s", lua_tostring(L, -2));
        snprintf(x.value, sizeof x.value, "%s", lua_tostring(L, -1));
        int i = n++;
        while (i > 0 && strcmp(w[i - 1].key, x.key) > 0) {
            w[i] = w[i - 1];
            i--;
        }
        w[i] = x;
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return n;
}

/* A month ("2022-01") or a date ("2015-06-01"). */
static int is_time(const char *s)
{
    size_t n = strlen(s);
    if (n != 7 && n != 10)
        return 0;
    for (size_t i = 0; i < n; i++)
        if ((i == 4 || i == 7) ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return 0;
    return 1;
}

/* calibration { name =, scenario =, seed =, set = { key = value } } */
static int l_calibration(lua_State *L)
{
    static const char *const keys[] = { "name", "scenario", "seed", "set", NULL };
    mig_calib_spec *s = spec_of(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    if (s->scenario_given[0])
        mig_lua_arg_error(L, "calibration{} is given twice");
    check_keys(L, 1, "calibration", keys, 0);
    str(L, 1, "name", s->name, sizeof s->name, "calibration", "calibration");
    str(L, 1, "scenario", s->scenario_given, sizeof s->scenario_given, NULL, "calibration");
    where_of(L, s->at_scenario, sizeof s->at_scenario);
    s->seed = (uint64_t)num(L, 1, "seed", 1, 0, 9007199254740991.0, "calibration");
    if (lua_getfield(L, 1, "set") == LUA_TTABLE) {
        /* Sorted by key: the order of --set does not matter for a world. */
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            if (lua_type(L, -2) != LUA_TSTRING || (lua_type(L, -1) != LUA_TNUMBER && lua_type(L, -1) != LUA_TBOOLEAN))
                mig_lua_arg_error(L, "calibration: 'set' maps parameter keys to numbers");
            if (s->n_sets == MIG_CALIB_MAX_SETS)
                mig_lua_arg_error(L, "calibration: 'set' takes at most %d keys", MIG_CALIB_MAX_SETS);
            char buf[300];
            if (lua_type(L, -1) == LUA_TBOOLEAN)
                snprintf(buf, sizeof buf, "%s=%s", lua_tostring(L, -2), lua_toboolean(L, -1) ? "true" : "false");
            else
                snprintf(buf, sizeof buf, "%s=%.17g", lua_tostring(L, -2), lua_tonumber(L, -1));
            char *copy = strdup(buf);
            if (!copy)
                mig_lua_arg_error(L, "out of memory");
            int i = s->n_sets++;
            while (i > 0 && strcmp(s->sets[i - 1], copy) > 0) {
                s->sets[i] = s->sets[i - 1];
                i--;
            }
            s->sets[i] = copy;
            lua_pop(L, 1);
        }
    } else if (!lua_isnil(L, -1))
        mig_lua_arg_error(L, "calibration: 'set' must be a table { key = value }");
    lua_pop(L, 1);
    return 0;
}

/* parameter { "key", prior = "uniform", lo =, hi = [, mean =, sd =] [, a =, b =] } */
static int l_parameter(lua_State *L)
{
    static const char *const keys[] = { "prior", "lo", "hi", "mean", "sd", "a", "b", NULL };
    mig_calib_spec *s = spec_of(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    if (s->n_params == MIG_CALIB_MAX_PARAMS)
        mig_lua_arg_error(L, "at most %d parameters", MIG_CALIB_MAX_PARAMS);
    mig_calib_param *p = &s->param[s->n_params];
    memset(p, 0, sizeof *p);
    if (lua_rawgeti(L, 1, 1) != LUA_TSTRING)
        mig_lua_arg_error(L, "parameter{}: the first value is the parameter's key, e.g. parameter{ \"give_up_prob\", "
                      "prior = \"uniform\", lo = 0, hi = 0.1 }");
    snprintf(p->name, sizeof p->name, "%s", lua_tostring(L, -1));
    lua_pop(L, 1);
    char what[200];
    snprintf(what, sizeof what, "parameter '%s'", p->name);
    check_keys(L, 1, what, keys, 1);
    for (int i = 0; i < s->n_params; i++)
        if (strcmp(s->param[i].name, p->name) == 0)
            mig_lua_arg_error(L, "%s is given twice (first at %s)", what, s->param[i].at);
    char prior[32];
    str(L, 1, "prior", prior, sizeof prior, "uniform", what);
    int kind = -1;
    for (int i = 0; i < 4; i++)
        if (strcmp(prior, mig_prior_names[i]) == 0)
            kind = i;
    if (kind < 0)
        mig_lua_arg_error(L, "%s: unknown prior '%s' (uniform, loguniform, normal or beta)", what, prior);
    p->prior = (mig_prior_kind)kind;
    if (!has(L, 1, "lo") || !has(L, 1, "hi"))
        mig_lua_arg_error(L, "%s: give the prior's support as lo = and hi = (a normal prior is truncated there, a beta "
                      "prior scaled to it)", what);
    p->lo = num(L, 1, "lo", 0, -1e300, 1e300, what);
    p->hi = num(L, 1, "hi", 0, -1e300, 1e300, what);
    if (!(p->lo < p->hi))
        mig_lua_arg_error(L, "%s: lo (%g) must be below hi (%g)", what, p->lo, p->hi);
    if (p->prior == MIG_PRIOR_LOGUNIFORM && !(p->lo > 0))
        mig_lua_arg_error(L, "%s: a loguniform prior needs lo > 0, got %g", what, p->lo);
    if (p->prior == MIG_PRIOR_NORMAL) {
        if (!has(L, 1, "mean") || !has(L, 1, "sd"))
            mig_lua_arg_error(L, "%s: a normal prior needs mean = and sd =", what);
        p->a = num(L, 1, "mean", 0, -1e300, 1e300, what);
        p->b = num(L, 1, "sd", 0, 1e-300, 1e300, what);
    } else if (has(L, 1, "mean") || has(L, 1, "sd"))
        mig_lua_arg_error(L, "%s: mean and sd go with prior = \"normal\"", what);
    if (p->prior == MIG_PRIOR_BETA) {
        if (!has(L, 1, "a") || !has(L, 1, "b"))
            mig_lua_arg_error(L, "%s: a beta prior needs a = and b = (its shapes on [lo, hi])", what);
        p->a = num(L, 1, "a", 0, 1e-3, 1e6, what);
        p->b = num(L, 1, "b", 0, 1e-3, 1e6, what);
    } else if (has(L, 1, "a") || has(L, 1, "b"))
        mig_lua_arg_error(L, "%s: a and b go with prior = \"beta\"", what);
    where_of(L, p->at, sizeof p->at);
    s->n_params++;
    return 0;
}

/* observed = { file =, where =, time = "col" | { "year", "month" }, value =, missing = 0 } */
static void observed_table(lua_State *L, int idx, mig_calib_target *t, const char *what)
{
    static const char *const keys[] = { "file", "where", "time", "value", "missing", NULL };
    check_keys(L, idx, what, keys, 0);
    str(L, idx, "file", t->obs_file, sizeof t->obs_file, NULL, what);
    t->n_obs_where = where_table(L, idx, "where", t->obs_where, what);
    int ty = lua_getfield(L, idx, "time");
    if (ty == LUA_TSTRING)
        snprintf(t->obs_time[0], sizeof t->obs_time[0], "%s", lua_tostring(L, -1));
    else if (ty == LUA_TTABLE && lua_rawlen(L, -1) == 2) {
        for (int i = 0; i < 2; i++) {
            if (lua_rawgeti(L, -1, i + 1) != LUA_TSTRING)
                mig_lua_arg_error(L, "%s: 'time' is one column or two ({ \"year\", \"month\" })", what);
            snprintf(t->obs_time[i], sizeof t->obs_time[i], "%s", lua_tostring(L, -1));
            lua_pop(L, 1);
        }
    } else if (ty == LUA_TNIL)
        snprintf(t->obs_time[0], sizeof t->obs_time[0], "month");
    else
        mig_lua_arg_error(L, "%s: 'time' is one column (\"month\", holding 2022-01) or two ({ \"year\", \"month\" })", what);
    lua_pop(L, 1);
    str(L, idx, "value", t->obs_value, sizeof t->obs_value, NULL, what);
    if (has(L, idx, "missing")) {
        if (num(L, idx, "missing", 0, 0, 0, what) != 0)
            mig_lua_arg_error(L, "%s: 'missing' can only be 0 (months the file does not list count as zero)", what);
        t->missing_zero = 1;
    }
}

/* target { "name", table =, where =, observed = {...} | "flee", window = { from, to }, model =, dispersion = } */
static int l_target(lua_State *L)
{
    static const char *const keys[] = { "table", "where", "observed", "window", "model", "dispersion", "every", NULL };
    mig_calib_spec *s = spec_of(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    if (s->n_targets == MIG_CALIB_MAX_TARGETS)
        mig_lua_arg_error(L, "at most %d targets", MIG_CALIB_MAX_TARGETS);
    mig_calib_target *t = &s->target[s->n_targets];
    memset(t, 0, sizeof *t);
    if (lua_rawgeti(L, 1, 1) != LUA_TSTRING || lua_rawlen(L, -1) == 0 || lua_rawlen(L, -1) >= sizeof t->name)
        mig_lua_arg_error(L, "target{}: the first value is the target's name (1 to %d characters), e.g. target{ \"BDI\", "
                      "table = \"frontex_monthly\", ... }", (int)sizeof t->name - 1);
    snprintf(t->name, sizeof t->name, "%s", lua_tostring(L, -1));
    lua_pop(L, 1);
    char what[200];
    snprintf(what, sizeof what, "target '%s'", t->name);
    check_keys(L, 1, what, keys, 1);
    for (int i = 0; i < s->n_targets; i++)
        if (strcmp(s->target[i].name, t->name) == 0)
            mig_lua_arg_error(L, "%s is given twice (first at %s)", what, s->target[i].at);
    str(L, 1, "table", t->table, sizeof t->table, NULL, what);
    t->n_where = where_table(L, 1, "where", t->where, what);
    int ty = lua_getfield(L, 1, "observed");
    if (ty == LUA_TSTRING && strcmp(lua_tostring(L, -1), "flee") == 0)
        t->obs_file[0] = '\0';  /* the Flee scenario's own observed camp counts */
    else if (ty == LUA_TTABLE) {
        char w2[240];
        snprintf(w2, sizeof w2, "%s: observed", what);
        observed_table(L, lua_gettop(L), t, w2);
    } else
        mig_lua_arg_error(L, "%s: 'observed' must be a table { file =, value =, ... } or \"flee\" (a Flee scenario's "
                      "observed camp counts)", what);
    lua_pop(L, 1);
    if (lua_getfield(L, 1, "window") != LUA_TTABLE || lua_rawlen(L, -1) != 2)
        mig_lua_arg_error(L, "%s: 'window' must be { FROM, TO }, e.g. { \"2022-01\", \"2022-09\" }", what);
    for (int i = 0; i < 2; i++) {
        char *dst = i ? t->to : t->from;
        if (lua_rawgeti(L, -1, i + 1) != LUA_TSTRING || !is_time(lua_tostring(L, -1)))
            mig_lua_arg_error(L, "%s: 'window' holds two months (\"2022-01\") or dates (\"2015-06-01\")", what);
        snprintf(dst, 16, "%s", lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    if (strlen(t->from) != strlen(t->to) || strcmp(t->from, t->to) > 0)
        mig_lua_arg_error(L, "%s: the window's start (%s) must be of the same kind as and not after its end (%s)", what,
                   t->from, t->to);
    char model[32];
    str(L, 1, "model", model, sizeof model, "negbin", what);
    if (strcmp(model, "poisson") == 0)
        t->model = MIG_OBS_POISSON;
    else if (strcmp(model, "negbin") == 0)
        t->model = MIG_OBS_NEGBIN;
    else
        mig_lua_arg_error(L, "%s: unknown model '%s' (poisson or negbin)", what, model);
    ty = lua_getfield(L, 1, "dispersion");
    if (t->model == MIG_OBS_POISSON && ty != LUA_TNIL)
        mig_lua_arg_error(L, "%s: a Poisson model has no dispersion", what);
    if (ty == LUA_TNUMBER) {
        t->dispersion = lua_tonumber(L, -1);
        if (!(t->dispersion > 0 && t->dispersion < 1e12))
            mig_lua_arg_error(L, "%s: 'dispersion' (the negative binomial's size k: variance = mu + mu^2/k) must be above "
                          "0, got %g", what, t->dispersion);
    } else if (ty == LUA_TSTRING && strcmp(lua_tostring(L, -1), "estimate") == 0)
        t->dispersion = 0;
    else if (ty == LUA_TNIL)
        t->dispersion = 0;
    else
        mig_lua_arg_error(L, "%s: 'dispersion' is a number (the negative binomial's size k) or \"estimate\"", what);
    lua_pop(L, 1);
    t->every = whole(L, 1, "every", 1, 1, 366, what);
    where_of(L, t->at, sizeof t->at);
    s->n_targets++;
    return 0;
}

static int l_history_matching(lua_State *L)
{
    static const char *const keys[] = { "waves", "points", "replicates", "cutoff", "discrepancy", "pool",
                                        "min_shrink", "skip", NULL };
    mig_calib_spec *s = spec_of(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    check_keys(L, 1, "history_matching", keys, 0);
    s->hm_waves = whole(L, 1, "waves", s->hm_waves, 1, 20, "history_matching");
    s->hm_points = whole(L, 1, "points", s->hm_points, 8, 2000, "history_matching");
    s->hm_replicates = whole(L, 1, "replicates", s->hm_replicates, 1, 100, "history_matching");
    s->hm_cutoff = num(L, 1, "cutoff", s->hm_cutoff, 1, 10, "history_matching");
    s->hm_discrepancy = num(L, 1, "discrepancy", s->hm_discrepancy, 0, 10, "history_matching");
    s->hm_pool = whole(L, 1, "pool", s->hm_pool, 1000, 1000000, "history_matching");
    s->hm_min_shrink = num(L, 1, "min_shrink", s->hm_min_shrink, 0, 1, "history_matching");
    if (lua_getfield(L, 1, "skip") != LUA_TNIL)
        s->hm = !lua_toboolean(L, -1);
    lua_pop(L, 1);
    return 0;
}

static int l_abc_smc(lua_State *L)
{
    static const char *const keys[] = { "particles", "generations", "replicates", "max_simulations", "target_ess",
                                        "moves", "final_moves", "min_acceptance", "dispersion_prior", "common_seeds", "skip",
                                        NULL };
    mig_calib_spec *s = spec_of(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    check_keys(L, 1, "abc_smc", keys, 0);
    s->abc_particles = whole(L, 1, "particles", s->abc_particles, 10, 100000, "abc_smc");
    s->abc_generations = whole(L, 1, "generations", s->abc_generations, 1, 100, "abc_smc");
    s->abc_replicates = whole(L, 1, "replicates", s->abc_replicates, 1, 100, "abc_smc");
    s->abc_max_simulations = (long)num(L, 1, "max_simulations", (double)s->abc_max_simulations, 1, 1e9, "abc_smc");
    s->abc_target_ess = num(L, 1, "target_ess", s->abc_target_ess, 0.05, 0.95, "abc_smc");
    s->abc_moves = whole(L, 1, "moves", s->abc_moves, 1, 100, "abc_smc");
    s->abc_final_moves = num(L, 1, "final_moves", s->abc_final_moves, 0, 100, "abc_smc");
    s->abc_min_acceptance = num(L, 1, "min_acceptance", s->abc_min_acceptance, 0, 0.5, "abc_smc");
    if (lua_getfield(L, 1, "common_seeds") != LUA_TNIL) {
        if (!lua_isboolean(L, -1))
            mig_lua_arg_error(L, "abc_smc: 'common_seeds' is true or false");
        s->abc_common_seeds = lua_toboolean(L, -1);
    }
    lua_pop(L, 1);
    if (lua_getfield(L, 1, "dispersion_prior") == LUA_TTABLE) {
        for (int i = 0; i < 2; i++) {
            lua_rawgeti(L, -1, i + 1);
            double v = lua_tonumber(L, -1);
            if (!(v > 0))
                mig_lua_arg_error(L, "abc_smc: 'dispersion_prior' is { LO, HI } of a log-uniform prior on the negative "
                              "binomial's size, both above 0");
            *(i ? &s->disp_hi : &s->disp_lo) = v;
            lua_pop(L, 1);
        }
        if (!(s->disp_lo < s->disp_hi))
            mig_lua_arg_error(L, "abc_smc: 'dispersion_prior' LO must be below HI");
    } else if (!lua_isnil(L, -1))
        mig_lua_arg_error(L, "abc_smc: 'dispersion_prior' is { LO, HI }");
    lua_pop(L, 1);
    if (lua_getfield(L, 1, "skip") != LUA_TNIL)
        s->abc = !lua_toboolean(L, -1);
    lua_pop(L, 1);
    return 0;
}

static void count_hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    mig_lua_arg_error(L, "the spec ran for more than 10^9 Lua instructions (a loop that does not end?)");
}

static int traceback(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);
    lua_pushstring(L, msg ? msg : "(error object is not a string)");
    return 1;
}

/* A path given in the spec, relative to the spec's folder. */
static void beside(const char *spec, const char *rel, char *out, size_t n)
{
    const char *slash = strrchr(spec, '/');
    if (rel[0] == '/' || !slash)
        snprintf(out, n, "%s", rel);
    else
        snprintf(out, n, "%.*s/%s", (int)(slash - spec), spec, rel);
}

int mig_calib_spec_load(const char *path, mig_calib_spec *s, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    snprintf(s->path, sizeof s->path, "%s", path);
    s->seed = 1;
    s->hm = 1;
    s->hm_waves = 3;
    s->hm_points = 60;
    s->hm_replicates = 2;
    s->hm_cutoff = 3;
    s->hm_discrepancy = 0.1;
    s->hm_pool = 20000;
    s->hm_min_shrink = 0.9;
    s->abc = 1;
    s->abc_particles = 200;
    s->abc_generations = 10;
    s->abc_replicates = 1;
    s->abc_max_simulations = 20000;
    s->abc_target_ess = 0.5;
    s->abc_moves = 2;
    s->abc_final_moves = 2;
    s->abc_min_acceptance = 0.01;
    s->abc_common_seeds = 0;
    s->disp_lo = 1;
    s->disp_hi = 1000;
    lua_State *L = luaL_newstate();
    if (!L) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
    lua_settop(L, 0);
    static const char *const unsafe[] = { "dofile", "loadfile", "load", "require", "collectgarbage", NULL };
    for (const char *const *u = unsafe; *u; u++) {
        lua_pushnil(L);
        lua_setglobal(L, *u);
    }
    lua_pushlightuserdata(L, s);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &SPEC_KEY);
    lua_register(L, "calibration", l_calibration);
    lua_register(L, "parameter", l_parameter);
    lua_register(L, "target", l_target);
    lua_register(L, "history_matching", l_history_matching);
    lua_register(L, "abc_smc", l_abc_smc);
    lua_sethook(L, count_hook, LUA_MASKCOUNT, 1000000000);
    lua_pushcfunction(L, traceback);
    int rc = luaL_loadfilex(L, path, "t");
    if (rc == LUA_OK)
        rc = lua_pcall(L, 0, 0, 1);
    if (rc != LUA_OK) {
        const char *m = lua_tostring(L, -1);
        snprintf(err, errlen, "%s", m ? m : "error in the calibration spec");
        lua_close(L);
        return -1;
    }
    lua_close(L);
    if (!s->scenario_given[0]) {
        snprintf(err, errlen, "%s: no calibration{ scenario = \"...\" } (the scenario to calibrate)", path);
        return -1;
    }
    if (s->n_params == 0) {
        snprintf(err, errlen, "%s: no parameter{} to calibrate", path);
        return -1;
    }
    if (s->n_targets == 0) {
        snprintf(err, errlen, "%s: no target{} to calibrate against", path);
        return -1;
    }
    if (!s->hm && !s->abc) {
        snprintf(err, errlen, "%s: both methods are skipped: nothing to do", path);
        return -1;
    }
    beside(path, s->scenario_given, s->scenario, sizeof s->scenario);
    for (int i = 0; i < s->n_targets; i++)
        if (s->target[i].obs_file[0])
            beside(path, s->target[i].obs_file, s->target[i].obs_path, sizeof s->target[i].obs_path);
    return 0;
}

void mig_calib_spec_free(mig_calib_spec *s)
{
    for (int i = 0; i < s->n_sets; i++)
        free(s->sets[i]);
    for (int i = 0; i < s->n_targets; i++) {
        free(s->target[i].time);
        free(s->target[i].obs);
        free(s->target[i].sim_index);
    }
    s->n_sets = s->n_targets = 0;
}
