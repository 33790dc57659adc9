-- Zero case: a threshold no group can reach dismantles none, even with the network.
-- check: T["groups_dismantled"] == 0 and T["arrests_dismantling"] == 0 and T["groups_replaced"] == 0
-- check: D["smuggling"]["groups_active"] == [3] * len(dates) and T["released_by_dismantling"] == 0
-- check: T["intel_shared"] > 0 and not events("dismantled")
local sw = require "smugworld"
sw.build()
set("smuggling.threshold", 1e12)
network { members = { "BB", "CC", "DD" }, delay_days = 0 }
