-- operation{}: a one-off intelligence boost in CC dismantles the groups operating there
-- (north, both) that day; at its end the country's parameters are as before.
-- check: events("anti-smuggling operation in CC starts") == ["2022-06-01"] and events("operation in CC ends") == ["2022-07-01"]
-- check: "2022-06-01" in events("smuggling group north dismantled by CC") and "2022-06-01" in events("smuggling group both dismantled by CC")
-- check: "2022-06-01" not in events("group west")
-- check: D["groups_dismantled"]["CC"][day("2022-06-01")] == 2 and D["arrests_dismantling"]["CC"][day("2022-06-01")] == 20
local sw = require "smugworld"
sw.build()
set("smuggling.threshold", 1e9)
operation { country = "CC", from = "2022-06-01", days = 30, intel = 1e10, intel_per_day = 3, threshold_factor = 0.5 }
at("2022-07-02", function()
  if get("country.CC.intel_per_day") ~= 0 or get("country.CC.threshold_factor") ~= 1 then
    error("operation not undone")
  end
end)
