/* quick_days.h: the ordinary days of many agents at once.
 *
 * Most agent-days change little: a leg with days still to go or ending, a wait
 * that ends in no move, a journey already over.
 * Deciding them is mostly the keyed draws of the day (rng.h), which vector units
 * compute for eight agents at a time. Whatever is not ordinary is left to run.c's
 * step_agent(), which repeats the same draws; the result is the same bytes. */
#ifndef MIG_QUICK_DAYS_H
#define MIG_QUICK_DAYS_H

#include <stddef.h>
#include <stdint.h>

struct mig_run;

/* Agents a call looks at, at most. */
#define MIG_QUICK_BLOCK 256

/* Does this machine run the vector pass (x86-64 with AVX-512 F, DQ and VL), and has
 * the environment not turned it off (MIGSIM_VECTOR=0, for tests of the other path)? */
int mig_quick_days_available(void);

/* What a call leaves to its caller, as offsets from lo in agent order. */
typedef struct mig_quick_rest {
    uint32_t slow[MIG_QUICK_BLOCK + 8];      /* for step_agent() (+8: room for a whole vector) */
    size_t n_slow;
    uint32_t move[MIG_QUICK_BLOCK + 8];      /* waiting, free to move, and moving on today: */
    uint64_t move_key[MIG_QUICK_BLOCK + 8];  /* for move_on(), with the agent's move stream key */
    size_t n_move;
} mig_quick_rest;

/* Decide the ordinary days of agents [lo, hi) (hi - lo <= MIG_QUICK_BLOCK) and count
 * them in the thread's tally row t, exactly as step_agent() would; leave the others
 * in rest. move_key and smuggling_key are the run's stream keys for those purposes,
 * each xored with the day's premix. Call only if mig_quick_days_available(). */
void mig_quick_days(struct mig_run *run, uint64_t move_key, uint64_t smuggling_key, size_t lo, size_t hi, int64_t *t,
                    mig_quick_rest *rest);

#endif
