-- when() on one border: ind.last_by_border["BB-CC"] holds yesterday's attempts, detections,
-- pushbacks and registrations there; the trigger fires on the first day after the one
-- on which BB-CC detections reached 5, and the logged value equals that day's series.
-- check: len(events("BB-CC busy")) == 1
-- check: (lambda i: i >= 1 and col("detections", "BB-CC")[i - 1] >= 5 and all(x < 5 for x in col("detections", "BB-CC")[:i - 1]))(day(events("BB-CC busy")[0]))
-- check: [l for x, l in E if l.startswith("seen ")] == ["seen %d" % col("detections", "BB-CC")[day(events("BB-CC busy")[0]) - 1]]
local toy = require "toyworld"
toy.build()
when(function(ind) return ind.last_by_border["BB-CC"].detections >= 5 end,
     function(ind) event(string.format("seen %d", ind.last_by_border["BB-CC"].detections)) end,
     "BB-CC busy")
