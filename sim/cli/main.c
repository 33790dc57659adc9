/* main.c: the migsim command line. Only this file picks exit codes and prints
 * errors: 0 ok, 1 the run failed, 2 bad input (scenario, arguments, data). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "bench.h"
#include "checkpoint.h"
#include "ensemble.h"
#include "date.h"
#include "export.h"
#include "flee_output.h"
#include "lua_host.h"
#include "output.h"
#include "sha256.h"
#include "single.h"
#include "sweep.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EXIT_RUN_FAILED 1
#define EXIT_BAD_INPUT 2

static const char *usage_main =
    "usage: migsim <command> [options]\n"
    "\n"
    "commands:\n"
    "  run SCENARIO.lua     simulate a scenario (or --replicates R of it); JSON with -o\n"
    "  resume CHECKPOINT    continue a run from its checkpoint (run --checkpoint-dir)\n"
    "  compare BASE.lua POLICY.lua ...  paired policy comparison over replicates\n"
    "  sweep SCENARIO.lua   parameter sweep (Latin hypercube or Sobol) with sensitivity indices\n"
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
    "                               [--replicates R [--daily] [--replicate-totals]]\n"
    "\n"
    "  -o FILE        write the result JSON to FILE (written whole or not at all)\n"
    "  --seed N       master seed, 0 to 2^53-1 (default 1); same scenario + seed = same bytes\n"
    "  --threads T    worker threads, 1 to 256 (default 1); results do not depend on T\n"
    "  --set K=V      override a parameter after the scenario has built the world\n"
    "                 (keys as in meta.parameters, e.g. nationality.BDI.displacement=0.3)\n"
    "  --replicates R run R replicates, 1 to 1000000 (seeds N, N+1, ..., N+R-1), and write means,\n"
    "                 sds and 95% intervals of every monthly series and total (migsim-ensemble/1);\n"
    "                 threads then run replicates in parallel\n"
    "  --daily        with --replicates: daily series too (large)\n"
    "  --replicate-totals  with --replicates: each replicate's totals too\n"
    "  --resume       with --replicates and -o: continue an interrupted job from OUT.json.progress,\n"
    "                 the journal of completed replicates it keeps (same bytes as if uninterrupted)\n"
    "  --lua-instructions N  budget of Lua instructions per call into the scenario, 1e4 to 1e15\n"
    "                        (default 2e9)\n"
    "  --lua-memory MB       memory budget of the scenario's Lua state, 1 to 1e6 MB (default 1024)\n"
    "  --checkpoint-dir D    keep a checkpoint of the run in D (D/NAME-seedN.ckpt; D is created if\n"
    "                        need be): written on SIGINT/SIGTERM at the end of the day, and every\n"
    "                        --checkpoint-every days\n"
    "  --checkpoint-every N  also write it every N simulated days (1 to 65535)\n"
    "  --stop-after N        stop after N simulated days (1 to 65535, warm-up included) with a checkpoint\n"
    "                        (to run in pieces; continue with migsim resume)\n"
    "  -q             no summary table, no progress line\n"
    "\n"
    "examples: migsim run scenarios/wb2022.lua -o wb.json --seed 3 --threads 2\n"
    "          migsim run scenarios/wb2022.lua -o wb.json --checkpoint-dir ckpt --checkpoint-every 100\n"
    "          migsim run scenarios/wb2022.lua --replicates 50 --threads 2 -o wb50.json\n";

static const char *usage_compare =
    "usage: migsim compare BASE.lua POLICY.lua [MORE.lua ...] --replicates R [-o CMP.json]\n"
    "                      [--seed N] [--threads T] [--set KEY=VALUE ...] [--independent] [--daily] [-q]\n"
    "\n"
    "Runs every scenario on the same seeds (N + r for replicate r: common random numbers,\n"
    "so arms differ only by what their policies cause) and writes each arm's means and\n"
    "95% intervals and the paired difference of each arm to BASE with its 95% interval,\n"
    "for every monthly series and total (migsim-compare/1).\n"
    "\n"
    "  --independent  give each arm its own seeds (N + r + k*R): no pairing\n"
    "  --fork-at DATE run BASE to DATE once per replicate and start every other arm from\n"
    "                 that state: the arms share one history up to DATE (their own events\n"
    "                 must come on or after it), and the shared part is not simulated again\n"
    "  --resume       continue an interrupted comparison from CMP.json.progress (needs -o)\n"
    "  other options as for 'migsim run --replicates'\n"
    "\n"
    "example: migsim compare scenarios/wb2022_no_visa_alignment.lua scenarios/wb2022.lua \\\n"
    "             --replicates 200 --threads 2 -o cmp.json\n";

static const char *usage_check = "usage: migsim check SCENARIO.lua [--set KEY=VALUE ...]\n"
                                 "Loads the scenario, checks the world and its dated events, runs nothing.\n";

static const char *usage_export =
    "usage: migsim export OUT.json --table NAME [--format csv|json] [-o FILE]\n"
    "\n"
    "tables:\n";

static const char *usage_bench =
    "usage: migsim bench [--agents N] [--days D] [--threads T]\n"
    "       migsim bench --flee [DIR] [--hasten H]\n"
    "Prints one JSON line: agents, days, threads, seconds, agent_days_per_s,\n"
    "bytes_per_agent, peak_rss_bytes. The first form runs a synthetic Western Balkans-like\n"
    "world; --flee runs a Flee scenario folder (default data/flee/burundi) under Flee's\n"
    "rules, strict, one core, and adds its ARD.\n";

/* MPI: used only when built with it (MIG_MPI) and started by an MPI launcher;
 * a plain `migsim ...` never initialises MPI. Ranks split replicates or design
 * points; rank 0 sums the integer accumulators and writes the same bytes a
 * serial run writes. */
static int mpi_rank = 0, mpi_size = 1;
#ifdef MIG_MPI
#include <limits.h>
#include <mpi.h>
static int mpi_on;

static void mpi_start(int *argc, char ***argv)
{
    if (!getenv("OMPI_COMM_WORLD_SIZE") && !getenv("PMI_SIZE") && !getenv("PMIX_RANK"))
        return;
    int provided;
    MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);  /* MPI from the main thread only */
    mpi_on = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &mpi_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &mpi_size);
}

static void mpi_stop(void)
{
    if (mpi_on)
        MPI_Finalize();
}

/* The worst exit code of all ranks, so that all stop together. */
static int mpi_agree(int code)
{
    int all = code;
    if (mpi_on)
        MPI_Allreduce(&code, &all, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return all;
}

static void mpi_sum(void *buf, size_t n, MPI_Datatype type, size_t elem)
{
    if (!mpi_on)
        return;
    for (size_t done = 0; done < n;) {
        int count = n - done > (size_t)INT_MAX ? INT_MAX : (int)(n - done);
        char *p = (char *)buf + done * elem;
        MPI_Reduce(mpi_rank == 0 ? MPI_IN_PLACE : p, p, count, type, MPI_SUM, 0, MPI_COMM_WORLD);
        done += (size_t)count;
    }
}
#define mpi_sum_i64(buf, n) mpi_sum(buf, n, MPI_INT64_T, sizeof(int64_t))
#define mpi_sum_f64(buf, n) mpi_sum(buf, n, MPI_DOUBLE, sizeof(double))
#else
static void mpi_start(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
}
static void mpi_stop(void) {}
static int mpi_agree(int code) { return code; }
#define mpi_sum_i64(buf, n) ((void)(buf), (void)(n))
#define mpi_sum_f64(buf, n) ((void)(buf), (void)(n))
#endif

static int fail(int code, const char *msg)
{
    fprintf(stderr, "migsim: %s\n", msg);
    return code;
}

/* The option of the range table (checkpoint.h) that flag names, among those in
 * allowed (ending with MIG_N_OPTS); -1 if none. */
static int opt_of(const char *flag, const mig_opt *allowed)
{
    for (; *allowed != MIG_N_OPTS; allowed++)
        if (strcmp(flag, mig_opt_range_of(*allowed)->flag) == 0)
            return (int)*allowed;
    return -1;
}

/* Parse text as option k into a long (a whole-number option); 0 or -1 with err. */
static int parse_opt_long(mig_opt k, const char *text, long *v, char *err)
{
    double x;
    if (mig_opt_parse(k, text, &x, err))
        return -1;
    *v = (long)x;
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

/* ---- an output must not be an input -------------------------------------------
 * Every command lists the files it reads and checks each file it will write against
 * them before any work: `run s.lua -o s.lua` would otherwise replace the scenario with
 * its own result, and exit 0. Files are compared by device and inode, so ./s.lua,
 * ../dir/s.lua, a symbolic link and a hard link are all s.lua. */

#define MAX_INPUTS (MIG_MAX_ARMS + 4)
typedef struct io_inputs {
    const char *what[MAX_INPUTS];  /* "the scenario" */
    const char *path[MAX_INPUTS];
    int n;
} io_inputs;

static void io_add(io_inputs *in, const char *what, const char *path)
{
    if (path && in->n < MAX_INPUTS) {
        in->what[in->n] = what;
        in->path[in->n++] = path;
    }
}

/* 1 if a and b are one file: the same device and inode when both exist; when
 * neither does yet, the same name in the same folder (a result and a checkpoint
 * both still to be written). */
static int same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    int ea = stat(a, &sa) == 0, eb = stat(b, &sb) == 0;
    if (ea || eb)
        return ea && eb && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
    char da[4096], db[4096];
    const char *ba = strrchr(a, '/'), *bb = strrchr(b, '/');
    snprintf(da, sizeof da, "%.*s", ba ? (int)(ba - a) + 1 : 1, ba ? a : ".");
    snprintf(db, sizeof db, "%.*s", bb ? (int)(bb - b) + 1 : 1, bb ? b : ".");
    ba = ba ? ba + 1 : a;
    bb = bb ? bb + 1 : b;
    return strcmp(ba, bb) == 0 && stat(da, &sa) == 0 && stat(db, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

/* 0 if the file a command will write at path (label: "-o", "the journal", "the
 * checkpoint") is none of its inputs, and, if it exists, a regular file that is not
 * Lua code (a scenario may require any .lua file beside it); else -1 with err. */
static int io_check_output(const io_inputs *in, const char *label, const char *path, char *err, size_t n)
{
    for (int i = 0; i < in->n; i++)
        if (same_file(path, in->path[i])) {
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

/* Standard output too, when it is a file: `migsim export r.json ... >> r.json`. */
static int io_check_stdout(const io_inputs *in, char *err, size_t n)
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

/* The checks of a command that writes out (may be NULL) and, with journal, the
 * journal of its replicates or design points beside it. Returns 0, or the exit code
 * after printing why. */
static int io_refuse(const io_inputs *in, const char *out, int journal)
{
    char err[2600], jpath[1200];
    int bad = io_check_stdout(in, err, sizeof err) || (out && io_check_output(in, "-o", out, err, sizeof err));
    if (!bad && out && journal && strlen(out) < sizeof jpath - 16) {  /* as run_ensemble and cmd_sweep name it */
        snprintf(jpath, sizeof jpath, "%s.progress", out);
        bad = io_check_output(in, "the journal", jpath, err, sizeof err);
    }
    return bad ? fail(EXIT_BAD_INPUT, err) : 0;
}

static const char *usage_resume =
    "usage: migsim resume CHECKPOINT [-o OUT.json] [--threads T] [-q] [--checkpoint-every N] [--stop-after N]\n"
    "\n"
    "Continues a run from a checkpoint written by migsim run --checkpoint-dir. The scenario\n"
    "file is loaded again to rebuild its hooks (its sha256 must be the one the run started\n"
    "with); events that already fired do not fire again; the result is the same bytes as a\n"
    "run that never stopped. Without -o no result file is written (only the summary);\n"
    "further checkpoints go beside CHECKPOINT.\n"
    "  --stop-after N  stop again after N more simulated days, with a new checkpoint\n";

typedef struct run_opts {
    const char *scenario, *out;
    const char *ckpt_dir;
    long ckpt_every, stop_after;
    const char *arms[MIG_MAX_ARMS];
    int n_arms;
    uint64_t seed;
    long threads, replicates;
    int quiet, daily, replicate_totals, independent, resume;
    int fork_day;
    mig_lua_limits limits;
    const char *sets[256];
    int n_sets;
} run_opts;

static int parse_run_opts(int argc, char **argv, run_opts *o, const char *usage, char *err)
{
    static const mig_opt numeric[] = { MIG_OPT_SEED, MIG_OPT_THREADS, MIG_OPT_REPLICATES, MIG_OPT_CHECKPOINT_EVERY,
                                       MIG_OPT_STOP_AFTER, MIG_OPT_LUA_INSTRUCTIONS, MIG_OPT_LUA_MEMORY, MIG_N_OPTS };
    memset(o, 0, sizeof *o);
    o->seed = 1;
    o->threads = 1;
    int k;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage, stdout);
            return 1;
        } else if (strcmp(a, "-o") == 0 && next) {
            o->out = argv[++i];
        } else if ((k = opt_of(a, numeric)) >= 0 && next) {
            double v;
            if (mig_opt_parse(k, argv[++i], &v, err))
                return -1;
            switch (k) {
            case MIG_OPT_SEED: o->seed = (uint64_t)v; break;
            case MIG_OPT_THREADS: o->threads = (long)v; break;
            case MIG_OPT_REPLICATES: o->replicates = (long)v; break;
            case MIG_OPT_CHECKPOINT_EVERY: o->ckpt_every = (long)v; break;
            case MIG_OPT_STOP_AFTER: o->stop_after = (long)v; break;
            case MIG_OPT_LUA_INSTRUCTIONS: o->limits.instructions = v; break;
            case MIG_OPT_LUA_MEMORY: o->limits.megabytes = v; break;
            default: break;
            }
        } else if (strcmp(a, "--set") == 0 && next) {
            if (o->n_sets == 256) {
                snprintf(err, 512, "too many --set options (256 at most)");
                return -1;
            }
            o->sets[o->n_sets++] = argv[++i];
        } else if (strcmp(a, "--daily") == 0) {
            o->daily = 1;
        } else if (strcmp(a, "--replicate-totals") == 0) {
            o->replicate_totals = 1;
        } else if (strcmp(a, "--independent") == 0) {
            o->independent = 1;
        } else if (strcmp(a, "--fork-at") == 0 && next) {
            if (mig_date_parse(argv[++i], &o->fork_day)) {
                snprintf(err, 512, "--fork-at takes a date (YYYY-MM-DD), got '%s'", argv[i]);
                return -1;
            }
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            o->quiet = 1;
        } else if (strcmp(a, "--resume") == 0) {
            o->resume = 1;
        } else if (strcmp(a, "--checkpoint-dir") == 0 && next) {
            o->ckpt_dir = argv[++i];
        } else if (a[0] == '-') {
            snprintf(err, 512, "unknown or incomplete option '%s' (see migsim %s --help)", a, argv[1]);
            return -1;
        } else if (!o->scenario) {
            o->scenario = a;
            o->arms[o->n_arms++] = a;
        } else if (strcmp(argv[1], "compare") == 0 && o->n_arms < MIG_MAX_ARMS) {
            o->arms[o->n_arms++] = a;
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

static char big_err[8192];

/* Load a scenario and apply --set; NULL with big_err filled on bad input. */
static mig_host *load_scenario(const run_opts *o)
{
    return mig_host_open(o->scenario, o->seed, o->sets, o->n_sets, &o->limits, big_err, sizeof big_err);
}

/* Write a result document whole (temporary file, fsync, rename). Returns the exit code. */
static int write_document(const cJSON *doc, const char *path)
{
    char err[MIG_ERR_LEN];
    char *text = doc ? cJSON_PrintUnformatted(doc) : NULL;
    int code = 0;
    if (!text)
        code = fail(EXIT_RUN_FAILED, "out of memory writing the result");
    else if (mig_file_write_text(path, text, err))
        code = fail(EXIT_RUN_FAILED, err);
    free(text);
    return code;
}

static volatile sig_atomic_t interrupted;
static void on_signal(int sig)
{
    interrupted = 1;
    signal(sig, SIG_DFL);  /* a second signal ends the process at once */
}

/* From here on SIGINT and SIGTERM stop the run cleanly (finish_run; ensembles stop after the replicates running). */
static void catch_signals(void)
{
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
}

/* Replicates (one arm) or a comparison (several): one document, written whole. */
static int run_ensemble(const run_opts *o)
{
    mig_ens_opts eo;
    memset(&eo, 0, sizeof eo);
    for (int k = 0; k < o->n_arms; k++)
        eo.scenarios[k] = o->arms[k];
    eo.n_arms = o->n_arms;
    eo.sets = o->sets;
    eo.n_sets = o->n_sets;
    eo.master_seed = o->seed;
    eo.replicates = (int)o->replicates;
    eo.threads = (int)o->threads;
    eo.paired = !o->independent;
    eo.fork_day = o->fork_day;
    eo.limits = o->limits;
    eo.daily = o->daily;
    eo.keep_totals = o->replicate_totals;
    eo.progress = !o->quiet && mpi_rank == 0 && isatty(STDERR_FILENO);
    eo.rank = mpi_rank;
    eo.n_ranks = mpi_size;
    /* Completed replicates are kept beside the result, so that an interrupted job
     * continues with --resume (one process: under MPI each rank holds only part). */
    char journal[1200];
    if (o->resume && (!o->out || mpi_size > 1))
        return fail(EXIT_BAD_INPUT, "--resume continues the job that writes -o FILE, in one process (not under mpirun)");
    if (o->out && mpi_size == 1 && strlen(o->out) < sizeof journal - 16) {
        snprintf(journal, sizeof journal, "%s.progress", o->out);
        eo.journal = journal;
        eo.resume = o->resume;
        eo.stop = &interrupted;
        catch_signals();
        if (!o->resume && access(journal, F_OK) == 0)
            fprintf(stderr, "migsim: %s is from an earlier, unfinished run of a job: starting afresh (with --resume "
                            "it would continue)\n", journal);
    }
    int bad = 0;
    mig_ensemble *e = mig_ensemble_run(&eo, big_err, sizeof big_err, &bad);
    int code = mpi_agree(e ? 0 : bad ? EXIT_BAD_INPUT : EXIT_RUN_FAILED);
    if (code) {
        if (!e && (mpi_rank == 0 || mpi_size > 1))
            fail(bad ? EXIT_BAD_INPUT : EXIT_RUN_FAILED, big_err);
        mig_ensemble_free(e);
        return code;
    }
    size_t n;
    int64_t *buf = mig_ensemble_buffer(e, &n);
    mpi_sum_i64(buf, n);
    buf = mig_ensemble_replicate_totals(e, &n);
    if (buf)
        mpi_sum_i64(buf, n);
    if (mpi_rank != 0) {
        mig_ensemble_free(e);
        return 0;
    }
    if (o->out) {
        cJSON *doc = mig_ensemble_json(e);
        code = write_document(doc, o->out);
        cJSON_Delete(doc);
        if (!code && eo.journal)
            unlink(eo.journal);  /* the result is whole: nothing left to continue */
    }
    if (!code && !o->quiet)
        mig_ensemble_summary(e, o->out ? stderr : stdout);
    mig_ensemble_free(e);
    return code;
}

static int cmd_compare(int argc, char **argv)
{
    run_opts o;
    char err[MIG_ERR_LEN];
    int rc = parse_run_opts(argc, argv, &o, usage_compare, err);
    if (rc)
        return rc > 0 ? 0 : fail(EXIT_BAD_INPUT, err);
    if (o.n_arms < 2)
        return fail(EXIT_BAD_INPUT, "compare needs a baseline and at least one policy scenario");
    if (o.replicates < 2)
        return fail(EXIT_BAD_INPUT, "compare needs --replicates R with R >= 2 (intervals need at least two)");
    if (o.seed + (uint64_t)o.replicates * (uint64_t)o.n_arms >= (1ULL << 53))
        return fail(EXIT_BAD_INPUT, "--seed + --replicates x arms must stay below 2^53");
    io_inputs in = { .n = 0 };
    for (int k = 0; k < o.n_arms; k++)
        io_add(&in, "the scenario", o.arms[k]);
    if ((rc = io_refuse(&in, o.out, 1)) != 0)
        return rc;
    return run_ensemble(&o);
}

static const char *usage_sweep =
    "usage: migsim sweep SCENARIO.lua --param NAME=LO:HI [--param ...] [--design lhs|sobol] [-n N]\n"
    "                    [--output KEY ...] [--seed S] [--threads T] [--set KEY=VALUE ...] [-o SWEEP.json] [-q]\n"
    "\n"
    "Runs the scenario at the points of a design over the given parameter ranges and\n"
    "writes one table of inputs and outputs (migsim-sweep/1; 'migsim export SWEEP.json\n"
    "--table sweep' gives it as CSV).\n"
    "\n"
    "  --param NAME=LO:HI  a parameter key (as in meta.parameters) and its range\n"
    "  --design lhs        Latin hypercube of N points (default)\n"
    "  --design sobol      Saltelli design from a Sobol sequence: N * (k + 2) runs for k\n"
    "                      parameters; adds first-order and total Sobol indices\n"
    "  -n N                points (lhs) or base sample size (sobol); default 16\n"
    "  --output KEY        a total to record (repeatable; default frontex_detections,\n"
    "                      detections, arrivals, deterred, displaced)\n"
    "  --seed S            every point runs with seed S (common random numbers)\n"
    "  --resume            continue an interrupted sweep from SWEEP.json.progress (needs -o)\n"
    "\n"
    "example: migsim sweep scenarios/wb2022.lua --param nationality.IND.displacement=0:0.6 \\\n"
    "             --param risk_aversion=0:4 --design sobol -n 32 --threads 2 -o sweep.json\n";

static int parse_range(const char *spec, char *name, size_t n, double *lo, double *hi)
{
    const char *eq = strchr(spec, '='), *colon = eq ? strchr(eq, ':') : NULL;
    if (!eq || !colon || eq == spec || (size_t)(eq - spec) >= n)
        return -1;
    memcpy(name, spec, (size_t)(eq - spec));
    name[eq - spec] = 0;
    char *end;
    errno = 0;
    *lo = strtod(eq + 1, &end);
    if (end != colon || errno)
        return -1;
    *hi = strtod(colon + 1, &end);
    return *end || errno || colon[1] == 0 ? -1 : 0;
}

static int cmd_sweep(int argc, char **argv)
{
    static char names[MIG_MAX_SWEEP_PARAMS][200];
    static const char *sets[256];
    mig_sweep_opts o;
    memset(&o, 0, sizeof o);
    o.design = MIG_DESIGN_LHS;
    o.n = 16;
    o.seed = 1;
    o.threads = 1;
    o.n_ranks = 1;
    const char *out = NULL;
    int quiet = 0, resume = 0;
    long v;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
        char msg[600];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage_sweep, stdout);
            return 0;
        } else if (strcmp(a, "--param") == 0 && next) {
            if (o.n_params == MIG_MAX_SWEEP_PARAMS)
                return fail(EXIT_BAD_INPUT, "too many --param (20 at most)");
            int k = o.n_params;
            if (parse_range(argv[++i], names[k], sizeof names[k], &o.lo[k], &o.hi[k])) {
                snprintf(msg, sizeof msg, "--param '%.400s': expected NAME=LO:HI with numbers LO < HI", argv[i]);
                return fail(EXIT_BAD_INPUT, msg);
            }
            o.param[o.n_params++] = names[k];
        } else if (strcmp(a, "--design") == 0 && next) {
            i++;
            if (strcmp(argv[i], "lhs") == 0)
                o.design = MIG_DESIGN_LHS;
            else if (strcmp(argv[i], "sobol") == 0)
                o.design = MIG_DESIGN_SOBOL;
            else
                return fail(EXIT_BAD_INPUT, "--design takes lhs or sobol");
        } else if (strcmp(a, "-n") == 0 && next) {
            if (parse_int(argv[++i], 2, 1000000, &v))
                return fail(EXIT_BAD_INPUT, "-n takes a whole number from 2 to 1000000");
            o.n = (int)v;
        } else if (strcmp(a, "--output") == 0 && next) {
            if (o.n_outputs == MIG_MAX_SWEEP_OUTPUTS)
                return fail(EXIT_BAD_INPUT, "too many --output (32 at most)");
            o.output[o.n_outputs++] = argv[++i];
        } else if (strcmp(a, "--seed") == 0 && next) {
            if (parse_opt_long(MIG_OPT_SEED, argv[++i], &v, msg))
                return fail(EXIT_BAD_INPUT, msg);
            o.seed = (uint64_t)v;
        } else if (strcmp(a, "--threads") == 0 && next) {
            if (parse_opt_long(MIG_OPT_THREADS, argv[++i], &v, msg))
                return fail(EXIT_BAD_INPUT, msg);
            o.threads = (int)v;
        } else if (strcmp(a, "--set") == 0 && next) {
            if (o.n_sets == 256)
                return fail(EXIT_BAD_INPUT, "too many --set options (256 at most)");
            sets[o.n_sets++] = argv[++i];
        } else if (strcmp(a, "-o") == 0 && next) {
            out = argv[++i];
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) {
            quiet = 1;
        } else if (strcmp(a, "--resume") == 0) {
            resume = 1;
        } else if (a[0] == '-') {
            snprintf(msg, sizeof msg, "unknown or incomplete option '%.400s' (see migsim sweep --help)", a);
            return fail(EXIT_BAD_INPUT, msg);
        } else if (!o.scenario) {
            o.scenario = a;
        } else {
            snprintf(msg, sizeof msg, "unexpected argument '%.400s'", a);
            return fail(EXIT_BAD_INPUT, msg);
        }
    }
    if (!o.scenario)
        return fail(EXIT_BAD_INPUT, "sweep needs a scenario (see migsim sweep --help)");
    if (o.n_params == 0)
        return fail(EXIT_BAD_INPUT, "sweep needs at least one --param NAME=LO:HI");
    if (o.n_outputs == 0) {
        static const char *const defaults[] = { "frontex_detections", "detections", "arrivals", "deterred", "displaced" };
        for (int k = 0; k < 5; k++)
            o.output[o.n_outputs++] = defaults[k];
    }
    io_inputs in = { .n = 0 };
    io_add(&in, "the scenario", o.scenario);
    int refused = io_refuse(&in, out, 1);
    if (refused)
        return refused;
    o.sets = sets;
    o.progress = !quiet && mpi_rank == 0 && isatty(STDERR_FILENO);
    o.rank = mpi_rank;
    o.n_ranks = mpi_size;
    char journal[1200];
    if (resume && (!out || mpi_size > 1))
        return fail(EXIT_BAD_INPUT, "--resume continues the sweep that writes -o FILE, in one process (not under mpirun)");
    if (out && mpi_size == 1 && strlen(out) < sizeof journal - 16) {
        snprintf(journal, sizeof journal, "%s.progress", out);
        o.journal = journal;
        o.resume = resume;
        o.stop = &interrupted;
        catch_signals();
    }
    int bad = 0;
    mig_sweep *sw = mig_sweep_run(&o, big_err, sizeof big_err, &bad);
    int code = mpi_agree(sw ? 0 : bad ? EXIT_BAD_INPUT : EXIT_RUN_FAILED);
    if (code) {
        if (!sw)
            fail(bad ? EXIT_BAD_INPUT : EXIT_RUN_FAILED, big_err);
        mig_sweep_free(sw);
        return code;
    }
    /* Points a rank did not run hold 0: adding them is exact. */
    mpi_sum_f64(sw->y, (size_t)sw->n_points * (size_t)o.n_outputs);
    if (mpi_rank != 0) {
        mig_sweep_free(sw);
        return 0;
    }
    cJSON *doc = mig_sweep_json(sw);
    if (out)
        code = write_document(doc, out);
    if (out && !code && o.journal)
        unlink(o.journal);
    if (!code && !quiet) {
        FILE *f = out ? stderr : stdout;
        fprintf(f, "migsim %s  sweep of %s: %s design, %d runs, seed %llu\n", MIG_VERSION, sw->name,
                o.design == MIG_DESIGN_SOBOL ? "Sobol (Saltelli)" : "Latin hypercube", sw->n_points,
                (unsigned long long)o.seed);
        const cJSON *so = cJSON_GetObjectItemCaseSensitive(doc, "sobol");
        if (so) {
            fprintf(f, "%-28s %-34s %8s %8s\n", "output", "parameter", "first", "total");
            const cJSON *outp, *par;
            cJSON_ArrayForEach(outp, so)
                cJSON_ArrayForEach(par, outp)
                    fprintf(f, "%-28s %-34s %8.3f %8.3f\n", outp->string, par->string,
                            cJSON_GetObjectItemCaseSensitive(par, "first")->valuedouble,
                            cJSON_GetObjectItemCaseSensitive(par, "total")->valuedouble);
        } else {
            fprintf(f, "%-28s %12s %12s %12s\n", "output", "min", "mean", "max");
            for (int j = 0; j < o.n_outputs; j++) {
                double lo = 0, hi = 0, sum = 0;
                for (int p = 0; p < sw->n_points; p++) {
                    double y = sw->y[(size_t)p * (size_t)o.n_outputs + (size_t)j];
                    lo = p == 0 || y < lo ? y : lo;
                    hi = p == 0 || y > hi ? y : hi;
                    sum += y;
                }
                fprintf(f, "%-28s %12.0f %12.0f %12.0f\n", o.output[j], lo, sum / sw->n_points, hi);
            }
        }
    }
    cJSON_Delete(doc);
    mig_sweep_free(sw);
    return code;
}


/* Where a run keeps its checkpoint. The scenario's name is its own to choose:
 * anything but letters, digits, '-', '_' and '.' (not leading) becomes '_', so
 * the file stays in dir. */
static void checkpoint_path(char *buf, size_t n, const char *dir, const char *name, uint64_t seed)
{
    char safe[80];
    size_t k = 0;
    for (const char *p = name; *p && k < sizeof safe - 1; p++, k++) {
        char c = *p;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                 c == '_' || (c == '.' && k > 0);
        safe[k] = ok ? c : '_';
    }
    safe[k] = 0;
    snprintf(buf, n, "%s/%s-seed%llu.ckpt", dir, k ? safe : "scenario", (unsigned long long)seed);
}

/* Simulate to the end, keeping checkpoints as o says; then write the result to
 * out (NULL: no file). stop_at: day index after which to stop with a checkpoint
 * (0 = none). A run of either engine (single.h). */
static int finish_run(mig_single *run, mig_host *h, const mig_ckpt_opts *o, const io_inputs *in, const char *out,
                      int stop_at)
{
    char step_err[MIG_ERR_LEN], path[2200];
    const char *name = mig_host_info(h)->name;
    int saved_day = -1;  /* the day of the checkpoint this process wrote last */
    if (*o->dir) {
        /* Its name is the scenario's to choose: known only now, before the first day. */
        checkpoint_path(path, sizeof path, o->dir, name, o->seed);
        if (io_check_output(in, "the checkpoint", path, step_err, sizeof step_err))
            return fail(EXIT_BAD_INPUT, step_err);
        if (out && same_file(out, path)) {
            snprintf(step_err, sizeof step_err, "-o %.1000s is the checkpoint %.1000s the run keeps: the result "
                     "would overwrite it", out, path);
            return fail(EXIT_BAD_INPUT, step_err);
        }
    }
    mig_host_watch(h, &interrupted);  /* a hook stuck in a loop stops too (after 5 s) */
    int status = 0;
    while (mig_single_today(run) < mig_single_days(run)) {
        if (interrupted)
            break;  /* before the first day (a signal while loading), or with no checkpoint to write */
        if ((status = mig_single_step(run, step_err)) != 0)
            break;
        if (mig_host_interrupted_lua(h))
            break;  /* the scenario's code was cut off: this day is not whole */
        if (mig_single_today(run) >= mig_single_days(run))
            break;  /* done: an interrupt now changes nothing */
        if (interrupted && !*o->dir)
            break;
        int halt = (stop_at > 0 && mig_single_today(run) >= stop_at) || interrupted;
        int due = o->every > 0 && mig_single_today(run) % o->every == 0;
        if (*o->dir && (halt || due)) {
            char err[MIG_ERR_LEN];
            if (mig_checkpoint_write(path, o, run, err)) {
                if (halt)
                    return fail(EXIT_RUN_FAILED, err);
                fprintf(stderr, "migsim: could not write the periodic checkpoint (the run goes on): %s\n", err);
            } else {
                saved_day = mig_single_today(run);
            }
        }
        if (halt) {
            char d[11], msg[5000], more[1200] = "";
            mig_date_format(mig_single_start_day(run) + mig_single_today(run) - 1, d);
            if (out)
                snprintf(more, sizeof more, " -o %.1100s", out);
            snprintf(msg, sizeof msg, "%s after %s (day %d of %d): checkpoint %.2200s; continue with: migsim resume "
                     "%.2200s%s", interrupted ? "interrupted" : "stopped", d, mig_single_today(run),
                     mig_single_days(run), path, path, more);
            if (interrupted)
                return fail(EXIT_RUN_FAILED, msg);
            fprintf(stderr, "migsim: %s\n", msg);
            return 0;
        }
    }
    if (status < 0 && !mig_host_interrupted_lua(h))
        return fail(mig_single_hook_failed(run) ? EXIT_BAD_INPUT : EXIT_RUN_FAILED, step_err);
    if (mig_single_today(run) < mig_single_days(run)) {  /* interrupted */
        char msg[3000];
        if (saved_day >= 0)
            snprintf(msg, sizeof msg, "interrupted inside the scenario's code: no result; the checkpoint of day %d "
                                      "stands (%.2200s)", saved_day, path);
        else
            snprintf(msg, sizeof msg, "interrupted%s: nothing was written", mig_host_interrupted_lua(h) ?
                                      " inside the scenario's code" : "");
        return fail(EXIT_RUN_FAILED, msg);
    }
    mig_meta meta = { name, o->scenario, o->sha256 };
    int code = 0;
    if (out) {
        cJSON *doc = mig_single_output(run, &meta);
        code = write_document(doc, out);
        cJSON_Delete(doc);
    }
    if (!code && !o->quiet)
        mig_single_summary(run, &meta, out ? stderr : stdout);
    return code;
}

/* path as an absolute path, without resolving symbolic links (a scenario run
 * through a link keeps its name and its folder). */
static void absolute(char *buf, size_t n, const char *path)
{
    char cwd[2048];
    if (path[0] == '/' || !getcwd(cwd, sizeof cwd))
        snprintf(buf, n, "%s", path);
    else
        snprintf(buf, n, "%s/%s", cwd, path);
}

/* The options a checkpoint keeps, from the command line. */
static int ckpt_opts_of(const run_opts *r, const char *sha, mig_ckpt_opts *o, char *err)
{
    memset(o, 0, sizeof *o);
    if (strlen(r->scenario) >= sizeof o->scenario || (r->out && strlen(r->out) >= sizeof o->out) ||
        (r->ckpt_dir && strlen(r->ckpt_dir) >= sizeof o->dir - 64)) {
        snprintf(err, MIG_ERR_LEN, "a path is too long for a checkpoint");
        return -1;
    }
    snprintf(o->scenario, sizeof o->scenario, "%s", r->scenario);
    absolute(o->scenario_path, sizeof o->scenario_path, r->scenario);
    snprintf(o->sha256, sizeof o->sha256, "%s", sha);
    o->seed = r->seed;
    if (r->out)
        absolute(o->out, sizeof o->out, r->out);  /* for the message only: resume takes -o anew */
    o->quiet = r->quiet;
    o->every = r->ckpt_every;
    if (r->ckpt_dir)
        absolute(o->dir, sizeof o->dir, r->ckpt_dir);
    o->lua_instructions = r->limits.instructions;
    o->lua_megabytes = r->limits.megabytes;
    o->n_sets = r->n_sets;
    for (int i = 0; i < r->n_sets; i++) {
        if (strlen(r->sets[i]) >= sizeof o->sets[i]) {
            snprintf(err, MIG_ERR_LEN, "--set %.100s... is too long for a checkpoint", r->sets[i]);
            return -1;
        }
        snprintf(o->sets[i], sizeof o->sets[i], "%s", r->sets[i]);
    }
    return 0;
}


/* One Flee-rule run of host h (taken) with seed; its document in *doc.
 * Returns the exit code. */
static int flee_once(mig_host *h, const run_opts *o, uint64_t seed, const char *sha, cJSON **doc, int summary)
{
    char err[MIG_ERR_LEN];
    mig_flee_run *r = mig_host_start_flee(h, seed, big_err, sizeof big_err);
    if (!r) {
        mig_host_free(h);
        return fail(EXIT_BAD_INPUT, big_err);
    }
    mig_host_watch(h, &interrupted);
    int rc = 0;
    while (!interrupted && (rc = mig_flee_run_step(r, err)) == 0)
        ;
    int code = 0;
    if (rc < 0)
        code = fail(r->hook_failed ? EXIT_BAD_INPUT : EXIT_RUN_FAILED, err);
    else if (interrupted)
        code = fail(EXIT_RUN_FAILED, "interrupted: nothing was written");
    else {
        mig_meta meta = { mig_host_info(h)->name, o->scenario, sha };
        *doc = mig_flee_output_build(r, &meta);
        if (!*doc)
            code = fail(EXIT_RUN_FAILED, "out of memory building the result");
        else if (summary)
            mig_flee_output_summary(r, &meta, o->out ? stderr : stdout);
    }
    mig_host_end_flee(h);
    mig_flee_run_free(r);
    mig_host_free(h);
    return code;
}

/* `migsim run` of a scenario that loads a Flee scenario: a single run, or
 * --replicates R with seeds N..N+R-1 in one process. Takes h. */
static int run_flee(const run_opts *o, mig_host *h)
{
    if (o->ckpt_dir || o->ckpt_every || o->stop_after || o->resume || o->daily || o->replicate_totals ||
        o->independent || o->fork_day) {
        mig_host_free(h);
        return fail(EXIT_BAD_INPUT, "a Flee scenario runs singly or with --replicates: checkpoints, --resume, "
                                    "--daily and --replicate-totals are not available for it (every replicate's "
                                    "totals are kept anyway)");
    }
    /* The data files are inputs too: `-o toy/source_data/refugees.csv` must not replace one. */
    const mig_flee_model *fm = mig_host_flee_model(h);
    for (int i = 0; o->out && fm && i < fm->n_files; i++) {
        char data[2200], err[2600];
        snprintf(data, sizeof data, "%s/%s", fm->root, fm->files[i]);
        io_inputs file = { .n = 0 };
        io_add(&file, "the Flee data file", data);
        if (io_check_output(&file, "-o", o->out, err, sizeof err)) {
            mig_host_free(h);
            return fail(EXIT_BAD_INPUT, err);
        }
    }
    char sha[65];
    if (mig_sha256_file(o->scenario, sha)) {
        mig_host_free(h);
        return fail(EXIT_BAD_INPUT, "cannot read the scenario");
    }
    catch_signals();
    mig_host_print_notes(h, stderr);  /* once: every replicate reads the same files */
    if (o->replicates <= 0) {
        cJSON *doc = NULL;
        int code = flee_once(h, o, o->seed, sha, &doc, !o->quiet);
        if (!code && o->out)
            code = write_document(doc, o->out);
        cJSON_Delete(doc);
        return code;
    }
    mig_flee_ens *e = mig_flee_ens_new();
    if (!e) {
        mig_host_free(h);
        return fail(EXIT_RUN_FAILED, "out of memory");
    }
    int code = 0;
    for (long i = 0; i < o->replicates && !code; i++) {
        uint64_t seed = o->seed + (uint64_t)i;
        if (i > 0) {
            run_opts one = *o;
            one.seed = seed;
            if (!(h = load_scenario(&one))) {
                code = fail(EXIT_BAD_INPUT, big_err);
                break;
            }
        }
        cJSON *doc = NULL;
        code = flee_once(h, o, seed, sha, &doc, 0);
        if (!code && mig_flee_ens_add(e, doc)) {
            cJSON_Delete(doc);
            code = fail(EXIT_RUN_FAILED, "out of memory collecting replicates");
        }
        if (!code && !o->quiet && isatty(STDERR_FILENO))
            fprintf(stderr, "\rreplicate %ld of %ld", i + 1, o->replicates);
    }
    if (!o->quiet && isatty(STDERR_FILENO))
        fputc('\n', stderr);
    if (!code && o->out) {
        cJSON *doc = mig_flee_ens_json(e);
        code = write_document(doc, o->out);
        cJSON_Delete(doc);
    }
    if (!code && !o->quiet)
        mig_flee_ens_summary(e, o->out ? stderr : stdout);
    mig_flee_ens_free(e);
    return code;
}

/* A Flee scenario's data files are inputs too: `-o toy/source_data/refugees.csv` must
 * not replace one. 0, or the exit code after printing why (nothing to check: 0). */
static int flee_data_refuse(const mig_host *h, const char *out)
{
    const mig_flee_model *fm = mig_host_flee_model(h);
    for (int i = 0; out && fm && i < fm->n_files; i++) {
        char data[2200], err[2600];
        snprintf(data, sizeof data, "%s/%s", fm->root, fm->files[i]);
        io_inputs file = { .n = 0 };
        io_add(&file, "the Flee data file", data);
        if (io_check_output(&file, "-o", out, err, sizeof err))
            return fail(EXIT_BAD_INPUT, err);
    }
    return 0;
}

/* mkdir -p dir: every missing folder on the way, as the umask allows. 0, or -1 with err. */
static int make_folders(const char *dir, char *err)
{
    char p[1100];
    struct stat st;
    if (snprintf(p, sizeof p, "%s", dir) >= (int)sizeof p) {
        snprintf(err, MIG_ERR_LEN, "--checkpoint-dir %.400s...: the path is too long", dir);
        return -1;
    }
    for (char *s = p + 1;; s++) {
        if (*s != '/' && *s != 0)
            continue;
        char c = *s;
        *s = 0;
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            snprintf(err, MIG_ERR_LEN, "--checkpoint-dir %.400s: cannot create %.400s: %s", dir, p, strerror(errno));
            return -1;
        }
        *s = c;
        if (!c)
            break;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, MIG_ERR_LEN, "--checkpoint-dir %.400s is not a folder", dir);
        return -1;
    }
    return 0;
}

static int cmd_run(int argc, char **argv)
{
    run_opts o;
    char err[MIG_ERR_LEN];
    int rc = parse_run_opts(argc, argv, &o, usage_run, err);
    if (rc)
        return rc > 0 ? 0 : fail(EXIT_BAD_INPUT, err);
    if (o.replicates > 0 && o.seed + (uint64_t)o.replicates >= (1ULL << 53))
        return fail(EXIT_BAD_INPUT, "--seed + --replicates must stay below 2^53");
    if (o.replicates > 0 && (o.independent || o.fork_day))
        return fail(EXIT_BAD_INPUT, "--independent and --fork-at are for 'migsim compare'");
    if (o.replicates > 0 && (o.ckpt_dir || o.ckpt_every || o.stop_after))
        return fail(EXIT_BAD_INPUT, "checkpoints are for single runs (--checkpoint-dir, --checkpoint-every, "
                                    "--stop-after do not go with --replicates)");
    io_inputs in = { .n = 0 };
    io_add(&in, "the scenario", o.scenario);
    if ((rc = io_refuse(&in, o.out, o.replicates > 0)) != 0)
        return rc;
    if (o.replicates > 0) {
        /* A Flee scenario (flee.load) takes its own path: look before the ensemble. */
        mig_host *probe = load_scenario(&o);
        if (!probe)
            return fail(EXIT_BAD_INPUT, big_err);
        if (mig_host_is_flee(probe)) {
            if (mpi_rank == 0)
                return run_flee(&o, probe);
            mig_host_free(probe);
            return 0;
        }
        mig_host_free(probe);
        return run_ensemble(&o);
    }
    if (o.daily || o.replicate_totals || o.independent || o.fork_day || o.resume)
        return fail(EXIT_BAD_INPUT, "--daily, --replicate-totals, --independent, --fork-at and --resume go with "
                                    "--replicates (a single run continues with migsim resume)");
    if ((o.ckpt_every || o.stop_after) && !o.ckpt_dir)
        return fail(EXIT_BAD_INPUT, "--checkpoint-every and --stop-after need --checkpoint-dir");
    struct stat st;
    if (o.ckpt_dir && stat(o.ckpt_dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
        snprintf(err, sizeof err, "--checkpoint-dir %.400s is not a folder", o.ckpt_dir);
        return fail(EXIT_BAD_INPUT, err);
    }
    char sha[65];
    if (mig_sha256_file(o.scenario, sha)) {
        snprintf(err, sizeof err, "cannot read scenario %.400s: %s", o.scenario, strerror(errno));
        return fail(EXIT_BAD_INPUT, err);
    }
    mig_ckpt_opts *co = malloc(sizeof *co);
    if (!co)
        return fail(EXIT_BAD_INPUT, "out of memory");
    if (ckpt_opts_of(&o, sha, co, err)) {
        free(co);
        return fail(EXIT_BAD_INPUT, err);
    }
    catch_signals();
    mig_host *h = load_scenario(&o);
    if (!h) {
        free(co);
        return fail(EXIT_BAD_INPUT, big_err);
    }
    if (mig_host_is_flee(h) && !o.ckpt_dir) {
        free(co);
        return run_flee(&o, h);
    }
    mig_host_modules_sha(h, co->modules_sha);
    if ((rc = flee_data_refuse(h, o.out)) != 0 || (o.ckpt_dir && make_folders(o.ckpt_dir, err))) {
        mig_host_free(h);
        free(co);
        return rc ? rc : fail(EXIT_BAD_INPUT, err);
    }
    mig_host_print_notes(h, stderr);
    mig_single run;
    if (mig_single_start(&run, h, o.seed, (int)o.threads, big_err, sizeof big_err)) {
        mig_host_free(h);
        free(co);
        return fail(EXIT_BAD_INPUT, big_err);
    }
    int code = finish_run(&run, h, co, &in, o.out, (int)o.stop_after);
    mig_single_free(&run);
    mig_host_free(h);
    free(co);
    return code;
}

static int cmd_resume(int argc, char **argv)
{
    static const mig_opt numeric[] = { MIG_OPT_THREADS, MIG_OPT_CHECKPOINT_EVERY, MIG_OPT_STOP_AFTER, MIG_N_OPTS };
    const char *path = NULL, *out = NULL;
    long threads = 1, every = -1, stop_after = 0;
    int quiet = 0, k;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
        char msg[600];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)
            return fputs(usage_resume, stdout), 0;
        if (strcmp(a, "-o") == 0 && next)
            out = argv[++i];
        else if ((k = opt_of(a, numeric)) >= 0 && next) {
            long *dst = k == MIG_OPT_THREADS ? &threads : k == MIG_OPT_CHECKPOINT_EVERY ? &every : &stop_after;
            if (parse_opt_long(k, argv[++i], dst, msg))
                return fail(EXIT_BAD_INPUT, msg);
        } else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0)
            quiet = 1;
        else if (a[0] != '-' && !path)
            path = a;
        else {
            snprintf(msg, sizeof msg, "unknown or unexpected argument '%.400s' (see migsim resume --help)", a);
            return fail(EXIT_BAD_INPUT, msg);
        }
    }
    if (!path)
        return fail(EXIT_BAD_INPUT, "no checkpoint given (see migsim resume --help)");
    char err[MIG_ERR_LEN];
    mig_ckpt_opts *co = malloc(sizeof *co);
    mig_ckpt *ck = co ? mig_checkpoint_read(path, co, err) : NULL;
    if (!ck) {
        char msg[MIG_ERR_LEN + 200];
        snprintf(msg, sizeof msg, "%.900s: %.3000s", path, co ? err : "out of memory");
        free(co);
        return fail(EXIT_BAD_INPUT, msg);
    }
    io_inputs in = { .n = 0 }, scenario_only = { .n = 0 };
    io_add(&in, "the checkpoint", path);
    io_add(&in, "the scenario", co->scenario_path);
    io_add(&scenario_only, "the scenario", co->scenario_path);  /* the checkpoint itself is rewritten, on purpose */
    int rc = io_refuse(&in, out, 0);
    if (rc) {
        mig_checkpoint_free(ck);
        free(co);
        return rc;
    }
    char sha[65];
    if (mig_sha256_file(co->scenario_path, sha) || strcmp(sha, co->sha256) != 0) {
        snprintf(err, sizeof err, "%.900s: the scenario %.1900s is %s since the run started (its sha256 must match "
                                  "to rebuild the same hooks)", path, co->scenario_path,
                 access(co->scenario_path, R_OK) ? "gone" : "changed");
        mig_checkpoint_free(ck);
        free(co);
        return fail(EXIT_BAD_INPUT, err);
    }
    /* Nothing in the file chooses where anything is written: the result goes to -o
     * (none: no file), further checkpoints beside this one. */
    if (!out && *co->out)
        fprintf(stderr, "migsim: no -o: the result is not written (the first run wrote to %.1100s)\n", co->out);
    {
        char dir[sizeof co->dir];
        snprintf(dir, sizeof dir, "%.1000s", path);
        char *slash = strrchr(dir, '/');
        if (slash)
            *slash = 0;
        else
            snprintf(dir, sizeof dir, ".");
        snprintf(co->dir, sizeof co->dir, "%s", dir);
    }
    if (every >= 0)
        co->every = every;
    co->quiet |= quiet;
    const char *sets[MIG_CKPT_MAX_SETS];
    for (int i = 0; i < co->n_sets; i++)
        sets[i] = co->sets[i];
    mig_lua_limits limits = { .instructions = co->lua_instructions, .megabytes = co->lua_megabytes };
    catch_signals();
    /* By the name the run was given when that is still the file (same folder): the
     * scenario's chunk names (in event labels and messages) are then the same bytes. */
    const char *scenario = same_file(co->scenario, co->scenario_path) ? co->scenario : co->scenario_path;
    mig_host *h = mig_host_open(scenario, co->seed, sets, co->n_sets, &limits, big_err, sizeof big_err);
    char modules[65];
    if (h) {
        mig_host_modules_sha(h, modules);
        if (strcmp(modules, co->modules_sha) != 0) {
            snprintf(big_err, sizeof big_err, "%.900s: a file the scenario requires from its folder has changed since "
                                              "the run started: its hooks cannot be rebuilt as they were", path);
            mig_host_free(h);
            h = NULL;
        }
    }
    mig_single run = { .run = NULL };
    if (h && (rc = flee_data_refuse(h, out)) != 0) {
        mig_host_free(h);
        mig_checkpoint_free(ck);
        free(co);
        return rc;
    }
    if (h)
        mig_host_print_notes(h, stderr);
    if (!h || mig_single_start(&run, h, co->seed, (int)threads, big_err, sizeof big_err) ||
        mig_checkpoint_restore(ck, &run, big_err)) {
        mig_single_free(&run);
        mig_host_free(h);
        mig_checkpoint_free(ck);
        free(co);
        return fail(EXIT_BAD_INPUT, big_err);
    }
    mig_checkpoint_free(ck);
    int stop_at = stop_after > 0 ? mig_single_today(&run) + (int)stop_after : 0;
    int code = finish_run(&run, h, co, &scenario_only, out, stop_at);
    mig_single_free(&run);
    mig_host_free(h);
    free(co);
    return code;
}

static int cmd_check(int argc, char **argv)
{
    run_opts o;
    char err[MIG_ERR_LEN];
    int rc = parse_run_opts(argc, argv, &o, usage_check, err);
    if (rc)
        return rc > 0 ? 0 : fail(EXIT_BAD_INPUT, err);
    if (o.out || o.replicates || o.daily || o.replicate_totals || o.independent || o.fork_day || o.threads != 1)
        return fail(EXIT_BAD_INPUT, "check runs nothing: -o, --threads, --replicates and the ensemble options do "
                                    "not apply (see migsim check --help)");
    io_inputs in = { .n = 0 };
    io_add(&in, "the scenario", o.scenario);
    if ((rc = io_refuse(&in, NULL, 0)) != 0)
        return rc;
    mig_host *h = load_scenario(&o);
    if (!h)
        return fail(EXIT_BAD_INPUT, big_err);
    const mig_world *w = mig_host_world(h);
    char a[11], b[11];
    mig_date_format(mig_host_info(h)->start_day, a);
    mig_date_format(mig_host_info(h)->stop_day, b);
    const mig_flee_model *fm = mig_host_flee_model(h);
    if (fm) {
        mig_host_print_notes(h, stderr);
        printf("%s: ok (%s to %s; Flee scenario %s: %d locations, %d routes, %d closures, %d camps with counts, "
               "%s rules)\n", o.scenario, a, b, fm->dir, fm->n_locs, fm->n_routes, fm->n_closures, fm->n_camps,
               fm->set.strict ? "strict" : "corrected");
    } else {
        printf("%s: ok (%s to %s; %d countries, %d locations, %d routes, %d borders, %d nationalities)\n", o.scenario,
               a, b, w->n_countries, w->n_locations, w->n_routes, w->n_borders, w->n_nats);
    }
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
    io_inputs inputs = { .n = 0 };
    io_add(&inputs, "the result file", in);
    int refused = io_refuse(&inputs, out, 0);
    if (refused)
        return refused;
    char err[MIG_ERR_LEN];
    if (!out)
        return mig_export(in, table, format, stdout, err) ? fail(EXIT_BAD_INPUT, err) : 0;
    /* Through memory and the atomic writer, so a bad table leaves no file behind. */
    char *buf = NULL;
    size_t len = 0;
    FILE *mem = open_memstream(&buf, &len);
    if (!mem)
        return fail(EXIT_RUN_FAILED, "out of memory");
    int rc = mig_export(in, table, format, mem, err);
    int lost = ferror(mem) != 0;
    if (fclose(mem) != 0 || lost) {
        free(buf);
        return fail(EXIT_RUN_FAILED, "out of memory writing the table");
    }
    if (rc) {
        free(buf);
        return fail(EXIT_BAD_INPUT, err);
    }
    if (len && buf[len - 1] == '\n')
        buf[len - 1] = 0;  /* the writer adds the final newline */
    rc = mig_file_write_text(out, buf, err);
    free(buf);
    return rc ? fail(EXIT_RUN_FAILED, err) : 0;
}

static int cmd_bench(int argc, char **argv)
{
    long agents = 1000000, days = 100, threads = 1;
    const char *flee_dir = NULL;
    double hasten = 0;
    char err[MIG_ERR_LEN];
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            fputs(usage_bench, stdout);
            return 0;
        } else if (strcmp(a, "--flee") == 0) {
            flee_dir = next && next[0] != '-' ? argv[++i] : "data/flee/burundi";
        } else if (strcmp(a, "--hasten") == 0 && next) {
            char *end;
            hasten = strtod(argv[++i], &end);
            if (*end || !(hasten >= 1 && hasten <= 1e6))
                return fail(EXIT_BAD_INPUT, "--hasten takes a number from 1 to 10^6");
        } else if (strcmp(a, "--agents") == 0 && next) {
            if (parse_int(argv[++i], 1, 1000000000L, &agents))
                return fail(EXIT_BAD_INPUT, "--agents takes a whole number from 1 to 10^9");
        } else if (strcmp(a, "--days") == 0 && next) {
            if (parse_int(argv[++i], 1, 65535, &days))
                return fail(EXIT_BAD_INPUT, "--days takes a whole number from 1 to 65535");
        } else if (strcmp(a, "--threads") == 0 && next) {
            if (parse_opt_long(MIG_OPT_THREADS, argv[++i], &threads, err))
                return fail(EXIT_BAD_INPUT, err);
        } else {
            fprintf(stderr, "migsim: unknown or incomplete option '%s' (see migsim bench --help)\n", a);
            return EXIT_BAD_INPUT;
        }
    }
    mig_bench_result r;
    if (flee_dir) {
        double ard;
        if (mig_bench_flee(flee_dir, hasten, &r, &ard, err))
            return fail(EXIT_BAD_INPUT, err);
        printf("{\"workload\":\"flee\",\"dir\":\"%s\",\"agents\":%ld,\"days\":%ld,\"threads\":1,\"seconds\":%.3f,"
               "\"agent_days\":%.0f,\"agent_days_per_s\":%.0f,\"bytes_per_agent\":%.1f,\"peak_rss_bytes\":%ld,"
               "\"ard\":%.4f}\n", flee_dir, r.agents, r.days, r.seconds, r.agent_days, r.agent_days_per_s,
               r.bytes_per_agent, r.peak_rss_bytes, ard);
        return 0;
    }
    if (hasten)
        return fail(EXIT_BAD_INPUT, "--hasten goes with --flee");
    if (mig_bench_run(agents, (int)days, (int)threads, &r, err))
        return fail(EXIT_RUN_FAILED, err);
    printf("{\"agents\":%ld,\"days\":%ld,\"threads\":%d,\"seconds\":%.3f,\"agent_days\":%.0f,"
           "\"agent_days_per_s\":%.0f,\"bytes_per_agent\":%.1f,\"peak_rss_bytes\":%ld}\n",
           r.agents, r.days, r.threads, r.seconds, r.agent_days, r.agent_days_per_s, r.bytes_per_agent,
           r.peak_rss_bytes);
    return 0;
}

static int dispatch(int argc, char **argv)
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
    if (strcmp(cmd, "resume") == 0)
        return cmd_resume(argc, argv);
    if (strcmp(cmd, "compare") == 0)
        return cmd_compare(argc, argv);
    if (strcmp(cmd, "sweep") == 0)
        return cmd_sweep(argc, argv);
    if (strcmp(cmd, "check") == 0)
        return cmd_check(argc, argv);
    if (strcmp(cmd, "export") == 0)
        return cmd_export(argc, argv);
    if (strcmp(cmd, "bench") == 0)
        return cmd_bench(argc, argv);
    fprintf(stderr, "migsim: unknown command '%s'\n\n%s", cmd, usage_main);
    return EXIT_BAD_INPUT;
}

/* Like GNU's close_stdout: tables, summaries and help go to standard output through
 * stdio, whose write errors (a full disk, /dev/full) only show as the stream's error
 * flag or in the last flush. Checked once, at the end: the command fails (exit 1, or
 * its own failure) instead of exiting 0 with its output cut short. */
static int close_stdout(int rc)
{
    errno = 0;
    int failed = fflush(stdout) != 0;  /* glibc writes what is left again: errno says why */
    int why = failed ? errno : 0;
    failed |= ferror(stdout) != 0;
    if (fclose(stdout) != 0 && !failed && errno != EBADF) {  /* EBADF: closed by the caller, nothing written */
        failed = 1;
        why = errno;
    }
    if (!failed)
        return rc;
    if (why)
        fprintf(stderr, "migsim: writing to standard output failed: %s\n", strerror(why));
    else
        fprintf(stderr, "migsim: writing to standard output failed\n");
    return rc ? rc : EXIT_RUN_FAILED;
}

int main(int argc, char **argv)
{
    mpi_start(&argc, &argv);
    /* Under MPI a single run, a check or a bench is rank 0's alone. */
    int parallel = argc > 1 && (strcmp(argv[1], "compare") == 0 || strcmp(argv[1], "sweep") == 0);
    for (int i = 2; i < argc && !parallel; i++)
        parallel = strcmp(argv[i], "--replicates") == 0;
    int rc = mpi_rank == 0 || parallel ? dispatch(argc, argv) : 0;
    mpi_stop();
    return close_stdout(rc);
}
