/* test_utf8.c: well-formed UTF-8 and cutting at character boundaries. */
#include "check.h"
#include "utf8.h"

#include <string.h>

static long bad(const char *s) { return mig_utf8_invalid_at(s, strlen(s)); }

int main(void)
{
    CHECK(bad("") == -1);
    CHECK(bad("Beograd") == -1);
    CHECK(bad("Portoro\xC5\xBE") == -1);                 /* ž */
    CHECK(bad("\xE2\x82\xAC 5") == -1);                  /* € */
    CHECK(bad("\xF0\x9F\x98\x80") == -1);                /* U+1F600 */
    CHECK(bad("\xF4\x8F\xBF\xBF") == -1);                /* U+10FFFF */
    CHECK(bad("caf\xE9") == 3);                          /* Latin-1 é */
    CHECK(bad("ab\x80") == 2);                           /* a lone continuation byte */
    CHECK(bad("\xC0\xAF") == 0);                         /* overlong '/' */
    CHECK(bad("\xE0\x80\xAF") == 0);                     /* overlong */
    CHECK(bad("\xED\xA0\x80") == 0);                     /* a surrogate */
    CHECK(bad("\xF4\x90\x80\x80") == 0);                 /* above U+10FFFF */
    CHECK(bad("\xF5\x80\x80\x80") == 0);
    CHECK(bad("x\xE2\x82") == 1);                        /* cut short */
    CHECK(mig_utf8_invalid_at("a\0b", 3) == -1);         /* NUL is a character */

    char s[16];
    strcpy(s, "ab\xC3\xA9");
    mig_utf8_trim(s);
    CHECK(strcmp(s, "ab\xC3\xA9") == 0);                 /* whole: unchanged */
    strcpy(s, "ab\xC3");
    mig_utf8_trim(s);
    CHECK(strcmp(s, "ab") == 0);
    strcpy(s, "ab\xF0\x9F\x98");
    mig_utf8_trim(s);
    CHECK(strcmp(s, "ab") == 0);
    strcpy(s, "abc");
    mig_utf8_trim(s);
    CHECK(strcmp(s, "abc") == 0);

    /* Lua's chunk names keep the last bytes of a long path after "...": cut inside a character. */
    strcpy(s, "...\xA9x.lua:3:");
    mig_utf8_scrub(s);
    CHECK(strcmp(s, "...?x.lua:3:") == 0);
    strcpy(s, "caf\xC3\xA9 \xC3");
    mig_utf8_scrub(s);
    CHECK(strcmp(s, "caf\xC3\xA9 ") == 0);

    /* The case: 62 'N' and an é into 64 bytes cut the é in half. */
    char name[64], src[80];
    memset(src, 'N', 62);
    strcpy(src + 62, "\xC3\xA9");
    mig_utf8_copy(name, sizeof name, src);
    CHECK(strlen(name) == 62 && bad(name) == -1);
    mig_utf8_copy(name, sizeof name, "short \xC3\xA9");
    CHECK(strcmp(name, "short \xC3\xA9") == 0);
    /* Every cut of a string of multi-byte characters stays valid. */
    const char *mixed = "\xC5\xBE\xE2\x82\xAC\xF0\x9F\x98\x80" "a\xC3\xA9";
    for (size_t cap = 1; cap < 16; cap++) {
        char out[16];
        mig_utf8_copy(out, cap, mixed);
        CHECK(bad(out) == -1);
        CHECK(strncmp(out, mixed, strlen(out)) == 0);
    }
    return check_done("test_utf8");
}
