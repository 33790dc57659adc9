/* fork.h: the arms of a paired comparison that share their history up to a day
 * (compare --fork-at DATE | auto).
 *
 * The contract: a forked comparison gives the same bytes as the unforked one, but
 * for meta.fork_at. Arms run with common random numbers (the same seed for every
 * arm of a replicate), so an arm whose state on the fork day is the baseline's
 * continues exactly as it would have on its own. Its state is the baseline's when
 * both started from the same parameters, world and demand, and everything their
 * scenarios did before the fork was the same. What a scenario does is in its
 * events: each one says what it changed (type, country, nationality, key, old and
 * new values: mig_event_facts). So an arm may fork when its events before the fork
 * have the same facts, in the same order and on the same days, as the baseline's,
 * and leave the world's policy state the same (mig_world_same_state: it catches an
 * action whose facts do not say all of it); where their events came from (file,
 * line, label) does not matter. The arm's own events are found by running its
 * schedule over the shared days without simulating them (mig_host_dry_run): a
 * scheduled event sees the world's policy state and the date, not the day's
 * counts. when() and on_day() hooks see the counts, so an arm with them is never
 * forked. */
#ifndef MIG_FORK_H
#define MIG_FORK_H

#include "ensemble.h"
#include "lua_host.h"
#include "run.h"

#include <stddef.h>

/* Give arm (started from host, not stepped) the state of base, which has run up to
 * fork_day, after checking that the arm's history before fork_day is base's (see
 * above). The arm keeps its own events' labels. 0, or -1 with err: a refusal that
 * names the first events that differ (base_file, arm_file: the scenarios as given). */
int mig_fork_arm(mig_host *host, mig_run *arm, const mig_run *base, int fork_day, const char *base_file,
                 const char *arm_file, char *err, size_t errlen);

/* --fork-at auto: the first day on which the arms' scheduled events (by their
 * facts), their policy state or their demand differ, found from every arm's
 * schedule without simulating (seeds and posterior draw of replicate 0). *fork_day is that day, or 0
 * when the arms must not or need not fork (they have when()/on_day() hooks, start
 * from other parameters or another world, differ from the first day, or never
 * differ); note says which, for people. 0, or -1 with err if a scenario fails. */
int mig_fork_find_day(const mig_ens_opts *o, int *fork_day, char *note, size_t notelen, char *err, size_t errlen,
                      int *bad_input);

#endif
