-- scenario{ warmup_from = }: the days from warmup_from to start are simulated but not
-- reported; people already on their way when the report starts are in its first stocks;
-- at() may fire during the warm-up (its event is logged with its date).
-- check: d["meta"]["warmup_from"] == "2022-01-01" and d["meta"]["start"] == "2022-02-01" and dates[0] == "2022-02-01"
-- check: d["meta"]["days"] == 28 and months == ["2022-02"]
-- check: D["in_transit"][0] + col("stock")[0] > col("departures")[0]
-- check: ("2022-01-10", "during the warm-up") in E
-- check: "2022-02-01 to 2022-02-28" in check_out
local toy = require "toyworld"
toy.build()
scenario { warmup_from = "2022-01-01", start = "2022-02-01", stop = "2022-02-28" }
at("2022-01-10", "during the warm-up", function() end)
