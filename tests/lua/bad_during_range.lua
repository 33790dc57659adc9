-- expect: 4: during{}: parameter 'border.BB-CC.detection_prob' must be in [0, 1], got 1.5
local toy = require "toyworld"
toy.build()
during { from = "2022-02-01", to = "2022-02-28",
         set = { ["border.BB-CC.detection_prob"] = 1.5 } }
