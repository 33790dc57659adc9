/* datadir.c: migsim's data roots (see datadir.h). */
#include "datadir.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef MIG_DATA_SUBDIR  /* set by CMakeLists.txt; these defaults keep other builds compiling */
#define MIG_DATA_SUBDIR "share/migsim"
#endif
#ifndef MIG_DATA_INSTALLED
#define MIG_DATA_INSTALLED "/usr/local/share/migsim"
#endif
#ifndef MIG_DATA_SOURCE
#define MIG_DATA_SOURCE "."
#endif

static int exists(const char *path, int want_dir)
{
    struct stat st;
    return stat(path, &st) == 0 && (want_dir ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode));
}

int mig_data_lookup(const char *path, int want_dir, char *out, size_t n)
{
    char exe_root[4096 + 64] = "";
    char exe[4096];
    ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);  /* Linux; elsewhere skipped */
    if (len > 0) {
        exe[len] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(exe_root, sizeof exe_root, "%s/../%s", exe, MIG_DATA_SUBDIR);
        }
    }
    const char *env = getenv("MIGSIM_DATADIR");
    const char *roots[] = { env && env[0] ? env : NULL, exe_root[0] ? exe_root : NULL, MIG_DATA_SOURCE,
                            MIG_DATA_INSTALLED };
    for (size_t i = 0; i < sizeof roots / sizeof roots[0]; i++) {
        if (!roots[i])
            continue;
        int w = snprintf(out, n, "%s/%s", roots[i], path);
        if (w > 0 && (size_t)w < n && exists(out, want_dir))
            return 0;
    }
    snprintf(out, n, "$MIGSIM_DATADIR, %s, %s or %s", exe_root[0] ? exe_root : "(the binary's ../" MIG_DATA_SUBDIR ")",
             MIG_DATA_SOURCE, MIG_DATA_INSTALLED);
    return -1;
}
