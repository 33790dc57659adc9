/* sha256.h: SHA-256 of a file, for the scenario hash in every result's metadata,
 * and of a buffer, for the checksum of a checkpoint. */
#ifndef MIG_SHA256_H
#define MIG_SHA256_H

#include <stddef.h>

/* Hex digest of the file at path into hex (65 bytes). Returns 0 or -1 if unreadable. */
int mig_sha256_file(const char *path, char hex[65]);

/* Digest of len bytes at data into out (32 bytes). */
void mig_sha256(const void *data, size_t len, unsigned char out[32]);

#endif
