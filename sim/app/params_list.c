/* params_list.c: `migsim params` (see params_list.h). */
#include "params_list.h"
#include "lua_host.h"
#include "params.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int mig_params_format_parse(const char *s)
{
    if (strcmp(s, "text") == 0)
        return MIG_PARAMS_TEXT;
    if (strcmp(s, "markdown") == 0)
        return MIG_PARAMS_MARKDOWN;
    if (strcmp(s, "json") == 0)
        return MIG_PARAMS_JSON;
    return -1;
}

static const char *type_name(const mig_param_spec *sp)
{
    return mig_param_type_names[sp->type];
}

/* Markdown table cell: a '|' would end the cell. */
static void md_cell(FILE *f, const char *s)
{
    fputs(" ", f);
    for (; *s; s++) {
        if (*s == '|')
            fputc('\\', f);
        fputc(*s, f);
    }
    fputs(" |", f);
}

static int write_json(FILE *f, cJSON *doc)
{
    char *text = doc ? cJSON_Print(doc) : NULL;
    cJSON_Delete(doc);
    if (!text)
        return -1;
    fputs(text, f);
    fputc('\n', f);
    free(text);
    return 0;
}

/* ---- the table ----------------------------------------------------------------- */

static const char *md_header =
    "<!-- Generated: do not edit. `build/migsim params --format markdown > docs/parameters.md`\n"
    "     writes it from the table in sim/core/params.c; the docs_parameters test fails when it is stale. -->\n"
    "# Parameters\n"
    "\n"
    "Every parameter a scenario can change: `set`, `get`, `parameters()`, `--set KEY=VALUE`,\n"
    "`migsim sweep --param` and `meta.parameters` share these keys. Each row is a pattern: `<FROM-TO>` is\n"
    "a border segment such as `RS-HU`, `<CC>` a country (alpha-2), `<NAT>` a nationality (alpha-3),\n"
    "`<id>` a location or smuggling group, `<name>` a nationality's entry channel, `<kind>` one of\n"
    "`origin`, `airport`, `city`, `border_area`, `reception`, `destination` and `<mode>` one of\n"
    "`air`, `road`, `foot`, `sea`, `river`. Ranges are inclusive and enforced by every setter and\n"
    "builder; a *whole* parameter takes whole numbers only, a *boolean* 0 or 1 (`true`/`false` in Lua\n"
    "and `--set`). The values of the default world, with their sources, are in\n"
    "[model.md, Parameter table](model.md#parameter-table); the defaults of a new world in\n"
    "[scenario-api.md, Parameter keys](scenario-api.md#parameter-keys).\n"
    "`migsim params SCENARIO` lists a scenario's concrete keys with their values.\n"
    "\n";

static int write_table(FILE *f, mig_params_format fmt)
{
    char range[64];
    if (fmt == MIG_PARAMS_JSON) {
        cJSON *a = cJSON_CreateArray();
        for (const mig_param_spec *sp = mig_param_specs; a && sp->pattern; sp++) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddItemToArray(a, o);
            cJSON_AddStringToObject(o, "pattern", sp->pattern);
            cJSON_AddStringToObject(o, "entity", mig_param_entity_names[sp->entity]);
            cJSON_AddStringToObject(o, "type", type_name(sp));
            cJSON_AddNumberToObject(o, "lo", sp->lo);
            cJSON_AddNumberToObject(o, "hi", sp->hi);
            cJSON_AddStringToObject(o, "unit", sp->unit);
            cJSON_AddStringToObject(o, "about", sp->about);
            cJSON_AddStringToObject(o, "source", sp->source);
            cJSON_AddStringToObject(o, "on_change", sp->derive);
        }
        return write_json(f, a);
    }
    if (fmt == MIG_PARAMS_MARKDOWN) {
        fputs(md_header, f);
        fputs("| key | entity | type | range | unit | meaning | source | on change |\n", f);
        fputs("|---|---|---|---|---|---|---|---|\n", f);
        for (const mig_param_spec *sp = mig_param_specs; sp->pattern; sp++) {
            mig_param_range_text(sp, range, sizeof range);
            fprintf(f, "| `%s` |", sp->pattern);
            md_cell(f, mig_param_entity_names[sp->entity]);
            md_cell(f, type_name(sp));
            md_cell(f, range);
            md_cell(f, sp->unit);
            md_cell(f, sp->about);
            md_cell(f, sp->source);
            md_cell(f, sp->derive);
            fputc('\n', f);
        }
        return 0;
    }
    for (const mig_param_spec *sp = mig_param_specs; sp->pattern; sp++) {
        mig_param_range_text(sp, range, sizeof range);
        fprintf(f, "%-40s %-7s %-18s %s\n    %s\n    source: %s\n", sp->pattern, type_name(sp), range, sp->unit,
                sp->about, sp->source);
        if (*sp->derive)
            fprintf(f, "    on change: %s\n", sp->derive);
    }
    return 0;
}

/* ---- a native scenario's keys ------------------------------------------------------ */

typedef struct list_ctx {
    FILE *f;
    mig_params_format fmt;
    cJSON *json;
} list_ctx;

static void list_param(void *vctx, const char *key, double value, const mig_param_spec *sp)
{
    list_ctx *c = vctx;
    char range[64];
    mig_param_range_text(sp, range, sizeof range);
    if (c->fmt == MIG_PARAMS_JSON) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToArray(c->json, o);
        cJSON_AddStringToObject(o, "key", key);
        cJSON_AddNumberToObject(o, "value", value);
        cJSON_AddStringToObject(o, "pattern", sp->pattern);
        cJSON_AddStringToObject(o, "type", type_name(sp));
        cJSON_AddNumberToObject(o, "lo", sp->lo);
        cJSON_AddNumberToObject(o, "hi", sp->hi);
        cJSON_AddStringToObject(o, "unit", sp->unit);
    } else if (c->fmt == MIG_PARAMS_MARKDOWN) {
        fprintf(c->f, "| `%s` | %.17g | %s | %s | %s |\n", key, value, type_name(sp), range, sp->unit);
    } else {
        fprintf(c->f, "%-48s %-12.10g %-7s %-18s %s\n", key, value, type_name(sp), range, sp->unit);
    }
}

static int write_world(FILE *f, const mig_world *w, mig_params_format fmt)
{
    list_ctx c = { f, fmt, NULL };
    if (fmt == MIG_PARAMS_JSON && !(c.json = cJSON_CreateArray()))
        return -1;
    if (fmt == MIG_PARAMS_MARKDOWN)
        fputs("| key | value | type | range | unit |\n|---|---|---|---|---|\n", f);
    mig_param_each(w, list_param, &c);
    return fmt == MIG_PARAMS_JSON ? write_json(f, c.json) : 0;
}

/* ---- a Flee scenario's settings ------------------------------------------------------- */

static int write_flee(FILE *f, const mig_flee_settings *set, mig_params_format fmt)
{
    cJSON *a = fmt == MIG_PARAMS_JSON ? cJSON_CreateArray() : NULL;
    if (fmt == MIG_PARAMS_JSON && !a)
        return -1;
    if (fmt == MIG_PARAMS_MARKDOWN)
        fputs("| setting | section | value | type | range |\n|---|---|---|---|---|\n", f);
    for (const mig_flee_setting_spec *sp = mig_flee_setting_specs; sp->name; sp++) {
        double v = mig_flee_setting_get(set, sp);
        const char *type = sp->kind == 'b' ? "boolean" : sp->kind == 'i' ? "whole" : "real";
        char range[96];
        mig_flee_setting_range_text(sp, range, sizeof range);
        if (a) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddItemToArray(a, o);
            cJSON_AddStringToObject(o, "key", sp->name);
            cJSON_AddStringToObject(o, "section", sp->section);
            cJSON_AddNumberToObject(o, "value", v);
            cJSON_AddStringToObject(o, "type", type);
            cJSON_AddStringToObject(o, "range", range);  /* says which bounds are open */
            if (isfinite(sp->lo))
                cJSON_AddNumberToObject(o, "lo", sp->lo);
            else
                cJSON_AddNullToObject(o, "lo");
            if (isfinite(sp->hi))
                cJSON_AddNumberToObject(o, "hi", sp->hi);
            else
                cJSON_AddNullToObject(o, "hi");
            cJSON_AddStringToObject(o, "about", sp->about);
        } else if (fmt == MIG_PARAMS_MARKDOWN) {
            fprintf(f, "| `%s` | %s | %.17g | %s | %s |\n", sp->name, sp->section, v, type, range);
        } else {
            fprintf(f, "%-30s %-14s %-12.10g %-7s %s\n", sp->name, sp->section, v, type, range);
        }
    }
    return a ? write_json(f, a) : 0;
}

int mig_params_write_loaded(FILE *f, const mig_world *w, const mig_flee_settings *set, mig_params_format fmt)
{
    return set ? write_flee(f, set, fmt) : write_world(f, w, fmt);
}

int mig_params_write(FILE *f, const char *scenario, mig_params_format fmt, char *err, size_t errlen)
{
    if (!scenario) {
        if (write_table(f, fmt) == 0)
            return 0;
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    mig_host *h = mig_host_open(scenario, 1, NULL, 0, NULL, err, errlen);
    if (!h)
        return -1;
    const mig_flee_model *fm = mig_host_flee_model(h);
    int rc = fm ? write_flee(f, &fm->set, fmt) : write_world(f, mig_host_world(h), fmt);
    mig_host_free(h);
    if (rc)
        snprintf(err, errlen, "out of memory");
    return rc;
}
