-- years: the baseline's world over two calendar years (2021-11-01 .. 2022-02-28), for
-- totals_by_year and --window across a year's end.
require("ensworld").build("ens_years", { start = "2021-11-01", stop = "2022-02-28" })
