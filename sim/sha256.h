/* sha256.h: SHA-256 of a file, for the scenario hash in every result's metadata. */
#ifndef MIG_SHA256_H
#define MIG_SHA256_H

/* Hex digest of the file at path into hex (65 bytes). Returns 0 or -1 if unreadable. */
int mig_sha256_file(const char *path, char hex[65]);

#endif
