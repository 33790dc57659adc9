/* test_world.c: building, checking and parameterising a world (world.h). */
#include "check.h"
#include "date.h"
#include "world.h"

#include <math.h>
#include <stdlib.h>

static char err[MIG_ERR_LEN];

static int day_of(const char *s)
{
    int d = 0;
    mig_date_parse(s, &d);
    return d;
}

/* SY -> RS -> HU: the world most tests below start from. */
static mig_world *small_world(void)
{
    mig_world *w = mig_world_new();
    if (!w)
        return NULL;
    int ok = mig_world_add_country(w, "SY", "Syria", 0, 0, err) >= 0
        && mig_world_add_country(w, "RS", "Serbia", 0, 0, err) >= 0
        && mig_world_add_country(w, "HU", "Hungary", 1, 1, err) >= 0
        && mig_world_add_location(w, "damascus", NULL, "SY", "origin", 33.5, 36.3, err) >= 0
        && mig_world_add_location(w, "belgrade", NULL, "RS", "city", 44.8, 20.5, err) >= 0
        && mig_world_add_location(w, "subotica", NULL, "RS", "border_area", 46.1, 19.7, err) >= 0
        && mig_world_add_location(w, "budapest", NULL, "HU", "destination", 47.5, 19.0, err) >= 0
        && mig_world_add_route(w, "belgrade", "subotica", "road", 180, 0, err) >= 0
        && mig_world_add_route(w, "subotica", "budapest", "foot", 175, 0, err) >= 0
        && mig_world_add_border(w, "RS", "HU", "test.lua:3:", err) >= 0;
    int n = ok ? mig_world_add_nationality(w, "SYR", "Syrians", "damascus", "test.lua:5:", err) : -1;
    ok = n >= 0 && mig_world_add_destination(w, n, "budapest", 1, err) >= 0
        && mig_world_add_channel(w, n, "air", "belgrade", "air", 1, "", err) >= 0;
    if (!ok) {
        fprintf(stderr, "small_world: %s\n", err);
        mig_world_free(w);
        return NULL;
    }
    return w;
}

static void test_build_ok(void)
{
    mig_world *w = small_world();
    CHECK(w != NULL);
    if (!w)
        return;
    CHECK_EQ(w->n_countries, 3);
    CHECK_EQ(w->n_locations, 4);
    CHECK_EQ(w->n_routes, 2);
    CHECK_EQ(w->n_borders, 1);
    CHECK_EQ(w->n_nats, 1);
    CHECK_EQ(mig_world_find_country(w, "RS"), 1);
    CHECK_EQ(mig_world_find_country(w, "XX"), -1);
    CHECK_EQ(mig_world_find_location(w, "budapest"), 3);
    CHECK_EQ(mig_world_find_location(w, "vienna"), -1);
    CHECK_EQ(mig_world_find_nationality(w, "SYR"), 0);
    CHECK_EQ(mig_world_find_nationality(w, "AFG"), -1);
    CHECK_EQ(mig_world_find_border(w, 1, 2), 0);
    CHECK_EQ(mig_world_find_border(w, 2, 1), -1);
    CHECK_EQ(mig_world_find_channel(w, 0, "air"), 0);
    CHECK_EQ(mig_world_find_channel(w, 0, "sea"), -1);
    CHECK(strcmp(w->borders[0].name, "RS-HU") == 0);
    CHECK(strcmp(w->countries[0].name, "Syria") == 0);
    CHECK(strcmp(w->locations[0].name, "damascus") == 0);  /* NULL name -> id */
    CHECK(w->countries[2].asylum_prob == 1.0 && w->countries[1].asylum_prob == 0.0);
    /* An unconfigured border is open. */
    CHECK(w->borders[0].detection_prob == 0 && w->borders[0].reception == -1);
    /* Defining a border twice returns the same segment. */
    CHECK_EQ(mig_world_add_border(w, "RS", "HU", NULL, err), 0);
    CHECK_EQ(w->n_borders, 1);
    /* Re-adding a destination updates its weight. */
    CHECK_EQ(mig_world_add_destination(w, 0, "budapest", 3, err), 0);
    CHECK(w->nats[0].n_dest == 1 && w->nats[0].dest_weight[0] == 3);

    CHECK(mig_world_finalize(w, err) == 0);
    CHECK(w->finalized);
    CHECK(w->routes[0].border == -1);  /* domestic */
    CHECK(w->routes[1].border == 0);   /* RS -> HU */
    CHECK_EQ(w->routes[0].days, 1);    /* 180 km by road at 400 km/day */
    CHECK_EQ(w->routes[1].days, 7);    /* 175 km on foot at 25 km/day */
    /* Any builder call invalidates the derived tables. */
    CHECK(mig_world_add_location(w, "szeged", NULL, "HU", "city", 46.2, 20.1, err) == 4);
    CHECK(!w->finalized);
    mig_world_free(w);
    mig_world_free(NULL);  /* no-op */
}

static void test_add_errors(void)
{
    mig_world *w = small_world();
    CHECK(w != NULL);
    if (!w)
        return;
    /* countries */
    const char *bad_codes[] = { "rs", "SRB", "", "R", "R1", "ÜS" };
    for (size_t i = 0; i < sizeof bad_codes / sizeof bad_codes[0]; i++) {
        err[0] = 0;
        CHECK(mig_world_add_country(w, bad_codes[i], NULL, 0, 0, err) == -1);
        CHECK_HAS(err, "alpha-2");
    }
    CHECK(mig_world_add_country(w, "RS", NULL, 0, 0, err) == -1);
    CHECK_HAS(err, "'RS' is defined twice");
    CHECK_EQ(w->n_countries, 3);

    /* locations */
    CHECK(mig_world_add_location(w, "belgrade", NULL, "RS", "city", 0, 0, err) == -1);
    CHECK_HAS(err, "'belgrade' is defined twice");
    CHECK(mig_world_add_location(w, "novi_sad", NULL, "XX", "city", 0, 0, err) == -1);
    CHECK_HAS(err, "unknown country 'XX'");
    CHECK(mig_world_add_location(w, "novi_sad", NULL, "RS", "town", 0, 0, err) == -1);
    CHECK_HAS(err, "unknown kind 'town'");
    CHECK_HAS(err, "border_area");  /* lists the choices */
    CHECK(mig_world_add_location(w, "novi_sad", NULL, "RS", "city", 91, 0, err) == -1);
    CHECK_HAS(err, "out of range");
    CHECK(mig_world_add_location(w, "novi_sad", NULL, "RS", "city", 45, NAN, err) == -1);
    CHECK(mig_world_add_location(w, "novi.sad", NULL, "RS", "city", 45, 19, err) == -1);
    CHECK(mig_world_add_location(w, "", NULL, "RS", "city", 45, 19, err) == -1);
    CHECK(mig_world_add_location(w, "a_name_that_is_far_too_long_for_an_id", NULL, "RS", "city", 45, 19, err) == -1);
    CHECK_EQ(w->n_locations, 4);

    /* routes */
    CHECK(mig_world_add_route(w, "belgrade", "nowhere", "road", 10, 0, err) == -1);
    CHECK_HAS(err, "unknown location 'nowhere'");
    CHECK(mig_world_add_route(w, "nowhere", "belgrade", "road", 10, 0, err) == -1);
    CHECK_HAS(err, "unknown location 'nowhere'");
    CHECK(mig_world_add_route(w, "belgrade", "belgrade", "road", 10, 0, err) == -1);
    CHECK_HAS(err, "same location");
    CHECK(mig_world_add_route(w, "belgrade", "subotica", "boat", 10, 0, err) == -1);
    CHECK_HAS(err, "unknown mode 'boat'");
    CHECK(mig_world_add_route(w, "belgrade", "subotica", "road", 0, 0, err) == -1);
    CHECK_HAS(err, "positive number of km");
    CHECK(mig_world_add_route(w, "belgrade", "subotica", "road", -5, 0, err) == -1);
    CHECK(mig_world_add_route(w, "belgrade", "subotica", "road", NAN, 0, err) == -1);
    CHECK(mig_world_add_route(w, "belgrade", "subotica", "road", INFINITY, 0, err) == -1);
    CHECK(mig_world_add_route(w, "belgrade", "subotica", "road", 10, -1, err) == -1);
    CHECK_HAS(err, "days must be in");
    CHECK(mig_world_add_route(w, "belgrade", "subotica", "road", 10, 366, err) == -1);
    CHECK_EQ(w->n_routes, 2);

    /* borders */
    CHECK(mig_world_add_border(w, "RS", "XX", NULL, err) == -1);
    CHECK_HAS(err, "unknown country 'XX'");
    CHECK(mig_world_add_border(w, "RS", "RS", NULL, err) == -1);
    CHECK_HAS(err, "two different countries");

    /* nationalities */
    CHECK(mig_world_add_nationality(w, "SY", NULL, "damascus", NULL, err) == -1);
    CHECK_HAS(err, "alpha-3");
    CHECK(mig_world_add_nationality(w, "SYR", NULL, "damascus", NULL, err) == -1);
    CHECK_HAS(err, "'SYR' is defined twice");
    CHECK(mig_world_add_nationality(w, "AFG", NULL, "kabul", NULL, err) == -1);
    CHECK_HAS(err, "unknown origin location 'kabul'");
    CHECK_EQ(w->n_nats, 1);

    /* destinations */
    CHECK(mig_world_add_destination(w, 0, "vienna", 1, err) == -1);
    CHECK_HAS(err, "unknown destination 'vienna'");
    CHECK(mig_world_add_destination(w, 0, "budapest", -1, err) == -1);
    CHECK_HAS(err, "weight must be >= 0");
    CHECK(mig_world_add_destination(w, 0, "budapest", NAN, err) == -1);

    /* channels */
    CHECK(mig_world_add_channel(w, 0, "air", "belgrade", "air", 1, NULL, err) == -1);
    CHECK_HAS(err, "channel 'air' is defined twice");
    CHECK(mig_world_add_channel(w, 0, "bus", "nowhere", "road", 1, NULL, err) == -1);
    CHECK_HAS(err, "unknown entry location 'nowhere'");
    CHECK(mig_world_add_channel(w, 0, "bus", "belgrade", "bus", 1, NULL, err) == -1);
    CHECK_HAS(err, "unknown mode 'bus'");
    CHECK(mig_world_add_channel(w, 0, "bus", "belgrade", "road", -1, NULL, err) == -1);
    CHECK(mig_world_add_channel(w, 0, "bus", "belgrade", "road", 1, "XX", err) == -1);
    CHECK_HAS(err, "unknown visa country 'XX'");
    CHECK(mig_world_add_channel(w, 0, "a.b", "belgrade", "road", 1, NULL, err) == -1);
    CHECK_EQ(w->nats[0].n_channels, 1);
    for (int i = 1; i < MIG_MAX_CHANNELS; i++) {
        char name[16];
        snprintf(name, sizeof name, "c%d", i);
        CHECK(mig_world_add_channel(w, 0, name, "belgrade", "road", 1, "RS", err) == i);
    }
    CHECK(w->nats[0].channels[1].visa_country == 1);
    CHECK(mig_world_add_channel(w, 0, "one_too_many", "belgrade", "road", 1, NULL, err) == -1);
    CHECK_HAS(err, "too many channels");

    /* demand */
    const double ok[] = { 1, 2 }, neg[] = { 1, -2 }, nan_[] = { NAN };
    CHECK(mig_world_set_demand(w, 0, "2022-01", ok, 2, err) == 0);
    const char *bad_months[] = { "2022-13", "2022-00", "2022-1", "2022-01-01", "22-01", "", "2022-+1", "2022- 1" };
    for (size_t i = 0; i < sizeof bad_months / sizeof bad_months[0]; i++) {
        err[0] = 0;
        if (!CHECK(mig_world_set_demand(w, 0, bad_months[i], ok, 2, err) == -1))
            fprintf(stderr, "    accepted month \"%s\"\n", bad_months[i]);
        CHECK_HAS(err, "is not a month");
    }
    CHECK(mig_world_set_demand(w, 0, NULL, ok, 2, err) == -1);
    CHECK(mig_world_set_demand(w, 0, "2022-01", ok, 0, err) == -1);
    CHECK(mig_world_set_demand(w, 0, "2022-01", neg, 2, err) == -1);
    CHECK_HAS(err, "demand value 2 is -2");
    CHECK(mig_world_set_demand(w, 0, "2022-01", nan_, 1, err) == -1);
    /* Failed calls keep the previous series. */
    CHECK(w->nats[0].n_demand == 2 && w->nats[0].demand[1] == 2);
    mig_world_free(w);
}

static void test_too_many_nationalities(void)
{
    mig_world *w = small_world();
    CHECK(w != NULL);
    if (!w)
        return;
    int last = 0;
    for (int i = 1; i < MIG_MAX_NATIONALITIES; i++) {
        char code[4] = { 'A', (char)('A' + i / 26), (char)('A' + i % 26), 0 };
        last = mig_world_add_nationality(w, code, NULL, "damascus", NULL, err);
    }
    CHECK_EQ(last, MIG_MAX_NATIONALITIES - 1);
    CHECK(mig_world_add_nationality(w, "ZZZ", NULL, "damascus", NULL, err) == -1);
    CHECK_HAS(err, "too many nationalities");
    /* The last nationality's visa bit is bit 63. */
    mig_world_set_visa_free(w, 1, MIG_MAX_NATIONALITIES - 1, 1);
    CHECK(mig_world_visa_free(w, 1, MIG_MAX_NATIONALITIES - 1));
    CHECK(!mig_world_visa_free(w, 1, 0));
    CHECK(w->countries[1].visa_free == (uint64_t)1 << 63);
    mig_world_set_visa_free(w, 1, 0, 1);
    mig_world_set_visa_free(w, 1, MIG_MAX_NATIONALITIES - 1, 0);
    CHECK(mig_world_visa_free(w, 1, 0) && !mig_world_visa_free(w, 1, MIG_MAX_NATIONALITIES - 1));
    CHECK(!mig_world_visa_free(w, 2, 0));
    mig_world_free(w);
}

static void test_params(void)
{
    mig_world *w = small_world();
    CHECK(w != NULL);
    if (!w)
        return;
    double v = -1;
    CHECK(mig_world_get(w, "border.RS-HU.detection_prob", &v, err) == 0 && v == 0);
    CHECK(mig_world_set(w, "border.RS-HU.detection_prob", 0.4, err) == 0);
    CHECK(w->borders[0].detection_prob == 0.4);
    CHECK(mig_world_get(w, "border.RS-HU.detection_prob", &v, err) == 0 && v == 0.4);

    /* out of range: rejected, value kept */
    CHECK(mig_world_set(w, "border.RS-HU.detection_prob", 1.7, err) == -1);
    CHECK_HAS(err, "must be in [0, 1]");
    CHECK_HAS(err, "1.7");
    CHECK(w->borders[0].detection_prob == 0.4);
    CHECK(mig_world_set(w, "border.RS-HU.detection_prob", -0.1, err) == -1);
    CHECK(mig_world_set(w, "border.RS-HU.detection_prob", NAN, err) == -1);
    CHECK(w->borders[0].detection_prob == 0.4);

    /* near miss: suggestion */
    CHECK(mig_world_set(w, "border.RS-HU.detecton_prob", 0.5, err) == -1);
    CHECK_HAS(err, "unknown parameter 'border.RS-HU.detecton_prob'");
    CHECK_HAS(err, "did you mean 'border.RS-HU.detection_prob'");
    CHECK(mig_world_get(w, "agent_wieght", &v, err) == -1);
    CHECK_HAS(err, "did you mean 'agent_weight'");
    CHECK(mig_world_set(w, "border.HU-RS.detection_prob", 0.5, err) == -1);  /* no such segment */
    /* far miss: no suggestion */
    CHECK(mig_world_set(w, "completely_unrelated_thing", 1, err) == -1);
    CHECK_HAS(err, "unknown parameter");
    CHECK(strstr(err, "did you mean") == NULL);
    CHECK(mig_world_set(w, "a.b.c.d.e", 1, err) == -1);
    CHECK(mig_world_set(w, "", 1, err) == -1);
    CHECK(mig_world_set(w, "channel.SYR.air.weight.extra", 1, err) == -1);

    /* pushback + registration may not exceed 1; the rejected value is undone */
    CHECK(mig_world_set(w, "border.RS-HU.pushback_share", 0.7, err) == 0);
    CHECK(mig_world_set(w, "border.RS-HU.registration_share", 0.4, err) == -1);
    CHECK_HAS(err, "exceed 1");
    CHECK(w->borders[0].registration_share == 0 && w->borders[0].pushback_share == 0.7);
    CHECK(mig_world_set(w, "border.RS-HU.registration_share", 0.3, err) == 0);
    CHECK(mig_world_set(w, "border.RS-HU.pushback_share", 0.71, err) == -1);
    CHECK(w->borders[0].pushback_share == 0.7);
    /* the same check at finalize, for values written directly */
    w->borders[0].registration_share = 0.5;
    CHECK(mig_world_finalize(w, err) == -1);
    CHECK_HAS(err, "test.lua:3:");
    CHECK_HAS(err, "exceeds 1");
    w->borders[0].registration_share = 0.3;

    /* 0/1 flags */
    CHECK(mig_world_set(w, "channel.SYR.air.open", 0.5, err) == -1);
    CHECK_HAS(err, "must be 0 or 1");
    CHECK(mig_world_set(w, "channel.SYR.air.open", 0, err) == 0);
    CHECK(w->nats[0].channels[0].open == 0);

    /* speeds re-derive route days */
    CHECK(mig_world_set(w, "speed.foot", 35, err) == 0);
    CHECK_EQ(w->routes[1].days, 5);
    CHECK(mig_world_set(w, "speed.foot", 0, err) == -1);
    CHECK(mig_world_set(w, "speed.hovercraft", 35, err) == -1);

    /* a sample of every family of keys */
    CHECK(mig_world_set(w, "agent_weight", 10, err) == 0 && w->params.agent_weight == 10);
    CHECK(mig_world_set(w, "agent_weight", 0, err) == -1);
    CHECK(mig_world_set(w, "move_prob.city", 0.9, err) == 0 && w->params.move_prob[MIG_LOC_CITY] == 0.9);
    CHECK(mig_world_set(w, "move_prob.village", 0.9, err) == -1);
    CHECK(mig_world_set(w, "country.HU.abscond_prob", 0.05, err) == 0 && w->countries[2].abscond_prob == 0.05);
    CHECK(mig_world_set(w, "country.XX.abscond_prob", 0.05, err) == -1);
    CHECK(mig_world_set(w, "country.HU.colour", 0.05, err) == -1);
    CHECK(mig_world_set(w, "location.subotica.move_prob", 0.1, err) == 0 && w->locations[2].move_prob == 0.1);
    CHECK(mig_world_set(w, "location.subotica.move_prob", -2, err) == -1);
    CHECK(mig_world_set(w, "nationality.SYR.displacement", 0.3, err) == 0 && w->nats[0].displacement == 0.3);
    CHECK(mig_world_set(w, "nationality.SYR.displacement", 1.3, err) == -1);
    CHECK(mig_world_set(w, "nationality.SYR.money_mean", 0, err) == -1);
    CHECK(mig_world_set(w, "channel.SYR.air.cost", 400, err) == 0 && w->nats[0].channels[0].cost == 400);
    CHECK(mig_world_set(w, "channel.SYR.sea.cost", 400, err) == -1);
    CHECK(mig_world_set(w, "channel.AFG.air.cost", 400, err) == -1);
    CHECK(mig_world_set(w, "give_up_prob", 1.01, err) == -1);
    mig_world_free(w);
}

typedef struct visit_log {
    const mig_world *w;
    int n, bad_get, bad_set, found_border, found_channel, found_global;
    char last[160];
    int unordered;
} visit_log;

static void visit(void *ctx, const char *key, double value)
{
    visit_log *log = ctx;
    double v;
    log->n++;
    /* Every visited key resolves to the value visited, and setting that value back is accepted. */
    if (mig_world_get(log->w, key, &v, err) != 0 || !(v == value))
        log->bad_get++;
    else if (mig_world_set((mig_world *)log->w, key, value, err) != 0)
        log->bad_set++;
    log->found_border += strcmp(key, "border.RS-HU.registration_share") == 0;
    log->found_channel += strcmp(key, "channel.SYR.air.open") == 0;
    log->found_global += strcmp(key, "risk_memory") == 0;
}

static void test_each_param(void)
{
    mig_world *w = small_world();
    CHECK(w != NULL);
    if (!w)
        return;
    visit_log log = { w, 0, 0, 0, 0, 0, 0, "", 0 };
    mig_world_each_param(w, visit, &log);
    int expect = 5 + 3 /* choice.* */ + 2 /* closure.* */ + 12 /* smuggling.* */ + 1 /* network.delay_days */ + 1 /* demand.uncertainty */ + MIG_N_LOC_KINDS + MIG_N_MODES
        + 5 * w->n_borders + 5 * w->n_countries + 2 * w->n_locations + 5 * w->n_nats + 4 * w->nats[0].n_channels
        + 4 * w->n_groups;
    CHECK_EQ(log.n, expect);
    CHECK_EQ(log.bad_get, 0);
    CHECK_EQ(log.bad_set, 0);
    CHECK_EQ(log.found_border, 1);
    CHECK_EQ(log.found_channel, 1);
    CHECK_EQ(log.found_global, 1);
    mig_world_free(w);
}

static void test_finalize_errors(void)
{
    mig_world *w = mig_world_new();
    CHECK(w != NULL);
    if (!w)
        return;
    CHECK(mig_world_finalize(w, err) == -1);
    CHECK_HAS(err, "no nationality groups");
    mig_world_free(w);

    /* no channel */
    w = small_world();
    if (!w)
        return;
    int n = mig_world_add_nationality(w, "AFG", NULL, "damascus", "afg.lua:7:", err);
    CHECK(n == 1);
    mig_world_add_destination(w, n, "budapest", 1, err);
    CHECK(mig_world_finalize(w, err) == -1);
    CHECK_HAS(err, "afg.lua:7:nationality AFG has no entry channel");
    /* no destination */
    mig_world_add_channel(w, n, "air", "belgrade", "air", 1, NULL, err);
    w->nats[n].n_dest = 0;
    CHECK(mig_world_finalize(w, err) == -1);
    CHECK_HAS(err, "AFG has no destination");
    w->nats[n].n_dest = 1;
    CHECK(mig_world_finalize(w, err) == 0);
    /* channel weights summing to 0 */
    CHECK(mig_world_set(w, "channel.AFG.air.weight", 0, err) == 0);
    CHECK(mig_world_finalize(w, err) == -1);
    CHECK_HAS(err, "weights sum to 0");
    CHECK(mig_world_set(w, "channel.AFG.air.weight", 1, err) == 0);
    /* destination no entry reaches: the message names the group and the place */
    mig_world_add_location(w, "ankara", NULL, "SY", "city", 39.9, 32.9, err);
    mig_world_add_destination(w, n, "ankara", 1, err);
    CHECK(mig_world_finalize(w, err) == -1);
    CHECK_HAS(err, "AFG");
    CHECK_HAS(err, "'ankara'");
    CHECK_HAS(err, "afg.lua:7:");
    /* a route from the entry fixes it, and makes the border segment RS-SY at once */
    CHECK(mig_world_add_route(w, "belgrade", "ankara", "road", 900, 0, err) >= 0);
    CHECK_EQ(w->n_borders, 2);
    CHECK(strcmp(w->borders[1].name, "RS-SY") == 0);
    CHECK_EQ(w->routes[2].border, 1);
    CHECK(mig_world_set(w, "border.RS-SY.detection_prob", 0.2, err) == 0);
    CHECK(mig_world_finalize(w, err) == 0);
    /* all destination weights 0 */
    CHECK(mig_world_add_destination(w, n, "budapest", 0, err) == 0);
    CHECK(mig_world_add_destination(w, n, "ankara", 0, err) == 1);
    CHECK(mig_world_finalize(w, err) == -1);
    CHECK_HAS(err, "AFG has no destination with a weight above 0");
    CHECK(mig_world_add_destination(w, n, "ankara", 1, err) == 1);
    CHECK(mig_world_finalize(w, err) == 0);
    /* a border no route crosses; the later definition's file:line is kept */
    CHECK(mig_world_add_border(w, "HU", "SY", "late.lua:2:", err) == 2);
    CHECK(mig_world_finalize(w, err) == -1);
    CHECK_HAS(err, "late.lua:2:border HU-SY: no route crosses it");
    CHECK(mig_world_add_location(w, "szeged", NULL, "HU", "city", 46.2, 20.1, err) >= 0);
    CHECK(mig_world_add_route(w, "szeged", "ankara", "road", 1500, 0, err) >= 0);
    CHECK_EQ(w->n_borders, 3);  /* the route found the segment defined above */
    CHECK(mig_world_finalize(w, err) == 0);
    CHECK(mig_world_add_border(w, "RS", "HU", "again.lua:9:", err) == 0);
    CHECK(strcmp(w->borders[0].where, "again.lua:9:") == 0);
    /* a reception outside the country entered */
    w->borders[0].reception = mig_world_find_location(w, "belgrade");
    CHECK(mig_world_finalize(w, err) == -1);
    CHECK_HAS(err, "reception 'belgrade' is not in HU");
    w->borders[0].reception = mig_world_find_location(w, "budapest");
    CHECK(mig_world_finalize(w, err) == 0);
    mig_world_free(w);
}

/* Distances to destinations on a hand-made graph (one country, so no borders):
 *
 *   A --100--> B --50--> D        E (isolated)
 *   A --30---> C --200-> D        D --10--> A (leads away, must not matter)
 *   C --20---> B                  H --60--> D, H --30--> B (the long hop via the
 *   B --70---> G                  nearer B must not replace the shorter direct one)
 */
static void test_distances(void)
{
    mig_world *w = mig_world_new();
    CHECK(w != NULL);
    if (!w)
        return;
    mig_world_add_country(w, "XA", NULL, 0, 0, err);
    const char *ids[] = { "A", "B", "C", "D", "E", "G", "H" };
    for (int i = 0; i < 7; i++)
        CHECK(mig_world_add_location(w, ids[i], NULL, "XA", i == 3 || i == 5 ? "destination" : "city", 0, 0, err) == i);
    CHECK(mig_world_add_route(w, "A", "B", "road", 100, 0, err) == 0);
    CHECK(mig_world_add_route(w, "B", "D", "road", 50, 0, err) == 1);
    CHECK(mig_world_add_route(w, "A", "C", "road", 30, 0, err) == 2);
    CHECK(mig_world_add_route(w, "C", "D", "road", 200, 0, err) == 3);
    CHECK(mig_world_add_route(w, "D", "A", "road", 10, 0, err) == 4);
    CHECK(mig_world_add_route(w, "C", "B", "road", 20, 0, err) == 5);
    CHECK(mig_world_add_route(w, "B", "G", "road", 70, 0, err) == 6);
    CHECK(mig_world_add_route(w, "H", "D", "road", 60, 0, err) == 7);
    CHECK(mig_world_add_route(w, "H", "B", "road", 30, 0, err) == 8);
    int n = mig_world_add_nationality(w, "XXX", NULL, "A", NULL, err);
    mig_world_add_destination(w, n, "D", 1, err);
    mig_world_add_destination(w, n, "G", 2, err);
    mig_world_add_channel(w, n, "walk", "A", "foot", 0, NULL, err);
    CHECK(mig_world_finalize(w, err) == 0);
    CHECK_EQ(w->n_dests, 2);
    CHECK(w->dest_loc[0] == 3 && w->dest_loc[1] == 5);
    const double *dD = w->dist, *dG = w->dist + w->n_locations;
    CHECK(dD[0] == 100);  /* A -> C -> B -> D = 30 + 20 + 50 */
    CHECK(dD[1] == 50);
    CHECK(dD[2] == 70);
    CHECK(dD[3] == 0);
    CHECK(isinf(dD[4]));
    CHECK(isinf(dD[5]));  /* G leads nowhere */
    CHECK(dD[6] == 60);
    CHECK(dG[0] == 120);  /* A -> C -> B -> G */
    CHECK(dG[1] == 70);
    CHECK(dG[2] == 90);
    CHECK(dG[3] == 130);  /* D -> A -> ... */
    CHECK(isinf(dG[4]));
    CHECK(dG[5] == 0);
    CHECK(dG[6] == 100);  /* H -> B -> G */
    /* Outgoing routes by location, in definition order. */
    CHECK(w->out_start[0] == 0 && w->out_start[1] == 2);
    CHECK(w->out_routes[0] == 0 && w->out_routes[1] == 2);  /* A: A->B, A->C */
    CHECK(w->out_start[2] - w->out_start[1] == 2);           /* B: B->D, B->G */
    CHECK(w->out_routes[w->out_start[1]] == 1 && w->out_routes[w->out_start[1] + 1] == 6);
    CHECK(w->out_start[7] == w->n_routes);
    CHECK(w->out_start[5] == w->out_start[6]);               /* G has none */
    CHECK(w->out_routes[w->out_start[6]] == 7 && w->out_routes[w->out_start[6] + 1] == 8);
    mig_world_free(w);
}

static void test_demand(void)
{
    mig_world *w = small_world();
    CHECK(w != NULL);
    if (!w)
        return;
    CHECK(mig_world_demand(w, 0, day_of("2022-03-15")) == 0);  /* no series */
    const double per_day[] = { 10, 20, 30 };
    CHECK(mig_world_set_demand(w, 0, "2022-03", per_day, 3, err) == 0);
    CHECK(mig_world_demand(w, 0, day_of("2022-02-28")) == 0);  /* before the series */
    CHECK(mig_world_demand(w, 0, day_of("2021-03-15")) == 0);
    CHECK(mig_world_demand(w, 0, day_of("2022-03-01")) == 10);
    CHECK(mig_world_demand(w, 0, day_of("2022-03-31")) == 10);
    CHECK(mig_world_demand(w, 0, day_of("2022-04-01")) == 20);
    CHECK(mig_world_demand(w, 0, day_of("2022-05-31")) == 30);
    CHECK(mig_world_demand(w, 0, day_of("2022-06-01")) == 30);  /* the last value holds */
    CHECK(mig_world_demand(w, 0, day_of("2025-01-10")) == 30);
    CHECK(mig_world_set(w, "nationality.SYR.departure_multiplier", 0.5, err) == 0);
    CHECK(mig_world_demand(w, 0, day_of("2022-04-10")) == 10);
    /* a year boundary */
    const double two[] = { 1, 2 };
    CHECK(mig_world_set_demand(w, 0, "2022-12", two, 2, err) == 0);
    CHECK(mig_world_demand(w, 0, day_of("2022-12-31")) == 0.5);
    CHECK(mig_world_demand(w, 0, day_of("2023-01-01")) == 1);
    mig_world_free(w);
}

static void test_route_days(void)
{
    mig_world *w = small_world();
    CHECK(w != NULL);
    if (!w)
        return;
    mig_route r = { 0, 1, MIG_MODE_ROAD, 500, 0, 0, -1 };
    CHECK_EQ(mig_route_days(w, &r), 2);   /* 500 km at 400 km/day */
    r.km = 400;
    CHECK_EQ(mig_route_days(w, &r), 1);   /* exactly one day, not two */
    r.km = 1;
    CHECK_EQ(mig_route_days(w, &r), 1);   /* never less than a day */
    r.days_given = 3;
    CHECK_EQ(mig_route_days(w, &r), 3);
    r.days_given = 0.2;
    CHECK_EQ(mig_route_days(w, &r), 1);
    mig_world_free(w);
}

int main(void)
{
    test_build_ok();
    test_add_errors();
    test_too_many_nationalities();
    test_params();
    test_each_param();
    test_finalize_errors();
    test_distances();
    test_demand();
    test_route_days();
    return check_done("test_world");
}
