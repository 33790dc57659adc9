/* lua_during.c: timed policies. during{ from=, to=, set={...} } and its special
 * case close_border{ border=, from=, to= } (docs/scenario-api.md, "For a while").
 *
 * A window lives in the host's schedule, not in Lua locals: two at() events (its
 * start on `from`, its end on `to` + 1 day) whose functions are C closures over
 * the window's index, and the values each parameter had just before the start
 * in h->durings, which checkpoints save (mig_host_save). The rule at the end:
 * a parameter still at the window's value goes back to the value it had just
 * before `from`; one that something else changed meanwhile (an at(), a trigger,
 * a hook) keeps that change, and the end event says so. Two windows may not
 * change the same parameter at overlapping times (refused at load): "back to the
 * value before" would then have no single meaning. */
#include "lua_internal.h"
#include "date.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_KEYS 64  /* parameters in one window */

void mig_during_free(mig_host *h)
{
    for (int i = 0; i < h->n_durings; i++) {
        free(h->durings[i].keys);
        free(h->durings[i].value);
        free(h->durings[i].before);
    }
    free(h->durings);
    h->durings = NULL;
    h->n_durings = h->cap_durings = 0;
}

static mig_world *world_now(mig_host *h)
{
    return h->world ? h->world : h->run->world;
}

/* "LABEL: " or "" */
static const char *sep(const during_window *d)
{
    return d->label[0] ? ": " : "";
}

/* Set keys[k] to v[k] for every k with go[k], in passes: a key refused now (a
 * pushback_share whose sum with registration_share is too high until the other is
 * lowered) is tried again after the others. 0, or -1 with err when a pass sets none. */
static int set_all(mig_world *w, const char (*keys)[160], const double *v, const char *go, int n, char *err)
{
    char done[64] = { 0 };
    int left = 0;
    for (int k = 0; k < n; k++)
        left += go[k] != 0;
    while (left) {
        int progress = 0;
        for (int k = 0; k < n; k++)
            if (go[k] && !done[k] && mig_world_set(w, keys[k], v[k], err) == 0) {
                done[k] = 1;
                left--;
                progress = 1;
            }
        if (!progress)
            return -1;
    }
    return 0;
}

/* The start (upvalue 2 true) or end of window upvalue 1, as a scheduled event. */
static int during_fire(lua_State *L)
{
    mig_host *h = mig_host_of(L);
    int i = (int)lua_tointeger(L, lua_upvalueindex(1));
    int start = lua_toboolean(L, lua_upvalueindex(2));
    during_window *d = &h->durings[i];
    mig_world *w = world_now(h);
    char err[MIG_ERR_LEN], label[200], a[11], b[11];
    double now[64], target[64];
    char go[64];
    mig_date_format(d->from, a);
    mig_date_format(d->to, b);
    for (int k = 0; k < d->n; k++) {
        if (mig_world_get(w, d->keys[k], &now[k], err))
            return luaL_error(L, "%s during{}: %s", d->where, err);
        if (start)
            d->before[k] = now[k];
        go[k] = start || now[k] == d->value[k];  /* at the end: only what nothing else changed */
        target[k] = start ? d->value[k] : d->before[k];
    }
    if (set_all(w, (const char (*)[160])d->keys, target, go, d->n, err))
        return luaL_error(L, "%s during{} %s %s: %s", d->where, start ? "from" : "ending", start ? a : b, err);
    for (int k = 0; k < d->n; k++) {
        mig_event_facts f = mig_facts("parameter");
        mig_facts_text(f.key, sizeof f.key, d->keys[k]);
        f.old = mig_value_number(now[k]);
        f.new_ = mig_value_number(go[k] ? target[k] : now[k]);
        if (start)
            snprintf(label, sizeof label, "%.50s%sset %.70s = %.10g from %s to %s (was %.10g)", d->label, sep(d),
                     d->keys[k], target[k], a, b, now[k]);
        else if (go[k])
            snprintf(label, sizeof label, "%.60s%s%.90s back to %.10g after %s", d->label, sep(d), d->keys[k],
                     target[k], b);
        else
            snprintf(label, sizeof label, "%.50s%s%.70s kept at %.10g after %s (changed meanwhile)", d->label,
                     sep(d), d->keys[k], now[k], b);
        mig_host_log(h, label, &f);
    }
    return 0;
}

/* Does window d change key? */
static int has_key(const during_window *d, const char *key)
{
    for (int k = 0; k < d->n; k++)
        if (strcmp(d->keys[k], key) == 0)
            return 1;
    return 0;
}

/* Check the values for the keys in world w (each key known, each value in range,
 * together allowed: set_all) by setting them and setting the old values back.
 * Raises at the caller's line. */
static void check_values(lua_State *L, mig_world *w, const char *what, const char (*keys)[160], const double *v,
                         int n)
{
    char err[MIG_ERR_LEN], go[64];
    double old[64];
    for (int k = 0; k < n; k++) {
        if (mig_world_get(w, keys[k], &old[k], err))
            luaL_error(L, "%s: %s", what, err);
        go[k] = 1;
    }
    if (set_all(w, keys, v, go, n, err))
        luaL_error(L, "%s: %s", what, err);
    if (set_all(w, keys, old, go, n, err))
        luaL_error(L, "%s: %s", what, err);
}

/* Add a window over [from, to] setting the n keys to values, label and the
 * caller's file:line, and schedule its two events. */
static void add_window(lua_State *L, mig_host *h, const char *what, int from, int to, int n,
                       const char (*keys)[160], const double *values, const char *label)
{
    char where[MIG_WHERE_LEN], a[11], b[11];
    mig_where(L, where, sizeof where);
    for (int i = 0; i < h->n_durings; i++) {
        const during_window *o = &h->durings[i];
        if (from > o->to || to < o->from)
            continue;
        for (int k = 0; k < n; k++)
            if (has_key(o, keys[k])) {
                mig_date_format(o->from, a);
                mig_date_format(o->to, b);
                mig_lua_arg_error(L, "%s: %s is already changed from %s to %s by the window at %.*s; windows on the "
                                     "same parameter may not overlap (end one before the other starts)",
                                  what, keys[k], a, b, (int)strlen(o->where) - 2, o->where);
            }
    }
    if (h->n_durings == h->cap_durings) {
        int ncap = h->cap_durings ? h->cap_durings * 2 : 4;
        during_window *p = realloc(h->durings, (size_t)ncap * sizeof *p);
        if (!p)
            luaL_error(L, "out of memory");
        h->durings = p;
        h->cap_durings = ncap;
    }
    during_window *d = &h->durings[h->n_durings];
    memset(d, 0, sizeof *d);
    d->keys = malloc((size_t)n * sizeof *d->keys);
    d->value = malloc((size_t)n * sizeof *d->value);
    d->before = calloc((size_t)n, sizeof *d->before);
    if (!d->keys || !d->value || !d->before) {
        free(d->keys);
        free(d->value);
        free(d->before);
        luaL_error(L, "out of memory");
    }
    memcpy(d->keys, keys, (size_t)n * sizeof *keys);
    memcpy(d->value, values, (size_t)n * sizeof *values);
    d->n = n;
    d->from = from;
    d->to = to;
    mig_utf8_copy(d->label, sizeof d->label, label);
    snprintf(d->where, sizeof d->where, "%s", where);
    int index = h->n_durings++;
    mig_date_format(from, a);
    mig_date_format(to, b);
    for (int start = 1; start >= 0; start--) {
        char text[200];
        snprintf(text, sizeof text, "%.150s%swindow %s to %s %s", label, *label ? ": " : "", a, b,
                 start ? "begins" : "ends");
        lua_pushinteger(L, index);
        lua_pushboolean(L, start);
        lua_pushcclosure(L, during_fire, 2);
        mig_event_facts f = mig_facts(start ? "during_start" : "during_end");
        /* The window's own event; during_fire then logs one "parameter" event a key. */
        mig_lua_add_at(L, h, start ? from : to + 1, text, lua_gettop(L), 0, &f);
        h->ats[h->n_ats - 1].during = index + 1;
        h->ats[h->n_ats - 1].during_end = !start;
        lua_pop(L, 1);
    }
}

static mig_host *loading(lua_State *L, const char *what)
{
    mig_host *h = mig_host_of(L);
    if (h->running || !h->world)
        luaL_error(L, "%s schedules while the scenario loads; inside a hook use set()", what);
    if (h->flee)
        luaL_error(L, "%s acts on migsim's own world, not on a Flee scenario's (flee.load)", what);
    return h;
}

static int check_window_dates(lua_State *L, const char *what, int *from, int *to)
{
    char f[64], t[64];
    snprintf(f, sizeof f, "%s 'from'", what);
    snprintf(t, sizeof t, "%s 'to'", what);
    *from = mig_lua_check_date(L, mig_lua_field_string(L, 1, "from", what, NULL), f);
    *to = mig_lua_check_date(L, mig_lua_field_string(L, 1, "to", what, NULL), t);
    if (*to < *from) {
        char a[11], b[11];
        mig_date_format(*from, a);
        mig_date_format(*to, b);
        return luaL_error(L, "%s: 'to' (%s) is before 'from' (%s); the window is from..to, both days included", what,
                          b, a);
    }
    return 0;
}

/* during{ from=, to=, set={ [key]=value, ... }, label= } */
static int l_during(lua_State *L)
{
    static const char *const keys[] = { "from", "to", "set", "label", NULL };
    const char *what = "during{}";
    mig_host *h = loading(L, what);
    mig_lua_check_keys(L, 1, what, keys);
    int from, to;
    check_window_dates(L, what, &from, &to);
    const char *label = mig_lua_field_string(L, 1, "label", what, "");
    lua_getfield(L, 1, "set");
    int t = lua_gettop(L);
    if (!lua_istable(L, t))
        return luaL_error(L, "%s: 'set' must be a table of parameter keys and values, e.g. set = { "
                             "[\"border.RS-HU.detection_prob\"] = 0.9 }, got %s", what, luaL_typename(L, t));
    /* In key order (pairs is sorted in the sandbox, but lua_next is not): sort here. On
     * the C stack (at most 64 keys), so an error raised below leaks nothing. */
    int n = 0;
    char ks[MAX_KEYS + 1][160];
    double vs[MAX_KEYS + 1];
    const char *problem = NULL;
    char msg[400];
    lua_pushnil(L);
    while (!problem && lua_next(L, t)) {
        if (lua_type(L, -2) != LUA_TSTRING) {
            snprintf(msg, sizeof msg, "%s: the keys of 'set' must be parameter keys (strings), found a %s key", what,
                     luaL_typename(L, -2));
            problem = msg;
        } else if (strlen(lua_tostring(L, -2)) >= 160) {
            snprintf(msg, sizeof msg, "%s: parameter key too long in 'set'", what);
            problem = msg;
        } else if (lua_type(L, -1) != LUA_TNUMBER && lua_type(L, -1) != LUA_TBOOLEAN) {
            snprintf(msg, sizeof msg, "%s: set['%.160s'] must be a number or true/false, got %s", what,
                     lua_tostring(L, -2), luaL_typename(L, -1));
            problem = msg;
        } else if (n == MAX_KEYS + 1) {
            problem = "during{}: at most 64 parameters in one window (split it into several)";
        } else {
            snprintf(ks[n], sizeof ks[n], "%s", lua_tostring(L, -2));
            vs[n] = lua_isboolean(L, -1) ? lua_toboolean(L, -1) : lua_tonumber(L, -1);
            n++;
        }
        lua_pop(L, 1);
    }
    if (!problem && n == 0)
        problem = "during{}: 'set' is empty (give the parameters the window changes)";
    if (!problem && n > MAX_KEYS)
        problem = "during{}: at most 64 parameters in one window (split it into several)";
    if (problem)
        return luaL_error(L, "%s", problem);
    /* Sorted by key: the order of the events does not depend on the table's hashing. */
    for (int a = 1; a < n; a++)
        for (int b = a; b > 0 && strcmp(ks[b - 1], ks[b]) > 0; b--) {
            char tk[160];
            double tv = vs[b];
            memcpy(tk, ks[b], sizeof tk);
            memcpy(ks[b], ks[b - 1], sizeof tk);
            memcpy(ks[b - 1], tk, sizeof tk);
            vs[b] = vs[b - 1];
            vs[b - 1] = tv;
        }
    /* Checked now, with file:line, not on the window's first day. */
    for (int k = 0; k < n; k++)
        if (strcmp(ks[k], "agent_weight") == 0)
            return luaL_error(L, "%s: agent_weight is fixed once the run starts (every count is scaled by it)", what);
    check_values(L, h->world, what, (const char (*)[160])ks, vs, n);
    add_window(L, h, what, from, to, n, (const char (*)[160])ks, vs, label);
    return 0;
}

/* close_border{ border=, from=, to=, label= }: during{} on border.X.closed. */
static int l_close_border(lua_State *L)
{
    static const char *const keys[] = { "border", "from", "to", "label", NULL };
    const char *what = "close_border{}";
    mig_host *h = loading(L, what);
    mig_lua_check_keys(L, 1, what, keys);
    const char *name = mig_lua_field_string(L, 1, "border", what, NULL);
    int from, to;
    check_window_dates(L, what, &from, &to);
    const char *label = mig_lua_field_string(L, 1, "label", what, "");
    char key[1][160];
    if (strlen(name) > 20)
        return luaL_error(L, "%s: no border segment '%.40s...'", what, name);
    snprintf(key[0], sizeof key[0], "border.%s.closed", name);
    if (mig_world_find_border_named(h->world, name) < 0) {
        const char *best = NULL;
        size_t bd = (size_t)-1;
        for (int b = 0; b < h->world->n_borders; b++) {
            size_t dd = mig_edit_distance(name, h->world->borders[b].name);
            if (dd < bd) {
                bd = dd;
                best = h->world->borders[b].name;
            }
        }
        if (best && bd <= 2)
            return luaL_error(L, "%s: no border segment '%s' (did you mean '%s'?)", what, name, best);
        return luaL_error(L, "%s: no border segment '%s' (segments are named FROM-TO, e.g. RS-HU)", what, name);
    }
    double one = 1;
    add_window(L, h, what, from, to, 1, (const char (*)[160])key, &one, label);
    return 0;
}

void mig_during_open(lua_State *L)
{
    lua_pushcfunction(L, l_during);
    lua_setfield(L, -2, "during");
    lua_pushcfunction(L, l_close_border);
    lua_setfield(L, -2, "close_border");
}

int mig_during_check(mig_host *h, at_event *e, char *err, size_t errlen)
{
    const during_window *d = &h->durings[e->during - 1];
    char a[11], b[11], s[11], t[11];
    mig_date_format(d->from, a);
    mig_date_format(d->to, b);
    mig_date_format(h->info.warmup_day, s);
    mig_date_format(h->info.stop_day, t);
    snprintf(err, errlen, "%swindow %s to %s is not inside the run (%s to %s): 'from' and 'to' must be run days",
             d->where, a, b, s, t);
    return -1;
}

void mig_during_save(const mig_host *h, mig_buf *b)
{
    mig_buf_u64(b, (uint64_t)h->n_durings);
    for (int i = 0; i < h->n_durings; i++) {
        mig_buf_u64(b, (uint64_t)h->durings[i].n);
        for (int k = 0; k < h->durings[i].n; k++)
            mig_buf_f64(b, h->durings[i].before[k]);
    }
}

int mig_during_restore(mig_host *h, mig_reader *r)
{
    if (mig_read_u64(r) != (uint64_t)h->n_durings)
        return -1;
    for (int i = 0; i < h->n_durings; i++) {
        if (mig_read_u64(r) != (uint64_t)h->durings[i].n)
            return -1;
        for (int k = 0; k < h->durings[i].n; k++)
            h->durings[i].before[k] = mig_read_f64(r);
    }
    return r->bad ? -1 : 0;
}
