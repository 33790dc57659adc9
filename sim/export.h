/* export.h: tidy tables from a result JSON, for pandas and R. */
#ifndef MIG_EXPORT_H
#define MIG_EXPORT_H

#include <stdio.h>

/* Write table `name` of the result document at json_path to out, as "csv" or
 * "json" (a list of records). Returns 0, -1 with err (bad input: unknown table,
 * unreadable or foreign file). */
int mig_export(const char *json_path, const char *name, const char *format, FILE *out, char *err);

/* The names of the tables, one per line, to f. */
void mig_export_list(FILE *f);

#endif
