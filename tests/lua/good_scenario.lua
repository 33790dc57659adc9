-- scenario{}: name, dates and agent_weight reach meta; counts are in persons (multiples of the weight).
-- check: d["meta"]["scenario"]["name"] == "api scenario"
-- check: d["meta"]["start"] == "2022-02-01" and d["meta"]["end"] == "2022-02-28" and d["meta"]["days"] == 28
-- check: dates[0] == "2022-02-01" and dates[-1] == "2022-02-28" and months == ["2022-02"]
-- check: d["meta"]["agent_weight"] == 5 and P["agent_weight"] == 5
-- check: T["departures"] > 0 and all(v % 5 == 0 for v in T.values())
-- check: all(v % 5 == 0 for v in col("departures"))
-- check: "2022-02-01 to 2022-02-28" in check_out
local toy = require "toyworld"
toy.build()
assert(today() == nil, "today() is nil while the scenario loads")
scenario { name = "api scenario", start = "2022-02-01", stop = "2022-02-28", agent_weight = 5 }
