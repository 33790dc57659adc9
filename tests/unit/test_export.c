/* test_export.c: a run's result document (output.h) unrolled into tidy tables
 * (export.h): headers, row counts, totals that add up, quoting, bad input; the
 * tables of Flee-rule runs and replicates (flee_output.h) and of calibrations
 * (migsim-calibration/1) on hand-written documents, and those of the calibration fixture. */
#include "check.h"
#include "date.h"
#include "export.h"
#include "flee_output.h"
#include "output.h"
#include "buf.h"
#include "schema.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

#ifndef MIG_CALIB_FIXTURE
#define MIG_CALIB_FIXTURE "tests/calibration/fixtures/post.json"
#endif

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

    /* journeys: 53 bins of days and 11 of detections, for all and each of 2 nationalities; each
     * distribution sums to the arrivals */
    t = export_to_string(path, "journeys", "csv");
    CHECK(t != NULL);
    if (t) {
        CHECK(strncmp(t, "distribution,nationality,bin,value\ndays_to_arrive,all,0-6,", 58) == 0);
        CHECK_HAS(t, "\ndays_to_arrive,all,364+,");
        CHECK_HAS(t, "\ndetections_before_arrival,PAK,10+,");
        CHECK_EQ(csv_rows(t, &sum), (53 + 11) * 3);
        CHECK(sum == 2 * 2 * (double)s.arrivals * wt);  /* two distributions, all + by nationality */
    }
    free(t);

    /* every listed table exports in both formats */
    const char *names[] = { "detections_monthly", "pushbacks_monthly", "registrations_monthly", "frontex_monthly",
                            "deterred_monthly", "switched_channel_monthly", "arrivals_monthly", "asylum_monthly",
                            "waiting_at_closed_monthly", "rerouted_at_closed_monthly", "gave_up_at_closed_monthly",
                            "journeys" };
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

/* Totals over parts of a run: two spans of days add up to the whole (flows), the stocks are those
 * of the span's last day, and a run's totals_by_year (one year here) is its totals. */
static void test_period_totals(const mig_run *run, const char *path)
{
    mig_totals all, a, b;
    int mid = run->report_from + (run->n_days - run->report_from) / 2;
    CHECK(mig_totals_of(run, &all) == 0);
    CHECK(mig_totals_of_days(run, run->report_from, mid, &a) == 0);
    CHECK(mig_totals_of_days(run, mid + 1, run->n_days - 1, &b) == 0);
    CHECK(a.n == all.n && b.n == all.n);
    for (int k = 0; k < all.n && a.n == all.n && b.n == all.n; k++) {
        if (strcmp(all.key[k], "departures") == 0 || strcmp(all.key[k], "detections.RS-HU") == 0 ||
            strcmp(all.key[k], "arrivals") == 0)
            CHECK_EQ(a.v[k] + b.v[k], all.v[k]);
        if (strcmp(all.key[k], "stock_end") == 0)
            CHECK_EQ(b.v[k], all.v[k]);
    }
    mig_totals_free(&all);
    mig_totals_free(&a);
    mig_totals_free(&b);
    int year[4], span[4][2];
    CHECK_EQ(mig_year_spans(run, year, span, 4), 1);
    CHECK(year[0] == 2022 && span[0][0] == run->report_from && span[0][1] == run->n_days - 1);
    char *t = export_to_string(path, "totals_by_year", "csv"), *u = export_to_string(path, "totals", "csv");
    CHECK(t != NULL && u != NULL);
    if (t && u) {
        CHECK(strncmp(t, "year,indicator,value\n2022,departures,", 37) == 0);
        CHECK(strlen(t) == strlen(u) + 5 * (size_t)(csv_rows(u, &(double){ 0 })) + 5);  /* "2022," a row */
    }
    free(t);
    free(u);
}

/* A journey distribution's statistics over two bins (each argument: the two bins' values). */
#define JSTAT(mean, lo, hi) "{\"mean\": [" mean "], \"sd\": [1, 0.5], \"lo\": [" lo "], \"hi\": [" hi "]}"

/* A comparison by hand: two arms and their paired difference over two months. */
static const char compare_doc[] =
    "{\"schema\": \"" MIG_COMPARE_SCHEMA "\", \"meta\": {\"replicates\": 2,"
    " \"window\": {\"from\": \"2022-01-10\", \"to\": \"2022-02-05\", \"totals\": \"\"}},"
    " \"months\": [\"2022-01\", \"2022-02\"],"
    " \"arms\": {"
    "  \"base\": {\"monthly\": {\"frontex_detections\": {\"AFG\": {\"mean\": [10, 20], \"sd\": [1, 2], \"lo\": [8, 16], \"hi\": [12, 24]}}},"
    "   \"totals\": {\"departures\": {\"mean\": 100, \"sd\": 5, \"lo\": 90, \"hi\": 110}},"
    "   \"totals_by_year\": {\"2022\": {\"departures\": {\"mean\": 100, \"sd\": 5, \"lo\": 90, \"hi\": 110}}},"
    "   \"totals_window\": {\"departures\": {\"mean\": 40, \"sd\": 2, \"lo\": 36, \"hi\": 44}},"
    "   \"replicate_series\": {\"monthly\": {\"frontex_detections\": {\"AFG\": [[9, 18], [11, 22]]}, \"in_transit\": [[1, 2], [3, 4]]}},"
    "   \"journeys\": {\"detections_before_arrival\": {\"bins\": [\"0\", \"1+\"], \"all\": " JSTAT("6, 4", "5, 3", "7, 5") ","
    "     \"by_nationality\": {\"AFG\": " JSTAT("6, 4", "5, 3", "7, 5") "}}}},"
    "  \"close, border\": {\"monthly\": {\"frontex_detections\": {\"AFG\": {\"mean\": [7, 5], \"sd\": [1, 1], \"lo\": [5, 3], \"hi\": [9, 7]}}},"
    "   \"totals\": {\"departures\": {\"mean\": 90, \"sd\": 4, \"lo\": 82, \"hi\": 98}},"
    "   \"totals_by_year\": {\"2022\": {\"departures\": {\"mean\": 90, \"sd\": 4, \"lo\": 82, \"hi\": 98}}},"
    "   \"totals_window\": {\"departures\": {\"mean\": 30, \"sd\": 1, \"lo\": 28, \"hi\": 32}},"
    "   \"replicate_series\": {\"monthly\": {\"frontex_detections\": {\"AFG\": [[6, 4], [8, 6]]}, \"in_transit\": [[0, 0], [1, 1]]}},"
    "   \"journeys\": {\"detections_before_arrival\": {\"bins\": [\"0\", \"1+\"], \"all\": " JSTAT("7, 1", "6, 0", "8, 2") ","
    "     \"by_nationality\": {\"AFG\": " JSTAT("7, 1", "6, 0", "8, 2") "}}}}},"
    " \"differences\": {"
    "  \"close, border\": {\"of\": \"close, border - base\","
    "   \"monthly\": {\"frontex_detections\": {\"AFG\": {\"mean\": [-3, -15], \"sd\": [0.5, 1], \"lo\": [-4, -17], \"hi\": [-2, -13]}}},"
    "   \"totals\": {\"departures\": {\"mean\": -10, \"sd\": 1, \"lo\": -12, \"hi\": -8}},"
    "   \"totals_by_year\": {\"2022\": {\"departures\": {\"mean\": -10, \"sd\": 1, \"lo\": -12, \"hi\": -8}}},"
    "   \"totals_window\": {\"departures\": {\"mean\": -10, \"sd\": 0.5, \"lo\": -11, \"hi\": -9}},"
    "   \"journeys\": {\"detections_before_arrival\": {\"bins\": [\"0\", \"1+\"], \"all\": " JSTAT("1, -3", "0, -4", "2, -2") ","
    "     \"by_nationality\": {\"AFG\": " JSTAT("1, -3", "0, -4", "2, -2") "}}}}}}";

/* The tables of a comparison: an arm column (quoted where the name needs it), the difference
 * with the document's own interval; a damaged document writes nothing. */
static void test_compare(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/export_compare.json", MIG_TEST_TMPDIR);
    CHECK(write_text(path, compare_doc) == 0);
    char *t = export_to_string(path, "frontex_monthly", "csv");
    CHECK(t != NULL);
    if (t)
        CHECK(strcmp(t, "arm,month,nationality,mean,sd,lo,hi\n"
                        "base,2022-01,AFG,10,1,8,12\nbase,2022-02,AFG,20,2,16,24\n"
                        "\"close, border\",2022-01,AFG,7,1,5,9\n\"close, border\",2022-02,AFG,5,1,3,7\n"
                        "difference,2022-01,AFG,-3,0.5,-4,-2\ndifference,2022-02,AFG,-15,1,-17,-13\n") == 0);
    free(t);
    t = export_to_string(path, "totals", "json");
    CHECK(t != NULL);
    if (t)
        CHECK(strcmp(t, "[\n{\"arm\":\"base\",\"indicator\":\"departures\",\"mean\":100,\"sd\":5,\"lo\":90,\"hi\":110},"
                        "\n{\"arm\":\"close, border\",\"indicator\":\"departures\",\"mean\":90,\"sd\":4,\"lo\":82,\"hi\":98},"
                        "\n{\"arm\":\"difference\",\"indicator\":\"departures\",\"mean\":-10,\"sd\":1,\"lo\":-12,\"hi\":-8}"
                        "\n]\n") == 0);
    free(t);
    t = export_to_string(path, "totals_by_year", "csv");
    CHECK(t != NULL);
    if (t)
        CHECK_HAS(t, "arm,year,indicator,mean,sd,lo,hi\nbase,2022,departures,100,5,90,110\n");
    free(t);
    t = export_to_string(path, "totals_window", "csv");
    CHECK(t != NULL);
    if (t)
        CHECK_HAS(t, "\ndifference,2022-01-10,2022-02-05,departures,-10,0.5,-11,-9\n");
    free(t);
    t = export_to_string(path, "replicates_monthly", "csv");
    CHECK(t != NULL);
    if (t) {
        CHECK(strncmp(t, "arm,replicate,series,level1,level2,month,value\nbase,0,frontex_detections,AFG,,2022-01,9\n"
                         "base,0,frontex_detections,AFG,,2022-02,18\nbase,0,in_transit,,,2022-01,1\n", 150) == 0);
        CHECK_HAS(t, "\n\"close, border\",1,frontex_detections,AFG,,2022-02,6\n");
        CHECK(strstr(t, "difference") == NULL);
    }
    free(t);
    t = export_to_string(path, "replicates_monthly", "json");
    CHECK(t != NULL);
    if (t)
        CHECK_HAS(t, "{\"arm\":\"base\",\"replicate\":1,\"series\":\"in_transit\",\"level1\":null,\"level2\":null,"
                     "\"month\":\"2022-02\",\"value\":4}");
    free(t);
    t = export_to_string(path, "journeys", "csv");
    CHECK(t != NULL);
    if (!t || !CHECK(strcmp(t, "arm,distribution,nationality,bin,mean,sd,lo,hi\n"
                           "base,detections_before_arrival,all,0,6,1,5,7\nbase,detections_before_arrival,all,1+,4,0.5,3,5\n"
                           "base,detections_before_arrival,AFG,0,6,1,5,7\nbase,detections_before_arrival,AFG,1+,4,0.5,3,5\n"
                           "\"close, border\",detections_before_arrival,all,0,7,1,6,8\n"
                           "\"close, border\",detections_before_arrival,all,1+,1,0.5,0,2\n"
                           "\"close, border\",detections_before_arrival,AFG,0,7,1,6,8\n"
                           "\"close, border\",detections_before_arrival,AFG,1+,1,0.5,0,2\n"
                           "difference,detections_before_arrival,all,0,1,1,0,2\n"
                           "difference,detections_before_arrival,all,1+,-3,0.5,-4,-2\n"
                           "difference,detections_before_arrival,AFG,0,1,1,0,2\n"
                           "difference,detections_before_arrival,AFG,1+,-3,0.5,-4,-2\n") == 0))
        fprintf(stderr, "    journeys: %s\n", t ? t : err);
    free(t);
    t = export_to_string(path, "journeys", "json");
    CHECK(t != NULL);
    if (t)
        CHECK_HAS(t, "\n{\"arm\":\"difference\",\"distribution\":\"detections_before_arrival\",\"nationality\":\"AFG\","
                     "\"bin\":\"1+\",\"mean\":-3,\"sd\":0.5,\"lo\":-4,\"hi\":-2}\n]\n");
    free(t);
    /* A difference's month without hi: refused, and nothing written before the refusal. */
    cJSON *doc = cJSON_Parse(compare_doc);
    CHECK(doc != NULL);
    if (doc) {
        cJSON *leaf = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(
            cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "differences"), "close, border"), "monthly"),
            "frontex_detections"), "AFG"), "hi");
        CHECK(leaf != NULL);
        cJSON_DeleteItemFromArray(leaf, 1);
        char *text = cJSON_PrintUnformatted(doc);
        CHECK(text && write_text(path, text) == 0);
        free(text);
        cJSON_Delete(doc);
        FILE *f = tmpfile();
        CHECK(f != NULL);
        if (f) {
            CHECK(mig_export(path, "frontex_monthly", "csv", f, err) == -1);
            CHECK_HAS(err, "of difference does not match its months");
            CHECK_EQ(ftell(f), 0);
            fclose(f);
        }
        CHECK(mig_export(path, "camps_daily", "csv", stdout, err) == -1);
        CHECK_HAS(err, "does not apply to a comparison");
        /* an unknown table: the list of tables ends at a whole name and says where the rest is */
        CHECK(mig_export(path, "journey", "csv", stdout, err) == -1);
        CHECK_HAS(err, "unknown table 'journey'");
        CHECK_HAS(err, ", ... (migsim export --help lists them all)");
    }
    remove(path);
}

/* A Flee-rule run of three days: a camp with UNHCR counts, one without (null), one whose
 * name needs CSV quoting; numbers as the writer prints them (17 digits where needed). */
static const char flee_run_doc[] =
    "{\"schema\": \"" MIG_FLEE_SCHEMA "\","
    " \"meta\": {\"hasten\": 1, \"camps\": [\"Nduta\", \"Lusenda\", \"Camp, North\"],"
    "  \"locations\": [{\"name\": \"Bujumbura\"}, {\"name\": \"Nduta\"}]},"
    " \"dates\": [\"2015-05-01\", \"2015-05-02\", \"2015-05-03\"],"
    " \"daily\": {"
    "  \"population\": {\"Bujumbura\": [100, 80, 60], \"Nduta\": [0, 20, 40]},"
    "  \"camps\": {\"Lusenda\": {\"simulated\": [0, 5, 7], \"observed\": null},"
    "             \"Nduta\": {\"simulated\": [0, 20, 40], \"observed\": [1, 25.5, 38]},"
    "             \"Camp, North\": {\"simulated\": [3, 2, 1], \"observed\": [0, 0, 2]}},"
    "  \"in_camps_simulated\": [3, 22, 41], \"in_camps_observed\": [1, 25.5, 40],"
    "  \"spawned\": [100, 0, 0], \"agents\": [103, 102, 101], \"in_transit\": [0, 0, 0],"
    "  \"refugee_debt\": [0, 0, 12], \"ard\": [0, 0.21568627450980393, 0.1],"
    "  \"ard_rescaled\": [0, 0.123456789012345, 1e-20], \"total_error\": [0, -0.5, 2.5]},"
    " \"totals\": {\"ard\": 0.10522875816993464, \"agents_end\": 101, \"camp_end.Nduta\": 40}}";

/* The same as two replicates: means, sds, no population or daily totals. */
static const char flee_ens_doc[] =
    "{\"schema\": \"" MIG_FLEE_ENS_SCHEMA "\","
    " \"meta\": {\"replicates\": 2, \"seeds\": [1, 2], \"camps\": [\"Nduta\", \"Lusenda\"]},"
    " \"dates\": [\"2015-05-01\", \"2015-05-02\"],"
    " \"daily\": {"
    "  \"camps\": {\"Nduta\": {\"mean\": [0, 20.5], \"sd\": [0, 0.70710678118654757], \"observed\": [1, 25.5]},"
    "             \"Lusenda\": {\"mean\": [1, 2], \"sd\": [0, 1], \"observed\": null}},"
    "  \"ard\": {\"mean\": [0, 0.2], \"sd\": [0, 0.01]}},"
    " \"totals\": {\"ard\": 0.1, \"agents_end\": 101.5},"
    " \"totals_sd\": {\"ard\": 0.0050000000000000001, \"agents_end\": 0.70710678118654757},"
    " \"replicate_totals\": {\"ard\": [0.095, 0.105], \"agents_end\": [101, 102]}}";

/* Export table from the document text (written to a scratch file) and compare with expect. */
static void check_doc_table(const char *doc, const char *table, const char *format, const char *expect)
{
    char path[512];
    snprintf(path, sizeof path, "%s/export_doc.json", MIG_TEST_TMPDIR);
    CHECK(write_text(path, doc) == 0);
    char *t = export_to_string(path, table, format);
    if (!CHECK(t != NULL))
        fprintf(stderr, "    %s: %s\n", table, err);
    else if (!CHECK(strcmp(t, expect) == 0))
        fprintf(stderr, "    %s (%s):\n--- got\n%s--- expected\n%s---\n", table, format, t, expect);
    free(t);
    remove(path);
}

/* The table must fail on doc with an error containing says. */
static void check_doc_error(const char *doc, const char *table, const char *says)
{
    char path[512];
    snprintf(path, sizeof path, "%s/export_doc_bad.json", MIG_TEST_TMPDIR);
    CHECK(write_text(path, doc) == 0);
    FILE *sink = tmpfile();
    CHECK(sink != NULL);
    if (sink) {
        err[0] = 0;
        CHECK(mig_export(path, table, "csv", sink, err) == -1);
        CHECK_HAS(err, says);
        CHECK_EQ(ftell(sink), 0);  /* no half table */
        fclose(sink);
    }
    remove(path);
}

/* journeys of an older document (none), of a comparison whose difference lacks them, and with a
 * nationality's bins that do not match the labels: refused before any row. */
static void test_journeys_errors(void)
{
    check_doc_error("{\"schema\": \"" MIG_SCHEMA "\", \"totals\": {}}", "journeys",
                    "has no journeys (a document written before migsim kept them");
    check_doc_error("{\"schema\": \"" MIG_SCHEMA "\", \"journeys\": {\"days_to_arrive\": {\"bins\": [\"0-6\", \"7+\"],"
                    " \"all\": [1, 2], \"by_nationality\": {\"AFG\": [1]}}}}", "journeys",
                    "journeys.days_to_arrive is not bins with persons per bin");
    cJSON *doc = cJSON_Parse(compare_doc);
    CHECK(doc != NULL);
    if (!doc)
        return;
    cJSON *diff = cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "differences"), "close, border");
    cJSON *hi = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(
        diff, "journeys"), "detections_before_arrival"), "by_nationality"), "AFG"), "hi");
    CHECK(hi != NULL);
    cJSON_DeleteItemFromArray(hi, 1);
    char *text = cJSON_PrintUnformatted(doc);
    if (CHECK(text != NULL))
        check_doc_error(text, "journeys", "journeys.detections_before_arrival of difference is not bins with mean, sd");
    free(text);
    cJSON_DeleteItemFromObject(diff, "journeys");
    text = cJSON_PrintUnformatted(doc);
    if (CHECK(text != NULL))
        check_doc_error(text, "journeys", "has no journeys in difference");
    free(text);
    cJSON_Delete(doc);
}

static void test_flee(void)
{
    /* camps in meta.camps order, day-major; observed empty where null */
    check_doc_table(flee_run_doc, "camps_daily", "csv",
                     "day,date,camp,simulated,observed\n"
                     "0,2015-05-01,Nduta,0,1\n"
                     "0,2015-05-01,Lusenda,0,\n"
                     "0,2015-05-01,\"Camp, North\",3,0\n"
                     "1,2015-05-02,Nduta,20,25.5\n"
                     "1,2015-05-02,Lusenda,5,\n"
                     "1,2015-05-02,\"Camp, North\",2,0\n"
                     "2,2015-05-03,Nduta,40,38\n"
                     "2,2015-05-03,Lusenda,7,\n"
                     "2,2015-05-03,\"Camp, North\",1,2\n");
    check_doc_table(flee_run_doc, "camps_daily", "json",
                     "[\n"
                     "{\"day\":0,\"date\":\"2015-05-01\",\"camp\":\"Nduta\",\"simulated\":0,\"observed\":1},\n"
                     "{\"day\":0,\"date\":\"2015-05-01\",\"camp\":\"Lusenda\",\"simulated\":0,\"observed\":null},\n"
                     "{\"day\":0,\"date\":\"2015-05-01\",\"camp\":\"Camp, North\",\"simulated\":3,\"observed\":0},\n"
                     "{\"day\":1,\"date\":\"2015-05-02\",\"camp\":\"Nduta\",\"simulated\":20,\"observed\":25.5},\n"
                     "{\"day\":1,\"date\":\"2015-05-02\",\"camp\":\"Lusenda\",\"simulated\":5,\"observed\":null},\n"
                     "{\"day\":1,\"date\":\"2015-05-02\",\"camp\":\"Camp, North\",\"simulated\":2,\"observed\":0},\n"
                     "{\"day\":2,\"date\":\"2015-05-03\",\"camp\":\"Nduta\",\"simulated\":40,\"observed\":38},\n"
                     "{\"day\":2,\"date\":\"2015-05-03\",\"camp\":\"Lusenda\",\"simulated\":7,\"observed\":null},\n"
                     "{\"day\":2,\"date\":\"2015-05-03\",\"camp\":\"Camp, North\",\"simulated\":1,\"observed\":2}\n"
                     "]\n");
    check_doc_table(flee_run_doc, "population_daily", "csv",
                     "day,date,location,population\n"
                     "0,2015-05-01,Bujumbura,100\n0,2015-05-01,Nduta,0\n"
                     "1,2015-05-02,Bujumbura,80\n1,2015-05-02,Nduta,20\n"
                     "2,2015-05-03,Bujumbura,60\n2,2015-05-03,Nduta,40\n");
    /* numbers with the digits of the JSON: 17 where 15 do not read back, 1e-20 as %g has it */
    check_doc_table(flee_run_doc, "flee_daily", "csv",
                     "day,date,spawned,agents,in_transit,in_camps_simulated,in_camps_observed,refugee_debt,ard,"
                     "ard_rescaled,total_error\n"
                     "0,2015-05-01,100,103,0,3,1,0,0,0,0\n"
                     "1,2015-05-02,0,102,0,22,25.5,0,0.21568627450980393,0.123456789012345,-0.5\n"
                     "2,2015-05-03,0,101,0,41,40,12,0.1,1e-20,2.5\n");
    check_doc_table(flee_run_doc, "totals", "csv",
                     "indicator,value\nard,0.10522875816993464\nagents_end,101\ncamp_end.Nduta,40\n");

    check_doc_table(flee_ens_doc, "camps_daily", "csv",
                     "day,date,camp,simulated_mean,simulated_sd,observed\n"
                     "0,2015-05-01,Nduta,0,0,1\n"
                     "0,2015-05-01,Lusenda,1,0,\n"
                     "1,2015-05-02,Nduta,20.5,0.70710678118654757,25.5\n"
                     "1,2015-05-02,Lusenda,2,1,\n");
    check_doc_table(flee_ens_doc, "totals", "csv",
                     "indicator,mean,sd\nard,0.1,0.005\nagents_end,101.5,0.70710678118654757\n");
    check_doc_table(flee_ens_doc, "totals", "json",
                     "[\n{\"indicator\":\"ard\",\"mean\":0.1,\"sd\":0.005},\n"
                     "{\"indicator\":\"agents_end\",\"mean\":101.5,\"sd\":0.70710678118654757}\n]\n");

    /* tables of other documents: the error names the schema and the tables that apply */
    check_doc_error(flee_run_doc, "detections_monthly",
                     "table 'detections_monthly' does not apply to a Flee-rule run (" MIG_FLEE_SCHEMA
                     "); its tables: totals, camps_daily, population_daily, flee_daily");
    check_doc_error(flee_ens_doc, "flee_daily",
                     "table 'flee_daily' does not apply to Flee-rule replicates (" MIG_FLEE_ENS_SCHEMA
                     "); its tables: totals, camps_daily");
    check_doc_error(flee_ens_doc, "population_daily", "does not apply");
    check_doc_error(flee_run_doc, "sobol", "does not apply");
    check_doc_error(flee_run_doc, "camp_daily", "unknown table 'camp_daily' for a Flee-rule run");

    /* malformed: a series shorter than the dates, a camp of meta.camps without series, a string */
    check_doc_error("{\"schema\": \"" MIG_FLEE_SCHEMA "\", \"meta\": {\"camps\": [\"A\"]}, \"dates\": [\"2015-05-01\","
                     " \"2015-05-02\"], \"daily\": {\"camps\": {\"A\": {\"simulated\": [1], \"observed\": null}}}}",
                     "camps_daily", "daily.camps 'A' does not match the dates");
    check_doc_error("{\"schema\": \"" MIG_FLEE_SCHEMA "\", \"meta\": {\"camps\": [\"A\", \"B\"]}, \"dates\": "
                     "[\"2015-05-01\"], \"daily\": {\"camps\": {\"A\": {\"simulated\": [1], \"observed\": [2]}}}}",
                     "camps_daily", "daily.camps 'B'");
    check_doc_error("{\"schema\": \"" MIG_FLEE_SCHEMA "\", \"meta\": {}, \"dates\": [\"2015-05-01\"],"
                     " \"daily\": {\"population\": {\"X\": [\"many\"]}}}",
                     "population_daily", "daily.population 'X'");
    check_doc_error("{\"schema\": \"" MIG_FLEE_SCHEMA "\", \"meta\": {}, \"dates\": [\"2015-05-01\"], \"daily\": {}}",
                     "flee_daily", "daily series 'spawned' is missing");
    check_doc_error("{\"schema\": \"" MIG_FLEE_SCHEMA "\", \"meta\": {}, \"dates\": [\"2015-05-01\"]}",
                     "camps_daily", "without dates and daily series");
    check_doc_error("{\"schema\": \"" MIG_FLEE_ENS_SCHEMA "\", \"totals\": {\"ard\": 0.1}, \"totals_sd\": {}}",
                     "totals", "total 'ard' has no mean and sd");
    /* a run result's tables are not a Flee run's */
    check_doc_error("{\"schema\": \"" MIG_SCHEMA "\", \"totals\": {}}", "camps_daily",
                     "table 'camps_daily' does not apply to a run result (" MIG_SCHEMA ")");
}

/* A calibration reduced to what its tables read: two particles of two parameters (the second
 * name needs CSV quoting: no parameter key has a comma, but the header must not break), two
 * waves, one generation, one summary, one fit row; 0.30000000000000004 needs 17 digits. */
#define CALIB_HM                                                                                             \
    "{\"waves\": [{\"wave\": 1, \"region_share\": 0.5, \"implausibility\": [{\"target\": \"A\","               \
    " \"summary\": \"total\", \"min\": 0.25, \"median\": 2, \"share_below_cutoff\": 0.5}]},"                   \
    " {\"wave\": 2, \"region_share\": 0.125, \"implausibility\": [{\"target\": \"A\", \"summary\": \"total\","  \
    " \"min\": 0.1, \"median\": 1.5, \"share_below_cutoff\": 0.75}, {\"target\": \"B\", \"summary\": \"total\"," \
    " \"min\": 0, \"median\": 3, \"share_below_cutoff\": 0}]}]}"
#define CALIB_ABC                                                                                            \
    "{\"generations\": [{\"generation\": 1, \"temperature\": 10, \"proposals\": 6, \"accepted\": 3,"         \
    " \"acceptance_rate\": 0.5, \"ess\": 2.5, \"simulations\": 12}]}"
#define CALIB_REST                                                                                           \
    " \"posterior\": {\"parameters\": [\"p\", \"q,r\"], \"samples\": [[0.1, 2], [0.30000000000000004, 4]],"  \
    "  \"weights\": [0.25, 0.75], \"summary\": [{\"name\": \"p\", \"mean\": 0.25, \"sd\": 0.1, \"q05\": 0.1," \
    "  \"q50\": 0.3, \"q95\": 0.3, \"prior_q05\": 0.05, \"prior_q95\": 0.95, \"prior_sd\": 0.3,"             \
    "  \"contraction\": 0.9}]},"                                                                             \
    " \"fit\": [{\"target\": \"A\", \"month\": \"2022-01\", \"observed\": 12, \"mean\": 11.5, \"q05\": 9,"   \
    "  \"q50\": 11, \"q95\": 14, \"predictive_q05\": 6, \"predictive_q95\": 18}]}"
static const char calib_doc[] = "{\"schema\": \"" MIG_CALIB_SCHEMA "\", \"history_matching\": " CALIB_HM ","
                                " \"abc_smc\": " CALIB_ABC "," CALIB_REST;
static const char calib_no_hm[] = "{\"schema\": \"" MIG_CALIB_SCHEMA "\", \"history_matching\": null,"
                                  " \"abc_smc\": " CALIB_ABC "," CALIB_REST;
static const char calib_no_abc[] = "{\"schema\": \"" MIG_CALIB_SCHEMA "\", \"history_matching\": " CALIB_HM ","
                                   " \"abc_smc\": null," CALIB_REST;

/* calib_doc with its posterior replaced (the text after "posterior": up to "fit"). */
static char *calib_with_posterior(const char *posterior)
{
    static char buf[4096];
    const char *p = strstr(calib_doc, "\"posterior\""), *f = strstr(calib_doc, " \"fit\"");
    snprintf(buf, sizeof buf, "%.*s\"posterior\": %s,%s", (int)(p - calib_doc), calib_doc, posterior, f);
    return buf;
}

/* Rows of a CSV text (lines after the header). */
static int csv_lines(const char *text)
{
    int n = -1;
    for (; *text; text++)
        n += *text == '\n';
    return n;
}

static void test_calibration(void)
{
    check_doc_table(calib_doc, "posterior", "csv",
                    "particle,weight,p,\"q,r\"\n"
                    "0,0.25,0.1,2\n"
                    "1,0.75,0.30000000000000004,4\n");
    check_doc_table(calib_doc, "posterior", "json",
                    "[\n{\"particle\":0,\"weight\":0.25,\"p\":0.1,\"q,r\":2},\n"
                    "{\"particle\":1,\"weight\":0.75,\"p\":0.30000000000000004,\"q,r\":4}\n]\n");
    check_doc_table(calib_doc, "posterior_summary", "csv",
                    "name,mean,sd,q05,q50,q95,prior_q05,prior_q95,contraction\n"
                    "p,0.25,0.1,0.1,0.3,0.3,0.05,0.95,0.9\n");
    check_doc_table(calib_doc, "calibration_fit", "csv",
                    "target,month,observed,mean,q05,q50,q95,predictive_q05,predictive_q95\n"
                    "A,2022-01,12,11.5,9,11,14,6,18\n");
    check_doc_table(calib_doc, "calibration_fit", "json",
                    "[\n{\"target\":\"A\",\"month\":\"2022-01\",\"observed\":12,\"mean\":11.5,\"q05\":9,\"q50\":11,"
                    "\"q95\":14,\"predictive_q05\":6,\"predictive_q95\":18}\n]\n");
    check_doc_table(calib_doc, "calibration_waves", "csv",
                    "wave,target,summary,min,median,share_below_cutoff,region_share\n"
                    "1,A,total,0.25,2,0.5,0.5\n"
                    "2,A,total,0.1,1.5,0.75,0.125\n"
                    "2,B,total,0,3,0,0.125\n");
    check_doc_table(calib_doc, "calibration_generations", "csv",
                    "generation,temperature,proposals,accepted,acceptance_rate,ess,simulations\n"
                    "1,10,6,3,0.5,2.5,12\n");
    check_doc_table(calib_no_hm, "calibration_generations", "json",
                    "[\n{\"generation\":1,\"temperature\":10,\"proposals\":6,\"accepted\":3,\"acceptance_rate\":0.5,"
                    "\"ess\":2.5,\"simulations\":12}\n]\n");
    check_doc_table(calib_no_abc, "posterior", "csv",
                    "particle,weight,p,\"q,r\"\n0,0.25,0.1,2\n1,0.75,0.30000000000000004,4\n");

    /* the wrong table: the error names those a calibration has (those it skipped left out) */
    check_doc_error(calib_doc, "totals",
                    "table 'totals' does not apply to a calibration (" MIG_CALIB_SCHEMA "); its tables: posterior, "
                    "posterior_summary, calibration_fit, calibration_waves, calibration_generations");
    check_doc_error(calib_doc, "posteriors", "unknown table 'posteriors' for a calibration");
    check_doc_error(calib_no_hm, "calibration_waves",
                    "ran no history matching (history_matching is null), so it has no table calibration_waves; its "
                    "tables: posterior, posterior_summary, calibration_fit, calibration_generations");
    check_doc_error(calib_no_abc, "calibration_generations",
                    "ran no ABC-SMC (abc_smc is null), so it has no table calibration_generations; its tables: "
                    "posterior, posterior_summary, calibration_fit, calibration_waves");
    check_doc_error(flee_run_doc, "posterior", "table 'posterior' does not apply to a Flee-rule run");
    check_doc_error("{\"schema\": \"" MIG_SCHEMA "\", \"totals\": {}}", "calibration_fit",
                    "table 'calibration_fit' does not apply to a run result");

    /* malformed: ragged or short particles, a string where a number belongs, a missing field */
    check_doc_error(calib_with_posterior("{\"parameters\": [\"p\", \"q\"], \"samples\": [[1, 2], [3]],"
                                         " \"weights\": [0.5, 0.5]}"),
                    "posterior", "posterior particle 1 is not a weight and 2 numbers");
    check_doc_error(calib_with_posterior("{\"parameters\": [\"p\"], \"samples\": [[1], [3]], \"weights\": [1]}"),
                    "posterior", "posterior.weights has 1 weights for 2 particles");
    check_doc_error(calib_with_posterior("{\"parameters\": [\"p\"], \"samples\": [[1]], \"weights\": [\"1\"]}"),
                    "posterior", "posterior particle 0 is not");
    check_doc_error(calib_with_posterior("{\"parameters\": [\"weight\"], \"samples\": [[1]], \"weights\": [1]}"),
                    "posterior", "not 'particle', 'weight' or 'dispersion'");
    /* each particle's estimated dispersion, when there is one, as a last column */
    check_doc_table(calib_with_posterior("{\"parameters\": [\"p\"], \"samples\": [[1], [2]], \"weights\": [0.5, 0.5],"
                                         " \"dispersion\": [12.5, 3]}"),
                    "posterior", "csv", "particle,weight,p,dispersion\n0,0.5,1,12.5\n1,0.5,2,3\n");
    check_doc_table(calib_with_posterior("{\"parameters\": [\"p\"], \"samples\": [[1]], \"weights\": [1],"
                                         " \"dispersion\": null}"),
                    "posterior", "csv", "particle,weight,p\n0,1,1\n");
    check_doc_error(calib_with_posterior("{\"parameters\": [\"p\"], \"samples\": [[1], [2]], \"weights\": [0.5, 0.5],"
                                         " \"dispersion\": [1]}"),
                    "posterior", "posterior.dispersion is neither null nor one value per particle (2)");
    check_doc_error(calib_with_posterior("{\"parameters\": [\"p\"], \"samples\": [[1]], \"weights\": [1],"
                                         " \"dispersion\": [\"x\"]}"),
                    "posterior", "posterior particle 0 is not a weight, a dispersion and 1 numbers");
    check_doc_error(calib_with_posterior("{\"samples\": [[1]], \"weights\": [1]}"), "posterior",
                    "without posterior.parameters, samples and weights");
    check_doc_error(calib_with_posterior("{\"summary\": [{\"name\": \"p\", \"mean\": 1}]}"), "posterior_summary",
                    "posterior.summary[0].sd is missing, not a number");
    check_doc_error(calib_with_posterior("{}"), "posterior_summary",
                    "a calibration without posterior.summary (a list of records)");
    check_doc_error("{\"schema\": \"" MIG_CALIB_SCHEMA "\", \"fit\": [{\"target\": \"A\", \"month\": \"2022-01\","
                    " \"observed\": 1, \"mean\": 1, \"q05\": \"0\"}]}",
                    "calibration_fit", "fit[0].q05 is of the wrong type, not a number");
    check_doc_error("{\"schema\": \"" MIG_CALIB_SCHEMA "\", \"history_matching\": {\"waves\": [{\"wave\": 1,"
                    " \"region_share\": 1, \"implausibility\": [{\"summary\": \"total\"}]}]}}",
                    "calibration_waves", "history_matching.waves[0].implausibility[0].target is missing");
    check_doc_error("{\"schema\": \"" MIG_CALIB_SCHEMA "\", \"history_matching\": {\"waves\": [{\"wave\": 1}]}}",
                    "calibration_waves", "history_matching.waves[0] has no wave number and region_share");

    /* the fixture (tests/calibration/fixtures/post.json): every table, both formats, one row per record */
    static const struct {
        const char *table;
        int rows;
    } fixture_tables[] = { { "posterior", 50 }, { "posterior_summary", 4 }, { "calibration_fit", 12 },
                           { "calibration_waves", 4 }, { "calibration_generations", 3 } };
    for (size_t i = 0; i < sizeof fixture_tables / sizeof fixture_tables[0]; i++) {
        char *t = export_to_string(MIG_CALIB_FIXTURE, fixture_tables[i].table, "csv");
        if (!CHECK(t != NULL))
            fprintf(stderr, "    %s: %s\n", fixture_tables[i].table, err);
        else
            CHECK_EQ(csv_lines(t), fixture_tables[i].rows);
        free(t);
        t = export_to_string(MIG_CALIB_FIXTURE, fixture_tables[i].table, "json");
        cJSON *doc = t ? cJSON_Parse(t) : NULL;
        CHECK(cJSON_IsArray(doc) && cJSON_GetArraySize(doc) == fixture_tables[i].rows);
        cJSON_Delete(doc);
        free(t);
    }
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
    char buf[8192] = { 0 };  /* the list is near 4 KB */
    size_t got = fread(buf, 1, sizeof buf - 1, f);
    CHECK(n > 0 && got == (size_t)n);
    CHECK_HAS(buf, "detections_monthly");
    CHECK_HAS(buf, "totals");
    CHECK_HAS(buf, "camps_daily");
    CHECK_HAS(buf, "flee_daily");
    CHECK_HAS(buf, "calibration_generations");
    CHECK_HAS(buf, "journeys                 [arm,]distribution,nationality,bin,value");
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
            CHECK(mig_file_write_text(path, text, err) == 0);
            test_tables(run, path);
            test_period_totals(run, path);
            test_bad_input(path);
        }
        free(text);
        cJSON_Delete(doc);
        mig_run_free(run);
        remove(path);
    }
    test_compare();
    test_journeys_errors();
    test_flee();
    test_calibration();
    test_list();
    return check_done("test_export");
}
