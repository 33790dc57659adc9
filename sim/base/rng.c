/* rng.c: the GSL adapter for keyed streams (see rng.h). */
#include "rng.h"

static void stream_set(void *vstate, unsigned long seed)
{
    mig_stream_state *s = vstate;
    s->key = mig_mix64((uint64_t)seed);
    s->n = 0;
}

static unsigned long stream_get(void *vstate)
{
    mig_stream_state *s = vstate;
    return (unsigned long)(mig_bits(s->key, s->n++) >> 32);
}

static double stream_get_double(void *vstate)
{
    mig_stream_state *s = vstate;
    return mig_u01(s->key, s->n++);
}

static const gsl_rng_type stream_type = {
    "mig_keyed_stream", 0xffffffffUL, 0, sizeof(mig_stream_state),
    stream_set, stream_get, stream_get_double
};

const gsl_rng_type *mig_rng_gsl_type = &stream_type;

gsl_rng *mig_rng_gsl_new(void)
{
    return gsl_rng_alloc(mig_rng_gsl_type);
}

void mig_rng_gsl_reset(gsl_rng *r, uint64_t key)
{
    mig_stream_state *s = r->state;
    s->key = key;
    s->n = 0;
}
