/* calib_data.c: the observed series of a calibration target (a CSV file under
 * data/, or a Flee scenario's observed camp counts) and the matching simulated
 * series, picked out of a run's result document. */
#include "calib.h"
#include "date.h"
#include "export.h"
#include "sha256.h"
#include "suggest.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the window's time points ---- */

static int is_month(const char *s)
{
    return strlen(s) == 7;
}

/* The time points of t's window into t->time (months, or every t->every-th date). */
static int window_points(mig_calib_target *t, char *err, size_t errlen)
{
    int n = 0, cap = 16;
    char (*time)[16] = malloc((size_t)cap * sizeof *time);
    if (!time)
        goto oom;
    if (is_month(t->from)) {
        int y = atoi(t->from), m = atoi(t->from + 5);
        for (;;) {
            char buf[16];
            snprintf(buf, sizeof buf, "%04d-%02d", y, m);
            if (strcmp(buf, t->to) > 0)
                break;
            if (m < 1 || m > 12) {
                free(time);
                snprintf(err, errlen, "%s target '%s': window: no month %s", t->at, t->name, t->from);
                return -1;
            }
            if (n == cap) {
                void *p = realloc(time, (size_t)(cap *= 2) * sizeof *time);
                if (!p)
                    goto oom;
                time = p;
            }
            memcpy(time[n++], buf, sizeof buf);
            if (++m == 13)
                m = 1, y++;
        }
    } else {
        int a, b;
        if (mig_date_parse(t->from, &a) || mig_date_parse(t->to, &b)) {
            free(time);
            snprintf(err, errlen, "%s target '%s': window: %s or %s is not a date", t->at, t->name, t->from, t->to);
            return -1;
        }
        for (int d = a; d <= b; d += t->every) {
            if (n == cap) {
                void *p = realloc(time, (size_t)(cap *= 2) * sizeof *time);
                if (!p)
                    goto oom;
                time = p;
            }
            mig_date_format(d, time[n++]);
        }
    }
    t->time = time;
    t->n = n;
    return 0;
oom:
    free(time);
    snprintf(err, errlen, "out of memory");
    return -1;
}

static int time_index(const mig_calib_target *t, const char *when)
{
    for (int i = 0; i < t->n; i++)
        if (strcmp(t->time[i], when) == 0)
            return i;
    return -1;
}

/* ---- a small CSV reader (RFC 4180 quotes), enough for data/ ---- */

typedef struct csv_row {
    int n;
    char *f[64];
} csv_row;

/* Split one record starting at *p (in place); advances *p past it. 0 at the end. */
static int csv_next(char **p, csv_row *r)
{
    char *s = *p;
    if (!*s)
        return 0;
    r->n = 0;
    for (;;) {
        char *out = s, *start = s;
        if (*s == '"') {
            s++;
            for (;;) {
                if (!*s)
                    break;
                if (*s == '"' && s[1] == '"') {
                    *out++ = '"';
                    s += 2;
                } else if (*s == '"') {
                    s++;
                    break;
                } else
                    *out++ = *s++;
            }
            while (*s && *s != ',' && *s != '\n' && *s != '\r')
                s++;
        } else {
            while (*s && *s != ',' && *s != '\n' && *s != '\r')
                s++;
            out = s;
        }
        char sep = *s;
        *out = '\0';
        if (r->n < 64)
            r->f[r->n++] = start;
        if (sep == ',') {
            s++;
            continue;
        }
        if (sep == '\r')
            s++;
        if (sep == '\n' || (sep == '\r' && *s == '\n'))
            s++;
        break;
    }
    *p = s;
    return 1;
}

static int column(const csv_row *head, const char *name)
{
    for (int i = 0; i < head->n; i++)
        if (strcmp(head->f[i], name) == 0)
            return i;
    return -1;
}

/* "no column 'x' (did you mean 'y'? columns: ...)" */
static void no_column(const mig_calib_target *t, const csv_row *head, const char *name, char *err, size_t errlen)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    char list[600] = "";
    for (int i = 0; i < head->n; i++) {
        size_t d = mig_edit_distance(name, head->f[i]);
        if (d < best_d)
            best_d = d, best = head->f[i];
        snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", head->f[i]);
    }
    if (best && best_d <= strlen(name) / 3 + 1)
        snprintf(err, errlen, "%s target '%s': %s has no column '%s' (did you mean '%s'?)", t->at, t->name,
                 t->obs_path, name, best);
    else
        snprintf(err, errlen, "%s target '%s': %s has no column '%s' (columns: %s)", t->at, t->name, t->obs_path, name,
                 list);
}

int mig_calib_read_observed(mig_calib_target *t, char *err, size_t errlen)
{
    if (window_points(t, err, errlen))
        return -1;
    t->obs = calloc((size_t)t->n, sizeof *t->obs);
    t->sim_index = calloc((size_t)t->n, sizeof *t->sim_index);
    if (!t->obs || !t->sim_index) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (!t->obs_file[0])
        return 0;  /* a Flee scenario's observed counts: mig_calib_match_doc */
    if (mig_sha256_file(t->obs_path, t->obs_sha256)) {
        snprintf(err, errlen, "%s target '%s': cannot read %s: %s", t->at, t->name, t->obs_path, strerror(errno));
        return -1;
    }
    FILE *f = fopen(t->obs_path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s target '%s': cannot read %s: %s", t->at, t->name, t->obs_path, strerror(errno));
        return -1;
    }
    char *text = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len + 4097 > cap) {
            char *p = realloc(text, cap = cap * 2 + 8192);
            if (!p) {
                free(text);
                fclose(f);
                snprintf(err, errlen, "out of memory");
                return -1;
            }
            text = p;
        }
        size_t got = fread(text + len, 1, 4096, f);
        len += got;
        if (got < 4096)
            break;
    }
    fclose(f);
    text[len] = '\0';
    char *p = text;
    csv_row head, row;
    int rc = -1;
    int *seen_line = calloc((size_t)t->n, sizeof *seen_line);
    if (!seen_line || !csv_next(&p, &head)) {
        snprintf(err, errlen, "%s target '%s': %s is empty", t->at, t->name, t->obs_path);
        goto done;
    }
    int tcol[2] = { column(&head, t->obs_time[0]), t->obs_time[1][0] ? column(&head, t->obs_time[1]) : -2 };
    int vcol = column(&head, t->obs_value);
    int wcol[MIG_CALIB_MAX_WHERE];
    for (int i = 0; i < 2; i++)
        if (tcol[i] == -1) {
            no_column(t, &head, t->obs_time[i], err, errlen);
            goto done;
        }
    if (vcol < 0) {
        no_column(t, &head, t->obs_value, err, errlen);
        goto done;
    }
    for (int i = 0; i < t->n_obs_where; i++)
        if ((wcol[i] = column(&head, t->obs_where[i].key)) < 0) {
            no_column(t, &head, t->obs_where[i].key, err, errlen);
            goto done;
        }
    int monthly = is_month(t->from), matched = 0;
    for (int line = 2; csv_next(&p, &row); line++) {
        if (row.n == 1 && row.f[0][0] == '\0')
            continue;
        int keep = 1;
        for (int i = 0; i < t->n_obs_where && keep; i++)
            keep = wcol[i] < row.n && strcmp(row.f[wcol[i]], t->obs_where[i].value) == 0;
        if (!keep)
            continue;
        matched++;
        char when[32];
        if (tcol[0] >= row.n || (tcol[1] >= 0 && tcol[1] >= row.n)) {
            snprintf(err, errlen, "%s:%d: too few fields (target '%s')", t->obs_path, line, t->name);
            goto done;
        }
        if (tcol[1] >= 0)
            snprintf(when, sizeof when, "%04d-%02d", atoi(row.f[tcol[0]]), atoi(row.f[tcol[1]]));
        else
            snprintf(when, sizeof when, "%.*s", monthly ? 7 : 10, row.f[tcol[0]]);
        int i = time_index(t, when);
        if (i < 0)
            continue;
        char *end;
        errno = 0;
        double v = vcol < row.n ? strtod(row.f[vcol], &end) : 0;
        if (vcol >= row.n || end == row.f[vcol] || *end || errno || !(v >= 0) || v != floor(v)) {
            snprintf(err, errlen, "%s:%d: '%s' must be a count (a whole number >= 0), got '%s' (target '%s')",
                     t->obs_path, line, t->obs_value, vcol < row.n ? row.f[vcol] : "", t->name);
            goto done;
        }
        if (seen_line[i]) {
            snprintf(err, errlen, "%s:%d: a second row for %s (the first is line %d): target '%s' needs a "
                                  "narrower observed.where", t->obs_path, line, when, seen_line[i], t->name);
            goto done;
        }
        seen_line[i] = line;
        t->obs[i] = v;
    }
    if (!matched) {
        snprintf(err, errlen, "%s target '%s': no row of %s matches observed.where", t->at, t->name, t->obs_path);
        goto done;
    }
    for (int i = 0; i < t->n; i++)
        if (!seen_line[i] && !t->missing_zero) {
            snprintf(err, errlen, "%s target '%s': %s has no row for %s (missing = 0 counts months it does not "
                                  "list as zero)", t->at, t->name, t->obs_path, t->time[i]);
            goto done;
        }
    rc = 0;
done:
    free(seen_line);
    free(text);
    return rc;
}

/* ---- the simulated series ---- */

/* The series behind a native run's table t->table, its window checked against
 * its kind (months or dates). -1 with err. */
static int native_table(const mig_calib_target *t, const char **section, const char **series, const char **key1,
                        const char **key2, char *err, size_t errlen)
{
    if (mig_export_series_table(t->table, section, series, key1, key2)) {
        const char *best = NULL;
        size_t best_d = (size_t)-1;
        char list[800] = "";
        for (int i = 0; mig_export_table_name(i); i++) {
            const char *n = mig_export_table_name(i);
            size_t d = mig_edit_distance(t->table, n);
            if (d < best_d)
                best_d = d, best = n;
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", i ? ", " : "", n);
        }
        if (best && best_d <= strlen(t->table) / 3 + 2)
            snprintf(err, errlen, "%s target '%s': unknown table '%s' (did you mean '%s'?)", t->at, t->name, t->table,
                     best);
        else
            snprintf(err, errlen, "%s target '%s': unknown table '%s' (tables: %s)", t->at, t->name, t->table, list);
        return -1;
    }
    if (!is_month(t->from) != (strcmp(*section, "daily") == 0)) {
        snprintf(err, errlen, "%s target '%s': table %s is %s, so its window takes %s (\"%s\"), got %s", t->at, t->name,
                 t->table, *section, is_month(t->from) ? "dates" : "months",
                 is_month(t->from) ? "2022-01-01" : "2022-01", t->from);
        return -1;
    }
    return 0;
}

int mig_calib_check_table(const mig_calib_target *t, char *err, size_t errlen)
{
    const char *section, *series, *key1, *key2;
    if (strcmp(t->table, "camps_daily") == 0) {
        if (is_month(t->from)) {
            snprintf(err, errlen, "%s target '%s': table camps_daily is daily, so its window takes dates "
                                  "(\"2015-06-01\"), got %s", t->at, t->name, t->from);
            return -1;
        }
        return 0;  /* a Flee scenario's; checked against its run */
    }
    return native_table(t, &section, &series, &key1, &key2, err, errlen);
}

/* Where a target's series lives in a document. */
typedef struct doc_series {
    const cJSON *times;     /* "months" or "dates" */
    const cJSON *ser;       /* the series object */
    const char *key1, *key2;
    int flee;
} doc_series;

static int locate(const mig_calib_target *t, const cJSON *doc, doc_series *ds, char *err, size_t errlen)
{
    const char *schema = cJSON_GetStringValue(cJSON_GetObjectItem(doc, "schema"));
    memset(ds, 0, sizeof *ds);
    if (schema && strncmp(schema, "migsim-flee-run/", 16) == 0) {
        if (strcmp(t->table, "camps_daily") != 0) {
            snprintf(err, errlen, "%s target '%s': a Flee scenario's target is table = \"camps_daily\" with where = "
                                  "{ camp = \"NAME\" }, not '%s'", t->at, t->name, t->table);
            return -1;
        }
        ds->flee = 1;
        ds->times = cJSON_GetObjectItem(doc, "dates");
        ds->ser = cJSON_GetObjectItem(cJSON_GetObjectItem(doc, "daily"), "camps");
        ds->key1 = "camp";
        return 0;
    }
    const char *section, *series;
    if (native_table(t, &section, &series, &ds->key1, &ds->key2, err, errlen))
        return -1;
    ds->times = cJSON_GetObjectItem(doc, strcmp(section, "monthly") == 0 ? "months" : "dates");
    ds->ser = cJSON_GetObjectItem(cJSON_GetObjectItem(doc, section), series);
    return 0;
}

/* Does entry name of nesting level `col` pass t's where? */
static int passes(const mig_calib_target *t, const char *col, const char *name)
{
    for (int i = 0; i < t->n_where; i++)
        if (strcmp(t->where[i].key, col) == 0 && strcmp(t->where[i].value, name) != 0)
            return 0;
    return 1;
}

/* Item i of a series: a JSON array, or a raw node of its text (a run's result
 * keeps its series as raw text: output.c's mig_raw_array). -1 if not a number. */
static int leaf_value(const cJSON *a, int i, double *v)
{
    if (cJSON_IsArray(a)) {
        const cJSON *x = cJSON_GetArrayItem(a, i);
        if (!cJSON_IsNumber(x))
            return -1;
        *v = x->valuedouble;
        return 0;
    }
    if (!cJSON_IsRaw(a) || !a->valuestring || a->valuestring[0] != '[')
        return -1;
    const char *p = a->valuestring + 1;
    for (int k = 0; k < i; k++) {
        p = strchr(p, ',');
        if (!p)
            return -1;
        p++;
    }
    char *end;
    *v = strtod(p, &end);
    return end == p ? -1 : 0;
}

/* Add the arrays under ser that pass where (time index ti) to *sum; count them. */
static int add_matching(const mig_calib_target *t, const doc_series *ds, int ti, double *sum, int *count)
{
    const cJSON *a;
    cJSON_ArrayForEach(a, ds->ser)
    {
        if (!passes(t, ds->key1, a->string))
            continue;
        if (ds->flee) {
            double v;
            if (leaf_value(cJSON_GetObjectItem(a, "simulated"), ti, &v))
                return -1;
            *sum += v;
            (*count)++;
            continue;
        }
        if (!ds->key2) {
            double v;
            if (leaf_value(a, ti, &v))
                return -1;
            *sum += v;
            (*count)++;
            continue;
        }
        const cJSON *b;
        cJSON_ArrayForEach(b, a)
        {
            if (!passes(t, ds->key2, b->string))
                continue;
            double v;
            if (leaf_value(b, ti, &v))
                return -1;
            *sum += v;
            (*count)++;
        }
    }
    return 0;
}

/* The names at nesting level col (1 or 2) for a message: "SYR, AFG, ..." */
static void names_at(const doc_series *ds, int level, const char *want, char *buf, size_t n, const char **best)
{
    size_t best_d = (size_t)-1;
    *best = NULL;
    buf[0] = '\0';
    const cJSON *a;
    cJSON_ArrayForEach(a, ds->ser)
    {
        const cJSON *b = level == 1 ? a : a->child;
        for (; b; b = level == 1 ? NULL : b->next) {
            if (level == 2 && a != ds->ser->child)
                break;  /* the second level's names, from the first entry */
            size_t d = mig_edit_distance(want, b->string);
            if (d < best_d)
                best_d = d, *best = b->string;
            if (strlen(buf) + strlen(b->string) + 8 < n)
                snprintf(buf + strlen(buf), n - strlen(buf), "%s%s", buf[0] ? ", " : "", b->string);
        }
    }
    if (best_d > strlen(want) / 3 + 1)
        *best = NULL;
}

int mig_calib_match_doc(mig_calib_target *t, const cJSON *doc, char *err, size_t errlen)
{
    doc_series ds;
    if (locate(t, doc, &ds, err, errlen))
        return -1;
    if (!cJSON_IsArray(ds.times) || !cJSON_IsObject(ds.ser)) {
        snprintf(err, errlen, "%s target '%s': the run's result has no series for table %s", t->at, t->name, t->table);
        return -1;
    }
    for (int i = 0; i < t->n_where; i++) {
        const char *k = t->where[i].key;
        int level = strcmp(k, ds.key1) == 0 ? 1 : ds.key2 && strcmp(k, ds.key2) == 0 ? 2 : 0;
        if (!level) {
            snprintf(err, errlen, "%s target '%s': table %s has no column '%s' to match (columns: %s%s%s)", t->at,
                     t->name, t->table, k, ds.key1, ds.key2 ? ", " : "", ds.key2 ? ds.key2 : "");
            return -1;
        }
        int found = 0;
        const cJSON *a;
        cJSON_ArrayForEach(a, ds.ser)
        {
            if (level == 1)
                found |= strcmp(a->string, t->where[i].value) == 0;
            else
                for (const cJSON *b = a->child; b && !ds.flee; b = b->next)
                    found |= strcmp(b->string, t->where[i].value) == 0;
        }
        if (!found) {
            char list[600];
            const char *best;
            names_at(&ds, level, t->where[i].value, list, sizeof list, &best);
            if (best)
                snprintf(err, errlen, "%s target '%s': table %s has no %s '%s' (did you mean '%s'?)", t->at, t->name,
                         t->table, k, t->where[i].value, best);
            else
                snprintf(err, errlen, "%s target '%s': table %s has no %s '%s' (it has: %s)", t->at, t->name, t->table,
                         k, t->where[i].value, list);
            return -1;
        }
    }
    int nt = cJSON_GetArraySize(ds.times);
    const char *first = cJSON_GetStringValue(cJSON_GetArrayItem(ds.times, 0));
    const char *last = cJSON_GetStringValue(cJSON_GetArrayItem(ds.times, nt - 1));
    for (int i = 0; i < t->n; i++) {
        t->sim_index[i] = -1;
        for (int j = 0; j < nt && t->sim_index[i] < 0; j++) {
            const char *s = cJSON_GetStringValue(cJSON_GetArrayItem(ds.times, j));
            if (s && strcmp(s, t->time[i]) == 0)
                t->sim_index[i] = j;
        }
        if (t->sim_index[i] < 0) {
            snprintf(err, errlen, "%s target '%s': the window %s to %s is not inside the simulated (reported) period, "
                                  "%s to %s (%s is not)", t->at, t->name, t->from, t->to, first ? first : "?",
                     last ? last : "?", t->time[i]);
            return -1;
        }
    }
    if (ds.flee && !t->obs_file[0]) {
        /* The observed counts the Flee scenario's data hold: the camps that pass where, summed. */
        for (int i = 0; i < t->n; i++) {
            double sum = 0;
            const cJSON *a;
            cJSON_ArrayForEach(a, ds.ser)
            {
                if (!passes(t, ds.key1, a->string))
                    continue;
                double v;
                if (leaf_value(cJSON_GetObjectItem(a, "observed"), t->sim_index[i], &v)) {
                    snprintf(err, errlen, "%s target '%s': camp %s has no observed count on %s", t->at, t->name,
                             a->string, t->time[i]);
                    return -1;
                }
                sum += v;
            }
            t->obs[i] = floor(sum + 0.5);
        }
    } else if (!t->obs_file[0]) {
        snprintf(err, errlen, "%s target '%s': observed = \"flee\" needs a Flee scenario", t->at, t->name);
        return -1;
    }
    return 0;
}

int mig_calib_series(const mig_calib_target *t, const cJSON *doc, double *v)
{
    doc_series ds;
    char err[512];
    if (locate(t, doc, &ds, err, sizeof err) || !cJSON_IsObject(ds.ser)) {
        return -1;
    }
    for (int i = 0; i < t->n; i++) {
        double sum = 0;
        int count = 0;
        if (add_matching(t, &ds, t->sim_index[i], &sum, &count)) {
            return -1;
        }
        v[i] = sum;
    }
    return 0;
}
