/* agents.c: struct-of-arrays storage (see agents.h). */
#include "agents.h"

#include <stdlib.h>
#include <string.h>

const char *const mig_state_names[MIG_N_STATES] = {
    "entering", "travelling", "waiting", "in_reception", "arrived", "returned", "detained"
};

size_t mig_agents_bytes_per_agent(void)
{
    return sizeof(uint64_t) + sizeof(int32_t) + 3 * sizeof(uint16_t) + sizeof(float) + 6 * sizeof(uint8_t);
}

void mig_agents_init(mig_agents *a)
{
    memset(a, 0, sizeof *a);
}

void mig_agents_destroy(mig_agents *a)
{
    free(a->key);
    free(a->where);
    free(a->days_left);
    free(a->depart_day);
    free(a->money);
    free(a->state);
    free(a->nat);
    free(a->channel);
    free(a->dest);
    free(a->attempts);
    free(a->flags);
    free(a->group);
    memset(a, 0, sizeof *a);
}

#define GROW(field)                                                      \
    do {                                                                 \
        void *p_ = realloc(a->field, ncap * sizeof *a->field);           \
        if (!p_)                                                         \
            return -1;                                                   \
        a->field = p_;                                                   \
    } while (0)

int mig_agents_reserve(mig_agents *a, size_t extra)
{
    if (a->n + extra <= a->cap)
        return 0;
    /* Double for amortised growth, but a large first request gets exactly what it asks. */
    size_t ncap = a->cap * 2 > 1024 ? a->cap * 2 : 1024;
    if (ncap < a->n + extra)
        ncap = a->n + extra;
    /* Each realloc either succeeds or leaves the old array valid, so a failure
     * midway leaves every array at least a->cap long: still consistent. */
    GROW(key);
    GROW(where);
    GROW(days_left);
    GROW(depart_day);
    GROW(money);
    GROW(state);
    GROW(nat);
    GROW(channel);
    GROW(dest);
    GROW(attempts);
    GROW(flags);
    GROW(group);
    a->cap = ncap;
    return 0;
}

void mig_agents_compact(mig_agents *a)
{
    size_t j = 0;
    for (size_t i = 0; i < a->n; i++) {
        if (a->state[i] >= MIG_ST_ARRIVED)
            continue;
        if (i != j) {
            a->key[j] = a->key[i];
            a->where[j] = a->where[i];
            a->days_left[j] = a->days_left[i];
            a->depart_day[j] = a->depart_day[i];
            a->money[j] = a->money[i];
            a->state[j] = a->state[i];
            a->nat[j] = a->nat[i];
            a->channel[j] = a->channel[i];
            a->dest[j] = a->dest[i];
            a->attempts[j] = a->attempts[i];
            a->flags[j] = a->flags[i];
            a->group[j] = a->group[i];
        }
        j++;
    }
    a->n = j;
}
