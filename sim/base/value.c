/* value.c: typed event values (see value.h). */
#include "value.h"
#include "utf8.h"

#include <math.h>
#include <string.h>

/* No padding (value.h): a checkpoint holds events byte for byte. */
_Static_assert(sizeof(mig_value) == 8 + 4 + MIG_EVENT_TEXT_LEN, "mig_value has padding");

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
    mig_utf8_copy(x.text, sizeof x.text, s ? s : "");  /* cut between characters: it goes into the JSON */
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

void mig_text_sanitize(char *s, size_t n)
{
    s[n - 1] = 0;
    mig_utf8_scrub(s);
}

void mig_value_sanitize(mig_value *v)
{
    if (v->tag != MIG_VALUE_NUMBER && v->tag != MIG_VALUE_BOOL && v->tag != MIG_VALUE_TEXT)
        v->tag = MIG_VALUE_NONE;
    if (v->tag == MIG_VALUE_BOOL)
        v->number = v->number != 0;
    if (v->tag == MIG_VALUE_NUMBER && !isfinite(v->number))
        v->tag = MIG_VALUE_NONE;  /* JSON has no NaN */
    mig_text_sanitize(v->text, sizeof v->text);
}
