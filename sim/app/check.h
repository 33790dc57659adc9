/* check.h: `migsim check --list`: a loaded scenario's parameters (key, value,
 * range), borders, channels by nationality and dated schedule, as plain text. */
#ifndef MIG_CHECK_H
#define MIG_CHECK_H

#include "flee.h"
#include "lua_host.h"
#include "world.h"

#include <stdio.h>

/* Write the listing of the scenario h has started (mig_host_start*): its world w
 * (a native run's) or, for a Flee run, its settings set (w is then not read).
 * 0, or -1 if out of memory. */
int mig_check_list(FILE *f, const mig_host *h, const mig_world *w, const mig_flee_settings *set);

#endif
