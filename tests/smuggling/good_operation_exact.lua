-- operation{}: a one-off gain of exactly the threshold dismantles the groups in the
-- country on the operation's first day (it is added after that day's ageing), and
-- detections here add no intelligence of their own.
-- check: "2022-06-01" in events("smuggling group north dismantled by CC") and "2022-06-01" in events("smuggling group both dismantled by CC")
-- check: T["groups_dismantled"] == 2
local sw = require "smugworld"
sw.build()
set("smuggling.intel_per_detection", 0)
set("smuggling.replacement_days", 1e6)
set("smuggling.replacement_min_days", 1e6)
operation { country = "CC", from = "2022-06-01", intel = 100 }
