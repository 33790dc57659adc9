/* params_list.h: `migsim params`: the parameter table (core/params.h) or a
 * scenario's concrete parameters, as text, Markdown or JSON. docs/parameters.md
 * is this table in Markdown. */
#ifndef MIG_PARAMS_LIST_H
#define MIG_PARAMS_LIST_H

#include "flee.h"
#include "world.h"

#include <stddef.h>
#include <stdio.h>

typedef enum { MIG_PARAMS_TEXT, MIG_PARAMS_MARKDOWN, MIG_PARAMS_JSON } mig_params_format;

/* "text", "markdown", "json" -> the format; -1 if none of them. */
int mig_params_format_parse(const char *s);

/* Without a scenario (NULL): write the table, one row per key pattern (pattern,
 * entity, type, range, unit, meaning, source, what a change re-derives). With
 * one: load it and write its world's every key with value, type, range and
 * unit, in the order of meta.parameters; for a Flee scenario its Flee settings
 * with value and range. Returns 0, or -1 with err (the scenario's "file:line:"
 * error: bad input) and nothing written to f. */
int mig_params_write(FILE *f, const char *scenario, mig_params_format fmt, char *err, size_t errlen);

/* The same for a world or Flee settings already loaded (set NULL: the world's keys).
 * 0, or -1 if out of memory. */
int mig_params_write_loaded(FILE *f, const mig_world *w, const mig_flee_settings *set, mig_params_format fmt);

#endif
