-- set() and get(): while loading, set changes the parameter (meta.parameters, the values as
-- the run starts, shows it; no event); get reads it back. In a hook, set logs an event (and
-- meta.parameters keeps the start value); from that day every attempt at BB-CC is detected.
-- A boolean sets 0 or 1.
-- check: P["give_up_prob"] == 0.5 and P["risk_aversion"] == 3 and P["channel.XXA.overland.open"] == 1
-- check: P["border.BB-CC.detection_prob"] == 0.3
-- check: E == [("2022-02-01", "tighten"), ("2022-02-01", "set border.BB-CC.detection_prob = 1"), ("2022-02-01", "got 1.0")]
-- check: sum(col("detections")[:day("2022-02-01")]) < sum(col("attempts")[:day("2022-02-01")])
-- check: col("detections")[day("2022-02-01"):] == col("attempts")[day("2022-02-01"):] and sum(col("attempts")[day("2022-02-01"):]) > 0
local toy = require "toyworld"
toy.build()
set("give_up_prob", 0.5)
assert(get("give_up_prob") == 0.5)
set("risk_aversion", get("border.BB-CC.detection_prob") * 10)
set("channel.XXA.overland.open", false)
set("channel.XXA.overland.open", true)
at("2022-02-01", "tighten", function()
  set("border.BB-CC.detection_prob", 1)
  event("got " .. get("border.BB-CC.detection_prob"))
end)
