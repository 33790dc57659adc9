/* test_params.c: the parameter table (params.h): every key of a built world is
 * found, get/set round trips, ranges refused with range and unit, unknown keys
 * with a suggestion, the order of meta.parameters. */
#include "check.h"
#include "params.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static char err[MIG_ERR_LEN];

/* Two countries, a border, a group, a nationality with two channels. */
static mig_world *world(void)
{
    mig_world *w = mig_world_new();
    if (!w)
        return NULL;
    static const char *const seg[] = { "RS-HU" };
    int ok = mig_world_add_country(w, "RS", "Serbia", 0, 0, err) >= 0
        && mig_world_add_country(w, "HU", "Hungary", 1, 1, err) >= 0
        && mig_world_add_location(w, "belgrade", NULL, "RS", "city", 0, 0, err) >= 0
        && mig_world_add_location(w, "budapest", NULL, "HU", "destination", 0, 0, err) >= 0
        && mig_world_add_route(w, "belgrade", "budapest", "road", 400, 0, err) >= 0
        && mig_world_add_border(w, "RS", "HU", "t.lua:1:", err) >= 0
        && mig_world_set(w, "border.RS-HU.smuggling_price", 1000, err) == 0
        && mig_world_add_group(w, "north", "RS", seg, 1, "t.lua:2:", err) >= 0;
    int n = ok ? mig_world_add_nationality(w, "SYR", "Syrians", "belgrade", "t.lua:3:", err) : -1;
    ok = n >= 0 && mig_world_add_destination(w, n, "budapest", 1, err) >= 0
        && mig_world_add_channel(w, n, "air", "belgrade", "air", 1, "", err) >= 0
        && mig_world_add_channel(w, n, "land", "belgrade", "road", 3, "", err) >= 0;
    if (!ok) {
        fprintf(stderr, "world: %s\n", err);
        mig_world_free(w);
        return NULL;
    }
    return w;
}

typedef struct seen {
    mig_world *w;
    int n, failed;
    char first[64], last[64];
    const mig_param_spec *rows[128];
    int n_rows;
} seen;

/* Each key resolves back to a row, and setting its own value back changes nothing. */
static void visit(void *vctx, const char *key, double value, const mig_param_spec *sp)
{
    seen *s = vctx;
    mig_param_ref ref;
    double v = NAN;
    if (mig_param_find(s->w, key, &ref, err) || ref.spec != sp || mig_world_get(s->w, key, &v, err) || v != value ||
        mig_world_set(s->w, key, value, err)) {
        fprintf(stderr, "key %s: %s\n", key, err);
        s->failed++;
    }
    char back[200];
    mig_param_key(s->w, ref, back, sizeof back);
    if (strcmp(back, key) != 0)
        s->failed++;
    if (s->n == 0)
        snprintf(s->first, sizeof s->first, "%s", key);
    snprintf(s->last, sizeof s->last, "%s", key);
    s->n++;
    int known = 0;
    for (int i = 0; i < s->n_rows; i++)
        known |= s->rows[i] == sp;
    if (!known && s->n_rows < 128)
        s->rows[s->n_rows++] = sp;
}

static void test_every_key(void)
{
    mig_world *w = world();
    CHECK(w != NULL);
    if (!w)
        return;
    seen s = { .w = w };
    mig_param_each(w, visit, &s);
    CHECK_EQ(s.failed, 0);
    /* 24 world keys, 6 location kinds, 5 modes; 5 per border, 5 per country, 4 per
     * group, 2 per location, 5 per nationality (no demand projection), 4 per channel */
    CHECK_EQ(s.n, 24 + 6 + 5 + 5 + 2 * 5 + 4 + 2 * 2 + 5 + 2 * 4);
    CHECK(strcmp(s.first, "agent_weight") == 0);
    CHECK(strcmp(s.last, "channel.SYR.land.weight") == 0);
    /* every row of the table has a key in this world */
    int rows = 0;
    for (const mig_param_spec *sp = mig_param_specs; sp->pattern; sp++) {
        rows++;
        CHECK(sp->lo <= sp->hi);
        CHECK(*sp->unit && *sp->about && *sp->source);
    }
    CHECK_EQ(s.n_rows, rows - 2);  /* the projection's rows: only for a group with one */
    double v;
    CHECK(mig_world_get(w, "nationality.SYR.projection.sigma", &v, err) != 0);
    /* With a projection its two keys exist, resolve, and are range-checked. */
    w->nats[0].proj.on = 1;
    w->nats[0].proj.level = 10;
    for (int m = 0; m < 12; m++)
        w->nats[0].proj.season[m] = 1;
    seen t = { .w = w };
    mig_param_each(w, visit, &t);
    CHECK_EQ(t.failed, 0);
    CHECK_EQ(t.n, s.n + 2);
    CHECK_EQ(t.n_rows, rows);
    CHECK(mig_world_set(w, "nationality.SYR.projection.persistence", 0.7, err) == 0 &&
          w->nats[0].proj.persistence == 0.7);
    CHECK(mig_world_set(w, "nationality.SYR.projection.sigma", 0.25, err) == 0 && w->nats[0].proj.sigma == 0.25);
    CHECK(mig_world_set(w, "nationality.SYR.projection.persistence", 1.5, err) != 0);
    CHECK_HAS(err, "must be in [0, 1]");
    CHECK(mig_world_set(w, "nationality.SYR.projection.sigam", 0.2, err) != 0);
    CHECK_HAS(err, "did you mean 'nationality.SYR.projection.sigma'");
    CHECK(mig_world_set(w, "demand.uncertainty", -1, err) != 0);
    CHECK(mig_world_set(w, "demand.uncertainty", 0, err) == 0 && w->params.demand_uncertainty == 0);
    mig_world_free(w);
}

static void test_round_trip(void)
{
    mig_world *w = world();
    CHECK(w != NULL);
    if (!w)
        return;
    double v;
    CHECK(mig_world_set(w, "channel.SYR.land.cost", 750.5, err) == 0);
    CHECK(mig_world_get(w, "channel.SYR.land.cost", &v, err) == 0 && v == 750.5);
    CHECK(w->nats[0].channels[1].cost == 750.5);
    CHECK(mig_world_set(w, "move_prob.border_area", 0.125, err) == 0);
    CHECK(w->params.move_prob[MIG_LOC_BORDER_AREA] == 0.125);
    /* by reference: numbers, no text */
    mig_param_ref ref = { mig_param_spec_of(MIG_PE_GROUP, "skill"), 0, 0 };
    CHECK(ref.spec != NULL);
    CHECK(mig_param_set(w, ref, 0.25, err) == 0 && w->groups[0].skill == 0.25);
    CHECK(*mig_param_ptr(w, ref) == 0.25);
    CHECK(mig_param_spec_named("border.<FROM-TO>.detection_prob") == mig_param_spec_of(MIG_PE_BORDER,
                                                                                       "detection_prob"));
    /* a speed re-derives route days */
    CHECK(mig_world_set(w, "speed.road", 100, err) == 0);
    CHECK_EQ(w->routes[0].days, 4);
    mig_world_free(w);
}

static void test_refused(void)
{
    mig_world *w = world();
    CHECK(w != NULL);
    if (!w)
        return;
    double before = w->borders[0].detection_prob;
    CHECK(mig_world_set(w, "border.RS-HU.detection_prob", 1.5, err) == -1);
    CHECK_HAS(err, "parameter 'border.RS-HU.detection_prob' must be in [0, 1], got 1.5");
    CHECK_HAS(err, "unit: probability per attempt");
    CHECK(w->borders[0].detection_prob == before);
    CHECK(mig_world_set(w, "smuggling.vulnerable_money", -1, err) == -1);
    CHECK_HAS(err, "[0, 1e+07]");
    CHECK_HAS(err, "EUR");
    CHECK(mig_world_set(w, "network.delay_days", 2.5, err) == -1);
    CHECK_HAS(err, "must be a whole number, got 2.5 (range [0, 365], unit: days)");
    CHECK(mig_world_set(w, "network.delay_days", 400, err) == -1);
    CHECK_HAS(err, "must be a whole number in [0, 365], got 400");
    CHECK(mig_world_set(w, "channel.SYR.air.open", 0.5, err) == -1);
    CHECK_HAS(err, "must be 0 or 1");
    CHECK(mig_world_set(w, "agent_weight", NAN, err) == -1);
    /* what a change re-checks: the served segment keeps a price */
    CHECK(mig_world_set(w, "border.RS-HU.smuggling_price", 0, err) == -1);
    CHECK_HAS(err, "smuggling group 'north' serves the segment");
    CHECK(w->borders[0].smuggling_price == 1000);
    /* the builders' check, with their own name for the thing */
    CHECK(mig_param_check(mig_param_spec_of(MIG_PE_GROUP, "capacity"), "smuggling_group x: 'capacity'", -5, err)
          == -1);
    CHECK_HAS(err, "smuggling_group x: 'capacity' must be in [0, 1e+09], got -5 (unit: persons/day)");
    CHECK(mig_param_check(mig_param_spec_of(MIG_PE_GROUP, "members"), "m", 3, err) == 0);
    mig_world_free(w);
}

static void test_unknown(void)
{
    mig_world *w = world();
    CHECK(w != NULL);
    if (!w)
        return;
    mig_param_ref ref;
    CHECK(mig_param_find(w, "group.north.skil", &ref, err) == -1);
    CHECK_HAS(err, "unknown parameter 'group.north.skil' (did you mean 'group.north.skill'?)");
    CHECK(mig_param_find(w, "channel.SYR.sea.cost", &ref, err) == -1);
    CHECK(mig_param_find(w, "speed.bike", &ref, err) == -1);
    CHECK(mig_param_find(w, "border.HU-RS.detection_prob", &ref, err) == -1);
    CHECK(mig_param_find(w, "nothing.like.any.key.at.all", &ref, err) == -1);
    CHECK(strstr(err, "did you mean") == NULL);
    CHECK(mig_param_find(w, "", &ref, err) == -1);
    mig_world_free(w);
}

int main(void)
{
    test_every_key();
    test_round_trip();
    test_refused();
    test_unknown();
    return check_done("params");
}
