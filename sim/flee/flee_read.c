/* flee_read.c: read a Flee scenario folder (docs/flee.md; Flee's InputGeography.py,
 * DataTable.py, handle_refugee_data.py, SimulationSettings.py) into a mig_flee_model.
 *
 * Where Flee crashes on a malformed file, this reader stops with "PATH:LINE: message";
 * where Flee silently accepts something migsim does not model, it adds a note. The
 * camp series keep Flee's exact semantics (AddCSVTables for extra files, the
 * level-1 registration corrections), so a run sees the numbers Flee sees. */
#include "date.h"
#include "flee.h"
#include "suggest.h"
#include "sha256.h"
#include "utf8.h"

#include <yaml.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define FLEE_PATH_LEN 2048
#define FLEE_LINE_MAX (1 << 20)     /* bytes in one line of a CSV file */
#define FLEE_FIELD_MAX 4096         /* bytes in one CSV field */
#define FLEE_FILE_MAX (256L << 20)  /* bytes in one file */
#define FLEE_MAX_DAYS 1000000       /* sim_period.csv Length, conflicts.csv rows */

/* ---- small helpers ---- */

static void copy_name(char *dst, const char *src)
{
    mig_utf8_copy(dst, MIG_FLEE_NAME, src);
}

/* "PATH:LINE: " into where, keeping the end of a long path. */
static void set_where(char *where, const char *path, int line)
{
    char buf[FLEE_PATH_LEN + 32];
    snprintf(buf, sizeof buf, "%s:%d: ", path, line);
    size_t n = strlen(buf);
    if (n < MIG_WHERE_LEN)
        memcpy(where, buf, n + 1);
    else {
        const char *tail = buf + n - (MIG_WHERE_LEN - 4);
        while ((*tail & 0xC0) == 0x80)  /* not inside a character */
            tail++;
        snprintf(where, MIG_WHERE_LEN, "...%s", tail);
    }
}

/* An integer (a number with no fraction) within +-1e9. */
static int parse_int(const char *t, int *v)
{
    double x;
    if (mig_flee_parse_number(t, &x) || x != floor(x) || fabs(x) > 1e9)
        return -1;
    *v = (int)x;
    return 0;
}

/* YYYY-MM-DD, where month and day may have one digit (Python's strptime "%Y-%m-%d"). */
static int parse_date(const char *t, int *days)
{
    int y = 0, mo = 0, d = 0, i = 0;
    for (int k = 0; k < 4; k++, i++) {
        if (!isdigit((unsigned char)t[i]))
            return -1;
        y = y * 10 + (t[i] - '0');
    }
    if (t[i++] != '-')
        return -1;
    int nd = 0;
    while (isdigit((unsigned char)t[i]) && nd < 2) {
        mo = mo * 10 + (t[i++] - '0');
        nd++;
    }
    if (!nd || t[i++] != '-')
        return -1;
    nd = 0;
    while (isdigit((unsigned char)t[i]) && nd < 2) {
        d = d * 10 + (t[i++] - '0');
        nd++;
    }
    if (!nd || t[i])
        return -1;
    char buf[32];
    snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, mo, d);
    return mig_date_parse(buf, days);
}

static int contains_ci(const char *s, const char *sub)
{
    size_t n = strlen(sub);
    for (; *s; s++)
        if (strncasecmp(s, sub, n) == 0)
            return 1;
    return 0;
}

/* dir + "/" + rel into out (FLEE_PATH_LEN). */
static int join_path(char *out, const char *dir, const char *rel, char *err)
{
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    int w = snprintf(out, FLEE_PATH_LEN, "%.*s/%s", (int)n, dir, rel);
    if (w < 0 || w >= FLEE_PATH_LEN) {
        snprintf(err, MIG_ERR_LEN, "%.200s.../%.200s: path too long", dir, rel);
        return -1;
    }
    return 0;
}

/* ---- a CSV file as Python's csv.reader splits it ---- */

typedef struct csv_file {
    char path[FLEE_PATH_LEN];
    char *buf;                /* the whole file, NUL-terminated; rows are unquoted in place */
    size_t len, pos;
    int line, next_line;      /* line of the current row; of the next physical line */
    char **f;                 /* fields of the current row, trimmed */
    int nf, cap;
} csv_file;

static void csv_close(csv_file *c)
{
    free(c->buf);
    free(c->f);
    c->buf = NULL;
    c->f = NULL;
}

/* Read path into memory. Returns 1, 0 if it does not exist and optional, or -1 with err. */
static int slurp(const char *path, int optional, char **out, size_t *len, char *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        if (optional && errno == ENOENT)
            return 0;
        snprintf(err, MIG_ERR_LEN, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        fclose(fp);
        snprintf(err, MIG_ERR_LEN, "%s: out of memory", path);
        return -1;
    }
    for (;;) {
        if (n + 1 >= cap) {
            if (cap > (size_t)FLEE_FILE_MAX) {
                free(buf);
                fclose(fp);
                snprintf(err, MIG_ERR_LEN, "%s: larger than %ld MB", path, FLEE_FILE_MAX >> 20);
                return -1;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                fclose(fp);
                snprintf(err, MIG_ERR_LEN, "%s: out of memory", path);
                return -1;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(fp);
    fclose(fp);
    if (bad) {
        free(buf);
        snprintf(err, MIG_ERR_LEN, "%s: read error", path);
        return -1;
    }
    buf[n] = 0;
    if (memchr(buf, 0, n)) {
        free(buf);
        snprintf(err, MIG_ERR_LEN, "%s: contains a NUL byte (not a text file)", path);
        return -1;
    }
    *out = buf;
    *len = n;
    return 1;
}

static int csv_open(csv_file *c, const char *path, int optional, char *err)
{
    memset(c, 0, sizeof *c);
    snprintf(c->path, sizeof c->path, "%s", path);
    int r = slurp(path, optional, &c->buf, &c->len, err);
    if (r <= 0)
        return r;
    if (c->len >= 3 && memcmp(c->buf, "\xEF\xBB\xBF", 3) == 0)
        c->pos = 3;
    c->next_line = 1;
    return 1;
}

static int csv_fail(const csv_file *c, char *err, const char *fmt, ...)
{
    char msg[MIG_ERR_LEN / 2];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(err, MIG_ERR_LEN, "%.1900s:%d: %s", c->path, c->line, msg);
    return -1;
}

static int csv_push(csv_file *c, char *field, char *err)
{
    if (c->nf >= c->cap) {
        int nc = c->cap ? c->cap * 2 : 16;
        char **nf = realloc(c->f, (size_t)nc * sizeof *nf);
        if (!nf)
            return csv_fail(c, err, "out of memory");
        c->f = nf;
        c->cap = nc;
    }
    c->f[c->nf++] = field;
    return 0;
}

/* The next non-blank row into c->f/c->nf (comment rows included). Line ends
 * may be \n, \r\n or \r. Returns 1, 0 at the end, or -1 with err. */
static int csv_next(csv_file *c, char *err)
{
    while (c->pos < c->len) {
        char *start = c->buf + c->pos;
        size_t n = strcspn(start, "\r\n");
        c->line = c->next_line++;
        if (n > FLEE_LINE_MAX)
            return csv_fail(c, err, "line longer than %d bytes", FLEE_LINE_MAX);
        size_t next = c->pos + n;
        if (start[n] == '\r' && start[n + 1] == '\n')
            next += 2;
        else if (start[n])
            next += 1;
        start[n] = 0;
        c->pos = next;
        long bad = mig_utf8_invalid_at(start, n);
        if (bad >= 0)
            return csv_fail(c, err, "not valid UTF-8 at byte %ld of the line (0x%02X): save the file as UTF-8",
                            bad + 1, (unsigned)(unsigned char)start[bad]);
        const char *p = start;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!*p)
            continue;
        /* Unquote in place: the write position never passes the read position. */
        c->nf = 0;
        char *r = start, *w = start;
        for (;;) {
            while (*r == ' ' || *r == '\t')
                r++;
            char *fs = w;
            if (*r == '"') {
                r++;
                for (;;) {
                    if (!*r)
                        return csv_fail(c, err, "unterminated quoted field (quotes must close on the same line)");
                    if (*r == '"') {
                        if (r[1] == '"') {
                            *w++ = '"';
                            r += 2;
                        } else {
                            r++;
                            break;
                        }
                    } else {
                        *w++ = *r++;
                    }
                }
            }
            while (*r && *r != ',')
                *w++ = *r++;
            char *fe = w;
            while (fe > fs && (fe[-1] == ' ' || fe[-1] == '\t'))
                fe--;
            if (fe - fs > FLEE_FIELD_MAX)
                return csv_fail(c, err, "field %d is longer than %d bytes", c->nf + 1, FLEE_FIELD_MAX);
            char at = *r;
            *fe = 0;
            if (csv_push(c, fs, err))
                return -1;
            w = fe + 1;
            if (at != ',')
                break;
            r++;
        }
        return 1;
    }
    return 0;
}

static int csv_comment(const csv_file *c)
{
    return c->nf > 0 && c->f[0][0] == '#';
}

/* Fields from index `from` on are all empty (a trailing comma or two). */
static int csv_rest_empty(const csv_file *c, int from)
{
    for (int i = from; i < c->nf; i++)
        if (c->f[i][0])
            return 0;
    return 1;
}

/* A name field that fits MIG_FLEE_NAME, or an error. */
static int csv_name(const csv_file *c, int i, const char *what, char *err)
{
    if (strlen(c->f[i]) >= MIG_FLEE_NAME) {
        char head[41];
        mig_utf8_copy(head, sizeof head, c->f[i]);
        return csv_fail(c, err, "%s '%s...' is longer than %d bytes", what, head, MIG_FLEE_NAME - 1);
    }
    return 0;
}

static int oom(char *err)
{
    snprintf(err, MIG_ERR_LEN, "out of memory");
    return -1;
}

/* What a reader does with one row: 0 to go on, -1 with err to stop. */
typedef int (*csv_row_fn)(csv_file *c, void *ctx, char *err);

/* Call row on each non-blank row of an open file, comment rows included (some
 * files have their header there). Returns 0 at the end, or -1 with err. */
static int csv_rows(csv_file *c, csv_row_fn row, void *ctx, char *err)
{
    int r;
    while ((r = csv_next(c, err)) > 0)
        if (row(c, ctx, err) < 0)
            return -1;
    return r < 0 ? -1 : 0;
}

/* Open path, csv_rows, close. Returns 1, 0 if it does not exist and optional, or -1 with err. */
static int csv_each(const char *path, int optional, csv_row_fn row, void *ctx, char *err)
{
    csv_file c;
    int r = csv_open(&c, path, optional, err);
    if (r <= 0)
        return r;
    r = csv_rows(&c, row, ctx, err);
    csv_close(&c);
    return r < 0 ? -1 : 1;
}

/* A header row's extra columns, from column `from` on: (*attr)[i] is 1 + the index
 * of column i's name in names, or 0 for a column migsim does not model (noted). */
static int header_attrs(mig_flee_model *m, const char *path, const csv_file *c, int from, const char *const *names,
                        int **attr, char *err)
{
    *attr = calloc((size_t)c->nf, sizeof **attr);
    if (!*attr)
        return oom(err);
    for (int i = from; i < c->nf; i++) {
        for (int k = 0; names[k] && !(*attr)[i]; k++)
            if (strcmp(c->f[i], names[k]) == 0)
                (*attr)[i] = k + 1;
        if (!(*attr)[i] && c->f[i][0] &&
            mig_flee_note(m, "%s:%d: column '%s' is not modelled by migsim's Flee mode; ignored", path, c->line,
                          c->f[i]))
            return oom(err);
    }
    return 0;
}

/* ---- simsetting.yml ---- */

/* Keys Flee reads that migsim does not model. kind 'b': default False; 'n':
 * default def; 'a': note any non-empty value. */
typedef struct unmodelled_key {
    const char *section, *name;
    char kind;
    double def;
} unmodelled_key;

static const unmodelled_key unmodelled[] = {
    { "", "number_of_steps", 'n', -1 },
    { "", "conflict_input_file", 'a', 0 },
    { "", "flood_level_input_file", 'a', 0 },
    { "", "default_conflict_intensity", 'n', 1 },
    { "spawn_rules", "take_from_population", 'b', 0 },
    { "spawn_rules", "empty_camps_on_day0", 'b', 0 },
    { "spawn_rules", "flood_zone_spawning_only", 'b', 0 },
    { "spawn_rules", "camps_are_sinks", 'b', 0 },
    { "spawn_rules", "camps_are_sicks", 'b', 0 },
    { "spawn_rules", "read_from_agents_csv_file", 'b', 0 },
    { "spawn_rules", "average_social_connectivity", 'n', 3 },
    { "spawn_rules", "starvation_driven_spawning", 'b', 0 },
    { "spawn_rules", "flood_driven_spawning", 'a', 0 },
    { "spawn_rules", "flood_driven_spawn_mode", 'a', 0 },
    { "move_rules", "max_crossing_speed", 'n', 20 },
    { "move_rules", "stay_close_to_home", 'b', 0 },
    { "move_rules", "home_distance_power", 'n', 0.5 },
    { "move_rules", "use_pop_for_loc_weight", 'b', 0 },
    { "move_rules", "pop_power_for_loc_weight", 'n', 0.1 },
    { "move_rules", "use_economic_pull", 'b', 0 },
    { "move_rules", "ChildrenAvoidHazards", 'b', 0 },
    { "move_rules", "WomenAvoidHazards", 'b', 0 },
    { "move_rules", "ElderlyAvoidHazards", 'b', 0 },
    { "move_rules", "BoysTakeRisk", 'b', 0 },
    { "move_rules", "MatchCampReligion", 'b', 0 },
    { "move_rules", "MatchCampEthnicity", 'b', 0 },
    { "move_rules", "MatchTownEthnicity", 'b', 0 },
    { "move_rules", "MatchConflictEthnicity", 'b', 0 },
    { "move_rules", "avg_religion_fraction", 'n', 0.25 },
    { "move_rules", "two_system_decision_making", 'b', 0 },
    { "move_rules", "fixed_routes", 'b', 0 },
    { "move_rules", "flood_rules", 'a', 0 },
    { "move_rules", "avoid_food_deprived_locations", 'b', 0 },
    { "move_rules", "flee_when_starving", 'b', 0 },
    { NULL, NULL, 0, 0 },
};

typedef struct yml_ctx {
    mig_flee_model *m;
    yaml_document_t *doc;
    const char *path;
    char *err;
    int v1_rules;
} yml_ctx;

static int node_line(const yaml_node_t *n)
{
    return (int)n->start_mark.line + 1;
}

static const char *scalar(const yaml_node_t *n)
{
    return (const char *)n->data.scalar.value;
}

static int is_null(const yaml_node_t *n)
{
    if (!n)
        return 1;
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return 0;
    const char *s = scalar(n);
    return !*s || strcmp(s, "~") == 0 || strcasecmp(s, "null") == 0;
}

/* 1 true, 0 false, -1 neither (YAML 1.1 words as PyYAML reads them, or 0/1). */
static int yaml_bool(const char *s)
{
    static const char *const yes[] = { "true", "yes", "on", "1", NULL }, *const no[] = { "false", "no", "off", "0", NULL };
    for (int i = 0; yes[i]; i++)
        if (strcasecmp(s, yes[i]) == 0)
            return 1;
    for (int i = 0; no[i]; i++)
        if (strcasecmp(s, no[i]) == 0)
            return 0;
    return -1;
}

/* A short text of a value for notes: the scalar, "[a, b]" or "{...}". */
static void node_text(yml_ctx *y, const yaml_node_t *n, char *buf, size_t size)
{
    if (!n) {
        snprintf(buf, size, "(nothing)");
    } else if (n->type == YAML_SCALAR_NODE) {
        snprintf(buf, size, "%s", scalar(n));
    } else if (n->type == YAML_SEQUENCE_NODE) {
        size_t k = (size_t)snprintf(buf, size, "[");
        for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top && k < size; it++) {
            yaml_node_t *e = yaml_document_get_node(y->doc, *it);
            const char *t = e && e->type == YAML_SCALAR_NODE ? scalar(e) : "...";
            k += (size_t)snprintf(buf + k, size - k, "%s%s", it == n->data.sequence.items.start ? "" : ", ", t);
        }
        if (k < size)
            snprintf(buf + k, size - k, "]");
    } else {
        snprintf(buf, size, "{...}");
    }
}

static int yml_note(yml_ctx *y, int line, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (mig_flee_note(y->m, "%s:%d: %s", y->path, line, msg))
        return oom(y->err);
    return 0;
}

static int yml_fail(yml_ctx *y, int line, const char *fmt, ...)
{
    char msg[MIG_ERR_LEN / 2];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(y->err, MIG_ERR_LEN, "%.1900s:%d: %s", y->path, line, msg);
    return -1;
}

/* A key Flee reads but migsim ignores: note it when its value is not Flee's default. */
static int yml_unmodelled(yml_ctx *y, const char *sec, const char *key, const yaml_node_t *v, int line)
{
    const unmodelled_key *u = NULL;
    for (const unmodelled_key *k = unmodelled; k->name; k++)
        if (strcmp(k->section, sec) == 0 && strcmp(k->name, key) == 0)
            u = k;
    char text[200];
    node_text(y, v, text, sizeof text);
    const char *dot = *sec ? "." : "";
    if (!u) {
        const mig_flee_setting_spec *sp = mig_flee_setting_find(key);
        if (sp && strcmp(sp->section, sec) != 0)
            return yml_note(y, line, "%s%s%s = %s: Flee reads %s from %s, not from here; ignored", sec, dot, key,
                            text, key, sp->section);
        return yml_note(y, line, "%s%s%s = %s is not a Flee setting migsim knows; ignored", sec, dot, key, text);
    }
    if (is_null(v))
        return 0;
    if (v->type == YAML_SCALAR_NODE) {
        double x;
        if (u->kind == 'b' && yaml_bool(scalar(v)) == 0)
            return 0;
        if (u->kind == 'n' && mig_flee_parse_number(scalar(v), &x) == 0 && x == u->def)
            return 0;
        if (u->kind == 'a' && !*scalar(v))
            return 0;
    }
    if (strcmp(key, "camps_are_sinks") == 0)
        return yml_note(y, line, "spawn_rules.camps_are_sinks = %s is ignored by Flee too (it reads the misspelt "
                        "key camps_are_sicks) and is not modelled by migsim's Flee mode", text);
    return yml_note(y, line, "%s%s%s = %s is not modelled by migsim's Flee mode; ignored", sec, dot, key, text);
}

/* A key given twice in one mapping (libyaml keeps both, PyYAML silently the last):
 * an error at the second, naming the first. */
static int yml_dup(yml_ctx *y, const yaml_node_t *map, const yaml_node_pair_t *p, const char *sec)
{
    const yaml_node_t *k = yaml_document_get_node(y->doc, p->key);
    if (!k || k->type != YAML_SCALAR_NODE)
        return 0;
    for (const yaml_node_pair_t *q = map->data.mapping.pairs.start; q < p; q++) {
        const yaml_node_t *kq = yaml_document_get_node(y->doc, q->key);
        if (kq && kq->type == YAML_SCALAR_NODE && strcmp(scalar(kq), scalar(k)) == 0)
            return yml_fail(y, node_line(k), "duplicate key '%s%s%s' (first at line %d): a key may be given once",
                            sec, *sec ? "." : "", scalar(k), node_line(kq));
    }
    return 0;
}

static int yml_set(yml_ctx *y, const char *sec, const char *key, const yaml_node_t *v, int line)
{
    char name[200], e[MIG_ERR_LEN];
    snprintf(name, sizeof name, "%s.%s", sec, key);
    if (is_null(v))
        return yml_fail(y, line, "%s needs a value", name);
    if (v->type != YAML_SCALAR_NODE)
        return yml_fail(y, line, "%s needs a single value, not a list or mapping", name);
    if (mig_flee_setting_set_text(&y->m->set, name, scalar(v), e))
        return yml_fail(y, line, "%s", e);
    if (strcmp(sec, "optimisations") == 0 && strcmp(key, "hasten") == 0) {
        set_where(y->m->hasten_where, y->path, line);
        y->m->hasten_read = y->m->set.hasten;
    }
    return 0;
}

static int yml_decay(yml_ctx *y, const yaml_node_t *v, int line)
{
    mig_flee_settings *s = &y->m->set;
    if (is_null(v)) {
        s->n_decay = 0;
        return 0;
    }
    if (v->type != YAML_SEQUENCE_NODE)
        return yml_fail(y, line, "spawn_rules.conflict_spawn_decay must be a list of numbers, like [1.0, 1.0, 0.5]");
    int n = 0;
    for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top; it++) {
        yaml_node_t *e = yaml_document_get_node(y->doc, *it);
        double x;
        if (n >= MIG_FLEE_MAX_DECAY)
            return yml_fail(y, line, "spawn_rules.conflict_spawn_decay has more than %d values", MIG_FLEE_MAX_DECAY);
        if (!e || e->type != YAML_SCALAR_NODE || mig_flee_parse_number(scalar(e), &x) || x < 0)
            return yml_fail(y, e ? node_line(e) : line,
                            "spawn_rules.conflict_spawn_decay[%d] must be a number >= 0", n);
        s->decay[n++] = x;
    }
    s->n_decay = n;
    return 0;
}

/* spawn_rules.conflict_driven_spawning: Flee's mapping {spawn_mode, displaced_per_conflict_day}
 * (its presence switches the rule on), or a plain boolean. */
static int yml_conflict_spawning(yml_ctx *y, const yaml_node_t *v, int line)
{
    mig_flee_settings *s = &y->m->set;
    if (is_null(v))
        return 0;  /* Flee: fetchss gives None, so the rule stays off */
    if (v->type == YAML_SCALAR_NODE)
        return yml_set(y, "spawn_rules", "conflict_driven_spawning", v, line);
    if (v->type != YAML_MAPPING_NODE)
        return yml_fail(y, line, "spawn_rules.conflict_driven_spawning must be a mapping "
                        "{spawn_mode: ..., displaced_per_conflict_day: ...}");
    s->conflict_driven_spawning = 1;
    s->conflict_spawn_mode = 0;
    int have_displaced = 0;
    for (yaml_node_pair_t *p = v->data.mapping.pairs.start; p < v->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(y->doc, p->key), *val = yaml_document_get_node(y->doc, p->value);
        if (!k || k->type != YAML_SCALAR_NODE)
            return yml_fail(y, line, "spawn_rules.conflict_driven_spawning: keys must be names");
        if (yml_dup(y, v, p, "spawn_rules.conflict_driven_spawning"))
            return -1;
        const char *key = scalar(k);
        if (strcmp(key, "spawn_mode") == 0) {
            if (yml_set(y, "spawn_rules", "conflict_spawn_mode", val, node_line(k)))
                return -1;
        } else if (strcmp(key, "displaced_per_conflict_day") == 0) {
            if (yml_set(y, "spawn_rules", "displaced_per_conflict_day", val, node_line(k)))
                return -1;
            have_displaced = 1;
        } else if (yml_unmodelled(y, "spawn_rules.conflict_driven_spawning", key, val, node_line(k))) {
            return -1;
        }
    }
    /* Flee's default count depends on the mode. */
    if (!have_displaced)
        s->displaced_per_conflict_day = s->conflict_spawn_mode == 2 ? 0.01 : 500;
    return 0;
}

static int yml_section(yml_ctx *y, const char *sec, const yaml_node_t *map)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(y->doc, p->key), *v = yaml_document_get_node(y->doc, p->value);
        if (!k || k->type != YAML_SCALAR_NODE)
            return yml_fail(y, node_line(map), "%s: keys must be names", sec);
        if (yml_dup(y, map, p, sec))
            return -1;
        const char *key = scalar(k);
        int line = node_line(k);
        const mig_flee_setting_spec *sp = mig_flee_setting_find(key);
        int r;
        if (strcmp(sec, "spawn_rules") == 0 && strcmp(key, "conflict_spawn_decay") == 0) {
            r = yml_decay(y, v, line);
        } else if (strcmp(sec, "spawn_rules") == 0 && strcmp(key, "conflict_driven_spawning") == 0) {
            r = yml_conflict_spawning(y, v, line);
        } else if (strcmp(sec, "move_rules") == 0 && strcmp(key, "use_v1_rules") == 0) {
            r = 0;
            if (!is_null(v)) {
                int b = v->type == YAML_SCALAR_NODE ? yaml_bool(scalar(v)) : -1;
                if (b < 0)
                    return yml_fail(y, line, "move_rules.use_v1_rules must be true or false");
                y->v1_rules = b;
            }
        } else if (strcmp(sec, "migsim") == 0 && strcmp(key, "strict_data") == 0) {
            int b = v && v->type == YAML_SCALAR_NODE ? yaml_bool(scalar(v)) : -1;
            if (b < 0)
                return yml_fail(y, line, "migsim.strict_data must be true or false");
            y->m->strict_data = b;
            r = 0;
        } else if (sp && strcmp(sp->section, sec) == 0) {
            r = yml_set(y, sec, key, v, line);
        } else {
            r = yml_unmodelled(y, sec, key, v, line);
        }
        if (r)
            return -1;
    }
    return 0;
}

static int read_yaml(mig_flee_model *m, const char *path, char *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        if (errno == ENOENT)
            return 0;
        snprintf(err, MIG_ERR_LEN, "%s: cannot open: %s", path, strerror(errno));
        return -1;
    }
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) {
        fclose(fp);
        return oom(err);
    }
    yaml_parser_set_input_file(&parser, fp);
    if (!yaml_parser_load(&parser, &doc)) {
        snprintf(err, MIG_ERR_LEN, "%s:%d: YAML error: %s%s%s", path, (int)parser.problem_mark.line + 1,
                 parser.problem ? parser.problem : "malformed", parser.context ? " " : "",
                 parser.context ? parser.context : "");
        yaml_parser_delete(&parser);
        fclose(fp);
        return -1;
    }
    yml_ctx y = { m, &doc, path, err, 0 };
    int rc = 0;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && !is_null(root) && root->type != YAML_MAPPING_NODE)
        rc = yml_fail(&y, node_line(root), "expected sections (log_levels, spawn_rules, move_rules, optimisations)");
    else if (root && root->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *p = root->data.mapping.pairs.start; !rc && p < root->data.mapping.pairs.top; p++) {
            yaml_node_t *k = yaml_document_get_node(&doc, p->key), *v = yaml_document_get_node(&doc, p->value);
            if (!k || k->type != YAML_SCALAR_NODE) {
                rc = yml_fail(&y, node_line(root), "section names must be names");
                break;
            }
            if ((rc = yml_dup(&y, root, p, "")) != 0)
                break;
            const char *key = scalar(k);
            if (strcmp(key, "log_levels") == 0)
                continue;  /* Flee's own logging */
            if (strcmp(key, "spawn_rules") == 0 || strcmp(key, "move_rules") == 0 ||
                strcmp(key, "optimisations") == 0 || strcmp(key, "migsim") == 0) {
                if (is_null(v))
                    continue;
                if (v->type != YAML_MAPPING_NODE)
                    rc = yml_fail(&y, node_line(k), "%s must be a mapping of settings", key);
                else
                    rc = yml_section(&y, key, v);
            } else {
                rc = yml_unmodelled(&y, "", key, v, node_line(k));
            }
        }
    }
    if (!rc && y.v1_rules) {
        /* Flee's use_v1_rules overrides these after reading everything. */
        m->set.max_move_speed = 200;
        m->set.start_on_foot = 0;
        m->set.avoid_short_stints = 0;
        m->set.camp_weight = 2.0;
        m->set.conflict_weight = 0.25;
        if (mig_flee_note(m, "%s: move_rules.use_v1_rules: max_move_speed 200, camp_weight 2, conflict_weight "
                          "0.25, start_on_foot and avoid_short_stints off, as in Flee", path))
            rc = oom(err);
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
    fclose(fp);
    return rc;
}

/* ---- sim_period.csv ---- */

typedef struct period_reader {
    mig_flee_model *m;
    int have_start, have_len;
} period_reader;

static int period_row(csv_file *c, void *ctx, char *err)
{
    period_reader *pr = ctx;
    if (csv_comment(c))
        return 0;
    if (c->nf < 2 || !csv_rest_empty(c, 2))
        return csv_fail(c, err, "expected two columns (StartDate,YYYY-MM-DD or Length,DAYS), found %d", c->nf);
    if (strcasecmp(c->f[0], "StartDate") == 0) {
        if (parse_date(c->f[1], &pr->m->start_day))
            return csv_fail(c, err, "bad StartDate '%s' (expected YYYY-MM-DD)", c->f[1]);
        pr->have_start = 1;
    } else if (strcasecmp(c->f[0], "Length") == 0) {
        if (parse_int(c->f[1], &pr->m->n_days) || pr->m->n_days < 1 || pr->m->n_days > FLEE_MAX_DAYS)
            return csv_fail(c, err, "bad Length '%s' (expected a number of days from 1 to %d)", c->f[1],
                            FLEE_MAX_DAYS);
        pr->have_len = 1;
    } else {
        return csv_fail(c, err, "unknown row '%s' (expected StartDate or Length)", c->f[0]);
    }
    return 0;
}

static int read_period(mig_flee_model *m, const char *path, char *err)
{
    period_reader pr = { m, 0, 0 };
    if (csv_each(path, 0, period_row, &pr, err) < 0)
        return -1;
    if (!pr.have_start || !pr.have_len) {
        snprintf(err, MIG_ERR_LEN, "%s: no %s row", path, pr.have_start ? "Length" : "StartDate");
        return -1;
    }
    return 0;
}

/* ---- locations.csv ---- */

/* The extra columns migsim reads, by header name (ATTR_x - 1 indexes loc_attr_names). */
enum { ATTR_IGNORED, ATTR_INTENSITY, ATTR_IDPS, ATTR_CAP_PER_DAY };
static const char *const loc_attr_names[] = { "conflict_intensity", "initial_idps", "capacity_per_day", NULL };

/* The location type as Flee derives it (InputGeography + Location()), or -1. */
static int loc_type(const char *t, int conflict_date)
{
    if (contains_ci(t, "conflict") && conflict_date > 0)
        return MIG_FLEE_TOWN;  /* Flee loads a later conflict zone as a town */
    if (contains_ci(t, "camp"))
        return contains_ci(t, "idp") ? MIG_FLEE_IDPCAMP : MIG_FLEE_CAMP;
    if (contains_ci(t, "conflict"))
        return MIG_FLEE_CONFLICT;
    if (contains_ci(t, "forward"))
        return MIG_FLEE_FORWARD;
    if (contains_ci(t, "marker"))
        return MIG_FLEE_MARKER;
    if (contains_ci(t, "flood_zone") || contains_ci(t, "default") || contains_ci(t, "town"))
        return MIG_FLEE_TOWN;
    return -1;
}

typedef struct loc_reader {
    mig_flee_model *m;
    const char *path;
    int ncols, have_header, have_home, flood_noted;
    int *attr;                 /* by column: ATTR_*; NULL when the header names no extra column */
    char home[MIG_FLEE_NAME];  /* the first location's country: the others are abroad */
} loc_reader;

/* The first '#' row before any location is the header; it may name extra columns. */
static int loc_header(loc_reader *lr, const csv_file *c, char *err)
{
    if (lr->have_header || lr->m->n_locs > 0)
        return 0;  /* later '#' rows are comments */
    lr->have_header = 1;
    if (c->nf <= 8)
        return 0;
    lr->ncols = c->nf;
    return header_attrs(lr->m, lr->path, c, 8, loc_attr_names, &lr->attr, err);
}

static int loc_names(const csv_file *c, mig_flee_loc *l, char *err)
{
    if (!c->f[0][0])
        return csv_fail(c, err, "empty location name");
    if (csv_name(c, 0, "name", err) || csv_name(c, 1, "region", err) || csv_name(c, 2, "country", err))
        return -1;
    copy_name(l->name, c->f[0]);
    copy_name(l->region, c->f[1][0] ? c->f[1] : "unknown");
    copy_name(l->country, c->f[2][0] ? c->f[2] : "unknown");
    return 0;
}

static int loc_coords(const csv_file *c, mig_flee_loc *l, char *err)
{
    if ((c->f[3][0] && mig_flee_parse_number(c->f[3], &l->lat)) ||
        (c->f[4][0] && mig_flee_parse_number(c->f[4], &l->lon)))
        return csv_fail(c, err, "bad latitude/longitude '%s', '%s'", c->f[3], c->f[4]);
    return 0;
}

/* location_type and conflict_date (-1: none) into l->type and l->conflict_date. */
static int loc_kind(loc_reader *lr, const csv_file *c, mig_flee_loc *l, char *err)
{
    l->conflict_date = -1;
    if (contains_ci(c->f[5], "conflict") && c->f[6][0]) {
        if (parse_int(c->f[6], &l->conflict_date))
            return csv_fail(c, err, "bad conflict_date '%s' (expected a day number)", c->f[6]);
        if (l->conflict_date < 0)
            l->conflict_date = -1;
    }
    int t = loc_type(c->f[5], l->conflict_date);
    if (t < 0)
        return csv_fail(c, err, "unknown location type '%s' (expected town, conflict_zone, camp, idpcamp, "
                        "forwarding_hub, marker or default)", c->f[5]);
    l->type = (mig_flee_type)t;
    if (!lr->flood_noted && contains_ci(c->f[5], "flood_zone")) {
        lr->flood_noted = 1;
        if (mig_flee_note(lr->m, "%s:%d: flood zones are loaded as towns: migsim's Flee mode does not model floods",
                          lr->path, c->line))
            return oom(err);
    }
    return 0;
}

/* The population column: a camp's capacity (0: no limit), else the people living there. */
static int loc_population(const csv_file *c, mig_flee_loc *l, char *err)
{
    double pop = 0;
    if (c->f[7][0] && (mig_flee_parse_number(c->f[7], &pop) || pop < 0))
        return csv_fail(c, err, "bad population '%s' (expected a number >= 0, or empty)", c->f[7]);
    if (l->type == MIG_FLEE_CAMP || l->type == MIG_FLEE_IDPCAMP)
        l->capacity = pop;
    else
        l->pop = pop;
    return 0;
}

/* The extra columns the header named. */
static int loc_attrs(const loc_reader *lr, const csv_file *c, mig_flee_loc *l, char *err)
{
    l->conflict_intensity = 1;
    for (int i = 8; i < c->nf && i < lr->ncols && lr->attr; i++) {  /* beyond ncols: empty (checked before) */
        int a = lr->attr[i];
        double x;
        if (a == ATTR_IGNORED || !c->f[i][0])
            continue;
        if (mig_flee_parse_number(c->f[i], &x))
            return csv_fail(c, err, "bad %s '%s' (expected a number)", loc_attr_names[a - 1], c->f[i]);
        if (a == ATTR_INTENSITY)
            l->conflict_intensity = x;
        else if (a == ATTR_IDPS)
            l->initial_idps = x;
        else
            l->capacity_per_day = x;
    }
    return 0;
}

static int loc_row(csv_file *c, void *ctx, char *err)
{
    loc_reader *lr = ctx;
    if (csv_comment(c))
        return loc_header(lr, c, err);
    if (c->nf < 8)
        return csv_fail(c, err, "expected 8 columns (name,region,country,latitude,longitude,location_type,"
                        "conflict_date,population), found %d", c->nf);
    if (c->nf > lr->ncols && !csv_rest_empty(c, lr->ncols))
        return csv_fail(c, err, "%d columns, but the header names only %d", c->nf, lr->ncols);
    mig_flee_loc l;
    memset(&l, 0, sizeof l);
    set_where(l.where, lr->path, c->line);
    if (loc_names(c, &l, err) || loc_coords(c, &l, err) || loc_kind(lr, c, &l, err) ||
        loc_population(c, &l, err) || loc_attrs(lr, c, &l, err))
        return -1;
    if (!lr->have_home) {
        snprintf(lr->home, sizeof lr->home, "%s", l.country);
        lr->have_home = 1;
    }
    l.foreign = strcmp(l.country, lr->home) != 0;
    return mig_flee_add_loc(lr->m, &l, err) < 0 ? -1 : 0;
}

static int read_locations(mig_flee_model *m, const char *path, char *err)
{
    loc_reader lr = { .m = m, .path = path, .ncols = 8 };
    int r = csv_each(path, 0, loc_row, &lr, err);
    free(lr.attr);
    if (r < 0)
        return -1;
    if (m->n_locs == 0) {
        snprintf(err, MIG_ERR_LEN, "%s: no locations", path);
        return -1;
    }
    return 0;
}

/* ---- routes.csv ---- */

/* The extra columns migsim reads, by header name (LINK_x - 1 indexes link_attr_names). */
enum { LINK_IGNORED, LINK_SPEED, LINK_WALK };
static const char *const link_attr_names[] = { "max_move_speed", "walk_probability", NULL };

static int find_loc_csv(const mig_flee_model *m, const csv_file *c, int i, int *idx, char *err)
{
    *idx = mig_flee_find_loc(m, c->f[i]);
    if (*idx >= 0)
        return 0;
    char hint[160];
    mig_flee_loc_hint(m, c->f[i], hint, sizeof hint);
    return csv_fail(c, err, "unknown location '%s'%s", c->f[i], hint);
}

typedef struct route_reader {
    mig_flee_model *m;
    const char *path;
    int ncols, have_header;
    int *attr;  /* by column: LINK_*; NULL when the header names no extra column */
} route_reader;

/* The first '#' row before any route is the header; it may name extra columns. */
static int route_header(route_reader *rr, const csv_file *c, char *err)
{
    if (rr->have_header || rr->m->n_routes > 0)
        return 0;
    rr->have_header = 1;
    if (c->nf <= 4)
        return 0;
    rr->ncols = c->nf;
    return header_attrs(rr->m, rr->path, c, 4, link_attr_names, &rr->attr, err);
}

/* The extra columns the header named. */
static int route_attrs(const route_reader *rr, const csv_file *c, mig_flee_route *rt, char *err)
{
    for (int i = 4; i < c->nf && i < rr->ncols && rr->attr; i++) {  /* beyond ncols: empty (checked before) */
        int a = rr->attr[i];
        double x;
        if (a == LINK_IGNORED || !c->f[i][0])
            continue;
        if (mig_flee_parse_number(c->f[i], &x) || (a == LINK_SPEED && x <= 0) || (a == LINK_WALK && (x < 0 || x > 1)))
            return csv_fail(c, err, "bad %s '%s' (expected %s)", link_attr_names[a - 1], c->f[i],
                            a == LINK_SPEED ? "km per day > 0" : "a probability in [0, 1]");
        if (a == LINK_SPEED)
            rt->max_speed = x;
        else
            rt->walk_probability = x;
    }
    return 0;
}

static int route_row(csv_file *c, void *ctx, char *err)
{
    route_reader *rr = ctx;
    if (csv_comment(c))
        return route_header(rr, c, err);
    if (c->nf < 3)
        return csv_fail(c, err, "expected at least 3 columns (name1,name2,distance[,forced_redirection]), found %d",
                        c->nf);
    if (c->nf > rr->ncols && !csv_rest_empty(c, rr->ncols))
        return csv_fail(c, err, "%d columns, but the header names only %d", c->nf, rr->ncols);
    mig_flee_route rt;
    memset(&rt, 0, sizeof rt);
    set_where(rt.where, rr->path, c->line);
    if (find_loc_csv(rr->m, c, 0, &rt.a, err) || find_loc_csv(rr->m, c, 1, &rt.b, err))
        return -1;
    if (mig_flee_parse_number(c->f[2], &rt.distance))
        return csv_fail(c, err, "bad distance '%s' (expected km)", c->f[2]);
    if (c->nf > 3 && c->f[3][0] && (parse_int(c->f[3], &rt.forced) || rt.forced < 0 || rt.forced > 2))
        return csv_fail(c, err, "bad forced_redirection '%s' (expected empty, 0, 1 or 2)", c->f[3]);
    if (route_attrs(rr, c, &rt, err))
        return -1;
    return mig_flee_add_route(rr->m, &rt, err) < 0 ? -1 : 0;
}

static int read_routes(mig_flee_model *m, const char *path, char *err)
{
    route_reader rr = { .m = m, .path = path, .ncols = 4 };
    int r = csv_each(path, 0, route_row, &rr, err);
    free(rr.attr);
    return r < 0 ? -1 : 0;
}

/* ---- closures.csv ---- */

/* The kind closure_type names, or -1 with an error naming the nearest type. */
static int closure_kind(const csv_file *c, char *err)
{
    for (int k = 0; k < MIG_FLEE_N_CLOSE; k++)
        if (strcasecmp(c->f[0], mig_flee_close_names[k]) == 0)
            return k;
    const char *best = mig_flee_close_names[0];
    size_t bd = (size_t)-1;
    for (int k = 0; k < MIG_FLEE_N_CLOSE; k++) {
        size_t d = mig_edit_distance(c->f[0], mig_flee_close_names[k]);
        if (d < bd) {
            bd = d;
            best = mig_flee_close_names[k];
        }
    }
    return csv_fail(c, err, "unknown closure type '%s' (did you mean '%s'? types: country, location, link, camp, "
                    "idpcamp, remove_forced_redirection)", c->f[0], best);
}

typedef struct closure_reader {
    mig_flee_model *m;
    const char *path;
} closure_reader;

static int closure_row(csv_file *c, void *ctx, char *err)
{
    closure_reader *cr = ctx;
    if (csv_comment(c))
        return 0;
    if (c->nf < 5 || !csv_rest_empty(c, 5))
        return csv_fail(c, err, "expected 5 columns (closure_type,name1,name2,closure_start,closure_end), found %d",
                        c->nf);
    mig_flee_closure cl;
    memset(&cl, 0, sizeof cl);
    set_where(cl.where, cr->path, c->line);
    int kind = closure_kind(c, err);
    if (kind < 0)
        return -1;
    cl.kind = (mig_flee_close_kind)kind;
    if (csv_name(c, 1, "name1", err) || csv_name(c, 2, "name2", err))
        return -1;
    copy_name(cl.a, c->f[1]);
    copy_name(cl.b, c->f[2]);
    if (parse_int(c->f[3], &cl.start) || parse_int(c->f[4], &cl.end))
        return csv_fail(c, err, "bad closure_start/closure_end '%s', '%s' (expected day numbers; end -1: never)",
                        c->f[3], c->f[4]);
    return mig_flee_add_closure(cr->m, &cl, err) < 0 ? -1 : 0;
}

static int read_closures(mig_flee_model *m, const char *path, char *err)
{
    closure_reader cr = { m, path };
    return csv_each(path, 1, closure_row, &cr, err) < 0 ? -1 : 0;
}

/* ---- conflicts.csv ---- */

typedef struct conflict_reader {
    mig_flee_model *m;
    const char *path;
    int nh, nh_all;     /* header columns up to the last named one; all of them */
    int *colmap;        /* by column: its index in m->conflict_loc, or -1; NULL before the header */
    int *dupof;         /* by column: the conflict column it repeats, or -1 */
    char **colname;     /* by column: its header name (in the file's buffer) */
    size_t cap_values;  /* doubles allocated in m->conflict_value */
} conflict_reader;

/* Header column i: a location's column, a repeat of one, or a name that is no location (noted). */
static int conflict_column(conflict_reader *cr, const csv_file *c, int i, char *err)
{
    mig_flee_model *m = cr->m;
    cr->colname[i] = c->f[i];
    cr->colmap[i] = -1;
    cr->dupof[i] = -1;
    if (!c->f[i][0])
        return csv_fail(c, err, "column %d has no name", i + 1);
    int loc = mig_flee_find_loc(m, c->f[i]);
    if (loc < 0) {
        if (mig_flee_note(m, "%s:%d: column '%s' names no location; ignored", cr->path, c->line, c->f[i]))
            return oom(err);
        return 0;
    }
    /* A repeated name (FabFlee's ethiopia2020 repeats Sehra and Tsorona):
     * Flee appends both columns to one list, so its day t reads row t/2.
     * The first column is kept; the repeat is compared with it. */
    for (int k = 0; k < m->n_conflict_cols && cr->dupof[i] < 0; k++)
        if (m->conflict_loc[k] == loc)
            cr->dupof[i] = k;
    if (cr->dupof[i] >= 0) {
        int first = 1;
        while (first < i && cr->colmap[first] != cr->dupof[i])
            first++;
        if (mig_flee_note(m, "%s:%d: column %d '%s' repeats column %d; the first is used (Flee merges the two into "
                          "one list, which shifts its days)", cr->path, c->line, i + 1, c->f[i], first + 1))
            return oom(err);
        return 0;
    }
    cr->colmap[i] = m->n_conflict_cols;
    m->conflict_loc[m->n_conflict_cols++] = loc;
    return 0;
}

/* The first row is the header (#Day, names...), as in Flee. */
static int conflict_header(conflict_reader *cr, const csv_file *c, char *err)
{
    cr->nh_all = c->nf;
    cr->nh = c->nf;
    while (cr->nh > 1 && !c->f[cr->nh - 1][0])
        cr->nh--;
    size_t nh = (size_t)cr->nh;
    cr->colmap = malloc(nh * sizeof *cr->colmap);
    cr->dupof = malloc(nh * sizeof *cr->dupof);
    cr->colname = calloc(nh, sizeof *cr->colname);
    cr->m->conflict_loc = malloc(nh * sizeof *cr->m->conflict_loc);
    if (!cr->colmap || !cr->dupof || !cr->colname || !cr->m->conflict_loc)
        return oom(err);
    cr->colmap[0] = -1;
    cr->dupof[0] = -1;
    for (int i = 1; i < cr->nh; i++)
        if (conflict_column(cr, c, i, err))
            return -1;
    return 0;
}

/* Room in m->conflict_value for one more day row. The table exists once there is a
 * day row, also without columns (no name matched a location): the run indexes it by day. */
static int conflict_grow(conflict_reader *cr, char *err)
{
    mig_flee_model *m = cr->m;
    size_t need = (size_t)(m->n_conflict_days + 1) * (size_t)m->n_conflict_cols;
    if (need <= cr->cap_values && m->conflict_value)
        return 0;
    size_t nc = cr->cap_values ? cr->cap_values * 2 : (size_t)(m->n_conflict_cols ? m->n_conflict_cols : 1) * 64;
    while (nc < need)
        nc *= 2;
    double *nv = realloc(m->conflict_value, nc * sizeof *nv);
    if (!nv)
        return oom(err);
    m->conflict_value = nv;
    cr->cap_values = nc;
    return 0;
}

/* One day row: the day number, then an intensity for each header column. */
static int conflict_day(conflict_reader *cr, const csv_file *c, char *err)
{
    mig_flee_model *m = cr->m;
    int day;
    if (parse_int(c->f[0], &day) || day != m->n_conflict_days)
        return csv_fail(c, err, "day '%s', expected %d (one row per day, from day 0)", c->f[0], m->n_conflict_days);
    if (m->n_conflict_days >= FLEE_MAX_DAYS)
        return csv_fail(c, err, "more than %d days", FLEE_MAX_DAYS);
    if (c->nf > cr->nh_all && !csv_rest_empty(c, cr->nh))
        return csv_fail(c, err, "%d values, but the header has %d columns", c->nf, cr->nh_all);
    if (c->nf < cr->nh)
        return csv_fail(c, err, "%d values, but the header has %d columns (no value for '%s')", c->nf, cr->nh,
                        cr->colname[c->nf]);
    if (conflict_grow(cr, err))
        return -1;
    double *row = m->conflict_value ? m->conflict_value + (size_t)m->n_conflict_days * (size_t)m->n_conflict_cols : NULL;
    for (int i = 1; i < cr->nh; i++) {
        double x;
        if (mig_flee_parse_number(c->f[i], &x) || x < 0)
            return csv_fail(c, err, "bad value '%s' for '%s' (expected a conflict intensity >= 0)", c->f[i],
                            cr->colname[i]);
        if (cr->colmap[i] >= 0) {
            row[cr->colmap[i]] = x;
        } else if (cr->dupof[i] >= 0 && row[cr->dupof[i]] != x) {
            if (mig_flee_note(m, "%s:%d: column %d '%s' differs from the first '%s' column from day %d on; its "
                              "values are ignored", cr->path, c->line, i + 1, cr->colname[i], cr->colname[i],
                              m->n_conflict_days))
                return oom(err);
            cr->dupof[i] = -1;  /* noted once */
        }
    }
    m->n_conflict_days++;
    return 0;
}

static int conflict_row(csv_file *c, void *ctx, char *err)
{
    conflict_reader *cr = ctx;
    if (!cr->colmap)
        return conflict_header(cr, c, err);
    if (csv_comment(c))
        return 0;
    return conflict_day(cr, c, err);
}

static int read_conflicts(mig_flee_model *m, const char *path, char *err)
{
    conflict_reader cr = { .m = m, .path = path };
    int r = csv_each(path, 1, conflict_row, &cr, err);
    if (r > 0) {
        m->has_conflicts = 1;
        if (m->n_days > 0 && m->n_conflict_days < m->n_days &&
            mig_flee_note(m, "%s: %d day rows for a %d-day period (Flee stops with an error on day %d)", path,
                          m->n_conflict_days, m->n_days, m->n_conflict_days))
            r = oom(err);
    }
    free(cr.colmap);
    free(cr.dupof);
    free(cr.colname);
    return r < 0 ? -1 : 0;
}

/* ---- source_data: data_layout.csv and the count series ---- */

/* One count file (ConvertCsvFileToNumPyTable): YYYY-MM-DD,count rows; the first row
 * is skipped when its first field is empty, Date or DateTime; rows with fewer than
 * two fields, a '#' or an empty count are skipped. Days relative to start_day. */
static int read_series(mig_flee_model *m, const char *path, mig_flee_series *s, char *err)
{
    csv_file c;
    if (csv_open(&c, path, 0, err) < 0)
        return -1;
    int r, first = 1, backwards = 0;
    while ((r = csv_next(&c, err)) > 0) {
        int was_first = first;
        first = 0;
        if (c.nf < 2)
            continue;
        if (was_first && (!c.f[0][0] || strcasecmp(c.f[0], "Date") == 0 || strcasecmp(c.f[0], "DateTime") == 0))
            continue;
        if (c.f[0][0] == '#' || !c.f[1][0])
            continue;
        int day;
        double v;
        if (parse_date(c.f[0], &day)) {
            r = csv_fail(&c, err, "bad date '%s' (expected YYYY-MM-DD)", c.f[0]);
            break;
        }
        if (mig_flee_parse_number(c.f[1], &v) || v < 0 || v > MIG_FLEE_MAX_PERSONS) {
            r = csv_fail(&c, err, "bad count '%s' (expected a number of persons from 0 to %g)", c.f[1],
                         MIG_FLEE_MAX_PERSONS);
            break;
        }
        if (!backwards && s->n > 0 && day - m->start_day < s->day[s->n - 1]) {
            /* FabFlee's nigeria2016 and mali2017_adm1 data have such rows. */
            backwards = 1;
            if (mig_flee_note(m, "%s:%d: date %s is earlier than the row before; the points are kept in file "
                              "order, as Flee interpolates them", path, c.line, c.f[0])) {
                r = oom(err);
                break;
            }
        }
        if (mig_flee_series_push(s, day - m->start_day, v)) {
            r = csv_fail(&c, err, "out of memory");
            break;
        }
    }
    csv_close(&c);
    return r < 0 ? -1 : 0;
}

/* Flee's DataTable.AddCSVTables(t1, t2), quirks included: t2's points take the
 * next t1 value at or after their day, t1's points in between take the last t2
 * value, t1's points after t2's last day are dropped, and t2's points after t1's
 * last day are dropped while t1's last point is repeated for each of them. */
static int add_tables(const mig_flee_series *t1, const mig_flee_series *t2, mig_flee_series *out)
{
    int off = 0;
    double last = 0;
    for (int k = 0; k < t2->n; k++) {
        int d2 = t2->day[k];
        double v2 = t2->value[k];
        while (d2 > t1->day[off]) {
            if (mig_flee_series_push(out, t1->day[off], last + t1->value[off]))
                return -1;
            if (off < t1->n - 1)
                off++;
            else
                break;
        }
        if (d2 == t1->day[off]) {
            if (mig_flee_series_push(out, d2, v2 + t1->value[off]))
                return -1;
            if (off < t1->n - 1)
                off++;
            last = v2;
            continue;
        }
        if (d2 < t1->day[off]) {
            if (mig_flee_series_push(out, d2, v2 + t1->value[off]))
                return -1;
            last = v2;
        }
    }
    return 0;
}

/* A count file that cannot be opened: say which data_layout.csv row names it. */
static int layout_file_fail(const csv_file *lay, int i, const char *path, char *err)
{
    size_t n = strlen(path);
    if (strncmp(err, path, n) == 0 && strncmp(err + n, ": cannot open", 13) == 0) {
        char e[MIG_ERR_LEN];
        snprintf(e, sizeof e, "%s", err);
        return csv_fail(lay, err, "file %d of '%s': %.900s", i, lay->f[0], e);
    }
    return -1;
}

/* The series of one data_layout.csv row: its first file, plus any further ones. */
static int read_row_series(mig_flee_model *m, const csv_file *lay, const char *src_dir, mig_flee_series *s, char *err)
{
    char path[FLEE_PATH_LEN];
    for (int i = 1; i < lay->nf; i++) {
        if (!lay->f[i][0]) {
            if (csv_rest_empty(lay, i))
                break;
            return csv_fail(lay, err, "file %d of '%s' is empty", i, lay->f[0]);
        }
        /* A camp file is a file of source_data/: no absolute paths, no way up. */
        const char *f = lay->f[i];
        if (f[0] == '/' || strcmp(f, "..") == 0 || strncmp(f, "../", 3) == 0 || strstr(f, "/../") ||
            (strlen(f) >= 3 && strcmp(f + strlen(f) - 3, "/..") == 0))
            return csv_fail(lay, err, "file %d of '%s' ('%s') must name a file inside source_data/", i, lay->f[0], f);
        if (join_path(path, src_dir, f, err))
            return -1;
        char rel[FLEE_PATH_LEN];
        snprintf(rel, sizeof rel, "source_data/%s", f);
        if (mig_flee_add_file(m, rel))
            return oom(err);
        if (i == 1) {
            if (read_series(m, path, s, err))
                return layout_file_fail(lay, i, path, err);
            continue;
        }
        mig_flee_series t2 = { 0 }, sum = { 0 };
        if (read_series(m, path, &t2, err)) {
            mig_flee_series_free(&t2);
            return layout_file_fail(lay, i, path, err);
        }
        if (s->n == 0 && t2.n > 0) {
            mig_flee_series_free(&t2);
            return csv_fail(lay, err, "'%s': the first file has no data points, so %s cannot be added to it "
                            "(Flee stops with an error)", lay->f[0], lay->f[i]);
        }
        int bad = add_tables(s, &t2, &sum);
        mig_flee_series_free(&t2);
        if (bad) {
            mig_flee_series_free(&sum);
            return oom(err);
        }
        mig_flee_series_free(s);
        *s = sum;
    }
    return 0;
}

static int is_camp_type(mig_flee_type t)
{
    return t == MIG_FLEE_CAMP || t == MIG_FLEE_IDPCAMP;
}

static int note_not_camp(mig_flee_model *m, const char *path, int line, const char *name, int loc)
{
    return mig_flee_note(m, "%s:%d: '%s' is a %s, not a camp: Flee adds its counts to the spawning but places no "
                         "day-0 agents there and leaves it out of its output and error (so does compat=\"strict\"; "
                         "corrected rules report it as a camp)", path, line, name,
                         mig_flee_type_names[m->locs[loc].type]);
}

typedef struct layout_reader {
    mig_flee_model *m;
    const char *path, *src_dir;
    char *total_name;            /* MIG_FLEE_NAME: the name of the row read as the total */
    int *camp_line;              /* by location: the line of its row, 0: none yet */
    int first_line, total_line;  /* of the first row; of the row named total */
} layout_reader;

/* No data_layout.csv: a note when there are camps to compare with. */
static int note_no_layout(mig_flee_model *m, const char *path, char *err)
{
    int camps = 0;
    for (int i = 0; i < m->n_locs; i++)
        camps += m->locs[i].type == MIG_FLEE_CAMP || m->locs[i].type == MIG_FLEE_IDPCAMP;
    if (camps && mig_flee_note(m, "%s: no such file: no observed counts for the camps (%d; Flee needs a row per "
                               "camp)", path, camps))
        return oom(err);
    return 0;
}

/* The total series from this row's files into m->total. */
static int layout_total_series(layout_reader *lr, const csv_file *c, char *err)
{
    if (read_row_series(lr->m, c, lr->src_dir, &lr->m->total, err))
        return -1;
    if (lr->m->total.n < 1)
        return csv_fail(c, err, "the total series '%s' has no data points", c->f[1]);
    return 0;
}

/* The first row is the total series, whatever its name (Flee: header[0]). */
static int layout_first_row(layout_reader *lr, const csv_file *c, char *err)
{
    if (layout_total_series(lr, c, err))
        return -1;
    lr->m->has_total = 1;
    lr->first_line = c->line;
    if (strcmp(c->f[0], "total") == 0)
        lr->total_line = c->line;
    snprintf(lr->total_name, MIG_FLEE_NAME, "%s", c->f[0]);
    return 0;
}

/* The first row, read as the total before a later "total" row: an ordinary camp row
 * after all when it names a location without a row of its own, else dropped (noted). */
static int layout_demote_first(layout_reader *lr, const csv_file *c, char *err)
{
    mig_flee_model *m = lr->m;
    int first = mig_flee_find_loc(m, lr->total_name);
    if (first >= 0 && !lr->camp_line[first]) {
        char e[MIG_ERR_LEN];
        mig_flee_series s = m->total;
        memset(&m->total, 0, sizeof m->total);
        if (mig_flee_add_camp_data(m, lr->total_name, first, &s, e) < 0) {
            mig_flee_series_free(&s);
            return csv_fail(c, err, "%s", e);
        }
        lr->camp_line[first] = lr->first_line;
        if (!is_camp_type(m->locs[first].type) && note_not_camp(m, lr->path, lr->first_line, lr->total_name, first))
            return oom(err);
        return 0;
    }
    mig_flee_series_free(&m->total);
    if (mig_flee_note(m, "%s:%d: '%s' %s; the counts of this first row are not used", lr->path, lr->first_line,
                      lr->total_name, first < 0 ? "names no location" : "has a row of its own"))
        return oom(err);
    return 0;
}

/* "total" below the first row (FabFlee's mali2017_adm1 lists it last). Flee looks the
 * total up by name, and the first row by its name too, so the first row is an
 * ordinary camp row after all. */
static int layout_late_total(layout_reader *lr, const csv_file *c, char *err)
{
    if (lr->total_line)
        return csv_fail(c, err, "'total' already has a row (line %d)", lr->total_line);
    if (layout_demote_first(lr, c, err) || layout_total_series(lr, c, err))
        return -1;
    if (mig_flee_note(lr->m, "%s:%d: the total is not the first row: Flee's daily arrivals (sum_from_camps) then "
                      "leave out the first row ('%s') and count the total instead, about twice the observed "
                      "arrivals; migsim counts each camp once", lr->path, c->line, lr->total_name))
        return oom(err);
    lr->total_line = c->line;
    snprintf(lr->total_name, MIG_FLEE_NAME, "total");
    return 0;
}

/* A camp's row: its series, kept also for a name that is no location (noted). */
static int layout_camp_row(layout_reader *lr, const csv_file *c, char *err)
{
    mig_flee_model *m = lr->m;
    int loc = mig_flee_find_loc(m, c->f[0]);
    if (loc < 0 && m->strict_data && find_loc_csv(m, c, 0, &loc, err))
        return -1;
    if (loc >= 0 && lr->camp_line[loc])
        return csv_fail(c, err, "'%s' already has a row (line %d)", c->f[0], lr->camp_line[loc]);
    if (loc >= 0)
        lr->camp_line[loc] = c->line;
    mig_flee_series s = { 0 };
    if (read_row_series(m, c, lr->src_dir, &s, err)) {
        mig_flee_series_free(&s);
        return -1;
    }
    char e[MIG_ERR_LEN];
    int k = mig_flee_add_camp_data(m, c->f[0], loc, &s, e);
    if (k < 0) {
        mig_flee_series_free(&s);
        return csv_fail(c, err, "%s", e);
    }
    set_where(m->camps[k].where, lr->path, c->line);
    if (loc < 0) {
        /* Flee reads every row into its daily arrivals whatever the name (FabFlee
         * scenarios have rows for places outside locations.csv). */
        char hint[160];
        mig_flee_loc_hint(m, c->f[0], hint, sizeof hint);
        if (mig_flee_note(m, "%s:%d: '%s' names no location%s: its counts add to the daily new arrivals, as in "
                          "Flee, but are not reported or compared (`strict_data: true` under `migsim:` refuses "
                          "such rows)", lr->path, c->line, c->f[0], hint))
            return oom(err);
    } else if (!is_camp_type(m->locs[loc].type) && note_not_camp(m, lr->path, c->line, c->f[0], loc)) {
        return oom(err);
    }
    return 0;
}

static int layout_row(csv_file *c, void *ctx, char *err)
{
    layout_reader *lr = ctx;
    if (c->nf < 2 || csv_comment(c))
        return 0;
    if (!c->f[0][0])
        return csv_fail(c, err, "empty name (expected 'total' or a camp name, then its file)");
    if (csv_name(c, 0, "name", err))
        return -1;
    if (!lr->m->has_total)
        return layout_first_row(lr, c, err);
    if (strcmp(c->f[0], "total") == 0)
        return layout_late_total(lr, c, err);
    return layout_camp_row(lr, c, err);
}

/* After the last row: notes on a total taken from the first row and on camps without a row. */
static int layout_finish(const layout_reader *lr, char *err)
{
    mig_flee_model *m = lr->m;
    if (m->has_total && !lr->total_line &&
        mig_flee_note(m, "%s:%d: the first row ('%s') is taken as the total series, as in Flee", lr->path,
                      lr->first_line, lr->total_name))
        return oom(err);
    for (int i = 0; i < m->n_locs; i++)
        if (is_camp_type(m->locs[i].type) && !lr->camp_line[i] &&
            mig_flee_note(m, "%s: camp '%s' has no row (Flee stops with an error for a camp without data)", lr->path,
                          m->locs[i].name))
            return oom(err);
    return 0;
}

/* source_data/data_layout.csv and the count files it names. Opened before anything
 * is allocated, as a missing file is only a note. */
static int read_data(mig_flee_model *m, const char *dir, char *total_name, char *err)
{
    char src_dir[FLEE_PATH_LEN], path[FLEE_PATH_LEN];
    if (join_path(src_dir, dir, "source_data", err) || join_path(path, src_dir, "data_layout.csv", err))
        return -1;
    csv_file c;
    int r = csv_open(&c, path, 1, err);
    if (r < 0)
        return -1;
    if (r == 0)
        return note_no_layout(m, path, err);
    layout_reader lr = { m, path, src_dir, total_name, calloc((size_t)m->n_locs, sizeof(int)), 0, 0 };
    if (!lr.camp_line) {
        csv_close(&c);
        return oom(err);
    }
    r = csv_rows(&c, layout_row, &lr, err);
    if (r == 0)
        r = layout_finish(&lr, err);
    free(lr.camp_line);
    csv_close(&c);
    return r < 0 ? -1 : 0;
}

/* ---- registration_corrections.csv ---- */

static int read_corrections(mig_flee_model *m, const char *path, const char *total_name, char *err)
{
    csv_file c;
    int r = csv_open(&c, path, 1, err);
    if (r <= 0)
        return r;
    while ((r = csv_next(&c, err)) > 0) {
        if (c.nf < 2 || csv_comment(&c))
            continue;
        int date;
        if (parse_date(c.f[1], &date)) {
            r = csv_fail(&c, err, "bad date '%s' (expected YYYY-MM-DD)", c.f[1]);
            break;
        }
        mig_flee_series *s = NULL;
        for (int i = 0; i < m->n_camps && !s; i++)
            if (strcmp(m->camps[i].name, c.f[0]) == 0)
                s = &m->camps[i].s;
        if (!s && m->has_total && strcmp(c.f[0], total_name) == 0)
            s = &m->total;
        if (!s) {
            if (mig_flee_note(m, "%s:%d: '%s' has no data_layout.csv row; correction skipped (Flee stops with an "
                              "error here)", path, c.line, c.f[0])) {
                r = oom(err);
                break;
            }
            continue;
        }
        /* handle_refugee_data.correctLevel1Registrations: for each point on that
         * day (but the first), scale every earlier point by value[i] / value[i-1]. */
        int day = date - m->start_day, applied = 0;
        for (int i = 1; i < s->n; i++) {
            if (s->day[i] != day)
                continue;
            applied++;  /* a point on that day, even if its ratio is skipped below */
            double prev = s->value[i - 1];
            if (prev == 0) {
                if (mig_flee_note(m, "%s:%d: %s: the point before %s is 0, so the ratio is undefined; skipped "
                                  "(Flee would spread inf/NaN)", path, c.line, c.f[0], c.f[1])) {
                    r = oom(err);
                    break;
                }
                continue;
            }
            double ratio = s->value[i] / prev;
            for (int j = 0; j < i; j++)
                s->value[j] *= ratio;
        }
        if (r < 0)
            break;
        if (!applied && mig_flee_note(m, "%s:%d: %s has no data point on %s after its first; correction skipped "
                                      "(Flee stops with an error here)", path, c.line, c.f[0], c.f[1])) {
            r = oom(err);
            break;
        }
    }
    csv_close(&c);
    return r < 0 ? -1 : 0;
}

/* ---- the folder ---- */

/* Record a file that exists (the readers skip missing optional ones) as read. */
static int read_file_done(mig_flee_model *m, const char *dir, const char *rel, char *err)
{
    char path[FLEE_PATH_LEN];
    if (join_path(path, dir, rel, err))
        return -1;
    if (access(path, R_OK) == 0 && mig_flee_add_file(m, rel))
        return oom(err);
    return 0;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* Files of FabFlee's layout that migsim's Flee mode does not read: say so when present. */
static int note_unread(mig_flee_model *m, const char *dir, char *err)
{
    static const char *const extra[] = { "location_changes.csv", "major_routes.csv", "agents.csv", "flood_level.csv",
                                         "region_attributes_IPC.csv", NULL };
    char path[FLEE_PATH_LEN];
    for (const char *const *x = extra; *x; x++) {
        char rel[128];
        snprintf(rel, sizeof rel, "input_csv/%s", *x);
        if (join_path(path, dir, rel, err))
            return -1;
        if (access(path, F_OK) == 0 &&
            mig_flee_note(m, "%s is present but not read: migsim's Flee mode does not model it (docs/flee.md)", path))
            return oom(err);
    }
    if (join_path(path, dir, "input_csv", err))
        return -1;
    DIR *d = opendir(path);
    if (!d)
        return 0;
    /* readdir's order is the file system's: collect, then note in name order. */
    char names[64][128];
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL && n < 64;)
        if (strncmp(e->d_name, "demographics_", 13) == 0 && strlen(e->d_name) < sizeof names[0])
            memcpy(names[n++], e->d_name, strlen(e->d_name) + 1);
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], cmp_name);
    for (int i = 0; i < n; i++)
        if (mig_flee_note(m, "%s/%s is present but not read: agents carry no demographic attributes in migsim's "
                          "Flee mode", path, names[i]))
            return oom(err);
    return 0;
}

/* SHA-256 over "name\0hex\n" of every file read, in reading order. */
static int hash_sources(mig_flee_model *m, const char *dir, char *err)
{
    size_t cap = (size_t)m->n_files * (FLEE_PATH_LEN + 70) + 1, len = 0;
    char *buf = malloc(cap);
    if (!buf)
        return oom(err);
    for (int i = 0; i < m->n_files; i++) {
        char path[FLEE_PATH_LEN], hex[65];
        if (join_path(path, dir, m->files[i], err)) {
            free(buf);
            return -1;
        }
        if (mig_sha256_file(path, hex)) {
            snprintf(err, MIG_ERR_LEN, "%s: cannot read it again to hash it", path);
            free(buf);
            return -1;
        }
        len += (size_t)snprintf(buf + len, cap - len, "%s%c%s\n", m->files[i], 0, hex);
    }
    unsigned char d[32];
    mig_sha256(buf, len, d);
    free(buf);
    for (int i = 0; i < 32; i++)
        snprintf(m->source_sha256 + 2 * i, 3, "%02x", d[i]);
    return 0;
}

int mig_flee_read(mig_flee_model *m, const char *dir, char *err)
{
    char path[FLEE_PATH_LEN], total_name[MIG_FLEE_NAME] = "total";
    if (!dir || !*dir) {
        snprintf(err, MIG_ERR_LEN, "no Flee scenario folder given");
        return -1;
    }
    if (strlen(dir) >= sizeof m->dir) {
        snprintf(err, MIG_ERR_LEN, "%.200s...: folder name too long", dir);
        return -1;
    }
    snprintf(m->dir, sizeof m->dir, "%s", dir);
    if (join_path(path, dir, "simsetting.yml", err) || read_yaml(m, path, err) ||
        read_file_done(m, dir, "simsetting.yml", err))
        return -1;
    static const char *const inputs[] = { "sim_period", "locations", "routes", "closures", "conflicts", NULL };
    for (const char *const *x = inputs; *x; x++) {
        char rel[64];
        snprintf(rel, sizeof rel, "input_csv/%s.csv", *x);
        if (join_path(path, dir, rel, err))
            return -1;
        int rc = strcmp(*x, "sim_period") == 0  ? read_period(m, path, err)
                 : strcmp(*x, "locations") == 0 ? read_locations(m, path, err)
                 : strcmp(*x, "routes") == 0    ? read_routes(m, path, err)
                 : strcmp(*x, "closures") == 0  ? read_closures(m, path, err)
                                                : read_conflicts(m, path, err);
        if (rc || read_file_done(m, dir, rel, err))
            return -1;
    }
    if (read_file_done(m, dir, "source_data/data_layout.csv", err) || read_data(m, dir, total_name, err))
        return -1;
    if (join_path(path, dir, "input_csv/registration_corrections.csv", err) ||
        read_corrections(m, path, total_name, err) ||
        read_file_done(m, dir, "input_csv/registration_corrections.csv", err))
        return -1;
    /* hasten from simsetting.yml against the data just read, so flee.load fails at its
     * line; mig_flee_check repeats it for a hasten given later (flee.load, --set). */
    if (mig_flee_check_hasten(m, err) || note_unread(m, dir, err) || hash_sources(m, dir, err))
        return -1;
    return 0;
}
