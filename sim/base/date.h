/* date.h: calendar dates <-> day numbers (proleptic Gregorian, days since 1970-01-01). */
#ifndef MIG_DATE_H
#define MIG_DATE_H

/* Parse "YYYY-MM-DD" into *days. Returns 0, or -1 if s is not a valid date. */
int mig_date_parse(const char *s, int *days);

/* Format days as "YYYY-MM-DD" into buf (at least 11 bytes). */
void mig_date_format(int days, char *buf);

/* Year and month (1-12) of a day number. */
void mig_date_ym(int days, int *year, int *month);

#endif
