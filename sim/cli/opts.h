/* opts.h: the command line of every migsim command, parsed by one option table.
 *
 * Each command names the options it takes (a string of their table names); the
 * parser fills one cli_opts. Numeric options that checkpoints also hold take their
 * ranges from the library (migsim_parse_option), the others from the table. */
#ifndef MIG_CLI_OPTS_H
#define MIG_CLI_OPTS_H

#include "migsim/migsim.h"

#define CLI_MAX_SETS 256

typedef struct cli_opts {
    const char *cmd;                         /* "run", "compare", ... */
    const char *pos[MIGSIM_MAX_ARMS];        /* positional arguments: scenarios, a checkpoint, a result */
    int n_pos;
    const char *out, *ckpt_dir, *fork_at, *table, *format, *flee_dir, *posterior;
    double seed, threads, replicates, every, stop_after, lua_instructions, lua_memory;
    double n, agents, days, hasten;
    int out_stdout;                          /* -o -: the document goes to standard output */
    int sobol, quiet, daily, replicate_totals, independent, resume, flee, fixed;
    int list;                                /* check --list */
    int given_threads, given_every, given_seed;         /* the option was on the command line */
    const char *window;                      /* --window FROM:TO (replicates and compare) */
    int replicate_series;
    const char *sets[CLI_MAX_SETS];
    int n_sets;
    const char *params[20];                  /* --param NAME=LO:HI, split */
    char param_names[20][200];
    double lo[20], hi[20];
    int n_params;
    const char *outputs[32];
    int n_outputs;
} cli_opts;

/* Parse argv[2..] for command argv[1], which takes the options in `takes` (space-
 * separated names as on the command line: "-o --seed --set ..."), getopt_long's way:
 * "--seed 3" or "--seed=3", "--" ends the options, "-o -" sets out_stdout (out stays
 * NULL). Returns 0; 1 if --help printed usage (to stdout); -1 with e filled (bad
 * input: an unknown option with the nearest known one, an option the command does
 * not take, a missing value). */
int cli_parse(int argc, char **argv, const char *takes, const char *usage, cli_opts *o, migsim_error *e);

/* The library's options from the command line's. */
void cli_run_opts(const cli_opts *c, migsim_opts *o);

#endif
