-- expect: 4: parameter 'border.BB-CC.detection_prob' must be in [0, 1], got 1.7
local toy = require "toyworld"
toy.build()
border { from = "BB", to = "CC", detection_prob = 1.7 }
