/* main.c: the migsim command. Dispatch, usage texts and exit codes; everything
 * else goes through the public API (include/migsim/migsim.h): option parsing is in
 * opts.c, processes (MPI) in mpi.c. */
#include "migsim/migsim.h"
#include "mpi.h"
#include "opts.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
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
    "  calibrate SPEC.lua   estimate parameters from data: history matching, then ABC-SMC\n"
    "  check SCENARIO.lua   load and validate a scenario without running it\n"
    "  params [SCENARIO]    the parameter table, or a scenario's parameters with values and ranges\n"
    "  export OUT.json      write a tidy table (CSV or JSON records) from a result\n"
    "  bench                measure speed and memory on a synthetic world\n"
    "\n"
    "options: --help (also after a command), --version\n"
    "  options as getopt_long takes them: --seed 3 or --seed=3; -- ends the options\n"
    "output: the JSON document to -o FILE, or to standard output with -o - (nothing else goes\n"
    "  there); the summary, notes, progress and warnings to stderr. -q: no summary, progress or\n"
    "  notes (errors and warnings stay); -q without -o warns that nothing will be kept. The\n"
    "  output's folder is checked before any work. Progress in a log (stderr not a terminal):\n"
    "  one plain line per tenth of the days, replicates or design points\n"
    "exit status: 0 ok, 1 the run failed, 2 bad input\n"
    "\n"
    "examples:\n"
    "  migsim run scenarios/wb2022.lua\n"
    "  migsim run scenarios/wb2022.lua -o wb.json --seed 7 --set border.RS-HU.detection_prob=0.4\n"
    "  migsim export wb.json --table frontex_monthly > frontex.csv\n"
    "  migsim run scenarios/wb2022.lua -q --seed=7 -o - > wb.json\n";

static const char *usage_run =
    "usage: migsim run SCENARIO.lua [-o OUT.json] [--seed N] [--threads T] [--set KEY=VALUE ...] [-q]\n"
    "                               [--replicates R [--daily] [--replicate-totals] [--replicate-series]\n"
    "                               [--window FROM:TO]]\n"
    "                               [--posterior FILE | --fixed]\n"
    "\n"
    "  -o FILE        write the result JSON to FILE (written whole or not at all); -o -: to\n"
    "                 standard output (the summary goes to stderr either way)\n"
    "  --seed N       master seed, 0 to 2^53-1 (default 1); same scenario + seed = same bytes\n"
    "  --threads T    worker threads, 1 to 256 (default 1); results do not depend on T\n"
    "  --set K=V      override a parameter after the scenario has built the world\n"
    "                 (keys as in meta.parameters, e.g. nationality.BDI.displacement=0.3)\n"
    "  --replicates R run R replicates, 1 to 1000000 (seeds N, N+1, ..., N+R-1), and write means,\n"
    "                 sds and 95% intervals of every monthly series and total (migsim-ensemble/1);\n"
    "                 threads then run replicates in parallel\n"
    "  --daily        with --replicates: daily series too (large)\n"
    "  --replicate-totals  with --replicates: each replicate's totals too\n"
    "  --replicate-series  with --replicates: each replicate's monthly series too, every series\n"
    "                 (replicate_series; export --table replicates_monthly): any sum of cells\n"
    "                 then gets its spread over replicates\n"
    "  --window FROM:TO  with --replicates: every total over these days too (totals_window, and\n"
    "                 meta.window), beside the whole period's and totals_by_year; FROM and TO are\n"
    "                 months (2022-11:2023-01: 1 November to 31 January) or dates (YYYY-MM-DD),\n"
    "                 inside the reported period\n"
    "  --posterior FILE  draw each replicate's parameters from this posterior sample (what\n"
    "                 'migsim calibrate' writes): replicate r takes one particle, by weight, from a\n"
    "                 stream keyed on (N, r); --set keys keep their --set values. With --replicates\n"
    "                 and no --posterior, a scenario that declares default_posterior() (the default\n"
    "                 world does: data/posterior/wb2022.json) uses that one. A single run uses no\n"
    "                 posterior unless given --posterior, and then replicate 0's particle\n"
    "  --fixed        no posterior: every replicate runs with the scenario's own values\n"
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
    "  -q             no summary table, no progress lines, no notes (errors and warnings stay;\n"
    "                 with no -o a warning says nothing will be kept)\n"
    "\n"
    "examples: migsim run scenarios/wb2022.lua -o wb.json --seed 3 --threads 2\n"
    "          migsim run scenarios/wb2022.lua -o wb.json --checkpoint-dir ckpt --checkpoint-every 100\n"
    "          migsim run scenarios/wb2022.lua --replicates 50 --threads 2 -o wb50.json\n"
    "          migsim run scenarios/wb2022.lua --replicates 50 --fixed -o wb50_point.json\n";

static const char *usage_compare =
    "usage: migsim compare BASE.lua POLICY.lua [MORE.lua ...] --replicates R [-o CMP.json]\n"
    "                      [--seed N] [--threads T] [--set KEY=VALUE ...] [--independent] [--daily] [-q]\n"
    "                      [--posterior FILE | --fixed] [--window FROM:TO] [--replicate-series]\n"
    "                      [--fork-at auto|none|DATE] [--resume]\n"
    "\n"
    "Runs every scenario on the same seeds (N + r for replicate r: common random numbers,\n"
    "so arms differ only by what their policies cause) and writes each arm's means and\n"
    "95% intervals and the paired difference of each arm to BASE with its 95% interval,\n"
    "for every monthly series and total (migsim-compare/1), and for every total by calendar\n"
    "year (totals_by_year). 'migsim export CMP.json --table T' gives any of them as a table\n"
    "with an arm column (each arm by its name, then difference).\n"
    "\n"
    "  --window FROM:TO  also every total over these days, each arm and the paired difference\n"
    "                 with its interval (totals_window; meta.window): a policy of a few months\n"
    "                 measured over its months instead of the whole period. FROM and TO are\n"
    "                 months (2022-11:2023-01: 1 November to 31 January) or dates (YYYY-MM-DD)\n"
    "                 inside the reported period; refused otherwise (exit 2, before any simulation)\n"
    "  --replicate-series  keep each arm's replicates' monthly series, every series\n"
    "                 (export --table replicates_monthly)\n"
    "  --independent  give each arm its own seeds (N + r + k*R): no pairing\n"
    "  --fork-at auto (the default unless --independent) run BASE once per replicate up to\n"
    "                 the first day the arms' events or demand differ and start every other\n"
    "                 arm from that state: the shared history is not simulated again, and\n"
    "                 the results are those without a fork (a note says the day; no fork if\n"
    "                 an arm has when()/on_day() hooks or the arms never differ)\n"
    "  --fork-at DATE fork on DATE: each arm's events before it must do what BASE's do (the\n"
    "                 same facts on the same days; file and label aside), else it is refused\n"
    "  --fork-at none simulate every arm from the start\n"
    "  --posterior FILE  draw each replicate's parameters from this posterior sample; both arms\n"
    "                 of a replicate take the same particle (with --independent each arm its own).\n"
    "                 Default: the one BASE declares (default_posterior(); the default world's\n"
    "                 data/posterior/wb2022.json), so the intervals include what calibration\n"
    "                 leaves open\n"
    "  --fixed        no posterior: the scenarios' own values\n"
    "  --resume       continue an interrupted comparison from CMP.json.progress (needs -o)\n"
    "  other options as for 'migsim run --replicates'\n"
    "\n"
    "example: migsim compare scenarios/wb2022_no_visa_alignment.lua scenarios/wb2022.lua \\\n"
    "             --replicates 200 --threads 2 -o cmp.json\n"
    "         migsim compare scenarios/wb2022_no_visa_alignment.lua scenarios/wb2022.lua \\\n"
    "             --replicates 50 --window 2022-11:2023-01 -o cmp.json\n"
    "         migsim export cmp.json --table totals_window\n";

static const char *usage_sweep =
    "usage: migsim sweep SCENARIO.lua --param NAME=LO:HI [--param ...] [--design lhs|sobol] [-n N]\n"
    "                    [--output KEY ...] [--seed S] [--threads T] [--set KEY=VALUE ...] [-o SWEEP.json] [-q]\n"
    "                    [--posterior FILE | --fixed]\n"
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
    "  --posterior FILE    the parameters not swept come from this posterior sample: point p takes\n"
    "                      one particle by weight (a Saltelli AB_i row its A row's); default: the one\n"
    "                      the scenario declares (default_posterior())\n"
    "  --fixed             no posterior: the parameters not swept keep the scenario's values\n"
    "  --resume            continue an interrupted sweep from SWEEP.json.progress (needs -o)\n"
    "\n"
    "example: migsim sweep scenarios/wb2022.lua --param nationality.IND.displacement=0:0.6 \\\n"
    "             --param risk_aversion=0:4 --design sobol -n 32 --threads 2 -o sweep.json\n";

static const char *usage_resume =
    "usage: migsim resume CHECKPOINT [-o OUT.json] [--threads T] [-q] [--checkpoint-every N] [--stop-after N]\n"
    "\n"
    "Continues a run from a checkpoint written by migsim run --checkpoint-dir. The scenario\n"
    "file is loaded again to rebuild its hooks (its sha256 must be the one the run started\n"
    "with); events that already fired do not fire again; the result is the same bytes as a\n"
    "run that never stopped. Without -o no result file is written (only the summary);\n"
    "further checkpoints go beside CHECKPOINT.\n"
    "  --stop-after N  stop again after N more simulated days, with a new checkpoint\n";

static const char *usage_check =
    "usage: migsim check SCENARIO.lua [--set KEY=VALUE ...] [--list] [-q]\n"
    "Loads the scenario and checks the world and its dated events; then calls every hook\n"
    "(each at() event, each when() condition and action, each on_day) on a copy that is thrown\n"
    "away, with the first day's indicators (all 0), then conditions and on_day again with the\n"
    "last day's (all large), so a mistake in a hook shows now, with its file:line, not on the\n"
    "day it would run. Nothing is simulated or written. Exit 2 on a mistake.\n"
    "  -q      print nothing when the scenario is fine (errors still go to stderr)\n"
    "  --list  also print the parameters (key, value, range), borders, channels by nationality\n"
    "          and the dated schedule (at() dates, visa changes, when() triggers, with their lines)\n"
    "example: migsim check scenarios/wb2022.lua --list\n";

static const char *usage_export =
    "usage: migsim export OUT.json --table NAME [--format csv|json] [-o FILE]\n"
    "\n"
    "OUT.json is a run, replicates (run --replicates), a comparison (migsim compare), a sweep,\n"
    "a Flee-rule run, replicates or comparison, or a calibration. On replicates the series\n"
    "tables give mean,sd,lo,hi (the 95% t interval of the mean) instead of one value, and\n"
    "frontex_monthly gives month,nationality,mean,q025,q10,q50,q90,q975: quantiles over\n"
    "replicates (type 7, R's default and numpy's linear), with nationality total the quantiles\n"
    "of each replicate's route total. On a comparison every table has an arm column first:\n"
    "the rows of each arm (by its name), then those of the paired difference to the baseline\n"
    "('difference', or 'difference:NAME' with several policies) with its own interval;\n"
    "frontex_monthly gives mean,sd,lo,hi there (a comparison keeps no quantiles).\n"
    "journeys gives the persons who arrived by days to arrive and by detections before\n"
    "arriving, bin by bin, nationality 'all' then each (docs/model.md, Arrival and asylum).\n"
    "\n"
    "tables:\n";

static const char *usage_bench =
    "usage: migsim bench [--agents N] [--days D] [--threads T]\n"
    "       migsim bench --flee [DIR] [--hasten H]\n"
    "Prints one JSON line: agents, days, threads, seconds, agent_days_per_s,\n"
    "bytes_per_agent, peak_rss_bytes. The first form runs a synthetic Western Balkans-like\n"
    "world; --flee runs a Flee scenario folder (default data/flee/burundi) under Flee's\n"
    "rules, strict, one core, and adds its ARD. A relative DIR not in the working folder is\n"
    "looked up in migsim's data ($MIGSIM_DATADIR, BIN/../share/migsim, the source tree), so the\n"
    "default works from anywhere; \"dir\" in the output says which folder was read.\n";


static int progress_line_open;  /* a terminal's progress line awaits its newline */

static int fail(int code, const char *msg)
{
    if (progress_line_open)  /* a message after an interrupted progress line starts a line of its own */
        fputc('\n', stderr);
    progress_line_open = 0;
    fprintf(stderr, "migsim: %s\n", msg);
    return code;
}

/* The exit code of a library call's error, after printing its message. */
static int failed(const migsim_error *e)
{
    return fail(e->status == MIGSIM_E_INPUT ? EXIT_BAD_INPUT : EXIT_RUN_FAILED, e->message);
}

static volatile sig_atomic_t interrupted;
static void on_signal(int sig)
{
    interrupted = 1;
    signal(sig, SIG_DFL);  /* a second signal ends the process at once */
}

/* From here on SIGINT and SIGTERM stop the run cleanly (a single run at the end of
 * its day, with a checkpoint if it keeps one; batches after the items running). */
static void catch_signals(void)
{
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
}

/* Progress on stderr: the library calls it after each replicate or design point, or
 * each simulated day of a single run.
 * On a terminal one line updated in place, with a rate from this process's clock
 * (never in results); in a log (stderr a file or a pipe) a plain line at each tenth
 * of the work, without clock readings, so logs of the same job read the same. */
typedef struct progress_clock {
    const char *noun;
    struct timespec t0;
    int tty;
    long shown;  /* tenths of the work already reported (not on a terminal) */
} progress_clock;

static void progress_line(void *user, long done, long total)
{
    progress_clock *c = user;
    if (!c->tty) {
        long tenth = total > 0 ? done * 10 / total : 10;
        if (tenth > c->shown) {
            c->shown = tenth;
            fprintf(stderr, "migsim: %ld/%ld %s done (%ld%%)\n", done, total, c->noun, total > 0 ? done * 100 / total : 100);
            fflush(stderr);
        }
        return;
    }
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - c->t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - c->t0.tv_nsec);
    double rate = s > 0 ? (double)done / s : 0;
    fprintf(stderr, "\r  %ld/%ld %s  %.1f/s  about %.0f s left   ", done, total, c->noun, rate,
            rate > 0 ? (double)(total - done) / rate : 0);
    if (done == total)
        fputc('\n', stderr);
    progress_line_open = done != total;
    fflush(stderr);
}

/* Progress on stderr (see progress_line), for rank 0 and unless quiet. */
static void show_progress(migsim_opts *o, progress_clock *c, const char *noun, int quiet)
{
    if (quiet || cli_mpi_ranks()->rank != 0)
        return;
    c->noun = noun;
    c->tty = isatty(STDERR_FILENO);
    c->shown = 0;
    clock_gettime(CLOCK_MONOTONIC, &c->t0);
    o->progress = progress_line;
    o->progress_user = c;
}

/* Refuse writing over an input: out (-o), its journal when the job keeps one, and
 * standard output when it is a file. Returns 0 or the exit code. */
static int refuse_overwrite(const char *const *inputs, const char *what, int n, const char *out, int journal)
{
    const char *whats[MIGSIM_MAX_ARMS + 1];
    for (int i = 0; i < n; i++)
        whats[i] = what;
    migsim_error e;
    if (migsim_check_output(NULL, "standard output", inputs, whats, n, &e) ||
        (out && migsim_check_output(out, "-o", inputs, whats, n, &e)))
        return failed(&e);
    char jpath[1200];
    if (out && journal && strlen(out) < sizeof jpath - 16) {
        snprintf(jpath, sizeof jpath, "%s.progress", out);
        if (migsim_check_output(jpath, "the journal", inputs, whats, n, &e))
            return failed(&e);
    }
    return 0;
}

/* --posterior FILE is an input too; --fixed says there is none. Returns the exit code. */
static int check_posterior(const cli_opts *c, int journal)
{
    if (c->posterior && c->fixed)
        return fail(EXIT_BAD_INPUT, "--posterior and --fixed exclude each other (--fixed: no posterior at all)");
    const char *inputs[] = { c->posterior };
    return c->posterior ? refuse_overwrite(inputs, "the posterior", 1, c->out, journal) : 0;
}

/* Write a document whole and free it. Returns the exit code. */
static int write_document(migsim_doc *d, const char *path)
{
    migsim_error e;
    int code = migsim_doc_write(d, path, &e) ? failed(&e) : 0;
    migsim_doc_free(d);
    return code;
}

/* -o -: the document on standard output, the same bytes -o FILE writes (close_stdout
 * reports a failed write). Frees d. */
static int print_document(migsim_doc *d)
{
    char *text = migsim_doc_json(d);
    migsim_doc_free(d);
    if (!text)
        return fail(EXIT_RUN_FAILED, "out of memory writing the result");
    fputs(text, stdout);
    fputc('\n', stdout);
    free(text);
    return 0;
}

/* Nothing printed, nothing kept (-q without -o): most likely a mistake, so said before
 * the work starts, even under -q (a warning, not a note; the job still runs, e.g. to
 * time it). Rank 0 only. */
static void warn_nothing_kept(const cli_opts *c, int keeps_checkpoints)
{
    if (c->quiet && !c->out && !c->out_stdout && !keeps_checkpoints && cli_mpi_ranks()->rank == 0)
        fprintf(stderr, "migsim: warning: -q without -o: nothing will be printed or kept (add -o FILE, or -o - "
                        "for the JSON on standard output)\n");
}

/* Where an ensemble or sweep that writes out keeps its journal (one process only). */
static const char *journal_of(const char *out, int resume, char *buf, size_t n, int *code)
{
    const migsim_ranks *r = cli_mpi_ranks();
    *code = 0;
    if (resume && (!out || r->size > 1)) {
        *code = fail(EXIT_BAD_INPUT, "--resume continues the job that writes -o FILE, in one process (not under mpirun)");
        return NULL;
    }
    if (!out || r->size > 1 || strlen(out) >= n - 16)
        return NULL;
    snprintf(buf, n, "%s.progress", out);
    catch_signals();
    return buf;
}

/* Finish a batch: the document to out (or standard output) on rank 0, the summary
 * to stderr unless quiet. */
static int finish_batch(migsim_batch *b, const char *out, int out_stdout, const char *journal, int quiet)
{
    migsim_error e;
    int code = 0;
    if (cli_mpi_ranks()->rank != 0) {
        migsim_batch_free(b);
        return 0;
    }
    if (out) {
        migsim_doc *d = migsim_batch_document(b, &e);
        code = d ? write_document(d, out) : failed(&e);
        if (!code && journal)
            unlink(journal);  /* the result is whole: nothing left to continue */
    } else if (out_stdout) {
        migsim_doc *d = migsim_batch_document(b, &e);
        code = d ? print_document(d) : failed(&e);
    }
    /* Messages on stderr, data on stdout: the summary is for people. */
    if (!code && !quiet)
        migsim_batch_summary(b, stderr);
    migsim_batch_free(b);
    return code;
}

/* Replicates (one arm) or a comparison (several): one document, written whole. */
static int run_ensemble(const cli_opts *c)
{
    migsim_batch_opts o;
    migsim_batch_opts_init(&o);
    cli_run_opts(c, &o.run);
    for (int k = 0; k < c->n_pos; k++)
        o.scenarios[k] = c->pos[k];
    o.n_arms = c->n_pos;
    o.replicates = (int)c->replicates;
    o.independent = c->independent;
    o.fork_at = c->fork_at;
    o.daily = c->daily;
    o.replicate_totals = c->replicate_totals;
    o.window = c->window;
    o.replicate_series = c->replicate_series;
    o.ranks = cli_mpi_ranks();
    o.out = c->out;
    o.notes = c->quiet ? NULL : stderr;
    progress_clock clock;
    show_progress(&o.run, &clock, "replicates", c->quiet);
    char jbuf[1200];
    int code;
    o.journal = journal_of(c->out, c->resume, jbuf, sizeof jbuf, &code);
    if (code)
        return code;
    if (o.journal) {
        o.resume = c->resume;
        o.run.stop = &interrupted;
        if (!c->resume && !c->quiet && access(o.journal, F_OK) == 0)
            fprintf(stderr, "migsim: %s is from an earlier, unfinished run of a job: starting afresh (with --resume "
                            "it would continue)\n", o.journal);
    }
    migsim_error e;
    migsim_batch *b = migsim_ensemble(&o, &e);
    if (!b)
        return failed(&e);
    return finish_batch(b, c->out, c->out_stdout, o.journal, c->quiet);
}

static const char *const run_takes = "-o -q --seed --threads --set --replicates --daily --replicate-totals --resume "
                                     "--lua-instructions --lua-memory --checkpoint-dir --checkpoint-every --stop-after "
                                     "--independent --fork-at --posterior --fixed --window --replicate-series";

/* A single run: to its end, or to a stop with a checkpoint. The document to out (or
 * standard output), the summary to stderr unless quiet. s is taken. */
static int finish_single(migsim_session *s, const char *out, int out_stdout)
{
    migsim_error e;
    int code = 0;
    if (migsim_run(s, &e) != MIGSIM_OK)
        code = failed(&e);
    else if (!migsim_finished(s)) {
        if (!migsim_options(s)->quiet)
            fail(0, e.message);  /* stopped after --stop-after days, with a checkpoint */
    } else {
        if (out || out_stdout) {
            migsim_doc *d = migsim_document(s, &e);
            code = !d ? failed(&e) : out ? write_document(d, out) : print_document(d);
        }
        if (!code && !migsim_options(s)->quiet)
            migsim_summary(s, stderr);
    }
    migsim_close(s);
    return code;
}

static int cmd_run(int argc, char **argv)
{
    cli_opts c;
    migsim_error e;
    int rc = cli_parse(argc, argv, run_takes, usage_run, &c, &e);
    if (rc)
        return rc > 0 ? 0 : failed(&e);
    if (c.n_pos != 1)
        return fail(EXIT_BAD_INPUT, c.n_pos ? "run takes one scenario" : "no scenario given (see migsim run --help)");
    if (c.replicates > 0 && c.seed + c.replicates >= 9007199254740992.0)
        return fail(EXIT_BAD_INPUT, "--seed + --replicates must stay below 2^53");
    if (c.replicates > 0 && (c.independent || c.fork_at))
        return fail(EXIT_BAD_INPUT, "--independent and --fork-at are for 'migsim compare'");
    if (c.replicates > 0 && (c.ckpt_dir || c.every > 0 || c.stop_after > 0))
        return fail(EXIT_BAD_INPUT, "checkpoints are for single runs (--checkpoint-dir, --checkpoint-every, "
                                    "--stop-after do not go with --replicates)");
    if ((rc = refuse_overwrite(c.pos, "the scenario", 1, c.out, c.replicates > 0)) != 0 ||
        (rc = check_posterior(&c, c.replicates > 0)) != 0)
        return rc;
    if (c.replicates > 0) {
        warn_nothing_kept(&c, 0);
        return run_ensemble(&c);
    }
    if (c.daily || c.replicate_totals || c.replicate_series || c.independent || c.fork_at || c.resume || c.window)
        return fail(EXIT_BAD_INPUT, "--daily, --replicate-totals, --replicate-series, --window, --independent, "
                                    "--fork-at and --resume go with --replicates (a single run continues with migsim "
                                    "resume)");
    if ((c.every > 0 || c.stop_after > 0) && !c.ckpt_dir)
        return fail(EXIT_BAD_INPUT, "--checkpoint-every and --stop-after need --checkpoint-dir");
    struct stat st;
    if (c.ckpt_dir && stat(c.ckpt_dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
        snprintf(e.message, sizeof e.message, "--checkpoint-dir %.400s is not a folder", c.ckpt_dir);
        return fail(EXIT_BAD_INPUT, e.message);
    }
    warn_nothing_kept(&c, c.ckpt_dir != NULL);
    migsim_opts o;
    cli_run_opts(&c, &o);
    o.stop = &interrupted;
    progress_clock clock;
    show_progress(&o, &clock, "days", c.quiet);
    catch_signals();
    migsim_session *s = migsim_open(c.pos[0], &o, c.out, c.quiet ? NULL : stderr, &e);
    if (!s)
        return failed(&e);
    if (c.ckpt_dir && migsim_keep_checkpoints(s, c.ckpt_dir, (long)c.every, (long)c.stop_after, &e)) {
        migsim_close(s);
        return failed(&e);
    }
    return finish_single(s, c.out, c.out_stdout);
}

static int cmd_resume(int argc, char **argv)
{
    cli_opts c;
    migsim_error e;
    int rc = cli_parse(argc, argv, "-o -q --threads --checkpoint-every --stop-after", usage_resume, &c, &e);
    if (rc)
        return rc > 0 ? 0 : failed(&e);
    if (c.n_pos != 1)
        return fail(EXIT_BAD_INPUT, c.n_pos ? "resume takes one checkpoint"
                                            : "no checkpoint given (see migsim resume --help)");
    const char *inputs[] = { c.pos[0] };
    if ((rc = refuse_overwrite(inputs, "the checkpoint", 1, c.out, 0)) != 0)
        return rc;
    warn_nothing_kept(&c, c.stop_after > 0 || c.given_every);
    migsim_opts o;
    cli_run_opts(&c, &o);
    o.stop = &interrupted;
    progress_clock clock;
    show_progress(&o, &clock, "days", c.quiet);
    catch_signals();
    migsim_session *s = migsim_resume(c.pos[0], &o, c.out, c.quiet ? NULL : stderr, &e);
    if (!s)
        return failed(&e);
    const char *both[] = { c.pos[0], migsim_scenario_path(s) };
    const char *what[] = { "the checkpoint", "the scenario" };
    if (migsim_check_output(NULL, NULL, both, what, 2, &e)) {  /* `resume CK >> scenario.lua` */
        migsim_close(s);
        return failed(&e);
    }
    if (migsim_keep_checkpoints(s, NULL, c.given_every ? (long)c.every : -1, (long)c.stop_after, &e)) {
        migsim_close(s);
        return failed(&e);
    }
    return finish_single(s, c.out, c.out_stdout);
}

static int cmd_compare(int argc, char **argv)
{
    cli_opts c;
    migsim_error e;
    int rc = cli_parse(argc, argv, run_takes, usage_compare, &c, &e);
    if (rc)
        return rc > 0 ? 0 : failed(&e);
    if (c.n_pos < 2)
        return fail(EXIT_BAD_INPUT, "compare needs a baseline and at least one policy scenario");
    if (c.replicates < 2)
        return fail(EXIT_BAD_INPUT, "compare needs --replicates R with R >= 2 (intervals need at least two)");
    if (c.seed + c.replicates * c.n_pos >= 9007199254740992.0)
        return fail(EXIT_BAD_INPUT, "--seed + --replicates x arms must stay below 2^53");
    if (c.ckpt_dir || c.every > 0 || c.stop_after > 0)
        return fail(EXIT_BAD_INPUT, "checkpoints are for single runs (--checkpoint-dir, --checkpoint-every, "
                                    "--stop-after do not go with compare)");
    if ((rc = refuse_overwrite(c.pos, "the scenario", c.n_pos, c.out, 1)) != 0 || (rc = check_posterior(&c, 1)) != 0)
        return rc;
    /* Forking where the arms first differ is the normal case: the results are the
     * unforked ones (meta.fork_at aside) for less work. */
    if (c.fork_at && strcmp(c.fork_at, "none") == 0)
        c.fork_at = NULL;
    else if (!c.fork_at && !c.independent)
        c.fork_at = "auto";
    warn_nothing_kept(&c, 0);
    return run_ensemble(&c);
}

static int cmd_sweep(int argc, char **argv)
{
    cli_opts c;
    migsim_error e;
    int rc = cli_parse(argc, argv, "-o -q --seed --threads --set --param --design -n --output --resume --posterior "
                       "--fixed", usage_sweep, &c, &e);
    if (rc)
        return rc > 0 ? 0 : failed(&e);
    if (c.n_pos != 1)
        return fail(EXIT_BAD_INPUT, c.n_pos ? "sweep takes one scenario"
                                            : "sweep needs a scenario (see migsim sweep --help)");
    if (c.n_params == 0)
        return fail(EXIT_BAD_INPUT, "sweep needs at least one --param NAME=LO:HI");
    if ((rc = refuse_overwrite(c.pos, "the scenario", 1, c.out, 1)) != 0 || (rc = check_posterior(&c, 1)) != 0)
        return rc;
    migsim_sweep_opts o;
    migsim_sweep_opts_init(&o);
    cli_run_opts(&c, &o.run);
    o.scenario = c.pos[0];
    for (int k = 0; k < c.n_params; k++) {
        o.params[k] = c.params[k];
        o.lo[k] = c.lo[k];
        o.hi[k] = c.hi[k];
    }
    o.n_params = c.n_params;
    for (int k = 0; k < c.n_outputs; k++)
        o.outputs[k] = c.outputs[k];
    o.n_outputs = c.n_outputs;
    o.sobol = c.sobol;
    o.n = (int)c.n;
    o.ranks = cli_mpi_ranks();
    o.out = c.out;
    o.notes = c.quiet ? NULL : stderr;
    warn_nothing_kept(&c, 0);
    progress_clock clock;
    show_progress(&o.run, &clock, "design points", c.quiet);
    char jbuf[1200];
    o.journal = journal_of(c.out, c.resume, jbuf, sizeof jbuf, &rc);
    if (rc)
        return rc;
    if (o.journal) {
        o.resume = c.resume;
        o.run.stop = &interrupted;
    }
    migsim_batch *b = migsim_sweep(&o, &e);
    if (!b)
        return failed(&e);
    return finish_batch(b, c.out, c.out_stdout, o.journal, c.quiet);
}

static const char *usage_calibrate =
    "usage: migsim calibrate SPEC.lua -o POST.json [--threads N] [--seed S] [--resume] [-q]\n"
    "Estimate a scenario's parameters from observed tables, as the spec says (its scenario,\n"
    "parameters with priors, targets with an observation model, the methods' budgets):\n"
    "history matching rules out what cannot fit, ABC-SMC samples the posterior inside what\n"
    "is left. Writes migsim-calibration/1 (docs/calibration-schema.json); run, compare and\n"
    "sweep take it with --posterior. docs/calibration.md explains the spec and the methods.\n"
    "options:\n"
    "  -o FILE             write the result here; its journal FILE.progress keeps every simulation\n"
    "  --threads N         simulations at a time (the result does not depend on it)\n"
    "  --seed S            instead of the spec's seed\n"
    "  --resume            continue an interrupted calibration from FILE.progress (same bytes)\n"
    "  -q                  no progress lines\n"
    "under mpirun the simulations of each step are spread over the processes (same bytes).\n"
    "example: migsim calibrate scenarios/calibration/toy.lua -o toy_post.json --threads 2\n";

static int cmd_calibrate(int argc, char **argv)
{
    cli_opts c;
    migsim_error e;
    int rc = cli_parse(argc, argv, "-o -q --seed --threads --resume", usage_calibrate, &c, &e);
    if (rc)
        return rc > 0 ? 0 : failed(&e);
    if (c.n_pos != 1)
        return fail(EXIT_BAD_INPUT, c.n_pos ? "calibrate takes one spec"
                                            : "calibrate needs a spec (see migsim calibrate --help)");
    if (!c.out)
        return fail(EXIT_BAD_INPUT, c.out_stdout ? "calibrate needs -o FILE, not standard output: its journal "
                                                   "FILE.progress keeps every simulation beside it"
                                                 : "calibrate needs -o FILE: a calibration is long, and its result is a file");
    if ((rc = refuse_overwrite(c.pos, "the spec", 1, c.out, 1)) != 0)
        return rc;
    migsim_calibrate_opts o;
    migsim_calibrate_opts_init(&o);
    o.spec = c.pos[0];
    o.threads = (int)c.threads;
    o.seed = (uint64_t)c.seed;
    o.seed_given = c.given_seed;
    o.ranks = cli_mpi_ranks();
    o.out = c.out;
    o.log = c.quiet ? NULL : stderr;
    char jbuf[1200];
    o.journal = journal_of(c.out, c.resume, jbuf, sizeof jbuf, &rc);
    if (rc)
        return rc;
    o.resume = c.resume;
    o.stop = &interrupted;
    catch_signals();
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    migsim_doc *d = migsim_calibrate(&o, &e);
    if (!d) {
        if (e.status == MIGSIM_OK)
            return 0;  /* a rank other than 0 */
        if (interrupted && o.journal)
            fprintf(stderr, "migsim: %s\nmigsim: the simulations done are kept in %s: run the same command with "
                            "--resume to continue\n", e.message, o.journal);
        else
            return failed(&e);
        return EXIT_RUN_FAILED;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    rc = write_document(d, c.out);
    if (!rc && o.journal)
        remove(o.journal);
    if (!rc && !c.quiet)
        fprintf(stderr, "calibrate: wrote %s in %.1f s (wall clock; not in the document, which depends only on the "
                        "spec, its data and the seed)\n", c.out,
                (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec));
    return rc;
}

static int cmd_check(int argc, char **argv)
{
    cli_opts c;
    migsim_error e;
    int rc = cli_parse(argc, argv, "-q --set --seed --lua-instructions --lua-memory --list", usage_check, &c, &e);
    if (rc)
        return rc > 0 ? 0 : failed(&e);
    if (c.n_pos != 1)
        return fail(EXIT_BAD_INPUT, c.n_pos ? "check takes one scenario" : "no scenario given (see migsim check --help)");
    if ((rc = refuse_overwrite(c.pos, "the scenario", 1, NULL, 0)) != 0)
        return rc;
    migsim_opts o;
    cli_run_opts(&c, &o);
    return migsim_check(c.pos[0], &o, c.list, c.quiet && !c.list ? NULL : stdout, c.quiet ? NULL : stderr, &e) ? failed(&e)
                                                                                                       : 0;
}

static const char *usage_params =
    "usage: migsim params [SCENARIO.lua] [--format text|markdown|json]\n"
    "Without a scenario: every parameter key pattern with type, range, unit, meaning and source\n"
    "(docs/parameters.md is its markdown). With one: its world's keys with value, range and unit\n"
    "(a Flee scenario: its Flee settings with value and range).\n";

static int cmd_params(int argc, char **argv)
{
    cli_opts c;
    migsim_error e;
    int rc = cli_parse(argc, argv, "--format", usage_params, &c, &e);
    if (rc)
        return rc > 0 ? 0 : failed(&e);
    if (c.n_pos > 1)
        return fail(EXIT_BAD_INPUT, "params takes at most one scenario (see migsim params --help)");
    return migsim_params(c.n_pos ? c.pos[0] : NULL, c.format ? c.format : "text", stdout, &e) ? failed(&e) : 0;
}

static int cmd_export(int argc, char **argv)
{
    cli_opts c;
    migsim_error e;
    int rc = cli_parse(argc, argv, "--table --format -o -q", "", &c, &e);  /* -q: nothing to quiet, taken like elsewhere */
    if (rc > 0) {
        fputs(usage_export, stdout);
        migsim_export_tables(stdout);
        printf("\nexamples: migsim export wb.json --table detections_monthly --format csv > det.csv\n"
               "          migsim export ens.json --table frontex_monthly > frontex_quantiles.csv\n"
               "          migsim export cmp.json --table totals_window --format json > window.json\n"
               "          migsim export cmp.json --table journeys > journeys.csv\n");
        return 0;
    }
    if (rc)
        return failed(&e);
    if (c.n_pos != 1 || !c.table)
        return fail(EXIT_BAD_INPUT, "export needs a result file and --table NAME (see migsim export --help)");
    if ((rc = refuse_overwrite(c.pos, "the result file", 1, c.out, 0)) != 0)
        return rc;
    return migsim_export(c.pos[0], c.table, c.format ? c.format : "csv", c.out, stdout, &e) ? failed(&e) : 0;
}

static int cmd_bench(int argc, char **argv)
{
    cli_opts c;
    migsim_error e;
    int rc = cli_parse(argc, argv, "--agents --days --threads --flee --hasten", usage_bench, &c, &e);
    if (rc)
        return rc > 0 ? 0 : failed(&e);
    if (c.n_pos)
        return fail(EXIT_BAD_INPUT, "bench takes no scenario (see migsim bench --help)");
    if (c.hasten > 0 && !c.flee)
        return fail(EXIT_BAD_INPUT, "--hasten goes with --flee");
    return migsim_bench((long)c.agents, (int)c.days, (int)c.threads, c.flee ? c.flee_dir : NULL, c.hasten, stdout, &e)
               ? failed(&e) : 0;
}

static int dispatch(int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } commands[] = {
        { "run", cmd_run }, { "resume", cmd_resume }, { "compare", cmd_compare }, { "sweep", cmd_sweep },
        { "calibrate", cmd_calibrate },
        { "check", cmd_check }, { "params", cmd_params }, { "export", cmd_export }, { "bench", cmd_bench },
    };
    if (argc < 2)
        return fputs(usage_main, stderr), EXIT_BAD_INPUT;
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0)
        return fputs(usage_main, stdout), 0;
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0)
        return printf("migsim %s\n", migsim_version()), 0;
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(cmd, commands[i].name) == 0)
            return commands[i].fn(argc, argv);
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
    int failed_flush = fflush(stdout) != 0;  /* glibc writes what is left again: errno says why */
    int why = failed_flush ? errno : 0;
    failed_flush |= ferror(stdout) != 0;
    if (fclose(stdout) != 0 && !failed_flush && errno != EBADF) {  /* EBADF: closed by the caller, nothing written */
        failed_flush = 1;
        why = errno;
    }
    if (!failed_flush)
        return rc;
    if (why)
        fprintf(stderr, "migsim: writing to standard output failed: %s\n", strerror(why));
    else
        fprintf(stderr, "migsim: writing to standard output failed\n");
    return rc ? rc : EXIT_RUN_FAILED;
}

int main(int argc, char **argv)
{
    cli_mpi_start(&argc, &argv);
    /* Under MPI a single run, a check or a bench is rank 0's alone. */
    int parallel = argc > 1 && (strcmp(argv[1], "compare") == 0 || strcmp(argv[1], "sweep") == 0 ||
                              strcmp(argv[1], "calibrate") == 0);
    for (int i = 2; i < argc && !parallel; i++)
        parallel = strcmp(argv[i], "--replicates") == 0;
    int rc = cli_mpi_ranks()->rank == 0 || parallel ? dispatch(argc, argv) : 0;
    cli_mpi_stop();
    return close_stdout(rc);
}
