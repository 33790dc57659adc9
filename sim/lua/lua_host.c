/* lua_host.c: Lua state, sandbox, protected calls and daily hooks. After the
 * habits of lua.c (docall with a traceback) and Redis scripting (allow-listed
 * globals, undefined globals are errors, math.random from the run's stream). */
#include "lua_internal.h"
#include "buf.h"
#include "date.h"
#include "embedded.h"
#include "rng.h"
#include "sha256.h"
#include "utf8.h"

#include <errno.h>
#include <lualib.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char HOST_KEY = 'h';

mig_host *mig_host_of(lua_State *L)
{
    lua_rawgetp(L, LUA_REGISTRYINDEX, &HOST_KEY);
    mig_host *h = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return h;
}

void mig_where(lua_State *L, char *buf, size_t n)
{
    luaL_where(L, 1);
    mig_utf8_copy(buf, n, lua_tostring(L, -1));  /* it goes into event labels, and so into the JSON */
    lua_pop(L, 1);
}

void mig_host_log(mig_host *h, const char *label, const mig_event_facts *facts)
{
    if (h->running && h->run)
        mig_run_log(h->run, MIG_EVENT_POLICY, label, facts);
    else if (h->running && h->frun) {
        /* The fields a Flee event has ("scheduled", "trigger", "custom" carry no others). */
        mig_flee_facts f = mig_flee_facts_of(facts ? facts->type : "");
        if (facts) {
            mig_flee_facts_text(f.key, sizeof f.key, facts->key);
            f.old = facts->old;
            f.new_ = facts->new_;
        }
        mig_flee_run_log(h->frun, label, &f);
    }
}

/* Message handler: append a traceback, as lua.c's msghandler does. */
static int msghandler(lua_State *L)
{
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL) {
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
            return 1;
        msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

/* Call the function below nargs arguments; on error copy the message to err. */
static int docall(lua_State *L, int nargs, int nres, char *err, size_t errlen)
{
    int base = lua_gettop(L) - nargs;
    mig_host *h = mig_host_of(L);
    h->instr_used = 0;  /* the instruction budget is per entry into Lua */
    h->fatal = 0;
    lua_pushcfunction(L, msghandler);
    lua_insert(L, base);
    mig_watchdog_arm(h->watchdog);
    int status = lua_pcall(L, nargs, nres, base);
    mig_watchdog_disarm(h->watchdog);
    lua_remove(L, base);
    if (status == LUA_ERRMEM) {
        snprintf(err, errlen, "%s: the scenario used more than its memory budget of %.0f MB (raise it with "
                              "--lua-memory)", h->path, (double)h->mem_budget / 1048576.0);
        lua_pop(L, 1);
        return -1;
    }
    if (status != LUA_OK) {
        snprintf(err, errlen, "%s", lua_tostring(L, -1) ? lua_tostring(L, -1) : "(no message)");
        lua_pop(L, 1);
        return -1;
    }
    return 0;
}

int mig_host_call(mig_host *h, int nargs, int nres, char *err, size_t errlen)
{
    return docall(h->L, nargs, nres, err, errlen);
}

/* ---- sandbox -------------------------------------------------------------- */

static int l_undefined_global(lua_State *L)
{
    static const char *const withheld[] = { "os", "io", "debug", "package", "dofile", "loadfile", "load",
                                            "collectgarbage", "coroutine", NULL };
    const char *k = lua_tostring(L, 2);
    for (const char *const *w = withheld; k && *w; w++)
        if (strcmp(k, *w) == 0)
            return luaL_error(L, "'%s' is not available to scenarios (they run in a sandbox: see "
                                 "docs/scenario-api.md, Sandbox)", k);
    return luaL_error(L, "undefined global '%s'", k ? k : "?");
}

static int l_print(lua_State *L)
{
    int n = lua_gettop(L);
    for (int i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_tolstring(L, i, &len);
        if (i > 1)
            fputc('\t', stderr);
        fwrite(s, 1, len, stderr);
        lua_pop(L, 1);
    }
    fputc('\n', stderr);
    return 0;
}

/* math.random from the run's script stream, with Lua's own argument rules. */
static int l_random(lua_State *L)
{
    mig_host *h = mig_host_of(L);
    lua_Integer lo, hi;
    switch (lua_gettop(L)) {
    case 0:
        lua_pushnumber(L, (lua_Number)mig_u01(h->script_key, h->script_n++));
        return 1;
    case 1:
        lo = 1;
        hi = luaL_checkinteger(L, 1);
        if (hi == 0) {  /* Lua 5.4: random(0) gives an integer with all bits random */
            lua_pushinteger(L, (lua_Integer)mig_bits(h->script_key, h->script_n++));
            return 1;
        }
        break;
    case 2:
        lo = luaL_checkinteger(L, 1);
        hi = luaL_checkinteger(L, 2);
        break;
    default:
        return luaL_error(L, "wrong number of arguments to 'random'");
    }
    luaL_argcheck(L, lo <= hi, lua_gettop(L), "interval is empty");
    /* As Lua 5.4's project(): unsigned arithmetic, and draws outside the
     * smallest power-of-two mask are rejected, so every value is equally likely. */
    lua_Unsigned span = (lua_Unsigned)hi - (lua_Unsigned)lo, r = (lua_Unsigned)mig_bits(h->script_key, h->script_n++);
    if ((span & (span + 1)) == 0) {
        r &= span;
    } else {
        lua_Unsigned lim = span;
        lim |= lim >> 1;
        lim |= lim >> 2;
        lim |= lim >> 4;
        lim |= lim >> 8;
        lim |= lim >> 16;
        lim |= lim >> 32;
        while ((r &= lim) > span)
            r = (lua_Unsigned)mig_bits(h->script_key, h->script_n++);
    }
    lua_pushinteger(L, (lua_Integer)((lua_Unsigned)lo + r));
    return 1;
}

static int l_randomseed(lua_State *L)
{
    return luaL_error(L, "math.randomseed is not available: scenario randomness comes from the run's seed (--seed)");
}

/* require: embedded modules first, then NAME.lua beside the scenario. Text only. */
static int l_require(lua_State *L)
{
    mig_host *h = mig_host_of(L);
    const char *name = luaL_checkstring(L, 1);
    static const char loading = 'l';
    lua_getfield(L, LUA_REGISTRYINDEX, "mig.loaded");
    lua_getfield(L, -1, name);
    if (lua_touserdata(L, -1) == &loading)
        return luaL_error(L, "module '%s' requires itself (directly or through another module)", name);
    if (!lua_isnil(L, -1))
        return 1;
    lua_pop(L, 1);
    lua_pushlightuserdata(L, (void *)&loading);  /* marks the module as being loaded */
    lua_setfield(L, -2, name);
    const mig_embedded *m = mig_embedded_find(name);
    int status;
    if (m) {
        status = luaL_loadbufferx(L, m->text, m->len, m->chunkname, "t");
    } else {
        for (const char *p = name; *p; p++)
            if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' ||
                  *p == '.'))
                return luaL_error(L, "module '%s': names may use letters, digits, '_' and '.' only", name);
        if (strncmp(name, "migsim.", 7) == 0)
            return luaL_error(L, "module '%s' not found: no such module is shipped with migsim", name);
        char file[2200];
        snprintf(file, sizeof file, "%s/%s", h->dir, name);
        for (char *p = file + strlen(h->dir) + 1; *p; p++)
            if (*p == '.')
                *p = '/';
        strncat(file, ".lua", sizeof file - strlen(file) - 1);
        FILE *f = fopen(file, "rb");
        if (!f)
            return luaL_error(L, "module '%s' not found: not a migsim module and no file %s", name, file);
        fclose(f);
        /* The checkpoint and the journals must see a changed module as a changed scenario. */
        char hex[65];
        if (mig_sha256_file(file, hex) == 0) {
            unsigned char both[32 + 64 + 256];
            size_t n = strlen(name) < 255 ? strlen(name) : 255;
            memcpy(both, h->modules_sha, 32);
            memcpy(both + 32, hex, 64);
            memcpy(both + 96, name, n);
            mig_sha256(both, 96 + n, h->modules_sha);
            h->n_modules++;
        }
        status = luaL_loadfilex(L, file, "t");
    }
    if (status != LUA_OK)
        return lua_error(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, h->env_ref);
    lua_setupvalue(L, -2, 1);
    lua_pushstring(L, name);
    lua_call(L, 1, 1);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, name);
    return 1;
}

/* pcall and xpcall as Lua 5.4's (lbaselib.c), except that they cannot catch what
 * must stop the entry: the instruction budget and a signal's "interrupted".
 * Otherwise `while true do pcall(function() while true do end end) end` never
 * ends. Written out rather than wrapping Lua's own, so a nested pcall costs one
 * C level, as in Lua (200 levels deep). No continuation: coroutines are withheld. */
static int finish_pcall(lua_State *L, int status, int extra)
{
    if (status != LUA_OK) {
        if (mig_host_of(L)->fatal)
            return lua_error(L);  /* the error object is on top */
        lua_pushboolean(L, 0);
        lua_pushvalue(L, -2);
        return 2;
    }
    return lua_gettop(L) - extra;
}

static int l_pcall(lua_State *L)
{
    luaL_checkany(L, 1);
    lua_pushboolean(L, 1);  /* the first result if no error */
    lua_insert(L, 1);
    return finish_pcall(L, lua_pcall(L, lua_gettop(L) - 2, LUA_MULTRET, 0), 0);
}

/* xpcall's message handler, guarded: an error raised by the count hook (the
 * budget, "interrupted") reaches the handler while Lua still has hooks off, so
 * the scenario's handler would run uncounted and unstoppable. It is skipped then:
 * the error goes on unchanged. */
static int guarded_handler(lua_State *L)
{
    if (mig_host_of(L)->fatal) {
        lua_settop(L, 1);
        return 1;
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int l_xpcall(lua_State *L)
{
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, guarded_handler, 1);
    lua_replace(L, 2);
    lua_pushboolean(L, 1);  /* the first result */
    lua_pushvalue(L, 1);    /* the function */
    lua_rotate(L, 3, 2);    /* both below the function's arguments */
    return finish_pcall(L, lua_pcall(L, n - 2, LUA_MULTRET, 2), 2);
}

/* setmetatable as Lua's, without finalizers: Lua runs __gc with hooks off, so a
 * finalizer escapes the instruction budget and signals, and runs when the state
 * closes, after the run it could reach is gone. A scenario owns no resources
 * that would need one. */
static int l_setmetatable(lua_State *L)
{
    /* Read raw, as Lua's own check (luaC_checkfinalizer) does. */
    if (lua_type(L, 2) == LUA_TTABLE && (lua_pushliteral(L, "__gc"), lua_rawget(L, 2)) != LUA_TNIL)
        return luaL_error(L, "setmetatable: __gc (finalizers) is not available to scenarios: Lua runs finalizers "
                             "outside the instruction budget and after the run has ended");
    lua_settop(L, 2);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, 2, 1);
    return 1;
}

/* Charge n steps of a loop in C to the entry's instruction budget. */
static void charge(lua_State *L, lua_Unsigned n, const char *what)
{
    mig_host *h = mig_host_of(L);
    if ((double)n > h->instr_budget - h->instr_used) {
        char msg[200];
        snprintf(msg, sizeof msg, "%s: %.0f steps would exceed the budget of %.0f Lua instructions in one call; "
                                  "raise it with --lua-instructions", what, (double)n, h->instr_budget);
        h->fatal = 1;
        luaL_error(L, "%s", msg);
    }
    h->instr_used += (double)n;
}

/* string.rep as Lua 5.4's, with its loop counted: rep("", n) copies nothing n
 * times, which the memory budget cannot bound. */
static int l_rep(lua_State *L)
{
    size_t l, lsep;
    const char *s = luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    const char *sep = luaL_optlstring(L, 3, "", &lsep);
    if (n <= 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    if (l + lsep < l || l + lsep > (size_t)(LUA_MAXINTEGER < SIZE_MAX ? LUA_MAXINTEGER : SIZE_MAX) / (size_t)n)
        return luaL_error(L, "resulting string too large");
    if (l + lsep == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    size_t total = (size_t)n * l + (size_t)(n - 1) * lsep;
    luaL_Buffer b;
    char *p = luaL_buffinitsize(L, &b, total);
    while (n-- > 1) {
        memcpy(p, s, l);
        p += l;
        if (lsep > 0) {
            memcpy(p, sep, lsep);
            p += lsep;
        }
    }
    memcpy(p, s, l);
    luaL_pushresultsize(&b, total);
    return 1;
}

/* table.move as Lua 5.4's, with its element count charged to the budget
 * (table.move({}, 1, 1e15, 1, {}) moves nils for days without an instruction). */
static int l_move(lua_State *L)
{
    lua_Integer f = luaL_checkinteger(L, 2), e = luaL_checkinteger(L, 3), t = luaL_checkinteger(L, 4);
    int tt = !lua_isnoneornil(L, 5) ? 5 : 1;
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checktype(L, tt, LUA_TTABLE);
    if (e >= f) {
        luaL_argcheck(L, f > 0 || e < LUA_MAXINTEGER + f, 3, "too many elements to move");
        lua_Integer n = e - f;
        luaL_argcheck(L, t <= LUA_MAXINTEGER - n, 4, "destination wrap around");
        charge(L, (lua_Unsigned)n + 1, "table.move");
        if (t > e || t <= f || (tt != 1 && !lua_compare(L, 1, tt, LUA_OPEQ))) {
            for (lua_Integer i = 0; i <= n; i++) {
                lua_geti(L, 1, f + i);
                lua_seti(L, tt, t + i);
            }
        } else {
            for (lua_Integer i = n; i >= 0; i--) {
                lua_geti(L, 1, f + i);
                lua_seti(L, tt, t + i);
            }
        }
    }
    lua_pushvalue(L, tt);
    return 1;
}

/* Put fn, with the library's own function as upvalue 1, at lib.name. */
static void wrap(lua_State *L, const char *lib, const char *name, lua_CFunction fn)
{
    lua_getglobal(L, lib);
    lua_getfield(L, -1, name);
    lua_pushcclosure(L, fn, 1);
    lua_setfield(L, -2, name);
    lua_pop(L, 1);
}

static void copy_fields(lua_State *L, const char *lib, const char *const *names)
{
    lua_newtable(L);
    lua_getglobal(L, lib);
    for (const char *const *n = names; *n; n++) {
        lua_getfield(L, -1, *n);
        lua_setfield(L, -3, *n);
    }
    lua_pop(L, 1);
}

/* pairs() and next() in key order. Lua seeds its string hashes from the clock
 * and addresses, so the raw order of a table's keys changes from one process to
 * the next; a scenario that builds its world in pairs() order would then differ
 * between two runs of the same seed. Numbers come first in ascending order, then
 * strings in byte order, then booleans; other keys (tables, functions) keep the
 * raw order among themselves. A __pairs metamethod is honoured. */
static const char sorted_iteration[] =
    "local rawnext, type, sort, getmetatable = next, type, table.sort, getmetatable\n"
    "local rank = { number = 1, string = 2, boolean = 3 }\n"
    "local function before(a, b)\n"
    "  local ta, tb = rank[type(a)] or 4, rank[type(b)] or 4\n"
    "  if ta ~= tb then return ta < tb end\n"
    "  if ta == 1 or ta == 2 then return a < b end\n"
    "  if ta == 3 then return (not a) and b end\n"
    "  return false\n"
    "end\n"
    "local function keys(t)\n"
    "  local k = {}\n"
    "  for key in rawnext, t do k[#k + 1] = key end\n"
    "  sort(k, before)\n"
    "  return k\n"
    "end\n"
    "function next(t, key)\n"
    "  local k = keys(t)\n"
    "  local i = 0\n"
    "  if key ~= nil then\n"
    "    for j = 1, #k do if rawequal(k[j], key) then i = j break end end\n"
    "    if i == 0 then error(\"invalid key to 'next'\", 2) end\n"
    "  end\n"
    "  local nk = k[i + 1]\n"
    "  if nk == nil then return nil end\n"
    "  return nk, t[nk]\n"
    "end\n"
    "function pairs(t)\n"
    "  local mt = getmetatable(t)\n"
    "  if type(mt) == 'table' and mt.__pairs then return mt.__pairs(t) end\n"
    "  local k, i = keys(t), 0\n"
    "  return function() i = i + 1 local key = k[i] if key ~= nil then return key, t[key] end end, t, nil\n"
    "end\n";

/* The scenario's global table: allow-listed base functions and libraries,
 * the migsim API, and a metatable that makes undefined globals an error. */
static void build_env(lua_State *L, mig_host *h)
{
    static const char *const base[] = { "assert", "error", "ipairs", "next", "pairs", "pcall", "rawequal",
                                        "rawget", "rawlen", "rawset", "select", "setmetatable", "getmetatable",
                                        "tonumber", "tostring", "type", "xpcall", "_VERSION", NULL };
    static const char *const mathf[] = { "abs", "ceil", "cos", "exp", "floor", "fmod", "huge", "log", "max",
                                         "maxinteger", "min", "mininteger", "modf", "pi", "sin", "sqrt", "tan",
                                         "tointeger", "type", "ult", "atan", "asin", "acos", NULL };
    static const char *const libs[] = { "string", "table", "utf8", NULL };
    lua_newtable(L);
    for (const char *const *n = base; *n; n++) {
        lua_getglobal(L, *n);
        lua_setfield(L, -2, *n);
    }
    for (const char *const *n = libs; *n; n++) {
        lua_getglobal(L, *n);
        lua_setfield(L, -2, *n);
    }
    copy_fields(L, "math", mathf);
    lua_pushcfunction(L, l_random);
    lua_setfield(L, -2, "random");
    lua_pushcfunction(L, l_randomseed);
    lua_setfield(L, -2, "randomseed");
    lua_setfield(L, -2, "math");
    lua_pushcfunction(L, l_print);
    lua_setfield(L, -2, "print");
    lua_pushcfunction(L, l_require);
    lua_setfield(L, -2, "require");
    mig_api_open(L, h);
    /* The scenario's own values to carry across a checkpoint (docs/scenario-api.md). */
    lua_newtable(L);
    lua_setfield(L, -2, "carry");
    lua_pushvalue(L, -1);
    lua_setfield(L, -2, "_G");
    lua_newtable(L);
    lua_pushcfunction(L, l_undefined_global);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, -2);
}

#define MIG_HOOK_EVERY 10000  /* instructions between two looks at the budget and the stop flag */

/* Every allocation of the Lua state goes through here, so a scenario cannot take
 * more than its memory budget (a refused allocation is Lua's "not enough memory"). */
static void *host_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    mig_host *h = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        h->mem_used -= old;
        free(ptr);
        return NULL;
    }
    if (nsize > old && h->mem_used + (nsize - old) > h->mem_budget)
        return NULL;
    void *p = realloc(ptr, nsize);
    if (p)
        h->mem_used = h->mem_used - old + nsize;
    return p;
}

static int host_panic(lua_State *L)
{
    fprintf(stderr, "migsim: unprotected error in the scenario: %s\n", lua_tostring(L, -1));
    return 0;
}

/* An error at the line the hook interrupted (level 0 inside a hook). */
static void hook_error(lua_State *L, const char *msg)
{
    luaL_where(L, 0);
    lua_pushstring(L, msg);
    lua_concat(L, 2);
    lua_error(L);
}

/* Counts instructions against the budget and stops on a signal. */
static void count_hook(lua_State *L, lua_Debug *ar)
{
    mig_host *h = mig_host_of(L);
    if (lua_getinfo(L, "Sl", ar))
        mig_watchdog_tick(h->watchdog, ar->source, ar->short_src, ar->currentline);
    /* A signal first lets the day finish (so a checkpoint can be written); code
     * still running 5 s later is stopped, and the day is then not whole. */
    if (h->stop_flag && *h->stop_flag) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        double t = (double)now.tv_sec + 1e-9 * (double)now.tv_nsec;
        if (h->stop_seen == 0)
            h->stop_seen = t;
        else if (t - h->stop_seen > 5) {
            h->interrupted_lua = 1;
            h->fatal = 1;
            hook_error(L, "interrupted");
        }
    }
    h->instr_used += MIG_HOOK_EVERY;
    if (h->instr_used > h->instr_budget) {
        char msg[200];
        snprintf(msg, sizeof msg, "the scenario used more than its budget of %.0f Lua instructions in one call "
                                  "(an endless loop?); raise it with --lua-instructions", h->instr_budget);
        h->fatal = 1;
        hook_error(L, msg);
    }
}

mig_host *mig_host_new(const char *path, uint64_t seed, const mig_lua_limits *limits, char *err)
{
    /* The path goes into the results (meta), which are JSON and so UTF-8. */
    if (mig_utf8_invalid_at(path, strlen(path)) >= 0) {
        snprintf(err, MIG_ERR_LEN, "%.900s: the scenario's file name is not valid UTF-8 (results name it in JSON, "
                                   "which must be UTF-8): rename the file", path);
        return NULL;
    }
    mig_host *h = calloc(1, sizeof *h);
    if (!h) {
        snprintf(err, MIG_ERR_LEN, "out of memory");
        return NULL;
    }
    snprintf(h->path, sizeof h->path, "%s", path);
    snprintf(h->dir, sizeof h->dir, "%s", path);
    char *slash = strrchr(h->dir, '/');
    if (slash)
        *slash = 0;
    else
        snprintf(h->dir, sizeof h->dir, ".");
    const char *base = slash ? strrchr(path, '/') + 1 : path;
    snprintf(h->info.name, sizeof h->info.name, "%.*s", (int)strcspn(base, "."), base);
    mig_date_parse("2022-01-01", &h->info.start_day);
    mig_date_parse("2022-12-31", &h->info.stop_day);
    h->info.warmup_day = h->info.start_day;
    h->seed = seed;
    h->script_key = mig_rng_purpose_key(seed, MIG_RNG_SCRIPT);
    h->world = mig_world_new();
    h->instr_budget = limits && limits->instructions > 0 ? limits->instructions : 2e9;
    double mb = limits && limits->megabytes > 0 ? limits->megabytes : 1024;
    /* The command line keeps it in range (mig_opt_range); a library caller might not. */
    h->mem_budget = mb * 1048576.0 < (double)SIZE_MAX / 2 ? (size_t)(mb * 1048576.0) : SIZE_MAX / 2;
    /* A library call that loops in C is stopped after the time the instruction
     * budget would take at 1e8 instructions a second (20 s by default). */
    double wd = limits && limits->watchdog_seconds != 0 ? limits->watchdog_seconds : h->instr_budget / 1e8;
    h->watchdog = wd < 0 ? NULL : mig_watchdog_new(path, wd > 2 ? wd : 2);
    h->L = lua_newstate(host_alloc, h);
    if (h->L) {
        lua_atpanic(h->L, host_panic);
        lua_sethook(h->L, count_hook, LUA_MASKCOUNT, MIG_HOOK_EVERY);
    }
    if (!h->world || !h->L || (wd >= 0 && !h->watchdog)) {
        snprintf(err, MIG_ERR_LEN, h->world && h->L ? "cannot start the Lua watchdog thread (too many threads?)"
                                                    : "out of memory");
        mig_host_free(h);
        return NULL;
    }
    lua_State *L = h->L;
    /* Only the libraries the sandbox copies from; os, io, debug and package never load. */
    luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
    luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
    lua_settop(L, 0);
    lua_register(L, "pcall", l_pcall);
    lua_register(L, "xpcall", l_xpcall);
    wrap(L, LUA_GNAME, "setmetatable", l_setmetatable);
    lua_getglobal(L, LUA_STRLIBNAME);  /* also the strings' __index: ("x"):rep(n) */
    lua_pushcfunction(L, l_rep);
    lua_setfield(L, -2, "rep");
    lua_pop(L, 1);
    lua_getglobal(L, LUA_TABLIBNAME);
    lua_pushcfunction(L, l_move);
    lua_setfield(L, -2, "move");
    lua_pop(L, 1);
    lua_pushlightuserdata(L, h);
    lua_rawsetp(L, LUA_REGISTRYINDEX, &HOST_KEY);
    lua_newtable(L);
    mig_flee_lua_open(L, h);  /* the C half of migsim.flee, reachable through require only */
    lua_setfield(L, -2, "migsim.flee_core");
    lua_setfield(L, LUA_REGISTRYINDEX, "mig.loaded");
    build_env(L, h);
    h->env_ref = luaL_ref(L, LUA_REGISTRYINDEX);
    if (luaL_loadbufferx(L, sorted_iteration, sizeof sorted_iteration - 1, "=(migsim sandbox)", "t") != LUA_OK) {
        snprintf(err, MIG_ERR_LEN, "internal: %s", lua_tostring(L, -1));
        mig_host_free(h);
        return NULL;
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, h->env_ref);
    lua_setupvalue(L, -2, 1);
    lua_call(L, 0, 0);
    return h;
}

void mig_host_free(mig_host *h)
{
    if (!h)
        return;
    /* Whatever still runs while the state closes finds no run to reach. */
    h->run = NULL;
    h->frun = NULL;
    if (h->L)
        lua_close(h->L);
    mig_watchdog_free(h->watchdog);
    mig_world_free(h->world);
    if (h->flee) {
        mig_flee_model_free(h->flee);
        free(h->flee);
    }
    free(h->ats);
    mig_during_free(h);
    free(h->whens);
    free(h->on_days);
    free(h);
}

mig_world *mig_host_world(mig_host *h) { return h->world; }
const mig_scenario_info *mig_host_info(const mig_host *h) { return &h->info; }

int mig_host_load(mig_host *h, char *err, size_t errlen)
{
    lua_State *L = h->L;
    if (luaL_loadfilex(L, h->path, "t") != LUA_OK) {
        snprintf(err, errlen, "%s", lua_tostring(L, -1));
        lua_pop(L, 1);
        return -1;
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, h->env_ref);
    lua_setupvalue(L, -2, 1);
    return docall(L, 0, 0, err, errlen);
}

static int cmp_at(const void *a, const void *b)
{
    const at_event *x = a, *y = b;
    if (x->day != y->day)
        return x->day < y->day ? -1 : 1;
    /* A during{} window's end belongs to its last day (`to`), so it goes before anything
     * else on to + 1: a window starting that day then sees the restored value, whatever
     * order the two were declared in. */
    int xe = x->during && x->during_end, ye = y->during && y->during_end;
    if (xe != ye)
        return ye - xe;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

int mig_host_check(mig_host *h, char *err, size_t errlen)
{
    char buf[MIG_ERR_LEN];
    if (h->info.stop_day < h->info.start_day) {
        snprintf(err, errlen, "%s: scenario stop date is before its start date", h->path);
        return -1;
    }
    if (!h->flee && !h->world->finalized && mig_world_finalize(h->world, buf)) {
        snprintf(err, errlen, "%s", buf);
        return -1;
    }
    /* `check` must refuse what `run` would (a hasten that leaves no agents, given by --set). */
    if (h->flee && mig_flee_check(h->flee, buf)) {
        snprintf(err, errlen, "%s: %s", h->path, buf);
        return -1;
    }
    for (int i = 0; i < h->n_ats; i++) {
        at_event *e = &h->ats[i];
        if (e->during && e->during_end && (e->day == h->info.stop_day + 1 || e->day == INT_MAX)) {
            e->day = INT_MAX;  /* a window to the run's last day: nothing to restore */
            continue;
        }
        if (e->day < h->info.warmup_day || e->day > h->info.stop_day) {
            if (e->during)
                return mig_during_check(h, e, err, errlen);
            if (e->optional) {
                e->day = INT_MAX;  /* sorted last, never reached */
                continue;
            }
            char d[11], s[11], t[11];
            mig_date_format(e->day, d);
            mig_date_format(h->info.warmup_day, s);
            mig_date_format(h->info.stop_day, t);
            snprintf(err, errlen, "%sevent on %s is outside the run (%s to %s)", e->where, d, s, t);
            return -1;
        }
    }
    return 0;
}

/* ---- strict indicator tables ------------------------------------------------ */

/* __index of an indicator table (upvalue 1: its name, "ind.total"): reading a field
 * it does not have is a mistake in the scenario (ind.total.frontex), not a nil that
 * fails later with "compare number with nil". Runs on a miss only, so a hook that
 * reads existing fields pays nothing. The error is at the hook's line (level 1). */
static int l_indicator_miss(lua_State *L)
{
    const char *name = lua_tostring(L, lua_upvalueindex(1));
    if (lua_type(L, 2) != LUA_TSTRING)
        return luaL_error(L, "%s has no field %s (its keys are names: %s.NAME or %s[\"NAME\"])", name,
                          luaL_tolstring(L, 2, NULL), name, name);
    const char *k = lua_tostring(L, 2);
    const char *best = NULL;
    size_t best_d = 100;
    lua_pushnil(L);
    while (lua_next(L, 1)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING)
            continue;
        const char *f = lua_tostring(L, -1);
        /* A field's first word counts as close: frontex for frontex_detections. */
        size_t d = *k && strncmp(f, k, strlen(k)) == 0 ? 1 : mig_edit_distance(k, f);
        if (d < best_d || (d == best_d && best && strcmp(f, best) < 0)) {  /* ties: the same in every process */
            best_d = d;
            best = f;
        }
    }
    if (strcmp(k, "displaced") == 0)  /* renamed (issue 17): it read as forced displacement */
        return luaL_error(L, "%s has no field 'displaced': it is called switched_channel now", name);
    if (best && best_d <= strlen(k) / 3 + 1)
        return luaL_error(L, "%s has no field '%s' (did you mean '%s'?)", name, k, best);
    return luaL_error(L, "%s has no field '%s' (see docs/scenario-api.md, The indicator table)", name, k);
}

void mig_lua_strict(lua_State *L, int idx, const char *name)
{
    idx = lua_absindex(L, idx);
    /* One metatable per name, made once and kept in the registry: the tables are
     * rebuilt every day, their metatables are not. */
    if (lua_getfield(L, LUA_REGISTRYINDEX, "mig.strict") != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, "mig.strict");
    }
    if (lua_getfield(L, -1, name) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_createtable(L, 0, 2);
        lua_pushstring(L, name);
        lua_pushcclosure(L, l_indicator_miss, 1);
        lua_setfield(L, -2, "__index");
        /* getmetatable() gives false: a hook cannot switch strictness off for later days. */
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
        lua_pushvalue(L, -1);
        lua_setfield(L, -3, name);
    }
    lua_setmetatable(L, idx);
    lua_pop(L, 1);
}

/* Indicators handed to when() predicates and on_day(): yesterday's counts and
 * the cumulative ones, in persons, overall and by nationality. */
static void push_summary(lua_State *L, const mig_summary *s, double w, const char *name)
{
    lua_createtable(L, 0, 13);
    mig_lua_strict(L, -1, name);
#define F(name, field) (lua_pushnumber(L, (double)s->field * w), lua_setfield(L, -2, name))
    F("departures", departures);
    F("deterred", deterred);
    F("switched_channel", displaced);
    F("attempts", attempts);
    F("detections", detections);
    F("frontex_detections", frontex_detections);
    F("pushbacks", pushbacks);
    F("registrations", registrations);
    F("detained", detained);
    F("arrivals", arrivals);
    F("asylum_applications", asylum);
    F("returned", returned);
    F("persons_detected", first_detected);
#undef F
}

static void push_indicators(lua_State *L, mig_host *h, int day)
{
    const mig_run *run = h->run;
    const mig_world *w = run->world;
    double wt = w->params.agent_weight;
    char date[11];
    mig_date_format(day, date);
    lua_createtable(L, 0, 8);
    mig_lua_strict(L, -1, "ind");
    lua_pushstring(L, date);
    lua_setfield(L, -2, "date");
    lua_pushinteger(L, run->today);
    lua_setfield(L, -2, "day");
    mig_summary s;
    const int64_t *last = run->today > 0 ? mig_run_row(run, run->today - 1) : NULL;
    if (last)
        mig_run_summarize(run, last, -1, &s);
    else
        memset(&s, 0, sizeof s);
    push_summary(L, &s, wt, "ind.last");
    /* Zero on the first day too, so `ind.last.stock > x` works from the start. */
    int64_t stock = 0;
    for (int l = 0; last && l < w->n_locations; l++)
        stock += last[run->layout.stock + l];
    lua_pushnumber(L, (double)stock * wt);
    lua_setfield(L, -2, "stock");
    lua_pushnumber(L, last ? (double)last[run->layout.in_transit] * wt : 0.0);
    lua_setfield(L, -2, "in_transit");
    lua_setfield(L, -2, "last");
    mig_run_summarize(run, run->cum, -1, &s);
    push_summary(L, &s, wt, "ind.total");
    lua_setfield(L, -2, "total");
    lua_createtable(L, 0, w->n_nats);
    mig_lua_strict(L, -1, "ind.last_by_nationality");
    char name[80];
    for (int n = 0; n < w->n_nats; n++) {
        if (last)
            mig_run_summarize(run, last, n, &s);
        else
            memset(&s, 0, sizeof s);
        snprintf(name, sizeof name, "ind.last_by_nationality.%s", w->nats[n].code);
        push_summary(L, &s, wt, name);
        lua_setfield(L, -2, w->nats[n].code);
    }
    lua_setfield(L, -2, "last_by_nationality");
    /* Yesterday at each border segment: lets a trigger watch one border. */
    const mig_layout *lay = &run->layout;
    lua_createtable(L, 0, w->n_borders);
    mig_lua_strict(L, -1, "ind.last_by_border");
    for (int b = 0; b < w->n_borders; b++) {
        int64_t att = 0, det = 0, push = 0, reg = 0;
        for (int n = 0; last && n < w->n_nats; n++) {
            int bn = b * w->n_nats + n;
            att += last[lay->attempts + bn];
            det += last[lay->detections + bn];
            push += last[lay->pushbacks + bn];
            reg += last[lay->registrations + bn];
        }
        lua_createtable(L, 0, 4);
        snprintf(name, sizeof name, "ind.last_by_border[\"%s\"]", w->borders[b].name);
        mig_lua_strict(L, -1, name);
        lua_pushnumber(L, (double)att * wt);
        lua_setfield(L, -2, "attempts");
        lua_pushnumber(L, (double)det * wt);
        lua_setfield(L, -2, "detections");
        lua_pushnumber(L, (double)push * wt);
        lua_setfield(L, -2, "pushbacks");
        lua_pushnumber(L, (double)reg * wt);
        lua_setfield(L, -2, "registrations");
        lua_setfield(L, -2, w->borders[b].name);
    }
    lua_setfield(L, -2, "last_by_border");
}

typedef struct push_job {
    void (*push)(lua_State *, mig_host *, int);
    mig_host *h;
    int day;
} push_job;

static int push_protected(lua_State *L)
{
    push_job *j = lua_touserdata(L, 1);
    j->push(L, j->h, j->day);
    return 1;
}

/* The day's at() events, when() triggers and on_day() hooks, with the indicators
 * that push() builds. Returns 0, or -1 with err. */
static int run_day_hooks(mig_host *h, int day, void (*push)(lua_State *, mig_host *, int), char *err)
{
    lua_State *L = h->L;
    char msg[4096];
    h->running = 1;
    int rc = 0;
    while (h->next_at < h->n_ats && h->ats[h->next_at].day <= day) {
        at_event *e = &h->ats[h->next_at++];
        mig_host_log(h, e->label, &e->facts);
        lua_rawgeti(L, LUA_REGISTRYINDEX, e->fn_ref);
        if (docall(L, 0, 0, msg, sizeof msg)) {
            rc = -1;
            goto done;
        }
    }
    if (h->n_whens || h->n_on_days) {
        /* The indicators are built under lua_pcall: running out of the Lua memory
         * budget there is an error like any other, not a panic. */
        push_job job = { push, h, day };
        lua_pushcfunction(L, push_protected);
        lua_pushlightuserdata(L, &job);
        if (docall(L, 1, 1, msg, sizeof msg)) {
            rc = -1;
            goto done;
        }
        int ind = lua_gettop(L);
        for (int i = 0; i < h->n_whens && rc == 0; i++) {
            when_trigger *t = &h->whens[i];
            if (t->fired)
                continue;
            lua_rawgeti(L, LUA_REGISTRYINDEX, t->pred_ref);
            lua_pushvalue(L, ind);
            if (docall(L, 1, 1, msg, sizeof msg)) {
                rc = -1;
                break;
            }
            int yes = lua_toboolean(L, -1);
            lua_pop(L, 1);
            if (yes) {
                t->fired = 1;
                mig_event_facts f = mig_facts("trigger");
                mig_host_log(h, t->label, &f);
                lua_rawgeti(L, LUA_REGISTRYINDEX, t->fn_ref);
                lua_pushvalue(L, ind);
                if (docall(L, 1, 0, msg, sizeof msg))
                    rc = -1;
            }
        }
        for (int i = 0; i < h->n_on_days && rc == 0; i++) {
            lua_rawgeti(L, LUA_REGISTRYINDEX, h->on_days[i]);
            lua_pushvalue(L, ind);
            if (docall(L, 1, 0, msg, sizeof msg))
                rc = -1;
        }
        lua_settop(L, ind - 1);
    }
done:
    h->running = 0;
    if (rc) {
        char date[11];
        mig_date_format(day, date);
        snprintf(err, MIG_ERR_LEN, "%.3900s\n(scenario hook on %s)", msg, date);
    }
    return rc;
}

static int day_hook(void *ctx, mig_run *run, int day, char *err)
{
    mig_host *h = ctx;
    h->run = run;
    int rc = run_day_hooks(h, day, push_indicators, err);
    if (rc)
        run->hook_failed = 1;
    return rc;
}

static int flee_day_hook(void *ctx, mig_flee_run *r, int day, char *err)
{
    mig_host *h = ctx;
    h->frun = r;
    return run_day_hooks(h, r->m->start_day + day, mig_flee_push_indicators, err);
}

int mig_host_is_flee(const mig_host *h) { return h->flee != NULL; }
void mig_host_end_flee(mig_host *h) { h->frun = NULL; }
const mig_flee_model *mig_host_flee_model(const mig_host *h) { return h->flee; }

void mig_host_print_notes(const mig_host *h, FILE *f)
{
    for (int i = 0; h->flee && i < h->flee->n_notes; i++)
        fprintf(f, "migsim: note: %s\n", h->flee->notes[i]);
}

mig_flee_run *mig_host_start_flee(mig_host *h, uint64_t seed, char *err, size_t errlen)
{
    char buf[MIG_ERR_LEN];
    if (!h->flee) {
        snprintf(err, errlen, "%s loads no Flee scenario", h->path);
        return NULL;
    }
    if (mig_host_check(h, err, errlen))
        return NULL;
    mig_flee_model *m = h->flee;
    if (h->info.warmup_day != m->start_day || h->info.start_day != m->start_day) {
        char a[11];
        mig_date_format(m->start_day, a);
        snprintf(err, errlen, "%s: a Flee scenario starts on its sim_period.csv date (%s): scenario{} may change "
                              "its stop date only", h->path, a);
        return NULL;
    }
    m->n_days = h->info.stop_day - h->info.start_day + 1;
    if (h->n_ats > 1)
        qsort(h->ats, (size_t)h->n_ats, sizeof *h->ats, cmp_at);
    h->next_at = 0;
    h->flee = NULL;
    mig_flee_run *r = mig_flee_run_new(m, seed, buf);
    if (!r) {
        snprintf(err, errlen, "%s", buf);
        return NULL;
    }
    r->hook = flee_day_hook;
    r->hook_ctx = h;
    if (h->flee_score_ref != LUA_NOREF) {
        r->score_fn = mig_flee_score_hook;
        r->score_ctx = h;
    }
    h->frun = r;
    return r;
}

mig_run *mig_host_start(mig_host *h, int threads, char *err, size_t errlen)
{
    char buf[MIG_ERR_LEN];
    if (h->flee) {
        /* Callers pick the engine from a first load (mig_single_start, the batch runner's
         * probe); a scenario that loads Flee for some seeds only ends here. */
        snprintf(err, errlen, "%s loaded a Flee scenario (flee.load) where its first load made a native world: "
                              "a scenario must choose its engine the same way for every seed", h->path);
        return NULL;
    }
    if (mig_host_check(h, err, errlen))
        return NULL;
    if (h->n_ats > 1)
        qsort(h->ats, (size_t)h->n_ats, sizeof *h->ats, cmp_at);
    h->next_at = 0;
    mig_world *w = h->world;
    h->world = NULL;
    mig_run *run = mig_run_new(w, h->seed, h->info.warmup_day, h->info.stop_day - h->info.warmup_day + 1, threads, buf);
    if (!run) {
        snprintf(err, errlen, "%s", buf);
        return NULL;
    }
    run->report_from = h->info.start_day - h->info.warmup_day;
    run->hook = day_hook;
    run->hook_ctx = h;
    h->run = run;
    return run;
}

/* --set KEY=VALUE: a parameter of the world (a number, or true/false), or in a
 * Flee scenario one of its settings, by Flee's names and as simsetting.yml writes
 * them (a "flee." prefix is allowed). */
static int apply_set(mig_host *h, const char *kv, char *err, size_t errlen)
{
    char key[200], e[MIG_ERR_LEN];
    const char *eq = strchr(kv, '=');
    if (!eq || eq == kv || (size_t)(eq - kv) >= sizeof key) {
        snprintf(err, errlen, "--set '%s': expected KEY=VALUE", kv);
        return -1;
    }
    memcpy(key, kv, (size_t)(eq - kv));
    key[eq - kv] = 0;
    const char *val = eq + 1;
    if (h->flee) {
        const char *name = strncmp(key, "flee.", 5) == 0 ? key + 5 : key;
        if (mig_flee_setting_set_text(&h->flee->set, name, val, e)) {
            snprintf(err, errlen, "--set: %s", e);
            return -1;
        }
        return 0;
    }
    double v;
    char *end;
    if (strcmp(val, "true") == 0)
        v = 1;
    else if (strcmp(val, "false") == 0)
        v = 0;
    else {
        errno = 0;
        v = strtod(val, &end);
        if (!*val || *end || errno) {
            snprintf(err, errlen, "--set %s: '%s' is not a number", key, val);
            return -1;
        }
    }
    if (mig_world_set(h->world, key, v, e)) {
        snprintf(err, errlen, "--set: %s", e);
        return -1;
    }
    return 0;
}

/* A parameter as a number (a sweep's design point): a world parameter through
 * the parameter table, or in a Flee scenario one of its settings. */
static int apply_value(mig_host *h, const char *key, double v, char *err, size_t errlen)
{
    char e[MIG_ERR_LEN];
    int rc;
    if (h->flee)
        rc = mig_flee_setting_set(&h->flee->set, strncmp(key, "flee.", 5) == 0 ? key + 5 : key, v, e);
    else
        rc = mig_world_set(h->world, key, v, e);
    if (rc)
        snprintf(err, errlen, "%s", e);
    return rc;
}

mig_host *mig_host_open(const char *path, uint64_t seed, const char *const *sets, int n_sets,
                        const mig_lua_limits *limits, char *err, size_t errlen)
{
    return mig_host_open_with(path, seed, sets, n_sets, NULL, NULL, 0, limits, err, errlen);
}

mig_host *mig_host_open_with(const char *path, uint64_t seed, const char *const *sets, int n_sets,
                             const char *const *keys, const double *values, int n_values,
                             const mig_lua_limits *limits, char *err, size_t errlen)
{
    char e[MIG_ERR_LEN];
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open scenario %s: %s", path, strerror(errno));
        return NULL;
    }
    fclose(f);
    mig_host *h = mig_host_new(path, seed, limits, e);
    if (!h) {
        snprintf(err, errlen, "%s", e);
        return NULL;
    }
    if (mig_host_load(h, err, errlen))
        goto fail;
    for (int i = 0; i < n_sets; i++)
        if (apply_set(h, sets[i], err, errlen))
            goto fail;
    for (int i = 0; i < n_values; i++)
        if (apply_value(h, keys[i], values[i], err, errlen))
            goto fail;
    if (mig_host_check(h, err, errlen))
        goto fail;
    return h;
fail:
    mig_host_free(h);
    return NULL;
}

int mig_host_has_hooks(const mig_host *h)
{
    return h->n_whens > 0 || h->n_on_days > 0;
}

int mig_host_dry_run(mig_host *h, int day, char *err, size_t errlen)
{
    /* A when() or on_day() sees the day's counts, which a dry run does not make. */
    if (mig_host_has_hooks(h)) {
        snprintf(err, errlen, "%s registers when() or on_day() hooks, which a forked arm would not run over the "
                              "shared history before the fork: compare it without --fork-at",
                 h->path);
        return -1;
    }
    mig_run *run = h->run;
    char buf[MIG_ERR_LEN];
    while (h->next_at < h->n_ats && h->ats[h->next_at].day < day) {
        int d = h->ats[h->next_at].day;
        run->today = d - run->start_day;  /* the events' day, and today() in the scenario */
        int rc = run_day_hooks(h, d, push_indicators, buf);
        if (!rc && !run->world->finalized)
            rc = mig_world_finalize(run->world, buf);
        run->today = 0;
        if (rc) {
            run->hook_failed = 1;
            snprintf(err, errlen, "%s", buf);
            return -1;
        }
    }
    return 0;
}

/* today() and the indicators' day while check tries the hooks of day. */
static void trial_day(mig_host *h, int day)
{
    if (h->run)
        h->run->today = day - h->run->start_day;
    else if (h->frun)
        h->frun->today = day - h->frun->m->start_day;
}

#define MIG_PROBE_COUNT 1e6  /* every count of the last day's trial table, in persons */

/* Set every number of the table at idx and of its sub-tables to MIG_PROBE_COUNT,
 * except the top level's day. Existing fields only: lua_next allows it. */
static void fill_counts(lua_State *L, int idx, int depth)
{
    luaL_checkstack(L, 4, "indicators");
    lua_pushnil(L);
    while (lua_next(L, idx)) {
        int t = lua_type(L, -1);
        int is_day = depth == 0 && lua_type(L, -2) == LUA_TSTRING && strcmp(lua_tostring(L, -2), "day") == 0;
        lua_pop(L, 1);
        if (t == LUA_TNUMBER && !is_day) {
            lua_pushvalue(L, -1);
            lua_pushnumber(L, MIG_PROBE_COUNT);
            lua_rawset(L, idx);
        } else if (t == LUA_TTABLE && depth < 3) {
            lua_pushvalue(L, -1);
            lua_rawget(L, idx);
            fill_counts(L, lua_gettop(L), depth + 1);
            lua_pop(L, 1);
        }
    }
}

typedef struct probe_job {
    push_job push;
    int last;  /* the run's last day: counts all MIG_PROBE_COUNT, date and day its own */
} probe_job;

/* The first day's indicators; for the last-day probe, the same table with the last
 * day's date and index and every count large, so that conditions that hold only late
 * or past a threshold (ind.day > 600 and ..., ind.total.arrivals > 5000 and ...) reach
 * what they guard. Built from the first day's table: no simulated row is read. */
static int probe_protected(lua_State *L)
{
    probe_job *j = lua_touserdata(L, 1);
    j->push.push(L, j->push.h, j->push.day);
    if (j->last) {
        mig_host *h = j->push.h;
        int top = lua_gettop(L);
        fill_counts(L, top, 0);
        if (h->frun) {  /* a camp's observed count is absent on the first day only */
            const mig_flee_run *r = h->frun;
            lua_getfield(L, top, "camps");
            for (int c = 0; c < r->n_camps; c++)
                if (r->camp_data[c] >= 0) {
                    lua_getfield(L, -1, r->m->locs[r->camp_loc[c]].name);
                    lua_pushnumber(L, MIG_PROBE_COUNT);
                    lua_setfield(L, -2, "observed");
                    lua_pop(L, 1);
                }
            lua_pop(L, 1);
        }
        char date[11];
        mig_date_format(h->info.stop_day, date);
        lua_pushstring(L, date);
        lua_setfield(L, top, "date");
        lua_pushinteger(L, h->info.stop_day - h->info.warmup_day);
        lua_setfield(L, top, "day");
    }
    return 1;
}

/* Build the trial's indicators under pcall (they stay on the stack). */
static int trial_indicators(mig_host *h, int last, char *msg, size_t n)
{
    probe_job job = { { h->frun ? mig_flee_push_indicators : push_indicators, h, h->info.warmup_day }, last };
    lua_pushcfunction(h->L, probe_protected);
    lua_pushlightuserdata(h->L, &job);
    return docall(h->L, 1, 1, msg, n);
}

/* Call the function at registry ref with the indicators at ind (0: none). */
static int trial_call(mig_host *h, int ref, int ind, char *msg, size_t n)
{
    lua_rawgeti(h->L, LUA_REGISTRYINDEX, ref);
    if (ind)
        lua_pushvalue(h->L, ind);
    return docall(h->L, ind ? 1 : 0, 0, msg, n);
}

/* A when() condition on the trial table: 0 with *holds set, or -1 with msg. */
static int trial_condition(mig_host *h, int ref, int ind, int *holds, char *msg, size_t n)
{
    lua_rawgeti(h->L, LUA_REGISTRYINDEX, ref);
    lua_pushvalue(h->L, ind);
    if (docall(h->L, 1, 1, msg, n))
        return -1;
    *holds = lua_toboolean(h->L, -1);
    lua_pop(h->L, 1);
    return 0;
}

int mig_host_try_hooks(mig_host *h, char *err, size_t errlen)
{
    lua_State *L = h->L;
    char msg[4096], buf[MIG_ERR_LEN];
    int rc = 0, day = h->info.warmup_day;
    h->running = 1;
    /* Every at() event in date order, as the run would: a later one may undo an earlier one. */
    for (int i = 0; i < h->n_ats && rc == 0; i++) {
        at_event *e = &h->ats[i];
        if (e->day < h->info.warmup_day || e->day > h->info.stop_day)
            continue;  /* an optional event outside the run (mig_host_check) */
        day = e->day;
        trial_day(h, day);
        mig_host_log(h, e->label, &e->facts);
        rc = trial_call(h, e->fn_ref, 0, msg, sizeof msg);
        /* A change the world's own check refuses (it re-derives after set()) shows here, as in the run. */
        if (rc == 0 && h->run && !h->run->world->finalized && mig_world_finalize(h->run->world, buf)) {
            snprintf(msg, sizeof msg, "%s", buf);
            rc = -1;
        }
    }
    h->next_at = h->n_ats;
    /* Then the first day (counts 0) and the last (counts large): each condition on
     * both; each action once (a run fires it once, maybe on day 600): on the first day
     * if its condition holds there, else on the last whatever its condition gives (an
     * action guarded by "attempts > 20" must not be tried on zero counts); each on_day
     * on both. */
    for (int last = 0; last <= 1 && rc == 0 && (h->n_whens || h->n_on_days); last++) {
        if (last && h->info.stop_day == h->info.warmup_day)
            break;
        day = last ? h->info.stop_day : h->info.warmup_day;
        trial_day(h, h->info.warmup_day);  /* the table is built from the first day's (see probe_protected) */
        rc = trial_indicators(h, last, msg, sizeof msg);
        if (rc)
            break;
        trial_day(h, day);  /* today() */
        int ind = lua_gettop(L);
        for (int i = 0; i < h->n_whens && rc == 0; i++) {
            when_trigger *t = &h->whens[i];
            int holds = 0;
            rc = trial_condition(h, t->pred_ref, ind, &holds, msg, sizeof msg);
            if (rc == 0 && !t->fired && (holds || last)) {
                t->fired = 1;
                rc = trial_call(h, t->fn_ref, ind, msg, sizeof msg);
            }
        }
        for (int i = 0; i < h->n_on_days && rc == 0; i++)
            rc = trial_call(h, h->on_days[i], ind, msg, sizeof msg);
        lua_settop(L, ind - 1);
    }
    h->running = 0;
    trial_day(h, h->info.warmup_day);
    if (rc) {
        char date[11];
        mig_date_format(day, date);
        snprintf(err, errlen, "%.3900s\n(scenario hook on %s)", msg, date);
        return -1;
    }
    /* Flee's attractiveness function, once for every location. */
    if (h->frun && h->frun->score_fn) {
        double *scores = malloc((size_t)h->frun->n_locs * sizeof *scores + 1);
        if (!scores) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        for (int l = 0; l < h->frun->n_locs; l++)
            scores[l] = h->frun->score[l];
        rc = mig_flee_score_hook(h, h->frun, 0, scores, buf);
        free(scores);
        if (rc) {
            snprintf(err, errlen, "%s", buf);
            return -1;
        }
    }
    return 0;
}

/* The length of "file:line" in a "file:line: " (as luaL_where gives it). */
static int where_len(const char *where)
{
    size_t n = strlen(where);
    while (n && (where[n - 1] == ' ' || where[n - 1] == ':'))
        n--;
    return (int)n;
}

void mig_host_list_schedule(const mig_host *h, FILE *f)
{
    char d[11];
    int n = 0;
    for (int i = 0; i < h->n_ats; i++)
        n += h->ats[i].day >= h->info.warmup_day && h->ats[i].day <= h->info.stop_day;
    fprintf(f, "schedule: %d dated event%s, %d when() trigger%s, %d on_day() hook%s\n", n, n == 1 ? "" : "s",
            h->n_whens, h->n_whens == 1 ? "" : "s", h->n_on_days, h->n_on_days == 1 ? "" : "s");
    for (int i = 0; i < h->n_ats; i++) {
        const at_event *e = &h->ats[i];
        if (e->day < h->info.warmup_day || e->day > h->info.stop_day)
            continue;  /* an operation's end or a measure after the run: never runs */
        mig_date_format(e->day, d);
        /* at() and visa_change{} both log "scheduled"; a visa change names its country. */
        const char *kind = strcmp(e->facts.type, "scheduled") != 0 ? e->facts.type
                           : *e->facts.country                     ? "visa_change"
                                                                   : "at()";
        fprintf(f, "  %s  %-15s %s  (%.*s)\n", d, kind, e->label, where_len(e->where), e->where);
    }
    for (int i = 0; i < h->n_whens; i++)
        fprintf(f, "  when()      %-15s %s  (%.*s)\n", "trigger", h->whens[i].label, where_len(h->whens[i].where),
                h->whens[i].where);
    lua_State *L = h->L;
    for (int i = 0; i < h->n_on_days; i++) {
        lua_Debug ar;
        lua_rawgeti(L, LUA_REGISTRYINDEX, h->on_days[i]);
        if (lua_getinfo(L, ">S", &ar))
            fprintf(f, "  on_day()    %-15s every day  (%s:%d)\n", "hook", ar.short_src, ar.linedefined);
    }
}

int mig_host_next_event_day(const mig_host *h)
{
    return h->next_at < h->n_ats ? h->ats[h->next_at].day : INT_MAX;
}

void mig_host_watch(mig_host *h, volatile sig_atomic_t *flag)
{
    h->stop_flag = flag;  /* count_hook looks at it */
    mig_watchdog_watch(h->watchdog, flag);
}

/* ---- checkpoints (checkpoint.h) --------------------------------------------- */

enum { CARRY_NIL, CARRY_FALSE, CARRY_TRUE, CARRY_INT, CARRY_NUM, CARRY_STR, CARRY_TABLE, CARRY_END };

/* Write the value at idx: nil, booleans, numbers, strings and tables of them
 * (keys strings, numbers or booleans), at most 32 deep. */
static int save_value(lua_State *L, int idx, mig_buf *b, int depth, const char *path, char *err)
{
    idx = lua_absindex(L, idx);
    switch (lua_type(L, idx)) {
    case LUA_TNIL:
        mig_buf_u64(b, CARRY_NIL);
        return 0;
    case LUA_TBOOLEAN:
        mig_buf_u64(b, lua_toboolean(L, idx) ? CARRY_TRUE : CARRY_FALSE);
        return 0;
    case LUA_TNUMBER:
        if (lua_isinteger(L, idx)) {
            mig_buf_u64(b, CARRY_INT);
            mig_buf_u64(b, (uint64_t)lua_tointeger(L, idx));
        } else {
            mig_buf_u64(b, CARRY_NUM);
            mig_buf_f64(b, lua_tonumber(L, idx));
        }
        return 0;
    case LUA_TSTRING: {
        size_t n;
        const char *str = lua_tolstring(L, idx, &n);
        mig_buf_u64(b, CARRY_STR);
        mig_buf_u64(b, n);
        mig_buf_put(b, str, n);
        return 0;
    }
    case LUA_TTABLE:
        if (depth >= 32 || !lua_checkstack(L, 4)) {
            snprintf(err, MIG_ERR_LEN, "%s: tables nested more than 32 deep (or in a cycle) cannot be carried", path);
            return -1;
        }
        mig_buf_u64(b, CARRY_TABLE);
        lua_pushnil(L);
        while (lua_next(L, idx)) {
            int kt = lua_type(L, -2);
            if (kt != LUA_TSTRING && kt != LUA_TNUMBER && kt != LUA_TBOOLEAN) {
                lua_pop(L, 2);
                snprintf(err, MIG_ERR_LEN, "%s has a %s key: only string, number and boolean keys can be carried",
                         path, lua_typename(L, kt));
                return -1;
            }
            char sub[200];
            if (kt == LUA_TSTRING)
                snprintf(sub, sizeof sub, "%.150s.%.40s", path, lua_tostring(L, -2));
            else
                snprintf(sub, sizeof sub, "%.150s[...]", path);
            if (save_value(L, -2, b, depth + 1, sub, err) || save_value(L, -1, b, depth + 1, sub, err)) {
                lua_pop(L, 2);
                return -1;
            }
            lua_pop(L, 1);
        }
        mig_buf_u64(b, CARRY_END);
        return 0;
    default:
        snprintf(err, MIG_ERR_LEN, "%s is a %s: only numbers, strings, booleans and tables of them can be carried "
                                   "across a checkpoint", path, luaL_typename(L, idx));
        return -1;
    }
}

/* Push the value read from r (a table's end marker pushes nothing and returns 1). */
static int load_value(lua_State *L, mig_reader *r, int depth, char *err)
{
    uint64_t tag = mig_read_u64(r);
    if (r->bad || depth > 33 || !lua_checkstack(L, 4))
        goto bad;
    switch (tag) {
    case CARRY_NIL:
        lua_pushnil(L);
        return 0;
    case CARRY_FALSE:
    case CARRY_TRUE:
        lua_pushboolean(L, tag == CARRY_TRUE);
        return 0;
    case CARRY_INT:
        lua_pushinteger(L, (lua_Integer)mig_read_u64(r));
        return r->bad ? (lua_pop(L, 1), -1) : 0;
    case CARRY_NUM:
        lua_pushnumber(L, mig_read_f64(r));
        return r->bad ? (lua_pop(L, 1), -1) : 0;
    case CARRY_STR: {
        uint64_t n = mig_read_u64(r);
        if (r->bad || n > r->n - r->at)
            goto bad;
        lua_pushlstring(L, (const char *)r->p + r->at, (size_t)n);
        r->at += (size_t)n;
        return 0;
    }
    case CARRY_TABLE:
        lua_newtable(L);
        for (;;) {
            int k = load_value(L, r, depth + 1, err);
            if (k < 0) {
                lua_pop(L, 1);
                return -1;
            }
            if (k == 1)
                return 0;
            if (lua_isnil(L, -1) || (lua_type(L, -1) == LUA_TNUMBER && lua_tonumber(L, -1) != lua_tonumber(L, -1)) ||
                load_value(L, r, depth + 1, err) != 0) {  /* nil and NaN cannot be keys */
                lua_pop(L, 2);
                goto bad;
            }
            lua_rawset(L, -3);
        }
    case CARRY_END:
        return 1;
    default:
        break;
    }
bad:
    snprintf(err, MIG_ERR_LEN, "the checkpoint's carry table is damaged");
    return -1;
}

/* Lua is entered through lua_pcall here: out of memory or a Lua error while
 * saving or restoring the carry table must not reach the panic handler. */
typedef struct carry_job {
    mig_buf *b;
    mig_reader *r;
    char *err;
    int rc;
} carry_job;

static int save_carry(lua_State *L)
{
    carry_job *j = lua_touserdata(L, 1);
    mig_host *h = mig_host_of(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, h->env_ref);
    lua_pushstring(L, "carry");
    lua_rawget(L, -2);
    j->rc = save_value(L, -1, j->b, 0, "carry", j->err);
    return 0;
}

static int restore_carry(lua_State *L)
{
    carry_job *j = lua_touserdata(L, 1);
    mig_host *h = mig_host_of(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, h->env_ref);
    lua_pushstring(L, "carry");
    if (load_value(L, j->r, 0, j->err) != 0) {
        j->rc = -1;
        return 0;
    }
    lua_rawset(L, -3);
    j->rc = 0;
    return 0;
}

static int run_carry(const mig_host *h, lua_CFunction fn, carry_job *j)
{
    lua_State *L = h->L;
    lua_pushcfunction(L, fn);
    lua_pushlightuserdata(L, j);
    j->rc = -1;
    if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
        snprintf(j->err, MIG_ERR_LEN, "the carry table: %s", lua_tostring(L, -1) ? lua_tostring(L, -1) : "error");
        lua_pop(L, 1);
        return -1;
    }
    return j->rc;
}

int mig_host_save(const mig_host *h, mig_buf *b, char *err)
{
    mig_buf_u64(b, (uint64_t)h->n_ats);
    mig_buf_u64(b, (uint64_t)h->next_at);
    mig_buf_u64(b, (uint64_t)h->n_whens);
    for (int i = 0; i < h->n_whens; i++)
        mig_buf_u64(b, (uint64_t)h->whens[i].fired);
    mig_buf_u64(b, h->script_n);
    mig_during_save(h, b);
    carry_job j = { b, NULL, err, 0 };
    *err = 0;
    return run_carry(h, save_carry, &j);
}

int mig_host_restore(mig_host *h, mig_reader *r, char *err)
{
    uint64_t n_ats = mig_read_u64(r), next_at = mig_read_u64(r), n_whens = mig_read_u64(r);
    if (r->bad || n_ats != (uint64_t)h->n_ats || next_at > n_ats || n_whens != (uint64_t)h->n_whens) {
        snprintf(err, MIG_ERR_LEN, "the checkpoint does not fit the scenario's scheduled events and triggers");
        return -1;
    }
    h->next_at = (int)next_at;
    for (int i = 0; i < h->n_whens; i++)
        h->whens[i].fired = mig_read_u64(r) != 0;
    h->script_n = mig_read_u64(r);
    if (mig_during_restore(h, r)) {
        snprintf(err, MIG_ERR_LEN, "the checkpoint does not fit the scenario's during{} windows");
        return -1;
    }
    h->resumed = 1;
    if (r->bad) {
        snprintf(err, MIG_ERR_LEN, "the checkpoint is damaged or was cut short");
        return -1;
    }
    carry_job j = { NULL, r, err, 0 };
    *err = 0;
    if (run_carry(h, restore_carry, &j)) {
        if (!*err)
            snprintf(err, MIG_ERR_LEN, "the checkpoint's carry table is damaged");
        return -1;
    }
    return 0;
}

int mig_host_interrupted_lua(const mig_host *h)
{
    return h->interrupted_lua;
}

const char *mig_host_default_posterior(const mig_host *h, const char **where)
{
    if (where)
        *where = h->posterior_where;
    return h->posterior[0] ? h->posterior : NULL;
}

void mig_host_modules_sha(const mig_host *h, char hex[65])
{
    for (int i = 0; i < 32; i++)
        snprintf(hex + 2 * i, 3, "%02x", h->modules_sha[i]);
}
