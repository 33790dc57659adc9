/* session.c: a single run through the public API (migsim_open, migsim_resume,
 * migsim_run, ...): loading, checkpoints kept as asked, the run to its end or to a
 * stop, and its document. Native and Flee-rule scenarios alike. */
#include "api.h"
#include "check.h"
#include "checkpoint.h"
#include "date.h"
#include "output.h"
#include "posterior.h"
#include "sha256.h"
#include "single.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct migsim_session {
    mig_host *h;
    mig_single one;            /* the run, of either engine */
    mig_ckpt_opts *co;         /* how it started: what a checkpoint keeps */
    migsim_opts o;             /* the options in force */
    const char *sets[MIG_CKPT_MAX_SETS];
    mig_inputs in;             /* what the run reads (an output must be none of them) */
    char out[1100];            /* where the caller writes the result, "" for nowhere */
    char ckpt[2200];           /* the checkpoint file, "" when none is kept */
    int stop_at;               /* day index after which to stop with a checkpoint; 0: none */
    int finished;
    int resumed;
    const char *path;          /* the scenario file it loaded (in co) */
    mig_posterior *post;       /* --posterior: the sample this run took a particle of, or NULL */
    int particle;              /* that particle: replicate 0's draw */
};

static volatile sig_atomic_t never;

static volatile sig_atomic_t *stop_flag(const migsim_session *s)
{
    return s->o.stop ? s->o.stop : &never;
}

/* path as an absolute path, without resolving symbolic links (a scenario run
 * through a link keeps its name and its folder). */
static void absolute(char *buf, size_t n, const char *path)
{
    char cwd[2048] = "";
    if (path[0] != '/' && getcwd(cwd, sizeof cwd - 1))
        strcat(cwd, "/");
    size_t c = strlen(cwd), p = strlen(path);
    c = c < n - 1 ? c : n - 1;
    p = p < n - 1 - c ? p : n - 1 - c;
    memcpy(buf, cwd, c);
    memcpy(buf + c, path, p);
    buf[c + p] = 0;
}

/* The options a checkpoint keeps. */
static int ckpt_opts_of(const char *scenario, const migsim_opts *r, const char *out, const char *sha,
                        mig_ckpt_opts *o, char *err)
{
    memset(o, 0, sizeof *o);
    if (strlen(scenario) >= sizeof o->scenario || (out && strlen(out) >= sizeof o->out)) {
        snprintf(err, MIG_ERR_LEN, "a path is too long for a checkpoint");
        return -1;
    }
    snprintf(o->scenario, sizeof o->scenario, "%s", scenario);
    absolute(o->scenario_path, sizeof o->scenario_path, scenario);
    snprintf(o->sha256, sizeof o->sha256, "%s", sha);
    o->seed = r->seed;
    if (out)
        absolute(o->out, sizeof o->out, out);  /* for the message only: resume takes -o anew */
    o->quiet = r->quiet;
    o->lua_instructions = r->lua_instructions;
    o->lua_megabytes = r->lua_megabytes;
    if (r->n_sets > MIG_CKPT_MAX_SETS) {
        snprintf(err, MIG_ERR_LEN, "too many --set options (%d at most)", MIG_CKPT_MAX_SETS);
        return -1;
    }
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

static migsim_session *session_new(const migsim_opts *o, const char *out, migsim_error *e)
{
    migsim_session *s = calloc(1, sizeof *s);
    mig_ckpt_opts *co = s ? malloc(sizeof *co) : NULL;
    if (!co) {
        free(s);
        mig_api_fail(e, MIGSIM_E_RUN, "out of memory");
        return NULL;
    }
    s->co = co;
    s->o = *o;
    s->o.posterior = NULL;  /* the caller's string: open() points it at the session's copy */
    if (out)
        snprintf(s->out, sizeof s->out, "%s", out);
    return s;
}

/* Start the loaded host's run with the engine its scenario chose (a native run on
 * the session's threads, or a Flee-rule run). */
static int start(migsim_session *s, FILE *notes, migsim_error *e)
{
    /* `-o toy/source_data/refugees.csv` must not replace a Flee data file. */
    if (mig_inputs_check_flee_data(s->h, *s->out ? s->out : NULL, e->message, sizeof e->message))
        return e->status = MIGSIM_E_INPUT, -1;
    if (notes)
        mig_host_print_notes(s->h, notes);
    if (mig_single_start(&s->one, s->h, s->o.seed, s->o.threads, e->message, sizeof e->message))
        return e->status = MIGSIM_E_INPUT, -1;
    return 0;
}

/* --posterior for a single run: read it, check it against the scenario's world, take
 * replicate 0's particle. 0, or -1 with e. */
static int take_posterior(migsim_session *s, const char *scenario, const migsim_opts *o, const char *out,
                          FILE *notes, migsim_error *e)
{
    mig_lua_limits limits = mig_api_limits(o);
    mig_host *h = mig_host_open(scenario, o->seed, o->sets, o->n_sets, &limits, e->message, sizeof e->message);
    int rc = h ? mig_posterior_choose(o->posterior, o->fixed, &h, &scenario, 1, &s->post, e->message,
                                      sizeof e->message) : -1;
    mig_host_free(h);
    if (rc == 0) {
        mig_inputs_add(&s->in, "the posterior", s->post->path);
        rc = out ? mig_inputs_check_output(&s->in, "-o", out, e->message, sizeof e->message) : 0;
    }
    if (rc)
        return e->status = MIGSIM_E_INPUT, -1;
    mig_posterior_use(s->post, o->sets, o->n_sets, NULL, 0, notes);
    s->particle = mig_posterior_draw(s->post, o->seed, 0);
    s->o.posterior = s->post->path;
    return 0;
}

migsim_session *migsim_open(const char *scenario, const migsim_opts *o, const char *out, FILE *notes,
                            migsim_error *e)
{
    mig_inputs in = { .n = 0 };
    mig_inputs_add(&in, "the scenario", scenario);
    if (out && mig_inputs_check_output(&in, "-o", out, e->message, sizeof e->message))
        return e->status = MIGSIM_E_INPUT, NULL;
    char sha[65];
    if (mig_sha256_file(scenario, sha)) {
        mig_api_fail(e, MIGSIM_E_INPUT, "cannot read scenario %.400s: %s", scenario, strerror(errno));
        return NULL;
    }
    migsim_session *s = session_new(o, out, e);
    if (!s)
        return NULL;
    s->in = in;
    if (ckpt_opts_of(scenario, o, out, sha, s->co, e->message)) {
        e->status = MIGSIM_E_INPUT;
        migsim_close(s);
        return NULL;
    }
    s->path = s->in.path[0] = s->co->scenario;  /* the session's own copies, not the caller's */
    for (int i = 0; i < s->co->n_sets; i++)
        s->sets[i] = s->co->sets[i];
    s->o.sets = s->sets;
    mig_lua_limits limits = mig_api_limits(o);
    if (o->posterior && take_posterior(s, scenario, o, out, notes, e)) {
        migsim_close(s);
        return NULL;
    }
    s->h = mig_posterior_open(s->post, s->particle, scenario, o->seed, o->sets, o->n_sets, NULL, NULL, 0, &limits,
                              e->message, sizeof e->message);
    if (!s->h) {
        e->status = MIGSIM_E_INPUT;
        migsim_close(s);
        return NULL;
    }
    mig_host_modules_sha(s->h, s->co->modules_sha);
    if (start(s, notes, e)) {
        migsim_close(s);
        return NULL;
    }
    mig_api_ok(e);
    return s;
}

/* The folder of path ("." if it has none). */
static void folder_of(const char *path, char *dir, size_t n)
{
    snprintf(dir, n, "%.1000s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = 0;
    else
        snprintf(dir, n, ".");
}

/* Reload the scenario a checkpoint names, as it was, and restore the run's state. */
static int restore(migsim_session *s, const char *path, mig_ckpt *ck, FILE *notes, migsim_error *e)
{
    mig_ckpt_opts *co = s->co;
    /* The scenario by the name it was given, from here, if that file has the same
     * content (its chunk name, in event labels and messages, is then the same bytes,
     * also for a checkpoint carried to another copy of the project); else where it
     * was (an absolute path), if unchanged. */
    char sha[65];
    const char *where = co->scenario;
    int same = !mig_sha256_file(where, sha) && strcmp(sha, co->sha256) == 0;
    if (!same) {
        where = co->scenario_path;
        same = !mig_sha256_file(where, sha) && strcmp(sha, co->sha256) == 0;
    }
    if (!same) {
        mig_api_fail(e, MIGSIM_E_INPUT, "%.900s: the scenario %.1900s is %s since the run started (its sha256 must "
                     "match to rebuild the same hooks)", path, co->scenario_path,
                     access(co->scenario_path, R_OK) ? "gone" : "changed");
        return -1;
    }
    for (int i = 0; i < co->n_sets; i++)
        s->sets[i] = co->sets[i];
    s->o.seed = co->seed;
    s->o.sets = s->sets;
    s->o.n_sets = co->n_sets;
    s->o.lua_instructions = co->lua_instructions;
    s->o.lua_megabytes = co->lua_megabytes;
    s->o.quiet |= co->quiet;
    co->quiet = s->o.quiet;
    mig_lua_limits limits = mig_api_limits(&s->o);
    /* By the name the run was given when that is still the file (same folder): the
     * scenario's chunk names (in event labels and messages) are then the same bytes. */
    const char *scenario = mig_same_file(co->scenario, where) ? co->scenario : where;
    s->path = where;
    s->h = mig_host_open(scenario, co->seed, s->sets, co->n_sets, &limits, e->message, sizeof e->message);
    if (!s->h)
        return e->status = MIGSIM_E_INPUT, -1;
    char modules[65];
    mig_host_modules_sha(s->h, modules);
    if (strcmp(modules, co->modules_sha) != 0) {
        mig_api_fail(e, MIGSIM_E_INPUT, "%.900s: a file the scenario requires from its folder has changed since "
                     "the run started: its hooks cannot be rebuilt as they were", path);
        return -1;
    }
    if (start(s, notes, e))
        return -1;
    if (mig_checkpoint_restore(ck, &s->one, e->message))
        return e->status = MIGSIM_E_INPUT, -1;
    return 0;
}

migsim_session *migsim_resume(const char *checkpoint, const migsim_opts *o, const char *out, FILE *notes,
                              migsim_error *e)
{
    migsim_session *s = session_new(o, out, e);
    if (!s)
        return NULL;
    char err[MIG_ERR_LEN];
    mig_ckpt *ck = mig_checkpoint_read(checkpoint, s->co, err);
    if (!ck) {
        mig_api_fail(e, MIGSIM_E_INPUT, "%.900s: %.3000s", checkpoint, err);
        migsim_close(s);
        return NULL;
    }
    mig_inputs in = { .n = 0 };
    mig_inputs_add(&in, "the checkpoint", checkpoint);
    mig_inputs_add(&in, "the scenario", s->co->scenario_path);
    mig_inputs_add(&s->in, "the scenario", s->co->scenario_path);  /* the checkpoint itself is rewritten, on purpose */
    if (out && mig_inputs_check_output(&in, "-o", out, e->message, sizeof e->message)) {
        e->status = MIGSIM_E_INPUT;
        mig_checkpoint_free(ck);
        migsim_close(s);
        return NULL;
    }
    /* Nothing in the file chooses where anything is written: the result goes to out
     * (none: no file), further checkpoints beside this one. */
    if (!out && *s->co->out && notes)
        fprintf(notes, "migsim: no -o: the result is not written (the first run wrote to %.1100s)\n", s->co->out);
    folder_of(checkpoint, s->co->dir, sizeof s->co->dir);
    s->resumed = 1;
    int rc = restore(s, checkpoint, ck, notes, e);
    mig_checkpoint_free(ck);
    if (rc) {
        migsim_close(s);
        return NULL;
    }
    mig_api_ok(e);
    return s;
}

const char *migsim_name(const migsim_session *s)
{
    return mig_host_info(s->h)->name;
}

const char *migsim_scenario_path(const migsim_session *s)
{
    return s->path;
}

int migsim_is_flee(const migsim_session *s)
{
    return s->one.engine == MIG_ENGINE_FLEE;
}

const migsim_opts *migsim_options(const migsim_session *s)
{
    return &s->o;
}

void migsim_describe(const migsim_session *s, FILE *f)
{
    const mig_world *w = s->one.run ? s->one.run->world : NULL;  /* the run owns it once started */
    char a[11], b[11];
    mig_date_format(mig_host_info(s->h)->start_day, a);
    mig_date_format(mig_host_info(s->h)->stop_day, b);
    const mig_flee_model *fm = s->one.flee ? s->one.flee->m : NULL;
    if (fm)
        fprintf(f, "%s: ok (%s to %s; Flee scenario %s: %d locations, %d routes, %d closures, %d camps with counts, "
                   "%s rules)\n", s->co->scenario, a, b, fm->dir, fm->n_locs, fm->n_routes, fm->n_closures,
                fm->n_camps, fm->set.strict != 0 ? "strict" : "corrected");
    else
        fprintf(f, "%s: ok (%s to %s; %d countries, %d locations, %d routes, %d borders, %d nationalities)\n",
                s->co->scenario, a, b, w->n_countries, w->n_locations, w->n_routes, w->n_borders, w->n_nats);
}

migsim_status migsim_check(const char *scenario, const migsim_opts *o, int list, FILE *out, FILE *notes,
                           migsim_error *e)
{
    migsim_session *s = migsim_open(scenario, o, NULL, notes, e);
    if (!s)
        return e->status;
    /* The listing shows the scenario as loaded, before the hooks change it below; it
     * is written only if they pass (no half of a report before an error). */
    char *text = NULL;
    size_t len = 0;
    int rc = 0;
    if (list) {
        const mig_world *w = s->one.run ? s->one.run->world : NULL;
        const mig_flee_settings *set = s->one.flee ? &s->one.flee->set : NULL;
        FILE *mem = open_memstream(&text, &len);
        rc = !mem || mig_check_list(mem, s->h, w, set);
        if (mem && fclose(mem))  /* the text is complete only once closed */
            rc = 1;
    }
    if (rc) {
        free(text);
        migsim_close(s);
        return mig_api_fail(e, MIGSIM_E_RUN, "out of memory");
    }
    /* The session is this check's own and is thrown away after: what the hooks do
     * (set(), event(), math.random, carry) reaches nothing else. */
    if (mig_host_try_hooks(s->h, e->message, sizeof e->message)) {
        free(text);
        migsim_close(s);
        e->status = MIGSIM_E_INPUT;
        return e->status;
    }
    if (out)  /* NULL: quiet (check -q), the exit status says it all */
        migsim_describe(s, out);
    if (text && out)
        fprintf(out, "\n%s", text);
    free(text);
    migsim_close(s);
    mig_api_ok(e);
    return MIGSIM_OK;
}

/* ---- checkpoints ---------------------------------------------------------------- */

/* mkdir -p dir: every missing folder on the way, as the umask allows. 0, or -1 with err. */
static int make_folders(const char *dir, char *err)
{
    char p[1100];
    struct stat st;
    if (snprintf(p, sizeof p, "%s", dir) >= (int)sizeof p) {
        snprintf(err, MIG_ERR_LEN, "--checkpoint-dir %.400s...: the path is too long", dir);
        return -1;
    }
    for (char *c = p + 1;; c++) {
        if (*c != '/' && *c != 0)
            continue;
        char keep = *c;
        *c = 0;
        if (mkdir(p, 0777) != 0 && errno != EEXIST) {
            snprintf(err, MIG_ERR_LEN, "--checkpoint-dir %.400s: cannot create %.400s: %s", dir, p, strerror(errno));
            return -1;
        }
        *c = keep;
        if (!keep)
            break;
    }
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        snprintf(err, MIG_ERR_LEN, "--checkpoint-dir %.400s is not a folder", dir);
        return -1;
    }
    return 0;
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

/* A checkpoint does not keep a posterior: say how to run the same parameters with
 * --set instead (they are kept). */
static migsim_status posterior_no_checkpoints(const migsim_session *s, migsim_error *e)
{
    char sets[2000] = "";
    size_t n = 0;
    const mig_posterior *p = s->post;
    for (int j = 0; j < p->n_params && n < sizeof sets - 300; j++)
        if (p->used[j]) {
            /* The shortest text that reads back as the same double. */
            double v = p->samples[(size_t)s->particle * (size_t)p->n_params + (size_t)j];
            char num[40];
            snprintf(num, sizeof num, "%.15g", v);
            if (strtod(num, NULL) != v)
                snprintf(num, sizeof num, "%.17g", v);
            n += (size_t)snprintf(sets + n, sizeof sets - n, " --set %.200s=%s", p->names[j], num);
        }
    return mig_api_fail(e, MIGSIM_E_INPUT, "a run with --posterior keeps no checkpoints (they do not hold the "
                        "posterior); to checkpoint the same run, give its particle's values instead of "
                        "--posterior:%s", sets);
}

migsim_status migsim_keep_checkpoints(migsim_session *s, const char *dir, long every, long stop_after,
                                      migsim_error *e)
{
    if (!dir && !s->resumed)
        return mig_api_fail(e, MIGSIM_E_INPUT, "checkpoints need a folder (a resumed run keeps them beside its own)");
    if (s->post)
        return posterior_no_checkpoints(s, e);
    if (dir) {
        if (strlen(dir) >= sizeof s->co->dir - 64)
            return mig_api_fail(e, MIGSIM_E_INPUT, "a path is too long for a checkpoint");
        if (make_folders(dir, e->message))
            return e->status = MIGSIM_E_INPUT;
        absolute(s->co->dir, sizeof s->co->dir, dir);
    }
    if (every >= 0)
        s->co->every = every;
    s->stop_at = stop_after > 0 ? mig_single_today(&s->one) + (int)stop_after : 0;
    /* Its name is the scenario's to choose: known only now that it is loaded. */
    checkpoint_path(s->ckpt, sizeof s->ckpt, s->co->dir, migsim_name(s), s->co->seed);
    if (mig_inputs_check_output(&s->in, "the checkpoint", s->ckpt, e->message, sizeof e->message))
        return e->status = MIGSIM_E_INPUT;
    if (*s->out && mig_same_file(s->out, s->ckpt))
        return mig_api_fail(e, MIGSIM_E_INPUT, "-o %.1000s is the checkpoint %.1000s the run keeps: the result "
                            "would overwrite it", s->out, s->ckpt);
    mig_api_ok(e);
    return MIGSIM_OK;
}

const char *migsim_checkpoint_path(const migsim_session *s)
{
    return *s->ckpt ? s->ckpt : NULL;
}

/* ---- the run ------------------------------------------------------------------- */

/* After the day just simulated: write the checkpoint if due, or stop with one.
 * 1: the run stops here (e says why), 0: it goes on. */
static int checkpoint_day(migsim_session *s, int *saved_day, migsim_status *status, migsim_error *e)
{
    const mig_single *run = &s->one;
    int today = mig_single_today(run);
    int stopping = *stop_flag(s) != 0;
    int halt = (s->stop_at > 0 && today >= s->stop_at) || stopping;
    int due = s->co->every > 0 && today % s->co->every == 0;
    if (*s->ckpt && (halt || due)) {
        char err[MIG_ERR_LEN];
        if (mig_checkpoint_write(s->ckpt, s->co, run, err)) {
            if (halt) {
                *status = mig_api_fail(e, MIGSIM_E_RUN, "%s", err);
                return 1;
            }
            fprintf(stderr, "migsim: could not write the periodic checkpoint (the run goes on): %s\n", err);
        } else {
            *saved_day = today;
        }
    }
    if (!halt)
        return 0;
    char d[11], more[1200] = "";
    mig_date_format(mig_single_start_day(run) + today - 1, d);
    if (*s->out)
        snprintf(more, sizeof more, " -o %.1100s", s->out);
    *status = stopping ? MIGSIM_E_RUN : MIGSIM_OK;
    e->status = *status;
    snprintf(e->message, sizeof e->message, "%s after %s (day %d of %d): checkpoint %.2000s; continue with: migsim "
             "resume %.1000s%s", stopping ? "interrupted" : "stopped", d, today, mig_single_days(run), s->ckpt,
             s->ckpt, more);
    return 1;
}

migsim_status migsim_run(migsim_session *s, migsim_error *e)
{
    mig_api_ok(e);
    mig_host_watch(s->h, stop_flag(s));  /* a hook stuck in a loop stops too (after 5 s) */
    mig_single *run = &s->one;
    volatile sig_atomic_t *stop = stop_flag(s);
    char step_err[MIG_ERR_LEN];
    int saved_day = -1;  /* the day of the checkpoint this process wrote last */
    int failed = 0;
    migsim_status status;
    while (mig_single_today(run) < mig_single_days(run)) {
        if (*stop)
            break;  /* before the first day (a signal while loading), or with no checkpoint to write */
        if ((failed = mig_single_step(run, step_err)) != 0)
            break;
        if (mig_host_interrupted_lua(s->h))
            break;  /* the scenario's code was cut off: this day is not whole */
        if (s->o.progress)
            s->o.progress(s->o.progress_user, mig_single_today(run), mig_single_days(run));
        if (mig_single_today(run) >= mig_single_days(run))
            break;  /* done: a stop request now changes nothing */
        if (*stop && !*s->ckpt)
            break;
        if (checkpoint_day(s, &saved_day, &status, e))
            return status;
    }
    if (failed < 0 && !mig_host_interrupted_lua(s->h)) {
        /* A hook that fails only after resume most often read a Lua local set before
         * the checkpoint: locals are not saved, `carry` is. */
        if (s->resumed && mig_single_hook_failed(run))
            return mig_api_fail(e, MIGSIM_E_INPUT,
                                "%s\nthis run was resumed from a checkpoint, which keeps the `carry` table but not "
                                "values the scenario keeps in Lua locals or other globals between hooks: keep such "
                                "a value in carry.NAME (docs/scenario-api.md, Checkpoints), or for a change that "
                                "ends by itself use during{}",
                                step_err);
        return mig_api_fail(e, mig_single_hook_failed(run) ? MIGSIM_E_INPUT : MIGSIM_E_RUN, "%s", step_err);
    }
    if (mig_single_today(run) < mig_single_days(run)) {  /* interrupted */
        if (saved_day >= 0)
            return mig_api_fail(e, MIGSIM_E_RUN, "interrupted inside the scenario's code: no result; the "
                                "checkpoint of day %d stands (%.2200s)", saved_day, s->ckpt);
        return mig_api_fail(e, MIGSIM_E_RUN, "interrupted%s: nothing was written",
                            mig_host_interrupted_lua(s->h) ? " inside the scenario's code" : "");
    }
    s->finished = 1;
    return MIGSIM_OK;
}

int migsim_finished(const migsim_session *s)
{
    return s->finished;
}

migsim_doc *migsim_document(const migsim_session *s, migsim_error *e)
{
    if (!s->finished) {
        mig_api_fail(e, MIGSIM_E_RUN, "the run has not finished: no result");
        return NULL;
    }
    mig_meta meta = { migsim_name(s), s->co->scenario, s->co->sha256 };
    cJSON *doc = mig_single_output(&s->one, &meta);
    /* Only a run given --posterior says so: other runs' documents stay as they were. */
    if (doc && s->post)
        cJSON_AddItemToObject(cJSON_GetObjectItemCaseSensitive(doc, "meta"), "posterior",
                              mig_posterior_json(s->post, &s->particle, 1,
                                                 "a single run takes replicate 0's particle, draws[0]"));
    migsim_doc *d = mig_api_doc(doc, e);
    if (d)
        mig_api_ok(e);
    return d;
}

void migsim_summary(const migsim_session *s, FILE *f)
{
    mig_meta meta = { migsim_name(s), s->co->scenario, s->co->sha256 };
    if (s->post)
        fprintf(f, "parameters: particle %d of the posterior %s ('%s', %d particles)\n", s->particle, s->post->path,
                s->post->name, s->post->n_particles);
    mig_single_summary(&s->one, &meta, f);
}

void migsim_close(migsim_session *s)
{
    if (!s)
        return;
    mig_single_free(&s->one);
    mig_host_free(s->h);
    mig_posterior_free(s->post);
    free(s->co);
    free(s);
}
