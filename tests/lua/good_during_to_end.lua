-- during{} to the run's last day: allowed, nothing is restored (no end event), and the
-- value holds to the end; replicates (each its own load and check) agree.
-- check: [(e["type"], e.get("key")) for e in EV] == [("during_start", None), ("parameter", "border.BB-CC.closed")]
-- check: sum(col("attempts")[day("2022-03-01"):]) == 0 and sum(col("attempts")[:day("2022-03-01")]) > 0
-- check: run("good_during_to_end.lua", "--replicates", "2")["schema"] == "migsim-ensemble/1"
local toy = require "toyworld"
toy.build()
close_border { border = "BB-CC", from = "2022-03-01", to = "2022-03-31" }
