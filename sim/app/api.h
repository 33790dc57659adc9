/* api.h: what the public API's implementation files (api.c, session.c,
 * batch_api.c) share. Not installed: front ends use include/migsim/migsim.h. */
#ifndef MIG_API_H
#define MIG_API_H

#include "migsim/migsim.h"
#include "common.h"
#include "lua_host.h"

#include <cjson/cJSON.h>

struct migsim_doc {
    cJSON *json;
    char schema[64];
};

/* A document owning json (taken even on failure); NULL with e filled if json is NULL
 * or memory runs out. */
migsim_doc *mig_api_doc(cJSON *json, migsim_error *e);

/* Fill e (printf-style message) and return status. */
migsim_status mig_api_fail(migsim_error *e, migsim_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void mig_api_ok(migsim_error *e);

mig_lua_limits mig_api_limits(const migsim_opts *o);

/* The files a command reads, to refuse writing over one of them. */
#define MIG_MAX_INPUTS (MIGSIM_MAX_ARMS + 4)
typedef struct mig_inputs {
    const char *what[MIG_MAX_INPUTS];  /* "the scenario" */
    const char *path[MIG_MAX_INPUTS];
    int n;
} mig_inputs;

void mig_inputs_add(mig_inputs *in, const char *what, const char *path);
/* 0 if the file to be written at path (label: "-o", "the journal", "the checkpoint")
 * is none of the inputs and, if it exists, a regular file that is not Lua code (a
 * scenario may require any .lua file beside it); else -1 with err. */
int mig_inputs_check_output(const mig_inputs *in, const char *label, const char *path, char *err, size_t n);
/* Standard output too, when it is a file: `migsim export r.json ... >> r.json`. */
int mig_inputs_check_stdout(const mig_inputs *in, char *err, size_t n);
/* A Flee scenario's data files are inputs too: 0 if out (NULL: none) is none of
 * those h loaded (none for a native scenario), else -1 with err ("-o X is the Flee
 * data file Y itself"). */
int mig_inputs_check_flee_data(const mig_host *h, const char *out, char *err, size_t n);
/* 1 if a and b are one file (device and inode; when neither exists yet, the same
 * name in the same folder). */
int mig_same_file(const char *a, const char *b);

#endif
