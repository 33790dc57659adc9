/* export.h: tidy tables from a result JSON, for pandas and R. */
#ifndef MIG_EXPORT_H
#define MIG_EXPORT_H

#include <stdio.h>

/* Write table `name` of the result document at json_path to out, as "csv" or
 * "json" (a list of records). The document is a run result, a sweep result, a
 * Flee-rule run, Flee-rule replicates or a calibration (by its "schema"); each has its
 * own tables. A calibration that skipped history matching or ABC-SMC has no table of it.
 * Returns 0, -1 with err (at least 512 bytes; bad input: unknown table or one that
 * does not apply to the document, which err names with the tables that do;
 * unreadable, malformed or foreign file). */
int mig_export(const char *json_path, const char *name, const char *format, FILE *out, char *err);

/* The names of the tables with a line about each, one per line, to f. */
void mig_export_list(FILE *f);

/* The series behind table `name` of a run result (section "monthly" or "daily", the
 * series' key in it, the column names of its one or two nesting levels; key2 may be
 * NULL): 0, or -1 if name is not such a table. mig_export_table_name(i) lists them
 * (NULL after the last). For targets of a calibration (calib_data.c). */
int mig_export_series_table(const char *name, const char **section, const char **series, const char **key1,
                            const char **key2);
const char *mig_export_table_name(int i);

#endif
