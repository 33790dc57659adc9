/* utf8.h: the checks that keep every string migsim writes valid UTF-8 (JSON
 * readers such as Python's json.load refuse anything else). Text is checked
 * where it enters (Lua strings, CSV fields) and cut only at character
 * boundaries where a fixed buffer truncates it. */
#ifndef MIG_UTF8_H
#define MIG_UTF8_H

#include <stddef.h>

/* Offset of the first byte of s[0..n) that is not part of well-formed UTF-8
 * (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF), or -1
 * when all of it is. */
long mig_utf8_invalid_at(const char *s, size_t n);

/* Cut a NUL-terminated string that a fixed buffer may have truncated so that
 * it does not end inside a character. Valid text that ends whole is unchanged. */
void mig_utf8_trim(char *s);

/* mig_utf8_trim, then every other byte that is not part of a whole character
 * becomes '?': for text that was cut at its start as well (Lua shortens long
 * chunk names to "..." and their last bytes). */
void mig_utf8_scrub(char *s);

/* snprintf's "%s" into dst[cap], then mig_utf8_scrub: always valid UTF-8. */
void mig_utf8_copy(char *dst, size_t cap, const char *src);

#endif
