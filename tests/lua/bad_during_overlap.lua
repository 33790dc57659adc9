-- expect: 6: during{}: border.BB-CC.detection_prob is already changed from 2022-02-01 to 2022-02-28 by the window at
-- expect-also: bad_during_overlap.lua:5; windows on the same parameter may not overlap
local toy = require "toyworld"
toy.build()
during { from = "2022-02-01", to = "2022-02-28", set = { ["border.BB-CC.detection_prob"] = 0.9 } }
during { from = "2022-02-20", to = "2022-03-10", set = { ["border.BB-CC.detection_prob"] = 0.5 } }
