/* fuzz_checkpoint.c: libFuzzer target for the checkpoint reader. Each input is a
 * checkpoint file; its checksum is made right first (a checksum stops corruption,
 * not someone who writes a file on purpose), so the fuzzer reaches everything
 * behind it: the header, the options, and the restore into a run of a small
 * scenario of the checkpoint's engine (native: MIG_FUZZ_SCENARIO, default
 * tests/smuggling/plain.lua; Flee rules: MIG_FUZZ_FLEE_SCENARIO, default
 * tests/checkpoint/flee_hooks.lua), which then simulates a few days. Anything but
 * a clean refusal or a clean run is a finding. */
#include "checkpoint.h"
#include "lua_host.h"
#include "sha256.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    unsigned char *copy = malloc(size + 1);
    if (!copy)
        return 0;
    memcpy(copy, data, size);
    if (size >= 40)
        mig_sha256(copy, size - 32, copy + size - 32);
    mig_ckpt_opts *o = malloc(sizeof *o);
    char err[8192];
    mig_ckpt *ck = o ? mig_checkpoint_parse(copy, size, o, err) : NULL;
    free(copy);
    if (ck) {
        /* Defaults by absolute path: tools/fuzz.sh runs the target in build-fuzz/. */
        int flee = mig_checkpoint_engine(ck) == MIG_ENGINE_FLEE;
        const char *scenario = getenv(flee ? "MIG_FUZZ_FLEE_SCENARIO" : "MIG_FUZZ_SCENARIO");
        if (!scenario)
            scenario = flee ? MIG_SOURCE_DIR "/tests/checkpoint/flee_hooks.lua"
                            : MIG_SOURCE_DIR "/tests/smuggling/plain.lua";
        mig_lua_limits limits = { .instructions = 2e6, .megabytes = 64, .watchdog_seconds = -1 };  /* no watchdog: libFuzzer's -timeout watches */
        mig_host *h = mig_host_open(scenario, o->seed, NULL, 0, &limits, err, sizeof err);
        mig_single run = { .run = NULL };
        if (h && mig_single_start(&run, h, o->seed, 1, err, sizeof err) == 0 &&
            mig_checkpoint_restore(ck, &run, err) == 0)
            for (int d = 0; d < 3 && mig_single_step(&run, err) == 0; d++)
                ;
        mig_single_free(&run);
        mig_host_free(h);
        mig_checkpoint_free(ck);
    }
    free(o);
    return 0;
}
