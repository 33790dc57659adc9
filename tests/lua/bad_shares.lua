-- expect: 4: border BB-CC: pushback_share (0.8) and registration_share (0.5) must each be in [0, 1] and sum to at most 1
local toy = require "toyworld"
toy.build()
border { from = "BB", to = "CC", pushback_share = 0.8, registration_share = 0.5 }
