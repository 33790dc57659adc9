/* buf.c: growable buffers, readers, sealed files and crash-safe writes (see buf.h). */
#define _XOPEN_SOURCE 700 /* realpath */
#include "buf.h"
#include "common.h"
#include "sha256.h"
#include "utf8.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- bytes in, bytes out ------------------------------------------------- */

void mig_buf_put(mig_buf *b, const void *data, size_t n)
{
    if (b->oom || n == 0)
        return;
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap : 1 << 16;
        while (cap < b->n + n)
            cap *= 2;
        unsigned char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, data, n);
    b->n += n;
}

void mig_buf_u64(mig_buf *b, uint64_t v)
{
    mig_buf_put(b, &v, sizeof v);
}

void mig_buf_f64(mig_buf *b, double v)
{
    mig_buf_put(b, &v, sizeof v);
}

void mig_buf_str(mig_buf *b, const char *s)
{
    size_t n = strlen(s);
    mig_buf_u64(b, n);
    mig_buf_put(b, s, n);
}

int mig_read(mig_reader *r, void *out, size_t n)
{
    if (r->bad || n > r->n - r->at) {
        r->bad = 1;
        if (out && n)
            memset(out, 0, n);
        return -1;
    }
    if (n)
        memcpy(out, r->p + r->at, n);
    r->at += n;
    return 0;
}

uint64_t mig_read_u64(mig_reader *r)
{
    uint64_t v = 0;
    mig_read(r, &v, sizeof v);
    return v;
}

double mig_read_f64(mig_reader *r)
{
    double v = 0;
    mig_read(r, &v, sizeof v);
    return v;
}

int mig_read_str(mig_reader *r, char *out, size_t cap)
{
    uint64_t n = mig_read_u64(r);
    if (r->bad || n >= cap || n > r->n - r->at) {
        r->bad = 1;
        out[0] = 0;
        return -1;
    }
    mig_read(r, out, (size_t)n);
    out[n] = 0;
    return 0;
}

/* ---- sealed files ------------------------------------------------------------ */

int mig_buf_seal_write(mig_buf *b, const char *path, char *err)
{
    unsigned char digest[32];
    if (!b->oom)
        mig_sha256(b->p, b->n, digest);
    mig_buf_put(b, digest, sizeof digest);
    int rc = b->oom ? (snprintf(err, MIG_ERR_LEN, "out of memory writing %.900s", path), -1)
                    : mig_file_write_bytes(path, b->p, b->n, err);
    free(b->p);
    memset(b, 0, sizeof *b);
    return rc;
}

int mig_sealed_check(const unsigned char *data, size_t n, const char magic[8])
{
    if (n < 8 + 32 || memcmp(data, magic, 8) != 0)
        return -1;
    unsigned char digest[32];
    mig_sha256(data, n - 32, digest);
    return memcmp(digest, data + n - 32, 32) == 0 ? 0 : -2;
}

unsigned char *mig_read_file(const char *path, size_t max, size_t *n, int *missing)
{
    *n = 0;
    *missing = 0;
    FILE *f = fopen(path, "rb");
    if (!f) {
        *missing = errno == ENOENT;
        return NULL;
    }
    size_t cap = max < (1 << 20) ? max + 1 : 1 << 20, k;
    unsigned char *data = malloc(cap);
    while (data && *n < max && (k = fread(data + *n, 1, (cap < max ? cap : max) - *n, f)) > 0) {
        *n += k;
        if (*n == cap && cap < max) {
            size_t ncap = cap * 2 < max ? cap * 2 : max;
            unsigned char *p = realloc(data, ncap);
            if (!p) {
                free(data);
                data = NULL;
                break;
            }
            data = p;
            cap = ncap;
        }
    }
    if (ferror(f)) {
        free(data);
        data = NULL;
    }
    fclose(f);
    return data;
}

/* ---- crash-safe writes ---------------------------------------------------- */

static int write_atomic(const char *path, const void *data, size_t len, int newline, char *err);

int mig_file_write_text(const char *path, const char *text, char *err)
{
    /* The last line of defence for the UTF-8 checks where text enters (utf8.h):
     * a JSON document that Python's json.load would refuse is not written. */
    long bad = mig_utf8_invalid_at(text, strlen(text));
    if (bad >= 0) {
        snprintf(err, MIG_ERR_LEN, "internal error: the result is not valid UTF-8 at byte %ld (near \"%.40s\"); "
                                   "nothing written, please report it", bad + 1, text + (bad > 20 ? bad - 20 : 0));
        return -1;
    }
    return write_atomic(path, text, strlen(text), 1, err);
}

int mig_file_write_bytes(const char *path, const void *data, size_t len, char *err)
{
    return write_atomic(path, data, len, 0, err);
}

/* The process's umask, read without changing it (umask() sets it, and another
 * thread creating a file meanwhile would get it wide open); 022 if unknown. */
static mode_t current_umask(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    unsigned mask = 022;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "Umask: %o", &mask) == 1)
            break;
    if (f)
        fclose(f);
    return (mode_t)(mask & 0777);
}

static int write_atomic(const char *path, const void *data, size_t len, int newline, char *err)
{
    const char *bytes = data;
    /* Replace only regular files: renaming over /dev/null or a fifo would destroy
     * it. A symlink is followed, so its target is what gets replaced. */
    char resolved[4096];
    struct stat st;
    if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
        if (!realpath(path, resolved)) {
            snprintf(err, MIG_ERR_LEN, "cannot follow the link %s: %s", path, strerror(errno));
            return -1;
        }
        path = resolved;
    }
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        snprintf(err, MIG_ERR_LEN, "%.3900s is not a regular file: results are written whole to a file", path);
        return -1;
    }
    size_t n = strlen(path) + 32;
    char *tmp = malloc(n);
    if (!tmp) {
        snprintf(err, MIG_ERR_LEN, "out of memory");
        return -1;
    }
    snprintf(tmp, n, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, MIG_ERR_LEN, "cannot create a file beside %.3900s: %s", path, strerror(errno));
        free(tmp);
        return -1;
    }
    size_t done = 0;
    while (done < len) {
        ssize_t k = write(fd, bytes + done, len - done);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            snprintf(err, MIG_ERR_LEN, "writing %s: %s", tmp, strerror(errno));
            goto fail;
        }
        done += (size_t)k;
    }
    if ((newline && write(fd, "\n", 1) != 1) || fsync(fd) != 0) {
        snprintf(err, MIG_ERR_LEN, "writing %s: %s", tmp, strerror(errno));
        goto fail;
    }
    fchmod(fd, 0666 & ~current_umask());  /* mkstemp makes 0600: give the file the usual mode */
    close(fd);
    if (rename(tmp, path) != 0) {
        snprintf(err, MIG_ERR_LEN, "cannot rename %.1900s to %.1900s: %s", tmp, path, strerror(errno));
        unlink(tmp);
        free(tmp);
        return -1;
    }
    free(tmp);
    return 0;
fail:
    close(fd);
    unlink(tmp);
    free(tmp);
    return -1;
}
