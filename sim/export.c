/* export.c: tidy tables from result JSON (see export.h). Each table unrolls one
 * nested series of the document into long format: one row per time and key. */
#include "export.h"
#include "output.h"
#include "sweep.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct table_spec {
    const char *name;
    const char *section;   /* "daily", "monthly", or NULL for totals */
    const char *series;
    const char *key1, *key2; /* column names of the nesting levels (key2 may be NULL) */
    const char *value;
    int swap;              /* write key2 before key1 (nationality first) */
    const char *about;
} table_spec;

static const table_spec tables[] = {
    { "detections_monthly", "monthly", "detections", "border", "nationality", "detections", 1,
      "detections by month, nationality and border" },
    { "detections_daily", "daily", "detections", "border", "nationality", "detections", 1,
      "detections by day, nationality and border" },
    { "pushbacks_monthly", "monthly", "pushbacks", "border", "nationality", "pushbacks", 1, "pushbacks" },
    { "registrations_monthly", "monthly", "registrations", "border", "nationality", "registrations", 1,
      "registrations in reception" },
    { "frontex_monthly", "monthly", "frontex_detections", "nationality", NULL, "detections", 0,
      "the simulated counterpart of Frontex's monthly series" },
    { "departures_monthly", "monthly", "departures", "nationality", "channel", "departures", 0,
      "departures by entry channel taken" },
    { "deterred_monthly", "monthly", "deterred", "nationality", "channel", "deterred", 0,
      "would-be migrants who stayed home, by the channel that was closed to them" },
    { "displaced_monthly", "monthly", "displaced", "nationality", "channel", "displaced", 0,
      "departures through another channel because the preferred one was closed" },
    { "arrivals_monthly", "monthly", "arrivals", "country", "nationality", "arrivals", 0, "arrivals" },
    { "asylum_monthly", "monthly", "asylum_applications", "country", "nationality", "applications", 0,
      "asylum applications" },
    { "stock_monthly", "monthly", "stock", "location", NULL, "stock", 0, "persons at each location, end of month" },
    { "stock_daily", "daily", "stock", "location", NULL, "stock", 0, "persons at each location, end of day" },
    { "smuggled_monthly", "monthly", "smuggled_attempts", "border", "nationality", "smuggled_attempts", 1,
      "crossing attempts bought from smuggling groups" },
    { "smuggling_price_monthly", "monthly", "smuggling_price", "border", NULL, "price_eur", 0,
      "a place's price at each segment's reference price, end of month (EUR; 0 = no group active)" },
    { "smuggling_monthly", "monthly", "smuggling", "indicator", NULL, "value", 0,
      "groups active (end of month), replaced, reports shared, persons held, freed by dismantling" },
    { "dismantled_monthly", "monthly", "groups_dismantled", "country", NULL, "groups_dismantled", 0,
      "smuggling groups dismantled, by the country whose police did it" },
    { "arrests_monthly", "monthly", "arrests_in_act", "country", NULL, "arrests", 0,
      "smugglers arrested at detected smuggled crossings" },
    { "victims_monthly", "monthly", "exploitation_victims", "country", "nationality", "victims", 1,
      "persons first exploited by a smuggling group, by country where it happened" },
    { "totals", NULL, NULL, NULL, NULL, "value", 0, "every total, as indicator,value" },
    { "sweep", NULL, NULL, NULL, NULL, NULL, 0, "(sweep results) the design's inputs and outputs, one row per run" },
    { "sobol", NULL, NULL, NULL, NULL, NULL, 0, "(sobol sweeps) output,parameter,index,value" },
    { NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL },
};

void mig_export_list(FILE *f)
{
    for (const table_spec *t = tables; t->name; t++)
        fprintf(f, "  %-22s %s\n", t->name, t->about);
}

static void put_number(FILE *out, double v)
{
    char buf[32];
    fwrite(buf, 1, mig_format_number(buf, v), out);  /* the same digits as the JSON */
}

/* CSV field: quoted when it holds a comma or quote. */
static void put_csv_string(FILE *out, const char *s)
{
    if (strpbrk(s, ",\"\n")) {
        fputc('"', out);
        for (; *s; s++) {
            if (*s == '"')
                fputc('"', out);
            fputc(*s, out);
        }
        fputc('"', out);
    } else {
        fputs(s, out);
    }
}

typedef struct writer {
    FILE *out;
    int json, rows;
    const char *cols[4];
    int ncols;
} writer;

static void header(writer *w)
{
    if (w->json) {
        fputs("[", w->out);
        return;
    }
    for (int i = 0; i < w->ncols; i++) {
        if (i)
            fputc(',', w->out);
        fputs(w->cols[i], w->out);
    }
    fputc('\n', w->out);
}

/* One row: string columns then the value. */
static void row(writer *w, const char **vals, int nvals, double v)
{
    if (w->json) {
        fputs(w->rows ? ",\n{" : "\n{", w->out);
        for (int i = 0; i < nvals; i++) {
            cJSON *js = cJSON_CreateStringReference(vals[i]);  /* cJSON does the escaping */
            char *q = js ? cJSON_PrintUnformatted(js) : NULL;
            fprintf(w->out, "\"%s\":%s,", w->cols[i], q ? q : "\"\"");
            free(q);
            cJSON_Delete(js);
        }
        fprintf(w->out, "\"%s\":", w->cols[nvals]);
        put_number(w->out, v);
        fputc('}', w->out);
    } else {
        for (int i = 0; i < nvals; i++) {
            put_csv_string(w->out, vals[i]);
            fputc(',', w->out);
        }
        put_number(w->out, v);
        fputc('\n', w->out);
    }
    w->rows++;
}

static void footer(writer *w)
{
    if (w->json)
        fputs(w->rows ? "\n]\n" : "]\n", w->out);
}

/* A sweep document: "sweep" (its table of inputs and outputs) or "sobol"
 * (output,parameter,first,total). */
static int export_sweep(const cJSON *doc, const char *name, int json, FILE *out, char *err)
{
    if (strcmp(name, "sweep") == 0) {
        const cJSON *cols = cJSON_GetObjectItemCaseSensitive(doc, "columns"), *rows = cJSON_GetObjectItemCaseSensitive(doc, "rows");
        int nc = cJSON_GetArraySize(cols);
        if (!cJSON_IsArray(cols) || !cJSON_IsArray(rows)) {
            snprintf(err, 512, "the sweep document has no columns and rows");
            return -1;
        }
        for (int c = 0; c < nc; c++)
            if (!cJSON_IsString(cJSON_GetArrayItem(cols, c))) {
                snprintf(err, 512, "the sweep document's columns must be names");
                return -1;
            }
        if (!json)
            for (int c = 0; c < nc; c++) {
                put_csv_string(out, cJSON_GetStringValue(cJSON_GetArrayItem(cols, c)));
                fputc(c + 1 < nc ? ',' : '\n', out);
            }
        else
            fputc('[', out);
        const cJSON *r;
        int first = 1;
        cJSON_ArrayForEach(r, rows)
        {
            if (json)
                fputs(first ? "\n{" : ",\n{", out);
            for (int c = 0; c < nc; c++) {
                const cJSON *v = cJSON_GetArrayItem(r, c);
                if (!cJSON_IsNumber(v)) {
                    snprintf(err, 512, "a sweep row does not match its columns");
                    return -1;
                }
                if (json) {
                    cJSON *js = cJSON_CreateStringReference(cJSON_GetStringValue(cJSON_GetArrayItem(cols, c)));
                    char *q = js ? cJSON_PrintUnformatted(js) : NULL;
                    fprintf(out, "%s%s:", c ? "," : "", q ? q : "\"\"");
                    free(q);
                    cJSON_Delete(js);
                }
                put_number(out, v->valuedouble);
                if (!json)
                    fputc(c + 1 < nc ? ',' : '\n', out);
            }
            if (json)
                fputc('}', out);
            first = 0;
        }
        if (json)
            fputs(first ? "]\n" : "\n]\n", out);
        return 0;
    }
    if (strcmp(name, "sobol") == 0) {
        const cJSON *so = cJSON_GetObjectItemCaseSensitive(doc, "sobol");
        if (!so) {
            snprintf(err, 512, "this sweep has no Sobol indices (run it with --design sobol)");
            return -1;
        }
        const cJSON *o, *p;
        cJSON_ArrayForEach(o, so)
            cJSON_ArrayForEach(p, o)
                if (!cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(p, "first")) ||
                    !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(p, "total"))) {
                    snprintf(err, 512, "the sweep document's Sobol indices are malformed");
                    return -1;
                }
        writer w = { out, json, 0, { "output", "parameter", "index", "value" }, 4 };
        header(&w);
        cJSON_ArrayForEach(o, so)
            cJSON_ArrayForEach(p, o)
            {
                const char *first[3] = { o->string, p->string, "first" }, *total[3] = { o->string, p->string, "total" };
                row(&w, first, 3, cJSON_GetObjectItemCaseSensitive(p, "first")->valuedouble);
                row(&w, total, 3, cJSON_GetObjectItemCaseSensitive(p, "total")->valuedouble);
            }
        footer(&w);
        return 0;
    }
    snprintf(err, 512, "unknown table '%s' for a sweep (sweep or sobol)", name);
    return -1;
}

int mig_export(const char *json_path, const char *name, const char *format, FILE *out, char *err)
{
    const table_spec *t = tables;
    while (t->name && strcmp(t->name, name) != 0)
        t++;
    int json;
    if (strcmp(format, "csv") == 0)
        json = 0;
    else if (strcmp(format, "json") == 0)
        json = 1;
    else {
        snprintf(err, 512, "unknown format '%s' (csv or json)", format);
        return -1;
    }
    FILE *f = fopen(json_path, "rb");
    if (!f) {
        snprintf(err, 512, "cannot open %s", json_path);
        return -1;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = size >= 0 ? malloc((size_t)size + 1) : NULL;
    if (!text || fread(text, 1, (size_t)size, f) != (size_t)size) {
        fclose(f);
        free(text);
        snprintf(err, 512, "cannot read %s", json_path);
        return -1;
    }
    fclose(f);
    text[size] = 0;
    cJSON *doc = cJSON_Parse(text);
    free(text);
    const cJSON *schema = cJSON_GetObjectItemCaseSensitive(doc, "schema");
    if (doc && cJSON_IsString(schema) && strcmp(schema->valuestring, MIG_SWEEP_SCHEMA) == 0) {
        int rc = export_sweep(doc, name, json, out, err);
        cJSON_Delete(doc);
        return rc;
    }
    if (!doc || !cJSON_IsString(schema) || strcmp(schema->valuestring, MIG_SCHEMA) != 0) {
        cJSON_Delete(doc);
        snprintf(err, 512, "%s is not a migsim run result or sweep result (schema %s or %s)", json_path, MIG_SCHEMA,
                 MIG_SWEEP_SCHEMA);
        return -1;
    }
    if (!t->name || (!t->section && strcmp(t->name, "totals") != 0)) {
        cJSON_Delete(doc);
        snprintf(err, 512, "unknown table '%s' for a run result (see 'migsim export --help' for the list)", name);
        return -1;
    }
    writer w = { out, json, 0, { 0 }, 0 };
    if (!t->section) {
        w.cols[0] = "indicator";
        w.cols[1] = "value";
        w.ncols = 2;
        header(&w);
        const cJSON *item;
        cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(doc, "totals"))
        {
            const char *k = item->string;
            row(&w, &k, 1, item->valuedouble);
        }
        footer(&w);
        cJSON_Delete(doc);
        return 0;
    }
    int monthly = strcmp(t->section, "monthly") == 0;
    const cJSON *times = cJSON_GetObjectItemCaseSensitive(doc, monthly ? "months" : "dates");
    const cJSON *ser = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, t->section), t->series);
    if (!cJSON_IsArray(times) || !cJSON_IsObject(ser)) {
        cJSON_Delete(doc);
        snprintf(err, 512, "%s has no %s series '%s'", json_path, t->section, t->series);
        return -1;
    }
    w.cols[0] = monthly ? "month" : "date";
    if (t->key2) {
        w.cols[1] = t->swap ? t->key2 : t->key1;
        w.cols[2] = t->swap ? t->key1 : t->key2;
        w.cols[3] = t->value;
        w.ncols = 4;
    } else {
        w.cols[1] = t->key1;
        w.cols[2] = t->value;
        w.ncols = 3;
    }
    header(&w);
    int n_times = cJSON_GetArraySize(times);
    /* Time-major order, as a reader of the table expects it. */
    for (int i = 0; i < n_times; i++) {
        const char *when = cJSON_GetStringValue(cJSON_GetArrayItem(times, i));
        if (!when)
            goto malformed;
        const cJSON *a;
        cJSON_ArrayForEach(a, ser)
        {
            if (!t->key2) {
                const cJSON *v = cJSON_GetArrayItem(a, i);
                if (!cJSON_IsNumber(v))
                    goto malformed;
                const char *vals[2] = { when, a->string };
                row(&w, vals, 2, v->valuedouble);
                continue;
            }
            const cJSON *b;
            cJSON_ArrayForEach(b, a)
            {
                const cJSON *v = cJSON_GetArrayItem(b, i);
                if (!cJSON_IsNumber(v))
                    goto malformed;
                const char *vals[3] = { when, t->swap ? b->string : a->string, t->swap ? a->string : b->string };
                row(&w, vals, 3, v->valuedouble);
            }
        }
    }
    footer(&w);
    cJSON_Delete(doc);
    return 0;
malformed:
    /* A hand-edited or truncated file: a series shorter than the time axis, or not numbers. */
    cJSON_Delete(doc);
    snprintf(err, 512, "%s: %s series '%s' does not match its %s", json_path, t->section, t->series,
             monthly ? "months" : "dates");
    return -1;
}
