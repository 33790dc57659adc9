/* posterior.c: replicates that draw their parameters from a posterior sample (see posterior.h). */
#include "posterior.h"
#include "api.h"
#include "buf.h"
#include "params.h"
#include "rng.h"
#include "sha256.h"
#include "utf8.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A calibration of a few thousand particles is a few MB; more is not a posterior file. */
#define MAX_BYTES ((size_t)512 << 20)

void mig_posterior_free(mig_posterior *p)
{
    if (!p)
        return;
    for (int j = 0; p->names && j < p->n_params; j++)
        free(p->names[j]);
    free(p->names);
    free(p->samples);
    free(p->weights);
    free(p->cumulative);
    free(p->used);
    free(p);
}

/* The line of byte `at` of text (1-based), for a parse error. */
static int line_of(const char *text, size_t at)
{
    int line = 1;
    for (size_t i = 0; i < at && text[i]; i++)
        line += text[i] == '\n';
    return line;
}

/* posterior.parameters: distinct strings. 0, or -1 with err. */
static int read_names(mig_posterior *p, const cJSON *a, char *err, size_t errlen)
{
    int n = cJSON_GetArraySize(a);
    if (!cJSON_IsArray(a) || n < 1) {
        snprintf(err, errlen, "%s: posterior.parameters must be a list of at least one parameter key", p->path);
        return -1;
    }
    p->names = calloc((size_t)n, sizeof *p->names);
    if (!p->names) {
        snprintf(err, errlen, "out of memory reading %s", p->path);
        return -1;
    }
    p->n_params = n;
    int j = 0;
    for (const cJSON *x = a->child; x; x = x->next, j++) {
        if (!cJSON_IsString(x) || !*x->valuestring || strlen(x->valuestring) >= 200) {
            snprintf(err, errlen, "%s: posterior.parameters[%d] must be a parameter key (text)", p->path, j);
            return -1;
        }
        for (int i = 0; i < j; i++)
            if (strcmp(p->names[i], x->valuestring) == 0) {
                snprintf(err, errlen, "%s: posterior.parameters[%d] is '%s' again (posterior.parameters[%d])", p->path,
                         j, x->valuestring, i);
                return -1;
            }
        if (!(p->names[j] = strdup(x->valuestring))) {
            snprintf(err, errlen, "out of memory reading %s", p->path);
            return -1;
        }
    }
    return 0;
}

/* posterior.samples: one row of n_params finite numbers per particle. */
static int read_samples(mig_posterior *p, const cJSON *a, char *err, size_t errlen)
{
    int n = cJSON_GetArraySize(a);
    if (!cJSON_IsArray(a) || n < 1) {
        snprintf(err, errlen, "%s: posterior.samples must be a list of at least one particle (a list of %d values)",
                 p->path, p->n_params);
        return -1;
    }
    p->n_particles = n;
    p->samples = malloc((size_t)n * (size_t)p->n_params * sizeof *p->samples);
    if (!p->samples) {
        snprintf(err, errlen, "out of memory reading %s (%d particles)", p->path, n);
        return -1;
    }
    int i = 0;
    for (const cJSON *row = a->child; row; row = row->next, i++) {
        if (!cJSON_IsArray(row) || cJSON_GetArraySize(row) != p->n_params) {
            snprintf(err, errlen, "%s: posterior.samples[%d] must be a list of %d numbers, one per posterior.parameters",
                     p->path, i, p->n_params);
            return -1;
        }
        int j = 0;
        for (const cJSON *x = row->child; x; x = x->next, j++) {
            if (!cJSON_IsNumber(x) || !isfinite(x->valuedouble)) {
                snprintf(err, errlen, "%s: posterior.samples[%d][%d] (%s) is not a finite number", p->path, i, j,
                         p->names[j]);
                return -1;
            }
            p->samples[(size_t)i * (size_t)p->n_params + (size_t)j] = x->valuedouble;
        }
    }
    return 0;
}

/* posterior.weights: one weight >= 0 per particle, summing to more than 0; normalised. */
static int read_weights(mig_posterior *p, const cJSON *a, char *err, size_t errlen)
{
    if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) != p->n_particles) {
        snprintf(err, errlen, "%s: posterior.weights must be a list of %d numbers, one per particle of "
                              "posterior.samples", p->path, p->n_particles);
        return -1;
    }
    p->weights = malloc((size_t)p->n_particles * sizeof *p->weights);
    p->cumulative = malloc((size_t)p->n_particles * sizeof *p->cumulative);
    if (!p->weights || !p->cumulative) {
        snprintf(err, errlen, "out of memory reading %s", p->path);
        return -1;
    }
    double sum = 0;
    int i = 0;
    for (const cJSON *x = a->child; x; x = x->next, i++) {
        if (!cJSON_IsNumber(x) || !isfinite(x->valuedouble) || x->valuedouble < 0) {
            snprintf(err, errlen, "%s: posterior.weights[%d] must be a finite number >= 0%s", p->path, i,
                     cJSON_IsNumber(x) && x->valuedouble < 0 ? " (it is negative)" : "");
            return -1;
        }
        p->weights[i] = x->valuedouble;
        sum += x->valuedouble;
    }
    if (!(sum > 0) || !isfinite(sum)) {
        snprintf(err, errlen, "%s: posterior.weights must sum to a finite number above 0", p->path);
        return -1;
    }
    /* In file order, so that every process gets the same bits. */
    double run = 0, sq = 0;
    for (i = 0; i < p->n_particles; i++) {
        p->weights[i] /= sum;
        run += p->weights[i];
        sq += p->weights[i] * p->weights[i];
        p->cumulative[i] = run < 1 ? run : 1;  /* rounding must not pass the last particle's 1 */
    }
    /* The last particle of positive weight closes the interval: a draw in [0, 1) always lands. */
    for (i = p->n_particles - 1; i >= 0 && p->weights[i] == 0; i--)
        p->cumulative[i] = 2;
    p->cumulative[i] = 1;
    p->ess = 1 / sq;
    return 0;
}

static int read_doc(mig_posterior *p, const cJSON *doc, char *err, size_t errlen)
{
    const cJSON *schema = cJSON_GetObjectItemCaseSensitive(doc, "schema");
    if (!cJSON_IsObject(doc) || !cJSON_IsString(schema) || strcmp(schema->valuestring, MIG_POSTERIOR_SCHEMA) != 0) {
        char got[80];
        mig_utf8_copy(got, sizeof got, cJSON_IsString(schema) ? schema->valuestring : "none");
        snprintf(err, errlen, "%s: schema is '%s', not '" MIG_POSTERIOR_SCHEMA "' (a posterior is what `migsim "
                              "calibrate` writes)", p->path, got);
        return -1;
    }
    const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(doc,
                                                                                                              "meta"),
                                                                              "name"));
    mig_utf8_copy(p->name, sizeof p->name, name ? name : "");
    const cJSON *post = cJSON_GetObjectItemCaseSensitive(doc, "posterior");
    if (!cJSON_IsObject(post)) {
        snprintf(err, errlen, "%s: it has no posterior (an object with parameters, samples and weights)", p->path);
        return -1;
    }
    if (read_names(p, cJSON_GetObjectItemCaseSensitive(post, "parameters"), err, errlen) ||
        read_samples(p, cJSON_GetObjectItemCaseSensitive(post, "samples"), err, errlen) ||
        read_weights(p, cJSON_GetObjectItemCaseSensitive(post, "weights"), err, errlen))
        return -1;
    p->used = malloc((size_t)p->n_params);
    if (!p->used) {
        snprintf(err, errlen, "out of memory reading %s", p->path);
        return -1;
    }
    memset(p->used, 1, (size_t)p->n_params);
    p->n_used = p->n_params;
    return 0;
}

mig_posterior *mig_posterior_read(const char *path, char *err, size_t errlen)
{
    /* Its path goes into results (meta.posterior.path), which are JSON and so UTF-8. */
    if (mig_utf8_invalid_at(path, strlen(path)) >= 0) {
        snprintf(err, errlen, "%.900s: the posterior's file name is not valid UTF-8 (results name it in JSON): rename "
                              "the file", path);
        return NULL;
    }
    mig_posterior *p = calloc(1, sizeof *p);
    if (!p) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    snprintf(p->path, sizeof p->path, "%s", path);
    size_t n;
    int missing = 0;
    errno = 0;
    unsigned char *data = mig_read_file(path, MAX_BYTES + 1, &n, &missing);
    if (!data) {
        snprintf(err, errlen, "cannot read the posterior %.1000s: %s", path,
                 missing ? "no such file" : errno ? strerror(errno) : "unreadable");
        free(p);
        return NULL;
    }
    if (n > MAX_BYTES) {
        snprintf(err, errlen, "%.1000s: larger than %zu MB: not a posterior sample", path, MAX_BYTES >> 20);
        free(data);
        free(p);
        return NULL;
    }
    unsigned char digest[32];
    mig_sha256(data, n, digest);
    for (int i = 0; i < 32; i++)
        snprintf(p->sha256 + 2 * i, 3, "%02x", digest[i]);
    const char *end = NULL;
    cJSON *doc = cJSON_ParseWithLengthOpts((const char *)data, n, &end, 0);
    int rc = -1;
    if (!doc)
        snprintf(err, errlen, "%.1000s:%d: not JSON (a posterior is what `migsim calibrate` writes)", path,
                 line_of((const char *)data, end ? (size_t)(end - (const char *)data) : 0));
    else
        rc = read_doc(p, doc, err, errlen);
    cJSON_Delete(doc);
    free(data);
    if (rc) {
        mig_posterior_free(p);
        return NULL;
    }
    return p;
}

int mig_posterior_check(const mig_posterior *p, const mig_world *w, const char *scenario, char *err, size_t errlen)
{
    char e[MIG_ERR_LEN];
    for (int j = 0; j < p->n_params; j++) {
        mig_param_ref ref;
        if (mig_param_find(w, p->names[j], &ref, e)) {
            snprintf(err, errlen, "%.1000s: posterior.parameters[%d]: %s, in the world of %.1000s", p->path, j, e,
                     scenario);
            return -1;
        }
        char name[260];
        snprintf(name, sizeof name, "parameter '%s'", p->names[j]);
        for (int i = 0; i < p->n_particles; i++)
            if (mig_param_check(ref.spec, name, p->samples[(size_t)i * (size_t)p->n_params + (size_t)j], e)) {
                snprintf(err, errlen, "%.1000s: posterior.samples[%d][%d]: %s", p->path, i, j, e);
                return -1;
            }
    }
    return 0;
}

/* The key of a --set text ("KEY=VALUE"), compared with key. */
static int set_names(const char *set, const char *key)
{
    size_t n = strcspn(set, "=");
    return set[n] == '=' && strlen(key) == n && strncmp(set, key, n) == 0;
}

void mig_posterior_use(mig_posterior *p, const char *const *sets, int n_sets, const char *const *held, int n_held,
                       FILE *notes)
{
    char list[1200] = "";
    size_t len = 0;
    p->n_used = 0;
    for (int j = 0; j < p->n_params; j++) {
        int by_set = 0, by_param = 0;
        for (int i = 0; i < n_sets && !by_set; i++)
            by_set = set_names(sets[i], p->names[j]);
        for (int i = 0; i < n_held && !by_param; i++)
            by_param = strcmp(held[i], p->names[j]) == 0;
        p->used[j] = !by_set && !by_param;
        p->n_used += p->used[j];
        if (by_set && len + strlen(p->names[j]) + 8 < sizeof list)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", len ? ", " : "", p->names[j]);
    }
    if (len && notes)
        fprintf(notes, "migsim: note: --set holds %s: the posterior's values of %s are not used\n", list,
                strchr(list, ',') ? "these parameters" : "that parameter");
}

/* path with "." and "dir/.." parts taken out, for messages and meta (scenarios/../data/x
 * is data/x), into out; path itself where that names another file (dir a link). */
static void tidy_path(const char *path, char *out, size_t n)
{
    char buf[2100];
    const char *part[256];
    int k = 0;
    snprintf(buf, sizeof buf, "%s", path);
    for (char *save = NULL, *t = strtok_r(buf, "/", &save); t && k < 256; t = strtok_r(NULL, "/", &save)) {
        if (strcmp(t, ".") == 0)
            continue;
        if (strcmp(t, "..") == 0 && k > 0 && strcmp(part[k - 1], "..") != 0)
            k--;
        else
            part[k++] = t;
    }
    size_t len = (size_t)snprintf(out, n, "%s", path[0] == '/' ? "/" : "");
    for (int i = 0; i < k && len < n; i++)
        len += (size_t)snprintf(out + len, n - len, "%s%s", i ? "/" : "", part[i]);
    if (k == 0 || len >= n || !mig_same_file(out, path))
        snprintf(out, n, "%s", path);
}

/* "file:line:" of a declaration as "file:line", into out. */
static void where_text(const char *where, char *out, size_t n)
{
    snprintf(out, n, "%s", where);
    for (size_t len = strlen(out); len > 0 && (out[len - 1] == ':' || out[len - 1] == ' '); len--)
        out[len - 1] = 0;
}

int mig_posterior_choose(const char *given, int fixed, mig_host *const *hosts, const char *const *scenarios, int n,
                         mig_posterior **out, char *err, size_t errlen)
{
    *out = NULL;
    if (given && fixed) {
        snprintf(err, errlen, "--posterior and --fixed exclude each other");
        return -1;
    }
    const char *path = given, *where = "";
    int by = -1;  /* the host whose declaration is used */
    for (int k = 0; k < n && !given && !fixed; k++) {
        const char *w, *d = mig_host_default_posterior(hosts[k], &w);
        if (!d)
            continue;
        if (!path) {
            path = d, where = w, by = k;
        } else if (!mig_same_file(path, d)) {
            char wa[MIG_WHERE_LEN], wb[MIG_WHERE_LEN];
            where_text(where, wa, sizeof wa);
            where_text(w, wb, sizeof wb);
            snprintf(err, errlen, "the scenarios declare different default posteriors: %.900s declares %.900s (at %s) "
                                  "and %.900s declares %.900s (at %s): give --posterior FILE, or --fixed for the "
                                  "scenarios' own values", scenarios[by], path, wa, scenarios[k], d, wb);
            return -1;
        }
    }
    if (!path)
        return 0;
    for (int k = 0; k < n; k++)
        if (mig_host_is_flee(hosts[k])) {
            snprintf(err, errlen, "%.1000s runs under Flee's rules (flee.load), whose settings a posterior of migsim's "
                                  "own parameters does not fit: run it %s", scenarios[k],
                     given ? "without --posterior" : "with --fixed");
            return -1;
        }
    char e[MIG_ERR_LEN], tidy[2100], at[MIG_WHERE_LEN];
    tidy_path(path, tidy, sizeof tidy);
    where_text(where, at, sizeof at);
    mig_posterior *p = mig_posterior_read(tidy, e, sizeof e);
    if (!p) {
        if (given)
            snprintf(err, errlen, "--posterior: %s", e);
        else
            snprintf(err, errlen, "%s (the default posterior that %.900s declares: default_posterior() at %s): give "
                                  "--posterior FILE for another one, or --fixed for the scenario's own values", e,
                     scenarios[by], at);
        return -1;
    }
    if (!given)
        snprintf(p->declared, sizeof p->declared, "%.1000s (default_posterior() at %s)", scenarios[by], at);
    for (int k = 0; k < n; k++)
        if (mig_posterior_check(p, mig_host_world(hosts[k]), scenarios[k], err, errlen)) {
            mig_posterior_free(p);
            return -1;
        }
    *out = p;
    return 0;
}

int mig_posterior_draw(const mig_posterior *p, uint64_t master_seed, uint64_t slot)
{
    uint64_t key = mig_rng_subkey(mig_rng_purpose_key(master_seed, MIG_RNG_POSTERIOR), slot);
    double u = mig_u01(key, 0);
    int lo = 0, hi = p->n_particles - 1;
    while (lo < hi) {  /* the first particle whose cumulative weight passes u */
        int mid = lo + (hi - lo) / 2;
        if (p->cumulative[mid] > u)
            hi = mid;
        else
            lo = mid + 1;
    }
    return lo;
}

mig_host *mig_posterior_open(const mig_posterior *p, int particle, const char *path, uint64_t seed,
                             const char *const *sets, int n_sets, const char *const *keys, const double *values,
                             int n_values, const mig_lua_limits *limits, char *err, size_t errlen)
{
    if (!p)
        return mig_host_open_with(path, seed, sets, n_sets, keys, values, n_values, limits, err, errlen);
    int n = p->n_used + n_values, m = 0;
    const char **k = malloc((size_t)(n > 0 ? n : 1) * sizeof *k);
    double *v = malloc((size_t)(n > 0 ? n : 1) * sizeof *v);
    if (!k || !v) {
        free(k);
        free(v);
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    for (int j = 0; j < p->n_params; j++)
        if (p->used[j]) {
            k[m] = p->names[j];
            v[m++] = p->samples[(size_t)particle * (size_t)p->n_params + (size_t)j];
        }
    for (int i = 0; i < n_values; i++, m++)
        k[m] = keys[i], v[m] = values[i];
    mig_host *h = mig_host_open_with(path, seed, sets, n_sets, k, v, m, limits, err, errlen);
    free(k);
    free(v);
    size_t len = strlen(err);
    if (!h && len + 64 < errlen)  /* a combination of values the world refuses (shares above 1) */
        snprintf(err + len, errlen - len, " (particle %d of the posterior %.900s)", particle, p->path);
    return h;
}

cJSON *mig_posterior_json(const mig_posterior *p, const int *draws, int n_draws, const char *scheme)
{
    if (!p)
        return cJSON_CreateNull();
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "path", p->path);
    cJSON_AddStringToObject(o, "sha256", p->sha256);
    cJSON_AddStringToObject(o, "name", p->name);
    if (p->declared[0])
        cJSON_AddStringToObject(o, "declared_by", p->declared);
    else
        cJSON_AddNullToObject(o, "declared_by");
    cJSON_AddNumberToObject(o, "particles", p->n_particles);
    cJSON_AddNumberToObject(o, "ess", p->ess);
    cJSON *used = cJSON_AddArrayToObject(o, "parameters"), *held = cJSON_AddArrayToObject(o, "held");
    for (int j = 0; j < p->n_params; j++)
        cJSON_AddItemToArray(p->used[j] ? used : held, cJSON_CreateString(p->names[j]));
    if (draws) {
        cJSON_AddItemToObject(o, "draws", cJSON_CreateIntArray(draws, n_draws));
        cJSON_AddStringToObject(o, "scheme", scheme);
    }
    return o;
}

void mig_posterior_identity(const mig_posterior *p, mig_buf *b)
{
    if (!p)
        return;
    mig_buf_str(b, "posterior");
    mig_buf_str(b, p->sha256);
    mig_buf_u64(b, (uint64_t)p->n_used);
    for (int j = 0; j < p->n_params; j++)
        if (p->used[j])
            mig_buf_str(b, p->names[j]);
}
