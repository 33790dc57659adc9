/* buf.h: bytes in and out. A growable byte buffer and a cursor over bytes (the
 * checkpoint, the Lua `carry` table and the journals are written with them),
 * sealed files, and crash-safe file writes. */
#ifndef MIG_BUF_H
#define MIG_BUF_H

#include <stddef.h>
#include <stdint.h>

/* A growable byte buffer (writing) and a cursor over bytes (reading). */
typedef struct mig_buf {
    unsigned char *p;
    size_t n, cap;
    int oom;
} mig_buf;

typedef struct mig_reader {
    const unsigned char *p;
    size_t n, at;
    int bad;        /* read past the end */
} mig_reader;

void mig_buf_put(mig_buf *b, const void *data, size_t n);
void mig_buf_u64(mig_buf *b, uint64_t v);
void mig_buf_f64(mig_buf *b, double v);
void mig_buf_str(mig_buf *b, const char *s);
/* Each get returns 0 past the end (and sets r->bad). */
int mig_read(mig_reader *r, void *out, size_t n);
uint64_t mig_read_u64(mig_reader *r);
double mig_read_f64(mig_reader *r);
/* A string of at most cap - 1 bytes into out; -1 if longer or past the end. */
int mig_read_str(mig_reader *r, char *out, size_t cap);

/* Sealed files (checkpoints, journals of replicates and design points): 8 bytes of
 * magic, the content, and a SHA-256 of both. */
/* Append the digest of b's bytes, write them atomically to path, free b. 0 or -1 with err. */
int mig_buf_seal_write(mig_buf *b, const char *path, char *err);
/* Check data (n bytes, digest included): 0 sealed with magic, -1 another kind of
 * file, -2 magic right but the digest does not match (damaged or cut short). */
int mig_sealed_check(const unsigned char *data, size_t n, const char magic[8]);
/* The first max bytes of the file at path (all of it if smaller) in *n; NULL if it
 * cannot be read, with *missing set when it does not exist. Caller frees. */
unsigned char *mig_read_file(const char *path, size_t max, size_t *n, int *missing);

/* Write text to path through a temporary file in the same folder, fsync and
 * rename, so path holds either its old content or the whole new one.
 * Returns 0 or -1 with err. */
int mig_file_write_text(const char *path, const char *text, char *err);
/* The same for len bytes, as they are (no newline added). */
int mig_file_write_bytes(const char *path, const void *data, size_t len, char *err);

#endif
