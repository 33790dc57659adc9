/* main.c: the migsim command line. Only this file picks exit codes and prints
 * errors: 0 ok, 1 the run failed, 2 bad input (scenario, arguments, data). */
#include "bench.h"
#include "date.h"
#include "export.h"
#include "lua_host.h"
#include "output.h"
#include "sha256.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXIT_RUN_FAILED 1
#define EXIT_BAD_INPUT 2

static const char *usage_main =
    "usage: migsim <command> [options]\n"
    "\n"
    "commands:\n"
    "  run SCENARIO.lua     simulate a scenario; JSON with -o, else a summary table\n"
    "  check SCENARIO.lua   load and validate a scenario without running it\n"
    "  export OUT.json      write a tidy table (CSV or JSON records) from a result\n"
    "  bench                measure speed and memory on a synthetic world\n"
    "\n"
    "options: --help (also after a command), --version\n"
    "exit status: 0 ok, 1 the run failed, 2 bad input\n"
    "\n"
    "examples:\n"
    "  migsim run scenarios/wb2022.lua\n"
    "  migsim run scenarios/wb2022.lua -o wb.json --seed 7 --set border.RS-HU.detection_prob=0.4\n"
    "  migsim export wb.json --table frontex_monthly > frontex.csv\n";

static const char *usage_run =
    "usage: migsim run SCENARIO.lua [-o OUT.json] [--seed N] [--threads T] [--set KEY=VALUE ...] [-q]\n"
    "\n"
    "  -o FILE        write the result JSON to FILE (written whole or not at all)\n"
    "  --seed N       master seed (default 1); same scenario + seed = same bytes\n"
    "  --threads T    worker threads (default 1); results do not depend on T\n"
    "  --set K=V      override a parameter after the scenario has built the world\n"
    "                 (keys as in meta.parameters, e.g. nationality.BDI.displacement=0.3)\n"
    "  -q             no summary table\n"
    "\n"
    "example: migsim run scenarios/wb2022.lua -o wb.json --seed 3 --threads 2\n";

static const char *usage_check = "usage: migsim check SCENARIO.lua [--set KEY=VALUE ...]\n"
                                 "Loads the scenario, checks the world and its dated events, runs nothing.\n";

static const char *usage_export =
    "usage: migsim export OUT.json --table NAME [--format csv|json] [-o FILE]\n"
    "\n"
    "tables:\n";

static const char *usage_bench =
    "usage: migsim bench [--agents N] [--days D] [--threads T]\n"
    "Prints one JSON line: agents, days, threads, seconds, agent_days_per_s,\n"
    "bytes_per_agent, peak_rss_bytes.\n";

static int fail(int code, const char *msg)
{
    fprintf(stderr, "migsim: %s\n", msg);
    return code;
}

static int parse_u64(const char *s, uint64_t *v)
{
    char *end;
    errno = 0;
    if (!s || !*s || *s == '-')
        return -1;
    unsigned long long x = strtoull(s, &end, 10);
    if (errno || *end)
        return -1;
    *v = (uint64_t)x;
    return 0;
}

static int parse_int(const char *s, long lo, long hi, long *v)
{
    char *end;
    errno = 0;
    if (!s || !*s)
        return -1;
    long x = strtol(s, &end, 10);
    if (errno || *end || x < lo || x > hi)
        return -1;
    *v = x;
    return 0;
}

typedef struct run_opts {
    const char *scenario, *out;
    uint64_t seed;
    long threads;
    int quiet;
    const char *sets[256];
    int n_sets;
} run_opts;

static int parse_run_opts(int argc, char **argv, run_opts *o, const char *usage, char *err)
{
    memset(o, 0, sizeof *o);
    o->seed = 1;
    o->threads = 1;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, stdout);
            return 1;
        } else if (strcmp(a, "-o") == 0 && next) {
            o->out = argv[++i];
        } else if (strcmp(a, "--seed") == 0 && next) {
            if (parse_u64(argv[++i], &o->seed)) {
                snprintf(err, 512, "--seed takes a whole number from 0 to 2^64-1, got '%s'", argv[i]);
                return -1;
            }
        } else if (strcmp(a, "--threads") == 0 && next) {
            if (parse_int(argv[++i], 1, 256, &o->threads)) {
                snprintf(err, 512, "--threads takes a whole number from 1 to 256, got '%s'", argv[i]);
                return -1;
            }
        } else if (strcmp(a, "--set") == 0 && next) {
            if (o->n_sets == 256) {
                snprintf(err, 512, "too many --set options (256 at most)");
                return -1;
            }
            o->sets[o->n_sets++] = argv[++i];
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            o->quiet = 1;
        } else if (a[0] == '-') {
            snprintf(err, 512, "unknown or incomplete option '%s' (see migsim %s --help)", a, argv[1]);
            return -1;
        } else if (!o->scenario) {
            o->scenario = a;
        } else {
            snprintf(err, 512, "unexpected argument '%s'", a);
            return -1;
        }
    }
    if (!o->scenario) {
        snprintf(err, 512, "no scenario given\n%s", usage);
        return -1;
    }
    return 0;
}

static int apply_sets(mig_world *w, const run_opts *o, char *err)
{
    for (int i = 0; i < o->n_sets; i++) {
        char key[200];
        const char *eq = strchr(o->sets[i], '=');
        if (!eq || eq == o->sets[i] || (size_t)(eq - o->sets[i]) >= sizeof key) {
            snprintf(err, 512, "--set '%s': expected KEY=VALUE", o->sets[i]);
            return -1;
        }
        memcpy(key, o->sets[i], (size_t)(eq - o->sets[i]));
        key[eq - o->sets[i]] = 0;
        const char *val = eq + 1;
        double v;
        char *end;
        if (strcmp(val, "true") == 0)
            v = 1;
        else if (strcmp(val, "false") == 0)
            v = 0;
        else {
            errno = 0;
            v = strtod(val, &end);
            if (!*val || *end || errno) {
                snprintf(err, 512, "--set %s: '%s' is not a number", key, val);
                return -1;
            }
        }
        char e[MIG_ERR_LEN];
        if (mig_world_set(w, key, v, e)) {
            snprintf(err, 512, "--set: %.480s", e);
            return -1;
        }
    }
    return 0;
}

static char big_err[8192];

/* Load a scenario and apply --set; NULL with big_err filled on bad input. */
static mig_host *load_scenario(const run_opts *o)
{
    char err[MIG_ERR_LEN];
    mig_host *h = mig_host_new(o->scenario, o->seed, err);
    if (!h) {
        snprintf(big_err, sizeof big_err, "%s", err);
        return NULL;
    }
    FILE *f = fopen(o->scenario, "rb");
    if (!f) {
        snprintf(big_err, sizeof big_err, "cannot open scenario %s: %s", o->scenario, strerror(errno));
        mig_host_free(h);
        return NULL;
    }
    fclose(f);
    if (mig_host_load(h, big_err, sizeof big_err) || apply_sets(mig_host_world(h), o, big_err) ||
        mig_host_check(h, big_err, sizeof big_err)) {
        mig_host_free(h);
        return NULL;
    }
    return h;
}

static volatile sig_atomic_t interrupted;
static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

static int cmd_run(int argc, char **argv)
{
    run_opts o;
    char err[512];
    int rc = parse_run_opts(argc, argv, &o, usage_run, err);
    if (rc)
        return rc > 0 ? 0 : fail(EXIT_BAD_INPUT, err);
    char sha[65];
    if (mig_sha256_file(o.scenario, sha)) {
        snprintf(err, sizeof err, "cannot read scenario %.400s: %s", o.scenario, strerror(errno));
        return fail(EXIT_BAD_INPUT, err);
    }
    mig_host *h = load_scenario(&o);
    if (!h)
        return fail(EXIT_BAD_INPUT, big_err);
    mig_run *run = mig_host_start(h, (int)o.threads, big_err, sizeof big_err);
    if (!run) {
        mig_host_free(h);
        return fail(EXIT_BAD_INPUT, big_err);
    }
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    char step_err[MIG_ERR_LEN];
    int status = 0;
    while (!interrupted && (status = mig_run_step(run, step_err)) == 0)
        ;
    if (interrupted) {
        mig_run_free(run);
        mig_host_free(h);
        return fail(EXIT_RUN_FAILED, "interrupted: nothing was written");
    }
    if (status < 0) {
        int code = run->hook_failed ? EXIT_BAD_INPUT : EXIT_RUN_FAILED;
        mig_run_free(run);
        mig_host_free(h);
        return fail(code, step_err);
    }
    mig_meta meta = { mig_host_info(h)->name, o.scenario, sha };
    int code = 0;
    if (o.out) {
        cJSON *doc = mig_output_build(run, &meta);
        char *text = doc ? cJSON_PrintUnformatted(doc) : NULL;
        cJSON_Delete(doc);
        if (!text)
            code = fail(EXIT_RUN_FAILED, "out of memory writing the result");
        else if (mig_output_write_atomic(o.out, text, step_err))
            code = fail(EXIT_RUN_FAILED, step_err);
        free(text);
    }
    if (!code && !o.quiet)
        mig_output_summary(run, &meta, o.out ? stderr : stdout);
    mig_run_free(run);
    mig_host_free(h);
    return code;
}

static int cmd_check(int argc, char **argv)
{
    run_opts o;
    char err[512];
    int rc = parse_run_opts(argc, argv, &o, usage_check, err);
    if (rc)
        return rc > 0 ? 0 : fail(EXIT_BAD_INPUT, err);
    mig_host *h = load_scenario(&o);
    if (!h)
        return fail(EXIT_BAD_INPUT, big_err);
    const mig_world *w = mig_host_world(h);
    char a[11], b[11];
    mig_date_format(mig_host_info(h)->start_day, a);
    mig_date_format(mig_host_info(h)->stop_day, b);
    printf("%s: ok (%s to %s; %d countries, %d locations, %d routes, %d borders, %d nationalities)\n", o.scenario, a,
           b, w->n_countries, w->n_locations, w->n_routes, w->n_borders, w->n_nats);
    mig_host_free(h);
    return 0;
}

static int cmd_export(int argc, char **argv)
{
    const char *in = NULL, *table = NULL, *format = "csv", *out = NULL;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage_export, stdout);
            mig_export_list(stdout);
            printf("\nexample: migsim export wb.json --table detections_monthly --format csv > det.csv\n");
            return 0;
        } else if (strcmp(a, "--table") == 0 && next) {
            table = argv[++i];
        } else if (strcmp(a, "--format") == 0 && next) {
            format = argv[++i];
        } else if (strcmp(a, "-o") == 0 && next) {
            out = argv[++i];
        } else if (a[0] == '-') {
            fprintf(stderr, "migsim: unknown or incomplete option '%s' (see migsim export --help)\n", a);
            return EXIT_BAD_INPUT;
        } else if (!in) {
            in = a;
        } else {
            fprintf(stderr, "migsim: unexpected argument '%s'\n", a);
            return EXIT_BAD_INPUT;
        }
    }
    if (!in || !table)
        return fail(EXIT_BAD_INPUT, "export needs a result file and --table NAME (see migsim export --help)");
    char err[512];
    if (!out)
        return mig_export(in, table, format, stdout, err) ? fail(EXIT_BAD_INPUT, err) : 0;
    /* Through memory and the atomic writer, so a bad table leaves no file behind. */
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return fail(EXIT_RUN_FAILED, "out of memory");
    int rc = mig_export(in, table, format, mem, err);
    fclose(mem);
    if (rc) {
        free(buf);
        return fail(EXIT_BAD_INPUT, err);
    }
    if (len && buf[len - 1] == '\n')
        buf[len - 1] = 0;  /* the writer adds the final newline */
    rc = mig_output_write_atomic(out, buf, err);
    free(buf);
    return rc ? fail(EXIT_RUN_FAILED, err) : 0;
}

static int cmd_bench(int argc, char **argv)
{
    long agents = 1000000, days = 100, threads = 1;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage_bench, stdout);
            return 0;
        } else if (strcmp(a, "--agents") == 0 && next) {
            if (parse_int(argv[++i], 1, 1000000000L, &agents))
                return fail(EXIT_BAD_INPUT, "--agents takes a whole number from 1 to 10^9");
        } else if (strcmp(a, "--days") == 0 && next) {
            if (parse_int(argv[++i], 1, 65535, &days))
                return fail(EXIT_BAD_INPUT, "--days takes a whole number from 1 to 65535");
        } else if (strcmp(a, "--threads") == 0 && next) {
            if (parse_int(argv[++i], 1, 256, &threads))
                return fail(EXIT_BAD_INPUT, "--threads takes a whole number from 1 to 256");
        } else {
            fprintf(stderr, "migsim: unknown or incomplete option '%s' (see migsim bench --help)\n", a);
            return EXIT_BAD_INPUT;
        }
    }
    mig_bench_result r;
    char err[512];
    if (mig_bench_run(agents, (int)days, (int)threads, &r, err))
        return fail(EXIT_RUN_FAILED, err);
    printf("{\"agents\":%ld,\"days\":%ld,\"threads\":%d,\"seconds\":%.3f,\"agent_days\":%.0f,"
           "\"agent_days_per_s\":%.0f,\"bytes_per_agent\":%.1f,\"peak_rss_bytes\":%ld}\n",
           r.agents, r.days, r.threads, r.seconds, r.agent_days, r.agent_days_per_s, r.bytes_per_agent,
           r.peak_rss_bytes);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return fputs(usage_main, stderr), EXIT_BAD_INPUT;
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0)
        return fputs(usage_main, stdout), 0;
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0)
        return printf("migsim %s\n", MIG_VERSION), 0;
    if (strcmp(cmd, "run") == 0)
        return cmd_run(argc, argv);
    if (strcmp(cmd, "check") == 0)
        return cmd_check(argc, argv);
    if (strcmp(cmd, "export") == 0)
        return cmd_export(argc, argv);
    if (strcmp(cmd, "bench") == 0)
        return cmd_bench(argc, argv);
    fprintf(stderr, "migsim: unknown command '%s'\n\n%s", cmd, usage_main);
    return EXIT_BAD_INPUT;
}
