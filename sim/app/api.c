/* api.c: the public API's small parts (include/migsim/migsim.h): errors, options,
 * documents, the output guard, export and bench. Single runs are in session.c,
 * ensembles and sweeps in batch_api.c. */
#define _XOPEN_SOURCE 700 /* open_memstream */
#include "api.h"
#include "bench.h"
#include "checkpoint.h"
#include "buf.h"
#include "export.h"
#include "params_list.h"
#include "suggest.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *migsim_version(void)
{
    return MIG_VERSION;
}

migsim_status mig_api_fail(migsim_error *e, migsim_status status, const char *fmt, ...)
{
    e->status = status;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    return status;
}

void mig_api_ok(migsim_error *e)
{
    e->status = MIGSIM_OK;
    e->message[0] = 0;
}

void migsim_opts_init(migsim_opts *o)
{
    memset(o, 0, sizeof *o);
    o->seed = 1;
    o->threads = 1;
}

/* The option of the range table (checkpoint.h) that flag names; -1 if none. */
static int opt_of(const char *flag)
{
    for (int k = 0; k < MIG_N_OPTS; k++)
        if (strcmp(flag, mig_opt_range_of((mig_opt)k)->flag) == 0)
            return k;
    return -1;
}

int migsim_is_option(const char *flag)
{
    return opt_of(flag) >= 0;
}

size_t migsim_edit_distance(const char *a, const char *b)
{
    return mig_edit_distance(a, b);
}

migsim_status migsim_parse_option(const char *flag, const char *text, double *v, migsim_error *e)
{
    int k = opt_of(flag);
    if (k < 0)
        return mig_api_fail(e, MIGSIM_E_INPUT, "unknown option '%.400s'", flag);
    if (mig_opt_parse((mig_opt)k, text, v, e->message))
        return e->status = MIGSIM_E_INPUT;
    mig_api_ok(e);
    return MIGSIM_OK;
}

mig_lua_limits mig_api_limits(const migsim_opts *o)
{
    mig_lua_limits l = { .instructions = o->lua_instructions, .megabytes = o->lua_megabytes,
                         .watchdog_seconds = o->lua_watchdog_seconds };
    return l;
}

/* ---- documents ----------------------------------------------------------------- */

migsim_doc *mig_api_doc(cJSON *json, migsim_error *e)
{
    migsim_doc *d = json ? malloc(sizeof *d) : NULL;
    if (!d) {
        cJSON_Delete(json);
        mig_api_fail(e, MIGSIM_E_RUN, "out of memory building the result");
        return NULL;
    }
    d->json = json;
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(json, "schema");
    snprintf(d->schema, sizeof d->schema, "%s", cJSON_IsString(s) ? s->valuestring : "");
    return d;
}

char *migsim_doc_json(const migsim_doc *d)
{
    return cJSON_PrintUnformatted(d->json);
}

const char *migsim_doc_schema(const migsim_doc *d)
{
    return d->schema;
}

migsim_status migsim_doc_write(const migsim_doc *d, const char *path, migsim_error *e)
{
    char err[MIG_ERR_LEN];
    char *text = cJSON_PrintUnformatted(d->json);
    if (!text)
        return mig_api_fail(e, MIGSIM_E_RUN, "out of memory writing the result");
    int rc = mig_file_write_text(path, text, err);
    free(text);
    if (rc)
        return mig_api_fail(e, MIGSIM_E_RUN, "%s", err);
    mig_api_ok(e);
    return MIGSIM_OK;
}

void migsim_doc_free(migsim_doc *d)
{
    if (d) {
        cJSON_Delete(d->json);
        free(d);
    }
}

/* ---- an output must not be an input ---------------------------------------------
 * A command lists the files it reads and checks each file it will write against them
 * before any work: `run s.lua -o s.lua` would otherwise replace the scenario with its
 * own result, and exit 0. Files are compared by device and inode, so ./s.lua,
 * ../dir/s.lua, a symbolic link and a hard link are all s.lua. */

int mig_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    int ea = stat(a, &sa) == 0, eb = stat(b, &sb) == 0;
    if (ea || eb)
        return ea && eb && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    /* Neither exists yet (a result and a checkpoint both still to be written): the
     * same name in the same folder. */
    char da[4096], db[4096];
    const char *ba = strrchr(a, '/'), *bb = strrchr(b, '/');
    snprintf(da, sizeof da, "%.*s", ba ? (int)(ba - a) + 1 : 1, ba ? a : ".");
    snprintf(db, sizeof db, "%.*s", bb ? (int)(bb - b) + 1 : 1, bb ? b : ".");
    ba = ba ? ba + 1 : a;
    bb = bb ? bb + 1 : b;
    return strcmp(ba, bb) == 0 && stat(da, &sa) == 0 && stat(db, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

void mig_inputs_add(mig_inputs *in, const char *what, const char *path)
{
    if (path && in->n < MIG_MAX_INPUTS) {
        in->what[in->n] = what;
        in->path[in->n++] = path;
    }
}

int mig_inputs_check_output(const mig_inputs *in, const char *label, const char *path, char *err, size_t n)
{
    for (int i = 0; i < in->n; i++)
        if (mig_same_file(path, in->path[i])) {
            snprintf(err, n, "%s %.1000s is %s %.1000s itself: the output would overwrite an input", label, path,
                     in->what[i], in->path[i]);
            return -1;
        }
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        snprintf(err, n, "%s %.1000s is %s: results are written whole to a regular file", label, path,
                 S_ISDIR(st.st_mode) ? "a folder" : "not a regular file");
        return -1;
    }
    size_t len = strlen(path);
    if (len >= 4 && strcmp(path + len - 4, ".lua") == 0 && access(path, F_OK) == 0) {
        snprintf(err, n, "%s %.1000s is Lua code (a scenario, or a module one may require): migsim does not "
                         "write its results over it", label, path);
        return -1;
    }
    return 0;
}

int mig_inputs_check_flee_data(const mig_host *h, const char *out, char *err, size_t n)
{
    const mig_flee_model *fm = mig_host_flee_model(h);
    for (int i = 0; out && fm && i < fm->n_files; i++) {
        char data[2200];
        snprintf(data, sizeof data, "%s/%s", fm->root, fm->files[i]);
        mig_inputs file = { .n = 0 };
        mig_inputs_add(&file, "the Flee data file", data);
        if (mig_inputs_check_output(&file, "-o", out, err, n))
            return -1;
    }
    return 0;
}

int mig_inputs_check_stdout(const mig_inputs *in, char *err, size_t n)
{
    struct stat so, si;
    if (fstat(STDOUT_FILENO, &so) != 0 || !S_ISREG(so.st_mode))
        return 0;
    for (int i = 0; i < in->n; i++)
        if (stat(in->path[i], &si) == 0 && si.st_dev == so.st_dev && si.st_ino == so.st_ino) {
            snprintf(err, n, "standard output is %s %.1000s itself: the output would overwrite an input",
                     in->what[i], in->path[i]);
            return -1;
        }
    return 0;
}

/* The folder an output goes to must exist and take new files (the writer makes a
 * temporary file beside it and renames it): said before any work, not after it. */
static int check_output_folder(const char *label, const char *path, char *err, size_t n)
{
    char dir[4096];
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(dir, sizeof dir, ".");
    else if (slash == path)
        snprintf(dir, sizeof dir, "/");
    else if ((size_t)(slash - path) < sizeof dir)
        snprintf(dir, sizeof dir, "%.*s", (int)(slash - path), path);
    else
        return 0;  /* too long to check here; the writer will say */
    struct stat st;
    int found = stat(dir, &st) == 0;
    if (!found || !S_ISDIR(st.st_mode)) {
        snprintf(err, n, "%s %.1000s: the folder %.1000s %s", label, path, dir,
                 found ? "is not a folder" : errno == ENOENT ? "does not exist" : strerror(errno));
        return -1;
    }
    if (access(dir, W_OK | X_OK) != 0) {
        snprintf(err, n, "%s %.1000s: the folder %.1000s is not writable (%s)", label, path, dir, strerror(errno));
        return -1;
    }
    return 0;
}

migsim_status migsim_check_output(const char *path, const char *label, const char *const *inputs,
                                  const char *const *what, int n_inputs, migsim_error *e)
{
    mig_inputs in = { .n = 0 };
    for (int i = 0; i < n_inputs; i++)
        mig_inputs_add(&in, what ? what[i] : "the input", inputs[i]);
    if (path ? mig_inputs_check_output(&in, label, path, e->message, sizeof e->message) ||
                   check_output_folder(label, path, e->message, sizeof e->message)
             : mig_inputs_check_stdout(&in, e->message, sizeof e->message))
        return e->status = MIGSIM_E_INPUT;
    mig_api_ok(e);
    return MIGSIM_OK;
}

/* ---- export and bench ------------------------------------------------------------ */

migsim_status migsim_export(const char *result_path, const char *table, const char *format, const char *out_path,
                            FILE *f, migsim_error *e)
{
    char err[MIG_ERR_LEN];
    if (!out_path) {
        if (mig_export(result_path, table, format, f, err))
            return mig_api_fail(e, MIGSIM_E_INPUT, "%s", err);
        mig_api_ok(e);
        return MIGSIM_OK;
    }
    /* Through memory and the atomic writer, so a bad table leaves no file behind. */
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return mig_api_fail(e, MIGSIM_E_RUN, "out of memory");
    int rc = mig_export(result_path, table, format, mem, err);
    int lost = ferror(mem) != 0;
    if (fclose(mem) != 0 || lost) {
        free(buf);
        return mig_api_fail(e, MIGSIM_E_RUN, "out of memory writing the table");
    }
    if (rc) {
        free(buf);
        return mig_api_fail(e, MIGSIM_E_INPUT, "%s", err);
    }
    if (len && buf[len - 1] == '\n')
        buf[len - 1] = 0;  /* the writer adds the final newline */
    rc = mig_file_write_text(out_path, buf, err);
    free(buf);
    if (rc)
        return mig_api_fail(e, MIGSIM_E_RUN, "%s", err);
    mig_api_ok(e);
    return MIGSIM_OK;
}

void migsim_export_tables(FILE *f)
{
    mig_export_list(f);
}

migsim_status migsim_bench(long agents, int days, int threads, const char *flee_dir, double hasten, FILE *f,
                           migsim_error *e)
{
    char err[MIG_ERR_LEN];
    mig_bench_result r;
    if (flee_dir) {
        double ard;
        if (mig_bench_flee(flee_dir, hasten, &r, &ard, err))
            return mig_api_fail(e, MIGSIM_E_INPUT, "%s", err);
        for (char *c = r.dir; *c; c++)  /* a JSON string: the folder as found (bench.c) */
            if (*c == '"' || *c == '\\' || (unsigned char)*c < 0x20)
                *c = '?';
        fprintf(f, "{\"workload\":\"flee\",\"dir\":\"%s\",\"agents\":%ld,\"days\":%ld,\"threads\":1,\"seconds\":%.3f,"
                   "\"agent_days\":%.0f,\"agent_days_per_s\":%.0f,\"bytes_per_agent\":%.1f,\"peak_rss_bytes\":%ld,"
                   "\"ard\":%.4f}\n", r.dir, r.agents, r.days, r.seconds, r.agent_days, r.agent_days_per_s,
                r.bytes_per_agent, r.peak_rss_bytes, ard);
    } else {
        if (mig_bench_run(agents, days, threads, &r, err))
            return mig_api_fail(e, MIGSIM_E_RUN, "%s", err);
        fprintf(f, "{\"agents\":%ld,\"days\":%ld,\"threads\":%d,\"seconds\":%.3f,\"agent_days\":%.0f,"
                   "\"agent_days_per_s\":%.0f,\"bytes_per_agent\":%.1f,\"peak_rss_bytes\":%ld}\n",
                r.agents, r.days, r.threads, r.seconds, r.agent_days, r.agent_days_per_s, r.bytes_per_agent,
                r.peak_rss_bytes);
    }
    mig_api_ok(e);
    return MIGSIM_OK;
}

migsim_status migsim_params(const char *scenario, const char *format, FILE *f, migsim_error *e)
{
    int fmt = mig_params_format_parse(format);
    if (fmt < 0)
        return mig_api_fail(e, MIGSIM_E_INPUT, "--format takes text, markdown or json");
    if (mig_params_write(f, scenario, (mig_params_format)fmt, e->message, sizeof e->message))
        return e->status = MIGSIM_E_INPUT;
    mig_api_ok(e);
    return MIGSIM_OK;
}
