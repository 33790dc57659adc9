-- network{}: raising the delay from 0 to 30 days holds reports back: the reports of
-- 2022-05-31 and before were already delivered, those of 2022-06-01 on arrive from
-- 2022-07-01, so nothing is shared in between (each report is delivered once).
-- Lowering it again releases the backlog at once.
-- check: all(x == 0 for x in D["smuggling"]["intel_shared"][day("2022-06-01"):day("2022-07-01")])
-- check: sum(D["smuggling"]["intel_shared"][:day("2022-06-01")]) > 0 and D["smuggling"]["intel_shared"][day("2022-07-01")] > 0
-- check: D["smuggling"]["intel_shared"][day("2022-10-01")] > 5 * max(D["smuggling"]["intel_shared"][day("2022-09-01"):day("2022-10-01")])
local sw = require "smugworld"
sw.build()
set("smuggling.threshold", 1e12)
network { members = { "BB", "CC", "DD" }, delay_days = 0 }
at("2022-06-01", function() network { delay_days = 30 } end)
at("2022-10-01", function() network { delay_days = 0 } end)
