/* policy.c: building the typed facts of an event (see policy.h). */
#include "policy.h"
#include "utf8.h"

#include <string.h>

/* No padding (policy.h): a checkpoint holds events byte for byte. */
_Static_assert(sizeof(mig_event_facts) == 4 * sizeof(mig_value) + MIG_EVENT_TYPE_LEN + 4 * MIG_ID_LEN + 160 + 16 + 256,
               "mig_event_facts has padding");

mig_event_facts mig_facts(const char *type)
{
    mig_event_facts f;
    memset(&f, 0, sizeof f);  /* defined bytes throughout: facts are saved raw in checkpoints */
    mig_facts_text(f.type, sizeof f.type, type);
    return f;
}

void mig_facts_text(char *dst, size_t n, const char *src)
{
    mig_utf8_copy(dst, n, src ? src : "");  /* cut between characters: it goes into the JSON */
}

void mig_event_facts_sanitize(mig_event_facts *f)
{
    mig_value_sanitize(&f->old);
    mig_value_sanitize(&f->new_);
    mig_value_sanitize(&f->delay_days);
    mig_value_sanitize(&f->factor);
    mig_text_sanitize(f->type, sizeof f->type);
    if (f->type[0] && !mig_event_type_ok(f->type))
        f->type[0] = 0;
    mig_text_sanitize(f->country, sizeof f->country);
    mig_text_sanitize(f->nationality, sizeof f->nationality);
    mig_text_sanitize(f->channel, sizeof f->channel);
    mig_text_sanitize(f->group, sizeof f->group);
    mig_text_sanitize(f->key, sizeof f->key);
    mig_text_sanitize(f->effective, sizeof f->effective);
    mig_text_sanitize(f->members, sizeof f->members);
}

static int same_value(const mig_value *a, const mig_value *b)
{
    if (a->tag != b->tag)
        return 0;
    switch (a->tag) {
    case MIG_VALUE_NUMBER:
    case MIG_VALUE_BOOL:
        return a->number == b->number;
    case MIG_VALUE_TEXT:
        return strcmp(a->text, b->text) == 0;
    default:
        return 1;
    }
}

int mig_event_facts_same(const mig_event_facts *a, const mig_event_facts *b)
{
    return same_value(&a->old, &b->old) && same_value(&a->new_, &b->new_) &&
           same_value(&a->delay_days, &b->delay_days) && same_value(&a->factor, &b->factor) &&
           strcmp(a->type, b->type) == 0 && strcmp(a->country, b->country) == 0 &&
           strcmp(a->nationality, b->nationality) == 0 && strcmp(a->channel, b->channel) == 0 &&
           strcmp(a->group, b->group) == 0 && strcmp(a->key, b->key) == 0 &&
           strcmp(a->effective, b->effective) == 0 && strcmp(a->members, b->members) == 0;
}
