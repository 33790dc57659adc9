/* policy.h: the typed facts of a run event, next to its label for people.
 *
 * A visa change, a channel closed, a parameter set... used to reach the JSON only
 * as a sentence that the plots parsed back with a regex. Each event now also says
 * what it is (`type`) and, where they apply, where it acted (country, nationality,
 * channel, group, key) and the value before and after (old, new), so a reader
 * filters meta.events on fields (docs/scenario-api.md, "Events").
 *
 * A mig_event_facts is plain bytes (no pointers): events are copied whole between
 * forked runs and saved raw in checkpoints. Zeroed, it is an untyped event. */
#ifndef MIG_POLICY_H
#define MIG_POLICY_H

#include "common.h"

#include <stddef.h>

#define MIG_EVENT_TYPE_LEN 24   /* "visa", "channel", ... or a scenario's own word */
#define MIG_EVENT_TEXT_LEN 52   /* a text value: "free", "required", "open", "closed", ... */

typedef enum { MIG_VALUE_NONE, MIG_VALUE_NUMBER, MIG_VALUE_BOOL, MIG_VALUE_TEXT } mig_value_tag;

/* A value before or after a change: absent, a number, true/false or a short text. */
typedef struct mig_value {
    double number;   /* MIG_VALUE_NUMBER; MIG_VALUE_BOOL: 0 or 1 */
    mig_value_tag tag;
    char text[MIG_EVENT_TEXT_LEN];
} mig_value;

/* Each field is written to the JSON only when set (non-empty text, a tag other than
 * NONE); which ones a type sets is in docs/scenario-api.md. The fields are ordered
 * so that the struct has no padding: every byte of a checkpoint is defined. */
typedef struct mig_event_facts {
    mig_value old, new_;
    mig_value delay_days;            /* network: days a report takes to reach the others */
    mig_value factor;                /* an origin measure: the departures multiplier */
    char type[MIG_EVENT_TYPE_LEN];   /* "" = untyped (written as "custom") */
    char country[MIG_ID_LEN];        /* a country code */
    char nationality[MIG_ID_LEN];    /* a nationality code */
    char channel[MIG_ID_LEN];        /* a nationality's entry channel */
    char group[MIG_ID_LEN];          /* a smuggling group */
    char key[160];                   /* a parameter key, as set() takes it */
    char effective[16];              /* an announcement: the date the change takes effect, YYYY-MM-DD */
    char members[256];               /* network: the member countries after the change, space-separated */
} mig_event_facts;

/* Facts of the given type and nothing else. type is copied (cut to fit). */
mig_event_facts mig_facts(const char *type);

/* Copy a code or name into one of the facts' fields (dst of size n). */
void mig_facts_text(char *dst, size_t n, const char *src);

mig_value mig_value_number(double v);
mig_value mig_value_bool(int v);
mig_value mig_value_text(const char *s);

/* Is s a usable event type: 1 to MIG_EVENT_TYPE_LEN-1 of [a-z0-9_], starting with
 * a letter? (A scenario's own types are column values in a reader's table.) */
int mig_event_type_ok(const char *s);

/* Make facts read from outside (a checkpoint) safe to write: every text
 * terminated and valid UTF-8, every tag known, no NaN, the type well formed. */
void mig_event_facts_sanitize(mig_event_facts *f);

#endif
