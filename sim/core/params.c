/* params.c: the parameter table and the setters built on it (see params.h).
 * Ranges, meanings and units are those the code enforced and docs/model.md and
 * docs/scenario-api.md stated before the table existed; a source that is not
 * known says "assumed" with the section of docs/model.md that discusses it. */
#include "params.h"
#include "suggest.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *const mig_param_entity_names[MIG_N_PE] = {
    "world", "location kind", "travel mode", "border segment", "country", "smuggling group", "location",
    "nationality", "entry channel",
};

const char *const mig_param_type_names[3] = { "real", "whole", "boolean" };

/* The first part of an entity's keys ("border.RS-HU.x"). */
static const char *const entity_key[MIG_N_PE] = {
    NULL, "move_prob", "speed", "border", "country", "group", "location", "nationality", "channel",
};

#define P(f) offsetof(mig_params, f)
#define B(f) offsetof(mig_border, f)
#define C(f) offsetof(mig_country, f)
#define G(f) offsetof(mig_group, f)
#define L(f) offsetof(mig_location, f)
#define N(f) offsetof(mig_nationality, f)
#define CH(f) offsetof(mig_channel, f)
#define GM "docs/model.md \302\247Global parameters"
#define SM "docs/model.md \302\247Smuggling and policing parameters"
#define CC "docs/model.md \302\247Channel choice"
#define SHARES "checks pushback_share + registration_share <= 1 on every segment (the change is undone if not)"

/* In the order of meta.parameters: the world's own keys (alphabetical, as
 * mig_world_each_param always listed them), then per entity. Changing the order
 * changes every result document. */
const mig_param_spec mig_param_specs[] = {
    { "agent_weight", MIG_PE_GLOBAL, NULL, "agent_weight", P(agent_weight), MIG_PT_REAL, 1e-6, 1e9,
      "persons/agent", "persons per agent", "assumed (" GM ")", 0,
      "fixed once the run starts: every count is scaled by it" },
    { "choice.cost", MIG_PE_GLOBAL, "choice", "cost", P(choice_cost), MIG_PT_REAL, 0, 100, "log-odds per 1000 EUR",
      "weight of an alternative channel's extra expected cost (fare and smuggling prices to the destination) when "
      "the preferred channel is not usable", "assumed (" CC ")", 0, "" },
    { "choice.days", MIG_PE_GLOBAL, "choice", "days", P(choice_days), MIG_PT_REAL, 0, 100, "log-odds per 10 days",
      "weight of an alternative channel's extra expected travel days to the destination", "assumed (" CC ")", 0,
      "" },
    { "choice.stay", MIG_PE_GLOBAL, "choice", "stay", P(choice_stay), MIG_PT_REAL, -20, 20, "log-odds",
      "utility of staying home relative to the lost channel (log(4): a free, equally long alternative draws 1 in "
      "5)", "assumed (" CC ")", 0, "" },
    { "closure.give_up", MIG_PE_GLOBAL, "closure", "give_up", P(closure_give_up), MIG_PT_REAL, 0, 1,
      "probability", "probability of going home, rather than rerouting, when a person's patience at a closed "
      "border ends", "assumed, to be calibrated (docs/model.md \302\247Closed borders)", 0, "" },
    { "closure.wait_days", MIG_PE_GLOBAL, "closure", "wait_days", P(closure_wait_days), MIG_PT_REAL, 0, 3650,
      "days", "mean patience at a closed border (exponential; days waited at that place) before rerouting or "
      "going home", "assumed, to be calibrated (docs/model.md \302\247Closed borders)", 0, "" },
    { "demand.uncertainty", MIG_PE_GLOBAL, "demand", "uncertainty", P(demand_uncertainty), MIG_PT_REAL, 0, 100,
      "1", "multiplies the sigma of every demand projection (0: the deterministic projection)",
      "1: the projections as estimated (docs/model.md \302\247Demand projection)", 0, "" },
    { "give_up_prob", MIG_PE_GLOBAL, NULL, "give_up_prob", P(give_up_prob), MIG_PT_REAL, 0, 1,
      "probability per pushback", "probability of going home after a pushback", "assumed (" GM ")", 0, "" },
    { "move_prob.<kind>", MIG_PE_LOC_KIND, NULL, "move_prob", P(move_prob), MIG_PT_REAL, 0, 1,
      "probability/day", "daily probability of moving on from a location of that kind", "assumed (" GM ")", 0, "" },
    { "network.delay_days", MIG_PE_GLOBAL, "network", "delay_days", P(network_delay_days), MIG_PT_WHOLE, 0, 365,
      "days", "days before a report reaches the other network members",
      "scenarios; 0 = immediate exchange, as agreed in Portoroz, S60, S78 (" SM ")", 0, "" },
    { "risk_aversion", MIG_PE_GLOBAL, NULL, "risk_aversion", P(risk_aversion), MIG_PT_REAL, 0, 1e3,
      "log-odds per unit risk", "weight of perceived detection risk in next-hop choice", "assumed (" GM ")", 0,
      "" },
    { "risk_memory", MIG_PE_GLOBAL, NULL, "risk_memory", P(risk_memory), MIG_PT_REAL, 0, 1, "1",
      "weight of the previous perceived risk when it is updated", "assumed (" GM ")", 0, "" },
    { "route_km_scale", MIG_PE_GLOBAL, NULL, "route_km_scale", P(route_km_scale), MIG_PT_REAL, 1e-3, 1e9, "km",
      "detour that divides a next hop's odds by e",
      "calibrated to data S65, S72, S01 (docs/model.md \302\247Calibration)", 0, "" },
    { "smuggling.arrest_rate", MIG_PE_GLOBAL, "smuggling", "arrest_rate", P(arrest_rate), MIG_PT_REAL, 0, 1,
      "arrests per smuggled person detected", "smugglers arrested in the act per smuggled person detected",
      "data S79 (" SM ")", 0, "" },
    { "smuggling.exploitation_rate", MIG_PE_GLOBAL, "smuggling", "exploitation_rate", P(exploitation_rate),
      MIG_PT_REAL, 0, 1, "probability/day", "daily probability that a vulnerable client is exploited",
      "assumed (" SM ")", 0, "" },
    { "smuggling.intel_half_life", MIG_PE_GLOBAL, "smuggling", "intel_half_life", P(intel_half_life), MIG_PT_REAL,
      0.1, 1e6, "days", "half-life of police intelligence", "assumed (" SM ")", 0, "" },
    { "smuggling.intel_per_detection", MIG_PE_GLOBAL, "smuggling", "intel_per_detection", P(intel_per_detection),
      MIG_PT_REAL, 0, 1e6, "intelligence units per smuggled person detected",
      "intelligence gained per smuggled person detected", "the unit of intelligence (" SM ")", 0, "" },
    { "smuggling.price_elasticity", MIG_PE_GLOBAL, "smuggling", "price_elasticity", P(price_elasticity),
      MIG_PT_REAL, 0, 10, "1", "price ~ (reference capacity / active capacity)^elasticity", "assumed (" SM ")", 0,
      "" },
    { "smuggling.release_prob", MIG_PE_GLOBAL, "smuggling", "release_prob", P(release_prob), MIG_PT_REAL, 0, 1,
      "probability/day", "daily probability that exploitation ends while the group is active", "assumed (" SM ")",
      0, "" },
    { "smuggling.replacement_days", MIG_PE_GLOBAL, "smuggling", "replacement_days", P(replacement_days),
      MIG_PT_REAL, 1, 1e6, "days", "mean days before a dismantled group's market is taken over",
      "assumed (" SM ")", 0, "" },
    { "smuggling.replacement_min_days", MIG_PE_GLOBAL, "smuggling", "replacement_min_days",
      P(replacement_min_days), MIG_PT_REAL, 1, 1e6, "days",
      "the least mean days before a takeover, however many clients are turned away", "assumed (" SM ")", 0, "" },
    { "smuggling.threshold", MIG_PE_GLOBAL, "smuggling", "threshold", P(threshold), MIG_PT_REAL, 1e-9, 1e12,
      "intelligence units", "intelligence that dismantles a group", "assumed (" SM ")", 0, "" },
    { "smuggling.vulnerable_days", MIG_PE_GLOBAL, "smuggling", "vulnerable_days", P(vulnerable_days), MIG_PT_REAL,
      0, 65535, "days", "a client waiting this long in one place is vulnerable",
      "assumed, informed by S115, S126 (" SM ")", 0, "" },
    { "smuggling.vulnerable_money", MIG_PE_GLOBAL, "smuggling", "vulnerable_money", P(vulnerable_money),
      MIG_PT_REAL, 0, 1e7, "EUR", "a client with less money is vulnerable", "data S79 (" SM ")", 0, "" },
    { "smuggling.wait_if_full", MIG_PE_GLOBAL, "smuggling", "wait_if_full", P(wait_if_full), MIG_PT_REAL, 0, 1,
      "probability/day", "probability of waiting for a place rather than going alone when every affordable group "
      "is full", "assumed (" SM ")", 0, "" },
    { "speed.<mode>", MIG_PE_MODE, NULL, "speed", P(speed), MIG_PT_REAL, 1e-3, 1e6, "km/day",
      "travel speed on routes without fixed days", "assumed (" GM ")", MIG_PC_ROUTE_DAYS,
      "the travel days of every route without fixed days" },

    { "border.<FROM-TO>.closed", MIG_PE_BORDER, NULL, "closed", B(closed), MIG_PT_BOOL, 0, 1, "flag",
      "1 = closed: nobody crosses; people who reach it wait, reroute or go home (closure.*)",
      "scenarios (during{}, close_border{}; docs/model.md \302\247Closed borders)", 0, "" },
    { "border.<FROM-TO>.detection_prob", MIG_PE_BORDER, NULL, "detection_prob", B(detection_prob), MIG_PT_REAL, 0,
      1, "probability per attempt", "detection probability per crossing attempt",
      "assumed (docs/model.md \302\247Border segments)", 0, "" },
    { "border.<FROM-TO>.pushback_share", MIG_PE_BORDER, NULL, "pushback_share", B(pushback_share), MIG_PT_REAL, 0,
      1, "share of detections", "share of detections pushed back to the near side",
      "assumed (docs/model.md \302\247Border segments)", MIG_PC_SHARES, SHARES },
    { "border.<FROM-TO>.registration_share", MIG_PE_BORDER, NULL, "registration_share", B(registration_share),
      MIG_PT_REAL, 0, 1, "share of detections", "share of detections registered (taken to reception); the rest is "
      "detained", "assumed (docs/model.md \302\247Border segments)", MIG_PC_SHARES, SHARES },
    { "border.<FROM-TO>.smuggling_price", MIG_PE_BORDER, NULL, "smuggling_price", B(smuggling_price), MIG_PT_REAL,
      0, 1e7, "EUR/person", "what a smuggler's place costs at reference supply; 0 = no market",
      "data/smuggling_prices.csv (docs/model.md \302\247Smuggling prices by segment)", MIG_PC_SERVED_PRICE,
      "refused at 0 on a segment a smuggling group serves" },

    { "country.<CC>.abscond_prob", MIG_PE_COUNTRY, NULL, "abscond_prob", C(abscond_prob), MIG_PT_REAL, 0, 1,
      "probability/day", "daily probability of leaving reception in this country",
      "assumed (docs/model.md \302\247Countries)", 0, "" },
    { "country.<CC>.asylum_prob", MIG_PE_COUNTRY, NULL, "asylum_prob", C(asylum_prob), MIG_PT_REAL, 0, 1,
      "share of arrivals", "share of arrivals at a destination in this country who apply for asylum",
      "assumed (docs/model.md \302\247Countries)", 0, "" },
    { "country.<CC>.intel_per_day", MIG_PE_COUNTRY, NULL, "intel_per_day", C(intel_per_day), MIG_PT_REAL, 0, 1e9,
      "intelligence units/day", "intelligence gained daily on each group operating here",
      "operation{} (" SM ")", 0, "" },
    { "country.<CC>.network", MIG_PE_COUNTRY, NULL, "network", C(network), MIG_PT_BOOL, 0, 1, "flag",
      "1 = a contact point in the police data-exchange network",
      "scenarios (police_data_exchange.lua: S60, S61, S78; " SM ")", 0, "" },
    { "country.<CC>.threshold_factor", MIG_PE_COUNTRY, NULL, "threshold_factor", C(threshold_factor), MIG_PT_REAL,
      1e-6, 1e6, "1", "multiplies the dismantling threshold here (< 1: a dismantling push)",
      "operation{} (" SM ")", 0, "" },

    { "group.<id>.capacity", MIG_PE_GROUP, NULL, "capacity", G(capacity), MIG_PT_REAL, 0, 1e9, "persons/day",
      "persons it can take across per day, all its segments together",
      "assumed (docs/model.md \302\247Smuggling groups)", 0, "" },
    { "group.<id>.members", MIG_PE_GROUP, NULL, "members", G(members), MIG_PT_WHOLE, 0, 1e6, "persons",
      "persons arrested when it is dismantled",
      "assumed, informed by S134, S141 (docs/model.md \302\247Smuggling groups)", 0, "" },
    { "group.<id>.price_factor", MIG_PE_GROUP, NULL, "price_factor", G(price_factor), MIG_PT_REAL, 1e-3, 1e3, "1",
      "its price relative to the segment's smuggling_price", "assumed (docs/model.md \302\247Smuggling groups)", 0,
      "" },
    { "group.<id>.skill", MIG_PE_GROUP, NULL, "skill", G(skill), MIG_PT_REAL, 0, 1, "1",
      "a crossing with it is detected with probability detection_prob x (1 - skill)",
      "assumed (docs/model.md \302\247Smuggling groups)", 0, "" },

    { "location.<id>.capacity", MIG_PE_LOCATION, NULL, "capacity", L(capacity), MIG_PT_REAL, 0, 1e12, "persons",
      "capacity; 0 = unlimited (reported, not enforced)", "assumed (docs/model.md \302\247Locations)", 0, "" },
    { "location.<id>.move_prob", MIG_PE_LOCATION, NULL, "move_prob", L(move_prob), MIG_PT_REAL, -1, 1,
      "probability/day", "daily move-on probability; negative = the kind's default (move_prob.<kind>)",
      "assumed (docs/model.md \302\247Locations)", 0, "" },

    { "nationality.<NAT>.departure_multiplier", MIG_PE_NATIONALITY, NULL, "departure_multiplier",
      N(departure_multiplier), MIG_PT_REAL, 0, 1e6, "1", "multiplies demand (a policy lever at the origin)",
      "assumed: 1, neutral (docs/model.md \302\247Nationality groups)", 0, "" },
    { "nationality.<NAT>.displacement", MIG_PE_NATIONALITY, NULL, "displacement", N(displacement), MIG_PT_REAL, -1,
      1, "probability", "probability of taking another usable channel when the preferred one is not usable; "
      "negative = the choice model (choice.*), the default",
      "assumed (docs/model.md \302\247Nationality groups)", 0, "" },
    { "nationality.<NAT>.money_mean", MIG_PE_NATIONALITY, NULL, "money_mean", N(money_mean), MIG_PT_REAL, 1, 1e7,
      "EUR", "mean money of a person (log-normal)",
      "data S130 for AFG and PAK, else assumed (docs/model.md \302\247Nationality groups)", 0, "" },
    { "nationality.<NAT>.money_sd", MIG_PE_NATIONALITY, NULL, "money_sd", N(money_sd), MIG_PT_REAL, 0, 1e7, "EUR",
      "standard deviation of money (log-normal)", "assumed (docs/model.md \302\247Nationality groups)", 0, "" },
    { "nationality.<NAT>.projection.persistence", MIG_PE_NATIONALITY, NULL, "projection.persistence",
      N(proj.persistence), MIG_PT_REAL, 0, 1, "1",
      "AR(1) persistence of log demand after the data (1: a random walk from the last month; only with a projection)",
      "the scenario's demand.projection, estimated outside the engine (docs/model.md \302\247Demand projection)", 0,
      "" },
    { "nationality.<NAT>.projection.sigma", MIG_PE_NATIONALITY, NULL, "projection.sigma", N(proj.sigma),
      MIG_PT_REAL, 0, 10, "log per month", "monthly shock sd of log demand after the data (only with a projection)",
      "the scenario's demand.projection, estimated outside the engine (docs/model.md \302\247Demand projection)", 0,
      "" },
    { "nationality.<NAT>.rush", MIG_PE_NATIONALITY, NULL, "rush", N(rush), MIG_PT_REAL, 0, 100, "1",
      "demand multiplier through a channel announced to close",
      "assumed (docs/model.md \302\247Nationality groups)", 0, "" },

    { "channel.<NAT>.<name>.cost", MIG_PE_CHANNEL, NULL, "cost", CH(cost), MIG_PT_REAL, 0, 1e7, "EUR/person",
      "fare, paid from the person's money at departure", "assumed (docs/model.md \302\247Entry channels)", 0, "" },
    { "channel.<NAT>.<name>.days", MIG_PE_CHANNEL, NULL, "days", CH(days), MIG_PT_REAL, 0, 365, "days",
      "days to the entry location (rounded up)", "assumed (docs/model.md \302\247Entry channels)", 0, "" },
    { "channel.<NAT>.<name>.open", MIG_PE_CHANNEL, NULL, "open", CH(open), MIG_PT_BOOL, 0, 1, "flag",
      "1 open, 0 closed at the origin side (exit ban)",
      "scenarios (close_channel, open_channel; docs/model.md \302\247Entry channels)", 0, "" },
    { "channel.<NAT>.<name>.weight", MIG_PE_CHANNEL, NULL, "weight", CH(weight), MIG_PT_REAL, 0, 1e9, "1",
      "preference weight among the nationality's channels",
      "assumed; the visa-free air channels informed by S21, S54 (docs/model.md \302\247Entry channels)", 0, "" },
    { NULL, 0, NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, 0, NULL },
};

#undef P
#undef B
#undef C
#undef G
#undef L
#undef N
#undef CH
#undef CC

const mig_param_spec *mig_param_spec_named(const char *pattern)
{
    for (const mig_param_spec *sp = mig_param_specs; sp->pattern; sp++)
        if (strcmp(sp->pattern, pattern) == 0)
            return sp;
    return NULL;
}

const mig_param_spec *mig_param_spec_of(mig_param_entity e, const char *field)
{
    for (const mig_param_spec *sp = mig_param_specs; sp->pattern; sp++)
        if (sp->entity == e && strcmp(sp->field, field) == 0)
            return sp;
    return NULL;
}

void mig_param_key(const mig_world *w, mig_param_ref ref, char *key, size_t n)
{
    const mig_param_spec *sp = ref.spec;
    const char *ek = entity_key[sp->entity];
    switch (sp->entity) {
    case MIG_PE_GLOBAL:
        if (sp->prefix)
            snprintf(key, n, "%s.%s", sp->prefix, sp->field);
        else
            snprintf(key, n, "%s", sp->field);
        break;
    case MIG_PE_LOC_KIND:
        snprintf(key, n, "%s.%s", ek, mig_loc_kind_names[ref.index]);
        break;
    case MIG_PE_MODE:
        snprintf(key, n, "%s.%s", ek, mig_mode_names[ref.index]);
        break;
    case MIG_PE_BORDER:
        snprintf(key, n, "%s.%s.%s", ek, w->borders[ref.index].name, sp->field);
        break;
    case MIG_PE_COUNTRY:
        snprintf(key, n, "%s.%s.%s", ek, w->countries[ref.index].code, sp->field);
        break;
    case MIG_PE_GROUP:
        snprintf(key, n, "%s.%s.%s", ek, w->groups[ref.index].id, sp->field);
        break;
    case MIG_PE_LOCATION:
        snprintf(key, n, "%s.%s.%s", ek, w->locations[ref.index].id, sp->field);
        break;
    case MIG_PE_NATIONALITY:
        snprintf(key, n, "%s.%s.%s", ek, w->nats[ref.index].code, sp->field);
        break;
    case MIG_PE_CHANNEL:
        snprintf(key, n, "%s.%s.%s.%s", ek, w->nats[ref.index].code, w->nats[ref.index].channels[ref.sub].name,
                 sp->field);
        break;
    case MIG_N_PE:
        snprintf(key, n, "?");
        break;
    }
}

double *mig_param_ptr(mig_world *w, mig_param_ref ref)
{
    const mig_param_spec *sp = ref.spec;
    char *base = NULL;
    switch (sp->entity) {
    case MIG_PE_GLOBAL:
        base = (char *)&w->params;
        break;
    case MIG_PE_LOC_KIND:
    case MIG_PE_MODE:
        base = (char *)&w->params + (size_t)ref.index * sizeof(double);
        break;
    case MIG_PE_BORDER:
        base = (char *)&w->borders[ref.index];
        break;
    case MIG_PE_COUNTRY:
        base = (char *)&w->countries[ref.index];
        break;
    case MIG_PE_GROUP:
        base = (char *)&w->groups[ref.index];
        break;
    case MIG_PE_LOCATION:
        base = (char *)&w->locations[ref.index];
        break;
    case MIG_PE_NATIONALITY:
        base = (char *)&w->nats[ref.index];
        break;
    case MIG_PE_CHANNEL:
        base = (char *)&w->nats[ref.index].channels[ref.sub];
        break;
    case MIG_N_PE:
        return NULL;
    }
    return (double *)(void *)(base + sp->offset);
}

/* ---- resolving a key -------------------------------------------------------- */

static int split(const char *key, char parts[4][MIG_ID_LEN])
{
    int n = 0;
    const char *p = key;
    while (n < 4) {
        const char *dot = strchr(p, '.');
        size_t len = dot ? (size_t)(dot - p) : strlen(p);
        if (len >= MIG_ID_LEN)
            return -1;
        memcpy(parts[n], p, len);
        parts[n][len] = 0;
        n++;
        if (!dot)
            return n;
        p = dot + 1;
    }
    return -1;
}

static int name_index(const char *s, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

/* The entity a key's middle part names (index; -1 if none). */
static int entity_index(const mig_world *w, mig_param_entity e, const char *id)
{
    switch (e) {
    case MIG_PE_BORDER:
        for (int b = 0; b < w->n_borders; b++)
            if (strcmp(w->borders[b].name, id) == 0)
                return b;
        return -1;
    case MIG_PE_COUNTRY:
        return mig_world_find_country(w, id);
    case MIG_PE_GROUP:
        return mig_world_find_group(w, id);
    case MIG_PE_LOCATION:
        return mig_world_find_location(w, id);
    case MIG_PE_NATIONALITY:
    case MIG_PE_CHANNEL:
        return mig_world_find_nationality(w, id);
    default:
        return -1;
    }
}

/* Does row sp exist for entity index i? The projection's parameters exist only
 * for a nationality whose demand has a projection. */
static int row_applies(const mig_world *w, const mig_param_spec *sp, int i)
{
    return sp->entity != MIG_PE_NATIONALITY || strncmp(sp->field, "projection.", 11) != 0 || w->nats[i].proj.on;
}

/* Do the parts after the entity's id (from part k on, n parts in all) spell field ("projection.sigma")? */
static int field_is(char part[4][MIG_ID_LEN], int k, int n, const char *field)
{
    char joined[2 * MIG_ID_LEN + 2];
    if (n - k == 1)
        return strcmp(part[k], field) == 0;
    if (n - k != 2)
        return 0;
    snprintf(joined, sizeof joined, "%s.%s", part[k], part[k + 1]);
    return strcmp(joined, field) == 0;
}

static int resolve(const mig_world *w, const char *key, mig_param_ref *ref)
{
    char part[4][MIG_ID_LEN];
    int n = split(key, part);
    ref->index = ref->sub = 0;
    for (const mig_param_spec *sp = mig_param_specs; sp->pattern; sp++) {
        ref->spec = sp;
        switch (sp->entity) {
        case MIG_PE_GLOBAL:
            if ((n == 1 && !sp->prefix && strcmp(part[0], sp->field) == 0) ||
                (n == 2 && sp->prefix && strcmp(part[0], sp->prefix) == 0 && strcmp(part[1], sp->field) == 0))
                return 0;
            break;
        case MIG_PE_LOC_KIND:
        case MIG_PE_MODE:
            if (n == 2 && strcmp(part[0], sp->field) == 0) {
                ref->index = sp->entity == MIG_PE_MODE ? name_index(part[1], mig_mode_names, MIG_N_MODES)
                                                       : name_index(part[1], mig_loc_kind_names, MIG_N_LOC_KINDS);
                return ref->index < 0 ? -1 : 0;
            }
            break;
        case MIG_PE_CHANNEL:
            if (n == 4 && strcmp(part[0], entity_key[sp->entity]) == 0 && strcmp(part[3], sp->field) == 0) {
                ref->index = entity_index(w, sp->entity, part[1]);
                if (ref->index < 0)
                    return -1;
                ref->sub = mig_world_find_channel(w, ref->index, part[2]);
                return ref->sub < 0 ? -1 : 0;
            }
            break;
        default:
            if (n >= 3 && strcmp(part[0], entity_key[sp->entity]) == 0 && field_is(part, 2, n, sp->field)) {
                ref->index = entity_index(w, sp->entity, part[1]);
                return ref->index < 0 || !row_applies(w, sp, ref->index) ? -1 : 0;
            }
            break;
        }
    }
    return -1;
}

typedef struct suggest_ctx {
    const char *key;
    char best[200];
    size_t best_d;
} suggest_ctx;

static void suggest_visit(void *vctx, const char *key, double value, const mig_param_spec *sp)
{
    (void)value;
    (void)sp;
    suggest_ctx *s = vctx;
    size_t d = mig_edit_distance(s->key, key);
    if (d < s->best_d) {
        s->best_d = d;
        snprintf(s->best, sizeof s->best, "%s", key);
    }
}

int mig_param_find(const mig_world *w, const char *key, mig_param_ref *ref, char *err)
{
    if (resolve(w, key, ref) == 0)
        return 0;
    suggest_ctx s = { key, "", (size_t)-1 };
    mig_param_each(w, suggest_visit, &s);
    size_t limit = strlen(key) / 4 + 2;
    if (s.best_d <= limit)
        snprintf(err, MIG_ERR_LEN, "unknown parameter '%s' (did you mean '%s'?)", key, s.best);
    else
        snprintf(err, MIG_ERR_LEN, "unknown parameter '%s' (see docs/parameters.md for the list)", key);
    return -1;
}

/* ---- checking and setting ----------------------------------------------------- */

void mig_param_range_text(const mig_param_spec *sp, char *buf, size_t n)
{
    snprintf(buf, n, "[%g, %g]", sp->lo, sp->hi);
}

int mig_param_check(const mig_param_spec *sp, const char *name, double v, char *err)
{
    int in = v >= sp->lo && v <= sp->hi;
    if (sp->type == MIG_PT_BOOL && v != 0 && v != 1) {
        snprintf(err, MIG_ERR_LEN, "%.400s must be 0 or 1, got %g", name, v);
        return -1;
    }
    if (sp->type == MIG_PT_WHOLE && in && v != floor(v)) {
        snprintf(err, MIG_ERR_LEN, "%.400s must be a whole number, got %g (range [%g, %g], unit: %s)", name, v,
                 sp->lo, sp->hi, sp->unit);
        return -1;
    }
    if (!in) {
        snprintf(err, MIG_ERR_LEN, "%.400s must be %sin [%g, %g], got %g (unit: %s)", name,
                 sp->type == MIG_PT_WHOLE ? "a whole number " : "", sp->lo, sp->hi, v, sp->unit);
        return -1;
    }
    return 0;
}

int mig_param_set(mig_world *w, mig_param_ref ref, double v, char *err)
{
    const mig_param_spec *sp = ref.spec;
    char key[200], name[220];
    mig_param_key(w, ref, key, sizeof key);
    snprintf(name, sizeof name, "parameter '%s'", key);
    if (mig_param_check(sp, name, v, err))
        return -1;
    double *ptr = mig_param_ptr(w, ref);
    double old = *ptr;
    *ptr = v;
    if (sp->on_change & MIG_PC_SHARES) {
        for (int b = 0; b < w->n_borders; b++) {
            const mig_border *bd = &w->borders[b];
            if (bd->pushback_share + bd->registration_share > 1 + 1e-9) {
                *ptr = old;
                snprintf(err, MIG_ERR_LEN,
                         "parameter '%s' = %g makes pushback_share + registration_share of %s exceed 1", key, v,
                         bd->name);
                return -1;
            }
        }
    }
    /* A segment some group serves keeps a price: at 0 its places would be free. */
    if ((sp->on_change & MIG_PC_SERVED_PRICE) && !(v > 0)) {
        for (int g = 0; g < w->n_groups; g++)
            for (int k = 0; k < w->groups[g].n_borders; k++)
                if (w->groups[g].borders[k] == ref.index) {
                    *ptr = old;
                    snprintf(err, MIG_ERR_LEN, "parameter '%s' must be above 0: smuggling group '%s' serves the segment",
                             key, w->groups[g].id);
                    return -1;
                }
    }
    if (sp->on_change & MIG_PC_ROUTE_DAYS)
        for (int r = 0; r < w->n_routes; r++)
            w->routes[r].days = mig_route_days(w, &w->routes[r]);
    return 0;
}

/* ---- every key of a world ----------------------------------------------------- */

static void visit(const mig_world *w, mig_param_ref ref, mig_param_each_fn fn, void *ctx)
{
    char key[200];
    mig_param_key(w, ref, key, sizeof key);
    fn(ctx, key, *mig_param_ptr((mig_world *)w, ref), ref.spec);
}

/* The rows of entity e, visited for entity index i. */
static void visit_entity(const mig_world *w, mig_param_entity e, int i, int sub, mig_param_each_fn fn, void *ctx)
{
    for (const mig_param_spec *sp = mig_param_specs; sp->pattern; sp++)
        if (sp->entity == e && row_applies(w, sp, i))
            visit(w, (mig_param_ref){ sp, i, sub }, fn, ctx);
}

void mig_param_each(const mig_world *w, mig_param_each_fn fn, void *ctx)
{
    for (const mig_param_spec *sp = mig_param_specs; sp->pattern; sp++) {
        int n = sp->entity == MIG_PE_GLOBAL ? 1 : sp->entity == MIG_PE_LOC_KIND ? MIG_N_LOC_KINDS
                : sp->entity == MIG_PE_MODE ? MIG_N_MODES : 0;
        for (int i = 0; i < n; i++)
            visit(w, (mig_param_ref){ sp, i, 0 }, fn, ctx);
    }
    for (int b = 0; b < w->n_borders; b++)
        visit_entity(w, MIG_PE_BORDER, b, 0, fn, ctx);
    for (int c = 0; c < w->n_countries; c++)
        visit_entity(w, MIG_PE_COUNTRY, c, 0, fn, ctx);
    for (int g = 0; g < w->n_groups; g++)
        visit_entity(w, MIG_PE_GROUP, g, 0, fn, ctx);
    for (int l = 0; l < w->n_locations; l++)
        visit_entity(w, MIG_PE_LOCATION, l, 0, fn, ctx);
    for (int n = 0; n < w->n_nats; n++) {
        visit_entity(w, MIG_PE_NATIONALITY, n, 0, fn, ctx);
        for (int c = 0; c < w->nats[n].n_channels; c++)
            visit_entity(w, MIG_PE_CHANNEL, n, c, fn, ctx);
    }
}

/* ---- the world's interface (world.h) ------------------------------------------ */

int mig_world_get(const mig_world *w, const char *key, double *value, char *err)
{
    mig_param_ref ref;
    if (mig_param_find(w, key, &ref, err))
        return -1;
    *value = *mig_param_ptr((mig_world *)w, ref);
    return 0;
}

int mig_world_set(mig_world *w, const char *key, double value, char *err)
{
    mig_param_ref ref;
    if (mig_param_find(w, key, &ref, err))
        return -1;
    return mig_param_set(w, ref, value, err);
}

typedef struct old_visit {
    mig_param_visit visit;
    void *ctx;
} old_visit;

static void each_old(void *vctx, const char *key, double value, const mig_param_spec *sp)
{
    (void)sp;
    old_visit *o = vctx;
    o->visit(o->ctx, key, value);
}

void mig_world_each_param(const mig_world *w, mig_param_visit fn, void *ctx)
{
    old_visit o = { fn, ctx };
    mig_param_each(w, each_old, &o);
}
