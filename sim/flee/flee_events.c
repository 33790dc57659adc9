/* flee_events.c: the typed facts of a Flee-rule event (see flee.h, docs/flee.md). */
#include "flee.h"
#include "utf8.h"

#include <string.h>

/* No padding (flee.h): a checkpoint holds the facts byte for byte. */
_Static_assert(sizeof(mig_flee_facts) == 4 * sizeof(mig_value) + MIG_EVENT_TYPE_LEN + 32 + 160 + 3 * MIG_FLEE_NAME,
               "mig_flee_facts has padding");

mig_flee_facts mig_flee_facts_of(const char *type)
{
    mig_flee_facts f;
    memset(&f, 0, sizeof f);  /* defined bytes throughout: facts are saved raw in checkpoints */
    mig_flee_facts_text(f.type, sizeof f.type, type);
    return f;
}

void mig_flee_facts_text(char *dst, size_t n, const char *src)
{
    mig_utf8_copy(dst, n, src ? src : "");  /* cut between characters: it goes into the JSON */
}

mig_flee_facts mig_flee_closure_facts(const mig_flee_closure *c, int open)
{
    mig_flee_facts f = mig_flee_facts_of("closure");
    mig_flee_facts_text(f.scope, sizeof f.scope, mig_flee_close_names[c->kind]);
    /* Two ends (a link, two countries) or one place (a location, a camp). */
    if (c->kind == MIG_FLEE_CLOSE_COUNTRY || c->kind == MIG_FLEE_CLOSE_LINK) {
        mig_flee_facts_text(f.from, sizeof f.from, c->a);
        mig_flee_facts_text(f.to, sizeof f.to, c->b);
    } else {
        mig_flee_facts_text(f.location, sizeof f.location, c->a);
    }
    /* What this closure does; a link another closure also holds stays closed. */
    f.old = mig_value_text(open ? "closed" : "open");
    f.new_ = mig_value_text(open ? "open" : "closed");
    return f;
}

void mig_flee_facts_sanitize(mig_flee_facts *f)
{
    mig_value_sanitize(&f->old);
    mig_value_sanitize(&f->new_);
    mig_value_sanitize(&f->persons);
    mig_value_sanitize(&f->capacity);
    mig_text_sanitize(f->type, sizeof f->type);
    if (f->type[0] && !mig_event_type_ok(f->type))
        f->type[0] = 0;
    mig_text_sanitize(f->scope, sizeof f->scope);
    mig_text_sanitize(f->key, sizeof f->key);
    mig_text_sanitize(f->location, sizeof f->location);
    mig_text_sanitize(f->from, sizeof f->from);
    mig_text_sanitize(f->to, sizeof f->to);
}
