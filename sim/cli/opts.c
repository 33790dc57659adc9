/* opts.c: one option table for every command (see opts.h). */
#include "opts.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

typedef enum {
    OPT_FLAG,     /* sets an int to 1 */
    OPT_TEXT,     /* a string argument */
    OPT_SHARED,   /* a number whose range the library keeps (migsim_parse_option) */
    OPT_NUMBER,   /* a number with the range given here */
    OPT_SPECIAL,  /* parsed by its own code below */
} opt_kind;

typedef struct opt_spec {
    const char *flag, *alias;
    opt_kind kind;
    size_t at;            /* offsetof(cli_opts, field) */
    double lo, hi;        /* OPT_NUMBER */
    int whole;
    const char *range;    /* OPT_NUMBER: "a whole number from 2 to 1000000" */
} opt_spec;

#define AT(f) offsetof(cli_opts, f)
static const opt_spec table[] = {
    { "-o", NULL, OPT_TEXT, AT(out), 0, 0, 0, NULL },
    { "-q", "--quiet", OPT_FLAG, AT(quiet), 0, 0, 0, NULL },
    { "--seed", NULL, OPT_SHARED, AT(seed), 0, 0, 0, NULL },
    { "--threads", NULL, OPT_SHARED, AT(threads), 0, 0, 0, NULL },
    { "--replicates", NULL, OPT_SHARED, AT(replicates), 0, 0, 0, NULL },
    { "--checkpoint-every", NULL, OPT_SHARED, AT(every), 0, 0, 0, NULL },
    { "--stop-after", NULL, OPT_SHARED, AT(stop_after), 0, 0, 0, NULL },
    { "--lua-instructions", NULL, OPT_SHARED, AT(lua_instructions), 0, 0, 0, NULL },
    { "--lua-memory", NULL, OPT_SHARED, AT(lua_memory), 0, 0, 0, NULL },
    { "--checkpoint-dir", NULL, OPT_TEXT, AT(ckpt_dir), 0, 0, 0, NULL },
    { "--fork-at", NULL, OPT_TEXT, AT(fork_at), 0, 0, 0, NULL },
    { "--daily", NULL, OPT_FLAG, AT(daily), 0, 0, 0, NULL },
    { "--replicate-totals", NULL, OPT_FLAG, AT(replicate_totals), 0, 0, 0, NULL },
    { "--window", NULL, OPT_TEXT, AT(window), 0, 0, 0, NULL },
    { "--replicate-series", NULL, OPT_FLAG, AT(replicate_series), 0, 0, 0, NULL },
    { "--independent", NULL, OPT_FLAG, AT(independent), 0, 0, 0, NULL },
    { "--resume", NULL, OPT_FLAG, AT(resume), 0, 0, 0, NULL },
    { "--posterior", NULL, OPT_TEXT, AT(posterior), 0, 0, 0, NULL },
    { "--fixed", NULL, OPT_FLAG, AT(fixed), 0, 0, 0, NULL },
    { "--list", NULL, OPT_FLAG, AT(list), 0, 0, 0, NULL },
    { "--set", NULL, OPT_SPECIAL, 0, 0, 0, 0, NULL },
    { "--param", NULL, OPT_SPECIAL, 0, 0, 0, 0, NULL },
    { "--output", NULL, OPT_SPECIAL, 0, 0, 0, 0, NULL },
    { "--design", NULL, OPT_SPECIAL, 0, 0, 0, 0, NULL },
    { "-n", NULL, OPT_NUMBER, AT(n), 2, 1000000, 1, "a whole number from 2 to 1000000" },
    { "--table", NULL, OPT_TEXT, AT(table), 0, 0, 0, NULL },
    { "--format", NULL, OPT_TEXT, AT(format), 0, 0, 0, NULL },
    { "--flee", NULL, OPT_SPECIAL, 0, 0, 0, 0, NULL },
    { "--hasten", NULL, OPT_NUMBER, AT(hasten), 1, 1e6, 0, "a number from 1 to 10^6" },
    { "--agents", NULL, OPT_NUMBER, AT(agents), 1, 1e9, 1, "a whole number from 1 to 10^9" },
    { "--days", NULL, OPT_NUMBER, AT(days), 1, 65535, 1, "a whole number from 1 to 65535" },
};
#undef AT

/* The table's entry for arg (a flag or its alias), whether or not the command takes it. */
static const opt_spec *lookup(const char *arg)
{
    for (size_t i = 0; i < sizeof table / sizeof *table; i++)
        if (strcmp(arg, table[i].flag) == 0 || (table[i].alias && strcmp(arg, table[i].alias) == 0))
            return &table[i];
    return NULL;
}

/* Whether the command takes s (its flag is a word of takes). */
static int takes_opt(const opt_spec *s, const char *takes)
{
    size_t n = strlen(s->flag);
    for (const char *p = strstr(takes, s->flag); p; p = strstr(p + 1, s->flag))
        if ((p == takes || p[-1] == ' ') && (p[n] == ' ' || p[n] == 0))
            return 1;
    return 0;
}

/* An option the command does not know: the nearest it takes, if near enough. */
static int unknown(const char *name, const char *cmd, const char *takes, migsim_error *e)
{
    const char *best = NULL;
    size_t best_d = 1000;
    for (size_t i = 0; i < sizeof table / sizeof *table; i++)
        if (takes_opt(&table[i], takes)) {
            size_t d = migsim_edit_distance(name, table[i].flag);
            if (d < best_d) {
                best_d = d;
                best = table[i].flag;
            }
        }
    e->status = MIGSIM_E_INPUT;
    const opt_spec *s = lookup(name);
    if (s)
        snprintf(e->message, sizeof e->message, "option '%.100s' is not one of 'migsim %s' (see migsim %s --help)",
                 name, cmd, cmd);
    else if (best && (best_d <= 2 || best_d * 5 <= strlen(name)))
        snprintf(e->message, sizeof e->message, "unknown option '%.400s' (did you mean '%s'? see migsim %s --help)",
                 name, best, cmd);
    else
        snprintf(e->message, sizeof e->message, "unknown option '%.400s' (see migsim %s --help)", name, cmd);
    return -1;
}

static int fail(migsim_error *e, const char *fmt, const char *arg)
{
    e->status = MIGSIM_E_INPUT;
    snprintf(e->message, sizeof e->message, fmt, arg);
    return -1;
}

static int parse_number(const opt_spec *s, const char *text, double *v, migsim_error *e)
{
    if (s->kind == OPT_SHARED)
        return migsim_parse_option(s->flag, text, v, e) ? -1 : 0;
    char *end;
    errno = 0;
    *v = strtod(text, &end);
    int bad = !*text || *end || errno || !(*v >= s->lo && *v <= s->hi) ||
              (s->whole && strspn(text, "0123456789") != strlen(text));  /* digits only: no 1e3, no 0x10 */
    if (bad) {
        e->status = MIGSIM_E_INPUT;
        snprintf(e->message, sizeof e->message, "%s takes %s", s->flag, s->range);
        return -1;
    }
    return 0;
}

/* --param NAME=LO:HI */
static int parse_param(cli_opts *o, const char *spec, migsim_error *e)
{
    if (o->n_params == 20)
        return fail(e, "too many --param (20 at most)%s", "");
    int k = o->n_params;
    const char *eq = strchr(spec, '='), *colon = eq ? strchr(eq, ':') : NULL;
    char *end;
    int bad = !eq || !colon || eq == spec || (size_t)(eq - spec) >= sizeof o->param_names[k];
    if (!bad) {
        memcpy(o->param_names[k], spec, (size_t)(eq - spec));
        o->param_names[k][eq - spec] = 0;
        errno = 0;
        o->lo[k] = strtod(eq + 1, &end);
        bad = end != colon || errno;
        if (!bad) {
            o->hi[k] = strtod(colon + 1, &end);
            bad = *end || errno || colon[1] == 0;
        }
    }
    if (bad) {
        e->status = MIGSIM_E_INPUT;
        snprintf(e->message, sizeof e->message, "--param '%.400s': expected NAME=LO:HI with numbers LO < HI", spec);
        return -1;
    }
    o->params[o->n_params++] = o->param_names[k];
    return 0;
}

/* The options cli_parse leaves to here, with their value v (NULL: none given; --flee
 * alone takes the default folder). Returns 0, or -1 with e. */
static int parse_special(cli_opts *o, const opt_spec *s, const char *v, migsim_error *e)
{
    if (strcmp(s->flag, "--flee") == 0) {  /* an optional folder */
        o->flee = 1;
        o->flee_dir = v ? v : "data/flee/burundi";
        return 0;
    }
    if (strcmp(s->flag, "--set") == 0) {
        if (o->n_sets == CLI_MAX_SETS)
            return fail(e, "too many --set options (256 at most)%s", "");
        o->sets[o->n_sets++] = v;
    } else if (strcmp(s->flag, "--param") == 0) {
        return parse_param(o, v, e);
    } else if (strcmp(s->flag, "--output") == 0) {
        if (o->n_outputs == 32)
            return fail(e, "too many --output (32 at most)%s", "");
        o->outputs[o->n_outputs++] = v;
    } else if (strcmp(s->flag, "--design") == 0) {
        if (strcmp(v, "lhs") != 0 && strcmp(v, "sobol") != 0)
            return fail(e, "--design takes lhs or sobol%s", "");
        o->sobol = strcmp(v, "sobol") == 0;
    }
    return 0;
}

/* Like getopt_long: "--opt VALUE" or "--opt=VALUE", options and arguments in any
 * order, "--" ends the options (what follows is an argument even if it starts with
 * '-'), "-o -" is standard output. */
int cli_parse(int argc, char **argv, const char *takes, const char *usage, cli_opts *o, migsim_error *e)
{
    memset(o, 0, sizeof *o);
    o->cmd = argv[1];
    o->seed = 1;
    o->threads = 1;
    o->n = 16;
    o->agents = 1000000;
    o->days = 100;
    int options_end = 0;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (options_end || a[0] != '-' || strcmp(a, "-") == 0) {
            if (o->n_pos == MIGSIM_MAX_ARMS)
                return fail(e, "unexpected argument '%.400s'", a);
            o->pos[o->n_pos++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            options_end = 1;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, stdout);
            return 1;
        }
        char name[64];
        const char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
        size_t len = eq ? (size_t)(eq - a) : strlen(a);
        if (len >= sizeof name)
            len = sizeof name - 1;
        memcpy(name, a, len);
        name[len] = 0;
        const opt_spec *s = lookup(name);
        if (!s || !takes_opt(s, takes))
            return unknown(name, o->cmd, takes, e);
        const char *v = eq ? eq + 1 : NULL;
        if (s->kind == OPT_FLAG && v) {
            e->status = MIGSIM_E_INPUT;
            snprintf(e->message, sizeof e->message, "option '%s' takes no value (got '%.400s')", name, a);
            return -1;
        }
        /* The value is the next argument, whatever it looks like ("-o -", "--seed -3"
         * for its own range message), except for --flee's optional folder. */
        if (s->kind != OPT_FLAG && !v && strcmp(s->flag, "--flee") != 0) {
            if (i + 1 >= argc) {
                e->status = MIGSIM_E_INPUT;
                snprintf(e->message, sizeof e->message, "option '%s' needs a value (see migsim %s --help)", name,
                         o->cmd);
                return -1;
            }
            v = argv[++i];
        } else if (!v && strcmp(s->flag, "--flee") == 0 && i + 1 < argc && argv[i + 1][0] != '-')
            v = argv[++i];
        char *field = (char *)o + s->at;
        switch (s->kind) {
        case OPT_FLAG: *(int *)(void *)field = 1; break;
        case OPT_TEXT: *(const char **)(void *)field = v; break;
        case OPT_SHARED:
        case OPT_NUMBER:
            if (parse_number(s, v, (double *)(void *)field, e))
                return -1;
            break;
        case OPT_SPECIAL:
            if (parse_special(o, s, v, e))
                return -1;
            break;
        }
        o->given_threads |= strcmp(s->flag, "--threads") == 0;
        o->given_every |= strcmp(s->flag, "--checkpoint-every") == 0;
        o->given_seed |= strcmp(s->flag, "--seed") == 0;
    }
    if (o->out && strcmp(o->out, "-") == 0) {  /* -o -: the document on standard output */
        o->out = NULL;
        o->out_stdout = 1;
    }
    if (o->out && !*o->out)
        return fail(e, "-o needs a file name (or - for standard output)%s", "");
    return 0;
}

void cli_run_opts(const cli_opts *c, migsim_opts *o)
{
    migsim_opts_init(o);
    o->seed = (uint64_t)c->seed;
    o->threads = (int)c->threads;
    o->sets = c->sets;
    o->n_sets = c->n_sets;
    o->lua_instructions = c->lua_instructions;
    o->lua_megabytes = c->lua_memory;
    o->quiet = c->quiet;
    o->posterior = c->posterior;
    o->fixed = c->fixed;
}
