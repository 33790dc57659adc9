-- expect: 8: ind.total has no field 'frontex' (did you mean 'frontex_detections'?)
-- expect-also: (scenario hook on 2022-01-01)
-- issue 17, friction 3: a wrong field of the indicator table in when() is an error naming the
-- field, the table and the nearest field, found by `check` as well as by `run` (it was a raw
-- "attempt to compare number with nil" on the first day, or ~600 days in behind a condition).
local toy = require "toyworld"
toy.build()
when(function(d) return d.total.frontex > 5000 end,
     function(d) set("border.BB-CC.detection_prob", 0.9) end,
     "reinforce after 5000 Frontex detections")
