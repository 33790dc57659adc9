/* suggest.h: "did you mean" for names typed by people. */
#ifndef MIG_SUGGEST_H
#define MIG_SUGGEST_H

#include <stddef.h>

/* Levenshtein distance of two short strings (for "did you mean"); large if
 * either is longer than 96 characters. */
size_t mig_edit_distance(const char *a, const char *b);

#endif
