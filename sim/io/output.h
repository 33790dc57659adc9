/* output.h: the results of a run as one JSON document (docs/output-schema.json),
 * the short human summary, and crash-safe file writing. */
#ifndef MIG_OUTPUT_H
#define MIG_OUTPUT_H

#include "run.h"
#include "schema.h"
#include "migsim/version.h"

#include <cjson/cJSON.h>
#include <stdio.h>


typedef struct mig_meta {
    const char *scenario_name;
    const char *scenario_file;
    const char *scenario_sha256;   /* hex */
} mig_meta;

/* Month slots of a run's reported days: of_day[d] (-1 during warm-up) and the
 * last reported day of each month. */
typedef struct mig_months {
    int n;
    int *of_day;
    int *last_day;
} mig_months;
int mig_months_of(const mig_run *run, mig_months *m);  /* 0, or -1 if out of memory */
void mig_months_free(mig_months *m);

/* Is tally offset off a stock (end-of-period value) rather than a flow? */
int mig_layout_is_stock(const mig_layout *L, int off);

/* Monthly values (agents) of tally offset off: sums for flows, end of month for stocks. */
void mig_month_values(const mig_run *run, const mig_months *m, int off, int64_t *v);

/* monthly.demand: the mean demand departures used (persons/day, run->demand_used)
 * of nationality nat over the reported days of each month, into q[m->n] in units
 * of MIG_DEMAND_UNIT persons/day. Whole units, so that an ensemble sums them
 * exactly as it sums counts (and its mean is the mean of the runs' values). In
 * mig_output_series, the leaf of nationality n's demand has offset -1 - n. */
#define MIG_DEMAND_UNIT 0x1p-20
void mig_month_demand(const mig_run *run, const mig_months *m, int nat, int64_t *q);

/* Every total of a finished run, in agents, with keys that are the same for every
 * run of the same world ("departures", "detections.RS-HU", ...). */
typedef struct mig_totals {
    int n, cap;
    char (*key)[96];
    int64_t *v;
    char *kind;   /* MIG_TOTAL_*: how v becomes the reported value */
} mig_totals;
enum {
    MIG_TOTAL_PERSONS = 'p', /* agents (or their EUR): times agent_weight */
    MIG_TOTAL_NUMBER = 'n',  /* groups, arrests on dismantling, EUR per person: as it is */
    MIG_TOTAL_RATIO = 'r',   /* a share in millionths: times 1e-6 */
};
/* The factor that turns total i into its reported value. */
double mig_totals_scale(const mig_totals *t, int i, double agent_weight);
int mig_totals_of(const mig_run *run, mig_totals *t);  /* 0, or -1 if out of memory */
/* The same totals over the run's days d0..d1 only (indices of reported days, d0 <= d1):
 * flows summed over those days, end-of-period stocks (stock_end, ...) at day d1, means
 * (smuggling_price_offered) over those days. 0, or -1 if out of memory. */
int mig_totals_of_days(const mig_run *run, int d0, int d1, mig_totals *t);
/* The calendar years of a run's reported days: year[i] and its first and last day
 * span[i] (day indices), at most max of them. Returns their number, -1 if more than max. */
int mig_year_spans(const mig_run *run, int *year, int (*span)[2], int max);
#define MIG_MAX_YEARS 200
void mig_totals_free(mig_totals *t);

/* The pieces of a result document, shared with ensembles (ensemble.c): the meta
 * object, the date or month labels, and the series tree, whose leaves come from
 * `leaf` (offset into the tally layout; monthly or daily; stock or flow). */
/* Add "model", "version" and (meta not NULL) "scenario" {name, file, sha256} to m. */
void mig_output_provenance(cJSON *m, const mig_meta *meta);

/* off < 0: monthly.demand of nationality -1 - off (mig_month_demand). */
typedef cJSON *(*mig_leaf_fn)(void *user, int off, int monthly, int stock);
cJSON *mig_output_meta(const mig_run *run, const mig_meta *meta);
/* Add an event's typed fields to its JSON object e: "type" always (an untyped
 * event is "custom"), the others where set (policy.h). */
void mig_output_event_facts(cJSON *e, const mig_event_facts *f);
/* Add v to o as name: a number, true/false or a text; nothing when absent. */
void mig_output_value(cJSON *o, const char *name, const mig_value *v);
/* Add the text s to o as name, unless it is empty (an unset fact). */
void mig_output_text(cJSON *o, const char *name, const char *s);
cJSON *mig_output_dates(const mig_run *run, int monthly);
cJSON *mig_output_series(const mig_run *tmpl, int monthly, mig_leaf_fn leaf, void *user);

/* The "journeys" object (docs/output-schema.json): the distributions of days to
 * arrive and of detections before arrival, all nationalities and each. `bins` gives
 * the node of n bins from tally offset off (the period's totals: an array of persons
 * for a run, statistics over replicates for an ensemble). */
typedef cJSON *(*mig_bins_fn)(void *user, int off, int n);
cJSON *mig_output_journeys(const mig_run *tmpl, mig_bins_fn bins, void *user);

/* A number as the JSON output writes it: integers plainly, others in the shortest
 * of %1.15g / %1.17g that reads back exactly. buf holds 32 bytes. Returns the length. */
size_t mig_format_number(char *buf, double v);

/* A JSON array of n numbers (each times weight) as one raw cJSON node. */
cJSON *mig_raw_array(const double *v, int n, double weight);

/* Build the document of a finished run. Caller owns the result (cJSON_Delete).
 * NULL if out of memory. */
cJSON *mig_output_build(const mig_run *run, const mig_meta *meta);

/* The summary table printed by `migsim run` without -o. */
void mig_output_summary(const mig_run *run, const mig_meta *meta, FILE *f);

#endif
