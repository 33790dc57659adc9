/* test_export.c: a run's result document (output.h) unrolled into tidy tables
 * (export.h): headers, row counts, totals that add up, quoting, bad input. */
#include "check.h"
#include "date.h"
#include "export.h"
#include "output.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

#ifndef MIG_TEST_TMPDIR
#define MIG_TEST_TMPDIR "."
#endif

static char err[MIG_ERR_LEN];

/* Two nationalities, one border; a location id with a comma to exercise CSV quoting. */
static mig_run *make_run(void)
{
    mig_world *w = mig_world_new();
    if (!w)
        return NULL;
    const double demand[] = { 20, 40 };
    int ok = mig_world_add_country(w, "TR", NULL, 0, 0, err) >= 0 && mig_world_add_country(w, "RS", NULL, 0, 0, err) >= 0
        && mig_world_add_country(w, "HU", NULL, 1, 1, err) >= 0
        && mig_world_add_location(w, "kabul", NULL, "TR", "origin", 34.5, 69.2, err) >= 0
        && mig_world_add_location(w, "novi,sad", "Novi Sad", "RS", "city", 45.3, 19.8, err) >= 0
        && mig_world_add_location(w, "budapest", NULL, "HU", "destination", 47.5, 19.0, err) >= 0
        && mig_world_add_route(w, "novi,sad", "budapest", "foot", 50, 0, err) >= 0
        && mig_world_add_border(w, "RS", "HU", NULL, err) >= 0
        && mig_world_set(w, "border.RS-HU.detection_prob", 0.4, err) == 0
        && mig_world_set(w, "agent_weight", 2.5, err) == 0;
    for (int i = 0; ok && i < 2; i++) {
        int n = mig_world_add_nationality(w, i ? "PAK" : "AFG", NULL, "kabul", NULL, err);
        ok = n == i && mig_world_add_destination(w, n, "budapest", 1, err) >= 0
            && mig_world_add_channel(w, n, "bus", "novi,sad", "road", 2, NULL, err) >= 0
            && mig_world_set_demand(w, n, "2022-01", demand, 2, err) == 0;
    }
    int start = 0;
    mig_date_parse("2022-01-20", &start);
    mig_run *run = ok ? mig_run_new(w, 5, start, 30, 1, err) : (mig_world_free(w), NULL);
    if (!run || mig_run_all(run, err)) {
        fprintf(stderr, "make_run: %s\n", err);
        mig_run_free(run);
        return NULL;
    }
    return run;
}

/* Export a table into a string (caller frees); NULL on error (err filled). */
static char *export_to_string(const char *path, const char *table, const char *format)
{
    FILE *f = tmpfile();
    if (!f)
        return NULL;
    char *text = NULL;
    if (mig_export(path, table, format, f, err) == 0) {
        long n = ftell(f);
        rewind(f);
        text = n >= 0 ? calloc((size_t)n + 1, 1) : NULL;
        if (text && fread(text, 1, (size_t)n, f) != (size_t)n) {
            free(text);
            text = NULL;
        }
    }
    fclose(f);
    return text;
}

/* Rows of a CSV text (lines after the header) and the sum of its last column. */
static int csv_rows(const char *text, double *sum)
{
    int rows = -1;
    *sum = 0;
    for (const char *line = text; line && *line; rows++) {
        const char *nl = strchr(line, '\n'), *comma = NULL;
        for (const char *p = line; p < (nl ? nl : line + strlen(line)); p++)
            if (*p == ',')
                comma = p;
        if (rows >= 0 && comma)
            *sum += strtod(comma + 1, NULL);
        line = nl ? nl + 1 : NULL;
    }
    return rows;
}

static int write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f);
}

static void test_tables(const mig_run *run, const char *path)
{
    double wt = run->world->params.agent_weight, sum;
    mig_summary s;
    mig_run_summarize(run, run->cum, -1, &s);
    CHECK(s.departures > 100 && s.detections > 10);

    /* totals */
    char *t = export_to_string(path, "totals", "csv");
    CHECK(t != NULL);
    if (t) {
        CHECK(strncmp(t, "indicator,value\n", 16) == 0);
        char line[64];
        snprintf(line, sizeof line, "\ndepartures,%.17g\n", (double)s.departures * wt);
        CHECK_HAS(t, line);
        snprintf(line, sizeof line, "\ndetections.RS-HU,%.17g\n", (double)s.detections * wt);
        CHECK_HAS(t, line);
        CHECK_HAS(t, "\ndepartures.AFG,");
    }
    free(t);

    /* departures by month: Jan and Feb, two nationalities, one channel each */
    t = export_to_string(path, "departures_monthly", "csv");
    CHECK(t != NULL);
    if (t) {
        CHECK(strncmp(t, "month,nationality,channel,departures\n", 37) == 0);
        CHECK_HAS(t, "\n2022-02,PAK,bus,");
        CHECK_EQ(csv_rows(t, &sum), 2 * 2);
        CHECK(sum == (double)s.departures * wt);  /* in persons */
    }
    free(t);

    /* detections by day: nationality before border */
    t = export_to_string(path, "detections_daily", "csv");
    CHECK(t != NULL);
    if (t) {
        CHECK(strncmp(t, "date,nationality,border,detections\n", 35) == 0);
        CHECK_HAS(t, "\n2022-01-20,AFG,RS-HU,");
        CHECK_HAS(t, "\n2022-02-18,PAK,RS-HU,");
        CHECK_EQ(csv_rows(t, &sum), 30 * 2);
        CHECK(sum == (double)s.detections * wt);
    }
    free(t);

    /* the same as JSON records */
    t = export_to_string(path, "detections_daily", "json");
    CHECK(t != NULL);
    cJSON *doc = t ? cJSON_Parse(t) : NULL;
    CHECK(cJSON_IsArray(doc));
    if (cJSON_IsArray(doc)) {
        CHECK_EQ(cJSON_GetArraySize(doc), 30 * 2);
        double js = 0;
        const cJSON *r;
        int shaped = 1;
        cJSON_ArrayForEach(r, doc)
        {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(r, "detections");
            shaped &= cJSON_IsNumber(v) && cJSON_IsString(cJSON_GetObjectItemCaseSensitive(r, "date"))
                && cJSON_IsString(cJSON_GetObjectItemCaseSensitive(r, "nationality"));
            js += cJSON_IsNumber(v) ? v->valuedouble : 0;
        }
        CHECK(shaped);
        CHECK(js == (double)s.detections * wt);
    }
    cJSON_Delete(doc);
    free(t);

    /* stock: the id with a comma is quoted in CSV, escaped in JSON */
    t = export_to_string(path, "stock_monthly", "csv");
    CHECK(t != NULL);
    if (t)
        CHECK_HAS(t, "\n2022-01,\"novi,sad\",");
    free(t);
    t = export_to_string(path, "stock_daily", "json");
    CHECK(t != NULL);
    doc = t ? cJSON_Parse(t) : NULL;
    CHECK(cJSON_IsArray(doc) && cJSON_GetArraySize(doc) == 30 * 3);
    cJSON_Delete(doc);
    free(t);

    /* every listed table exports in both formats */
    const char *names[] = { "detections_monthly", "pushbacks_monthly", "registrations_monthly", "frontex_monthly",
                            "deterred_monthly", "displaced_monthly", "arrivals_monthly", "asylum_monthly" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        for (int j = 0; j < 2; j++) {
            t = export_to_string(path, names[i], j ? "json" : "csv");
            if (!CHECK(t != NULL))
                fprintf(stderr, "    %s: %s\n", names[i], err);
            free(t);
        }
}

static void test_bad_input(const char *path)
{
    FILE *sink = tmpfile();
    CHECK(sink != NULL);
    if (!sink)
        return;
    CHECK(mig_export(path, "no_such_table", "csv", sink, err) == -1);
    CHECK_HAS(err, "unknown table 'no_such_table'");
    CHECK(mig_export(path, "totals", "xml", sink, err) == -1);
    CHECK_HAS(err, "unknown format 'xml'");
    CHECK(mig_export(MIG_TEST_TMPDIR "/does_not_exist.json", "totals", "csv", sink, err) == -1);
    CHECK_HAS(err, "cannot open");

    char other[512];
    snprintf(other, sizeof other, "%s/export_bad.json", MIG_TEST_TMPDIR);
    CHECK(write_text(other, "{\"schema\": \"something-else/1\", \"totals\": {}}") == 0);
    CHECK(mig_export(other, "totals", "csv", sink, err) == -1);
    CHECK_HAS(err, "not a migsim run result");
    CHECK(write_text(other, "this is not JSON") == 0);
    CHECK(mig_export(other, "totals", "csv", sink, err) == -1);
    CHECK(write_text(other, "") == 0);
    CHECK(mig_export(other, "totals", "csv", sink, err) == -1);
    /* right schema, series missing */
    CHECK(write_text(other, "{\"schema\": \"" MIG_SCHEMA "\", \"dates\": [\"2022-01-01\"]}") == 0);
    CHECK(mig_export(other, "detections_daily", "csv", sink, err) == -1);
    CHECK_HAS(err, "no daily series 'detections'");
    /* right schema, a series shorter than the dates, or not numbers: an error, not a crash */
    CHECK(write_text(other, "{\"schema\": \"" MIG_SCHEMA "\", \"dates\": [\"2022-01-01\", \"2022-01-02\"],"
                            " \"daily\": {\"detections\": {\"RS-HU\": {\"AFG\": [1]}},"
                            " \"stock\": {\"x\": [1, \"two\"]}}}") == 0);
    CHECK(mig_export(other, "detections_daily", "csv", sink, err) == -1);
    CHECK(mig_export(other, "stock_daily", "json", sink, err) == -1);
    CHECK(write_text(other, "{\"schema\": \"" MIG_SCHEMA "\", \"dates\": [1, 2],"
                            " \"daily\": {\"stock\": {\"x\": [1, 2]}}}") == 0);
    CHECK(mig_export(other, "stock_daily", "csv", sink, err) == -1);
    remove(other);
    fclose(sink);
}

static void test_list(void)
{
    FILE *f = tmpfile();
    CHECK(f != NULL);
    if (!f)
        return;
    mig_export_list(f);
    long n = ftell(f);
    rewind(f);
    char buf[4096] = { 0 };
    size_t got = fread(buf, 1, sizeof buf - 1, f);
    CHECK(n > 0 && got == (size_t)n);
    CHECK_HAS(buf, "detections_monthly");
    CHECK_HAS(buf, "totals");
    fclose(f);
}

int main(void)
{
    mig_run *run = make_run();
    CHECK(run != NULL);
    char path[512];
    snprintf(path, sizeof path, "%s/export_test.json", MIG_TEST_TMPDIR);
    if (run) {
        mig_meta meta = { "export test", "test_export.c", "0000" };
        cJSON *doc = mig_output_build(run, &meta);
        CHECK(doc != NULL);
        char *text = doc ? cJSON_PrintUnformatted(doc) : NULL;
        CHECK(text != NULL);
        if (text) {
            CHECK(mig_output_write_atomic(path, text, err) == 0);
            test_tables(run, path);
            test_bad_input(path);
        }
        free(text);
        cJSON_Delete(doc);
        mig_run_free(run);
        remove(path);
    }
    test_list();
    return check_done("test_export");
}
