/* single.c: one run of either engine (see single.h). */
#include "single.h"
#include "flee_output.h"

#include <stdio.h>
#include <string.h>

const char *const mig_engine_names[MIG_N_ENGINES] = { "native", "Flee-rule" };

int mig_single_start(mig_single *s, mig_host *h, uint64_t seed, int threads, char *err, size_t errlen)
{
    memset(s, 0, sizeof *s);
    s->h = h;
    if (mig_host_is_flee(h)) {
        s->engine = MIG_ENGINE_FLEE;
        s->flee = mig_host_start_flee(h, seed, err, errlen);
        return s->flee ? 0 : -1;
    }
    s->engine = MIG_ENGINE_NATIVE;
    s->run = mig_host_start(h, threads, err, errlen);
    return s->run ? 0 : -1;
}

void mig_single_free(mig_single *s)
{
    if (s->flee) {
        mig_host_end_flee(s->h);
        mig_flee_run_free(s->flee);
    }
    mig_run_free(s->run);
    s->flee = NULL;
    s->run = NULL;
}

int mig_single_step(mig_single *s, char *err)
{
    return s->flee ? mig_flee_run_step(s->flee, err) : mig_run_step(s->run, err);
}

int mig_single_today(const mig_single *s)
{
    return s->flee ? s->flee->today : s->run->today;
}

int mig_single_days(const mig_single *s)
{
    return s->flee ? s->flee->n_days : s->run->n_days;
}

int mig_single_start_day(const mig_single *s)
{
    return s->flee ? s->flee->m->start_day : s->run->start_day;
}

int mig_single_hook_failed(const mig_single *s)
{
    return s->flee ? s->flee->hook_failed : s->run->hook_failed;
}

cJSON *mig_single_output(const mig_single *s, const mig_meta *meta)
{
    return s->flee ? mig_flee_output_build(s->flee, meta) : mig_output_build(s->run, meta);
}

void mig_single_summary(const mig_single *s, const mig_meta *meta, FILE *f)
{
    if (s->flee)
        mig_flee_output_summary(s->flee, meta, f);
    else
        mig_output_summary(s->run, meta, f);
}
