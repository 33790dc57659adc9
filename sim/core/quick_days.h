/* quick_days.h: the ordinary days of many agents at once.
 *
 * Most agent-days change nothing but a counter: a leg with days still to go, a
 * wait that ends in no move, a journey already over. Deciding them is mostly
 * the two keyed draws of the day (rng.h), which vector units compute for eight
 * agents at a time. Whatever is not ordinary is left to run.c's step_agent(),
 * which repeats the same draws; the result is the same bytes either way. */
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

/* Decide the ordinary days of agents [lo, hi) (hi - lo <= MIG_QUICK_BLOCK) and count
 * them in the thread's tally row t, exactly as step_agent() would; list the others
 * in slow[] as offsets from lo, in agent order. move_key and smuggling_key are the
 * run's stream keys for those purposes, each xored with the day's premix. Returns
 * the number listed. Call only if mig_quick_days_available(). */
size_t mig_quick_days(struct mig_run *run, uint64_t move_key, uint64_t smuggling_key, size_t lo, size_t hi,
                      uint32_t *slow, int64_t *t);

#endif
