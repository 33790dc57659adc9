/* test_flee_read.c: the Flee scenario reader and model builders (flee.h,
 * flee_read.c, flee_model.c): the Burundi scenario, one malformed fixture per
 * reader, a minimal folder, and a generated folder with Flee's edge cases (CRLF,
 * BOM, quoted fields, extra camp files, registration corrections), and the patterns
 * of FabFlee's other conflict scenarios. */
#include "check.h"
#include "date.h"
#include "flee.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#ifndef MIG_FLEE_FIXTURES
#error "MIG_FLEE_FIXTURES must name tests/flee/fixtures"
#endif
#ifndef MIG_FLEE_BURUNDI
#error "MIG_FLEE_BURUNDI must name data/flee/burundi"
#endif
#ifndef MIG_TEST_TMPDIR
#error "MIG_TEST_TMPDIR must name a scratch folder"
#endif

static int day_of(const char *s)
{
    int d = -999999;
    mig_date_parse(s, &d);
    return d;
}

static int has_note(const mig_flee_model *m, const char *sub)
{
    for (int i = 0; i < m->n_notes; i++)
        if (strstr(m->notes[i], sub))
            return 1;
    return 0;
}

static void print_notes(const mig_flee_model *m)
{
    for (int i = 0; i < m->n_notes; i++)
        fprintf(stderr, "    note: %s\n", m->notes[i]);
}

static const mig_flee_camp_data *camp(const mig_flee_model *m, const char *name)
{
    for (int i = 0; i < m->n_camps; i++)
        if (strcmp(m->camps[i].name, name) == 0)
            return &m->camps[i];
    return NULL;
}

static double setting(const mig_flee_model *m, const char *name)
{
    const mig_flee_setting_spec *sp = mig_flee_setting_find(name);
    return sp ? mig_flee_setting_get(&m->set, sp) : NAN;
}

static void test_settings(void)
{
    mig_flee_settings s;
    char err[MIG_ERR_LEN];
    mig_flee_settings_default(&s);
    CHECK_NEAR(s.max_move_speed, 360, 0);
    CHECK_NEAR(s.conflict_weight, 0.316227766, 1e-9);
    CHECK_NEAR(s.camp_movechance, 0.001, 0);
    CHECK_NEAR(s.awareness_level, 1, 0);
    CHECK_NEAR(s.displaced_per_conflict_day, 500, 0);
    CHECK_EQ(s.n_decay, 0);

    /* Every spec has a name, a section, an about and a default inside its range. */
    int n = 0;
    for (const mig_flee_setting_spec *sp = mig_flee_setting_specs; sp->name; sp++, n++) {
        CHECK(sp->section && sp->about && *sp->about);
        CHECK(mig_flee_setting_find(sp->name) == sp);
        double v = mig_flee_setting_get(&s, sp);
        if (mig_flee_setting_set(&s, sp->name, v, err))
            fprintf(stderr, "    default of %s rejected: %s\n", sp->name, err);
    }
    CHECK(n >= 29);
    CHECK(mig_flee_setting_find("move_rules.camp_weight") == mig_flee_setting_find("camp_weight"));
    CHECK(mig_flee_setting_find("spawn_rules.camp_weight") == NULL);

    CHECK_EQ(mig_flee_setting_set(&s, "max_move_speed", 200, err), 0);
    CHECK_NEAR(s.max_move_speed, 200, 0);
    CHECK_EQ(mig_flee_setting_set(&s, "max_move_speed", 0, err), -1);
    CHECK_HAS(err, "max_move_speed = 0 is out of range (0, inf)");
    CHECK_EQ(mig_flee_setting_set(&s, "camp_movechance", 1.7, err), -1);
    CHECK_HAS(err, "camp_movechance = 1.7 is out of range [0, 1]");
    CHECK_EQ(mig_flee_setting_set(&s, "capacity_buffer", 1, err), -1);
    CHECK_HAS(err, "[0, 1)");
    CHECK_EQ(mig_flee_setting_set(&s, "capacity_buffer", 0.99, err), 0);
    CHECK_EQ(mig_flee_setting_set(&s, "awareness_level", 0, err), -1);
    CHECK_HAS(err, "broken in Flee");
    CHECK_EQ(mig_flee_setting_set(&s, "awareness_level", 1.5, err), -1);
    CHECK_HAS(err, "integer");
    CHECK_EQ(mig_flee_setting_set(&s, "awareness_level", 7, err), -1);
    CHECK_EQ(mig_flee_setting_set(&s, "awareness_level", -1, err), 0);
    CHECK_EQ(mig_flee_setting_set(&s, "hasten", 0.5, err), -1);
    CHECK_EQ(mig_flee_setting_set(&s, "start_on_foot", 0.5, err), -1);
    CHECK_HAS(err, "boolean");
    CHECK_EQ(mig_flee_setting_set(&s, "conflict_weight", NAN, err), -1);
    CHECK_EQ(mig_flee_setting_set(&s, "max_move_sped", 1, err), -1);
    CHECK_HAS(err, "unknown Flee setting 'max_move_sped' (did you mean 'max_move_speed'?)");
    CHECK_EQ(mig_flee_setting_set(&s, "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", 1, err), -1);
    CHECK_HAS(err, "unknown Flee setting");

    CHECK_EQ(mig_flee_setting_set_text(&s, "conflict_spawn_mode", "pop_ratio", err), 0);
    CHECK_NEAR(s.conflict_spawn_mode, 2, 0);
    CHECK_EQ(mig_flee_setting_set_text(&s, "conflict_spawn_mode", "sometimes", err), -1);
    CHECK_HAS(err, "constant, poisson or pop_ratio");
    CHECK_EQ(mig_flee_setting_set_text(&s, "start_on_foot", "True", err), 0);
    CHECK_NEAR(s.start_on_foot, 1, 0);
    CHECK_EQ(mig_flee_setting_set_text(&s, "insert_day0", "off", err), 0);
    CHECK_NEAR(s.insert_day0, 0, 0);
    CHECK_EQ(mig_flee_setting_set_text(&s, "softening", "12.5", err), 0);
    CHECK_NEAR(s.softening, 12.5, 0);
    CHECK_EQ(mig_flee_setting_set_text(&s, "softening", "12km", err), -1);
    CHECK_HAS(err, "not a number");
}

static void test_builders(void)
{
    mig_flee_model m;
    char err[MIG_ERR_LEN];
    mig_flee_model_init(&m);
    mig_flee_loc l;
    memset(&l, 0, sizeof l);
    strcpy(l.name, "X");
    strcpy(l.country, "Home");
    strcpy(l.where, "s.lua:3: ");
    CHECK_EQ(mig_flee_add_loc(&m, &l, err), 0);
    CHECK_EQ(mig_flee_add_loc(&m, &l, err), -1);
    CHECK_HAS(err, "s.lua:3: location X is defined twice");
    strcpy(l.name, "Y");
    l.pop = -1;
    CHECK_EQ(mig_flee_add_loc(&m, &l, err), -1);
    CHECK_HAS(err, "population");
    l.pop = 10;
    l.lat = INFINITY;
    CHECK_EQ(mig_flee_add_loc(&m, &l, err), -1);
    l.lat = 0;
    l.conflict_date = -1;
    CHECK_EQ(mig_flee_add_loc(&m, &l, err), 1);

    mig_flee_route r;
    memset(&r, 0, sizeof r);
    r.a = 0;
    r.b = 1;
    r.distance = 0;
    CHECK_EQ(mig_flee_add_route(&m, &r, err), -1);
    CHECK_HAS(err, "distance");
    r.distance = 5;
    r.b = 0;
    CHECK_EQ(mig_flee_add_route(&m, &r, err), -1);
    r.b = 7;
    CHECK_EQ(mig_flee_add_route(&m, &r, err), -1);
    r.b = 1;
    CHECK_EQ(mig_flee_add_route(&m, &r, err), 0);

    mig_flee_closure c;
    memset(&c, 0, sizeof c);
    c.kind = MIG_FLEE_CLOSE_COUNTRY;
    strcpy(c.a, "Home");
    strcpy(c.b, "Elsewhere");
    c.end = -1;
    CHECK_EQ(mig_flee_add_closure(&m, &c, err), -1);
    CHECK_HAS(err, "'Elsewhere' is not the country of any location");
    c.kind = MIG_FLEE_CLOSE_LOCATION;
    strcpy(c.a, "Yy");
    CHECK_EQ(mig_flee_add_closure(&m, &c, err), -1);
    CHECK_HAS(err, "did you mean 'Y'?");
    strcpy(c.a, "Y");
    CHECK_EQ(mig_flee_add_closure(&m, &c, err), 0);

    mig_flee_series s = { 0 };
    CHECK_EQ(mig_flee_add_camp_data(&m, "X", 0, &s, err), -1);  /* no points */
    CHECK_EQ(mig_flee_series_push(&s, 0, 5), 0);
    CHECK_EQ(mig_flee_add_camp_data(&m, "X", 9, &s, err), -1);
    CHECK_EQ(mig_flee_add_camp_data(&m, "X", 0, &s, err), 0);
    CHECK(s.n == 0 && s.day == NULL);  /* moved in */
    CHECK_EQ(mig_flee_note(&m, "a %s %d", "note", 7), 0);
    CHECK(m.n_notes == 1 && strcmp(m.notes[0], "a note 7") == 0);

    CHECK_EQ(mig_flee_check(&m, err), -1);  /* no days */
    CHECK_HAS(err, "days");
    m.n_days = 3;
    if (!CHECK(mig_flee_check(&m, err) == 0))
        fprintf(stderr, "    %s\n", err);
    m.set.camp_weight = -1;
    CHECK_EQ(mig_flee_check(&m, err), -1);
    CHECK_HAS(err, "camp_weight");
    mig_flee_model_free(&m);
    mig_flee_model_free(&m);  /* safe twice */
    CHECK_EQ(m.n_locs, 0);
}

/* 100,000 locations and routes by the builders, each route looking its two names up:
 * linear in the count (a quadratic lookup took seconds at 40,000, finding 5 of issue 12).
 * Locations appended without the builder are still found. */
static void test_builders_scale(void)
{
    enum { N = 100000 };
    mig_flee_model m;
    char err[MIG_ERR_LEN];
    mig_flee_model_init(&m);
    clock_t t0 = clock();
    mig_flee_loc l;
    memset(&l, 0, sizeof l);
    strcpy(l.country, "Home");
    int bad = 0;
    for (int i = 0; i < N; i++) {
        snprintf(l.name, sizeof l.name, "L%d", i);
        bad += mig_flee_add_loc(&m, &l, err) != i;
    }
    mig_flee_route r;
    memset(&r, 0, sizeof r);
    r.distance = 10;
    char a[32], b[32];
    for (int i = 1; i < N; i++) {
        snprintf(a, sizeof a, "L%d", i - 1);
        snprintf(b, sizeof b, "L%d", i);
        r.a = mig_flee_find_loc(&m, a);
        r.b = mig_flee_find_loc(&m, b);
        bad += r.a != i - 1 || r.b != i || mig_flee_add_route(&m, &r, err) < 0;
    }
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    CHECK_EQ(bad, 0);
    CHECK_EQ(mig_flee_find_loc(&m, "L100000"), -1);
    CHECK_EQ(mig_flee_find_loc(&m, ""), -1);
    strcpy(l.name, "L77");
    CHECK_EQ(mig_flee_add_loc(&m, &l, err), -1);
    CHECK_HAS(err, "defined twice");
    if (!CHECK(secs < 3.0))
        fprintf(stderr, "    %d locations and routes took %.2f s of CPU\n", N, secs);
    /* A location put in the array directly (as a test may) is found by a scan. */
    mig_flee_loc *p = realloc(m.locs, (size_t)(m.n_locs + 1) * sizeof *p);
    if (CHECK(p != NULL)) {
        m.locs = p;
        m.cap_locs = m.n_locs + 1;
        m.locs[m.n_locs] = l;
        strcpy(m.locs[m.n_locs].name, "Direct");
        m.n_locs++;
        CHECK_EQ(mig_flee_find_loc(&m, "Direct"), N);
        CHECK_EQ(mig_flee_find_loc(&m, "L5"), 5);
    }
    mig_flee_model_free(&m);
}

static void test_burundi(void)
{
    mig_flee_model m;
    char err[MIG_ERR_LEN] = "";
    mig_flee_model_init(&m);
    if (!CHECK(mig_flee_read(&m, MIG_FLEE_BURUNDI, err) == 0)) {
        fprintf(stderr, "    %s\n", err);
        mig_flee_model_free(&m);
        return;
    }
    CHECK_EQ(m.n_locs, 30);
    CHECK_EQ(m.n_routes, 41);
    CHECK_EQ(m.n_closures, 3);
    CHECK_EQ(m.n_days, 396);
    CHECK_EQ(m.start_day, day_of("2015-05-01"));
    CHECK_EQ(m.n_camps, 5);
    CHECK(m.has_total);
    if (!CHECK(mig_flee_check(&m, err) == 0))
        fprintf(stderr, "    %s\n", err);

    CHECK_NEAR(m.set.max_move_speed, 200, 0);
    CHECK_NEAR(m.set.conflict_weight, 0.25, 0);
    CHECK_NEAR(setting(&m, "camp_movechance"), 0.001, 0);
    CHECK_NEAR(m.set.hasten, 1, 0);
    CHECK_NEAR(m.set.insert_day0, 1, 0);
    CHECK_EQ(m.set.n_decay, 5);
    static const double decay[] = { 1, 1, 1, 0.5, 0.1 };
    for (int i = 0; i < 5 && i < m.set.n_decay; i++)
        CHECK_NEAR(m.set.decay[i], decay[i], 0);

    /* Locations: types as Flee loads them, populations, foreign flags. */
    int buj = mig_flee_find_loc(&m, "Bujumbura"), kab = mig_flee_find_loc(&m, "Kabarore");
    int kag = mig_flee_find_loc(&m, "Kagunga"), mah = mig_flee_find_loc(&m, "Mahama");
    int bub = mig_flee_find_loc(&m, "Bubanza"), nya = mig_flee_find_loc(&m, "Nyarugusu");
    if (CHECK(buj >= 0 && kab >= 0 && kag >= 0 && mah >= 0 && bub >= 0 && nya >= 0)) {
        CHECK_EQ(m.locs[buj].type, MIG_FLEE_CONFLICT);
        CHECK_EQ(m.locs[buj].conflict_date, 0);
        CHECK_NEAR(m.locs[buj].pop, 497166, 0);
        CHECK_NEAR(m.locs[buj].conflict_intensity, 1, 0);
        CHECK_EQ(m.locs[kab].type, MIG_FLEE_TOWN);  /* conflict_date 71 > 0: a town */
        CHECK_EQ(m.locs[kab].conflict_date, 71);
        CHECK_EQ(m.locs[kag].type, MIG_FLEE_FORWARD);
        CHECK_EQ(m.locs[mah].type, MIG_FLEE_CAMP);
        CHECK_NEAR(m.locs[mah].capacity, 49451, 0);
        CHECK_NEAR(m.locs[mah].pop, 0, 0);
        CHECK_EQ(m.locs[mah].foreign, 1);
        CHECK_EQ(m.locs[bub].foreign, 0);
        CHECK_NEAR(m.locs[bub].pop, 0, 0);
        CHECK_EQ(m.locs[bub].conflict_date, -1);
        CHECK(strcmp(m.locs[mah].country, "Rwanda") == 0);
        CHECK_HAS(m.locs[kab].where, "locations.csv:3: ");
    }
    /* Routes and closures. */
    CHECK_EQ(m.routes[0].a, buj);
    CHECK_EQ(m.routes[0].b, bub);
    CHECK_NEAR(m.routes[0].distance, 48, 0);
    CHECK_EQ(m.routes[0].forced, 0);
    CHECK_EQ(m.closures[0].kind, MIG_FLEE_CLOSE_FORCED);
    CHECK_EQ(m.closures[0].start, 101);
    CHECK_EQ(m.closures[0].end, 0);
    CHECK_EQ(m.closures[1].kind, MIG_FLEE_CLOSE_CAMP);
    CHECK(strcmp(m.closures[1].a, "Nduta") == 0);
    CHECK_EQ(m.closures[1].end, 101);

    /* conflicts.csv: 32 names, of which Isale and Gitega-Ruyigi are no location. */
    CHECK(m.has_conflicts);
    CHECK_EQ(m.n_conflict_days, 396);
    CHECK_EQ(m.n_conflict_cols, 30);
    CHECK(has_note(&m, "'Isale' names no location"));
    CHECK(has_note(&m, "'Gitega-Ruyigi' names no location"));
    if (m.n_conflict_cols == 30) {
        CHECK_EQ(m.conflict_loc[0], buj);
        CHECK_NEAR(m.conflict_value[0], 1, 0);              /* Bujumbura, day 0 */
        CHECK_NEAR(m.conflict_value[1], 0, 0);              /* Kabarore, day 0 */
        CHECK_NEAR(m.conflict_value[395 * 30 + 1], 1, 0);   /* Kabarore, day 395 */
    }
    /* Burundi sets nothing migsim ignores. */
    CHECK(!has_note(&m, "not modelled"));

    /* The total series starts before the start date. */
    CHECK_EQ(m.total.day[0], day_of("2015-04-10") - day_of("2015-05-01"));
    CHECK_NEAR(m.total.value[0], 3246, 0);

    /* Nyarugusu: 210 on day 0 in the file, times the 2015-11-10 correction
     * 91917 / 100925 (the points on 2015-11-10 and 2015-10-09). */
    const mig_flee_camp_data *c = camp(&m, "Nyarugusu");
    if (CHECK(c != NULL)) {
        CHECK_EQ(c->loc, nya);
        CHECK_EQ(c->s.day[0], 0);
        CHECK_NEAR(c->s.value[0], 210.0 * 91917.0 / 100925.0, 1e-9);
        int i = 0;
        while (i < c->s.n && c->s.day[i] != day_of("2015-11-10") - m.start_day)
            i++;
        if (CHECK(i > 0 && i < c->s.n)) {
            CHECK_NEAR(c->s.value[i], 91917, 0);
            CHECK_NEAR(c->s.value[i - 1], 91917, 1e-9);  /* 100925 x ratio */
        }
    }
    /* Mahama: corrected on 2015-10-04 (43593) against 2015-09-29 (44330). */
    c = camp(&m, "Mahama");
    if (CHECK(c != NULL && c->s.n > 40)) {
        double ratio = 43593.0 / 44330.0;
        CHECK_EQ(c->s.day[1], day_of("2015-06-01") - m.start_day);
        CHECK_NEAR(c->s.value[0], 0, 0);
        CHECK_NEAR(c->s.value[1], 23984 * ratio, 1e-9);
        CHECK_NEAR(c->s.value[2], 26958 * ratio, 1e-9);
        CHECK_EQ(c->s.day[35], day_of("2015-10-04") - m.start_day);
        CHECK_NEAR(c->s.value[35], 43593, 0);
        CHECK_NEAR(c->s.value[34], 43593, 1e-9);
        CHECK_NEAR(c->s.value[36], 43786, 0);
    }
    /* Lusenda: its file starts with ",", skipped; its correction shrinks the
     * early points by 155 / 7332. */
    c = camp(&m, "Lusenda");
    if (CHECK(c != NULL && c->s.n == 11)) {
        CHECK_EQ(c->s.day[0], 0);
        CHECK_NEAR(c->s.value[2], 155, 1e-9);
        CHECK_NEAR(c->s.value[1], 7 * 155.0 / 7332.0, 1e-12);
    }
    if (check_failed_)
        print_notes(&m);
    mig_flee_model_free(&m);
}

/* A malformed fixture: the read fails and the message names the file and line. */
static void bad_fixture(const char *name, const char *where, const char *what)
{
    char dir[1024], err[MIG_ERR_LEN] = "";
    snprintf(dir, sizeof dir, "%s/%s", MIG_FLEE_FIXTURES, name);
    mig_flee_model m;
    mig_flee_model_init(&m);
    int rc = mig_flee_read(&m, dir, err);
    if (!check_report_(rc == -1, __FILE__, __LINE__, name))
        fprintf(stderr, "    %s read fine\n", name);
    CHECK_HAS(err, where);
    CHECK_HAS(err, what);
    CHECK_HAS(err, dir);  /* the path as opened */
    mig_flee_model_free(&m);
}

static void test_bad(void)
{
    bad_fixture("bad_type", "input_csv/locations.csv:3: ", "unknown location type 'village'");
    bad_fixture("bad_route", "input_csv/routes.csv:3: ", "unknown location 'Cc' (did you mean 'C'?)");
    bad_fixture("bad_conflict", "input_csv/conflicts.csv:3: ", "bad value 'x' for 'A'");
    bad_fixture("bad_campdate", "source_data/camp-c.csv:3: ", "bad date '2020-13-05'");
    bad_fixture("bad_closure", "input_csv/closures.csv:2: ", "expected 5 columns");
    bad_fixture("bad_yml", "simsetting.yml:5: ", "camp_movechance = 1.7 is out of range [0, 1]");
    bad_fixture("bad_period", "input_csv/sim_period.csv:2: ", "bad Length 'ten'");
    bad_fixture("no_such_folder", "no_such_folder/input_csv/sim_period.csv: ", "cannot open");
}

static void test_minimal(void)
{
    mig_flee_model m;
    char err[MIG_ERR_LEN] = "";
    mig_flee_model_init(&m);
    if (CHECK(mig_flee_read(&m, MIG_FLEE_FIXTURES "/minimal/", err) == 0)) {
        CHECK_EQ(m.n_locs, 3);
        CHECK_EQ(m.n_routes, 2);
        CHECK_EQ(m.n_closures, 0);
        CHECK_EQ(m.has_conflicts, 0);
        CHECK_EQ(m.has_total, 0);
        CHECK_EQ(m.n_camps, 0);
        CHECK_EQ(m.n_days, 10);
        CHECK_NEAR(m.set.max_move_speed, 360, 0);
        CHECK_EQ(m.locs[2].type, MIG_FLEE_CAMP);
        CHECK_EQ(m.locs[2].foreign, 1);
        CHECK(has_note(&m, "data_layout.csv: no such file"));
        /* The trailing slash does not double. */
        CHECK(strstr(m.locs[0].where, "minimal//") == NULL);
        if (!CHECK(mig_flee_check(&m, err) == 0))
            fprintf(stderr, "    %s\n", err);
    } else {
        fprintf(stderr, "    %s\n", err);
    }
    mig_flee_model_free(&m);
}

/* ---- a generated folder with Flee's edge cases ---- */

static int mkdirs(const char *path)
{
    char buf[1024];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            if (mkdir(buf, 0755) && errno != EEXIST)
                return -1;
            *p = '/';
        }
    return mkdir(buf, 0755) && errno != EEXIST ? -1 : 0;
}

static void put(const char *dir, const char *rel, const char *text)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    char *slash = strrchr(path, '/');
    *slash = 0;
    mkdirs(path);
    *slash = '/';
    FILE *f = fopen(path, "wb");
    if (!check_report_(f != NULL, __FILE__, __LINE__, path))
        return;
    fputs(text, f);
    fclose(f);
}

static void test_quirks(void)
{
    const char *dir = MIG_TEST_TMPDIR "/flee_quirks";
    put(dir, "simsetting.yml",
        "log_levels:\n  agent: 1\n"
        "spawn_rules:\n"
        "  take_from_population: False\n"
        "  conflict_spawn_decay:\n    - 1.0\n    - 0.5\n"
        "  conflict_driven_spawning:\n    spawn_mode: pop_ratio\n"
        "  insert_day0: true\n"
        "move_rules:\n"
        "  max_move_speed: 300\n"
        "  awareness_level: 2\n"
        "  stay_close_to_home: True\n"
        "  fixed_routes: False\n"
        "  hasten: 3\n"
        "  no_such_key: 7\n"
        "optimisations:\n  hasten: 2\n");
    put(dir, "input_csv/sim_period.csv", "StartDate,2020-1-1\r\nLength,3\r\n");
    put(dir, "input_csv/locations.csv",
        "\xEF\xBB\xBF\"#name\",\"region\",\"country\",\"latitude\",\"longitude\",\"location_type\",\"conflict_date\","
        "\"population\",\"conflict_intensity\",\"deactivation_probability\"\r\n"
        "\"Town, North\",R,Home,1,2,\"Conflict_Zone\",0,1000,0.5,\r\n"
        "B,,Home,,,Town,,,\r\n"
        "\r\n"
        "C,R,Away,3,4,IDP_Camp,,0,,0.3\r\n"
        "D,R,Away,3,4,camp,,5000\r\n");
    put(dir, "input_csv/routes.csv",
        "#name1,name2,distance,forced_redirection,max_move_speed,comment\r\n"
        "\"Town, North\",B,10,1,50,x\r\n"
        "B,C,20,,,\r\n"
        "B,D,30,2\r\n");
    put(dir, "input_csv/closures.csv",
        "#closure_type,name1,name2,closure_start,closure_end\n"
        "country,Home,Away,1,-1\n"
        "link,B,C,0,2,\n");
    put(dir, "input_csv/conflicts.csv",
        "#Day, \"Town, North\", B, Nowhere, \n"
        "0, 1, 0, 5\n"
        "1, 1, 0.5, 5\n");
    put(dir, "input_csv/registration_corrections.csv",
        "C,2020-01-04\nD,2019-01-01\nNowhere,2020-01-01\n");
    put(dir, "source_data/data_layout.csv",
        "# comment\ntotal,refugees.csv\nC,c1.csv\nD,d1.csv,d2.csv\n");
    put(dir, "source_data/refugees.csv", "Date,Refugee_numbers\n2020-01-01,5\n2020-01-05,\n2020-01-10,50\n");
    put(dir, "source_data/c1.csv", ",\n2020-01-01,0\n2020-01-02,10\n2020-01-04,40\n");
    put(dir, "source_data/d1.csv", "2020-01-01,10\n2020-01-06,20\n2020-01-11,30\n");
    put(dir, "source_data/d2.csv", "DateTime,x\n2020-01-03,1\n2020-01-06,2\n2020-01-13,3\n");

    mig_flee_model m;
    char err[MIG_ERR_LEN] = "";
    mig_flee_model_init(&m);
    if (!CHECK(mig_flee_read(&m, dir, err) == 0)) {
        fprintf(stderr, "    %s\n", err);
        mig_flee_model_free(&m);
        return;
    }
    /* Settings. */
    CHECK_NEAR(m.set.max_move_speed, 300, 0);
    CHECK_NEAR(m.set.awareness_level, 2, 0);
    CHECK_NEAR(m.set.hasten, 2, 0);
    CHECK_EQ(m.set.n_decay, 2);
    CHECK_NEAR(m.set.decay[1], 0.5, 0);
    CHECK_NEAR(m.set.conflict_driven_spawning, 1, 0);
    CHECK_NEAR(m.set.conflict_spawn_mode, 2, 0);
    CHECK_NEAR(m.set.displaced_per_conflict_day, 0.01, 0);
    CHECK(has_note(&m, "simsetting.yml:14: move_rules.stay_close_to_home = True is not modelled"));
    CHECK(has_note(&m, "simsetting.yml:17: move_rules.no_such_key = 7 is not a Flee setting"));
    CHECK(has_note(&m, "move_rules.hasten = 3: Flee reads hasten from optimisations"));
    CHECK(!has_note(&m, "fixed_routes"));
    CHECK(!has_note(&m, "take_from_population"));
    CHECK(!has_note(&m, "agent"));

    /* Locations: BOM, CRLF, quoted names with commas, attributes. */
    CHECK_EQ(m.start_day, day_of("2020-01-01"));
    CHECK_EQ(m.n_locs, 4);
    int tn = mig_flee_find_loc(&m, "Town, North"), b = mig_flee_find_loc(&m, "B");
    int cc = mig_flee_find_loc(&m, "C"), d = mig_flee_find_loc(&m, "D");
    if (CHECK(tn == 0 && b == 1 && cc == 2 && d == 3)) {
        CHECK_EQ(m.locs[tn].type, MIG_FLEE_CONFLICT);
        CHECK_NEAR(m.locs[tn].conflict_intensity, 0.5, 0);
        CHECK(strcmp(m.locs[b].region, "unknown") == 0);
        CHECK_NEAR(m.locs[b].lat, 0, 0);
        CHECK_NEAR(m.locs[b].pop, 0, 0);
        CHECK_EQ(m.locs[cc].type, MIG_FLEE_IDPCAMP);
        CHECK_NEAR(m.locs[cc].capacity, 0, 0);
        CHECK_EQ(m.locs[d].type, MIG_FLEE_CAMP);
        CHECK_NEAR(m.locs[d].capacity, 5000, 0);
        CHECK_EQ(m.locs[d].foreign, 1);
        CHECK_HAS(m.locs[cc].where, "locations.csv:5: ");  /* blank line counted */
    }
    CHECK(has_note(&m, "column 'deactivation_probability' is not modelled"));
    /* Routes with link attributes. */
    CHECK_EQ(m.n_routes, 3);
    CHECK_EQ(m.routes[0].forced, 1);
    CHECK_NEAR(m.routes[0].max_speed, 50, 0);
    CHECK_NEAR(m.routes[1].max_speed, 0, 0);
    CHECK_EQ(m.routes[2].forced, 2);
    CHECK(has_note(&m, "column 'comment' is not modelled"));
    /* Closures. */
    CHECK_EQ(m.n_closures, 2);
    CHECK_EQ(m.closures[0].kind, MIG_FLEE_CLOSE_COUNTRY);
    CHECK_EQ(m.closures[0].end, -1);
    CHECK_EQ(m.closures[1].kind, MIG_FLEE_CLOSE_LINK);
    /* Conflicts: quoted header name, an unknown column, a trailing comma. */
    CHECK_EQ(m.n_conflict_cols, 2);
    CHECK_EQ(m.n_conflict_days, 2);
    if (m.n_conflict_cols == 2 && m.n_conflict_days == 2) {
        CHECK_EQ(m.conflict_loc[0], tn);
        CHECK_NEAR(m.conflict_value[3], 0.5, 0);
    }
    CHECK(has_note(&m, "'Nowhere' names no location"));
    CHECK(has_note(&m, "2 day rows for a 3-day period"));
    /* The total: header and empty count skipped. */
    CHECK_EQ(m.total.n, 2);
    CHECK_NEAR(m.total.value[1], 50, 0);
    /* C: first row "," skipped; corrected on 2020-01-04 by 40 / 10. */
    const mig_flee_camp_data *c = camp(&m, "C");
    if (CHECK(c != NULL && c->s.n == 3)) {
        CHECK_NEAR(c->s.value[0], 0, 0);
        CHECK_NEAR(c->s.value[1], 40, 0);
        CHECK_NEAR(c->s.value[2], 40, 0);
    }
    /* D = AddCSVTables(d1, d2): (0,10) (2,1+20) (5,2+20) (10,2+30); d2's day 12 is dropped. */
    c = camp(&m, "D");
    if (CHECK(c != NULL && c->s.n == 4)) {
        static const int dd[] = { 0, 2, 5, 10 };
        static const double dv[] = { 10, 21, 22, 32 };
        for (int i = 0; i < 4; i++) {
            CHECK_EQ(c->s.day[i], dd[i]);
            CHECK_NEAR(c->s.value[i], dv[i], 0);
        }
    }
    CHECK(has_note(&m, "D has no data point on 2019-01-01"));
    CHECK(has_note(&m, "'Nowhere' has no data_layout.csv row"));
    if (!CHECK(mig_flee_check(&m, err) == 0))
        fprintf(stderr, "    %s\n", err);
    if (check_failed_)
        print_notes(&m);
    mig_flee_model_free(&m);
}

/* Patterns found in FabFlee's other conflict scenarios (ethiopia2020, mali2017_adm1,
 * nigeria2016), which the reader must take as Flee does. */
static void test_fabflee_patterns(void)
{
    const char *dir = MIG_TEST_TMPDIR "/flee_fabflee";
    put(dir, "input_csv/sim_period.csv", "\"StartDate\",\"2020-01-01\"\r\n\"Length\",4\r\n");
    put(dir, "input_csv/locations.csv",
        "#name,region,country,latitude,longitude,location_type,conflict_date,population\r\n"
        "K,R,Away,1,1,camp,,100\r\n"
        "L,R,Away,1,1,camp,,100\r\n"
        "A,R,Home,1,1,conflict_zone,0,1000\r\n"
        "S,R,Other,1,1,town,,0\r\n");
    put(dir, "input_csv/routes.csv", "\"#name1\",\"name2\",\"distance\",\"forced_redirection\"\n"
        "\"A\",\"K\",10,\n\"A\",\"L\",20,2\n\"A\",\"S\",5,\n");
    put(dir, "input_csv/closures.csv", "\"#closure_type\",\"name1\",\"name2\",\"closure_start\",\"closure_end\"\n"
        "\"location\",\"L\",,0,2\n");
    /* ethiopia2020: S repeated (same values); A repeated with a different value on day 2. */
    put(dir, "input_csv/conflicts.csv",
        "#Day, A, S, K, S, A,\n"
        "0, 1, 0, 0, 0, 1\n"
        "1, 1, 0, 0, 0, 1\n"
        "2, 1, 0, 0, 0, 0\n"
        "3, 1, 0, 0, 0, 0\n");
    /* mali2017_adm1: the total row last; mali2017_adm1 and nigeria2016: a third column. */
    put(dir, "input_csv/registration_corrections.csv",
        "\"K\",\"2020-01-03\",\"normalize\"\n\"L\",\"2020-01-02\",\"normalize\"");
    put(dir, "source_data/data_layout.csv", "K,k.csv\r\nL,l.csv\r\ntotal,refugees.csv\r\n");
    put(dir, "source_data/k.csv", "2020-01-01,10\n2020-01-03,40\n2020-01-02,30\n2020-01-04,50\n");
    put(dir, "source_data/l.csv", "2020-01-01,0\n2020-01-02,5\n");
    put(dir, "source_data/refugees.csv", "Date,Refugee_numbers\n2020-01-01,10\n2020-01-04,55\n");

    mig_flee_model m;
    char err[MIG_ERR_LEN] = "";
    mig_flee_model_init(&m);
    if (!CHECK(mig_flee_read(&m, dir, err) == 0)) {
        fprintf(stderr, "    %s\n", err);
        mig_flee_model_free(&m);
        return;
    }
    int a = mig_flee_find_loc(&m, "A"), s = mig_flee_find_loc(&m, "S"), k = mig_flee_find_loc(&m, "K");
    /* Repeated conflict columns: the first is kept, the repeat noted. */
    if (CHECK(m.n_conflict_cols == 3 && m.n_conflict_days == 4)) {
        CHECK_EQ(m.conflict_loc[0], a);
        CHECK_EQ(m.conflict_loc[1], s);
        CHECK_EQ(m.conflict_loc[2], k);
        CHECK_NEAR(m.conflict_value[3 * 3 + 0], 1, 0);  /* A on day 3: the first column */
    }
    CHECK(has_note(&m, "column 5 'S' repeats column 3"));
    CHECK(has_note(&m, "column 6 'A' repeats column 2"));
    CHECK(has_note(&m, "column 6 'A' differs from the first 'A' column from day 2 on"));
    CHECK(!has_note(&m, "'S' differs"));
    /* The total is the row named total; K, the first row, is a camp after all. */
    CHECK(m.has_total);
    if (CHECK(m.total.n == 2))
        CHECK_NEAR(m.total.value[1], 55, 0);
    CHECK_EQ(m.n_camps, 2);
    const mig_flee_camp_data *c = camp(&m, "K");
    if (CHECK(c != NULL && c->s.n == 4)) {
        CHECK_EQ(c->loc, k);
        /* Dates kept in file order; corrected on 2020-01-03 by 40 / 10. */
        CHECK_EQ(c->s.day[2], 1);
        CHECK_NEAR(c->s.value[0], 40, 0);
    }
    CHECK(has_note(&m, "data_layout.csv:3: the total is not the first row"));
    CHECK(!has_note(&m, "is taken as the total series"));
    CHECK(has_note(&m, "k.csv:3: date 2020-01-02 is earlier than the row before"));
    /* L: the point before 2020-01-02 is 0: one note, not also "no data point". */
    CHECK(has_note(&m, "L: the point before 2020-01-02 is 0"));
    CHECK(!has_note(&m, "L has no data point"));
    CHECK_EQ(m.n_closures, 1);
    if (!CHECK(mig_flee_check(&m, err) == 0))
        fprintf(stderr, "    %s\n", err);
    if (check_failed_)
        print_notes(&m);
    mig_flee_model_free(&m);

    /* A camp file that is missing: the error names the data_layout.csv row. */
    put(dir, "source_data/data_layout.csv", "total,refugees.csv\nK,k.csv\nL,no-such.csv\n");
    mig_flee_model_init(&m);
    CHECK_EQ(mig_flee_read(&m, dir, err), -1);
    CHECK_HAS(err, "data_layout.csv:3: file 1 of 'L': ");
    CHECK_HAS(err, "no-such.csv: cannot open");
    mig_flee_model_free(&m);

    /* Two rows named total. */
    put(dir, "source_data/data_layout.csv", "K,k.csv\ntotal,refugees.csv\ntotal,refugees.csv\n");
    mig_flee_model_init(&m);
    CHECK_EQ(mig_flee_read(&m, dir, err), -1);
    CHECK_HAS(err, "data_layout.csv:3: 'total' already has a row (line 2)");
    mig_flee_model_free(&m);
}

/* Too long a field, an unterminated quote, a NUL byte: clear errors. */
/* ---- issue 12: nonsense refused, FabFlee's unknown data rows accepted ---- */

/* A small folder: conflict zone Z, town T, camp C (capacity 5000), with one file
 * replaced (rel, text) when rel is not NULL. */
static void write_h12(const char *dir, const char *rel, const char *text)
{
    put(dir, "simsetting.yml", "move_rules:\n  max_move_speed: 200\n");
    put(dir, "input_csv/sim_period.csv", "StartDate,2020-01-01\nLength,5\n");
    put(dir, "input_csv/locations.csv", "#name,region,country,lat,lon,location_type,conflict_date,population\n"
                                        "Z,R,Home,1,1,conflict_zone,0,10000\nT,R,Home,1,2,town,,500\n"
                                        "C,R,Away,1,3,camp,,5000\n");
    put(dir, "input_csv/routes.csv", "#name1,name2,distance\nZ,T,50\nT,C,50\n");
    put(dir, "input_csv/closures.csv", "#closure_type,name1,name2,closure_start,closure_end\n");
    put(dir, "source_data/data_layout.csv", "total,refugees.csv\nC,c.csv\n");
    put(dir, "source_data/refugees.csv", "2020-01-01,0\n2020-01-05,400\n");
    put(dir, "source_data/c.csv", "2020-01-01,10\n2020-01-05,400\n");
    put(dir, "source_data/t.csv", "2020-01-01,30\n2020-01-05,60\n");
    if (rel)
        put(dir, rel, text);
}

/* The folder with one file replaced must be refused, the message naming rel:line and what. */
static void bad_h12(const char *name, const char *rel, const char *text, const char *where, const char *what)
{
    char dir[1024], err[MIG_ERR_LEN] = "";
    snprintf(dir, sizeof dir, "%s/h12_%s", MIG_TEST_TMPDIR, name);
    write_h12(dir, rel, text);
    mig_flee_model m;
    mig_flee_model_init(&m);
    int rc = mig_flee_read(&m, dir, err);
    if (rc == 0)
        rc = mig_flee_check(&m, err);
    if (!check_report_(rc == -1, __FILE__, __LINE__, name))
        fprintf(stderr, "    %s was accepted\n", name);
    CHECK_HAS(err, where);
    CHECK_HAS(err, what);
    mig_flee_model_free(&m);
}

static void test_nonsense(void)
{
    char dir[1024], err[MIG_ERR_LEN] = "";
    mig_flee_model m;
    bad_h12("neg_count", "source_data/c.csv", "2020-01-01,10\n2020-01-03,-5\n", "source_data/c.csv:2: ",
            "bad count '-5'");
    bad_h12("closure_backwards", "input_csv/closures.csv", "#c\nlocation,T,,3,1\n", "input_csv/closures.csv:2: ",
            "it ends on day 1, before it starts (day 3)");
    bad_h12("lat999", "input_csv/locations.csv", "Z,R,Home,999,1,conflict_zone,0,10000\nC,R,Away,1,3,camp,,5000\n",
            "input_csv/locations.csv:1: ", "latitude 999");
    bad_h12("lon", "input_csv/locations.csv", "Z,R,Home,1,-180.5,conflict_zone,0,10000\n",
            "input_csv/locations.csv:1: ", "longitude -180.5");
    bad_h12("route_far", "input_csv/routes.csv", "Z,T,50\nT,C,1e308\n", "input_csv/routes.csv:2: ",
            "distance 1e+308 must be > 0 km and at most 40075 km");
    bad_h12("route_zero", "input_csv/routes.csv", "Z,T,0\n", "input_csv/routes.csv:1: ", "distance 0");
    bad_h12("dup_key", "simsetting.yml", "move_rules:\n  max_move_speed: 200\n  camp_weight: 2\n  max_move_speed: 10\n",
            "simsetting.yml:4: ", "duplicate key 'move_rules.max_move_speed' (first at line 2)");
    bad_h12("dup_section", "simsetting.yml", "move_rules:\n  camp_weight: 2\nmove_rules:\n  camp_weight: 3\n",
            "simsetting.yml:3: ", "duplicate key 'move_rules' (first at line 1)");
    bad_h12("dup_mapping", "simsetting.yml",
            "spawn_rules:\n  conflict_driven_spawning:\n    spawn_mode: constant\n    spawn_mode: poisson\n",
            "simsetting.yml:4: ", "duplicate key 'spawn_rules.conflict_driven_spawning.spawn_mode'");
    bad_h12("hasten_huge", "simsetting.yml", "optimisations:\n  hasten: 1000000000\n", "simsetting.yml:2: ",
            "hasten 1000000000 leaves no agents");
    /* A capacity below hasten would become "no limit". */
    snprintf(dir, sizeof dir, "%s/h12_hasten_cap", MIG_TEST_TMPDIR);
    write_h12(dir, "simsetting.yml", "optimisations:\n  hasten: 100\n");
    put(dir, "input_csv/locations.csv", "Z,R,Home,1,1,conflict_zone,0,10000\nT,R,Home,1,2,town,,500\n"
                                        "C,R,Away,1,3,camp,,50\n");
    mig_flee_model_init(&m);
    CHECK_EQ(mig_flee_read(&m, dir, err), -1);
    CHECK_HAS(err, "simsetting.yml:2: hasten 100 scales the capacity of camp C (50) to 0, which means no limit");
    mig_flee_model_free(&m);
    /* The same hasten given later (flee.load, --set) is caught by the pre-run check. */
    write_h12(dir, NULL, NULL);
    mig_flee_model_init(&m);
    CHECK_EQ(mig_flee_read(&m, dir, err), 0);
    m.set.hasten = 1e9;
    CHECK_EQ(mig_flee_check(&m, err), -1);
    CHECK_HAS(err, "hasten 1000000000 leaves no agents");
    CHECK(strstr(err, "simsetting.yml") == NULL);
    mig_flee_model_free(&m);
    bad_h12("conflict_neg", "input_csv/conflicts.csv", "#Day,Z\n0,1\n1,-1\n", "input_csv/conflicts.csv:3: ",
            "bad value '-1' for 'Z'");
    bad_h12("nan_pop", "input_csv/locations.csv", "Z,R,Home,1,1,conflict_zone,0,nan\n", "input_csv/locations.csv:1: ",
            "bad population 'nan'");
    bad_h12("inf_dist", "input_csv/routes.csv", "Z,T,inf\n", "input_csv/routes.csv:1: ", "bad distance 'inf'");
    bad_h12("utf8_name", "input_csv/locations.csv", "Z,R,Home,1,1,conflict_zone,0,10000\nS\xE9ou,R,Home,1,1,town,,5\n",
            "input_csv/locations.csv:2: ", "not valid UTF-8 at byte 2 of the line (0xE9)");
    bad_h12("utf8_country", "input_csv/locations.csv", "Z,R,C\xC3\x28te,1,1,conflict_zone,0,10000\n",
            "input_csv/locations.csv:1: ", "not valid UTF-8 at byte 6");
    bad_h12("utf8_camp_file", "source_data/c.csv", "2020-01-01,10\n\xFF\xFE\n", "source_data/c.csv:2: ",
            "not valid UTF-8 at byte 1");
    /* migsim.strict_data refuses a data row naming no location. */
    snprintf(dir, sizeof dir, "%s/h12_strict_data", MIG_TEST_TMPDIR);
    write_h12(dir, "simsetting.yml", "migsim:\n  strict_data: true\n");
    put(dir, "source_data/data_layout.csv", "total,refugees.csv\nC,c.csv\nTt,t.csv\n");
    mig_flee_model_init(&m);
    CHECK_EQ(mig_flee_read(&m, dir, err), -1);
    CHECK_HAS(err, "source_data/data_layout.csv:3: unknown location 'Tt' (did you mean 'T'?)");
    mig_flee_model_free(&m);

    /* A name cut to fit a buffer ends on a character boundary. */
    char name[200];
    memset(name, 0, sizeof name);
    for (int i = 0; i + 2 < 190; i += 2)
        memcpy(name + i, "\xC3\xA9", 2);  /* 94 x e-acute: 188 bytes */
    char loc[400];
    snprintf(loc, sizeof loc, "Z,R,Home,1,1,conflict_zone,0,10000\n%s,R,Home,1,1,town,,5\n", name);
    bad_h12("long_name", "input_csv/locations.csv", loc, "input_csv/locations.csv:2: ", "is longer than 95 bytes");
}

/* A data_layout.csv row naming no location (FabFlee has them): noted, counted in the
 * arrivals as Flee does, not reported. A town with data: strict leaves it out of the
 * reported camps and places no day-0 agents there; corrected reports it. */
static void test_data_rows(void)
{
    char dir[1024], err[MIG_ERR_LEN] = "";
    snprintf(dir, sizeof dir, "%s/h12_data_rows", MIG_TEST_TMPDIR);
    write_h12(dir, "source_data/data_layout.csv", "total,refugees.csv\nC,c.csv\nElsewhere,t.csv\nT,t.csv\n");
    for (int strict = 0; strict < 2; strict++) {
        mig_flee_model *m = calloc(1, sizeof *m);
        if (!CHECK(m != NULL))
            return;
        mig_flee_model_init(m);
        if (!CHECK(mig_flee_read(m, dir, err) == 0)) {
            fprintf(stderr, "    %s\n", err);
            mig_flee_model_free(m);
            free(m);
            return;
        }
        CHECK_EQ(m->n_camps, 3);
        CHECK(has_note(m, "data_layout.csv:3: 'Elsewhere' names no location"));
        CHECK(has_note(m, "data_layout.csv:4: 'T' is a town, not a camp"));
        CHECK_EQ(m->camps[1].loc, -1);
        m->set.strict = strict;
        mig_flee_run *r = mig_flee_run_new(m, 1, err);
        if (!CHECK(r != NULL)) {
            fprintf(stderr, "    %s\n", err);
            return;
        }
        /* Reported: C, plus T in corrected mode; day 0: C's 10, plus T's 30 in corrected mode. */
        CHECK_EQ(r->n_camps, strict ? 1 : 2);
        CHECK_EQ(r->inserted, strict ? 10 : 40);
        CHECK_EQ(mig_flee_run_all(r, err), 0);
        /* The arrivals follow all three rows: (400 - 10) + (60 - 30) twice = 450 new agents. */
        int64_t spawned = 0;
        for (int t = 0; t < r->n_days; t++)
            spawned += r->spawned[t];
        CHECK_EQ(spawned, 450);
        mig_flee_run_free(r);
    }
}

static void test_limits(void)
{
    const char *dir = MIG_TEST_TMPDIR "/flee_limits";
    char *big = malloc(6000);
    if (!CHECK(big != NULL))
        return;
    memset(big, 'x', 5000);
    strcpy(big + 5000, ",R,Home,1,2,town,,5\n");
    char *text = malloc(7000);
    if (!CHECK(text != NULL)) {
        free(big);
        return;
    }
    snprintf(text, 7000, "#name,region,country,latitude,longitude,location_type,conflict_date,population\n%s", big);
    put(dir, "input_csv/sim_period.csv", "StartDate,2020-01-01\nLength,3\n");
    put(dir, "input_csv/routes.csv", "");
    put(dir, "input_csv/locations.csv", text);
    mig_flee_model m;
    char err[MIG_ERR_LEN] = "";
    mig_flee_model_init(&m);
    CHECK_EQ(mig_flee_read(&m, dir, err), -1);
    CHECK_HAS(err, "locations.csv:2: field 1 is longer than");
    mig_flee_model_free(&m);

    put(dir, "input_csv/locations.csv", "\"A,R,Home,1,2,town,,5\n");
    mig_flee_model_init(&m);
    CHECK_EQ(mig_flee_read(&m, dir, err), -1);
    CHECK_HAS(err, "locations.csv:1: unterminated quoted field");
    mig_flee_model_free(&m);

    put(dir, "input_csv/locations.csv", "A,R,Home,1,2,town,,5\nB,R,Home,1,2,town,,5,9\n");
    mig_flee_model_init(&m);
    CHECK_EQ(mig_flee_read(&m, dir, err), -1);
    CHECK_HAS(err, "locations.csv:2: 9 columns, but the header names only 8");
    mig_flee_model_free(&m);

    put(dir, "input_csv/locations.csv", "A,R,Home,1,2,town,,5\nA,R,Home,1,2,town,,5\n");
    mig_flee_model_init(&m);
    CHECK_EQ(mig_flee_read(&m, dir, err), -1);
    CHECK_HAS(err, "locations.csv:2: location A is defined twice");
    mig_flee_model_free(&m);

    put(dir, "input_csv/locations.csv", "A,R,Home,1,2,town,,-5\n");
    mig_flee_model_init(&m);
    CHECK_EQ(mig_flee_read(&m, dir, err), -1);
    CHECK_HAS(err, "locations.csv:1: bad population '-5'");
    mig_flee_model_free(&m);
    free(big);
    free(text);
}

/* What a run records of its data: the files read, their joint hash (which moves
 * with any byte of them), notes on files present but not read, and no reading
 * outside source_data/ through data_layout.csv. */
static void test_sources(void)
{
    const char *dir = MIG_TEST_TMPDIR "/flee_sources";
    char err[MIG_ERR_LEN];
    put(dir, "input_csv/sim_period.csv", "StartDate,2020-01-01\nLength,3\n");
    put(dir, "input_csv/locations.csv", "#name,region,country,lat,lon,location_type,conflict_date,population\n"
                                        "A,,X,0,0,conflict_zone,0,100\nK,,Y,0,0,camp,,\n");
    put(dir, "input_csv/routes.csv", "#name1,name2,distance\nA,K,10\n");
    put(dir, "input_csv/location_changes.csv", "A,town,2\n");
    put(dir, "input_csv/demographics_age.csv", "age,Default\n20,1\n");
    put(dir, "source_data/data_layout.csv", "total,refugees.csv\nK,k.csv\n");
    put(dir, "source_data/refugees.csv", "2020-01-01,0\n2020-01-03,10\n");
    put(dir, "source_data/k.csv", "2020-01-01,0\n2020-01-03,10\n");
    mig_flee_model m;
    mig_flee_model_init(&m);
    CHECK(mig_flee_read(&m, dir, err) == 0);
    CHECK_EQ(m.n_files, 6);  /* no simsetting.yml, closures, conflicts or corrections here */
    CHECK(m.n_files == 6 && strcmp(m.files[0], "input_csv/sim_period.csv") == 0 &&
          strcmp(m.files[5], "source_data/k.csv") == 0);
    CHECK(strlen(m.source_sha256) == 64);
    CHECK(has_note(&m, "location_changes.csv is present but not read"));
    CHECK(has_note(&m, "demographics_age.csv is present but not read"));
    char first[65];
    snprintf(first, sizeof first, "%s", m.source_sha256);
    mig_flee_model_free(&m);
    put(dir, "source_data/k.csv", "2020-01-01,0\n2020-01-03,11\n");
    mig_flee_model_init(&m);
    CHECK(mig_flee_read(&m, dir, err) == 0);
    CHECK(strcmp(first, m.source_sha256) != 0);
    mig_flee_model_free(&m);
    put(dir, "source_data/data_layout.csv", "total,refugees.csv\nK,../input_csv/routes.csv\n");
    mig_flee_model_init(&m);
    CHECK(mig_flee_read(&m, dir, err) < 0);
    CHECK(strstr(err, "data_layout.csv:2:") && strstr(err, "must name a file inside source_data/"));
    mig_flee_model_free(&m);
}

int main(void)
{
    test_settings();
    test_builders();
    test_builders_scale();
    test_burundi();
    test_bad();
    test_minimal();
    test_quirks();
    test_fabflee_patterns();
    test_limits();
    test_sources();
    test_nonsense();
    test_data_rows();
    return check_done("test_flee_read");
}
