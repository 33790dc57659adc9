/* datadir.h: finding migsim's own data (the posterior samples, the Flee cases) from any
 * working directory and any scenario folder. */
#ifndef MIG_DATADIR_H
#define MIG_DATADIR_H

#include <stddef.h>

/* Looks a relative path up under migsim's data roots, in order: $MIGSIM_DATADIR, the
 * running binary's ../share/migsim (an installed copy, wherever --prefix put it), the
 * source tree the binary was built from, the configured install prefix's share/migsim.
 * want_dir: 1 for a folder, 0 for a file. 0 with out filled, or -1 (out then lists the
 * roots tried, for an error message). */
int mig_data_lookup(const char *path, int want_dir, char *out, size_t n);

#endif
