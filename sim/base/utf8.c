/* utf8.c: UTF-8 well-formedness (RFC 3629, Unicode table 3-7) and cutting at
 * character boundaries. */
#include "utf8.h"

#include <stdio.h>
#include <string.h>

/* Length of the well-formed sequence at s (at most n bytes available), or 0. */
static size_t sequence_length(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  /* the range of the second byte */
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;  /* overlong */
        else if (c == 0xED)
            hi = 0x9F;  /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;  /* overlong */
        else if (c == 0xF4)
            hi = 0x8F;  /* above U+10FFFF */
    } else
        return 0;
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (s[i] < 0x80 || s[i] > 0xBF)
            return 0;
    return len;
}

long mig_utf8_invalid_at(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t len = sequence_length(u + i, n - i);
        if (len == 0)
            return (long)i;
        i += len;
    }
    return -1;
}

void mig_utf8_trim(char *s)
{
    size_t n = strlen(s), start = n;
    /* Back over at most three continuation bytes to the last lead byte. */
    while (start > 0 && n - start < 4 && ((unsigned char)s[start - 1] & 0xC0) == 0x80)
        start--;
    if (start == 0)
        return;
    unsigned char lead = (unsigned char)s[start - 1];
    if (lead < 0x80 && start == n)
        return;
    if (lead >= 0xC0 && sequence_length((const unsigned char *)s + start - 1, n - start + 1) == 0)
        s[start - 1] = 0;  /* an incomplete last character: drop it */
}

void mig_utf8_scrub(char *s)
{
    mig_utf8_trim(s);
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        size_t len = sequence_length((const unsigned char *)s + i, n - i);
        if (len == 0) {
            s[i++] = '?';
            continue;
        }
        i += len;
    }
}

void mig_utf8_copy(char *dst, size_t cap, const char *src)
{
    if (cap == 0)
        return;
    snprintf(dst, cap, "%s", src);
    mig_utf8_scrub(dst);  /* src itself may be a composite that an earlier buffer cut */
}
