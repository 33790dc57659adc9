/* fuzz_scenario.c: libFuzzer target for the scenario loader. Each input is a
 * scenario file: it is loaded in the sandbox with small budgets and checked
 * (mig_host_open), and if it loads, its run is created and stepped a few days.
 * Anything but a clean error or a clean run is a finding. */
#include "lua_host.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!*path)
        snprintf(path, sizeof path, "/tmp/migsim-fuzz-%d.lua", (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    mig_lua_limits limits = { .instructions = 2e6, .megabytes = 64, .watchdog_seconds = -1 };  /* no watchdog: libFuzzer's -timeout watches */
    char err[8192];
    mig_host *h = mig_host_open(path, 1, NULL, 0, &limits, err, sizeof err);
    if (h) {
        mig_run *run = mig_host_start(h, 1, err, sizeof err);
        for (int d = 0; run && d < 5 && mig_run_step(run, err) == 0; d++)
            ;
        mig_run_free(run);
        mig_host_free(h);
    }
    return 0;
}
