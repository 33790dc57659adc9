-- close_border{}: while BB-CC is closed nobody crosses there; people who reach it wait,
-- reroute (here back to Hub) or go home, and every turn-away is counted once; it reopens
-- by itself on 2022-03-01 and crossings resume.
-- check: sum(col("attempts")[day("2022-02-01"):day("2022-03-01")]) == 0
-- check: sum(col("attempts")[day("2022-01-01"):day("2022-02-01")]) > 0 and sum(col("attempts")[day("2022-03-01"):]) > 0
-- check: sum(col("waiting_at_closed")) > 0 and sum(col("rerouted_at_closed")) > 0 and sum(col("gave_up_at_closed")) > 0
-- check: all(sum(col(s)[:day("2022-02-01")] + col(s)[day("2022-03-01"):]) == 0 for s in ("waiting_at_closed", "rerouted_at_closed", "gave_up_at_closed"))
-- check: T["gave_up_at_closed"] == sum(col("gave_up_at_closed")) == T["gave_up_at_closed.BB-CC"] and T["gave_up_at_closed"] <= T["returned"]
-- check: T["waiting_at_closed"] == sum(col("waiting_at_closed")) and T["rerouted_at_closed"] == sum(col("rerouted_at_closed"))
-- check: T["returned"] == sum(col("returned")) and all(a <= b for a, b in zip(col("gave_up_at_closed"), col("returned")))
-- check: sum(M["gave_up_at_closed"]["BB-CC"]["XXA"]) == T["gave_up_at_closed"]
-- check: [(e["type"], e.get("key"), e.get("new")) for e in EV if e["type"] in ("during_start", "during_end", "parameter")] == [("during_start", None, None), ("parameter", "border.BB-CC.closed", 1), ("during_end", None, None), ("parameter", "border.BB-CC.closed", 0)]
local toy = require "toyworld"
toy.build()
route { from = "Edge", to = "Hub", km = 200 }
set("closure.wait_days", 5)
set("closure.give_up", 0.4)
close_border { border = "BB-CC", from = "2022-02-01", to = "2022-02-28", label = "fence" }
