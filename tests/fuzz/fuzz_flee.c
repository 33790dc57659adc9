/* fuzz_flee.c: libFuzzer target for the Flee scenario folder reader (flee_read.c)
 * and, on the folders it accepts, for the Flee engine (flee_run.c, flee_output.c).
 *
 * Input: up to 10 pieces separated by the byte 0x1E (ASCII record separator), which
 * become these files of a scenario folder, in this order:
 *   1 simsetting.yml                         6 input_csv/conflicts.csv
 *   2 input_csv/sim_period.csv               7 input_csv/registration_corrections.csv
 *   3 input_csv/locations.csv                8 source_data/data_layout.csv
 *   4 input_csv/routes.csv                   9 source_data/camp.csv
 *   5 input_csv/closures.csv                10 source_data/camp2.csv
 * so data_layout.csv rows may name "camp.csv" and "camp2.csv" (two different files
 * on one row: Flee's AddCSVTables). An empty piece, and every piece after the last,
 * is a missing file (a file of one newline reads as an empty one); whatever follows
 * a tenth separator is ignored. tests/fuzz/flee_pack.sh packs a folder into an input;
 * MIG_FUZZ_FLEE_DIR=FOLDER replay_flee INPUT unpacks one into FOLDER (kept) to look
 * at it or run it with migsim; MIG_FUZZ_FLEE_VERBOSE=1 says what became of each input.
 *
 * The folder is read with mig_flee_read. When that succeeds and the model is small
 * (< 200 locations, < 2000 days) it is run for at most 30 days and its result
 * document built, with what a day costs capped (cap_run): the awareness level
 * lowered while the route candidates are too many, hasten raised (and conflict-driven
 * spawning scaled down) while the agents would be too many, very short links made
 * longer. Anything but a clean error or a clean run is a finding. */
#include "flee.h"
#include "flee_output.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define SEP 0x1e
#define N_PIECES 10
#define MAX_LOCS 200
#define MAX_DAYS 2000
#define RUN_DAYS 30
#define MAX_AGENTS 2000.0      /* agents a run may hold (about) */
#define MAX_WALK 20000.0       /* steps of building the route candidates of all locations */
#define MAX_WORK 3e5           /* agents x candidates of a location: a day's lottery work */
#define MAX_CHAIN 64.0         /* links an agent may pass in one day */

static const char *const files[N_PIECES] = {
    "simsetting.yml",
    "input_csv/sim_period.csv",
    "input_csv/locations.csv",
    "input_csv/routes.csv",
    "input_csv/closures.csv",
    "input_csv/conflicts.csv",
    "input_csv/registration_corrections.csv",
    "source_data/data_layout.csv",
    "source_data/camp.csv",
    "source_data/camp2.csv",
};

static char folder[1024];
static int verbose = -1;

static void path_of(char *out, size_t n, const char *rel)
{
    snprintf(out, n, "%s/%s", folder, rel);
}

static void remove_folder(void)
{
    char p[1200];
    for (int i = 0; i < N_PIECES; i++) {
        path_of(p, sizeof p, files[i]);
        unlink(p);
    }
    path_of(p, sizeof p, "input_csv");
    rmdir(p);
    path_of(p, sizeof p, "source_data");
    rmdir(p);
    rmdir(folder);
}

/* The scenario folder, made once per process: a fresh temporary one (removed at
 * exit), or MIG_FUZZ_FLEE_DIR (kept). Returns 0 or -1. */
static int make_folder(void)
{
    if (*folder)
        return 0;
    const char *keep = getenv("MIG_FUZZ_FLEE_DIR");
    if (keep && *keep) {
        snprintf(folder, sizeof folder, "%s", keep);
        if (mkdir(folder, 0700) && errno != EEXIST)
            return -1;
    } else {
        const char *tmp = getenv("TMPDIR");
        snprintf(folder, sizeof folder, "%s/migsim-fuzz-flee-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(folder)) {
            *folder = 0;
            return -1;
        }
        atexit(remove_folder);
    }
    char p[1200];
    path_of(p, sizeof p, "input_csv");
    if (mkdir(p, 0700) && errno != EEXIST)
        return -1;
    path_of(p, sizeof p, "source_data");
    if (mkdir(p, 0700) && errno != EEXIST)
        return -1;
    return 0;
}

/* Write the pieces of the input as the folder's files; the files of missing pieces
 * (left by the previous input) are removed. Returns 0 or -1. */
static int write_folder(const uint8_t *data, size_t size)
{
    const uint8_t *p = data, *end = data + size;
    for (int i = 0; i < N_PIECES; i++) {
        char path[1200];
        path_of(path, sizeof path, files[i]);
        const uint8_t *q = p < end ? memchr(p, SEP, (size_t)(end - p)) : NULL;
        size_t n = p < end ? (size_t)((q ? q : end) - p) : 0;
        /* Removed first, also when rewritten: ext4 writes a file truncated by
         * fopen "wb" back to disk when it is closed, a new one it does not. */
        if (unlink(path) && errno != ENOENT)
            return -1;
        if (n > 0) {
            FILE *f = fopen(path, "wb");
            if (!f)
                return -1;
            int bad = fwrite(p, 1, n, f) != n;
            bad |= fclose(f) != 0;
            if (bad)
                return -1;
        }
        p = q ? q + 1 : end;
    }
    return 0;
}

static double series_max(const mig_flee_series *s)
{
    double x = 0;
    for (int i = 0; i < s->n; i++)
        x = fmax(x, fabs(s->value[i]));
    return x;
}

#ifdef MIG_FLEE_MAX_HOPS
#define PATH_HOPS MIG_FLEE_MAX_HOPS
#else
#define PATH_HOPS (2 * MIG_FLEE_MAX_AWARENESS)
#endif

/* The route lottery's walk (flee_run.c: walk_link) without weights, counted. */
typedef struct walk_ctx {
    const mig_flee_model *m;
    const int *start, *to;  /* links by origin */
    int aware, n_path, path[PATH_HOPS + 1];
    double steps, cands;    /* steps of the walk; candidates of the origin */
} walk_ctx;

static void walk(walk_ctx *w, int end, int step)
{
    if (++w->steps > MAX_WALK || w->n_path >= PATH_HOPS + 1)
        return;
    w->path[w->n_path++] = end;
    if (w->m->locs[end].type != MIG_FLEE_MARKER)
        w->cands++;
    else
        step--;  /* markers take no hop */
    for (int i = w->start[end]; w->aware > step && i < w->start[end + 1]; i++) {
        int seen = 0;
        for (int j = 0; j < w->n_path; j++)
            seen |= w->path[j] == w->to[i];
        if (!seen)
            walk(w, w->to[i], step + 1);
    }
    w->n_path--;
}

/* The steps of building every location's route candidates at awareness aware
 * (more than MAX_WALK: the walk was stopped), and the most candidates of one
 * location. Returns 0 or -1 if out of memory. */
static int candidates(const mig_flee_model *m, int aware, double *steps, double *most)
{
    int twice = m->set.strict != 0;  /* strict: forced_redirection = 1 builds its links twice */
    size_t n = (size_t)m->n_locs;
    int *start = calloc(n + 2, sizeof *start), *to = malloc(((size_t)m->n_routes * 4 + 1) * sizeof *to);
    if (!start || !to) {
        free(start);
        free(to);
        return -1;
    }
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < m->n_routes; i++) {
            const mig_flee_route *rt = &m->routes[i];
            for (int k = 0; k < (twice && rt->forced == 1 ? 2 : 1); k++) {
                if (pass == 0) {
                    start[rt->a + 2]++;
                    start[rt->b + 2]++;
                } else {
                    to[start[rt->a + 1]++] = rt->b;
                    to[start[rt->b + 1]++] = rt->a;
                }
            }
        }
        for (size_t l = 0; pass == 0 && l < n; l++)
            start[l + 2] += start[l + 1];  /* then start[l + 1]: where l's links go */
    }
    walk_ctx w = { .m = m, .start = start, .to = to, .aware = aware };
    *most = 0;
    for (int l = 0; l < m->n_locs && w.steps <= MAX_WALK; l++) {
        w.path[0] = l;
        w.n_path = 1;
        w.cands = 0;
        for (int i = start[l]; i < start[l + 1]; i++)
            walk(&w, to[i], 1);
        *most = fmax(*most, w.cands);
    }
    *steps = w.steps;
    free(start);
    free(to);
    return 0;
}

/* Make the model cheap to run (see the top of the file), keeping it valid.
 * Returns 1 to run it, 0 to skip it. */
static int cap_run(mig_flee_model *m)
{
    mig_flee_settings *s = &m->set;
    if (m->n_locs >= MAX_LOCS || m->n_days >= MAX_DAYS)
        return 0;
    if (m->n_days > RUN_DAYS)
        m->n_days = RUN_DAYS;
    double days = m->n_days;

    /* Awareness: the candidates are rebuilt every day, and each decision walks one
     * location's lottery. Markers take no hop, so chains of them make paths longer. */
    int aware = s->awareness_level < 0 ? 1 : (int)s->awareness_level, fits = 0;
    double steps = 0, most = 0;
    for (; aware >= 1 && !fits; aware--) {
        if (candidates(m, aware, &steps, &most))
            return 0;
        fits = steps <= MAX_WALK;
        if (fits && s->awareness_level > aware)
            s->awareness_level = aware;
    }
    if (!fits)
        return 0;

    /* Agents: initial_idps, the camps' day-0 counts and the data-driven spawning
     * (the days' increases of the summed series), all divided by hasten. The
     * estimate sets hasten; the bound (a series rises by at most twice its largest
     * value a day) keeps every count the engine converts far inside its types. */
    double max_agents = fmin(MAX_AGENTS, MAX_WORK / fmax(1, most));
    double estimate = 0, bound = m->has_total ? series_max(&m->total) : 0;
    for (int c = 0; c < m->n_camps; c++)
        bound += series_max(&m->camps[c].s);
    for (int l = 0; l < m->n_locs; l++)
        estimate += m->locs[l].initial_idps;
    bound = estimate + 2 * (days + 1) * bound;
    for (int t = 0; t < m->n_days; t++) {
        double camps = 0, was = 0, tot = m->has_total ? mig_flee_interp(&m->total, t, 1) : 0;
        for (int c = 0; c < m->n_camps; c++) {
            double v = mig_flee_interp(&m->camps[c].s, t, 1);
            camps += t ? v - mig_flee_interp(&m->camps[c].s, t - 1, 1) : 2 * fmax(v, 0);
        }
        if (t)
            was = m->has_total ? mig_flee_interp(&m->total, t - 1, 1) : 0;
        estimate += fmax(camps, 0) + fmax(tot - was, 0);
    }
    if (!isfinite(bound) || !isfinite(estimate))
        return 0;
    double h = fmax(ceil(estimate / max_agents), ceil(bound / 1e6));
    if (!(h < 1e300))
        return 0;
    if (h > s->hasten)
        s->hasten = h;
    if (s->conflict_driven_spawning != 0) {
        /* displaced_per_conflict_day x intensity per conflict zone and day (x its
         * scaled-down population in pop_ratio mode; about that in poisson mode). */
        double intensity = 0, pop = 0;
        for (int l = 0; l < m->n_locs; l++) {
            intensity = fmax(intensity, m->locs[l].conflict_intensity);
            pop = fmax(pop, floor(m->locs[l].pop / s->hasten));
        }
        for (long k = 0; m->has_conflicts && k < (long)m->n_conflict_days * m->n_conflict_cols; k++)
            intensity = fmax(intensity, m->conflict_value[k]);
        double per = s->displaced_per_conflict_day * intensity * (s->conflict_spawn_mode == 2 ? pop : 1);
        double spawned = days * m->n_locs * per;
        if (!(spawned <= max_agents))
            s->displaced_per_conflict_day = isfinite(spawned) ? s->displaced_per_conflict_day * (max_agents / spawned) : 0;
    }

    /* Same-day chaining: an agent goes on while it has moved less than its speed. */
    double speed = fmax(s->max_move_speed, s->max_walk_speed);
    for (int i = 0; i < m->n_routes; i++)
        speed = fmax(speed, m->routes[i].max_speed);
    double shortest = speed / MAX_CHAIN;
    for (int i = 0; i < m->n_routes; i++)
        if (m->routes[i].distance < shortest)
            m->routes[i].distance = shortest;
    return isfinite(shortest) && shortest > 0;
}

static void run_model(mig_flee_model *m)
{
    char err[MIG_ERR_LEN];
    mig_flee_run *r = mig_flee_run_new(m, 1, err);  /* takes m */
    if (!r) {
        if (verbose)
            fprintf(stderr, "fuzz_flee: no run: %s\n", err);
        return;
    }
    int rc = 0;
    while (rc == 0)
        rc = mig_flee_run_step(r, err);
    if (verbose)
        fprintf(stderr, "fuzz_flee: %d locations, %d days (hasten %g, awareness %g): %lld agents%s%s\n",
                r->n_locs, r->today, r->set.hasten, r->set.awareness_level, (long long)r->n_agents,
                rc < 0 ? ", stopped: " : "", rc < 0 ? err : "");
    mig_flee_scores sc;
    mig_flee_run_scores(r, &sc);
    mig_meta meta = { "fuzz", m->dir, m->source_sha256 };
    cJSON *doc = mig_flee_output_build(r, &meta);
    char *text = doc ? cJSON_PrintUnformatted(doc) : NULL;
    free(text);
    cJSON_Delete(doc);
    mig_flee_run_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (verbose < 0) {
        const char *v = getenv("MIG_FUZZ_FLEE_VERBOSE");
        verbose = v && *v && strcmp(v, "0") != 0;
    }
    if (make_folder() || write_folder(data, size))
        return 0;
    mig_flee_model *m = malloc(sizeof *m);
    if (!m)
        return 0;
    mig_flee_model_init(m);
    char err[MIG_ERR_LEN];
    int rc = mig_flee_read(m, folder, err);
    if (rc == 0 && cap_run(m)) {
        run_model(m);
        return 0;
    }
    if (verbose)
        fprintf(stderr, "fuzz_flee: %s\n", rc ? err : "read, not run (too large)");
    mig_flee_model_free(m);
    free(m);
    return 0;
}
