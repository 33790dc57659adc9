-- expect: 8: unknown parameter 'border.BB-CC.detection_prb' (did you mean 'border.BB-CC.detection_prob'?)
-- expect-also: (scenario hook on 2022-0
-- A misspelt key in a branch of on_day that only large counts open: `check` calls on_day on the
-- last day too, with every count large, and so reaches it (issue 17, friction 3).
local toy = require "toyworld"
toy.build()
on_day(function(d)
  if d.total.arrivals > 300 then set("border.BB-CC.detection_prb", 0.9) end
end)
