/* policy.c: building the typed facts of an event (see policy.h). */
#include "policy.h"
#include "utf8.h"

#include <math.h>
#include <string.h>

/* No padding (policy.h): a checkpoint holds events byte for byte. */
_Static_assert(sizeof(mig_value) == 8 + 4 + MIG_EVENT_TEXT_LEN, "mig_value has padding");
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

mig_value mig_value_number(double v)
{
    mig_value x;
    memset(&x, 0, sizeof x);
    x.tag = MIG_VALUE_NUMBER;
    x.number = v;
    return x;
}

mig_value mig_value_bool(int v)
{
    mig_value x;
    memset(&x, 0, sizeof x);
    x.tag = MIG_VALUE_BOOL;
    x.number = v != 0;
    return x;
}

mig_value mig_value_text(const char *s)
{
    mig_value x;
    memset(&x, 0, sizeof x);
    x.tag = MIG_VALUE_TEXT;
    mig_facts_text(x.text, sizeof x.text, s);
    return x;
}

int mig_event_type_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n >= MIG_EVENT_TYPE_LEN || !(s[0] >= 'a' && s[0] <= 'z'))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            return 0;
    return 1;
}

static void sanitize_text(char *s, size_t n)
{
    s[n - 1] = 0;
    mig_utf8_scrub(s);
}

static void sanitize_value(mig_value *v)
{
    if (v->tag != MIG_VALUE_NUMBER && v->tag != MIG_VALUE_BOOL && v->tag != MIG_VALUE_TEXT)
        v->tag = MIG_VALUE_NONE;
    if (v->tag == MIG_VALUE_BOOL)
        v->number = v->number != 0;
    if (v->tag == MIG_VALUE_NUMBER && !isfinite(v->number))
        v->tag = MIG_VALUE_NONE;  /* JSON has no NaN */
    sanitize_text(v->text, sizeof v->text);
}

void mig_event_facts_sanitize(mig_event_facts *f)
{
    sanitize_value(&f->old);
    sanitize_value(&f->new_);
    sanitize_value(&f->delay_days);
    sanitize_value(&f->factor);
    sanitize_text(f->type, sizeof f->type);
    if (f->type[0] && !mig_event_type_ok(f->type))
        f->type[0] = 0;
    sanitize_text(f->country, sizeof f->country);
    sanitize_text(f->nationality, sizeof f->nationality);
    sanitize_text(f->channel, sizeof f->channel);
    sanitize_text(f->group, sizeof f->group);
    sanitize_text(f->key, sizeof f->key);
    sanitize_text(f->effective, sizeof f->effective);
    sanitize_text(f->members, sizeof f->members);
}
