-- expect: 9: ind.total has no field 'frontex' (did you mean 'frontex_detections'?)
-- expect-also: (scenario hook on 2022-03-
-- issue 17, friction 3, as reported: a wrong field behind a condition that holds only late in
-- the run. `run` meets it on day 61 (2022-03-03); `check` calls each condition on the first day
-- (counts 0) and on the last (2022-03-31, counts large), so it reaches the field too.
local toy = require "toyworld"
toy.build()
when(function(d)
  return d.day > 60 and d.total.frontex > 5000
end, function(d) set("border.BB-CC.detection_prob", 0.9) end, "reinforce late")
