/* test_date.c: calendar dates <-> day numbers (date.h). */
#include "check.h"
#include "date.h"

static int parse(const char *s)
{
    int d = -123456;
    return mig_date_parse(s, &d) == 0 ? d : -123456;
}

static void test_known(void)
{
    /* Values from Python's datetime.date. */
    CHECK_EQ(parse("1970-01-01"), 0);
    CHECK_EQ(parse("1970-01-02"), 1);
    CHECK_EQ(parse("1969-12-31"), -1);
    CHECK_EQ(parse("2000-03-01"), 11017);
    CHECK_EQ(parse("2020-02-29"), 18321);
    CHECK_EQ(parse("2022-10-21"), 19286);
    CHECK_EQ(parse("1900-01-01"), -25567);
    CHECK_EQ(parse("2200-12-31"), 84370);
    char buf[11];
    mig_date_format(19286, buf);
    CHECK(strcmp(buf, "2022-10-21") == 0);
    mig_date_format(-1, buf);
    CHECK(strcmp(buf, "1969-12-31") == 0);
}

/* Every day from 1900 to 2200: format then parse gives the day back, and
 * consecutive days are consecutive dates. */
static void test_round_trip(void)
{
    int lo = parse("1900-01-01"), hi = parse("2200-12-31");
    int bad = 0, days_in_month = 0, feb_lengths_ok = 1, prev_y = 1899, prev_m = 12;
    char buf[16], prev[16] = "1899-12-31";
    for (int d = lo; d <= hi; d++) {
        mig_date_format(d, buf);
        int back;
        if (mig_date_parse(buf, &back) != 0 || back != d || strcmp(buf, prev) <= 0)
            bad++;
        int y, m;
        mig_date_ym(d, &y, &m);
        if (m != prev_m) {
            /* month just ended: check February's length */
            if (prev_m == 2) {
                int leap = (prev_y % 4 == 0 && prev_y % 100 != 0) || prev_y % 400 == 0;
                feb_lengths_ok &= days_in_month == 28 + leap;
            }
            days_in_month = 0;
        }
        days_in_month++;
        char ym[16];
        snprintf(ym, sizeof ym, "%04d-%02d", y, m);
        bad += strncmp(ym, buf, 7) != 0;
        prev_y = y;
        prev_m = m;
        memcpy(prev, buf, sizeof prev);
    }
    CHECK(bad == 0);
    CHECK(feb_lengths_ok);
    CHECK_EQ(hi - lo + 1, 301 * 365 + 73);  /* leap years 1904..2196 except 1900, 2100 */
}

static void test_leap(void)
{
    int d;
    CHECK(mig_date_parse("2020-02-29", &d) == 0);
    CHECK(mig_date_parse("2000-02-29", &d) == 0);
    CHECK(mig_date_parse("2022-02-29", &d) != 0);
    CHECK(mig_date_parse("1900-02-29", &d) != 0);
    CHECK(mig_date_parse("2100-02-29", &d) != 0);
    CHECK(mig_date_parse("2020-02-30", &d) != 0);
    CHECK_EQ(parse("2020-03-01") - parse("2020-02-28"), 2);
    CHECK_EQ(parse("2022-03-01") - parse("2022-02-28"), 1);
}

static void test_invalid(void)
{
    const char *bad[] = {
        "2022-13-01", "2022-00-10", "2022-1-01", "2022-01-1", "2022-01-00", "2022-01-32", "2022-04-31",
        "", "garbage", "garbage!!!", "2022/01/01", "2022-01-01x", "20220101", " 2022-01-01", "2022-01-01 ",
        "2022-+1-01", "2022- 1-01", "2022-01-+1", "2022-01- 1", "+022-01-01", "-022-01-01", "1899-12-31",
        "2201-01-01", "2022-1a-01", "yyyy-mm-dd",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int d = 777;
        int rc = mig_date_parse(bad[i], &d);
        if (!CHECK(rc != 0 && d == 777))
            fprintf(stderr, "    accepted \"%s\" as day %d\n", bad[i], d);
    }
    int d = 777;
    CHECK(mig_date_parse(NULL, &d) != 0 && d == 777);
}

static void test_format_bounds(void)
{
    char buf[16];
    memset(buf, 'X', sizeof buf);
    mig_date_format(parse("2022-10-21"), buf);
    CHECK(buf[10] == 0 && buf[11] == 'X');  /* writes exactly 11 bytes */
}

static void test_ym(void)
{
    int y = 0, m = 0;
    mig_date_ym(parse("2022-02-28"), &y, &m);
    CHECK(y == 2022 && m == 2);
    mig_date_ym(parse("2020-12-31"), &y, &m);
    CHECK(y == 2020 && m == 12);
    mig_date_ym(parse("2021-01-01"), &y, &m);
    CHECK(y == 2021 && m == 1);
    mig_date_ym(0, &y, &m);
    CHECK(y == 1970 && m == 1);
    mig_date_ym(-1, &y, &m);
    CHECK(y == 1969 && m == 12);
}

int main(void)
{
    test_known();
    test_round_trip();
    test_leap();
    test_invalid();
    test_format_bounds();
    test_ym();
    return check_done("test_date");
}
