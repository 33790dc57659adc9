-- expect: 4: border{}: 'detection_prob' must be finite
local toy = require "toyworld"
toy.build()
border { from = "BB", to = "CC", detection_prob = 0 / 0 }
