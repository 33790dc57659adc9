/* export.c: tidy tables from result JSON (see export.h). Each table unrolls one
 * nested series of the document into long format: one row per time and key; a
 * calibration's tables are its lists of records (and its particles) as rows. */
#include "export.h"
#include "flee_output.h"
#include "output.h"
#include "schema.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The kinds of document a table applies to (a bit set). */
enum { DOC_RUN = 1, DOC_SWEEP = 2, DOC_FLEE = 4, DOC_FLEE_ENS = 8, DOC_CALIB = 16, DOC_ENS = 32, DOC_COMPARE = 64,
       DOC_FLEE_CMP = 128 };
/* a series table reads a run's series, or the statistics of them of replicates or of a comparison's arms and differences */
#define DOC_RUNS (DOC_RUN | DOC_ENS | DOC_COMPARE)

static const struct doc_kind {
    unsigned kind;
    const char *schema, *what;
} doc_kinds[] = {
    { DOC_RUN, MIG_SCHEMA, "a run result" },
    { DOC_SWEEP, MIG_SWEEP_SCHEMA, "a sweep result" },
    { DOC_FLEE, MIG_FLEE_SCHEMA, "a Flee-rule run" },
    { DOC_FLEE_ENS, MIG_FLEE_ENS_SCHEMA, "Flee-rule replicates" },
    { DOC_CALIB, MIG_CALIB_SCHEMA, "a calibration" },
    { DOC_ENS, MIG_ENSEMBLE_SCHEMA, "replicates (run --replicates)" },
    { DOC_COMPARE, MIG_COMPARE_SCHEMA, "a comparison" },
    { DOC_FLEE_CMP, MIG_FLEE_COMPARE_SCHEMA, "a Flee-rule comparison" },
};
#define N_DOC_KINDS (sizeof doc_kinds / sizeof doc_kinds[0])

typedef struct table_spec {
    const char *name;
    const char *section;   /* "daily", "monthly", or NULL for totals and the special tables */
    const char *series;
    const char *key1, *key2; /* column names of the nesting levels (key2 may be NULL) */
    const char *value;
    int swap;              /* write key2 before key1 (nationality first) */
    const char *about;
    unsigned docs;         /* DOC_* it applies to */
} table_spec;

static const table_spec tables[] = {
    { "detections_monthly", "monthly", "detections", "border", "nationality", "detections", 1,
      "detections by month, nationality and border", DOC_RUNS },
    { "detections_daily", "daily", "detections", "border", "nationality", "detections", 1,
      "detections by day, nationality and border", DOC_RUNS },
    { "pushbacks_monthly", "monthly", "pushbacks", "border", "nationality", "pushbacks", 1, "pushbacks", DOC_RUNS },
    { "registrations_monthly", "monthly", "registrations", "border", "nationality", "registrations", 1,
      "registrations in reception", DOC_RUNS },
    { "waiting_at_closed_monthly", "monthly", "waiting_at_closed", "border", "nationality", "tries", 1,
      "tries turned away at a closed segment by people who stay to try again", DOC_RUNS },
    { "rerouted_at_closed_monthly", "monthly", "rerouted_at_closed", "border", "nationality", "rerouted", 1,
      "people turned away at a closed segment who took another way", DOC_RUNS },
    { "gave_up_at_closed_monthly", "monthly", "gave_up_at_closed", "border", "nationality", "gave_up", 1,
      "people turned away at a closed segment who went home (also in returned)", DOC_RUNS },
    { "frontex_monthly", "monthly", "frontex_detections", "nationality", NULL, "detections", 0,
      "the simulated counterpart of Frontex's monthly series (replicates: month,nationality,mean,q025,q10,q50,"
      "q90,q975, with the route total as nationality total)", DOC_RUNS },
    { "departures_monthly", "monthly", "departures", "nationality", "channel", "departures", 0,
      "departures by entry channel taken", DOC_RUNS },
    { "deterred_monthly", "monthly", "deterred", "nationality", "channel", "deterred", 0,
      "would-be migrants who stayed home, by the channel that was closed to them", DOC_RUNS },
    { "switched_channel_monthly", "monthly", "switched_channel", "nationality", "channel", "switched_channel", 0,
      "departures through another channel because the preferred one was closed", DOC_RUNS },
    { "demand_monthly", "monthly", "demand", "nationality", NULL, "persons_per_day", 0,
      "would-be migrants per day that departures used (the data, then the projection), monthly mean", DOC_RUNS },
    { "arrivals_monthly", "monthly", "arrivals", "country", "nationality", "arrivals", 0, "arrivals", DOC_RUNS },
    { "asylum_monthly", "monthly", "asylum_applications", "country", "nationality", "applications", 0,
      "asylum applications", DOC_RUNS },
    { "stock_monthly", "monthly", "stock", "location", NULL, "stock", 0, "persons at each location, end of month",
      DOC_RUNS },
    { "stock_daily", "daily", "stock", "location", NULL, "stock", 0, "persons at each location, end of day",
      DOC_RUNS },
    { "smuggled_monthly", "monthly", "smuggled_attempts", "border", "nationality", "smuggled_attempts", 1,
      "crossing attempts bought from smuggling groups", DOC_RUNS },
    { "smuggling_price_monthly", "monthly", "smuggling_price", "border", NULL, "price_eur", 0,
      "a place's price at each segment's reference price, end of month (EUR; 0 = no group active)", DOC_RUNS },
    { "smuggling_monthly", "monthly", "smuggling", "indicator", NULL, "value", 0,
      "groups active (end of month), replaced, reports shared, persons held, freed by dismantling", DOC_RUNS },
    { "dismantled_monthly", "monthly", "groups_dismantled", "country", NULL, "groups_dismantled", 0,
      "smuggling groups dismantled, by the country whose police did it", DOC_RUNS },
    { "arrests_monthly", "monthly", "arrests_in_act", "country", NULL, "arrests", 0,
      "smugglers arrested at detected smuggled crossings", DOC_RUNS },
    { "victims_monthly", "monthly", "exploitation_victims", "country", "nationality", "victims", 1,
      "persons first exploited by a smuggling group, by country where it happened", DOC_RUNS },
    { "totals", NULL, NULL, NULL, NULL, "value", 0,
      "every total, as indicator,value (replicates: indicator,mean,sd,lo,hi; Flee replicates: indicator,mean,sd)",
      DOC_RUNS | DOC_FLEE | DOC_FLEE_ENS | DOC_FLEE_CMP },
    { "totals_by_year", NULL, NULL, NULL, NULL, "value", 0,
      "every total over each calendar year's reported days, as year,indicator,value (replicates: year,indicator,"
      "mean,sd,lo,hi)", DOC_RUNS },
    { "journeys", NULL, NULL, NULL, NULL, "value", 0,
      "[arm,]distribution,nationality,bin,value (replicates, comparisons: mean,sd,lo,hi): persons who arrived by "
      "days_to_arrive (bins of 7 days) and by detections_before_arrival, nationality all then each", DOC_RUNS },
    { "totals_window", NULL, NULL, NULL, NULL, NULL, 0,
      "(replicates and comparisons made with --window) from,to,indicator,mean,sd,lo,hi: every total over the window",
      DOC_ENS | DOC_COMPARE },
    { "replicates_monthly", NULL, NULL, NULL, NULL, NULL, 0,
      "(replicates and comparisons made with --replicate-series) [arm,]replicate,series,level1,level2,month,value: "
      "each replicate's monthly series (level2, or both levels, empty where a series has fewer)", DOC_ENS | DOC_COMPARE },
    { "sweep", NULL, NULL, NULL, NULL, NULL, 0, "(sweep results) the design's inputs and outputs, one row per run",
      DOC_SWEEP },
    { "sobol", NULL, NULL, NULL, NULL, NULL, 0, "(sobol sweeps) output,parameter,index,value", DOC_SWEEP },
    { "camps_daily", NULL, NULL, NULL, NULL, NULL, 0,
      "(Flee runs) day,date,camp,simulated,observed (replicates: simulated_mean,simulated_sd; comparisons: "
      "arm,day,date,camp,mean,sd,lo,hi,observed)", DOC_FLEE | DOC_FLEE_ENS | DOC_FLEE_CMP },
    { "population_daily", NULL, NULL, NULL, NULL, NULL, 0,
      "(Flee runs) day,date,location,population (comparisons: arm,day,date,location,mean,sd,lo,hi)",
      DOC_FLEE | DOC_FLEE_CMP },
    { "flee_daily", NULL, NULL, NULL, NULL, NULL, 0,
      "(Flee runs) spawned, agents, in transit, in camps, refugee debt, ARD and error by day", DOC_FLEE },
    { "posterior", NULL, NULL, NULL, NULL, NULL, 0,
      "(calibrations) particle,weight,<a column per parameter>[,dispersion]: the weighted posterior", DOC_CALIB },
    { "posterior_summary", NULL, NULL, NULL, NULL, NULL, 0,
      "(calibrations) name,mean,sd,q05,q50,q95,prior_q05,prior_q95,contraction", DOC_CALIB },
    { "calibration_fit", NULL, NULL, NULL, NULL, NULL, 0,
      "(calibrations) target,month,observed,mean,q05,q50,q95,predictive_q05,predictive_q95", DOC_CALIB },
    { "calibration_waves", NULL, NULL, NULL, NULL, NULL, 0,
      "(calibrations) wave,target,summary,min,median,share_below_cutoff,region_share", DOC_CALIB },
    { "calibration_generations", NULL, NULL, NULL, NULL, NULL, 0,
      "(calibrations) generation,temperature,proposals,accepted,acceptance_rate,ess,simulations", DOC_CALIB },
    { NULL, NULL, NULL, NULL, NULL, NULL, 0, NULL, 0 },
};

void mig_export_list(FILE *f)
{
    for (const table_spec *t = tables; t->name; t++)
        fprintf(f, "  %-24s %s\n", t->name, t->about);
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

#define MAX_COLS 11

typedef struct writer {
    FILE *out;
    int json, rows;
    const char *cols[MAX_COLS];
    int ncols;
    const char *const *names;  /* when set, the ncols column names instead of cols (a posterior's parameters) */
    int dry;                   /* count rows, write nothing: a first pass that checks the whole document */
} writer;

static const char *col_name(const writer *w, int i)
{
    return w->names ? w->names[i] : w->cols[i];
}

/* A JSON string: cJSON escapes the rare name that needs it. */
static void put_json_string(FILE *out, const char *s)
{
    int plain = 1;
    for (const unsigned char *p = (const unsigned char *)s; *p && plain; p++)
        plain = *p >= 0x20 && *p != '"' && *p != '\\';
    if (plain) {
        fprintf(out, "\"%s\"", s);
        return;
    }
    cJSON *js = cJSON_CreateStringReference(s);
    char *q = js ? cJSON_PrintUnformatted(js) : NULL;
    fputs(q ? q : "\"\"", out);
    free(q);
    cJSON_Delete(js);
}

/* A field of a row: a string (s), else a number (v), or empty (CSV) / null (JSON). */
typedef struct cell {
    const char *s;
    double v;
    int empty;
} cell;

static cell str_cell(const char *s)
{
    cell c = { s, 0, 0 };
    return c;
}

static cell num_cell(double v)
{
    cell c = { NULL, v, 0 };
    return c;
}

/* A number, or an empty cell for JSON null (a Flee run's errors without observed counts:
 * not a perfect 0). */
static cell null_or_number(const cJSON *x)
{
    cell c = { NULL, cJSON_IsNumber(x) ? x->valuedouble : 0, !cJSON_IsNumber(x) };
    return c;
}

static void header(writer *w)
{
    if (w->dry)
        return;
    if (w->json) {
        fputs("[", w->out);
        return;
    }
    for (int i = 0; i < w->ncols; i++) {
        if (i)
            fputc(',', w->out);
        put_csv_string(w->out, col_name(w, i));
    }
    fputc('\n', w->out);
}

/* One row of w->ncols fields. */
static void put_row(writer *w, const cell *c)
{
    if (w->dry) {
        w->rows++;
        return;
    }
    if (w->json)
        fputs(w->rows ? ",\n{" : "\n{", w->out);
    for (int i = 0; i < w->ncols; i++) {
        if (w->json) {
            if (i)
                fputc(',', w->out);
            put_json_string(w->out, col_name(w, i));
            fputc(':', w->out);
        } else if (i) {
            fputc(',', w->out);
        }
        if (c[i].s && w->json) {
            put_json_string(w->out, c[i].s);
        } else if (c[i].s) {
            put_csv_string(w->out, c[i].s);
        } else if (c[i].empty) {
            if (w->json)
                fputs("null", w->out);
        } else {
            put_number(w->out, c[i].v);
        }
    }
    fputs(w->json ? "}" : "\n", w->out);
    w->rows++;
}

/* One row: string columns then the value. */
static void row(writer *w, const char **vals, int nvals, double v)
{
    cell c[MAX_COLS];
    for (int i = 0; i < nvals; i++)
        c[i] = str_cell(vals[i]);
    c[nvals] = num_cell(v);
    put_row(w, c);
}

static void footer(writer *w)
{
    if (w->json && !w->dry)
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
        writer w = { out, json, 0, { "output", "parameter", "index", "value" }, 4, NULL, 0 };
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

/* Every total as indicator,value: a run result or a Flee-rule run. */
static void export_totals(const cJSON *doc, writer *w)
{
    w->cols[0] = "indicator";
    w->cols[1] = "value";
    w->ncols = 2;
    header(w);
    const cJSON *item;
    cJSON_ArrayForEach(item, cJSON_GetObjectItemCaseSensitive(doc, "totals"))
    {
        cell c[2] = { str_cell(item->string), null_or_number(item) };
        put_row(w, c);
    }
    footer(w);
}

/* a[key] if it is an array of n numbers (or, with may_be_null, JSON null), else NULL. */
static const cJSON *flee_series(const cJSON *a, const char *key, int n, int may_be_null)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(a, key), *x;
    if (may_be_null && cJSON_IsNull(s))
        return s;
    if (!cJSON_IsArray(s) || cJSON_GetArraySize(s) != n)
        return NULL;
    cJSON_ArrayForEach(x, s)
        if (!cJSON_IsNumber(x))
            return NULL;
    return s;
}

/* The columns of flee_daily after day and date: each a daily series of a Flee-rule run. */
static const char *const flee_daily_cols[] = { "spawned", "agents", "in_transit", "in_camps_simulated",
                                               "in_camps_observed", "refugee_debt", "ard", "ard_rescaled",
                                               "total_error" };
#define N_FLEE_DAILY (sizeof flee_daily_cols / sizeof flee_daily_cols[0])

/* Value i of a series checked by flee_series (JSON null -> an empty cell). */
static cell series_cell(const cJSON *s, int i)
{
    if (cJSON_IsNull(s)) {
        cell c = { NULL, 0, 1 };
        return c;
    }
    return num_cell(cJSON_GetArrayItem(s, i)->valuedouble);
}

/* What each table of a Flee-rule document reads: the document and, once checked,
 * its dates and daily series. */
typedef struct flee_doc {
    const cJSON *doc, *dates, *daily;
    int n;             /* days */
    int ens;           /* replicates (1) or one run (0) */
    const char *path;  /* for errors */
    const char *what;  /* its schema */
} flee_doc;

/* Replicates' totals: indicator,mean,sd. */
static int flee_totals_sd(const flee_doc *d, writer *w, char *err)
{
    const cJSON *tot = cJSON_GetObjectItemCaseSensitive(d->doc, "totals");
    const cJSON *sds = cJSON_GetObjectItemCaseSensitive(d->doc, "totals_sd"), *item;
    if (!cJSON_IsObject(tot) || !cJSON_IsObject(sds)) {
        snprintf(err, 512, "%s: a %s document without totals and totals_sd", d->path, d->what);
        return -1;
    }
    cJSON_ArrayForEach(item, tot) {
        const cJSON *sd = cJSON_GetObjectItemCaseSensitive(sds, item->string);
        if (!(cJSON_IsNumber(item) && cJSON_IsNumber(sd)) && !(cJSON_IsNull(item) && cJSON_IsNull(sd))) {
            snprintf(err, 512, "%s: total '%s' has no mean and sd", d->path, item->string ? item->string : "?");
            return -1;
        }
    }
    w->cols[0] = "indicator";
    w->cols[1] = "mean";
    w->cols[2] = "sd";
    w->ncols = 3;
    header(w);
    cJSON_ArrayForEach(item, tot)
    {
        cell c[3] = { str_cell(item->string), null_or_number(item),
                      null_or_number(cJSON_GetObjectItemCaseSensitive(sds, item->string)) };
        put_row(w, c);
    }
    footer(w);
    return 0;
}

/* d->dates (strings) and d->daily, which every daily table needs. */
static int flee_dates(flee_doc *d, char *err)
{
    const cJSON *x;
    d->dates = cJSON_GetObjectItemCaseSensitive(d->doc, "dates");
    d->daily = cJSON_GetObjectItemCaseSensitive(d->doc, "daily");
    d->n = cJSON_GetArraySize(d->dates);
    if (!cJSON_IsArray(d->dates) || !cJSON_IsObject(d->daily)) {
        snprintf(err, 512, "%s: a %s document without dates and daily series", d->path, d->what);
        return -1;
    }
    cJSON_ArrayForEach(x, d->dates)
        if (!cJSON_IsString(x)) {
            snprintf(err, 512, "%s: the dates must be strings (YYYY-MM-DD)", d->path);
            return -1;
        }
    return 0;
}

static const char *date_of(const flee_doc *d, int i)
{
    return cJSON_GetArrayItem(d->dates, i)->valuestring;
}

/* day,date,camp,simulated,observed (replicates: simulated_mean,simulated_sd). */
static int flee_camps_daily(const flee_doc *d, writer *w, char *err)
{
    /* meta.camps gives the order; daily.camps holds the series by name */
    const cJSON *names = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(d->doc, "meta"), "camps");
    const cJSON *camps = cJSON_GetObjectItemCaseSensitive(d->daily, "camps"), *x;
    int n = d->n, ens = d->ens;
    if (!cJSON_IsArray(names) || !cJSON_IsObject(camps)) {
        snprintf(err, 512, "%s: a %s document without meta.camps and daily.camps", d->path, d->what);
        return -1;
    }
    cJSON_ArrayForEach(x, names)
    {
        const cJSON *c = cJSON_IsString(x) ? cJSON_GetObjectItemCaseSensitive(camps, x->valuestring) : NULL;
        int ok = ens ? flee_series(c, "mean", n, 0) && flee_series(c, "sd", n, 0)
                     : flee_series(c, "simulated", n, 0) != NULL;
        if (!ok || !flee_series(c, "observed", n, 1)) {
            snprintf(err, 512, "%s: daily.camps '%s' does not match the dates", d->path,
                     cJSON_IsString(x) ? x->valuestring : "?");
            return -1;
        }
    }
    const char *cols[] = { "day", "date", "camp", "simulated", "observed" };
    const char *ens_cols[] = { "day", "date", "camp", "simulated_mean", "simulated_sd", "observed" };
    w->ncols = ens ? 6 : 5;
    for (int k = 0; k < w->ncols; k++)
        w->cols[k] = ens ? ens_cols[k] : cols[k];
    header(w);
    for (int i = 0; i < n; i++) {
        cJSON_ArrayForEach(x, names)
        {
            const cJSON *c = cJSON_GetObjectItemCaseSensitive(camps, x->valuestring);
            cell row_cells[6] = { num_cell(i), str_cell(date_of(d, i)), str_cell(x->valuestring) };
            int k = 3;
            if (ens) {
                row_cells[k++] = series_cell(cJSON_GetObjectItemCaseSensitive(c, "mean"), i);
                row_cells[k++] = series_cell(cJSON_GetObjectItemCaseSensitive(c, "sd"), i);
            } else {
                row_cells[k++] = series_cell(cJSON_GetObjectItemCaseSensitive(c, "simulated"), i);
            }
            row_cells[k] = series_cell(cJSON_GetObjectItemCaseSensitive(c, "observed"), i);
            put_row(w, row_cells);
        }
    }
    footer(w);
    return 0;
}

/* day,date,location,population. */
static int flee_population_daily(const flee_doc *d, writer *w, char *err)
{
    const cJSON *pop = cJSON_GetObjectItemCaseSensitive(d->daily, "population"), *x;
    if (!cJSON_IsObject(pop)) {
        snprintf(err, 512, "%s: a %s document without daily.population", d->path, d->what);
        return -1;
    }
    cJSON_ArrayForEach(x, pop)
        if (!flee_series(pop, x->string, d->n, 0)) {
            snprintf(err, 512, "%s: daily.population '%s' does not match the dates", d->path, x->string);
            return -1;
        }
    const char *cols[] = { "day", "date", "location", "population" };
    w->ncols = 4;
    memcpy(w->cols, cols, sizeof cols);
    header(w);
    for (int i = 0; i < d->n; i++)
        cJSON_ArrayForEach(x, pop)
        {
            cell c[4] = { num_cell(i), str_cell(date_of(d, i)), str_cell(x->string),
                          num_cell(cJSON_GetArrayItem(x, i)->valuedouble) };
            put_row(w, c);
        }
    footer(w);
    return 0;
}

/* day,date and the flee_daily_cols series. */
static int flee_daily(const flee_doc *d, writer *w, char *err)
{
    const cJSON *ser[N_FLEE_DAILY];
    for (size_t k = 0; k < N_FLEE_DAILY; k++)
        if (!(ser[k] = flee_series(d->daily, flee_daily_cols[k], d->n, k >= N_FLEE_DAILY - 3))) {  /* the errors */
            snprintf(err, 512, "%s: daily series '%s' is missing or does not match the dates", d->path,
                     flee_daily_cols[k]);
            return -1;
        }
    w->cols[0] = "day";
    w->cols[1] = "date";
    for (size_t k = 0; k < N_FLEE_DAILY; k++)
        w->cols[2 + k] = flee_daily_cols[k];
    w->ncols = 2 + (int)N_FLEE_DAILY;
    header(w);
    for (int i = 0; i < d->n; i++) {
        cell c[MAX_COLS] = { num_cell(i), str_cell(date_of(d, i)) };
        for (size_t k = 0; k < N_FLEE_DAILY; k++)
            c[2 + k] = series_cell(ser[k], i);
        put_row(w, c);
    }
    footer(w);
    return 0;
}

/* The daily tables of a Flee-rule document, by name (what they hold: tables[] above). */
static const struct flee_table {
    const char *name;
    int (*emit)(const flee_doc *d, writer *w, char *err);
} flee_tables[] = {
    { "camps_daily", flee_camps_daily },
    { "population_daily", flee_population_daily },
    { "flee_daily", flee_daily },
};
#define N_FLEE_TABLES (sizeof flee_tables / sizeof flee_tables[0])

/* A Flee-rule run (ens 0) or its replicates (ens 1): camps_daily, population_daily,
 * flee_daily, totals. The document is checked whole before the first row is written,
 * so a malformed file gives an error and no half table. */
static int export_flee(const cJSON *doc, const char *name, int ens, writer *w, const char *path, char *err)
{
    flee_doc d = { doc, NULL, NULL, 0, ens, path, ens ? MIG_FLEE_ENS_SCHEMA : MIG_FLEE_SCHEMA };
    if (strcmp(name, "totals") == 0 && !ens) {
        export_totals(doc, w);
        return 0;
    }
    if (strcmp(name, "totals") == 0)
        return flee_totals_sd(&d, w, err);
    if (flee_dates(&d, err))
        return -1;
    for (size_t k = 0; k < N_FLEE_TABLES; k++)
        if (strcmp(name, flee_tables[k].name) == 0)
            return flee_tables[k].emit(&d, w, err);
    snprintf(err, 512, "unknown table '%s' for %s", name, d.what);  /* mig_export checked the name */
    return -1;
}

/* "camps_daily, population_daily, ..." : the tables for documents of kind. */
static void list_tables(unsigned kind, char *buf, size_t size)
{
    size_t k = 0;
    buf[0] = 0;
    for (const table_spec *t = tables; t->name && k < size; t++)
        if (t->docs & kind)
            k += (size_t)snprintf(buf + k, size - k, "%s%s", k ? ", " : "", t->name);
}

/* ---- calibrations (migsim-calibration/1, docs/calibration-schema.json) ------------------ */

/* A calibration's record tables: the array at path (keys from the top) and the fields of its
 * records, each a string ('s') or a number ('n'). */
typedef struct calib_table {
    const char *name;
    const char *where[2];   /* the array: doc[where[0]] or doc[where[0]][where[1]] */
    const char *what;       /* the array's name in errors */
    const char *kinds;
    const char *cols[MAX_COLS];
} calib_table;

static const calib_table calib_tables[] = {
    { "posterior_summary", { "posterior", "summary" }, "posterior.summary", "snnnnnnnn",
      { "name", "mean", "sd", "q05", "q50", "q95", "prior_q05", "prior_q95", "contraction" } },
    { "calibration_fit", { "fit", NULL }, "fit", "ssnnnnnnn",
      { "target", "month", "observed", "mean", "q05", "q50", "q95", "predictive_q05", "predictive_q95" } },
    { "calibration_generations", { "abc_smc", "generations" }, "abc_smc.generations", "nnnnnnn",
      { "generation", "temperature", "proposals", "accepted", "acceptance_rate", "ess", "simulations" } },
};
#define N_CALIB_TABLES (sizeof calib_tables / sizeof calib_tables[0])

/* The columns of calibration_waves: the wave's number, an implausibility record's fields
 * (imp_cols), the wave's region share. */
static const char *const wave_cols[] = { "wave", "target", "summary", "min", "median", "share_below_cutoff",
                                         "region_share" };
static const char *const *const imp_cols = wave_cols + 1;
static const char imp_kinds[] = "ssnnn";

/* Field col of a record, as a cell of its kind (the record was checked by check_records). */
static cell field_cell(const cJSON *rec, const char *col, char kind)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(rec, col);
    return kind == 's' ? str_cell(x->valuestring) : num_cell(x->valuedouble);
}

/* Every element of rows is an object whose fields cols (of kinds) are strings or numbers;
 * else err names the first that is not, as what[i].field. */
static int check_records(const cJSON *rows, const char *const *cols, const char *kinds, const char *path,
                         const char *what, char *err)
{
    if (!cJSON_IsArray(rows)) {
        snprintf(err, 512, "%s: a calibration without %s (a list of records)", path, what);
        return -1;
    }
    int i = 0;
    const cJSON *r;
    cJSON_ArrayForEach(r, rows)
    {
        for (int k = 0; kinds[k]; k++) {
            const cJSON *x = cJSON_GetObjectItemCaseSensitive(r, cols[k]);
            if (kinds[k] == 's' ? !cJSON_IsString(x) : !cJSON_IsNumber(x)) {
                snprintf(err, 512, "%s: %s[%d].%s is %s, not a %s", path, what, i, cols[k],
                         x ? "of the wrong type" : "missing", kinds[k] == 's' ? "string" : "number");
                return -1;
            }
        }
        i++;
    }
    return 0;
}

/* "calibration_waves" or "calibration_generations" of a calibration that skipped the method:
 * err says so and names the tables it has. */
static int calib_skipped(const char *path, const char *name, const char *method, const char *section, int hm,
                         int abc, char *err)
{
    snprintf(err, 512, "%s: this calibration ran no %s (%s is null), so it has no table %s; its tables: "
             "posterior, posterior_summary, calibration_fit%s%s", path, method, section, name,
             hm ? ", calibration_waves" : "", abc ? ", calibration_generations" : "");
    return -1;
}

/* wave,target,summary,min,median,share_below_cutoff,region_share: one row per wave and
 * implausibility record. */
static int calib_waves(const cJSON *hm, writer *w, const char *path, char *err)
{
    const cJSON *waves = cJSON_GetObjectItemCaseSensitive(hm, "waves"), *wave;
    if (!cJSON_IsArray(waves)) {
        snprintf(err, 512, "%s: history_matching has no waves", path);
        return -1;
    }
    int i = 0;
    cJSON_ArrayForEach(wave, waves)
    {
        char what[64];
        snprintf(what, sizeof what, "history_matching.waves[%d].implausibility", i);
        if (!cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(wave, "wave"))
            || !cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(wave, "region_share"))) {
            snprintf(err, 512, "%s: history_matching.waves[%d] has no wave number and region_share", path, i);
            return -1;
        }
        if (check_records(cJSON_GetObjectItemCaseSensitive(wave, "implausibility"), imp_cols, imp_kinds, path, what,
                          err))
            return -1;
        i++;
    }
    w->ncols = (int)(sizeof wave_cols / sizeof wave_cols[0]);
    memcpy(w->cols, wave_cols, sizeof wave_cols);
    header(w);
    cJSON_ArrayForEach(wave, waves)
    {
        const cJSON *r;
        cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(wave, "implausibility"))
        {
            cell c[MAX_COLS] = { num_cell(cJSON_GetObjectItemCaseSensitive(wave, "wave")->valuedouble) };
            for (int k = 0; imp_kinds[k]; k++)
                c[1 + k] = field_cell(r, imp_cols[k], imp_kinds[k]);
            c[w->ncols - 1] = num_cell(cJSON_GetObjectItemCaseSensitive(wave, "region_share")->valuedouble);
            put_row(w, c);
        }
    }
    footer(w);
    return 0;
}

/* particle,weight,<parameters>[,dispersion]: one row per particle (0-based), the parameters in
 * the order of posterior.parameters, then each particle's estimated dispersion when
 * posterior.dispersion is a list (null or absent: no target's dispersion was estimated). */
static int calib_posterior(const cJSON *doc, writer *w, const char *path, char *err)
{
    const cJSON *post = cJSON_GetObjectItemCaseSensitive(doc, "posterior");
    const cJSON *names = cJSON_GetObjectItemCaseSensitive(post, "parameters");
    const cJSON *samples = cJSON_GetObjectItemCaseSensitive(post, "samples");
    const cJSON *weights = cJSON_GetObjectItemCaseSensitive(post, "weights"), *x;
    const cJSON *disp = cJSON_GetObjectItemCaseSensitive(post, "dispersion");
    int k = cJSON_GetArraySize(names), n = cJSON_GetArraySize(samples), nd = cJSON_IsArray(disp);
    if (!cJSON_IsArray(names) || !cJSON_IsArray(samples) || !cJSON_IsArray(weights) || k < 1) {
        snprintf(err, 512, "%s: a calibration without posterior.parameters, samples and weights", path);
        return -1;
    }
    cJSON_ArrayForEach(x, names)
        if (!cJSON_IsString(x) || !strcmp(x->valuestring, "particle") || !strcmp(x->valuestring, "weight")
            || !strcmp(x->valuestring, "dispersion")) {
            snprintf(err, 512, "%s: posterior.parameters must be parameter names (not 'particle', 'weight' or "
                     "'dispersion')", path);
            return -1;
        }
    if (disp && !cJSON_IsNull(disp) && !(nd && cJSON_GetArraySize(disp) == n)) {
        snprintf(err, 512, "%s: posterior.dispersion is neither null nor one value per particle (%d)", path, n);
        return -1;
    }
    if (cJSON_GetArraySize(weights) != n) {
        snprintf(err, 512, "%s: posterior.weights has %d weights for %d particles", path,
                 cJSON_GetArraySize(weights), n);
        return -1;
    }
    for (int i = 0; i < n; i++) {
        const cJSON *row = cJSON_GetArrayItem(samples, i);
        int ok = cJSON_IsArray(row) && cJSON_GetArraySize(row) == k && cJSON_IsNumber(cJSON_GetArrayItem(weights, i))
                 && (!nd || cJSON_IsNumber(cJSON_GetArrayItem(disp, i)));
        cJSON_ArrayForEach(x, row)
            ok &= cJSON_IsNumber(x);
        if (!ok) {
            snprintf(err, 512, "%s: posterior particle %d is not a weight%s and %d numbers (one per parameter)", path,
                     i, nd ? ", a dispersion" : "", k);
            return -1;
        }
    }
    const char **cols = malloc((size_t)(k + 3) * sizeof *cols);
    cell *c = malloc((size_t)(k + 3) * sizeof *c);
    if (!cols || !c) {
        free(cols);
        free(c);
        snprintf(err, 512, "out of memory");
        return -1;
    }
    cols[0] = "particle";
    cols[1] = "weight";
    for (int j = 0; j < k; j++)
        cols[2 + j] = cJSON_GetArrayItem(names, j)->valuestring;
    cols[2 + k] = "dispersion";
    w->names = cols;
    w->ncols = k + 2 + nd;
    header(w);
    for (int i = 0; i < n; i++) {
        const cJSON *row = cJSON_GetArrayItem(samples, i);
        c[0] = num_cell(i);
        c[1] = num_cell(cJSON_GetArrayItem(weights, i)->valuedouble);
        int j = 2;
        cJSON_ArrayForEach(x, row)
            c[j++] = num_cell(x->valuedouble);
        if (nd)
            c[j] = num_cell(cJSON_GetArrayItem(disp, i)->valuedouble);
        put_row(w, c);
    }
    footer(w);
    w->names = NULL;
    free(cols);
    free(c);
    return 0;
}

/* A calibration's table by name. The document is checked before the first row is written. */
static int export_calib(const cJSON *doc, const char *name, writer *w, const char *path, char *err)
{
    const cJSON *hm = cJSON_GetObjectItemCaseSensitive(doc, "history_matching");
    const cJSON *abc = cJSON_GetObjectItemCaseSensitive(doc, "abc_smc");
    int has_hm = cJSON_IsObject(hm), has_abc = cJSON_IsObject(abc);
    if (strcmp(name, "posterior") == 0)
        return calib_posterior(doc, w, path, err);
    if (strcmp(name, "calibration_waves") == 0)
        return has_hm ? calib_waves(hm, w, path, err)
                      : calib_skipped(path, name, "history matching", "history_matching", has_hm, has_abc, err);
    if (strcmp(name, "calibration_generations") == 0 && !has_abc)
        return calib_skipped(path, name, "ABC-SMC", "abc_smc", has_hm, has_abc, err);
    const calib_table *t = NULL;
    for (size_t i = 0; i < N_CALIB_TABLES; i++)
        if (strcmp(name, calib_tables[i].name) == 0)
            t = &calib_tables[i];
    if (!t) {
        snprintf(err, 512, "unknown table '%s' for a calibration", name);  /* mig_export checked the name */
        return -1;
    }
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(doc, t->where[0]);
    if (t->where[1])
        rows = cJSON_GetObjectItemCaseSensitive(rows, t->where[1]);
    if (check_records(rows, t->cols, t->kinds, path, t->what, err))
        return -1;
    w->ncols = (int)strlen(t->kinds);
    memcpy(w->cols, t->cols, sizeof t->cols);
    header(w);
    const cJSON *r;
    cJSON_ArrayForEach(r, rows)
    {
        cell c[MAX_COLS];
        for (int k = 0; k < w->ncols; k++)
            c[k] = field_cell(r, t->cols[k], t->kinds[k]);
        put_row(w, c);
    }
    footer(w);
    return 0;
}

/* The whole of path into *doc (NULL when it is not JSON: the caller's schema check
 * says so). -1 with err when it cannot be read. */
static int read_doc(const char *path, cJSON **doc, char *err)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, 512, "cannot open %s", path);
        return -1;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = size >= 0 ? malloc((size_t)size + 1) : NULL;
    if (!text || fread(text, 1, (size_t)size, f) != (size_t)size) {
        fclose(f);
        free(text);
        snprintf(err, 512, "cannot read %s", path);
        return -1;
    }
    fclose(f);
    text[size] = 0;
    *doc = cJSON_Parse(text);
    free(text);
    return 0;
}

/* The kind of document by its schema, or NULL with err. */
static const struct doc_kind *doc_kind_of(const cJSON *doc, const char *path, char *err)
{
    const cJSON *schema = cJSON_GetObjectItemCaseSensitive(doc, "schema");
    const struct doc_kind *kind = NULL;
    for (size_t i = 0; i < N_DOC_KINDS && cJSON_IsString(schema); i++)
        if (strcmp(schema->valuestring, doc_kinds[i].schema) == 0)
            kind = &doc_kinds[i];
    if (!kind)
        snprintf(err, 512, "%s is not a migsim run result, replicates, comparison, sweep result, Flee-rule run, "
                 "replicates or comparison or calibration (schema %s, %s, %s, %s, %s, %s, %s or %s)%s%s", path,
                 MIG_SCHEMA, MIG_ENSEMBLE_SCHEMA, MIG_COMPARE_SCHEMA, MIG_SWEEP_SCHEMA, MIG_FLEE_SCHEMA,
                 MIG_FLEE_ENS_SCHEMA, MIG_FLEE_COMPARE_SCHEMA, MIG_CALIB_SCHEMA, cJSON_IsString(schema) ? "; its schema is " : "",
                 cJSON_IsString(schema) ? schema->valuestring : "");
    return kind;
}

/* Table t (NULL name: none called name) must apply to documents of kind; else err lists those that do. */
static int check_table(const table_spec *t, const char *name, const struct doc_kind *kind, char *err)
{
    if (t->name && (t->docs & kind->kind))
        return 0;
    char names[1024], msg[1536];
    list_tables(kind->kind, names, sizeof names);
    if (t->name)
        snprintf(msg, sizeof msg, "table '%s' does not apply to %s (%s); its tables: %s", name, kind->what,
                 kind->schema, names);
    else if (strcmp(name, "displaced_monthly") == 0)  /* renamed (issue 17): it read as forced displacement */
        snprintf(msg, sizeof msg, "unknown table 'displaced_monthly': it is called switched_channel_monthly now "
                 "(departures through another channel than the preferred, closed one)");
    else
        snprintf(msg, sizeof msg, "unknown table '%s' for %s (%s); its tables: %s", name, kind->what, kind->schema,
                 names);
    /* err holds 512 bytes: a list that does not fit ends at a whole name and says where the rest is */
    static const char more[] = ", ... (migsim export --help lists them all)";
    if (strlen(msg) >= 512) {
        char *cut = msg + 511 - strlen(more);
        *cut = 0;
        cut = strrchr(msg, ',');
        if (cut)
            strcpy(cut, more);
    }
    snprintf(err, 512, "%s", msg);
    return -1;
}

/* The statistics of an ensemble's leaf, in its columns' order. */
static const char *const stat_names[] = { "mean", "sd", "lo", "hi" };
#define N_STATS 4

/* Time i of a leaf: one value (a run: an array), or (ens) the N_STATS statistics of an
 * ensemble's leaf, into v. 0, or -1 when the leaf does not have them. */
static int leaf_values(const cJSON *leaf, int i, int ens, double *v)
{
    if (!ens) {
        const cJSON *x = cJSON_GetArrayItem(leaf, i);
        *v = x ? x->valuedouble : 0;
        return cJSON_IsNumber(x) ? 0 : -1;
    }
    for (int k = 0; k < N_STATS; k++) {
        const cJSON *x = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(leaf, stat_names[k]), i);
        if (!cJSON_IsNumber(x))
            return -1;
        v[k] = x->valuedouble;
    }
    return 0;
}

/* One row: string columns then nv values. */
static void row_values(writer *w, const char **vals, int nvals, const double *v, int nv)
{
    cell c[MAX_COLS];
    for (int i = 0; i < nvals; i++)
        c[i] = str_cell(vals[i]);
    for (int i = 0; i < nv; i++)
        c[nvals + i] = num_cell(v[i]);
    put_row(w, c);
}

/* ---- blocks: what the tables of runs, replicates and comparisons read ------------------- */

/* A run's or replicates' document is one block, itself, without an arm column; a
 * comparison's blocks are its arms (arm: the arm's name) then its paired differences to the
 * baseline (arm: "difference", or "difference:NAME" when several policies were compared). */
#define MAX_BLOCKS 32
typedef struct block {
    const cJSON *b;
    const char *arm;   /* NULL: no arm column */
    int diff;          /* a paired difference, not an arm */
    char label[128];
} block;

/* The blocks of doc into bl: their number, or -1 with err. */
static int doc_blocks(const cJSON *doc, int compare, block *bl, const char *path, char *err)
{
    if (!compare) {
        bl[0].b = doc;
        bl[0].arm = NULL;
        bl[0].diff = 0;
        return 1;
    }
    const cJSON *arms = cJSON_GetObjectItemCaseSensitive(doc, "arms");
    const cJSON *diffs = cJSON_GetObjectItemCaseSensitive(doc, "differences"), *x;
    int na = cJSON_GetArraySize(arms), nd = cJSON_GetArraySize(diffs), n = 0;
    if (!cJSON_IsObject(arms) || !cJSON_IsObject(diffs) || na < 2 || nd < 1 || na + nd > MAX_BLOCKS) {
        snprintf(err, 512, "%s: a comparison without arms and differences", path);
        return -1;
    }
    for (int d = 0; d < 2; d++) {
        const cJSON *group = d ? diffs : arms;
        cJSON_ArrayForEach(x, group)
        {
            if (!cJSON_IsObject(x)) {
                snprintf(err, 512, "%s: %s.%s is not an object", path, d ? "differences" : "arms", x->string);
                return -1;
            }
            bl[n].b = x;
            if (!d)
                snprintf(bl[n].label, sizeof bl[n].label, "%s", x->string);
            else if (nd > 1)
                snprintf(bl[n].label, sizeof bl[n].label, "difference:%s", x->string);
            else
                snprintf(bl[n].label, sizeof bl[n].label, "difference");
            bl[n].arm = bl[n].label;
            bl[n].diff = d;
            n++;
        }
    }
    return n;
}

/* Sets the columns: [arm,] the n given ones, then value (one value) or mean,sd,lo,hi (ens);
 * and (first block) writes the header. */
static void block_cols(writer *w, const block *bl, const char *const *cols, int n, const char *value, int ens,
                       int first)
{
    int k = 0;
    if (bl->arm)
        w->cols[k++] = "arm";
    for (int i = 0; i < n; i++)
        w->cols[k++] = cols[i];
    if (ens)
        for (int j = 0; j < N_STATS; j++)
            w->cols[k++] = stat_names[j];
    else
        w->cols[k++] = value;
    w->ncols = k;
    if (first)
        header(w);
}

/* One row: [arm,] the string columns, then nv values. */
static void block_row(writer *w, const block *bl, const char **vals, int nvals, const double *v, int nv)
{
    const char *all[MAX_COLS];
    int k = 0;
    if (bl->arm)
        all[k++] = bl->arm;
    for (int i = 0; i < nvals; i++)
        all[k++] = vals[i];
    row_values(w, all, k, v, nv);
}

typedef int (*block_fn)(const cJSON *doc, const block *bl, const table_spec *t, int ens, int first, writer *w,
                        const char *path, char *err);

/* Table t from every block: a first pass checks the whole document without writing
 * (no half-written table), the second writes it. */
static int each_block(const cJSON *doc, const block *bl, int n, block_fn fn, const table_spec *t, int ens, writer *w,
                      const char *path, char *err)
{
    for (int pass = 0; pass < 2; pass++) {
        w->dry = pass == 0;
        w->rows = 0;
        for (int i = 0; i < n; i++)
            if (fn(doc, &bl[i], t, ens, i == 0, w, path, err))
                return -1;
        footer(w);
    }
    return 0;
}

/* One of tables[] with a section, of one block: the series unrolled, time-major, as a
 * reader of the table expects it. Replicates (ens): the value column becomes mean,sd,lo,hi. */
static int series_block(const cJSON *doc, const block *bl, const table_spec *t, int ens, int first, writer *w,
                        const char *path, char *err)
{
    int monthly = strcmp(t->section, "monthly") == 0;
    const cJSON *times = cJSON_GetObjectItemCaseSensitive(doc, monthly ? "months" : "dates");
    const cJSON *ser = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(bl->b, t->section), t->series);
    if (!cJSON_IsArray(times) || !cJSON_IsObject(ser)) {
        snprintf(err, 512, "%s has no %s series '%s'%s%s%s", path, t->section, t->series,
                 bl->arm ? " in " : "", bl->arm ? bl->arm : "",
                 ens && !monthly ? " (daily statistics need --daily)" : "");
        return -1;
    }
    const char *cols[3] = { monthly ? "month" : "date", t->swap ? t->key2 : t->key1, t->swap ? t->key1 : t->key2 };
    block_cols(w, bl, cols, t->key2 ? 3 : 2, t->value, ens, first);
    int nv = ens ? N_STATS : 1;
    double v[N_STATS];
    int n_times = cJSON_GetArraySize(times);
    for (int i = 0; i < n_times; i++) {
        const char *when = cJSON_GetStringValue(cJSON_GetArrayItem(times, i));
        if (!when)
            goto malformed;
        const cJSON *a;
        cJSON_ArrayForEach(a, ser)
        {
            if (!t->key2) {
                if (leaf_values(a, i, ens, v))
                    goto malformed;
                const char *vals[2] = { when, a->string };
                block_row(w, bl, vals, 2, v, nv);
                continue;
            }
            const cJSON *b;
            cJSON_ArrayForEach(b, a)
            {
                if (leaf_values(b, i, ens, v))
                    goto malformed;
                const char *vals[3] = { when, t->swap ? b->string : a->string, t->swap ? a->string : b->string };
                block_row(w, bl, vals, 3, v, nv);
            }
        }
    }
    return 0;
malformed:
    /* A hand-edited or truncated file: a series shorter than the time axis, or not numbers. */
    snprintf(err, 512, "%s: %s series '%s'%s%s does not match its %s", path, t->section, t->series,
             bl->arm ? " of " : "", bl->arm ? bl->arm : "", monthly ? "months" : "dates");
    return -1;
}

/* Rows [arm,] vals..., indicator, value (or mean,sd,lo,hi: ens) of a totals object. */
static int totals_rows(const cJSON *tot, const block *bl, const char **vals, int nvals, int ens, writer *w,
                       const char *path, const char *where, char *err)
{
    const cJSON *item;
    double v[N_STATS];
    if (!cJSON_IsObject(tot)) {
        snprintf(err, 512, "%s: no %s%s%s", path, where, bl->arm ? " in " : "", bl->arm ? bl->arm : "");
        return -1;
    }
    cJSON_ArrayForEach(item, tot)
    {
        if (ens && cJSON_IsNull(item)) {  /* a Flee-rule error without observed counts: empty cells */
            cell c[MAX_COLS], none = { NULL, 0, 1 };
            int k = 0;
            if (bl->arm)
                c[k++] = str_cell(bl->arm);
            for (int i = 0; i < nvals; i++)
                c[k++] = str_cell(vals[i]);
            c[k++] = str_cell(item->string);
            for (int i = 0; i < N_STATS; i++)
                c[k++] = none;
            put_row(w, c);
            continue;
        }
        for (int k = 0; k < (ens ? N_STATS : 1); k++) {
            const cJSON *x = ens ? cJSON_GetObjectItemCaseSensitive(item, stat_names[k]) : item;
            if (!cJSON_IsNumber(x)) {
                snprintf(err, 512, "%s: %s.%s%s%s%s", path, where, item->string ? item->string : "?",
                         ens ? " has no " : " is not a number", ens ? stat_names[k] : "", "");
                return -1;
            }
            v[k] = x->valuedouble;
        }
        vals[nvals] = item->string;
        block_row(w, bl, vals, nvals + 1, v, ens ? N_STATS : 1);
    }
    return 0;
}

/* totals of replicates or a comparison: [arm,]indicator,mean,sd,lo,hi. */
static int totals_block(const cJSON *doc, const block *bl, const table_spec *t, int ens, int first, writer *w,
                        const char *path, char *err)
{
    (void)doc, (void)t;
    const char *cols[1] = { "indicator" }, *vals[1];
    block_cols(w, bl, cols, 1, "value", ens, first);
    return totals_rows(cJSON_GetObjectItemCaseSensitive(bl->b, "totals"), bl, vals, 0, ens, w, path, "totals", err);
}

/* totals_by_year: [arm,]year,indicator,value (or mean,sd,lo,hi). */
static int by_year_block(const cJSON *doc, const block *bl, const table_spec *t, int ens, int first, writer *w,
                         const char *path, char *err)
{
    (void)doc, (void)t;
    const cJSON *years = cJSON_GetObjectItemCaseSensitive(bl->b, "totals_by_year"), *y;
    const char *cols[2] = { "year", "indicator" }, *vals[2];
    block_cols(w, bl, cols, 2, "value", ens, first);
    if (!cJSON_IsObject(years)) {
        snprintf(err, 512, "%s has no totals_by_year%s%s (a document written before migsim kept them: run it again)",
                 path, bl->arm ? " in " : "", bl->arm ? bl->arm : "");
        return -1;
    }
    cJSON_ArrayForEach(y, years)
    {
        vals[0] = y->string;
        if (totals_rows(y, bl, vals, 1, ens, w, path, "totals_by_year", err))
            return -1;
    }
    return 0;
}

/* totals_window: [arm,]from,to,indicator,mean,sd,lo,hi. */
static int window_block(const cJSON *doc, const block *bl, const table_spec *t, int ens, int first, writer *w,
                        const char *path, char *err)
{
    (void)t;
    const cJSON *win = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "meta"), "window");
    const char *cols[3] = { "from", "to", "indicator" };
    const char *vals[3] = { cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(win, "from")),
                            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(win, "to")), NULL };
    block_cols(w, bl, cols, 3, "value", ens, first);
    if (!vals[0] || !vals[1]) {
        snprintf(err, 512, "%s has no totals over a window (meta.window): make it with --window FROM:TO", path);
        return -1;
    }
    return totals_rows(cJSON_GetObjectItemCaseSensitive(bl->b, "totals_window"), bl, vals, 2, ens, w, path,
                       "totals_window", err);
}

/* One group's bins of a journey distribution (a run: an array of n numbers; ens: mean, sd,
 * lo, hi arrays of n numbers) as rows [arm,]distribution,nationality,bin,values. 0, or -1. */
static int journey_rows(const block *bl, const char *dist, const char *nat, const cJSON *bins, const cJSON *node,
                        int ens, writer *w)
{
    int n = cJSON_GetArraySize(bins);
    double v[N_STATS];
    if (!(ens ? cJSON_IsObject(node) : cJSON_IsArray(node)))
        return -1;
    for (int k = 0; k < N_STATS && ens; k++)
        if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(node, stat_names[k])) != n)
            return -1;
    if (!ens && cJSON_GetArraySize(node) != n)
        return -1;
    for (int i = 0; i < n; i++) {
        const char *vals[3] = { dist, nat, cJSON_GetStringValue(cJSON_GetArrayItem(bins, i)) };
        if (!vals[2] || leaf_values(node, i, ens, v))
            return -1;
        block_row(w, bl, vals, 3, v, ens ? N_STATS : 1);
    }
    return 0;
}

/* journeys: [arm,]distribution,nationality,bin,value (or mean,sd,lo,hi): each distribution's
 * bins for all nationalities (nationality "all") then each, in the document's order. */
static int journeys_block(const cJSON *doc, const block *bl, const table_spec *t, int ens, int first, writer *w,
                          const char *path, char *err)
{
    (void)doc, (void)t;
    const char *cols[3] = { "distribution", "nationality", "bin" };
    block_cols(w, bl, cols, 3, "value", ens, first);
    const cJSON *js = cJSON_GetObjectItemCaseSensitive(bl->b, "journeys"), *d, *x;
    if (!cJSON_IsObject(js)) {
        snprintf(err, 512, "%s has no journeys%s%s (a document written before migsim kept them: run it again)", path,
                 bl->arm ? " in " : "", bl->arm ? bl->arm : "");
        return -1;
    }
    cJSON_ArrayForEach(d, js)
    {
        const cJSON *bins = cJSON_GetObjectItemCaseSensitive(d, "bins");
        const cJSON *by = cJSON_GetObjectItemCaseSensitive(d, "by_nationality");
        int bad = !cJSON_IsArray(bins) || !cJSON_IsObject(by) ||
                  journey_rows(bl, d->string, "all", bins, cJSON_GetObjectItemCaseSensitive(d, "all"), ens, w);
        for (x = bad ? NULL : by->child; x && !bad; x = x->next)
            bad = journey_rows(bl, d->string, x->string, bins, x, ens, w);
        if (bad) {
            snprintf(err, 512, "%s: journeys.%s%s%s is not bins with %s for all and by_nationality", path, d->string,
                     bl->arm ? " of " : "", bl->arm ? bl->arm : "",
                     ens ? "mean, sd, lo and hi per bin" : "persons per bin");
            return -1;
        }
    }
    return 0;
}

/* The columns of frontex_monthly on replicates after month and nationality: the leaf's keys. */
static const char *const fx_cols[] = { "mean", "q025", "q10", "q50", "q90", "q975" };
#define N_FX_COLS (int)(sizeof fx_cols / sizeof fx_cols[0])

/* 0 if leaf has every fx_cols array with n numbers. */
static int fx_leaf_ok(const cJSON *leaf, int n)
{
    for (int k = 0; k < N_FX_COLS; k++) {
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(leaf, fx_cols[k]), *x;
        if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) != n)
            return -1;
        cJSON_ArrayForEach(x, a)
            if (!cJSON_IsNumber(x))
                return -1;
    }
    return 0;
}

/* month,nationality,mean,q025,q10,q50,q90,q975: one row per month and nationality, then
 * nationality "total" (monthly.frontex_total: quantiles of each replicate's route total, not
 * sums of the nationalities' quantiles). Checked whole before the first row. */
static int ens_frontex(const cJSON *doc, writer *w, const char *path, char *err)
{
    const cJSON *monthly = cJSON_GetObjectItemCaseSensitive(doc, "monthly");
    const cJSON *months = cJSON_GetObjectItemCaseSensitive(doc, "months");
    const cJSON *fx = cJSON_GetObjectItemCaseSensitive(monthly, "frontex_detections");
    const cJSON *total = cJSON_GetObjectItemCaseSensitive(monthly, "frontex_total"), *x;
    int n = cJSON_GetArraySize(months);
    if (!cJSON_IsArray(months) || !cJSON_IsObject(fx) || !cJSON_IsObject(total)) {
        snprintf(err, 512, "%s: replicates without months, monthly.frontex_detections and monthly.frontex_total "
                 "(replicates written before quantiles were kept: run them again)", path);
        return -1;
    }
    cJSON_ArrayForEach(x, months)
        if (!cJSON_IsString(x)) {
            snprintf(err, 512, "%s: the months must be strings (YYYY-MM)", path);
            return -1;
        }
    cJSON_ArrayForEach(x, fx)
        if (fx_leaf_ok(x, n) || strcmp(x->string, "total") == 0) {
            snprintf(err, 512, "%s: monthly.frontex_detections.%s lacks quantiles over its months", path, x->string);
            return -1;
        }
    if (fx_leaf_ok(total, n)) {
        snprintf(err, 512, "%s: monthly.frontex_total lacks quantiles over its months", path);
        return -1;
    }
    w->cols[0] = "month";
    w->cols[1] = "nationality";
    for (int k = 0; k < N_FX_COLS; k++)
        w->cols[2 + k] = fx_cols[k];
    w->ncols = 2 + N_FX_COLS;
    header(w);
    double v[N_FX_COLS];
    for (int i = 0; i < n; i++) {
        const char *vals[2] = { cJSON_GetArrayItem(months, i)->valuestring, NULL };
        for (const cJSON *leaf = fx->child;; leaf = leaf->next) {
            const cJSON *l = leaf ? leaf : total;
            vals[1] = leaf ? leaf->string : "total";
            for (int k = 0; k < N_FX_COLS; k++)
                v[k] = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(l, fx_cols[k]), i)->valuedouble;
            row_values(w, vals, 2, v, N_FX_COLS);
            if (!leaf)
                break;
        }
    }
    footer(w);
    return 0;
}

/* The rows of one leaf of replicate_series for replicate r (l2, or l1 and l2, NULL: a series of
 * one level, or none such as in_transit). */
static int rep_leaf_rows(const block *bl, const cJSON *leaf, int r, const char *series,
                         const char *l1, const char *l2, const cJSON *months, writer *w)
{
    const cJSON *a = cJSON_GetArrayItem(leaf, r), *m;
    if (!cJSON_IsArray(leaf) || !cJSON_IsArray(a) || cJSON_GetArraySize(a) != cJSON_GetArraySize(months))
        return -1;
    int i = 0;
    cJSON_ArrayForEach(m, months)
    {
        const cJSON *x = cJSON_GetArrayItem(a, i++);
        if (!cJSON_IsNumber(x) || !cJSON_IsString(m))
            return -1;
        cell c[MAX_COLS];
        int k = 0;
        if (bl->arm)
            c[k++] = str_cell(bl->arm);
        c[k++] = num_cell((double)r);
        cell none = { NULL, 0, 1 };
        c[k++] = str_cell(series);
        c[k++] = l1 ? str_cell(l1) : none;
        c[k++] = l2 ? str_cell(l2) : none;
        c[k++] = str_cell(m->valuestring);
        c[k++] = num_cell(x->valuedouble);
        put_row(w, c);
    }
    return 0;
}

/* replicates_monthly of an arm (a difference has none: it is arm minus baseline, replicate by
 * replicate): [arm,]replicate,series,level1,level2,month,value, replicate by replicate. */
static int reps_block(const cJSON *doc, const block *bl, const table_spec *t, int ens, int first, writer *w,
                      const char *path, char *err)
{
    (void)t, (void)ens;
    const char *cols[5] = { "replicate", "series", "level1", "level2", "month" };
    block_cols(w, bl, cols, 5, "value", 0, first);
    if (bl->diff)
        return 0;
    const cJSON *months = cJSON_GetObjectItemCaseSensitive(doc, "months");
    const cJSON *tree = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(bl->b, "replicate_series"),
                                                         "monthly");
    const cJSON *reps = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc, "meta"), "replicates");
    if (!cJSON_IsArray(months) || !cJSON_IsObject(tree) || !cJSON_IsNumber(reps)) {
        snprintf(err, 512, "%s has no replicate_series%s%s: make it with --replicate-series", path,
                 bl->arm ? " in " : "", bl->arm ? bl->arm : "");
        return -1;
    }
    for (int r = 0; r < reps->valueint; r++) {
        const cJSON *s, *a, *b;
        cJSON_ArrayForEach(s, tree)
        {
            if (cJSON_IsArray(s)) {
                if (rep_leaf_rows(bl, s, r, s->string, NULL, NULL, months, w)) {
                    snprintf(err, 512, "%s: replicate_series.monthly.%s%s%s does not hold %d replicates over its "
                             "months", path, s->string, bl->arm ? " of " : "", bl->arm ? bl->arm : "", reps->valueint);
                    return -1;
                }
                continue;
            }
            cJSON_ArrayForEach(a, s)
            {
                int bad;
                if (cJSON_IsArray(a)) {
                    bad = rep_leaf_rows(bl, a, r, s->string, a->string, NULL, months, w);
                } else {
                    bad = !cJSON_IsObject(a);
                    cJSON_ArrayForEach(b, a)
                        bad = bad || rep_leaf_rows(bl, b, r, s->string, a->string, b->string, months, w);
                }
                if (bad) {
                    snprintf(err, 512, "%s: replicate_series.monthly.%s.%s%s%s does not hold %d replicates over its "
                             "months", path, s->string, a->string, bl->arm ? " of " : "", bl->arm ? bl->arm : "",
                             reps->valueint);
                    return -1;
                }
            }
        }
    }
    return 0;
}

/* ---- Flee-rule comparisons (migsim-flee-compare/1): arms and differences of daily series ---- */

/* One daily leaf {mean, sd, lo, hi[, observed]} of a Flee-rule comparison's block, day i, as
 * cells from c (observed: an empty cell where the leaf has none, or null). 0, or -1. */
static int flee_stat_cells(const cJSON *leaf, int i, int n, int observed, cell *c)
{
    for (int k = 0; k < N_STATS; k++) {
        if (!flee_series(leaf, stat_names[k], n, 0))
            return -1;
        c[k] = num_cell(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(leaf, stat_names[k]), i)->valuedouble);
    }
    if (observed) {
        const cJSON *o = cJSON_GetObjectItemCaseSensitive(leaf, "observed");
        cell none = { NULL, 0, 1 };
        if (o && !flee_series(leaf, "observed", n, 1))
            return -1;
        c[N_STATS] = o ? series_cell(o, i) : none;
    }
    return 0;
}

/* camps_daily (arm,day,date,camp,mean,sd,lo,hi,observed) or population_daily
 * (arm,day,date,location,mean,sd,lo,hi) of one block, day by day. */
static int flee_cmp_block(const cJSON *doc, const block *bl, const table_spec *t, int ens, int first, writer *w,
                          const char *path, char *err)
{
    (void)ens;
    int camps = strcmp(t->name, "camps_daily") == 0;
    const cJSON *dates = cJSON_GetObjectItemCaseSensitive(doc, "dates");
    const cJSON *ser = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(bl->b, "daily"),
                                                        camps ? "camps" : "population"), *x, *dt;
    static const char *const cols[] = { "arm", "day", "date", "camp", "mean", "sd", "lo", "hi", "observed" };
    w->ncols = camps ? 9 : 8;
    memcpy(w->cols, cols, sizeof cols);
    if (!camps)
        w->cols[3] = "location";
    if (first)
        header(w);
    int n = cJSON_GetArraySize(dates), i = 0;
    if (!cJSON_IsArray(dates) || !cJSON_IsObject(ser)) {
        snprintf(err, 512, "%s: a Flee-rule comparison without dates and daily.%s in %s", path,
                 camps ? "camps" : "population", bl->arm);
        return -1;
    }
    cJSON_ArrayForEach(dt, dates)
    {
        if (!cJSON_IsString(dt)) {
            snprintf(err, 512, "%s: the dates must be strings (YYYY-MM-DD)", path);
            return -1;
        }
        cJSON_ArrayForEach(x, ser)
        {
            cell c[MAX_COLS] = { str_cell(bl->arm), num_cell(i), str_cell(dt->valuestring), str_cell(x->string) };
            if (flee_stat_cells(x, i, n, camps, c + 4)) {
                snprintf(err, 512, "%s: daily.%s '%s' of %s does not match the dates", path,
                         camps ? "camps" : "population", x->string, bl->arm);
                return -1;
            }
            put_row(w, c);
        }
        i++;
    }
    return 0;
}

/* Table t of a document of kind. */
static int export_doc(const cJSON *doc, const table_spec *t, const struct doc_kind *kind, int json, FILE *out,
                      const char *path, char *err)
{
    if (kind->kind == DOC_SWEEP)
        return export_sweep(doc, t->name, json, out, err);
    writer w = { out, json, 0, { 0 }, 0, NULL, 0 };
    if (kind->kind == DOC_CALIB)
        return export_calib(doc, t->name, &w, path, err);
    int ens = kind->kind != DOC_RUN;
    if (kind->kind == DOC_ENS && strcmp(t->name, "frontex_monthly") == 0)
        return ens_frontex(doc, &w, path, err);
    if (kind->kind == DOC_FLEE_CMP) {
        block bl[MAX_BLOCKS];
        int n = doc_blocks(doc, 1, bl, path, err);
        if (n < 0)
            return -1;
        return each_block(doc, bl, n, strcmp(t->name, "totals") == 0 ? totals_block : flee_cmp_block, t, 1, &w,
                          path, err);
    }
    if (!(kind->kind & DOC_RUNS))
        return export_flee(doc, t->name, kind->kind == DOC_FLEE_ENS, &w, path, err);
    if (!ens && strcmp(t->name, "totals") == 0) {
        export_totals(doc, &w);
        return 0;
    }
    block bl[MAX_BLOCKS];
    int n = doc_blocks(doc, kind->kind == DOC_COMPARE, bl, path, err);
    if (n < 0)
        return -1;
    block_fn fn = t->section ? series_block
                : strcmp(t->name, "totals") == 0 ? totals_block
                : strcmp(t->name, "totals_by_year") == 0 ? by_year_block
                : strcmp(t->name, "replicates_monthly") == 0 ? reps_block
                : strcmp(t->name, "journeys") == 0 ? journeys_block
                : window_block;
    return each_block(doc, bl, n, fn, t, ens, &w, path, err);
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
    cJSON *doc = NULL;
    if (read_doc(json_path, &doc, err))
        return -1;
    const struct doc_kind *kind = doc_kind_of(doc, json_path, err);
    int rc = !kind || check_table(t, name, kind, err) ? -1 : export_doc(doc, t, kind, json, out, json_path, err);
    cJSON_Delete(doc);
    return rc;
}

int mig_export_series_table(const char *name, const char **section, const char **series, const char **key1,
                            const char **key2)
{
    for (const table_spec *t = tables; t->name; t++)
        if (strcmp(t->name, name) == 0 && t->section && (t->docs & DOC_RUN)) {
            *section = t->section;
            *series = t->series;
            *key1 = t->key1;
            *key2 = t->key2;
            return 0;
        }
    return -1;
}

const char *mig_export_table_name(int i)
{
    int n = 0;
    for (const table_spec *t = tables; t->name; t++)
        if (t->section && (t->docs & DOC_RUN) && n++ == i)
            return t->name;
    return NULL;
}
