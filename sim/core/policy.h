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
#include "value.h"  /* mig_value, shared with the Flee-rule events */

#include <stddef.h>

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

/* 1 if a and b say the same thing: the same type, the same places and codes, the
 * same values before and after (numbers equal, texts equal). Bytes after a text's
 * end are not compared. */
int mig_event_facts_same(const mig_event_facts *a, const mig_event_facts *b);

/* Make facts read from outside (a checkpoint) safe to write: every text
 * terminated and valid UTF-8, every tag known, no NaN, the type well formed. */
void mig_event_facts_sanitize(mig_event_facts *f);

#endif
