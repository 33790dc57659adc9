-- expect: 4: during{}: unknown parameter 'border.BB-CC.detecton_prob' (did you mean 'border.BB-CC.detection_prob'?)
local toy = require "toyworld"
toy.build()
during { from = "2022-02-01", to = "2022-02-28", set = { ["border.BB-CC.detecton_prob"] = 0.9 } }
