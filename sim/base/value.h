/* value.h: the typed value of an event's facts (old, new, a count...), shared by
 * the native events (core/policy.h) and the Flee-rule ones (flee/flee.h).
 *
 * Plain bytes without padding: events are saved raw in checkpoints, so every byte
 * of a value must be defined (build them with the functions here, which zero it). */
#ifndef MIG_VALUE_H
#define MIG_VALUE_H

#include <stddef.h>

#define MIG_EVENT_TYPE_LEN 24   /* "visa", "closure", ... or a scenario's own word */
#define MIG_EVENT_TEXT_LEN 52   /* a text value: "free", "required", "open", "closed", ... */

typedef enum { MIG_VALUE_NONE, MIG_VALUE_NUMBER, MIG_VALUE_BOOL, MIG_VALUE_TEXT } mig_value_tag;

/* A value before or after a change: absent, a number, true/false or a short text. */
typedef struct mig_value {
    double number;   /* MIG_VALUE_NUMBER; MIG_VALUE_BOOL: 0 or 1 */
    mig_value_tag tag;
    char text[MIG_EVENT_TEXT_LEN];
} mig_value;

mig_value mig_value_number(double v);
mig_value mig_value_bool(int v);
mig_value mig_value_text(const char *s);

/* Is s a usable event type: 1 to MIG_EVENT_TYPE_LEN-1 of [a-z0-9_], starting with
 * a letter? (A scenario's own types are column values in a reader's table.) */
int mig_event_type_ok(const char *s);

/* Make a value or a text field read from outside (a checkpoint) safe to write:
 * text terminated and valid UTF-8, the tag known, no NaN or infinity. */
void mig_value_sanitize(mig_value *v);
void mig_text_sanitize(char *s, size_t n);

#endif
