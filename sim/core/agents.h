/* agents.h: migrant agents in struct-of-arrays storage.
 *
 * Each array holds one field for every agent, so the daily loop streams through
 * only the fields it needs. Agents are appended at departure and compacted out
 * once their journey ends (arrived, returned, detained); the run keeps the totals. */
#ifndef MIG_AGENTS_H
#define MIG_AGENTS_H

#include <stddef.h>
#include <stdint.h>

typedef enum {
    MIG_ST_ENTERING,    /* on the entry channel, where = entry location */
    MIG_ST_TRAVELLING,  /* on a route, where = route index */
    MIG_ST_WAITING,     /* at a location, where = location index */
    MIG_ST_RECEPTION,   /* registered in reception, where = location index */
    MIG_ST_ARRIVED,     /* reached its destination */
    MIG_ST_RETURNED,    /* gave up and went home */
    MIG_ST_DETAINED,    /* detained after detection and removed from the route */
    MIG_N_STATES
} mig_state;

extern const char *const mig_state_names[MIG_N_STATES];

typedef struct mig_agents {
    size_t n, cap;
    uint64_t *key;       /* identity for random draws: (nationality, channel, day, i) */
    int32_t *where;      /* location or route, by state */
    uint16_t *days_left; /* days to the end of the current route or channel; while
                          * waiting, days waited at this location (saturating) */
    uint16_t *depart_day;/* days since the run's start */
    float *money;        /* EUR */
    uint8_t *state;
    uint8_t *nat;
    uint8_t *channel;    /* entry channel taken */
    uint8_t *dest;       /* destination slot (world.dest_loc) */
    uint8_t *attempts;   /* detections at borders so far, saturating */
    uint8_t *flags;      /* MIG_FLAG_* */
    uint16_t *group;     /* smuggling group of the last crossing bought, plus 1; 0 = none */
} mig_agents;

enum {
    MIG_FLAG_EXPLOITED = 1,  /* held by its group now */
    MIG_FLAG_VICTIM = 2,     /* has been exploited at some time (counted once) */
};

/* Bytes of storage per agent (all arrays). */
size_t mig_agents_bytes_per_agent(void);

void mig_agents_init(mig_agents *a);
void mig_agents_destroy(mig_agents *a);

/* Make room for `extra` more agents. Returns 0, or -1 if out of memory. */
int mig_agents_reserve(mig_agents *a, size_t extra);

/* Drop agents whose journey has ended, keeping the order of the rest. */
void mig_agents_compact(mig_agents *a);

#endif
