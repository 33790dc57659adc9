-- on_day(): runs every day with the indicator table: the date and day index, yesterday's
-- counts (0 on day 0, stock and in_transit too), cumulative counts to yesterday, and
-- yesterday's counts by nationality; each matches the daily series of the output.
-- check: len(E) == len(dates) and [x for x, _ in E] == dates
-- check: all(E[i][1].split()[:2] == [dates[i], str(i)] for i in range(len(dates)))
-- check: all(E[i][1].split()[2] == "%g" % (col("departures")[i - 1] if i else 0) for i in range(len(dates)))
-- check: all(E[i][1].split()[3] == "%g" % (col("detections")[i - 1] if i else 0) for i in range(len(dates)))
-- check: all(E[i][1].split()[4] == "%g" % (col("stock")[i - 1] if i else 0) for i in range(len(dates)))
-- check: all(E[i][1].split()[5] == "%g" % (D["in_transit"][i - 1] if i else 0) for i in range(len(dates)))
-- check: all(E[i][1].split()[6] == "%g" % sum(col("arrivals")[:i]) for i in range(len(dates)))
-- check: all(E[i][1].split()[7] == "%g" % (col("departures", "XXA")[i - 1] if i else 0) for i in range(len(dates)))
-- check: all(E[i][1].split()[8] == "%g" % sum(col("frontex_detections")[:i]) for i in range(len(dates)))
-- check: sum(col("stock")) > 0 and sum(col("arrivals")) > 0
local toy = require "toyworld"
toy.build()
on_day(function(ind)
  event(string.format("%s %d %g %g %g %g %g %g %g", ind.date, ind.day, ind.last.departures, ind.last.detections,
                      ind.last.stock, ind.last.in_transit, ind.total.arrivals,
                      ind.last_by_nationality.XXA.departures, ind.total.frontex_detections))
end)
