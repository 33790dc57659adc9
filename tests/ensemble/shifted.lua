-- shifted: the baseline's world a year earlier (2021-01-01 .. 2021-04-30: as many days and
-- months, other dates), so it cannot be compared with base.lua (compare must refuse, exit 2).
require("ensworld").build("ens_shifted", { start = "2021-01-01", stop = "2021-04-30" })
