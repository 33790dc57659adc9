-- expect: 4: border{}: 'detection_prob' must be a number, got string
local toy = require "toyworld"
toy.build()
border { from = "BB", to = "CC", detection_prob = "high" }
