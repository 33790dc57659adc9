/* migsim.h: the public C API of libmigsim.
 *
 * Everything the `migsim` command does goes through this header: open a scenario
 * (the native engine or Flee's rules), run it with a stop flag, a progress
 * callback and checkpoints, resume a checkpoint, run ensembles, paired
 * comparisons and sweeps (optionally spread over processes), build and write
 * result documents, export tidy tables and list parameters.
 *
 * Conventions (as cJSON's):
 * - Handles are opaque. What a function returns with "caller owns" is freed with
 *   the matching *_free / migsim_close; strings returned as char * with free().
 * - Every function that can fail takes a migsim_error *e and fills it: status
 *   (the class: bad input, or the run failed) and a message for people that names
 *   the file and line or the option. e may not be NULL.
 * - Nothing here writes to standard output, and loader notes go only to the FILE *
 *   given. Warnings that do not stop a run (a periodic checkpoint or a journal that
 *   could not be written) go to standard error, prefixed "migsim:".
 * - Nothing here exits, with one exception: scenario code stuck inside one Lua
 *   library call (a string pattern that backtracks for ever) cannot be stopped
 *   safely, so a watchdog thread ends the process (exit 2; 1 after a stop request)
 *   once the call has used lua_instructions/1e8 CPU seconds (at least 2) or 5 s
 *   after a stop request, with a message on standard error. A front end that must
 *   survive that runs scenarios in a child process, or turns the watchdog off
 *   (migsim_opts.lua_watchdog_seconds < 0: such a call then runs until it returns).
 * - Pointers in option structs are read during the call that takes them, and
 *   strings are copied; only `stop` and `progress_user` are kept, and must stay
 *   valid while the handle lives. progress is called from worker threads, one call
 *   at a time.
 * - Before 1.0 a minor version may change these structs: rebuild against its header
 *   (the soname, libmigsim.so.0.1, says so).
 * - Results are deterministic: the same scenario, options and seed give the same
 *   bytes, whatever the thread or process count.
 * - Not thread-safe per handle; distinct handles may be used from distinct threads.
 *
 * Link with the shared library (pkg-config migsim, or find_package(migsim) and
 * migsim::migsim) or the static one (migsim::migsim_static; with pkg-config, name
 * libmigsim.a and add `pkg-config --static --libs migsim`): docs/architecture.md. */
#ifndef MIGSIM_H
#define MIGSIM_H

#include "migsim/version.h"

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define MIGSIM_API __attribute__((visibility("default")))
#else
#define MIGSIM_API
#endif

/* ---- errors -------------------------------------------------------------------- */

typedef enum migsim_status {
    MIGSIM_OK = 0,
    MIGSIM_E_RUN = 1,     /* the run failed or was interrupted (I/O, memory, a signal); `migsim` exits 1 */
    MIGSIM_E_INPUT = 2,   /* a scenario, option or file the caller gave is wrong; `migsim` exits 2 */
} migsim_status;

#define MIGSIM_MESSAGE_LEN 4096

typedef struct migsim_error {
    migsim_status status;
    char message[MIGSIM_MESSAGE_LEN];  /* "" when status is MIGSIM_OK, except for a run stopped
                                        * after stop_after: how to continue it */
} migsim_error;

/* "0.1.0": the library's version (it may differ from MIG_VERSION, the header's). */
MIGSIM_API const char *migsim_version(void);

/* ---- options every run takes ----------------------------------------------------- */

/* Called after each replicate (all arms of it, in a comparison) or design point
 * finishes: done and total count this process's share. */
typedef void (*migsim_progress_fn)(void *user, long done, long total);

typedef struct migsim_opts {
    uint64_t seed;                 /* 0 to 2^53-1; default 1. Ensembles: the master seed */
    int threads;                   /* 1 to 256; default 1. Results do not depend on it */
    const char *const *sets;       /* "KEY=VALUE" overrides applied after the scenario built its world */
    int n_sets;
    double lua_instructions;       /* budget per call into the scenario; 0: the default (2e9) */
    double lua_megabytes;          /* memory budget of its Lua state; 0: the default (1024) */
    double lua_watchdog_seconds;   /* CPU seconds one Lua library call may take before the process
                                    * ends (see above); 0: the default; < 0: no watchdog */
    volatile sig_atomic_t *stop;   /* when *stop becomes nonzero, stop cleanly; NULL: never */
    migsim_progress_fn progress;   /* NULL: none; called after each replicate or design point of a
                                    * batch, and each simulated day of a single run (migsim_run) */
    void *progress_user;
    int quiet;                     /* the library prints no summary itself: this is the caller's
                                    * wish, kept in checkpoints so that a front end resuming a run
                                    * can honour it (migsim_options(s)->quiet) */
    /* Added after 0.1.0, at the end (migsim_batch_opts and migsim_sweep_opts embed this
     * struct, so their later fields moved: rebuild against this header). */
    const char *posterior;         /* a posterior sample (migsim-calibration/1, `migsim calibrate`): replicate r
                                    * takes one of its parameter sets, drawn by weight from a stream keyed on
                                    * (seed, r), the same for every arm of a paired replicate; a sweep's point p
                                    * draws the parameters it does not sweep. A single run takes replicate 0's
                                    * draw and cannot keep checkpoints. --set keys win over its values.
                                    * NULL: ensembles, comparisons and sweeps use the scenario's
                                    * default_posterior() if it declares one, single runs none */
    int fixed;                     /* 1: no posterior, not even the scenario's default (the scenario's own values);
                                    * not with posterior */
} migsim_opts;

/* The defaults above. */
MIGSIM_API void migsim_opts_init(migsim_opts *o);

/* The numeric options every front end shares, with the ranges that checkpoints are
 * checked against too: --seed, --threads, --replicates, --checkpoint-every,
 * --stop-after, --lua-instructions, --lua-memory. migsim_is_option: 1 if flag is
 * one. migsim_parse_option: its value from text, or MIGSIM_E_INPUT with a message
 * that gives the range ("--seed takes a whole number from 0 to 2^53-1, got 'x'"). */
MIGSIM_API int migsim_is_option(const char *flag);
MIGSIM_API migsim_status migsim_parse_option(const char *flag, const char *text, double *v, migsim_error *e);

/* Levenshtein distance of two short strings, for a front end's "did you mean" (the
 * engine's own; large when either is longer than 96 bytes). */
MIGSIM_API size_t migsim_edit_distance(const char *a, const char *b);

/* ---- result documents ---------------------------------------------------------- */

typedef struct migsim_doc migsim_doc;

/* The document as compact JSON text (one line). Caller owns it (free); NULL if out of memory. */
MIGSIM_API char *migsim_doc_json(const migsim_doc *d);
/* Its schema id: "migsim-run/1", "migsim-ensemble/1", "migsim-compare/1", "migsim-sweep/1",
 * "migsim-flee-run/1", "migsim-flee-ensemble/1", ... (docs/ holds each JSON schema). */
MIGSIM_API const char *migsim_doc_schema(const migsim_doc *d);
/* Write it whole to path (temporary file, fsync, rename): path holds either its old
 * content or the whole document. */
MIGSIM_API migsim_status migsim_doc_write(const migsim_doc *d, const char *path, migsim_error *e);
MIGSIM_API void migsim_doc_free(migsim_doc *d);  /* d may be NULL */

/* Refuse an output path that is one of the inputs (same file, through any link), a
 * folder or Lua code, or whose folder is missing or not writable (callers check before
 * any work): label names it in the message ("-o"). path NULL: standard
 * output, when it is a file. inputs[i] may be NULL; what[i] says what it is in the
 * message ("the scenario"; what NULL: "the input"). */
MIGSIM_API migsim_status migsim_check_output(const char *path, const char *label, const char *const *inputs,
                                             const char *const *what, int n_inputs, migsim_error *e);

/* ---- single runs --------------------------------------------------------------- */

typedef struct migsim_session migsim_session;

/* Load a scenario, check its world and dated events and start its run; nothing is
 * simulated yet. out: where the caller will write the result (NULL: nowhere); it is
 * refused, before the scenario runs, if it is an input, a folder or Lua code, and
 * named in messages. Notes of the loader (e.g. ignored columns of a Flee data file)
 * go to notes if not NULL. Caller owns the session (migsim_close). */
MIGSIM_API migsim_session *migsim_open(const char *scenario, const migsim_opts *o, const char *out, FILE *notes,
                                       migsim_error *e);

/* Continue the run a checkpoint holds (it names its scenario, which must be
 * unchanged). From o only threads and stop are used; seed, sets and Lua budgets come
 * from the checkpoint, and quiet if either says so. Further checkpoints go beside
 * this one, every as before unless migsim_keep_checkpoints says otherwise. */
MIGSIM_API migsim_session *migsim_resume(const char *checkpoint, const migsim_opts *o, const char *out,
                                         FILE *notes, migsim_error *e);

/* What was opened: the scenario's name, the file it was read from (for a resumed
 * run, where the checkpoint's scenario was found), whether it runs under Flee's
 * rules, the options in force (for a resumed run, those of the checkpoint). */
MIGSIM_API const char *migsim_name(const migsim_session *s);
MIGSIM_API const char *migsim_scenario_path(const migsim_session *s);
MIGSIM_API int migsim_is_flee(const migsim_session *s);
MIGSIM_API const migsim_opts *migsim_options(const migsim_session *s);
/* One line for people on what was loaded: dates, counts of countries, routes, ... */
MIGSIM_API void migsim_describe(const migsim_session *s, FILE *f);

/* `migsim check`: load the scenario as migsim_open does, then call every hook (at()
 * events in date order; each when() condition and action and each on_day() with the
 * first day's indicators, all 0; conditions and on_day() again with the last day's,
 * counts all large) on this check's own copy, which
 * is then thrown away: nothing is simulated or written. On success, write the
 * describe line to out and, if list, the scenario as loaded (parameters with value
 * and range, borders, channels by nationality, the dated schedule). A mistake in a
 * hook is MIGSIM_E_INPUT with the message a run would give on the hook's day. */
MIGSIM_API migsim_status migsim_check(const char *scenario, const migsim_opts *o, int list, FILE *out, FILE *notes,
                                      migsim_error *e);

/* Keep a checkpoint of the run in dir (created if need be; NULL: the folder of the
 * checkpoint a resumed run came from; a new run needs a folder): on a stop request at the end of the day,
 * every `every` days (0: only then; < 0: as before), and after stop_after more days
 * (0: no such stop). migsim_checkpoint_path gives its file. */
MIGSIM_API migsim_status migsim_keep_checkpoints(migsim_session *s, const char *dir, long every, long stop_after,
                                                 migsim_error *e);
MIGSIM_API const char *migsim_checkpoint_path(const migsim_session *s);

/* Simulate to the end. MIGSIM_OK and migsim_finished() 1: the result is ready;
 * MIGSIM_OK and 0: stopped after stop_after with a checkpoint (message says how to
 * continue). On a stop request: MIGSIM_E_RUN, with the checkpoint written if kept. */
MIGSIM_API migsim_status migsim_run(migsim_session *s, migsim_error *e);
MIGSIM_API int migsim_finished(const migsim_session *s);

/* The result of a finished run. Caller owns it; NULL with e filled. */
MIGSIM_API migsim_doc *migsim_document(const migsim_session *s, migsim_error *e);
/* The short table for people (totals, detections by month, the policy events). */
MIGSIM_API void migsim_summary(const migsim_session *s, FILE *f);
MIGSIM_API void migsim_close(migsim_session *s);  /* s may be NULL */

/* ---- ensembles, comparisons, sweeps ----------------------------------------------- */

/* Spreading work over processes (MPI, or anything else): process `rank` of `size`
 * runs its share; the sums are added on rank 0, which alone has the result. The
 * library does not link MPI: the caller gives the three collective operations. */
typedef struct migsim_ranks {
    int rank, size;
    void (*sum_i64)(void *user, int64_t *buf, size_t n);  /* sum into rank 0's buf */
    void (*sum_f64)(void *user, double *buf, size_t n);
    int (*agree)(void *user, int status);                 /* the largest status of all processes */
    void *user;
    void (*all_f64)(void *user, double *buf, size_t n);   /* sum into every process's buf (calibrate needs it;
                                                           * NULL: calibrate runs in one process) */
} migsim_ranks;

#define MIGSIM_MAX_ARMS 16
#define MIGSIM_MAX_PARAMS 20
#define MIGSIM_MAX_OUTPUTS 32

typedef struct migsim_batch_opts {
    migsim_opts run;               /* seed: master seed; replicate r runs seed + r */
    const char *scenarios[MIGSIM_MAX_ARMS];  /* arm 0 is the baseline of a comparison */
    int n_arms;
    int replicates;
    int independent;               /* each arm its own seeds (no common random numbers) */
    const char *fork_at;           /* "YYYY-MM-DD": arms fork from arm 0 at this date; "auto": on the first day they
                                    * differ (what migsim compare passes unless told otherwise); NULL: no fork */
    int daily;                     /* keep daily series too (large) */
    int replicate_totals;          /* keep each replicate's totals */
    const char *journal;           /* record finished replicates here to continue later; NULL: none */
    int resume;                    /* continue from the journal */
    const migsim_ranks *ranks;     /* NULL: one process */
    const char *out;               /* where the caller will write the result: refused if it is one of
                                    * the inputs (a Flee scenario's data files); NULL: not checked */
    FILE *notes;                   /* the loaders' notes (Flee data files), once per arm; NULL: none */
    const char *window;            /* "FROM:TO" (YYYY-MM or YYYY-MM-DD): totals over these days too; NULL: none */
    int replicate_series;          /* keep each replicate's monthly series (every series) */
} migsim_batch_opts;

/* Zero everything, then run as migsim_opts_init: master seed 1, one thread. */
MIGSIM_API void migsim_batch_opts_init(migsim_batch_opts *o);

typedef struct migsim_batch migsim_batch;

/* Replicates of one scenario (n_arms 1) or a comparison (n_arms >= 2), native or
 * Flee-rule scenarios (not mixed). Caller owns the result. */
MIGSIM_API migsim_batch *migsim_ensemble(const migsim_batch_opts *o, migsim_error *e);

typedef struct migsim_sweep_opts {
    migsim_opts run;               /* seed: every point runs with it (common random numbers) */
    const char *scenario;
    const char *params[MIGSIM_MAX_PARAMS];  /* parameter keys (migsim params SCENARIO lists them) */
    double lo[MIGSIM_MAX_PARAMS], hi[MIGSIM_MAX_PARAMS];
    int n_params;
    const char *outputs[MIGSIM_MAX_OUTPUTS];  /* totals to record; none: the defaults (the detections, arrivals, ...;
                                    * for a Flee scenario its errors and camp populations) */
    int n_outputs;
    int sobol;                     /* 0: Latin hypercube of n points; 1: Saltelli design, n base points */
    int n;
    const char *journal;
    int resume;
    const migsim_ranks *ranks;
    const char *out;               /* as in migsim_batch_opts */
    FILE *notes;
} migsim_sweep_opts;

/* Zero everything, then run as migsim_opts_init, and n 16 (a Latin hypercube). */
MIGSIM_API void migsim_sweep_opts_init(migsim_sweep_opts *o);
MIGSIM_API migsim_batch *migsim_sweep(const migsim_sweep_opts *o, migsim_error *e);

/* The result (on rank 0). Caller owns it; NULL with e filled. */
MIGSIM_API migsim_doc *migsim_batch_document(const migsim_batch *b, migsim_error *e);
/* Headline statistics for people. */
MIGSIM_API void migsim_batch_summary(const migsim_batch *b, FILE *f);
MIGSIM_API void migsim_batch_free(migsim_batch *b);  /* b may be NULL */

/* ---- calibration -------------------------------------------------------------------- */

typedef struct migsim_calibrate_opts {
    const char *spec;              /* the calibration spec (Lua: docs/calibration.md) */
    int threads;                   /* simulations run at a time; results do not depend on it */
    uint64_t seed;                 /* used instead of the spec's seed when seed_given */
    int seed_given;
    const migsim_ranks *ranks;     /* NULL: one process (ranks need all_f64) */
    const char *journal;           /* keep every simulation here to continue later; NULL: none */
    int resume;                    /* continue from the journal */
    volatile sig_atomic_t *stop;   /* stop after the simulations running */
    FILE *log;                     /* one line per wave and generation; NULL: none */
    const char *out;               /* where the caller will write the result (refused if an input) */
} migsim_calibrate_opts;

/* Zero everything, then one thread. */
MIGSIM_API void migsim_calibrate_opts_init(migsim_calibrate_opts *o);
/* History matching and ABC-SMC as the spec says; the migsim-calibration/1 document
 * (on rank 0; other ranks get NULL with e->status MIGSIM_OK). */
MIGSIM_API migsim_doc *migsim_calibrate(const migsim_calibrate_opts *o, migsim_error *e);

/* ---- tables, parameters, speed ------------------------------------------------------ */

/* Write table `table` of the result document at result_path as "csv" or "json"
 * (records) to out_path (NULL: to f). */
MIGSIM_API migsim_status migsim_export(const char *result_path, const char *table, const char *format,
                                       const char *out_path, FILE *f, migsim_error *e);
/* The tables of every kind of document, one per line with what it holds. */
MIGSIM_API void migsim_export_tables(FILE *f);

/* The parameters: without a scenario, the table of every settable parameter (key
 * pattern, type, range, unit, meaning, source); with one, that world's parameters
 * with their values. format: "text", "markdown" or "json". */
MIGSIM_API migsim_status migsim_params(const char *scenario, const char *format, FILE *f, migsim_error *e);

/* One JSON line of speed and memory: a synthetic world of `agents` agents over
 * `days` days, or (flee_dir not NULL) a Flee scenario folder under Flee's rules. */
MIGSIM_API migsim_status migsim_bench(long agents, int days, int threads, const char *flee_dir, double hasten,
                                      FILE *f, migsim_error *e);

#ifdef __cplusplus
}
#endif

#endif
