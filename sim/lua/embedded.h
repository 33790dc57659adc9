/* embedded.h: Lua modules from scripts/, compiled into the binary by CMake
 * (cmake/embed.cmake), so migsim runs from any folder. */
#ifndef MIG_EMBEDDED_H
#define MIG_EMBEDDED_H

#include <stddef.h>

typedef struct mig_embedded {
    const char *name;       /* module name, e.g. "migsim.westbalkans" */
    const char *chunkname;  /* "@scripts/migsim/westbalkans.lua" for error messages */
    const char *text;
    size_t len;
} mig_embedded;

/* The module called name, or NULL. */
const mig_embedded *mig_embedded_find(const char *name);

#endif
