-- when(): the predicate sees the indicators each day until it holds; the action runs once,
-- on the first day cumulative detections (to yesterday) reach 100, after its label is logged.
-- A predicate true from the start fires on the first day only; one never true never fires.
-- check: len(events("detections reached 100")) == 1 and len(events("fired at")) == 1
-- check: events("detections reached 100")[0] == dates[min(i for i in range(len(dates)) if sum(col("detections")[:i]) >= 100)]
-- check: [l for x, l in E if l.startswith("fired at")] == ["fired at %d" % sum(col("detections")[:day(events("fired at")[0])])]
-- check: E[0][1].startswith("trigger (") and E[0][1].rstrip(":)").endswith("good_when.lua:14") and E[1] == ("2022-01-01", "always")
-- check: events("never") == []
local toy = require "toyworld"
toy.build()
when(function(ind) return ind.total.detections >= 100 end,
     function(ind) event(string.format("fired at %d", ind.total.detections)) end,
     "detections reached 100")
when(function() return true end, function() event("always") end)
when(function(ind) return ind.total.departures < 0 end, function() event("never") end)
