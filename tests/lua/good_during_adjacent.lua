-- Two windows on the same key, back to back and declared in reverse order: the first
-- window's end (the day after its `to`) comes before the second's start on that day, so the
-- border stays closed through both and opens on 2022-03-01 (before the fix, the first end
-- reopened it on 02-15 for good and the second closure was lost); a detection_prob pair
-- likewise goes back to the world's value after the later window, not to the earlier one's.
-- check: sum(col("attempts")[day("2022-02-01"):day("2022-03-01")]) == 0
-- check: sum(col("attempts")[:day("2022-02-01")]) > 0 and sum(col("attempts")[day("2022-03-01"):]) > 0
-- check: [e.get("new") for e in EV if e["type"] == "parameter" and e.get("key") == "border.BB-CC.closed"] == [1, 0, 1, 0]
-- check: [e.get("new") for e in EV if e["type"] == "parameter" and e.get("key") == "border.BB-CC.detection_prob"] == [0.9, P["border.BB-CC.detection_prob"], 0.5, P["border.BB-CC.detection_prob"]]
local toy = require "toyworld"
toy.build()
close_border { border = "BB-CC", from = "2022-02-15", to = "2022-02-28", label = "late February" }
close_border { border = "BB-CC", from = "2022-02-01", to = "2022-02-14", label = "early February" }
during { from = "2022-01-21", to = "2022-01-31", set = { ["border.BB-CC.detection_prob"] = 0.5 }, label = "late" }
during { from = "2022-01-10", to = "2022-01-20", set = { ["border.BB-CC.detection_prob"] = 0.9 }, label = "early" }
